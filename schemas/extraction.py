"""What the model returns for one chunk: the people it mentions, with positions and education, each with evidence.

Sized for a 1.5B model decoding at ~10 tokens/s on a CPU: every key and every character of the reply costs decode
time, so the lists and strings are bounded. llama.cpp compiles ``maxLength``/``maxItems`` into its grammar, which
also stops the degenerate repetition a small model falls into (a quote repeated until ``max_tokens``).

Two evidence styles share everything else:
- ``ChunkExtraction`` (default): each fact cites the number of a sentence of the chunk (the prompt shows the chunk
  as numbered sentences). Short replies; grounding is exact by construction.
- ``QuotedChunkExtraction``: each fact carries a verbatim ``quote`` that grounding then has to find (for large
  models that copy reliably, or when sentence numbering does not suit the text).
A cited sentence number past the end of the chunk is not a validation error: re-asking costs a whole generation
(a minute on CPU) and the model tends to repeat it (measured: seed 003 failed twice on [17] of 16); grounding
moves such a citation to the nearest sentence that names the organisation, or drops the fact.
Descriptions are for people reading the JSON Schema: in JSON_SCHEMA mode the model never sees them, so the field
guidance it needs lives in ``prompts/``.

What the model is not asked for (schema 4, issue 18): dates (``start``, ``end``), ``other_names`` and a degree's
``field``. They stay on the classes, so answers and everything downstream keep their shape, but are left out of the
JSON Schema (``SkipJsonSchema``), so the grammar never makes the model write them. Measured on the cached answers of
the seeds and the real-article benchmark: grounding already keeps a date only where its sentence states it and
fills dates from that sentence itself, and aliases written in brackets from the text, so with every model date and
alias removed the scores (positions, education, people, exact dates) were identical (real-test positions rose
without the aliases); they cost about a quarter of
the completion tokens (written as ``null``, ``[]`` or invented values such as "unknown").

Schema 5 (issue 18) asks for education only where it can survive: a chunk whose text says nothing about studies is
sent :class:`ChunkPositions` (no education list), and its answer is used as a :class:`ChunkExtraction`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

__all__ = [
    "SCHEMA_VERSION",
    "ChunkExtraction",
    "ChunkPositions",
    "Education",
    "PersonFacts",
    "PersonMention",
    "PersonPositions",
    "Position",
    "QuotedChunkExtraction",
    "QuotedEducation",
    "QuotedPersonMention",
    "QuotedPosition",
    "RowChunkExtraction",
    "RowChunkPositions",
    "parse_education_row",
    "parse_position_row",
]

SCHEMA_VERSION = "5"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
DateText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)]
Quote = Annotated[str, StringConstraints(min_length=2, max_length=120)]
SentenceNumber = Annotated[int, Field(ge=1, le=200, description="Number [n] of the sentence that states the fact")]
Status = Literal["joined", "left", "current", "former", "founded", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _PositionFields(_Strict):
    organization: Short = Field(description="Organisation as written in the text")
    # Required but nullable: the grammar then makes the model decide on each one; with a default a small model
    # skips it (measured on the seeds: no title or date at all in 67 facts).
    title: Short | None = Field(description="Role or title as written, null if not stated")
    status: Status = Field(description="joined, left, current, former, founded or unknown, as the text says")
    # Not asked for (see the module docstring): grounding fills them from the fact's own sentence.
    start: SkipJsonSchema[DateText | None] = None
    end: SkipJsonSchema[DateText | None] = None


class _EducationFields(_Strict):
    institution: Short = Field(description="University or school as written in the text")
    degree: Short | None = Field(description="PhD, master, bachelor, postdoc … as stated, or null")
    # Not asked for (see the module docstring): grounding reads the graduation date from the fact's own sentence.
    field: SkipJsonSchema[Short | None] = None
    start: SkipJsonSchema[DateText | None] = None
    end: SkipJsonSchema[DateText | None] = None


class Position(_PositionFields):
    """A job, role or affiliation the text states for the person, citing the sentence that states it."""

    sentence: SentenceNumber


class Education(_EducationFields):
    """A degree or study the text states for the person (never inferred from a job)."""

    sentence: SentenceNumber


class QuotedPosition(_PositionFields):
    quote: Quote = Field(description="Short verbatim quote from the chunk that states this position")


class QuotedEducation(_EducationFields):
    quote: Quote = Field(description="Short verbatim quote from the chunk that names the institution")


class _PersonFields(_Strict):
    name: Name = Field(description="The person's name exactly as written")
    # Not asked for (see the module docstring): grounding reads the names given in brackets from the text.
    other_names: SkipJsonSchema[list[Name]] = Field(default_factory=list, max_length=3)


class PersonMention(_PersonFields):
    positions: list[Position] = Field(default_factory=list, max_length=5)
    education: list[Education] = Field(default_factory=list, max_length=3)


class PersonPositions(_PersonFields):
    """A person's positions only (see :class:`ChunkPositions`); ``education`` stays empty."""

    positions: list[Position] = Field(default_factory=list, max_length=5)
    education: SkipJsonSchema[list[Education]] = Field(default_factory=list, max_length=3)


class QuotedPersonMention(_PersonFields):
    positions: list[QuotedPosition] = Field(default_factory=list, max_length=5)
    education: list[QuotedEducation] = Field(default_factory=list, max_length=3)


