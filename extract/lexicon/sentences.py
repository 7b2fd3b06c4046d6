"""Sentence spans of a chunk, Chinese and English alike: the units the model cites as evidence.

Why cite sentences instead of copying quotes: a 1.5B model copies Chinese quotes verbatim only about half the
time (it joins lines, drops or adds characters, prefixes the person's name), and every quoted character costs
decode time (~10 tokens/s on CPU). Numbering the sentences in the prompt and asking for a number makes the reply
several times shorter and the evidence exact by construction.
Hand-written because the segmenters on PyPI are either English-only or need a model download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "number_sentences", "split_sentences"]

# A sentence ends after Chinese/full-width terminators (plus closing quotes/brackets), after . ! ? ; followed by
# whitespace, or at a line break. Each line is a unit of its own: headings and list items carry no punctuation.
_END = re.compile(r"[。！？；!?]+[”’」』）)\]]*|[.;](?=\s)[”’\"')\]]*|\n+")
MAX_SENTENCE = 300  # a "sentence" longer than this (no punctuation) is cut so evidence stays short
# A period after these does not end a sentence ("Prof. Larochelle", "Dr. Li", "U.S. office"); single capital
# letters (initials: "J. Smith") are handled by rule. Extend freely: it is data, not logic.
ABBREVIATIONS = frozenset({
    "prof", "dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "inc", "ltd",
    "co", "corp", "no", "dept", "univ", "assoc", "approx", "fig", "vol", "ph.d", "m.s", "b.s", "mt",
})
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, as shown to the model
    start: int  # offsets into the text that was split
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text[position:match.start()]):
            continue
        spans.extend(_trimmed(text, position, match.end()))
        position = match.end()
    spans.extend(_trimmed(text, position, len(text)))
    return [Sentence(i + 1, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]


def _is_abbreviation(before: str) -> bool:
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    token = word.group(1)
    return token.lower() in ABBREVIATIONS or (len(token) == 1 and token.isupper())


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    return [(s, min(s + MAX_SENTENCE, end)) for s in range(start, end, MAX_SENTENCE)]


def number_sentences(sentences: list[Sentence]) -> str:
    """The chunk as the model sees it: one sentence per line, each prefixed with ``[n]``."""
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)
