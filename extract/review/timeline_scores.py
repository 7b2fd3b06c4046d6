"""Scores of a record's timeline against the gold's (issue 20): what each person holds now, and their moves.

Split from :mod:`extract.review.evaluate`, which calls them with the persons it matched. A gold record whose
``current`` (``moves``) is null says nothing about it and is not scored; a predicted record written before the
timeline existed gets it worked out by :mod:`extract.consolidate.timeline`. A unit stands for its parent and the
reverse, on both counts (Meta Superintelligence Labs for Meta, Alibaba AI Labs for Alibaba): more or less specific,
not wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from extract.consolidate.timeline import current_positions, find_record_moves
from extract.lexicon.orgs import OrgTable, normalize_org
from extract.review.matching import same_org
from extract.review.scores import Score, ratio, rounded
from extract.schemas.record import Record, RecordMove

__all__ = ["CurrentScore", "MoveScore", "score_current", "score_moves"]


@dataclass(frozen=True)
class CurrentScore:
    """Matched people whose gold says what they hold now, and how many records say the same (issue 20); ``wrong``
    lists (person, gold organisations, predicted organisations)."""

    people: int = 0
    correct: int = 0
    wrong: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()

    @property
    def accuracy(self) -> float:
        return ratio(self.correct, self.people)

    def as_dict(self) -> dict[str, Any]:
        return {"people": self.people, "correct": self.correct, "accuracy": rounded(self.accuracy),
                "wrong": [{"person": p, "gold": list(g), "predicted": list(r)} for p, g, r in self.wrong]}


@dataclass(frozen=True)
class MoveScore(Score):
    """Moves (person, from, to) against the gold's; ``missed`` and ``extra`` as "person: A → B" lines."""

    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "missed": list(self.missed), "extra": list(self.extra)}


def _moves_of(record: Record, orgs: OrgTable) -> list[RecordMove]:
    return record.moves if record.moves is not None else find_record_moves(record.positions, orgs)


def _current_of(record: Record, orgs: OrgTable) -> list[str]:
    if record.current is not None:
        return record.current
    return current_positions(record.positions, _moves_of(record, orgs), orgs)


def _units(names: Iterable[str], orgs: OrgTable) -> list[str]:
    """The organisations without those that are a parent of another in the list (Google beside Google DeepMind)."""
    names = list(dict.fromkeys(names))
    parents = {a for n in names for a in orgs.ancestors(orgs.canonical(n).canonical)}
    return [n for n in names if orgs.canonical(n).canonical not in parents]


def _written_forms(gold: Record) -> dict[str, set[str]]:
    """Each gold organisation → the forms its positions record it was written in (``organization_raw``): the gold
    says "北辰" is Northstar Labs even where the alias table does not, as the position scores already
    read it (:func:`extract.review.matching.match_facts`)."""
    forms: dict[str, set[str]] = {}
    for position in gold.positions:
        forms.setdefault(normalize_org(position.organization), set()).update(
            normalize_org(raw) for raw in position.organization_raw)
    return forms


def _same_or_unit(a: str, b: str, orgs: OrgTable, written: dict[str, set[str]] | None = None) -> bool:
    """``a`` (gold) and ``b`` (predicted) are one organisation, or one is a unit of the other."""
    if same_org(a, b, orgs) or normalize_org(b) in (written or {}).get(normalize_org(a), ()):
        return True
    ca, cb = orgs.canonical(a).canonical, orgs.canonical(b).canonical
    return ca in orgs.ancestors(cb) or cb in orgs.ancestors(ca)


def _same_orgs(gold: Sequence[str], predicted: Sequence[str], orgs: OrgTable, written: dict[str, set[str]]) -> bool:
    left = list(predicted)
    for g in gold:
        hit = next((p for p in left if _same_or_unit(g, p, orgs, written)), None)
        if hit is None:
            return False
        left.remove(hit)
    return not left


def score_current(people: Iterable[tuple[Record, Sequence[Record]]], orgs: OrgTable) -> CurrentScore:
    counted, correct, wrong = 0, 0, []
    for gold, records in people:
        if gold.current is None:
            continue
        counted += 1
        want = _units(gold.current, orgs)
        got = _units([org for r in records for org in _current_of(r, orgs)], orgs)
        if _same_orgs(want, got, orgs, _written_forms(gold)):
            correct += 1
        else:
            wrong.append((gold.name, tuple(want), tuple(got)))
    return CurrentScore(counted, correct, tuple(wrong))


def _move_line(person: str, move: RecordMove) -> str:
    return f"{person}: {move.source} → {move.target}"


def score_moves(
    people: Iterable[tuple[Record, Sequence[Record]]], extra_records: Sequence[Record], orgs: OrgTable
) -> MoveScore:
    gold_n = predicted_n = matched = 0
    missed: list[str] = []
    extra: list[str] = []
    for gold, records in people:
        if gold.moves is None:
            continue
        predicted = [m for r in records for m in _moves_of(r, orgs)]
        gold_n += len(gold.moves)
        predicted_n += len(predicted)
        left = list(predicted)
        written = _written_forms(gold)
        for want in gold.moves:
            hit = next((m for m in left if _same_or_unit(want.source, m.source, orgs, written)
                        and _same_or_unit(want.target, m.target, orgs, written)), None)
            if hit is None:
                missed.append(_move_line(gold.name, want))
            else:
                matched += 1
                left.remove(hit)
        extra += [_move_line(gold.name, m) for m in left]
    for record in extra_records:
        moves = _moves_of(record, orgs)
        predicted_n += len(moves)
        extra += [_move_line(record.name, m) for m in moves]
    return MoveScore(gold_n, predicted_n, matched, tuple(missed), tuple(extra))
