"""What HTML costs to parse, estimated before parsing: refuse markup nested so deep that parsing it never ends.

lexbor (selectolax's parser) follows the HTML5 tree-construction algorithm, which does two things whose cost grows
with nesting. Most block start tags ("close a p element", "an li in scope?") walk the stack of open elements, so a
file of N unclosed ``<div><span><b>`` costs N x 3N steps: 0.35 / 1.4 / 6.1 s for N = 10k / 20k / 40k, 187 s for a
1.4 MB file. And the formatting elements (b, i, font…) still open when a block closes are re-opened in every next
block ("reconstruct the active formatting elements"), so 200 distinct unclosed ``<b class=…>`` in front of 2,000
small blocks make 400,000 elements out of 40 KB. Browsers bound the first inside their parser (Blink stops
nesting at 512 levels); lexbor offers no such limit, and no way to stop a parse once started. Measured besides,
lexbor itself is quadratic in two places: the <option>s of a <select> (40,000 take 5.6 s) and the attributes of
one element (20,000 take 0.7 s).

So :func:`html_cost_problem` scans the tags first, in one linear pass, and follows the few tree-construction rules
that decide nesting: void elements, end tags that close their element and what is open inside it, start tags
that imply an end (``<li>`` after ``<li>``, a block after an open ``<p>``), an end tag the parser ignores or
answers with the adoption agency (a block stays open), and unclosed formatting elements re-opened after a block
closes (at most three of a kind, HTML5's "Noah's Ark"). It is an estimate, written by hand because no library
exposes the tree builder's stack: it errs towards deeper, which only matters far beyond any real page.

Most such files are deep only through formatting tags left open (``<div><b>…</div>`` repeated nests one level
more each time, in every browser too). Those tags carry nothing the text needs, nor do <option> tags (a <select>
is dropped as page furniture), so :func:`without_costly_tags` removes them and the file is read as if they had
never been there; only what stays too costly is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_HTML_DEPTH",
    "MAX_REOPENED_ELEMENTS",
    "MAX_SELECT_OPTIONS",
    "html_cost_problem",
    "without_costly_tags",
]

# Elements open at once. Real pages stay under a hundred; Blink caps at 512. At 1,000, lexbor's stack walks cost
# at most about 0.25 s per MB of tags, so even a 5 MB file parses in about a second.
MAX_HTML_DEPTH = 1_000
# Formatting elements the parser would re-open after blocks close, each a new element of about 430 bytes in
# lexbor: 300,000 is about 130 MB. A sloppy page with unclosed <font color=…><b> in 5,000 paragraphs (seven
# colours) re-opens 120,000 and parses in 0.04 s; 200 distinct unclosed <b class=…> before 2,000 blocks, 400,000.
MAX_REOPENED_ELEMENTS = 300_000

# <option>s inside <select>s: each one inserted walks the select's options (5,000 cost about 0.1 s).
MAX_SELECT_OPTIONS = 5_000
# Attributes of one element: each one parsed is checked against those before it. Real tags have a few dozen.
MAX_ATTRIBUTES = 500


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TAG = re.compile(r"<(!--|/?)([A-Za-z][^\s/>]*)?([^<>]*)(>?)")
_COSTLY_TAG = re.compile(
    r"</?(?:a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u|option|optgroup)(?=[\s/>])[^<>]*>", re.IGNORECASE
)
_ATTRIBUTE = re.compile(r"""[^\s"'/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"']+))?""")
_VOID = _names(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr image"
)
# Text until the matching end tag, tags and all (script, style…), or until the end of the file (plaintext).
_RAW_TEXT = _names("script style textarea title xmp iframe noembed noframes")
_NOT_COUNTED = frozenset({"html", "head", "body"})  # one each, whatever the markup says
_FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
# HTML5's "special" elements: an end tag for another element is not looked for past them.
_SPECIAL = _names(
    "address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup "
    "dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head "
    "header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes "
    "noscript object ol p param plaintext pre script search section select source style summary table tbody td "
    "template textarea tfoot th thead title tr track ul wbr xmp"
)
# Start tags that first close an open <p> ("in button scope"), and what bounds that scope.
_CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hgroup hr listing main menu nav ol p pre search section summary table ul xmp"
)
_BUTTON_SCOPE = _names("applet button caption html table td th marquee object template")
_HEADINGS = _names("h1 h2 h3 h4 h5 h6")
_TABLE_STOPS = _names("table template html")
_LIST_STOPS = _SPECIAL - _names("address div p")
# Start tags that close the nearest open element of a group (and all inside it), unless a stop is open above it.
_IMPLIED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (_names("li"), _LIST_STOPS),
    "dt": (_names("dt dd"), _LIST_STOPS),
    "dd": (_names("dt dd"), _LIST_STOPS),
    "tr": (_names("tr"), _TABLE_STOPS | _names("tbody thead tfoot")),
    "td": (_names("td th"), _TABLE_STOPS | _names("tr tbody thead tfoot")),
    "th": (_names("td th"), _TABLE_STOPS | _names("tr tbody thead tfoot")),
    "tbody": (_names("tbody thead tfoot"), _TABLE_STOPS),
    "thead": (_names("tbody thead tfoot"), _TABLE_STOPS),
    "tfoot": (_names("tbody thead tfoot"), _TABLE_STOPS),
    "table": (_names("table"), _BUTTON_SCOPE - _names("table")),
    "button": (_names("button"), _BUTTON_SCOPE - _names("button")),
}
# Start tags that close their kind only when it is the current element.
_CLOSES_CURRENT: dict[str, frozenset[str]] = {
    "option": _names("option"),
    "optgroup": _names("option optgroup"),
    **{heading: _HEADINGS for heading in _HEADINGS},
}
_FOREIGN = _names("svg math")
_P = _names("p")
# How far down the stack a rule looks. Real markup finds what it looks for within a few levels; not looking
# further can only make the estimate deeper.
_WINDOW = 32
# Formatting elements of one kind (tag and attributes) waiting to be re-opened, as in HTML5's Noah's Ark clause.
_NOAHS_ARK = 3


