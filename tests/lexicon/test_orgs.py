"""Organisation canonicalisation: aliases in both scripts, prefix forms, safe short aliases, fuzzy typos, user files."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from extract.config import Settings
from extract.errors import ConfigError
from extract.lexicon.orgs import OrgEntry, OrgTable, normalise_org


@pytest.fixture(scope="module")
def table() -> OrgTable:
    return OrgTable.load()


def canon(table: OrgTable, raw: str) -> tuple[str, str]:
    match = table.canonical(raw)
    return match.canonical, match.method


# ---------------------------------------------------------------- the packaged table

def test_packaged_table_is_well_formed() -> None:
    data = tomllib.loads(resources.files("extract.lexicon").joinpath("data/orgs.toml").read_text(encoding="utf-8"))
    entries = data["org"]
    assert len(entries) >= 80
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names))
    owner: dict[str, str] = {}
    for entry in entries:
        for form in (entry["name"], *entry.get("aliases", [])):
            key = normalise_org(form)
            assert owner.setdefault(key, entry["name"]) == entry["name"], f"{form!r} claimed twice"
        if "parent" in entry:
            assert entry["parent"] in names, entry


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("谷歌", "Google"),
        ("Google LLC", "Google"),
        ("Google Inc.", "Google"),
        ("谷歌公司", "Google"),
        ("DeepMind", "Google DeepMind"),
        ("谷歌DeepMind", "Google DeepMind"),
        ("谷歌 DeepMind", "Google DeepMind"),
        ("Google Brain", "Google Brain"),
        ("谷歌大脑", "Google Brain"),
        ("Facebook", "Meta"),
        ("脸书", "Meta"),
        ("Meta Platforms, Inc.", "Meta"),
        ("Meta AI", "Meta FAIR"),
        ("Facebook AI Research", "Meta FAIR"),
        ("FAIR", "Meta FAIR"),
        ("微软", "Microsoft"),
        ("微软亚洲研究院", "Microsoft Research Asia"),
        ("MSR", "Microsoft Research"),
        ("阿里", "Alibaba"),
        ("阿里巴巴", "Alibaba"),
        ("阿里巴巴集团", "Alibaba"),
        ("Alibaba Group Holding Limited", "Alibaba"),
        ("达摩院", "Alibaba DAMO Academy"),
        ("阿里达摩院", "Alibaba DAMO Academy"),
        ("阿里云", "Alibaba Cloud"),
        ("字节跳动", "ByteDance"),
        ("字节", "ByteDance"),
        ("华为技术有限公司", "Huawei"),
        ("Huawei Technologies Co., Ltd.", "Huawei"),
        ("英伟达", "NVIDIA"),
        ("Nvidia", "NVIDIA"),
        ("X", "Twitter"),
        ("深度求索", "DeepSeek"),
        ("月之暗面", "Moonshot AI"),
        ("清华", "Tsinghua University"),
        ("清華大學", "Tsinghua University"),
        ("北大", "Peking University"),
        ("南洋理工大学", "Nanyang Technological University"),
        ("卡内基梅隆大学", "Carnegie Mellon University"),
        ("卡耐基梅隆大学", "Carnegie Mellon University"),
        ("Université de Montréal", "Université de Montréal"),
        ("Universite de Montreal", "Université de Montréal"),
        ("蒙特利尔大学", "Université de Montréal"),
        ("U Sherbrooke", "Université de Sherbrooke"),
        ("密西根大学", "University of Michigan"),
        ("密歇根州立大学", "Michigan State University"),
        ("德国亚琛工业大学", "RWTH Aachen University"),
        ("ISTA", "Institute of Science and Technology Austria"),
        ("Mila - Quebec AI Institute", "Mila"),
        ("中科院", "Chinese Academy of Sciences"),
    ],
)
def test_aliases_in_both_scripts(table: OrgTable, raw: str, canonical: str) -> None:
    assert canon(table, raw) == (canonical, "alias")


def test_match_keeps_raw_and_parent(table: OrgTable) -> None:
    match = table.canonical("谷歌DeepMind")
    assert (match.raw, match.parent) == ("谷歌DeepMind", "Google")
    assert table.canonical("OpenAI").parent is None
    assert table.ancestors("Google DeepMind") == ("Google", "Alphabet")


def test_units_are_not_their_parents(table: OrgTable) -> None:
    assert not table.same("DeepMind", "Google")
    assert not table.same("Meta AI", "Meta")
    assert not table.same("达摩院", "阿里巴巴")
    assert not table.same("密歇根大学", "密歇根州立大学")
    assert not table.same("清华大学", "台湾清华大学")


# ---------------------------------------------------------------- prefix and contained forms

@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("谷歌DeepMind蒙特利尔团队", "Google DeepMind"),
        ("Google DeepMind Montreal", "Google DeepMind"),
        ("the Montreal Google DeepMind team", "Google DeepMind"),
        ("Meta 伦敦办公室", "Meta"),
        ("Google (Mountain View)", "Google"),
        ("清华大学北辰研究中心(BRC)", "Tsinghua University"),
        ("清华智能产业研究院（Tsinghua AIR）", "Institute for AI Industry Research, Tsinghua University"),
        ("新加坡南洋理工大学", "Nanyang Technological University"),
        ("美国斯坦福大学计算机系", "Stanford University"),
        ("阿里达摩院自动驾驶实验室", "Alibaba DAMO Academy"),
        ("阿里巴巴达摩院视觉实验室", "Alibaba DAMO Academy"),  # the start names the parent, the unit wins
        ("阿里人工智能研究中心", "Alibaba"),  # a short alias before a unit the table does not know
        ("腾讯AI Lab西雅图", "Tencent AI Lab"),
        ("MIT CSAIL", "Massachusetts Institute of Technology"),
        ("字节跳动北京", "ByteDance"),
        ("Canada CIFAR AI Chair", "CIFAR"),  # CIFAR's chair programme: the holder's affiliation is CIFAR
        ("北京师范大学计算机专业", "Beijing Normal University"),  # a school written with the major studied there
    ],
)
def test_prefix_and_contained_forms(table: OrgTable, raw: str, canonical: str) -> None:
    match = table.canonical(raw)
    assert (match.canonical, match.method) == (canonical, "contains")
    assert match.raw == raw


@pytest.mark.parametrize(
    "raw",
    ["Xiaomo Labs", "Metaverse", "Metaverse Inc", "X1", "Xylem", "Appleby Partners", "字节码研究会", "阿里山",
     "苹果树", "前谷歌研究员", "Penn State", "Washington University", "Googleplex Cafe"],
)
def test_short_aliases_never_match_inside_words(table: OrgTable, raw: str) -> None:
    assert table.canonical(raw).method == "none"


def test_a_three_character_abbreviation_glued_to_another_word_is_part_of_another_name(table: OrgTable) -> None:
    # 华中科大 (Huazhong) holds 中科大 (USTC); a company name may hold it too. A place word before it is fine.
    assert table.canonical("华中科大光学与电子信息学院").canonical == "Huazhong University of Science and Technology"
    assert table.canonical("星河中科大模型公司").method == "none"
    assert table.canonical("北京中科大计算机学院").canonical == "University of Science and Technology of China"
    assert table.canonical("中科大计算机学院").canonical == "University of Science and Technology of China"


def test_xiaomi_is_xiaomi_not_x(table: OrgTable) -> None:
    assert canon(table, "Xiaomi") == ("Xiaomi", "alias")
    assert canon(table, "小米集团") == ("Xiaomi", "alias")


# ---------------------------------------------------------------- fuzzy and unknown

@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("U Sherbooke", "Université de Sherbrooke"), ("Carnegie Melon University", "Carnegie Mellon University"),
     ("Universty of Toronto", "University of Toronto"), ("Massachusets Institute of Technology",
                                                          "Massachusetts Institute of Technology")],
)
def test_fuzzy_typos(table: OrgTable, raw: str, canonical: str) -> None:
    assert canon(table, raw) == (canonical, "fuzzy")


@pytest.mark.parametrize("raw", ["Googel", "University of Toledo", "Gogle Brian", "北京大字"])
def test_fuzzy_is_strict(table: OrgTable, raw: str) -> None:
    assert table.canonical(raw).method == "none"


def test_unknown_orgs_keep_a_cleaned_raw_name(table: OrgTable) -> None:
    assert table.canonical("  Quantum Widgets Ltd  ") == table.canonical("  Quantum Widgets Ltd  ")
    match = table.canonical("  Quantum Widgets Ltd  ")
    assert (match.canonical, match.method, match.parent) == ("Quantum Widgets Ltd", "none", None)
    assert table.canonical("星辰數據公司").canonical == "星辰数据公司"
    assert table.canonical("").canonical == ""


def test_same(table: OrgTable) -> None:
    assert table.same("谷歌", "Google Inc.")
    assert table.same("阿里巴巴集团", "Alibaba")
    assert table.same("Quantum Widgets Ltd", "quantum widgets")  # unknown, but the same key
    assert not table.same("Quantum Widgets", "Quantum Gadgets")
    assert not table.same("", "")


# ---------------------------------------------------------------- user tables

USER_TOML = """
[[org]]
name = "Quantum Widgets"
aliases = ["量子小部件", "QW Labs"]
kind = "company"

