"""Person-name normalisation and comparison keys (pure functions, no I/O).

Entity resolution compares names written in several scripts and orders: ``曾晓明``, ``曾曉明``, ``Xiaoming Zeng``,
``ZENG Xiaoming``, ``Prof. Zeng``. This module turns a name into

- :func:`clean_name`: the display form (titles stripped, traditional → simplified, one kind of middle dot);
- :func:`name_tokens`: lower-case tokens; a Han name becomes pinyin ``(surname, given)``;
- :func:`name_keys`: order-insensitive keys, so every form above shares one key;
- :func:`script_key`: the exact written form (cleaned, simplified, casefolded).

Why two kinds of keys: pinyin deliberately forgets tones and characters, so ``李明`` and ``李鸣`` share
:func:`name_keys` (both ``gang wang``) although they are different names. A shared name key is therefore only a
*candidate*; the resolver asks :func:`script_key` whether the written forms agree too, and needs other evidence
(an alias given in the text, a shared organisation) before it merges a pinyin-only match. Two Han names are
the same exact name only when their script keys are equal.

Transliterated foreign names (``安娜·米勒`` for Anna Miller) are not pinyin-matched: the pinyin ``an na mi lei``
does not spell the Latin name, so their tokens are the Chinese parts themselves and only an alias the text states
(``安娜·米勒（Anna Miller）``, see :func:`split_alias_forms`) can join them to the Latin form.

Known limits: Wade–Giles and Cantonese romanisations (``Hsiao``, ``Cheung``) do not match pinyin; heteronym given
names take pypinyin's phrase reading.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from extract.lexicon.cues import CueLexicon, alternation, default_cues
from extract.lexicon.script import HAN_RANGES, MIDDLE_DOT, MIDDLE_DOTS, han_count, has_han, to_simplified

__all__ = [
    "COMMON_SURNAMES",
    "COMPOUND_SURNAMES",
    "RARE_SURNAMES",
    "clean_name",
    "consonant_skeleton",
    "display_score",
    "given_key",
    "is_cjk",
    "is_surname_only",
    "looks_like_a_name",
    "name_keys",
    "name_tokens",
    "script_key",
    "sound_key",
    "split_alias_forms",
    "surname_key",
]

# ---------------------------------------------------------------- character classes

_HAN = f"[{HAN_RANGES}]"
_HAN_RE = re.compile(_HAN)
_DOTS = MIDDLE_DOTS + ".．"  # plus the full stops some sites put between the parts of a transliterated name
_DOT_BETWEEN_HAN = re.compile(rf"(?<={_HAN})\s*[{re.escape(_DOTS)}]\s*(?={_HAN})")
_SPACE_BETWEEN_HAN = re.compile(rf"(?<={_HAN})\s+(?={_HAN})")
_EDGE_PUNCT = " \t\r\n*_\"'`“”‘’「」『』《》〈〉()（）[]【】{},，、;；:：。!！?？"

# ---------------------------------------------------------------- titles and honorifics

# Postnominal letters after a Latin name ("Jane Roe, PhD").
_EN_SUFFIX = re.compile(r"(?:,?\s+|,\s*)(?:ph\.?\s?d\.?|md|m\.d\.|esq\.?)$", re.IGNORECASE)


@lru_cache(maxsize=4)
def _titles(cues: CueLexicon) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The titles and honorifics of the cue lexicon (``[name_title]``): a pattern for the Latin ones before a name
    (with a modifier: "Associate Professor", and a full stop: "Dr."), and the Han ones, longest first so 副教授 goes
    before 教授 (only stripped at either end of a name)."""
    words = cues.words("name_title")
    latin = alternation(w for w in words if not has_han(w))
    prefix = re.compile(rf"^(?:{cues.alternation('name_title_modifier')}\s+)?{latin}\.?\s*")
    return prefix, tuple(sorted((w for w in words if has_han(w)), key=len, reverse=True))


# ---------------------------------------------------------------- surnames


def _load_surnames() -> tuple[dict[str, str], dict[str, tuple[str, ...]], frozenset[str], frozenset[str]]:
    """``data/surnames.toml`` (documented in its header): compound surnames with their pinyin, surname readings that
    differ from pypinyin's, the common single-character surnames and the rarer ones."""
    text = resources.files("extract.lexicon").joinpath("data/surnames.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    readings = {surname: tuple(read) for surname, read in data["readings"].items()}
    return dict(data["compound"]), readings, frozenset(data["common"]["zh"]), frozenset(data["rare"]["zh"])


_COMPOUND_SURNAMES, _SURNAME_READINGS, COMMON_SURNAMES, RARE_SURNAMES = _load_surnames()
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES)
# Romanisations of ü in Latin text (Lyu, Lv, Nyu) fold to the same key as the pinyin of 吕/女.
_LATIN_FOLD = {"lyu": "lu", "lv": "lu", "nyu": "nu", "nv": "nu"}


