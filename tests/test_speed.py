"""Speed figures of a run (issue 18): completion tokens per grounded fact, decode tokens/s, prompt tokens per call and
the cached share, in ``run.json``'s ``speed`` and the summary's speed row; none of them when they would mislead."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from extract import pipeline
from extract.config import Settings
from extract.llm.usage import Usage
from extract.render.summary import render_summary, speed_line
from tests.fake_endpoint import FakeEndpoint, Reply, completion

TEXT = "Jane Roe joined Fooco Labs in 2020. She studied at Barco University.\n"
PERSON = {"name": "Jane Roe", "other_names": [], "positions": [
    {"organization": "Fooco Labs", "title": None, "start": "2020", "end": None, "status": "joined", "sentence": 1}],
    "education": [{"institution": "Barco University", "degree": None, "field": None, "start": None, "end": None,
                   "sentence": 2}]}
# llama.cpp's non-standard per-reply timings: 30 tokens decoded in 0.6 s → 50 tokens/s
TIMINGS = {"prompt_n": 200, "prompt_ms": 100.0, "predicted_n": 30, "predicted_ms": 600.0, "cache_n": 100}


def _reply(timings: bool) -> Reply:
    body = completion({"people": [PERSON]}, prompt_tokens=300, completion_tokens=30, cached_tokens=100)
    if timings:
        body["timings"] = TIMINGS
    return Reply(body)


def _run(endpoint: FakeEndpoint, tmp_path: Path, name: str, **overrides) -> tuple[pipeline.RunResult, dict]:
    doc = tmp_path / "in" / "jane.txt"
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(TEXT, encoding="utf-8")
    settings = Settings.from_env(cache_dir=tmp_path / "cache", model="fake", **overrides)
    out = tmp_path / name
    result = pipeline.run([doc.parent], settings, out, base_url=endpoint.base_url)  # the folder: all its texts
    return result, json.loads((out / "run.json").read_text(encoding="utf-8"))


def _summary(result: pipeline.RunResult) -> str:
    buffer = io.StringIO()
    render_summary(result, Console(file=buffer, width=160, color_system=None))
    return buffer.getvalue()


def test_cold_run_reports_tokens_per_fact_and_decode_rate(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    fake_endpoint.default = _reply(timings=True)
    result, summary = _run(fake_endpoint, tmp_path, "out")
    assert summary["counts"]["facts"] == 2, summary["counts"]  # one position, one degree, both grounded
    assert summary["speed"] == {
        "calls": 1, "facts": 2, "completion_tokens_per_fact": 15.0, "prompt_tokens_per_call": 300.0,
        "cached_prompt_share": 0.333, "decode_tokens_per_second": 50.0,
    }
    assert summary["usage"]["completion_tokens"] == 30, "usage is kept as it was"
    text = _summary(result)
    assert "15.0 completion tokens/fact" in text
    assert "50.0 decode tokens/s" in text
    assert "300 prompt tokens/call (33% cached)" in text


def test_a_server_without_timings_gets_no_decode_rate(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    fake_endpoint.default = _reply(timings=False)
    result, summary = _run(fake_endpoint, tmp_path, "out")
    assert summary["speed"]["decode_tokens_per_second"] is None
    assert summary["speed"]["completion_tokens_per_fact"] == 15.0
    text = _summary(result)
    assert "decode" not in text and "0.0 decode" not in text
    assert "15.0 completion tokens/fact" in text


def test_a_cached_rerun_reports_no_speed(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    fake_endpoint.default = _reply(timings=True)
    _run(fake_endpoint, tmp_path, "cold")
    warm, summary = _run(fake_endpoint, tmp_path, "warm")
    assert warm.usage.calls == 0 and summary["counts"]["facts"] == 2
    assert summary["speed"] == {
        "calls": 0, "facts": 0, "completion_tokens_per_fact": None, "prompt_tokens_per_call": None,
        "cached_prompt_share": None, "decode_tokens_per_second": None,
    }
    text = _summary(warm)
    assert "speed" not in text and "tokens/" not in text


def test_facts_of_cached_chunks_do_not_lower_the_cost_per_fact(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    """Half the chunks from the cache: the tokens of this run are divided by the facts of the chunks it asked."""
    fake_endpoint.default = _reply(timings=False)
    first, _ = _run(fake_endpoint, tmp_path, "first")
    assert len(first.chunks) == 1
    doc = tmp_path / "in" / "john.txt"
    doc.write_text(TEXT.replace("Jane", "John"), encoding="utf-8")
    person = {**PERSON, "name": "John Roe"}
    fake_endpoint.default = Reply(completion({"people": [person]}, prompt_tokens=300, completion_tokens=30))
    result, summary = _run(fake_endpoint, tmp_path, "second")
    assert (result.usage.calls, result.usage.cache_hits, summary["counts"]["facts"]) == (1, 1, 4)
    assert (summary["speed"]["facts"], summary["speed"]["completion_tokens_per_fact"]) == (2, 15.0)


def test_no_facts_means_no_cost_per_fact(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    fake_endpoint.default = Reply(completion({"people": []}, prompt_tokens=120, completion_tokens=5))
    result, summary = _run(fake_endpoint, tmp_path, "out")
    assert summary["speed"]["completion_tokens_per_fact"] is None
    assert summary["speed"]["prompt_tokens_per_call"] == 120.0
    text = _summary(result)
    assert "tokens/fact" not in text and "120 prompt tokens/call (0% cached)" in text


@pytest.mark.parametrize(("usage", "facts", "line"), [
    (Usage(), 3, ""),
    (Usage(calls=2, prompt_tokens=1000, completion_tokens=90, cached_prompt_tokens=250, decode_tokens=90,
           decode_ms=1500.0), 3, "30.0 completion tokens/fact · 60.0 decode tokens/s · 500 prompt tokens/call "
                                 "(25% cached)"),
    (Usage(calls=1, prompt_tokens=0, completion_tokens=10), 0, "0 prompt tokens/call"),
])
def test_speed_line_says_only_what_exists(usage: Usage, facts: int, line: str) -> None:
    assert speed_line(usage.speed(facts)) == line
