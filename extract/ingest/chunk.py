"""Document → chunks the model reads, as exact spans of ``Document.text`` (``text == doc.text[start:end]`` always).

Greedy packing, best boundary first: a chunk ends at the last paragraph break (a newline: one block per line) that
fits, or at the last sentence end when that is later and the paragraph break would leave the chunk less than half
full, and is hard-split only when one sentence alone exceeds ``size`` (at a space when there is one in the window's
second half, so English words stay whole). Sentence ends are those of :mod:`extract.lexicon.sentences`, the splitter
that also numbers the sentences of the prompt: a chunk ends inside a sentence only when that sentence alone exceeds
``size``, so the sentences numbered in a chunk are the document's own sentences. Spans are trimmed of whitespace at
both ends, so chunks cover every non-whitespace character and never start or end with whitespace.
Written by hand because text splitters (langchain, semchunk) return strings, not offsets, and their boundaries are
English-first.
"""

from __future__ import annotations

import bisect
import re

from extract.lexicon.dates import latest_stated_year
from extract.lexicon.sentences import sentence_spans
from extract.models.documents import Chunk, Document

__all__ = ["DEFAULT_CHUNK_SIZE", "chunk_document"]

# 800 characters: measured on the seeds with the embedded 1.5B model, 800-character chunks found 33 of the 39
# gold people and 43 of their positions against 24 and 32 with 1,500 (the model drops people in long chunks),
# at 2.4x the decode time. See the README's "Chunk size" note.
DEFAULT_CHUNK_SIZE = 800

def _last_between(points: list[int], low: int, high: int) -> int | None:
    """The largest point p with low < p <= high, or None."""
    i = bisect.bisect_right(points, high) - 1
    return points[i] if i >= 0 and points[i] > low else None


def _first_between(points: list[int], low: int, high: int) -> int | None:
    """The smallest point p with low <= p < high, or None."""
    i = bisect.bisect_left(points, low)
    return points[i] if i < len(points) and points[i] < high else None


def _hard_cut(text: str, start: int, low: int, limit: int) -> int:
    """Cut a too-long sentence: at the last space in the window's second half, else exactly at ``limit``."""
    floor = max(low, start + (limit - start) // 2)
    for i in range(limit, floor, -1):
        if text[i].isspace() or text[i - 1].isspace():
            return i
    return limit


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _cut(text: str, start: int, low: int, size: int, breaks: list[int], sentences: list[int]) -> int:
    """Where the chunk starting at ``start`` ends; always after ``low`` (the previous cut), so chunks advance."""
    limit = start + size
    if limit >= len(text):
        return len(text)
    paragraph = _last_between(breaks, low, limit)
    sentence = _last_between(sentences, low, limit)
    if paragraph is not None and (paragraph - start >= size // 2 or sentence is None or sentence <= paragraph):
        return paragraph
    if sentence is not None:
        return sentence
    return _hard_cut(text, start, low, limit)


def _next_start(cut: int, start: int, overlap: int, starts: list[int]) -> int:
    """Where the next chunk starts: at ``cut``, or at the first sentence start at most ``overlap`` characters before
    it. The overlap repeats whole sentences only (a part of one would be numbered in the prompt as a sentence of its
    own): when no sentence starts in that stretch, there is no overlap.

    Measured from the cut (not the trimmed end) so the next window always reaches past the cut and makes progress.
    """
    desired = cut - overlap
    if overlap <= 0 or desired <= start:
        return cut
    snapped = _first_between(starts, desired, cut)
    return snapped if snapped is not None else cut


def chunk_document(doc: Document, *, size: int = DEFAULT_CHUNK_SIZE, overlap: int = 0) -> list[Chunk]:
    """Split ``doc.text`` into chunks of at most ``size`` characters, optionally overlapping by up to ``overlap``.

    ``overlap`` is capped at ``size // 2`` so every chunk still moves forward by at least half a chunk.
    """
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    overlap = max(0, min(overlap, size // 2))
    text = doc.text
    breaks = [m.start() for m in re.finditer("\n", text)]
    spans = sentence_spans(text, max_length=None)  # whole sentences: an over-long one is cut between words below
    sentences = [end for _, end in spans]
    starts = [start for start, _ in spans]
    boundaries = {*sentences, *breaks}
    guess = None if doc.published else latest_stated_year(text)
    chunks: list[Chunk] = []
    start = _skip_space(text, 0)
    previous_end = last_end = 0
    while start < len(text):
        cut = _cut(text, start, max(start, previous_end), size, breaks, sentences)
        if start < previous_end and cut < len(text) and cut not in boundaries:
            # the overlap would push a sentence that fits a chunk of its own over the edge: no overlap this time
            start = _skip_space(text, previous_end)
            cut = _cut(text, start, start, size, breaks, sentences)
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > max(start, last_end):  # an overlap-only tail (nothing new past the last chunk) is not a chunk
            last_end = end
            chunks.append(
                Chunk(doc.id, len(chunks), start, end, text[start:end], title=doc.title, published=doc.published,
                      published_guess=guess)
            )
        if cut >= len(text):
            break
        start = _skip_space(text, _next_start(cut, start, overlap, starts))
        previous_end = cut
    return chunks
