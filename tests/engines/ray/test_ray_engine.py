"""The Ray engine against loopback endpoints: the same records as the local engine, errors as rows, resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ray")
pytest.importorskip("pyarrow")

import pyarrow.parquet as pq

from extract.config import LOCAL_MODEL_NAME, Settings
from extract.pipeline import run
from tests.conftest import ROOT, SEEDS
from tests.engines.ray.cassette_server import CassetteServer
from tests.fake_endpoint import FakeEndpoint, Reply, completion

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("ray_session")]

CASSETTE = ROOT / "cassettes" / "test_seeds_e2e" / "test_seeds_end_to_end.yaml"
ROW_COLUMNS = ["chunk_key", "status", "result", "error", "usage"]
ONE_PERSON = completion({"people": [{
    "name": "Hugo Larochelle", "other_names": [],
    "positions": [{"organization": "Google DeepMind", "title": None, "start": None, "end": None, "status": "left",
                   "sentence": 1}],
    "education": [],
}]})


def result_rows(work_dir: Path) -> list[dict[str, Any]]:
    paths = sorted((work_dir / "results").glob("*/*.parquet"))
    return [row for path in paths for row in pq.read_table(path).to_pylist()]


def test_both_engines_write_identical_records_from_the_seed_cassette(tmp_path: Path) -> None:
    """The seeds with the settings of tests/test_seeds_e2e.py (so request bodies match the recording)."""
    outs = {}
    with CassetteServer(CASSETTE) as server:
        for engine in ("local", "ray"):
            settings = Settings.from_env(base_url=server.base_url, model=LOCAL_MODEL_NAME, concurrency=2,
                                         layout="lines", cache_dir=tmp_path / f"cache-{engine}", engine=engine)
            before = server.requests
            result = run([SEEDS], settings, tmp_path / engine)
            assert not result.chunk_failures, [str(r.error) for r in result.chunk_failures]
            assert server.unmatched == 0
            assert result.usage.calls == server.requests - before >= len(result.chunks) == 21
            outs[engine] = result
    for name in ("records.jsonl", "mentions.jsonl"):
        local, ray = (tmp_path / engine / name for engine in ("local", "ray"))
        assert local.read_bytes() == ray.read_bytes(), name
    assert len(outs["ray"].records) > 30

    rows = result_rows(tmp_path / "ray" / "ray")
    assert list(pq.read_schema(next((tmp_path / "ray" / "ray" / "results").glob("*/*.parquet"))).names) == ROW_COLUMNS
    assert len(rows) == 21 and {row["status"] for row in rows} == {"ok"}
    assert len({row["chunk_key"] for row in rows}) == 21
    # each row carries its own chunk's usage; together they are the run's
    assert sum(json.loads(row["usage"])["calls"] for row in rows) == outs["ray"].usage.calls
    assert all(json.loads(row["usage"])["prompt_tokens"] > 0 for row in rows)
    summary = json.loads((tmp_path / "ray" / "run.json").read_text(encoding="utf-8"))
    assert summary["settings"]["engine"] == "ray" and summary["counts"]["chunks"] == 21


def test_errors_are_rows_and_a_rerun_extracts_only_what_is_missing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())
    for path in seeds[:2]:
        shutil.copy(path, docs / path.name)
    work = tmp_path / "work"
    with FakeEndpoint(default=Reply(ONE_PERSON)) as endpoint:
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "cache1",
                                     engine="ray", ray_work_dir=work, max_retries=0, ray_actors=2, ray_in_flight=4)
        endpoint.push(Reply({"error": {"message": "overloaded"}}, status=500))  # the first request fails, once
        first = run([docs], settings, tmp_path / "out1")
        assert len(first.chunk_failures) == 1 and first.chunk_failures[0].error.kind == "server_error"
        assert first.usage.failures == {"server_error": 1}
        rows = result_rows(work)
        assert len(rows) == len(first.chunks) == len(endpoint.requests)
        failed = [row for row in rows if row["status"] == "error"]
        assert len(failed) == 1 and failed[0]["error"]["kind"] == "server_error" and failed[0]["result"] is None

        # Add a document; a fresh cache dir, so only the parquet rows can tell what is done.
        shutil.copy(seeds[2], docs / seeds[2].name)
        settings = Settings.from_env(base_url=endpoint.base_url, model="fake", cache_dir=tmp_path / "cache2",
                                     engine="ray", ray_work_dir=work, max_retries=0)
        before = len(endpoint.requests)
        second = run([docs], settings, tmp_path / "out2")
        new_doc_chunks = sum(1 for c in second.chunks if c.doc not in {d.id for d in first.documents})
        assert new_doc_chunks > 0 and second.ok
        assert len(endpoint.requests) - before == 1 + new_doc_chunks  # the failed chunk and the new document
        assert second.usage.cache_hits == len(second.chunks) - 1 - new_doc_chunks

        # Nothing left: no request, and Ray is not even asked.
        before = len(endpoint.requests)
        third = run([docs], settings, tmp_path / "out3")
        assert len(endpoint.requests) == before and third.usage.calls == 0
        assert third.usage.cache_hits == len(third.chunks)
    assert (tmp_path / "out2" / "mentions.jsonl").read_bytes() == (tmp_path / "out3" / "mentions.jsonl").read_bytes()
    assert (tmp_path / "out2" / "records.jsonl").read_bytes() == (tmp_path / "out3" / "records.jsonl").read_bytes()
