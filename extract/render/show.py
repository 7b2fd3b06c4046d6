"""``extract show``: a table of every person, or one person's names, timeline, education and evidence.

Every value comes from the documents, so it goes in as a :class:`~rich.text.Text` via :func:`cell` (never read as
markup; control characters written out), never as a plain string a rich table would parse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from extract.render.terminal import cell, one_line, visible
from extract.schemas.record import Record, RecordEvidence

if TYPE_CHECKING:
    from extract.corpus import DocumentEntry

__all__ = ["render_people", "render_person", "source_label"]


def _span(start: str | None, end: str | None, estimated: bool = False) -> str:
    mark = "~" if estimated else ""
    if start and end:
        return f"{mark}{start} – {end}"
    if start:
        return f"{mark}{start} –"
    if end:
        return f"– {end}"
    return "(undated)"


def _now(record: Record) -> str:
    """What the person holds now (the record's ``current``): "left X" when they left and nothing new is known."""
    if record.current:
        return ", ".join(record.current)
    moves = record.moves or []
    left = [p.organization for p in record.positions if p.status == "left"]
    if record.current is not None and left and not moves:
        return "left " + ", ".join(dict.fromkeys(left))
    return ""


def render_people(records: Sequence[Record], console: Console) -> None:
    table = Table(title=f"{len(records)} people", title_justify="left")
    table.add_column("name", style="bold", overflow="fold")
    table.add_column("also", overflow="fold")
    table.add_column("now", overflow="fold")
    table.add_column("pos.", justify="right")
    table.add_column("edu.", justify="right")
    table.add_column("sources", overflow="fold")
    for record in records:
        table.add_row(cell(record.name), cell(", ".join(record.aliases)), cell(_now(record)),
                      str(len(record.positions)), str(len(record.education)), cell(", ".join(record.sources)))
    console.print(table)


def source_label(doc: str, sources: Mapping[str, DocumentEntry] | None) -> str:
    """What a document says of itself, for a reader beside a quote: "title, date" (issue 21); "" when unknown."""
    entry = (sources or {}).get(doc)
    if entry is None:
        return ""
    return ", ".join(v for v in (entry.title, entry.published) if v)


def _quotes(evidence: Sequence[RecordEvidence], sources: Mapping[str, DocumentEntry] | None = None) -> Text:
    text = Text()
    for i, e in enumerate(evidence):
        if i:
            text.append("\n")
        text.append(f"“{visible(e.quote)}”", style="italic")
        text.append(f"  {visible(e.doc)}:{e.start}-{e.end}", style="dim")
        label = source_label(e.doc, sources)
        if label:
            text.append(f" · {visible(label)}", style="dim")
    return text


def render_person(record: Record, console: Console, sources: Mapping[str, DocumentEntry] | None = None) -> None:
    """One person's names, what they hold now, timeline, moves and education, every quote with where it is and, with
    ``sources`` (the run's documents.jsonl by id), the document's title and date."""
    header = cell(record.name, style="bold")
    if record.aliases:
        header.append("  ·  " + visible(" · ".join(record.aliases)))
    timeline = Table(show_header=True, expand=True, title="positions", title_justify="left")
    timeline.add_column("when", no_wrap=True)
    timeline.add_column("organisation / title", overflow="fold")
    timeline.add_column("status", no_wrap=True)
    timeline.add_column("evidence", overflow="fold", ratio=2)
    for p in record.positions:
        org = cell(p.organization, style="bold")
        if p.title:
            org.append(f"\n{visible(p.title)}")
        when = cell(_span(p.start, p.end, p.start_estimated or p.end_estimated))
        for c in p.conflicts:  # another source's reading of the date (issue 20)
            when.append(f"\n≠ {c.field} {visible(c.value)}", style="yellow")
            if c.evidence:
                when.append(f" {visible(c.evidence[0].doc)}", style="dim")
        timeline.add_row(when, org, cell(p.status), _quotes(p.evidence, sources))
    parts: list = [header]
    if record.current:
        parts.append(cell("now: " + ", ".join(record.current), style="bold"))
    parts.append(timeline)
    if record.moves:
        moves = Table(show_header=True, expand=True, title="moves", title_justify="left")
        moves.add_column("when", no_wrap=True)
        moves.add_column("from → to", overflow="fold")
        moves.add_column("how", no_wrap=True)
        moves.add_column("evidence", overflow="fold", ratio=2)
        for m in record.moves:
            when = ("~" if m.estimated else "") + (m.date or "(undated)")
            moves.add_row(cell(when), cell(f"{m.source} → {m.target}"), cell(m.basis), _quotes(m.evidence, sources))
        parts.append(moves)
    if record.education:
        schools = Table(show_header=True, expand=True, title="education", title_justify="left")
        schools.add_column("when", no_wrap=True)
        schools.add_column("institution / degree", overflow="fold")
        schools.add_column("evidence", overflow="fold", ratio=2)
        for e in record.education:
            what = cell(e.institution, style="bold")
            detail = " ".join(x for x in (e.degree, e.field) if x)
            if detail:
                what.append(f"\n{visible(detail)}")
            schools.add_row(cell(_span(e.start, e.end)), what, _quotes(e.evidence, sources))
        parts.append(schools)
    if record.merges:
        why = cell("merged because: " + "; ".join(f"{m.rule} ({m.detail})" for m in record.merges), style="dim")
        parts.append(why)
    parts.append(cell("sources: " + ", ".join(record.sources), style="dim"))
    console.print(Panel(Group(*parts), title=Text(one_line(record.id)), title_align="left"))

