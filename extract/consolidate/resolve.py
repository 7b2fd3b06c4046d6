"""Entity resolution: which mentions are the same person. Blocking → pairwise rules → union-find.

Deterministic and explainable: every merge is a rule that fired on positive evidence, recorded as a
:class:`MergeReason`. The rules, strongest first:

- ``same_name``: the same name after cleaning (titles stripped, traditional → simplified, case and spacing),
  full names only (two tokens, or two or more Han characters).
- ``alias_in_text``: one mention's name is an other-name the text gave for the other (``翟晓华 (Xiaohua Zhai)``);
  this is ``same_name`` on the other-names, reported separately because it is the text's own statement.
- ``pinyin``: a Chinese name's pinyin equals a romanised name in either order (翟晓华 = Zhai Xiaohua). Only across
  scripts: two different Han spellings with the same pinyin (王刚 / 王钢) are different people.
- ``reordered``: the same romanised tokens in another order (Zhai Xiaohua / Xiaohua Zhai).
- ``surname_in_document``: a surname-only reference (``Larochelle``) joins the one full name in the same document
  with that surname; if the document has two such people it joins neither.
- ``similar_name_shared_org``: near-identical romanised names (a typo or missing accent) that also share a
  canonical organisation.

Over-merging guard: two clusters are never joined when they hold two different full names that the same chunk
lists as separate people, whatever rule fired.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from rapidfuzz import fuzz

from ..mention import Mention
from .names import clean_name, is_cjk, is_surname_only, name_keys, name_tokens, script_key, surname_key
from .orgs import OrgTable

__all__ = ["MergeReason", "Resolution", "resolve"]

SIMILAR_NAME_CUTOFF = 90.0


@dataclass(frozen=True)
class MergeReason:
    """Why two mentions were put in one cluster."""

    left: int  # mention indexes
    right: int
    rule: str
    detail: str


@dataclass(frozen=True)
class Resolution:
    clusters: list[list[int]]  # mention indexes, each cluster sorted, clusters in order of first mention
    reasons: list[MergeReason]
    dropped: list[int]  # mentions that are not people (an organisation's name)


class _DisjointSet:
    """Union-find with path halving; ten lines are cheaper than a graph library for this one job."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_full_name(name: str) -> bool:
    if is_cjk(name):
        return len(name.replace("·", "")) >= 2
    return len(name.split()) >= 2 or "·" in name


@dataclass(frozen=True)
class _Names:
    """The comparable forms of one mention's names."""

    primary: str
    others: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.primary, *self.others)


def _mention_names(mention: Mention) -> _Names:
    primary = clean_name(mention.name)
    others = tuple(dict.fromkeys(n for n in (clean_name(o) for o in mention.other_names) if n and n != primary))
    return _Names(primary, others)


def _pair_rule(a: _Names, b: _Names, same_doc: bool, surname_owners: dict[tuple[str, str], set[str]],
               doc: str) -> tuple[str, str] | None:
    """The strongest rule that says a and b are the same person, with a human-readable detail."""
    for x in a.all:
        for y in b.all:
            if _is_full_name(x) and script_key(x) == script_key(y):
                rule = "same_name" if (x == a.primary and y == b.primary) else "alias_in_text"
                return rule, f"{x} = {y}"
    for x in a.all:
        for y in b.all:
            if not (_is_full_name(x) and _is_full_name(y)) or not (name_keys(x) & name_keys(y)):
                continue
            if is_cjk(x) != is_cjk(y):
                return "pinyin", f"{x} = {y}"
            if not is_cjk(x) and not is_cjk(y):
                return "reordered", f"{x} = {y}"
    if same_doc:
        for short, full in ((a, b), (b, a)):
            if is_surname_only(short.primary) and not _is_surname_only_all(full):
                key = surname_key(short.primary)
                owners = surname_owners.get((doc, key or ""), set())
                if key and len(owners) == 1 and any(surname_key(n) == key for n in full.all if _is_full_name(n)):
                    return "surname_in_document", f"{short.primary} → {next(iter(owners))}"
    return None


def _is_surname_only_all(names: _Names) -> bool:
    return all(is_surname_only(n) for n in names.all)


