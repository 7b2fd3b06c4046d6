"""API keys never reach run.json, the outputs, the cache, the terminal or the cassettes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fake_endpoint import Reply
from tests.faults.endpoint import MARKER, EchoEndpoint
from tests.faults.helpers import all_files, invoke

KEY = "sk-test-SECRET123"


def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Alice Walker joined Google in 2020.\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Bob Stone joined Google in 2021. {MARKER}.\n", encoding="utf-8")
    return sorted(folder.iterdir())


def assert_no_key(out: Path, cache: Path, *texts: str) -> None:
    for path in [*all_files(out), *all_files(cache)]:
        assert KEY.encode() not in path.read_bytes(), f"the api key is in {path}"
        assert b"SECRET123" not in path.read_bytes(), f"part of the api key is in {path}"
    for text in texts:
        assert "SECRET123" not in text


def run_with_key(tmp_path: Path, fault: Reply | None, *, flag: bool) -> tuple:
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = ["--api-key", KEY] if flag else []
    with EchoEndpoint(fault=fault) as endpoint:
        result = invoke("run", *inputs(tmp_path), "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", cache, *args, env=None if flag else {"OPENAI_API_KEY": KEY})
        sent = {r["headers"].get("Authorization") or r["headers"].get("authorization") for r in endpoint.requests}
    assert sent == {f"Bearer {KEY}"}, "the key must be sent to the endpoint"
    return result, out, cache


@pytest.mark.parametrize("flag", [True, False], ids=["--api-key", "OPENAI_API_KEY"])
def test_key_is_sent_but_never_written_or_printed(tmp_path: Path, flag: bool) -> None:
    """Flag or environment: the endpoint gets the key; no output file, cache file or CLI line holds it."""
    result, out, cache = run_with_key(tmp_path, None, flag=flag)
    assert result.exit_code == 0, result.output
    assert (out / "run.json").exists() and (out / "records.jsonl").exists() and all_files(cache)
    assert_no_key(out, cache, result.stdout, result.stderr)


def test_key_echoed_in_an_error_reply_is_not_written(tmp_path: Path) -> None:
    """A 401 whose message repeats the key (as some proxies do): the failure is reported without the key."""
    fault = Reply({"error": {"message": f"Incorrect API key provided: {KEY}", "code": "invalid_api_key"}}, status=401)
    result, out, cache = run_with_key(tmp_path, fault, flag=True)
    assert result.exit_code == 1, result.output
    assert "b#0" in result.stderr
    assert_no_key(out, cache, result.stdout, result.stderr)


def test_cassettes_hold_no_credentials() -> None:
    """No authorization or api-key header, and nothing shaped like an OpenAI key, in any recorded cassette."""
    cassettes = all_files(ROOT / "cassettes")
    assert cassettes, "there are cassettes to scan"
    pattern = re.compile(r"authorization|api[-_]key|\bsk-[A-Za-z0-9_-]{6,}|bearer\s", re.IGNORECASE)
    for path in cassettes:
        found = pattern.findall(path.read_text(encoding="utf-8", errors="replace"))
        assert not found, f"{path}: {found[:3]}"
