"""``show`` and ``flows`` filters (issue 21): --org, --since/--until, --status, --doc."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extract.cli import app
from extract.lexicon.orgs import OrgTable
from extract.review.query import FactFilter
from extract.schemas.record import Record, RecordEvidence, RecordMove, RecordPosition

ORGS = OrgTable.load()


def _position(org: str, status: str, start: str | None, end: str | None, doc: str) -> RecordPosition:
    return RecordPosition(organization=org, status=status, start=start, end=end,
                          evidence=[RecordEvidence(doc=doc, start=0, end=3, quote=org[:3])])


ANN = Record(id="ann", name="Ann Roe", aliases=[], education=[], sources=["a"], positions=[
    _position("Google", "left", "2015", "2020-06", "a"), _position("OpenAI", "joined", "2020-07", None, "a")])
BO = Record(id="bo", name="Bo Li", aliases=[], education=[], sources=["b"], positions=[
    _position("Baidu", "current", None, None, "b")])


def test_people_filters() -> None:
    assert [r.name for r in FactFilter(org="谷歌").records([ANN, BO], ORGS)] == ["Ann Roe"], "any of its names"
    assert [r.name for r in FactFilter(since="2021").records([ANN, BO], ORGS)] == ["Ann Roe"], "OpenAI 2020-07 –"
    assert FactFilter(until="2014").records([ANN, BO], ORGS) == []
    assert [r.name for r in FactFilter(status="current").records([ANN, BO], ORGS)] == ["Bo Li"]
    assert [r.name for r in FactFilter(doc="b").records([ANN, BO], ORGS)] == ["Bo Li"]
    assert FactFilter(org="Google", status="joined").records([ANN, BO], ORGS) == [], "all criteria on one position"
    assert len(FactFilter().records([ANN, BO], ORGS)) == 2


def test_move_filters_and_show_json(tmp_path: Path) -> None:
    move = RecordMove(source="Google", target="OpenAI", date="2020-07", evidence=ANN.positions[1].evidence)
    assert FactFilter(org="openai", since="2020").move(move, ORGS)
    assert not FactFilter(until="2019").move(move, ORGS)
    assert not FactFilter(doc="b").move(move, ORGS)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in (ANN, BO)), encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(path), "--json", "--org", "Baidu"])
    assert result.exit_code == 0
    assert [r["name"] for r in json.loads(result.output)] == ["Bo Li"]
