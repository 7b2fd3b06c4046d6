"""A cache that heals: a bad answer is dropped and asked again, a corrupt database is moved aside and rebuilt.

Nothing here deletes what it cannot read: a corrupt ``cache.db`` is renamed next to the new one, so it can still be
inspected or recovered. Every heal is one line on stderr (``cache info`` / ``cache clear``) or in
``ResultCache.healed`` (for the ``run`` command to print).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import diskcache
import pytest

from extract.errors import ExtractError
from extract.llm.cache import ResultCache
from extract.schemas import ChunkExtraction
from tests.faults.endpoint import EchoEndpoint
from tests.faults.helpers import invoke, read_jsonl

PEOPLE = ["Alice Walker", "Bruno Rossi", "Chiara Novak"]


def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    paths = []
    for i, who in enumerate(PEOPLE):
        path = folder / f"doc{i}.txt"
        path.write_text(f"{who} joined Google in 2020.\n", encoding="utf-8")
        paths.append(path)
    return paths


def run(tmp_path: Path, endpoint: EchoEndpoint, out: str = "out"):
    return invoke("run", tmp_path / "in", "--out", tmp_path / out, "--base-url", endpoint.base_url,
                  "--model", "fake", "--cache-dir", tmp_path / "cache", "-q")


def names(out: Path) -> list[str]:
    return sorted(r["name"] for r in read_jsonl(out / "records.jsonl"))


def warm(tmp_path: Path) -> None:
    """One good run: every chunk's answer is cached."""
    inputs(tmp_path)
    with EchoEndpoint() as endpoint:
        assert run(tmp_path, endpoint, "first").exit_code == 0
        assert len(endpoint.requests) == len(PEOPLE)


def overwrite_values(tmp_path: Path, value: object) -> int:
    """Replace every cached answer with ``value`` (stored as is, bypassing ResultCache), as a bad write would."""
    with diskcache.Cache(str(tmp_path / "cache" / "results")) as raw:
        keys = list(raw)
        for key in keys:
            raw.set(key, value)
    return len(keys)


def database(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "results" / "cache.db"


def moved_aside(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("results.corrupt-*"))


def truncate(db: Path, size: int = 4096) -> bytes:
    """Cut ``db`` to ``size`` bytes (a crash or a full disk mid-write); returns the bytes left."""
    for extra in (db.with_name("cache.db-wal"), db.with_name("cache.db-shm")):
        extra.unlink(missing_ok=True)
    with db.open("r+b") as handle:
        handle.truncate(size)
    return db.read_bytes()


def scribble(db: Path) -> None:
    """Overwrite pages in the middle of ``db``: it still opens, but some reads and every clear fail."""
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * min(8192, size // 4))


BAD_VALUES = {
    "not_json": "{this is not json",
    "truncated_json": '{"result": {"people": [',
    "json_list": "[1, 2, 3]",
    "json_string": '"just a string"',
    "no_result": '{"chunk": "doc0#0"}',
    "wrong_schema": json.dumps({"result": {"people": "nobody"}}),
    "wrong_person": json.dumps({"result": {"people": [{"who": "Alice"}]}}),
    "bytes": b"\x80\x81\xfe\xff",
    "number": 42,
}


@pytest.mark.parametrize("name", list(BAD_VALUES))
def test_a_bad_cached_answer_is_dropped_and_asked_again(name: str, tmp_path: Path) -> None:
    """Every kind of unusable value: the rerun asks the model again for exactly those chunks and exits 0."""
    warm(tmp_path)
    assert overwrite_values(tmp_path, BAD_VALUES[name]) == len(PEOPLE)
    with EchoEndpoint() as endpoint:
        result = run(tmp_path, endpoint)
        assert len(endpoint.requests) == len(PEOPLE), "each dropped answer is recomputed once"
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "out") == names(tmp_path / "first") == PEOPLE
    with EchoEndpoint() as endpoint:  # healed: the recomputed answers were stored
        assert run(tmp_path, endpoint, "third").exit_code == 0
        assert endpoint.requests == []


@pytest.mark.parametrize("name", ["not_json", "wrong_schema", "bytes"])
def test_a_bad_entry_is_deleted_with_one_warning(name: str, tmp_path: Path) -> None:
    """``ResultCache``: the bad entry reads as a miss, is gone afterwards, and ``healed`` holds one line naming it."""
    with ResultCache(tmp_path) as cache:
        cache.set("k" * 64, {"result": {"people": []}})
        cache._cache.set("k" * 64, BAD_VALUES[name])  # the raw store, as a bad write leaves it
        assert cache.get_result("k" * 64, ChunkExtraction) is None
        assert "k" * 64 not in cache
        assert cache._cache.get("k" * 64) is None
        (line,) = cache.healed
    assert "\n" not in line and "kkkkkkkk" in line and "recomputed" in line


def test_key_in_cache_is_false_for_an_unreadable_answer(tmp_path: Path) -> None:
    """Before a run, ``key in cache`` decides whether the model must be started: a bad entry must count as missing,
    or a warm run of the embedded model would skip starting it and then have nothing to ask."""
    with ResultCache(tmp_path) as cache:
        cache._cache.set("a" * 64, "{not json")
        assert "a" * 64 not in cache
        assert cache.get("a" * 64) is None


def test_a_truncated_database_is_moved_aside_and_the_run_recomputes(tmp_path: Path) -> None:
    """A truncated cache.db: the run works (asking every chunk again), the old file is kept byte for byte."""
    warm(tmp_path)
    left = truncate(database(tmp_path))
    with EchoEndpoint() as endpoint:
        result = run(tmp_path, endpoint)
        assert len(endpoint.requests) == len(PEOPLE)
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "out") == PEOPLE
    (aside,) = moved_aside(tmp_path)
    assert (aside / "cache.db").read_bytes() == left, "moved, not deleted"
    with EchoEndpoint() as endpoint:
        assert run(tmp_path, endpoint, "third").exit_code == 0
        assert endpoint.requests == [], "the rebuilt cache holds the new answers"


