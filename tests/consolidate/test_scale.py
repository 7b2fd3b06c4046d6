"""The resolver at scale: blocking that stays near-linear must still find every merge all-pairs comparison finds."""

from __future__ import annotations

import sys
from itertools import combinations

import pytest

from extract.consolidate import OrgTable, consolidate
from extract.consolidate.clusters import ApartGuard, Clusters
from extract.consolidate.name_rules import Owners, pair_rule, people, similar_with_shared_org
from extract.consolidate.records import build_records
from extract.consolidate.resolve import resolve
from extract.models.mention import Mention
from tests.conftest import ROOT
from tests.consolidate.test_resolve import mention

ORGS = OrgTable.load()


def _partition(clusters: list[list[int]]) -> set[frozenset[int]]:
    return {frozenset(c) for c in clusters}


def _all_pairs(mentions: list[Mention]) -> set[frozenset[int]]:
    """Reference: every pair compared with every rule, in index order, through the same guard (quadratic)."""
    names, _dropped, live = people(mentions, ORGS)
    owners = Owners.of(mentions, names, live)
    clusters = Clusters(len(mentions), ApartGuard.of(mentions, names, live))
    for a, b in combinations(live, 2):
        if clusters.together(a, b):
            continue
        same_doc = mentions[a].doc == mentions[b].doc
        found = pair_rule(names[a], names[b], same_doc, owners, mentions[a].doc) or similar_with_shared_org(
            mentions[a], mentions[b], names[a], names[b], ORGS)
        if found:
            clusters.join(a, b)
    return _partition(clusters.groups(live))


def _bench():
    sys.path.insert(0, str(ROOT))
    from bench import consolidation

    return consolidation


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blocked_resolver_finds_what_all_pairs_finds(seed: int) -> None:
    mentions = _bench().make_mentions(400, seed)
    assert _partition(resolve(mentions, ORGS).clusters) == _all_pairs(mentions)


def test_synthetic_scores_against_the_generators_truth() -> None:
    bench = _bench()
    mentions, truth = bench.make_corpus(2000, 8)
    scores = bench.pairwise_scores(resolve(mentions, ORGS).clusters, truth)
    # Measured 0.87 / 0.86 when written; the same-name ceiling of this corpus is ~0.9 precision.
    assert scores["pair_precision"] > 0.8 and scores["pair_recall"] > 0.8


def test_a_popular_person_is_one_cluster_across_scripts() -> None:
    ms = [mention("翟晓华", f"a{i}") for i in range(300)] + [mention("Xiaohua Zhai", f"b{i}") for i in range(300)]
    ms += [mention("Zhai Xiaohua", f"c{i}") for i in range(300)]
    result = resolve(ms, ORGS)
    assert len(result.clusters) == 1 and len(result.reasons) == len(ms) - 1


def test_many_surname_only_references_are_not_compared_across_documents() -> None:
    ms = [mention("Wang", f"d{i}") for i in range(500)] + [mention("王", f"e{i}") for i in range(500)]
    assert len(resolve(ms, ORGS).clusters) == 1000


def test_record_ids_stay_unique_for_many_people_with_one_name() -> None:
    ms = [mention("Wang", f"d{i}") for i in range(50)]
    records = build_records(ms, resolve(ms, ORGS), ORGS)
    assert [r.id for r in records[:3]] == ["wang", "wang-2", "wang-3"]
    assert len({r.id for r in records}) == 50


def test_unknown_resolver_is_a_config_error() -> None:
    from extract.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown resolver"):
        consolidate([mention("Jane Roe")], ORGS, resolver="nope")
