"""The hand-written gold records stay valid against today's ingestion (offsets, schema, ids).

Two answer keys: ``seeds.records.jsonl`` for ``seeds/`` and the held-out ``extra.records.jsonl`` for
``tests/gold/extra/`` (issue 9; see tests/gold/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.ingest import ingest
from extract.io import write_text_atomic
from tests.conftest import ROOT, SEEDS
from tests.gold.verify_gold import verify

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"
EXTRA = ROOT / "tests" / "gold" / "extra"
EXTRA_GOLD = ROOT / "tests" / "gold" / "extra.records.jsonl"

# The publication dates the extra gold's relative dates are resolved against (None: the undated podcast page).
EXTRA_DATES = {
    "x01_deepmind_chengjing": ("markdown", "zh", "2025-03-18"),
    "x02_harriet_vale": ("html", "en", "2024-10-15"),
    "x03_baidu_alicloud": ("html", "zh", "2023-11-08"),
    "x04_frontier_podcast": ("text", "en", None),
    "x05_ferrous_labs": ("markdown", "zh", "2024-04-22"),
    "x06_weekly_moves": ("text", "zh", "2025-09-02"),
}


def _write_docs(folder: Path, tmp_path: Path) -> Path:
    result = ingest([folder])
    assert result.failures == []
    for doc in result.documents:
        write_text_atomic(tmp_path / "docs" / f"{doc.id}.txt", doc.text)
    return tmp_path / "docs"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(("gold", "folder"), [(GOLD, SEEDS), (EXTRA_GOLD, EXTRA)], ids=["seeds", "extra"])
def test_gold_evidence_points_into_the_ingested_texts(gold: Path, folder: Path, tmp_path: Path) -> None:
    assert verify(gold, _write_docs(folder, tmp_path)) == []


def test_gold_covers_the_people_the_issues_name() -> None:
    text = GOLD.read_text(encoding="utf-8")
    for name in ("Hugo Larochelle", "Xiaohua Zhai", "翟晓华", "Lucas Beyer", "Alexander Kolesnikov"):
        assert name in text


def test_extra_articles_ingest_with_the_dates_the_gold_assumes() -> None:
    docs = {doc.id: doc for doc in ingest([EXTRA]).documents}
    assert {doc_id: (d.format, d.language, d.published) for doc_id, d in docs.items()} == EXTRA_DATES
    assert 9_500 <= sum(len(d.text) for d in docs.values()) <= 12_500  # 10,390 today; some slack for ingest changes
    assert all(1_000 <= len(d.text) <= 3_000 for d in docs.values())


def test_extra_gold_is_held_out_from_the_seeds_and_cites_every_article() -> None:
    extra, seeds = _records(EXTRA_GOLD), _records(GOLD)
    assert (len(extra), sum(len(r["positions"]) for r in extra), sum(len(r["education"]) for r in extra)) == (
        22, 58, 16)
    seed_names = {n for r in seeds for n in (r["name"], *r["aliases"])}
    assert not seed_names & {n for r in extra for n in (r["name"], *r["aliases"])}
    assert {doc for r in extra for doc in r["sources"]} == set(EXTRA_DATES)
    # people seen in two articles have one record; people only mentioned (byline, host, investor) have none
    two_docs = {r["id"] for r in extra if len(r["sources"]) == 2}
    assert two_docs == {"mingyuan-song", "jing-ouyang", "priya-raman"}
    names = {n for r in extra for n in (r["name"], *r["aliases"])}
    for mentioned_only in ("Elena Marsh", "Jonah Pike", "Dana Whitfield", "Maya Lindqvist", "朱沐阳", "Harriet Vale"):
        assert mentioned_only not in names
