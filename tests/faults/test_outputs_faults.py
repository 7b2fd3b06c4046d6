"""The --out folder: a failed run never replaces good outputs, runs do not interleave, names and modes behave.

Issue 16, items 1 (a failed run emptied the outputs), 2 (a long file name aborted the batch), 3 (a file name that
is not UTF-8 crashed run.json), 5 (--out inside the input folder fed outputs back in), 6 (no lock), 12 (file-system
errors as tracebacks), 13 (outputs created 0600), 16 (docs/ and records disagreeing after an interrupt, docs of
earlier runs left in the report) and 17 (a non-UTF-8 docs file crashed the report; "model calls 0").
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from extract.config import Settings
from extract.errors import OutputError
from extract.outputs import PREVIOUS, OutputFolder
from extract.pipeline import run
from tests.conftest import ROOT
from tests.fake_endpoint import Reply
from tests.faults.endpoint import EchoEndpoint
from tests.faults.helpers import all_files, invoke, read_jsonl, run_json, tmp_files

OUTPUTS = ("mentions.jsonl", "records.jsonl", "run.json")


def articles(folder: Path, *names: str) -> Path:
    """One short article per name, each naming one person (the echo endpoint extracts 'Firstname Lastname')."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name.split()[0].lower()}.txt").write_text(f"{name} joined Google in 2020.\n", encoding="utf-8")
    return folder


