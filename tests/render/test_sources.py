"""Sources beside quotes (issue 21): the document's title and date from documents.jsonl in show, flows and the
report; only an http(s) address becomes a link."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console

from extract.corpus import DocumentEntry
from extract.render.report import build_report
from extract.render.show import render_person
from extract.schemas.record import Record, RecordEvidence, RecordPosition

QUOTE = "Jane Roe joined Acme Robotics."


def _entry(doc: str, url: str | None) -> DocumentEntry:
    return DocumentEntry(id=doc, source=f"in/{doc}.html", url=url, title=f"Hires at Acme ({doc})",
                         published="2025-05-01", sha256="0" * 64, chars=len(QUOTE), added="2025-05-02T00:00:00+00:00")


def _record(doc: str) -> Record:
    evidence = RecordEvidence(doc=doc, start=0, end=len(QUOTE), quote=QUOTE)
    return Record(id="jane-roe", name="Jane Roe", aliases=[], education=[], sources=[doc],
                  positions=[RecordPosition(organization="Acme Robotics", status="joined", evidence=[evidence])])


def test_show_puts_the_title_and_date_beside_each_quote() -> None:
    buffer = io.StringIO()
    render_person(_record("a"), Console(file=buffer, width=160, color_system=None), {"a": _entry("a", None)})
    assert "a:0-30 · Hires at Acme (a), 2025-05-01" in buffer.getvalue()


def test_the_report_links_only_web_addresses(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    rows = []
    for doc, url in (("a", "https://example.org/acme-hires"), ("b", "javascript:alert(1)")):
        (tmp_path / "docs" / f"{doc}.txt").write_text(QUOTE, encoding="utf-8")
        rows.append(_entry(doc, url).model_dump_json())
    (tmp_path / "documents.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(json.dumps(_record("a").model_dump()) + "\n", encoding="utf-8")
    page = build_report(tmp_path)
    assert '<a class="source" href="https://example.org/acme-hires"' in page
    assert "<i>Hires at Acme (a)</i> · 2025-05-01" in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" not in page


def test_a_merged_record_offers_to_split_each_name_off(tmp_path: Path) -> None:
    import html
    import re
    import shlex

    from extract.schemas.record import Merge

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(QUOTE, encoding="utf-8")
    record = _record("a").model_copy(update={"aliases": ["J. Roe"], "merges": [
        Merge(rule="alias_in_brackets", detail="Jane Roe (J. Roe)", docs=["a"])]})
    (tmp_path / "records.jsonl").write_text(record.model_dump_json() + "\n", encoding="utf-8")
    page = build_report(tmp_path)
    assert "merged because: alias_in_brackets (Jane Roe (J. Roe))" in page
    splits = [shlex.split(html.unescape(c)) for c in re.findall(r'data-copy="([^"]*)"', page) if " split " in c]
    assert splits == [["extract", "fix", str(tmp_path), "split", "Jane Roe", "J. Roe"]]
