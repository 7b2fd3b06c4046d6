"""The CLI at its edges: one-line errors, exit statuses, the cache commands, a run against a fake endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from extract.cli import app
from tests.conftest import SEEDS
from tests.fake_endpoint import FakeEndpoint, Reply, completion

runner = CliRunner()


def test_run_against_an_endpoint_writes_the_contract_files(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    fake_endpoint.default = Reply(completion({"people": []}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEEDS / "002_e4194cfbf042f9c0.txt"), "--out", str(out),
                                 "--base-url", fake_endpoint.base_url, "--api-key", "sk-cli-secret-42"])
    assert result.exit_code == 0, result.output
    assert (out / "docs" / "002_e4194cfbf042f9c0.txt").is_file()
    assert (out / "mentions.jsonl").read_text() == ""
    run_json = (out / "run.json").read_text()
    summary = json.loads(run_json)
    assert summary["counts"]["documents"] == 1 and summary["usage"]["calls"] == summary["counts"]["chunks"] >= 1
    assert "sk-cli-secret-42" not in run_json
    assert summary["settings"]["base_url"] == fake_endpoint.base_url
    assert "run summary" in result.output


def test_run_reports_failed_chunks_and_exits_1(tmp_path: Path) -> None:
    with FakeEndpoint(default=Reply({"error": "bad gateway"}, status=502, headers={"retry-after": "0"})) as endpoint:
        result = runner.invoke(app, ["run", str(SEEDS / "002_e4194cfbf042f9c0.txt"), "--out", str(tmp_path / "o"),
                                     "--base-url", endpoint.base_url])
    assert result.exit_code == 1
    assert "server_error" in result.output
    failures = json.loads((tmp_path / "o" / "run.json").read_text())["failures"]
    assert failures and failures[0]["kind"] == "server_error"


def test_missing_input_is_one_line_and_the_rest_goes_on(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.html"), str(SEEDS / "002_e4194cfbf042f9c0.txt"),
                                 "--out", str(tmp_path / "o"), "--base-url", fake_endpoint.base_url])
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if "nope.html" in line]
    assert len(error_lines) == 1
    assert (tmp_path / "o" / "docs" / "002_e4194cfbf042f9c0.txt").is_file()


def test_bad_setting_is_a_clear_error_with_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(SEEDS), "--mode", "telepathy", "--base-url", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 2
    assert "--mode must be one of" in result.output


def test_custom_prompt_file_reaches_the_endpoint_and_run_json(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    template = tmp_path / "mine.md"
    template.write_text("---\nname: mine\nversion: 7\n---\n## system\nFind people.\n## user\n$sentences\n",
                        encoding="utf-8")
    fake_endpoint.default = Reply(completion({"people": []}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEEDS / "002_e4194cfbf042f9c0.txt"), "--out", str(out),
                                 "--base-url", fake_endpoint.base_url, "--prompt", str(template)])
    assert result.exit_code == 0, result.output
    assert fake_endpoint.requests[0]["body"]["messages"][0] == {"role": "system", "content": "Find people."}
    assert json.loads((out / "run.json").read_text())["prompt"]["name"] == "mine"
    missing = runner.invoke(app, ["run", str(SEEDS), "--prompt", "nope", "--base-url", "http://127.0.0.1:9/v1"])
    assert missing.exit_code == 2 and "--prompt nope" in missing.output


def test_cache_info_and_clear(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    runner.invoke(app, ["run", str(SEEDS / "002_e4194cfbf042f9c0.txt"), "--out", str(tmp_path / "o"),
                        "--base-url", fake_endpoint.base_url, "--cache-dir", str(cache_dir)])
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache_dir)])
    assert info.exit_code == 0 and " 0 answers" not in info.output and "answers" in info.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache_dir)])
    assert "removed" in cleared.output and "removed 0 " not in cleared.output
    assert " 0 answers" in runner.invoke(app, ["cache", "info", "--cache-dir", str(cache_dir)]).output


def test_ingest_lists_the_seeds(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SEEDS)], terminal_width=160)
    assert result.exit_code == 0, result.output
    for doc_id in ("000_3ddfede94d37599f", "004_aa9b824e84a55e76"):
        assert doc_id[:12] in result.output
    assert "2024-12-04" in result.output


def test_schema_export_matches_the_committed_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    for name in ("chunk_extraction.schema.json", "quoted_chunk_extraction.schema.json", "record.schema.json",
                 "row_chunk_extraction.schema.json"):
        committed = Path(__file__).resolve().parent.parent / "schemas" / name
        assert (tmp_path / name).read_text() == committed.read_text(), "schemas/*.json is stale: run `extract schema`"


def test_diff_exit_status_json_and_person(tmp_path: Path) -> None:
    gold = Path(__file__).resolve().parent / "gold" / "seeds.records.jsonl"
    assert runner.invoke(app, ["diff", str(gold), str(gold)]).exit_code == 0
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    changed = tmp_path / "records.jsonl"
    changed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[1:]), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(gold), str(tmp_path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["counts"]["people_removed"] == 1
    narrowed = runner.invoke(app, ["diff", str(gold), str(tmp_path), "--json", "--person", rows[2]["name"]])
    assert json.loads(narrowed.output)["counts"]["people_removed"] == 0


def test_eval_of_gold_against_itself_is_perfect_in_json() -> None:
    gold = Path(__file__).resolve().parent / "gold" / "seeds.records.jsonl"
    result = runner.invoke(app, ["eval", str(gold), str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["persons"]["recall"] == scores["positions"]["precision"] == 1.0
    table = runner.invoke(app, ["eval", str(gold), str(gold)], terminal_width=120)
    assert "persons" in table.output and "positions" in table.output


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "run"
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "d.txt").write_text("张三加入了百度。", encoding="utf-8")
    record = {"id": "zhang-san", "name": "张三", "aliases": [], "education": [], "sources": ["d"], "positions": [
        {"organization": "Baidu", "status": "joined", "evidence": [{"doc": "d", "start": 0, "end": 8,
                                                                      "quote": "张三加入了百度。"}]}]}
    (out / "records.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<mark" in page and "张三加入了百度。" in page
    assert runner.invoke(app, ["report", str(tmp_path / "missing")]).exit_code == 2


def _fooco_reply() -> Reply:
    person = {"name": "Jane Roe", "other_names": [], "education": [], "positions": [
        {"organization": "Fooco Labs", "title": None, "start": "2020", "end": None, "status": "joined", "sentence": 1}]}
    return Reply(completion({"people": [person]}))


def test_run_orgs_name_the_organisations_of_the_records(fake_endpoint: FakeEndpoint, tmp_path: Path) -> None:
    """``run --orgs FILE`` is added to the table consolidation names organisations with (the pipeline loads it once
    and hands the same table to the rule pass), and run.json records it."""
    doc = tmp_path / "in" / "jane.txt"
    doc.parent.mkdir()
    doc.write_text("Jane Roe joined Fooco Labs in 2020.\n", encoding="utf-8")
    table = tmp_path / "fooco.toml"
    table.write_text('[[org]]\nname = "Fooco"\naliases = ["Fooco Labs"]\n', encoding="utf-8")
    fake_endpoint.default = _fooco_reply()
    organisations = {}
    for name, extra in (("plain", []), ("orgs", ["--orgs", str(table)])):
        result = runner.invoke(app, ["run", str(doc), "--out", str(tmp_path / name), "-q",
                                     "--base-url", fake_endpoint.base_url, *extra])
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in (tmp_path / name / "records.jsonl").read_text().splitlines()]
        organisations[name] = {p["organization"] for r in records for p in r["positions"]}
    assert organisations == {"plain": {"Fooco Labs"}, "orgs": {"Fooco"}}
    assert json.loads((tmp_path / "orgs" / "run.json").read_text())["settings"]["orgs"] == [str(table)]


@pytest.mark.parametrize("flag", ["--orgs", "--cues"])
def test_a_bad_lexicon_file_is_one_line_before_anything_is_written(flag: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[org]\nname = \n", encoding="utf-8")
    out = tmp_path / "out"
    for path in (broken, tmp_path / "missing.toml"):
        result = runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--base-url", "http://127.0.0.1:9/v1",
                                     flag, str(path)])
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("error") and path.name in line
        assert not out.exists()


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(name, command) of every command under a click-style group (typer's own classes, duck-typed)."""
    found = []
    for name, command in group.commands.items():
        found += _commands(command, f"{prefix}{name} ") if hasattr(command, "commands") else [(prefix + name, command)]
    return found


def test_every_option_shows_its_default_in_help() -> None:
    """An option whose value is None until the environment or the Settings default fills it would show no default
    at all: each says what applies instead. Only off-by-default switches (--json, --quiet) need none."""
    commands = _commands(typer.main.get_command(app))
    assert {"run", "consolidate", "eval", "cache info"} <= {name for name, _ in commands}
    silent = [
        f"{name} {param.opts[0]}" for name, command in commands for param in command.params
        if param.param_type_name == "option" and param.opts[0] != "--help"
        and not (param.is_flag and not param.secondary_opts and param.default is False)
        and param.default is None and not isinstance(param.show_default, str)
    ]
    assert silent == []
    shown = " ".join(runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output.split())
    for default in ("800", "json_schema", "the packaged table only", "start one here"):
        assert default in shown
