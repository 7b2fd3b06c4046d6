"""The one sentence splitter: Chinese and English ends, abbreviations and decimals, exact spans."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.lexicon.sentences import (
    ABBREVIATIONS,
    MAX_SENTENCE,
    clause_spans,
    number_sentences,
    sentence_spans,
    split_sentences,
)
from tests.lexicon.strategies import MIXED_TEXT


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_chinese_and_english_boundaries() -> None:
    text = "他离职了。她加入了谷歌！真的吗？\nHe left Google. She joined; then left! OK"
    assert texts(text) == [
        "他离职了。", "她加入了谷歌！", "真的吗？", "He left Google.", "She joined;", "then left!", "OK",
    ]


def test_decimal_points_and_closing_quotes_stay_inside() -> None:
    text = "营收增长了3.5个百分点。他说：“我要走了。”然后走了。"
    assert texts(text) == ["营收增长了3.5个百分点。", "他说：“我要走了。”", "然后走了。"]
    assert texts("Revenue grew 3.5 percent. Costs fell.") == ["Revenue grew 3.5 percent.", "Costs fell."]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "(04:53) Prof. Wang met Dr. Li and J. Smith. Then they left."
    assert texts(text) == ["(04:53) Prof. Wang met Dr. Li and J. Smith.", "Then they left."]


@pytest.mark.parametrize("abbreviation", ["Prof.", "Dr.", "Mr.", "Mrs.", "e.g.", "i.e.", "U.S.", "Ph.D.", "Inc."])
def test_each_listed_abbreviation_keeps_its_sentence_whole(abbreviation: str) -> None:
    text = f"她加入了谷歌。The offer came from {abbreviation} Chen and the lab. 他同意了。"
    assert texts(text) == ["她加入了谷歌。", f"The offer came from {abbreviation} Chen and the lab.", "他同意了。"]


def test_a_word_not_listed_ends_its_sentence() -> None:
    assert texts("He joined the lab. Chen left.") == ["He joined the lab.", "Chen left."]


def test_abbreviations_are_data_in_one_form() -> None:
    """Entries are compared lower case and without the final period: any other form would never match."""
    assert ABBREVIATIONS and all(a == a.lower() and not a.endswith(".") and " " not in a for a in ABBREVIATIONS)


def test_every_line_is_a_unit() -> None:
    assert texts("小标题\n正文的一句话。\n\n- list item\n") == ["小标题", "正文的一句话。", "- list item"]


def test_long_sentences_are_cut_for_evidence_and_kept_whole_for_the_chunker() -> None:
    text = "长" * (2 * MAX_SENTENCE + 10) + "。短句。"
    assert [e - s for s, e in sentence_spans(text)] == [MAX_SENTENCE, MAX_SENTENCE, 11, 3]
    assert sentence_spans(text, max_length=None) == [(0, 2 * MAX_SENTENCE + 11), (2 * MAX_SENTENCE + 11, len(text))]


def test_numbered_view() -> None:
    assert number_sentences(split_sentences("甲。乙。")) == "[1] 甲。\n[2] 乙。"


@settings(deadline=None)  # a loaded CI machine must not fail it on time
@given(st.one_of(MIXED_TEXT, st.text(alphabet=st.sampled_from(list("翟晓华。！？；.!? \nab")), max_size=800)))
def test_spans_point_into_the_text_in_order(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for number, sentence in enumerate(sentences, start=1):
        assert sentence.number == number
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= position and 0 < len(sentence.text) <= MAX_SENTENCE
        position = sentence.end
    covered = "".join(s.text for s in sentences)
    assert "".join(text.split()) == "".join(covered.split())
    for start, end in sentence_spans(text, max_length=None):  # whole sentences never start or end with whitespace
        assert end > start and text[start:end] == text[start:end].strip()


@settings(deadline=None)
@given(MIXED_TEXT)
def test_length_cuts_only_divide_whole_sentences(text: str) -> None:
    """The numbered sentences are the whole sentences, each cut into pieces of at most MAX_SENTENCE: so a cut at a
    whole sentence's end (a chunk end) is a numbered sentence's end too."""
    pieces = sentence_spans(text)
    counted = 0
    for start, end in sentence_spans(text, max_length=None):
        inside = [(s, e) for s, e in pieces if start <= s and e <= end]
        assert inside[0][0] == start and inside[-1][1] == end
        assert all(e == s2 for (_, e), (s2, _) in itertools.pairwise(inside))
        counted += len(inside)
    assert counted == len(pieces)


def clauses(sentence: str) -> list[str]:
    return [sentence[start:end] for start, end in clause_spans(sentence)]


def test_clauses_split_at_commas_semicolons_colons_and_sentence_ends() -> None:
    assert clauses("2019 年，他加入谷歌；担任研究员。") == ["2019 年", "他加入谷歌", "担任研究员", ""]
    english = "In 2019, he joined; later: he left. Then"
    assert clauses(english) == ["In 2019", " he joined", " later", " he left", " Then"]
    assert clauses("他说：“走了。”好") == ["他说", "“走了", "好"]  # a closing quote belongs to the sentence end


def test_numbers_times_and_abbreviations_do_not_split_clauses() -> None:
    assert clauses("(12:30) 2009-2011, raised 1,000 yuan") == ["(12:30) 2009-2011", " raised 1,000 yuan"]
    assert clauses("He met Prof. Li in the U.S. office") == ["He met Prof. Li in the U.S. office"]


def test_the_last_clause_of_a_head_starts_after_its_last_mark() -> None:
    assert clause_spans("王刚曾任研究员，2017 年,")[-1] == (15, 15)
    assert clause_spans("")[-1] == (0, 0)


@settings(deadline=None)
@given(MIXED_TEXT)
def test_clauses_are_ordered_disjoint_and_inside_one_sentence(text: str) -> None:
    spans = clause_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(e < s2 for (_, e), (s2, _) in itertools.pairwise(spans))  # a mark always stands between two clauses
    sentences = sentence_spans(text, max_length=None)
    for start, end in spans:
        clause = text[start:end]
        if clause.strip():
            first, last = start + len(clause) - len(clause.lstrip()), end - len(clause) + len(clause.rstrip())
            assert any(s <= first and last <= e for s, e in sentences), clause


def test_many_abbreviations_without_a_sentence_end_stay_fast() -> None:
    """Each period looks back only over its own word: 200,000 characters of "Dr. " take well under a second
    (looking back over the whole unfinished sentence took minutes)."""
    text = "Dr. " * 50_000
    started = time.perf_counter()
    assert sentence_spans(text, max_length=None) == [(0, len(text) - 1)]
    assert time.perf_counter() - started < 10


def test_a_list_item_is_one_sentence_however_many_sentence_ends_it_holds() -> None:
    text = ("Intro line. Second sentence.\n"
            "- Jane Roe: inference lead at Acme; spent 11 years at Beta.\n"
            "1、王五：前星辰科技研究员。2019年加入银河实验室。\n"
            "（2）李四：甲。乙。\n"
            "1.5 million users. Yes.\n"
            "-3 degrees today. Cold.")
    assert [s.text for s in split_sentences(text)] == [
        "Intro line.", "Second sentence.",
        "- Jane Roe: inference lead at Acme; spent 11 years at Beta.",
        "1、王五：前星辰科技研究员。2019年加入银河实验室。",
        "（2）李四：甲。乙。",
        "1.5 million users.", "Yes.", "-3 degrees today.", "Cold.",
    ]
