from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.lexicon.sentences import MAX_SENTENCE, number_sentences, split_sentences


def test_chinese_and_english_boundaries() -> None:
    text = "他离职了。她加入了谷歌！真的吗？\nHe left Google. She joined; then left! OK"
    assert [s.text for s in split_sentences(text)] == [
        "他离职了。", "她加入了谷歌！", "真的吗？", "He left Google.", "She joined;", "then left!", "OK",
    ]


def test_decimal_points_and_closing_quotes_stay_inside() -> None:
    texts = [s.text for s in split_sentences("引用超过4.9万次。他说：“我要走了。”然后走了。")]
    assert texts == ["引用超过4.9万次。", "他说：“我要走了。”", "然后走了。"]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    texts = [s.text for s in split_sentences("(04:53) Prof. Larochelle met Dr. Li and J. Smith. Then they left.")]
    assert texts == ["(04:53) Prof. Larochelle met Dr. Li and J. Smith.", "Then they left."]


def test_numbered_view() -> None:
    assert number_sentences(split_sentences("甲。乙。")) == "[1] 甲。\n[2] 乙。"


@settings(deadline=None)  # a loaded CI machine must not fail it on time
@given(st.text(alphabet=st.sampled_from(list("翟晓华。！？；.!? \nab")), max_size=800))
def test_spans_point_into_the_text_in_order(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for number, sentence in enumerate(sentences, start=1):
        assert sentence.number == number
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= position and 0 < len(sentence.text) <= MAX_SENTENCE
        assert sentence.text == sentence.text.strip()
        position = sentence.end
    covered = "".join(s.text for s in sentences)
    assert "".join(text.split()) == "".join(covered.split())
