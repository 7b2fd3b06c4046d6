"""The pairwise rules of entity resolution: the comparable names of a mention, and which rule says two are one person.

The rules themselves (``same_name``, ``alias_in_text``, ``pinyin``, ``reordered``, ``surname_in_document``,
``given_name_in_document``, ``similar_name_shared_org``) are described in :mod:`extract.consolidate.resolve`; this
module answers one question about one pair, and the resolver decides which pairs to ask about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from extract.lexicon.names import (
    clean_name,
    given_key,
    is_cjk,
    is_surname_only,
    name_keys,
    script_key,
    surname_key,
)
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention

__all__ = [
    "SIMILAR_NAME_CUTOFF", "NameInfo", "Names", "Owners", "canonical_person", "mention_names", "name_info",
    "orgs_of", "pair_rule", "people", "similar_with_shared_org", "similarity_form",
]

SIMILAR_NAME_CUTOFF = 90.0


def _is_full_name(name: str) -> bool:
    if is_cjk(name):
        return len(name.replace("·", "")) >= 2
    return len(name.split()) >= 2 or "·" in name


@dataclass(frozen=True)
class NameInfo:
    """What the rules ask about one cleaned name. Computed once per distinct string: pypinyin, opencc and the
    regexes behind these answers were most of the resolver's time when they ran for every pair."""

    text: str
    script: str
    full: bool
    cjk: bool
    keys: frozenset[str]
    surname: str | None
    surname_only: bool
    given: str | None


@lru_cache(maxsize=1 << 18)
def name_info(name: str) -> NameInfo:
    """The :class:`NameInfo` of one cleaned name (cached)."""
    return NameInfo(name, script_key(name), _is_full_name(name), is_cjk(name), name_keys(name), surname_key(name),
                    is_surname_only(name), given_key(name))


@dataclass(frozen=True)
class Names:
    """The comparable forms of one mention's names (equal for mentions that write the same names)."""

    primary: str
    others: tuple[str, ...]
    infos: tuple[NameInfo, ...] = field(compare=False, hash=False, repr=False)

    @property
    def all(self) -> tuple[str, ...]:
        return (self.primary, *self.others)


@lru_cache(maxsize=1 << 18)
def _names_of(name: str, other_names: tuple[str, ...]) -> Names:
    primary = clean_name(name)
    others = tuple(dict.fromkeys(n for n in (clean_name(o) for o in other_names) if n and n != primary))
    return Names(primary, others, tuple(name_info(n) for n in (primary, *others)))


def mention_names(mention: Mention) -> Names:
    """The cleaned primary name and other names of a mention (cached per distinct spelling)."""
    return _names_of(mention.name, tuple(mention.other_names))


def _is_organisation(name: str, orgs: OrgTable) -> bool:
    """A "person" whose whole name is a known organisation's alias (the model tags 谷歌 or DeepMind as people)."""
    return orgs.is_alias(name)


def people(mentions: Sequence[Mention], orgs: OrgTable) -> tuple[list[Names], list[int], list[int]]:
    """(names of every mention, mentions dropped as organisations, the other mentions: the people to resolve)."""
    names = [mention_names(m) for m in mentions]
    organisations = {p for p in {n.primary for n in names} if _is_organisation(p, orgs)}
    dropped = [i for i, n in enumerate(names) if n.primary in organisations]
    dropped_set = set(dropped)
    live = [i for i in range(len(mentions)) if i not in dropped_set]
    return names, dropped, live


def canonical_person(names: Names) -> str:
    """One key per person: the smallest written form of their full names (or of their name, if none is full)."""
    full = [n.script for n in names.infos if n.full]
    return min(full) if full else names.infos[0].script


@dataclass
class Owners:
    """Who in each document owns each surname and each given name (distinct full names): a one-word reference is
    resolved only when exactly one person of its document owns that word."""

    surname: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    given: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, mentions: Sequence[Mention], names: Sequence[Names], live: Iterable[int]) -> Owners:
        owners = cls()
        for i in live:
            for info in names[i].infos:
                if info.full and info.surname:
                    owners.surname[(mentions[i].doc, info.surname)].add(canonical_person(names[i]))
                if info.full and info.given:
                    owners.given[(mentions[i].doc, info.given)].add(canonical_person(names[i]))
        return owners

    def of_word(self, doc: str, word: str, latin: bool) -> set[str]:
        """Everyone a one-word reference could mean: in romanised names a word may be a surname or a given name."""
        owners = self.surname.get((doc, word), set())
        return owners | self.given.get((doc, word), set()) if latin else owners


