"""Atomic file writes: a reader (or a crash) never sees a half-written output file.

Write to a temporary file in the same directory, fsync, then ``os.replace`` — atomic on POSIX and Windows.

The temporary file is created by hand rather than with :func:`tempfile.mkstemp` for two reasons: ``mkstemp`` creates
it with mode 0600 whatever the user's umask (so every output ended up private), and its name embeds the whole target
name, which goes over the 255-byte limit of a file name when the target's own name is near it (a document id of 80
Chinese characters).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["printable", "write_json_atomic", "write_jsonl_atomic", "write_text_atomic"]

_TMP_NAME_BYTES = 32  # of the target's name kept in the temporary name: enough to tell what is being written


def _temporary_name(path: Path) -> Path:
    stem = path.name.encode("utf-8", "surrogateescape")[:_TMP_NAME_BYTES].decode("utf-8", "ignore")
    return path.parent / f".{stem}.{secrets.token_hex(4)}.tmp"


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) at once; the file gets the usual permissions (0666 minus the umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_jsonl_atomic(path: Path, rows: Iterable[str | dict[str, Any]]) -> None:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    write_text_atomic(path, "".join(line + "\n" for line in lines))


def printable(text: str) -> str:
    """``text`` as valid UTF-8 for an output file: a file name that is not UTF-8 reaches Python as lone surrogates
    (``os.fsdecode``), which no UTF-8 writer accepts; its raw bytes are shown as ``\\xff`` escapes instead."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that does not stand for a byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
