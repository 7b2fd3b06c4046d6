"""Markdown (with embedded HTML) → HTML, so one layout walk serves both formats.

markdown-it-py (CommonMark, raw HTML allowed, GFM tables and strikethrough) renders the body to HTML; front
matter is split off before, by :mod:`extract.ingest.front_matter`. Rendering rather than walking tokens by hand
means raw ``<br>``, ``<a>`` and ``<img>`` inside markdown paragraphs (weibo exports) get exactly the same treatment
as in an HTML page.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["markdown_to_html"]

# "文章作者: 量子位" — a short label, a colon, a value. Consecutive such lines are a metadata list, not prose.
_LABEL_LINE = re.compile(r"^\s*[^\s:：][^:：\n]{0,15}[:：]\s*\S")


def _line_text(children: list[Token], start: int, step: int) -> str:
    """Text of the source line next to a break: walk from ``start`` in direction ``step`` to the nearest break."""
    parts: list[str] = []
    i = start
    while 0 <= i < len(children) and children[i].type not in ("softbreak", "hardbreak"):
        parts.append(children[i].content if children[i].type in ("text", "code_inline") else "")
        i += step
    return "".join(parts if step > 0 else reversed(parts))


def _metadata_breaks(state: StateCore) -> None:
    """Turn a soft break between two ``label: value`` lines into a hard break.

    CommonMark joins consecutive lines into one paragraph, which glues a metadata block ("作者: 量子位" /
    "发布时间: 2024-12-04") into one run-on line; markdown-it has no option for this, hence this small core rule.
    """
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        for i, child in enumerate(children):
            if child.type != "softbreak":
                continue
            if _LABEL_LINE.match(_line_text(children, i - 1, -1)) and _LABEL_LINE.match(_line_text(children, i + 1, 1)):
                child.type = "hardbreak"
                child.tag = "br"


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.core.ruler.push("metadata_breaks", _metadata_breaks)
    return md


_MD = _make_parser()


def markdown_to_html(body: str) -> str:
    return _MD.render(body)