def test_a_database_that_is_not_sqlite_is_moved_aside(tmp_path: Path) -> None:
    """Garbage over the header ("file is not a database"): moved aside, the heal message names where it went."""
    warm(tmp_path)
    db = database(tmp_path)
    db.write_bytes(b"this is not a database at all" * 100)
    with ResultCache(tmp_path / "cache") as cache:
        assert cache.get("0" * 64) is None
        cache.set("0" * 64, {"result": {"people": []}})
        assert cache.get("0" * 64) == {"result": {"people": []}}
        (line,) = cache.healed
    (aside,) = moved_aside(tmp_path)
    assert str(aside) in line and "\n" not in line
    assert (aside / "cache.db").read_bytes().startswith(b"this is not a database")


def test_corruption_found_after_opening_is_healed_on_the_next_call(tmp_path: Path) -> None:
    """A database that opens but fails later (pages scribbled over): the failing call heals and goes on."""
    with ResultCache(tmp_path) as cache:
        for i in range(3000):
            cache.set(f"{i:064d}", {"result": {"people": []}, "pad": "x" * 400})
    scribble(tmp_path / "results" / "cache.db")
    with ResultCache(tmp_path) as cache:
        removed = cache.clear()  # diskcache alone: "cannot rollback - no transaction is active"
        assert removed >= 0
        assert cache.info()["entries"] == 0
        assert len(cache.healed) == 1
    assert len(list(tmp_path.glob("results.corrupt-*"))) == 1


