"""Which extractor a run uses: ``single`` (one call per chunk), ``focused``/``missed`` (a second call per person
found or missed) or ``second-look`` (a second call per chunk about the sentences the first answer left out).

One place that knows both, so the engines and the model-needed check build the same thing, and one interface,
:class:`ChunkExtractor`, that both satisfy, so the engines never ask which one they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult, Extractor
from extract.llm.focused import FocusedExtractor
from extract.llm.second_look import SecondLookExtractor
from extract.llm.usage import Usage
from extract.models.documents import Chunk

if TYPE_CHECKING:
    import instructor

__all__ = ["ChunkExtractor", "make_extractor", "needs_model", "planned_keys"]


class ChunkExtractor(Protocol):
    """What an engine needs of an extraction strategy: :class:`~extract.llm.client.Extractor` (one call per chunk)
    and :class:`~extract.llm.focused.FocusedExtractor` (then one per person) both provide it."""

    async def extract(self, chunk: Chunk) -> ChunkResult:
        """The chunk's answer, from the cache or the model; a failure is recorded in the result, never raised."""
        ...

    def key(self, chunk: Chunk) -> str:
        """The cache key of the chunk's (first) request, computed without a call."""
        ...

    @property
    def later_passes(self) -> Sequence[Extractor]:
        """The extractors of the passes after the first (none for ``single``): their prompts and schemas belong
        in the key of a row that holds the merged answer (see :func:`extract.engines.ray_rows.chunk_keys`)."""
        ...


def make_extractor(
    settings: Settings, client: instructor.AsyncInstructor, cache: ResultCache, usage: Usage
) -> ChunkExtractor:
    if settings.strategy in ("focused", "missed"):
        return FocusedExtractor(settings, client, cache, usage)
    if settings.strategy == "second-look":
        return SecondLookExtractor(settings, client, cache, usage)
    return Extractor(settings, client, cache, usage)


def planned_keys(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[str]:
    """The cache keys the run will look up, as far as the cache can tell before any call."""
    return [key for key, _ in _planned(settings, chunks, cache)]


def needs_model(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> bool:
    """Whether some chunk has no usable cached answer (missing, or one that does not fit its schema and is dropped):
    only then is a model started or an endpoint contacted."""
    return any(cache.get_result(key, model) is None for key, model in _planned(settings, chunks, cache))


def _planned(settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[tuple[str, type[BaseModel]]]:
    if settings.strategy in ("focused", "missed"):
        return FocusedExtractor.planned(settings, chunks, cache)
    if settings.strategy == "second-look":
        return SecondLookExtractor.planned(settings, chunks, cache)
    planner = Extractor.planner(settings)
    return [(planner.key(chunk), planner.response_model) for chunk in chunks]
