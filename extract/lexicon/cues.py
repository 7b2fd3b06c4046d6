"""The cue lexicon: the words that say a sentence is about a move, a role, a degree or a group, loaded once from
``extract/lexicon/data/cues.toml`` (its header documents the format) plus the user's files, and turned into patterns.

Why data: the rule pass, the repairs and the checks of grounding each kept their own word lists, and the same idea
(leaving verbs, degree words) had drifted into several lists with different members. Here each idea is one kind;
a sentence shape that takes only part of a kind names a subset of it (``obtain.at_school``).

The extension point, for ``--cues FILE``: :func:`use_cues` (``use_cues([Path("mine.toml")])``, once at start-up,
before any text is read) makes the packaged file, then each file in ``EXTRACT_CUES``, then the given files the
process's lexicon, which every reader takes from :func:`default_cues`; :func:`load_cues` builds one without
installing it (for passing explicitly: ``rule_mentions(…, cues=…)``).

Matching is the same for every kind (see the file's header): a Han or punctuation word anywhere, a Latin word as a
whole word in any case, a Latin word ending in ``*`` as a word prefix. Every Chinese word also matches in its
traditional forms (derived with OpenCC at load, language ``zh-Hant``), so traditional text needs no list of its own.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from extract.errors import ConfigError
from extract.lexicon.script import has_han

__all__ = ["STUDY_KINDS", "TRADITIONAL", "CueLexicon", "alternation", "default_cues", "load_cues", "use_cues"]

# The kinds whose words say a sentence is about studying (a degree, studies, graduating, a postdoc).
STUDY_KINDS = ("degree", "study", "graduate", "postdoc")

_PACKAGED = "data/cues.toml"
_LATIN = "A-Za-z"
_WORD_CHAR = "A-Za-z0-9"  # what a Latin word may not touch: "ba" is no word in "9ba96f", nor "cto" in "doctorate"
TRADITIONAL = "zh-Hant"  # the language key of the traditional forms derived from a kind's "zh" words


@dataclass(frozen=True, eq=False)
class CueLexicon:
    """Words by kind (``"leave"``) and subset (``"leave.object"``), each a mapping language → words in file order.

    Compare by identity (``eq=False``): patterns built from a lexicon are cached per lexicon object."""

    lists: Mapping[str, Mapping[str, tuple[str, ...]]]
    _patterns: dict[tuple[Any, ...], re.Pattern[str]] = field(default_factory=dict, repr=False)

    def words(self, *names: str) -> tuple[str, ...]:
        """The words of the kinds and subsets named, every language, each word once: ``words("join", "found")``."""
        found: dict[str, None] = {}
        for name in names:
            if name not in self.lists:
                raise KeyError(f"no cue kind {name!r} (known: {', '.join(sorted(self.lists))})")
            for words in self.lists[name].values():
                found.update(dict.fromkeys(words))
        return tuple(found)

    def alternation(self, *names: str, plural: bool = False) -> str:
        """The regex source matching any word of the kinds named (see :func:`alternation`)."""
        return alternation(self.words(*names), plural=plural)

    def regex(self, *names: str, plural: bool = False) -> re.Pattern[str]:
        """:meth:`alternation`, compiled once per lexicon."""
        key = (names, plural)
        compiled = self._patterns.get(key)
        if compiled is None:
            compiled = self._patterns[key] = re.compile(self.alternation(*names, plural=plural))
        return compiled

    def matches(self, text: str, *names: str) -> bool:
        """Does ``text`` hold a word of the kinds named?"""
        return self.regex(*names).search(text) is not None

    def about_studies(self, text: str) -> bool:
        """Does ``text`` say something about studying? A field named "… learning" is no sign of it in AI news
        ("深度学习团队"). Grounding keeps an education fact only when its sentence does, so a chunk where this is
        false cannot yield one (the extractor then does not ask for education there)."""
        return self.matches(self.regex("learning_field").sub(" ", text), *STUDY_KINDS)


def _word(word: str, plural: bool) -> str:
    """One word as a regex: Han or punctuation anywhere; Latin as a whole word; ``*`` at the end: a word prefix."""
    prefix = len(word) > 1 and word.endswith("*")
    core = word[:-1] if prefix else word
    if has_han(core) or not re.search(f"[{_LATIN}]", core):
        return re.escape(core)
    source = r"\s+".join(re.escape(part) for part in core.split())
    head = f"(?<![{_WORD_CHAR}])" if core[0].isalnum() else ""
    if prefix:
        return f"{head}{source}[{_LATIN}]*"
    if not core[-1].isalnum():
        return f"{head}{source}"
    return f"{head}{source}{'s?' if plural else ''}(?![{_WORD_CHAR}])"


def alternation(words: Iterable[str], *, plural: bool = False) -> str:
    """A regex source matching any of ``words``, longest first, case-insensitive (scoped, so it can be embedded in
    a larger pattern); never matches when ``words`` is empty. ``plural``: Latin words also with an ``s``."""
    ordered = sorted(dict.fromkeys(w for w in words if w), key=len, reverse=True)
    if not ordered:
        return "(?!)"
    return "(?i:" + "|".join(_word(w, plural) for w in ordered) + ")"


# ---------------------------------------------------------------- loading

_active: CueLexicon | None = None


def default_cues() -> CueLexicon:
    """The process's lexicon: the one :func:`use_cues` installed, else the packaged file (loaded on first use,
    once)."""
    global _active
    if _active is None:
        _active = load_cues()
    return _active


def use_cues(paths: Sequence[Path | str] = ()) -> CueLexicon:
    """Load the packaged file and ``paths`` and make it the process's lexicon; what a run does with its
    ``--cues FILE`` / ``EXTRACT_CUES`` files (read by :class:`~extract.config.Settings`), once at start-up (names
    already cleaned with the old lexicon stay cached)."""
    global _active
    _active = load_cues(paths)
    return _active


def load_cues(paths: Sequence[Path | str] = ()) -> CueLexicon:
    """The packaged ``cues.toml``, then ``paths``: later files add words.
    A malformed file, or one naming a kind or subset the packaged file does not have, is a :class:`ConfigError`."""
    packaged = resources.files("extract.lexicon").joinpath(_PACKAGED).read_text(encoding="utf-8")
    lists: dict[str, dict[str, list[str]]] = {}
    _merge(lists, _parse(packaged, f"extract/lexicon/{_PACKAGED}"), None, _PACKAGED)
    known = frozenset(lists)
    for path in paths:
        _merge(lists, _parse(_read(Path(path)), str(path)), known, str(path))
    for by_lang in lists.values():
        _add_traditional(by_lang)
    return CueLexicon({name: {lang: tuple(words) for lang, words in by_lang.items()}
                       for name, by_lang in lists.items()})



def _add_traditional(by_lang: dict[str, list[str]]) -> None:
    """The traditional forms of a kind's Chinese words (離職 for 离职, 創辦 for 创办), so that news from Taiwan or
    Hong Kong reads like news from the mainland: the same cue, written the other way. Derived with OpenCC rather
    than written in the file, so a user's added words get them too."""
    simplified = by_lang.get("zh", [])
    forms = [form for word in simplified for form in _traditional_forms(word) if form not in simplified]
    if forms:
        _add(by_lang.setdefault(TRADITIONAL, []), forms)


