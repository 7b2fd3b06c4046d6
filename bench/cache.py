"""Benchmark 3: the seeds run cold (fake endpoint, 50 ms per reply) and warm (same cache, endpoint gone).

Both runs go through ``extract.pipeline.run`` end to end (ingest → chunk → extract → ground → consolidate → write).
The warm run is made after the fake server has been shut down, so any call it tried would fail.
Target: warm ≥ 100× faster than cold, with 0 calls.

    /work/venv/bin/python bench/cache.py [--latency 0.05] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, fake_server, write_result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8, help="the default for a remote endpoint")
    parser.add_argument("--warm-runs", type=int, default=3, help="warm runs; the median is reported")
    args = parser.parse_args()

    from extract import pipeline
    from extract.config import Settings

    seeds = sorted((ROOT / "seeds").iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # Untimed warm-up of imports and lazy tables (org table, pypinyin, opencc) on its own cache.
        with fake_server(0.0) as (url, _):
            warm_settings = Settings(base_url=url, model="fake", cache_dir=tmp_path / "warmup",
                                     concurrency=args.concurrency)
            pipeline.run(seeds[:1], warm_settings, tmp_path / "warmup-out")
        with fake_server(args.latency) as (url, stats):
            settings = Settings(base_url=url, model="fake", cache_dir=tmp_path / "cache", concurrency=args.concurrency)
            started = time.perf_counter()
            cold = pipeline.run(seeds, settings, tmp_path / "cold")
            cold_s = time.perf_counter() - started
        warm_runs = []
        for i in range(args.warm_runs):
            started = time.perf_counter()
            warm = pipeline.run(seeds, settings, tmp_path / f"warm{i}")
            warm_runs.append((time.perf_counter() - started, warm))
    warm_s, warm = sorted(warm_runs, key=lambda x: x[0])[len(warm_runs) // 2]
    assert cold.ok and warm.ok, "both runs must succeed"
    cold_extract = cold.usage.stage_seconds.get("extract", 0.0)
    warm_extract = warm.usage.stage_seconds.get("extract", 0.0)
    figures = {
        "seeds": len(seeds), "chunks": len(cold.chunks), "latency_s": args.latency, "concurrency": args.concurrency,
        "cold_s": round(cold_s, 4), "cold_calls": cold.usage.calls, "server_requests": stats["requests"],
        "warm_s": round(warm_s, 4), "warm_calls": warm.usage.calls, "warm_cache_hits": warm.usage.cache_hits,
        "ratio": round(cold_s / warm_s, 2),
        "cold_stage_s": {k: round(v, 4) for k, v in cold.usage.stage_seconds.items()},
        "warm_stage_s": {k: round(v, 4) for k, v in warm.usage.stage_seconds.items()},
        "extract_stage_ratio": round(cold_extract / warm_extract, 2) if warm_extract else None,
        "records_equal": [r.model_dump() for r in cold.records] == [r.model_dump() for r in warm.records],
        "target_ratio": 100, "target_calls": 0,
    }
    figures["target_met"] = figures["ratio"] >= 100 and figures["warm_calls"] == 0
    print(f"{len(seeds)} seeds, {len(cold.chunks)} chunks, fake endpoint {args.latency * 1000:.0f} ms, "
          f"concurrency {args.concurrency}")
    print(f"  cold: {cold_s:.3f} s, {cold.usage.calls} calls   stages {figures['cold_stage_s']}")
    print(f"  warm: {warm_s:.3f} s (median of {args.warm_runs}), {warm.usage.calls} calls, "
          f"{warm.usage.cache_hits} cache hits   stages {figures['warm_stage_s']}")
    print(f"  cold/warm: {figures['ratio']}× (extract stage alone: {figures['extract_stage_ratio']}×); "
          f"records equal: {figures['records_equal']}")
    print(f"  target ≥ 100× and 0 calls: {'met' if figures['target_met'] else 'MISSED'}")
    write_result("cache", figures)


if __name__ == "__main__":
    main()