@pytest.mark.parametrize("damage", ["truncate", "scribble", "garbage"])
@pytest.mark.parametrize("command", ["info", "clear"])
def test_cache_commands_work_on_a_corrupt_database(command: str, damage: str, tmp_path: Path) -> None:
    """``cache info`` and ``cache clear`` exit 0 on a corrupt cache, with one warning line naming where it went."""
    with ResultCache(tmp_path / "cache") as cache:
        for i in range(3000):
            cache.set(f"{i:064d}", {"result": {"people": []}, "pad": "x" * 400})
    db = database(tmp_path)
    if damage == "truncate":
        truncate(db)
    elif damage == "scribble":
        scribble(db)
    else:
        db.write_bytes(b"garbage" * 1000)
    result = invoke("cache", command, "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    aside = moved_aside(tmp_path)
    if damage == "scribble" and command == "info":  # counting rows does not touch the scribbled pages
        assert warnings == [] and aside == []
        return
    (line,) = warnings
    assert line.startswith("warning") and str(aside[0]) in line
    assert (aside[0] / "cache.db").is_file()
    again = invoke("cache", "info", "--cache-dir", tmp_path / "cache")
    assert again.exit_code == 0 and again.stderr == ""
    assert "0 answers" in again.stdout


def test_cache_info_counts_and_mentions_what_was_moved_aside(tmp_path: Path) -> None:
    """After a heal, ``cache info`` still says where the old copy is (it is never deleted for the user)."""
    (tmp_path / "cache" / "results").mkdir(parents=True)
    database(tmp_path).write_bytes(b"garbage" * 1000)
    assert invoke("cache", "clear", "--cache-dir", tmp_path / "cache").exit_code == 0
    info = invoke("cache", "info", "--cache-dir", tmp_path / "cache")
    assert info.exit_code == 0 and info.stderr == ""
    (aside,) = moved_aside(tmp_path)
    assert str(aside) in info.stdout


def test_a_second_heal_keeps_the_first_copy(tmp_path: Path) -> None:
    """Two corruptions in a row: two copies moved aside, neither overwritten."""
    for n in (1, 2):
        (tmp_path / "results").mkdir(exist_ok=True)
        (tmp_path / "results" / "cache.db").write_bytes(f"garbage {n}".encode() * 100)
        with ResultCache(tmp_path) as cache:
            assert len(cache.healed) == 1
    kept = sorted(p.joinpath("cache.db").read_bytes()[:9] for p in tmp_path.glob("results.corrupt-*"))
    assert kept == [b"garbage 1", b"garbage 2"]


def test_a_cache_another_process_already_healed_is_not_moved_again(tmp_path: Path) -> None:
    """Two processes share a cache: the second to notice the corruption finds a new database in place and only
    reopens it; the healthy new cache is never moved aside."""
    with ResultCache(tmp_path) as cache:
        cache.set("a" * 64, {"result": {"people": []}})
        first = ResultCache(tmp_path)
        shutil.move(tmp_path / "results", tmp_path / "results.corrupt-by-other")  # the other process healed
        with ResultCache(tmp_path) as fresh:
            fresh.set("b" * 64, {"result": {"people": []}})
        first._heal(sqlite3.DatabaseError("database disk image is malformed"))
        assert first.get("b" * 64) == {"result": {"people": []}}
        first.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results", "results.corrupt-by-other"]


def test_an_unusable_cache_dir_is_one_clear_error(tmp_path: Path) -> None:
    """``--cache-dir`` is a file: ``ResultCache`` raises a CacheError (an ExtractError), the CLI prints one line."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    from extract.errors import CacheError  # new with the healing cache

    with pytest.raises(CacheError) as caught:
        ResultCache(blocker)
    assert isinstance(caught.value, ExtractError) and str(blocker) in str(caught.value)
    for command in ("info", "clear"):
        result = invoke("cache", command, "--cache-dir", blocker)
        assert result.exit_code == 2
        (line,) = result.stderr.splitlines()
        assert line.startswith("error") and str(blocker) in line


def test_a_cache_that_cannot_be_written_is_one_clear_error_for_clear(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``cache clear`` when SQLite refuses to write (read-only, locked): one line and exit 2, nothing moved aside —
    the database is healthy, so it is not the cache's to move."""
    with ResultCache(tmp_path / "cache") as cache:
        cache.set("a" * 64, {"result": {"people": []}})

    def refuse(*_: object, **__: object) -> int:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(diskcache.Cache, "clear", refuse)
    result = invoke("cache", "clear", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and "readonly" in line and str(tmp_path / "cache") in line
    assert moved_aside(tmp_path) == []
    assert database(tmp_path).is_file()


def test_a_heal_that_cannot_move_the_database_is_a_miss_not_a_crash(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Corruption found mid-run in a folder that cannot be renamed: the lookup is a miss with one warning line, the
    answer is still asked and the run goes on; ``cache clear`` then says so in one line and exits 2."""
    with ResultCache(tmp_path / "cache") as cache:
        cache.set("a" * 64, {"result": {"people": []}})

    def corrupt(*_: object, **__: object) -> None:
        exc = sqlite3.DatabaseError("database disk image is malformed")
        exc.sqlite_errorname = "SQLITE_CORRUPT"
        raise exc

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "cache" / "results"))

    monkeypatch.setattr(Path, "rename", refuse)
    with ResultCache(tmp_path / "cache") as cache:
        monkeypatch.setattr(diskcache.Cache, "get", corrupt)
        assert cache.get("a" * 64) is None
        assert "a" * 64 not in cache
        (line,) = cache.healed
        assert "cannot be moved aside" in line and "Permission denied" in line
    monkeypatch.setattr(diskcache.Cache, "clear", corrupt)
    result = invoke("cache", "clear", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and "cannot be moved aside" in line
    assert database(tmp_path).is_file(), "left where it was"


@pytest.mark.parametrize("name", ["not_json", "wrong_schema"])
def test_the_run_prints_one_warning_per_healed_answer_and_lists_them_in_run_json(name: str, tmp_path: Path) -> None:
    warm(tmp_path)
    overwrite_values(tmp_path, BAD_VALUES[name])
    with EchoEndpoint() as endpoint:
        result = run(tmp_path, endpoint)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert len(warnings) == len(PEOPLE) and all("dropped the cached answer" in line for line in warnings)
    summary = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert len(summary["warnings"]) == len(PEOPLE)


@pytest.mark.parametrize("strategy", ["single", "focused"])
def test_an_answer_that_does_not_fit_the_schema_makes_the_model_needed_again(strategy: str, tmp_path: Path) -> None:
    """Before the batch the run decides whether a model (or endpoint) is needed at all: an answer that is JSON but
    does not fit the schema must count as missing there too, for both strategies (it crashed ``focused``)."""
    from extract.config import Settings
    from extract.llm.strategy import needs_model
    from extract.pipeline import run as run_pipeline

    inputs(tmp_path)
    with EchoEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "cache",
                                     strategy=strategy)
        first = run_pipeline([tmp_path / "in"], settings, tmp_path / "first")
    assert first.ok
    overwrite_values(tmp_path, BAD_VALUES["wrong_schema"])
    with ResultCache(tmp_path / "cache") as cache:
        assert needs_model(settings, first.chunks, cache)
    with EchoEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "cache",
                                     strategy=strategy)
        again = run_pipeline([tmp_path / "in"], settings, tmp_path / "out")
        assert endpoint.requests
    assert again.ok and sorted(r.name for r in again.records) == PEOPLE
