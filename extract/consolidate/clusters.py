"""The clusters a resolver builds: union-find over mentions, guarded so people listed apart never end up together.

Both resolvers (the rules in :mod:`extract.consolidate.resolve`, Splink in
:mod:`extract.consolidate.splink_resolver`) join mentions through :class:`Clusters`, so they share one
over-merging guard and one order of the clusters they return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from extract.consolidate.name_rules import Names
from extract.models.mention import Mention

__all__ = ["ApartGuard", "Clusters", "listed_apart"]


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


def _by_rule(mention: Mention) -> bool:
    facts = [*mention.positions, *mention.education]
    return bool(facts) and all(f.evidence.method == "rule" for f in facts)


def listed_apart(mentions: Sequence[Mention], names: Sequence[Names], live: Iterable[int]) -> set[frozenset[str]]:
    """Pairs of distinct full names the same chunk lists as separate people: they must never end up together. Only
    the model lists people: a mention the rule pass made (every fact of it read by rule) names whom a sentence
    shape found, maybe by a short form of a listed name ("库特勒曾在 Acme 工作" beside 海因里希·库特勒)."""
    by_chunk: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i in live:
        if _by_rule(mentions[i]):
            continue
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


class ApartGuard:
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

    @classmethod
    def of(cls, mentions: Sequence[Mention], names: Sequence[Names], live: Iterable[int]) -> ApartGuard:
        """The guard for these mentions, each live mention its own cluster holding its primary name."""
        live = list(live)
        guard = cls(listed_apart(mentions, names, live))
        for i in live:
            guard.add(i, names[i].infos[0].script)
        return guard

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


class Clusters:
    """Mentions joined so far: each join goes through the guard, and a refused join changes nothing."""

    def __init__(self, size: int, guard: ApartGuard) -> None:
        self._forest = _DisjointSet(size)
        self._guard = guard

    def together(self, a: int, b: int) -> bool:
        """Whether ``a`` and ``b`` are in one cluster already."""
        return self._forest.find(a) == self._forest.find(b)

    def join(self, a: int, b: int) -> bool:
        """Join the clusters of ``a`` and ``b`` unless they are one already or the guard forbids it; True if joined."""
        ra, rb = self._forest.find(a), self._forest.find(b)
        if ra == rb or self._guard.conflict(ra, rb):
            return False
        self._guard.merged(ra, rb, self._forest.union(a, b))
        return True

    def root(self, a: int) -> int:
        """The cluster ``a`` is in, named by its smallest mention index."""
        return self._forest.find(a)

    def groups(self, live: Iterable[int]) -> list[list[int]]:
        """The clusters of the ``live`` mentions, each sorted, in order of their first mention."""
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in live:
            clusters[self._forest.find(i)].append(i)
        return sorted((sorted(c) for c in clusters.values()), key=lambda c: c[0])
