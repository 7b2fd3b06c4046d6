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
- ``surname_in_document``: a surname-only reference (``Larochelle``, or ``库特勒`` for ``海因里希·库特勒``) joins the
  one full name in the same document with that surname; if the document has two such people it joins neither.
- ``given_name_in_document``: the same for a first-name reference in romanised names (``Rafael`` → ``Rafael
  Quintero``), when exactly one person of the document has that word as a given name or a surname.
- ``similar_name_shared_org``: near-identical romanised names (a typo or missing accent) that also share a
  canonical organisation.
- ``transliteration_shared_org``: a Chinese transliteration (普丽雅·拉曼) and a romanised name (Priya Raman) that
  sound alike (pinyin against the letters, same number of parts, ratio ≥ ``TRANSLITERATION_CUTOFF``) and share a
  canonical organisation, when neither side has a name in the other script: articles that give only one form.

Over-merging guard: two clusters are never joined when they hold two different full names that the same chunk
lists as separate people, whatever rule fired.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, pairwise

from rapidfuzz import fuzz, process

from extract.lexicon.names import (
    clean_name,
    given_key,
    is_cjk,
    is_surname_only,
    name_keys,
    name_tokens,
    script_key,
    sound_key,
    surname_key,
)
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention

__all__ = ["MergeReason", "Resolution", "resolve"]

SIMILAR_NAME_CUTOFF = 90.0
# Pinyin of a transliteration against the romanised letters (fuzz.ratio): the seeds' 13 pairs score 42–84, 8 of them
# 65 or more (扬・勒昆/Yann LeCun 74, 尼尔・劳伦斯/Neil Lawrence 42); pairs of different people at most 45. The shared
# organisation is the second condition.
TRANSLITERATION_CUTOFF = 65.0


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

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


def _is_full_name(name: str) -> bool:
    if is_cjk(name):
        return len(name.replace("·", "")) >= 2
    return len(name.split()) >= 2 or "·" in name


@dataclass(frozen=True)
class _NameInfo:
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
def _info(name: str) -> _NameInfo:
    return _NameInfo(name, script_key(name), _is_full_name(name), is_cjk(name), name_keys(name), surname_key(name),
                     is_surname_only(name), given_key(name))


@dataclass(frozen=True)
class _Names:
    """The comparable forms of one mention's names (equal for mentions that write the same names)."""

    primary: str
    others: tuple[str, ...]
    infos: tuple[_NameInfo, ...] = field(compare=False, hash=False, repr=False)

    @property
    def all(self) -> tuple[str, ...]:
        return (self.primary, *self.others)


@lru_cache(maxsize=1 << 18)
def _names_of(name: str, other_names: tuple[str, ...]) -> _Names:
    primary = clean_name(name)
    others = tuple(dict.fromkeys(n for n in (clean_name(o) for o in other_names) if n and n != primary))
    return _Names(primary, others, tuple(_info(n) for n in (primary, *others)))


def _mention_names(mention: Mention) -> _Names:
    return _names_of(mention.name, tuple(mention.other_names))


@dataclass
class _Owners:
    """Who in each document owns each surname and each given name (distinct full names): a one-word reference is
    resolved only when exactly one person of its document owns that word."""

    surname: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    given: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, mentions: Sequence[Mention], names: Sequence[_Names], live: Iterable[int]) -> _Owners:
        owners = cls()
        for i in live:
            for info in names[i].infos:
                if info.full and info.surname:
                    owners.surname[(mentions[i].doc, info.surname)].add(_canonical_person(names[i]))
                if info.full and info.given:
                    owners.given[(mentions[i].doc, info.given)].add(_canonical_person(names[i]))
        return owners

    def of_word(self, doc: str, word: str, latin: bool) -> set[str]:
        """Everyone a one-word reference could mean: in romanised names a word may be a surname or a given name."""
        owners = self.surname.get((doc, word), set())
        return owners | self.given.get((doc, word), set()) if latin else owners


def _pair_rule(a: _Names, b: _Names, same_doc: bool, owners: _Owners, doc: str) -> tuple[str, str] | None:
    """The strongest rule that says a and b are the same person, with a human-readable detail."""
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
    if same_doc:
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


class _Guard:
    """The over-merging guard: full names one chunk lists as different people never end up in one cluster.

    Only names that occur in such a list are tracked per cluster, and the smaller set is merged into the larger,
    so a popular person's cluster costs nothing to grow."""

    def __init__(self, apart: set[frozenset[str]]) -> None:
        self.apart: dict[str, set[str]] = defaultdict(set)
        for pair in apart:
            x, y = tuple(pair)
            self.apart[x].add(y)
            self.apart[y].add(x)
        self.names: dict[int, set[str]] = {}

    def add(self, root: int, name: str) -> None:
        if name in self.apart:
            self.names[root] = {name}

    def conflict(self, ra: int, rb: int) -> bool:
        left, right = self.names.get(ra), self.names.get(rb)
        if not left or not right:
            return False
        small, large = (left, right) if len(left) <= len(right) else (right, left)
        return any(not self.apart[x].isdisjoint(large) for x in small)

    def merged(self, ra: int, rb: int, root: int) -> None:
        left, right = self.names.pop(ra, None), self.names.pop(rb, None)
        if left is None or right is None:
            if left or right:
                self.names[root] = left or right  # type: ignore[assignment]
            return
        small, large = (left, right) if len(left) <= len(right) else (right, left)
        large |= small
        self.names[root] = large


