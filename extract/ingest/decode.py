"""Bytes → text: read a file within a size limit, refuse binaries, decode without ever producing mojibake.

Decoding order, cheapest and most certain first: a byte-order mark names the encoding outright; strict UTF-8 is
right for almost every modern file and cannot mis-decode; only then does charset-normalizer guess (GB18030, Big5,
UTF-16 without a BOM, legacy code pages). A guess that yields replacement or control characters is refused with
"undecodable bytes" rather than passed on as garbage, because every later offset would point into that garbage.

A guess needs evidence, and a short file has little: ``'李明加入谷歌。'`` in GBK is 14 bytes that cp949 reads as
Hangul just as cleanly, and charset-normalizer ranks such ties arbitrarily. So the guess is checked:

* an encoding the file declares (``<meta charset>``, an XML declaration) and that fits the bytes is used as is;
* this project reads Chinese, so a GB18030 or Big5 reading that is plausible Chinese text (every character one
  Chinese text uses, nearly all Han characters among the 3,755 most frequent) is preferred to a guess that does
  not read as the language of its own code page (see :func:`_chinese_reading`);
* otherwise, when no language was recognised and another code page reads the bytes just as cleanly into a
  different text, the file is refused with one line saying so, instead of picking one of them at random.
"""

from __future__ import annotations

import errno
import logging
import re
import stat
from dataclasses import dataclass
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

_log = logging.getLogger("extract.ingest")

__all__ = ["Decoded", "decode_bytes", "format_size", "read_limited", "sniff_binary"]

# Magic numbers of the binary formats people most often drop into a folder of articles. A data table rather than
# a dependency: python-magic needs libmagic, and these few prefixes are all a refusal message needs.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"PK\x07\x08", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)

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

# Control characters (C0 but whitespace, DEL, C1) and private-use code points: what a wrong code page produces.
# A regex, not unicodedata.category() per character, because a 5 MB file must stay fast.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")

# Above this share of control/unassigned characters a successful decode is still mojibake.
_MAX_BAD_SHARE = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # stray bytes replaced with U+FFFD (a UTF-8 file with a few bytes that are not)


def format_size(n: int) -> str:
    """Human size in decimal units (what file managers show): 10_485_760 → '10.5 MB'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} bytes"


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({exc.strerror or exc.__class__.__name__})"


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a regular file, refusing it before reading when it is over ``max_bytes`` (so a huge file costs a stat)."""
    try:
        info = path.stat()
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            raise InputError(path, "no such file (broken symlink)") from exc
        raise InputError(path, _os_reason(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        # FIFOs and devices can block or never end; nobody means to ingest one.
        raise InputError(path, "not a regular file")
    if info.st_size > max_bytes:
        raise InputError(path, _over_limit(info.st_size, max_bytes))
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # +1: a file that grew since stat() is still caught
    except OSError as exc:
        raise InputError(path, _os_reason(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(path, _over_limit(len(data), max_bytes))
    if not data:
        raise InputError(path, "file is empty")
    return data


def _over_limit(size: int, max_bytes: int) -> str:
    return f"file is {format_size(size)}, over the {format_size(max_bytes)} limit (--max-bytes)"


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` from its magic number, or None when it does not start like a binary."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and len(data) >= 12:
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}.get(data[8:12], "RIFF media")
    if data[4:8] == b"ftyp":
        return "MP4 media"
    if data[:2] == b"MZ" and b"\x00" in data[:64]:
        return "Windows executable"
    return None


def decode_bytes(data: bytes, path: Path | str = "") -> Decoded:
    """Decode ``data`` to text or raise :class:`InputError` ("binary file …" / "undecodable bytes …")."""
    kind = sniff_binary(data)
    if kind:
        raise InputError(path, f"binary file ({kind})")
    decoded = (_decode_bom(data, path) or _decode_utf8(data) or _decode_mostly_utf8(data, path)
               or _decode_guess(data, path))
    _check_clean(decoded, path)
    return decoded


def _decode_bom(data: bytes, path: Path | str) -> Decoded | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"undecodable bytes (has a {name} byte-order mark but is not {name})") from exc
            return Decoded(text.removeprefix("\ufeff"), name)
    return None


def _decode_utf8(data: bytes) -> Decoded | None:
    if b"\x00" in data:
        return None  # valid UTF-8 never needs NULs in text; let the guesser consider UTF-16/32
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


_MAX_STRAY_SHARE = 0.001  # of the bytes: a few stray bytes in a UTF-8 file, not another encoding


def _decode_mostly_utf8(data: bytes, path: Path | str) -> Decoded | None:
    """UTF-8 text with a few stray bytes (one byte of another encoding pasted in, a cut multi-byte sequence).

    Left to the guesser, the whole file became another code page ("José" → "JosĂ©") with no warning. It is UTF-8
    when its non-ASCII text is mostly valid UTF-8 sequences (at least two for every bad byte: text in another
    encoding almost never forms valid sequences) and the bad bytes are few; they are replaced with U+FFFD and said
    so in one warning line."""
    if b"\x00" in data:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if not bad or valid < 2 * bad or bad > max(3, len(data) * _MAX_STRAY_SHARE):
        return None
    _log.warning("%s: %d byte%s that %s not UTF-8 replaced with U+FFFD", path, bad, "s" * (bad > 1),
                 "are" if bad > 1 else "is")
    return Decoded(text, "utf-8", replaced=bad)


def _decode_guess(data: bytes, path: Path | str) -> Decoded:
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


def _from_match(data: bytes, match: CharsetMatch) -> Decoded:
    encoding = _codec_name(match)
    if encoding in _GB_FAMILY:
        try:
            return Decoded(data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError:  # pragma: no cover - gb18030 decodes everything gbk does
            pass
    return Decoded(str(match), encoding)


def _chinese_reading(data: bytes, best: CharsetMatch | None) -> Decoded | None:
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
    return Decoded(text, codec)


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


def _check_clean(decoded: Decoded, path: Path | str) -> None:
    """Refuse a decode that left replacement characters or many control/unassigned characters (mojibake)."""
    text = decoded.text
    if "\ufffd" in text and decoded.encoding not in ("utf-8", "utf-8-sig"):  # in UTF-8 it is text or said so
        raise InputError(path, f"undecodable bytes (decoding as {decoded.encoding} gives replacement characters)")
    bad = len(_BAD_CHARS.findall(text))
    if text and bad / len(text) > _MAX_BAD_SHARE:
        if "\x00" in text:
            raise InputError(path, "binary file")
        raise InputError(path, f"undecodable bytes ({bad} control characters after decoding as {decoded.encoding})")
