"""Benchmark 2: speed-up with concurrency against a fake endpoint with a fixed latency.

128 synthetic chunks through ``extract_chunks`` (fresh cache each time) at concurrency 1, 4, 16 and 64 against a
loopback fake OpenAI server (own process, threaded) answering a fixed valid reply after 100 ms.
Target: ≥ 12× speed-up at 16 over serial.

    /work/venv/bin/python bench/concurrency.py [--chunks 128] [--latency 0.1] [--levels 1,4,16,64]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import fake_server, run_chunks, synthetic_chunks, write_result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=128)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--levels", default="1,4,16,64")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    rows = []
    with fake_server(args.latency) as (url, _stats), tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run_chunks(synthetic_chunks(8, "warm"), url, Path(tmp) / "warm", 8))  # imports, first connects
        for level in levels:
            chunks = synthetic_chunks(args.chunks, f"c{level}-")
            results, usage, seconds = asyncio.run(run_chunks(chunks, url, Path(tmp) / f"c{level}", level))
            assert usage.calls == args.chunks and not any(r.error for r in results)
            ideal = args.chunks * args.latency / level
            rows.append({"concurrency": level, "wall_s": round(seconds, 4), "ideal_s": round(ideal, 4),
                         "efficiency": round(ideal / seconds, 3)})
    serial = rows[0]["wall_s"]
    print(f"{args.chunks} chunks, {args.latency * 1000:.0f} ms latency")
    print(f"{'concurrency':>11} {'wall s':>8} {'ideal s':>8} {'speed-up':>9} {'efficiency':>10}")
    for row in rows:
        row["speedup"] = round(serial / row["wall_s"], 2)
        print(f"{row['concurrency']:>11} {row['wall_s']:>8.3f} {row['ideal_s']:>8.3f} {row['speedup']:>8.2f}× "
              f"{row['efficiency']:>10.2f}")
    at16 = next((r["speedup"] for r in rows if r["concurrency"] == 16), None)
    met = at16 is not None and at16 >= 12
    print(f"speed-up at 16 over serial: {at16}×; target ≥ 12×: {'met' if met else 'MISSED'}")
    write_result("concurrency", {"chunks": args.chunks, "latency_s": args.latency, "rows": rows,
                                 "speedup_at_16": at16, "target_speedup_at_16": 12, "target_met": met})


if __name__ == "__main__":
    main()
