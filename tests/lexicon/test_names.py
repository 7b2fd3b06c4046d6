"""Name normalisation and keys: every form of one name shares a key, different names do not."""

from __future__ import annotations

import pytest

from extract.lexicon.names import (
    clean_name,
    display_score,
    is_cjk,
    is_surname_only,
    looks_like_a_name,
    name_keys,
    name_tokens,
    script_key,
    split_alias_forms,
    surname_key,
)

# ---------------------------------------------------------------- cleaning

@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("梁军先生", "梁军"),
        ("Prof. Larochelle", "Larochelle"),
        ("Professor Hugo Larochelle", "Hugo Larochelle"),
        ("Dr. Jane Doe", "Jane Doe"),
        ("Dr.Wang", "Wang"),
        ("Ms Ada Lovelace", "Ada Lovelace"),
        ("Sir Tim Berners-Lee", "Tim Berners-Lee"),
        ("Associate Professor Maria Rossi", "Maria Rossi"),
        ("Maria Rossi, PhD", "Maria Rossi"),
        ("陈静女士", "陈静"),
        ("刘洋教授", "刘洋"),
        ("教授刘洋", "刘洋"),
        ("孙悦副教授", "孙悦"),
        ("周明研究员", "周明"),
        ("何平老师", "何平"),
        ("王博士", "王"),
        ("Hugo Larochelle教授", "Hugo Larochelle"),
        ("  **翟晓华**  ", "翟晓华"),
        ("Jane   Doe", "Jane Doe"),
        ("王 刚", "王刚"),
        ("CEO Jane Doe", "Jane Doe"),  # an acronym title, or a typo of one, before a full Latin name
        ("SVP Maria Rossi", "Maria Rossi"),
        ("XYZ Ada Lovelace", "Ada Lovelace"),
    ],
)
def test_clean_strips_titles_and_noise(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize("name", ["Drew Smith", "Sirius Black", "Misty Day", "Professor", "博士", "Mr.", "JJ Abrams",
                                  "MIT CSAIL"])
def test_clean_keeps_names_that_only_look_like_titles(name: str) -> None:
    assert clean_name(name) == name


def test_traditional_becomes_simplified() -> None:
    assert clean_name("翟曉華") == "翟晓华"
    assert clean_name("劉德華教授") == "刘德华"


@pytest.mark.parametrize(
    "dotted", ["卢卡斯·拜尔", "卢卡斯・拜尔", "卢卡斯‧拜尔", "卢卡斯•拜尔", "卢卡斯.拜尔", "卢卡斯 · 拜尔"]
)
def test_middle_dots_unified(dotted: str) -> None:
    assert clean_name(dotted) == "卢卡斯·拜尔"


def test_latin_dots_untouched_and_case_kept() -> None:
    assert clean_name("J. R. Smith") == "J. R. Smith"
    assert clean_name("ZHAI Xiaohua") == "ZHAI Xiaohua"


def test_is_cjk() -> None:
    assert is_cjk("翟晓华") and is_cjk("卢卡斯·拜尔")
    assert not is_cjk("Xiaohua Zhai") and not is_cjk("") and not is_cjk("Hugo Larochelle教授")


# ---------------------------------------------------------------- tokens and keys

@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("翟晓华", ("zhai", "xiaohua")),  # 翟 is "di" by default; the surname reading is "zhai"
        ("欧阳娜娜", ("ouyang", "nana")),
        ("诸葛亮", ("zhuge", "liang")),
        ("司马相如", ("sima", "xiangru")),
        ("单雄信", ("shan", "xiongxin")),
        ("曾小贤", ("zeng", "xiaoxian")),
        ("吕一鸣", ("lu", "yiming")),
        ("王", ("wang",)),
        ("卢卡斯·拜尔", ("卢卡斯", "拜尔")),
        ("Xiao-hua Zhai", ("xiaohua", "zhai")),
        ("José Álvarez", ("jose", "alvarez")),
        ("Conor O'Brien", ("conor", "obrien")),
        ("Lyu Ming", ("lu", "ming")),
        ("", ()),
    ],
)
def test_name_tokens(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    "form", ["翟晓华", "翟曉華", "Xiaohua Zhai", "Zhai Xiaohua", "ZHAI Xiaohua", "Xiao-hua Zhai", "Xiao Hua Zhai",
             "Prof. Xiaohua Zhai", "翟晓华博士"]
)
def test_every_form_of_a_chinese_name_shares_a_key(form: str) -> None:
    assert "xiaohua zhai" in name_keys(form)


def test_invented_bilingual_name_shares_a_key() -> None:
    assert name_keys("欧阳明远") & name_keys("Mingyuan Ouyang")
    assert name_keys("陈思琪") & name_keys("CHEN Siqi")
    assert name_keys("吕佳") & name_keys("Jia Lyu") & name_keys("Jia Lv")


def test_titles_do_not_change_keys() -> None:
    assert name_keys("Hugo Larochelle") == name_keys("Professor Hugo Larochelle") == name_keys("Prof. Hugo Larochelle")


