"""Talent flows: moves paired by dates or by the article's own news, never guessed; pairs counted."""

from __future__ import annotations

import io
import json

from rich.console import Console
from typer.testing import CliRunner

from extract.cli import app
from extract.consolidate import read_records
from extract.render.flows import render_flows
from extract.review.flows import find_moves, summarise_flows
from extract.schemas.record import Record, RecordEvidence, RecordPosition
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"


def position(org: str, status: str, start: str | None = None, end: str | None = None,
             estimated: bool = False) -> RecordPosition:
    evidence = RecordEvidence(doc="d", start=0, end=len(org), quote=org)
    return RecordPosition(organization=org, status=status, start=start, end=end, start_estimated=estimated,
                          evidence=[evidence])


def person(name: str, *positions: RecordPosition) -> Record:
    return Record(id=name.lower().replace(" ", "-"), name=name, aliases=[], positions=list(positions),
                  education=[], sources=["d"])


def test_dated_move_pairs_the_latest_position_ended_before() -> None:
    record = person("Ann Roe", position("Baidu", "former", "2010", "2014"),
                    position("Microsoft", "left", "2014", "2019"), position("OpenAI", "joined", "2019-06"))
    (move,) = find_moves([record])
    assert (move.source, move.target, move.date) == ("Microsoft", "OpenAI", "2019-06")


def test_news_move_pairs_the_one_open_departure_and_prefers_the_unit_over_its_parent() -> None:
    record = person("Bo Li", position("Google", "left", "2018"), position("Google DeepMind", "left"),
                    position("OpenAI", "joined", "2024-12", estimated=True))
    (move,) = find_moves([record])
    assert (move.source, move.target) == ("Google DeepMind", "OpenAI")


def test_no_guess_when_the_order_is_unknown() -> None:
    dated_without_source = person("Cy Wu", position("Google DeepMind", "left"), position("Mila", "joined", "2011"))
    two_departures = person("Di Ma", position("Meta", "left"), position("Baidu", "left"), position("OpenAI", "joined"))
    assert find_moves([dated_without_source, two_departures]) == []


def test_gold_flows_count_people_per_pair() -> None:
    flows = {(f.source, f.target): f for f in summarise_flows(find_moves(read_records(GOLD)))}
    assert {"Lucas Beyer", "Xiaohua Zhai"} <= set(flows[("Google DeepMind", "OpenAI")].people)
    equilibre = flows[("Google DeepMind", "EquiLibre Technologies")]
    assert (equilibre.count, equilibre.first) == (3, "2022-01")
    assert next(iter(flows.values())).count == max(f.count for f in flows.values()), "most travelled first"


def test_render_and_cli_json() -> None:
    moves = find_moves(read_records(GOLD))
    buffer = io.StringIO()
    render_flows(moves, summarise_flows(moves), Console(file=buffer, width=100, color_system=None))
    assert "EquiLibre Technologies" in buffer.getvalue() and "moves" in buffer.getvalue()
    result = CliRunner().invoke(app, ["flows", str(GOLD), "--json"])
    data = json.loads(result.output)
    assert result.exit_code == 0 and len(data["moves"]) == len(moves) and data["flows"][0]["count"] >= 2
