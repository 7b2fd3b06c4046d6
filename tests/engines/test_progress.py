"""The extract stage's progress display (issue 18): chunks done/total, facts so far, tokens/s and an ETA on the
overall bar; per-document bars unchanged; nothing drawn with ``--quiet``. Rendered to a plain in-memory console."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from extract import pipeline
from extract.config import Settings
from extract.engines.progress import ChunkProgress, answer_facts, extract_progress
from extract.llm.client import ChunkResult
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction
from tests.fake_endpoint import FakeEndpoint, Reply, completion
from tests.faults.helpers import invoke

TEXT = "{name} joined Fooco Labs in 2020. She studied at Barco University.\n"


def _person(name: str) -> dict:
    return {"name": name, "other_names": [], "positions": [
        {"organization": "Fooco Labs", "title": None, "start": "2020", "end": None, "status": "joined", "sentence": 1}],
        "education": [{"institution": "Barco University", "degree": None, "field": None, "start": None, "end": None,
                       "sentence": 2}]}


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=False, width=120), buffer


def _inputs(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"doc{i}.txt").write_text(TEXT.format(name=f"Jane Roe{i}"), encoding="utf-8")
    return folder


def _run(endpoint: FakeEndpoint, tmp_path: Path, name: str, **overrides) -> tuple[pipeline.RunResult, str]:
    console, buffer = _console()
    settings = Settings.from_env(cache_dir=tmp_path / "cache", model="fake", **overrides)
    result = pipeline.run([tmp_path / "in"], settings, tmp_path / name, console=console, base_url=endpoint.base_url)
    return result, buffer.getvalue()


def _overall_line(text: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith("all chunks")]
    return line


def test_the_overall_bar_shows_facts_tokens_per_second_and_eta(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    _inputs(tmp_path, 3)
    fake_endpoint.default = Reply(completion({"people": [_person("Jane Roe")]}, completion_tokens=40), delay=0.05)
    result, text = _run(fake_endpoint, tmp_path, "out")
    line = _overall_line(text)
    assert "3/3" in line
    assert "6 facts" in line, line  # one position and one degree in each of the three answers
    match = re.search(r"([\d,.]+) tok/s", line)
    assert match, line
    rate = float(match.group(1).replace(",", ""))
    # 120 tokens decoded within the stage, which took at least one 50 ms reply
    assert 120 / result.usage.stage_seconds["extract"] * 0.9 <= rate <= 120 / 0.05, rate
    assert "ETA" in line


def test_a_run_from_the_cache_counts_facts_but_says_no_rate(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    _inputs(tmp_path, 2)
    fake_endpoint.default = Reply(completion({"people": [_person("Jane Roe")]}))
    _run(fake_endpoint, tmp_path, "cold")
    warm, text = _run(fake_endpoint, tmp_path, "warm")
    assert warm.usage.calls == 0
    line = _overall_line(text)
    assert "4 facts" in line and "tok/s" not in line, line


def test_the_focused_strategy_counts_its_merged_answers(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    _inputs(tmp_path, 1)
    second_role = {"organization": "Barco Labs", "title": "CTO", "start": None, "end": None, "status": "current",
                   "sentence": 1}
    fake_endpoint.push(Reply(completion({"people": [_person("Jane Roe")]})),
                       Reply(completion({"positions": [_person("x")["positions"][0], second_role]})))
    result, text = _run(fake_endpoint, tmp_path, "out", strategy="focused")
    assert len(fake_endpoint.requests) == 2 and not result.chunk_failures
    facts = answer_facts(result.results[0])
    assert facts == 3  # the focused pass's two positions, the first pass's degree
    assert f"{facts} facts" in _overall_line(text)


def test_document_bars_carry_no_stage_figures() -> None:
    """Mid-stage: the overall bar has the figures, a document's bar only its own count."""
    console, buffer = _console()
    progress = extract_progress(console)
    chunks = [Chunk("alpha", i, 0, 4, "text") for i in range(2)] + [Chunk("beta", 0, 0, 4, "text")]
    usage = Usage()
    display = ChunkProgress(progress, chunks, usage)
    display.start(chunks[0])
    usage.completion_tokens += 50
    extraction = ChunkExtraction.model_validate({"people": [_person("Jane Roe")]})
    display.done(chunks[0], ChunkResult(chunk=chunks[0], key="k", parts=[(chunks[0], extraction)]))
    console.print(progress.get_renderable())
    overall, alpha = buffer.getvalue().splitlines()
    assert "1/3" in overall and "2 facts" in overall and "tok/s" in overall and "ETA" in overall
    assert alpha.strip().startswith("alpha") and "1/2" in alpha
    assert "facts" not in alpha and "tok/s" not in alpha and "ETA" not in alpha


def test_answer_facts_of_a_failed_chunk_is_zero() -> None:
    assert answer_facts(ChunkResult(chunk=Chunk("d", 0, 0, 1, "x"), key="k")) == 0


def test_quiet_draws_no_progress(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    doc = _inputs(tmp_path, 1) / "doc0.txt"
    fake_endpoint.default = Reply(completion({"people": [_person("Jane Roe")]}))
    result = invoke("run", doc, "--out", tmp_path / "out", "-q", "--base-url", fake_endpoint.base_url,
                    "--model", "fake")
    assert result.exit_code == 0, result.output
    assert "all chunks" not in result.stdout and "facts" not in result.stdout
