"""The client's per-request shortcuts change nothing on the wire: request bodies and cache keys are the same bytes as
plain instructor with the plain response model, and :class:`RequestKeys` hashes what :func:`request_key` hashes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import instructor
import openai
import pytest

from extract.config import Settings
from extract.llm.cache import RequestKeys, ResultCache, request_key
from extract.llm.client import Extractor, make_client
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction, ChunkPositions

TEXT = "张三（San Zhang）去年离开了谷歌。He joined OpenAI in 2024. 李四是一名教授。"
# Valid JSON that fails validation: the re-ask carries pydantic's error text, which names the model class.
BAD = json.dumps({"people": [{"nam": "x", "positions": [{"organization": 3}]}]})
MODES = {"json_schema": instructor.Mode.JSON_SCHEMA, "json": instructor.Mode.JSON,
         "md_json": instructor.Mode.MD_JSON, "tools": instructor.Mode.TOOLS}


def _transport(bodies: list[bytes]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        sent = json.loads(request.content)
        message: dict = {"role": "assistant", "content": BAD}
        if "tools" in sent:
            name = sent["tools"][0]["function"]["name"]
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "t", "type": "function", "function": {"name": name, "arguments": BAD}}]}
        return httpx.Response(200, json={
            "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    return httpx.MockTransport(handle)


# A chunk that says nothing about studies is asked without education (ChunkPositions), one that does with it.
TEXTS = {"no studies": (TEXT, ChunkPositions), "studies": (TEXT + "李四获得博士学位。", ChunkExtraction)}


@pytest.mark.parametrize("text", list(TEXTS))
@pytest.mark.parametrize("mode", list(MODES))
def test_request_bodies_equal_plain_instructor(mode: str, text: str, tmp_path: Path) -> None:
    settings = Settings(base_url="http://127.0.0.1:9/v1", model="fake", mode=mode, cache_dir=tmp_path, max_reasks=1)
    body, asked = TEXTS[text]
    chunk = Chunk("doc", 0, 0, len(body), body, "title", "2024-12-04")

    ours: list[bytes] = []
    extractor = Extractor(settings, make_client(settings, http_client=httpx.AsyncClient(transport=_transport(ours))),
                          ResultCache(tmp_path), Usage())
    result = asyncio.run(extractor.extract(chunk))
    assert result.error is not None and result.error.kind == "invalid_output"

    plain: list[bytes] = []
    client = instructor.from_openai(openai.AsyncOpenAI(
        base_url=settings.base_url, api_key="not-needed", max_retries=0,
        http_client=httpx.AsyncClient(transport=_transport(plain))), mode=MODES[mode])

    async def call() -> None:
        with pytest.raises(instructor.core.exceptions.InstructorRetryException):
            await client.chat.completions.create_with_completion(
                model="fake", messages=extractor.prompt.messages(chunk), response_model=asked,
                max_retries=1, temperature=settings.temperature, max_tokens=settings.max_tokens)

    asyncio.run(call())
    assert len(ours) == 2, "one request and one re-ask"
    assert ours == plain
    assert extractor.response_model is ChunkExtraction
    assert extractor.schema == ChunkExtraction.model_json_schema()


def test_request_keys_hash_what_request_key_hashes() -> None:
    fixed = {"model": "m@abc", "mode": "json_schema", "schema": ChunkExtraction.model_json_schema(),
             "prompt_sha256": "0" * 64, "params": {"temperature": 0.0, "max_tokens": 1500}}
    keys = RequestKeys(**fixed)
    for messages in ([], [{"role": "system", "content": "x"}, {"role": "user", "content": TEXT + ' "{}\\\n'}]):
        assert keys(messages) == request_key(**fixed, messages=messages)