def resolve(mentions: Sequence[Mention], orgs: OrgTable) -> Resolution:
    names = [_mention_names(m) for m in mentions]
    dropped = [i for i, n in enumerate(names) if _is_organisation(n.primary, orgs)]
    live = [i for i in range(len(mentions)) if i not in set(dropped)]

    # Who in each document owns each surname (distinct full names): a surname-only reference is resolved only
    # when exactly one person in the document has that surname.
    surname_owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i in live:
        for name in names[i].all:
            if _is_full_name(name) and (key := surname_key(name)):
                surname_owners[(mentions[i].doc, key)].add(_canonical_person(names[i]))

    # Blocking: only mentions sharing a key are compared, which keeps the pair count near-linear.
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in live:
        for key in _blocking_keys(names[i], mentions[i].doc):
            blocks[key].append(i)
    pairs = _candidate_pairs(blocks)

    separate = _listed_apart(mentions, names, live)
    forest = _DisjointSet(len(mentions))
    # The primary names in each cluster (by root), for the listed-apart guard.
    cluster_names: dict[int, set[str]] = {i: {script_key(names[i].primary)} for i in live}
    reasons: list[MergeReason] = []
    for a, b in pairs:
        ra, rb = forest.find(a), forest.find(b)
        if ra == rb:
            continue
        same_doc = mentions[a].doc == mentions[b].doc
        found = _pair_rule(names[a], names[b], same_doc, surname_owners, mentions[a].doc)
        if found is None:
            found = _similar_with_shared_org(mentions[a], mentions[b], names[a], names[b], orgs)
        if found is None or _conflict(cluster_names[ra], cluster_names[rb], separate):
            continue
        forest.union(a, b)
        merged = cluster_names.pop(ra) | cluster_names.pop(rb)
        cluster_names[forest.find(a)] = merged
        reasons.append(MergeReason(a, b, *found))

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in live:
        clusters[forest.find(i)].append(i)
    ordered = sorted((sorted(c) for c in clusters.values()), key=lambda c: c[0])
    return Resolution(clusters=ordered, reasons=reasons, dropped=dropped)


def _canonical_person(names: _Names) -> str:
    full = [n for n in names.all if _is_full_name(n)]
    return min(script_key(n) for n in full) if full else script_key(names.primary)


def _blocking_keys(names: _Names, doc: str) -> Iterable[str]:
    for name in names.all:
        yield "s:" + script_key(name)
        for key in name_keys(name):
            yield "k:" + key
        if surname := surname_key(name):
            yield f"d:{doc}:{surname}"  # surname-only references are resolved inside one document only
            if not is_cjk(name):
                # Candidates for the similar-name rule: same surname and same initial. The surname alone made
                # blocks of thousands for Wang, Li, Zhang (bench/consolidation.py: quadratic growth).
                given = [t for t in name_tokens(name) if t != surname]
                yield f"l:{surname}:{given[0][:1] if given else ''}"


def _candidate_pairs(blocks: dict[str, list[int]]) -> Iterator[tuple[int, int]]:
    """Pairs to compare, block by block in a fixed order. Members of an exact-name block ("s:") all carry the
    same name, so comparing each with the next is enough for union-find; other blocks compare all pairs."""
    for key in sorted(blocks):
        members = sorted(set(blocks[key]))
        if key.startswith("s:"):
            yield from pairwise(members)
        else:
            yield from combinations(members, 2)


def _listed_apart(mentions: Sequence[Mention], names: Sequence[_Names], live: Iterable[int]) -> set[frozenset[str]]:
    """Pairs of distinct full names the same chunk lists as separate people: they must never end up together."""
    by_chunk: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i in live:
        by_chunk[(mentions[i].doc, mentions[i].chunk_start, mentions[i].chunk_end)].append(i)
    apart: set[frozenset[str]] = set()
    for group in by_chunk.values():
        for a, b in combinations(group, 2):
            keys_a = {script_key(n) for n in names[a].all}
            keys_b = {script_key(n) for n in names[b].all}
            if keys_a & keys_b:
                continue  # the model listed one person twice
            if _is_full_name(names[a].primary) and _is_full_name(names[b].primary):
                apart.add(frozenset((script_key(names[a].primary), script_key(names[b].primary))))
    return apart


def _conflict(left: set[str], right: set[str], separate: set[frozenset[str]]) -> bool:
    return any(frozenset((x, y)) in separate for x in left for y in right)


def _similar_with_shared_org(a: Mention, b: Mention, na: _Names, nb: _Names, orgs: OrgTable) -> tuple[str, str] | None:
    if is_cjk(na.primary) or is_cjk(nb.primary) or not (_is_full_name(na.primary) and _is_full_name(nb.primary)):
        return None
    if surname_key(na.primary) != surname_key(nb.primary):
        return None
    score = fuzz.token_sort_ratio(" ".join(sorted(name_keys(na.primary))), " ".join(sorted(name_keys(nb.primary))))
    if score < SIMILAR_NAME_CUTOFF:
        return None
    shared = _orgs_of(a, orgs) & _orgs_of(b, orgs)
    if not shared:
        return None
    return "similar_name_shared_org", f"{na.primary} ≈ {nb.primary} ({score:.0f}), both at {min(shared)}"


def _orgs_of(mention: Mention, orgs: OrgTable) -> set[str]:
    return {orgs.canonical(p.organization).canonical for p in mention.positions}


def _is_organisation(name: str, orgs: OrgTable) -> bool:
    """A "person" whose whole name is a known organisation's alias (the model tags 谷歌 or DeepMind as people)."""
    return orgs.canonical(name).method == "alias"
