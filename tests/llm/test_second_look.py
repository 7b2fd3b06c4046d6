"""The second-look strategy against a loopback fake endpoint: the first call, then one about the sentences its
answer left out, merged. Invented names and organisations (the alias table knows Tsinghua and Peking University)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from extract.config import Settings
from extract.lexicon.orgs import OrgTable
from extract.llm.cache import ResultCache
from extract.llm.client import make_client
from extract.llm.second_look import SecondLookExtractor, merge_second_look, sentences_to_reread
from extract.llm.strategy import make_extractor, planned_keys
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction
from tests.fake_endpoint import FakeEndpoint, Reply, completion

TEXT = ("周明远于 2021 年加入北辰科技，任首席科学家。此前他在清华大学担任教授。"
        "Bo Lin joined Peking University as a professor. 行业竞争正在加剧。")
FIRST = {"people": [
    {"name": "周明远", "other_names": [], "education": [],
     "positions": [{"organization": "北辰科技", "title": "首席科学家", "status": "joined", "sentence": 1}]},
]}
AGAIN = {"people": [
    {"name": "周明远", "other_names": [], "education": [],
     "positions": [{"organization": "清华大学", "title": "教授", "status": "former", "sentence": 2},
                   {"organization": "北辰科技", "title": None, "status": "joined", "sentence": 2}]},
    {"name": "Bo Lin", "other_names": [], "education": [],
     "positions": [{"organization": "Peking University", "title": "professor", "status": "joined", "sentence": 3}]},
]}


def _chunk() -> Chunk:
    return Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")


def test_the_sentences_worth_a_second_look_name_an_organisation_and_someone_and_are_not_cited() -> None:
    first = ChunkExtraction.model_validate(FIRST)
    # [1] is cited; [2] names Tsinghua and opens with a pronoun; [3] names Peking University and a name the tagger
    # finds; [4] names no organisation
    assert sentences_to_reread(_chunk(), first, OrgTable.load()) == [2, 3]


def test_merge_adds_new_organisations_and_new_people_only() -> None:
    merged = merge_second_look(ChunkExtraction.model_validate(FIRST), ChunkExtraction.model_validate(AGAIN))
    people = {p.name: p for p in merged.people}
    assert [p.organization for p in people["周明远"].positions] == ["北辰科技", "清华大学"]
    assert [p.organization for p in people["Bo Lin"].positions] == ["Peking University"]


def test_one_more_call_names_the_sentences_and_a_warm_run_asks_nothing(tmp_path: Path) -> None:
    values = {"cache_dir": tmp_path, "model": "fake", "strategy": "second-look", "concurrency": 1,
              "max_retries": 1, "timeout": 5.0, "name_list": 0}
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(FIRST)), Reply(completion(AGAIN)))
        settings = Settings.from_env(base_url=endpoint.base_url, **values)
        usage = Usage()
        with ResultCache(tmp_path) as cache:
            extractor = make_extractor(settings, make_client(settings), cache, usage)
            assert isinstance(extractor, SecondLookExtractor)
            result = asyncio.run(extractor.extract(_chunk()))
            keys = planned_keys(settings, [_chunk()], cache)
            assert len(keys) == 2 and all(k in cache for k in keys)
        users = [r["body"]["messages"][-1]["content"] for r in endpoint.requests]
    assert len(users) == 2 and users[1].startswith(users[0])  # the same prefix: the prompt cache serves it
    assert "sentences [2], [3] of the text again" in users[1]
    assert {p.name for p in result.parts[0][1].people} == {"周明远", "Bo Lin"}
    assert (usage.calls, usage.chunks) == (2, 1)

    with FakeEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, **values)
        with ResultCache(tmp_path) as cache:
            again = asyncio.run(make_extractor(settings, make_client(settings), cache, Usage()).extract(_chunk()))
        assert endpoint.requests == []
    assert again.cached and again.parts[0][1].model_dump() == result.parts[0][1].model_dump()