def _traditional_forms(word: str) -> list[str]:
    """OpenCC's conversions of ``word`` (standard, Taiwan and Hong Kong), and its characters converted one by one:
    a phrase conversion may pick a rarer character (回归 → 迴歸 where Taiwan writes 回歸)."""
    if not has_han(word):
        return []
    converters = _converters()
    found = [c.convert(word) for c in converters]
    found.append("".join(converters[0].convert(ch) for ch in word))
    return list(dict.fromkeys(f for f in found if f != word))


@lru_cache(maxsize=1)
def _converters() -> tuple[Any, ...]:  # opencc ships no type hints
    import opencc  # lazily: its dictionaries take a moment to load

    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


def _merge(lists: dict[str, dict[str, list[str]]], parsed: dict[str, dict[str, list[str]]],
           known: frozenset[str] | None, source: str) -> None:
    for name, by_lang in parsed.items():
        if known is not None and name not in known:
            raise ConfigError(f"cue lexicon {source}: unknown kind [{name}] (known: {', '.join(sorted(known))})")
        for lang, words in by_lang.items():
            _add(lists.setdefault(name, {}).setdefault(lang, []), words)
            if "." in name:  # a subset's words are members of its kind
                _add(lists.setdefault(name.split(".")[0], {}).setdefault(lang, []), words)


def _add(into: list[str], words: Iterable[str]) -> None:
    into.extend(w for w in words if w not in into)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cue lexicon {path}: {exc.strerror or exc}") from exc


def _parse(text: str, source: str) -> dict[str, dict[str, list[str]]]:
    """``[kind]`` and ``[kind.subset]`` tables of language → list of words; anything else is a :class:`ConfigError`
    naming the file and the table."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cue lexicon {source}: {exc}") from exc
    parsed: dict[str, dict[str, list[str]]] = {}
    for kind, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"cue lexicon {source}: '{kind}' must be a table ([{kind}]) of language = [words]")
        for key, value in table.items():
            if isinstance(value, dict):
                parsed[f"{kind}.{key}"] = _languages(value, f"{source}, [{kind}.{key}]")
            else:
                parsed.setdefault(kind, {}).update(_languages({key: value}, f"{source}, [{kind}]"))
        parsed.setdefault(kind, {})
    return parsed


def _languages(table: Mapping[str, Any], where: str) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {}
    for lang, words in table.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"cue lexicon {where}: '{lang}' must be a list of words (strings)")
        by_lang[lang] = [w.strip() for w in words if w.strip()]
    return by_lang
