"""Which extractor a run uses: ``single`` (one call per chunk) or ``focused`` (a second call per person found).

One place that knows both, so the pipeline, the Ray engine and the model-needed check build the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import Settings
from ..types import Chunk
from .cache import ResultCache
from .client import Extractor
from .focused import FocusedExtractor
from .usage import Usage

if TYPE_CHECKING:
    import instructor

__all__ = ["make_extractor", "planned_keys"]


def make_extractor(
    settings: Settings, client: instructor.AsyncInstructor, cache: ResultCache, usage: Usage
) -> Extractor | FocusedExtractor:
    if settings.strategy == "focused":
        return FocusedExtractor(settings, client, cache, usage)
    return Extractor(settings, client, cache, usage)


def planned_keys(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[str]:
    """The cache keys the run will look up, as far as the cache can tell before any call: if all are cached, the
    run needs no model."""
    if settings.strategy == "focused":
        return FocusedExtractor.keys_for(settings, chunks, cache)
    return Extractor.keys_for(settings, chunks)