# ---------------------------------------------------------------- cleaning


def is_cjk(name: str) -> bool:
    """True when most letters of ``name`` are Han characters (so pinyin applies)."""
    letters = [ch for ch in unicodedata.normalize("NFKC", name) if ch.isalpha()]
    return bool(letters) and han_count("".join(letters)) * 2 > len(letters)


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


# An all-capitals word of two to five letters before a full Latin name (two or more capitalised words) is a title
# or an acronym written with it, not a given name: "CEO Sam Altman", "SVP Jane Roe", a typo of one ("ECO Jane Roe").
# Initials ("JJ Abrams": two letters, one word after) are kept.
_ACRONYM_PREFIX = re.compile(r"^[A-Z]{2,5}\s+(?=[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][A-Za-zà-ÿ'’-]+)+$)")


def _strip_titles(name: str) -> str:
    en_prefix, zh_titles = _titles(default_cues())
    changed = True
    while changed:
        changed = False
        stripped = _EN_SUFFIX.sub("", _ACRONYM_PREFIX.sub("", en_prefix.sub("", name))).strip(_EDGE_PUNCT)
        for title in zh_titles:
            if stripped.startswith(title) and _has_letter(stripped[len(title) :]):
                stripped = stripped[len(title) :].strip(_EDGE_PUNCT)
            if stripped.endswith(title) and _has_letter(stripped[: -len(title)]):
                stripped = stripped[: -len(title)].strip(_EDGE_PUNCT)
        if stripped and stripped != name:
            name, changed = stripped, True
    return name


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """Display form: NFKC, simplified Chinese, titles stripped, one middle dot, single spaces; case kept."""
    text = unicodedata.normalize("NFKC", name or "").strip().strip(_EDGE_PUNCT)
    if has_han(text):
        text = to_simplified(text)
        text = _DOT_BETWEEN_HAN.sub(MIDDLE_DOT, text)
        text = _SPACE_BETWEEN_HAN.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _strip_titles(text)


_SENTENCE_PUNCT = re.compile(r"[，。、；：！？!?;“”「」]")
MAX_HAN_NAME = 5  # Han names are 2–4 characters (5 with a compound surname); longer ones carry a middle dot
MAX_NAME_WORDS = 6


def looks_like_a_name(name: str) -> bool:
    """False for what a small model sometimes gives as a person's name: a clause or a headline
    (``张三、李四以及王五尚未置评``, ``多名 AI 员工相继离职``). Shape only, no list of names: more than five Han
    characters without a middle dot, sentence punctuation, or more than six words."""
    clean = clean_name(name)
    if not clean or _SENTENCE_PUNCT.search(clean):
        return False
    if not _is_transliterated(clean) and han_count(clean) > MAX_HAN_NAME:
        return False
    return len(clean.split()) <= MAX_NAME_WORDS