def pair_rule(a: Names, b: Names, same_doc: bool, owners: Owners, doc: str) -> tuple[str, str] | None:
    """The strongest rule that says a and b are the same person, with a human-readable detail."""
    found = _name_rule(a, b)
    if found is None and same_doc:
        found = _document_rule(a, b, owners, doc)
    return found


def _name_rule(a: Names, b: Names) -> tuple[str, str] | None:
    """The rules that compare full names alone: same written form, then a shared pinyin/token key."""
    for i, x in enumerate(a.infos):
        if not x.full:
            continue
        for j, y in enumerate(b.infos):
            if x.script == y.script:
                rule = "same_name" if i == j == 0 else "alias_in_text"
                return rule, f"{x.text} = {y.text}"
    for x in a.infos:
        if not x.full:
            continue
        for y in b.infos:
            if not y.full or not (x.keys & y.keys):
                continue
            if x.cjk != y.cjk:
                return "pinyin", f"{x.text} = {y.text}"
            if not x.cjk:
                return "reordered", f"{x.text} = {y.text}"
    return None


def _document_rule(a: Names, b: Names, owners: Owners, doc: str) -> tuple[str, str] | None:
    """The rules for a one-word reference: it joins the one person of its document who owns that word, and the same
    word written twice in one document is one person unless two full names of the document own it."""
    x, y = a.infos[0], b.infos[0]
    if (x.surname_only and y.surname_only and x.script == y.script and x.surname
            and len(owners.of_word(doc, x.surname, latin=not x.cjk)) <= 1):
        return "same_word_in_document", f"{x.text} = {y.text}"
    for short, full in ((a, b), (b, a)):
        head = short.infos[0]
        if head.surname_only and not all(n.surname_only for n in full.infos):
            key = head.surname
            if not key:
                continue
            candidates = owners.of_word(doc, key, latin=not head.cjk)
            if len(candidates) != 1:
                continue
            if any(n.surname == key for n in full.infos if n.full):
                return "surname_in_document", f"{head.text} → {next(iter(candidates))}"
            if any(n.given == key for n in full.infos if n.full):
                return "given_name_in_document", f"{head.text} → {next(iter(candidates))}"
        if head.cjk and "·" not in head.text:
            # 库特勒 alone reads as a Han full name (surname 库), but it is the last part of 海因里希·库特勒
            candidates = owners.surname.get((doc, head.text), set())
            if len(candidates) == 1 and any(n.surname == head.text and "·" in n.text for n in full.infos):
                return "surname_in_document", f"{head.text} → {next(iter(candidates))}"
    return None


def similarity_form(name: str) -> str:
    """A romanised name's tokens sorted, for a fuzzy comparison that ignores their order."""
    return " ".join(sorted(name_info(name).keys))


def orgs_of(mention: Mention, orgs: OrgTable) -> set[str]:
    """The canonical organisations of a mention's positions."""
    return {orgs.canonical(p.organization).canonical for p in mention.positions}


def similar_with_shared_org(a: Mention, b: Mention, na: Names, nb: Names, orgs: OrgTable) -> tuple[str, str] | None:
    """``similar_name_shared_org``: near-identical romanised full names with a surname and an organisation shared."""
    ia, ib = na.infos[0], nb.infos[0]
    if ia.cjk or ib.cjk or not (ia.full and ib.full):
        return None
    if ia.surname != ib.surname:
        return None
    score = fuzz.token_sort_ratio(similarity_form(ia.text), similarity_form(ib.text))
    if score < SIMILAR_NAME_CUTOFF:
        return None
    shared = orgs_of(a, orgs) & orgs_of(b, orgs)
    if not shared:
        return None
    return "similar_name_shared_org", f"{ia.text} ≈ {ib.text} ({score:.0f}), both at {min(shared)}"
