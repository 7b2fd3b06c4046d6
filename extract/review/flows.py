"""Talent flows: who moved from which organisation to which, when, and how many made the same move.

A move pairs a position the person left (status ``left``/``former``) with one they joined or founded:

- when both carry dates, the left position is the latest one that ended no later than the new one started;
- when the new position is undated, or dated relative to the article ("几周后", "last month": the news itself),
  it pairs with the one left position that has no end date, after dropping parents of other candidates (left
  Google DeepMind, and so Google, → the move is from Google DeepMind);
- otherwise there is no move: an undated career never yields guesses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from extract.lexicon.orgs import OrgTable
from extract.schemas.record import Record, RecordPosition

__all__ = ["Flow", "Move", "find_moves", "summarise_flows"]

_LEFT = {"left", "former"}
_ARRIVED = {"joined", "founded"}


@dataclass(frozen=True)
class Move:
    person: str
    person_id: str
    source: str  # the organisation left
    target: str  # the organisation joined
    date: str | None  # when the new position started, else when the old one ended
    estimated: bool
    evidence: str | None  # the quote that states the arrival (or the departure)
    where: str | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    count: int
    people: tuple[str, ...]
    first: str | None
    last: str | None

    def as_dict(self) -> dict:
        return {**asdict(self), "people": list(self.people)}


def _pick_source(target: RecordPosition, left: list[RecordPosition], orgs: OrgTable) -> RecordPosition | None:
    candidates = [p for p in left if p.organization != target.organization]
    if target.start:
        dated = [p for p in candidates if p.end and p.end[: len(target.start)] <= target.start]
        if dated:
            return max(dated, key=lambda p: p.end or "")
        if not target.start_estimated:
            return None
    open_ended = [p for p in candidates if not p.end]
    names = {p.organization for p in open_ended}
    parents = {a for name in names for a in orgs.ancestors(name)}
    specific = [p for p in open_ended if p.organization not in parents]
    return specific[0] if len(specific) == 1 else None


def find_moves(records: Sequence[Record], orgs: OrgTable | None = None) -> list[Move]:
    table = orgs if orgs is not None else OrgTable.load()
    moves = []
    for record in records:
        left = [p for p in record.positions if p.status in _LEFT]
        for target in (p for p in record.positions if p.status in _ARRIVED):
            source = _pick_source(target, left, table)
            if source is None:
                continue
            stated = target if target.evidence else source
            evidence = stated.evidence[0] if stated.evidence else None
            moves.append(Move(
                person=record.name, person_id=record.id, source=source.organization, target=target.organization,
                date=target.start or source.end,
                estimated=target.start_estimated if target.start else source.end_estimated,
                evidence=evidence.quote if evidence else None,
                where=f"{evidence.doc}:{evidence.start}-{evidence.end}" if evidence else None,
            ))
    return sorted(moves, key=lambda m: (m.date is None, m.date or "", m.source, m.target, m.person))


def summarise_flows(moves: Sequence[Move]) -> list[Flow]:
    """Moves grouped by (from, to), most travelled first."""
    groups: dict[tuple[str, str], list[Move]] = defaultdict(list)
    for move in moves:
        groups[(move.source, move.target)].append(move)
    flows = []
    for (source, target), group in groups.items():
        dates = sorted(m.date for m in group if m.date)
        flows.append(Flow(source, target, len(group), tuple(sorted({m.person for m in group})),
                          dates[0] if dates else None, dates[-1] if dates else None))
    return sorted(flows, key=lambda f: (-f.count, f.source, f.target))
