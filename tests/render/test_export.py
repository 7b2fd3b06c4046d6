"""``extract export`` (issue 21): the records as SQLite and CSV tables, and the SQLite file served by datasette."""

from __future__ import annotations

import csv
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.consolidate import read_records
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"


def _export(tmp_path: Path) -> tuple[Path, Path]:
    db, folder = tmp_path / "careers.db", tmp_path / "csv"
    result = CliRunner().invoke(app, ["export", str(GOLD), "--sqlite", str(db), "--csv", str(folder)])
    assert result.exit_code == 0, result.output
    return db, folder


def test_tables_hold_every_fact_with_its_evidence(tmp_path: Path) -> None:
    db, folder = _export(tmp_path)
    records = read_records(GOLD)
    with sqlite3.connect(db) as conn:
        count = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
                 for t in ("people", "positions", "education", "moves", "evidence")}
        lecun = conn.execute("select p.organization from positions p join people r on r.id = p.person_id "
                             "where r.name = 'Yann LeCun' order by p.organization").fetchall()
        spans = conn.execute("select count(*) from evidence where fact = 'move'").fetchone()[0]
    assert count["people"] == len(records)
    assert count["positions"] == sum(len(r.positions) for r in records)
    assert count["moves"] == sum(len(r.moves or []) for r in records) and spans >= count["moves"]
    assert count["evidence"] == sum(len(f.evidence) for r in records for f in (*r.positions, *r.education,
                                                                              *(r.moves or [])))
    assert [o for (o,) in lecun] == sorted(p.organization for r in records if r.name == "Yann LeCun"
                                           for p in r.positions)
    with (folder / "people.csv").open(encoding="utf-8", newline="") as handle:
        people = list(csv.DictReader(handle))
    assert len(people) == len(records) and json.loads(people[0]["aliases"]) == records[0].aliases
    assert CliRunner().invoke(app, ["export", str(GOLD)]).exit_code == 2, "nowhere to write"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasette_serves_the_exported_file(tmp_path: Path) -> None:
    pytest.importorskip("datasette")
    db, _ = _export(tmp_path)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/careers/people.json?_shape=array&name=Hugo+Larochelle"
        deadline, rows = time.monotonic() + 60, None
        while rows is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    rows = json.loads(response.read())
            except OSError:
                time.sleep(0.5)
        assert rows is not None, "datasette did not answer"
        assert [r["id"] for r in rows] == ["hugo-larochelle"]
    finally:
        server.terminate()
        server.wait(timeout=10)
