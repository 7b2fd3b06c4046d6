"""The commands over a run's outputs, no model needed: consolidate, remove, show, diff, eval, flows, export,
report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from extract.cli.common import (
    CorrectionsFile,
    Orgs,
    Resolver,
    app,
    error,
    fail,
    org_table,
    print_warnings,
    settings_from,
    stdout,
)
from extract.config import Settings
from extract.errors import ExtractError, InputError
from extract.render.terminal import markup_safe

__all__ = ["consolidate", "diff", "evaluate_records", "export", "flows", "gold", "reconsolidate", "remove",
           "report", "run_sources", "show"]


@app.command()
def consolidate(
    out: Annotated[Path, typer.Argument(help="A run's output folder (reads mentions.jsonl).")],
    orgs: Orgs = None,
    resolver: Resolver = None,
    corrections: CorrectionsFile = None,
) -> None:
    """Re-run only the consolidation stage: mentions.jsonl → records.jsonl (no model calls), with the corrections."""
    settings = settings_from(locals())  # first: every parameter named after a setting is its flag
    try:
        records, mentions, report = reconsolidate(out, settings)
    except (ExtractError, OSError) as exc:
        raise fail(exc) from exc
    print_warnings(report)
    stdout.print(f"wrote {markup_safe(out / 'records.jsonl')}: {len(records)} people from {len(mentions)} mentions",
                 soft_wrap=True)


def reconsolidate(out: Path, settings: Settings) -> tuple[list, list, list[str]]:
    """mentions.jsonl → records.jsonl again, with the corrections file applied: (records, mentions, the lines of
    corrections whose target is gone). Shared by ``consolidate`` and ``fix``."""
    from extract.consolidate import consolidate as consolidate_mentions
    from extract.consolidate import load_corrections, read_mentions
    from extract.consolidate.corrections import FILE
    from extract.outputs import OutputFolder
    from extract.pipeline import write_records

    table = org_table(settings)
    report: list[str] = []
    with OutputFolder(out, items=("records.jsonl",)) as folder:  # not while a run is writing the same folder
        fixes = load_corrections(settings.corrections or out / FILE)
        mentions = read_mentions(out / "mentions.jsonl")
        records = consolidate_mentions(mentions, table, resolver=settings.resolver, corrections=fixes, report=report)
        write_records(folder.path("records.jsonl"), records)
        folder.publish()
    return records, mentions, report


@app.command()
def remove(
    out: Annotated[Path, typer.Argument(help="A run's output folder.")],
    docs: Annotated[list[str], typer.Argument(help="Ids of the documents to take out (see documents.jsonl).")],
    orgs: Orgs = None,
    resolver: Resolver = None,
    corrections: CorrectionsFile = None,
) -> None:
    """Take documents out of a run folder: their texts, mentions and manifest rows go, the records are rebuilt from
    the rest (no model calls). The replaced outputs are kept in <out>/.previous/."""
    settings = settings_from(locals())
    from extract.consolidate import consolidate as consolidate_mentions
    from extract.consolidate import load_corrections
    from extract.consolidate.corrections import FILE
    from extract.corpus import MANIFEST, carry_over, read_manifest, write_carried
    from extract.io import write_jsonl_atomic
    from extract.outputs import OutputFolder
    from extract.pipeline import write_records

    table = org_table(settings)
    try:
        with OutputFolder(out, items=("docs", "mentions.jsonl", "records.jsonl", MANIFEST)) as folder:
            known = {e.id for e in read_manifest(out)}
            unknown = [d for d in docs if d not in known]
            if unknown:
                raise InputError(out, f"no document {', '.join(unknown)} here (documents.jsonl lists what is)")
            kept = carry_over(out, (), dropped=docs)
            write_carried(folder.path("docs"), kept)
            write_jsonl_atomic(folder.path("mentions.jsonl"), [m.model_dump_json() for m in kept.mentions])
            fixes = load_corrections(settings.corrections or out / FILE)
            records = consolidate_mentions(kept.mentions, table, resolver=settings.resolver, corrections=fixes,
                                           report=kept.warnings)
            write_records(folder.path("records.jsonl"), records)
            write_jsonl_atomic(folder.path(MANIFEST), [e.model_dump_json() for e in kept.entries])
            folder.publish()
    except (ExtractError, OSError) as exc:
        raise fail(exc) from exc
    print_warnings(kept.warnings)
    stdout.print(f"removed {len(docs)} document(s) from {markup_safe(out)}: {len(kept.entries)} left, "
                 f"{len(records)} people", soft_wrap=True)


OrgFilter = Annotated[str | None, typer.Option("--org", help="Only people (moves) at this organisation, any of its "
                                               "names.", show_default="any")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="Only positions (moves) dated on or after this "
                                                 "(YYYY, YYYY-MM or YYYY-MM-DD).", show_default="no bound")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Only positions (moves) dated on or before this.",
                                                 show_default="no bound")]
DocFilter = Annotated[str | None, typer.Option("--doc", help="Only facts (moves) cited from this document id.",
                                               show_default="any")]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the records as JSON (one array).")]


@app.command()
def show(
    out: Annotated[Path, typer.Argument(help="A run's output folder (or a records.jsonl file).")],
    name: Annotated[str | None, typer.Argument(help="A name or alias.", show_default="everyone, as a table")] = None,
    org: OrgFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    status: Annotated[str | None, typer.Option("--status", help="Only people with a position of this status "
                                               "(joined, left, founded, current, former).", show_default="any")] = None,
    doc: DocFilter = None,
    as_json: JsonOut = False,
) -> None:
    """Show the career records of a run: a table of everyone, or one person's timeline with evidence. The filters
    keep the people one of whose positions meets them all."""
    from extract.consolidate import read_records
    from extract.render.show import render_people, render_person
    from extract.review.query import FactFilter, find_records

    path = out if out.is_file() else out / "records.jsonl"
    try:
        records = read_records(path)
    except ExtractError as exc:
        raise fail(exc) from exc
    records = FactFilter(org, since, until, status, doc).records(records, org_table(settings_from({})))
    found = records if name is None else find_records(records, name)
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in found], ensure_ascii=False, indent=2))
        return
    if name is None:
        render_people(records, stdout)
        return
    if not found:
        error(f"nobody called {name!r} in {path}")
        raise typer.Exit(1)
    sources = run_sources(out if out.is_dir() else path.parent)
    for record in found:
        render_person(record, stdout, sources)


def run_sources(out: Path) -> dict:
    """The run's documents by id (documents.jsonl), for titles and dates beside quotes; {} when it has none."""
    from extract.corpus import read_manifest

    try:
        return {e.id: e for e in read_manifest(out)}
    except ExtractError:
        return {}


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Earlier run folder or records.jsonl.")],
    new: Annotated[Path, typer.Argument(help="Later run folder or records.jsonl.")],
    person: Annotated[str | None, typer.Option("--person", help="Only this person (a name or alias).",
                                               show_default="everyone")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
) -> None:
    """What changed between two runs' records, person by person. Exit status 0 when equal, 1 when different."""
    from extract.render.diff import render_diff
    from extract.review.diff import diff_records, load_records

    try:
        changes = diff_records(load_records(old), load_records(new))
    except ExtractError as exc:
        raise fail(exc) from exc
    if person:
        changes = changes.narrow(person)
    if as_json:
        print(json.dumps(changes.as_dict(), ensure_ascii=False, indent=2))
    else:
        render_diff(changes, stdout, run_sources(new if new.is_dir() else new.parent))
    raise typer.Exit(0 if changes.is_empty else 1)


