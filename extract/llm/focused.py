"""The focused strategies: one pass finds the people, a short second call per person asks for that person's career.

``focused`` asks again about every person the first pass found; ``missed`` asks only about the people a name
tagger finds in the chunk (:func:`extract.lexicon.people.career_candidates`) that the first pass left out, so the
first pass's answer stays as it is and the extra cost is one short call per person missed (issue 19: on the
real-article dev half the first pass left out a quarter of the people, most of them named in passing or in lists).

Why: a 1.5B model asked for everyone's facts at once lists one or two positions per person and stops, and it
hands one person's degree to the person named next to them (seed 003: a biography paragraph with four roles came
back with one). Asked about one named person, it reads the chunk for that person only. The second calls are cheap
on llama.cpp: each is the first pass's prompt (system prompt, then the chunk) with one paragraph appended
(``prompts/extract_person.md`` extends ``extract.md``), the person's name last, so the server's prompt cache serves
all but a few tokens and the cost is the (short) reply. With ``--glean``, one more call per chunk of the same shape
(``extract_missing.md``) lists the people found and asks for the ones missed; they get focused calls too.

Facts are merged per person: the focused pass's positions, plus the first pass's for organisations the focused
pass did not return (a second opinion, not a replacement); education stays the first pass's (see merge_person).
The result has the first pass's shape (:class:`ChunkExtraction`), so grounding, consolidation and every engine
treat both strategies alike.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

import instructor
from pydantic import BaseModel

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.llm.client import ChunkResult, Extractor
from extract.llm.prompt import prompt_for
from extract.llm.usage import Usage
from extract.models.documents import Chunk

__all__ = ["FocusedExtractor", "focus_of", "merge_person"]

_ALIAS_REACH = 12  # characters of a note that may stand before another name in brackets ("（音译，")
MAX_FOCUSED_PEOPLE = 12  # per chunk part: 8 from the first pass, and a few more from gleaning


def focus_of(person: Any) -> str:
    """How the prompt names the person: the name, then the other names the first pass found in brackets."""
    others = [n for n in person.other_names if n != person.name]
    return f"{person.name} ({', '.join(others)})" if others else person.name


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def merge_person(person: Any, focused: Any) -> Any:
    """The person with the focused pass's positions, plus first-pass positions at organisations it did not return.

    Education stays the first pass's: asked about one person, the model hands them the degrees of the people named
    next to them (measured on the seeds: education F1 0.59 with the focused pass's degrees, 0.67 without; the
    held-out set agrees, see bench/quality.md)."""
    positions = list(focused.positions)
    seen = {_key(p.organization) for p in positions}
    positions += [p for p in person.positions if _key(p.organization) not in seen]
    return person.model_copy(update={"positions": positions})


def _people_to_focus(extraction: BaseModel) -> list[Any]:
    """People of the first pass worth a second call: named once each, not one of the reply's organisations."""
    people = getattr(extraction, "people", [])
    organisations = {_key(f.organization) for p in people for f in p.positions}
    organisations |= {_key(f.institution) for p in people for f in p.education}
    chosen: dict[str, Any] = {}
    for person in people:
        key = _key(person.name)
        if key and key not in organisations and key not in chosen:
            chosen[key] = person
    return list(chosen.values())[:MAX_FOCUSED_PEOPLE]


def _missed_people(span: Chunk, extraction: BaseModel) -> list[Any]:
    """People the tagger finds in ``span`` (named along with a career word) under none of the first pass's names,
    as empty person entries to ask about. A name one of the first pass's contains, or that contains one ("Roe"
    and "Jane Roe", "周九" and a tagger's "周九曾"), is the same person."""
    from extract.lexicon.people import career_candidates
    from extract.schemas import PersonMention

    people = getattr(extraction, "people", [])
    names = [n for p in people for n in (p.name, *p.other_names) if n.strip()]
    known = [k for n in names if (k := _key(n))]
    known += [k for p in people for f in p.positions if (k := _key(f.organization))]
    missed: list[Any] = []
    for name in career_candidates(span.text):
        key = _key(name)
        if key and not any(key in k or k in key for k in known) and not _bracketed_after(span.text, name, names):
            missed.append(PersonMention(name=name))
            known.append(key)
    return missed[:MAX_FOCUSED_PEOPLE]


def _bracketed_after(text: str, candidate: str, names: list[str]) -> bool:
    """``candidate`` is another name of a known person: the text writes it in brackets right after one of their
    names ("张健（音译，Jian Zhang）"); grounding joins the two (``extract.ground.attribute.text_aliases``)."""
    for name in names:
        at = text.find(name)
        while at >= 0:
            after = text[at + len(name): at + len(name) + _ALIAS_REACH + len(candidate)]
            bracket = min((i for i in (after.find("("), after.find("（")) if i >= 0), default=-1)
            if 0 <= bracket <= 2 and candidate in after[bracket:]:
                return True
            at = text.find(name, at + 1)
    return False


def _found(extraction: BaseModel) -> str:
    """The people a first pass found, as the gleaning prompt lists them."""
    people = getattr(extraction, "people", [])
    return "; ".join(focus_of(p) for p in people) if people else "(nobody)"


