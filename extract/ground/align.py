"""Alignment: a quote or a cited sentence of the model tied to exact characters of the document; offsets never come
from the model.

A fact that cites a sentence number (the default schema) gets that sentence's span: exact by construction, once
the number is checked. A fact that carries a quote is searched for in three steps, cheapest first: the quote
verbatim inside its chunk (then anywhere in the document); the quote after normalisation (whitespace, full/half
width, curly quotes, case, stray markdown) mapped back to source offsets; a fuzzy alignment (rapidfuzz
``partial_ratio_alignment``) inside the chunk. A small model on Chinese text drops the newline where a sentence
wraps or a ``**``, so step two recovers most of what exact matching alone would lose.
Written by hand because no library maps a normalised match back to original offsets for CJK text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from extract.lexicon.script import MIDDLE_DOT, MIDDLE_DOTS
from extract.lexicon.sentences import Sentence
from extract.models.documents import Chunk
from extract.models.mention import Evidence

__all__ = ["FUZZY_CUTOFF", "SUPPORT_CUTOFF", "align_quote", "cite_sentence", "find_name", "names_entity", "normalise",
           "normalise_with_map"]

FUZZY_CUTOFF = 85.0
SUPPORT_CUTOFF = 80.0
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


def normalise(text: str) -> str:
    """The normalised text alone (see :func:`normalise_with_map`)."""
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
    norm_quote = normalise(quote)
    if norm_quote:
        found = norm_chunk.find(norm_quote)
        if found >= 0:
            start, end = index[found] + span.start, index[found + len(norm_quote) - 1] + 1 + span.start
            return _evidence(doc_text, span.doc, start, end, "normalized", 100.0, quote)  # a value of mentions.jsonl
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


def names_entity(entity: str, evidence: Evidence) -> bool:
    """Does the aligned quote name the organisation or institution? (Catches facts attached to the wrong quote.)"""
    if evidence.start is None:
        return False
    needle, haystack = normalise(entity), normalise(evidence.quote)
    if not needle:
        return False
    return needle in haystack or fuzz.partial_ratio(needle, haystack) >= SUPPORT_CUTOFF


def find_name(span: Chunk, names: Iterable[str]) -> tuple[int, int] | None:
    """Document offsets of the first of ``names`` found in the chunk (after normalisation), or None."""
    norm_chunk, index = normalise_with_map(span.text)
    for name in names:
        norm = normalise(name)
        found = norm_chunk.find(norm) if norm else -1
        if found >= 0:
            return index[found] + span.start, index[found + len(norm) - 1] + 1 + span.start
    return None
