"""An endpoint that is down, refuses the key or does not serve the model: one line before the batch; an endpoint
that dies during the batch: a breaker stops the calls, the rest stays for the rerun (issue 16, item 8)."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import openai
import pytest

from extract.config import Settings
from extract.errors import EndpointError
from extract.llm.breaker import FAIL_MAX, is_outage
from extract.llm.preflight import preflight
from extract.llm.retry import describe_error
from extract.pipeline import run
from tests.fake_endpoint import FakeEndpoint, Reply, completion
from tests.faults.endpoint import DyingEndpoint, EchoEndpoint
from tests.faults.helpers import invoke, read_jsonl, run_json

UNAVAILABLE = Reply({"error": {"message": "upstream unavailable"}}, status=503, headers={"retry-after": "0"})


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there once the socket is closed


SURNAMES = ("Adams", "Baker", "Clark", "Davis", "Evans", "Fisher", "Green", "Harris", "Irwin", "Jones", "Knight",
            "Lewis", "Moore", "Nash", "Owens", "Parker", "Quinn", "Reed", "Stone", "Turner")


def articles(folder: Path, count: int) -> Path:
    """``count`` one-line articles, each naming one person the echo endpoint extracts."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"a{n:02d}.txt").write_text(f"Robin {SURNAMES[n]} joined Google in 2020.\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- preflight: one line, exit 2, nothing sent

def test_a_closed_port_is_one_line_naming_the_url_and_the_cause(tmp_path: Path) -> None:
    url = closed_port_url()
    result = invoke("run", articles(tmp_path / "in", 20), "--out", tmp_path / "out", "--base-url", url,
                    "--model", "fake", "-q")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert url.removesuffix("/v1") in line and "refused" in line.lower()
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_a_model_the_endpoint_does_not_list_or_serve_stops_the_run_before_the_batch(tmp_path: Path) -> None:
    missing = Reply({"error": {"message": "The model `gpt-9` does not exist", "type": "not_found"}}, status=404)
    with FakeEndpoint(default=missing, models=("llama-3", "qwen")) as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="gpt-9", cache_dir=tmp_path / "c")
        with pytest.raises(EndpointError, match=r"'gpt-9' is not served there \(--model\); it serves: llama-3, qwen"):
            run([articles(tmp_path / "in", 10)], settings, tmp_path / "out")
        assert len(endpoint.requests) == 1  # the tiny check, not ten chunks times five attempts


def test_a_server_that_lists_no_models_gets_one_tiny_call_then_the_batch(tmp_path: Path) -> None:
    with EchoEndpoint() as endpoint:
        endpoint.models = ()  # GET /models → 404, as on servers without a listing
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "c")
        result = run([articles(tmp_path / "in", 3)], settings, tmp_path / "out")
        assert result.ok and len(result.records) == 3
        assert len(endpoint.requests) == 3 + 1 and endpoint.gets == ["/v1/models"]


def test_a_listed_model_needs_no_tiny_call(tmp_path: Path) -> None:
    with EchoEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "c")
        assert run([articles(tmp_path / "in", 3)], settings, tmp_path / "out").ok
        assert len(endpoint.requests) == 3


def test_a_refused_response_format_is_one_line_before_the_batch(tmp_path: Path) -> None:
    refused = Reply({"error": {"message": "response_format json_schema is not supported"}}, status=400)
    with FakeEndpoint(default=refused, models=()) as endpoint:
        result = invoke("run", articles(tmp_path / "in", 5), "--out", tmp_path / "out", "--base-url",
                        endpoint.base_url, "--model", "fake", "-q")
        assert len(endpoint.requests) == 1
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "json_schema is not supported" in line and "HTTP 400" in line


def test_a_ping_reply_that_does_not_validate_does_not_stop_the_run(tmp_path: Path) -> None:
    """The endpoint answered: whether the model can fill a schema is the batch's business, not a setup error."""
    with EchoEndpoint() as endpoint:
        endpoint.models = ()
        endpoint.push(Reply(completion("I am a chatty model, not JSON")))
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "c")
        assert run([articles(tmp_path / "in", 2)], settings, tmp_path / "out").ok


def test_no_preflight_when_every_answer_is_cached(tmp_path: Path) -> None:
    with EchoEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "c")
        assert run([articles(tmp_path / "in", 2)], settings, tmp_path / "out").ok
    url = closed_port_url()  # the endpoint is gone; the cache answers everything
    settings = Settings.from_env(base_url=url, model="fake", cache_dir=tmp_path / "c")
    assert run([tmp_path / "in"], settings, tmp_path / "out").ok


