"""Talent flows: who moved from which organisation to which, when, and how many made the same move.

The moves are the records' own (``Record.moves``, worked out at consolidation by
:mod:`extract.consolidate.timeline`: a move needs a departure and an arrival that a date or a text relates; an
undated career never yields guesses). Records written before moves existed get them worked out here the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from extract.consolidate.timeline import find_record_moves
from extract.lexicon.orgs import OrgTable
from extract.schemas.record import Record, RecordMove

__all__ = ["Flow", "Move", "find_moves", "summarise_flows"]

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
    basis: str = "stated"  # dated | ordered | stated (see extract.consolidate.timeline)

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


def _record_moves(record: Record, orgs: OrgTable) -> list[RecordMove]:
    return record.moves if record.moves is not None else find_record_moves(record.positions, orgs)


def find_moves(records: Sequence[Record], orgs: OrgTable | None = None) -> list[Move]:
    table = orgs if orgs is not None else OrgTable.load()
    moves = []
    for record in records:
        for move in _record_moves(record, table):
            evidence = move.evidence[0] if move.evidence else None
            moves.append(Move(
                person=record.name, person_id=record.id, source=move.source, target=move.target, date=move.date,
                estimated=move.estimated, evidence=evidence.quote if evidence else None,
                where=f"{evidence.doc}:{evidence.start}-{evidence.end}" if evidence else None, basis=move.basis,
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
