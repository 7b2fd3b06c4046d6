"""``extract ingest`` and ``extract run``: the commands that read articles (and, for ``run``, ask the model)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from extract.cli.common import (
    DEFAULTS,
    ApiKey,
    BaseUrl,
    CacheDir,
    ChunkSize,
    CorrectionsFile,
    Cues,
    MaxBytes,
    ModelOpt,
    Orgs,
    Overlap,
    PathsArg,
    Resolver,
    app,
    error,
    fail,
    line,
    print_failures,
    print_warnings,
    setting,
    settings_from,
    stdout,
)
from extract.config import DEFAULT_NAME_LIST, EVIDENCE_STYLES, LAYOUTS, MODES, STRATEGIES
from extract.errors import ExtractError
from extract.render.terminal import markup_safe

if TYPE_CHECKING:
    from extract.pipeline import RunResult

__all__ = ["ingest", "run"]

# The options of `run` that only it takes (the shared ones are in extract.cli.common), one line each where it fits.
ModeOpt = Annotated[str | None, setting("--mode", help=f"instructor mode: {', '.join(MODES)} (or EXTRACT_MODE).",
                                        field="mode")]
LayoutOpt = Annotated[str | None, setting("--layout", help=f"Reply JSON layout: {', '.join(LAYOUTS)}; lines needs a "
                                          "llama.cpp server with llguidance (or EXTRACT_LAYOUT).",
                                          shown="auto: lines on the embedded model, else free")]
ConcurrencyOpt = Annotated[int | None, setting("--concurrency", "-j", help="Calls in flight (or EXTRACT_CONCURRENCY).",
                                               shown="1, or 8 with --base-url")]
MaxChunksOpt = Annotated[int | None, setting("--max-chunks", help="Most chunks per document.",
                                             field="max_chunks_per_doc")]
MaxTokensOpt = Annotated[int | None, setting("--max-tokens", help="Most tokens per reply (or EXTRACT_MAX_TOKENS).",
                                             field="max_tokens")]
RepeatPenaltyOpt = Annotated[float | None, setting("--repeat-penalty", help="llama.cpp repeat_penalty.",
                                                   shown="not sent")]
TimeoutOpt = Annotated[float | None, setting("--timeout", help="Seconds per call (or EXTRACT_TIMEOUT).",
                                             field="timeout")]
CacheSizeOpt = Annotated[int | None, setting("--cache-size-mb", help="Cache size limit in MB (or "
                                             "EXTRACT_CACHE_SIZE_LIMIT in bytes).",
                                             shown=DEFAULTS["cache_size_limit"] // 2**20)]
KeepUngroundedOpt = Annotated[bool | None, setting("--keep-ungrounded", help="Keep facts whose evidence is not "
                                                   "found (flagged).", shown="off")]
RulesOpt = Annotated[bool | None, setting("--rules/--no-rules", help="Also read roles, moves and degrees in fixed "
                                          "shapes by rule.", shown="on")]
EvidenceOpt = Annotated[str | None, setting("--evidence", help=f"{' or '.join(EVIDENCE_STYLES)}: cite numbered "
                                            "sentences, or give verbatim quotes.", field="evidence")]
StrategyOpt = Annotated[str | None, setting("--strategy", help=f"{' or '.join(STRATEGIES)}: one call per chunk; "
                                            "then one per person found; or then one per person a name tagger finds "
                                            "that the first call left out; or then one per chunk about the sentences "
                                            "with an organisation that the first answer did not cite.",
                                            field="strategy")]
GleanOpt = Annotated[bool | None, setting("--glean/--no-glean", help="focused: ask once more per chunk for people "
                                          "missed.", shown="off")]
NameListOpt = Annotated[int | None, setting("--name-list", help="List the names a tagger finds next to career words "
                                            "after the text of a chunk naming at least this many (0: never).",
                                            shown=f"{DEFAULT_NAME_LIST}; 0 with --evidence quote")]
PromptOpt = Annotated[str | None, setting("--prompt", help="Prompt template: a name in prompts/ or a .md file.",
                                          shown="extract, or extract_quote with --evidence quote")]
EngineOpt = Annotated[str | None, setting("--engine", help="Where extraction runs: local (this process) or ray "
                                          "(needs the ray extra).", field="engine")]
RayAddressOpt = Annotated[str | None, setting("--ray-address", help="Ray cluster to join (e.g. auto).",
                                              shown="start one here")]
RayActorsOpt = Annotated[int | None, setting("--ray-actors", help="Ray actors extracting.", field="ray_actors")]
RayInFlightOpt = Annotated[int | None, setting("--ray-in-flight", help="Requests in flight per Ray actor.",
                                               field="ray_in_flight")]
RayWorkDirOpt = Annotated[Path | None, setting("--ray-work-dir", help="Parquet chunks and results.",
                                               shown="<out>/ray")]


@app.command()
def ingest(
    paths: PathsArg,
    chunk_size: ChunkSize = None,
    chunk_overlap: Overlap = None,
    max_bytes: MaxBytes = None,
    out: Annotated[Path | None, typer.Option("--out", help="Also write <out>/docs/<doc>.txt.", show_default="none")]
    = None,
) -> None:
    """Read and normalise documents; show title, date, language, size and chunk count of each."""
    settings = settings_from(locals())  # first: every parameter named after a setting is its flag
    from extract.ingest import chunk_document
    from extract.ingest import ingest as ingest_paths
    from extract.render.ingest_table import render_ingest

    result = ingest_paths(paths, max_bytes=settings.max_bytes)
    chunks = {
        d.id: chunk_document(d, size=settings.chunk_size, overlap=settings.chunk_overlap) for d in result.documents
    }
    if out is not None:
        try:
            _write_ingested(out, result.documents)
        except (ExtractError, OSError) as exc:
            raise fail(exc) from exc
    render_ingest(result, chunks, stdout)
    print_warnings(result.warnings)
    print_failures(result.failures)
    if result.failures or not result.documents:
        raise typer.Exit(1)


def _write_ingested(out: Path, documents: list) -> None:
    """``ingest --out``: docs/ replaced as a whole, and never in a run's folder (docs/ would disagree with the
    records, whose offsets point into it)."""
    from extract.errors import OutputError
    from extract.outputs import OutputFolder, holds_outputs
    from extract.pipeline import write_docs

    if holds_outputs(out):
        raise OutputError(f"{out} holds a run's outputs: writing docs/ there would make it disagree with "
                          "records.jsonl; choose another --out")
    with OutputFolder(out, items=("docs",)) as folder:
        write_docs(folder.path("docs"), documents)
        folder.publish()


@app.command()
def run(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    base_url: BaseUrl = None,
    model: ModelOpt = None,
    api_key: ApiKey = None,
    mode: ModeOpt = None,
    layout: LayoutOpt = None,
    concurrency: ConcurrencyOpt = None,
    chunk_size: ChunkSize = None,
    chunk_overlap: Overlap = None,
    max_bytes: MaxBytes = None,
    max_chunks_per_doc: MaxChunksOpt = None,
    max_tokens: MaxTokensOpt = None,
    repeat_penalty: RepeatPenaltyOpt = None,
    timeout: TimeoutOpt = None,
    cache_dir: CacheDir = None,
    cache_size_mb: CacheSizeOpt = None,
    keep_ungrounded: KeepUngroundedOpt = None,
    rules: RulesOpt = None,
    orgs: Orgs = None,
    cues: Cues = None,
    evidence: EvidenceOpt = None,
    strategy: StrategyOpt = None,
    glean: GleanOpt = None,
    name_list: NameListOpt = None,
    prompt: PromptOpt = None,
    resolver: Resolver = None,
    corrections: CorrectionsFile = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    fresh: Annotated[bool, typer.Option("--fresh", help="Drop the documents earlier runs put into --out instead of "
                                        "keeping them beside this run's.")] = False,
    engine: EngineOpt = None,
    ray_address: RayAddressOpt = None,
    ray_actors: RayActorsOpt = None,
    ray_in_flight: RayInFlightOpt = None,
    ray_work_dir: RayWorkDirOpt = None,
) -> None:
    """Ingest, chunk, extract, ground and consolidate: writes <out>/docs/, mentions.jsonl, records.jsonl,
    documents.jsonl, run.json. Documents earlier runs put into <out> stay (a file read again replaces its old
    version) unless --fresh."""
    settings = settings_from(locals(), cache_size_limit=cache_size_mb * 2**20 if cache_size_mb is not None else None)
    from extract.pipeline import run as run_pipeline

    try:
        result = run_pipeline(paths, settings, out, console=None if quiet else stdout, fresh=fresh)
    except ExtractError as exc:
        raise fail(exc) from exc
    except OSError as exc:  # the file system failed under us (not an input: those are per-file failures)
        raise fail(exc) from exc
    _report_run(result, out, quiet)
    if result.published and (out / "report.html").exists():
        _refresh_report(out, quiet)
    if not result.ok:
        raise typer.Exit(1)


def _report_run(result: RunResult, out: Path, quiet: bool) -> None:
    """What a run did: its failures and warnings (one line each, on stderr), then, unless quiet, the summary."""
    from extract.render.summary import render_summary

    print_failures(result.ingest_failures)
    _print_chunk_failures(result.chunk_failures)
    print_warnings(result.warnings)
    if not quiet:
        for folder in result.skipped:
            stdout.print(f"[dim]skipped {markup_safe(folder)}: the output of a run, not an article[/dim]",
                         soft_wrap=True)
        render_summary(result, stdout)
    if result.withheld:
        error(f"nothing published: {result.withheld}; {out} still holds the previous run's results "
               "(rerun to resume)")
    elif not quiet:
        stdout.print(
            f"wrote {markup_safe(out / 'mentions.jsonl')} ({len(result.mentions)} mentions), "
            f"{markup_safe(out / 'records.jsonl')} ({len(result.records)} people) and {markup_safe(out / 'run.json')}",
            soft_wrap=True,
        )
        if result.previous is not None and not result.ok:
            stdout.print(f"the outputs this run replaced are in {markup_safe(result.previous)} "
                         f"(extract diff {markup_safe(result.previous)} {markup_safe(out)})", soft_wrap=True)


def _print_chunk_failures(failures: list) -> None:
    """One line per failed chunk; chunks the breaker kept from being sent share one line (there may be thousands)."""
    not_sent = [f for f in failures if f.error is not None and f.error.kind == "not_sent"]
    for failed in failures:
        if failed.error is not None and failed.error.kind != "not_sent":
            error(failed.error)
    if not_sent:
        first = not_sent[0].error
        many = len(not_sent) > 1
        count, them = (f"{len(not_sent)} chunks", "them") if many else ("1 chunk", "it")
        error(f"{count} {first.reason if first else 'not sent'}; a rerun resumes {them}")


def _refresh_report(out: Path, quiet: bool) -> None:
    """An existing report.html shows the records it was made from: after a publish it would show stale ones."""
    from extract.render.report import write_report

    try:
        written = write_report(out)
    except (ExtractError, OSError) as exc:
        line("warning", "yellow", f"report.html not updated: {exc}")
        return
    if not quiet:
        stdout.print(f"updated {markup_safe(written)}", soft_wrap=True)
