"""``extract diff``: what changed between two runs' records, person by person and fact by fact.

Ids are not stable between runs (another prompt or model may spell a slug differently), so people are matched by
their names with the consolidation's name logic: an equal written form (:func:`script_key`), or an equal pinyin /
word key (:func:`name_keys`) unless both names are Han (a pinyin-only match between two Han names is a homophone,
王刚/王钢). Matching is one-to-one, greedy by strongest overlap, ties broken by input order (deterministic).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal

from extract.consolidate import read_records
from extract.lexicon.names import clean_name, is_cjk, is_surname_only, name_keys, script_key
from extract.review.query import matches
from extract.schemas.record import Record, RecordEducation, RecordEvidence, RecordPosition

__all__ = ["FactChange", "PersonDiff", "RecordDiff", "diff_records", "load_records"]

POSITION_FIELDS = ("title", "start", "end", "status")
EDUCATION_FIELDS = ("degree", "field", "start", "end")

Fact = RecordPosition | RecordEducation


@dataclass(frozen=True)
class FactChange:
    """One position or education fact added, removed or changed; ``fields`` maps field → (old, new)."""

    kind: Literal["position", "education"]
    change: Literal["added", "removed", "changed"]
    key: str
    fields: dict[str, tuple[Any, Any]]
    quote: str | None
    where: str | None
    # quotes the fact gained or lost ("doc:start-end “quote”"): a merge or a new document adding evidence
    evidence_added: tuple[str, ...] = ()
    evidence_removed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "change": self.change,
            "key": self.key,
            "quote": self.quote,
            "where": self.where,
            "fields": {name: [old, new] for name, (old, new) in self.fields.items()},
            "evidence_added": list(self.evidence_added),
            "evidence_removed": list(self.evidence_removed),
        }


@dataclass(frozen=True)
class PersonDiff:
    """A person found in both runs whose names or facts differ."""

    name: str
    old_id: str
    new_id: str
    aliases_added: list[str]
    aliases_removed: list[str]
    facts: list[FactChange]
    names: tuple[str, ...] = ()  # every name of both records, for narrowing
    renamed_from: str | None = None  # the old record's name, when the display name changed (extract fix rename)
    corrected: list[str] = field(default_factory=list)  # corrections newly applied to the record (issue 21)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "old_id": self.old_id,
            "new_id": self.new_id,
            "aliases_added": self.aliases_added,
            "aliases_removed": self.aliases_removed,
            "renamed_from": self.renamed_from,
            "corrected": self.corrected,
            "facts": [f.as_dict() for f in self.facts],
        }


@dataclass(frozen=True)
class RecordDiff:
    """People added, removed and changed between two runs; ``unchanged`` counts matched people with no change."""

    added: list[Record]
    removed: list[Record]
    changed: list[PersonDiff]
    unchanged: int
    unchanged_names: tuple[tuple[str, ...], ...] = field(default=(), repr=False, compare=False)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        """Numbers per kind of change (the summary table and the JSON ``counts``)."""
        facts = [f.change for person in self.changed for f in person.facts]
        return {
            "people_added": len(self.added),
            "people_removed": len(self.removed),
            "people_changed": len(self.changed),
            "people_unchanged": self.unchanged,
            "facts_added": facts.count("added"),
            "facts_removed": facts.count("removed"),
            "facts_changed": facts.count("changed"),
        }

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``--json``)."""
        return {
            "counts": self.counts(),
            "added": [r.model_dump(mode="json") for r in self.added],
            "removed": [r.model_dump(mode="json") for r in self.removed],
            "changed": [p.as_dict() for p in self.changed],
        }

    def narrow(self, name: str) -> RecordDiff:
        """Only the people a name or alias query finds (the matching of :func:`extract.review.query.find_records`)."""
        keep_names = [n for n in self.unchanged_names if _query_matches(n, name)]
        return RecordDiff(
            added=[r for r in self.added if _query_matches((r.name, *r.aliases), name)],
            removed=[r for r in self.removed if _query_matches((r.name, *r.aliases), name)],
            changed=[p for p in self.changed if _query_matches(p.names or (p.name,), name)],
            unchanged=len(keep_names),
            unchanged_names=tuple(keep_names),
        )


