"""Paths → documents for a whole batch: expand folders, load every file, collect failures instead of raising.

Folder expansion is written by hand rather than with ``os.walk``/``Path.rglob`` because it must do three things they
do not do together: sort every level (same folder → same order → same ids), skip hidden names, and follow
symlinked folders while refusing to loop (each real directory is entered once).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from extract.errors import InputError
from extract.ingest.loader import DEFAULT_MAX_BYTES, doc_id_for, load_document
from extract.models.documents import IngestFailure, IngestResult

__all__ = ["ingest"]


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk(root: Path, result: IngestResult, skip: Callable[[Path], bool]) -> Iterator[Path]:
    """Files under ``root`` in sorted order, hidden names and ``skip``ped entries left out (never ``root`` itself:
    the user named it), each real directory visited once."""
    visited: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            continue  # a symlink back to a folder already walked (a loop or a second way in)
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else f"cannot list ({exc.strerror})"
            result.failures.append(IngestFailure(str(folder), reason))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if skip(path):
                result.skipped.append(str(path))
                continue
            if _is_dir(path):
                subfolders.append(path)
            else:
                yield path  # files, broken symlinks and file loops alike: loading them reports why they fail
        stack.extend(reversed(subfolders))  # depth-first, in sorted order


def _unique_id(path: Path, used: set[str]) -> str:
    """The stem, or when another input already has it, the stem plus a hash of this path (deterministic)."""
    base = doc_id_for(path)
    if base not in used:
        return base
    digest = hashlib.sha1(str(path).encode("utf-8", "surrogatepass")).hexdigest()
    candidate, n = f"{base}-{digest[:8]}", 8
    while candidate in used:  # practically never; keeps ids unique even then
        n += 2
        candidate = f"{base}-{digest[:n]}"
    return candidate


def ingest(
    paths: Sequence[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, skip: Callable[[Path], bool] | None = None
) -> IngestResult:
    """Load every file named or found under ``paths``; bad inputs become :class:`IngestFailure` rows, never errors.

    ``skip(path)`` leaves a file or folder found in a walk out and lists it in ``skipped`` (a run skips its own
    ``--out`` and other runs' output folders and files, so outputs are never read back in as articles)."""
    skip = skip or (lambda _folder: False)
    result = IngestResult()
    with _warnings_into(result.warnings):
        _load_all(paths, max_bytes, skip, result)
    return result


class _Collector(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


@contextmanager
def _warnings_into(sink: list[str]) -> Iterator[None]:
    """The loaders log what they repaired (``extract.ingest`` logger: a front-matter value dropped, a title cut);
    collected here so the caller can print it its own way and write it to run.json. Other handlers still see it."""
    logger = logging.getLogger("extract.ingest")
    handler = _Collector(sink)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _load_all(
    paths: Sequence[str | Path], max_bytes: int, skip: Callable[[Path], bool], result: IngestResult
) -> None:
    seen: dict[str, bool] = {}  # real path → loaded fine
    used_ids: set[str] = set()

    def load(path: Path) -> bool:
        real = os.path.realpath(path)
        if real in seen:
            return seen[real]  # the same file named twice (directly and through a folder): one document
        try:
            doc = load_document(path, max_bytes=max_bytes, doc_id=_unique_id(path, used_ids))
        except InputError as exc:
            result.failures.append(IngestFailure(str(path), exc.reason))
            seen[real] = False
            return False
        used_ids.add(doc.id)
        result.documents.append(doc)
        seen[real] = True
        return True

    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            loaded = sum(load(file) for file in _walk(path, result, skip))
            if not loaded:
                result.failures.append(IngestFailure(str(path), "directory has no usable files"))
        elif path.exists() or path.is_symlink():
            load(path)
        else:
            result.failures.append(IngestFailure(str(path), "no such file"))
