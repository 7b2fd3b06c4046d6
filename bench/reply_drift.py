"""Which first replies of a corpus differ between two answer caches of ``bench/quality.py`` (no model, no run).

Why (session 21): the same request can get a different greedy reply from the embedded llama.cpp server depending on
what its slot held before (the prompt cache reuses a different prefix, so batch shapes and rounding differ). A cold
run with second looks interleaved got a different first reply for 1 of 21 fresh3 chunks than the default's cold run,
and that chunk alone moved positions F1 0.711 → 0.657. Comparing two runs' caches says whether a difference in
scores comes from the code or from such a draw:

    python bench/reply_drift.py --corpus real-fresh3 fresh3-s16 follow-cold-s21-fresh3

Both caches must hold the default request's answers (800-character chunks, the default settings otherwise).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import CACHE_ROOT, CORPORA

from extract.config import Settings
from extract.ingest import ingest
from extract.ingest.chunk import chunk_document
from extract.llm.cache import ResultCache
from extract.llm.client import Extractor


def drift(corpus: str, first: str, second: str, chunk_size: int = 800) -> tuple[int, list[str], list[str]]:
    """(chunks answered alike in both caches, chunks answered differently, chunks missing from one of them)."""
    settings = replace(Settings(), chunk_size=chunk_size)
    documents = ingest([CORPORA[corpus][0]]).documents
    chunks = [c for d in documents for c in chunk_document(d, size=chunk_size, overlap=settings.chunk_overlap)]
    planner = Extractor.planner(settings)
    same, differ, missing = 0, [], []
    with ResultCache(CACHE_ROOT / first) as a, ResultCache(CACHE_ROOT / second) as b:
        for chunk in chunks:
            key = planner.key(chunk)
            x, y = a.get(key), b.get(key)
            if x is None or y is None:
                missing.append(chunk.id)
            elif x["result"] == y["result"]:
                same += 1
            else:
                differ.append(chunk.id)
    return same, differ, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, choices=sorted(CORPORA))
    parser.add_argument("first", help="a cache name under bench/quality.py's cache root")
    parser.add_argument("second")
    args = parser.parse_args()
    same, differ, missing = drift(args.corpus, args.first, args.second)
    print(f"{args.corpus}: {same} chunks answered alike, {len(differ)} differently, {len(missing)} missing from one")
    for chunk in differ:
        print(f"  differs: {chunk}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