def snapshot(out: Path) -> dict[str, bytes]:
    """Every published file under ``out`` (hidden bookkeeping files aside) with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(all_files(out))
            if not any(part.startswith(".") for part in p.relative_to(out).parts)}


def cli_run(inputs: Path | str, out: Path, base_url: str, *extra: str):
    return invoke("run", inputs, "--out", out, "--base-url", base_url, "--model", "fake", "-q", *extra)


@pytest.fixture
def echo():
    with EchoEndpoint() as endpoint:
        yield endpoint


@pytest.fixture
def good_out(tmp_path: Path, echo: EchoEndpoint) -> Path:
    """An out folder holding a good run of two articles."""
    out = tmp_path / "out"
    result = cli_run(articles(tmp_path / "in", "Alice Walker", "Bob Stone"), out, echo.base_url)
    assert result.exit_code == 0, result.output
    assert len(read_jsonl(out / "records.jsonl")) == 2
    return out


# ---------------------------------------------------------------- 1. a failed run keeps the previous outputs

def test_a_mistyped_input_path_leaves_the_previous_outputs_byte_for_byte(
    tmp_path: Path, echo: EchoEndpoint, good_out: Path
) -> None:
    before = snapshot(good_out)
    result = cli_run(tmp_path / "inz", good_out, echo.base_url)
    assert result.exit_code == 1
    assert snapshot(good_out) == before
    assert "nothing published: no input could be read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the missing path, then what happened to the outputs


def test_a_run_where_every_chunk_fails_leaves_the_previous_outputs(tmp_path: Path, good_out: Path) -> None:
    before = snapshot(good_out)
    with EchoEndpoint(fault=Reply("not json {"), marker="joined") as broken:  # every chunk says "joined"
        result = cli_run(tmp_path / "in", good_out, broken.base_url, "--cache-dir", tmp_path / "cold")
    assert result.exit_code == 1
    assert snapshot(good_out) == before
    assert "nothing published: every chunk failed (2)" in result.stderr


def test_a_wrong_model_leaves_the_previous_outputs_and_exits_2(tmp_path: Path, good_out: Path) -> None:
    before = snapshot(good_out)
    missing = Reply({"error": {"message": "model 'gpt-9' not found", "type": "not_found"}}, status=404)
    with EchoEndpoint(fault=missing, marker="") as endpoint:  # "" is in every request: all answer 404
        result = invoke("run", tmp_path / "in", "--out", good_out, "--base-url", endpoint.base_url,
                        "--model", "gpt-9", "-q")
        chats = len(endpoint.requests)
    assert result.exit_code == 2
    assert snapshot(good_out) == before
    assert "model 'gpt-9' is not served there" in result.stderr and "it serves: fake" in result.stderr
    assert chats == 1, "one tiny preflight call, not one per chunk"


def test_a_wrong_key_leaves_the_previous_outputs_and_exits_2(tmp_path: Path, good_out: Path) -> None:
    before = snapshot(good_out)
    refused = Reply({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}},
                    status=401)
    with EchoEndpoint(fault=refused, marker="") as endpoint:
        endpoint.models_reply = refused
        result = cli_run(tmp_path / "in", good_out, endpoint.base_url, "--api-key", "sk-wrong-0123456789",
                         "--cache-dir", tmp_path / "cold")  # with the answers cached, no call (and no check) is made
        chats = len(endpoint.requests)
    assert result.exit_code == 2 and chats == 0
    assert snapshot(good_out) == before
    assert "refused the API key" in result.stderr and "sk-wrong" not in result.stderr


def test_a_first_run_that_fails_still_writes_run_json_listing_why(tmp_path: Path, echo: EchoEndpoint) -> None:
    out = tmp_path / "out"
    result = cli_run(tmp_path / "nowhere", out, echo.base_url)
    assert result.exit_code == 1
    assert run_json(out)["failures"][0]["reason"] == "no such file"
    assert read_jsonl(out / "records.jsonl") == []


def test_a_partly_failed_run_is_published_and_keeps_what_it_replaced(tmp_path: Path, good_out: Path) -> None:
    old_records = (good_out / "records.jsonl").read_bytes()
    with EchoEndpoint(fault=Reply("not json {"), marker="Bob") as endpoint:
        result = invoke("run", tmp_path / "in", "--out", good_out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cold")
    assert result.exit_code == 1
    assert [r["name"] for r in read_jsonl(good_out / "records.jsonl")] == ["Alice Walker"]
    assert (good_out / PREVIOUS / "records.jsonl").read_bytes() == old_records
    assert (good_out / PREVIOUS / "docs" / "bob.txt").is_file()
    assert f"extract diff {good_out / PREVIOUS} {good_out}" in "".join(result.stdout.split("\n"))


def test_an_existing_report_is_refreshed_after_a_publish_and_kept_after_a_failure(
    tmp_path: Path, echo: EchoEndpoint, good_out: Path
) -> None:
    assert invoke("report", good_out).exit_code == 0
    report = good_out / "report.html"
    assert "Bob Stone" in report.read_text(encoding="utf-8")
    articles(tmp_path / "other", "Carol King")
    assert cli_run(tmp_path / "other", good_out, echo.base_url).exit_code == 0
    refreshed = report.read_text(encoding="utf-8")
    assert "Carol King" in refreshed and "Bob Stone" in refreshed, "the earlier run's document is kept"
    cli_run(tmp_path / "inz", good_out, echo.base_url)
    assert report.read_text(encoding="utf-8") == refreshed


def test_a_crash_inside_the_run_publishes_nothing(tmp_path: Path, echo: EchoEndpoint, good_out: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(good_out)

    def crash(*_args, **_kwargs):
        raise RuntimeError("consolidation blew up")

    monkeypatch.setattr("extract.consolidate.consolidate", crash)
    settings = Settings.from_env(base_url=echo.base_url, model="fake")
    with pytest.raises(RuntimeError):
        run([tmp_path / "in"], settings, good_out)
    assert snapshot(good_out) == before
    assert not [p for p in good_out.iterdir() if p.name.startswith(".staging-")]


# ---------------------------------------------------------------- 2. long file names

def test_a_file_name_of_80_chinese_characters_is_one_document_not_a_crash(tmp_path: Path, echo: EchoEndpoint) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    long_a, long_b = "长" * 80 + "甲", "长" * 80 + "乙"  # 243 bytes each: same first 120 bytes
    (folder / f"{long_a}.txt").write_text("Alice Walker joined Google in 2020.\n", encoding="utf-8")
    (folder / f"{long_b}.txt").write_text("Bob Stone joined Google in 2021.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli_run(folder, out, echo.base_url)
    assert result.exit_code == 0, result.output
    docs = sorted((out / "docs").iterdir())
    assert len(docs) == 2 and all(len(p.name.encode()) <= 255 - 20 for p in docs)
    assert len({p.stem for p in docs}) == 2
    assert {r["name"] for r in read_jsonl(out / "records.jsonl")} == {"Alice Walker", "Bob Stone"}


def test_a_target_name_near_the_limit_still_gets_a_temporary_name_that_fits(tmp_path: Path) -> None:
    from extract.io import write_text_atomic

    target = tmp_path / ("字" * 83 + ".txt")  # 253 bytes: the longest name of this shape that fits
    write_text_atomic(target, "x")
    assert target.read_text(encoding="utf-8") == "x" and not tmp_files(tmp_path)


# ---------------------------------------------------------------- 3. file names that are not UTF-8

@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes; others are Unicode")
def test_a_failing_input_whose_name_is_not_utf8_is_listed_in_run_json(tmp_path: Path, echo: EchoEndpoint) -> None:
    folder = articles(tmp_path / "in", "Alice Walker")
    with open(os.path.join(os.fsencode(folder), b"\xffe.txt"), "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "out"
    result = cli_run(folder, out, echo.base_url)
    assert result.exit_code == 1
    summary = json.loads((out / "run.json").read_bytes().decode("utf-8"))  # valid UTF-8
    (failure,) = summary["failures"]
    assert failure["path"].endswith("\\xffe.txt") and failure["reason"].startswith("binary file")
    assert len(read_jsonl(out / "records.jsonl")) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes; others are Unicode")
def test_a_good_input_whose_name_is_not_utf8_is_extracted(tmp_path: Path, echo: EchoEndpoint) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:  # Latin-1 "café"
        handle.write(b"Alice Walker joined Google in 2020.\n")
    out = tmp_path / "out"
    assert cli_run(folder, out, echo.base_url).exit_code == 0
    assert [r["name"] for r in read_jsonl(out / "records.jsonl")] == ["Alice Walker"]
    json.loads((out / "run.json").read_bytes().decode("utf-8"))


# ---------------------------------------------------------------- 5. --out inside the input folder

def test_out_inside_the_input_folder_is_not_read_back_in(tmp_path: Path, echo: EchoEndpoint) -> None:
    folder = articles(tmp_path / "in", "Alice Walker", "Bob Stone")
    out = folder / "out"
    for _ in range(3):
        result = cli_run(folder, out, echo.base_url)
        assert result.exit_code == 0, result.output
        summary = run_json(out)
        assert summary["counts"]["documents"] == 2
    sources = {e["doc"] for r in read_jsonl(out / "records.jsonl") for p in r["positions"] for e in p["evidence"]}
    assert sources == {"alice", "bob"}
    assert summary["skipped"] == [str(out)]


def test_another_runs_output_folder_inside_the_inputs_is_skipped(tmp_path: Path, echo: EchoEndpoint) -> None:
    folder = articles(tmp_path / "in", "Alice Walker")
    assert cli_run(folder, folder / "first", echo.base_url).exit_code == 0
    out = tmp_path / "second"
    result = invoke("run", folder, "--out", out, "--base-url", echo.base_url, "--model", "fake")
    assert result.exit_code == 0, result.output
    assert run_json(out)["counts"]["documents"] == 1
    assert "skipped" in result.stdout and "the output of a run" in result.stdout


def test_the_out_folder_given_as_the_input_is_not_read_and_says_so(tmp_path: Path, echo: EchoEndpoint,
                                                                    good_out: Path) -> None:
    """``extract run out --out out``: nothing in a run folder is an article; one failure line, exit 1, and the
    previous outputs stay (found by bench/faults.py)."""
    before = snapshot(good_out)
    result = cli_run(good_out, good_out, echo.base_url)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error {good_out}: directory has no usable files"
    assert "nothing published" in lines[1]
    assert snapshot(good_out) == before


def test_run_here_into_here_reads_the_articles_beside_the_outputs(tmp_path: Path, echo: EchoEndpoint,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``cd articles && extract run . --out .``, twice: the articles are read, the outputs never are."""
    folder = articles(tmp_path / "in", "Alice Walker", "Bob Stone")
    monkeypatch.chdir(folder)
    for _ in range(2):
        result = cli_run(Path("."), Path("."), echo.base_url)
        assert result.exit_code == 0, result.output
        assert run_json(folder)["counts"]["documents"] == 2
    assert sorted(p.name for p in (folder / "docs").iterdir()) == ["alice.txt", "bob.txt"]