def _query_matches(names: Sequence[str], query: str) -> bool:
    """The matching of ``extract show`` (:func:`extract.review.query.matches`), so narrowing and showing agree."""
    return matches(names, query)


# ---------------------------------------------------------------- loading


def load_records(path: Path) -> list[Record]:
    """Records of a run folder (its ``records.jsonl``) or of a records file; problems raise ``InputError``."""
    path = Path(path)
    return read_records(path / "records.jsonl" if path.is_dir() else path)


# ---------------------------------------------------------------- matching people


def _names(record: Record) -> list[str]:
    """Name and aliases, cleaned; lone surnames dropped when a fuller name exists (they collide too easily)."""
    names = [n for n in (clean_name(x) for x in (record.name, *record.aliases)) if n]
    full = [n for n in names if not is_surname_only(n)]
    return full or names


def _overlap(old: Sequence[str], new: Sequence[str]) -> tuple[int, int]:
    """(shared written forms, shared name keys across scripts): 0, 0 means not the same person."""
    exact = len({script_key(n) for n in old} & {script_key(n) for n in new})
    keyed = sum(1 for a in old for b in new if not (is_cjk(a) and is_cjk(b)) and name_keys(a) & name_keys(b))
    return exact, keyed


def _match_people(old: Sequence[Record], new: Sequence[Record]) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (old index, new index), strongest name overlap first, then same id, then order."""
    old_names = [_names(r) for r in old]
    new_names = [_names(r) for r in new]
    candidates = []
    for i, a in enumerate(old_names):
        for j, b in enumerate(new_names):
            exact, keyed = _overlap(a, b)
            if exact or keyed:
                candidates.append(((-exact, -keyed, old[i].id != new[j].id, i, j), i, j))
    return _greedy(candidates)


def _greedy(candidates: list[tuple[tuple, int, int]]) -> list[tuple[int, int]]:
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _rank, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# ---------------------------------------------------------------- matching facts


def _fold(value: str | None) -> str:
    return (value or "").strip().casefold()


def _similarity(a: Fact, b: Fact, fields: Sequence[str]) -> tuple:
    """Ranks two facts of one organisation: equal fields first, then how alike the first (title / degree) is."""
    equal = sum(_fold(getattr(a, f)) == _fold(getattr(b, f)) for f in fields)
    first = fields[0]
    ratio = SequenceMatcher(None, _fold(getattr(a, first)), _fold(getattr(b, first))).ratio()
    return equal, ratio


def _match_facts(
    old: Sequence[Fact], new: Sequence[Fact], anchor: Callable[[Fact], str], fields: Sequence[str]
) -> list[tuple[int, int]]:
    """Pairs facts with the same anchor (organisation / institution); several per anchor go by similarity."""
    candidates = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            if _fold(anchor(a)) == _fold(anchor(b)):
                equal, ratio = _similarity(a, b, fields)
                candidates.append(((-equal, -ratio, i, j), i, j))
    return _greedy(candidates)


def _evidence(fact: Fact) -> RecordEvidence | None:
    return fact.evidence[0] if fact.evidence else None


def _fact_change(kind: str, change: str, key: str, fields: dict, fact: Fact) -> FactChange:
    ev = _evidence(fact)
    where = f"{ev.doc}:{ev.start}-{ev.end}" if ev else None
    return FactChange(kind, change, key, fields, ev.quote if ev else None, where)  # type: ignore[arg-type]


def _key(anchor: str, fact: Fact, first: str, crowded: bool) -> str:
    """The fact's label: its organisation, plus the title when the organisation appears more than once."""
    extra = getattr(fact, first)
    return f"{anchor} ({extra})" if crowded and extra else anchor