@app.command("eval")
def evaluate_records(
    records: Annotated[Path, typer.Argument(help="A run folder or records.jsonl to score.")],
    gold: Annotated[Path, typer.Argument(help="A gold file in the records format.")],
    orgs: Orgs = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List omissions and hallucinations.")] = False,
) -> None:
    """Score records against a hand-written gold file: persons, positions, education, dates, evidence."""
    table = org_table(settings_from(locals()))
    from extract.consolidate import read_records
    from extract.render.evaluation import render_evaluation
    from extract.review.evaluate import evaluate

    path = records if records.is_file() else records / "records.jsonl"
    docs = path.parent / "docs"
    try:
        scores = evaluate(read_records(path), read_records(gold), orgs=table, docs_dir=docs if docs.is_dir() else None)
    except ExtractError as exc:
        raise fail(exc) from exc
    if as_json:
        print(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2))
    else:
        render_evaluation(scores, stdout, details=details)


@app.command()
def flows(
    out: Annotated[Path, typer.Argument(help="A run folder or records.jsonl.")],
    orgs: Orgs = None,
    org: OrgFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    doc: DocFilter = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print moves and flows as JSON.")] = False,
) -> None:
    """Talent flows: moves organisation → organisation with dates and people, and counts per pair. The filters keep
    the moves that meet them all."""
    table = org_table(settings_from(locals()))
    from extract.consolidate import read_records
    from extract.consolidate.timeline import find_record_moves
    from extract.render.flows import render_flows
    from extract.review.flows import find_moves, summarise_flows
    from extract.review.query import FactFilter

    path = out if out.is_file() else out / "records.jsonl"
    wanted = FactFilter(org, since, until, None, doc)
    try:
        records = [r.model_copy(update={"moves": [m for m in (r.moves if r.moves is not None
                                                              else find_record_moves(r.positions, table))
                                                  if wanted.move(m, table)]})
                   for r in read_records(path)]
        moves = find_moves(records, table)
    except ExtractError as exc:
        raise fail(exc) from exc
    pairs = summarise_flows(moves)
    if as_json:
        data = {"flows": [f.as_dict() for f in pairs], "moves": [m.as_dict() for m in moves]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render_flows(moves, pairs, stdout, run_sources(path.parent))


@app.command()
def gold(
    out: Annotated[Path, typer.Argument(help="A reviewed run's output folder (or a records.jsonl file).")],
    person: Annotated[list[str] | None, typer.Option("--person", help="Only this person (a name or alias); "
                                                     "repeatable.", show_default="everyone")] = None,
) -> None:
    """The reviewed records as a gold file for extract eval (JSONL on stdout): a reviewer's work becomes the
    regression test of the next prompt or model change. Corrections are in the records already."""
    from extract.consolidate import read_records
    from extract.review.query import find_records

    path = out if out.is_file() else out / "records.jsonl"
    try:
        records = read_records(path)
    except ExtractError as exc:
        raise fail(exc) from exc
    if person:
        chosen = {r.id for name in person for r in find_records(records, name)}
        records = [r for r in records if r.id in chosen]
    for record in records:
        print(record.model_dump_json(exclude={"mentions", "corrections"}))


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="A run's output folder (or a records.jsonl file).")],
    sqlite: Annotated[Path | None, typer.Option("--sqlite", help="Write an SQLite file (browse it with datasette).",
                                                show_default="none")] = None,
    csv_dir: Annotated[Path | None, typer.Option("--csv", help="Write one CSV file per table into this folder.",
                                                 show_default="none")] = None,
) -> None:
    """The records as tables: people, positions, education, moves, evidence, merges, documents."""
    from extract.consolidate import read_records
    from extract.corpus import read_manifest
    from extract.render.export import export_csv, export_sqlite, tables

    if sqlite is None and csv_dir is None:
        error("say where: --sqlite FILE and/or --csv DIR")
        raise typer.Exit(2)
    path = out if out.is_file() else out / "records.jsonl"
    try:
        rows = tables(read_records(path), read_manifest(path.parent))
        if sqlite is not None:
            export_sqlite(sqlite, rows)
        if csv_dir is not None:
            export_csv(csv_dir, rows)
    except (ExtractError, OSError) as exc:
        raise fail(exc) from exc
    counts = ", ".join(f"{len(v)} {k}" for k, v in rows.items())
    for target in (t for t in (sqlite, csv_dir) if t is not None):
        stdout.print(f"wrote {markup_safe(target)}: {counts}", soft_wrap=True)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="A run folder (docs/ and records.jsonl).")],
    path: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write.",
                                              show_default="<out>/report.html")] = None,
) -> None:
    """A self-contained HTML page: each document with its evidence highlighted, each person's timeline."""
    from extract.render.report import write_report

    warnings: list[str] = []
    try:
        written = write_report(out, path, warnings)
    except (ExtractError, OSError) as exc:
        raise fail(exc) from exc
    print_warnings(warnings)
    stdout.print(f"wrote {markup_safe(written)}", soft_wrap=True)
