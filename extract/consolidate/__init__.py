"""Consolidation: grounded mentions from every document → one career record per person.

``resolve`` decides who is who (rules with recorded reasons: ``blocking`` picks the pairs, ``name_rules`` judges
them, ``clusters`` joins them), ``records`` merges their facts; :mod:`extract.lexicon` normalises names,
organisations and dates. Runs without the model, so ``extract consolidate <out>`` is fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from extract.consolidate.corrections import Corrections, load_corrections
from extract.consolidate.records import build_records
from extract.consolidate.resolve import Resolution, resolve
from extract.errors import ConfigError, InputError
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention
from extract.schemas.record import Record

__all__ = ["RESOLVERS", "Corrections", "OrgTable", "Resolution", "consolidate", "load_corrections", "read_mentions",
           "read_records"]

T = TypeVar("T", bound=BaseModel)


RESOLVERS = ("default", "splink")


def consolidate(
    mentions: Sequence[Mention], orgs: OrgTable | None = None, *, keep_unsupported: bool = False,
    resolver: str = "default", corrections: Corrections | None = None, report: list[str] | None = None,
) -> list[Record]:
    """Records from mentions. ``resolver="splink"`` decides who is who with Splink (optional extra) instead of the
    rules; records are built the same way from either. ``corrections`` (a reviewer's, see
    :mod:`extract.consolidate.corrections`) are applied on the way; each one whose target is gone adds a line to
    ``report``."""
    fixes = corrections or Corrections()
    lines = report if report is not None else []
    table = fixes.org_table(orgs or OrgTable.load())
    if resolver == "splink":
        from extract.consolidate.splink_resolver import resolve_with_splink

        resolution = resolve_with_splink(mentions, table)
    elif resolver == "default":
        resolution = resolve(mentions, table)
    else:
        raise ConfigError(f"unknown resolver {resolver!r}: choose one of {', '.join(RESOLVERS)}")
    if fixes.merge or fixes.split:
        resolution = fixes.constrain(resolution, mentions, lines)
    records = build_records(mentions, resolution, table, keep_unsupported=keep_unsupported)
    return fixes.apply(records, table, lines) if len(fixes) else records


def _read_jsonl(path: Path, model: type[T], what: str) -> list[T]:
    """Rows of a JSONL contract file; a missing file or a bad line is an InputError naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rows.append(model.model_validate_json(line))
            except ValueError as exc:
                raise InputError(path, f"line {number} is not {what}: {str(exc).splitlines()[0]}") from exc
    return rows


def read_mentions(path: Path) -> list[Mention]:
    """Mentions from a run's ``mentions.jsonl``."""
    return _read_jsonl(path, Mention, "a mention")


def read_records(path: Path) -> list[Record]:
    """Records from a run's ``records.jsonl`` (or any file in that format, such as a gold file)."""
    return _read_jsonl(path, Record, "a record")