def _diff_facts(
    kind: str, old: Sequence[Fact], new: Sequence[Fact], anchor: Callable[[Fact], str], fields: Sequence[str]
) -> list[FactChange]:
    pairs = _match_facts(old, new, anchor, fields)
    old_anchors = [_fold(anchor(f)) for f in old]
    new_anchors = [_fold(anchor(f)) for f in new]

    def key(fact: Fact) -> str:
        name = _fold(anchor(fact))
        crowded = old_anchors.count(name) > 1 or new_anchors.count(name) > 1
        return _key(anchor(fact), fact, fields[0], crowded)

    changes = []
    for i, j in pairs:
        a, b = old[i], new[j]
        differ = {f: (getattr(a, f), getattr(b, f)) for f in fields if getattr(a, f) != getattr(b, f)}
        gained, lost = _spans(b, a), _spans(a, b)
        if differ or gained or lost:
            change = _fact_change(kind, "changed", key(b), differ, b if b.evidence else a)
            changes.append(replace(change, evidence_added=gained, evidence_removed=lost))
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    for i, a in enumerate(old):
        if i not in paired_old:
            changes.append(_fact_change(kind, "removed", key(a), _present(a, fields, old=True), a))
    for j, b in enumerate(new):
        if j not in paired_new:
            changes.append(_fact_change(kind, "added", key(b), _present(b, fields, old=False), b))
    return changes


def _spans(fact: Fact, other: Fact) -> tuple[str, ...]:
    """The quotes of ``fact`` that ``other`` lacks, as "doc:start-end “quote”"."""
    theirs = {(e.doc, e.start, e.end) for e in other.evidence}
    return tuple(f"{e.doc}:{e.start}-{e.end} “{e.quote}”" for e in fact.evidence
                 if (e.doc, e.start, e.end) not in theirs)


def _present(fact: Fact, fields: Sequence[str], *, old: bool) -> dict[str, tuple[Any, Any]]:
    """Fields of an added / removed fact that carry a value, as (old, new) with the missing side None."""
    values = {f: getattr(fact, f) for f in fields if getattr(fact, f) not in (None, "", "unknown")}
    return {f: (v, None) if old else (None, v) for f, v in values.items()}


# ---------------------------------------------------------------- one person


def _alias_changes(old: Record, new: Record) -> tuple[list[str], list[str]]:
    """Names (name + aliases, compared by written form) only in the new / only in the old record."""
    old_forms = {script_key(n): n for n in (old.name, *old.aliases)}
    new_forms = {script_key(n): n for n in (new.name, *new.aliases)}
    added = [n for k, n in new_forms.items() if k not in old_forms]
    removed = [n for k, n in old_forms.items() if k not in new_forms]
    return added, removed


def _diff_person(old: Record, new: Record) -> PersonDiff | None:
    """The changes of one matched person, or None when there are none."""
    added, removed = _alias_changes(old, new)
    renamed = old.name if script_key(old.name) != script_key(new.name) else None
    if renamed:  # a rename, not an alias gained: the new name is shown as such
        added = [a for a in added if script_key(a) != script_key(new.name)]
    facts = _diff_facts("position", old.positions, new.positions, lambda p: p.organization, POSITION_FIELDS)
    facts += _diff_facts("education", old.education, new.education, lambda e: e.institution, EDUCATION_FIELDS)
    corrected = [c for c in new.corrections if c not in old.corrections]
    if not (added or removed or facts or renamed or corrected):
        return None
    names = tuple(dict.fromkeys((new.name, *new.aliases, old.name, *old.aliases)))
    return PersonDiff(new.name, old.id, new.id, added, removed, facts, names, renamed, corrected)


def diff_records(old: Sequence[Record], new: Sequence[Record]) -> RecordDiff:
    """Compare two runs person by person (matched by names, not ids)."""
    pairs = _match_people(old, new)
    changed: list[PersonDiff] = []
    unchanged: list[tuple[str, ...]] = []
    for i, j in pairs:
        person = _diff_person(old[i], new[j])
        if person:
            changed.append(person)
        else:
            unchanged.append((new[j].name, *new[j].aliases))
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    return RecordDiff(
        added=[r for j, r in enumerate(new) if j not in matched_new],
        removed=[r for i, r in enumerate(old) if i not in matched_old],
        changed=changed,
        unchanged=len(unchanged),
        unchanged_names=tuple(unchanged),
    )
