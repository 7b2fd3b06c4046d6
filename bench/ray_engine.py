"""Benchmark (issue 10): the Ray engine against the local engine, and Ray's fixed start-up cost.

Synthetic chunks against a loopback fake OpenAI server (own process, threaded) that answers every request with the
same valid reply after a fixed latency (200 ms). Both engines get the same total requests in flight (local:
``--concurrency``; Ray: ``--actors`` x ``--in-flight``) and a fresh answer cache. Timed: the extract stage only —
for the local engine ``extract_chunks``; for the Ray engine ``extract_with_ray`` with Ray already started (chunk
keys, parquet chunks, Ray Data over an actor pool, result parquet, rows read back into ChunkResults). The fixed
cost is measured apart: ``ray.init`` on this machine, then four runs of 8 chunks (one latency of work each), the
first and the median of the other three.

    /work/venv/bin/python bench/ray_engine.py [--sizes 1000,10000] [--latency 0.2] [--actors 2] [--in-flight 32]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import fake_server, synthetic_chunks, write_result
from extract.config import Settings
from extract.llm.cache import ResultCache
from extract.llm.client import Extractor, make_client
from extract.llm.usage import Usage
from extract.pipeline import extract_chunks


def local_run(chunks: list[Any], settings: Settings, cache_dir: Path) -> tuple[float, Usage, int]:
    usage = Usage()
    with ResultCache(cache_dir) as cache:
        extractor = Extractor(settings, make_client(settings), cache, usage)
        started = time.perf_counter()
        results = asyncio.run(extract_chunks(chunks, extractor, settings.concurrency))
        seconds = time.perf_counter() - started
    return seconds, usage, sum(r.error is not None for r in results)


def ray_run(chunks: list[Any], settings: Settings, work_dir: Path) -> tuple[float, Usage, int]:
    from extract.engines.ray import extract_with_ray

    usage = Usage()
    started = time.perf_counter()
    results = extract_with_ray(chunks, settings, base_url=settings.base_url or "", work_dir=work_dir, usage=usage)
    seconds = time.perf_counter() - started
    return seconds, usage, sum(r.error is not None for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=64, help="local engine: requests in flight")
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--in-flight", type=int, default=32, help="Ray engine: requests in flight per actor")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    logging.getLogger("instructor").setLevel(logging.CRITICAL)

    figures: dict[str, Any] = {
        "latency_s": args.latency, "local_concurrency": args.concurrency, "ray_actors": args.actors,
        "ray_in_flight_per_actor": args.in_flight, "sizes": {},
    }
    # The server process is forked before Ray starts (forking a process with Ray's threads is unsafe).
    with fake_server(args.latency) as (url, stats), tempfile.TemporaryDirectory() as tmp:
        base = Settings(base_url=url, model="fake", concurrency=args.concurrency, engine="ray",
                        ray_actors=args.actors, ray_in_flight=args.in_flight)

        started = time.perf_counter()
        import ray
        import ray.data

        ray.init(include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        init_s = time.perf_counter() - started
        figures["loadavg_1m_at_start"] = round(os.getloadavg()[0], 2)
        small = []
        for n in range(4):  # the first run, then three more: the machine is shared and single timings are noisy
            seconds, _, errors = ray_run(synthetic_chunks(8, f"small{n}-"), _with(base, Path(tmp) / f"c-small{n}"),
                                         Path(tmp) / f"w-small{n}")
            assert not errors
            small.append(seconds)
        first_s = small[0]
        per_run = statistics.median(small[1:]) - args.latency
        figures["startup"] = {
            "ray_init_s": round(init_s, 2), "first_run_8_chunks_s": round(first_s, 2),
            "later_runs_8_chunks_s": [round(x, 2) for x in small[1:]], "per_run_fixed_s": round(per_run, 2),
            "note": "ray.init: once per command; per-run fixed cost = a run of 8 chunks (one latency of work) minus "
                    "that latency (median of the later runs): chunk parquet, Ray Data planning, starting the actor "
                    "pool (new worker processes importing extract), result parquet; every run pays it, since the "
                    "actors live for one dataset",
        }
        print(f"ray.init {init_s:.2f} s, runs of 8 chunks {', '.join(f'{x:.2f}' for x in small)} s", flush=True)

        for size in sizes:
            ideal = size * args.latency / args.concurrency
            row: dict[str, Any] = {"ideal_s": round(ideal, 2)}
            for engine in ("local", "ray"):
                chunks = synthetic_chunks(size, f"{engine}{size}-")
                settings = _with(base, Path(tmp) / f"c-{engine}{size}")
                if engine == "local":
                    seconds, usage, errors = local_run(chunks, settings, settings.cache_dir)
                else:
                    seconds, usage, errors = ray_run(chunks, settings, Path(tmp) / f"w-{size}")
                assert usage.calls == size and not errors, (engine, usage.calls, errors)
                row[engine] = {"seconds": round(seconds, 2), "chunks_per_s": round(size / seconds, 1)}
                print(f"{size:>6} chunks  {engine:<5} {seconds:7.2f} s  {size / seconds:7.1f} chunks/s "
                      f"(ideal {ideal:.2f} s)", flush=True)
            row["ray_vs_local"] = round(row["local"]["seconds"] / row["ray"]["seconds"], 2)
            row["ray_cold_command_s"] = round(init_s + row["ray"]["seconds"], 2)  # ray.init + this run
            steady = row["ray"]["seconds"] - per_run
            row["ray_chunks_per_s_without_per_run_fixed"] = round(size / steady, 1) if steady > 0 else None
            figures["sizes"][str(size)] = row
        ray.shutdown()
    figures["server"] = stats
    figures["loadavg_1m_at_end"] = round(os.getloadavg()[0], 2)
    figures["note"] = ("one 2-core machine shared with other work; the fake server, the driver and the actors "
                       "compete for the same two cores, so this measures overhead, not cluster scaling")
    write_result("ray_engine", figures)


def _with(settings: Settings, cache_dir: Path) -> Settings:
    from dataclasses import replace

    return replace(settings, cache_dir=cache_dir)


if __name__ == "__main__":
    main()
