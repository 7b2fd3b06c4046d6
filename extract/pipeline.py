"""The run: ingest → chunk → extract → ground → consolidate → publish. The CLI only wires flags into ``run``.

Files written to ``out`` (contracts, listed in the README's Usage section): ``docs/<doc>.txt`` (the text every
offset points into), ``mentions.jsonl``, ``records.jsonl``, ``documents.jsonl`` and ``run.json``; documents of
earlier runs into ``out`` are kept (:mod:`extract.corpus`). They are written into a staging folder
and published together at the end (:mod:`extract.outputs`), and only by a run that produced something: a run in
which every input or every chunk failed leaves the previous outputs as they were. Every chunk's answer is cached as
soon as it is validated, so an interrupted or failed run resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from extract.config import VERSION, Settings
from extract.corpus import MANIFEST, CarriedOver, carry_over, write_carried, write_manifest
from extract.engines.local import extract_chunks, extract_locally  # extract_chunks: re-exported for bench/
from extract.engines.progress import extract_progress
from extract.errors import ConfigError, OutputError
from extract.ground.grounding import ground_extraction
from extract.ingest import chunk_document, ingest
from extract.io import printable, write_json_atomic, write_jsonl_atomic, write_text_atomic
from extract.lexicon.cues import load_cues, use_cues
from extract.lexicon.orgs import OrgTable
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult
from extract.llm.preflight import preflight
from extract.llm.strategy import needs_model
from extract.llm.usage import Usage
from extract.models.documents import Chunk, Document, IngestFailure
from extract.models.mention import Mention
from extract.outputs import PREVIOUS, OutputFolder, holds_outputs, not_an_input

if TYPE_CHECKING:
    from extract.consolidate.corrections import Corrections
    from extract.schemas.record import Record

__all__ = [
    "RunResult", "check_settings", "embedded_model", "endpoint", "extract_chunks", "run", "write_docs", "write_records",
]


_UNUSED_URL = "http://127.0.0.1:9/v1"  # every answer is cached: the client is built but never called


@dataclass
class RunResult:
    out: Path
    documents: list[Document] = field(default_factory=list)
    ingest_failures: list[IngestFailure] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    results: list[ChunkResult] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    wall_seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # input folders left out: output folders of runs
    published: bool = False  # False: the outputs in ``out`` are still the previous run's (see ``withheld``)
    withheld: str | None = None  # why this run's outputs were not published, when they were not
    previous: Path | None = None  # where the outputs this run replaced were kept
    recovered: bool = False  # an earlier run's interrupted publish was finished first
    warnings: list[str] = field(default_factory=list)  # one line each: what healed (a cache entry dropped …)
    carried_documents: int = 0  # documents of earlier runs into ``out`` kept without being read again

    @property
    def chunk_failures(self) -> list[ChunkResult]:
        return [r for r in self.results if r.error is not None]

    @property
    def ok(self) -> bool:
        return not self.ingest_failures and not self.chunk_failures

    @property
    def answered_facts(self) -> int:
        """Grounded facts (positions and education) of the chunks the model answered in this run, not the cache:
        what the run's completion tokens bought (see :meth:`Usage.speed`)."""
        answered = {(r.chunk.doc, r.chunk.index) for r in self.results if r.error is None and not r.cached}
        return sum(len(m.positions) + len(m.education) for m in self.mentions if (m.doc, m.chunk) in answered)


def check_settings(settings: Settings) -> None:
    """What :meth:`Settings.validate` cannot check from below the stages, checked before anything is read or sent:
    the ``--prompt`` template loads and fills, the chosen engine's extra is installed, every ``--cues`` file is a
    readable TOML file (``--orgs`` files are loaded, and so checked, by :func:`run` at the same moment).

    A :class:`~extract.errors.ConfigError` (one line) otherwise, instead of one failure per chunk later."""
    if settings.prompt is not None:
        from extract.llm.prompt import prompt_for

        if prompt_for(settings).reply == "rows":
            if settings.evidence == "quote":
                raise ConfigError(
                    f"--prompt {settings.prompt} asks for rows, which cite sentence numbers: not with --evidence quote")
            if settings.strategy != "single":  # its per-person pass extends the prompt but answers in objects
                raise ConfigError(f"--prompt {settings.prompt} asks for rows: not with --strategy {settings.strategy}")
    if settings.engine == "ray":
        from extract.engines.ray import require_ray

        require_ray()
    load_cues(settings.cues)


