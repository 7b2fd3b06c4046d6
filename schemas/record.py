"""A career record: one person across all documents. The rows of ``<out>/records.jsonl`` (a contract).

Required fields (issue 5): ``id, name, aliases, positions[organization, title, start, end, evidence[doc, start,
end, quote]], education[institution, degree, field, start, end, evidence], sources``. Other fields are additions
that readers may ignore. Dates are ISO partial strings (``2022``, ``2022-06``) or null; ``*_estimated`` marks a
date worked out from a relative expression whose boundary is fuzzy ("八年前", "a few weeks later").
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["DateConflict", "Merge", "Record", "RecordEducation", "RecordEvidence", "RecordMove", "RecordPosition"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordEvidence(_Model):
    doc: str
    start: int | None
    end: int | None
    quote: str
    alignment: str = "exact"


class DateConflict(_Model):
    """Another source's reading of a date the record shows differently (issue 20): "2016" where the record says
    "2017-03". The record keeps the more precise value; this keeps the other with its evidence."""

    field: str  # "start" | "end"
    value: str
    evidence: list[RecordEvidence]


class RecordPosition(_Model):
    organization: str  # canonical name (see extract/lexicon/data/orgs.toml)
    title: str | None = None
    start: str | None = None
    end: str | None = None
    status: str = "unknown"  # the most telling status the texts give: left > joined > founded > current > former
    statuses: list[str] = []
    organization_raw: list[str] = []  # every form the texts use
    parent: str | None = None  # e.g. Google for Google DeepMind, when the table knows it
    start_estimated: bool = False
    end_estimated: bool = False
    start_raw: str | None = None
    end_raw: str | None = None
    evidence: list[RecordEvidence]
    conflicts: list[DateConflict] = []


class RecordEducation(_Model):
    institution: str
    degree: str | None = None
    field: str | None = None
    start: str | None = None
    end: str | None = None
    institution_raw: list[str] = []
    evidence: list[RecordEvidence]
    conflicts: list[DateConflict] = []


class RecordMove(_Model):
    """A move the texts state or order: the person left ``source`` and took up ``target`` (issue 20).

    ``basis`` says how it is known: ``dated`` (the old position ended no later than the new one started),
    ``ordered`` (the old position's stated start is the last before the new one's, and nothing says it ended) or
    ``stated`` (one document reports both the departure and the arrival: "left A to join B", "before joining B,
    she was at A"). ``evidence`` holds a quote of the arrival, then one of the departure."""

    source: str
    target: str
    date: str | None = None  # when the new position started, else when the old one ended
    estimated: bool = False
    basis: str = "stated"
    evidence: list[RecordEvidence] = []


class Merge(_Model):
    """Why two names or mentions were joined into this record."""

    rule: str
    detail: str
    docs: list[str]


class Record(_Model):
    id: str
    name: str
    aliases: list[str]
    positions: list[RecordPosition]
    education: list[RecordEducation]
    sources: list[str]
    mentions: int = 0
    merges: list[Merge] = []
    corrections: list[str] = []  # the reviewer's corrections applied to this record, one line each (issue 21)
    # The timeline (issue 20): organisations held now by the texts' own account, and the moves between positions.
    # ``None``: not worked out (records written before it existed), or in a gold file, the texts do not say.
    current: list[str] | None = None
    moves: list[RecordMove] | None = None
