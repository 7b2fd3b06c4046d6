"""Issue 10: the default resolver against ``--resolver splink`` on the seeds and on synthetic mentions.

Seeds: the five seed articles replayed from the end-to-end cassette (no model; vcrpy answers), both resolvers on
the same mentions, every merge one makes and the other does not listed by name. Synthetic: bench/consolidation.py's
generator; each (size, resolver) in a fresh child process for time, CPU time and peak RSS; pairwise precision and
recall against the generator's people, and how many mention pairs the two resolvers cluster differently.

    /work/venv/bin/python bench/consolidation_splink.py [--sizes 1000,10000,100000] [--seed 8] [--no-seeds]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, write_result
from bench.consolidation import _peak_mib, make_corpus, pairwise_scores

CASSETTE = ROOT / "cassettes" / "test_seeds_e2e" / "test_seeds_end_to_end.yaml"


def _resolver(name: str):
    if name == "splink":
        from extract.consolidate.splink_resolver import resolve_with_splink

        return resolve_with_splink
    from extract.consolidate.resolve import resolve

    return resolve


def _labels(clusters: list[list[int]], size: int) -> list[int]:
    label = list(range(size))  # dropped mentions stay singletons
    for number, cluster in enumerate(clusters):
        for i in cluster:
            label[i] = size + number
    return label


def agreement(left: list[int], right: list[int]) -> dict:
    """Mention pairs clustered together by both, by the left only, by the right only (contingency counts)."""
    pairs = lambda counts: sum(c * (c - 1) // 2 for c in counts)  # noqa: E731
    both = pairs(Counter(zip(left, right, strict=True)).values())
    return {"pairs_both": both, "pairs_default_only": pairs(Counter(left).values()) - both,
            "pairs_splink_only": pairs(Counter(right).values()) - both}


def one(size: int, seed: int, resolver: str, labels_out: Path) -> dict:
    from extract.consolidate import OrgTable
    from extract.consolidate.records import build_records

    table = OrgTable.load()
    resolve = _resolver(resolver)
    warm, _ = make_corpus(60, seed + 1)
    resolve(warm, table)  # untimed: pypinyin, opencc, duckdb loaded
    mentions, truth = make_corpus(size, seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    resolution = resolve(mentions, table)
    records = build_records(mentions, resolution, table)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = _peak_mib()
    labels_out.write_text(json.dumps(_labels(resolution.clusters, len(mentions))))
    return {"resolver": resolver, "mentions": len(mentions), "records": len(records),
            **pairwise_scores(resolution.clusters, truth), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mib": round(peak, 1)}


def seeds_mentions() -> list:
    """The seeds' mentions, extracted by replaying the end-to-end cassette (same as tests/test_seeds_e2e.py)."""
    import vcr

    from extract.config import LOCAL_MODEL_NAME, Settings
    from extract.pipeline import run

    with tempfile.TemporaryDirectory() as tmp, vcr.use_cassette(
            str(CASSETTE), record_mode="none", match_on=["method", "path", "body"], decode_compressed_response=True):
        settings = Settings(base_url="http://127.0.0.1:9/v1", model=LOCAL_MODEL_NAME, cache_dir=Path(tmp) / "cache",
                            concurrency=2)
        result = run([ROOT / "seeds"], settings, Path(tmp) / "out")
    if result.chunk_failures:
        print(f"warning: {len(result.chunk_failures)} chunks not in the cassette (prompt changed?)")
    return result.mentions


def compare_seeds() -> dict:
    from extract.consolidate import OrgTable
    from extract.consolidate.resolve import resolve
    from extract.consolidate.splink_resolver import resolve_with_splink

    mentions = seeds_mentions()
    table = OrgTable.load()
    default, splink = resolve(mentions, table), resolve_with_splink(mentions, table)

    def groups(clusters: list[list[int]]) -> set[tuple[str, ...]]:
        return {tuple(sorted({mentions[i].name for i in c})) for c in clusters}

    only_default = sorted(groups(default.clusters) - groups(splink.clusters))
    only_splink = sorted(groups(splink.clusters) - groups(default.clusters))
    figures = {"mentions": len(mentions), "records_default": len(default.clusters),
               "records_splink": len(splink.clusters), "same_clusters": not only_default and not only_splink,
               "clusters_only_default": [list(g) for g in only_default],
               "clusters_only_splink": [list(g) for g in only_splink],
               **agreement(_labels(default.clusters, len(mentions)), _labels(splink.clusters, len(mentions)))}
    print(f"seeds: {len(mentions)} mentions → default {figures['records_default']} people, splink "
          f"{figures['records_splink']}; same clusters: {figures['same_clusters']}")
    for name, found in (("default only", only_default), ("splink only", only_splink)):
        for group in found:
            print(f"  {name}: {' / '.join(group)}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--no-seeds", action="store_true")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        size, resolver, labels = args.one
        print(json.dumps(one(int(size), args.seed, resolver, Path(labels))))
        return

    figures: dict = {"seed": args.seed}
    if not args.no_seeds:
        figures["seeds"] = compare_seeds()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            labels: dict[str, list[int]] = {}
            for resolver in ("default", "splink"):
                path = Path(tmp) / f"{resolver}.json"
                try:
                    child = subprocess.run(
                        [sys.executable, __file__, "--one", str(size), resolver, str(path), "--seed", str(args.seed)],
                        capture_output=True, text=True, check=True, timeout=args.timeout, cwd=ROOT)
                except subprocess.TimeoutExpired:
                    print(f"{size:>7} {resolver}: over {args.timeout:.0f} s, stopped")
                    rows.append({"mentions": size, "resolver": resolver, "timed_out_after_s": args.timeout})
                    continue
                row = json.loads(child.stdout.strip().splitlines()[-1])
                labels[resolver] = json.loads(path.read_text())
                rows.append(row)
                print(f"{size:>7} {resolver:>7}: {row['records']:>6} records, P {row['pair_precision']:.4f} "
                      f"R {row['pair_recall']:.4f} F1 {row['pair_f1']:.4f}, {row['seconds']:.1f} s "
                      f"({row['cpu_seconds']:.1f} s CPU), peak RSS {row['peak_rss_mib']:.0f} MiB")
            if len(labels) == 2:
                same = agreement(labels["default"], labels["splink"])
                rows.append({"mentions": size, "comparison": same})
                print(f"{size:>7} pairs together in both {same['pairs_both']}, default only "
                      f"{same['pairs_default_only']}, splink only {same['pairs_splink_only']}")
    figures["synthetic"] = rows
    write_result("consolidation_splink", figures)


if __name__ == "__main__":
    main()
