"""The pydantic models the model fills in (edit them here; ``extract schema`` re-exports the JSON Schema files).

Installed as ``extract.schemas``. Changing a model changes its JSON Schema, which is part of the cache key, so a
changed schema never gets a stale cached answer.
"""

from __future__ import annotations

from .extraction import (
    SCHEMA_VERSION,
    ChunkExtraction,
    ChunkPositions,
    Education,
    PersonFacts,
    PersonMention,
    PersonPositions,
    Position,
    QuotedChunkExtraction,
    QuotedEducation,
    QuotedPersonMention,
    QuotedPosition,
    RowChunkExtraction,
    RowChunkPositions,
)
from .record import Merge, Record, RecordEducation, RecordEvidence, RecordPosition

__all__ = [
    "SCHEMA_VERSION",
    "ChunkExtraction",
    "ChunkPositions",
    "Education",
    "Merge",
    "PersonFacts",
    "PersonMention",
    "PersonPositions",
    "Position",
    "QuotedChunkExtraction",
    "QuotedEducation",
    "QuotedPersonMention",
    "QuotedPosition",
    "Record",
    "RecordEducation",
    "RecordEvidence",
    "RecordPosition",
    "RowChunkExtraction",
    "RowChunkPositions",
]
