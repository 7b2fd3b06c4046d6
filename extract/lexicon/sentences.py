"""The one sentence splitter, Chinese and English alike: where chunks are cut, how the prompt numbers the sentences
the model cites as evidence, where a truncated chunk is halved, and (one level down) the clauses of a sentence.

One splitter, because the three uses must agree: a chunk cut inside what the prompt numbers as one sentence (after
"Prof." say) gives the model half a sentence to cite, and a fact cited from it points at the wrong text.

Why cite sentences instead of copying quotes: a 1.5B model copies Chinese quotes verbatim only about half the
time (it joins lines, drops or adds characters, prefixes the person's name), and every quoted character costs
decode time (~10 tokens/s on CPU). Numbering the sentences in the prompt and asking for a number makes the reply
several times shorter and the evidence exact by construction.

Hand-written rather than a library: measured on the seeds, pysbd (zh or en), blingfire and sentencex each split
differently from these rules on at least three of the five articles (so every request sent to the model would
change), and each errs on mixed Chinese/English text: a closing quote cut off its sentence (pysbd zh, blingfire),
"Mr." taken as a sentence end (pysbd, sentencex), a Chinese full stop before Latin text not taken as one
(blingfire). The rules below are one regex and one list of abbreviations.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "ABBREVIATIONS", "MAX_SENTENCE", "Sentence", "clause_spans", "list_item_body", "number_sentences", "sentence_spans",
    "split_sentences",
]

# A sentence ends after Chinese/full-width terminators (plus closing quotes/brackets), after . ! ? ; followed by
# whitespace, or at a line break. Each line is a unit of its own: headings and list items carry no punctuation.
# A "." needs whitespace after it, so decimals ("3.5", "2.6万") and dotted names ("node.js") never end a sentence;
# ASCII "!" and "?" end one even without a space after (Chinese text often has no space after them).
_END = re.compile(r"[。！？；!?]+[”’」』）)\]]*|[.;](?=\s)[”’\"')\]]*|\n+")
# A list item is one unit however many sentences it holds ("- Jane Roe: Inference lead at Acme; spent 11 years at
# Beta."): each item is about its own person, and split at "；" or "." its second half names nobody, so a fact cited
# from it could be checked against no one and given to anyone. Marks, at the start of a line: a dash, star or bullet
# and "1." / "1)" followed by a space ("-3 degrees", "1.5 million" are no items), "1、", "（1）" and circled numbers.
_LIST_ITEM = re.compile(r"[ \t]*(?:(?:[-*•·▪●◆■]|\d{1,2}[.)])[ \t]+|(?:\d{1,2}[、）]|[（(]\d{1,2}[)）]|[①-⑳])[ \t]*)\S")
MAX_SENTENCE = 300  # a "sentence" longer than this (no punctuation) is cut so evidence stays short
# A period after one of these does not end a sentence: titles ("Prof. Li", "Dr. Li"), Latin shorthands ("e.g.",
# "i.e.", "etc."), dotted country and degree initials ("U.S.", "Ph.D."), company suffixes ("Inc.", "Ltd."). Single
# capital letters (initials: "J. Smith") are handled by rule. Lower case, without the final period. Extend freely:
# it is data, not logic (an entry changes how the seeds' requests are numbered only if a seed uses it).
ABBREVIATIONS = frozenset({
    "prof", "dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "inc", "ltd",
    "co", "corp", "no", "dept", "univ", "assoc", "approx", "fig", "vol", "ph.d", "m.s", "b.s", "mt",
})
_WORD_CHARS = frozenset(string.ascii_letters + ".")  # what a word before a period is made of ("Ph.D", "U.S")
# What splits a sentence into clauses, besides the sentence ends above: commas, semicolons and colons, full-width
# or ASCII. An ASCII comma or colon between two digits ("1,000", "04:53") is part of a number or a time, not a mark.
_CLAUSE_MARK = re.compile(r"[，；：;]|(?<!\d)[,:]|[,:](?!\d)")


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, as shown to the model
    start: int  # offsets into the text that was split
    end: int
    text: str


def sentence_spans(text: str, *, max_length: int | None = MAX_SENTENCE) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, in order, trimmed of whitespace, covering every non-whitespace
    character. A sentence longer than ``max_length`` is cut into pieces of that length (evidence stays short);
    ``max_length=None`` keeps it whole, for the chunker, which cuts an over-long sentence between words itself."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _ends(text):
        spans.extend(_trimmed(text, position, match.end(), max_length))
        position = match.end()
    spans.extend(_trimmed(text, position, len(text), max_length))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` numbered from 1, as the prompt shows them and as a cited number is read back."""
    return [Sentence(i + 1, s, e, text[s:e]) for i, (s, e) in enumerate(sentence_spans(text))]


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each clause of ``sentence``: the stretches between clause marks and sentence ends (which
    are left out), untrimmed and possibly empty, so that ``clause_spans(head)[-1][0]`` is where the clause that
    ``head`` ends in begins. A date or an implied subject belongs to its clause ("2019 年，他加入…")."""
    cuts = sorted((m.start(), m.end()) for marks in (_CLAUSE_MARK.finditer(sentence), _ends(sentence)) for m in marks)
    spans: list[tuple[int, int]] = []
    position = 0
    for start, end in cuts:  # a mark inside a sentence end ("；" is both) is one cut
        if start >= position:
            spans.append((position, start))
        position = max(position, end)
    spans.append((position, len(sentence)))
    return spans


def _ends(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_END`` that end a sentence: all but a period after an abbreviation or an initial, and
    all but the line break inside a list item (see ``_LIST_ITEM``)."""
    position = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, position, match.start()):
            continue
        if not match.group().startswith("\n") and _in_list_item(text, match.start()):
            continue
        yield match
        position = match.end()


def list_item_body(text: str) -> int | None:
    """Where the body of a list item starts when ``text`` is one ("- Jane Roe: …" → 2), else None."""
    found = _LIST_ITEM.match(text)
    return found.end() - 1 if found else None


def _in_list_item(text: str, at: int) -> bool:
    """Whether ``at`` is inside a line that starts with a list mark (and the line goes on after ``at``)."""
    line_start = text.rfind("\n", 0, at) + 1
    return _LIST_ITEM.match(text, line_start) is not None


def _is_abbreviation(text: str, position: int, end: int) -> bool:
    """Whether the word before the period at ``end`` (letters and dots, from its first letter, not reaching back
    before ``position``) is a listed abbreviation or an initial. Walked back by hand, not searched with a regex, so
    the cost is the word's length: a long stretch of abbreviations without a sentence end stays linear."""
    start = end
    while start > position and text[start - 1] in _WORD_CHARS:
        start -= 1
    token = text[start:end].lstrip(".")
    return bool(token) and (token.lower() in ABBREVIATIONS or (len(token) == 1 and token.isupper()))


def _trimmed(text: str, start: int, end: int, max_length: int | None) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    if max_length is None:
        return [(start, end)]
    return [(s, min(s + max_length, end)) for s in range(start, end, max_length)]


def number_sentences(sentences: list[Sentence]) -> str:
    """The chunk as the model sees it: one sentence per line, each prefixed with ``[n]``."""
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)
