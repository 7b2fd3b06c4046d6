"""The extraction call against a loopback fake endpoint: caching, re-asks, retries, failures, concurrency, usage."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from extract.config import Settings
from extract.errors import ConfigError
from extract.llm.cache import ResultCache
from extract.llm.client import Extractor, make_client, split_chunk
from extract.llm.layout import LINES
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from tests.fake_endpoint import FakeEndpoint, Reply, completion

TEXT = "张三（San Zhang）去年离开了谷歌。He joined OpenAI in 2024. 李四是一名教授。"
GOOD = {"people": [{"name": "张三", "other_names": ["San Zhang"],
                    "positions": [{"organization": "谷歌", "title": None, "start": "去年", "end": None,
                                   "status": "left", "sentence": 1}]}]}


def chunk(text: str = TEXT, index: int = 0) -> Chunk:
    return Chunk("doc", index, 0, len(text), text, "title", "2024-12-04")


def make_extractor(endpoint: FakeEndpoint, tmp_path: Path, **overrides) -> tuple[Extractor, Usage]:
    values = {"base_url": endpoint.base_url, "cache_dir": tmp_path, "max_retries": 3, "timeout": 5.0,
              "model": "fake"}
    values.update(overrides)
    settings = Settings.from_env(**values)
    usage = Usage()
    extractor = Extractor(settings, make_client(settings), ResultCache(tmp_path), usage)
    return extractor, usage


def extract(extractor: Extractor, *chunks: Chunk):
    async def go():
        return await asyncio.gather(*(extractor.extract(c) for c in chunks))

    return asyncio.run(go())


def test_valid_reply_is_parsed_counted_and_cached(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    fake_endpoint.push(Reply(completion(GOOD, prompt_tokens=900, completion_tokens=40, cached_tokens=800)))
    extractor, usage = make_extractor(fake_endpoint, tmp_path)
    (first,) = extract(extractor, chunk())
    assert first.error is None and not first.cached
    ((_, extraction),) = first.parts
    assert extraction.people[0].name == "张三"
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens) == (1, 900, 40, 800)

    (again,) = extract(extractor, chunk())
    assert again.cached and usage.cache_hits == 1
    assert len(fake_endpoint.requests) == 1, "a cached chunk must make no call"
    assert again.parts[0][1].model_dump() == extraction.model_dump()


def test_request_carries_numbered_sentences_and_stable_system_prompt(fake_endpoint, tmp_path) -> None:
    extractor, _ = make_extractor(fake_endpoint, tmp_path)
    extract(extractor, chunk(), chunk("Another text. With two sentences.", index=1))
    first, second = sorted((r["body"] for r in fake_endpoint.requests), key=lambda b: "张三" not in str(b))
    assert first["messages"][0] == second["messages"][0], "system prompt must be identical (prompt cache)"
    user = first["messages"][1]["content"]
    assert "[1] 张三（San Zhang）去年离开了谷歌。" in user and "[2] He joined OpenAI in 2024." in user
    assert "2024-12-04" in user
    assert first["response_format"]["type"] == "json_schema"
    assert first["temperature"] == 0.0


def test_repeat_penalty_is_sent_in_the_body_only_when_set_and_keys_the_cache(fake_endpoint, tmp_path) -> None:
    plain, _ = make_extractor(fake_endpoint, tmp_path)
    penalised, _ = make_extractor(fake_endpoint, tmp_path, repeat_penalty=1.1)
    extract(plain, chunk())
    extract(penalised, chunk(index=1))
    bodies = [r["body"] for r in fake_endpoint.requests]
    assert "repeat_penalty" not in bodies[0] and bodies[1]["repeat_penalty"] == 1.1
    assert plain.key(chunk()) != penalised.key(chunk())


def _asks_education(body: dict) -> bool:
    schema = body["response_format"]["json_schema"]["schema"]
    return any("education" in d.get("properties", {}) for d in schema.get("$defs", {}).values())


def test_education_is_asked_only_of_chunks_that_mention_studies(fake_endpoint, tmp_path) -> None:
    studies = "Jane Roe received her PhD from MIT in 2019. She joined OpenAI."
    for _ in range(2):
        fake_endpoint.push(Reply(completion(GOOD)))
    extractor, _ = make_extractor(fake_endpoint, tmp_path)
    plain, degree = extract(extractor, chunk(), chunk(studies, index=1))
    bodies = {("PhD" in r["body"]["messages"][-1]["content"]): r["body"] for r in fake_endpoint.requests}
    assert _asks_education(bodies[True]) and not _asks_education(bodies[False])
    # both answers have the one shape downstream: a ChunkExtraction, education empty where it was not asked
    assert type(plain.parts[0][1]).__name__ == type(degree.parts[0][1]).__name__ == "ChunkExtraction"
    assert plain.parts[0][1].people[0].education == []
    # the choice is part of the cache key, and "deep learning" alone is no sign of studies
    assert extractor.key(chunk()) != extractor.key(chunk(studies))
    lean = extractor.planner(extractor.settings)._requests[False, True]  # (not listed, lean)
    assert extractor.key(chunk("He leads deep learning at Acme.")) == lean.keys(
        extractor.prompt.messages(chunk("He leads deep learning at Acme.")))
    keeping, _ = make_extractor(fake_endpoint, tmp_path, keep_ungrounded=True)
    fake_endpoint.push(Reply(completion(GOOD)))
    extract(keeping, chunk(index=2))
    assert _asks_education(fake_endpoint.requests[-1]["body"]), "a run keeping ungrounded facts asks for everything"


def test_lines_layout_sends_the_schema_as_an_llguidance_grammar(fake_endpoint, tmp_path) -> None:
    fake_endpoint.push(Reply(completion(GOOD)))
    lines, _ = make_extractor(fake_endpoint, tmp_path, layout="lines")
    free, _ = make_extractor(fake_endpoint, tmp_path, layout="free")
    (result,) = extract(lines, chunk())
    assert result.error is None and result.parts[0][1].people[0].name == "张三"  # instructor still parses it
    body = fake_endpoint.requests[0]["body"]
    assert body["response_format"] is None
    head, schema = body["grammar"].split(" %json ", 1)
    assert head == "%llguidance {}\nstart:"
    assert json.loads(schema)["x-guidance"] == LINES and "people" in json.loads(schema)["properties"]
    assert lines.key(chunk()) != free.key(chunk()), "the layout changes the reply, so it keys the cache"


def test_layout_auto_is_lines_only_on_the_embedded_model() -> None:
    assert Settings(base_url=None).reply_layout == "lines"
    assert Settings(base_url=None, mode="md_json").reply_layout == "free"
    assert Settings(base_url="http://127.0.0.1:1/v1").reply_layout == "free"
    assert Settings(base_url="http://127.0.0.1:1/v1", layout="lines").reply_layout == "lines"
    with pytest.raises(ConfigError, match="--layout must be one of auto, free, lines"):
        Settings(layout="tight").validate()


def test_cache_key_changes_with_model_prompt_and_text(fake_endpoint, tmp_path) -> None:
    extractor, _ = make_extractor(fake_endpoint, tmp_path)
    other_model, _ = make_extractor(fake_endpoint, tmp_path, model="other")
    quoted, _ = make_extractor(fake_endpoint, tmp_path, evidence="quote")
    hotter, _ = make_extractor(fake_endpoint, tmp_path, temperature=0.7)
    keys = {e.key(chunk()) for e in (extractor, other_model, quoted, hotter)}
    keys.add(extractor.key(chunk(TEXT + "X")))
    assert len(keys) == 5
    assert extractor.key(chunk()) == make_extractor(fake_endpoint, tmp_path)[0].key(chunk())


def test_invalid_reply_is_reasked_then_succeeds(fake_endpoint, tmp_path) -> None:
    bad = {"people": [{"name": "张三", "positions": [
        {"organization": "谷歌", "title": None, "start": None, "end": None, "status": "quit", "sentence": 1}]}]}
    fake_endpoint.push(Reply(completion(bad)), Reply(completion(GOOD)))
    extractor, usage = make_extractor(fake_endpoint, tmp_path)
    (result,) = extract(extractor, chunk())
    assert result.error is None
    assert usage.reasks == 1 and usage.calls == 2
    reask = fake_endpoint.requests[1]["body"]["messages"]
    assert any("quit" in m.get("content", "") and "status" in m.get("content", "") for m in reask), (
        "the re-ask must say what was wrong"
    )


def test_invalid_reply_after_reasks_fails_the_chunk_only(fake_endpoint, tmp_path) -> None:
    fake_endpoint.default = Reply(completion("not json at all"))
    extractor, usage = make_extractor(fake_endpoint, tmp_path, max_reasks=1)
    (result,) = extract(extractor, chunk())
    assert result.error is not None and result.error.kind == "invalid_output"
    assert usage.failures["invalid_output"] == 1
    assert extractor.cache.get(result.key) is None, "only validated results are cached"


def test_429_with_retry_after_is_honoured(fake_endpoint, tmp_path) -> None:
    fake_endpoint.push(Reply({"error": {"message": "slow down"}}, status=429, headers={"retry-after": "0.3"}))
    fake_endpoint.push(Reply(completion(GOOD)))
    extractor, usage = make_extractor(fake_endpoint, tmp_path)
    started = time.perf_counter()
    (result,) = extract(extractor, chunk())
    assert result.error is None and usage.retries == 1
    assert time.perf_counter() - started >= 0.3


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(fake_endpoint, tmp_path, status) -> None:
    fake_endpoint.push(Reply({"error": "boom"}, status=status, headers={"retry-after": "0"}))
    fake_endpoint.push(Reply(completion(GOOD)))
    extractor, usage = make_extractor(fake_endpoint, tmp_path)
    (result,) = extract(extractor, chunk())
    assert result.error is None and usage.retries == 1


def test_persistent_5xx_fails_with_kind_and_batch_goes_on(fake_endpoint, tmp_path) -> None:
    fake_endpoint.push(*[Reply({"error": "down"}, status=503, headers={"retry-after": "0"})] * 3)
    extractor, usage = make_extractor(fake_endpoint, tmp_path, max_retries=2, concurrency=1)
    (failed,) = extract(extractor, chunk())
    (ok,) = extract(extractor, chunk("Other text. Here.", index=1))
    assert failed.error is not None and failed.error.kind == "server_error"
    assert ok.error is None
    assert usage.retries == 2


def test_timeout_is_a_classified_failure(fake_endpoint, tmp_path) -> None:
    fake_endpoint.default = Reply(completion(GOOD), delay=1.5)
    extractor, _ = make_extractor(fake_endpoint, tmp_path, timeout=0.3, max_retries=0)
    (result,) = extract(extractor, chunk())
    assert result.error is not None and result.error.kind == "timeout"


def test_connection_refused_is_a_classified_failure(tmp_path) -> None:
    with FakeEndpoint() as endpoint:
        url = endpoint.base_url
    settings = Settings.from_env(base_url=url, cache_dir=tmp_path, max_retries=0, timeout=2.0)
    extractor = Extractor(settings, make_client(settings), ResultCache(tmp_path), Usage())
    (result,) = extract(extractor, chunk())
    assert result.error is not None and result.error.kind == "connection"


def test_truncated_reply_splits_the_chunk(fake_endpoint, tmp_path) -> None:
    text = "。".join(f"第{i}句话说了一些事情" for i in range(40)) + "。"
    fake_endpoint.push(Reply(completion('{"people": [', finish_reason="length", completion_tokens=1500)))
    extractor, usage = make_extractor(fake_endpoint, tmp_path)
    (result,) = extract(extractor, chunk(text))
    assert result.error is None and usage.splits == 1
    assert usage.completion_tokens == 1500 + 2 * 20, "the cut reply's tokens are counted with the halves'"
    assert len(result.parts) == 2
    (left, _), (right, _) = result.parts
    assert left.end == right.start and left.start == 0 and right.end == len(text)
    assert left.text.endswith("。")


def test_split_chunk_keeps_document_offsets() -> None:
    text = "A first sentence here. " * 20
    parent = Chunk("d", 3, 100, 100 + len(text), text)
    left, right = split_chunk(parent)
    assert left.text + right.text == text
    assert (left.start, right.end, left.index) == (100, 100 + len(text), 3)
    assert split_chunk(Chunk("d", 0, 0, 10, "short text")) is None


def test_concurrency_is_bounded(fake_endpoint, tmp_path) -> None:
    from extract.pipeline import extract_chunks

    fake_endpoint.default = Reply(completion(GOOD), delay=0.2)
    extractor, _ = make_extractor(fake_endpoint, tmp_path)
    chunks = [chunk(f"{TEXT} {i}", index=i) for i in range(8)]
    results = asyncio.run(extract_chunks(chunks, extractor, concurrency=3))
    assert [r.chunk.index for r in results] == list(range(8))
    assert fake_endpoint.max_in_flight == 3


def test_api_key_is_sent_but_never_cached(fake_endpoint, tmp_path) -> None:
    extractor, _ = make_extractor(fake_endpoint, tmp_path, api_key="sk-test-secret-123")
    (result,) = extract(extractor, chunk())
    assert fake_endpoint.requests[0]["headers"].get("authorization") == "Bearer sk-test-secret-123"
    assert "sk-test-secret-123" not in str(extractor.cache.get(result.key))
    assert "sk-test-secret-123" not in str(extractor.settings.public())


def test_cache_size_is_bounded(tmp_path) -> None:
    from extract.llm.cache import ResultCache

    cache = ResultCache(tmp_path, size_limit=200_000)
    for i in range(400):
        cache.set(f"k{i}", {"result": {"people": []}, "padding": "x" * 2_000})
    assert cache.info()["bytes"] <= 400_000, "diskcache culls to about the size limit"
    assert cache.get("k399") is not None, "the newest answers survive"
