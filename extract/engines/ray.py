"""The extract stage on Ray Data (``extract run --engine ray``): for corpora too big for one process.

Why Ray Data and not a pool of our own: it already streams blocks between parquet files and an autoscaling actor
pool, retries lost workers and spreads work over a cluster; the only thing this module adds is the callable that
extracts a batch of chunks. Everything before (ingest, chunk) and after (grounding, consolidation) stays on the
driver and is the very code the local engine runs, so both engines write byte-identical ``records.jsonl``.

Files under the work dir (default ``<out>/ray/``)::

    chunks/chunks.parquet        the chunks still to extract in this run (rewritten by every run)
    results/<run>/*.parquet      one row per chunk: {chunk_key, status, result, error, usage}

``chunk_key`` is the cache key of the request (model, mode, schema, prompt, decoding parameters, messages — see
:func:`extract.llm.cache.request_key`) hashed with the chunk's document and offsets (rows, keys and schemas live in
:mod:`extract.engines.ray_rows`). A re-run anti-joins the chunk keys against the ``ok`` rows already written and
extracts only the rest, so parquet is the resume mechanism; rows with ``status == "error"`` are retried, as the
local engine retries chunks that are not in its cache.

Ray is imported lazily: without the ``[ray]`` extra, only ``--engine ray`` fails, with one line saying what to
install.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import math
import time
import uuid
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from extract.config import Settings
from extract.engines.ray_rows import (
    chunk_keys,
    dump_parts,
    one_line,
    parquet_schemas,
    read_results,
    to_result,
    write_chunks,
)
from extract.errors import ConfigError
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult, Extractor, make_client
from extract.llm.strategy import make_extractor
from extract.llm.usage import Usage
from extract.models.documents import Chunk

if TYPE_CHECKING:
    import pyarrow as pa
    from rich.console import Console

__all__ = ["ExtractBatch", "extract_with_ray", "require_ray"]

INSTALL_HINT = "--engine ray needs the [ray] extra: pip install 'career-extract[ray]'"
_ACTOR_CPUS = 0.5  # an actor mostly waits on HTTP; half a core covers ~5 ms of client CPU per call at ~100 calls/s
_BLOCKS_PER_ACTOR = 4  # at least this many blocks per actor when there are enough chunks
_MAX_BATCHES_PER_BLOCK = 4  # at most this many batches per block


def require_ray() -> None:
    """Fail with one line, before any work, when the optional dependencies are missing."""
    import importlib.util

    for module in ("ray", "pyarrow"):
        if importlib.util.find_spec(module) is None:
            raise ConfigError(INSTALL_HINT)


# --- on the workers ---------------------------------------------------------------------------------------------

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


class _NoCache(ResultCache):
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
        cache = ResultCache(settings.cache_dir, size_limit=settings.cache_size_limit) if use_cache else _NoCache()
        client = make_client(settings, base_url=base_url)
        # --concurrency is the local engine's; a multi-pass strategy bounds its calls by it, so here by in_flight.
        settings = dataclasses.replace(settings, concurrency=in_flight)
        self.extractor = make_extractor(settings, client, cache, cast(Usage, _TaskUsage()))
        self.semaphore = asyncio.Semaphore(in_flight)
        self.result_schema = parquet_schemas()[1]

    async def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = await asyncio.gather(*(self._one(row) for row in batch.to_pylist()))
        return pa.Table.from_pylist(list(rows), schema=self.result_schema)

    async def _one(self, row: dict[str, Any]) -> dict[str, Any]:
        usage = Usage()
        _chunk_usage.set(usage)  # this task's own context: see _TaskUsage
        chunk = Chunk(row["doc"], row["index"], row["start"], row["end"], row["text"], row["title"], row["published"])
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


# --- on the driver ----------------------------------------------------------------------------------------------


def _cluster_is_local(ray: Any, address: str | None) -> bool:
    """True when every node of the cluster is this machine, so workers see the driver's files."""
    if address and address.startswith("ray://"):
        return False
    here = ray.get_runtime_context().get_node_id()
    nodes = [node for node in ray.nodes() if node.get("Alive")]
    return len(nodes) == 1 and nodes[0]["NodeID"] == here