def split_alias_forms(text: str) -> tuple[str, ...]:
    """``曾晓明（Xiaoming Zeng）`` → ``("曾晓明", "Xiaoming Zeng")``: the text itself states both forms of one name."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    match = re.fullmatch(r"(.+?)\s*\(\s*([^()]+?)\s*\)", text)
    parts = [match.group(1), match.group(2)] if match else re.split(r"\s+/\s+|\s*[/／]\s*(?=\S)", text)
    return tuple(p for p in (clean_name(part) for part in parts) if p)


# ---------------------------------------------------------------- tokens


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _latin_tokens(name: str) -> tuple[str, ...]:
    text = _strip_accents(name).casefold()
    text = re.sub(r"['’`.]", "", text)  # O'Brien → obrien, J.R. → jr
    words = [w.replace("-", "").replace("‐", "") for w in re.split(r"[\s,;/]+", text)]
    return tuple(_LATIN_FOLD.get(w, w) for w in words if w)


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text, v_to_u=True)).replace("ü", "u")


def _split_han(han: str) -> tuple[str, str]:
    """Surname and given name of a Han name (compound surnames kept whole)."""
    if han[:2] in _COMPOUND_SURNAMES:
        return han[:2], han[2:]
    return han[:1], han[1:]


def _surname_readings(surname: str) -> tuple[str, ...]:
    if surname in _COMPOUND_SURNAMES:
        return (_COMPOUND_SURNAMES[surname],)
    return _SURNAME_READINGS.get(surname) or (_pinyin(surname),)


def _is_transliterated(clean: str) -> bool:
    return MIDDLE_DOT in clean and has_han(clean)


@lru_cache(maxsize=65536)
def sound_key(name: str) -> tuple[str, int] | None:
    """How a name sounds, for comparing a Chinese transliteration with a romanised name: ``安娜·米勒`` →
    ``("annamilei", 2)``, ``Anna Miller`` → ``("annamiller", 2)`` (letters, and the number of parts). None for a
    Han name that is not a transliteration (its pinyin is compared exactly by the pinyin rule instead)."""
    clean = clean_name(name)
    if not clean:
        return None
    if _is_transliterated(clean):
        parts = [p for p in clean.split("·") if p.strip()]
        return "".join(_pinyin(p) for p in parts), len(parts)
    if is_cjk(clean) or has_han(clean):
        return None
    tokens = _latin_tokens(clean)
    return "".join(tokens), len(tokens)


# Consonant classes for comparing a transliteration's pinyin with a romanised name by their skeletons: Chinese
# renders a foreign name syllable by syllable, so vowels, h, w and y carry little; l stands for r; pinyin's c, j, q,
# x, z, zh, ch, sh and English s, z, j, sh are one hissing class. Written by hand: no package on the index compares
# pinyin with English spelling (phonetic libraries such as jellyfish's metaphone read one language's letters).
_PINYIN_DIGRAPHS = (("zh", "s"), ("ch", "s"), ("sh", "s"), ("ng", "n"))
_ENGLISH_DIGRAPHS = (("ck", "k"), ("ph", "f"), ("th", "t"), ("sh", "s"), ("ch", "s"), ("gh", "g"), ("x", "ks"),
                     ("w", ""), ("y", ""))
_CLASS = {"b": "B", "p": "B", "f": "F", "v": "F", "d": "T", "t": "T", "g": "K", "k": "K", "l": "L", "r": "L",
          "m": "M", "n": "N", "s": "S", "z": "S", "j": "S"}
_PINYIN_CLASS = {**_CLASS, "c": "S", "q": "S", "x": "S"}
_ENGLISH_CLASS = {**_CLASS, "c": "K", "q": "K"}


@lru_cache(maxsize=65536)
def consonant_skeleton(name: str) -> str | None:
    """The consonant classes of a name, for a transliteration (``马克·扎克伯格`` → ``MKSKBK``) or a romanised name
    (``Mark Zuckerberg`` → ``MKSKBK``: an English r before a consonant or at a word's end is silent, as Chinese
    renders it). None for a Han name that is not a transliteration, or an empty result."""
    clean = clean_name(name)
    if not clean:
        return None
    if _is_transliterated(clean):
        letters, digraphs, classes = _pinyin("".join(clean.split("·"))), _PINYIN_DIGRAPHS, _PINYIN_CLASS
    elif is_cjk(clean) or has_han(clean):
        return None
    else:
        words = [re.sub(r"r(?=[^aeiouy]|$)", "", w) for w in _latin_tokens(clean)]
        letters, digraphs, classes = "".join(words), _ENGLISH_DIGRAPHS, _ENGLISH_CLASS
    for pair, one in digraphs:
        letters = letters.replace(pair, one)
    skeleton = "".join(classes.get(ch, "") for ch in letters)
    collapsed = "".join(ch for i, ch in enumerate(skeleton) if i == 0 or ch != skeleton[i - 1])
    return collapsed or None


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case tokens: pinyin ``(surname, given)`` for Han names, Chinese parts for ``安娜·米勒``, words otherwise.

    Hyphens inside a Latin word are dropped (``Xiao-hua`` → ``xiaohua``) so romanised given names meet the joined
    pinyin of the Han form.
    """
    clean = clean_name(name)
    if not clean:
        return ()
    if _is_transliterated(clean):
        return tuple(part.casefold() for part in clean.split("·") if part.strip())
    if is_cjk(clean):
        han = "".join(_HAN_RE.findall(clean))
        surname, given = _split_han(han)
        head = _surname_readings(surname)[0]
        return (head, _pinyin(given)) if given else (head,)
    return _latin_tokens(clean)


