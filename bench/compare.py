"""Compare configurations of ``bench/quality.py`` over several real-article sets at once, with their mean.

Why (session 19): a request change is a new draw of the same small model, and each set moves with it. Every variant
measured that session gained 0.08–0.10 positions F1 on the set where the default scored lowest (fresh5) and lost on
the one where it scored highest (val), so a change looks good or bad depending on the set it is first tried on.
This prints, for each configuration, each set's positions, education and people figures and time per 1k characters,
and the mean over the sets, from ``bench/results/quality.json`` (no model, no run):

    python bench/compare.py --configs s19,c600-s19 --sets val,fresh3,fresh4,fresh5
    python bench/compare.py --configs s19=final-s18,c600-s19 --sets fresh4,fresh5   # a row under another name

A configuration runs under ``NAME-SET`` on each set (``c600-s19-val``); ``A=B`` reads ``B-SET`` where ``A-SET`` has
no row (the same code's replies scored under another name). ``--sets dev`` or ``seeds`` read ``NAME`` itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import RESULTS

CORPUS = {"seeds": "seeds", "dev": "real-dev"}  # every other set S is the corpus real-S


def row_for(results: dict[str, Any], config: str, fallback: str | None, split: str) -> dict[str, Any] | None:
    """The row of ``config`` on ``split``, or of ``fallback`` there when ``config`` has none."""
    corpus = CORPUS.get(split, f"real-{split}")
    suffix = "" if split in CORPUS else f"-{split}"
    for name in (config, fallback):
        if name is not None and (row := results.get(f"{corpus}/{name}{suffix}")) is not None:
            return row
    return None


def figures(row: dict[str, Any]) -> tuple[float, float, float, float | None]:
    """Positions F1, education F1, people recall, and seconds per 1k characters of a cold run (None when warm)."""
    scores = row["scores"]
    speed = row.get("seconds_per_1k_chars") if row.get("calls") else None
    return scores["positions"]["f1"], scores["education"]["f1"], scores["persons"]["recall"], speed


def table(results: dict[str, Any], configs: list[str], splits: list[str]) -> list[str]:
    lines = [f"{'configuration':28} " + " ".join(f"{s:>22}" for s in splits) + f" {'mean pos · edu · people':>26}"]
    for spec in configs:
        name, _, fallback = spec.partition("=")
        cells, found = [], []
        for split in splits:
            row = row_for(results, name, fallback or None, split)
            if row is None:
                cells.append(f"{'–':>22}")
                continue
            pos, edu, people, speed = figures(row)
            found.append((pos, edu, people))
            timing = f" {speed:.1f}s" if speed is not None else ""
            cells.append(f"{pos:.3f}·{edu:.2f}·{people:.2f}{timing:>7}")
        mean = ("{:.3f} · {:.2f} · {:.2f}".format(*(statistics.fmean(x) for x in zip(*found, strict=True)))
                if found else "–")
        complete = "" if len(found) == len(splits) else f" (of {len(found)})"
        lines.append(f"{spec:28} " + " ".join(cells) + f" {mean + complete:>26}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", required=True, help="comma-separated configuration names (NAME or NAME=OTHER)")
    parser.add_argument("--sets", default="val,fresh3,fresh4,fresh5", help="comma-separated sets")
    parser.add_argument("--results", type=Path, default=RESULTS / "quality.json")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))["results"]
    for line in table(results, args.configs.split(","), args.sets.split(",")):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
