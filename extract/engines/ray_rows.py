"""The Ray engine's parquet rows: their schemas, the keys that index them, and a row back into a ChunkResult.

Files under the work dir (default ``<out>/ray/``)::

    chunks/chunks.parquet        the chunks still to extract in this run (rewritten by every run)
    results/<run>/*.parquet      one row per chunk: {chunk_key, status, result, error, usage}

``chunk_key`` is the cache key of the request (model, mode, schema, prompt, decoding parameters, messages — see
:func:`extract.llm.cache.request_key`) hashed with the chunk's document and offsets. A re-run anti-joins the chunk
keys against the ``ok`` rows already written and extracts only the rest, so parquet is the resume mechanism; rows
with ``status == "error"`` are retried, as the local engine retries chunks that are not in its cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.config import Settings
from extract.errors import ChunkFailed
from extract.llm.client import ChunkResult
from extract.llm.strategy import ChunkExtractor
from extract.llm.usage import Usage
from extract.models.documents import Chunk

if TYPE_CHECKING:
    import pyarrow as pa
    from pydantic import BaseModel

__all__ = [
    "chunk_key", "chunk_keys", "dump_parts", "one_line", "read_results", "row_schemas", "to_result", "write_chunks",
]

_log = logging.getLogger("extract.engines.ray")


def row_schemas() -> tuple[pa.Schema, pa.Schema]:
    """Explicit schemas: a batch whose errors are all null must still write a string column, not a null one."""
    import pyarrow as pa

    chunks = pa.schema([
        ("chunk_key", pa.string()), ("doc", pa.string()), ("index", pa.int64()), ("start", pa.int64()),
        ("end", pa.int64()), ("text", pa.string()), ("title", pa.string()), ("published", pa.string()),
        ("published_guess", pa.string()),
    ])
    results = pa.schema([
        ("chunk_key", pa.string()),
        ("status", pa.string()),  # "ok" or "error"
        ("result", pa.string()),  # JSON: [{"chunk": {doc, index, start, end, text, title, published}, "extraction"}]
        ("error", pa.struct([("kind", pa.string()), ("reason", pa.string())])),
        ("usage", pa.string()),  # JSON: this chunk's Usage counters, plus "seconds" and "cached"
    ])
    return chunks, results


def chunk_key(request_key: str, chunk: Chunk, strategy: str = "single") -> str:
    """The idempotency key of one chunk: the request's content hash plus where the chunk sits in its document.

    The request key already covers the text, title, date, prompt, schema, model and parameters of the (first)
    call; the document and offsets make two identical passages of different documents two rows, as grounding needs
    them; the strategy (``single``, ``focused``, with or without gleaning) is there because a row holds the chunk's
    final, merged answer, which a second pass changes while the first call's key stays the same.
    """
    blob = f"{request_key}\x00{chunk.doc}\x00{chunk.start}\x00{chunk.end}\x00{strategy}"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def chunk_keys(
    settings: Settings, planner: ChunkExtractor, chunks: Sequence[Chunk]
) -> tuple[list[str], list[str]]:
    """(request keys, chunk keys) of ``chunks`` for the extractor ``planner`` (see :func:`chunk_key`)."""
    shape: dict[str, Any] = {"strategy": settings.strategy, "glean": settings.glean}
    # A row holds the merged answer of every pass: the later passes' prompts and schemas belong in its key too, or an
    # edited person/gleaning prompt would resume stale rows.
    later = planner.later_passes
    if later:
        shape["later_passes"] = [[e.prompt.sha256, json.dumps(e.schema, sort_keys=True)] for e in later]
    strategy = json.dumps(shape, sort_keys=True)
    request_keys = [planner.key(c) for c in chunks]
    return request_keys, [chunk_key(k, c, strategy) for k, c in zip(request_keys, chunks, strict=True)]


def dump_parts(parts: Sequence[tuple[Chunk, Any]]) -> str:
    """A result's parts as JSON: each span (a length split makes two or more) and its extraction."""
    return json.dumps(
        [{"chunk": dataclasses.asdict(span), "extraction": model.model_dump(mode="json")} for span, model in parts],
        ensure_ascii=False,
    )


def read_results(results_dir: Path, keys: set[str]) -> dict[str, dict[str, Any]]:
    """The best row written so far for each of ``keys``: an ``ok`` row wins, else the latest error.

    Runs write under ``results/<run>/`` with sortable run names, so later runs are read last. A file cut short
    by a killed run is skipped (its chunks are simply extracted again).
    """
    import pyarrow.parquet as pq

    best: dict[str, dict[str, Any]] = {}
    for path in sorted(results_dir.glob("*/*.parquet")):
        try:
            rows = pq.read_table(path).to_pylist()
        except Exception as exc:  # pyarrow raises several types for a truncated file
            _log.warning("skipping unreadable results file %s: %s", path, one_line(exc))
            continue
        for row in rows:
            key = row["chunk_key"]
            if key in keys and (key not in best or best[key]["status"] != "ok"):
                best[key] = row
    return best


def write_chunks(path: Path, keyed: list[tuple[str, Chunk]]) -> None:
    """The chunks still to do, as one parquet file (Ray Data re-blocks it as it streams)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if path.parent.exists():
        shutil.rmtree(path.parent)
    path.parent.mkdir(parents=True)
    rows = [
        {"chunk_key": key, "doc": c.doc, "index": c.index, "start": c.start, "end": c.end, "text": c.text,
         "title": c.title, "published": c.published, "published_guess": c.published_guess}
        for key, c in keyed
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=row_schemas()[0]), path)


def to_result(
    chunk: Chunk, request_key: str, row: dict[str, Any] | None, response_model: type[BaseModel], *, resumed: bool,
    usage: Usage, missing: str,
) -> ChunkResult:
    """One row back into the :class:`ChunkResult` the local engine would have produced, counting its usage."""
    result = ChunkResult(chunk=chunk, key=request_key)
    if row is None:  # the Ray job failed, or (a bug) finished without a row for it: never silently
        result.error = ChunkFailed(chunk.id, "ray_job", missing)
        usage.failures["ray_job"] += 1
        usage.chunks += 1
        return result
    counters = json.loads(row["usage"] or "{}")
    result.seconds = float(counters.get("seconds", 0.0))
    if resumed:
        usage.chunks += 1
        usage.cache_hits += 1
        result.cached = True
    else:
        _add_usage(usage, counters)
        result.cached = bool(counters.get("cached"))
    if row["status"] == "ok":
        result.parts = [
            (Chunk(**part["chunk"]), response_model.model_validate(part["extraction"]))
            for part in json.loads(row["result"])
        ]
    else:
        error = row["error"] or {"kind": "internal", "reason": "no error recorded"}
        result.error = ChunkFailed(chunk.id, error["kind"], error["reason"])
    return result


def _add_usage(usage: Usage, counters: dict[str, Any]) -> None:
    """Add one row's counters to the run's Usage: numbers summed, failure kinds counted, unknown names ignored."""
    for spec in dataclasses.fields(usage):
        value = counters.get(spec.name)
        if spec.name == "stage_seconds" or value is None:
            continue
        current = getattr(usage, spec.name)
        if isinstance(current, Counter):
            current.update(value)
        elif isinstance(current, int | float) and isinstance(value, int | float):
            setattr(usage, spec.name, current + value)


def one_line(exc: BaseException) -> str:
    """An exception as one short line, for a row or a log line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]
