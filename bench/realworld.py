"""The real-article benchmark (issue 19): texts re-retrieved by hand, a committed manifest and a blind gold.

The articles' text is never committed (it is someone else's writing): ``bench/realworld/manifest.*.jsonl`` records
where each came from (query, URL, date, language, shape, split) and ``bench/realworld/gold.*.records.jsonl`` the
hand-written answer key; the text is re-retrieved with the search tool's ``pages`` corpus into
``bench/realworld/texts/<id>.txt`` (git-ignored). This script prepares a split for ``bench/quality.py``:

    python bench/realworld.py            # dev and test: which texts are missing, and the corpora
    python bench/quality.py --corpus real-dev --configs c800
    python bench/quality.py --corpus real-test --configs c800    # only to report: never tune on it

For each split it copies that split's texts to ``bench/realworld/docs/<split>/`` and writes the split's gold to
``bench/realworld/docs/gold.<split>.records.jsonl`` (both git-ignored), keeping only the records and evidence of
that split's documents.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "realworld"
TEXTS = HERE / "texts"
DOCS = HERE / "docs"
SPLITS = ("dev", "test")


def manifest() -> list[dict[str, Any]]:
    """Every article of every manifest file, in id order."""
    rows = [json.loads(line) for path in sorted(HERE.glob("manifest.*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(rows, key=lambda row: row["id"])


def gold_records() -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(HERE.glob("gold.*.records.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_gold(records: list[dict[str, Any]], docs: set[str]) -> list[dict[str, Any]]:
    """The records as far as ``docs`` state them: facts keep only evidence from those documents, and a record
    with no fact left (or a fact with no evidence left) is dropped."""
    kept = []
    for record in records:
        facts: dict[str, list[dict[str, Any]]] = {}
        for kind in ("positions", "education"):
            facts[kind] = []
            for fact in record.get(kind, []):
                evidence = [e for e in fact.get("evidence", []) if e["doc"] in docs]
                if evidence:
                    facts[kind].append({**fact, "evidence": evidence})
        if facts["positions"] or facts["education"]:
            sources = [doc for doc in record.get("sources", []) if doc in docs]
            kept.append({**record, **facts, "sources": sources})
    return kept


def prepare(split: str, articles: list[dict[str, Any]], records: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Copy the split's texts and write its gold; (articles ready, ids missing their text)."""
    chosen = [a for a in articles if a["split"] == split]
    folder = DOCS / split
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    missing = []
    for article in chosen:
        text = TEXTS / f"{article['id']}.txt"
        if text.is_file():
            shutil.copy2(text, folder / text.name)
        else:
            missing.append(article["id"])
    docs = {a["id"] for a in chosen if a["id"] not in missing}
    gold = split_gold(records, docs)
    (DOCS / f"gold.{split}.records.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8")
    return len(docs), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, action="append", help="only these splits (default: both)")
    args = parser.parse_args(argv)
    articles, records = manifest(), gold_records()
    status = 0
    for split in args.split or SPLITS:
        ready, missing = prepare(split, articles, records)
        print(f"{split}: {ready} articles ready in {DOCS / split}", file=sys.stderr)
        for article_id in missing:
            row = next(a for a in articles if a["id"] == article_id)
            print(f"  missing text {TEXTS / (article_id + '.txt')}: re-retrieve with the search tool, pages corpus, "
                  f"query {row['query']!r}, url {row['url']}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
