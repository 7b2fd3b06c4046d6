"""Check a gold records file against the normalised documents it cites.

Usage:
    python tests/gold/verify_gold.py [RECORDS] [DOCS_DIR]

RECORDS defaults to tests/gold/seeds.records.jsonl next to this script; DOCS_DIR is the folder holding
``<doc id>.txt`` (or a run folder with a ``docs/`` sub-folder), e.g. the output of
``python -m extract ingest seeds/ --out /tmp/gold_docs``. Prints one line per problem; exits 1 if any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

__all__ = ["verify"]

ISO_PARTIAL = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
STATUSES = {"joined", "left", "current", "former", "founded", "unknown"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RECORD_FIELDS = {"id": str, "name": str, "aliases": list, "positions": list, "education": list, "sources": list}
POSITION_FIELDS = ("organization", "title", "start", "end", "evidence")
EDUCATION_FIELDS = ("institution", "degree", "field", "start", "end", "evidence")
EVIDENCE_FIELDS = ("doc", "start", "end", "quote")


def _docs_folder(docs_dir: Path) -> Path:
    return docs_dir / "docs" if (docs_dir / "docs").is_dir() else docs_dir


def _check_dates(where: str, fact: dict, problems: list[str]) -> None:
    for key in ("start", "end"):
        value = fact.get(key)
        if value is not None and not (isinstance(value, str) and ISO_PARTIAL.match(value)):
            problems.append(f"{where}: {key} {value!r} is not an ISO partial date or null")
    start, end = fact.get("start"), fact.get("end")
    if isinstance(start, str) and isinstance(end, str) and ISO_PARTIAL.match(start) and ISO_PARTIAL.match(end):
        n = min(len(start), len(end))
        if start[:n] > end[:n]:
            problems.append(f"{where}: start {start} is after end {end}")


def _check_evidence(where: str, evidence: object, texts: dict[str, str | None], docs: Path,
                    sources: set[str], problems: list[str]) -> None:
    if not isinstance(evidence, list) or not evidence:
        problems.append(f"{where}: no evidence")
        return
    for k, ev in enumerate(evidence):
        at = f"{where}.evidence[{k}]"
        if not isinstance(ev, dict):
            problems.append(f"{at}: not an object")
            continue
        missing = [f for f in EVIDENCE_FIELDS if f not in ev]
        if missing:
            problems.append(f"{at}: missing {missing}")
            continue
        doc, start, end, quote = ev["doc"], ev["start"], ev["end"], ev["quote"]
        if doc not in texts:
            path = docs / f"{doc}.txt"
            texts[doc] = path.read_text(encoding="utf-8") if path.is_file() else None
        text = texts[doc]
        if text is None:
            problems.append(f"{at}: document {doc!r} not found in {docs}")
            continue
        if doc not in sources:
            problems.append(f"{at}: document {doc} is not listed in sources")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{at}: bad offsets {start!r}..{end!r} (document has {len(text)} chars)")
            continue
        if text[start:end] != quote:
            problems.append(f"{at}: quote {quote!r} != text[{start}:{end}] {text[start:end]!r}")


def _schema_problems(record: dict, where: str) -> list[str]:
    """Validate against the project's Record model when it can be imported (it forbids unknown fields)."""
    try:
        from pydantic import ValidationError

        from extract.schemas.record import Record
    except ImportError:
        return []
    try:
        Record.model_validate(record)
    except ValidationError as exc:
        return [f"{where}: schema: {err['loc']}: {err['msg']}" for err in exc.errors()]
    return []


def verify(records_path: str | Path, docs_dir: str | Path) -> list[str]:
    """Every problem found in the gold file, as readable lines; an empty list means it is sound."""
    docs = _docs_folder(Path(docs_dir))
    problems: list[str] = []
    texts: dict[str, str | None] = {}
    ids: dict[str, int] = {}
    names: dict[str, str] = {}
    lines = Path(records_path).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: invalid JSON: {exc}")
            continue
        if not isinstance(record, dict):
            problems.append(f"line {n}: not an object")
            continue
        where = f"line {n} ({record.get('id', '?')})"
        bad = [f for f, t in RECORD_FIELDS.items() if not isinstance(record.get(f), t)]
        if bad:
            problems.append(f"{where}: missing or mistyped fields {bad}")
            continue
        problems += _schema_problems(record, where)
        rid = record["id"]
        if not SLUG.match(rid):
            problems.append(f"{where}: id {rid!r} is not a slug")
        if rid in ids:
            problems.append(f"{where}: id {rid!r} already used on line {ids[rid]}")
        ids.setdefault(rid, n)
        if not record["name"].strip():
            problems.append(f"{where}: empty name")
        for form in (record["name"], *record["aliases"]):
            if not isinstance(form, str) or not form.strip():
                problems.append(f"{where}: empty or non-string name form {form!r}")
                continue
            if form in names and names[form] != rid:
                problems.append(f"{where}: name form {form!r} also belongs to {names[form]}")
            names.setdefault(form, rid)
        if record["name"] in record["aliases"] or len(set(record["aliases"])) != len(record["aliases"]):
            problems.append(f"{where}: aliases repeat the name or each other")
        sources = set(record["sources"])
        if len(sources) != len(record["sources"]):
            problems.append(f"{where}: duplicate sources")
        cited: set[str] = set()
        for kind, fields, org_key in (("positions", POSITION_FIELDS, "organization"),
                                      ("education", EDUCATION_FIELDS, "institution")):
            for i, fact in enumerate(record[kind]):
                at = f"{where}.{kind}[{i}]"
                if not isinstance(fact, dict):
                    problems.append(f"{at}: not an object")
                    continue
                missing = [f for f in fields if f not in fact]
                if missing:
                    problems.append(f"{at}: missing {missing}")
                if not isinstance(fact.get(org_key), str) or not fact[org_key].strip():
                    problems.append(f"{at}: {org_key} must be a non-empty string")
                if kind == "positions" and fact.get("status", "unknown") not in STATUSES:
                    problems.append(f"{at}: status {fact.get('status')!r} not one of {sorted(STATUSES)}")
                _check_dates(at, fact, problems)
                _check_evidence(at, fact.get("evidence"), texts, docs, sources, problems)
                cited |= {e.get("doc") for e in fact.get("evidence") or [] if isinstance(e, dict)}
        orgs = {f.get("organization") for f in record["positions"] if isinstance(f, dict)}
        if record.get("current") is not None:  # the timeline (issue 20): organisations of this record's positions
            for org in record["current"]:
                if org not in orgs:
                    problems.append(f"{where}.current: {org!r} is none of the record's positions")
        for i, move in enumerate(record.get("moves") or []):
            at = f"{where}.moves[{i}]"
            for end in ("source", "target"):
                if move.get(end) not in orgs:
                    problems.append(f"{at}: {end} {move.get(end)!r} is none of the record's positions")
            if move.get("source") == move.get("target"):
                problems.append(f"{at}: source and target are the same")
            _check_evidence(at, move.get("evidence"), texts, docs, sources, problems)
        for doc in sorted(sources - cited):
            if not (docs / f"{doc}.txt").is_file():
                problems.append(f"{where}: source {doc!r} not found in {docs}")
    return problems


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    records = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "seeds.records.jsonl"
    docs_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/gold_docs")
    found = verify(records, docs_dir)
    for problem in found:
        print(problem)
    print(f"{len(found)} problem(s) in {records}")
    sys.exit(1 if found else 0)
