"""``extract fix``: a reviewer's correction written into the corrections file, applied, and the record shown.

The corrections file (``<out>/corrections.toml`` or ``--corrections``) is applied at every consolidation, so a fix
survives the next run and new documents (:mod:`extract.consolidate.corrections`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from extract.cli.common import CorrectionsFile, Orgs, Resolver, app, error, fail, print_warnings, settings_from, stdout
from extract.cli.records import reconsolidate, run_sources
from extract.errors import ExtractError
from extract.render.terminal import markup_safe

__all__ = ["fix"]

# action → (the values it takes, how they map to the entry)
_USAGE = {
    "reject": ("PERSON ORGANIZATION", lambda v: {"person": v[0], "organization": v[1]}),
    "rename": ("PERSON NEW_NAME", lambda v: {"person": v[0], "name": v[1]}),
    "merge": ("PERSON PERSON", lambda v: {"people": [v[0], v[1]]}),
    "split": ("PERSON PERSON", lambda v: {"people": [v[0], v[1]]}),
    "set": ("PERSON ORGANIZATION FIELD VALUE", lambda v: {"person": v[0], "organization": v[1], "field": v[2],
                                                          "value": v[3] or None}),
    "org": ("FORM CANONICAL", lambda v: {"name": v[0], "canonical": v[1]}),
}


@app.command()
def fix(
    out: Annotated[Path, typer.Argument(help="A run's output folder.")],
    action: Annotated[str, typer.Argument(help="reject | rename | merge | split | set | org")],
    values: Annotated[list[str], typer.Argument(help="reject PERSON ORG; rename PERSON NEW_NAME; merge PERSON "
                                                     "PERSON; split PERSON PERSON; set PERSON ORG FIELD VALUE "
                                                     "(field: title, start, end, status, organization); org FORM "
                                                     "CANONICAL")],
    evidence: Annotated[str | None, typer.Option("--evidence", help="reject / set: only the fact citing this "
                                                 "span, DOC:START-END (extract show prints them).",
                                                 show_default="every such fact of the person")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why: kept in the file.", show_default="none")] = None,
    corrections: CorrectionsFile = None,
    orgs: Orgs = None,
    resolver: Resolver = None,
) -> None:
    """Correct the records for good: writes the correction to the corrections file, re-consolidates (no model) and
    prints the person's record. Re-runs and new documents keep it."""
    settings = settings_from(locals())
    from extract.consolidate.corrections import FILE, add_correction, names_match
    from extract.render.show import render_person

    if action not in _USAGE:
        error(f"unknown action {action!r}: choose one of {', '.join(_USAGE)}")
        raise typer.Exit(2)
    usage, build = _USAGE[action]
    if len(values) != len(usage.split()):
        error(f"extract fix OUT {action} {usage}: {len(values)} value(s) given")
        raise typer.Exit(2)
    entry = {**build(values), "note": note}
    if evidence is not None:
        if action not in ("reject", "set"):
            error(f"--evidence is for reject and set, not {action}")
            raise typer.Exit(2)
        entry["evidence"] = evidence
    path = settings.corrections or out / FILE
    if not (out / "mentions.jsonl").is_file():
        error(f"{out}: no run here (no mentions.jsonl); nothing written")
        raise typer.Exit(2)
    try:
        add_correction(path, action, entry)
        records, _, report = reconsolidate(out, settings)
    except ValidationError as exc:
        first = exc.errors()[0]
        error(f"{action}: {'.'.join(str(p) for p in first['loc'][2:])} {first['msg']}")
        raise typer.Exit(2) from None
    except (ExtractError, OSError) as exc:
        raise fail(exc) from exc
    print_warnings(report)
    stdout.print(f"added [[{action}]] to {markup_safe(path)}", soft_wrap=True, markup=False)
    people = entry.get("people") or [entry.get("name") if action == "rename" else entry.get("person")]
    sources = run_sources(out)
    for record in records:
        if any(p and names_match([record.name, *record.aliases], p) for p in people):
            render_person(record, stdout, sources)
