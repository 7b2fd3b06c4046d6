"""Organisation canonicalisation: an extendable alias table plus careful prefix and fuzzy matching.

Articles write one employer many ways (``谷歌``, ``Google LLC``, ``谷歌DeepMind东京团队``, ``阿里巴巴集团``).
:class:`OrgTable` maps each raw string to one canonical name and says how it decided (``method``), so the resolver
can weigh an exact alias above a fuzzy guess and every record keeps the raw string too.

The table is data, not code: ``extract/lexicon/data/orgs.toml`` (documented in its header) plus any user files given to
:meth:`OrgTable.load` (``--orgs`` / ``EXTRACT_ORGS``). Matching, in order:

1. ``alias``: the normalised string equals a normalised name or alias. Normalising folds case, width, accents,
   traditional/simplified, spaces, punctuation and legal suffixes (Inc., LLC, 公司, 集团 …), so ``阿里巴巴集团`` and
   ``阿里巴巴`` are one key.
2. ``contains``: a known alias starts the string at a word boundary (``Meta 巴黎办公室`` → Meta,
   ``北京大学计算机学院`` → Peking University), or a long, specific alias occurs inside it
   (``美国斯坦福大学``). When the start names a parent and a later alias names one of its units
   (``阿里巴巴达摩院``), the unit wins. Short aliases (``X``, ``字节``, ``阿里``) never match inside a word:
   ``Xiaomi`` is not X, ``Metaverse`` is not Meta.
3. ``fuzzy``: for Latin-script strings only, rapidfuzz ``ratio`` ≥ 92 against aliases of 8+ characters catches
   typos (``U Sherbooke``). Order-sensitive on purpose: ``Washington University`` is not ``University of Washington``.
4. ``none``: unknown; the canonical name is the cleaned raw string.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from extract.errors import ConfigError
from extract.lexicon.script import han_count, has_han, is_han, to_simplified

__all__ = ["COMPANY_SUFFIXES", "OrgEntry", "OrgMatch", "OrgTable", "name_goes_on", "normalise_org", "normalize_org"]

Method = Literal["alias", "fuzzy", "contains", "none"]

_FUZZY_CUTOFF = 92.0
_FUZZY_MIN_LEN = 8
# Han aliases this short (字节, 阿里) are common words or word parts; they match a prefix only before these words.
_SHORT_HAN = 2
# Han aliases this short (中科大, 北航大) are abbreviations; glued to a Han word before them they are part of another.
_GLUE_HAN = 3
_UNIT_WORDS = (
    "公司", "集团", "旗下", "总部", "中国", "全球", "国际", "研究院", "研究所", "研究中心", "实验室", "团队", "部门",
    "事业", "人工智能", "智能", "大模型", "云", "自动驾驶", "北京", "上海", "深圳", "杭州", "广州", "美国", "硅谷",
)
# Legal and group suffixes dropped from the comparison key (repeatedly: "Co., Ltd." loses both).
COMPANY_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "控股", "科技", "技术",
    "incorporated", "inc", "llc", "ltd", "limited", "corporation", "corp", "co", "company", "plc", "gmbh", "ag",
    "sa", "group", "holdings", "holding",
)
_LATIN_WORD = re.compile(r"[a-z0-9]")


@lru_cache(maxsize=8192)
def _soft(text: str) -> str:
    """Lower-case, simplified, accent-free text with punctuation turned into single spaces (word boundaries kept)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = to_simplified(text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    text = re.sub(r"['’`]", "", text)  # Noah's → noahs
    text = re.sub(r"[^\w]+|_", " ", text)
    # No space between two Han characters, nor between Han and Latin: Chinese writes 谷歌 DeepMind and 谷歌DeepMind.
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def normalise_org(text: str) -> str:
    """The comparison key of an organisation name: :func:`_soft` without spaces and without legal suffixes."""
    soft = _soft(text)
    words = soft.split()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    changed = True
    while changed and words:
        changed = False
        last = words[-1]
        for suffix in COMPANY_SUFFIXES:
            if last == suffix and len(words) > 1:
                words.pop()
                changed = True
                break
            if is_han(suffix[:1]) and last.endswith(suffix) and len(last) > len(suffix):
                words[-1] = last[: -len(suffix)]
                changed = True
                break
    return "".join(words) or soft.replace(" ", "")


# The old spelling, for extract/review/evaluate.py and extract/consolidate/records.py until they import
# normalise_org (they have other owners).
normalize_org = normalise_org


def _clean_raw(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").strip().strip("*_\"'“”‘’「」《》,，、;；:：。")
    text = to_simplified(text)
    return " ".join(text.split())


def _is_latin(ch: str) -> bool:
    return bool(_LATIN_WORD.match(ch))


@dataclass(frozen=True)
class OrgEntry:
    """One organisation of the table."""

    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class OrgMatch:
    """The canonical name for a raw organisation string, and how it was found (weaker methods need more evidence)."""

    canonical: str
    raw: str
    method: Method
    parent: str | None = None


@dataclass(frozen=True)
class _Alias:
    soft: str
    canonical: str

    @property
    def short(self) -> bool:
        letters = self.soft.replace(" ", "")
        return len(letters) <= _SHORT_HAN if is_han(letters[:1]) else len(letters) <= 3

    @property
    def specific(self) -> bool:
        """Long enough to be trusted inside a longer string: 2+ Latin words or 3+ Han characters."""
        return " " in self.soft if not has_han(self.soft) else han_count(self.soft) >= 3


@dataclass
class OrgTable:
    """Alias table: canonical name → entry, plus the indexes matching uses. Build with :meth:`load`."""

    entries: dict[str, OrgEntry] = field(default_factory=dict)
    # Normalised names of models and products (``products = [...]`` in a table file): never an employer.
    products: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._index()

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, extra_paths: Sequence[Path | str] = ()) -> OrgTable:
        """The packaged table, then ``extra_paths`` (``--orgs`` / ``EXTRACT_ORGS``, read by
        :class:`~extract.config.Settings`); later files win."""
        packaged = resources.files("extract.lexicon").joinpath("data/orgs.toml").read_text(encoding="utf-8")
        table = cls()
        sources = [(packaged, "extract/lexicon/data/orgs.toml"), *((_read(Path(p)), str(p)) for p in extra_paths)]
        for text, source in sources:
            data = _load_toml(text, source)
            table._merge(_parse(data, source))
            table.products = table.products | _products(data, source)
        table._index()
        return table

    def with_aliases(self, pairs: Iterable[tuple[str, str]]) -> OrgTable:
        """A copy in which each (raw form, canonical name) pair holds: a reviewer's correction of an organisation's
        name (issue 21). An unknown canonical name becomes an entry of its own."""
        table = type(self)(entries=dict(self.entries), products=self.products)
        table._merge([OrgEntry(canonical, (raw,)) for raw, canonical in pairs])
        table._index()
        return table

    @classmethod
    def from_entries(cls, entries: Iterable[OrgEntry]) -> OrgTable:
        """A table from entries built in code (tests, programmatic use)."""
        table = cls()
        table._merge(list(entries))
        table._index()
        return table

    def _merge(self, entries: Iterable[OrgEntry | tuple[OrgEntry, bool]]) -> None:
        for item in entries:
            entry, replace = item if isinstance(item, tuple) else (item, False)
            old = self.entries.get(entry.name)
            if old is not None and not replace:
                aliases = tuple(dict.fromkeys((*old.aliases, *entry.aliases)))
                entry = OrgEntry(entry.name, aliases, entry.parent or old.parent, entry.kind or old.kind)
            self.entries.pop(entry.name, None)  # re-insert so a later file's aliases win in the index
            self.entries[entry.name] = entry

    def _index(self) -> None:
        self._by_key: dict[str, str] = {}
        aliases: dict[str, _Alias] = {}
        for entry in self.entries.values():
            for form in (entry.name, *entry.aliases):
                key = normalise_org(form)
                if key:
                    self._by_key[key] = entry.name
                    soft = _soft(form)
                    aliases[soft] = _Alias(soft, entry.name)
        ordered = sorted(aliases.values(), key=lambda a: (-len(a.soft), a.soft))  # longest first
        self._by_first: dict[str, list[_Alias]] = {}
        for alias in ordered:
            self._by_first.setdefault(alias.soft[0], []).append(alias)
        self._specific = [a for a in ordered if a.specific]
        self._aliases = ordered
        self._fuzzy = {a.soft: a.canonical for a in self._aliases
                       if len(a.soft) >= _FUZZY_MIN_LEN and not has_han(a.soft)}
        self._fuzzy_choices = list(self._fuzzy)
        self._cache: dict[str, OrgMatch] = {}

    # ------------------------------------------------------------ queries

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, canonical: str) -> OrgEntry | None:
        return self.entries.get(canonical)

    def ancestors(self, canonical: str) -> tuple[str, ...]:
        """Parent, grandparent, …: ``Google DeepMind`` → ``("Google", "Alphabet")``."""
        chain: list[str] = []
        entry = self.entries.get(canonical)
        while entry and entry.parent and entry.parent not in chain and entry.parent != canonical:
            chain.append(entry.parent)
            entry = self.entries.get(entry.parent)
        return tuple(chain)

    def canonical(self, raw: str) -> OrgMatch:
        """Canonical name of ``raw`` (see the module docstring for the order of methods)."""
        cached = self._cache.get(raw)
        if cached is None:
            cached = self._cache[raw] = self._match(raw)
        return cached

    def is_alias(self, raw: str) -> bool:
        """Is ``raw`` exactly a known name or alias (``canonical(raw).method == "alias"``) — without the prefix and
        fuzzy searches, which the resolver would otherwise run on every distinct person name."""
        key = normalise_org(raw)
        return bool(key) and key in self._by_key

    def is_product(self, raw: str) -> bool:
        """Is ``raw`` exactly a model or product name ("GPT-4o", "ChatGPT") and no organisation's name or alias? A
        longer string that contains one ("Gemini team") is not."""
        key = normalise_org(raw)
        return bool(key) and key in self.products and key not in self._by_key

    def is_company(self, raw: str) -> bool:
        """Is ``raw`` (any name of it) an organisation the table marks as a company? A company grants no degree."""
        entry = self.entry(self.canonical(raw).canonical)
        return entry is not None and entry.kind == "company"

    def same(self, a: str, b: str) -> bool:
        """Do two raw strings name the same organisation (same canonical, or the same key when unknown)?"""
        ma, mb = self.canonical(a), self.canonical(b)
        if not ma.canonical or not mb.canonical:
            return False
        return normalise_org(ma.canonical) == normalise_org(mb.canonical)

    def _found(self, canonical: str, raw: str, method: Method) -> OrgMatch:
        entry = self.entries.get(canonical)
        return OrgMatch(canonical, raw, method, entry.parent if entry else None)

    def _match(self, raw: str) -> OrgMatch:
        key = normalise_org(raw)
        if not key:
            return OrgMatch(_clean_raw(raw), raw, "none", None)
        if key in self._by_key:
            return self._found(self._by_key[key], raw, "alias")
        soft = re.sub(r"^\s*the\s+", "", _soft(raw))  # "the UW CSE" is read as "UW CSE"
        if (hit := self._contained(soft)) is not None:
            return self._found(hit, raw, "contains")
        if (hit := self._fuzzy_hit(soft)) is not None:
            return self._found(hit, raw, "fuzzy")
        return OrgMatch(_clean_raw(raw), raw, "none", None)

    def _contained(self, soft: str) -> str | None:
        prefix = next((a for a in self._by_first.get(soft[:1], ())  # longest first
                       if soft.startswith(a.soft) and _boundary_after(a, soft[len(a.soft) :])), None)
        inner = [(at, a) for a in self._specific if a is not prefix and (at := _find_word(soft, a.soft)) > 0
                 and not _glued_abbreviation(soft, at, a)]
        if prefix is not None:
            # A later alias naming a unit of the prefix's organisation is more specific: 阿里巴巴达摩院 → DAMO.
            units = [(at, a) for at, a in inner if prefix.canonical in self.ancestors(a.canonical)]
            return max(units, key=lambda t: (len(t[1].soft), -t[0]))[1].canonical if units else prefix.canonical
        if inner:
            return max(inner, key=lambda t: (len(t[1].soft), -t[0]))[1].canonical
        return None

    def _fuzzy_hit(self, soft: str) -> str | None:
        if has_han(soft) or len(soft) < _FUZZY_MIN_LEN or not self._fuzzy:
            return None
        best = process.extractOne(soft, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        return self._fuzzy[best[0]] if best else None


def _boundary_after(alias: _Alias, rest: str) -> bool:
    """May ``alias`` end here? Never inside a Latin word; a short Han alias only before a unit word."""
    if not rest:
        return True
    last, nxt = alias.soft[-1], rest[0]
    if nxt == " ":
        return True
    if _is_latin(last) and _is_latin(nxt):
        return False
    if is_han(last) and is_han(nxt) and alias.short:
        return rest.startswith(_UNIT_WORDS)
    return True


def _glued_abbreviation(soft: str, at: int, alias: _Alias) -> bool:
    """A three-character Han alias glued to the Han word before it is most likely part of another name's
    abbreviation, not this organisation: 中科大 inside 华中科大 (Huazhong, not USTC), inside 北京中科大洋 (a company).
    A place or group word before it still lets it match (美国…, 北京…); longer aliases (复旦大学) always match."""
    if not has_han(alias.soft) or han_count(alias.soft) > _GLUE_HAN or not is_han(soft[at - 1]):
        return False
    return not soft[:at].endswith(_UNIT_WORDS)


def _find_word(soft: str, alias: str) -> int:
    """Index of ``alias`` inside ``soft`` not touching Latin letters on either side, or -1."""
    start = soft.find(alias)
    while start >= 0:
        before = soft[start - 1] if start > 0 else " "
        after = soft[start + len(alias)] if start + len(alias) < len(soft) else " "
        touches_before = _is_latin(alias[0]) and _is_latin(before)
        if not touches_before and not (_is_latin(alias[-1]) and _is_latin(after)):
            return start
        start = soft.find(alias, start + 1)
    return -1


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"organisation table {path}: {exc.strerror or exc}") from exc


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"organisation table {source}: {exc}") from exc


