"""Hostile text reaching the terminal: rich markup in data (item 11) and control characters in names (item 17).

Documents, file names and an endpoint's error body are data, never markup: ``[/quote]``, ``[/INST]``, ``[bold]``
and ``[/]`` are shown as typed, in every table and on every stderr line. And one failure is exactly one stderr
line, whatever its file name holds (newline, CR, tab, ESC) — also when the name is not UTF-8.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from extract.ingest.chunk import chunk_document
from extract.models.documents import Document, IngestFailure, IngestResult
from extract.pipeline import RunResult
from extract.render.diff import render_diff
from extract.render.evaluation import render_evaluation
from extract.render.flows import render_flows
from extract.render.ingest_table import render_ingest
from extract.render.show import render_people, render_person
from extract.render.summary import render_summary
from extract.review.diff import diff_records
from extract.review.evaluate import Fact, evaluate
from extract.review.flows import Flow, Move
from extract.schemas.record import Merge, Record, RecordEducation, RecordEvidence, RecordPosition
from tests.fake_endpoint import Reply
from tests.faults.endpoint import MARKER, EchoEndpoint
from tests.faults.helpers import invoke

MARKUP = ["[/quote]", "[/INST]", "[bold]", "[/]", "[red]x[/red]", "[link=file:///etc/passwd]y[/link]"]
CONTROLS = {"newline": "\n", "cr": "\r", "tab": "\t", "esc": "\x1b[2J", "nel": "\x85", "line_separator": "\u2028",
            "bell": "\x07", "rtl_override": "\u202e"}
ESCAPED = {"newline": "\\n", "cr": "\\r", "tab": "\\t", "esc": "\\x1b[2J", "nel": "\\x85", "line_separator": "\\u2028",
           "bell": "\\x07", "rtl_override": "\\u202e"}  # how each is shown: written out, as repr would


def console() -> tuple[Console, io.StringIO]:
    """Wide enough that no cell wraps, so a shown value can be found whole."""
    buffer = io.StringIO()
    return Console(file=buffer, width=400, color_system=None), buffer


def evidence(text: str) -> RecordEvidence:
    return RecordEvidence(doc=f"doc{text}", start=0, end=len(text), quote=f"quote {text} end")


def record(text: str, rid: str = "r1") -> Record:
    """A record with ``text`` in every free-text field."""
    return Record(
        id=f"{rid}{text}", name=f"Ada {text} Lovelace", aliases=[f"alias {text}"],
        positions=[
            RecordPosition(organization=f"Org {text}", title=f"Title {text}", start=f"2019{text}", end=None,
                           status=f"joined{text}", evidence=[evidence(text)]),
            RecordPosition(organization=f"Later {text}", start="2021", status="current", evidence=[evidence(text)]),
        ],
        education=[RecordEducation(institution=f"School {text}", degree=f"PhD {text}", field=f"AI {text}",
                                   evidence=[evidence(text)])],
        sources=[f"doc{text}"],
        merges=[Merge(rule=f"rule {text}", detail=f"detail {text}", docs=[f"doc{text}"])],
    )


def document(text: str) -> Document:
    return Document(id=f"doc{text}", source=f"/in/{text}.txt", text=f"Body {text}. Ada joined Google.",
                    format="text", encoding="utf-8", language="en", title=f"Title {text}", published="2020-01-01")


def write_records(path: Path, records: list[Record]) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


# -- every renderer, straight to a console -------------------------------------------------------------------------


@pytest.mark.parametrize("text", MARKUP)
def test_show_table_and_person_print_markup_as_text(text: str) -> None:
    out, buffer = console()
    render_people([record(text)], out)
    render_person(record(text), out)
    shown = buffer.getvalue()
    for expected in (f"Ada {text} Lovelace", f"alias {text}", f"Org {text}", f"Title {text}", f"School {text}",
                     f"quote {text} end", f"rule {text}", f"doc{text}", f"r1{text}", f"joined{text}"):
        assert expected in shown


@pytest.mark.parametrize("text", MARKUP)
def test_eval_details_print_markup_as_text(text: str) -> None:
    gold = [record("", "g")]
    evaluation = evaluate([record(text)], gold)
    out, buffer = console()
    render_evaluation(evaluation, out, details=True)
    assert text in buffer.getvalue()


@pytest.mark.parametrize("text", MARKUP)
def test_eval_fact_tables_print_markup_as_text(text: str) -> None:
    from extract.review.evaluate import DateScore, EvidenceScore, PersonScore, Score

    fact = Fact(kind="position", person=f"P {text}", organization=f"O {text}", detail=f"D {text}", start=text,
                end=None, doc=f"doc{text}", quote=f"Q {text}")
    evaluation = evaluate([record("")], [record("", "g")])
    evaluation = type(evaluation)(
        persons=evaluation.persons, positions=evaluation.positions, education=evaluation.education,
        dates=evaluation.dates, evidence=evaluation.evidence, omissions=(fact,), hallucinations=(fact,),
        missed_persons=(f"M {text}",), extra_persons=(f"E {text}",), duplicate_records=((f"G {text}", f"R {text}"),),
    )
    assert isinstance(evaluation.persons, PersonScore) and isinstance(evaluation.positions, Score)
    assert isinstance(evaluation.dates, DateScore) and isinstance(evaluation.evidence, EvidenceScore)
    out, buffer = console()
    render_evaluation(evaluation, out, details=True)
    shown = buffer.getvalue()
    for expected in (f"M {text}", f"E {text}", f"G {text}", f"Q {text}"):
        assert expected in shown


@pytest.mark.parametrize("text", MARKUP)
def test_flows_print_markup_as_text(text: str) -> None:
    move = Move(person=f"P {text}", person_id="p", source=f"S {text}", target=f"T {text}", date=f"2020{text}",
                estimated=False, evidence=f"E {text}", where=f"doc{text}:1-2")
    flow = Flow(source=f"S {text}", target=f"T {text}", count=1, people=(f"P {text}",), first=text, last="2021")
    out, buffer = console()
    render_flows([move], [flow], out)
    assert f"E {text}" in buffer.getvalue()


@pytest.mark.parametrize("text", MARKUP)
def test_ingest_table_prints_markup_as_text(text: str) -> None:
    doc = document(text)
    out, buffer = console()
    render_ingest(IngestResult(documents=[doc]), {doc.id: chunk_document(doc)}, out)
    assert f"doc{text}" in buffer.getvalue()


@pytest.mark.parametrize("text", MARKUP)
def test_diff_prints_markup_as_text(text: str) -> None:
    """A guard: the diff already printed Text objects; it must stay that way."""
    out, buffer = console()
    old = record(text)
    new = record(text).model_copy(update={"positions": [*record(text).positions[:1]], "aliases": [f"new {text}"]})
    render_diff(diff_records([old, record("x", "gone")], [new, record(text, "added")]), out)
    assert f"new {text}" in buffer.getvalue()


@pytest.mark.parametrize("text", MARKUP)
def test_run_summary_prints_markup_as_text(text: str) -> None:
    result = RunResult(out=Path("out"), ingest_failures=[IngestFailure(f"/in/{text}", f"reason {text}")])
    result.usage.failures[f"kind {text}"] += 1
    out, buffer = console()
    render_summary(result, out)
    assert f"kind {text}" in buffer.getvalue()


@pytest.mark.parametrize("name", list(CONTROLS))
def test_tables_never_pass_control_characters_to_the_terminal(name: str) -> None:
    """ESC [2J in a document would clear the user's screen when shown: every renderer writes it out escaped."""
    text = CONTROLS[name]
    out, buffer = console()
    render_people([record(text)], out)
    render_person(record(text), out)
    render_evaluation(evaluate([record(text)], [record("", "g")]), out, details=True)
    doc = document(text)
    render_ingest(IngestResult(documents=[doc]), {doc.id: chunk_document(doc)}, out)
    render_diff(diff_records([record(text)], [record(text, "other")]), out)
    shown = buffer.getvalue()
    for char in "\x1b\r\t\x07\x85\u2028\u202e":
        assert char not in shown, f"{char!r} reached the terminal"
    if name != "newline":  # a newline stays a line break inside its cell
        assert ESCAPED[name] in shown


# -- the commands ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", MARKUP)
def test_cli_show_and_flows_and_eval_and_diff_print_markup_as_text(text: str, tmp_path: Path) -> None:
    mover = record(text)
    mover.positions[0].status, mover.positions[0].end = "former", "2020"  # a move for the flows
    mover.positions[1].status = "joined"
    path = write_records(tmp_path / "records.jsonl", [mover])
    gold = write_records(tmp_path / "gold.jsonl", [record("", "g")])
    for args in (("show", path), ("show", path, "Ada"), ("flows", path), ("eval", path, gold, "--details"),
                 ("diff", gold, path)):
        result = invoke(*args, env={"COLUMNS": "400"})
        assert result.exit_code in (0, 1), (args, result.output)
        assert f"Ada {text} Lovelace" in result.stdout, args


@pytest.mark.parametrize("text", MARKUP)
def test_cli_show_nobody_called_markup_is_one_line(text: str, tmp_path: Path) -> None:
    path = write_records(tmp_path / "records.jsonl", [record("")])
    result = invoke("show", path, f"Nobody {text}")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and text in line


def failing_file(folder: Path, name: str | bytes) -> Path:
    """A file ingest refuses with ``--max-bytes 10`` (it is bigger), under a hostile name, and a good one beside it
    (so the folder is not also reported as having no usable files)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text("Ada, 2020.", encoding="utf-8")
    path = os.path.join(os.fsencode(folder), name) if isinstance(name, bytes) else folder / name
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("Ada Lovelace joined Google in 2020, a sentence long enough to pass ten bytes.\n")
    return Path(os.fsdecode(path))


def test_ingest_failure_for_a_file_named_with_markup_is_one_line(tmp_path: Path) -> None:
    """A file named ``[/]x.txt`` (folder ``[``, file ``]x.txt``): the failure line shows the path as it is."""
    path = failing_file(tmp_path / "in" / "[", "]x.txt")
    result = invoke("ingest", tmp_path / "in", "--max-bytes", "10")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and str(path) in line and "[/]x.txt" in line


def test_endpoint_error_body_with_markup_is_one_line(tmp_path: Path) -> None:
    """An endpoint's error text with ``[/INST]`` (a chat template leaking): printed as text on the failure line."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_text(f"Ada Lovelace joined Google. {MARKER}\n", encoding="utf-8")
    fault = Reply({"error": {"message": "prompt ends in [/INST] [bold] unexpectedly [/]"}}, status=400)
    with EchoEndpoint(fault=fault) as endpoint:
        result = invoke("run", tmp_path / "in", "--out", tmp_path / "out", "--base-url", endpoint.base_url,
                        "--model", "fake", "--cache-dir", tmp_path / "cache", "-q")
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.stderr.splitlines() if "bad#0" in line]
    assert line.startswith("error") and "[/INST] [bold] unexpectedly [/]" in line


