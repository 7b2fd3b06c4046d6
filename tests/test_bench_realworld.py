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
    assert kept["current"] is None, "a gold file that says nothing of the present says nothing"
    assert realworld.split_gold([record], {"d3"}) == []


def test_the_timeline_of_a_person_in_two_batches_follows_the_split() -> None:
    """Moves keep to the split's articles; what a person holds now is the answer of the latest article there."""
    def one(doc: str, org: str, current: list[str], move: tuple[str, str]) -> dict:
        return {"id": "a", "name": "A", "sources": [doc], "education": [],
                "positions": [{"organization": o, "evidence": [{"doc": doc}]} for o in (org, move[0])],
                "current": current, "moves": [{"source": move[0], "target": move[1], "evidence": [{"doc": doc}]}]}

    merged = realworld.merge_records(one("old", "Meta", ["Meta"], ("Baidu", "Meta")),
                                     one("new", "OpenAI", ["OpenAI"], ("Meta", "OpenAI")))
    dates = {"old": "2023-01-01", "new": "2025-01-01"}
    (both,) = realworld.split_gold([merged], {"old", "new"}, dates)
    assert both["current"] == ["OpenAI"]
    assert [(m["source"], m["target"]) for m in both["moves"]] == [("Baidu", "Meta"), ("Meta", "OpenAI")]
    (early,) = realworld.split_gold([merged], {"old"}, dates)
    assert early["current"] == ["Meta"] and [m["target"] for m in early["moves"]] == ["Meta"]
    assert "_currents" not in early


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



def test_one_person_written_in_two_batches_is_one_gold_record() -> None:
    english = {"id": "jane-roe", "name": "Jane Roe", "aliases": ["Roe"], "sources": ["en"], "education": [],
               "positions": [
                   {"organization": "Acme", "title": "CTO", "start": None, "end": None, "status": "current",
                    "statuses": ["current"], "evidence": [{"doc": "en", "quote": "Roe, CTO of Acme"}]},
                   {"organization": "Beta", "title": None, "start": "2019", "end": "2021", "status": "former",
                    "statuses": ["former"], "evidence": [{"doc": "en", "quote": "Beta, 2019-2021"}]}]}
    chinese = {"id": "jane-roe", "name": "简·罗", "aliases": [], "sources": ["zh"], "education": [],
               "positions": [
                   {"organization": "Acme", "title": None, "start": "2024", "end": None, "status": "joined",
                    "statuses": ["joined"], "evidence": [{"doc": "zh", "quote": "简·罗 2024 年加入 Acme"}]},
                   {"organization": "Beta", "title": None, "start": "2015", "end": None, "status": "former",
                    "statuses": ["former"], "evidence": [{"doc": "zh", "quote": "2015 年在 Beta"}]}]}
    merged = realworld.merge_records(english, chinese)
    assert merged["name"] == "Jane Roe" and merged["aliases"] == ["Roe", "简·罗"]
    assert merged["sources"] == ["en", "zh"]
    acme, beta, beta_earlier = merged["positions"]
    assert (acme["title"], acme["start"], acme["statuses"], acme["status"]) == ("CTO", "2024", ["current", "joined"],
                                                                              "joined")
    assert [e["doc"] for e in acme["evidence"]] == ["en", "zh"]
    assert (beta["start"], beta_earlier["start"]) == ("2019", "2015"), "dates that disagree stay two facts"
    assert english["positions"][0]["statuses"] == ["current"], "the inputs are not changed"
    swapped = realworld.merge_records(chinese, english)
    assert swapped["name"] == "Jane Roe" and swapped["aliases"] == ["简·罗", "Roe"], "the Latin name is the name"


def test_the_committed_gold_has_one_record_per_person() -> None:
    records = realworld.gold_records()
    assert len({r["id"] for r in records}) == len(records)
