"""Scores of predicted career records against a hand-written gold file (``extract eval``, issue 6).

Users change the prompt, schema or model and need a number that says whether it got better, plus the list of
facts it missed (omissions) and the facts it made up (hallucinations), so the number can be checked by reading.

How things are matched (all one-to-one and deterministic: best pairs first, ties broken by file order):

- **persons** by their name sets (``name`` + ``aliases``): equal :func:`script_key` or a shared :func:`name_keys`.
  A predicted record that matches an already matched gold person is a *duplicate* (consolidation split one person),
  not a false positive; its facts are pooled with the primary record's facts.
- **positions / education**, matched within matched persons by organisation / institution: the same through the
  alias table (``谷歌`` = ``Google``), comparing the canonical and every raw form. ``Google`` and ``Google DeepMind``
  stay different organisations. The facts of a missed gold person are omissions, those of a predicted person who
  is not in the gold are hallucinations.
- **dates** over matched facts: exact, partial (equal to the coarser precision: gold ``2022-06``, predicted
  ``2022``, or the reverse), wrong, missing (gold has one, prediction none) and extra (prediction only).
- **status** over matched positions: right or not, with the confusions (gold, predicted).
- **titles** over matched positions whose gold states a title: the same (equal once case, width and spaces are
  set aside), a different one, or none. The position F1 matches on the
  organisation alone, so without this a change that loses or garbles titles would score the same.
- **current position** and **moves** (source → target) where the gold states them: see
  :mod:`extract.review.timeline_scores`.
- **attribution** over every predicted fact: does one of its quotes name its person (a name, an alias, its last
  part, a pronoun or a group word)? Needs no gold: a fact whose sentence names nobody of it is an error.

An empty side scores 1.0 (nothing to miss, nothing wrong), so gold against itself is 1.0 everywhere.

The matching itself is :mod:`extract.review.matching`; this module scores what it matched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.ground.align import normalise
from extract.ground.attribute import name_forms
from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.orgs import OrgTable
from extract.review.matching import RecordFact, detail_of, match_facts, match_persons, org_of
from extract.review.position_fields import StatusScore, TitleScore, score_status, score_titles
from extract.review.scores import Score, ratio, rounded
from extract.review.timeline_scores import CurrentScore, MoveScore, score_current, score_moves
from extract.schemas.record import Record, RecordEvidence, RecordPosition

__all__ = [
    "AttributionScore", "CurrentScore", "DateScore", "Evaluation", "EvidenceScore", "Fact", "MoveScore",
    "PersonScore", "Score", "StatusScore", "date_kind", "evaluate",
]

@dataclass(frozen=True)
class PersonScore(Score):
    """Persons: duplicates (extra records of an already matched person) are neither matches nor false positives."""

    duplicates: int = 0  # extra predicted records
    duplicated_persons: int = 0  # gold persons matched by more than one predicted record

    @property
    def false_positives(self) -> int:
        return self.predicted - self.matched - self.duplicates

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.matched + self.false_positives)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "duplicates": self.duplicates, "duplicated_persons": self.duplicated_persons,
                "false_positives": self.false_positives}


@dataclass(frozen=True)
class DateScore:
    """Start/end values of matched facts. ``gold``/``predicted`` count non-null values; ``exact`` is the match."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    partial: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0

    @property
    def score(self) -> Score:
        return Score(self.gold, self.predicted, self.exact)

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "exact": self.exact, "partial": self.partial,
                "wrong": self.wrong, "missing": self.missing, "extra": self.extra,
                "recall": rounded(self.score.recall), "precision": rounded(self.score.precision),
                "f1": rounded(self.score.f1)}


@dataclass(frozen=True)
class AttributionScore:
    """Predicted facts whose evidence names their person (issue 19): a name or alias of the record, its last part
    ("Roe"), a pronoun ("他于 2019 年加入", continuing about the person just named) or a group word ("两人均…").
    A fact none of whose quotes does is an attribution error: most often a neighbour's fact, or a list's lead
    sentence given to one person without the group it speaks of."""

    facts: int = 0
    named: int = 0
    unnamed: tuple[Fact, ...] = ()

    @property
    def share(self) -> float:
        return ratio(self.named, self.facts)

    def as_dict(self) -> dict[str, Any]:
        return {"facts": self.facts, "named": self.named, "share": rounded(self.share),
                "unnamed": [f.as_dict() for f in self.unnamed]}


