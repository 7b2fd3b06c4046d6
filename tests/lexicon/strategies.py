"""Hypothesis strategies shared by the tests of the sentence splitter and of everything that cuts at its ends."""

from __future__ import annotations

from hypothesis import strategies as st

from extract.lexicon.sentences import sentence_spans

__all__ = ["MIXED_TEXT", "containing_span"]

_PIECES = st.one_of(
    st.text(alphabet="王刚离职加入谷歌研究院首席科学家他说", min_size=1, max_size=30),
    st.lists(st.sampled_from(["he", "left", "the", "lab", "and", "joined", "Google", "as", "a", "scientist"]),
             min_size=1, max_size=8).map(" ".join),
    # abbreviations, initials and decimals, whose periods end no sentence
    st.sampled_from(["Prof. ", "Dr. ", "Mr. ", "e.g. ", "U.S. ", "Ph.D. ", "J. ", "Inc. ", "3.5", "2.6万", " v2.1 "]),
    st.sampled_from(["。", "！", "？", "；", "…", "，", ". ", "! ", "? ", "; ", "!", "?", ".", "”", "」", "）", ")"]),
    st.sampled_from([" ", "  ", "\n", "\n\n", " \n", "\t"]),
    st.integers(min_value=20, max_value=900).map(lambda n: "长" * n),  # a long unbroken Chinese run
    st.integers(min_value=5, max_value=150).map(lambda n: " ".join(["word"] * n)),  # a long unpunctuated one
)
MIXED_TEXT = st.lists(_PIECES, max_size=50).map("".join)


def containing_span(text: str, position: int) -> tuple[int, int] | None:
    """The whole sentence (no length cut) that ``position`` falls strictly inside, or None at a boundary."""
    return next(((s, e) for s, e in sentence_spans(text, max_length=None) if s < position < e), None)
