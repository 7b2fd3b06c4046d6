"""Which records a name or alias query finds: one matching for ``extract show``, ``extract diff --person`` and the
rest, so a person found by one command is found by the others."""

from __future__ import annotations

from collections.abc import Sequence

from extract.lexicon.names import name_keys
from extract.schemas.record import Record

__all__ = ["find_records", "matches"]


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
