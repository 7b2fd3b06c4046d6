"""Count a run's missed gold positions by kind, without printing any of them: whether the person has a record at
all, whether the name tagger finds them (next to a career word, or anywhere), whether the organisation table knows
the organisation.

    python bench/misses_by_kind.py --corpus real-fresh5 --config final-s18-fresh5
    python bench/misses_by_kind.py --corpus real-fresh5 --config final-s18-fresh5 --cache fresh5-s18

With ``--cache`` (the run's answer cache under ``bench/quality.py``'s cache root), a missed post of a person the run
found is also split by the model's cached replies for that document: the post was in a reply and lost after it
(grounding, consolidation), or the person was in a reply without it, or in no reply of that document.

Why counts only: on a set kept unseen (scored only to report) the misses must not be read one by one, or the next
rule is written from them; how they split says which kind of remedy could help (a further post of a person the model
found, or a person it missed) without saying which sentence. Reads ``bench/quality.py``'s output folder for the run
(``$TMPDIR/career-extract-quality/<corpus>/<config>``) and the corpus's gold.
"""

from __future__ import annotations

import argparse
import collections
import json
import tempfile
from pathlib import Path

from quality import CACHE_ROOT, CORPORA

from extract.lexicon.orgs import OrgTable
from extract.lexicon.people import candidate_names, career_candidates
from extract.review.evaluate import evaluate
from extract.schemas.record import Record


def _records(path: Path) -> list[Record]:
    return [Record.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _tagged(names: list[str], candidates: list[str]) -> bool:
    return any(n in c or c in n for n in names for c in candidates)


def _replies(cache: str) -> dict[str, list[list[dict]]]:
    """Each document's cached replies (their ``people``), from ``bench/quality.py``'s answer cache ``cache``."""
    import diskcache

    replies: dict[str, list[list[dict]]] = collections.defaultdict(list)
    with diskcache.Cache(str(CACHE_ROOT / cache / "results")) as stored:
        for key in stored.iterkeys():
            value = json.loads(stored[key])
            if "people" in value["result"]:
                replies[value["chunk"].split("#")[0]].append(value["result"]["people"])
    return replies


def _in_replies(replies: list[list[dict]], names: list[str], organization: str, orgs: OrgTable) -> str:
    folded = [n.casefold() for n in names]
    key = orgs.canonical(organization).canonical.casefold()
    person = False
    for people in replies:
        for entry in people:
            said = [n.casefold() for n in (entry.get("name", ""), *(entry.get("other_names") or [])) if n]
            if any(s in f or f in s for s in said for f in folded):
                person = True
                if any(orgs.canonical(p.get("organization") or "").canonical.casefold() == key
                       for p in entry.get("positions", [])):
                    return "in a reply, lost after it"
    return "the person in a reply, the post not" if person else "the person in no reply of that document"


def count(corpus: str, config: str, cache: str | None = None) -> tuple[int, int, collections.Counter[str]]:
    """(missed positions, gold positions, missed positions per kind)."""
    run = Path(tempfile.gettempdir()) / "career-extract-quality" / corpus / config
    gold = _records(CORPORA[corpus][1])
    orgs = OrgTable.load()
    evaluation = evaluate(_records(run / "records.jsonl"), gold, orgs=orgs)
    missed_people = set(evaluation.missed_persons)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (run / "docs").glob("*.txt")}
    tagged = {doc: (career_candidates(text), candidate_names(text)) for doc, text in texts.items()}
    forms = {r.name: [r.name, *(r.aliases or [])] for r in gold}
    replies = _replies(cache) if cache else None
    kinds: collections.Counter[str] = collections.Counter()
    for fact in evaluation.omissions:
        if fact.kind != "position":
            continue
        names = forms.get(fact.person, [fact.person])
        near, anywhere = tagged.get(fact.doc or "", ([], []))
        if fact.person not in missed_people:
            known = "in the table" if orgs.is_alias(fact.organization or "") else "not in the table"
            kinds[f"person found, organisation {known}"] += 1
            if replies is not None:
                kinds["  person found: " + _in_replies(replies.get(fact.doc or "", []), names,
                                                      fact.organization or "", orgs)] += 1
        elif _tagged(names, near):
            kinds["person missed, the tagger finds them next to a career word"] += 1
        elif _tagged(names, anywhere):
            kinds["person missed, the tagger finds them elsewhere"] += 1
        else:
            kinds["person missed, the tagger does not find them"] += 1
    missed = sum(n for kind, n in kinds.items() if not kind.startswith(" "))
    return missed, sum(len(r.positions) for r in gold), kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, choices=sorted(CORPORA))
    parser.add_argument("--config", required=True)
    parser.add_argument("--cache", help="the run's answer cache (bench/quality.py's CONFIGS name it)")
    args = parser.parse_args()
    missed, total, kinds = count(args.corpus, args.config, args.cache)
    print(f"{args.corpus} / {args.config}: {missed} of {total} gold positions missed")
    for kind, n in sorted(kinds.items(), key=lambda item: (item[0].startswith(" "), -item[1])):
        print(f"  {n:4}  {kind}")


if __name__ == "__main__":
    main()
