"""career-extract: grounded extraction of AI researchers' career moves from Chinese and English articles.

Pipeline: ingest → chunk → extract → ground (→ consolidate → render). The CLI (``extract``) wires the stages;
:func:`run` is the same thing as a function. This module only re-exports: nothing in the package imports it.
"""

from __future__ import annotations

from extract.config import VERSION as __version__  # written once, in pyproject.toml
from extract.config import Settings
from extract.errors import ChunkFailed, ConfigError, ExtractError, InputError, ModelSetupError
from extract.models.documents import Chunk, Document
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

__all__ = [
    "Chunk",
    "ChunkFailed",
    "ConfigError",
    "Document",
    "EducationFact",
    "Evidence",
    "ExtractError",
    "InputError",
    "Mention",
    "ModelSetupError",
    "PositionFact",
    "Settings",
    "__version__",
    "run",
]


def run(*args, **kwargs):  # a lazy re-export keeps `import extract` light
    """See :func:`extract.pipeline.run`."""
    from extract.pipeline import run as _run

    return _run(*args, **kwargs)
