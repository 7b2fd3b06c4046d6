"""The benchmarks still run (tiny sizes, near-zero latency; the figures mean nothing) and write where they are told.

No benchmark is part of the suite; these only import the helpers, so a refactoring that breaks a benchmark fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import __main__ as run_all
from bench import cache, concurrency, overhead
from bench._common import RESULTS


@pytest.fixture
def committed_results() -> dict[str, float]:
    """Modification times of the committed result files, which a test run must not touch."""
    return {p.name: p.stat().st_mtime for p in RESULTS.glob("*.json")}


def _written(directory: Path, name: str) -> dict:
    data = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
    assert data["benchmark"] == name and data["machine"]["cpu_count"]
    return data


def test_overhead_counts_every_call(tmp_path: Path, committed_results) -> None:
    figures = overhead.main(["--chunks", "6", "--latency", "0.002", "--concurrency", "3", "--repeat", "1",
                             "--results", str(tmp_path)])
    written = _written(tmp_path, "overhead")
    assert written["wall_runs_s"] == figures["wall_runs_s"] and len(figures["wall_runs_s"]) == 1
    assert figures["chunks"] == 6 and figures["client_cpu_ms_per_chunk"] > 0
    assert 1 <= figures["server_max_in_flight"] <= 3, "the semaphore must bound requests in flight"
    assert {p.name: p.stat().st_mtime for p in RESULTS.glob("*.json")} == committed_results


def test_concurrency_rows_and_speedups(tmp_path: Path) -> None:
    figures = concurrency.main(["--chunks", "4", "--latency", "0", "--levels", "1,2", "--repeat", "1",
                                "--results", str(tmp_path)])
    assert [r["concurrency"] for r in figures["rows"]] == [1, 2]
    assert figures["rows"][0]["speedup"] == 1.0 and figures["speedup_at_16"] is None and not figures["target_met"]
    assert _written(tmp_path, "concurrency")["rows"] == figures["rows"]


def test_cache_warm_run_makes_no_call(tmp_path: Path) -> None:
    figures = cache.main(["--seeds", "1", "--latency", "0", "--real-latency", "0.01", "--warm-runs", "1",
                          "--results", str(tmp_path)])
    assert figures["calls"] >= 1 and figures["fast"]["server_requests"] == figures["calls"]
    assert figures["warm_calls"] == 0 and figures["warm_cache_hits"] == figures["chunks"]
    assert figures["records_equal"] and figures["realistic"]["cold_calls"] == figures["calls"]
    assert _written(tmp_path, "cache")["warm_calls"] == 0


def test_summary_table_rows() -> None:
    o = {"overhead_pct": 5.0, "chunks": 200, "latency_s": 0.1, "concurrency": 16, "floor_overhead_pct": 4.0,
         "client_cpu_ms_per_chunk": 2.0, "target_overhead_pct": 3.0, "target_met": False}
    c = {"rows": [{"concurrency": 1, "speedup": 1.0, "floor_speedup": 1.0},
                  {"concurrency": 16, "speedup": 14.0, "floor_speedup": 15.0}],
         "target_speedup_at_16": 12.0, "target_met": True}
    k = {"warm_s": 0.1, "warm_calls": 0, "fast": {"ratio": 4.0}, "target_ratio": 100.0, "target_met": True,
         "realistic": {"latency_s": 1.5, "ratio": 150.0, "extract_stage_ratio": 300.0}}
    s = {"rows": [{"mentions": 1000, "seconds": 0.2, "peak_rss_mib": 110.0},
                  {"mentions": 100000, "seconds": 20.0, "peak_rss_mib": 900.0}]}
    rows = run_all.summary_rows(o, c, k, s)
    assert [r[0] for r in rows] == ["1", "2", "3", "5"]
    assert [r[4] for r in rows] == ["NO", "yes", "yes", "yes"]
    assert "150.0×" in rows[2][2] and "100k: 20.0 s" in rows[3][2]
    assert len(run_all.summary_rows(o, c, k, None, consolidation=False)) == 3


def _row(pos: float, edu: float, people: float, seconds: float | None) -> dict:
    return {"calls": 3 if seconds else 0, "seconds_per_1k_chars": seconds or 0.5,
            "scores": {"positions": {"f1": pos}, "education": {"f1": edu}, "persons": {"recall": people}}}


def test_compare_reads_each_set_and_the_mean_with_a_fallback_name() -> None:
    from bench import compare

    results = {"real-val/new-val": _row(0.8, 0.6, 0.9, 20.0), "real-fresh/new-fresh": _row(0.6, 0.4, 0.7, None),
               "real-val/old-val": _row(0.7, 0.5, 0.8, 18.0), "real-fresh/first-fresh": _row(0.5, 0.3, 0.6, 19.0)}
    header, new, old, missing = compare.table(results, ["new", "old=first", "none"], ["val", "fresh"])
    assert "val" in header and "fresh" in header
    assert "0.800·0.60·0.90" in new and "20.0s" in new and new.rstrip().endswith("0.700 · 0.50 · 0.80")
    assert "0.500·0.30·0.60" in old, "fresh read under the fallback name"
    assert old.rstrip().endswith("0.600 · 0.40 · 0.70")
    assert missing.rstrip().endswith("– (of 0)")