@dataclass(frozen=True)
class EvidenceScore:
    """Predicted evidence spans whose ``docs/<doc>.txt[start:end]`` equals the quote; ``checked`` False = no docs."""

    spans: int = 0
    valid: int = 0
    checked: bool = False

    @property
    def share(self) -> float | None:
        return ratio(self.valid, self.spans) if self.checked else None

    def as_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "spans": self.spans, "valid": self.valid, "share": rounded(self.share)}


@dataclass(frozen=True)
class Fact:
    """One omitted or hallucinated fact, with enough context to find it: person, organisation, first quote."""

    kind: str  # "position" | "education"
    person: str  # the gold person's name
    organization: str
    detail: str | None  # title or degree
    start: str | None
    end: str | None
    doc: str | None
    quote: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "person": self.person, "organization": self.organization, "detail": self.detail,
                "start": self.start, "end": self.end, "doc": self.doc, "quote": self.quote}


@dataclass(frozen=True)
class Evaluation:
    """Every score of one evaluation, and the facts and persons behind the misses."""

    persons: PersonScore
    positions: Score
    education: Score
    dates: DateScore
    evidence: EvidenceScore
    status: StatusScore = field(default_factory=StatusScore)
    titles: TitleScore = field(default_factory=TitleScore)
    attribution: AttributionScore = AttributionScore()
    current: CurrentScore = field(default_factory=CurrentScore)
    moves: MoveScore = field(default_factory=lambda: MoveScore(0, 0, 0))
    omissions: tuple[Fact, ...] = ()
    hallucinations: tuple[Fact, ...] = ()
    missed_persons: tuple[str, ...] = ()  # gold names with no predicted record
    extra_persons: tuple[str, ...] = ()  # predicted names matching no gold person
    duplicate_records: tuple[tuple[str, str], ...] = ()  # (gold name, duplicate record's name)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, keys in a fixed order."""
        return {
            "persons": self.persons.as_dict(),
            "positions": self.positions.as_dict(),
            "education": self.education.as_dict(),
            "dates": self.dates.as_dict(),
            "evidence": self.evidence.as_dict(),
            "status": self.status.as_dict(),
            "titles": self.titles.as_dict(),
            "attribution": self.attribution.as_dict(),
            "current": self.current.as_dict(),
            "moves": self.moves.as_dict(),
            "missed_persons": list(self.missed_persons),
            "extra_persons": list(self.extra_persons),
            "duplicate_records": [{"gold": g, "record": r} for g, r in self.duplicate_records],
            "omissions": [f.as_dict() for f in self.omissions],
            "hallucinations": [f.as_dict() for f in self.hallucinations],
        }


# ---------------------------------------------------------------- facts


def _as_fact(fact: RecordFact, person: str) -> Fact:
    ev = fact.evidence[0] if fact.evidence else None
    kind = "position" if isinstance(fact, RecordPosition) else "education"
    return Fact(kind, person, org_of(fact), detail_of(fact), fact.start, fact.end, ev.doc if ev else None,
                ev.quote if ev else None)


# ---------------------------------------------------------------- dates


def date_kind(gold: str | None, predicted: str | None) -> str | None:
    """How one predicted start/end value compares with gold; None when neither has one."""
    if gold is None:
        return None if predicted is None else "extra"
    if predicted is None:
        return "missing"
    if gold == predicted:
        return "exact"
    short, long_ = sorted((gold, predicted), key=len)
    return "partial" if long_.startswith(short + "-") else "wrong"


def _score_dates(pairs: Iterable[tuple[RecordFact, RecordFact]]) -> DateScore:
    counts = dict.fromkeys(("gold", "predicted", "exact", "partial", "wrong", "missing", "extra"), 0)
    for gold, predicted in pairs:
        for g, p in ((gold.start, predicted.start), (gold.end, predicted.end)):
            counts["gold"] += g is not None
            counts["predicted"] += p is not None
            kind = date_kind(g, p)
            if kind:
                counts[kind] += 1
    return DateScore(**counts)


# ---------------------------------------------------------------- attribution


def _names_person(quote: str, forms: set[str], cues: CueLexicon) -> bool:
    normalised = normalise(quote)
    return any(form in normalised for form in forms) \
        or cues.matches(unicodedata.normalize("NFKC", quote), "pronoun", "group")


def _attribution_score(predicted: Sequence[Record], cues: CueLexicon) -> AttributionScore:
    facts, unnamed = 0, []
    for record in predicted:
        forms = name_forms([record.name, *record.aliases])
        for fact in [*record.positions, *record.education]:
            facts += 1
            if not any(_names_person(ev.quote, forms, cues) for ev in fact.evidence):
                unnamed.append(_as_fact(fact, record.name))
    return AttributionScore(facts, facts - len(unnamed), tuple(unnamed))


