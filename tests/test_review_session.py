"""A scripted review session (issue 21): run on three seeds, correct four things with ``extract fix`` (reject,
rename, merge, split), add the other two seeds, run again: the corrections hold and nothing of the first three
documents is lost. Replayed from the seeds cassette; the corrections are the test's own, chosen to exercise each
kind, not claims about these people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.config import LOCAL_MODEL_NAME, Settings
from extract.consolidate import load_corrections, read_records
from extract.consolidate.corrections import names_match
from extract.pipeline import run
from tests.conftest import ROOT, SEEDS, seed_batch

URL = "http://127.0.0.1:9/v1"


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes" / "test_seeds_e2e")


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict) -> dict:
    return {**vcr_config, "allow_playback_repeats": True}


def _named(out: Path, person: str) -> list:
    return [r for r in read_records(out / "records.jsonl") if names_match([r.name, *r.aliases], person)]


@pytest.mark.vcr("test_seeds_end_to_end.yaml")
def test_corrections_hold_across_a_growing_corpus(tmp_path: Path) -> None:
    settings = Settings.from_env(base_url=URL, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache", concurrency=1,
                                 layout="lines")
    out = tmp_path / "out"
    run([seed_batch(tmp_path, "first", ("000", "001", "002"))], settings, out)
    first_names = {n for r in read_records(out / "records.jsonl") for n in (r.name, *r.aliases)}
    cli = CliRunner()
    for argv in (["reject", "Daniel Bashir", "Geoff Hinton's lab", "--note", "the guest's postdoc"],
                 ["rename", "扎克伯格", "Mark Zuckerberg"],
                 ["merge", "Heinrich Kuttler", "Karl Hermann"],
                 ["split", "Hugo Larochelle", "Larochelle"]):
        result = cli.invoke(app, ["fix", str(out), *argv])
        assert result.exit_code == 0, result.output
        assert f"added [[{argv[0]}]]" in result.output
        if argv[0] == "reject":  # diff shows a fix as a correction, beside the fact it removed
            changed = json.loads(cli.invoke(app, ["diff", str(out / ".previous"), str(out), "--json"]).output)
            (bashir,) = changed["changed"]
            assert bashir["corrected"] == ["reject Geoff Hinton's lab (the guest's postdoc)"]
            assert {f["change"] for f in bashir["facts"]} == {"removed"}
    assert len(load_corrections(out / "corrections.toml")) == 4
    assert "the guest's postdoc" in (out / "corrections.toml").read_text(encoding="utf-8")

    report = run([seed_batch(tmp_path, "second", ("003", "004"))], settings, out).warnings
    assert not [line for line in report if line.startswith("correction")], report

    (bashir,) = _named(out, "Daniel Bashir")
    assert "Geoff Hinton's lab" not in {p.organization for p in bashir.positions}
    (zuckerberg,) = _named(out, "Mark Zuckerberg")
    assert zuckerberg.name == "Mark Zuckerberg" and "扎克伯格" in zuckerberg.aliases
    (kuttler,) = _named(out, "Heinrich Kuttler")
    assert names_match([kuttler.name, *kuttler.aliases], "Karl Hermann")
    assert any(m.rule == "correction" for m in kuttler.merges)
    (hugo,) = _named(out, "Hugo Larochelle")
    assert "Larochelle" not in hugo.aliases, "split: the surname-only mentions are a record of their own"
    assert [r.name for r in _named(out, "Larochelle")] == ["Larochelle"]
    gold = cli.invoke(app, ["gold", str(out)])
    assert gold.exit_code == 0
    (tmp_path / "gold.jsonl").write_text(gold.output, encoding="utf-8")
    scores = cli.invoke(app, ["eval", str(out), str(tmp_path / "gold.jsonl"), "--json"])
    figures = json.loads(scores.output)
    assert figures["positions"]["f1"] == 1.0 and figures["persons"]["f1"] == 1.0 and figures["moves"]["f1"] == 1.0
    assert "Geoff Hinton's lab" not in gold.output, "the reviewed records, corrections applied, are the gold"
    final = read_records(out / "records.jsonl")
    names = {n for r in final for n in (r.name, *r.aliases)}
    assert first_names <= names | {"扎克伯格"}, "no person of the first three documents is lost"
    assert {d for r in final for d in r.sources} >= {p.stem for p in SEEDS.iterdir() if p.name[:3] in {"000", "001",
                                                                                                         "002"}}


@pytest.mark.vcr("test_seeds_end_to_end.yaml")
def test_a_correction_whose_target_is_gone_is_reported(tmp_path: Path) -> None:
    settings = Settings.from_env(base_url=URL, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache", concurrency=1,
                                 layout="lines")
    out = tmp_path / "out"
    run([seed_batch(tmp_path, "first", ("001",))], settings, out)
    result = CliRunner().invoke(app, ["fix", str(out), "reject", "Nobody Here", "Meta"])
    assert result.exit_code == 0
    assert "correction reject Nobody Here / Meta: no such fact any more" in result.output
    bad = CliRunner().invoke(app, ["fix", str(out), "set", "Yann LeCun", "Meta", "salary", "1"])
    assert bad.exit_code == 2 and "field" in bad.output
    assert len(load_corrections(out / "corrections.toml")) == 1, "a bad entry is never written"
    nowhere = CliRunner().invoke(app, ["fix", str(tmp_path / "empty"), "reject", "Yann LeCun", "Meta"])
    assert nowhere.exit_code == 2 and not (tmp_path / "empty" / "corrections.toml").exists()
