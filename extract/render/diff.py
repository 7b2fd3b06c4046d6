"""``extract diff`` output: a summary table, then ``+`` / ``-`` / ``~`` lines per person like a unified diff.

The prefixes carry the meaning on their own, so piped output (no colour) and narrow terminals still read well;
colour (green / red / yellow) and a dim evidence quote only help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from extract.render.show import source_label
from extract.render.terminal import one_line, visible
from extract.review.diff import FactChange, PersonDiff, RecordDiff
from extract.schemas.record import Record, RecordPosition

if TYPE_CHECKING:
    from extract.corpus import DocumentEntry

__all__ = ["render_diff"]

PREFIX = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}
SUMMARY_ROWS = (
    ("people added", "people_added"),
    ("people removed", "people_removed"),
    ("people changed", "people_changed"),
    ("people unchanged", "people_unchanged"),
    ("facts added", "facts_added"),
    ("facts removed", "facts_removed"),
    ("facts changed", "facts_changed"),
)


def render_diff(diff: RecordDiff, console: Console, sources: Mapping[str, DocumentEntry] | None = None) -> None:
    """Summary first, then each changed person, then people only in one run; with ``sources`` (documents.jsonl by
    id) each quote of a changed fact gets its document's title and date."""
    _summary(diff, console)
    if diff.is_empty:
        console.print("no differences")
        return
    for person in diff.changed:
        _person(person, console, sources)
    for record in diff.added:
        _whole_person(record, "added", console)
    for record in diff.removed:
        _whole_person(record, "removed", console)


def _summary(diff: RecordDiff, console: Console) -> None:
    table = Table(title="diff summary", title_justify="left")
    table.add_column("change")
    table.add_column("count", justify="right")
    counts = diff.counts()
    for label, key in SUMMARY_ROWS:
        table.add_row(label, str(counts[key]))
    console.print(table)


def _indent(text: Text, by: int) -> Padding:
    """Indent without padding the line out to the console width (no trailing blanks in piped output)."""
    return Padding(text, (0, 0, 0, by), expand=False)


def _line(change: str, body: str) -> Text:
    sign, colour = PREFIX[change]
    return Text(f"{sign} {visible(body)}", style=colour, overflow="fold")


def _show(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def _fact_body(fact: FactChange) -> str:
    """``position Google: start 2014 → 2015`` for a change, ``position OpenAI: title CEO, start 2024`` otherwise."""
    if fact.change == "changed":
        parts = [f"{name} {_show(old)} → {_show(new)}" for name, (old, new) in fact.fields.items()]
    else:
        parts = [f"{name} {_show(new if fact.change == 'added' else old)}" for name, (old, new) in fact.fields.items()]
    detail = ", ".join(parts)
    return f"{fact.kind} {fact.key}" + (f": {detail}" if detail else "")


def _quote(fact: FactChange, sources: Mapping[str, DocumentEntry] | None = None) -> Padding | None:
    if not fact.quote:
        return None
    text = Text(f"“{visible(fact.quote)}”", style="dim italic", overflow="fold")
    if fact.where:
        text.append(f"  {visible(fact.where)}", style="dim")
        label = source_label(fact.where.split(":")[0], sources)
        if label:
            text.append(f" · {visible(label)}", style="dim")
    return _indent(text, 4)


def _person(person: PersonDiff, console: Console, sources: Mapping[str, DocumentEntry] | None = None) -> None:
    ids = person.new_id if person.old_id == person.new_id else f"{person.old_id} → {person.new_id}"
    console.print()
    console.print(Text(f"~ {one_line(person.name)} ({one_line(ids)})", style="bold yellow", overflow="fold"))
    for line in person.corrected:  # what the reviewer's corrections did, before the changes they explain
        console.print(_indent(_line("changed", f"corrected: {line}"), 2))
    if person.renamed_from:
        console.print(_indent(_line("changed", f"renamed {one_line(person.renamed_from)} → {one_line(person.name)}"),
                              2))
    for alias in person.aliases_added:
        console.print(_indent(_line("added", f"alias {alias}"), 2))
    for alias in person.aliases_removed:
        console.print(_indent(_line("removed", f"alias {alias}"), 2))
    for fact in person.facts:
        console.print(_indent(_line(fact.change, _fact_body(fact)), 2))
        quote = _quote(fact, sources)
        if quote is not None and not (fact.evidence_added or fact.evidence_removed):
            console.print(quote)
        for span in fact.evidence_added:
            console.print(_indent(_line("added", f"evidence {span}"), 4))
        for span in fact.evidence_removed:
            console.print(_indent(_line("removed", f"evidence {span}"), 4))


def _position(p: RecordPosition) -> str:
    span = " – ".join(x for x in (p.start, p.end) if x) or "undated"
    return ", ".join(x for x in (p.organization, p.title, span) if x)


def _whole_person(record: Record, change: str, console: Console) -> None:
    """A person only in one run: name, aliases and positions under one prefix."""
    sign, colour = PREFIX[change]
    also = f" · {' · '.join(record.aliases)}" if record.aliases else ""
    console.print()
    console.print(Text(f"{sign} {one_line(record.name)}{one_line(also)} ({one_line(record.id)})",
                       style=f"bold {colour}", overflow="fold"))
    for p in record.positions:
        console.print(_indent(Text(f"{sign} {visible(_position(p))}", style=colour, overflow="fold"), 2))
