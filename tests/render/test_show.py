"""`extract show` renders records: a table of everyone, one person's timeline with evidence (gold file as input)."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from extract.cli import app
from extract.consolidate import read_records
from extract.render.show import render_people, render_person
from extract.review.query import find_records
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"


def console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=100, color_system=None), buffer


def test_people_table_lists_everyone() -> None:
    records = read_records(GOLD)
    out, buffer = console()
    render_people(records, out)
    text = buffer.getvalue()
    assert f"{len(records)} people" in text
    assert "Hugo Larochelle" in text and "Xiaohua Zhai" in text


def test_one_person_shows_names_timeline_and_evidence() -> None:
    (record,) = find_records(read_records(GOLD), "翟晓华")
    out, buffer = console()
    render_person(record, out)
    text = buffer.getvalue()
    assert "Xiaohua Zhai" in text and "翟晓华" in text
    assert "OpenAI" in text and "Peking University" in text
    assert "004_aa9b824e84a55e76:" in text  # evidence is located
    assert "now: OpenAI" in text
    timeline = text[text.index("positions"):]
    assert timeline.index("Google") < timeline.index("OpenAI"), "positions in time order"


def test_find_by_romanised_name_in_either_order() -> None:
    records = read_records(GOLD)
    assert [r.name for r in find_records(records, "Zhai Xiaohua")] == ["Xiaohua Zhai"]
    assert find_records(records, "Nobody Here") == []


def test_cli_show_unknown_name_exits_1() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["show", str(GOLD), "Nobody Here"]).exit_code == 1
    shown = runner.invoke(app, ["show", str(GOLD), "Larochelle"], terminal_width=120)
    assert shown.exit_code == 0 and "Université de Sherbrooke" in shown.output
