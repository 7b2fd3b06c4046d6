"""Which date reader is right more often on the dates the model really writes (issue 20): the project's hand-written
``extract.lexicon.dates`` (through consolidation's ``_dates``) or ``dateparser`` (a dependency already, with Chinese).

The cases are every start/end string the model gave in a run's ``mentions.jsonl`` for a fact that matches a gold
fact (same person, same organisation), with the document's publication date; the expected value is the gold's. Both
readers get the same ``published`` and the same rule that a date after the document's own is dropped, so only the
reading differs. Scored like ``extract eval`` scores dates: exact, partial (right at a coarser or finer precision),
wrong, missing (gold has one, the reader none) and extra (the reader invents one the gold lacks).

    python bench/dates.py /tmp/career-extract-quality/real-dev/conflicts bench/realworld/docs/gold.dev.records.jsonl
    python bench/dates.py /tmp/career-extract-quality/seeds/conflicts tests/gold/seeds.records.jsonl

Writes the counts, and with ``--show`` each case where the readers differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from extract.consolidate import read_mentions, read_records
from extract.consolidate.fact_dates import fact_dates as _dates
from extract.consolidate.fact_dates import not_after as _not_after
from extract.lexicon.dates import ResolvedDate
from extract.lexicon.names import name_keys
from extract.lexicon.orgs import OrgTable
from extract.review.evaluate import date_kind
from extract.review.matching import same_org

_PRECISION = {"year": 4, "month": 7, "day": 10}


def dateparser_reading(text: str | None, published: str | None) -> ResolvedDate | None:
    """``text`` read by dateparser: the whole string, else the first date it finds in it; the precision from the
    period dateparser reports (it fills a missing day or month, and says which with ``period``)."""
    if not text or not text.strip():
        return None
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings: dict = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if published:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published[:10])
    parser = DateDataParser(languages=["zh", "en"], settings=settings)
    data = parser.get_date_data(text)
    if data.date_obj is None:
        found = search_dates(text, languages=["zh", "en"], settings=settings) or []
        if not found:
            return None
        data = parser.get_date_data(found[0][0])
        if data.date_obj is None:
            return None
    size = _PRECISION.get(data.period or "day", 10)
    value = data.date_obj.date().isoformat()[:size]
    return ResolvedDate(value=value, precision=data.period or "day", estimated=False, relative=False, raw=text)


def _pairs(run: Path, gold_path: Path, orgs: OrgTable) -> list[tuple[str | None, str | None, str | None, dict]]:
    """(start raw, end raw, published, the gold fact) for every model fact that matches a gold fact."""
    gold = read_records(gold_path)
    keys = [(set().union(*(name_keys(n) for n in (g.name, *g.aliases))), g) for g in gold]
    cases = []
    for mention in read_mentions(run / "mentions.jsonl"):
        mine = set().union(*(name_keys(n) for n in (mention.name, *mention.other_names)))
        person = next((g for k, g in keys if k & mine), None)
        if person is None:
            continue
        for fact in mention.positions:
            if not (fact.start or fact.end):
                continue
            match = next((p for p in person.positions if same_org(p.organization, fact.organization, orgs)
                          or any(same_org(r, fact.organization, orgs) for r in p.organization_raw)), None)
            if match is not None:
                cases.append((fact.start, fact.end, mention.published, match.model_dump()))
    return cases


def score(run: Path, gold_path: Path, show: bool = False) -> dict[str, Counter]:
    orgs = OrgTable.load()
    counts = {"extract.lexicon.dates": Counter(), "dateparser": Counter()}
    for start, end, published, gold in _pairs(run, gold_path, orgs):
        ours = _dates(start, end, published)
        theirs = tuple(_not_after(dateparser_reading(v, published), published) for v in (start, end))
        kinds = {}
        for name, (s, e) in (("extract.lexicon.dates", ours), ("dateparser", theirs)):
            got = (s.value if s else None, e.value if e else None)
            kinds[name] = [date_kind(gold["start"], got[0]), date_kind(gold["end"], got[1])]
            counts[name].update(k for k in kinds[name] if k)
        if show and kinds["extract.lexicon.dates"] != kinds["dateparser"]:
            print(json.dumps({"raw": [start, end], "published": published, "gold": [gold["start"], gold["end"]],
                              "ours": [d.value if d else None for d in ours],
                              "dateparser": [d.value if d else None for d in theirs]}, ensure_ascii=False))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a run folder with mentions.jsonl")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--show", action="store_true", help="print each case where the readers differ")
    args = parser.parse_args(argv)
    for name, counts in score(args.run, args.gold, args.show).items():
        print(f"{name:22} " + " ".join(f"{k} {counts[k]}" for k in ("exact", "partial", "wrong", "missing", "extra")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
