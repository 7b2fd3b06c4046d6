"""How often ingest finds a real page's own publication date (issue 20: relative dates need it).

Reads every stored text of ``bench/realworld/texts/`` as it is (without the ``Published:`` line that
``bench/realworld.py`` prepares) and compares the date ingest finds with the manifest's hand-checked ``date``:

    python bench/ingest_dates.py            # counts
    python bench/ingest_dates.py -v         # and every miss, wrong date or date given to an undated page

Pages whose manifest date has no day (``2024-12``) are counted apart: ingest reads only full dates.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from extract.ingest.loader import load_document

HERE = Path(__file__).resolve().parent / "realworld"


def main() -> None:
    verbose = "-v" in sys.argv
    rows = [json.loads(line) for path in sorted(HERE.glob("manifest.*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: Counter[str] = Counter()
    for row in sorted(rows, key=lambda r: r["id"]):
        text = HERE / "texts" / f"{row['id']}.txt"
        if not text.is_file():
            counts["text missing"] += 1
            continue
        found, want = load_document(text).published, row["date"]
        if want is not None and len(want) < 10:
            kind = "no day in the manifest"
        elif want is None:
            kind = "undated, none given" if found is None else "undated, a date given"
        else:
            kind = "right" if found == want else "missed" if found is None else "wrong"
        counts[kind] += 1
        if verbose and kind in ("missed", "wrong", "undated, a date given"):
            print(f"{kind:22} {row['id']}  manifest {want}  found {found}")
    print(f"{len(rows)} pages: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
