"""Endpoint replies that are not a chat completion: empty choices, HTML proxy pages, a body that is not JSON.

Each fault hits one chunk of a two-document batch (the chunk whose text holds MARKER): that chunk is retried or
re-asked as the policy says, then reported failed with a kind; the other document completes; run.json lists the
failure; the CLI exits 1; a later run against a healthy endpoint fills in only the failed chunk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.pipeline import run
from tests.fake_endpoint import Reply
from tests.faults.endpoint import MARKER, EchoEndpoint
from tests.faults.helpers import invoke, read_jsonl, run_json

HTML = ("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
        "<hr><center>nginx</center></body></html>")
EMPTY_CHOICES = {"id": "chatcmpl-x", "object": "chat.completion", "created": 0, "model": "fake", "choices": [],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 0, "total_tokens": 10}}

# name → (reply, expected kind, transport retries with max_retries=4, calls for the failing chunk: (min, max))
FAULTS = {
    "empty_choices": (Reply(EMPTY_CHOICES), "invalid_output", 0, (1, 2)),
    "html_200": (Reply(HTML, content_type="text/html"), "invalid_output", 0, (1, 2)),
    "html_502": (Reply(HTML, status=502, content_type="text/html", headers={"retry-after": "0"}), "server_error", 4,
                 (5, 5)),
    "not_json_200": (Reply("upstream said: this is not json {", content_type="application/json"), "invalid_output", 0,
                     (1, 2)),
}


def inputs(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    good, bad = folder / "good.txt", folder / "bad.txt"
    good.write_text("Alice Walker joined Google in 2020. She leads a vision team.\n", encoding="utf-8")
    bad.write_text(f"Bob Stone joined Google in 2021. The word {MARKER} trips the fake endpoint.\n", encoding="utf-8")
    return good, bad


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_fails_one_chunk_and_the_batch_completes(name: str, tmp_path: Path) -> None:
    """The faulty chunk is retried per policy, reported with its kind, not cached; the other document is kept."""
    reply, kind, retries, (least, most) = FAULTS[name]
    good, bad = inputs(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    with EchoEndpoint(fault=reply) as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, cache_dir=cache, model="fake", concurrency=1)
        result = run([good, bad], settings, out)
        bad_calls = endpoint.count(MARKER)

    (failed,) = result.chunk_failures
    assert failed.chunk.id == "bad#0" and failed.error is not None
    assert failed.error.kind == kind
    assert failed.error.reason and "\n" not in failed.error.reason and len(failed.error.reason) <= 300
    assert least <= bad_calls <= most, f"{bad_calls} calls for the faulty chunk"
    assert result.usage.retries == retries
    assert not result.ok

    # the rest of the batch is kept
    assert [m.name for m in result.mentions] == ["Alice Walker"]
    assert [r["name"] for r in read_jsonl(out / "records.jsonl")] == ["Alice Walker"]
    summary = run_json(out)
    assert summary["counts"]["chunks"] == 2 and summary["counts"]["chunks_failed"] == 1
    assert summary["failures"] == [
        {"chunk": "bad#0", "stage": "extract", "kind": kind, "reason": failed.error.reason}
    ]
    with ResultCache(cache) as stored:
        assert stored.info()["entries"] == 1, "only the validated chunk is cached"

    # a healthy endpoint later: only the failed chunk is asked again, and nothing is lost
    with EchoEndpoint() as healthy:
        settings = Settings.from_env(base_url=healthy.base_url, cache_dir=cache, model="fake", concurrency=1)
        again = run([good, bad], settings, out)
        assert len(healthy.requests) == 1 and healthy.count(MARKER) == 1
    assert again.ok
    assert sorted(r["name"] for r in read_jsonl(out / "records.jsonl")) == ["Alice Walker", "Bob Stone"]


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_makes_the_cli_exit_1_with_a_line_naming_the_chunk(name: str, tmp_path: Path) -> None:
    """``extract run`` writes everything, prints the failed chunk with its kind on stderr and exits 1."""
    reply, kind, _, _ = FAULTS[name]
    good, bad = inputs(tmp_path)
    out = tmp_path / "out"
    with EchoEndpoint(fault=reply) as endpoint:
        result = invoke("run", good, bad, "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cache", "-q")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if "bad#0" in line]
    assert lines and lines[0].startswith("error"), result.stderr
    assert run_json(out)["failures"][0]["kind"] == kind
    assert [r["name"] for r in read_jsonl(out / "records.jsonl")] == ["Alice Walker"]
