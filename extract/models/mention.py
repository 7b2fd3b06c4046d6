"""Grounded mentions: what one chunk says about one person, every fact tied to characters of the document.

These are the rows of ``<out>/mentions.jsonl`` (one mention a line) and the input of consolidation, so the field
names are a contract. ``start``/``end`` are offsets into ``<out>/docs/<doc>.txt``; for an aligned fact
``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from extract.models.choices import Status

__all__ = ["Alignment", "EducationFact", "Evidence", "Mention", "PositionFact"]

Alignment = Literal["exact", "fuzzy", "none"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """Where a fact is stated. ``quote`` is the document's own text at [start, end) whenever it was aligned.

    ``alignment`` is ``exact`` when the fact cites a sentence of the chunk (``method == "sentence"``, or
    ``"nearby_sentence"`` when the cited one did not name the organisation and a sentence at most three away did,
    or a farther one that names both the organisation and the person; ``"rule"`` for a role, move or degree the
    rule pass of :mod:`extract.ground.rules` read off the sentence) or the model's quote occurs verbatim, ``fuzzy`` when
    it was found after normalisation (``method == "normalized"``: whitespace, width, quotes, case) or by fuzzy matching
    (``method == "fuzzy"``, with ``score``), ``none`` when it could not be found (``start``/``end`` null).
    """

    doc: str
    start: int | None
    end: int | None
    quote: str
    alignment: Alignment
    method: Literal["sentence", "nearby_sentence", "rule", "exact", "normalized", "fuzzy", "none"]
    score: float
    model_quote: str | None = None  # what the model wrote, when it differs from the aligned source text
    supported: bool = True  # False when the quote does not name the fact's organisation/institution


class PositionFact(_Frozen):
    organization: str
    title: str | None = None
    start: str | None = None
    end: str | None = None
    status: Status = "unknown"  # the extraction schema's closed set (extract.models.choices)
    evidence: Evidence
    cleared: list[str] = []  # fields the model filled but its evidence does not state (set to null)
    filled: list[str] = []  # fields the model left empty that grounding took from the evidence (extract.ground.repairs)
    refiled: bool = False  # the model gave it as education; its evidence says it is a job (extract.ground.repairs)


class EducationFact(_Frozen):
    institution: str
    degree: str | None = None
    field: str | None = None
    start: str | None = None
    end: str | None = None
    evidence: Evidence
    cleared: list[str] = []
    filled: list[str] = []
    refiled: bool = False  # the model gave it as a position whose title is a degree (extract.ground.repairs)


class Mention(_Frozen):
    """One person in one chunk (or half-chunk after a length split)."""

    doc: str
    chunk: int
    chunk_start: int
    chunk_end: int
    published: str | None = None
    published_guess: str | None = None  # the document states no date: the year its text reads as written in
    name: str
    name_start: int | None = None  # first occurrence of the name in the chunk, as a document offset
    name_end: int | None = None
    other_names: list[str] = []
    positions: list[PositionFact] = []
    education: list[EducationFact] = []
