"""Benchmark 1: pipeline overhead over the ideal wall time, against a fake endpoint with a fixed latency.

200 synthetic chunks through ``extract_chunks`` (fresh cache) at concurrency 16 against a loopback fake OpenAI server
(own process, threaded, keep-alive) that answers every request with the same valid reply after 100 ms. Ideal wall
time = calls × latency ÷ concurrency. Target: overhead ≤ 3 %.

Also measured, to tell the pipeline's share from the set-up's: the same number of bare HTTP requests against the
same server (the floor: server, loopback and a shared machine), and the client's CPU per chunk against a
zero-latency server (process CPU time, which the machine's load disturbs less than wall time).

    /work/venv/bin/python bench/overhead.py [--chunks 200] [--latency 0.1] [--concurrency 16] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    fake_server,
    median,
    raw_http,
    run_chunks_timed,
    sample_request_body,
    synthetic_chunks,
    write_result,
)

TARGET_PCT = 3.0


def measure(chunks: int, latency: float, concurrency: int, repeat: int) -> dict[str, Any]:
    body = sample_request_body()
    runs, floors = [], []
    with fake_server(latency) as (url, stats), tempfile.TemporaryDirectory() as tmp:
        # Warm-up (imports, first connections, lazy tables) on other chunks and another cache, not timed.
        asyncio.run(run_chunks_timed(synthetic_chunks(concurrency, "warm"), url, Path(tmp) / "warm", concurrency))
        for r in range(repeat):  # pipeline and floor alternate, so both see the same machine load
            results, usage, seconds, _ = asyncio.run(
                run_chunks_timed(synthetic_chunks(chunks, f"r{r}"), url, Path(tmp) / f"cache{r}", concurrency))
            assert usage.calls == chunks and not any(x.error for x in results), "every chunk must make one call"
            runs.append(round(seconds, 4))
            floors.append(round(asyncio.run(raw_http(url, chunks, concurrency, body)), 4))
    with fake_server(0.0) as (url0, _), tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run_chunks_timed(synthetic_chunks(concurrency, "warm"), url0, Path(tmp) / "warm", concurrency))
        zero = [asyncio.run(run_chunks_timed(synthetic_chunks(chunks, f"z{r}"), url0, Path(tmp) / f"z{r}",
                                             concurrency))[2:] for r in range(repeat)]

    wall, floor = median(runs), median(floors)
    ideal = chunks * latency / concurrency
    waves = math.ceil(chunks / concurrency) * latency  # whole batches: the lower bound when chunks % concurrency
    overhead = 100 * (wall / ideal - 1) if ideal else float("inf")
    return {
        "chunks": chunks, "latency_s": latency, "concurrency": concurrency, "repeat": repeat,
        "wall_s": wall, "wall_runs_s": runs, "ideal_s": round(ideal, 4), "overhead_pct": round(overhead, 2),
        "ideal_in_waves_s": round(waves, 4),
        "overhead_vs_waves_pct": round(100 * (wall / waves - 1), 2) if waves else None,
        "floor_s": floor, "floor_runs_s": floors,
        "floor_overhead_pct": round(100 * (floor / ideal - 1), 2) if ideal else None,
        "pipeline_over_floor_pct": round(100 * (wall / floor - 1), 2),
        "zero_latency_wall_ms_per_chunk": round(1000 * median([w for w, _ in zero]) / chunks, 3),
        "client_cpu_ms_per_chunk": round(1000 * median([c for _, c in zero]) / chunks, 3),
        "server_max_in_flight": stats["max_in_flight"],
        "target_overhead_pct": TARGET_PCT, "target_met": overhead <= TARGET_PCT,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="runs; medians are reported")
    parser.add_argument("--results", help="directory for overhead.json (default bench/results, $BENCH_RESULTS_DIR)")
    args = parser.parse_args(argv)

    f = measure(args.chunks, args.latency, args.concurrency, args.repeat)
    print(f"{f['chunks']} chunks, {args.latency * 1000:.0f} ms latency, concurrency {f['concurrency']}, "
          f"medians of {f['repeat']}")
    print(f"  pipeline wall: {f['wall_s']:.3f} s   ideal: {f['ideal_s']:.3f} s   overhead: {f['overhead_pct']} %  "
          f"(vs whole waves {f['ideal_in_waves_s']:.3f} s: {f['overhead_vs_waves_pct']} %)")
    print(f"  floor (bare HTTP, same server): {f['floor_s']:.3f} s = {f['floor_overhead_pct']} % over ideal; "
          f"the pipeline adds {f['pipeline_over_floor_pct']} % to it")
    print(f"  zero-latency server: {f['zero_latency_wall_ms_per_chunk']:.2f} ms wall and "
          f"{f['client_cpu_ms_per_chunk']:.2f} ms client CPU per chunk")
    print(f"  target ≤ {TARGET_PCT:g} %: {'met' if f['target_met'] else 'MISSED'}")
    write_result("overhead", f, args.results)
    return f


if __name__ == "__main__":
    main()
