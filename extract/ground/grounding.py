"""Grounding: tie each fact to exact characters of the document; offsets never come from the model.

A fact that cites a sentence number (the default schema) gets that sentence's span: exact by construction, once
the number is checked. A fact that carries a quote is searched for in three steps, cheapest first: the quote
verbatim inside its chunk (then anywhere in the document); the quote after normalisation (whitespace, full/half
width, curly quotes, case, stray markdown) mapped back to source offsets; a fuzzy alignment (rapidfuzz
``partial_ratio_alignment``) inside the chunk. A small model on Chinese text drops the newline where a sentence
wraps or a ``**``, so step two recovers most of what exact matching alone would lose.
Written by hand because no library maps a normalised match back to original offsets for CJK text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel
from rapidfuzz import fuzz

from extract.ground.repairs import is_degree, is_job_title, stated_dates, stated_graduation
from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.names import looks_like_a_name
from extract.lexicon.script import HAN_RANGES, MIDDLE_DOT, MIDDLE_DOTS
from extract.lexicon.sentences import Sentence, split_sentences
from extract.models.documents import Chunk
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

__all__ = ["align_quote", "cite_sentence", "ground_extraction", "normalise_with_map", "text_aliases"]

FUZZY_CUTOFF = 85.0
SUPPORT_CUTOFF = 80.0
# The cue kinds whose words say a sentence is about studying. An "education" fact whose evidence has none of them
# is a job or an affiliation the model mislabelled.
EDUCATION_CUES = ("degree", "study", "graduate", "postdoc")
NEARBY_SENTENCES = 3  # how far from a wrongly cited sentence to look for one that names the organisation
_MIN_FUZZY_CHARS = 4
_FOLD = str.maketrans({
    "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'",
    "—": "-", "–": "-", "‐": "-", **{dot: MIDDLE_DOT for dot in MIDDLE_DOTS if dot != MIDDLE_DOT},
})
_DROPPED = set("*_`#>")  # markdown a model may add or drop around a quote


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index of the source character it came from."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _DROPPED:
            continue
        for folded in unicodedata.normalize("NFKC", ch).translate(_FOLD).casefold():
            if not folded.isspace():
                chars.append(folded)
                index.append(i)
    return "".join(chars), index


def _normalise(text: str) -> str:
    return normalise_with_map(text)[0]


def align_quote(doc_text: str, span: Chunk, quote: str) -> Evidence:
    """Locate ``quote`` (from the model) in ``doc_text``, searching the chunk ``span`` first."""
    quote = quote.strip()
    found = span.text.find(quote) if quote else -1
    if found >= 0:
        return _evidence(doc_text, span.doc, span.start + found, span.start + found + len(quote), "exact", 100.0, quote)
    found = doc_text.find(quote) if quote else -1
    if found >= 0:
        return _evidence(doc_text, span.doc, found, found + len(quote), "exact", 100.0, quote)

    norm_chunk, index = normalise_with_map(span.text)
    norm_quote = _normalise(quote)
    if norm_quote:
        found = norm_chunk.find(norm_quote)
        if found >= 0:
            start, end = index[found] + span.start, index[found + len(norm_quote) - 1] + 1 + span.start
            return _evidence(doc_text, span.doc, start, end, "normalized", 100.0, quote)
    if len(norm_quote) >= _MIN_FUZZY_CHARS and len(norm_quote) <= len(norm_chunk):
        match = fuzz.partial_ratio_alignment(norm_quote, norm_chunk, score_cutoff=FUZZY_CUTOFF)
        if match is not None and match.dest_end > match.dest_start:
            start = index[match.dest_start] + span.start
            end = index[match.dest_end - 1] + 1 + span.start
            return _evidence(doc_text, span.doc, start, end, "fuzzy", round(match.score, 1), quote)
    return Evidence(doc=span.doc, start=None, end=None, quote=quote, alignment="none", method="none", score=0.0)


def cite_sentence(span: Chunk, sentences: list[Sentence], number: int) -> Evidence:
    """Evidence for a fact that cites sentence ``number`` of the chunk ``span``."""
    if not 1 <= number <= len(sentences):
        return Evidence(doc=span.doc, start=None, end=None, quote=f"[{number}]", alignment="none", method="none",
                        score=0.0)
    sentence = sentences[number - 1]
    return Evidence(
        doc=span.doc, start=span.start + sentence.start, end=span.start + sentence.end, quote=sentence.text,
        alignment="exact", method="sentence", score=100.0,
    )


def _evidence(doc_text: str, doc: str, start: int, end: int, method: str, score: float, model_quote: str) -> Evidence:
    source = doc_text[start:end]
    return Evidence(
        doc=doc, start=start, end=end, quote=source, alignment="exact" if method == "exact" else "fuzzy",
        method=method, score=score, model_quote=None if source == model_quote else model_quote,
    )


def _names(entity: str, evidence: Evidence) -> bool:
    """Does the aligned quote name the organisation or institution? (Catches facts attached to the wrong quote.)"""
    if evidence.start is None:
        return False
    needle, haystack = _normalise(entity), _normalise(evidence.quote)
    if not needle:
        return False
    return needle in haystack or fuzz.partial_ratio(needle, haystack) >= SUPPORT_CUTOFF


def _stated_values(fact: BaseModel, names: tuple[str, ...], evidence: Evidence, keep: bool) -> tuple[dict, list]:
    """Keep a title, date or degree only when the evidence states it: a small model forced to fill a field
    invents one (a date range for a bio sentence that gives none). Returns the values and the cleared names."""
    values = {name: getattr(fact, name, None) for name in names}
    if evidence.start is None or keep:
        return values, []
    haystack = _normalise(evidence.quote)
    cleared = [n for n, v in values.items() if v is not None and _normalise(v) not in haystack]
    return {n: (None if n in cleared else v) for n, v in values.items()}, cleared


def _fill_dates(values: dict, evidence: Evidence, organization: str, published: str | None,
                cues: CueLexicon) -> list[str]:
    """Fill an undated position's start/end from its own evidence sentence when that settles them (repairs)."""
    if values.get("start") or values.get("end") or evidence.start is None or not evidence.supported:
        return []
    start, end = stated_dates(evidence.quote, organization, published, cues)
    values.update({k: v for k, v in (("start", start), ("end", end)) if v})
    return [k for k, v in (("start", start), ("end", end)) if v]