def test_a_utf8_file_with_a_stray_byte_is_read_as_utf8_with_a_warning(tmp_path: Path, echo: EchoEndpoint) -> None:
    """One byte of another encoding in a UTF-8 file made the whole file another code page ("José" → "JosĂ©")."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"Alice Walker joined Google in 2020." + b"\xff"
                                   + " José Núñez joined Meta.".encode())
    out = tmp_path / "out"
    result = cli_run(folder, out, echo.base_url)
    assert result.exit_code == 0, result.output
    text = (out / "docs" / "a.txt").read_text(encoding="utf-8")
    assert "José Núñez" in text and "\ufffd" in text
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("warning") and "1 byte that is not UTF-8 replaced" in line


# ---------------------------------------------------------------- 6. one run at a time per --out

def test_a_second_run_into_a_locked_out_fails_at_once_naming_the_holder(tmp_path: Path, echo: EchoEndpoint,
                                                                        good_out: Path) -> None:
    before = snapshot(good_out)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom extract.outputs import OutputFolder\n"
         "with OutputFolder(Path(sys.argv[1]), command='extract run holder'):\n"
         "    print('locked', flush=True)\n    time.sleep(60)\n", str(good_out)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = cli_run(tmp_path / "in", good_out, echo.base_url)
    finally:
        holder.kill()
        holder.wait(10)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "is in use by another run" in line and f"pid {holder.pid}" in line and "extract run holder" in line
    assert len(echo.requests) == 2  # only the good run's two chunks: the locked run sent nothing
    assert snapshot(good_out) == before
    assert cli_run(tmp_path / "in", good_out, echo.base_url).exit_code == 0, "the lock died with its holder"


def test_consolidate_refuses_a_locked_folder(tmp_path: Path, good_out: Path) -> None:
    with OutputFolder(good_out, command="extract run other"):
        result = invoke("consolidate", good_out)
    assert result.exit_code == 2 and "is in use by another run" in result.stderr
    assert invoke("consolidate", good_out).exit_code == 0


# ---------------------------------------------------------------- 12. file-system errors: one line, exit 2

@pytest.mark.parametrize("where", ["a file", "under a file", "under /proc"])
def test_an_unusable_out_is_one_line_and_exit_2(tmp_path: Path, echo: EchoEndpoint, where: str) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = {"a file": afile, "under a file": afile / "sub", "under /proc": Path("/proc/career-extract-out")}[where]
    result = cli_run(articles(tmp_path / "in", "Alice Walker"), out, echo.base_url)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error") and str(out) in line and "Traceback" not in result.output
    assert echo.requests == []


def test_an_unusable_cache_dir_is_one_line_and_exit_2(tmp_path: Path, echo: EchoEndpoint) -> None:
    result = cli_run(articles(tmp_path / "in", "Alice Walker"), tmp_path / "out", echo.base_url,
                     "--cache-dir", "/proc/career-extract-cache")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "/proc/career-extract-cache" in line and "Traceback" not in result.output


def test_a_full_disk_while_writing_is_one_line_exit_2_and_keeps_the_previous_outputs(
    tmp_path: Path, echo: EchoEndpoint, good_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(good_out)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("extract.pipeline.write_jsonl_atomic", full)
    result = cli_run(tmp_path / "in", good_out, echo.base_url)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "No space left on device" in line and "previous outputs are as they were" in line
    assert snapshot(good_out) == before


# ---------------------------------------------------------------- 13. permissions follow the umask

@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_get_the_permissions_the_umask_allows(tmp_path: Path, echo: EchoEndpoint, umask: int) -> None:
    old = os.umask(umask)
    try:
        out = tmp_path / "out"
        assert cli_run(articles(tmp_path / "in", "Alice Walker"), out, echo.base_url).exit_code == 0
        assert invoke("report", out).exit_code == 0
    finally:
        os.umask(old)
    files = [out / name for name in (*OUTPUTS, "report.html")] + list((out / "docs").iterdir())
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o666 & ~umask}


# ---------------------------------------------------------------- 16. docs/ always belongs to the records

def test_docs_of_an_earlier_run_stay_unless_fresh(tmp_path: Path, echo: EchoEndpoint, good_out: Path) -> None:
    """A run adds to the folder's corpus (issue 21); --fresh starts over, and then nothing of before stays."""
    articles(tmp_path / "other", "Carol King")
    assert cli_run(tmp_path / "other", good_out, echo.base_url).exit_code == 0
    kept = sorted(p.name for p in (good_out / "docs").iterdir())
    assert "carol.txt" in kept and len(kept) > 1
    assert invoke("report", good_out).exit_code == 0
    assert "Bob Stone" in (good_out / "report.html").read_text(encoding="utf-8")
    assert cli_run(tmp_path / "other", good_out, echo.base_url, "--fresh").exit_code == 0
    assert sorted(p.name for p in (good_out / "docs").iterdir()) == ["carol.txt"]
    assert invoke("report", good_out).exit_code == 0
    assert "Bob Stone" not in (good_out / "report.html").read_text(encoding="utf-8")