def html_cost_problem(html: str) -> str | None:
    """Why parsing ``html`` would take too long or too much memory (a one-line reason), or None when it will not."""
    model = _Nesting()
    for name, attrs, is_end, text_before in _tags(html):
        if text_before and model.pending:
            model.reopen()  # text since the last tag, whitespace too: the parser re-opens formatting elements first
        if is_end:
            model.end(name)
        elif len(attrs) > MAX_ATTRIBUTES and len(_ATTRIBUTE.findall(attrs)) > MAX_ATTRIBUTES:
            return f"HTML tag <{name[:20]}> has over {MAX_ATTRIBUTES:,} attributes"
        else:
            model.start(name, attrs)
        if (problem := model.problem()) is not None:
            return problem
    return None


def _tags(html: str) -> Iterator[tuple[str, str, bool, bool]]:
    """(name, attributes, is an end tag, text before it) for each tag the HTML tokenizer would see: comments and
    the text of script, style and the like skipped, nothing after <plaintext>. One pass: every search moves on."""
    lowered = html.lower()
    pos = 0
    raw_text_before = False
    while (match := _TAG.search(html, pos)) is not None:
        kind, name, attrs, closed = match.groups()
        pos = match.end()
        if kind == "!--":
            end = html.find("-->", match.start() + 4)
            if end < 0:
                return  # a comment to the end of the file
            pos = end + 3
            continue
        if name is None or not closed:
            continue  # a '<' that opens no tag, or a tag cut short by another '<'
        name = name.lower()
        text_before = not raw_text_before and html[match.start() - 1 : match.start()] not in ("", ">")
        yield name, attrs, kind == "/", text_before
        raw_text_before = False
        if kind == "/":
            continue
        if name == "plaintext":
            return
        if name in _RAW_TEXT:
            end = lowered.find(f"</{name}", pos)
            if end < 0:
                return
            pos, raw_text_before = end, True


def without_costly_tags(html: str) -> str:
    """``html`` without formatting tags (b, i, font, a…) and <option> tags: the same text, none of their cost."""
    return _COSTLY_TAG.sub("", html)


