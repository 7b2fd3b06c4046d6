"""The table printed at the end of every run: what was done, what it cost, what failed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from extract.render.terminal import cell

if TYPE_CHECKING:
    from extract.pipeline import RunResult

__all__ = ["render_summary"]


def render_summary(result: RunResult, console: Console) -> None:
    usage = result.usage
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    exact = sum(1 for e in facts if e.alignment == "exact")
    fuzzy = sum(1 for e in facts if e.alignment == "fuzzy")
    table = Table(title="run summary", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    rows = [
        ("documents", f"{len(result.documents)} ({len(result.ingest_failures)} failed)"),
        ("chunks", f"{len(result.chunks)} ({len(result.chunk_failures)} failed, {usage.cache_hits} from cache)"),
        ("mentions", str(len(result.mentions))),
        ("facts grounded", f"{len(facts)} ({exact} exact, {fuzzy} fuzzy)"),
        ("model calls", f"{usage.calls} answered, {usage.failed_calls} failed ({usage.retries} retries, "
                        f"{usage.reasks} re-asks, {usage.splits} splits)"),
        ("tokens", f"{usage.prompt_tokens:,} prompt ({usage.cached_prompt_tokens:,} cached) · "
                   f"{usage.completion_tokens:,} completion"),
    ]
    rows += [(f"time: {stage}", f"{seconds:.1f} s") for stage, seconds in usage.stage_seconds.items()]
    rows.append(("wall time", f"{result.wall_seconds:.1f} s"))
    for row in rows:
        table.add_row(*row)
    console.print(table)
    if usage.failures or result.ingest_failures:
        failures = Table(title="failures by kind", title_justify="left")
        failures.add_column("kind")
        failures.add_column("count", justify="right")
        if result.ingest_failures:
            failures.add_row("input", str(len(result.ingest_failures)))
        for kind, count in sorted(usage.failures.items()):
            failures.add_row(cell(kind), str(count))
        console.print(failures)
