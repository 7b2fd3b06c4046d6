"""``--name-list N`` (8 by default): a chunk where the name tagger finds at least N names next to career words is sent
with them listed after its text (``prompts/extract_listed.md``); every other chunk's request, and its cache key, is
the plain one's."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from extract.config import DEFAULT_NAME_LIST, Settings
from extract.errors import ConfigError
from extract.lexicon.people import career_candidates
from extract.llm.cache import ResultCache
from extract.llm.client import Extractor, make_client
from extract.llm.prompt import load_prompt
from extract.llm.usage import Usage
from extract.models.documents import Chunk
from tests.fake_endpoint import completion

LIST = ("Acme Inc. has hired three researchers:\n"
        "- Jane Roe: a former research scientist at Beta Labs\n"
        "- Bo Lindqvist: previously an engineer at Gamma AI\n"
        "- Mara Olsen: former head of research at Delta Systems")
ONE = "Jane Roe, the chief scientist of Acme Inc., said the lab would grow."


def chunk(text: str) -> Chunk:
    return Chunk("doc", 0, 0, len(text), text, "title", "2026-11-02")


def settings(tmp_path: Path, **overrides) -> Settings:
    return Settings(base_url="http://127.0.0.1:9/v1", model="fake", cache_dir=tmp_path, **overrides)


def test_the_tagger_finds_every_name_of_the_list_and_one_in_the_sentence() -> None:
    assert career_candidates(LIST) == ["Jane Roe", "Bo Lindqvist", "Mara Olsen"]
    assert career_candidates(ONE) == ["Jane Roe"]


def test_a_list_chunk_is_sent_with_its_names_and_any_other_chunk_as_the_default(tmp_path: Path) -> None:
    default = Extractor.planner(settings(tmp_path))
    listing = Extractor.planner(settings(tmp_path, name_list=3))
    listed_user = listing.messages(chunk(LIST))[-1]["content"]
    assert listed_user.startswith(default.messages(chunk(LIST))[-1]["content"])
    assert listed_user.endswith("Jane Roe; Bo Lindqvist; Mara Olsen\n" + listed_user.rsplit("\n", 1)[-1])
    # the system prompt is the default's (llama.cpp's prompt cache serves it to both kinds of chunk)
    assert listing.messages(chunk(LIST))[0] == default.messages(chunk(LIST))[0]
    assert listing.key(chunk(LIST)) != default.key(chunk(LIST))
    # a chunk naming fewer people keeps the default's request and cache key: its cached answer still serves
    assert listing.messages(chunk(ONE)) == default.messages(chunk(ONE))
    assert listing.key(chunk(ONE)) == default.key(chunk(ONE))
    # the threshold counts the names: four are more than this list holds
    assert Extractor.planner(settings(tmp_path, name_list=4)).key(chunk(LIST)) == default.key(chunk(LIST))


def test_a_later_pass_is_never_listed(tmp_path: Path) -> None:
    from extract.schemas import PersonFacts

    person = load_prompt("extract_person")
    plain = Extractor.planner(settings(tmp_path), person, PersonFacts)
    listing = Extractor.planner(settings(tmp_path, name_list=1), person, PersonFacts)
    assert listing.key(chunk(LIST)) == plain.key(chunk(LIST))


def test_the_listed_request_reaches_the_endpoint_and_its_answer_is_cached(tmp_path: Path) -> None:
    sent: list[dict] = []
    answer = {"people": [{"name": "Bo Lindqvist", "positions": [
        {"organization": "Gamma AI", "title": "engineer", "status": "former", "sentence": 3}]}]}

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=completion(answer))

    run = settings(tmp_path, name_list=2)
    client = make_client(run, http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)))
    extractor = Extractor(run, client, ResultCache(tmp_path), Usage())
    first = asyncio.run(extractor.extract(chunk(LIST)))
    again = asyncio.run(extractor.extract(chunk(LIST)))
    assert len(sent) == 1 and again.cached
    assert "Mara Olsen" in sent[0]["messages"][-1]["content"].rsplit("\n\n", 1)[-1]
    assert first.parts[0][1].people[0].name == "Bo Lindqvist"


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_a_bad_threshold_is_one_line_naming_the_flag(bad) -> None:
    with pytest.raises(ConfigError, match="--name-list"):
        Settings(name_list=bad).validate()


def test_listing_names_with_quoted_evidence_is_refused_up_front() -> None:
    with pytest.raises(ConfigError, match="--name-list needs --evidence sentence"):
        Settings(name_list=3, evidence="quote").validate()


LONG_LIST = "Acme Inc. has hired eight researchers:\n" + "\n".join(
    f"- {name}: a former research scientist at Beta Labs"
    for name in ("Jane Roe", "Bo Lindqvist", "Mara Olsen", "Ivo Brandt", "Lena Sauer", "Otto Kral", "Nina Vogt",
                 "Rolf Ek"))


def test_by_default_a_chunk_naming_eight_is_listed_and_quoted_evidence_never() -> None:
    assert DEFAULT_NAME_LIST == 8 and len(career_candidates(LONG_LIST)) == 8
    assert Settings().listed_from == 8 and Settings(name_list=3).listed_from == 3
    assert Settings(name_list=0).listed_from == 0, "0 turns it off"
    quoted = Settings(evidence="quote")
    quoted.validate()  # the default is no explicit --name-list: nothing to refuse
    assert quoted.listed_from == 0


def test_the_default_lists_a_long_list_and_no_shorter_one(tmp_path: Path) -> None:
    default = Extractor.planner(settings(tmp_path))
    never = Extractor.planner(settings(tmp_path, name_list=0))
    assert default.key(chunk(LONG_LIST)) != never.key(chunk(LONG_LIST))
    assert "Nina Vogt; Rolf Ek" in default.messages(chunk(LONG_LIST))[-1]["content"].rsplit("[9]", 1)[-1]
    assert default.key(chunk(LIST)) == never.key(chunk(LIST)), "three names: the plain request"