def _with_missing(extraction: Any, more: Any) -> Any:
    """The first pass's people plus the gleaned ones not already there under any of their names."""
    known = {_key(n) for p in extraction.people for n in (p.name, *p.other_names)}
    added = [p for p in more.people if not ({_key(n) for n in (p.name, *p.other_names)} & known)]
    return extraction.model_copy(update={"people": [*extraction.people, *added]})


class FocusedExtractor:
    """Same interface as :class:`Extractor` (:class:`extract.llm.strategy.ChunkExtractor`), two passes inside."""

    def __init__(self, settings: Settings, client: instructor.AsyncInstructor, cache: ResultCache, usage: Usage):
        from extract.schemas import PersonFacts

        self.settings = settings
        self.usage = usage
        self.first = Extractor(settings, client, cache, usage)
        # The first extractor counts every call on the shared client; the others must not count them again.
        self.second = Extractor(settings, client, cache, usage, prompt=prompt_for(settings, "extract_person"),
                                response_model=PersonFacts, count_calls=False)
        self.missing = Extractor(settings, client, cache, usage, prompt=prompt_for(settings, "extract_missing"),
                                 count_calls=False) if settings.glean else None
        self._calls = asyncio.Semaphore(settings.concurrency)
        self.only_missed = settings.strategy == "missed"

    def key(self, chunk: Chunk) -> str:
        return self.first.key(chunk)

    @property
    def later_passes(self) -> tuple[Extractor, ...]:
        """The per-person pass, and the gleaning pass when on (see :class:`extract.llm.strategy.ChunkExtractor`)."""
        return (self.second,) if self.missing is None else (self.second, self.missing)

    @classmethod
    def keys_for(cls, settings: Settings, chunks: list[Chunk], cache: ResultCache) -> list[str]:
        """Every cache key a run would need (see :meth:`planned`)."""
        return [key for key, _ in cls.planned(settings, chunks, cache)]

    @classmethod
    def planned(
        cls, settings: Settings, chunks: list[Chunk], cache: ResultCache
    ) -> list[tuple[str, type[BaseModel]]]:
        """Every cache key a run would need, with the schema its answer must fit: the first pass's, and the second
        pass's for the people of every first-pass answer already cached (a missing or unusable first answer means
        the model is needed anyway)."""
        from extract.schemas import ChunkExtraction, PersonFacts

        first_keys = Extractor.keys_for(settings, chunks)
        person_planner = Extractor.planner(settings, prompt_for(settings, "extract_person"), PersonFacts)
        missing_planner = Extractor.planner(settings, prompt_for(settings, "extract_missing"))
        planned: list[tuple[str, type[BaseModel]]] = [(key, ChunkExtraction) for key in first_keys]
        for chunk, key in zip(chunks, first_keys, strict=True):
            extraction = cache.get_result(key, ChunkExtraction)
            if extraction is None:
                continue
            if settings.glean:
                missing_key = missing_planner.key(replace(chunk, focus=_found(extraction)))
                planned.append((missing_key, ChunkExtraction))
                more = cache.get_result(missing_key, ChunkExtraction)
                if more is None:
                    continue
                extraction = _with_missing(extraction, more)
            people = _missed_people(chunk, extraction) if settings.strategy == "missed" \
                else _people_to_focus(extraction)
            planned += [(person_planner.key(replace(chunk, focus=focus_of(p))), PersonFacts) for p in people]
        return planned

    async def _extract(self, extractor: Extractor, chunk: Chunk) -> ChunkResult:
        async with self._calls:
            return await extractor.extract(chunk)

    async def extract(self, chunk: Chunk) -> ChunkResult:
        started = time.perf_counter()
        result = await self._extract(self.first, chunk)
        if result.error is not None:
            return result
        parts = []
        for span, extraction in result.parts:
            if self.missing is not None:
                answer = await self._extract(self.missing, replace(span, focus=_found(extraction)))
                self.usage.chunks -= 1
                self.usage.glean_calls += 1
                if answer.error is None:
                    result.cached = result.cached and answer.cached
                    for _, more in answer.parts:
                        extraction = _with_missing(extraction, more)
            people = _missed_people(span, extraction) if self.only_missed else _people_to_focus(extraction)
            answers = await asyncio.gather(*(self._extract(self.second, replace(span, focus=focus_of(p)))
                                             for p in people))
            self.usage.chunks -= len(answers)  # `chunks` counts chunks, not the calls about one person
            self.usage.focused_calls += len(answers)
            merged = {id(p): a for p, a in zip(people, answers, strict=True)}
            new_people = []
            asked = list(extraction.people) + (people if self.only_missed else [])  # type: ignore[attr-defined]
            for person in asked:
                answer = merged.get(id(person))
                if answer is None or answer.error is not None or not answer.parts:
                    new_people.append(person)  # a failed second call keeps the first pass's facts
                    continue
                result.cached = result.cached and answer.cached
                focused = answer.parts[0][1]
                for _, more in answer.parts[1:]:  # a length split: concatenate the halves' facts
                    focused = focused.model_copy(update={"positions": [*focused.positions, *more.positions]})
                new_people.append(merge_person(person, focused))
            if self.only_missed:  # a tagger's name the model gives nothing for is no person of this chunk
                first = len(extraction.people)  # type: ignore[attr-defined]
                new_people = new_people[:first] + [p for p in new_people[first:] if p.positions]
            parts.append((span, extraction.model_copy(update={"people": new_people})))
        result.parts = parts
        result.seconds = time.perf_counter() - started
        return result
