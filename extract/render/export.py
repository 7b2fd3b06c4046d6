"""``extract export``: the records as tables, for SQL, spreadsheets and ``datasette`` (issue 21).

One row per person, position, degree, move, evidence span, merge and document, joined by ids: ``people.id`` is the
record's id; ``positions``, ``education``, ``moves`` and ``merges`` carry ``person_id``; ``evidence`` carries
``fact`` ("position", "education" or "move") and ``fact_id``; ``documents`` are the rows of ``documents.jsonl``. The
SQLite file is written with ``sqlite-utils`` (foreign keys declared, so ``datasette FILE`` links the tables) into a
temporary file moved into place at the end; the CSV files with the standard library, one per table.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.schemas.record import Record, RecordEvidence

if TYPE_CHECKING:
    from extract.corpus import DocumentEntry

__all__ = ["TABLES", "export_csv", "export_sqlite", "tables"]

TABLES = ("people", "positions", "education", "moves", "evidence", "merges", "documents")
_CHILDREN = ("positions", "education", "moves", "merges")


def tables(records: Sequence[Record], documents: Sequence[DocumentEntry] = ()) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, ids assigned in record order (deterministic)."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def evidence(kind: str, fact_id: int, spans: Sequence[RecordEvidence]) -> None:
        for e in spans:
            out["evidence"].append({"id": len(out["evidence"]) + 1, "fact": kind, "fact_id": fact_id, "doc": e.doc,
                                    "start": e.start, "end": e.end, "quote": e.quote})

    for r in records:
        out["people"].append({"id": r.id, "name": r.name, "aliases": json.dumps(r.aliases, ensure_ascii=False),
                              "current": json.dumps(r.current, ensure_ascii=False) if r.current is not None else None,
                              "sources": json.dumps(r.sources, ensure_ascii=False), "mentions": r.mentions})
        for p in r.positions:
            row_id = len(out["positions"]) + 1
            out["positions"].append({"id": row_id, "person_id": r.id, "organization": p.organization,
                                     "title": p.title, "start": p.start, "end": p.end, "status": p.status,
                                     "parent": p.parent})
            evidence("position", row_id, p.evidence)
        for e in r.education:
            row_id = len(out["education"]) + 1
            out["education"].append({"id": row_id, "person_id": r.id, "institution": e.institution,
                                     "degree": e.degree, "field": e.field, "start": e.start, "end": e.end})
            evidence("education", row_id, e.evidence)
        for m in r.moves or []:
            row_id = len(out["moves"]) + 1
            out["moves"].append({"id": row_id, "person_id": r.id, "source": m.source, "target": m.target,
                                 "date": m.date, "basis": m.basis})
            evidence("move", row_id, m.evidence)
        for g in r.merges:
            out["merges"].append({"id": len(out["merges"]) + 1, "person_id": r.id, "rule": g.rule,
                                  "detail": g.detail, "docs": json.dumps(g.docs, ensure_ascii=False)})
    out["documents"] = [d.model_dump() for d in documents]
    return out


def export_sqlite(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """``rows`` into a new SQLite file at ``path`` (replacing it only once complete)."""
    import sqlite_utils

    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    db = sqlite_utils.Database(partial)
    db["people"].insert_all(rows["people"], pk="id", columns={"current": str})
    db["documents"].insert_all(rows["documents"], pk="id", columns={"url": str, "title": str, "author": str})
    for name in _CHILDREN:
        db[name].insert_all(rows[name], pk="id", foreign_keys=[("person_id", "people", "id")],
                            columns={"person_id": str})
    db["evidence"].insert_all(rows["evidence"], pk="id", columns={"doc": str})
    for name in (*TABLES,):
        if name not in db.table_names():
            db[name].create({"id": int}, pk="id")  # an empty table is still there to query
    db.close()
    os.replace(partial, path)


def export_csv(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> list[Path]:
    """One ``<table>.csv`` per table in ``folder`` (a header row even when empty); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        data = rows[name]
        path = folder / f"{name}.csv"
        columns = list(data[0]) if data else ["id"]
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(data)
        os.replace(partial, path)
        written.append(path)
    return written