class _Nesting:
    """The parser's stack of open elements, roughly (see the module docstring): how deep it gets, how much it
    re-opens. Each entry is a tag name and, for formatting elements, its attributes (Noah's Ark tells kinds apart
    by both)."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, str]] = []
        self.open: Counter[str] = Counter()
        self.pending: list[tuple[str, str]] = []  # formatting elements a block closed, to be re-opened
        self.kinds: Counter[tuple[str, str]] = Counter()  # the same, counted by kind
        self.deepest = 0
        self.reopened = 0
        self.options = 0

    def problem(self) -> str | None:
        if self.deepest > MAX_HTML_DEPTH:
            return f"HTML nested too deeply (over {MAX_HTML_DEPTH:,} elements open at once)"
        if self.reopened > MAX_REOPENED_ELEMENTS:
            return f"HTML has too many unclosed formatting tags (over {MAX_REOPENED_ELEMENTS:,} re-opened)"
        if self.options > MAX_SELECT_OPTIONS:
            return f"HTML has over {MAX_SELECT_OPTIONS:,} <option>s in its <select>s"
        return None

    def start(self, name: str, attrs: str) -> None:
        if name in _VOID or name in _NOT_COUNTED:
            return
        if any(self.open[root] for root in _FOREIGN):
            if not attrs.rstrip().endswith("/"):  # <path/> in SVG closes itself; <div/> in HTML does not
                self._push(name, "")
            return
        self._imply_ends(name)
        if name in ("option", "optgroup") and self.open["select"]:
            self.options += 1
        if self.pending and name not in _SPECIAL:
            self.reopen()  # an inline start tag re-opens them too
        self._push(name, " ".join(attrs.split()) if name in _FORMATTING else "")

    def end(self, name: str) -> None:
        if name in _NOT_COUNTED:
            return
        if not self.open[name]:
            if name in _FORMATTING:
                self._forget(name)  # closed by a block earlier: its end tag takes it off the re-open list
            return
        if name in _SPECIAL:
            self._pop_to(name)
        else:
            self._close_inline(name)

    def reopen(self) -> None:
        """The formatting elements closed by a block are open again, each as a new element."""
        self.reopened += len(self.pending)
        if self.reopened <= MAX_REOPENED_ELEMENTS:  # past it the verdict is in: spare the work
            self.stack.extend(self.pending)
            self.open.update(name for name, _ in self.pending)
            self.deepest = max(self.deepest, len(self.stack))
        self.pending.clear()
        self.kinds.clear()

    def _imply_ends(self, name: str) -> None:
        if name in ("a", "nobr") and self.open[name]:
            self._close_inline(name)  # a new <a> ends the open one (HTML5 runs the adoption agency)
        if name in _CLOSES_P and self.open["p"]:
            self._close_nearest(_P, _BUTTON_SCOPE)
        while self.stack and self.stack[-1][0] in _CLOSES_CURRENT.get(name, ()):
            self._pop_to(self.stack[-1][0])
        if name in _IMPLIED_ENDS:
            self._close_nearest(*_IMPLIED_ENDS[name])

    def _close_nearest(self, names: frozenset[str], stops: frozenset[str]) -> None:
        """Close the nearest open element named in ``names`` unless one of ``stops`` is open above it."""
        for name, _ in reversed(self.stack[-_WINDOW:]):
            if name in names:
                self._pop_to(name)
                return
            if name in stops:
                return

    def _close_inline(self, name: str) -> None:
        """An end tag for a formatting or other inline element (HTML5 "any other end tag", adoption agency)."""
        window = self.stack[-_WINDOW:]
        for offset in range(len(window) - 1, -1, -1):
            if window[offset][0] != name:
                continue
            index = len(self.stack) - len(window) + offset
            if not any(entry[0] in _SPECIAL for entry in self.stack[index + 1 :]):
                self._pop_to(name)
            elif name in _FORMATTING:
                # The adoption agency: the blocks inside stay open and the formatting element moves into them.
                del self.stack[index]
                self.open[name] -= 1
            return  # an ordinary inline element with a block open inside: the parser ignores the end tag

    def _pop_to(self, name: str) -> None:
        """Close the nearest open ``name`` and everything open inside it; formatting elements among those wait to
        be re-opened."""
        if self.stack[-1][0] == name:  # the usual case: the element just closed is the current one
            self.open[self.stack.pop()[0]] -= 1
            return
        index = len(self.stack) - 1
        while index > 0 and self.stack[index][0] != name:
            index -= 1
        closed = self.stack[index:]
        del self.stack[index:]
        self.open.subtract(entry[0] for entry in closed)
        for entry in closed[1:]:
            if entry[0] in _FORMATTING:
                self._remember(*entry)

    def _remember(self, name: str, attrs: str) -> None:
        if self.kinds[name, attrs] < _NOAHS_ARK:
            self.pending.append((name, attrs))
            self.kinds[name, attrs] += 1

    def _forget(self, name: str) -> None:
        for i in range(len(self.pending) - 1, max(len(self.pending) - _WINDOW, 0) - 1, -1):
            if self.pending[i][0] == name:
                self.kinds[self.pending.pop(i)] -= 1
                return

    def _push(self, name: str, attrs: str) -> None:
        self.stack.append((name, attrs))
        self.open[name] += 1
        self.deepest = max(self.deepest, len(self.stack))
