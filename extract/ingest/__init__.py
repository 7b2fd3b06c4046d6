"""Ingestion: files and folders of HTML, markdown or plain text → normalised
:class:`~extract.models.documents.Document` values.

``ingest`` loads a batch and collects failures; ``load_document`` loads one file or raises
:class:`~extract.errors.InputError`; ``chunk_document`` cuts a document into offset-exact chunks. The text
conventions every later offset relies on are documented in :mod:`extract.ingest.text`.
"""

from __future__ import annotations

from extract.ingest.chunk import DEFAULT_CHUNK_SIZE, chunk_document
from extract.ingest.collect import ingest
from extract.ingest.loader import DEFAULT_MAX_BYTES, load_document

__all__ = ["DEFAULT_CHUNK_SIZE", "DEFAULT_MAX_BYTES", "chunk_document", "ingest", "load_document"]