# ---------------------------------------------------------------- the breaker

def test_an_endpoint_that_dies_mid_batch_stops_being_called(tmp_path: Path) -> None:
    inputs = articles(tmp_path / "in", 20)
    with DyingEndpoint(healthy=3) as endpoint:
        result = invoke("run", inputs, "--out", tmp_path / "out", "--base-url", endpoint.base_url,
                        "--model", "fake", "-q", "-j", "1", "--no-rules")
        sent = len(endpoint.requests)
    assert sent == 3 + FAIL_MAX, "five failed attempts open the breaker; nothing more is sent"
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines  # the chunk that failed, then one line for every chunk not sent
    assert "a03#0: server_error: HTTP 503" in lines[0]  # the chunk whose five attempts opened the breaker
    assert lines[1].startswith("error 16 chunks not sent") and "HTTP 503" in lines[1]
    assert lines[1].endswith("a rerun resumes them")
    summary = run_json(tmp_path / "out")
    assert summary["usage"]["failures"] == {"not_sent": 16, "server_error": 1}
    assert len(read_jsonl(tmp_path / "out" / "records.jsonl")) == 3

    with EchoEndpoint() as healthy:  # the rerun sends exactly the 17 chunks that have no answer
        again = invoke("run", inputs, "--out", tmp_path / "out", "--base-url", healthy.base_url, "--model", "fake",
                       "-q", "-j", "1", "--no-rules")
        assert len(healthy.requests) == 17
    assert again.exit_code == 0 and len(read_jsonl(tmp_path / "out" / "records.jsonl")) == 20


def test_one_poisoned_chunk_with_server_errors_does_not_stop_the_batch(tmp_path: Path) -> None:
    inputs = articles(tmp_path / "in", 6)
    (inputs / "a02.txt").write_text("Robin Poison joined Google. POISONCHUNK\n", encoding="utf-8")
    internal = Reply({"error": {"message": "internal"}}, status=500, headers={"retry-after": "0"})
    with EchoEndpoint(fault=internal) as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "c",
                                     concurrency=1)
        result = run([inputs], settings, tmp_path / "out")
    assert [f.chunk.doc for f in result.chunk_failures] == ["a02"]
    assert result.usage.failures == {"server_error": 1}


def test_rate_limits_do_not_open_the_breaker(tmp_path: Path) -> None:
    limited = Reply({"error": {"message": "slow down"}}, status=429, headers={"retry-after": "0"})
    with EchoEndpoint() as endpoint:
        endpoint.push(*[limited] * 4)  # one chunk's whole retry budget minus one, then answers
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "c",
                                     concurrency=1)
        result = run([articles(tmp_path / "in", 8)], settings, tmp_path / "out")
    assert result.ok and len(result.records) == 8


# ---------------------------------------------------------------- what the messages say

def test_a_connection_error_names_the_url_and_the_cause() -> None:
    url = closed_port_url()

    async def call() -> BaseException:
        client = openai.AsyncOpenAI(base_url=url, api_key="x", max_retries=0)
        try:
            await client.models.list()
        except openai.APIConnectionError as exc:
            return exc
        finally:
            await client.close()
        raise AssertionError("the port should be closed")

    text = describe_error(asyncio.run(call()))
    assert text.startswith(f"cannot reach {url}/models (") and "refused" in text.lower()


@pytest.mark.parametrize(("status", "outage"), [(401, True), (403, True), (404, True), (502, True), (503, True),
                                                (504, True), (400, False), (422, False), (429, False), (500, False)])
def test_which_statuses_count_as_an_outage(status: int, outage: bool) -> None:
    import httpx

    request = httpx.Request("POST", "http://127.0.0.1:1/v1/chat/completions")
    error = openai.APIStatusError("x", response=httpx.Response(status, request=request), body=None)
    assert is_outage(error) is outage


def test_preflight_of_an_endpoint_that_refuses_the_key_says_so(tmp_path: Path) -> None:
    refused = Reply({"error": {"message": "invalid key sk-abc123"}}, status=401)
    with FakeEndpoint(default=refused, models_reply=refused) as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", api_key="sk-abc123")
        with pytest.raises(EndpointError) as caught:
            asyncio.run(preflight(settings, endpoint.base_url))
    assert "refused the API key" in str(caught.value) and "sk-abc123" not in str(caught.value)
