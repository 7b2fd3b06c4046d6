"""A chunk whose reply hit max_tokens is halved at one of the sentence splitter's ends, nearest the middle."""

from __future__ import annotations

from hypothesis import given, settings

from extract.lexicon.sentences import sentence_spans, split_sentences
from extract.llm.client import split_chunk
from extract.models.documents import Chunk
from tests.lexicon.strategies import MIXED_TEXT


def test_halves_at_the_sentence_end_nearest_the_middle_not_after_an_abbreviation() -> None:
    first = "The lab hired a new head of research last spring. "
    text = first + "After that Prof. Wang moved the whole group to a new campus in the U.S. and then left. " * 3
    (left, right) = split_chunk(Chunk("d", 0, 0, len(text.strip()), text.strip()))
    assert left.text.endswith("left.") and not left.text.endswith("Prof.")
    assert [s.text for s in split_sentences(left.text + right.text)] == [
        *(s.text for s in split_sentences(left.text)), *(s.text for s in split_sentences(right.text))
    ]


def test_one_long_sentence_is_cut_at_its_middle() -> None:
    text = "长" * 401
    left, right = split_chunk(Chunk("d", 0, 10, 10 + len(text), text))
    assert (left.end, right.start, len(left.text)) == (210, 210, 200)


@settings(max_examples=150, deadline=None)
@given(MIXED_TEXT.map(str.strip).filter(lambda text: len(text) >= 400))
def test_halves_fall_on_the_splitters_boundaries_and_keep_its_sentences(text: str) -> None:
    chunk = Chunk("d", 2, 50, 50 + len(text), text, title="t")
    left, right = split_chunk(chunk)
    assert (left.start, left.end, right.start, right.end) == (50, right.start, left.end, chunk.end)
    assert left.text + right.text == text and (left.index, right.title) == (2, "t")
    ends = [e for _, e in sentence_spans(text, max_length=None)][:-1]  # the last one ends the chunk
    cut = left.end - chunk.start
    if not ends:
        assert cut == len(text) // 2
        return
    middle = len(text) // 2
    assert cut in ends and abs(cut - middle) == min(abs(e - middle) for e in ends)
    whole = [(s.start, s.text) for s in split_sentences(text)]
    seen = [(half.start - chunk.start + s.start, s.text) for half in (left, right) for s in split_sentences(half.text)]
    assert seen == whole
