"""The real-article benchmark's committed half: the manifest and the blind gold agree, and a split's gold keeps only
that split's evidence (bench/realworld.py). The articles' texts are not in the repository: nothing here needs them."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import realworld

FIELDS = {"id", "query", "url", "title", "date", "language", "shape", "split", "chars", "complete"}


def test_a_split_keeps_only_its_documents_evidence() -> None:
    record = {"id": "a", "name": "A", "sources": ["d1", "d2"], "education": [], "positions": [
        {"organization": "X", "evidence": [{"doc": "d1"}, {"doc": "d2"}]},
        {"organization": "Y", "evidence": [{"doc": "d2"}]},
    ]}
    (kept,) = realworld.split_gold([record], {"d1"})
    assert kept["sources"] == ["d1"]
    assert kept["positions"] == [{"organization": "X", "evidence": [{"doc": "d1"}]}]
    assert realworld.split_gold([record], {"d3"}) == []


def test_manifest_rows_are_complete_and_the_gold_cites_only_listed_articles() -> None:
    articles = realworld.manifest()
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))
    for article in articles:
        assert set(article) >= FIELDS, article["id"]
        assert article["split"] in realworld.SPLITS and article["language"] in {"zh", "zh-Hant", "en"}
        assert article["url"].startswith("http")
    cited = {e["doc"] for r in realworld.gold_records() for kind in ("positions", "education")
             for fact in r.get(kind, []) for e in fact["evidence"]}
    assert cited <= set(ids), sorted(cited - set(ids))
    if articles:
        assert {a["split"] for a in articles} == set(realworld.SPLITS), "both halves exist"

