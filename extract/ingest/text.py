"""Shared text conventions: how any parser's blocks become the one normalised ``Document.text``.

The conventions (every later offset points into this text, and a small model must quote it verbatim):

* one block per line — a paragraph, heading, list item, table row or metadata line is exactly one line, and lines
  are separated by a single ``\\n`` (no blank lines, no trailing newline);
* no markup: no markdown syntax, tags, image or link URLs (link text is kept), entities are unescaped;
* list items read ``- item`` (ordered lists ``1. item``), whatever the source bullet (``•``, ``*``, ``<li>``);
* inside a block, whitespace runs become one space, and a line break inside a paragraph (a markdown soft break or
  an HTML newline) disappears between two East Asian wide characters and becomes one space otherwise
  (the CSS Text 3 segment-break rule, which is what a browser shows);
* Unicode NFC (full-width punctuation is kept, unlike NFKC), no zero-width or control characters, no leading
  indentation, no trailing spaces;
* bare URLs are removed, and a line left with nothing but a label or a reference number is dropped;
* short share/follow/subscribe lines matching :mod:`extract.ingest.boilerplate` are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from extract.ingest.boilerplate import is_boilerplate

__all__ = ["collapse_inline", "finalise_blocks", "normalise_source", "strip_urls"]

_ZERO_WIDTH = re.compile("[\u00ad\u200b\u200e\u200f\u2060\ufeff]")
# C0/C1 controls other than tab and newline; what is left after decoding is noise, never meaning.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_WS_RUN = re.compile(r"\s+")
_SPACE_RUN = re.compile(r"[^\S\n]+")

# Quotes, dashes and dots are East Asian "Ambiguous": wide in Chinese text, narrow in English. Next to a wide
# character they are treated as wide, so "他说\n“你好”" joins without a space as a Chinese reader expects.
_AMBIGUOUS_PUNCT = frozenset("“”‘’…·—–・")

# Bare URLs: ASCII only, so a URL glued to the Chinese text after it stops where the Chinese starts.
_URL = re.compile(
    r"[^\S\n]*(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"(?:[^\S\n]+(?=[。，、；：！？）」』】.,;:!?]))?",  # and a space between the URL and the punctuation after it
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]'"
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|（\s*）|\[\s*\]|【\s*】|<\s*>")
_REF_ONLY = re.compile(r"^[\[(（【]?\d{1,3}[\])）】]?[.:：、]?$")
_LABEL_ONLY = re.compile(r"^[^:：]{1,16}[:：]$")
_HAS_WORD = re.compile(r"[^\W_]")

_BULLET = re.compile(r"^[•·●▪◦‣∙○■□◆◇➢➤►▸*+\-]\s+")
# Markdown's emphasis rules (CommonMark "flanking") fail next to CJK punctuation, e.g. **「名称」**报名, leaving
# literal asterisks that markdown-it rightly refuses to parse; two or more asterisks are never prose.
_STRAY_EMPHASIS = re.compile(r"\*{2,}")


def normalise_source(text: str) -> str:
    """Whole-text clean-up before parsing: newlines, NFC, zero-width and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    return _CONTROLS.sub("", text)


def _is_wide(ch: str) -> bool:
    if not ch or "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff":  # Hangul is spaced; CSS excludes it
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def _joins_tight(before: str, after: str) -> bool:
    if _is_wide(before) and _is_wide(after):
        return True
    return (_is_wide(before) and after in _AMBIGUOUS_PUNCT) or (before in _AMBIGUOUS_PUNCT and _is_wide(after))


def collapse_inline(text: str) -> str:
    """Collapse whitespace inside one block; a run holding a line break vanishes between two wide characters."""

    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        inside = match.start() > 0 and match.end() < len(text)
        if "\n" in run and inside and _joins_tight(text[match.start() - 1], text[match.end()]):
            return ""
        return " "

    return _WS_RUN.sub(replace, text).strip()


def strip_urls(text: str) -> str:
    """Remove bare URLs; the model needs the words, and a URL is long, unquotable noise."""

    def replace(match: re.Match[str]) -> str:
        url = match.group(0).rstrip()
        trail = ""
        while url and url[-1] in _URL_TRAILING:  # sentence punctuation after a URL belongs to the sentence
            trail = url[-1] + trail
            url = url[:-1]
        return trail

    stripped = _URL.sub(replace, text)
    if stripped != text:
        stripped = _EMPTY_BRACKETS.sub("", stripped)  # "详见(https://…)" leaves "()"
    return _SPACE_RUN.sub(" ", stripped).strip()


def _normalise_bullet(line: str) -> str:
    match = _BULLET.match(line)
    if match and len(line) > match.end():
        return "- " + line[match.end() :]
    return line


def _clean_block(block: str, *, markdown: bool) -> str | None:
    line = collapse_inline(block)
    if markdown:
        line = collapse_inline(_STRAY_EMPHASIS.sub("", line))
    without_urls = strip_urls(line)
    if without_urls != line and (
        not _HAS_WORD.search(without_urls) or _REF_ONLY.match(without_urls) or _LABEL_ONLY.match(without_urls)
    ):
        return None  # only a URL with a label ("原文链接: …") or a reference number ("[1]https://…") was here
    line = _normalise_bullet(without_urls)
    if not line or line == "-" or is_boilerplate(line):
        return None
    return line


def finalise_blocks(blocks: Iterable[str], *, markdown: bool = False) -> list[str]:
    """Turn a parser's raw blocks into the final lines of ``Document.text`` (see the module docstring)."""
    lines: list[str] = []
    for block in blocks:
        line = _clean_block(block, markdown=markdown)
        if line is not None:
            lines.append(line)
    return lines
