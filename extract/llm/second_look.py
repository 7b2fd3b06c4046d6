"""The ``second-look`` strategy: after the first call, one more per chunk about the sentences its answer left out.

Why: on real articles nobody tuned for, most missed positions belong to people the model did find, and about half
of them sit in sentences its answer never cites (bench/quality.md, session 20): a 1.5B model reading a whole chunk
stops after the first posts of each person. Asking about a person again (``focused``) did not bring them back; this
points the model at sentences instead. A sentence is worth a second look when no fact of the first answer that
grounding could keep cites it (its organisation written there; a degree only in a sentence about studies), it names
a known organisation (the alias table), and it names someone: a person of the first answer, a name the tagger finds,
or a pronoun.

The call is the first call's prompt with one paragraph appended (``prompts/extract_second_look.md``), so llama.cpp's
prompt cache serves the system prompt and the chunk. The reply is not short: the model re-extracts much of the chunk
whatever it is asked (about 220 tokens a call on the seeds; bench/quality.md, session 21, measured three ways of
narrowing it, none better on the mean of four real sets). Its people are merged into the first
answer: a known person gains positions and degrees at organisations the first answer did not give them, a new
person is added. The result keeps the first pass's shape, so grounding (which checks every fact against its
sentence) and every engine treat it like any other answer.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import cache
from typing import Any

import instructor
from pydantic import BaseModel

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult, Extractor
from extract.llm.prompt import prompt_for
from extract.llm.usage import Usage
from extract.models.documents import Chunk

__all__ = ["SecondLookExtractor", "merge_second_look", "sentences_to_reread"]

MAX_SENTENCES = 4  # per call: more and the model spreads thin again


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


@cache
def _orgs(extra: tuple[str, ...]) -> Any:
    from extract.lexicon.orgs import OrgTable

    return OrgTable.load(extra)


def sentences_to_reread(span: Chunk, extraction: BaseModel, orgs: Any) -> list[int]:
    """Numbers of the sentences of ``span`` worth a second look (module docstring), at most :data:`MAX_SENTENCES`."""
    import unicodedata

    from extract.lexicon.cues import default_cues
    from extract.lexicon.people import career_candidates
    from extract.lexicon.sentences import split_sentences

    people = getattr(extraction, "people", [])
    names = {_key(n) for p in people for n in (p.name, *p.other_names) if len(_key(n)) >= 2}
    cues = default_cues()
    sentences = split_sentences(span.text)
    by_number = {s.number: s.text for s in sentences}
    # A sentence counts as read only through a fact grounding can keep: its organisation written in that sentence,
    # and for a degree, a sentence about studies (the model often files a job as a degree and cites its sentence).
    covered = {f.sentence for p in people for f in p.positions
               if _written_in(f.organization, by_number.get(f.sentence), orgs)}
    covered |= {f.sentence for p in people for f in p.education
                if _written_in(f.institution, by_number.get(f.sentence), orgs)
                and cues.about_studies(by_number[f.sentence])}
    chosen = []
    for sentence in sentences:
        if sentence.number in covered:
            continue
        if orgs.canonical(sentence.text).method not in ("alias", "contains"):
            continue
        text = _key(sentence.text)
        if any(n in text for n in names) or cues.matches(unicodedata.normalize("NFKC", sentence.text), "pronoun") \
                or career_candidates(sentence.text, orgs=orgs):
            chosen.append(sentence.number)
    return chosen[:MAX_SENTENCES]


def _written_in(organization: str, sentence: str | None, orgs: Any) -> bool:
    """Is ``organization`` written in ``sentence``, as given or as another name of its alias-table entry?"""
    if not sentence or not organization.strip():
        return False
    if _key(organization) in _key(sentence):
        return True
    found = orgs.canonical(sentence)
    return found.method in ("alias", "contains") and orgs.same(organization, found.canonical)


def merge_second_look(extraction: Any, more: Any) -> Any:
    """The first answer plus the second look's facts: a known person (any shared name) gains positions and degrees
    at organisations the first answer did not give them; a new person is added whole."""
    people = list(extraction.people)
    for person in more.people:
        names = {_key(n) for n in (person.name, *person.other_names)}
        at = next((i for i, p in enumerate(people) if names & {_key(n) for n in (p.name, *p.other_names)}), None)
        if at is None:
            if person.positions or person.education:
                people.append(person)
            continue
        known = people[at]
        held = {_key(f.organization) for f in known.positions}
        studied = {_key(f.institution) for f in known.education}
        people[at] = known.model_copy(update={
            "positions": [*known.positions, *(f for f in person.positions if _key(f.organization) not in held)],
            "education": [*known.education, *(f for f in person.education if _key(f.institution) not in studied)],
        })
    return extraction.model_copy(update={"people": people})


def _focus(numbers: list[int]) -> str:
    return ", ".join(f"[{n}]" for n in numbers)


class SecondLookExtractor:
    """Same interface as :class:`Extractor` (:class:`extract.llm.strategy.ChunkExtractor`), two calls inside."""

    def __init__(self, settings: Settings, client: instructor.AsyncInstructor, cache: ResultCache, usage: Usage):
        self.settings = settings
        self.usage = usage
        self.first = Extractor(settings, client, cache, usage)
        self.again = Extractor(settings, client, cache, usage, prompt=prompt_for(settings, "extract_second_look"),
                               count_calls=False)

    def key(self, chunk: Chunk) -> str:
        return self.first.key(chunk)

    @property
    def later_passes(self) -> tuple[Extractor, ...]:
        return (self.again,)

    @classmethod
    def planned(cls, settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[tuple[str, type[BaseModel]]]:
        """Every cache key a run would need: the first pass's, and the second look's for every first answer already
        cached (a missing first answer means the model is needed anyway)."""
        from extract.schemas import ChunkExtraction

        first_keys = Extractor.keys_for(settings, chunks)
        again = Extractor.planner(settings, prompt_for(settings, "extract_second_look"))
        planned: list[tuple[str, type[BaseModel]]] = [(key, ChunkExtraction) for key in first_keys]
        orgs = _orgs(tuple(settings.orgs))
        for chunk, key in zip(chunks, first_keys, strict=True):
            extraction = cache.get_result(key, ChunkExtraction)
            if extraction is not None and (numbers := sentences_to_reread(chunk, extraction, orgs)):
                planned.append((again.key(replace(chunk, focus=_focus(numbers))), ChunkExtraction))
        return planned

    async def extract(self, chunk: Chunk) -> ChunkResult:
        started = time.perf_counter()
        result = await self.first.extract(chunk)
        if result.error is not None:
            return result
        orgs = _orgs(tuple(self.settings.orgs))
        parts = []
        for span, extraction in result.parts:
            numbers = sentences_to_reread(span, extraction, orgs)
            if numbers:
                answer = await self.again.extract(replace(span, focus=_focus(numbers)))
                self.usage.chunks -= 1  # `chunks` counts chunks, not the second looks
                self.usage.focused_calls += 1
                if answer.error is None:
                    result.cached = result.cached and answer.cached
                    for _, more in answer.parts:
                        extraction = merge_second_look(extraction, more)
            parts.append((span, extraction))
        result.parts = parts
        result.seconds = time.perf_counter() - started
        return result