# ---------------------------------------------------------------- evidence


def _evidence_score(predicted: Sequence[Record], docs_dir: Path | None) -> EvidenceScore:
    spans = [ev for r in predicted for f in (*r.positions, *r.education) for ev in f.evidence]
    if docs_dir is None:
        return EvidenceScore(len(spans), 0, checked=False)
    texts: dict[str, str | None] = {}
    valid = sum(_span_ok(ev, texts, docs_dir) for ev in spans)
    return EvidenceScore(len(spans), valid, checked=True)


def _span_ok(ev: RecordEvidence, texts: dict[str, str | None], docs_dir: Path) -> bool:
    if ev.doc not in texts:
        path = docs_dir / f"{ev.doc}.txt"
        texts[ev.doc] = path.read_text(encoding="utf-8") if path.is_file() else None
    text = texts[ev.doc]
    if text is None or ev.start is None or ev.end is None:
        return False
    return text[ev.start : ev.end] == ev.quote


# ---------------------------------------------------------------- the whole


@dataclass
class _Tally:
    gold: int = 0
    predicted: int = 0
    matched: list[tuple[RecordFact, RecordFact]] = field(default_factory=list)
    omissions: list[Fact] = field(default_factory=list)
    hallucinations: list[Fact] = field(default_factory=list)

    def add(self, person: str, gold: Sequence[RecordFact], predicted: Sequence[RecordFact], orgs: OrgTable) -> None:
        pairs = match_facts(gold, predicted, orgs)
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.matched += [(gold[g], predicted[p]) for g, p in pairs]
        used_g, used_p = {g for g, _ in pairs}, {p for _, p in pairs}
        self.omissions += [_as_fact(f, person) for i, f in enumerate(gold) if i not in used_g]
        self.hallucinations += [_as_fact(f, person) for i, f in enumerate(predicted) if i not in used_p]

    @property
    def score(self) -> Score:
        return Score(self.gold, self.predicted, len(self.matched))


def evaluate(
    predicted: Sequence[Record],
    gold: Sequence[Record],
    *,
    orgs: OrgTable | None = None,
    docs_dir: Path | None = None,
    cues: CueLexicon | None = None,
) -> Evaluation:
    """Score ``predicted`` against ``gold`` (see the module docstring for how things are matched)."""
    table = orgs if orgs is not None else OrgTable.load()  # an empty table is falsy (len 0)
    match = match_persons(gold, predicted)
    positions, education = _Tally(), _Tally()
    people: list[tuple[Record, list[Record]]] = []  # every gold person with the records that are them (maybe none)
    for g, p in match.pairs:
        records = [predicted[i] for i in (p, *match.duplicates.get(g, ()))]
        people.append((gold[g], records))
        person = gold[g]
        positions.add(person.name, person.positions, [f for r in records for f in r.positions], table)
        education.add(person.name, person.education, [f for r in records for f in r.education], table)
    matched_g = {g for g, _ in match.pairs}
    # Facts of people missed altogether are omissions, facts of people not in the gold are hallucinations:
    # scoring facts only within matched people would hide both.
    for i, person in enumerate(gold):
        if i not in matched_g:
            people.append((person, []))
            positions.add(person.name, person.positions, [], table)
            education.add(person.name, person.education, [], table)
    for i in match.unmatched_predicted:
        positions.add(predicted[i].name, [], predicted[i].positions, table)
        education.add(predicted[i].name, [], predicted[i].education, table)
    duplicates = sum(len(v) for v in match.duplicates.values())
    return Evaluation(
        persons=PersonScore(len(gold), len(predicted), len(match.pairs), duplicates, len(match.duplicates)),
        positions=positions.score,
        education=education.score,
        dates=_score_dates([*positions.matched, *education.matched]),
        evidence=_evidence_score(predicted, docs_dir),
        status=score_status(positions.matched),
        titles=score_titles(positions.matched),
        attribution=_attribution_score(predicted, cues or default_cues()),
        current=score_current(((g, r) for g, r in people if r), table),
        moves=score_moves(people, [predicted[i] for i in match.unmatched_predicted]
                           if any(g.moves is not None for g in gold) else [], table),
        omissions=tuple(positions.omissions + education.omissions),
        hallucinations=tuple(positions.hallucinations + education.hallucinations),
        missed_persons=tuple(r.name for i, r in enumerate(gold) if i not in matched_g),
        extra_persons=tuple(predicted[i].name for i in match.unmatched_predicted),
        duplicate_records=tuple((gold[g].name, predicted[p].name) for g, ps in sorted(match.duplicates.items())
                                for p in ps),
    )
