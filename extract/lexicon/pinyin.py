"""Romanised Chinese: whether a word could be a given name in pinyin ("Lei", "Xiaohua"), from pypinyin's own table
of readings (no word list of ours)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["is_pinyin_name"]


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (``lei``, ``xiao``), from pypinyin's own table."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    return frozenset(convert(p, Style.NORMAL, strict=True) for v in pinyin_dict.values() for p in v.split(","))


def is_pinyin_name(word: str) -> bool:
    """Could ``word`` be a romanised Chinese given name: one or two pinyin syllables ("Lei", "Xiaohua"), where
    "Class" or "Auto" is not?"""
    folded = word.casefold().replace("-", "").replace("'", "")
    syllables = _pinyin_syllables()
    return folded in syllables or any(folded[:i] in syllables and folded[i:] in syllables
                                      for i in range(1, len(folded)))
