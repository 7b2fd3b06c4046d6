"""Typed values passed between the pipeline stages (ingest → chunk → extract → ground).

Frozen dataclasses: cheap, hashable, picklable, and impossible to mutate behind a later stage's back.
Every offset is a character offset into :attr:`Document.text`, which a run writes to ``<out>/docs/<id>.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Chunk", "Document", "IngestFailure", "IngestResult", "Language"]

Language = Literal["zh", "en", "mixed"]


@dataclass(frozen=True)
class Document:
    """One normalised input document; ``text`` is what every later offset points into."""

    id: str
    source: str
    text: str
    format: str  # "html", "markdown" or "text": how the bytes were read
    encoding: str
    language: Language
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD), or None when the document states none


@dataclass(frozen=True)
class Chunk:
    """A span of a document sent to the model; ``text == document.text[start:end]`` always holds."""

    doc: str
    index: int
    start: int
    end: int
    text: str
    title: str | None = None
    published: str | None = None
    # For a document that states no publication date, the latest year its text writes out: relative and bare dates
    # are read against it, estimated (extract.lexicon.dates.latest_stated_year); None when ``published`` is known.
    # Never shown to the model: the prompt says the date is unknown.
    published_guess: str | None = None
    # The person a focused second pass asks about (see extract.llm.focused); None for an ordinary chunk.
    focus: str | None = None

    @property
    def id(self) -> str:
        return f"{self.doc}#{self.index}"

    @property
    def dated_against(self) -> str | None:
        """The date relative and bare dates of this chunk are read against: the publication date, else the guess."""
        return self.published or self.published_guess


@dataclass(frozen=True)
class IngestFailure:
    """An input that could not be used, with a one-line human reason."""

    path: str
    reason: str


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # folders left out on purpose (output folders of runs)
    warnings: list[str] = field(default_factory=list)  # one line each: a front-matter value dropped, a title cut …
