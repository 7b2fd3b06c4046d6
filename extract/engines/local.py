"""The extract stage in this process: every chunk through one extractor on one asyncio event loop, bounded.

The default engine (``--engine local``). Same chunks in, same results out as :mod:`extract.engines.ray`; the
pipeline picks one, and everything before (ingest, chunk) and after (grounding, consolidation) is shared.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Any

from extract.config import Settings
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
        extract_chunks(chunks, extractor, settings.concurrency, progress),
    ))


async def extract_chunks(
    chunks: Sequence[Chunk], extractor: ChunkExtractor, concurrency: int, progress: Progress | None = None
) -> list[ChunkResult]:
    """Extract every chunk with at most ``concurrency`` calls in flight; results in input order.

    The progress display has one bar for all chunks and one per document while that document is in flight
    (shown when its first chunk starts, removed when its last one ends, so thousands of documents stay readable).
    """
    semaphore = asyncio.Semaphore(concurrency)
    overall = progress.add_task("all chunks", total=len(chunks)) if progress else None
    remaining: dict[str, int] = {}
    for chunk in chunks:
        remaining[chunk.doc] = remaining.get(chunk.doc, 0) + 1
    doc_tasks: dict[str, Any] = {}

    async def one(chunk: Chunk) -> ChunkResult:
        async with semaphore:
            if progress is not None and chunk.doc not in doc_tasks:
                doc_tasks[chunk.doc] = progress.add_task(f"  {chunk.doc}", total=remaining[chunk.doc])
            result = await extractor.extract(chunk)
        if progress is not None and overall is not None:
            progress.update(overall, advance=1)
            progress.update(doc_tasks[chunk.doc], advance=1)
            remaining[chunk.doc] -= 1
            if remaining[chunk.doc] == 0:
                progress.remove_task(doc_tasks[chunk.doc])
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
