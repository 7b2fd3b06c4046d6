"""Count a run's missed gold positions by kind, without printing any of them: whether the person has a record at
all, whether the name tagger finds them (next to a career word, or anywhere), whether the organisation table knows
the organisation.

    python bench/misses_by_kind.py --corpus real-fresh5 --config final-s18-fresh5

Why counts only: on a set kept unseen (scored only to report) the misses must not be read one by one, or the next
rule is written from them; how they split says which kind of remedy could help (a further post of a person the model
found, or a person it missed) without saying which sentence. Reads ``bench/quality.py``'s output folder for the run
(``$TMPDIR/career-extract-quality/<corpus>/<config>``) and the corpus's gold.
"""

from __future__ import annotations

import argparse
import collections
import tempfile
from pathlib import Path

from quality import CORPORA

from extract.lexicon.orgs import OrgTable
from extract.lexicon.people import candidate_names, career_candidates
from extract.review.evaluate import evaluate
from extract.schemas.record import Record


def _records(path: Path) -> list[Record]:
    return [Record.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _tagged(names: list[str], candidates: list[str]) -> bool:
    return any(n in c or c in n for n in names for c in candidates)


def count(corpus: str, config: str) -> tuple[int, int, collections.Counter[str]]:
    """(missed positions, gold positions, missed positions per kind)."""
    run = Path(tempfile.gettempdir()) / "career-extract-quality" / corpus / config
    gold = _records(CORPORA[corpus][1])
    orgs = OrgTable.load()
    evaluation = evaluate(_records(run / "records.jsonl"), gold, orgs=orgs)
    missed_people = set(evaluation.missed_persons)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (run / "docs").glob("*.txt")}
    tagged = {doc: (career_candidates(text), candidate_names(text)) for doc, text in texts.items()}
    forms = {r.name: [r.name, *(r.aliases or [])] for r in gold}
    kinds: collections.Counter[str] = collections.Counter()
    for fact in evaluation.omissions:
        if fact.kind != "position":
            continue
        names = forms.get(fact.person, [fact.person])
        near, anywhere = tagged.get(fact.doc or "", ([], []))
        if fact.person not in missed_people:
            known = "in the table" if orgs.is_alias(fact.organization or "") else "not in the table"
            kinds[f"person found, organisation {known}"] += 1
        elif _tagged(names, near):
            kinds["person missed, the tagger finds them next to a career word"] += 1
        elif _tagged(names, anywhere):
            kinds["person missed, the tagger finds them elsewhere"] += 1
        else:
            kinds["person missed, the tagger does not find them"] += 1
    return sum(kinds.values()), sum(len(r.positions) for r in gold), kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, choices=sorted(CORPORA))
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    missed, total, kinds = count(args.corpus, args.config)
    print(f"{args.corpus} / {args.config}: {missed} of {total} gold positions missed")
    for kind, n in kinds.most_common():
        print(f"  {n:4}  {kind}")


if __name__ == "__main__":
    main()
