"""The documents an output folder holds across runs (issue 21): a run adds to them instead of replacing them.

Users grow a corpus: a first batch of articles, then next week's. A run into an ``--out`` folder that already holds
a run's outputs therefore keeps what earlier runs extracted from every document it does not read again — its text
(``docs/<id>.txt``), its mentions and its row of the manifest — and consolidates everything together. A document
read again (same id: its file name) replaces its earlier version, changed or not. ``extract run --fresh`` starts
over; ``extract remove OUT DOC`` takes documents out.

``<out>/documents.jsonl`` is the manifest (a contract, one row a document): ``id, source, url, title, author,
published, language, format, sha256, chars, added``. Folders written before it existed get rows built from
``docs/`` (source and metadata unknown) the first time a run adds to them.

Nothing is dropped silently: an earlier document whose text is missing from ``docs/`` (its offsets could not be
checked) is left out with a warning naming it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from extract.errors import InputError
from extract.io import printable, write_jsonl_atomic, write_text_atomic
from extract.models.documents import Document
from extract.models.mention import Mention
from extract.outputs import holds_outputs

__all__ = ["MANIFEST", "CarriedOver", "DocumentEntry", "carry_over", "entry_for", "read_manifest", "write_carried",
           "write_manifest"]

MANIFEST = "documents.jsonl"


class DocumentEntry(BaseModel):
    """One document of an output folder: where it came from, what it says about itself, and when it was added."""

    model_config = ConfigDict(extra="ignore")  # rows of a newer version stay readable

    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    format: str | None = None
    sha256: str
    chars: int
    added: str  # ISO 8601, when the document (this version of it) entered the folder


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def entry_for(doc: Document, added: str) -> DocumentEntry:
    return DocumentEntry(id=doc.id, source=printable(doc.source), url=doc.url, title=doc.title, author=doc.author,
                         published=doc.published, language=str(doc.language), format=doc.format,
                         sha256=_sha256(doc.text), chars=len(doc.text), added=added)


def read_manifest(out: Path) -> list[DocumentEntry]:
    """The manifest's rows; for a folder written before manifests, one row per ``docs/<id>.txt`` (metadata
    unknown, ``added`` the time of its run.json); [] when ``out`` holds no run."""
    path = out / MANIFEST
    if path.is_file():
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(DocumentEntry.model_validate_json(line))
                except ValueError as exc:
                    raise InputError(path, f"line {number} is not a document row: {str(exc).splitlines()[0]}") \
                        from exc
        return rows
    docs = out / "docs"
    if not holds_outputs(out) or not docs.is_dir():
        return []
    when = datetime.fromtimestamp((out / "run.json").stat().st_mtime, UTC).isoformat(timespec="seconds")
    rows = []
    for text_path in sorted(docs.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        rows.append(DocumentEntry(id=text_path.stem, sha256=_sha256(text), chars=len(text), added=when))
    return rows


@dataclass
class CarriedOver:
    """What earlier runs extracted from the documents this run keeps without reading them again."""

    entries: list[DocumentEntry] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    replaced: dict[str, DocumentEntry] = field(default_factory=dict)  # earlier rows of the documents read again
    warnings: list[str] = field(default_factory=list)


def carry_over(out: Path, read_again: Iterable[str], dropped: Iterable[str] = ()) -> CarriedOver:
    """The earlier documents of ``out`` that are neither ``read_again`` (they are replaced) nor ``dropped``."""
    carried = CarriedOver()
    entries = read_manifest(out)
    if not entries:
        return carried
    replace, drop = set(read_again), set(dropped)
    carried.replaced = {e.id: e for e in entries if e.id in replace}
    kept: dict[str, DocumentEntry] = {}
    for entry in entries:
        if entry.id in replace or entry.id in drop:
            continue
        text_path = out / "docs" / f"{entry.id}.txt"
        if not text_path.is_file():
            carried.warnings.append(f"{out / 'docs'}: the text of earlier document {entry.id} is missing; its "
                                    "facts are left out")
            continue
        kept[entry.id] = entry
        carried.texts[entry.id] = text_path.read_text(encoding="utf-8")
    carried.entries = list(kept.values())
    mentions_path = out / "mentions.jsonl"
    if kept and mentions_path.is_file():
        from extract.consolidate import read_mentions  # lazily: consolidation's tables load slowly

        carried.mentions = [m for m in read_mentions(mentions_path) if m.doc in kept]
    return carried


def write_carried(docs_folder: Path, carried: CarriedOver) -> None:
    """The carried documents' texts into a run's (staged) ``docs/``, beside the ones it read."""
    docs_folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in carried.texts.items():
        write_text_atomic(docs_folder / f"{doc_id}.txt", text)


def write_manifest(path: Path, carried: CarriedOver, documents: Sequence[Document], now: str) -> list[DocumentEntry]:
    """The manifest after a run: the carried rows, then a row for each document read (``added`` kept when the
    same text was there before, else now: a changed file is a new version)."""
    rows = [*carried.entries]
    for doc in documents:
        row = entry_for(doc, now)
        earlier = carried.replaced.get(doc.id)
        rows.append(row.model_copy(update={"added": earlier.added}) if earlier and earlier.sha256 == row.sha256
                    else row)
    write_jsonl_atomic(path, [r.model_dump_json() for r in rows])
    return rows
