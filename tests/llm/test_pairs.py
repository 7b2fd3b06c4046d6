"""The pair check (``--strategy pairs``) against a loopback fake endpoint: the first pass, then one call per chunk
about the pairs its answer left out, and the confirmed pairs added as facts citing their sentence."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from extract.config import Settings
from extract.errors import ConfigError
from extract.lexicon.orgs import OrgEntry, OrgTable
from extract.lexicon.pairs import SentencePair
from extract.llm.cache import ResultCache
from extract.llm.client import make_client
from extract.llm.pairs import PairsExtractor, pairs_to_ask, with_answers
from extract.llm.strategy import make_extractor, planned_keys
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction
from extract.schemas.pairs import pair_answers
from tests.fake_endpoint import FakeEndpoint, Reply, completion

TEXT = "Jane Roe joined OpenAI in 2021. She previously worked at Google for six years. Bo Lin, a Microsoft engineer, studied at MIT."
FIRST = {"people": [
    {"name": "Jane Roe", "positions": [{"organization": "OpenAI", "title": None, "status": "joined",
                                        "sentence": 1}], "education": []},
]}
ORGS = OrgTable.load()


def settings_for(endpoint: FakeEndpoint, tmp_path: Path, **overrides) -> Settings:
    values = {"base_url": endpoint.base_url, "cache_dir": tmp_path, "model": "fake", "strategy": "pairs",
              "concurrency": 1, "max_retries": 1, "timeout": 5.0, "name_list": 0}
    return Settings.from_env(**{**values, **overrides})


def run_pairs(settings: Settings, tmp_path: Path, chunk: Chunk):
    usage = Usage()
    with ResultCache(tmp_path) as cache:
        extractor = make_extractor(settings, make_client(settings), cache, usage)
        assert isinstance(extractor, PairsExtractor)
        result = asyncio.run(extractor.extract(chunk))
        keys = planned_keys(settings, [chunk], cache)
        missing = [k for k in keys if k not in cache]
    return result, usage, keys, missing


def test_the_open_pairs_are_asked_once_and_confirmed_ones_become_facts(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(FIRST)), Reply(completion({"answers": ["former", "current", "studied"]})))
        result, usage, keys, missing = run_pairs(settings_for(endpoint, tmp_path), tmp_path, chunk)
        second = endpoint.requests[1]["body"]

    users = second["messages"][-1]["content"]
    assert "1. Jane Roe | Google | [2]\n2. Bo Lin | Microsoft | [3]\n3. Bo Lin | MIT | [3]" in users, "the answered pair (OpenAI) is not asked"
    schema = json.dumps(second["response_format"])
    assert '"minItems": 3' in schema and '"maxItems": 3' in schema, "exactly one answer per pair"
    people = {p.name: p for p in result.parts[0][1].people}
    assert [(f.organization, f.status, f.sentence) for f in people["Jane Roe"].positions] == [
        ("OpenAI", "joined", 1), ("Google", "former", 2)]
    assert [(f.organization, f.status) for f in people["Bo Lin"].positions] == [("Microsoft", "current")]
    assert [(e.institution, e.sentence) for e in people["Bo Lin"].education] == [("MIT", 3)]
    assert (usage.calls, usage.pair_calls, usage.chunks) == (2, 1, 1)
    assert len(keys) == 2 and missing == []

    with FakeEndpoint() as endpoint:  # warm: no request, the same facts
        again, usage2, _, _ = run_pairs(settings_for(endpoint, tmp_path), tmp_path, chunk)
        assert endpoint.requests == []
    assert again.cached and usage2.calls == 0
    assert again.parts[0][1].model_dump() == result.parts[0][1].model_dump()


def test_a_chunk_with_no_open_pair_makes_no_second_call(tmp_path: Path) -> None:
    text = "Jane Roe joined OpenAI in 2021."
    chunk = Chunk("doc", 0, 0, len(text), text, "title", "2024-12-04")
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(FIRST)))
        result, usage, keys, _ = run_pairs(settings_for(endpoint, tmp_path), tmp_path, chunk)
        assert len(endpoint.requests) == 1
    assert usage.pair_calls == 0 and len(keys) == 1
    assert [p.name for p in result.parts[0][1].people] == ["Jane Roe"]


def test_a_failed_pair_call_keeps_the_first_answer(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    with FakeEndpoint(default=Reply(completion("not json at all"))) as endpoint:
        endpoint.push(Reply(completion(FIRST)))
        result, _, _, _ = run_pairs(settings_for(endpoint, tmp_path), tmp_path, chunk)
    assert result.error is None
    assert [f.organization for p in result.parts[0][1].people for f in p.positions] == ["OpenAI"]


def test_none_answers_add_nothing_and_a_new_name_becomes_a_person() -> None:
    extraction = ChunkExtraction.model_validate(FIRST)
    pairs = [SentencePair(2, "Jane Roe", "Google"), SentencePair(3, "Bo Lin", "Contoso")]
    merged = with_answers(extraction, pairs, ["none", "current"])
    people = {p.name: p for p in merged.people}
    assert [f.organization for f in people["Jane Roe"].positions] == ["OpenAI"]
    assert [(f.organization, f.status, f.title) for f in people["Bo Lin"].positions] == [("Contoso", "current", None)]


def test_one_question_per_person_and_organisation_whatever_name_the_sentence_uses() -> None:
    orgs = OrgTable.from_entries([OrgEntry("Contoso", ("康托索",))])
    text = "周明远（Mingyuan Zhou）曾在康托索工作。Mingyuan Zhou left Contoso in 2020."
    extraction = ChunkExtraction.model_validate({"people": [
        {"name": "周明远", "other_names": ["Mingyuan Zhou"], "positions": [], "education": []}]})
    chunk = Chunk("doc", 0, 0, len(text), text)
    assert pairs_to_ask(chunk, extraction, orgs) == [SentencePair(1, "周明远", "康托索")]


def test_the_answer_schema_fixes_the_count() -> None:
    model = pair_answers(3)
    assert model.model_validate({"answers": ["joined", "none", "left"]}).answers[2] == "left"
    with pytest.raises(ValueError):
        model.model_validate({"answers": ["joined"]})
    with pytest.raises(ValueError):
        model.model_validate({"answers": ["joined", "none", "hired"]})


def test_pairs_needs_sentence_evidence(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--strategy pairs needs --evidence sentence"):
        Settings.from_env(cache_dir=tmp_path, strategy="pairs", evidence="quote").validate()
