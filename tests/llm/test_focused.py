"""The focused strategy against a loopback fake endpoint: one call for the people, one per person, merged facts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from extract.config import Settings
from extract.errors import ConfigError
from extract.llm.cache import ResultCache
from extract.llm.client import make_client
from extract.llm.focused import FocusedExtractor, merge_person
from extract.llm.strategy import make_extractor, planned_keys
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from extract.schemas import PersonFacts, PersonMention
from tests.fake_endpoint import FakeEndpoint, Reply, completion

TEXT = "宋明远（Mingyuan Song）曾任清华大学教授。2019 年他加入 Example AI 担任首席科学家。林晓毕业于北京大学。"
FIRST = {"people": [
    {"name": "宋明远", "other_names": ["Mingyuan Song"],
     "positions": [{"organization": "清华大学", "title": "教授", "start": None, "end": None, "status": "former",
                    "sentence": 1}], "education": []},
    {"name": "林晓", "other_names": [], "positions": [],
     "education": [{"institution": "北京大学", "degree": None, "end": None, "sentence": 3}]},
]}
SONG = {"positions": [{"organization": "Example AI", "title": "首席科学家", "start": "2019 年", "end": None,
                       "status": "joined", "sentence": 2}]}
LIN: dict = {"positions": []}


def settings_for(endpoint: FakeEndpoint, tmp_path: Path, **overrides) -> Settings:
    values = {"base_url": endpoint.base_url, "cache_dir": tmp_path, "model": "fake", "strategy": "focused",
              "concurrency": 1, "max_retries": 1, "timeout": 5.0}
    return Settings.from_env(**{**values, **overrides})


def run_focused(settings: Settings, tmp_path: Path, chunk: Chunk):
    usage = Usage()
    with ResultCache(tmp_path) as cache:
        extractor = make_extractor(settings, make_client(settings), cache, usage)
        assert isinstance(extractor, FocusedExtractor)
        result = asyncio.run(extractor.extract(chunk))
        keys = planned_keys(settings, [chunk], cache)
        missing = [k for k in keys if k not in cache]
    return result, usage, keys, missing


def test_one_call_for_people_then_one_per_person_and_facts_merged(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(FIRST)), Reply(completion(SONG)), Reply(completion(LIN)))
        settings = settings_for(endpoint, tmp_path)
        result, usage, keys, missing = run_focused(settings, tmp_path, chunk)
        users = [r["body"]["messages"][-1]["content"] for r in endpoint.requests]

    assert result.error is None
    assert len(users) == 3
    assert users[1].endswith("Person: 宋明远 (Mingyuan Song)")
    assert users[2].endswith("Person: 林晓")
    people = {p.name: p for p in result.parts[0][1].people}
    # the focused answer first, then the first pass's facts for organisations it did not return
    assert [p.organization for p in people["宋明远"].positions] == ["Example AI", "清华大学"]
    assert [e.institution for e in people["林晓"].education] == ["北京大学"]  # an empty focused answer keeps them
    assert (usage.calls, usage.focused_calls, usage.chunks) == (3, 2, 1)
    assert len(keys) == 3 and missing == []  # every key the run needs is now cached

    with FakeEndpoint() as endpoint:  # a warm re-run asks nothing and gives the same facts
        again, usage2, _, _ = run_focused(settings_for(endpoint, tmp_path), tmp_path, chunk)
        assert endpoint.requests == []
    assert again.cached and usage2.calls == 0
    assert again.parts[0][1].model_dump() == result.parts[0][1].model_dump()


def test_a_failed_person_call_keeps_the_first_pass_facts(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    with FakeEndpoint(default=Reply(completion("not json at all"))) as endpoint:
        endpoint.push(Reply(completion(FIRST)), Reply(completion(SONG)))
        result, usage, _, missing = run_focused(settings_for(endpoint, tmp_path, max_reasks=0), tmp_path, chunk)
    people = {p.name: p for p in result.parts[0][1].people}
    assert [e.institution for e in people["林晓"].education] == ["北京大学"]
    assert sum(usage.failures.values()) == 1
    assert len(missing) == 1  # the failed person call is not cached: a re-run asks again


def test_merge_prefers_focused_facts_and_adds_unseen_organisations() -> None:
    person = PersonMention.model_validate(FIRST["people"][0])
    focused = PersonFacts.model_validate({"positions": [
        {**SONG["positions"][0]},
        {"organization": "清 华大学", "title": None, "start": None, "end": None, "status": "former", "sentence": 1},
    ]})
    merged = merge_person(person, focused)
    assert [(p.organization, p.title) for p in merged.positions] == [("Example AI", "首席科学家"), ("清 华大学", None)]


def test_focused_needs_sentence_evidence(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--strategy focused needs --evidence sentence"):
        Settings.from_env(strategy="focused", evidence="quote", cache_dir=tmp_path)
    with pytest.raises(ConfigError, match="--strategy must be one of"):
        Settings.from_env(strategy="twice", cache_dir=tmp_path)


def test_person_prompt_names_the_person_last() -> None:
    """The person goes last so that llama.cpp's prompt cache reuses system prompt + chunk across persons."""
    from dataclasses import replace

    from extract.llm.prompt import load_prompt

    prompt = load_prompt("extract_person")
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    a = prompt.messages(replace(chunk, focus="宋明远"))[-1]["content"]
    b = prompt.messages(replace(chunk, focus="林晓"))[-1]["content"]
    assert a.rsplit("Person:", 1)[0] == b.rsplit("Person:", 1)[0]
    assert a.endswith("Person: 宋明远") and b.endswith("Person: 林晓")