class ChunkExtraction(_Strict):
    """Everything extracted from one chunk (facts cite sentence numbers)."""

    people: list[PersonMention] = Field(default_factory=list, max_length=8)


class ChunkPositions(_Strict):
    """:class:`ChunkExtraction` without education: what a chunk that says nothing about studies is asked for.

    Grounding keeps an education fact only when its sentence is about studies (a degree, studying, graduating), so
    in a chunk with no such word every education entry would be dropped. Asked anyway, the model writes one for
    nearly every person it lists (measured on the seeds: 28 of 59 entries were in such chunks), a third of a
    reply's tokens. The answer is stored and used as a :class:`ChunkExtraction` with empty education."""

    people: list[PersonPositions] = Field(default_factory=list, max_length=8)


class PersonFacts(_Strict):
    """A focused second pass: the positions of the one person the prompt names (sentence ids).

    A longer list than :class:`PersonMention` allows: a biography paragraph lists more roles than a news item, and
    this reply carries nothing else. No education: asked about one person, the model hands them their neighbours'
    degrees, so the first pass's education is kept (``extract.llm.focused.merge_person``) and asking for it only
    cost decode time."""

    positions: list[Position] = Field(default_factory=list, max_length=8)


# --- Rows: the same facts written as JSON arrays (issue 18) -----------------------------------------------------
#
# Why: in a JSON object reply, keys, quotes, colons and indentation are about 80 % of the tokens (measured on the 21
# seed replies with the model's tokenizer: 2,277 punctuation, 658 whitespace and 574 key tokens of 4,497). A position
# written as a row, ``["Acme Labs", "research scientist", "left", 3]``, says the same without the keys. The grammar
# keeps the row's shape (``prefixItems``, the cells in order), so every row parses; each is read into the same
# :class:`Position` / :class:`Education` the object reply gives, so the answer, the cache and everything downstream
# keep one shape. (One string per fact, "Acme | CTO | left | 3", was tried first: the model wrote garbage in it.)


def _row_schema(model: type[BaseModel], cells: tuple[str, ...], optional: str) -> dict[str, Any]:
    """A JSON Schema array of ``cells``, each cell the field's own schema (its bounds, enum, nullability), or of the
    same cells without ``optional``.

    Why the shorter row: the model sometimes writes the title into the organisation cell ("Acme Labs CTO") and then
    goes on as if the title were done; with only the full row allowed, the grammar then forbids the number it wants
    and the model pads with whitespace until ``max_tokens`` (seen on the seeds: 800 tokens of spaces, the chunk
    split and asked again). The shorter row lets it finish; grounding reads the organisation out of the cell."""
    properties = model.model_json_schema()["properties"]

    def row(names: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "array", "prefixItems": [properties[name] for name in names], "items": False,
                "minItems": len(names), "maxItems": len(names)}

    shorter = tuple(name for name in cells if name != optional)
    return {"anyOf": [row(cells), row(shorter)],
            "description": "[" + ", ".join(cells) + "], or without " + optional}


POSITION_CELLS = ("organization", "title", "status", "sentence")
EDUCATION_CELLS = ("institution", "degree", "sentence")


def _from_row(cells: tuple[str, ...], optional: str) -> Any:
    shorter = tuple(name for name in cells if name != optional)

    def parse(value: Any) -> Any:
        """A row → the fields it holds; anything else (an object from the cache, a model) passes through."""
        if not isinstance(value, list | tuple):
            return value
        for names in (cells, shorter):
            if len(value) == len(names):
                return {optional: None, **dict(zip(names, value, strict=True))}
        raise ValueError(f"a row of {len(cells)} cells [{', '.join(cells)}] or {len(shorter)}, not {len(value)}")

    return parse


parse_position_row = _from_row(POSITION_CELLS, "title")
parse_education_row = _from_row(EDUCATION_CELLS, "degree")

PositionRow = Annotated[
    Position, BeforeValidator(parse_position_row), WithJsonSchema(_row_schema(Position, POSITION_CELLS, "title"))
]
EducationRow = Annotated[
    Education, BeforeValidator(parse_education_row), WithJsonSchema(_row_schema(Education, EDUCATION_CELLS, "degree"))
]


class RowPersonMention(_PersonFields):
    positions: list[PositionRow] = Field(default_factory=list, max_length=5)
    education: list[EducationRow] = Field(default_factory=list, max_length=3)


class RowPersonPositions(_PersonFields):
    positions: list[PositionRow] = Field(default_factory=list, max_length=5)
    education: SkipJsonSchema[list[Education]] = Field(default_factory=list, max_length=3)


class RowChunkExtraction(_Strict):
    """:class:`ChunkExtraction` with each fact written as a row (see ``_row_schema``); used as a ChunkExtraction."""

    people: list[RowPersonMention] = Field(default_factory=list, max_length=8)


class RowChunkPositions(_Strict):
    """:class:`ChunkPositions` with each position written as a row."""

    people: list[RowPersonPositions] = Field(default_factory=list, max_length=8)


class QuotedChunkExtraction(_Strict):
    """Everything extracted from one chunk (facts carry verbatim quotes)."""

    people: list[QuotedPersonMention] = Field(default_factory=list, max_length=8)
