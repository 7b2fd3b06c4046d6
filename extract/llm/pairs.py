"""The pair check (``--strategy pairs``): after the first pass, one short call per chunk about the person–organisation
pairs its sentences name together that the first answer left out.

Why (issue 19): on unseen articles most missed positions belong to people the model found, at organisations the
table knows, and were never in its reply (session 18, ``bench/misses_by_kind.py --cache``): asked for everyone's
facts at once, the 1.5B model gives a person one or two posts. Asking it again openly about one person (``focused``)
or for "every job, earlier ones too" (a prompt) did not carry over. Here the code finds the candidates
(:func:`extract.lexicon.pairs.sentence_pairs`: a name and a known organisation in one sentence) and the model only
judges each, one word per pair (``schemas/pairs.py``); a position it confirms cites the pair's sentence and is
grounded like any other fact, so a wrong "joined" still has to survive the sentence's own reading.

Cost: the call is the first pass's prompt (system prompt, then the chunk) with one paragraph appended
(``prompts/extract_pairs.md`` extends ``extract.md``), so llama.cpp's prompt cache serves the shared prefix, and the
reply is a few tokens a pair. A chunk with no open pair makes no call.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

import instructor
from pydantic import BaseModel

from extract.config import Settings
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.lexicon.pairs import SentencePair, sentence_pairs
from extract.lexicon.people import career_candidates
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult, Extractor
from extract.llm.prompt import prompt_for
from extract.llm.usage import Usage
from extract.models.documents import Chunk

__all__ = ["MAX_PAIRS", "PairsExtractor", "pairs_text", "pairs_to_ask", "with_answers"]

MAX_PAIRS = 12  # per chunk part: the reply stays short, and a list chunk's pairs grow as names × organisations


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def _person_of(name: str, people: list[Any]) -> Any | None:
    """The person of ``people`` that ``name`` is a name of: one of their names, or one containing it or contained
    in it ("Roe" and "Jane Roe")."""
    key = _key(name)
    for person in people:
        for other in (person.name, *person.other_names):
            other_key = _key(other)
            if other_key and (key == other_key or key in other_key or other_key in key):
                return person
    return None


def _same_org(a: str, b: str, orgs: OrgTable) -> bool:
    if orgs.same(a, b):
        return True
    ka, kb = normalise_org(a), normalise_org(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def _answered(pair: SentencePair, people: list[Any], orgs: OrgTable) -> bool:
    """Does the first answer already hold a fact of this person at this organisation (a job or a school)?"""
    person = _person_of(pair.name, people)
    if person is None:
        return False
    given = [f.organization for f in person.positions] + [e.institution for e in person.education]
    return any(_same_org(pair.organization, organization, orgs) for organization in given)


def pairs_to_ask(span: Chunk, extraction: BaseModel, orgs: OrgTable) -> list[SentencePair]:
    """The pairs of ``span`` the first answer has no fact for: names are the answer's people and the tagger's
    (names written near a career word, lists included); organisations the table's and the answer's own."""
    people = list(getattr(extraction, "people", []))
    names = [n for p in people for n in (p.name, *p.other_names)]
    names += career_candidates(span.text, orgs=orgs, lists=True)
    names = [n for n in names if not orgs.is_alias(n)]
    given = [f.organization for p in people for f in p.positions]
    given += [e.institution for p in people for e in p.education]
    asked: list[SentencePair] = []
    seen: set[tuple[int, str]] = set()
    for pair in sentence_pairs(span.text, names, orgs, given):
        person = _person_of(pair.name, people)
        key = (id(person) if person is not None else hash(_key(pair.name)),
               normalise_org(orgs.canonical(pair.organization).canonical))
        if key not in seen and not _answered(pair, people, orgs):  # one question per person: 张健 and Jian Zhang
            seen.add(key)
            asked.append(pair)
    return asked[:MAX_PAIRS]


def pairs_text(pairs: list[SentencePair]) -> str:
    """The pairs as the prompt lists them: ``1. Jane Roe | Acme | [3]``."""
    return "\n".join(f"{i}. {p.name} | {p.organization} | [{p.sentence}]" for i, p in enumerate(pairs, 1))


def with_answers(extraction: BaseModel, pairs: list[SentencePair], answers: list[str]) -> BaseModel:
    """The first answer plus a fact for each pair the model confirmed: a position (no title: the rule pass reads
    titles from the sentence) or, for "studied", a school with no degree; a name the answer did not have becomes a
    person of its own."""
    from extract.schemas import Education, PersonMention, Position
    from extract.schemas.pairs import HELD

    people = list(getattr(extraction, "people", []))
    for pair, answer in zip(pairs, answers, strict=True):
        if answer not in HELD and answer != "studied":
            continue
        person = _person_of(pair.name, people)
        if person is None:
            person = PersonMention(name=pair.name)
            people.append(person)
        at = next(i for i, p in enumerate(people) if p is person)
        if answer == "studied":
            school = Education(institution=pair.organization, degree=None, sentence=pair.sentence)
            people[at] = person.model_copy(update={"education": [*person.education, school]})
        else:
            job = Position(organization=pair.organization, title=None, status=answer, sentence=pair.sentence)
            people[at] = person.model_copy(update={"positions": [*person.positions, job]})
    return extraction.model_copy(update={"people": people})


class PairsExtractor:
    """Same interface as :class:`Extractor` (:class:`extract.llm.strategy.ChunkExtractor`), two passes inside."""

    def __init__(self, settings: Settings, client: instructor.AsyncInstructor, cache: ResultCache, usage: Usage):
        self.settings = settings
        self.client = client
        self.cache = cache
        self.usage = usage
        self.orgs = OrgTable.load(settings.orgs)
        self.first = Extractor(settings, client, cache, usage)
        self.prompt = prompt_for(settings, "extract_pairs")
        self._askers: dict[int, Extractor] = {}
        self._calls = asyncio.Semaphore(settings.concurrency)

    def key(self, chunk: Chunk) -> str:
        return self.first.key(chunk)

    @property
    def later_passes(self) -> tuple[Extractor, ...]:
        """The pair check's extractor (for one pair: the prompt is the same for every count; the schema's count
        is part of each request's own key)."""
        return (self._asker(1),)

    def _asker(self, count: int) -> Extractor:
        """The extractor for ``count`` pairs (its schema holds the count); it must not count calls again."""
        from extract.schemas.pairs import pair_answers

        if count not in self._askers:
            self._askers[count] = Extractor(self.settings, self.client, self.cache, self.usage, prompt=self.prompt,
                                            response_model=pair_answers(count), count_calls=False)
        return self._askers[count]

    @classmethod
    def planned(
        cls, settings: Settings, chunks: list[Chunk], cache: ResultCache
    ) -> list[tuple[str, type[BaseModel]]]:
        """Every cache key a run would need, with the schema its answer must fit: the first pass's, and the pair
        check's for every first answer already cached (a missing first answer means the model is needed anyway)."""
        from extract.schemas import ChunkExtraction
        from extract.schemas.pairs import pair_answers

        orgs = OrgTable.load(settings.orgs)
        prompt = prompt_for(settings, "extract_pairs")
        first_keys = Extractor.keys_for(settings, chunks)
        planned: list[tuple[str, type[BaseModel]]] = [(key, ChunkExtraction) for key in first_keys]
        for chunk, key in zip(chunks, first_keys, strict=True):
            extraction = cache.get_result(key, ChunkExtraction)
            pairs = pairs_to_ask(chunk, extraction, orgs) if extraction is not None else []
            if pairs:
                planner = Extractor.planner(settings, prompt, pair_answers(len(pairs)))
                planned.append((planner.key(replace(chunk, focus=pairs_text(pairs))), pair_answers(len(pairs))))
        return planned

    async def extract(self, chunk: Chunk) -> ChunkResult:
        started = time.perf_counter()
        async with self._calls:
            result = await self.first.extract(chunk)
        if result.error is not None:
            return result
        parts = []
        for span, extraction in result.parts:
            pairs = pairs_to_ask(span, extraction, self.orgs)
            if pairs:
                async with self._calls:
                    answer = await self._asker(len(pairs)).extract(replace(span, focus=pairs_text(pairs)))
                self.usage.chunks -= 1  # `chunks` counts chunks, not the pair calls
                self.usage.pair_calls += 1
                if answer.error is None and len(answer.parts) == 1:
                    result.cached = result.cached and answer.cached
                    extraction = with_answers(extraction, pairs, list(answer.parts[0][1].answers))  # type: ignore[attr-defined]
            parts.append((span, extraction))
        result.parts = parts
        result.seconds = time.perf_counter() - started
        return result