def test_an_interrupted_publish_is_finished_by_the_next_run(tmp_path: Path, good_out: Path) -> None:
    """A publish killed after moving mentions.jsonl (but not the rest) is rolled forward on the next entry."""
    with OutputFolder(good_out) as folder:
        staged_docs = folder.path("docs")
        staged_docs.mkdir()
        (staged_docs / "new.txt").write_text("new", encoding="utf-8")
        for name in OUTPUTS:
            folder.path(name).write_text(f"new {name}\n", encoding="utf-8")
        (good_out / ".publish.json").write_text(json.dumps({"staging": folder.staging.name,
                                                            "items": ["docs", *OUTPUTS]}))
        (good_out / PREVIOUS).mkdir()
        os.replace(good_out / "mentions.jsonl", good_out / PREVIOUS / "mentions.jsonl")
        os.replace(folder.path("mentions.jsonl"), good_out / "mentions.jsonl")
        folder.published = True  # pretend the process died here: the staging folder stays
        staging = folder.staging
    assert staging.is_dir() and (good_out / ".publish.json").exists()
    with OutputFolder(good_out) as again:
        assert again.recovered
    assert [p.name for p in (good_out / "docs").iterdir()] == ["new.txt"]
    for name in OUTPUTS:
        assert (good_out / name).read_text(encoding="utf-8") == f"new {name}\n"
    assert (good_out / PREVIOUS / "docs" / "bob.txt").is_file()
    assert not staging.exists() and not (good_out / ".publish.json").exists()


