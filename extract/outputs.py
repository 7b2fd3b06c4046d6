"""The ``--out`` folder of a run: locked while a run writes it, filled through a staging folder, published at once.

Why not write the outputs in place: a run that fails (a typo in the input path, a wrong key, an endpoint that is
down) would replace good results with empty files, a crash half-way would leave ``docs/`` and ``records.jsonl``
from different runs, and two runs into one folder would interleave. So a run writes everything into
``<out>/.staging-<id>/`` and only a run that produced something *publishes*:

1. the old ``.previous/`` (two runs back) is removed;
2. a journal ``<out>/.publish.json`` names the staging folder (written atomically: from here on the publish is
   finished by whoever holds the lock next, even after a SIGKILL);
3. each published item (``docs/``, ``mentions.jsonl``, ``records.jsonl``, ``documents.jsonl``, ``run.json`` last) is
   moved: the current one into ``.previous/``, the staged one into its place — renames within one folder, each
   atomic;
4. the journal and the staging folder are removed.

The lock is an OS file lock (the ``filelock`` library: ``flock`` on POSIX), so it is released when its process dies
however it dies; who holds it is written beside it so a second run can say so in one line.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from extract.errors import OutputError
from extract.io import printable, write_json_atomic

__all__ = ["OUTPUT_ITEMS", "PREVIOUS", "PUBLISHED", "OutputFolder", "holds_outputs", "is_output_folder", "not_an_input"]

# run.json last: it marks a finished publish
OUTPUT_ITEMS = ("docs", "mentions.jsonl", "records.jsonl", "documents.jsonl", "run.json")
PUBLISHED = (*OUTPUT_ITEMS, "report.html")  # what a run folder holds that is not an article
PREVIOUS = ".previous"  # the outputs the last publish replaced (one generation), for `extract diff <out>/.previous`
_LOCK, _HOLDER, _JOURNAL, _STAGING = ".lock", ".lock.json", ".publish.json", ".staging-"


def holds_outputs(folder: Path) -> bool:
    """Whether ``folder`` holds a published run (its ``run.json``)."""
    return (folder / "run.json").is_file()


def is_output_folder(folder: Path) -> bool:
    """A run's output folder, ours or another's: a ``run.json`` written by career-extract beside ``records.jsonl``.

    Ingest skips such folders, so ``--out`` inside the input folder never feeds a run's outputs back in."""
    run_json = folder / "run.json"
    if not run_json.is_file() or not (folder / "records.jsonl").exists():
        return False
    try:
        tool = json.loads(run_json.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(tool, dict) and tool.get("name") == "career-extract"


def _describe_os_error(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class OutputFolder:
    """``with OutputFolder(out) as folder:`` write into ``folder.staging``, then ``folder.publish()``.

    Leaving the block without publishing discards the staging folder and leaves the published outputs as they were.
    """

    def __init__(self, out: Path, *, items: Sequence[str] = OUTPUT_ITEMS, command: str | None = None) -> None:
        self.out = Path(out)
        self.items = tuple(items)
        self.command = command or " ".join(printable(a) for a in sys.argv)
        self.staging = self.out / f"{_STAGING}{os.getpid()}"
        self.published = False
        self.recovered = False  # an interrupted publish of an earlier run was finished on entry
        self._lock: FileLock | None = None

    # ---------------------------------------------------------------- lock
    def __enter__(self) -> OutputFolder:
        self._prepare()
        lock = FileLock(str(self.out / _LOCK), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError(f"{printable(str(self.out))} is in use by another run ({self._holder()}); wait for it "
                              "to finish or choose another --out") from None
        except OSError as exc:
            raise OutputError(f"cannot lock {printable(str(self.out))}: {_describe_os_error(exc)}") from exc
        self._lock = lock
        try:
            write_json_atomic(self.out / _HOLDER, {
                "pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now(UTC).isoformat(timespec="seconds"), "command": self.command[:500],
            })
            self.recovered = self._finish_interrupted_publish()
            self._remove_stale_staging()
            self.staging.mkdir()
        except OSError as exc:
            self._release()
            raise OutputError(f"cannot write to {printable(str(self.out))}: {_describe_os_error(exc)}") from exc
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self.published:
                shutil.rmtree(self.staging, ignore_errors=True)  # the answers are in the cache; a rerun resumes
        finally:
            self._release()

    def _prepare(self) -> None:
        """Create ``out`` or say in one line why it cannot be used (a file, unwritable, not a real folder)."""
        shown = printable(str(self.out))
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(f"--out {shown} is a file, not a folder")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create --out {shown}: {_describe_os_error(exc)}") from exc
        if not os.access(self.out, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write to --out {shown}: permission denied")

    def _holder(self) -> str:
        try:
            holder = json.loads((self.out / _HOLDER).read_text(encoding="utf-8"))
            return (f"pid {holder['pid']} on {holder['host']} since {holder['started']}: "
                    f"{' '.join(str(holder['command']).split())[:120]}")
        except (OSError, ValueError, KeyError, TypeError):
            return "holder unknown"

    def _release(self) -> None:
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            (self.out / _HOLDER).unlink(missing_ok=True)
        self._lock.release()
        self._lock = None

    # ---------------------------------------------------------------- publish
    def path(self, item: str) -> Path:
        """Where to write ``item`` (``docs``, ``records.jsonl`` …) during the run: inside the staging folder."""
        return self.staging / item

    def publish(self) -> None:
        """Make the staged outputs the published ones; the replaced ones go to ``.previous/``."""
        previous = self.out / PREVIOUS
        try:
            if previous.exists():
                shutil.rmtree(previous)
            write_json_atomic(self.out / _JOURNAL, {"staging": self.staging.name, "items": list(self.items)})
            self._apply(self.staging.name, self.items)
        except OSError as exc:
            raise OutputError(f"cannot publish into {printable(str(self.out))}: {_describe_os_error(exc)}") from exc
        self.published = True

    def _apply(self, staging_name: str, items: Sequence[str]) -> None:
        """Move the staged items into place. Idempotent, so an interrupted publish is finished by running it again:
        an item still in staging has not been published yet; one already moved is skipped."""
        staging, previous = self.out / staging_name, self.out / PREVIOUS
        for item in items:
            staged, current = staging / item, self.out / item
            if not staged.exists():
                continue
            if current.exists():
                previous.mkdir(exist_ok=True)
                backup = previous / item
                if not backup.exists():
                    os.replace(current, backup)
                elif current.is_dir():  # a backup of this same publish exists already: keep it, drop the copy
                    shutil.rmtree(current)
                else:
                    current.unlink()
            os.replace(staged, current)
        (self.out / _JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)

    def _finish_interrupted_publish(self) -> bool:
        journal = self.out / _JOURNAL
        if not journal.exists():
            return False
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
            staging, items = str(data["staging"]), [str(i) for i in data["items"]]
        except (ValueError, KeyError, TypeError):
            journal.unlink()  # written atomically, so never half-written; unreadable means not ours: ignore it
            return False
        if not staging.startswith(_STAGING) or "/" in staging or any("/" in i or i.startswith(".") for i in items):
            journal.unlink()
            return False
        self._apply(staging, items)
        return True

    def _remove_stale_staging(self) -> None:
        """Staging folders of runs that died before publishing (we hold the lock, so nobody else is writing)."""
        for entry in self.out.iterdir():
            if entry.name.startswith(_STAGING) and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)


def not_an_input(out: Path) -> Callable[[Path], bool]:
    """For ingest's walk: whether a path found under an input folder is a run's output rather than an article —
    the folder ``out`` itself, any other run's output folder, and the published files and ``docs/`` inside one
    (so ``extract run . --out .`` reads the articles beside the outputs, never the outputs)."""
    own = os.path.realpath(out)

    def skip(path: Path) -> bool:
        if path.name in PUBLISHED:
            parent = path.parent
            if os.path.realpath(parent) == own or is_output_folder(parent):
                return True
        return path.is_dir() and (os.path.realpath(path) == own or is_output_folder(path))

    return skip
