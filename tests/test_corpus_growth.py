"""A corpus that grows (issue 21): a run into a folder that holds earlier runs keeps their documents, and a run on
the rest of the seeds gives the records of one run on all of them. Replayed from the seeds cassette."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.config import LOCAL_MODEL_NAME, Settings
from extract.consolidate import read_records
from extract.corpus import read_manifest
from extract.pipeline import run
from tests.conftest import ROOT, SEEDS, seed_batch

URL = "http://127.0.0.1:9/v1"  # never reached: vcrpy answers from the cassette


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes" / "test_seeds_e2e")


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict) -> dict:
    return {**vcr_config, "allow_playback_repeats": True}  # each run asks the endpoint for its models first


def _settings(tmp_path: Path) -> Settings:
    return Settings.from_env(base_url=URL, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache", concurrency=1,
                             layout="lines")


def _signature(out: Path) -> set[tuple[str, frozenset[str]]]:
    return {(r.name, frozenset(p.organization for p in r.positions)) for r in read_records(out / "records.jsonl")}


@pytest.mark.vcr("test_seeds_end_to_end.yaml")
def test_a_second_batch_adds_to_the_first(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = seed_batch(tmp_path, "first", ("000", "001", "002"))
    second = seed_batch(tmp_path, "second", ("003", "004"))
    out = tmp_path / "out"
    run([first], settings, out)
    before = {e.id: e for e in read_manifest(out)}
    result = run([second], settings, out)
    assert result.carried_documents == 3
    rows = read_manifest(out)
    assert sorted(e.id for e in rows) == sorted(p.stem for p in SEEDS.iterdir() if p.suffix in {".txt", ".md", ".html"})
    assert all(e.sha256 and e.source for e in rows)
    assert {e.id: e.added for e in rows if e.id in before} == {k: e.added for k, e in before.items()}
    assert sorted(p.stem for p in (out / "docs").glob("*.txt")) == sorted(e.id for e in rows)
    whole = tmp_path / "whole"
    run([SEEDS], settings, whole)
    assert _signature(out) == _signature(whole), "two batches give the records of one run on all"
    assert json.loads((out / "run.json").read_text())["counts"]["documents_kept"] == 3

    again = run([second], settings, out)  # read again: replaced by themselves, nothing lost
    assert again.carried_documents == 3 and _signature(out) == _signature(whole)
    fresh = run([second], settings, out, fresh=True)
    assert fresh.carried_documents == 0
    assert len(read_manifest(out)) == 2
    assert all(e.doc in {r.id for r in read_manifest(out)} for r in read_records(out / "records.jsonl")
               for p in r.positions for e in p.evidence)


@pytest.mark.vcr("test_seeds_end_to_end.yaml")
def test_remove_takes_a_document_out_and_rebuilds_the_records(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from extract.cli import app

    out = tmp_path / "out"
    run([seed_batch(tmp_path, "some", ("003", "004"))], _settings(tmp_path), out)
    gone = next(e.id for e in read_manifest(out) if e.id.startswith("004"))
    result = CliRunner().invoke(app, ["remove", str(out), gone])
    assert result.exit_code == 0, result.output
    assert "1 left" in result.output
    assert [e.id for e in read_manifest(out)] == [e.id for e in read_manifest(out / ".previous") if e.id != gone]
    assert not (out / "docs" / f"{gone}.txt").exists()
    cited = {e.doc for r in read_records(out / "records.jsonl") for p in r.positions for e in p.evidence}
    assert cited and gone not in cited
    missing = CliRunner().invoke(app, ["remove", str(out), "no_such_doc"])
    assert missing.exit_code == 2 and "no document no_such_doc" in missing.output
