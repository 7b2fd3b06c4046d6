"""The Ray actor that extracts a pyarrow batch of chunks: one client, extractor and semaphore per worker.

Ray Data builds one :class:`ExtractBatch` per actor of the pool that :mod:`extract.engines.ray` starts; each batch
comes back as rows in the schema of :mod:`extract.engines.ray_rows`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from extract.config import Settings
from extract.engines.ray_rows import dump_parts, one_line, row_schemas
from extract.lexicon.cues import use_cues
from extract.llm.cache import ResultCache
from extract.llm.client import make_client
from extract.llm.strategy import make_extractor
from extract.llm.usage import Usage
from extract.models.documents import Chunk

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ExtractBatch", "NoCache"]

_chunk_usage: ContextVar[Usage] = ContextVar("chunk_usage")


class _TaskUsage:
    """A stand-in for the Extractor's run-wide :class:`Usage` that forwards to the current asyncio task's own one.

    The Extractor counts calls, tokens, retries and failures on one shared object; an actor extracts many chunks
    concurrently on one event loop, and each output row must carry its own chunk's counts. ``asyncio.gather`` runs
    each chunk in a task with a copy of the context, so a ContextVar set in that task routes every counter update
    of that chunk (instructor hooks included: they run synchronously inside the task) to that chunk's Usage.
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_stray", Usage())  # counts made outside any chunk, if the Extractor ever does

    def __getattr__(self, name: str) -> Any:
        return getattr(_chunk_usage.get(object.__getattribute__(self, "_stray")), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(_chunk_usage.get(object.__getattribute__(self, "_stray")), name, value)


class NoCache(ResultCache):
    """The answer cache of a remote cluster's workers: none (the driver's cache dir is not on their disks)."""

    def __init__(self) -> None:  # no diskcache directory
        pass

    def get(self, key: str) -> dict[str, Any] | None:
        return None

    def __contains__(self, key: str) -> bool:
        return False

    def set(self, key: str, value: dict[str, Any]) -> None:
        pass

    def close(self) -> None:
        pass


class ExtractBatch:
    """The ``map_batches`` callable: one per Ray actor, extracting a pyarrow batch of chunks concurrently.

    The instructor client, the Extractor and the semaphore are built here in ``__init__``, on the worker: clients,
    connection pools and locks do not pickle, and one client per actor reuses its connections for every batch.
    Ray Data runs an async ``__call__`` on one event loop per actor and overlaps a few batches on it; the semaphore
    bounds the HTTP requests in flight across all of them to ``in_flight``.

    ``use_cache``: on a single-machine cluster the actors share the driver's answer cache (diskcache is SQLite,
    safe across processes), so answers from local-engine runs are reused and each answer is kept the moment it is
    validated, not only when its block's parquet file is written. On a multi-node cluster the driver's cache dir
    is not on the workers' disks, so there is no answer cache; the result parquet files are the resume mechanism.
    """

    def __init__(self, settings: Settings, base_url: str, in_flight: int, use_cache: bool) -> None:
        # instructor logs each failed attempt with the raw error body; failures are rows here, redacted.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        # The run's --cues words, in this worker process too: which request a chunk gets depends on them (a chunk
        # that says nothing about studying is asked no education), so a worker on the packaged words alone would
        # ask differently from the local engine, and miss the answers the cache holds for the same run.
        use_cues(settings.cues)
        cache = ResultCache(settings.cache_dir, size_limit=settings.cache_size_limit) if use_cache else NoCache()
        client = make_client(settings, base_url=base_url)
        # --concurrency is the local engine's; a multi-pass strategy bounds its calls by it, so here by in_flight.
        settings = dataclasses.replace(settings, concurrency=in_flight)
        self.extractor = make_extractor(settings, client, cache, cast(Usage, _TaskUsage()))
        self.semaphore = asyncio.Semaphore(in_flight)
        self.result_schema = row_schemas()[1]

    async def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = await asyncio.gather(*(self._one(row) for row in batch.to_pylist()))
        return pa.Table.from_pylist(list(rows), schema=self.result_schema)

    async def _one(self, row: dict[str, Any]) -> dict[str, Any]:
        usage = Usage()
        _chunk_usage.set(usage)  # this task's own context: see _TaskUsage
        chunk = Chunk(row["doc"], row["index"], row["start"], row["end"], row["text"], row["title"], row["published"],
                      row.get("published_guess"))
        started = time.perf_counter()
        out: dict[str, Any] = {"chunk_key": row["chunk_key"], "result": None, "error": None}
        try:
            async with self.semaphore:
                result = await self.extractor.extract(chunk)
        except Exception as exc:  # a bug, not an endpoint failure: still a row, so the other chunks are kept
            usage.chunks += 1
            usage.failures["internal"] += 1
            out |= {"status": "error", "error": {"kind": "internal", "reason": one_line(exc)}}
        else:
            if result.error is not None:
                out |= {"status": "error", "error": {"kind": result.error.kind, "reason": result.error.reason}}
            else:
                out |= {"status": "ok", "result": dump_parts(result.parts)}
            out["cached"] = result.cached
        counters = {f.name: getattr(usage, f.name) for f in dataclasses.fields(usage) if f.name != "stage_seconds"}
        counters |= {"seconds": round(time.perf_counter() - started, 4), "cached": bool(out.pop("cached", False))}
        out["usage"] = json.dumps(counters)
        return out
