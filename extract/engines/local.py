"""The extract stage in this process: every chunk through one extractor on one asyncio event loop, bounded.

The default engine (``--engine local``). Same chunks in, same results out as :mod:`extract.engines.ray`; the
pipeline picks one, and everything before (ingest, chunk) and after (grounding, consolidation) is shared.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Any

from extract.config import Settings
from extract.engines.progress import ChunkProgress
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult, make_client
from extract.llm.strategy import ChunkExtractor, make_extractor
from extract.llm.usage import Usage
from extract.models.documents import Chunk

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["extract_chunks", "extract_locally"]


def extract_locally(
    chunks: Sequence[Chunk], settings: Settings, cache: ResultCache, usage: Usage, *, base_url: str,
    http_client: Any = None, progress: Progress | None = None,
) -> list[ChunkResult]:
    """Extract ``chunks`` against ``base_url`` with the run's strategy; results in input order.

    The client is built here and closed here (a caller's ``http_client`` stays the caller's to close)."""
    client = make_client(settings, base_url=base_url, http_client=http_client)
    extractor = make_extractor(settings, client, cache, usage)
    return asyncio.run(_extract_and_close(
        client if http_client is None else None,
        extract_chunks(chunks, extractor, settings.concurrency, progress, usage),
    ))


async def extract_chunks(
    chunks: Sequence[Chunk], extractor: ChunkExtractor, concurrency: int, progress: Progress | None = None,
    usage: Usage | None = None,
) -> list[ChunkResult]:
    """Extract every chunk with at most ``concurrency`` calls in flight; results in input order.

    The progress display (:class:`~extract.engines.progress.ChunkProgress`) has one bar for all chunks, with the
    facts so far, the tokens/s (from ``usage``, the one the extractor updates) and an ETA, and one bar per document
    while that document is in flight."""
    semaphore = asyncio.Semaphore(concurrency)
    display = ChunkProgress(progress, chunks, usage) if progress is not None else None

    async def one(chunk: Chunk) -> ChunkResult:
        async with semaphore:
            if display is not None:
                display.start(chunk)
            result = await extractor.extract(chunk)
        if display is not None:
            display.done(chunk, result)
        return result

    return list(await asyncio.gather(*(one(chunk) for chunk in chunks)))


async def _extract_and_close(client: Any, work: Awaitable[list[ChunkResult]]) -> list[ChunkResult]:
    """Await the extraction, then close the HTTP client inside the same event loop: left open, its connections are
    closed by the garbage collector after ``asyncio.run`` has closed the loop ("Event loop is closed" on a second
    run in the same process)."""
    try:
        return await work
    finally:
        raw = getattr(client, "client", None)
        if raw is not None and hasattr(raw, "close"):
            await raw.close()