def _start_ray(settings: Settings, quiet: bool) -> tuple[Any, bool, float]:
    """Connect to (or start) Ray; returns (ray, whether we started it, seconds it took)."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ConfigError(f"{INSTALL_HINT} ({exc})") from exc
    started = time.perf_counter()
    owned = not ray.is_initialized()
    if owned:
        try:
            ray.init(
                address=settings.ray_address, include_dashboard=False, logging_level=logging.WARNING,
                log_to_driver=False,
            )
        except Exception as exc:  # ConnectionError, RuntimeError, ValueError …: a setting the user can fix
            where = settings.ray_address or "on this machine"
            raise ConfigError(f"could not start or reach Ray ({where}): {one_line(exc)}") from exc
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = not quiet
    if quiet:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray, owned, time.perf_counter() - started


def extract_with_ray(
    chunks: Sequence[Chunk],
    settings: Settings,
    *,
    base_url: str,
    work_dir: Path,
    usage: Usage,
    console: Console | None = None,
) -> list[ChunkResult]:
    """Extract ``chunks`` on Ray Data; results in input order, exactly as the local engine returns them.

    ``base_url`` must be reachable from every worker (a loopback URL only works on a single-machine cluster).
    ``usage`` receives the sum of the rows' counters; chunks resumed from earlier runs count as cache hits.
    """
    # The driver's extractors are never called: they give the keys, and the model every strategy's parts are
    # (a multi-pass strategy merges its later passes into the first pass's answer).
    client = make_client(settings, base_url=base_url)
    planner = make_extractor(settings, client, _NoCache(), Usage())
    response_model = Extractor.planner(settings).response_model
    request_keys, keys = chunk_keys(settings, planner, chunks)
    results_dir = work_dir / "results"
    done = {k: row for k, row in read_results(results_dir, set(keys)).items() if row["status"] == "ok"}
    todo: dict[str, Chunk] = {}
    for key, chunk in zip(keys, chunks, strict=True):
        if key not in done:
            todo.setdefault(key, chunk)
    if console is not None:
        console.print(f"[dim]ray: {len(todo)} chunks to extract, {len(keys) - len(todo)} already in "
                      f"{results_dir}[/dim]", soft_wrap=True)
    rows = dict(done)
    missing = "the Ray engine wrote no result for this chunk"
    if todo:
        written, job_error = _run_dataset(list(todo.items()), settings, base_url, work_dir, quiet=console is None)
        rows |= written
        if job_error is not None:
            missing = f"the Ray job failed before this chunk's result was written: {job_error}"
    return [
        to_result(chunk, request_key, rows.get(key), response_model, resumed=key in done, usage=usage,
                   missing=missing)
        for key, request_key, chunk in zip(keys, request_keys, chunks, strict=True)
    ]


def _run_dataset(
    keyed: list[tuple[str, Chunk]], settings: Settings, base_url: str, work_dir: Path, *, quiet: bool
) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Write the chunks, run ``map_batches`` over them on an actor pool, write and read back this run's rows.

    Returns the rows and, when the Ray job itself failed (a lost node, an actor that cannot start), why: the
    blocks written before the failure are kept, the other chunks become failed chunks, and a re-run resumes.
    """
    ray, owned, _ = _start_ray(settings, quiet)
    job_error: str | None = None
    try:
        actors, in_flight = settings.ray_actors, settings.ray_in_flight
        # Small blocks (a few batches each) so every actor gets work, stragglers are covered, and a killed run
        # loses little: results are written block by block. Ray packs small files into one read, hence repartition.
        spread = math.ceil(len(keyed) / (actors * _BLOCKS_PER_ACTOR))
        rows_per_block = max(1, min(in_flight * _MAX_BATCHES_PER_BLOCK, spread))
        write_chunks(work_dir / "chunks" / "chunks.parquet", keyed)
        run_dir = work_dir / "results" / f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}"
        use_cache = _cluster_is_local(ray, settings.ray_address)
        dataset = (
            ray.data.read_parquet(str(work_dir / "chunks"))
            .repartition(target_num_rows_per_block=rows_per_block)
            .map_batches(
                ExtractBatch,
                fn_constructor_kwargs={"settings": settings, "base_url": base_url, "in_flight": in_flight,
                                       "use_cache": use_cache},
                compute=ray.data.ActorPoolStrategy(size=actors),
                batch_size=in_flight,
                batch_format="pyarrow",
                num_cpus=_ACTOR_CPUS,
            )
        )
        try:
            dataset.write_parquet(str(run_dir))
        except Exception as exc:  # Ray's own failures; a chunk's failure is a row, never an exception
            job_error = one_line(exc)
    finally:
        if owned:
            ray.shutdown()
    return read_results(work_dir / "results", {key for key, _ in keyed}), job_error
