"""The ``extract`` command: typer wiring only; every stage lives in its own module.

Errors become one line on stderr here, at the edge, and nowhere else. Exit status: 0 all good, 1 something in
the batch failed (the rest was still done and written), 2 the command could not run at all. Data (paths, reasons,
names) is never read as rich markup and never spans two lines: see :mod:`extract.render.terminal`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from extract.config import MODES, Settings
from extract.errors import ConfigError, ExtractError
from extract.ingest.chunk import DEFAULT_CHUNK_SIZE
from extract.models.documents import IngestFailure
from extract.render.terminal import markup_safe, one_line

if TYPE_CHECKING:
    from extract.llm.cache import ResultCache

__all__ = ["app"]

app = typer.Typer(help="Extract grounded career records of AI researchers from articles.", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the answer cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

stdout = Console(emoji=False)  # ":smile:" in a name or path is shown as typed
# stderr only ever shows data (paths, reasons): never markup, never emoji codes, never highlighted.
stderr = Console(stderr=True, markup=False, emoji=False, highlight=False)
# instructor logs every failed attempt as a multi-line ERROR with the raw error body; the CLI reports each failure
# itself, on one line, with secrets redacted.
logging.getLogger("instructor").setLevel(logging.CRITICAL)

PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (HTML, markdown, text; any mix).")]
BaseUrl = Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint; default: embedded model.")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Model name the endpoint serves.")]
ApiKey = Annotated[str | None, typer.Option("--api-key", help="API key (or OPENAI_API_KEY).", show_default=False)]
CacheDir = Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder (or EXTRACT_CACHE_DIR).")]
ChunkSize = Annotated[
    int | None, typer.Option("--chunk-size", help=f"Characters per chunk (default {DEFAULT_CHUNK_SIZE}).")
]
Overlap = Annotated[int | None, typer.Option("--chunk-overlap", help="Characters of overlap between chunks.")]
MaxBytes = Annotated[int | None, typer.Option("--max-bytes", help="Largest input file accepted (default 5 MB).")]


def _line(label: str, style: str, message: object) -> None:
    """Exactly one stderr line, whatever ``message`` holds: "[/INST]" is text, a newline is shown as \\n."""
    stderr.print(Text.assemble((label, style), " ", one_line(message)), soft_wrap=True)


def _error(message: object) -> None:
    _line("error", "red", message)


def _print_warnings(messages: Iterable[str]) -> None:
    """One ``warning`` line each, e.g. the heals of the answer cache (``ResultCache.healed``)."""
    for message in messages:
        _line("warning", "yellow", message)


def _print_failures(failures: list[IngestFailure]) -> None:
    for failure in failures:
        _error(f"{failure.path}: {failure.reason}")


def _fail(exc: Exception) -> typer.Exit:
    _error(exc)
    return typer.Exit(2)


@app.command()
def ingest(
    paths: PathsArg,
    chunk_size: ChunkSize = None,
    chunk_overlap: Overlap = None,
    max_bytes: MaxBytes = None,
    out: Annotated[Path | None, typer.Option("--out", help="Also write <out>/docs/<doc>.txt.")] = None,
) -> None:
    """Read and normalise documents; show title, date, language, size and chunk count of each."""
    from extract.ingest import chunk_document
    from extract.ingest import ingest as ingest_paths
    from extract.render.ingest_table import render_ingest

    try:
        settings = Settings.from_env(chunk_size=chunk_size, chunk_overlap=chunk_overlap, max_bytes=max_bytes)
    except ExtractError as exc:
        raise _fail(exc) from exc
    result = ingest_paths(paths, max_bytes=settings.max_bytes)
    chunks = {
        d.id: chunk_document(d, size=settings.chunk_size, overlap=settings.chunk_overlap) for d in result.documents
    }
    if out is not None:
        try:
            _write_ingested(out, result.documents)
        except (ExtractError, OSError) as exc:
            raise _fail(exc) from exc
    render_ingest(result, chunks, stdout)
    _print_warnings(result.warnings)
    _print_failures(result.failures)
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
    mode: Annotated[str | None, typer.Option("--mode", help=f"instructor mode: {', '.join(MODES)}.")] = None,
    concurrency: Annotated[int | None, typer.Option("--concurrency", "-j", help="Calls in flight.")] = None,
    chunk_size: ChunkSize = None,
    chunk_overlap: Overlap = None,
    max_bytes: MaxBytes = None,
    max_chunks: Annotated[int | None, typer.Option("--max-chunks", help="Most chunks per document.")] = None,
    max_tokens: Annotated[int | None, typer.Option("--max-tokens", help="Most tokens per reply.")] = None,
    repeat_penalty: Annotated[
        float | None, typer.Option("--repeat-penalty", help="llama.cpp repeat_penalty (default: not sent).")
    ] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="Seconds per call.")] = None,
    cache_dir: CacheDir = None,
    cache_size_mb: Annotated[
        int | None, typer.Option("--cache-size-mb", help="Cache size limit in MB (default 1024).")
    ] = None,
    keep_ungrounded: Annotated[
        bool, typer.Option("--keep-ungrounded", help="Keep facts whose evidence is not found (flagged).")
    ] = False,
    rules: Annotated[
        bool | None, typer.Option("--rules/--no-rules",
                                  help="Also read roles, moves and degrees in fixed shapes by rule (default on).")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="sentence (cite numbered sentences) or quote (verbatim quotes).")
    ] = None,
    strategy: Annotated[
        str | None, typer.Option("--strategy", help="single (one call per chunk) or focused (then one per person).")
    ] = None,
    glean: Annotated[
        bool | None, typer.Option("--glean/--no-glean", help="focused: ask once more per chunk for people missed.")
    ] = None,
    prompt: Annotated[
        str | None, typer.Option("--prompt", help="Prompt template: a name in prompts/ or a .md file (see prompts/).")
    ] = None,
    resolver: Annotated[
        str | None, typer.Option("--resolver", help="Who is who: default (rules) or splink (needs the splink extra).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    engine: Annotated[
        str | None, typer.Option("--engine", help="Where extraction runs: local (this process) or ray ([ray] extra).")
    ] = None,
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Ray cluster to join (e.g. auto); default: start one here.")
    ] = None,
    ray_actors: Annotated[int | None, typer.Option("--ray-actors", help="Ray actors extracting (default 2).")] = None,
    ray_in_flight: Annotated[
        int | None, typer.Option("--ray-in-flight", help="Requests in flight per Ray actor (default 16).")
    ] = None,
    ray_work_dir: Annotated[
        Path | None, typer.Option("--ray-work-dir", help="Parquet chunks and results (default <out>/ray).")
    ] = None,
) -> None:
    """Ingest, chunk, extract, ground and consolidate: writes <out>/docs/, mentions.jsonl, records.jsonl, run.json."""
    from extract.pipeline import run as run_pipeline
    from extract.render.summary import render_summary

    try:
        settings = Settings.from_env(
            base_url=base_url, model=model, api_key=api_key, mode=mode, concurrency=concurrency,
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, max_bytes=max_bytes, max_chunks_per_doc=max_chunks,
            max_tokens=max_tokens, timeout=timeout, cache_dir=cache_dir, keep_ungrounded=keep_ungrounded or None,
            resolver=resolver, rules=rules, repeat_penalty=repeat_penalty,
            evidence=evidence, strategy=strategy, glean=glean, prompt=prompt,
            cache_size_limit=cache_size_mb * 2**20 if cache_size_mb is not None else None,  # 0 is refused
            engine=engine, ray_address=ray_address, ray_actors=ray_actors, ray_in_flight=ray_in_flight,
            ray_work_dir=ray_work_dir,
        )
        result = run_pipeline(paths, settings, out, console=None if quiet else stdout)
    except ExtractError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # the file system failed under us (not an input: those are per-file failures)
        raise _fail(exc) from exc
    _print_failures(result.ingest_failures)
    _print_chunk_failures(result.chunk_failures)
    _print_warnings(result.warnings)
    if not quiet:
        for folder in result.skipped:
            stdout.print(f"[dim]skipped {markup_safe(folder)}: the output of a run, not an article[/dim]",
                         soft_wrap=True)
        render_summary(result, stdout)
    if result.withheld:
        _error(f"nothing published: {result.withheld}; {out} still holds the previous run's results "
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
    if result.published and (out / "report.html").exists():
        _refresh_report(out, quiet)
    if not result.ok:
        raise typer.Exit(1)


def _print_chunk_failures(failures: list) -> None:
    """One line per failed chunk; chunks the breaker kept from being sent share one line (there may be thousands)."""
    not_sent = [f for f in failures if f.error is not None and f.error.kind == "not_sent"]
    for failed in failures:
        if failed.error is not None and failed.error.kind != "not_sent":
            _error(failed.error)
    if not_sent:
        first = not_sent[0].error
        many = len(not_sent) > 1
        count, them = (f"{len(not_sent)} chunks", "them") if many else ("1 chunk", "it")
        _error(f"{count} {first.reason if first else 'not sent'}; a rerun resumes {them}")


def _refresh_report(out: Path, quiet: bool) -> None:
    """An existing report.html shows the records it was made from: after a publish it would show stale ones."""
    from extract.render.report import write_report

    try:
        written = write_report(out)
    except (ExtractError, OSError) as exc:
        _line("warning", "yellow", f"report.html not updated: {exc}")
        return
    if not quiet:
        stdout.print(f"updated {markup_safe(written)}", soft_wrap=True)


@app.command()
def consolidate(
    out: Annotated[Path, typer.Argument(help="A run's output folder (reads mentions.jsonl).")],
    orgs: Annotated[list[Path] | None, typer.Option("--orgs", help="Extra organisation alias TOML files.")] = None,
    resolver: Annotated[
        str, typer.Option("--resolver", help="Who is who: default (rules) or splink (needs the splink extra).")
    ] = "default",
) -> None:
    """Re-run only the consolidation stage: mentions.jsonl → records.jsonl (no model calls)."""
    from extract.consolidate import OrgTable, read_mentions
    from extract.consolidate import consolidate as consolidate_mentions
    from extract.outputs import OutputFolder
    from extract.pipeline import write_records

    try:
        with OutputFolder(out, items=("records.jsonl",)) as folder:  # not while a run is writing the same folder
            mentions = read_mentions(out / "mentions.jsonl")
            records = consolidate_mentions(mentions, OrgTable.load(orgs or ()), resolver=resolver)
            write_records(folder.path("records.jsonl"), records)
            folder.publish()
    except (ExtractError, OSError) as exc:
        raise _fail(exc) from exc
    stdout.print(f"wrote {markup_safe(out / 'records.jsonl')}: {len(records)} people from {len(mentions)} mentions",
                 soft_wrap=True)


@app.command()
def show(
    out: Annotated[Path, typer.Argument(help="A run's output folder (or a records.jsonl file).")],
    name: Annotated[str | None, typer.Argument(help="A name or alias; omit for a table of everyone.")] = None,
) -> None:
    """Show the career records of a run: a table of everyone, or one person's timeline with evidence."""
    from extract.consolidate import read_records
    from extract.render.show import find_records, render_people, render_person

    path = out if out.is_file() else out / "records.jsonl"
    try:
        records = read_records(path)
    except ExtractError as exc:
        raise _fail(exc) from exc
    if name is None:
        render_people(records, stdout)
        return
    found = find_records(records, name)
    if not found:
        _error(f"nobody called {name!r} in {path}")
        raise typer.Exit(1)
    for record in found:
        render_person(record, stdout)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Earlier run folder or records.jsonl.")],
    new: Annotated[Path, typer.Argument(help="Later run folder or records.jsonl.")],
    person: Annotated[str | None, typer.Option("--person", help="Only this person (a name or alias).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
) -> None:
    """What changed between two runs' records, person by person. Exit status 0 when equal, 1 when different."""
    from extract.render.diff import render_diff
    from extract.review.diff import diff_records, load_records

    try:
        changes = diff_records(load_records(old), load_records(new))
    except ExtractError as exc:
        raise _fail(exc) from exc
    if person:
        changes = changes.narrow(person)
    if as_json:
        print(json.dumps(changes.as_dict(), ensure_ascii=False, indent=2))
    else:
        render_diff(changes, stdout)
    raise typer.Exit(0 if changes.is_empty else 1)


@app.command("eval")
def evaluate_records(
    records: Annotated[Path, typer.Argument(help="A run folder or records.jsonl to score.")],
    gold: Annotated[Path, typer.Argument(help="A gold file in the records format.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List omissions and hallucinations.")] = False,
) -> None:
    """Score records against a hand-written gold file: persons, positions, education, dates, evidence."""
    from extract.consolidate import read_records
    from extract.render.evaluation import render_evaluation
    from extract.review.evaluate import evaluate

    path = records if records.is_file() else records / "records.jsonl"
    docs = path.parent / "docs"
    try:
        scores = evaluate(read_records(path), read_records(gold), docs_dir=docs if docs.is_dir() else None)
    except ExtractError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2))
    else:
        render_evaluation(scores, stdout, details=details)


