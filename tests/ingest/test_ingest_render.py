"""The ingest table shows every document's id, date and counts; failures stay out of it."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from extract.ingest import chunk_document, ingest
from extract.render.ingest_table import render_ingest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_render_ingest_lists_ids_and_dates(tmp_path: Path) -> None:
    result = ingest([SEEDS, tmp_path / "missing.txt"])
    chunks = {d.id: chunk_document(d) for d in result.documents}
    console = Console(file=io.StringIO(), width=100, color_system=None)
    render_ingest(result, chunks, console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    for doc in result.documents:
        assert doc.id in out
    for date in ("2025-04-27", "2022-04-01", "2023-01-25", "2024-12-04"):
        assert date in out
    assert "5,927" in out and "markdown" in out and "en" in out
    assert "missing.txt" not in out
    assert max(len(line) for line in out.splitlines()) <= 100
