"""HTML → text blocks with selectolax (lexbor, an HTML5-conformant parser: unclosed tags, entities, stray ``<br>``).

selectolax parses; what it cannot know is which parts of a page are furniture and where a line ends, so two small
pieces are written here by hand:

* boilerplate removal, in the spirit of readability/trafilatura: drop non-content tags (scripts, styles,
  navigation, forms, images…), elements whose class/id/role name a widget (share, nav, comments, ads…) unless they
  hold most of the text, and on whole pages read the ``<main>``/``<article>`` that holds most of the text;
* a layout walk that turns block elements into lines (one block per line, see :mod:`extract.ingest.text`), list
  items into ``- item``, ``<br>`` into a line break, and collapses inline whitespace like a browser. It walks with an
  explicit stack, so pathologically nested markup cannot hit Python's recursion limit.

Every pass here is linear in the size of the tree. Markup that would make the parser itself slow (nesting
thousands deep, and the like) is turned away before parsing, by :mod:`extract.ingest.html_limits`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extract.ingest.text import collapse_inline

__all__ = ["first_heading", "html_blocks", "looks_like_page", "parse_html"]

# Whole subtrees that never hold article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "aside", "footer", "form",
    "button", "input", "select", "textarea", "iframe", "frame", "frameset", "object", "embed", "svg", "canvas",
    "img", "picture", "video", "audio", "source", "track", "map", "area", "dialog", "menu",
)  # fmt: skip

# Elements that start and end a line.
_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt", "fieldset",
     "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "ol",
     "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})

# class / id words naming page furniture (readability's "unlikely candidates", trafilatura's boilerplate classes).
_FURNITURE_WORDS = frozenset(
    {"share", "sharing", "social", "sns", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
     "footer", "sidebar", "comment", "comments", "related", "recommend", "recommended", "advert", "advertisement",
     "ad", "ads", "sponsor", "sponsored", "banner", "cookie", "cookies", "subscribe", "newsletter", "popup", "modal",
     "toolbar", "pagination", "pager", "copyright", "login", "signup", "qrcode", "disqus", "skip", "widget"}
)  # fmt: skip
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_WHITESPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PAGE_MARKERS = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)

# A furniture-named element is only dropped when it holds less than this share of the text: a wrapper called
# "has-sidebar" around the whole article must survive.
_MAX_FURNITURE_SHARE = 0.5
# On a page, <main>/<article> becomes the root when it holds at least this share of the body text.
_MIN_ROOT_SHARE = 0.3


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def looks_like_page(html: str) -> bool:
    """A whole page (doctype/html/head/body) rather than a fragment: only pages get main-content selection."""
    return bool(_PAGE_MARKERS.search(html[:20_000]))


def first_heading(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("h1")
    if node is None:
        return None
    return collapse_inline(node.text(deep=True)) or None


class _TextSizes:
    """Non-whitespace characters under each element: a cheap, layout-free measure of how much text it holds.

    Measured for the whole tree in one bottom-up pass, on first use, rather than by ``node.text(deep=True)`` per
    node asked about: furniture-named wrappers or <article>s nested 800 deep around a long text each re-read the
    whole text below them, which made a 0.5 MB page take 5-10 s (quadratic). The tree must not change between
    the measuring and the last question (decompose only after asking, as :func:`_prune` does).
    """

    def __init__(self, root: LexborNode) -> None:
        self._root = root
        self._sizes: dict[int, int] | None = None

    def __call__(self, node: LexborNode) -> int:
        if self._sizes is None:
            self._sizes = _measure_text(self._root)
        return self._sizes.get(node.mem_id, 0)


def _measure_text(root: LexborNode) -> dict[int, int]:
    """Non-whitespace characters under ``root`` and each element below it, by ``mem_id``; an explicit stack, so
    deep markup cannot hit Python's recursion limit."""
    sizes: dict[int, int] = {}
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            sizes[node.mem_id] = sum(sizes.get(child.mem_id, 0) for child in node.iter(include_text=True))
        elif node.tag == "-text":
            sizes[node.mem_id] = len(_WHITESPACE.sub("", node.text(deep=False)))
        elif node.is_element_node:
            stack.append((node, True))
            stack.extend((child, False) for child in node.iter(include_text=True))
    return sizes