def test_staging_left_by_a_killed_run_is_removed_and_never_published(tmp_path: Path, good_out: Path) -> None:
    before = snapshot(good_out)
    stale = good_out / ".staging-99999"
    (stale / "docs").mkdir(parents=True)
    (stale / "records.jsonl").write_text("half", encoding="utf-8")
    with OutputFolder(good_out) as folder:
        assert not folder.recovered
    assert not stale.exists() and snapshot(good_out) == before


def test_ingest_out_refuses_a_runs_folder(tmp_path: Path, good_out: Path) -> None:
    result = invoke("ingest", tmp_path / "in", "--out", good_out)
    assert result.exit_code == 2 and "holds a run's outputs" in result.stderr
    assert sorted(p.name for p in (good_out / "docs").iterdir()) == ["alice.txt", "bob.txt"]


def test_output_folder_that_is_a_file_raises_output_error(tmp_path: Path) -> None:
    afile = tmp_path / "f"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is a file"), OutputFolder(afile):
        pass


# ---------------------------------------------------------------- 17. report and summary honesty

def test_report_on_a_docs_file_that_is_not_utf8_warns_instead_of_crashing(tmp_path: Path, good_out: Path) -> None:
    (good_out / "docs" / "alice.txt").write_bytes(b"Alice Walker joined \xff\xfe Google.\n")
    result = invoke("report", good_out)
    assert result.exit_code == 0, result.output
    assert "alice.txt" in result.stderr and "not UTF-8" in result.stderr
    assert "Bob Stone" in (good_out / "report.html").read_text(encoding="utf-8")


def test_the_summary_counts_failed_calls_when_no_call_was_answered(tmp_path: Path) -> None:
    bad = Reply({"error": {"message": "overloaded"}}, status=500, headers={"retry-after": "0"})
    with EchoEndpoint(fault=bad, marker="") as endpoint:
        result = invoke("run", articles(tmp_path / "in", "Alice Walker"), "--out", tmp_path / "out", "--base-url",
                        endpoint.base_url, "--model", "fake")
    assert result.exit_code == 1
    summary = run_json(tmp_path / "out")
    assert summary["usage"]["calls"] == 0 and summary["usage"]["failed_calls"] == 5
    assert "0 answered, 5 failed" in result.stdout


def test_nothing_of_the_run_is_left_in_a_staging_folder(tmp_path: Path, echo: EchoEndpoint, good_out: Path) -> None:
    assert cli_run(tmp_path / "in", good_out, echo.base_url).exit_code == 0
    assert sorted(p.name for p in good_out.iterdir() if p.name.startswith(".")) == [".lock", PREVIOUS]
    shutil.rmtree(good_out / PREVIOUS)


def test_ingest_repairs_are_one_warning_line_each_and_in_run_json(tmp_path: Path, echo: EchoEndpoint) -> None:
    """A front-matter value dropped (issue 16, item 15) is said once, as a warning line, also under -q."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Alice moves\ndate: 2099-13-45\n---\nAlice Walker joined Google.\n",
                                 encoding="utf-8")
    out = tmp_path / "out"
    result = cli_run(folder, out, echo.base_url)
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("warning") and "a.md" in line and "'date' ignored" in line
    assert run_json(out)["warnings"] == [line.removeprefix("warning ")]
