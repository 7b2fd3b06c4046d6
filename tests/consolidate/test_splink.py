"""``--resolver splink``: the same cluster structure as the rules, on the cases the rules are tested on."""

from __future__ import annotations

import sys

import pytest

from extract.consolidate import OrgTable, consolidate
from tests.conftest import ROOT
from tests.consolidate.test_resolve import mention

pytest.importorskip("splink")

from extract.consolidate.splink_resolver import resolve_with_splink

ORGS = OrgTable.load()


def test_splink_resolver_follows_the_rules_on_their_cases() -> None:
    ms = [
        mention("翟晓华", "a", others=("Xiaohua Zhai",)), mention("Zhai Xiaohua", "b"),  # alias and pinyin: one
        mention("王刚", "c"), mention("王钢", "d"),  # homophones in Han only: two
        mention("Heinrich Kuttler", "e", orgs=("Meta",)), mention("Heinrik Kuttler", "f", orgs=("Facebook",)),
        mention("Heinrich Kuttler", "g", orgs=("OpenAI",)),  # the same name joins without an organisation
        mention("Wei Li", "h", orgs=("Google",)), mention("Wen Li", "i", orgs=("Google",)),  # two people
        mention("Hugo Larochelle", "j"), mention("Larochelle", "j", chunk=1), mention("Larochelle", "k"),
        mention("谷歌", "l"),  # an organisation tagged as a person
        mention("Ann Smith", "m"), mention("Bob Jones", "m"), mention("Ann Smith", "n", others=("Bob Jones",)),
    ]
    result = resolve_with_splink(ms, ORGS)
    found = sorted(sorted(ms[i].name + "@" + ms[i].doc for i in c) for c in result.clusters)
    assert ["Xiaohua Zhai@b", "翟晓华@a"] not in found and ["Zhai Xiaohua@b", "翟晓华@a"] in found
    assert ["王刚@c"] in found and ["王钢@d"] in found
    assert ["Heinrich Kuttler@e", "Heinrich Kuttler@g", "Heinrik Kuttler@f"] in found
    assert ["Wei Li@h"] in found and ["Wen Li@i"] in found
    assert ["Hugo Larochelle@j", "Larochelle@j"] in found and ["Larochelle@k"] in found
    assert result.dropped == [12]
    assert not any({"Ann Smith@m", "Bob Jones@m"} <= set(c) for c in found)
    assert all(r.rule == "splink" and "p = " in r.detail for r in result.reasons)


def test_splink_and_the_rules_agree_on_synthetic_mentions() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.consolidation import make_corpus, pairwise_scores
    from extract.consolidate.resolve import resolve

    mentions, truth = make_corpus(600, 8)
    rules = pairwise_scores(resolve(mentions, ORGS).clusters, truth)
    splink = pairwise_scores(resolve_with_splink(mentions, ORGS).clusters, truth)
    assert abs(splink["pair_f1"] - rules["pair_f1"]) < 0.03, (rules, splink)


def test_records_build_the_same_way_from_either_resolver() -> None:
    ms = [mention("翟晓华", "a", others=("Xiaohua Zhai",), orgs=("OpenAI",)), mention("Xiaohua Zhai", "b")]
    (record,) = consolidate(ms, ORGS, resolver="splink")
    assert record.sources == ["a", "b"] and record.merges[0].rule == "splink"