@contextmanager
def endpoint(settings: Settings, console: Console | None = None) -> Iterator[str]:
    """The base URL to talk to: the user's, or the embedded model served for the duration of the block."""
    if not settings.embedded:
        yield settings.base_url  # type: ignore[misc]
        return
    from extract.llm.local import serve

    model_path = embedded_model(settings.cache_dir, console)
    if console:
        console.print("[dim]starting the embedded model on loopback…[/dim]")
    with serve(model_path, parallel=max(1, min(settings.concurrency, 4))) as base_url:
        yield base_url


def embedded_model(cache_dir: Path, console: Console | None = None) -> Path:
    """The embedded model's file, assembled on first use with a progress bar on ``console`` (1.1 GB from 22
    parts takes long enough to look stuck); an assembled model is returned at once, with nothing printed."""
    from extract.llm.local import assemble_model, model_ready

    if console is None or model_ready(cache_dir):
        return assemble_model(cache_dir)
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(bar_width=30), DownloadColumn(), TransferSpeedColumn(),
        TimeRemainingColumn(), console=console, transient=False,
    )
    with progress:
        task = progress.add_task("assembling the embedded model", total=None)
        return assemble_model(cache_dir, on_progress=lambda done, total: progress.update(task, completed=done,
                                                                                          total=total))


def run(
    paths: Sequence[str | Path],
    settings: Settings,
    out: Path,
    *,
    console: Console | None = None,
    base_url: str | None = None,
    http_client: Any = None,
    fresh: bool = False,
) -> RunResult:
    """Run the whole pipeline over ``paths`` into ``out``. ``base_url`` overrides the endpoint (tests).

    The documents earlier runs put into ``out`` and this run does not read again are kept, and consolidated with
    this run's (:mod:`extract.corpus`); ``fresh`` drops them instead.

    Raises :class:`~extract.errors.ConfigError` when a setting cannot be used (found before anything is read),
    :class:`~extract.errors.OutputError` when ``out`` cannot be used (nothing is changed there) and
    :class:`~extract.errors.EndpointError` when the endpoint cannot serve the run (found before any chunk is sent).
    """
    check_settings(settings)
    use_cues(settings.cues)  # the cue words every stage reads (grounding, the rule pass, name titles, degrees)
    orgs = OrgTable.load(settings.orgs)  # once, before any call: the rule pass and consolidation read the same table
    from extract.consolidate.corrections import FILE, load_corrections

    fixes = load_corrections(settings.corrections or Path(out) / FILE)  # a bad file stops the run here, not later
    with OutputFolder(out) as folder:
        result = _run(paths, settings, folder, orgs, console=console, base_url=base_url, http_client=http_client,
                      fresh=fresh, fixes=fixes)
        result.recovered = folder.recovered
        result.withheld = _reason_to_withhold(result)
        if result.withheld is None:
            folder.publish()
            result.published = True
            if (out / PREVIOUS).is_dir():
                result.previous = out / PREVIOUS
    return result


def _reason_to_withhold(result: RunResult) -> str | None:
    """Why publishing would replace good outputs with worse ones, or None. Only a run that produced nothing is
    held back (and only when there is something to keep: a first run's failures are published, run.json lists
    them); a run with some failures is published and the outputs it replaces are kept in ``.previous/``."""
    if not holds_outputs(result.out):
        return None
    if not result.documents:
        return "no input could be read"
    if result.chunks and len(result.chunk_failures) == len(result.chunks):
        return f"every chunk failed ({len(result.chunks)})"
    return None