[[org]]
name = "Google"
aliases = ["Googleplex"]
"""


def test_extra_path_adds_and_extends(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(USER_TOML, encoding="utf-8")
    table = OrgTable.load([path])
    assert canon(table, "量子小部件") == ("Quantum Widgets", "alias")
    assert canon(table, "Googleplex") == ("Google", "alias")
    assert canon(table, "谷歌") == ("Google", "alias")  # the packaged aliases stay
    assert table.entry("Google").parent == "Alphabet"  # not overridden when the user file does not say


def test_env_var_adds_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text('[[org]]\nname = "Quantum Widgets"\naliases = ["QW Labs"]\n', encoding="utf-8")
    two.write_text('[[org]]\nname = "Nebula Robotics"\naliases = ["星云机器人"]\n', encoding="utf-8")
    monkeypatch.setenv("EXTRACT_ORGS", f"{one}{os.pathsep}{two}")
    table = OrgTable.load(Settings.from_env().orgs)
    assert canon(table, "QW Labs") == ("Quantum Widgets", "alias")
    assert canon(table, "星云机器人") == ("Nebula Robotics", "alias")


def test_later_file_wins_an_alias_and_replace_replaces(tmp_path: Path) -> None:
    path = tmp_path / "override.toml"
    path.write_text(
        '[[org]]\nname = "DeepMind (pre-2023)"\naliases = ["DeepMind"]\n\n'
        '[[org]]\nname = "Twitter"\naliases = ["推特"]\nreplace = true\n',
        encoding="utf-8",
    )
    table = OrgTable.load([path])
    assert canon(table, "DeepMind") == ("DeepMind (pre-2023)", "alias")
    assert canon(table, "Google DeepMind") == ("Google DeepMind", "alias")
    assert table.canonical("X").canonical != "Twitter"  # the replaced entry lost its "X" alias


@pytest.mark.parametrize(
    "text",
    ['[[org]]\naliases = ["x"]\n', '[[org]]\nname = "A"\naliases = "B"\n', "[[org]\nname = 1", 'org = "x"\n',
     '[[org]]\nname = "A"\nparent = 3\n'],
)
def test_bad_user_files_are_config_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        OrgTable.load([path])


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml"):
        OrgTable.load([tmp_path / "nope.toml"])


def test_from_entries() -> None:
    table = OrgTable.from_entries([OrgEntry("Acme", ("爱克米",)), OrgEntry("Acme Labs", ("AL",), parent="Acme")])
    assert canon(table, "爱克米有限公司") == ("Acme", "alias")
    assert table.canonical("Acme Labs").parent == "Acme"
    assert len(table) == 2


def test_products_are_exact_names_that_no_organisation_claims_and_user_files_add_more(tmp_path) -> None:
    table = OrgTable.load()
    assert table.is_product("GPT-4o") and table.is_product("chatgpt")
    assert not table.is_product("Gemini team") and not table.is_product("OpenAI")
    mine = tmp_path / "mine.toml"
    mine.write_text('products = ["Acme Pilot"]\n\n[[org]]\nname = "Gemini Corp"\naliases = ["Gemini"]\n')
    extended = OrgTable.load([mine])
    assert extended.is_product("acme  pilot") and extended.is_product("GPT-4o")
    assert not extended.is_product("Gemini"), "an organisation's alias is never a product"
    assert extended.with_aliases([("x", "y")]).is_product("Acme Pilot")
    bad = tmp_path / "bad.toml"
    bad.write_text('products = "GPT-4o"\n')
    with pytest.raises(ConfigError, match=r"bad\.toml.*products"):
        OrgTable.load([bad])


def test_taiwanese_names_of_north_american_universities(table: OrgTable) -> None:
    for written, canonical in (("史丹佛大學", "Stanford University"),
                               ("加州大學柏克萊分校", "University of California, Berkeley"),
                               ("喬治亞理工學院", "Georgia Institute of Technology")):
        assert table.canonical(written).canonical == canonical, written
