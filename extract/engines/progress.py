"""The extract stage's live display: one bar for all chunks with facts so far, tokens/s and an ETA, and one bar per
document in flight.

Grounded facts are only known after the stage, so the display counts the facts of the answers as they arrive (every
person's positions and degrees, in each part of a chunk's answer: a length split has two parts, the focused strategy
returns the same shape). Tokens/s is the completion tokens decoded so far in the stage (the run's
:class:`~extract.llm.usage.Usage`, which the extractor updates on every reply) over the stage's seconds: the rate
the whole run is going at, concurrent slots included. Both live on the overall task only, as rich task fields.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text

from extract.llm.client import ChunkResult
from extract.llm.usage import Usage
from extract.models.documents import Chunk

__all__ = ["ChunkProgress", "StageColumn", "answer_facts", "extract_progress"]


def extract_progress(console: Console | None) -> Progress:
    """The extract stage's display; disabled (draws nothing) without a console, as with ``--quiet``."""
    return Progress(
        TextColumn("{task.description:<28}"), BarColumn(bar_width=30), MofNCompleteColumn(), TimeElapsedColumn(),
        StageColumn(),
        console=console, disable=console is None, transient=False,
    )


def answer_facts(result: ChunkResult) -> int:
    """Positions and degrees of every person in a chunk's answer, before grounding (a failed chunk has none)."""
    return sum(
        len(getattr(person, "positions", ())) + len(getattr(person, "education", ()))
        for _, extraction in result.parts for person in getattr(extraction, "people", None) or ()
    )


class StageColumn(ProgressColumn):
    """``12 facts · 41.3 tok/s · ETA 0:02:10`` on the overall task (the one with a ``facts`` field); nothing on
    the per-document bars, which stay as short as before. Tokens/s is left out until a token was decoded (a run
    answered from the cache decodes none: 0 tokens/s would read as a stalled model)."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(no_wrap=True))  # one line: a narrow terminal crops, never wraps
        self._remaining = TimeRemainingColumn()

    def render(self, task: Task) -> Text:
        if "facts" not in task.fields:
            return Text("")
        text = Text(f"{task.fields['facts']:,} facts", style="progress.download")
        if task.fields.get("tps"):
            text.append(f" · {task.fields['tps']:,.1f} tok/s", style="progress.data.speed")
        text.append(" · ETA ")
        text.append_text(self._remaining.render(task))
        return text


class ChunkProgress:
    """What :func:`~extract.engines.local.extract_chunks` tells the display: a chunk started, a chunk answered.

    A document's bar is shown when its first chunk starts and removed when its last one ends (thousands of
    documents stay readable); the overall bar also carries the facts so far and the tokens/s."""

    def __init__(self, progress: Progress, chunks: Sequence[Chunk], usage: Usage | None = None) -> None:
        self.progress = progress
        self.usage = usage
        self.overall = progress.add_task("all chunks", total=len(chunks), facts=0, tps=None)
        self.remaining: dict[str, int] = {}
        for chunk in chunks:
            self.remaining[chunk.doc] = self.remaining.get(chunk.doc, 0) + 1
        self.doc_tasks: dict[str, Any] = {}
        self.facts = 0
        self.started = time.perf_counter()
        self.tokens_before = usage.completion_tokens if usage is not None else 0

    def start(self, chunk: Chunk) -> None:
        if chunk.doc not in self.doc_tasks:
            self.doc_tasks[chunk.doc] = self.progress.add_task(f"  {chunk.doc}", total=self.remaining[chunk.doc])

    def done(self, chunk: Chunk, result: ChunkResult) -> None:
        self.facts += answer_facts(result)
        self.progress.update(self.overall, advance=1, facts=self.facts, tps=self.tokens_per_second())
        self.progress.update(self.doc_tasks[chunk.doc], advance=1)
        self.remaining[chunk.doc] -= 1
        if self.remaining[chunk.doc] == 0:
            self.progress.remove_task(self.doc_tasks[chunk.doc])

    def tokens_per_second(self) -> float | None:
        """Completion tokens decoded since the stage began over its seconds; None before the first one."""
        if self.usage is None:
            return None
        tokens = self.usage.completion_tokens - self.tokens_before
        elapsed = time.perf_counter() - self.started
        return tokens / elapsed if tokens > 0 and elapsed > 0 else None
