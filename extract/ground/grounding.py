"""Grounding: one chunk's extraction turned into mentions whose every fact is tied to exact characters of the
document (:mod:`extract.ground.align`), given to the right person (:mod:`extract.ground.attribute`), and repaired
where its own sentence settles what the model got wrong (:mod:`extract.ground.repairs`).

A small model forced to fill a field invents values, cites a neighbour of the right sentence, files a job as a
degree, and gives a colleague's fact to the person next to them; each step below checks one of these against the
text instead of trusting the reply.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from pydantic import BaseModel

from extract.ground.align import align_quote, cite_sentence, find_name, names_entity, normalise, normalise_with_map
from extract.ground.attribute import (
    full_name_in_document,
    is_byline,
    name_forms,
    near_each_other,
    one_subject_each,
    said_of_part,
    someone_else,
    split_names,
    text_aliases,
)
from extract.ground.org_answers import glued_title, studied_at
from extract.ground.repairs import from_persons_clause, is_degree, is_job_title, stated_dates, stated_graduation
from extract.ground.status import stated_status, titled_post
from extract.lexicon.cues import STUDY_KINDS, CueLexicon, default_cues
from extract.lexicon.names import looks_like_a_name
from extract.lexicon.orgs import OrgTable
from extract.lexicon.script import has_han, to_simplified
from extract.lexicon.sentences import Sentence, split_sentences
from extract.models.documents import Chunk
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

__all__ = ["EDUCATION_CUES", "NEARBY_SENTENCES", "ground_extraction"]

# The cue kinds whose words say a sentence is about studying. An "education" fact whose evidence has none of them
# is a job or an affiliation the model mislabelled.
EDUCATION_CUES = STUDY_KINDS  # kept for callers of the 0.1 name
NEARBY_SENTENCES = 3  # how far from a wrongly cited sentence to look for one that names the organisation


def ground_extraction(
    doc_text: str, span: Chunk, extraction: BaseModel, *, keep_ungrounded: bool = False,
    cues: CueLexicon | None = None, orgs: OrgTable | None = None,
) -> list[Mention]:
    """Turn one chunk's extraction into grounded mentions (``cues``: the cue lexicon, by default the process's).

    Dropped: people whose name (and every other name) is nowhere in the chunk — an invented or leaked name — and
    "people" that are really one of the organisations the same reply lists, positions whose organisation is a model
    or product (``orgs.is_product``: "co-creator of GPT-4o"). Facts whose quote cannot be aligned,
    or whose education quote does not name the institution, are dropped unless ``keep_ungrounded``.
    """
    people = getattr(extraction, "people", [])
    chunk = _Chunk(doc_text, span, split_sentences(span.text), cues or default_cues(), keep_ungrounded, orgs)
    organisations = {
        normalise(fact)
        for person in people
        for fact in [*(p.organization for p in person.positions), *(e.institution for e in person.education)]
    }
    person_names = {normalise(n) for person in people for n in split_names(person.name, person.other_names)}
    forms = [name_forms(split_names(person.name, person.other_names)) for person in people]
    mentions = []
    for index, person in enumerate(people):
        names = split_names(person.name, person.other_names)
        own = forms[index]
        others = set().union(*(f for i, f in enumerate(forms) if i != index)) - own
        if normalise(names[0]) in organisations or not looks_like_a_name(names[0]):
            continue  # an organisation, or a clause given as a name
        name_span = find_name(span, names)
        if name_span is None:
            continue
        names = [names[0], *(n for n in names[1:] if near_each_other(span, names[0], n))]
        full = full_name_in_document(chunk.doc_text, names[0], chunk.cues) if len(names) == 1 else None
        names = [full, *names] if full else names  # "Roe" where the article wrote "Jane Roe" once
        positions, refiled = chunk.positions(person.positions, own, others, person_names)
        education = chunk.education(person.education, refiled, own, others, positions)
        mentions.append(Mention(
            doc=span.doc, chunk=span.index, chunk_start=span.start, chunk_end=span.end, published=span.published,
            published_guess=span.published_guess, name=names[0], name_start=name_span[0], name_end=name_span[1],
            other_names=list(dict.fromkeys(n for n in [*names[1:], *text_aliases(span, names)] if n != names[0])),
            positions=positions, education=education,
        ))
    return mentions if keep_ungrounded else one_subject_each(mentions, span.text, span.start, chunk.cues)


@dataclass(frozen=True)
class _Chunk:
    """One chunk being grounded: its document, numbered sentences, cue lexicon and whether to keep what fails."""

    doc_text: str
    span: Chunk
    sentences: list[Sentence]
    cues: CueLexicon
    keep: bool  # keep_ungrounded
    orgs: OrgTable | None = None  # to read the status where the sentence writes the organisation another way

    def evidence_for(self, fact: BaseModel, entity: str, own: set[str]) -> Evidence:
        """The evidence of a fact: its quote aligned, or the sentence it cites, moved to the nearest sentence that
        names the organisation when the cited one does not (a small model often cites a neighbour)."""
        number = getattr(fact, "sentence", None)
        if number is None:
            return align_quote(self.doc_text, self.span, fact.quote)
        cited = cite_sentence(self.span, self.sentences, number)
        if cited.alignment == "exact" and names_entity(entity, cited):
            return cited
        for distance in range(1, NEARBY_SENTENCES + 1):
            for candidate in (number - distance, number + distance):
                nearby = cite_sentence(self.span, self.sentences, candidate)
                if nearby.alignment == "exact" and names_entity(entity, nearby):
                    return nearby.model_copy(update={"method": "nearby_sentence", "score": 100.0 - 10 * distance})
        # Or one further away (it may cite an outline line for a fact of the intro): the nearest sentence of the
        # chunk that names both the entity and the person.
        farther = [s for s in self.sentences if abs(s.number - number) > NEARBY_SENTENCES
                   and names_entity(entity, cite_sentence(self.span, self.sentences, s.number))
                   and normalise(s.text) and any(form in normalise(s.text) for form in own)]
        if farther:
            best = min(farther, key=lambda s: abs(s.number - number))
            return cite_sentence(self.span, self.sentences, best.number).model_copy(
                update={"method": "nearby_sentence", "score": 50.0})
        return cited

    def positions(self, facts: list, own: set[str], others: set[str],
                  person_names: set[str]) -> tuple[list[PositionFact], list[tuple[BaseModel, Evidence]]]:
        """The person's grounded positions, and the "positions" that are degrees (refiled as education)."""
        positions, refiled = [], []
        for fact in facts:
            if normalise(fact.organization) in person_names:
                continue  # a person's name given as an organisation
            if self.orgs is not None and self.orgs.is_product(fact.organization):
                continue  # a model or product ("co-creator of GPT-4o"), not an employer
            evidence = self.evidence_for(fact, fact.organization, own)
            if evidence.alignment == "none" and not self.keep:
                continue
            if someone_else(evidence, own, others, self.cues, self._before(evidence)) and not self.keep:
                continue  # the sentence is about the person named next to this one
            if is_byline(evidence.quote, own, fact.organization, self.cues) and not self.keep:
                continue  # "每经编辑 NAME", "NAME, The Daily Post": who wrote the article
            if said_of_part(evidence.quote, own, self.cues) and not self.keep:
                continue  # "40% 来自 Acme": a share of a group, nobody in particular
            # the organisation as the sentence writes it, when not as the model gave it ("Microsoft" for the
            # model's "Microsoft AI", 谷歌 for Google): it supports the fact, and its dates are read there
            written = None if fact.organization.casefold() in evidence.quote.casefold() \
                else self._written_form(fact.organization, evidence.quote)
            if evidence.alignment != "none" and not names_entity(fact.organization, evidence) and written is None:
                # kept: a position's sentence may name its organisation only by a pronoun ("他于 2019 年加入")
                evidence = evidence.model_copy(update={"supported": False})
            if is_degree(fact.title, self.cues) and evidence.supported and self._about_studies(evidence):
                refiled.append((fact, evidence))  # "物理学博士" at a university: a degree, not a job
                continue
            if not fact.title and self.orgs is not None and evidence.supported and studied_at(
                    fact.organization, evidence.quote, self.orgs, self.cues):
                refiled.append((fact, evidence))  # "进入 Acme 大学数学系读书": a study, not a job
                continue
            glued = glued_title(fact.organization, self.orgs, self.cues) if self.orgs is not None else None
            if glued is not None and glued.organization.casefold() in evidence.quote.casefold():
                fact = fact.model_copy(update={"organization": glued.organization, "title": fact.title or glued.title,
                                               "status": "former" if glued.former else getattr(fact, "status", None)})
            values, cleared = _stated_values(fact, ("title", "start", "end"), evidence, self.keep)
            organization = _expand_organisation(fact.organization, evidence)
            filled = self._fill_dates(values, evidence, written or organization, own)
            status = self._status(getattr(fact, "status", None), fact.organization, organization, evidence)
            positions.append(PositionFact(
                organization=organization, status=status, evidence=evidence, cleared=cleared, filled=filled,
                **values,
            ))
        return positions, refiled

    def education(self, facts: list, refiled: list[tuple[BaseModel, Evidence]], own: set[str], others: set[str],
                  positions: list[PositionFact]) -> list[EducationFact]:
        """The person's grounded education: the refiled degrees, then the model's own entries; an entry whose
        "degree" is a job title goes to ``positions`` instead."""
        education = []
        for fact, evidence in refiled:
            values, cleared = _stated_values(fact, ("title", "start", "end"), evidence, self.keep)
            education.append(EducationFact(
                institution=fact.organization, degree=values["title"], start=values["start"], end=values["end"],
                evidence=evidence, cleared=cleared, refiled=True,
            ))
        for fact in facts:
            evidence = self.evidence_for(fact, fact.institution, own)
            if someone_else(evidence, own, others, self.cues, self._before(evidence)) and not self.keep:
                continue
            if said_of_part(evidence.quote, own, self.cues) and not self.keep:
                continue  # "这些人才大多毕业于 A": most of a group, nobody in particular
            names_it = names_entity(fact.institution, evidence)
            values, cleared = _stated_values(fact, ("degree", "start", "end"), evidence, self.keep)
            if names_it and fact.degree and not is_degree(fact.degree, self.cues) and (
                    is_job_title(fact.degree, self.cues) or not self._about_studies(evidence)):
                # "高级研究员" at a company: a job filed as education (the sentence may still say 毕业 of a school)
                job = {"title": values["degree"], "start": values["start"], "end": values["end"]}
                filled = self._fill_dates(job, evidence, fact.institution)
                status = self._status(None, fact.institution, fact.institution, evidence)
                positions.append(PositionFact(
                    organization=fact.institution, status=status, evidence=evidence, cleared=cleared, filled=filled,
                    refiled=True, **job,
                ))
                continue
            supported = names_it and self._about_studies(evidence)
            if not supported:
                evidence = evidence.model_copy(update={"supported": False})
            if not (supported or self.keep):
                continue
            values, cleared = _stated_values(fact, ("degree", "field", "start", "end"), evidence, self.keep)
            filled = []
            if not values["end"] and evidence.start is not None:
                values["end"] = stated_graduation(evidence.quote, fact.institution, self.span.dated_against, self.cues,
                                                  values["degree"])
                filled = ["end"] if values["end"] else []
            education.append(EducationFact(
                institution=fact.institution, evidence=evidence, cleared=cleared, filled=filled, **values,
            ))
        return education

    def _fill_dates(self, values: dict, evidence: Evidence, organization: str,
                    own: Collection[str] = ()) -> list[str]:
        """Fill an undated position's start/end from its own evidence sentence when that settles them (repairs),
        read from the clause naming the person (``own``: their normalised name forms) where the sentence names the
        organisation for someone else first."""
        if values.get("start") or values.get("end") or evidence.start is None or not evidence.supported:
            return []
        quote = evidence.quote
        folded, source_at = normalise_with_map(quote)
        named = [folded.find(form) for form in own if form and form in folded]
        if named:
            quote = from_persons_clause(quote, organization, source_at[min(named)], self.cues)
        start, end = stated_dates(quote, organization, self.span.dated_against, self.cues)
        values.update({k: v for k, v in (("start", start), ("end", end)) if v})
        return [k for k, v in (("start", start), ("end", end)) if v]

    def _status(self, model: str | None, given: str, organization: str, evidence: Evidence) -> str:
        """The status the fact's sentence states (:mod:`extract.ground.status`), else the model's, else "unknown".
        The sentence is read at the organisation as the model gave it (``given``), else as expanded, else at the
        form the sentence writes it in (the model often answers an organisation's English name for a sentence that
        writes its Chinese one). A job the model filed as education has no status of the model's: only the
        sentence's reading can give it one."""
        model = model or "unknown"
        if evidence.start is None:
            return model
        if evidence.supported:
            stated = stated_status(evidence.quote, given, self.cues) \
                or stated_status(evidence.quote, organization, self.cues)
            if stated:
                return stated
        written = self._written_form(given, evidence.quote)
        stated = stated_status(evidence.quote, written, self.cues) if written else None
        if stated is None and model == "unknown" and evidence.supported \
                and titled_post(evidence.quote, written or given, self.cues):
            return "current"  # "Acme CEO NAME said": the post is held now
        return stated or model

    def _before(self, evidence: Evidence) -> str:
        """The chunk's text before the evidence sentence: who it continues about, when it names nobody."""
        if evidence.start is None:
            return ""
        return self.doc_text[self.span.start:max(self.span.start, evidence.start)]

    def _written_form(self, organization: str, quote: str) -> str | None:
        """The longest name of ``organization``'s alias-table entry that ``quote`` contains, if any, or the name the
        model gave written in the quote's other script: a model reading traditional Chinese often answers in
        simplified (苹果 for the text's 蘋果), and the alias table holds simplified names."""
        entry = self.orgs.entry(self.orgs.canonical(organization).canonical) if self.orgs is not None else None
        names = (entry.name, *entry.aliases) if entry is not None else ()
        forms = sorted((f for f in {organization, *names} if len(f) >= 2), key=len, reverse=True)
        folded = quote.casefold()
        found = next((f for f in forms if f.casefold() in folded and f != organization), None)
        if found is None and has_han(quote):
            simplified = to_simplified(quote).casefold()
            if len(simplified) == len(folded):  # OpenCC kept every character's place: the slice is the written form
                needles = [to_simplified(f).casefold() for f in forms]
                at = next(((i, n) for n in needles if (i := simplified.find(n)) >= 0), None)
                found = quote[at[0]:at[0] + len(at[1])] if at is not None else None
        return found or next((place for f in names if len(f) >= 2 and (place := self._place_of_university(f, quote))),
                             None)

    def _place_of_university(self, name: str, quote: str) -> str | None:
        """The place a university is named after, when ``quote`` calls it by that alone: "at Cambridge" for the
        University of Cambridge, "在清华" is not (an abbreviation, the alias table's). Not after another capitalised
        word ("Amazon Cambridge" is no university)."""
        words = self.cues.regex("university").sub(" ", name)
        place = re.sub(r"^\s*(?:of\s+)?(?:the\s+)?|\s+(?:of|at)\s*$", "", words.strip(), flags=re.IGNORECASE).strip()
        if place == name.strip() or len(place) < (2 if not place.isascii() else 4):
            return None
        if not place.isascii():
            return place if place in quote else None
        for found in re.finditer(rf"(?<![\w-]){re.escape(place)}(?![\w-])", quote):
            if not re.search(r"[A-Z][\w-]* $", quote[:found.start()]):
                return place
        return None

    def _about_studies(self, evidence: Evidence) -> bool:
        """Does the evidence say something about studying (:meth:`CueLexicon.about_studies`)?"""
        return self.cues.about_studies(evidence.quote)


