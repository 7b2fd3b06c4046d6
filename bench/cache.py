"""Benchmark 3: the seeds run cold (fake endpoint) and warm (same cache, endpoint gone).

Every run goes through ``extract.pipeline.run`` end to end (ingest → chunk → extract → ground → consolidate → write),
in this process, after an untimed warm-up (imports, org table, pinyin and opencc tables, SSL context), so the times
are the run's own work, not Python start-up. Cold runs:

* ``fast``: a fake endpoint answering in 50 ms at concurrency 8 (a fast remote server);
* ``realistic``: 1.5 s per call at concurrency 2, the embedded model's set-up (2 slots) with its ~25 s a chunk
  scaled down so the benchmark takes seconds.

Warm runs are made after the fake servers have been shut down, so any call they tried would fail. Ratios are given
for the whole run and for the extract stage alone, and the per-call latency at which the whole-run ratio would
reach the target. Target: warm ≥ 100× faster than cold, with 0 calls.

    /work/venv/bin/python bench/cache.py [--latency 0.05] [--concurrency 8] [--real-latency 1.5] [--warm-runs 3]
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, fake_server, median, write_result

TARGET_RATIO = 100.0


def _timed_run(paths: list[Path], settings: Any, out: Path) -> tuple[float, Any]:
    from extract import pipeline

    started = time.perf_counter()
    result = pipeline.run(paths, settings, out)
    seconds = time.perf_counter() - started
    # pipeline.run leaves its HTTP client to the garbage collector; collected inside the next run's event loop, its
    # kept-alive connections would try to close on that loop ("Event loop is closed"). Collect it here, untimed.
    gc.collect()
    return seconds, result


def _stages(result: Any) -> dict[str, float]:
    return {k: round(v, 4) for k, v in result.usage.stage_seconds.items()}


def measure(paths: list[Path], latency: float, concurrency: int, real_latency: float, real_concurrency: int,
            warm_runs: int) -> dict[str, Any]:
    from extract.config import Settings

    def settings(url: str, cache: Path, level: int) -> Settings:
        return Settings(base_url=url, model="fake", cache_dir=cache, concurrency=level)

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with fake_server(0.0) as (url, _):  # untimed warm-up on its own cache
            _timed_run(paths[:1], settings(url, tmp_path / "warmup", concurrency), tmp_path / "warmup-out")
        with fake_server(latency) as (url, stats):
            fast = settings(url, tmp_path / "cache", concurrency)
            cold_s, cold = _timed_run(paths, fast, tmp_path / "cold")
        real_s = real = None
        if real_latency > 0:
            with fake_server(real_latency) as (url, _):
                real_s, real = _timed_run(paths, settings(url, tmp_path / "cache-real", real_concurrency),
                                          tmp_path / "cold-real")
        warm = [_timed_run(paths, fast, tmp_path / f"warm{i}") for i in range(warm_runs)]
    warm_s = median([s for s, _ in warm])
    warm_result = sorted(warm, key=lambda x: x[0])[len(warm) // 2][1]
    assert cold.ok and all(w.ok for _, w in warm), "every run must succeed"
    warm_extract = median([w.usage.stage_seconds.get("extract", 0.0) for _, w in warm])
    calls = cold.usage.calls

    def ratios(cold_seconds: float, cold_result: Any) -> dict[str, Any]:
        extract_s = cold_result.usage.stage_seconds.get("extract", 0.0)
        return {"ratio": round(cold_seconds / warm_s, 2),
                "extract_stage_ratio": round(extract_s / warm_extract, 2) if warm_extract else None}

    figures: dict[str, Any] = {
        "seeds": len(paths), "chunks": len(cold.chunks), "calls": calls,
        "fast": {"latency_s": latency, "concurrency": concurrency, "cold_s": round(cold_s, 4),
                 "cold_calls": calls, "server_requests": stats["requests"], "cold_stage_s": _stages(cold),
                 **ratios(cold_s, cold)},
        "warm_s": round(warm_s, 4), "warm_runs_s": [round(s, 4) for s, _ in warm],
        "warm_calls": max(w.usage.calls for _, w in warm), "warm_cache_hits": warm_result.usage.cache_hits,
        "warm_stage_s": _stages(warm_result),
        "warm_other_s": round(warm_s - sum(warm_result.usage.stage_seconds.values()), 4),
        "records_equal": all([r.model_dump() for r in cold.records] == [r.model_dump() for r in w.records]
                             for _, w in warm),
        "target_ratio": TARGET_RATIO, "target_calls": 0,
    }
    if real is not None and real_s is not None:
        assert real.ok and real.usage.calls == calls
        waves = math.ceil(calls / real_concurrency)
        fixed = real_s - waves * real_latency  # everything in the cold run but the waiting
        figures["realistic"] = {
            "latency_s": real_latency, "concurrency": real_concurrency, "cold_s": round(real_s, 4),
            "cold_calls": real.usage.calls, "cold_stage_s": _stages(real), **ratios(real_s, real),
            # per-call latency at which cold / warm = target, with this run's fixed work
            "latency_for_target_s": round(max(0.0, (TARGET_RATIO * warm_s - fixed) / waves), 3),
        }
    headline = figures.get("realistic", figures["fast"])
    figures["target_met"] = headline["ratio"] >= TARGET_RATIO and figures["warm_calls"] == 0
    figures["target_met_fast"] = figures["fast"]["ratio"] >= TARGET_RATIO and figures["warm_calls"] == 0
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8, help="the default for a remote endpoint")
    parser.add_argument("--real-latency", type=float, default=1.5, help="0: skip the realistic cold run")
    parser.add_argument("--real-concurrency", type=int, default=2)
    parser.add_argument("--warm-runs", type=int, default=3, help="warm runs; the median is reported")
    parser.add_argument("--seeds", type=int, help="only the first N seed files")
    parser.add_argument("--results", help="directory for cache.json (default bench/results)")
    args = parser.parse_args(argv)

    paths = sorted((ROOT / "seeds").iterdir())[: args.seeds]
    f = measure(paths, args.latency, args.concurrency, args.real_latency, args.real_concurrency, args.warm_runs)
    fast = f["fast"]
    print(f"{f['seeds']} seeds, {f['chunks']} chunks, {f['calls']} calls")
    print(f"  warm: {f['warm_s']:.3f} s (median of {len(f['warm_runs_s'])}), {f['warm_calls']} calls, "
          f"{f['warm_cache_hits']} cache hits; stages {f['warm_stage_s']}, writes etc. {f['warm_other_s']} s")
    print(f"  cold, {fast['latency_s'] * 1000:.0f} ms a call, concurrency {fast['concurrency']}: "
          f"{fast['cold_s']:.3f} s → {fast['ratio']}× (extract stage {fast['extract_stage_ratio']}×)")
    if "realistic" in f:
        real = f["realistic"]
        print(f"  cold, {real['latency_s']:g} s a call, concurrency {real['concurrency']}: {real['cold_s']:.3f} s → "
              f"{real['ratio']}× (extract stage {real['extract_stage_ratio']}×); {TARGET_RATIO:g}× is reached at "
              f"{real['latency_for_target_s']} s a call")
    print(f"  records equal: {f['records_equal']}; target ≥ {TARGET_RATIO:g}× and 0 calls: "
          f"{'met' if f['target_met'] else 'MISSED'}")
    write_result("cache", f, args.results)
    return f


if __name__ == "__main__":
    main()
