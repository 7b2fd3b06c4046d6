"""The real-article benchmark (issue 19): texts re-retrieved by hand, a committed manifest and a blind gold.

The articles' text is never committed (it is someone else's writing): ``bench/realworld/manifest.*.jsonl`` records
where each came from (query, URL, date, language, shape, split) and ``bench/realworld/gold.*.records.jsonl`` the
hand-written answer key; the text is re-retrieved with the search tool's ``pages`` corpus into
``bench/realworld/texts/<id>.txt`` (git-ignored). This script prepares a split for ``bench/quality.py``:

    python bench/realworld.py            # dev, test and val: which texts are missing, and the corpora
    python bench/quality.py --corpus real-dev --configs c800
    python bench/quality.py --corpus real-test --configs c800    # only to report: never tune on it
    python bench/quality.py --corpus real-val --configs c800     # session 12's fresh batch (see the README)
    python bench/quality.py --corpus real-fresh --configs c800   # session 14's fresh batch
    python bench/quality.py --corpus real-fresh2 --configs c800  # session 14's second fresh batch (scored at its end)
    python bench/quality.py --corpus real-fresh3 --configs c800  # session 16's fresh batch (scored at its end)

For each split it copies that split's texts to ``bench/realworld/docs/<split>/`` and writes the split's gold to
``bench/realworld/docs/gold.<split>.records.jsonl`` (both git-ignored), keeping only the records and evidence of
that split's documents.

Each copy starts with a line ``Published: <date>`` when the manifest knows the article's date (since session 10).
A news page carries its date in its metadata (the HTML head, front matter, a dateline), which the pipeline reads;
the stored texts lost it, and the gold's dates were resolved against it ("last Friday", "去年 3 月"), so without it
every relative date was unanswerable. ``--undated`` prepares the copies as before (the inputs of every real-article
run up to session 9, whose cached answers only match those).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "realworld"
TEXTS = HERE / "texts"
DOCS = HERE / "docs"
SPLITS = ("dev", "test", "val", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")
_LATIN = re.compile(r"[A-Za-z]")
_STATUS_RANK = {"left": 0, "joined": 1, "founded": 2, "current": 3, "former": 4, "unknown": 5}


def manifest() -> list[dict[str, Any]]:
    """Every article of every manifest file, in id order."""
    rows = [json.loads(line) for path in sorted(HERE.glob("manifest.*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(rows, key=lambda row: row["id"])


def gold_records() -> list[dict[str, Any]]:
    """Every gold record, one per person across the whole benchmark: the gold is written one file per batch of
    articles, and a person named in two batches (an English and a Chinese article about the same hire) has a record
    in each under the same ``id``; those are merged (:func:`merge_records`), or a pipeline that rightly joins the
    two articles' mentions would be scored as missing one of them."""
    by_id: dict[str, dict[str, Any]] = {}
    for path in sorted(HERE.glob("gold.*.records.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                seen = by_id.get(record["id"])
                by_id[record["id"]] = merge_records(seen, record) if seen else record
    return list(by_id.values())


def merge_records(first: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """One person's two gold records as one: the first's name unless only the other's is Latin (the other goes to
    the aliases),
    and facts at the same organisation or school merged when their dates do not disagree (evidence, statuses and
    the forms written pooled; a value only one of them has is kept), else kept apart."""
    name = first["name"]
    if not _LATIN.search(name) and _LATIN.search(other["name"]):
        name = other["name"]  # the full Latin name when a text gives one (tests/gold/README.md)
    forms = [first["name"], *first.get("aliases", []), other["name"], *other.get("aliases", [])]
    merged = {**first, "name": name, "aliases": list(dict.fromkeys(a for a in forms if a != name))}
    for kind, where in (("positions", "organization"), ("education", "institution")):
        facts = [dict(f) for f in first.get(kind, [])]
        for fact in other.get(kind, []):
            same = next((f for f in facts if f[where] == fact[where] and _dates_agree(f, fact)), None)
            if same is None:
                facts.append(dict(fact))
                continue
            for key, value in fact.items():
                if isinstance(value, list):
                    same[key] = _union(same.get(key, []), value)
                elif same.get(key) is None:
                    same[key] = value
        for fact in facts:
            if fact.get("statuses"):  # the most telling status of the pooled ones (tests/gold/README.md)
                fact["status"] = min(fact["statuses"], key=lambda status: _STATUS_RANK.get(status, 9))
        merged[kind] = facts
    merged["sources"] = list(dict.fromkeys([*first.get("sources", []), *other.get("sources", [])]))
    if first.get("moves") is not None or other.get("moves") is not None:
        merged["moves"] = _union_moves(first.get("moves") or [], other.get("moves") or [])
    merged[_CURRENTS] = [*_currents(first), *_currents(other)]
    merged.pop("current", None)  # chosen per split, from the articles the split holds (split_gold)
    return merged


_CURRENTS = "_currents"  # while merging: each gold file's answer to "held now", with the articles it read


def _currents(record: dict[str, Any]) -> list[dict[str, Any]]:
    if _CURRENTS in record:
        return record[_CURRENTS]
    return [{"docs": record.get("sources", []), "current": record.get("current")}]


def _union_moves(first: list[dict[str, Any]], other: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One move per (source, target); a move told by both articles pools its evidence."""
    moves = [dict(m) for m in first]
    for move in other:
        same = next((m for m in moves if (m["source"], m["target"]) == (move["source"], move["target"])), None)
        if same is None:
            moves.append(dict(move))
        else:
            same["evidence"] = _union(same.get("evidence", []), move.get("evidence", []))
            same["date"] = same.get("date") or move.get("date")
    return moves


def _dates_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) is None or b.get(k) is None or a[k] == b[k] for k in ("start", "end"))


def _union(first: list[Any], other: list[Any]) -> list[Any]:
    """``first`` then the items of ``other`` it lacks (evidence dicts compared by value), in order."""
    seen = {json.dumps(v, sort_keys=True, ensure_ascii=False) for v in first}
    merged = list(first)
    for value in other:
        key = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen.add(key)
            merged.append(value)
    return merged


def split_gold(records: list[dict[str, Any]], docs: set[str], dates: dict[str, str | None] | None = None
               ) -> list[dict[str, Any]]:
    """The records as far as ``docs`` state them: facts keep only evidence from those documents, and a record
    with no fact left (or a fact with no evidence left) is dropped. Moves keep the same way; what a person holds now
    is the answer of the gold file whose articles in ``docs`` are the latest (``dates``: article id → date)."""
    kept = []
    dates = dates or {}
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
            split = {k: v for k, v in record.items() if k != _CURRENTS}
            split.update(facts, sources=sources, current=_current_in(record, docs, dates, facts["positions"]))
            if record.get("moves") is not None:
                split["moves"] = [{**m, "evidence": [e for e in m["evidence"] if e["doc"] in docs]}
                                  for m in record["moves"] if any(e["doc"] in docs for e in m.get("evidence", []))]
            kept.append(split)
    return kept


def _current_in(record: dict[str, Any], docs: set[str], dates: dict[str, str | None],
                positions: list[dict[str, Any]]) -> list[str] | None:
    """The latest answer among the gold files whose articles are in ``docs``, limited to positions kept."""
    answers = [a for a in _currents(record) if a["current"] is not None and set(a["docs"]) & docs]
    if not answers:
        return None
    best = max(answers, key=lambda a: max((dates.get(d) or "" for d in a["docs"] if d in docs), default=""))
    held = {p["organization"] for p in positions}
    return [org for org in best["current"] if org in held]


def prepare(split: str, articles: list[dict[str, Any]], records: list[dict[str, Any]], *, dated: bool = True
            ) -> tuple[int, list[str]]:
    """Copy the split's texts (each after a ``Published:`` line from the manifest when ``dated`` and it has a date)
    and write its gold; (articles ready, ids missing their text)."""
    chosen = [a for a in articles if a["split"] == split]
    folder = DOCS / split
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    missing = []
    for article in chosen:
        text = TEXTS / f"{article['id']}.txt"
        if text.is_file() and dated and article.get("date"):
            body = text.read_text(encoding="utf-8")
            (folder / text.name).write_text(f"Published: {article['date']}\n{body}", encoding="utf-8")
        elif text.is_file():
            shutil.copy2(text, folder / text.name)
        else:
            missing.append(article["id"])
    docs = {a["id"] for a in chosen if a["id"] not in missing}
    gold = split_gold(records, docs, {a["id"]: a.get("date") for a in articles})
    (DOCS / f"gold.{split}.records.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8")
    return len(docs), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, action="append", help="only these splits (default: all)")
    parser.add_argument("--undated", action="store_true",
                        help="no Published: line (the inputs of the runs up to session 9)")
    args = parser.parse_args(argv)
    articles, records = manifest(), gold_records()
    status = 0
    for split in args.split or SPLITS:
        ready, missing = prepare(split, articles, records, dated=not args.undated)
        print(f"{split}: {ready} articles ready in {DOCS / split}", file=sys.stderr)
        for article_id in missing:
            row = next(a for a in articles if a["id"] == article_id)
            print(f"  missing text {TEXTS / (article_id + '.txt')}: re-retrieve with the search tool, pages corpus, "
                  f"query {row['query']!r}, url {row['url']}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