@app.command()
def flows(
    out: Annotated[Path, typer.Argument(help="A run folder or records.jsonl.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print moves and flows as JSON.")] = False,
) -> None:
    """Talent flows: moves organisation → organisation with dates and people, and counts per pair."""
    from extract.consolidate import read_records
    from extract.render.flows import render_flows
    from extract.review.flows import find_moves, summarise_flows

    path = out if out.is_file() else out / "records.jsonl"
    try:
        moves = find_moves(read_records(path))
    except ExtractError as exc:
        raise _fail(exc) from exc
    pairs = summarise_flows(moves)
    if as_json:
        data = {"flows": [f.as_dict() for f in pairs], "moves": [m.as_dict() for m in moves]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render_flows(moves, pairs, stdout)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="A run folder (docs/ and records.jsonl).")],
    path: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write (default <out>/report.html).")]
    = None,
) -> None:
    """A self-contained HTML page: each document with its evidence highlighted, each person's timeline."""
    from extract.render.report import write_report

    warnings: list[str] = []
    try:
        written = write_report(out, path, warnings)
    except (ExtractError, OSError) as exc:
        raise _fail(exc) from exc
    _print_warnings(warnings)
    stdout.print(f"wrote {markup_safe(written)}", soft_wrap=True)


@app.command()
def serve(
    cache_dir: CacheDir = None,
    parallel: Annotated[int, typer.Option("--parallel", help="Request slots.")] = 2,
) -> None:
    """Keep the embedded model up on loopback for repeated runs (pass the printed URL as --base-url)."""
    from extract.llm.local import assemble_model
    from extract.llm.local import serve as serve_model

    try:
        if parallel < 1:  # checked here, not with min=1: one line like every other refused value
            raise ConfigError(f"--parallel must be at least 1, not {parallel}")
        settings = Settings.from_env(cache_dir=cache_dir)
        with serve_model(assemble_model(settings.cache_dir), parallel=parallel) as url:
            stdout.print(f"serving the embedded model at [bold]{url}[/bold]  (Ctrl-C to stop)")
            stdout.print(f"  extract run seeds/ --base-url {url}")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        stdout.print("stopped")
    except ExtractError as exc:
        raise _fail(exc) from exc


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Export the extraction and record schemas as JSON Schema files users can read (schemas/*.schema.json)."""
    from extract.io import write_text_atomic
    from extract.schemas import ChunkExtraction, PersonFacts, QuotedChunkExtraction, Record

    models = {"chunk_extraction": ChunkExtraction, "quoted_chunk_extraction": QuotedChunkExtraction,
              "person_facts": PersonFacts, "record": Record}
    for filename, model in models.items():
        target = out_dir / f"{filename}.schema.json"
        write_text_atomic(target, json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
        stdout.print(f"wrote {markup_safe(target)}", soft_wrap=True)


@contextmanager
def _answer_cache(cache_dir: Path | None) -> Iterator[ResultCache]:
    """The answer cache for ``cache info`` / ``cache clear``: a bad setting or an unusable cache is one line and
    exit 2; what the cache healed on the way (a corrupt database moved aside) is one warning line each."""
    from extract.llm.cache import ResultCache

    try:
        settings = Settings.from_env(cache_dir=cache_dir)
        cache = ResultCache(settings.cache_dir, size_limit=settings.cache_size_limit)
    except ExtractError as exc:
        raise _fail(exc) from exc
    try:
        yield cache
    except ExtractError as exc:
        _print_warnings(cache.healed)
        raise _fail(exc) from exc
    else:
        _print_warnings(cache.healed)
    finally:
        cache.close()


@cache_app.command("info")
def cache_info(cache_dir: CacheDir = None) -> None:
    """Where the cache is, how many answers it holds, how big it is."""
    with _answer_cache(cache_dir) as cache:
        info = cache.info()
    stdout.print(f"{markup_safe(info['directory'])}: {info['entries']} answers, {info['bytes'] / 1e6:.1f} MB",
                 soft_wrap=True)
    for path in info["moved_aside"]:
        stdout.print(f"a corrupt cache was moved aside to {markup_safe(path)} (delete it once you no longer need it)",
                     soft_wrap=True)


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDir = None) -> None:
    """Drop every cached answer (the assembled model file is kept)."""
    with _answer_cache(cache_dir) as cache:
        removed = cache.clear()
    stdout.print(f"removed {removed} cached answers")