def _is_furniture(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    if (attrs.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return any(word.lower() in _FURNITURE_WORDS for word in _WORD_SPLIT.split(names) if word)


def _prune(root: LexborNode, doomed: Callable[[LexborNode, bool], bool]) -> None:
    """Decompose every element for which ``doomed(node, inside_article)`` holds, without descending into it.

    Collect first, decompose after, and never both an element and its descendant: a decomposed lexbor node frees
    its subtree, so touching a descendant afterwards would read freed memory.
    """
    chosen: list[LexborNode] = []
    stack: list[tuple[LexborNode, bool]] = [(root, root.tag in ("article", "main"))]
    while stack:
        node, inside = stack.pop()
        if node is not root and doomed(node, inside):
            chosen.append(node)
            continue
        inside = inside or node.tag in ("article", "main")
        stack.extend((child, inside) for child in node.iter())
    for node in chosen:
        node.decompose()


def _remove_furniture(root: LexborNode) -> None:
    """Drop furniture-named elements that hold only a minor share of the root's text."""
    text_len = _TextSizes(root)
    limit = 0.0  # set on the first furniture-named element: most pages need no measuring at all

    def doomed(node: LexborNode, _: bool) -> bool:
        nonlocal limit
        if node.tag in _KEEP_TAGS or not _is_furniture(node):
            return False
        limit = limit or _MAX_FURNITURE_SHARE * max(text_len(root), 1)
        return text_len(node) < limit

    _prune(root, doomed)


def _drop_page_headers(root: LexborNode) -> None:
    """A page-level <header> is a logo and menu; one inside <article>/<main> holds the title, so it stays."""
    _prune(root, lambda node, inside: node.tag == "header" and not inside)


def _select_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The <main>/<article> holding most of the text when it holds enough of it, else <body>."""
    body = tree.body
    if body is None:
        return tree.root
    candidates = [*tree.css("main"), *tree.css("[role=main]"), *tree.css("article")]
    if not candidates:
        return body
    text_len = _TextSizes(body)
    total = text_len(body)
    if total == 0:
        return body
    best = max(candidates, key=text_len)
    return best if text_len(best) >= _MIN_ROOT_SHARE * total else body


class _Lines:
    """Accumulates inline text and cuts it into lines at block boundaries."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.blocks: list[str] = []
        self.prefix: str | None = None

    def add(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        if not self.parts:
            return
        line = collapse_inline("".join(self.parts))
        self.parts.clear()
        if line:
            if self.prefix:
                line = self.prefix + line
                self.prefix = None
            self.blocks.append(line)


def _walk(root: LexborNode) -> list[str]:
    out = _Lines()
    lists: list[list[int]] = []  # one entry per open <ul>/<ol>: [-1] for ul, [next number] for ol
    pre_depth = 0
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            if tag in ("ul", "ol"):
                lists.pop()
            elif tag == "pre":
                pre_depth -= 1
            elif tag in _CELL_TAGS:
                out.add(" ")
            if tag in _BLOCK_TAGS:
                out.flush()
                if tag == "li":
                    out.prefix = None
            continue
        if tag == "-text":
            _add_text(out, node.text(deep=False), in_pre=pre_depth > 0)
            continue
        if not node.is_element_node or tag in _DROP_TAGS:
            continue
        if tag in ("br", "hr"):
            out.flush()
            continue
        if tag in _BLOCK_TAGS:
            out.flush()
        if tag in ("ul", "ol"):
            lists.append([-1] if tag == "ul" else [_ol_start(node)])
        elif tag == "li":
            out.prefix = _bullet(lists)
        elif tag == "pre":
            pre_depth += 1
        stack.append((node, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    out.flush()
    return out.blocks


def _add_text(out: _Lines, text: str, *, in_pre: bool) -> None:
    if not in_pre:
        out.add(text)
        return
    for i, piece in enumerate(text.split("\n")):
        if i:
            out.flush()  # a line of preformatted text stays a line
        out.add(piece)


def _ol_start(node: LexborNode) -> int:
    try:
        return int(node.attributes.get("start") or 1)
    except ValueError:
        return 1


def _bullet(lists: list[list[int]]) -> str:
    if not lists or lists[-1][0] < 0:
        return "- "
    number = lists[-1][0]
    lists[-1][0] += 1
    return f"{number}. "


def html_blocks(tree: LexborHTMLParser, *, page: bool) -> list[str]:
    """The text blocks of a parsed document. Mutates ``tree`` (drops boilerplate), so read metadata first."""
    tree.strip_tags(list(_DROP_TAGS))
    root = tree.body or tree.root
    if root is None:
        return []
    heading = first_heading(tree) if page else None
    if page:
        root = _select_root(tree) or root
        _drop_page_headers(root)
    _remove_furniture(root)
    blocks = _walk(root)
    if heading and root.css_first("h1") is None:
        blocks.insert(0, heading)  # the page title sat outside the article; it carries content, keep it first
    return blocks
