"""Bytes → text: read a file within a size limit, refuse binaries, decode without ever producing mojibake.

Decoding order, cheapest and most certain first: a byte-order mark names the encoding outright; strict UTF-8 is
right for almost every modern file and cannot mis-decode; only then does charset-normalizer guess (GB18030, Big5,
UTF-16 without a BOM, legacy code pages), checked for evidence in :mod:`extract.ingest.encodings`. A guess that
yields replacement or control characters is refused with "undecodable bytes" rather than passed on as garbage,
because every later offset would point into that garbage.
"""

from __future__ import annotations

import errno
import logging
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from extract.errors import InputError
from extract.ingest.encodings import guess_encoding

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
               or Decoded(*guess_encoding(data, path)))
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
