"""`extract report`: the HTML page must show exactly the quoted characters, escape the documents, and work offline.

The checks parse the page (and, when a browser is installed, the DOM Chromium builds from it) rather than grepping
strings, because a highlight that is off by one or a nested tag the parser repairs would still "contain" the quote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract.render.report import build_report, write_report

EN = "Alice Smith joined OpenAI in 2021 as a researcher. <script>alert(1)</script> She left in 2023 & moved on.\n"
ZH = "张伟于2019年加入谷歌DeepMind，担任研究科学家。\n2023年，他离开谷歌，创办了自己的公司。\n"


def _ev(doc: str, text: str, quote: str, nth: int = 0) -> dict:
    """Evidence for the ``nth`` occurrence of ``quote`` in ``text``, with offsets computed the way the run does."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return {"doc": doc, "start": start, "end": start + len(quote), "quote": quote, "alignment": "exact"}


def _position(org: str, evidence: list[dict], **extra: object) -> dict:
    return {
        "organization": org,
        "title": extra.get("title"),
        "start": extra.get("start"),
        "end": extra.get("end"),
        "status": extra.get("status", "joined"),
        "evidence": evidence,
    }


def _records() -> list[dict]:
    alice_joined = "Alice Smith joined OpenAI in 2021"
    return [
        {
            "id": "alice-smith",
            "name": "Alice Smith",
            "aliases": ["A. Smith"],
            "sources": ["en"],
            "positions": [
                # Nested: "joined OpenAI" inside the whole sentence; crossing: "OpenAI in 2021 as a researcher".
                _position(
                    "OpenAI", [_ev("en", EN, alice_joined), _ev("en", EN, "OpenAI")], start="2021", title="researcher"
                ),
                _position(
                    "OpenAI <Research>", [_ev("en", EN, "OpenAI in 2021 as a researcher.")], end="2023", status="left"
                ),
                _position(
                    "Nowhere",
                    [{"doc": "en", "start": None, "end": None, "quote": "not found", "alignment": "none"}],
                    status="unknown",
                ),
            ],
            "education": [
                {
                    "institution": "MIT",
                    "degree": "PhD",
                    "field": None,
                    "start": None,
                    "end": "2020",
                    "evidence": [_ev("en", EN, "<script>alert(1)</script> She")],
                },
            ],
        },
        {
            "id": "zhang-wei",
            "name": "张伟",
            "aliases": ["Zhang Wei"],
            "sources": ["zh"],
            "positions": [
                _position(
                    "Google DeepMind",
                    [_ev("zh", ZH, "张伟于2019年加入谷歌DeepMind，担任研究科学家。")],
                    start="2019",
                    title="研究科学家",
                ),
                # Same span cited by two facts: one mark, two links.
                _position("Google", [_ev("zh", ZH, "谷歌DeepMind")], status="current"),
                _position(
                    "Google (left)",
                    [_ev("zh", ZH, "他离开谷歌"), _ev("zh", ZH, "谷歌DeepMind")],
                    end="2023",
                    status="left",
                ),
            ],
            "education": [],
        },
    ]


@pytest.fixture
def run(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "en.txt").write_text(EN, encoding="utf-8", newline="")
    (out / "docs" / "zh.txt").write_text(ZH, encoding="utf-8", newline="")
    (out / "records.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records()), encoding="utf-8"
    )
    (out / "run.json").write_text(json.dumps({"settings": {"model": "tiny"}, "started": "2026-01-01"}))
    return out


