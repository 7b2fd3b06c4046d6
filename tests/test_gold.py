"""The hand-written gold records for the seeds stay valid against today's ingestion (offsets, schema, ids)."""

from __future__ import annotations

from pathlib import Path

from extract.ingest import ingest
from extract.io import write_text_atomic
from tests.conftest import ROOT, SEEDS
from tests.gold.verify_gold import verify

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"


def test_gold_evidence_points_into_the_ingested_texts(tmp_path: Path) -> None:
    for doc in ingest([SEEDS]).documents:
        write_text_atomic(tmp_path / "docs" / f"{doc.id}.txt", doc.text)
    assert verify(GOLD, tmp_path / "docs") == []


def test_gold_covers_the_people_the_issues_name() -> None:
    text = GOLD.read_text(encoding="utf-8")
    for name in ("Hugo Larochelle", "Xiaohua Zhai", "翟晓华", "Lucas Beyer", "Alexander Kolesnikov"):
        assert name in text
