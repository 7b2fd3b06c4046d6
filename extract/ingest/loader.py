"""One file → one :class:`~extract.models.documents.Document`: read, decode, detect, parse, normalise, describe.

Every way a file can be unusable ends here as :class:`~extract.errors.InputError` with a short human reason, so
:func:`extract.ingest.ingest` can collect it and carry on with the rest of the batch.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from extract.errors import InputError
from extract.ingest.decode import decode_bytes, read_limited
from extract.ingest.detect import Format, detect_format
from extract.ingest.front_matter import split_front_matter
from extract.ingest.html import first_heading, html_blocks, looks_like_page, parse_html
from extract.ingest.html_limits import html_cost_problem, without_costly_tags
from extract.ingest.markdown import markdown_to_html
from extract.ingest.metadata import (
    Metadata,
    detect_language,
    from_front_matter,
    from_html_head,
    from_lines,
    guess_text_title,
)
from extract.ingest.text import collapse_inline, finalise_blocks, normalise_source
from extract.models.documents import Document

__all__ = ["DEFAULT_MAX_BYTES", "doc_id_for", "document_from_text", "load_document"]

DEFAULT_MAX_BYTES = 5_000_000
MAX_ID_BYTES = 120  # of a document id in UTF-8: leaves room for suffixes within a 255-byte file name

# A document that is used but lost part of its input (a front matter value) says so here, one line each: the
# document is not an InputError, yet its owner should know why its title or date is missing.
_log = logging.getLogger("extract.ingest")

# Ids name output files (<out>/docs/<id>.txt) and chunk ids (<id>#<n>), so '#', path separators, whitespace and
# control characters become '_'. Letters of any script (a Chinese file name) stay.
_UNSAFE_ID = re.compile(r"[^\w.\-]+")
_HTML_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

_NO_TEXT = {"html": "HTML has no body text", "markdown": "markdown has no body text", "text": "no body text"}


@dataclass(frozen=True)
class _Parsed:
    format: Format
    blocks: list[str]
    meta: Metadata


def doc_id_for(path: Path) -> str:
    """The document id: the file stem, made safe for a file name and a chunk id (``003_08bd5f78e4228db7``).

    A stem longer than :data:`MAX_ID_BYTES` in UTF-8 (80 Chinese characters are 240 bytes; a file name may have
    255) is cut at a character boundary and given a hash of the whole stem, so ids stay unique and every file
    named after one (``docs/<id>.txt`` and its temporary sibling) stays within the file-system limit."""
    doc_id = _UNSAFE_ID.sub("_", path.stem).strip("_") or "doc"
    encoded = doc_id.encode("utf-8")
    if len(encoded) <= MAX_ID_BYTES:
        return doc_id
    digest = hashlib.sha1(encoded).hexdigest()[:12]
    return encoded[: MAX_ID_BYTES - len(digest) - 1].decode("utf-8", "ignore") + "-" + digest


def _parse_html(html: str, *, front: Metadata, path: Path) -> _Parsed:
    html = _affordable(html, path)
    tree = parse_html(html)
    page = looks_like_page(html)
    meta = front.fill(from_html_head(tree, html)) if page else front
    if meta.title is None:
        meta = meta.fill(Metadata(title=first_heading(tree)))
    return _Parsed("html", html_blocks(tree, page=page), meta)


def _parse_markdown(body: str, *, front: Metadata, path: Path) -> _Parsed:
    tree = parse_html(_affordable(markdown_to_html(body), path))  # raw HTML in markdown reaches the parser too
    meta = front if front.title else front.fill(Metadata(title=first_heading(tree)))
    return _Parsed("markdown", html_blocks(tree, page=False), meta)


def _affordable(html: str, path: Path) -> str:
    """``html`` when the parser can afford it, else the same without its costly tags (formatting, <option>), else
    InputError with the reason (see :mod:`extract.ingest.html_limits`)."""
    problem = html_cost_problem(html)
    if problem is None:
        return html
    plain = without_costly_tags(html)  # unclosed <b>/<font> nest deep in every parser, yet hold no text of their own
    if html_cost_problem(plain) is None:
        return plain
    raise InputError(path, problem)


def _parse_text(body: str, *, front: Metadata) -> _Parsed:
    """Plain text: every non-empty line is a block (plain-text line breaks are the author's, so they are kept)."""
    import html as html_lib  # entities in scraped plain text (&nbsp; &amp;) are escapes, not prose

    lines = [collapse_inline(line) for line in body.split("\n")]
    blocks = [html_lib.unescape(line) if _HTML_ENTITY.search(line) else line for line in lines if line]
    return _Parsed("text", blocks, front)


def _parse(text: str, path: Path) -> _Parsed:
    front_matter = split_front_matter(text)
    for problem in _grouped(front_matter.problems):
        _log.warning("%s: %s", path, problem)
    front = from_front_matter(front_matter.meta) if front_matter.meta else Metadata()
    body = front_matter.body
    fmt = detect_format(body, has_front_matter=bool(front_matter.meta))
    if fmt == "html":
        return _parse_html(body, front=front, path=path)
    if fmt == "markdown":
        return _parse_markdown(body, front=front, path=path)
    return _parse_text(body, front=front)


_IGNORED = re.compile(r"^front matter: ('.*') ignored \((.*)\)$")


def _grouped(problems: list[str]) -> list[str]:
    """One line for the values dropped for the same reason (a YAML alias bomb drops every key it touches: one fault,
    one line), in first-seen order; other problems as they are."""
    keys: dict[str, list[str]] = {}
    lines: list[str] = []
    for problem in problems:
        match = _IGNORED.match(problem)
        if match is None:
            lines.append(problem)
            continue
        if match.group(2) not in keys:
            keys[match.group(2)] = []
            lines.append(match.group(2))  # a placeholder, filled below
        keys[match.group(2)].append(match.group(1))
    return [f"front matter: {', '.join(keys[line])} ignored ({line})" if line in keys else line for line in lines]


def _describe(parsed: _Parsed, lines: list[str], path: Path) -> Metadata:
    meta = parsed.meta.fill(from_lines(parsed.blocks))
    if meta.title is None and parsed.format == "text":
        meta = meta.fill(Metadata(title=guess_text_title(lines)))
    meta, problems = meta.bounded()  # first: a title of megabytes is not worth collapsing
    for problem in problems:
        _log.warning("%s: %s", path, problem)
    if meta.title:
        meta = Metadata(collapse_inline(meta.title), meta.url, meta.author, meta.published)
    return meta


def document_from_text(text: str, *, path: Path, doc_id: str, encoding: str) -> Document:
    """Parse already-decoded text into a Document (split out so tests and callers can skip the file system)."""
    text = normalise_source(text)
    if not text.strip():
        raise InputError(path, "only whitespace")
    parsed = _parse(text, path)
    lines = finalise_blocks(parsed.blocks, markdown=parsed.format == "markdown")
    if not lines:
        raise InputError(path, _NO_TEXT[parsed.format])
    body = "\n".join(lines)
    meta = _describe(parsed, lines, path)
    return Document(
        id=doc_id,
        source=str(path),
        text=body,
        format=parsed.format,
        encoding=encoding,
        language=detect_language(body),
        title=meta.title,
        url=meta.url,
        author=meta.author,
        published=meta.published,
    )


def load_document(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES, doc_id: str | None = None) -> Document:
    """Load one file as a Document, or raise :class:`InputError` saying why it cannot be used."""
    path = Path(path)
    data = read_limited(path, max_bytes)
    decoded = decode_bytes(data, path)
    return document_from_text(decoded.text, path=path, doc_id=doc_id or doc_id_for(path), encoding=decoded.encoding)
