"""The rows reply (issue 18): each fact a JSON array, ``["Acme Labs", "research scientist", "left", 3]``, read back
into the same Position / Education objects, so the cache and everything after extraction keep one shape."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.llm.client import Extractor, make_client
from extract.llm.prompt import load_prompt, parse_prompt
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction, RowChunkExtraction, RowChunkPositions

ROWS = {"people": [{"name": "Jane Roe", "positions": [["Acme Labs", "research scientist", "left", 1],
                                                      ["Beta AI", None, "joined", 2]],
                    "education": [["Gamma University", "PhD", 3]]}]}
OBJECTS = {"people": [{"name": "Jane Roe", "positions": [
    {"organization": "Acme Labs", "title": "research scientist", "status": "left", "sentence": 1},
    {"organization": "Beta AI", "title": None, "status": "joined", "sentence": 2}],
    "education": [{"institution": "Gamma University", "degree": "PhD", "sentence": 3}]}]}
TEXT = "Jane Roe left Acme Labs, where she was a research scientist. She joined Beta AI. She holds a PhD from Gamma " \
       "University."


def test_a_rows_reply_reads_into_the_objects_an_object_reply_gives() -> None:
    rows = RowChunkExtraction.model_validate_json(json.dumps(ROWS), strict=True)  # instructor validates strictly
    assert ChunkExtraction.model_validate(rows.model_dump()) == ChunkExtraction.model_validate(OBJECTS)


@pytest.mark.parametrize("row", [["Acme Labs", "CTO"], ["Acme Labs", "CTO", "left", 1, 2],
                                 ["Acme Labs", "CTO", "moved", 1], ["", "CTO", "left", 1], ["Acme Labs", "CTO", 1]])
def test_a_row_of_the_wrong_shape_fails_validation(row: list) -> None:
    with pytest.raises(ValidationError):
        RowChunkExtraction.model_validate({"people": [{"name": "Jane Roe", "positions": [row]}]})


def test_the_grammar_asks_for_the_cells_of_a_row_with_each_fields_own_bounds_or_the_row_without_its_title() -> None:
    defs = RowChunkExtraction.model_json_schema()["$defs"]
    full, shorter = defs["RowPersonMention"]["properties"]["positions"]["items"]["anyOf"]
    assert full["type"] == "array" and full["items"] is False and full["minItems"] == full["maxItems"] == 4
    organization, title, status, sentence = full["prefixItems"]
    assert organization["maxLength"] == 60 and status["enum"][0] == "joined"
    assert {"type": "null"} in title["anyOf"] and sentence["maximum"] == 200
    assert shorter["prefixItems"] == [organization, status, sentence] and shorter["maxItems"] == 3
    degree_rows = defs["RowPersonMention"]["properties"]["education"]["items"]["anyOf"]
    assert [len(row["prefixItems"]) for row in degree_rows] == [3, 2]
    lean = RowChunkPositions.model_json_schema()["$defs"]
    assert "education" not in lean["RowPersonPositions"]["properties"]


def test_a_row_without_its_title_reads_as_a_position_with_no_title() -> None:
    rows = RowChunkExtraction.model_validate_json(json.dumps(
        {"people": [{"name": "Jane Roe", "positions": [["Acme Labs CTO", "left", 1]], "education": [["Gamma", 3]]}]}),
        strict=True)
    (person,) = ChunkExtraction.model_validate(rows.model_dump()).people
    assert (person.positions[0].organization, person.positions[0].title, person.positions[0].sentence) == (
        "Acme Labs CTO", None, 1)
    assert (person.education[0].institution, person.education[0].degree) == ("Gamma", None)


def test_the_prompt_declares_its_reply_shape_and_a_later_pass_inherits_it() -> None:
    assert load_prompt("extract").reply == "objects"
    assert load_prompt("extract_rows").reply == "rows"
    child = parse_prompt("---\nversion: 1\n---\n## user\nmore", load_prompt("extract_rows"))
    assert child.reply == "rows"
    with pytest.raises(ValueError, match="reply"):
        parse_prompt("---\nversion: 1\nreply: csv\n---\n## system\ns\n## user\nu")


def test_a_rows_prompt_sends_the_row_schema_and_caches_the_common_shape(tmp_path: Path) -> None:
    sent: list[dict] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={
            "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(ROWS)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    settings = Settings(base_url="http://127.0.0.1:9/v1", model="fake", cache_dir=tmp_path, prompt="extract_rows")
    client = make_client(settings, http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)))
    extractor = Extractor(settings, client, ResultCache(tmp_path), Usage())
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    first = asyncio.run(extractor.extract(chunk))
    second = asyncio.run(extractor.extract(chunk))

    assert len(sent) == 1, "the second extraction is served from the cache"
    schema = sent[0]["response_format"]["json_schema"]["schema"]
    assert "prefixItems" in json.dumps(schema)
    assert sent[0]["messages"][0]["content"] == load_prompt("extract_rows").system
    expected = ChunkExtraction.model_validate(OBJECTS)
    assert first.error is None and first.parts[0][1] == expected
    assert second.cached and second.parts[0][1] == expected


def test_a_prompts_reply_budget_caps_max_tokens_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    rows = load_prompt("extract_rows")
    assert rows.max_tokens is not None and rows.max_tokens < Settings().max_tokens
    planner = Extractor.planner(Settings(cache_dir=tmp_path, prompt="extract_rows"))
    assert planner.params["max_tokens"] == rows.max_tokens
    lower = Extractor.planner(Settings(cache_dir=tmp_path, prompt="extract_rows", max_tokens=100))
    assert lower.params["max_tokens"] == 100, "the setting still lowers it"
    assert Extractor.planner(Settings(cache_dir=tmp_path)).params["max_tokens"] == Settings().max_tokens
    for bad in ("0", "many", "true"):
        with pytest.raises(ValueError, match="max_tokens"):
            parse_prompt(f"---\nversion: 1\nmax_tokens: {bad}\n---\n## system\ns\n## user\nu")


def test_a_rows_prompt_with_quoted_evidence_or_the_focused_pass_is_refused_up_front(tmp_path: Path) -> None:
    from extract.errors import ConfigError
    from extract.pipeline import check_settings

    with pytest.raises(ConfigError, match=r"rows.*--evidence quote"):
        check_settings(Settings(cache_dir=tmp_path, prompt="extract_rows", evidence="quote"))
    with pytest.raises(ConfigError, match=r"rows.*--strategy focused"):
        check_settings(Settings(cache_dir=tmp_path, prompt="extract_rows", strategy="focused"))
    check_settings(Settings(cache_dir=tmp_path, prompt="extract_rows"))  # one pass, sentence evidence: fine