def resolve(mentions: Sequence[Mention], orgs: OrgTable) -> Resolution:
    """Cluster the mentions. Four kinds of blocks, each for the rule that needs it, in this order: mentions of one
    document sharing a surname (every rule); mentions sharing a full name's exact written form (compared as a
    chain: one comparison per mention); mentions sharing a pinyin/token key (one representative per cluster and
    spelling, so a person mentioned 2,000 times costs a handful of comparisons); romanised names sharing surname
    and initial (the similar-name rule, compared per distinct name). Pair counts stay near-linear in the mentions.
    """
    names = [_mention_names(m) for m in mentions]
    organisations = {p for p in {n.primary for n in names} if _is_organisation(p, orgs)}
    dropped = [i for i, n in enumerate(names) if n.primary in organisations]
    dropped_set = set(dropped)
    live = [i for i in range(len(mentions)) if i not in dropped_set]

    owners = _Owners.of(mentions, names, live)

    in_doc: dict[tuple[str, str], list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    homophone: dict[str, list[int]] = defaultdict(list)
    similar: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in live:
        for info in names[i].infos:
            if info.surname:
                in_doc[(mentions[i].doc, info.surname)].append(i)
            if info.full and info.given:
                in_doc[(mentions[i].doc, info.given)].append(i)  # meets a first-name reference's surname block
            if info.cjk and "·" not in info.text:
                in_doc[(mentions[i].doc, info.text)].append(i)  # meets a transliteration's last part (库特勒)
            if info.full:  # the name rules all need full names on both sides
                exact[info.script].append(i)
                for key in info.keys:
                    homophone[key].append(i)
        head = names[i].infos[0]
        if head.full and not head.cjk and head.surname:
            # Same surname and same initial: the surname alone made blocks of thousands (Wang, Li, Zhang).
            given = [t for t in name_tokens(head.text) if t != head.surname]
            similar[(head.surname, given[0][:1] if given else "")].append(i)

    forest = _DisjointSet(len(mentions))
    guard = _Guard(_listed_apart(mentions, names, live))
    for i in live:
        guard.add(i, names[i].infos[0].script)
    reasons: list[MergeReason] = []

    def attempt(a: int, b: int, rule: Callable[[int, int], tuple[str, str] | None]) -> None:
        ra, rb = forest.find(a), forest.find(b)
        if ra == rb:
            return
        found = rule(a, b)
        if found is None or guard.conflict(ra, rb):
            return
        guard.merged(ra, rb, forest.union(a, b))
        reasons.append(MergeReason(a, b, *found))

    def named(a: int, b: int) -> tuple[str, str] | None:
        same_doc = mentions[a].doc == mentions[b].doc
        return _pair_rule(names[a], names[b], same_doc, owners, mentions[a].doc)

    def named_or_similar(a: int, b: int) -> tuple[str, str] | None:
        return named(a, b) or _similar_with_shared_org(mentions[a], mentions[b], names[a], names[b], orgs)

    for key in sorted(in_doc):
        for a, b in combinations(_members(in_doc[key]), 2):
            attempt(a, b, named_or_similar)
    for key in sorted(exact):
        for a, b in pairwise(_members(exact[key])):
            attempt(a, b, named)
    for key in sorted(homophone):
        members = _members(homophone[key])
        if len(members) < 2:
            continue
        representatives: dict[tuple[int, _Names], int] = {}
        for i in members:
            representatives.setdefault((forest.find(i), names[i]), i)
        for a, b in combinations(sorted(representatives.values()), 2):
            attempt(a, b, named)
    for key in sorted(similar):
        for a, b in _similar_candidates(_members(similar[key]), mentions, names, orgs):
            attempt(a, b, named_or_similar)
    for a, b, reason in _transliteration_pairs(mentions, names, live, orgs):
        attempt(a, b, lambda _a, _b, found=reason: found)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in live:
        clusters[forest.find(i)].append(i)
    ordered = sorted((sorted(c) for c in clusters.values()), key=lambda c: c[0])
    return Resolution(clusters=ordered, reasons=reasons, dropped=dropped)


def _members(indexes: list[int]) -> list[int]:
    """Block members, sorted, each once (a mention whose two names share a key was added twice)."""
    return sorted(set(indexes))


def _similar_candidates(members: list[int], mentions: Sequence[Mention], names: Sequence[_Names],
                        orgs: OrgTable) -> Iterable[tuple[int, int]]:
    """Pairs for the similar-name rule: distinct names scored against each other once (rapidfuzz, in C), and for
    each similar pair one mention of each per shared organisation."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for i in members:
        by_name[names[i].primary].append(i)
    if len(by_name) < 2:
        return
    texts = sorted(by_name)
    keyed = [_similarity_form(t) for t in texts]
    first_at: dict[str, dict[str, int]] = {}

    def employers(text: str) -> dict[str, int]:
        if text not in first_at:
            found: dict[str, int] = {}
            for i in by_name[text]:
                for org in sorted(_orgs_of(mentions[i], orgs)):
                    found.setdefault(org, i)
            first_at[text] = found
        return first_at[text]

    for x, query in enumerate(keyed[:-1]):
        hits = process.extract(query, keyed[x + 1 :], scorer=fuzz.token_sort_ratio,
                               score_cutoff=SIMILAR_NAME_CUTOFF, limit=None)
        for _choice, _score, offset in sorted(hits, key=lambda h: h[2]):
            left, right = employers(texts[x]), employers(texts[x + 1 + offset])
            for org in sorted(left.keys() & right.keys()):
                yield left[org], right[org]


def _similarity_form(name: str) -> str:
    return " ".join(sorted(_info(name).keys))


def _canonical_person(names: _Names) -> str:
    full = [n.script for n in names.infos if n.full]
    return min(full) if full else names.infos[0].script


def _listed_apart(mentions: Sequence[Mention], names: Sequence[_Names], live: Iterable[int]) -> set[frozenset[str]]:
    """Pairs of distinct full names the same chunk lists as separate people: they must never end up together."""
    by_chunk: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i in live:
        by_chunk[(mentions[i].doc, mentions[i].chunk_start, mentions[i].chunk_end)].append(i)
    apart: set[frozenset[str]] = set()
    for group in by_chunk.values():
        for a, b in combinations(group, 2):
            keys_a = {n.script for n in names[a].infos}
            keys_b = {n.script for n in names[b].infos}
            if keys_a & keys_b:
                continue  # the model listed one person twice
            if names[a].infos[0].full and names[b].infos[0].full:
                apart.add(frozenset((names[a].infos[0].script, names[b].infos[0].script)))
    return apart


def _similar_with_shared_org(a: Mention, b: Mention, na: _Names, nb: _Names, orgs: OrgTable) -> tuple[str, str] | None:
    ia, ib = na.infos[0], nb.infos[0]
    if ia.cjk or ib.cjk or not (ia.full and ib.full):
        return None
    if ia.surname != ib.surname:
        return None
    score = fuzz.token_sort_ratio(_similarity_form(ia.text), _similarity_form(ib.text))
    if score < SIMILAR_NAME_CUTOFF:
        return None
    shared = _orgs_of(a, orgs) & _orgs_of(b, orgs)
    if not shared:
        return None
    return "similar_name_shared_org", f"{ia.text} ≈ {ib.text} ({score:.0f}), both at {min(shared)}"


def _one_script_sound(names: _Names) -> tuple[str, int, bool] | None:
    """(sound, parts, is a transliteration) of a mention whose names are all in one script, else None: names in
    both scripts are joined by the text's own alias already."""
    head = names.infos[0]
    if not head.full or any(info.cjk != head.cjk for info in names.infos):
        return None
    sound = sound_key(head.text)
    return None if sound is None else (sound[0], sound[1], head.cjk)


def _transliteration_pairs(mentions: Sequence[Mention], names: Sequence[_Names], live: Iterable[int],
                           orgs: OrgTable) -> Iterable[tuple[int, int, tuple[str, str]]]:
    """Pairs for ``transliteration_shared_org``, blocked by canonical organisation: within a block each distinct
    transliteration is scored against each distinct romanised name (rapidfuzz, in C)."""
    by_org: dict[str, tuple[dict[str, int], dict[str, int]]] = defaultdict(lambda: ({}, {}))
    sound_of: dict[int, tuple[str, int, bool]] = {}
    for i in live:
        sound = _one_script_sound(names[i])
        if sound is None:
            continue
        sound_of[i] = sound
        for org in _orgs_of(mentions[i], orgs):
            side = by_org[org][0 if sound[2] else 1]
            side.setdefault(names[i].primary, i)
    for org in sorted(by_org):
        translits, latins = by_org[org]
        if not translits or not latins:
            continue
        latin_names = sorted(latins)
        latin_sounds = [sound_of[latins[n]][0] for n in latin_names]
        for text in sorted(translits):
            i = translits[text]
            sound, parts, _ = sound_of[i]
            hits = process.extract(sound, latin_sounds, scorer=fuzz.ratio, score_cutoff=TRANSLITERATION_CUTOFF,
                                   limit=None)
            for _choice, score, at in sorted(hits, key=lambda h: h[2]):
                j = latins[latin_names[at]]
                if sound_of[j][1] == parts:
                    yield i, j, ("transliteration_shared_org",
                                 f"{text} ≈ {latin_names[at]} ({score:.0f}), both at {org}")


def _orgs_of(mention: Mention, orgs: OrgTable) -> set[str]:
    return {orgs.canonical(p.organization).canonical for p in mention.positions}


def _is_organisation(name: str, orgs: OrgTable) -> bool:
    """A "person" whose whole name is a known organisation's alias (the model tags 谷歌 or DeepMind as people)."""
    return orgs.is_alias(name)