class _Page(HTMLParser):
    """What a reader sees: each document's text, each span's text (fragments joined), marks, links, ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc_texts: dict[str, str] = {}
        self.span_texts: dict[str, str] = {}
        self.marks: list[dict[str, str]] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.script_tags = 0
        self._doc: str | None = None
        self._depth = 0  # element depth inside the current doc-text div
        self._open: list[str] = []  # data-span of the marks enclosing the current text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "script":
            self.script_tags += 1
        if self._doc is not None:
            self._depth += 1
            if tag == "mark":
                self.marks.append(a)
                self._open.append(a["data-span"])
                self.span_texts.setdefault(a["data-span"], "")
        elif tag == "div" and "doc-text" in a.get("class", ""):
            self._doc = a["data-doc"]
            self.doc_texts[self._doc] = ""

    def handle_endtag(self, tag: str) -> None:
        if self._doc is None:
            return
        if self._depth == 0:
            self._doc = None
            return
        self._depth -= 1
        if tag == "mark":
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._doc is not None:
            self.doc_texts[self._doc] += data
            for sid in set(self._open):
                self.span_texts[sid] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _check_highlights(page: _Page, docs: dict[str, str]) -> None:
    """Every document is shown whole, and every span shows exactly text[start:end]."""
    assert page.doc_texts == docs
    assert page.marks, "no highlights at all"
    for mark in page.marks:
        text = docs[mark["data-doc"]]
        start, end = int(mark["data-start"]), int(mark["data-end"])
        assert page.span_texts[mark["data-span"]] == text[start:end], mark


def _quotes(records: list[dict]) -> set[tuple[str, int, int, str]]:
    facts = [f for r in records for f in (*r["positions"], *r["education"])]
    return {
        (e["doc"], e["start"], e["end"], e["quote"]) for f in facts for e in f["evidence"] if e["start"] is not None
    }


def test_every_grounded_quote_is_highlighted_exactly(run: Path) -> None:
    page = _parse(build_report(run))
    _check_highlights(page, {"en": EN, "zh": ZH})
    shown = {
        (m["data-doc"], int(m["data-start"]), int(m["data-end"]), page.span_texts[m["data-span"]]) for m in page.marks
    }
    assert shown == _quotes(_records())
    # The crossing span ("OpenAI in 2021 as a researcher." crosses the sentence quote) is split, not dropped.
    assert any("cont" in m.get("class", "") for m in page.marks)
    assert len({m["data-span"] for m in page.marks}) == len(shown)  # one span per unique (doc, start, end)


def test_document_markup_is_escaped(run: Path) -> None:
    html = build_report(run)
    page = _parse(html)
    assert page.script_tags == 1  # only the page's own little script
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "OpenAI &lt;Research&gt;" in html  # record fields too, not only documents
    assert "<script>alert(1)</script>" in page.doc_texts["en"]  # ... and still reads as the document's text


def test_page_needs_no_network(run: Path) -> None:
    html = build_report(run)
    page = _parse(html)
    assert page.srcs == []
    assert page.hrefs and all(h.startswith("#") for h in page.hrefs)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html, re.I)
    assert "@import" not in html and "url(" not in html


def test_people_link_to_their_marks(run: Path) -> None:
    page = _parse(build_report(run))
    mark_ids = {m["id"] for m in page.marks if "id" in m}
    links = {h[1:] for h in page.hrefs}
    assert links <= page.ids  # no dangling anchor
    assert mark_ids <= links  # every highlight is reachable from a fact
    assert "p1-pos1" in page.ids and "p2-pos2" in page.ids and "p1-edu1" in page.ids
    # The shared span "谷歌DeepMind" supports two of 张伟's facts and says so.
    shared = [m for m in page.marks if page.span_texts[m["data-span"]] == "谷歌DeepMind"]
    assert len(shared) == 1 and shared[0]["data-facts"].split() == ["p2-pos2", "p2-pos3"]
    assert "张伟: Google (current)" in shared[0]["title"]
    for fact in shared[0]["data-facts"].split():
        assert fact in page.ids


def test_ungrounded_evidence_is_listed_not_highlighted(run: Path) -> None:
    html = build_report(run)
    assert "not aligned to the text" in html
    assert all(page_text != "not found" for page_text in _parse(html).span_texts.values())


def test_mismatched_offsets_are_not_highlighted(run: Path) -> None:
    records = _records()
    records[0]["positions"][0]["evidence"] = [
        {"doc": "en", "start": 0, "end": 5, "quote": "Bobby", "alignment": "exact"}
    ]
    records[1]["positions"] = records[1]["positions"][:1]
    records[1]["positions"][0]["evidence"][0]["doc"] = "missing"
    (run / "records.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    html = build_report(run)
    page = _parse(html)
    assert "offsets do not match the quote" in html and "document not in this run" in html
    assert "Alice" not in page.span_texts.values() and "Bobby" not in page.span_texts.values()
    assert page.doc_texts["zh"] == ZH and not [m for m in page.marks if m["data-doc"] == "zh"]


def test_write_report_is_atomic_and_defaults_into_the_run(run: Path, tmp_path: Path) -> None:
    path = write_report(run)
    assert path == run / "report.html"
    assert path.read_text(encoding="utf-8") == build_report(run)
    other = write_report(run, tmp_path / "elsewhere" / "r.html")
    assert other.is_file() and not list(other.parent.glob(".*.tmp"))


def _browser() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def test_browser_renders_the_highlights(run: Path, tmp_path: Path) -> None:
    """Chromium's DOM of the file has the same texts: the parser repaired nothing, the script broke nothing."""
    browser = _browser()
    if browser is None:
        pytest.skip("no browser installed")
    path = write_report(run)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={profile}",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "<mark" in dom, result.stderr[-2000:]
    page = _parse(dom)
    _check_highlights(page, {"en": EN, "zh": ZH})
    shown = {
        (m["data-doc"], int(m["data-start"]), int(m["data-end"]), page.span_texts[m["data-span"]]) for m in page.marks
    }
    assert shown == _quotes(_records())
    assert page.script_tags == 1
    errors = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not errors, "the page's script logged: " + "\n".join(errors[:5])


def test_each_fact_has_its_fix_command_and_people_can_be_filtered(run: Path) -> None:
    """Issue 21: a button per position copies the extract fix command that rejects it (shell-quoted), one per
    person the rename; every person carries what the filter box searches."""
    import html
    import re
    import shlex

    page = build_report(run)
    commands = [html.unescape(c) for c in re.findall(r'data-copy="([^"]*)"', page)]
    rejects = [shlex.split(c) for c in commands if " reject " in c]
    positions = sum(len(r["positions"]) for r in _records())
    assert len(rejects) == positions
    for argv in rejects:
        assert argv[:4] == ["extract", "fix", str(run), "reject"]
        assert len(argv) == 6 or (argv[6] == "--evidence" and re.fullmatch(r"[^:]+:\d+-\d+", argv[7])), argv
    assert any(len(argv) == 8 for argv in rejects), "a located quote names the fact"
    assert sum(" rename " in c for c in commands) == len(_records())

    assert 'id="filter"' in page and page.count('data-search="') == len(_records())
