"""Run benchmarks 1, 2, 3 and 5 (no model needed) and print one summary table: ``python -m bench`` or ``bench/run_all``.

1 overhead, 2 concurrency and 3 cache run in this process one after another (each against its own fake endpoint in
a child process); 5 consolidation runs as ``bench/consolidation.py`` at sizes that finish in a few minutes. Every
benchmark writes its JSON to the results directory (``--results``, default ``bench/results``). ``--quick`` runs
tiny sizes, to check that everything still works (about half a minute; the figures mean nothing).
Benchmarks 4 (embedded model) and 6 (langextract) are run by hand, see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cache, concurrency, overhead
from bench._common import ROOT, machine, results_dir

QUICK = {
    "overhead": ["--chunks", "32", "--latency", "0.02", "--repeat", "1"],
    "concurrency": ["--chunks", "16", "--latency", "0.02", "--levels", "1,4,16", "--repeat", "1"],
    "cache": ["--seeds", "2", "--latency", "0.01", "--real-latency", "0.1", "--warm-runs", "1"],
    "consolidation": "300,1000",
}
DEFAULT_CONSOLIDATION_SIZES = "1000,10000,30000"


def run_consolidation(sizes: str, results: Path) -> dict[str, Any] | None:
    """``bench/consolidation.py`` in its own process (it starts one per size itself); its JSON result, or None."""
    env = {**os.environ, "BENCH_RESULTS_DIR": str(results)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "consolidation.py"), "--sizes", sizes],
                          cwd=ROOT, env=env, check=False)
    path = results / "consolidation.json"
    if done.returncode != 0 or not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def summary_rows(o: dict[str, Any], c: dict[str, Any], k: dict[str, Any], s: dict[str, Any] | None,
                 consolidation: bool = True) -> list[tuple[str, str, str, str, str]]:
    yes = lambda met: "yes" if met else "NO"  # noqa: E731
    rows = [
        ("1", "overhead", f"+{o['overhead_pct']} % over ideal ({o['chunks']} chunks, {o['latency_s'] * 1000:g} ms, "
         f"conc. {o['concurrency']}); floor +{o['floor_overhead_pct']} %; {o['client_cpu_ms_per_chunk']} ms CPU/chunk",
         f"≤ {o['target_overhead_pct']:g} %", yes(o["target_met"])),
        ("2", "concurrency", ", ".join(f"{r['concurrency']}: {r['speedup']}×" for r in c["rows"])
         + f" (floor at 16: {next((r['floor_speedup'] for r in c['rows'] if r['concurrency'] == 16), '-')}×)",
         f"≥ {c['target_speedup_at_16']:g}× at 16", yes(c["target_met"])),
    ]
    real = k.get("realistic")
    figure = f"warm {k['warm_s']:.3f} s, {k['warm_calls']} calls; fast cold {k['fast']['ratio']}×"
    if real:
        figure += (f"; realistic cold ({real['latency_s']:g} s/call) {real['ratio']}× "
                   f"(extract {real['extract_stage_ratio']}×)")
    rows.append(("3", "cache", figure, f"≥ {k['target_ratio']:g}×, 0 calls", yes(k["target_met"])))
    if not consolidation:
        pass
    elif s is None:
        rows.append(("5", "consolidation", "failed (see above)", "100k < 30 s, < 2 GiB", "NO"))
    else:
        cells = []
        for row in s.get("rows", []):
            if "seconds" in row:
                cells.append(f"{row['mentions'] // 1000 or row['mentions']}{'k' if row['mentions'] >= 1000 else ''}: "
                             f"{row['seconds']} s, {row.get('peak_rss_mib', '?')} MiB")
            else:
                cells.append(f"{row.get('mentions')}: stopped")
        big = [r for r in s.get("rows", []) if r.get("mentions", 0) >= 100_000 and "seconds" in r]
        met = bool(big) and big[0]["seconds"] < 30 and big[0].get("peak_rss_mib", 1e9) < 2048
        rows.append(("5", "consolidation", "; ".join(cells), "100k < 30 s, < 2 GiB",
                     yes(met) if big else "not at 100k"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", help="directory for the JSON results (default bench/results)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the benchmarks run, in ~30 s")
    parser.add_argument("--consolidation-sizes", help=f"default {DEFAULT_CONSOLIDATION_SIZES}")
    parser.add_argument("--skip-consolidation", action="store_true")
    args = parser.parse_args(argv)
    results = results_dir(args.results)
    extra = ["--results", str(results)]
    started = time.perf_counter()

    print("== 1. overhead", flush=True)
    o = overhead.main((QUICK["overhead"] if args.quick else []) + extra)
    print("\n== 2. concurrency", flush=True)
    c = concurrency.main((QUICK["concurrency"] if args.quick else []) + extra)
    print("\n== 3. cache", flush=True)
    k = cache.main((QUICK["cache"] if args.quick else []) + extra)
    s = None
    if not args.skip_consolidation:
        print("\n== 5. consolidation", flush=True)
        sizes = args.consolidation_sizes or (QUICK["consolidation"] if args.quick else DEFAULT_CONSOLIDATION_SIZES)
        s = run_consolidation(sizes, results)

    info = machine()
    print(f"\nSummary ({info.get('cpu', '?')}, {info['cpu_count']} cores, load {info.get('loadavg_1m', '?')}, "
          f"Python {info['python']}; {time.perf_counter() - started:.0f} s; results in {results})")
    rows = summary_rows(o, c, k, s, consolidation=not args.skip_consolidation)
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in [("#", "benchmark", "figure", "target", "met"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True)).rstrip())
    return 0 if s is not None or args.skip_consolidation else 1


if __name__ == "__main__":
    raise SystemExit(main())