def test_glean_adds_the_people_the_first_pass_missed(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    first = {"people": [FIRST["people"][0]]}
    missed = {"people": [FIRST["people"][1], {**FIRST["people"][0], "positions": []}]}  # one new, one known
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(first)), Reply(completion(missed)), Reply(completion(SONG)),
                      Reply(completion(LIN)))
        settings = settings_for(endpoint, tmp_path, glean=True)
        result, usage, keys, missing = run_focused(settings, tmp_path, chunk)
        users = [r["body"]["messages"][-1]["content"] for r in endpoint.requests]
    assert "Already found: 宋明远 (Mingyuan Song)" in users[1]
    assert [u.rsplit("Person: ", 1)[-1] for u in users[2:]] == ["宋明远 (Mingyuan Song)", "林晓"]
    assert [p.name for p in result.parts[0][1].people] == ["宋明远", "林晓"]
    assert (usage.calls, usage.glean_calls, usage.focused_calls) == (4, 1, 2)
    assert len(keys) == 4 and missing == []
    with pytest.raises(ConfigError, match="--glean needs --strategy focused"):
        Settings.from_env(glean=True, cache_dir=tmp_path)


def test_every_prompt_of_a_chunk_shares_the_first_pass_prefix() -> None:
    """llama.cpp's prompt cache reuses a common prefix: person and gleaning prompts extend the first pass's."""
    from dataclasses import replace

    from extract.llm.prompt import load_prompt

    chunk = Chunk("doc", 0, 0, len(TEXT), TEXT, "title", "2024-12-04")
    first = load_prompt("extract").messages(chunk)
    for name in ("extract_person", "extract_missing"):
        other = load_prompt(name).messages(replace(chunk, focus="宋明远"))
        assert other[0] == first[0]
        assert other[1]["content"].startswith(first[1]["content"])


def test_merge_keeps_the_first_pass_education_and_the_focused_call_asks_for_none() -> None:
    """The focused pass handed a person their neighbours' degrees: it is no longer asked for education."""
    person = PersonMention.model_validate(FIRST["people"][1])
    focused = PersonFacts.model_validate({"positions": []})
    assert [e.institution for e in merge_person(person, focused).education] == ["北京大学"]
    assert "education" not in PersonFacts.model_json_schema()["properties"]


MISSED_TEXT = ("Beta Labs CEO Dana Whitfield said the lab had hired Tomas Lindgren, a former research director at "
               "Example AI. Lindgren starts in March.")
MISSED_FIRST = {"people": [
    {"name": "Tomas Lindgren", "other_names": [],
     "positions": [{"organization": "Beta Labs", "title": None, "status": "joined", "sentence": 1}],
     "education": []},
]}
DANA = {"positions": [{"organization": "Beta Labs", "title": "CEO", "status": "current", "sentence": 1}]}


def test_missed_asks_only_about_the_people_the_first_pass_left_out(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(MISSED_TEXT), MISSED_TEXT, "title", "2024-12-04")
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(MISSED_FIRST)), Reply(completion(DANA)))
        settings = settings_for(endpoint, tmp_path, strategy="missed")
        result, usage, keys, missing = run_focused(settings, tmp_path, chunk)
        users = [r["body"]["messages"][-1]["content"] for r in endpoint.requests]

    assert result.error is None
    assert len(users) == 2 and users[1].endswith("Person: Dana Whitfield")  # not Tomas Lindgren again
    people = {p.name: p for p in result.parts[0][1].people}
    assert list(people) == ["Tomas Lindgren", "Dana Whitfield"]
    assert [(p.organization, p.title) for p in people["Dana Whitfield"].positions] == [("Beta Labs", "CEO")]
    assert people["Tomas Lindgren"].positions[0].organization == "Beta Labs"  # the first pass's, untouched
    assert (usage.calls, usage.focused_calls) == (2, 1)
    assert len(keys) == 2 and missing == []


def test_missed_drops_a_tagged_name_the_model_gives_nothing_for(tmp_path: Path) -> None:
    chunk = Chunk("doc", 0, 0, len(MISSED_TEXT), MISSED_TEXT, "title", "2024-12-04")
    with FakeEndpoint() as endpoint:
        endpoint.push(Reply(completion(MISSED_FIRST)), Reply(completion({"positions": []})))
        result, _, _, _ = run_focused(settings_for(endpoint, tmp_path, strategy="missed"), tmp_path, chunk)
    assert [p.name for p in result.parts[0][1].people] == ["Tomas Lindgren"]


def test_missed_does_not_ask_about_a_name_the_text_brackets_after_a_known_one() -> None:
    from extract.llm.focused import _missed_people
    from extract.schemas import ChunkExtraction

    text = "Beta Labs 负责人周九（音译，Jiu Zhou）已离职，CEO Dana Whitfield 表示感谢。"
    chunk = Chunk("doc", 0, 0, len(text), text, "title", "2024-12-04")
    first = ChunkExtraction.model_validate({"people": [{"name": "周九", "positions": [
        {"organization": "Beta Labs", "title": "负责人", "status": "left", "sentence": 1}]}]})
    assert [p.name for p in _missed_people(chunk, first)] == ["Dana Whitfield"]
