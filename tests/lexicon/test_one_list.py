"""Each kind of cue word exists once: in ``extract/lexicon/data/cues.toml``, not again as a list in code.

How the check works (an honest approximation, documented so a failure can be read): every module of ``extract/`` is
parsed with :mod:`ast`, and two kinds of literal are collected from it, docstrings left out:

- a collection of string literals: a list, tuple or set display, or the keys of a dict display;
- a regex alternation written in one string literal (``"离职|辞职|left"``): the string is cut at ``|`` and at
  regex syntax, and each piece made only of letters is a member; a character class of Han characters
  (``"[在于和]"``) gives each character.

A literal is a second list of a kind when at least three of its members (all of them, for a kind of two words) are
words of that kind, compared case-folded (``*`` of a prefix entry dropped). Members without a letter (punctuation)
do not count: a list of punctuation is not vocabulary. Known overlaps that belong to another module's own grammar
are listed in ``KNOWN`` with the reason; a new one fails the test.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.lexicon.cues import TRADITIONAL, load_cues
from extract.lexicon.script import HAN_RANGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "extract"

# (module, kind): why that module may hold words of the kind.
_DATES = ("the date grammar of extract/lexicon/dates.py (relative words mapped to values, range and open-end "
          "markers, prepositions before a date); the rule layer's words of this kind are the ones it skips around a "
          "date. To merge: dates.py exposes its words and the lexicon reads them (dates.py has another owner)")
KNOWN: dict[tuple[str, str], str] = {
    ("extract/lexicon/dates.py", "time"): _DATES,
    ("extract/lexicon/relative_dates.py", "time"): _DATES,
    ("extract/lexicon/dates.py", "sequence"): _DATES,
    ("extract/lexicon/dates.py", "and"): _DATES,
    ("extract/lexicon/dates.py", "around_date"): _DATES,
    ("extract/lexicon/dates.py", "current"): _DATES,
    ("extract/lexicon/orgs.py", "unit"): "the words that may follow a short alias inside a longer name (公司, 旗下, "
                                         "places, 实验室 …): the table's matching, not a cue; three are units too",
    ("extract/lexicon/sentences.py", "name_title"): "the splitter's abbreviations that end no sentence (Dr., Prof., "
                                                    "…); it could read [name_title] (sentences.py has another owner)",
}

_HAN_CLASS = re.compile(rf"\[([{HAN_RANGES}]+)\]")
_SYNTAX = re.compile(r"\(\?[:=!<>]*|\(\?P<\w+>|\\[bBsSdDwW]|[()^$?*+{}\[\]]|\\.")
_LETTER = re.compile(rf"[A-Za-z{HAN_RANGES}]")


def _kinds() -> dict[str, frozenset[str]]:
    """The file's words of each kind (the traditional forms derived at load are not a list anyone wrote)."""
    lexicon = load_cues()
    return {name: frozenset(_fold(w) for lang, words in lexicon.lists[name].items() if lang != TRADITIONAL
                            for w in words if _LETTER.search(w))
            for name in lexicon.lists if "." not in name}


def _fold(word: str) -> str:
    return word.strip().rstrip("*").casefold()


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _alternation(text: str) -> list[str]:
    members = [ch for chars in _HAN_CLASS.findall(text) for ch in chars]
    if "|" in text:
        members += [piece.strip() for piece in _SYNTAX.sub("|", _HAN_CLASS.sub("|", text)).split("|")]
    return members


def literals(tree: ast.AST) -> Iterator[tuple[int, list[str]]]:
    """(line, members) of every string collection and regex alternation of a module."""
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        elements = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict) and elements:
            strings = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(strings) >= 2:
                yield node.lineno, strings
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            members = _alternation(node.value)
            if len(members) >= 2:
                yield node.lineno, members


def duplicates(path: Path, kinds: dict[str, frozenset[str]]) -> list[str]:
    """What in ``path`` repeats a kind of the lexicon: ``"module:line: kind: members"``."""
    module = path.relative_to(ROOT).as_posix()
    found = []
    for line, members in literals(ast.parse(path.read_text(encoding="utf-8"))):
        for kind, words in kinds.items():
            if _shares_a_kind(members, words) and (module, kind) not in KNOWN:
                found.append(f"{module}:{line}: [{kind}] {sorted({_fold(m) for m in members} & words)}")
    return found


def _shares_a_kind(members: list[str], words: frozenset[str]) -> bool:
    """Three or more of ``members`` are words of the kind (both, for a kind of two words)."""
    shared = {_fold(m) for m in members if _LETTER.search(m)} & words
    return len(shared) >= min(3, max(2, len(words)))


def test_no_cue_word_list_in_code() -> None:
    kinds = _kinds()
    found = [d for path in sorted(PACKAGE.rglob("*.py")) for d in duplicates(path, kinds)]
    assert not found, "word lists in code that repeat a kind of extract/lexicon/data/cues.toml:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    'LEAVING = ("离职", "辞职", "left")',  # a list of a kind
    'VERBS = re.compile(r"(?:离职|辞职|\\bleft\\b)")',  # a regex alternation of a kind
    'CUES = {"离职": 1, "辞职": 2, "left": 3}',  # the keys of a dict
    'AFTER = re.compile("[在于和与的]")',  # a character class of particles
    'def f():\n    return [w for w in ("于", "在")]',  # a kind of two words, inside a function
])
def test_the_check_finds_a_list_written_in_code(tmp_path: Path, source: str) -> None:
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    assert _hits(path)


def test_the_check_leaves_other_lists_alone(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text('"""离职|辞职|left"""\nFIELDS = ("name", "title", "start", "end")\nPUNCT = "[，,；;]"\n',
                    encoding="utf-8")
    assert not _hits(path)


def _hits(path: Path) -> list[str]:
    kinds = _kinds()
    return [kind for _line, members in literals(ast.parse(path.read_text(encoding="utf-8")))
            for kind, words in kinds.items() if _shares_a_kind(members, words)]
