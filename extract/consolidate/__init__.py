"""Consolidation: grounded mentions from every document → one career record per person.

``resolve`` decides who is who (rules with recorded reasons), ``records`` merges their facts; ``names``,
``orgs`` and ``dates`` normalise. Runs without the model, so ``extract consolidate <out>`` is fast.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from extract.schemas.record import Record

from ..errors import InputError
from ..mention import Mention
from .orgs import OrgTable
from .records import build_records
from .resolve import Resolution, resolve

__all__ = ["OrgTable", "Resolution", "consolidate", "read_mentions"]


def consolidate(
    mentions: Sequence[Mention], orgs: OrgTable | None = None, *, keep_unsupported: bool = False
) -> list[Record]:
    table = orgs or OrgTable.load()
    return build_records(mentions, resolve(mentions, table), table, keep_unsupported=keep_unsupported)


def read_mentions(path: Path) -> list[Mention]:
    """Mentions from a ``mentions.jsonl`` written by a run; a bad line is an error naming the line."""
    mentions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            mentions.append(Mention.model_validate(json.loads(line)))
        except ValueError as exc:
            raise InputError(path, f"line {number} is not a mention: {str(exc).splitlines()[0]}") from exc
    return mentions