def _stated_values(fact: BaseModel, names: tuple[str, ...], evidence: Evidence, keep: bool) -> tuple[dict, list]:
    """Keep a title, date or degree only when the evidence states it: a small model forced to fill a field
    invents one (a date range for a bio sentence that gives none). Returns the values and the cleared names."""
    values = {name: getattr(fact, name, None) for name in names}
    if evidence.start is None or keep:
        return values, []
    haystack = normalise(evidence.quote)
    cleared = [n for n, v in values.items() if v is not None and normalise(v) not in haystack]
    return {n: (None if n in cleared else v) for n, v in values.items()}, cleared


def _expand_organisation(name: str, evidence: Evidence) -> str:
    """"Acme东京实验室" reported as "东京实验室": in CJK text a Latin name glues onto the unit that follows it with
    no space, and a small model keeps only the Chinese part. Re-attach the Latin word the text puts there."""
    if evidence.start is None or not name:
        return name
    at = evidence.quote.find(name)
    if at <= 0 or not evidence.quote[at - 1].isascii() or not evidence.quote[at - 1].isalnum():
        return name
    begin = at
    while begin > 0 and evidence.quote[begin - 1].isascii() and (evidence.quote[begin - 1].isalnum()
                                                                  or evidence.quote[begin - 1] in "-&."):
        begin -= 1
    return evidence.quote[begin:at] + name