def _run(
    paths: Sequence[str | Path], settings: Settings, folder: OutputFolder, orgs: OrgTable, *,
    console: Console | None, base_url: str | None, http_client: Any, fresh: bool = False,
    fixes: Corrections | None = None,
) -> RunResult:
    """Every stage in order, each timed in ``result.usage``; the outputs are written into the staging folder."""
    started = time.perf_counter()
    started_at = datetime.now(UTC)
    result = RunResult(out=folder.out)
    with result.usage.stage("ingest"):
        _ingest(paths, settings, folder, result)
    with result.usage.stage("chunk"):
        _chunk(settings, result)
    if result.chunks:
        _extract_stage(settings, result, console=console, base_url=base_url, http_client=http_client)
        with result.usage.stage("ground"):
            _ground(settings, result, orgs)
    # nothing read: the run is withheld, and the earlier documents stay where they are without a word
    keep = not fresh and result.documents
    carried = carry_over(folder.out, (d.id for d in result.documents)) if keep else CarriedOver()
    _write(write_carried, folder.path("docs"), carried)
    result.carried_documents = len(carried.entries)
    result.warnings.extend(carried.warnings)
    result.mentions = [*carried.mentions, *result.mentions]
    with result.usage.stage("consolidate"):
        from extract.consolidate import consolidate

        result.records = consolidate(result.mentions, orgs, keep_unsupported=settings.keep_ungrounded,
                                     resolver=settings.resolver, corrections=fixes, report=result.warnings)
    result.wall_seconds = time.perf_counter() - started
    _write(write_jsonl_atomic, folder.path("mentions.jsonl"), [m.model_dump_json() for m in result.mentions])
    _write(write_records, folder.path("records.jsonl"), result.records)
    now = started_at.isoformat(timespec="seconds")
    _write(lambda path, docs: write_manifest(path, carried, docs, now), folder.path(MANIFEST), result.documents)
    _write(write_json_atomic, folder.path("run.json"), run_summary(result, settings, started_at))
    return result


def _ingest(paths: Sequence[str | Path], settings: Settings, folder: OutputFolder, result: RunResult) -> None:
    """Read every input (never a run's own outputs) and stage ``docs/``: the texts every offset points into."""
    ingested = ingest(paths, max_bytes=settings.max_bytes, skip=not_an_input(folder.out))
    result.documents, result.ingest_failures = ingested.documents, ingested.failures
    result.skipped = ingested.skipped
    result.warnings.extend(ingested.warnings)
    _write(write_docs, folder.path("docs"), result.documents)


def _chunk(settings: Settings, result: RunResult) -> None:
    """Chunk every document; a document over ``--max-chunks`` keeps its first chunks and is reported."""
    for doc in result.documents:
        chunks = chunk_document(doc, size=settings.chunk_size, overlap=settings.chunk_overlap)
        if len(chunks) > settings.max_chunks_per_doc:
            result.ingest_failures.append(IngestFailure(
                doc.source, f"{len(chunks)} chunks, over the limit of {settings.max_chunks_per_doc} "
                "(--max-chunks); only the first ones are extracted",
            ))
            chunks = chunks[: settings.max_chunks_per_doc]
        result.chunks.extend(chunks)


def _extract_stage(
    settings: Settings, result: RunResult, *, console: Console | None, base_url: str | None, http_client: Any
) -> None:
    """The answers of every chunk, through the answer cache, which is closed (and its heals reported) either way."""
    cache = ResultCache(settings.cache_dir, size_limit=settings.cache_size_limit)
    try:
        with result.usage.stage("extract"):
            result.results = _extract(result.chunks, settings, cache, result.usage, result.out, console=console,
                                      base_url=base_url, http_client=http_client)
    finally:
        result.warnings.extend(cache.healed)  # a heal before an exception is still worth saying
        cache.close()


def _ground(settings: Settings, result: RunResult, orgs: OrgTable) -> None:
    """Every answer's facts grounded in its document's text; then, with ``--rules``, what the rule pass reads."""
    texts = {doc.id: doc.text for doc in result.documents}
    for chunk_result in result.results:
        for span, extraction in chunk_result.parts:
            result.mentions.extend(
                ground_extraction(texts[span.doc], span, extraction, keep_ungrounded=settings.keep_ungrounded,
                                  orgs=orgs)
            )
    if settings.rules:
        from extract.ground.rules import rehome_unit_answers, rule_pass

        answered = [span for chunk_result in result.results for span, _ in chunk_result.parts]  # not failed
        result.mentions[:] = rehome_unit_answers(result.mentions, answered, orgs)
        result.mentions[:] = rule_pass(result.mentions, answered, orgs)