def test_hyphenated_given_names_meet_joined_ones() -> None:
    assert name_keys("Jean-Pierre Dupont") & name_keys("Jean Pierre Dupont")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Li Wei", "Li Wen"),
        ("李伟", "李文"),
        ("Zhang", "Zhang San"),
        ("Larochelle", "Hugo Larochelle"),
        ("Hugo Larochelle", "Hugo Lafleur"),
        ("王刚", "王强"),
        ("卢卡斯·拜尔", "Lucas Beyer"),  # a transliteration is not pinyin-matched; only a stated alias joins them
    ],
)
def test_different_names_do_not_share_keys(a: str, b: str) -> None:
    assert not name_keys(a) & name_keys(b)


def test_homophones_collide_in_name_keys_but_not_in_script_key() -> None:
    # 王刚 and 王钢 are both "wang gang": a shared name key is only a candidate; the script key tells them apart.
    assert name_keys("王刚") == name_keys("王钢") == frozenset({"gang wang"})
    assert script_key("王刚") != script_key("王钢")
    assert script_key("王刚") == script_key("王 刚") == script_key("王刚先生")


def test_script_key_folds_script_variants_only() -> None:
    assert script_key("翟曉華") == script_key("翟晓华")
    assert script_key("Hugo Larochelle") == script_key("HUGO LAROCHELLE") == script_key("Dr. Hugo Larochelle")
    assert script_key("卢卡斯·拜尔") == script_key("卢卡斯・拜尔") == script_key("卢卡斯拜尔")
    assert script_key("Xiaohua Zhai") != script_key("翟晓华")


def test_heteronym_surname_readings_all_become_keys() -> None:
    assert name_keys("乐嘉") == {"jia yue", "jia le"}


# ---------------------------------------------------------------- surnames

@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("Hugo Larochelle", "larochelle"),
        ("Larochelle", "larochelle"),
        ("Prof. Larochelle", "larochelle"),
        ("ZHAI Xiaohua", "zhai"),
        ("翟晓华", "zhai"),
        ("欧阳娜娜", "ouyang"),
        ("卢卡斯·拜尔", "拜尔"),
        ("王", "wang"),
        ("", None),
    ],
)
def test_surname_key(name: str, surname: str | None) -> None:
    assert surname_key(name) == surname


@pytest.mark.parametrize(
    ("name", "alone"),
    [("Larochelle", True), ("Prof. Larochelle", True), ("王", True), ("王教授", True), ("欧阳", True),
     ("Hugo Larochelle", False), ("王刚", False), ("欧阳娜娜", False), ("卢卡斯·拜尔", False), ("", False)],
)
def test_is_surname_only(name: str, alone: bool) -> None:
    assert is_surname_only(name) is alone


# ---------------------------------------------------------------- display and aliases

def test_display_prefers_full_latin_clean_name() -> None:
    names = ["Larochelle", "雨果·拉罗谢尔", "Professor Hugo Larochelle", "Hugo Larochelle"]
    assert max(names, key=display_score) == "Hugo Larochelle"
    assert max(["Zhai", "翟晓华", "ZHAI Xiaohua", "Xiaohua Zhai"], key=display_score) == "Xiaohua Zhai"
    assert max(["王", "王刚"], key=display_score) == "王刚"


def test_display_score_is_deterministic_for_ties() -> None:
    names = ["Ann Lee", "Bob Lee"]
    assert max(names, key=display_score) == max(reversed(names), key=display_score)


def test_split_alias_forms() -> None:
    assert split_alias_forms("翟晓华（Xiaohua Zhai）") == ("翟晓华", "Xiaohua Zhai")
    assert split_alias_forms("雨果·拉罗谢尔 (Hugo Larochelle)") == ("雨果·拉罗谢尔", "Hugo Larochelle")
    assert split_alias_forms("陈思琪 / Siqi Chen") == ("陈思琪", "Siqi Chen")
    assert split_alias_forms("Hugo Larochelle") == ("Hugo Larochelle",)


@pytest.mark.parametrize(("name", "expected"), [
    ("翟晓华", True), ("欧阳婧", True), ("卢卡斯·拜尔", True), ("阿卜杜勒·拉赫曼·本·穆罕默德", True),
    ("Prof. Hugo Larochelle", True), ("Xiaohua Zhai", True),
    ("库特勒、贝拉米以及基拉尚未置评", False), ("更多 AI 员工辞职", False), ("元宇宙风口已过", False),
    ("This is not the name of anybody at all", False), ("", False),
])
def test_looks_like_a_name_rejects_clauses_by_shape(name: str, expected: bool) -> None:
    assert looks_like_a_name(name) is expected


def test_the_surname_data_file() -> None:
    from extract.lexicon.names import COMMON_SURNAMES, COMPOUND_SURNAMES

    assert all(len(s) == 2 for s in COMPOUND_SURNAMES) and len(COMPOUND_SURNAMES) >= 40
    assert {"王", "李", "张"} <= COMMON_SURNAMES and len(COMMON_SURNAMES) >= 200
    assert name_tokens("欧阳明") == ("ouyang", "ming")  # a compound surname with its pinyin from the file
    assert name_keys("乐明") == {"ming yue", "le ming"}  # both readings of a surname from the file
