"""Clusters and the listed-apart guard that both resolvers join mentions through."""

from __future__ import annotations

from extract.consolidate.clusters import ApartGuard, Clusters, listed_apart
from extract.consolidate.name_rules import mention_names
from tests.consolidate.test_resolve import mention


def test_joins_chain_and_groups_come_sorted_in_order_of_first_mention() -> None:
    clusters = Clusters(5, ApartGuard(set()))
    assert clusters.join(3, 1) and clusters.join(4, 1)
    assert not clusters.join(3, 4)  # one cluster already
    assert clusters.together(3, 4) and clusters.root(4) == 1
    assert clusters.groups(range(5)) == [[0], [1, 3, 4], [2]]


def test_the_guard_refuses_a_join_that_would_bring_people_listed_apart_together() -> None:
    ms = [mention("Ann Smith", "a"), mention("Bob Jones", "a"), mention("Ann Smith", "b"), mention("Bob Jones", "b")]
    names = [mention_names(m) for m in ms]
    assert listed_apart(ms, names, range(4)) == {frozenset({"ann smith", "bob jones"})}
    clusters = Clusters(4, ApartGuard.of(ms, names, range(4)))
    assert clusters.join(0, 2) and clusters.join(1, 3)
    assert not clusters.join(2, 3)  # Ann's cluster and Bob's: the chunk of document a listed them apart
    assert clusters.groups(range(4)) == [[0, 2], [1, 3]]


def test_one_person_listed_twice_in_a_chunk_is_not_kept_apart() -> None:
    ms = [mention("Ann Smith", "a", others=("Smith Ann",)), mention("Smith Ann", "a")]
    names = [mention_names(m) for m in ms]
    assert listed_apart(ms, names, range(2)) == set()
