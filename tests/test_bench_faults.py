"""bench/faults.py still runs: its quick probes (fixes that are on this branch, no timing) find no defect and no lost
data, and it writes faults.json where it is told (never over the committed figures)."""

from __future__ import annotations

import json
from pathlib import Path

from bench import faults
from bench._common import RESULTS


def test_quick_probes_lose_no_data(tmp_path: Path) -> None:
    committed = {p.name: p.stat().st_mtime for p in RESULTS.glob("*.json")}
    figures = faults.main(["--quick", "--results", str(tmp_path)])
    quick = [p.name for p in faults.PROBES if p.quick]
    assert len(quick) >= 4 and [r["probe"] for r in figures["results"]] == quick
    assert figures["harness_errors"] == 0, [r["harness_error"] for r in figures["results"] if r["harness_error"]]
    assert figures["data_lost"] == 0, [(r["probe"], r["lost"]) for r in figures["results"] if r["data_lost"]]
    assert figures["defects"] == 0, [(r["probe"], r["defects"]) for r in figures["results"] if r["defect"]]
    written = json.loads((tmp_path / "faults.json").read_text(encoding="utf-8"))
    assert written["benchmark"] == "faults"
    assert written["summary"] == f"probes tried {len(quick)}, defects 0, data lost 0"
    assert {p.name: p.stat().st_mtime for p in RESULTS.glob("*.json")} == committed


def test_a_probe_can_report_each_finding() -> None:
    """The judging is not vacuous: a traceback, a wrong exit status, a second line and a hang are all defects, and
    outputs replaced by a half-written run are data lost."""
    check = faults.Check()
    crashed = faults.Run(["extract"], 1, "", "Traceback (most recent call last):\nValueError: boom\n", 0.1)
    check.command(crashed, rc=2, lines=1)
    assert any("traceback: ValueError: boom" in d for d in check.defects)
    assert any("exit 1, expected 2" in d for d in check.defects)
    assert any("2 stderr line(s), expected 1" in d for d in check.defects)
    hung = faults.Check()
    hung.command(faults.Run(["extract"], None, "", "", 90.0, timed_out=True))
    assert hung.defects == ["hung: killed after 90 s"]


def test_replaced_outputs_that_disagree_are_data_lost(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "a.txt").write_text("Alice Walker joined Google.", encoding="utf-8")
    (out / "mentions.jsonl").write_text("", encoding="utf-8")
    (out / "records.jsonl").write_text('{"id": "x", "sources": ["b"], "positions": []}\n', encoding="utf-8")
    (out / "run.json").write_text(json.dumps({"started": "new", "counts": {
        "documents": 1, "chunks": 1, "chunks_failed": 0, "mentions": 0, "records": 1}}), encoding="utf-8")
    check = faults.Check()
    check.outputs(out, {"run.json": b'{"started": "old"}', "records.jsonl": b"{}\n"}, "either")
    assert check.lost == ["records cite documents not in docs/: ['b']"]
