"""Invalid settings are refused before anything runs (issue 16 item 14): one line naming the flag, exit 2.

Whether a value comes from a flag, an ``EXTRACT_*`` variable or the Python API, ``Settings.validate`` is the one
place that checks it; an environment variable that does not parse is one line in every command, ``cache info``
and ``cache clear`` included. Nothing is sent to the endpoint and no output folder is made.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from extract.config import Settings
from extract.errors import ConfigError
from tests.faults.endpoint import EchoEndpoint
from tests.faults.helpers import invoke

# flag, value, what the one line must name
BAD_FLAGS = [
    ("--timeout", "0", "--timeout"),
    ("--timeout", "-5", "--timeout"),
    ("--timeout", "nan", "--timeout"),
    ("--timeout", "inf", "--timeout"),
    ("--max-tokens", "-1", "--max-tokens"),
    ("--max-tokens", "0", "--max-tokens"),
    ("--max-bytes", "-1", "--max-bytes"),
    ("--max-bytes", "0", "--max-bytes"),
    ("--cache-size-mb", "-1", "--cache-size-mb"),
    ("--cache-size-mb", "0", "--cache-size-mb"),
    ("--max-chunks", "-1", "--max-chunks"),
    ("--max-chunks", "0", "--max-chunks"),
    ("--concurrency", "0", "--concurrency"),
    ("--concurrency", "-3", "--concurrency"),
    ("--chunk-size", "10", "--chunk-size"),
    ("--chunk-overlap", "-1", "--chunk-overlap"),
    ("--repeat-penalty", "0", "--repeat-penalty"),
    ("--repeat-penalty", "nan", "--repeat-penalty"),
    ("--ray-actors", "0", "--ray-actors"),
    ("--ray-in-flight", "-1", "--ray-in-flight"),
    ("--model", "", "--model"),
]


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Ada Lovelace joined Google in 2020.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("flag", "value", "named"), BAD_FLAGS, ids=[f"{f}={v}" for f, v, _ in BAD_FLAGS])
def test_run_refuses_a_bad_value_before_asking_anything(flag: str, value: str, named: str, document: Path,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    with EchoEndpoint() as endpoint:
        result = invoke("run", document, "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cache", "-q", flag, value)
        assert endpoint.requests == []
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and named in line
    assert not out.exists()


def test_max_chunks_minus_one_no_longer_drops_the_last_chunk(document: Path, tmp_path: Path) -> None:
    """``--max-chunks -1`` used to slice ``chunks[:-1]``: the only chunk was silently dropped."""
    with EchoEndpoint() as endpoint:
        result = invoke("run", document, "--out", tmp_path / "out", "--base-url", endpoint.base_url,
                        "--model", "fake", "--cache-dir", tmp_path / "cache", "-q", "--max-chunks", "-1")
    assert result.exit_code == 2 and "--max-chunks" in result.stderr


@pytest.mark.parametrize(("flag", "value"), [("--max-bytes", "-1"), ("--max-bytes", "0"), ("--chunk-size", "0")])
def test_ingest_refuses_a_bad_value(flag: str, value: str, document: Path) -> None:
    result = invoke("ingest", document, flag, value)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and flag in line


BAD_ENV = [
    ("EXTRACT_TIMEOUT", "abc"),
    ("EXTRACT_TIMEOUT", "0"),
    ("EXTRACT_TIMEOUT", "-1"),
    ("EXTRACT_CONCURRENCY", "abc"),
    ("EXTRACT_CONCURRENCY", "1.5"),
    ("EXTRACT_CONCURRENCY", "0"),
    ("EXTRACT_MAX_TOKENS", "0"),
    ("EXTRACT_MAX_TOKENS", "many"),
    ("EXTRACT_CACHE_SIZE_LIMIT", "-1"),
    ("EXTRACT_CACHE_SIZE_LIMIT", "big"),
    ("EXTRACT_MODE", "nonsense"),
]
COMMANDS = [("cache", "info"), ("cache", "clear"), ("ingest", "{doc}"), ("run", "{doc}", "--out", "{out}", "-q",
                                                                           "--base-url", "http://127.0.0.1:9/v1")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(("name", "value"), BAD_ENV, ids=[f"{n}={v}" for n, v in BAD_ENV])
def test_a_bad_environment_variable_is_one_line_in_every_command(name: str, value: str, command: tuple[str, ...],
                                                                 document: Path, tmp_path: Path) -> None:
    args = [part.format(doc=document, out=tmp_path / "out") for part in command]
    result = invoke(*args, env={name: value})
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and name in line
    assert not (tmp_path / "out").exists()


def test_a_flag_wins_over_a_bad_environment_variable(document: Path, tmp_path: Path) -> None:
    """``EXTRACT_TIMEOUT=abc`` with ``--timeout 30``: the flag decides, the variable is never read."""
    with EchoEndpoint() as endpoint:
        result = invoke("run", document, "--out", tmp_path / "out", "--base-url", endpoint.base_url, "--model",
                        "fake", "--cache-dir", tmp_path / "cache", "-q", "--timeout", "30",
                        env={"EXTRACT_TIMEOUT": "abc"})
    assert result.exit_code == 0, result.output


def test_cache_commands_name_the_variable_that_does_not_parse(tmp_path: Path) -> None:
    """The issue's probe: ``EXTRACT_TIMEOUT=abc extract cache info`` was a traceback."""
    for command in ("info", "clear"):
        result = invoke("cache", command, "--cache-dir", tmp_path, env={"EXTRACT_TIMEOUT": "abc"})
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [result.stderr.strip()]
        assert "EXTRACT_TIMEOUT" in result.stderr and "'abc'" in result.stderr


