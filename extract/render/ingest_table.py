"""The table ``extract ingest`` prints: one row per document, so a user sees what the pipeline will read.

Failures are not shown here: the CLI prints them to stderr, where they stay visible when stdout is piped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from extract.models.documents import Chunk, Document, IngestResult
from extract.render.terminal import cell, one_line

__all__ = ["render_ingest"]

_MIN_TITLE = 10
_MAX_TITLE = 40
# (header, width) of every column but the title; each keeps its full width, the title takes what is left.
_FIXED = (("date", 10), ("lang", 5), ("chars", 7), ("chunks", 6), ("format", 8))


def _truncate(text: str | None, width: int) -> Text:
    """Cut to ``width`` terminal cells (a CJK character takes two), ending in '…' when cut; never markup."""
    if not text:
        return Text("—")
    line = Text(one_line(" ".join(text.split())))
    line.truncate(width, overflow="ellipsis")
    return line


def _title_width(console: Console, id_width: int) -> int:
    columns = 2 + len(_FIXED)
    borders_and_padding = columns * 3 + 1
    spare = console.width - borders_and_padding - id_width - sum(width for _, width in _FIXED)
    return max(_MIN_TITLE, min(_MAX_TITLE, spare))


def _row(doc: Document, chunks: Sequence[Chunk], title_width: int) -> tuple[Text | str, ...]:
    """Id (from the file name), title and date come from the inputs: Text cells, never parsed as markup."""
    return (
        cell(one_line(doc.id)),
        _truncate(doc.title, title_width),
        cell(doc.published or "—"),
        cell(doc.language),
        f"{len(doc.text):,}",
        str(len(chunks)),
        cell(doc.format),
    )


def render_ingest(result: IngestResult, chunks: Mapping[str, Sequence[Chunk]], console: Console) -> None:
    """Print one row per ingested document: id, title, date, language, characters, chunks, format."""
    id_width = max((len(d.id) for d in result.documents), default=2)
    title_width = _title_width(console, id_width)
    table = Table(title=f"{len(result.documents)} documents", title_justify="left")
    table.add_column("id", no_wrap=True, min_width=id_width)
    table.add_column("title", no_wrap=True, max_width=title_width, overflow="ellipsis")
    for header, width in _FIXED:
        justify = "right" if header in ("chars", "chunks") else "left"
        table.add_column(header, no_wrap=True, min_width=width, justify=justify)
    for doc in result.documents:
        table.add_row(*_row(doc, chunks.get(doc.id, ()), title_width))
    console.print(table)
