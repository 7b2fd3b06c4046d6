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
- ``same_word_in_document``: the same one-word reference twice in one document (``Roe`` and ``Roe``, each with
  facts of its own) is one person, unless two full names of that document own the word.
- ``similar_name_shared_org``: near-identical romanised names (a typo or missing accent) that also share a
  canonical organisation.
- ``transliteration_shared_org``: a Chinese transliteration (普丽雅·拉曼) and a romanised name (Priya Raman) that
  sound alike (pinyin against the letters, same number of parts, ratio ≥ ``TRANSLITERATION_CUTOFF``) and share a
  canonical organisation, when neither side has a name in the other script: articles that give only one form.
- ``surname_in_corpus``: a romanised surname named in passing, with no fact of its own, joins the one person of
  the whole run whose full name ends in it (none when two such people exist).

Over-merging guard: two clusters are never joined when they hold two different full names that the same chunk
lists as separate people, whatever rule fired.

This module runs the blocks in order; the blocks are built in :mod:`extract.consolidate.blocking`, the rules
answered in :mod:`extract.consolidate.name_rules`, the clusters and the guard kept in
:mod:`extract.consolidate.clusters`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from extract.consolidate.blocking import Blocks, distinct_members, similar_candidates, transliteration_pairs
from extract.consolidate.clusters import ApartGuard, Clusters
from extract.consolidate.name_rules import Names, Owners, mention_names, pair_rule, people, similar_with_shared_org
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention

__all__ = ["MergeReason", "Resolution", "resolve"]

_mention_names = mention_names  # the name bench/consolidation.py imports; new code uses name_rules.mention_names

_Rule = Callable[[int, int], "tuple[str, str] | None"]


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


class _Merger:
    """Asks a rule about a pair only when the two are not one cluster yet, and records why each join happened."""

    def __init__(self, clusters: Clusters) -> None:
        self.clusters = clusters
        self.reasons: list[MergeReason] = []

    def attempt(self, a: int, b: int, rule: _Rule) -> None:
        if self.clusters.together(a, b):
            return
        found = rule(a, b)
        if found is not None and self.clusters.join(a, b):
            self.reasons.append(MergeReason(a, b, *found))


def resolve(mentions: Sequence[Mention], orgs: OrgTable) -> Resolution:
    """Cluster the mentions. Four kinds of blocks, each for the rule that needs it, in this order: mentions of one
    document sharing a surname (every rule); mentions sharing a full name's exact written form (compared as a
    chain: one comparison per mention); mentions sharing a pinyin/token key (one representative per cluster and
    spelling, so a person mentioned 2,000 times costs a handful of comparisons); romanised names sharing surname
    and initial (the similar-name rule, compared per distinct name). Pair counts stay near-linear in the mentions.
    """
    names, dropped, live = people(mentions, orgs)
    owners = Owners.of(mentions, names, live)
    blocks = Blocks.of(mentions, names, live)
    clusters = Clusters(len(mentions), ApartGuard.of(mentions, names, live))
    merger = _Merger(clusters)

    def named(a: int, b: int) -> tuple[str, str] | None:
        same_doc = mentions[a].doc == mentions[b].doc
        return pair_rule(names[a], names[b], same_doc, owners, mentions[a].doc)

    def named_or_similar(a: int, b: int) -> tuple[str, str] | None:
        return named(a, b) or similar_with_shared_org(mentions[a], mentions[b], names[a], names[b], orgs)

    for key in sorted(blocks.in_doc):
        for a, b in combinations(distinct_members(blocks.in_doc[key]), 2):
            merger.attempt(a, b, named_or_similar)
    for key in sorted(blocks.exact):
        for a, b in pairwise(distinct_members(blocks.exact[key])):
            merger.attempt(a, b, named)
    for a, b in _homophone_pairs(blocks, names, clusters):
        merger.attempt(a, b, named)
    for key in sorted(blocks.similar):
        for a, b in similar_candidates(distinct_members(blocks.similar[key]), mentions, names, orgs):
            merger.attempt(a, b, named_or_similar)
    for a, b, reason in transliteration_pairs(mentions, names, live, orgs):
        merger.attempt(a, b, lambda _a, _b, found=reason: found)
    for a, b, reason in _passing_surname_pairs(mentions, names, live, clusters):
        merger.attempt(a, b, lambda _a, _b, found=reason: found)
    return Resolution(clusters=clusters.groups(live), reasons=merger.reasons, dropped=dropped)


def _passing_surname_pairs(mentions: Sequence[Mention], names: Sequence[Names], live: Sequence[int],
                           clusters: Clusters) -> Iterable[tuple[int, int, tuple[str, str]]]:
    """``surname_in_corpus``: a romanised surname named in passing ("Zuckerberg" in an article that never writes
    his full name), with no fact of its own in any mention, joins the one person of the whole run whose full name
    ends in it. Two or more such people, and it joins none: "Wang" stays apart."""
    passing = [i for i in live if _passing_surname(mentions[i], names[i])]
    if not passing:
        return  # the usual case: nothing to look up, so no pass over every name of the run
    groups: dict[int, list[int]] = {}
    for i in live:
        groups.setdefault(clusters.root(i), []).append(i)
    wanted = {names[i].infos[0].surname for i in passing}
    by_surname: dict[str, set[int]] = {}
    by_word: dict[str, set[int]] = {}  # surname or given name: a word two people own joins neither
    for root, members in groups.items():
        for i in members:
            for info in names[i].infos:
                if info.full and not info.cjk and info.surname:
                    if info.surname in wanted:
                        by_surname.setdefault(info.surname, set()).add(root)
                    for word in (info.surname, info.given):
                        if word in wanted:
                            by_word.setdefault(word, set()).add(root)
    for root in dict.fromkeys(clusters.root(i) for i in passing):
        members = groups[root]
        if not all(_passing_surname(mentions[i], names[i]) for i in members):
            continue
        heads = {names[i].infos[0].surname for i in members}
        if len(heads) != 1:
            continue
        key = next(iter(heads))
        owners = by_surname.get(key, set()) - {root}
        if len(owners) == 1 and len(by_word.get(key, set()) - {root}) == 1:
            target = groups[next(iter(owners))][0]
            yield members[0], target, ("surname_in_corpus", f"{names[members[0]].primary} → {names[target].primary}")


def _passing_surname(mention: Mention, names: Names) -> bool:
    """A romanised surname alone, in a mention with no fact."""
    head = names.infos[0]
    return head.surname_only and not head.cjk and bool(head.surname) and not (mention.positions or mention.education)


def _homophone_pairs(blocks: Blocks, names: Sequence[Names], clusters: Clusters) -> Iterable[tuple[int, int]]:
    """Pairs within each pinyin/token block: one representative per cluster and spelling, chosen when the block's
    turn comes (lazily, so the joins made by earlier blocks count)."""
    for key in sorted(blocks.homophone):
        members = distinct_members(blocks.homophone[key])
        if len(members) < 2:
            continue
        representatives: dict[tuple[int, Names], int] = {}
        for i in members:
            representatives.setdefault((clusters.root(i), names[i]), i)
        yield from combinations(sorted(representatives.values()), 2)
