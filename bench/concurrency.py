"""Benchmark 2: speed-up with concurrency against a fake endpoint with a fixed latency.

128 synthetic chunks through ``extract_chunks`` (fresh cache each time) at concurrency 1, 4, 16 and 64 against a
loopback fake OpenAI server (own process, threaded, keep-alive) answering a fixed valid reply after 100 ms; at each
level the same number of bare HTTP requests too (the floor of the set-up, see ``overhead.py``).
Target: ≥ 12× speed-up at 16 over serial.

    /work/venv/bin/python bench/concurrency.py [--chunks 128] [--latency 0.1] [--levels 1,4,16,64] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
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

TARGET_AT_16 = 12.0


def measure(chunks: int, latency: float, levels: list[int], repeat: int) -> dict[str, Any]:
    body = sample_request_body()
    rows = []
    with fake_server(latency) as (url, _stats), tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run_chunks_timed(synthetic_chunks(8, "warm"), url, Path(tmp) / "warm", 8))  # imports, connects
        for level in levels:
            # Serial runs are long and already average over every call: once. Faster levels: the median of repeat.
            walls, floors = [], []
            for r in range(1 if level == 1 else repeat):
                results, usage, seconds, _ = asyncio.run(run_chunks_timed(
                    synthetic_chunks(chunks, f"c{level}-{r}-"), url, Path(tmp) / f"c{level}-{r}", level))
                assert usage.calls == chunks and not any(x.error for x in results)
                walls.append(seconds)
                floors.append(asyncio.run(raw_http(url, chunks, level, body)))
            ideal = chunks * latency / level
            wall, floor = median(walls), median(floors)
            rows.append({"concurrency": level, "wall_s": round(wall, 4), "ideal_s": round(ideal, 4),
                         "efficiency": round(ideal / wall, 3), "floor_s": round(floor, 4)})
    serial, serial_floor = rows[0]["wall_s"], rows[0]["floor_s"]
    for row in rows:
        row["speedup"] = round(serial / row["wall_s"], 2)
        row["floor_speedup"] = round(serial_floor / row["floor_s"], 2)
    at16 = next((r["speedup"] for r in rows if r["concurrency"] == 16), None)
    return {"chunks": chunks, "latency_s": latency, "repeat": repeat, "rows": rows, "speedup_at_16": at16,
            "target_speedup_at_16": TARGET_AT_16, "target_met": at16 is not None and at16 >= TARGET_AT_16}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=128)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--levels", default="1,4,16,64")
    parser.add_argument("--repeat", type=int, default=3, help="runs per level above 1; medians are reported")
    parser.add_argument("--results", help="directory for concurrency.json (default bench/results)")
    args = parser.parse_args(argv)

    f = measure(args.chunks, args.latency, [int(x) for x in args.levels.split(",")], args.repeat)
    print(f"{f['chunks']} chunks, {args.latency * 1000:.0f} ms latency")
    print(f"{'concurrency':>11} {'wall s':>8} {'ideal s':>8} {'speed-up':>9} {'efficiency':>10} "
          f"{'floor s':>8} {'floor speed-up':>14}")
    for row in f["rows"]:
        print(f"{row['concurrency']:>11} {row['wall_s']:>8.3f} {row['ideal_s']:>8.3f} {row['speedup']:>8.2f}× "
              f"{row['efficiency']:>10.2f} {row['floor_s']:>8.3f} {row['floor_speedup']:>13.2f}×")
    print(f"speed-up at 16 over serial: {f['speedup_at_16']}×; target ≥ {TARGET_AT_16:g}×: "
          f"{'met' if f['target_met'] else 'MISSED'}")
    write_result("concurrency", f, args.results)
    return f


if __name__ == "__main__":
    main()