BAD_API = [
    ("timeout", 0), ("timeout", -5.0), ("timeout", math.nan), ("timeout", math.inf), ("timeout", "600"),
    ("max_tokens", 0), ("max_tokens", 1.5), ("max_tokens", True), ("max_bytes", -1), ("cache_size_limit", 0),
    ("cache_size_limit", -(2**20)), ("max_chunks_per_doc", 0), ("concurrency", 0), ("concurrency", 2.0),
    ("chunk_size", "1000"), ("chunk_overlap", -1), ("max_reasks", -1), ("max_retries", -1), ("max_retries", 1.5),
    ("temperature", -0.1), ("temperature", 2.5), ("temperature", math.nan), ("repeat_penalty", math.inf),
    ("repeat_penalty", -1.0), ("ray_actors", 0), ("ray_in_flight", 0), ("model", ""), ("base_url", "localhost:8080"),
    ("base_url", "ftp://example.com/v1"),
]


@pytest.mark.parametrize(("field", "value"), BAD_API, ids=[f"{f}={v!r}" for f, v in BAD_API])
def test_validate_refuses_bad_values_set_through_the_python_api(field: str, value: object) -> None:
    """``Settings`` built in code (not through the CLI) gets the same checks, as one-line ConfigErrors."""
    with pytest.raises(ConfigError) as caught:
        replace(Settings(), **{field: value}).validate()
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("field", "value"), [
    ("timeout", 0.5), ("max_tokens", 1), ("max_bytes", 1), ("cache_size_limit", 2**20), ("max_chunks_per_doc", 1),
    ("max_reasks", 0), ("max_retries", 0), ("temperature", 0), ("temperature", 2), ("repeat_penalty", 1.1),
    ("base_url", "http://127.0.0.1:8080/v1"), ("base_url", "https://api.example.com/v1"),
])
def test_validate_accepts_the_edges(field: str, value: object) -> None:
    replace(Settings(), **{field: value}).validate()


def test_serve_refuses_zero_slots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve --parallel 0`` would start a server that can answer nothing: refused before assembling a model."""
    import extract.llm.local

    def never(*_: object, **__: object) -> None:
        raise AssertionError("the model must not be assembled for a refused value")

    monkeypatch.setattr(extract.llm.local, "assemble_model", never)
    result = invoke("serve", "--parallel", "0", "--cache-dir", tmp_path)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and "--parallel" in line
