"""Every way an input can be unusable: a short human reason, and the batch goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.ingest import ingest, load_document

GOOD_MD = "# 标题\n\n张三于 2020 年加入谷歌。\n"
GOOD_HTML = "<html><body><p>Jane Doe joined OpenAI in 2021.</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)
ZIP = b"PK\x03\x04\x14\x00\x00\x00" + bytes(32)


def reason(path: Path, **kwargs: int) -> str:
    with pytest.raises(InputError) as info:
        load_document(path, **kwargs)
    assert info.value.path == str(path)
    return info.value.reason


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "file is empty"),
        (b"  \n\t\r\n \xe3\x80\x80 \n", "only whitespace"),
        (PNG, "binary file (PNG image)"),
        (ZIP, "binary file (zip archive)"),
        (bytes([0, 1, 2, 3, 250, 0, 7]) * 50, "binary file"),
        (
            "<html><head><title>只有标题</title><script>var a = 1;</script></head><body> </body></html>",
            "HTML has no body text",
        ),
        ("<div><img src='a.png'><nav><a href='/'>首页</a></nav></div>", "HTML has no body text"),
        ("![](https://example.com/a.png)\n\n![](https://example.com/b.png)", "markdown has no body text"),
    ],
)
def test_bad_file_reasons(tmp_path: Path, data: bytes | str, expected: str) -> None:
    assert reason(write(tmp_path / "bad.txt", data)) == expected


def test_undecodable_reason(tmp_path: Path) -> None:
    data = bytes((i * 37) % 128 + 128 for i in range(3000))
    assert reason(write(tmp_path / "bad.txt", data)).startswith("undecodable bytes (")


def test_over_the_limit_is_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(10 * 1024 * 1024)  # a sparse 10 MB file: only a stat may touch it
    started = time.perf_counter()
    assert reason(path) == "file is 10.5 MB, over the 5.0 MB limit (--max-bytes)"
    assert time.perf_counter() - started < 0.5


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", GOOD_MD)
    assert reason(path, max_bytes=10).startswith("file is ")
    assert load_document(path, max_bytes=1_000).text


def test_missing_path(tmp_path: Path) -> None:
    assert reason(tmp_path / "nope.txt") == "no such file"
    result = ingest([tmp_path / "nope.txt"])
    assert result.documents == []
    assert [(f.path, f.reason) for f in result.failures] == [(str(tmp_path / "nope.txt"), "no such file")]


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root reads anything, so chmod 000 proves nothing there; refuse the open itself instead.
    path = write(tmp_path / "secret.md", GOOD_MD)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    assert reason(path) == "permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.md", GOOD_MD)
    path.chmod(0)
    try:
        assert reason(path) == "permission denied"
    finally:
        path.chmod(0o644)


def test_symlink_loops(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder / "a.md", GOOD_MD)
    (folder / "again").symlink_to(folder, target_is_directory=True)  # a folder loop
    (folder / "x.txt").symlink_to(folder / "y.txt")  # a file loop
    (folder / "y.txt").symlink_to(folder / "x.txt")
    started = time.perf_counter()
    result = ingest([folder])
    assert time.perf_counter() - started < 5
    assert [d.id for d in result.documents] == ["a"]
    assert sorted(Path(f.path).name for f in result.failures) == ["x.txt", "y.txt"]
    assert all(f.reason.startswith("symlink loop") for f in result.failures)


def test_directory_without_usable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / ".hidden.md", GOOD_MD)  # hidden files are skipped
    useless = tmp_path / "useless"
    useless.mkdir()
    write(useless / "blank.txt", b"")
    result = ingest([empty, useless])
    assert result.documents == []
    assert [(Path(f.path).name, f.reason) for f in result.failures] == [
        ("empty", "directory has no usable files"),
        ("blank.txt", "file is empty"),
        ("useless", "directory has no usable files"),
    ]


def test_mixed_batch_keeps_good_documents_and_reports_each_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "mix"
    (folder / "sub").mkdir(parents=True)
    write(folder / "good.md", GOOD_MD)
    write(folder / "sub" / "page.html", GOOD_HTML)
    write(folder / "sub" / "broken.html", "<div><p>unclosed <b>still text")
    bad = {
        "empty.txt": (b"", "file is empty"),
        "spaces.txt": (b" \n\n ", "only whitespace"),
        "image.png": (PNG, "binary file (PNG image)"),
        "archive.txt": (ZIP, "binary file (zip archive)"),
        "noise.txt": (bytes((i * 37) % 128 + 128 for i in range(3000)), "undecodable bytes"),
    }
    for name, (data, _) in bad.items():
        write(folder / "sub" / name, data)
    (folder / ".git").mkdir()
    write(folder / ".git" / "config", "[core]")  # hidden folders are skipped, not reported
    result = ingest([folder, tmp_path / "missing.md"])
    assert [d.id for d in result.documents] == ["good", "broken", "page"]
    assert result.documents[1].text == "unclosed still text"
    failures = {Path(f.path).name: f.reason for f in result.failures}
    assert set(failures) == {*bad, "missing.md"}
    assert len(result.failures) == len(bad) + 1
    for name, (_, expected) in bad.items():
        assert failures[name].startswith(expected)


def test_same_stem_gets_distinct_deterministic_ids(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        write(tmp_path / sub / "report.md", f"# {sub}\n\n内容 {sub}。")
    first = [d.id for d in ingest([tmp_path]).documents]
    second = [d.id for d in ingest([tmp_path]).documents]
    assert first == second
    assert first[0] == "report" and first[1].startswith("report-") and len(set(first)) == 2


def test_the_same_file_twice_is_one_document(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", GOOD_MD)
    result = ingest([path, tmp_path, str(path)])
    assert [d.id for d in result.documents] == ["a"] and not result.failures