def _products(data: Mapping[str, Any], source: str) -> frozenset[str]:
    """The ``products = [...]`` list, normalised like aliases; a malformed one is a :class:`ConfigError`."""
    names = data.get("products", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(f"organisation table {source}: 'products' must be a list of strings")
    return frozenset(key for name in names if (key := normalise_org(name)))


def _parse(data: Mapping[str, Any], source: str) -> list[tuple[OrgEntry, bool]]:
    """``[[org]]`` blocks → entries; a malformed file is a :class:`ConfigError` naming the file and block."""
    blocks = data.get("org", [])
    if not isinstance(blocks, list):
        raise ConfigError(f"organisation table {source}: 'org' must be an array of tables ([[org]])")
    return [_entry(block, source, number) for number, block in enumerate(blocks, start=1)]


def _entry(block: Mapping[str, Any], source: str, number: int) -> tuple[OrgEntry, bool]:
    where = f"organisation table {source}, [[org]] #{number}"
    name = block.get("name")
    aliases = block.get("aliases", [])
    parent, kind = block.get("parent"), block.get("kind")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: 'name' must be a non-empty string")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ConfigError(f"{where} ({name}): 'aliases' must be a list of strings")
    for label, value in (("parent", parent), ("kind", kind)):
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{where} ({name}): '{label}' must be a string")
    entry = OrgEntry(name.strip(), tuple(a.strip() for a in aliases if a.strip()), parent, kind)
    return entry, bool(block.get("replace", False))


# After an organisation's name, more of a longer name: Han characters ("Acme 上海研究院"), a capitalised Latin word
# ("Acme Copilot") or a possessive ("Acme's Gemini app")
_NAME_GOES_ON = re.compile(r"\s?(?:[\u4e00-\u9fff]|[A-Z][\w-]*|['’]s\b)")


def name_goes_on(text: str, end: int) -> bool:
    """Does a longer name go on after the organisation ending at ``end`` (a product, a unit, a fund named after it)?"""
    return _NAME_GOES_ON.match(text, end) is not None