def _key(tokens: tuple[str, ...]) -> str:
    return " ".join(sorted(tokens))


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Order-insensitive comparison keys (sorted tokens joined by a space).

    ``曾晓明``, ``Xiaoming Zeng``, ``ZENG Xiaoming`` and ``Prof. Xiaoming Zeng`` share ``"xiaoming zeng"``. Extra keys:
    every other surname reading of a Han name, and for Latin names of three or more words each form with two
    neighbouring words joined (``Xiao Ming Zeng`` also gives ``"xiaoming zeng"``). Keys collide for homophones
    (李明/李鸣): see :func:`script_key`.
    """
    tokens = name_tokens(name)
    if not tokens:
        return frozenset()
    keys = {_key(tokens)}
    clean = clean_name(name)
    if is_cjk(clean) and not _is_transliterated(clean):
        surname, _given = _split_han("".join(_HAN_RE.findall(clean)))
        keys.update(_key((reading, *tokens[1:])) for reading in _surname_readings(surname))
    elif not _is_transliterated(clean) and len(tokens) >= 3:
        for i in range(len(tokens) - 1):
            keys.add(_key((*tokens[:i], tokens[i] + tokens[i + 1], *tokens[i + 2 :])))
    return frozenset(keys)


def script_key(name: str) -> str:
    """The exact written form: cleaned, simplified, casefolded, without spaces or dots inside Han names.

    Equal script keys mean the same characters; equal :func:`name_keys` with different script keys mean a
    pinyin-only (homophone) match, which is weaker evidence.
    """
    clean = clean_name(name)
    if has_han(clean) and is_cjk(clean.replace(MIDDLE_DOT, "")):
        return re.sub(r"[\s·]", "", clean).casefold()
    return clean.casefold()


# ---------------------------------------------------------------- surnames


def surname_key(name: str) -> str | None:
    """Family-name key for blocking and for surname-only references (``Roe`` ↔ ``Jane Roe``).

    Latin: the last word, or the first when it alone is in capitals (``ZENG Xiaoming``); Han: the surname's pinyin;
    transliterated: the part after the last middle dot.
    """
    clean = clean_name(name)
    tokens = name_tokens(clean)
    if not tokens:
        return None
    if _is_transliterated(clean) or is_cjk(clean):
        return tokens[-1] if _is_transliterated(clean) else tokens[0]
    words = clean.split()
    if len(words) >= 2 and len(words[0]) >= 2 and words[0].isupper() and not all(w.isupper() for w in words):
        return tokens[0]
    return tokens[-1]


def given_key(name: str) -> str | None:
    """The given name of a romanised full name (``Jane Roe`` → ``jane``; ``ZENG Xiaoming`` → ``xiaoming``),
    for first-name references in one document. None for Han and transliterated names (a bare ``安娜`` reads as
    a full Han name) and for single words."""
    clean = clean_name(name)
    if not clean or is_cjk(clean) or _is_transliterated(clean):
        return None
    tokens = name_tokens(clean)
    if len(tokens) < 2:
        return None
    return tokens[-1] if surname_key(clean) == tokens[0] else tokens[0]


def is_surname_only(name: str) -> bool:
    """A lone family name: one Latin word, one Han character, or a bare compound surname (``欧阳``)."""
    clean = clean_name(name)
    if not clean or _is_transliterated(clean):
        return False
    if is_cjk(clean):
        han = "".join(_HAN_RE.findall(clean))
        return len(han) == 1 or han in _COMPOUND_SURNAMES
    return len(name_tokens(clean)) == 1


# ---------------------------------------------------------------- display


def _script_rank(clean: str) -> int:
    if _is_transliterated(clean):
        return 0  # a transliteration is never the original spelling
    return 1 if is_cjk(clean) else 2


def display_score(name: str) -> tuple:
    """Sort key for the most complete display name of a cluster (``max(names, key=display_score)``).

    Order: a full name over a lone surname; Latin over Han over a transliteration (the Latin form is the original
    for foreigners and readable everywhere; the other scripts stay in ``aliases``); more tokens; a name already
    written without titles; no all-capital words; longer; then the text itself, so ties are deterministic.
    """
    clean = clean_name(name)
    tokens = name_tokens(clean)
    full = bool(tokens) and not is_surname_only(clean)
    given_as_clean = (name or "").strip() == clean
    no_caps = not any(len(w) >= 2 and w.isupper() for w in clean.split())
    return (full, _script_rank(clean), len(tokens), given_as_clean, no_caps, len(clean), clean)

