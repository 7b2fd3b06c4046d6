"""A run killed mid-batch resumes from the cache; two runs sharing one cache at once do not corrupt it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.pipeline import run
from tests.conftest import ROOT, SEEDS
from tests.faults.endpoint import EchoEndpoint
from tests.faults.helpers import invoke, read_jsonl, run_json, tmp_files

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def start_run(out: Path, cache: Path, base_url: str, *, jobs: int = 1) -> subprocess.Popen:
    env = {**os.environ, "EXTRACT_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "extract", "run", *map(str, SEED_FILES), "--out", str(out), "--base-url",
               base_url, "--model", "fake", "--cache-dir", str(cache), "-j", str(jobs), "-q"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def reference(tmp_path: Path) -> Path:
    """An uninterrupted run with a fresh cache into its own folder."""
    out = tmp_path / "reference"
    with EchoEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, cache_dir=tmp_path / "fresh", model="fake")
        result = run(SEED_FILES, settings, out)
    assert result.ok and result.records, "the reference run must produce records to compare"
    return out


def same_outputs(a: Path, b: Path) -> None:
    for name in ("mentions.jsonl", "records.jsonl"):
        assert read_jsonl(a / name) == read_jsonl(b / name), name
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_sigkill_mid_batch_then_rerun_resumes_from_the_cache(tmp_path: Path) -> None:
    """Chunks answered before the kill make no call again; nothing is half-written; records equal a clean run."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    with EchoEndpoint(delay=0.3) as endpoint:
        process = start_run(out, cache, endpoint.base_url)
        deadline = time.monotonic() + 30
        while len(endpoint.requests) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, process.communicate()[1].decode()
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        assert process.returncode == -signal.SIGKILL
        sent = len(endpoint.requests)  # with -j 1 the last one was in flight (0.3 s delay): its answer is lost
        answered = sent - 1

        with ResultCache(cache) as stored:
            assert stored.info()["entries"] == answered, "every answered chunk is in the cache at once"
        assert not tmp_files(out)
        assert not (out / "mentions.jsonl").exists() and not (out / "run.json").exists()

        endpoint.delay = 0.0
        endpoint.requests.clear()
        rerun = start_run(out, cache, endpoint.base_url)
        _, err = rerun.communicate(timeout=60)
        assert rerun.returncode == 0, err.decode()
        total = run_json(out)["counts"]["chunks"]
        assert total > sent
        assert len(endpoint.requests) == total - answered, "chunks answered before the kill were asked again"

    assert run_json(out)["usage"]["cache_hits"] == answered
    assert not tmp_files(out)
    same_outputs(out, reference(tmp_path))


def test_two_runs_sharing_one_cache_at_once(tmp_path: Path) -> None:
    """Both finish with the same outputs; the cache then holds one readable entry per chunk."""
    cache = tmp_path / "cache"
    with EchoEndpoint(delay=0.05) as endpoint:
        first = start_run(tmp_path / "a", cache, endpoint.base_url, jobs=2)
        second = start_run(tmp_path / "b", cache, endpoint.base_url, jobs=2)
        for process in (first, second):
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err.decode()
        calls = len(endpoint.requests)

    chunks = run_json(tmp_path / "a")["counts"]["chunks"]
    assert run_json(tmp_path / "b")["counts"]["chunks"] == chunks
    assert chunks <= calls <= 2 * chunks
    same_outputs(tmp_path / "a", tmp_path / "b")
    same_outputs(tmp_path / "a", reference(tmp_path))

    info = invoke("cache", "info", "--cache-dir", cache)
    assert info.exit_code == 0, info.output
    assert f": {chunks} answers" in info.stdout
    with ResultCache(cache) as stored:
        assert stored.info()["entries"] == chunks
    with EchoEndpoint() as endpoint:  # every answer is read back from the shared cache
        settings = Settings.from_env(base_url=endpoint.base_url, cache_dir=cache, model="fake")
        again = run(SEED_FILES, settings, tmp_path / "c")
        assert endpoint.requests == []
    assert again.ok and again.usage.cache_hits == chunks
    same_outputs(tmp_path / "a", tmp_path / "c")


def test_sigkill_mid_batch_leaves_the_previous_run_published_and_the_rerun_publishes(tmp_path: Path) -> None:
    """Issue 16, item 16: an interrupted run never leaves docs/ and records.jsonl from different runs."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    first_two = tmp_path / "first"
    first_two.mkdir()
    for path in SEED_FILES[:2]:
        (first_two / path.name).write_bytes(path.read_bytes())
    with EchoEndpoint() as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, cache_dir=tmp_path / "other-cache", model="fake")
        assert run([first_two], settings, out).ok
    published = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and
                 not p.name.startswith(".")}

    with EchoEndpoint(delay=0.3) as endpoint:
        process = start_run(out, cache, endpoint.base_url)
        deadline = time.monotonic() + 30
        while len(endpoint.requests) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and
           not any(part.startswith(".") for part in p.relative_to(out).parts)}
    assert now == published, "the killed run published nothing"

    with EchoEndpoint() as endpoint:
        result = invoke("run", *SEED_FILES, "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", cache, "-q")
    assert result.exit_code == 0, result.output
    docs = sorted(p.stem for p in (out / "docs").iterdir())
    assert docs == sorted(p.stem for p in SEED_FILES)
    cited = {e["doc"] for r in read_jsonl(out / "records.jsonl") for p in r["positions"] for e in p["evidence"]}
    assert cited <= set(docs)
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]
    same_outputs(out, reference(tmp_path))
