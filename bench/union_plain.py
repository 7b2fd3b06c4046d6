"""What the pipeline's records would score with the plain reply's added, as an upper-bound sketch of a second reply
shape per chunk (not a pipeline strategy: records are merged by exact name, organisations by the table's canonical
name, no grounding).

    python bench/union_plain.py --corpus real-val --config final-s18-val            # new people and new posts
    python bench/union_plain.py --corpus real-val --config final-s18-val --known    # new posts of known people only

Reads the pipeline's run and ``bench/plain.py``'s records from ``$TMPDIR/career-extract-quality/<corpus>/``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from quality import CORPORA

from extract.lexicon.orgs import OrgTable
from extract.review.evaluate import evaluate
from extract.schemas.record import Record


def _records(path: Path) -> list[Record]:
    return [Record.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _forms(record: Record) -> set[str]:
    return {n.casefold() for n in (record.name, *(record.aliases or []))}


def union(pipeline: list[Record], plain: list[Record], orgs: OrgTable, *, known_only: bool) -> list[Record]:
    """The pipeline's records, with each plain record's posts at organisations its person has none at (and, unless
    ``known_only``, the plain records of people the pipeline has no record for)."""
    merged = [r.model_copy(deep=True) for r in pipeline]
    for extra in plain:
        target = next((r for r in merged if _forms(r) & _forms(extra)), None)
        if target is None:
            if not known_only:
                merged.append(extra)
            continue
        have = {orgs.canonical(p.organization or "").canonical.casefold() for p in target.positions}
        for position in extra.positions:
            key = orgs.canonical(position.organization or "").canonical.casefold()
            if key not in have:
                target.positions.append(position)
                have.add(key)
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, choices=sorted(CORPORA))
    parser.add_argument("--config", required=True)
    parser.add_argument("--known", action="store_true", help="add posts of people the pipeline found, no new people")
    args = parser.parse_args()
    runs = Path(tempfile.gettempdir()) / "career-extract-quality" / args.corpus
    orgs = OrgTable.load()
    gold = _records(CORPORA[args.corpus][1])
    pipeline, plain = _records(runs / args.config / "records.jsonl"), _records(runs / "plain" / "records.jsonl")
    for name, records in (("pipeline", pipeline), ("plain", plain),
                          ("union", union(pipeline, plain, orgs, known_only=args.known))):
        scores = evaluate(records, gold, orgs=orgs).as_dict()
        p, people = scores["positions"], scores["persons"]
        print(f"{args.corpus} {name:9} positions P {p['precision']:.3f} R {p['recall']:.3f} F1 {p['f1']:.3f}; "
              f"people R {people['recall']:.2f} ({people['duplicates']} duplicates)")


if __name__ == "__main__":
    main()
