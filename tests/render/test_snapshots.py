"""Rendered output compared with committed snapshots (rich's own testing style): a layout change shows up as a
diff of text. After an intended change: ``UPDATE_SNAPSHOTS=1 python -m pytest tests/render/test_snapshots.py``."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from extract.consolidate import read_records
from extract.render.diff import render_diff
from extract.render.evaluation import render_evaluation
from extract.render.flows import render_flows
from extract.render.show import render_people, render_person
from extract.review.diff import diff_records
from extract.review.evaluate import evaluate
from extract.review.flows import find_moves, summarise_flows
from extract.review.query import find_records
from extract.schemas.record import Record
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"
SNAPSHOTS = ROOT / "tests" / "snapshots"


def _edited(records: list[Record]) -> list[Record]:
    """The gold with known edits: one person dropped, one date changed, one position added."""
    rows = [r.model_dump() for r in records]
    dropped = rows.pop()
    assert dropped["name"]
    rows[0]["positions"][0]["start"] = "1999"
    rows[1]["positions"].append({**rows[1]["positions"][0], "organization": "Anthropic", "status": "joined"})
    return [Record.model_validate(r) for r in rows]


def _render(draw: Callable[[Console], None], width: int) -> str:
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, color_system=None))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


CASES: dict[str, tuple[Callable[[list[Record]], Callable[[Console], None]], int]] = {
    "show_people.txt": (lambda gold: lambda c: render_people(gold[:8], c), 100),
    "show_person.txt": (lambda gold: lambda c: render_person(find_records(gold, "Xiaohua Zhai")[0], c), 100),
    "diff.txt": (lambda gold: lambda c: render_diff(diff_records(gold, _edited(gold)), c), 80),
    "eval.txt": (lambda gold: lambda c: render_evaluation(evaluate(_edited(gold), gold), c, details=True), 100),
    "flows.txt": (lambda gold: lambda c: render_flows(*_moves_and_flows(gold), c), 100),
}


def _moves_and_flows(gold: list[Record]) -> tuple:
    moves = find_moves(gold)
    return moves, summarise_flows(moves)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rendering_matches_snapshot(name: str) -> None:
    make, width = CASES[name]
    text = _render(make(read_records(GOLD)), width)
    path: Path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {name} was missing and has been written; check it and commit it")
    assert text == path.read_text(encoding="utf-8"), f"rendering changed: compare with {path}"


def test_snapshot_inputs_are_what_the_names_say() -> None:
    gold = read_records(GOLD)
    counts = diff_records(gold, _edited(gold)).counts()
    assert (counts["people_removed"], counts["people_changed"], counts["facts_added"], counts["facts_changed"]) == (
        1, 2, 1, 1)
    assert json.loads(json.dumps(counts)) == counts  # plain JSON values: `diff --json` prints them as they are
