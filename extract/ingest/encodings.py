"""Guess the code page of bytes that are neither UTF-8 nor marked by a byte-order mark, refusing a weak guess.

charset-normalizer guesses (GB18030, Big5, UTF-16 without a BOM, legacy code pages), but a guess needs evidence,
and a short file has little: ``'李明加入谷歌。'`` in GBK is 14 bytes that cp949 reads as Hangul just as cleanly, and
charset-normalizer ranks such ties arbitrarily. So the guess is checked:

* an encoding the file declares (``<meta charset>``, an XML declaration) and that fits the bytes is used as is;
* this project reads Chinese, so a GB18030 or Big5 reading that is plausible Chinese text (every character one
  Chinese text uses, nearly all Han characters among the 3,755 most frequent) is preferred to a guess that does
  not read as the language of its own code page (see :func:`_chinese_reading`);
* otherwise, when no language was recognised and another code page reads the bytes just as cleanly into a
  different text, the file is refused with one line saying so, instead of picking one of them at random.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes

# charset-normalizer's own helpers and tables: the declared-encoding finder from_bytes uses (so "the guess is the
# declared encoding" means exactly "it found a declaration and the bytes fit it"), which languages a code page is
# for, and each language's most frequent letters.
from charset_normalizer.cd import mb_encoding_languages
from charset_normalizer.constant import FREQUENCIES
from charset_normalizer.utils import any_specified_encoding, is_multi_byte_encoding

from extract.errors import InputError

__all__ = ["guess_encoding"]

# charset-normalizer reports the narrowest GB code page that fits the sample; GB18030 is a strict superset, so
# decoding with it cannot fail on a rare character further into the file.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}

# Chinese readings weighed against every guess, in order of preference when equally plausible (GBK is far more
# common than Big5): GB18030 (a superset of GB2312 and GBK), Big5, and Microsoft's Big5 (cp950, a few more
# characters) where plain Big5 fails.
_CHINESE_CODECS = ("gb18030", "big5", "cp950")
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
# Share of a reading's non-ASCII characters that must be common ones (see _chinese_share). Real Chinese text is
# around 0.99; the same bytes read in the other Chinese code page land mostly on rare characters.
_MIN_COMMON_SHARE = 0.8
# A guess reads as its own language when this share of its non-ASCII letters are among that language's most
# frequent (charset-normalizer's tables: 26 Hangul syllables for Korean). Measured: Korean prose 0.40, GBK
# Chinese read as Korean 0.0004; short pieces hit a frequent letter by chance, hence not lower.
_MIN_OWN_LANGUAGE_SHARE = 0.25
# How many non-ASCII characters a plausibility check reads: the verdict is settled long before, and it stays cheap.
_PLAUSIBILITY_SAMPLE = 20_000
# Two guesses this close in chaos are a tie: the detector has no evidence to prefer one.
_TIE = 0.005
# Punctuation a Chinese text uses all the time: general punctuation (curly quotes, dashes), CJK punctuation,
# full-width forms in every variant, middle dot, no-break space.
_CHINESE_PUNCT = re.compile("[\u00a0\u00b7\u2000-\u206f\u3000-\u303f\uff01-\uff5e\uffe0-\uffe6]")
# Kana sit in GB2312 too, but in a Chinese reading they mean the bytes were Japanese (EUC-JP shares the layout).
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def guess_encoding(data: bytes, path: Path | str) -> tuple[str, str]:
    """(text, encoding) of bytes that are not UTF-8 and carry no byte-order mark, or :class:`InputError`."""
    matches = from_bytes(data)
    best = matches.best()
    if b"\x00" in data:
        if best is None or not _codec_name(best).startswith(("utf-16", "utf-32")):
            raise InputError(path, "binary file")
        return _from_match(data, best)  # UTF-16/32 without a byte-order mark: NULs rule out every other reading
    if best is not None and best.encoding == any_specified_encoding(data):
        return _from_match(data, best)  # the file names its encoding and the bytes fit it
    # Also asked when charset-normalizer found nothing: its mess measure gives up on some long GBK texts.
    chinese = _chinese_reading(data, best)
    if chinese is not None:
        return chinese
    if best is None:
        raise InputError(path, "undecodable bytes (not UTF-8, and no known encoding fits)")
    rivals = _rivals(matches, best)
    if rivals:
        raise InputError(path, _too_little_text(best, rivals))
    return _from_match(data, best)


def _too_little_text(best: CharsetMatch, rivals: list[CharsetMatch]) -> str:
    names = ", ".join(_codec_name(m) for m in (best, *rivals[:2]))
    more = " and others" if len(rivals) > 2 else ""
    return f"undecodable bytes (too little text to tell its encoding: {names}{more} read it alike; save it as UTF-8)"


def _codec_name(match: CharsetMatch) -> str:
    return match.encoding.replace("_", "-").lower()


def _from_match(data: bytes, match: CharsetMatch) -> tuple[str, str]:
    encoding = _codec_name(match)
    if encoding in _GB_FAMILY:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:  # pragma: no cover - gb18030 decodes everything gbk does
            pass
    return str(match), encoding


def _chinese_reading(data: bytes, best: CharsetMatch | None) -> tuple[str, str] | None:
    """The GB18030 or Big5 reading to use instead of charset-normalizer's guess, or None to keep the guess.

    A reading qualifies when it is plausible Chinese (:func:`_chinese_share`). It replaces a non-Chinese guess only
    when that guess does not read as its own language (:func:`_reads_as_own_language`): on a short text the
    detector's cleanliness score is no evidence (GBK "刚刚，谷歌" scored cleaner as half-width katakana), but a
    Korean guess made of common Hangul is. Between Chinese readings the more plausible wins, then GB18030.
    """
    options: list[tuple[float, int, str, str]] = []
    for codec in _CHINESE_CODECS:
        if codec == "cp950" and any(option[2] == "big5" for option in options):
            continue  # cp950 only matters where plain Big5 fails
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _chinese_share(text, traditional=codec != "gb18030")
        if share is not None and share >= _MIN_COMMON_SHARE:
            options.append((share, -_CHINESE_CODECS.index(codec), codec, text))
    if not options:
        return None
    if best is not None and _family(best.encoding) not in ("gb", "big5") and _reads_as_own_language(best):
        return None
    *_, codec, text = max(options)
    if best is not None and _family(codec) == _family(best.encoding):
        return _from_match(data, best)  # the guess was right: keep its exact code page name, as before
    return text, codec


def _family(encoding: str) -> str:
    name = encoding.replace("_", "-").lower()
    if name in _GB_FAMILY:
        return "gb"
    if name in _BIG5_FAMILY:
        return "big5"
    return name


@cache
def _frequent_letters(encoding: str) -> frozenset[str]:
    """The most frequent letters of the languages a multi-byte code page is for (Korean, Japanese).

    Empty for single-byte code pages: a small alphabet's frequent letters (Thai, Cyrillic) turn up in any
    random reading, so they are no evidence; a few dozen Hangul syllables out of 2,350 are.
    """
    if not is_multi_byte_encoding(encoding):
        return frozenset()
    return frozenset(char for language in mb_encoding_languages(encoding) for char in FREQUENCIES.get(language, ()))


def _reads_as_own_language(match: CharsetMatch) -> bool:
    """Whether the guess's text is made of its language's common letters (real Korean), not rare ones (mojibake)."""
    frequent = _frequent_letters(match.encoding)
    if not frequent:
        return False
    letters = [char for char in str(match)[: _PLAUSIBILITY_SAMPLE * 4] if char >= "\x80" and char.isalpha()]
    return bool(letters) and sum(char in frequent for char in letters) / len(letters) >= _MIN_OWN_LANGUAGE_SHARE


@cache
def _gb2312() -> tuple[frozenset[str], frozenset[str]]:
    """Every character of GB2312, and its level 1: the 3,755 most frequent Han characters, by the standard's design.

    Taken from the codec itself rather than a frequency list: GB2312 was built on a frequency count, rows 16-55
    are the frequent characters in pinyin order and rows 56-87 the rest.
    """
    every: set[str] = set()
    common: set[str] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                char = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            every.add(char)
            if 0xB0 <= lead <= 0xD7:
                common.add(char)
    return frozenset(every), frozenset(common)


@cache
def _t2s() -> Any:  # opencc ships no type hints
    import opencc  # lazily: only legacy-encoded files reach here

    return opencc.OpenCC("t2s")


@cache
def _simplify(char: str) -> str:
    return _t2s().convert(char)


def _chinese_share(text: str, *, traditional: bool) -> float | None:
    """How much a reading looks like Chinese text: the share of its non-ASCII characters that are common ones.

    Common: a Han character among the 3,755 most frequent (for a Big5 reading, by its simplified form, so a Big5
    text scores like its GB2312 twin), punctuation, full-width forms and accented Latin letters (names, pinyin).
    Uncommon: rarer Han characters, one wedged between two ASCII letters (a Western "récents" read as GBK gives
    "r閏ents"), and GB2312's other symbols (§, ※, Greek…). None when the reading holds a character Chinese text
    does not use at all (Hangul, kana, private use, radicals, small or half-width forms…): the mark of a wrong code
    page. Hand-written because no library rates how Chinese a short string is: charset-normalizer's language
    coherence stays at zero below a few hundred characters.
    """
    every, common = _gb2312()
    total = hits = 0
    for i, char in enumerate(text):
        if char < "\x80":
            continue
        total += 1
        if total > _PLAUSIBILITY_SAMPLE:
            break
        if _HAN.match(char):
            frequent = char in common or (traditional and _simplify(char) in common)
            hits += frequent and not _between_ascii_letters(text, i)
        elif _KANA.match(char) or not (char in every or _CHINESE_PUNCT.match(char)):
            return None
        else:
            hits += bool(_CHINESE_PUNCT.match(char)) or (char.isalpha() and char < "\u0250")
    return hits / total if total else None


def _between_ascii_letters(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and _is_ascii_letter(text[i - 1]) and _is_ascii_letter(text[i + 1])


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _rivals(matches: CharsetMatches, best: CharsetMatch) -> list[CharsetMatch]:
    """Other code pages that read the bytes into a different text just as cleanly, when no language decides.

    charset-normalizer merges code pages that give the same text into one match, so every other match is a
    different text; once it recognises a language (coherence above zero) it has evidence and the guess stands.
    """
    if best.coherence > 0:
        return []
    return [m for m in matches if m is not best and m.chaos <= best.chaos + _TIE and str(m) != str(best)]