def _about_studies(evidence: Evidence, cues: CueLexicon) -> bool:
    """Does the evidence say something about studying? A field named "… learning" is no sign of it in AI news."""
    text = cues.regex("learning_field").sub(" ", evidence.quote)
    return cues.matches(text, *EDUCATION_CUES)


def _expand_organisation(name: str, evidence: Evidence) -> str:
    """"OpenAI苏黎世实验室" reported as "苏黎世实验室": in CJK text a Latin name glues onto the unit that follows it
    with no space, and a small model keeps only the Chinese part. Re-attach the Latin word the text puts there."""
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


_BRACKETED = re.compile(r"\s*[（(]\s*([^（）()\n]{2,40}?)\s*[）)]")
_LATIN_NAME = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’-]*(?: [A-ZÀ-Þ][A-Za-zÀ-ÿ.'’-]*){1,3}")  # capitalised words
_HAN_NAME = re.compile(rf"[{HAN_RANGES}][{HAN_RANGES}{MIDDLE_DOTS}]{{1,9}}")


def text_aliases(span: Chunk, names: Iterable[str]) -> list[str]:
    """Other names the text itself gives in brackets right after a name: 翟晓华（Xiaohua Zhai）, Xiaohua Zhai
    (翟晓华). Deterministic, so a bilingual pair is joined even when the model leaves ``other_names`` empty."""
    found: list[str] = []
    for name in names:
        if not name:
            continue
        latin = _LATIN_NAME.fullmatch(name) is not None
        at = span.text.find(name)
        while at >= 0:
            match = _BRACKETED.match(span.text, at + len(name))
            if match:
                inner = match.group(1)
                pattern = _HAN_NAME if latin else _LATIN_NAME
                if pattern.fullmatch(inner) and inner not in found and inner != name:
                    found.append(inner)
            at = span.text.find(name, at + 1)
    return found


ALIAS_WINDOW = 12  # characters between a name and an other-name the model gives for it, e.g. "翟晓华 （Xiaohua Zhai）"


def _near_each_other(span: Chunk, name: str, other: str) -> bool:
    """Keep a model-given other name only where the text puts it right next to the name (brackets, a comma):
    a 1.5B model also "aliases" a colleague named in the same paragraph, which would merge two people."""
    text = _normalise(span.text)
    a, b = _normalise(name), _normalise(other)
    if not a or not b:
        return False
    for first, second in ((a, b), (b, a)):
        at = text.find(first)
        while at >= 0:
            window = text[at + len(first): at + len(first) + ALIAS_WINDOW + len(second)]
            if second in window:
                return True
            at = text.find(first, at + 1)
    return False


def _split_names(name: str, others: Iterable[str]) -> list[str]:
    """The model sometimes writes a name with its bracketed alias ("张三（San Zhang）"): make that two names."""
    names: list[str] = []
    for raw in (name, *others):
        parts = [p.strip() for p in re.split(r"[（()）]", raw) if p.strip()]
        names += [p for p in parts if p not in names]
    return names or [name]


def _name_forms(names: Iterable[str]) -> set[str]:
    """The forms a text uses for a person: each name, and its last part ("Larochelle", "勒昆" of "扬・勒昆")."""
    forms = set()
    for name in names:
        forms.add(_normalise(name))
        parts = [p for p in re.split(rf"[\s{MIDDLE_DOTS}.]+", name) if p]
        if len(parts) > 1 and len(parts[-1]) >= 2:
            forms.add(_normalise(parts[-1]))
    return {f for f in forms if f}


def _someone_else(evidence: Evidence, own: set[str], others: set[str], cues: CueLexicon) -> bool:
    """Attribution check: the evidence names another person of the chunk and not this one. A sentence naming
    nobody ("他于 2017 年加入") is kept: it usually continues about the person just named."""
    if evidence.start is None:
        return False
    if cues.matches(unicodedata.normalize("NFKC", evidence.quote), "group"):
        return False  # "两人均是…", "the trio": a sentence about a group the person belongs to
    text = _normalise(evidence.quote)
    return not any(f in text for f in own) and any(f in text for f in others)


def _find_name(span: Chunk, names: Iterable[str]) -> tuple[int, int] | None:
    norm_chunk, index = normalise_with_map(span.text)
    for name in names:
        norm = _normalise(name)
        found = norm_chunk.find(norm) if norm else -1
        if found >= 0:
            return index[found] + span.start, index[found + len(norm) - 1] + 1 + span.start
    return None


def ground_extraction(
    doc_text: str, span: Chunk, extraction: BaseModel, *, keep_ungrounded: bool = False,
    cues: CueLexicon | None = None,
) -> list[Mention]:
    """Turn one chunk's extraction into grounded mentions (``cues``: the cue lexicon, by default the process's).

    Dropped: people whose name (and every other name) is nowhere in the chunk — an invented or leaked name — and
    "people" that are really one of the organisations the same reply lists. Facts whose quote cannot be aligned,
    or whose education quote does not name the institution, are dropped unless ``keep_ungrounded``.
    """
    cues = cues or default_cues()
    people = getattr(extraction, "people", [])
    organisations = {
        _normalise(fact)
        for person in people
        for fact in [*(p.organization for p in person.positions), *(e.institution for e in person.education)]
    }
    sentences = split_sentences(span.text)

    def evidence_for(fact: BaseModel, entity: str, own: set[str]) -> Evidence:
        number = getattr(fact, "sentence", None)
        if number is None:
            return align_quote(doc_text, span, fact.quote)
        cited = cite_sentence(span, sentences, number)
        if cited.alignment == "exact" and _names(entity, cited):
            return cited
        # A small model often cites a neighbour of the right sentence: take the nearest one that names the entity.
        for distance in range(1, NEARBY_SENTENCES + 1):
            for candidate in (number - distance, number + distance):
                nearby = cite_sentence(span, sentences, candidate)
                if nearby.alignment == "exact" and _names(entity, nearby):
                    return nearby.model_copy(update={"method": "nearby_sentence", "score": 100.0 - 10 * distance})
        # Or one further away (it may cite an outline line for a fact of the intro): the nearest sentence of the
        # chunk that names both the entity and the person.
        farther = [s for s in sentences if abs(s.number - number) > NEARBY_SENTENCES
                   and _names(entity, cite_sentence(span, sentences, s.number))
                   and _normalise(s.text) and any(form in _normalise(s.text) for form in own)]
        if farther:
            best = min(farther, key=lambda s: abs(s.number - number))
            return cite_sentence(span, sentences, best.number).model_copy(
                update={"method": "nearby_sentence", "score": 50.0})
        return cited

    person_names = {_normalise(n) for person in people for n in _split_names(person.name, person.other_names)}
    forms = [_name_forms(_split_names(person.name, person.other_names)) for person in people]
    mentions = []
    for index, person in enumerate(people):
        names = _split_names(person.name, person.other_names)
        own = forms[index]
        others = set().union(*(f for i, f in enumerate(forms) if i != index)) - own
        if _normalise(names[0]) in organisations or not looks_like_a_name(names[0]):
            continue  # an organisation, or a clause given as a name
        name_span = _find_name(span, names)
        if name_span is None:
            continue
        names = [names[0], *(n for n in names[1:] if _near_each_other(span, names[0], n))]
        positions, refiled_education = [], []
        for fact in person.positions:
            if _normalise(fact.organization) in person_names:
                continue  # a person's name given as an organisation
            evidence = evidence_for(fact, fact.organization, own)
            if evidence.alignment == "none" and not keep_ungrounded:
                continue
            if _someone_else(evidence, own, others, cues) and not keep_ungrounded:
                continue  # the sentence is about the person named next to this one
            if evidence.alignment != "none" and not _names(fact.organization, evidence):
                # kept: a position's sentence may name its organisation only by a pronoun ("他于 2017 年加入")
                evidence = evidence.model_copy(update={"supported": False})
            if is_degree(fact.title, cues) and evidence.supported and _about_studies(evidence, cues):
                refiled_education.append((fact, evidence))  # "计算机博士" at a university: a degree, not a job
                continue
            values, cleared = _stated_values(fact, ("title", "start", "end"), evidence, keep_ungrounded)
            organization = _expand_organisation(fact.organization, evidence)
            filled = _fill_dates(values, evidence, organization, span.published, cues)
            positions.append(PositionFact(
                organization=organization, status=fact.status, evidence=evidence, cleared=cleared, filled=filled,
                **values,
            ))
        education = []
        for fact, evidence in refiled_education:
            values, cleared = _stated_values(fact, ("title", "start", "end"), evidence, keep_ungrounded)
            education.append(EducationFact(
                institution=fact.organization, degree=values["title"], start=values["start"], end=values["end"],
                evidence=evidence, cleared=cleared, refiled=True,
            ))
        for fact in person.education:
            evidence = evidence_for(fact, fact.institution, own)
            if _someone_else(evidence, own, others, cues) and not keep_ungrounded:
                continue
            names_it = _names(fact.institution, evidence)
            values, cleared = _stated_values(fact, ("degree", "start", "end"), evidence, keep_ungrounded)
            if names_it and fact.degree and not is_degree(fact.degree, cues) and (
                    is_job_title(fact.degree, cues) or not _about_studies(evidence, cues)):
                # "高级研究员" at a company: a job filed as education (the sentence may still say 毕业 of a school)
                job = {"title": values["degree"], "start": values["start"], "end": values["end"]}
                filled = _fill_dates(job, evidence, fact.institution, span.published, cues)
                positions.append(PositionFact(
                    organization=fact.institution, evidence=evidence, cleared=cleared, filled=filled, refiled=True,
                    **job,
                ))
                continue
            supported = names_it and _about_studies(evidence, cues)
            if not supported:
                evidence = evidence.model_copy(update={"supported": False})
            if not (supported or keep_ungrounded):
                continue
            values, cleared = _stated_values(fact, ("degree", "field", "start", "end"), evidence, keep_ungrounded)
            filled = []
            if not values["end"] and evidence.start is not None:
                values["end"] = stated_graduation(evidence.quote, fact.institution, span.published, cues)
                filled = ["end"] if values["end"] else []
            education.append(EducationFact(
                institution=fact.institution, evidence=evidence, cleared=cleared, filled=filled, **values,
            ))
        mentions.append(Mention(
            doc=span.doc, chunk=span.index, chunk_start=span.start, chunk_end=span.end, published=span.published,
            name=names[0], name_start=name_span[0], name_end=name_span[1],
            other_names=list(dict.fromkeys(n for n in [*names[1:], *text_aliases(span, names)] if n != names[0])),
            positions=positions, education=education,
        ))
    return mentions
