"""Which extractor a run uses: ``single`` (one call per chunk) or ``focused`` (a second call per person found).

One place that knows both, so the pipeline, the Ray engine and the model-needed check build the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.llm.client import Extractor
from extract.llm.focused import FocusedExtractor
from extract.llm.usage import Usage
from extract.models.documents import Chunk

if TYPE_CHECKING:
    import instructor

__all__ = ["make_extractor", "needs_model", "planned_keys"]


def make_extractor(
    settings: Settings, client: instructor.AsyncInstructor, cache: ResultCache, usage: Usage
) -> Extractor | FocusedExtractor:
    if settings.strategy == "focused":
        return FocusedExtractor(settings, client, cache, usage)
    return Extractor(settings, client, cache, usage)


def planned_keys(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[str]:
    """The cache keys the run will look up, as far as the cache can tell before any call."""
    return [key for key, _ in _planned(settings, chunks, cache)]


def needs_model(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> bool:
    """Whether some chunk has no usable cached answer (missing, or one that does not fit its schema and is dropped):
    only then is a model started or an endpoint contacted."""
    return any(cache.get_result(key, model) is None for key, model in _planned(settings, chunks, cache))


def _planned(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[tuple[str, type[BaseModel]]]:
    if settings.strategy == "focused":
        return FocusedExtractor.planned(settings, chunks, cache)
    planner = Extractor.planner(settings)
    return [(planner.key(chunk), planner.response_model) for chunk in chunks]
