"""Inputs at scale (2,000 files, awkward names) and the per-document limits (--max-chunks, --max-bytes)."""

from __future__ import annotations

import time
from pathlib import Path

from extract.ingest import ingest
from tests.faults.endpoint import EchoEndpoint
from tests.faults.helpers import invoke, read_jsonl, run_json

FIRST = ["Alice", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro"]
LAST = ["Walker", "Rossi", "Novak", "Tanaka", "Okafor", "Larsen", "Moreau", "Silva"]


def test_two_thousand_small_files_ingest_in_bounded_time(tmp_path: Path) -> None:
    """Every file becomes a document, in sorted order, with unique ids, in well under 20 s."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"article-{i:04d}.txt").write_text(f"Article {i}. Somebody joined Google in {1990 + i % 30}.\n",
                                                     encoding="utf-8")
    started = time.perf_counter()
    result = ingest([folder])
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert result.failures == []
    assert [d.id for d in result.documents] == [f"article-{i:04d}" for i in range(2000)]
    assert all(f"Article {i}." in d.text for i, d in enumerate(result.documents))


def test_names_with_spaces_and_non_ascii_work_end_to_end(tmp_path: Path) -> None:
    """Spaces, accents, CJK and emoji in file and folder names: every document is read, extracted and written."""
    folder = tmp_path / "in put 資料"
    folder.mkdir()
    names = ["with space.txt", "résumé café.md", "张三 的 文章.txt", "Ünïcödé — dash.html", "emoji 🚀 file.txt"]
    people = [f"{FIRST[i]} {LAST[i]}" for i in range(len(names))]
    for name, who in zip(names, people, strict=True):
        body = f"{who} joined Google in 2020."
        text = f"<html><body><p>{body}</p></body></html>" if name.endswith(".html") else body + "\n"
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out 出力"
    with EchoEndpoint() as endpoint:
        result = invoke("run", folder, "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cache ç", "-q")
        assert len(endpoint.requests) == len(names)
    assert result.exit_code == 0, result.output
    summary = run_json(out)
    assert summary["counts"]["documents"] == len(names) and summary["failures"] == []
    mentions = read_jsonl(out / "mentions.jsonl")
    assert sorted(m["name"] for m in mentions) == sorted(people)
    for mention in mentions:
        assert (out / "docs" / f"{mention['doc']}.txt").is_file()
    assert len(list((out / "docs").iterdir())) == len(names)


def long_document(path: Path, sentences: int = 300) -> None:
    path.write_text(" ".join(f"{FIRST[i % 8]} {LAST[i // 8 % 8]} joined Google in {1990 + i % 30}."
                             for i in range(sentences)) + "\n", encoding="utf-8")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error")]


def test_max_chunks_extracts_only_the_first_chunks_and_says_so(tmp_path: Path) -> None:
    """--max-chunks 2: one error line naming the file and the limit, exit 1, exactly 2 chunks sent for it."""
    long, short = tmp_path / "long.txt", tmp_path / "short.txt"
    long_document(long)
    short.write_text("Hiro Silva joined Google in 2020.\n", encoding="utf-8")
    out = tmp_path / "out"
    with EchoEndpoint() as endpoint:
        result = invoke("run", long, short, "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cache", "--chunk-size", "400", "--max-chunks", "2", "-q")
        calls = len(endpoint.requests)
    assert result.exit_code == 1, result.output
    (line,) = error_lines(result.stderr)
    assert str(long) in line and "limit of 2" in line and "--max-chunks" in line
    assert calls == 3, "two chunks of the long document and one of the short one"
    summary = run_json(out)
    assert summary["counts"]["chunks"] == 3 and summary["counts"]["chunks_failed"] == 0
    assert [f["path"] for f in summary["failures"]] == [str(long)]
    docs = {m["doc"] for m in read_jsonl(out / "mentions.jsonl")}
    assert docs == {"long", "short"}, "the capped document is still extracted, the other one untouched"


def test_max_bytes_refuses_the_file_with_a_clear_message(tmp_path: Path) -> None:
    """--max-bytes: the big file is refused before any call with its size and the limit; the small one is done."""
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    long_document(big, sentences=100)
    small.write_text("Hiro Silva joined Google in 2020.\n", encoding="utf-8")
    out = tmp_path / "out"
    with EchoEndpoint() as endpoint:
        result = invoke("run", big, small, "--out", out, "--base-url", endpoint.base_url, "--model", "fake",
                        "--cache-dir", tmp_path / "cache", "--max-bytes", "1000", "-q")
        calls = len(endpoint.requests)
    assert result.exit_code == 1, result.output
    (line,) = error_lines(result.stderr)
    assert str(big) in line and "limit" in line and "--max-bytes" in line
    assert calls == 1
    summary = run_json(out)
    assert summary["counts"]["documents"] == 1
    assert summary["failures"][0]["path"] == str(big) and summary["failures"][0]["kind"] == "input"
    assert [m["name"] for m in read_jsonl(out / "mentions.jsonl")] == ["Hiro Silva"]
