"""``extract eval`` output: one score table, then (with details) the facts behind the misses so they can be checked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from extract.render.terminal import cell, markup_safe
from extract.review.evaluate import Evaluation, Fact, Score

__all__ = ["render_evaluation"]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _score_row(name: str, score: Score) -> tuple[str, ...]:
    return (name, str(score.gold), str(score.predicted), str(score.matched), _pct(score.recall),
            _pct(score.precision), _pct(score.f1))


def _scores_table(evaluation: Evaluation) -> Table:
    table = Table(title="evaluation against gold", title_justify="left")
    table.add_column("", style="bold")
    for name in ("gold", "predicted", "matched", "recall", "precision", "F1"):
        table.add_column(name, justify="right")
    ev = evaluation.evidence
    table.add_row(*_score_row("persons", evaluation.persons))
    table.add_row(*_score_row("positions", evaluation.positions))
    table.add_row(*_score_row("education", evaluation.education))
    table.add_row(*_score_row("dates", evaluation.dates.score))
    table.add_row("evidence", "–", str(ev.spans), str(ev.valid) if ev.checked else "–", "–", _pct(ev.share), "–")
    st = evaluation.status
    table.add_row("status", "–", str(st.matched), str(st.correct), "–", _pct(st.accuracy), "–")
    ti = evaluation.titles
    table.add_row("titles", str(ti.gold), "–", str(ti.same), "–", _pct(ti.accuracy), "–")
    at = evaluation.attribution
    table.add_row("attribution", "–", str(at.facts), str(at.named), "–", _pct(at.share), "–")
    cu = evaluation.current
    table.add_row("current position", str(cu.people), "–", str(cu.correct), _pct(cu.accuracy), "–", "–")
    mv = evaluation.moves
    table.add_row("moves", str(mv.gold), str(mv.predicted), str(mv.matched), _pct(mv.recall), _pct(mv.precision),
                  _pct(mv.f1))
    return table


def _notes(evaluation: Evaluation) -> list[str]:
    """The counts the table has no column for."""
    p, d, ev = evaluation.persons, evaluation.dates, evaluation.evidence
    notes = [
        f"persons: {p.duplicates} duplicate records of {p.duplicated_persons} people, {p.false_positives} not in gold",
        f"dates: {d.exact} exact, {d.partial} partial, {d.wrong} wrong, {d.missing} missing, {d.extra} not in gold",
        "status: " + (", ".join(f"{markup_safe(gold)} read as {markup_safe(read)} ×{n}"
                                for gold, read, n in evaluation.status.confusions[:4])
                      or "every matched position's status right"),
        f"titles: {evaluation.titles.different} different, {evaluation.titles.missing} missing",
        f"facts: {len(evaluation.omissions)} omissions, {len(evaluation.hallucinations)} hallucinations",
    ]
    if not ev.checked:
        notes.append("evidence: not checked (no docs folder)")
    return notes


def _facts_table(title: str, facts: Sequence[Fact]) -> Table:
    table = Table(title=f"{title} ({len(facts)})", title_justify="left")
    for name in ("person", "kind", "organisation", "title/degree", "dates", "evidence"):
        table.add_column(name, overflow="fold")
    for f in facts:
        dates = f"{f.start or '?'}–{f.end or '?'}" if f.start or f.end else ""
        quote = f"{f.doc}: {f.quote}" if f.quote else ""
        table.add_row(cell(f.person), cell(f.kind), cell(f.organization), cell(f.detail), cell(dates), cell(quote))
    return table


def _names_table(title: str, rows: Sequence[tuple[str, ...]], columns: Sequence[str]) -> Table:
    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(cell(value) for value in row))  # names from the records: data, not markup
    return table


def render_evaluation(evaluation: Evaluation, console: Console, *, details: bool = False) -> None:
    """Print the score table; ``details`` adds the omitted and hallucinated facts and the unmatched people."""
    console.print(_scores_table(evaluation))
    for note in _notes(evaluation):
        console.print(note, highlight=False)
    if not details:
        return
    if evaluation.missed_persons:
        console.print(_names_table("missed persons", [(n,) for n in evaluation.missed_persons], ["gold name"]))
    if evaluation.extra_persons:
        console.print(_names_table("persons not in gold", [(n,) for n in evaluation.extra_persons], ["name"]))
    if evaluation.duplicate_records:
        console.print(_names_table("duplicate records", evaluation.duplicate_records, ["gold name", "record"]))
    console.print(_facts_table("omissions", evaluation.omissions))
    console.print(_facts_table("hallucinations", evaluation.hallucinations))
    if evaluation.current.wrong:
        rows = [(person, ", ".join(gold) or "(nothing)", ", ".join(got) or "(nothing)")
                for person, gold, got in evaluation.current.wrong]
        console.print(_names_table("current position wrong", rows, ["person", "gold", "record"]))
    if evaluation.moves.missed or evaluation.moves.extra:
        rows = [*(("missed", line) for line in evaluation.moves.missed),
                *(("not in gold", line) for line in evaluation.moves.extra)]
        console.print(_names_table("moves", rows, ["", "person: from → to"]))
    if evaluation.attribution.unnamed:
        console.print(_facts_table("facts whose evidence names nobody of them", evaluation.attribution.unnamed))
