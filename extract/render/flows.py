"""``extract flows``: the moves in time order, then the organisation → organisation pairs by count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from extract.render.show import source_label
from extract.render.terminal import cell
from extract.review.flows import Flow, Move

if TYPE_CHECKING:
    from extract.corpus import DocumentEntry

__all__ = ["render_flows"]


def render_flows(moves: Sequence[Move], flows: Sequence[Flow], console: Console,
                 sources: Mapping[str, DocumentEntry] | None = None) -> None:
    """The pairs by count, then every move with its evidence and, with ``sources`` (documents.jsonl by id), the
    document's title and date."""
    pairs = Table(title=f"{len(flows)} flows", title_justify="left")
    pairs.add_column("from", overflow="fold")
    pairs.add_column("to", overflow="fold")
    pairs.add_column("people", justify="right")
    pairs.add_column("who", overflow="fold")
    pairs.add_column("when", no_wrap=True)
    for flow in flows:
        when = flow.first if flow.first == flow.last else f"{flow.first} – {flow.last}"
        pairs.add_row(cell(flow.source), cell(flow.target), str(flow.count), cell(", ".join(flow.people)), cell(when))
    console.print(pairs)
    timeline = Table(title=f"{len(moves)} moves", title_justify="left")
    timeline.add_column("when", no_wrap=True)
    timeline.add_column("who", overflow="fold")
    timeline.add_column("from → to", overflow="fold")
    timeline.add_column("evidence", overflow="fold", ratio=2)
    for move in moves:
        when = ("~" if move.estimated else "") + (move.date or "(undated)")
        label = source_label(move.where.split(":")[0], sources) if move.where else ""
        evidence = f"“{move.evidence}” {move.where}" + (f" · {label}" if label else "") if move.evidence else ""
        timeline.add_row(cell(when), cell(move.person), cell(f"{move.source} → {move.target}"), cell(evidence))
    console.print(timeline)