def test_run_into_a_folder_named_with_markup_says_where_it_wrote(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Ada Lovelace joined Google in 2020.\n", encoding="utf-8")
    out = tmp_path / "[/]out[bold]"
    with EchoEndpoint() as endpoint:
        result = invoke("run", tmp_path / "in", "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'mentions.jsonl'}" in result.stdout.replace("\n", "")
    for args in (("report", out), ("consolidate", out)):
        again = invoke(*args)
        assert again.exit_code == 0 and str(out) in again.stdout.replace("\n", "")


@pytest.mark.parametrize("name", list(CONTROLS))
def test_a_control_character_in_a_file_name_never_forges_a_line(name: str, tmp_path: Path) -> None:
    """``a<char>error forged.txt``: the failure is exactly one stderr line, with the character written out."""
    char = CONTROLS[name]
    failing_file(tmp_path / "in", f"a{char}error forged.txt")
    result = invoke("ingest", tmp_path / "in", "--max-bytes", "10")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and "error forged.txt" in line
    assert char not in line
    assert f"a{ESCAPED[name]}error forged.txt" in line


def test_a_file_name_that_is_not_utf8_prints_its_bytes(tmp_path: Path) -> None:
    """``b'\\xffe.txt'`` (os.fsdecode leaves a lone surrogate): the line shows ``\\xff``, nothing fails to encode."""
    failing_file(tmp_path / "in", b"\xffe.txt")
    result = invoke("ingest", tmp_path / "in", "--max-bytes", "10")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and "\\xffe.txt" in line


def test_a_setting_error_with_a_newline_is_one_line(tmp_path: Path) -> None:
    """``--prompt`` naming a missing template, with a newline in the name: one error line, exit 2."""
    (tmp_path / "a.txt").write_text("Ada Lovelace joined Google.\n", encoding="utf-8")
    result = invoke("run", tmp_path / "a.txt", "--out", tmp_path / "out", "--base-url", "http://127.0.0.1:9/v1",
                    "--prompt", "missing\nerror forged", "-q")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error") and "missing\\nerror forged" in line


def test_an_endpoint_error_with_escapes_is_one_line_per_failed_chunk(tmp_path: Path) -> None:
    """Two failing documents, an error body with CR, ESC and a bell: two error lines, no control reaches stderr.
    (A guard: openai quotes the body with repr today; the terminal escaping must hold without that.)"""
    (tmp_path / "in").mkdir()
    for n in (1, 2):
        (tmp_path / "in" / f"bad{n}.txt").write_text(f"Ada Lovelace joined Google. {MARKER}\n", encoding="utf-8")
    fault = Reply({"error": {"message": "line one\r\nerror forged\x1b[2J\x07"}}, status=400)
    with EchoEndpoint(fault=fault) as endpoint:
        result = invoke("run", tmp_path / "in", "--out", tmp_path / "out", "--base-url", endpoint.base_url,
                        "--model", "fake", "--cache-dir", tmp_path / "cache", "-q")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("error") for line in lines), lines
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["failures"]
