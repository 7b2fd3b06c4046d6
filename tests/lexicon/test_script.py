"""The one definition of a Han character, of middle dots, and the traditional → simplified converter."""

from __future__ import annotations

import pytest

from extract.lexicon import names, orgs
from extract.lexicon.script import MIDDLE_DOT, MIDDLE_DOTS, fold_dots, han_count, has_han, is_han, to_simplified


@pytest.mark.parametrize("char", ["中", "〇", "㐀", "豈", "𠀀", "𪜀", "𰀀"])  # basic, 〇, ext A, compat, ext B, C, G
def test_han_characters_of_every_block(char: str) -> None:
    assert is_han(char) and has_han(f"x{char}y") and han_count(char * 3) == 3


@pytest.mark.parametrize("char", ["a", "1", "。", "，", "あ", "カ", "한", "·", " ", ""])
def test_not_han(char: str) -> None:
    assert not is_han(char) and not has_han(char)


def test_every_middle_dot_folds_to_the_canonical_one() -> None:
    assert fold_dots("".join(f"艾{dot}伦" for dot in MIDDLE_DOTS)) == f"艾{MIDDLE_DOT}伦" * len(MIDDLE_DOTS)
    assert fold_dots("a.b") == "a.b"  # a full stop is no middle dot


def test_traditional_to_simplified_and_text_without_han_untouched() -> None:
    assert to_simplified("翟曉華在臺灣大學") == "翟晓华在台湾大学"
    assert to_simplified("Ａ・B") == "Ａ・B"


def test_names_and_orgs_read_chinese_through_the_one_definition() -> None:
    # a name in a rarer character is Chinese to the name cleaner, and an alias in traditional script is one key
    assert names.is_cjk("𠀀小明") and names.clean_name("卢卡斯∙拜尔") == "卢卡斯·拜尔"
    assert orgs.normalise_org("騰訊") == orgs.normalise_org("腾讯")
