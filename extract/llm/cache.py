"""The answer cache: one content hash per request is the cache key, the resume key and the row key at once.

The key covers everything that changes the model's answer — the model identity, the API mode, the JSON Schema,
the prompt template, the decoding parameters and the exact messages (chunk text, title, date) — so changing any
of them can never return a stale answer, and a re-run with nothing changed makes zero calls. Only validated
results are stored. diskcache is SQLite underneath: safe across processes and crash-consistent.

The cache heals instead of stopping runs: it only ever saves work, so anything it cannot use is a miss. An answer
that is not JSON or does not fit the schema is deleted (and so asked again); a database SQLite calls corrupt is
moved aside (renamed ``results.corrupt-<time>``, never deleted — nothing lost) and an empty one is started. Each
heal leaves one line in :attr:`ResultCache.healed` for the command to print; the library itself never prints.
Only a cache that cannot be opened at all (the folder is a file, not writable) is an error: :class:`CacheError`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path
from typing import Any, TypeVar

import diskcache
from pydantic import BaseModel, ValidationError

from extract.errors import CacheError

__all__ = ["RequestKeys", "ResultCache", "request_key"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

# What SQLite says about a damaged file; anything else (locked, read-only, disk full) is not the file's fault.
_CORRUPT = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
# Failures of the store itself, as opposed to one unreadable value; CacheError: a heal that could not finish.
_STORE_ERRORS = (sqlite3.Error, diskcache.Timeout, OSError, CacheError)
_MOVED_ASIDE = "results.corrupt-"


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def request_key(
    *, model: str, mode: str, schema: dict[str, Any], prompt_sha256: str, params: dict[str, Any],
    messages: list[dict[str, str]],
) -> str:
    payload = {
        "model": model,
        "mode": mode,
        "schema": schema,
        "prompt": prompt_sha256,
        "params": params,
        "messages": messages,
    }
    return hashlib.sha256(_dumps(payload).encode("utf-8")).hexdigest()


class RequestKeys:
    """:func:`request_key` for many messages with everything else fixed, without re-serialising the schema.

    The same bytes are hashed: with sorted keys ``"messages"`` comes first in the payload, so the blob is
    ``{"messages":<messages>,<the rest>}`` and the rest is serialised once. Saves ~0.1 ms a chunk (the schema is
    most of the payload), which matters on a fully cached run.
    """

    def __init__(self, *, model: str, mode: str, schema: dict[str, Any], prompt_sha256: str,
                 params: dict[str, Any]) -> None:
        rest = _dumps({"model": model, "mode": mode, "schema": schema, "prompt": prompt_sha256, "params": params})
        self._head = hashlib.sha256(b'{"messages":')
        self._tail = ("," + rest[1:]).encode("utf-8")

    def __call__(self, messages: list[dict[str, str]]) -> str:
        digest = self._head.copy()
        digest.update(_dumps(messages).encode("utf-8"))
        digest.update(self._tail)
        return digest.hexdigest()


class ResultCache:
    """Validated extraction results by request key, in ``<cache_dir>/results``; heals itself (see the module doc).

    ``healed`` collects one line per heal (an answer dropped, a database moved aside, a write that failed), for the
    caller to show: a cache problem costs calls, never a run.
    """

    def __init__(self, cache_dir: Path, *, size_limit: int = 2**30) -> None:
        self.directory = Path(cache_dir) / "results"
        self.size_limit = size_limit
        self.healed: list[str] = []
        self._identity: tuple[int, int] | None = None
        self._cache = self._open()

    # -- opening and healing ------------------------------------------------------------------------------------

    @property
    def database(self) -> Path:
        return self.directory / "cache.db"

    def _connect(self) -> diskcache.Cache:
        """Open the diskcache and remember which file it is, so a heal can tell whether another process already
        replaced it (then there is nothing to move: see :meth:`_heal`)."""
        try:
            cache = diskcache.Cache(str(self.directory), size_limit=self.size_limit,
                                    eviction_policy="least-recently-used")
        except OSError as exc:
            raise CacheError(f"cannot open the answer cache in {self.directory}: {_reason(exc)} "
                             "(set --cache-dir or EXTRACT_CACHE_DIR to a writable folder)") from exc
        self._identity = _identity(self.database)
        return cache

    def _open(self) -> diskcache.Cache:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc, self.database):
                raise CacheError(f"cannot open the answer cache in {self.directory}: {_reason(exc)}") from exc
            self._move_aside(exc)
        try:
            return self._connect()
        except sqlite3.Error as exc:
            moved = "; ".join(self.healed)  # say where the old one went: no one will print ``healed`` now
            raise CacheError(f"{moved}; but cannot start a new answer cache in {self.directory}: {_reason(exc)}"
                             if moved else f"cannot start a new answer cache in {self.directory}: {_reason(exc)}"
                             ) from exc

    def _heal(self, exc: sqlite3.DatabaseError) -> None:
        """Replace a database found corrupt after opening: move it aside unless it is no longer the file at
        ``cache.db`` (another process sharing the cache healed it first), then open the new one."""
        with suppress(sqlite3.Error):  # closing a broken connection may fail too; the file is moved either way
            self._cache.close()
        if _identity(self.database) == self._identity:
            self._move_aside(exc)
        self._cache = self._connect()

    def _move_aside(self, exc: Exception) -> None:
        """Rename the whole folder (the database and the value files it points to) next to where it was."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.directory.with_name(_MOVED_ASIDE + stamp)
        n = 1
        while target.exists():
            target = self.directory.with_name(f"{_MOVED_ASIDE}{stamp}-{n}")
            n += 1
        try:
            self.directory.rename(target)
        except FileNotFoundError:
            return  # another process moved it a moment ago
        except OSError as err:
            raise CacheError(f"the answer cache {self.database} is corrupt ({_reason(exc)}) and cannot be moved "
                             f"aside: {_reason(err)}") from err
        self.healed.append(f"the answer cache {self.database} was corrupt ({_reason(exc)}): moved it to {target} "
                           "and started an empty one; its answers will be asked again")

    def _call(self, operation: Callable[[diskcache.Cache], T]) -> T:
        """``operation`` on the cache; when SQLite finds the file corrupt, heal and do it once more."""
        try:
            return operation(self._cache)
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc, self.database):
                raise
            self._heal(exc)
            return operation(self._cache)

    def _note(self, message: str) -> None:
        if message not in self.healed:  # a full disk fails every write: say it once
            self.healed.append(message)

    def _drop(self, key: str, reason: str) -> None:
        """Delete one unusable answer, so it is asked again (and stored again) instead of failing every run."""
        try:
            self._call(lambda cache: cache.delete(key))
        except _STORE_ERRORS as exc:
            self._note(f"cannot delete from the answer cache in {self.directory}: {_reason(exc)}")
        self.healed.append(f"dropped the cached answer {key[:16]} in {self.directory}: {reason}; "
                           "it will be recomputed")

    # -- the mapping --------------------------------------------------------------------------------------------

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer (a dict with a ``result`` object), or None: missing and unusable look the same."""
        try:
            raw = self._call(lambda cache: cache.get(key))
        except _STORE_ERRORS as exc:
            self._note(f"cannot read the answer cache in {self.directory} ({_reason(exc)}); asking the model")
            return None
        except Exception as exc:  # diskcache unpickling junk can raise anything: it is one bad value
            self._drop(key, f"unreadable ({type(exc).__name__})")
            return None
        if raw is None:
            return None
        try:
            return _decode(raw)
        except ValueError as exc:
            self._drop(key, str(exc))
            return None

    def get_result(self, key: str, model: type[M]) -> M | None:
        """The stored answer validated as ``model``; an answer that does not fit is dropped, so it is recomputed
        rather than failing every run (the key covers the schema, so only a bad write or an edit gets here)."""
        value = self.get(key)
        if value is None:
            return None
        try:
            return model.model_validate(value["result"])
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "result"
            self._drop(key, f"does not fit {model.__name__} ({where}: {first['msg']})")
            return None

    def __contains__(self, key: str) -> bool:
        """True only for an answer that can be read: before a run this decides whether a model must be started,
        and an unreadable answer must not let a run skip starting the one that would recompute it."""
        return self.get(key) is not None

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Store an answer; when the store refuses (disk full, read-only) the run goes on and says so once."""
        text = json.dumps(value, ensure_ascii=False)
        try:
            self._call(lambda cache: cache.set(key, text))
        except _STORE_ERRORS as exc:
            self._note(f"cannot store answers in the answer cache in {self.directory} ({_reason(exc)}); "
                       "they will be asked again next run")

    def info(self) -> dict[str, Any]:
        """Where, how many, how big, and any corrupt copies kept beside it (the user's to delete)."""
        try:
            entries, volume = self._call(lambda cache: (len(cache), cache.volume()))
        except CacheError:
            raise
        except _STORE_ERRORS as exc:
            raise CacheError(f"cannot read the answer cache in {self.directory}: {_reason(exc)}") from exc
        moved = sorted(str(p) for p in self.directory.parent.glob(_MOVED_ASIDE + "*") if p.is_dir())
        return {"directory": str(self.directory), "entries": entries, "bytes": volume, "moved_aside": moved}

    def clear(self) -> int:
        """Delete every answer; a corrupt database is moved aside instead (then nothing was deleted)."""
        try:
            return self._call(lambda cache: cache.clear())
        except CacheError:
            raise
        except _STORE_ERRORS as exc:
            raise CacheError(f"cannot clear the answer cache in {self.directory}: {_reason(exc)}") from exc

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _decode(raw: object) -> dict[str, Any]:
    """A stored value back to an answer; ValueError says why it is not one."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if not isinstance(raw, str):
        raise ValueError(f"a stored {type(raw).__name__}, not JSON text")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at character {exc.pos})") from exc
    if not isinstance(value, dict) or not isinstance(value.get("result"), dict):
        raise ValueError("JSON but not a cached answer (no result object)")
    return value


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _is_corrupt(exc: sqlite3.DatabaseError, database: Path) -> bool:
    """Whether ``exc`` means the file is damaged. SQLite usually says so (CORRUPT, NOTADB); but a failure inside a
    transaction can surface as another error ("cannot rollback - no transaction is active"), so anything else is
    settled by asking SQLite to check the file. Locked, read-only or full is never corruption: nothing is moved."""
    if getattr(exc, "sqlite_errorname", None) in _CORRUPT:
        return True
    if not database.is_file():
        return False
    try:
        with closing(sqlite3.connect(database, timeout=1)) as connection:
            (verdict,) = connection.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as check:
        return getattr(check, "sqlite_errorname", None) in _CORRUPT
    return verdict != "ok"


def _reason(exc: BaseException) -> str:
    """One line for an exception: an OSError's text and file, SQLite's message, or at least the type's name."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__
