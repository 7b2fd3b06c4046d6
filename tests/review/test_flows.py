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
             estimated: bool = False, at: int = 0) -> RecordPosition:
    """A position whose one quote is the organisation's name at offset ``at`` of document "d": quotes far apart
    are separate passages (see extract.consolidate.timeline.NEAR)."""
    evidence = RecordEvidence(doc="d", start=at, end=at + len(org), quote=org)
    return RecordPosition(organization=org, status=status, start=start, end=end, start_estimated=estimated,
                          evidence=[evidence])


def person(name: str, *positions: RecordPosition) -> Record:
    return Record(id=name.lower().replace(" ", "-"), name=name, aliases=[], positions=list(positions),
                  education=[], sources=["d"])


def test_dated_moves_pair_the_latest_position_ended_before() -> None:
    record = person("Ann Roe", position("Baidu", "former", "2010", "2014", at=0),
                    position("Microsoft", "left", "2014", "2019", at=500),
                    position("OpenAI", "joined", "2019-06", at=900))
    moves = find_moves([record])
    assert [(m.source, m.target, m.date, m.basis) for m in moves] == [
        ("Baidu", "Microsoft", "2014", "dated"), ("Microsoft", "OpenAI", "2019-06", "dated")]


def test_news_move_pairs_the_one_open_departure_and_prefers_the_unit_over_its_parent() -> None:
    record = person("Bo Li", position("Google", "left", "2018"), position("Google DeepMind", "left"),
                    position("OpenAI", "joined", "2024-12", estimated=True))
    (move,) = find_moves([record])
    assert (move.source, move.target) == ("Google DeepMind", "OpenAI")


def test_no_guess_when_the_order_is_unknown() -> None:
    dated_without_source = person("Cy Wu", position("Google DeepMind", "left", at=0),
                                  position("Mila", "joined", "2011", at=800))
    two_departures = person("Di Ma", position("Meta", "left", at=0), position("Baidu", "left", at=400),
                            position("OpenAI", "joined", at=900))
    undated_former = person("Ed Fu", position("Baidu", "former", at=0), position("OpenAI", "joined", at=900))
    assert find_moves([dated_without_source, two_departures, undated_former]) == []


def test_a_passage_that_names_both_states_the_move() -> None:
    """"Former Baidu researcher Ed Fu joins OpenAI": the quotes are one sentence apart at most."""
    record = person("Ed Fu", position("Baidu", "former", at=0), position("OpenAI", "joined", at=40))
    (move,) = find_moves([record])
    assert (move.source, move.target, move.basis) == ("Baidu", "OpenAI", "stated")


def test_a_reported_departure_wins_over_an_older_former_post() -> None:
    record = person("Fay Ho", position("Baidu", "former", at=0), position("Meta", "left", at=30),
                    position("OpenAI", "joined", at=60))
    assert [(m.source, m.target) for m in find_moves([record])] == [("Meta", "OpenAI")]


def test_one_departure_leads_to_its_earliest_arrival() -> None:
    record = person("Gu Yi", position("Nanyang Technological University", "former", at=0),
                    position("Alibaba", "joined", "2017", at=40),
                    position("Alibaba DAMO Academy", "joined", "2017", at=80),
                    position("Tencent", "founded", "2020", at=120))
    assert [(m.source, m.target) for m in find_moves([record])] == [
        ("Nanyang Technological University", "Alibaba"),  # not also → Tencent, which came later
        ("Alibaba DAMO Academy", "Tencent")]  # ordered by the starts: the unit taken up in 2017, then Tencent


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
