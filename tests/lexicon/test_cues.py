"""The cue lexicon: one packaged file of cue words by kind, extended by the user's files, and the patterns built
from it."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from extract.errors import ConfigError
from extract.ground.repairs import stated_dates
from extract.ground.rules import RuleContext, find_named_moves
from extract.lexicon import cues as cues_module
from extract.lexicon.cues import alternation, default_cues, load_cues, use_cues
from extract.lexicon.degrees import degree_level, levels
from extract.lexicon.orgs import OrgTable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts without an installed lexicon and leaves none behind."""
    monkeypatch.setattr(cues_module, "_active", None)
    yield


def _packaged() -> dict:
    return tomllib.loads(resources.files("extract.lexicon").joinpath("data/cues.toml").read_text(encoding="utf-8"))


def test_every_subset_lists_members_of_its_kind() -> None:
    for kind, table in _packaged().items():
        words = {w for value in table.values() if isinstance(value, list) for w in value}
        for name, subset in table.items():
            if isinstance(subset, dict):
                missing = {w for ws in subset.values() for w in ws} - words
                assert not missing, f"[{kind}.{name}] words not listed in [{kind}]: {missing}"


def test_no_word_twice_in_a_kind() -> None:
    for kind, table in _packaged().items():
        words = [w for value in table.values() if isinstance(value, list) for w in value]
        assert len(words) == len(set(words)), kind


def test_every_kind_and_subset_is_read_by_the_code() -> None:
    names = {node.value for path in (ROOT / "extract").rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    lexicon = load_cues()
    unread = [name for name in lexicon.lists if name not in names and not name.startswith("degree.")]
    assert not unread, f"kinds no code reads: {unread}"
    assert levels(lexicon) == ("bachelor", "master", "doctorate")  # the degree subsets are read as the levels


@pytest.mark.parametrize(("words", "text", "found"), [
    (["left"], "She left Acme.", "left"),
    (["left"], "a cleft palate", None),  # a Latin word is a whole word
    (["LEFT"], "She Left.", "Left"),  # in any case
    (["cto"], "a doctorate", None),
    (["graduat*"], "after graduation", "graduation"),  # a prefix
    (["离职"], "张三已离职。", "离职"),  # Han anywhere
    (["ex-"], "an ex-Acme engineer", "ex-"),  # punctuation at the edge is matched as written
    (["stepped down"], "he stepped  down", "stepped  down"),  # any space between words
    (["曾任", "曾"], "曾任", "曾任"),  # the longer word first
    ([], "anything", None),
])
def test_how_a_word_matches(words: list[str], text: str, found: str | None) -> None:
    match = re.search(alternation(words), text)
    assert (match.group() if match else None) == found


def test_plural_latin_titles() -> None:
    assert re.fullmatch(alternation(["founder"], plural=True), "Founders")
    assert not re.fullmatch(alternation(["founder"]), "founders")


def test_words_of_several_kinds_each_once_in_file_order() -> None:
    lexicon = load_cues()
    assert lexicon.words("leave.object") == ("离开", "告别", "跳出", "left", "departed", "quit", "離開", "告別")
    words = lexicon.words("join", "found")
    assert words[0] == "加入" and "founded" in words and len(words) == len(set(words))
    with pytest.raises(KeyError, match="no cue kind"):
        lexicon.words("leaving")


def test_a_user_file_adds_words_that_the_rules_then_read(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[join]\nzh = ["投身"]\n[leave.object]\nen = ["exited"]\n', encoding="utf-8")
    lexicon = load_cues([mine])
    assert "投身" in lexicon.words("join")
    assert "exited" in lexicon.words("leave") and "exited" in lexicon.words("leave.object")  # a subset word joins
    orgs = OrgTable.load()
    sentence = "Jane Roe 和 Tom Lee 投身百度。"
    assert find_named_moves(sentence, RuleContext(orgs=orgs, doc_orgs=frozenset(), names={})) == []
    moves = find_named_moves(sentence, RuleContext(orgs=orgs, doc_orgs=frozenset(), names={}, cues=lexicon))
    assert [(r.name, r.organization, r.status) for r in moves] == [("Tom Lee", "百度", "joined"),
                                                                   ("Jane Roe", "百度", "joined")]
    assert stated_dates("He exited Acme in 2019.", "Acme", None, lexicon) == (None, "2019")
    assert stated_dates("He exited Acme in 2019.", "Acme", None) == (None, None)


def test_files_from_the_settings_and_use_cues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EXTRACT_CUES files come through the settings (read there only), before the --cues files."""
    from extract.config import Settings

    env_file, cli_file = tmp_path / "env.toml", tmp_path / "cli.toml"
    env_file.write_text('[say]\nen = ["stated"]\n', encoding="utf-8")
    cli_file.write_text('[say]\nen = ["remarked"]\n', encoding="utf-8")
    monkeypatch.setenv("EXTRACT_CUES", str(env_file))
    assert "stated" not in load_cues().words("say")
    installed = use_cues(Settings.from_env(cues=[cli_file]).cues)
    assert default_cues() is installed
    assert {"stated", "remarked"} <= set(installed.words("say"))


def test_the_default_lexicon_is_loaded_once() -> None:
    assert default_cues() is default_cues()


@pytest.mark.parametrize(("text", "message"), [
    ("[joins]\nzh = [\"加入\"]\n", "unknown kind \\[joins\\]"),
    ("[join.typo]\nzh = [\"加入\"]\n", "unknown kind \\[join.typo\\]"),
    ("[join]\nzh = \"加入\"\n", "'zh' must be a list of words"),
    ("[join]\nzh = [1]\n", "'zh' must be a list of words"),
    ("join = [\"加入\"]\n", "'join' must be a table"),
    ("[join\n", "cue lexicon"),
])
def test_a_bad_user_file_is_a_config_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_cues([bad])
    assert "bad.toml" in str(error.value)


def test_a_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml"):
        load_cues([tmp_path / "missing.toml"])


@pytest.mark.parametrize(("degree", "level"), [
    ("本科", "bachelor"), ("BA in economics", "bachelor"), ("B.S.", "bachelor"), ("硕士", "master"),
    ("master's degree", "master"), ("MBA", "master"), ("博士", "doctorate"), ("Ph.D", "doctorate"),
    ("本科及硕士", None),  # two levels
    ("博士后", None), ("postdoctoral fellow", None),  # a postdoc is no degree
    ("Alibaba", None), ("mastermind", None),  # whole words only
    ("", None), (None, None),
])
def test_degree_levels(degree: str | None, level: str | None) -> None:
    assert degree_level(degree) == level


def test_chinese_cues_match_in_traditional_characters_too() -> None:
    """News from Taiwan or Hong Kong writes the same cues in traditional characters; the forms are derived at load
    (OpenCC, standard, Taiwan and Hong Kong, and character by character: 回歸 as well as 迴歸)."""
    lexicon = load_cues()
    assert lexicon.matches("周明遠已於 4 月離職，轉往東湖大學", "leave")
    assert lexicon.matches("她在 2019 年創辦了北辰科技", "found")
    assert lexicon.matches("宗明回歸母校任教", "join") and lexicon.matches("宗明迴歸母校任教", "join")
    assert lexicon.lists["leave"]["zh-Hant"], "kept apart from the file's own words"
    assert "離職" not in lexicon.lists["leave"]["zh"]