def _extract(
    chunks: list[Chunk], settings: Settings, cache: ResultCache, usage: Usage, out: Path, *, console: Console | None,
    base_url: str | None, http_client: Any,
) -> list[ChunkResult]:
    """The extract stage: answers from the cache; for the rest, an endpoint checked by :func:`preflight` (or the
    embedded model, started only now) and the local or Ray driver."""
    progress = extract_progress(console)
    # Start (or contact) the model only when some chunk is not answered by the cache: a warm re-run of the
    # embedded model then costs no 2 GB server start-up.
    model_needed = needs_model(settings, chunks, cache)
    if base_url is not None or not model_needed:
        serving = nullcontext(base_url or settings.base_url or _UNUSED_URL)
    else:
        serving = endpoint(settings, console)
    with progress if settings.engine == "local" else nullcontext(), serving as url:
        if model_needed and (base_url is not None or not settings.embedded):  # the embedded model is ours
            asyncio.run(preflight(settings, url, http_client=http_client))
        if settings.engine == "ray":  # same chunks in, same results out, on Ray Data
            from extract.engines.ray import extract_with_ray

            return extract_with_ray(chunks, settings, base_url=url, work_dir=settings.ray_work_dir or out / "ray",
                                    usage=usage, console=console)
        return extract_locally(chunks, settings, cache, usage, base_url=url, http_client=http_client,
                               progress=progress)


def _write(writer: Any, path: Path, data: Any) -> None:
    """Write one staged output; a full disk or an unwritable folder ends the run in one line (nothing published)."""
    try:
        writer(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write {printable(str(path))}: {exc.strerror or type(exc).__name__}; "
                          "nothing was published, the previous outputs are as they were") from exc


def write_docs(folder: Path, documents: Sequence[Document]) -> None:
    """``<folder>/<doc>.txt`` for each document: the text every offset of the run points into."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        write_text_atomic(folder / f"{doc.id}.txt", doc.text)


def write_records(path: Path, records: Sequence[Record]) -> None:
    write_jsonl_atomic(path, [r.model_dump_json() for r in records])


def run_summary(result: RunResult, settings: Settings, started_at: datetime) -> dict[str, Any]:
    """What ``run.json`` holds: settings without secrets, versions, counts, usage, speed, grounding, failures."""
    from extract.llm.prompt import prompt_for
    from extract.schemas import SCHEMA_VERSION, ChunkExtraction, QuotedChunkExtraction

    quoted = settings.evidence == "quote"
    prompt = prompt_for(settings)
    schema = QuotedChunkExtraction if quoted else ChunkExtraction
    schema_json = json.dumps(schema.model_json_schema(), sort_keys=True)
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    alignment = {kind: sum(1 for e in facts if e.alignment == kind) for kind in ("exact", "fuzzy", "none")}
    return {
        "tool": {"name": "career-extract", "version": VERSION},
        "started": started_at.isoformat(timespec="seconds"),
        "wall_seconds": round(result.wall_seconds, 3),
        "settings": {k: printable(v) if isinstance(v, str) else v for k, v in settings.public().items()},
        "prompt": {"name": prompt.name, "version": prompt.version, "sha256": prompt.sha256},
        "schema": {
            "name": schema.__name__, "version": SCHEMA_VERSION,
            "sha256": hashlib.sha256(schema_json.encode()).hexdigest(),
        },
        "counts": {
            "documents": len(result.documents),
            "documents_kept": result.carried_documents,  # of earlier runs into out, not read again
            "chunks": len(result.chunks),
            "chunks_failed": len(result.chunk_failures),
            "mentions": len(result.mentions),
            "records": len(result.records),
            "facts": len(facts),
        },
        "grounding": alignment,
        "usage": result.usage.as_dict(),
        "speed": result.usage.speed(result.answered_facts),
        "skipped": [printable(folder) for folder in result.skipped],
        "warnings": [printable(warning) for warning in result.warnings],
        "failures": [
            {"path": printable(f.path), "stage": "ingest", "kind": "input", "reason": printable(f.reason)}
            for f in result.ingest_failures
        ] + [
            {"chunk": r.chunk.id, "stage": "extract", "kind": r.error.kind, "reason": r.error.reason}
            for r in result.chunk_failures
            if r.error is not None
        ],
    }
