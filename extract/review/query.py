"""Which records a name or alias query finds: one matching for ``extract show``, ``extract diff --person`` and the
rest, so a person found by one command is found by the others."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract.lexicon.names import name_keys
from extract.lexicon.orgs import OrgTable
from extract.schemas.record import Record, RecordMove, RecordPosition

__all__ = ["FactFilter", "find_records", "matches"]


def matches(names: Sequence[str], query: str) -> bool:
    """Whether ``query`` names someone called ``names``: the same name keys (scripts, spellings, order), or a
    case-insensitive substring of one of the names."""
    needle = query.casefold()
    if any(needle in name.casefold() for name in names):
        return True
    keys = name_keys(query)
    return any(keys & name_keys(name) for name in names)


def find_records(records: Sequence[Record], query: str) -> list[Record]:
    """Records whose name or one of whose aliases ``query`` matches (see :func:`matches`), in their order."""
    return [record for record in records if matches([record.name, *record.aliases], query)]


@dataclass(frozen=True)
class FactFilter:
    """``--org``, ``--since``/``--until``, ``--status``, ``--doc`` of ``show`` and ``flows``: a person is kept when one
    of their positions meets every criterion given; a move when it does (its organisations, date and evidence). An
    organisation is met by any of its names in the alias table, or by a part of the name as written ("EquiLibre").
    Dates compare at the coarser precision ("2022" overlaps "2022-06"); a missing start or end is open; an undated
    fact meets no date bound."""

    org: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    doc: str | None = None

    def __bool__(self) -> bool:
        return any((self.org, self.since, self.until, self.status, self.doc))

    def _org(self, names: Sequence[str], orgs: OrgTable) -> bool:
        wanted = (self.org or "").casefold()
        return self.org is None or any(orgs.same(n, self.org) or wanted in n.casefold() for n in names)

    def _dates(self, start: str | None, end: str | None) -> bool:
        if self.since is None and self.until is None:
            return True
        if start is None and end is None:
            return False  # undated: no bound is met
        # a missing end is open (held on, or not said), a missing start too
        return (self.since is None or end is None or _not_before(end, self.since)) and \
            (self.until is None or start is None or _not_before(self.until, start))

    def position(self, p: RecordPosition, orgs: OrgTable) -> bool:
        return (self._org([p.organization, *p.organization_raw], orgs) and self._dates(p.start, p.end)
                and (self.status is None or self.status in {p.status, *p.statuses})
                and (self.doc is None or any(e.doc == self.doc for e in p.evidence)))

    def records(self, records: Sequence[Record], orgs: OrgTable) -> list[Record]:
        return [r for r in records if not self or any(self.position(p, orgs) for p in r.positions)]

    def move(self, m: RecordMove, orgs: OrgTable) -> bool:
        return (self._org([m.source, m.target], orgs) and self._dates(m.date, m.date)
                and (self.doc is None or any(e.doc == self.doc for e in m.evidence)))


def _not_before(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    return a[:n] >= b[:n]
