"""The five seeds end to end, replayed from cassettes recorded against the real embedded model.

Re-record (needs the [local] extra; ~10 minutes on 2 cores):
    pytest tests/test_seeds_e2e.py --record-mode=rewrite
Replay matches requests on method, path and body, so a changed prompt, schema, chunking or ingest shows up here
as a failed chunk (no recorded answer) rather than silently passing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from extract.config import LOCAL_MODEL_NAME, Settings
from extract.ground.rules.unit_answers import is_unnamed_unit
from extract.lexicon.cues import default_cues
from extract.lexicon.orgs import OrgTable
from extract.pipeline import RunResult, run
from tests.conftest import SEEDS

VIT_RESEARCHERS = [
    ("翟晓华", "Xiaohua Zhai"), ("卢卡斯·拜尔", "Lucas Beyer"), ("亚历山大·科列斯尼科夫", "Alexander Kolesnikov"),
]


def seeds_run(model_url: str, tmp_path: Path) -> tuple[RunResult, Settings, Path]:
    # The embedded model's own settings: it is served here by the test, so `auto` would see a base URL and pick
    # the free layout; the package's run would use lines.
    settings = Settings.from_env(base_url=model_url, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache",
                                 concurrency=1, layout="lines")
    out = tmp_path / "out"
    return run([SEEDS], settings, out), settings, out


def people(result: RunResult) -> dict[str, list]:
    by_name: dict[str, list] = {}
    for mention in result.mentions:
        for name in (mention.name, *mention.other_names):
            by_name.setdefault(name, []).append(mention)
    return by_name


@pytest.mark.vcr("test_seeds_end_to_end.yaml")
def test_seeds_end_to_end(model_url: str, tmp_path: Path) -> None:
    result, settings, out = seeds_run(model_url, tmp_path)
    assert len(result.documents) == 5 and not result.ingest_failures
    assert not result.chunk_failures, [str(r.error) for r in result.chunk_failures]

    # The ViT article: its three researchers, each found under one of their names, and OpenAI where they went.
    found = people(result)
    vit_mentions = []
    for names in VIT_RESEARCHERS:
        mentions = [m for name in names for m in found.get(name, [])]
        assert mentions, f"none of {names} was extracted"
        vit_mentions += mentions
    orgs = {p.organization for m in vit_mentions for p in m.positions}
    assert any("OpenAI" in org for org in orgs), orgs
    # Hugo Larochelle (weibo post and podcast) with Google.
    larochelle = [m for name, ms in found.items() if "Larochelle" in name for m in ms]
    assert {m.doc for m in larochelle} >= {"000_3ddfede94d37599f", "002_e4194cfbf042f9c0"}
    assert any("谷歌" in p.organization or "Google" in p.organization for m in larochelle for p in m.positions)

    # Every fact's evidence is the document's own text at its offsets.
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    assert len(facts) >= 20
    for evidence in facts:
        text = (out / "docs" / f"{evidence.doc}.txt").read_text(encoding="utf-8")
        assert text[evidence.start:evidence.end] == evidence.quote
    assert sum(e.alignment == "exact" for e in facts) / len(facts) >= 0.95

    # Files: mentions.jsonl round-trips, run.json has counts and no secrets.
    rows = [json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(result.mentions)
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert summary["counts"]["chunks"] == len(result.chunks) and summary["usage"]["calls"] >= len(result.chunks)
    assert summary["prompt"]["version"] and summary["schema"]["sha256"]
    speed = summary["speed"]  # llama.cpp sends its timings: the embedded model's decode rate is known
    assert speed["completion_tokens_per_fact"] > 0 and speed["decode_tokens_per_second"] > 0

    # Records: one per person; the podcast guest who is also the subject of the weibo post is one record with
    # sources from both; bilingual names of the ViT researchers are joined; organisations are canonical.
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(result.records) > 0
    larochelle = [r for r in records if "Larochelle" in r["name"] or any("Larochelle" in a for a in r["aliases"])]
    assert len(larochelle) == 1, [r["name"] for r in larochelle]
    assert {"000_3ddfede94d37599f", "002_e4194cfbf042f9c0"} <= set(larochelle[0]["sources"])
    for chinese, latin in VIT_RESEARCHERS:
        holders = [r for r in records if {chinese, latin} & {r["name"], *r["aliases"]}]
        assert len(holders) == 1, (chinese, latin, [r["name"] for r in holders])
    organisations = {p["organization"] for r in records for p in r["positions"]}
    assert {"Google DeepMind", "OpenAI"} <= organisations, organisations
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    published = {m["doc"]: m["published"] for m in rows if m.get("published")}
    for record in records:
        for fact in (*record["positions"], *record["education"]):
            for evidence in fact["evidence"]:
                text = (out / "docs" / f"{evidence['doc']}.txt").read_text(encoding="utf-8")
                assert text[evidence["start"]:evidence["end"]] == evidence["quote"]
            # no date after its documents' dates (issue 20): an article reports what has happened
            days = [published[e["doc"]][:10] for e in fact["evidence"] if e["doc"] in published]
            for value in (fact["start"], fact["end"]):
                if value and days:
                    assert any(value[:len(day)] <= day[:len(value)] for day in days), (record["name"], value, days)

    # A second identical run is served entirely from the cache.
    again = run([SEEDS], settings, tmp_path / "out2")
    assert again.usage.calls == 0 and again.usage.cache_hits == len(again.chunks)
    assert set(json.loads((tmp_path / "out2" / "run.json").read_text(encoding="utf-8"))["speed"].values()) <= {
        0, None}, "a cached re-run spent nothing: no speed figure"
    assert [m.model_dump() for m in again.mentions] == [m.model_dump() for m in result.mentions]

    # Roles and degrees read by rule ("ORG TITLE NAME", group moves, "毕业于") come on top of the model's facts,
    # each citing its sentence; without the rule pass the model's mentions are as the model gave them, but for a
    # unit given as the organisation ("数据部"), which the rule pass moves to its organisation, the unit in the title.
    by_rule = [m for m in result.mentions if any(f.evidence.method == "rule" for f in (*m.positions, *m.education))]
    assert by_rule
    plain = run([SEEDS], replace(settings, rules=False), tmp_path / "out3")
    assert plain.usage.calls == 0
    kept = [m for m in result.mentions if m not in by_rule]
    assert len(plain.mentions) == len(kept)
    for given, moved in zip(plain.mentions, kept, strict=True):
        for fact, after in zip(given.positions, moved.positions, strict=True):
            assert fact == after or (is_unnamed_unit(fact.organization, OrgTable.load(), default_cues())
                                     and fact.organization in (after.title or "")), (fact, after)
        assert given.model_dump(exclude={"positions"}) == moved.model_dump(exclude={"positions"})


OUTPUT_HASHES = Path(__file__).parent / "snapshots" / "seeds_outputs.sha256"


@pytest.mark.vcr("test_seeds_end_to_end.yaml")
def test_seeds_outputs_are_byte_identical_to_the_committed_ones(model_url: str, tmp_path: Path) -> None:
    """A refactoring must not change what the seeds cassette produces: ``mentions.jsonl`` and ``records.jsonl`` are
    compared by sha256 with the committed values. After an intended change of behaviour:
    ``UPDATE_SNAPSHOTS=1 python -m pytest tests/test_seeds_e2e.py`` (and say why in the commit)."""
    _, _, out = seeds_run(model_url, tmp_path)
    hashes = "".join(f"{hashlib.sha256((out / name).read_bytes()).hexdigest()}  {name}\n"
                     for name in ("mentions.jsonl", "records.jsonl"))
    if os.environ.get("UPDATE_SNAPSHOTS"):
        OUTPUT_HASHES.write_text(hashes, encoding="utf-8")
    assert hashes == OUTPUT_HASHES.read_text(encoding="utf-8")
    _check_flows(out)


SEEDS_FLOWS = Path(__file__).parent / "snapshots" / "seeds_flows.txt"


def _check_flows(out: Path) -> None:
    """``extract flows`` on the seeds run (issue 20): every move cites a quote that is its document's text at its
    offsets, and the listing is the committed one (read it to see which moves the seeds state and which are missed:
    ``bench/quality.md``, "Timeline")."""
    import io

    from rich.console import Console

    from extract.consolidate import read_records
    from extract.render.flows import render_flows
    from extract.review.flows import find_moves, summarise_flows

    records = read_records(out / "records.jsonl")
    for record in records:
        for move in record.moves or []:
            assert move.evidence, f"{record.name}: {move.source} → {move.target} has no evidence"
            for e in move.evidence:
                text = (out / "docs" / f"{e.doc}.txt").read_text(encoding="utf-8")
                assert text[e.start:e.end] == e.quote
    moves = find_moves(records)
    assert moves, "the seeds state moves"
    buffer = io.StringIO()
    render_flows(moves, summarise_flows(moves), Console(file=buffer, width=140, color_system=None))
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SEEDS_FLOWS.write_text(buffer.getvalue(), encoding="utf-8")
    assert buffer.getvalue() == SEEDS_FLOWS.read_text(encoding="utf-8")
