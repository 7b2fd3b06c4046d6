"""The table printed at the end of every run: what was done, what it cost, what failed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from extract.render.terminal import cell

if TYPE_CHECKING:
    from extract.pipeline import RunResult

__all__ = ["render_summary", "speed_line"]


def render_summary(result: RunResult, console: Console) -> None:
    usage = result.usage
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    exact = sum(1 for e in facts if e.alignment == "exact")
    fuzzy = sum(1 for e in facts if e.alignment == "fuzzy")
    table = Table(title="run summary", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    rows = [
        ("documents", f"{len(result.documents)} ({len(result.ingest_failures)} failed)"
                      + (f", {result.carried_documents} kept from earlier runs" if result.carried_documents else "")),
        ("chunks", f"{len(result.chunks)} ({len(result.chunk_failures)} failed, {usage.cache_hits} from cache)"),
        ("mentions", str(len(result.mentions))),
        ("facts grounded", f"{len(facts)} ({exact} exact, {fuzzy} fuzzy)"),
        ("model calls", f"{usage.calls} answered, {usage.failed_calls} failed ({usage.retries} retries, "
                        f"{usage.reasks} re-asks, {usage.splits} splits)"),
        ("tokens", f"{usage.prompt_tokens:,} prompt ({usage.cached_prompt_tokens:,} cached) · "
                   f"{usage.completion_tokens:,} completion"),
    ]
    speed = speed_line(usage.speed(result.answered_facts))
    if speed:
        rows.append(("speed", speed))
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


def speed_line(speed: dict[str, Any]) -> str:
    """The summary's speed row, from :meth:`~extract.llm.usage.Usage.speed`: only the figures that exist (a figure
    that is None is left out, never shown as 0), so a cached re-run and a server without timings say nothing false.
    Empty when there is nothing to say."""
    parts = []
    if speed["completion_tokens_per_fact"] is not None:
        parts.append(f"{speed['completion_tokens_per_fact']:,.1f} completion tokens/fact")
    if speed["decode_tokens_per_second"] is not None:
        parts.append(f"{speed['decode_tokens_per_second']:,.1f} decode tokens/s")
    if speed["prompt_tokens_per_call"] is not None:
        per_call = f"{speed['prompt_tokens_per_call']:,.0f} prompt tokens/call"
        if speed["cached_prompt_share"] is not None:
            per_call += f" ({speed['cached_prompt_share']:.0%} cached)"
        parts.append(per_call)
    return " · ".join(parts)
