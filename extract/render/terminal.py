"""Data made safe for the terminal: never read as rich markup, never a terminal control, never a forged line.

Everything shown comes from somewhere a user does not control — file names, documents, an endpoint's error body —
and rich reads ``[...]`` in a plain string as markup (``[/quote]`` is a MarkupError) and passes control characters
straight to the terminal (``ESC [2J`` clears the screen; a newline in a file name forges a second error line). So
data is wrapped in :class:`~rich.text.Text` (never parsed for markup or emoji) after its control characters are
written out as escapes, the way ``repr`` would show them. A name that is not UTF-8 (``os.fsdecode`` leaves lone
surrogates for its bytes) shows its bytes as ``\\xff`` instead of failing to encode.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text

__all__ = ["cell", "markup_safe", "one_line", "visible"]


def _escape_for(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code, f"\\x{code:02x}")
    return f"\\u{code:04x}"


# C0 and C1 controls and DEL; Unicode line and paragraph separators (some terminals break lines on them); the
# bidirectional embeddings, overrides and isolates (they reorder what is shown); lone surrogates (unencodable).
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
             *range(0xD800, 0xE000)]
_ONE_LINE = str.maketrans({code: _escape_for(code) for code in _CONTROLS})
_VISIBLE = str.maketrans({code: _escape_for(code) for code in _CONTROLS if code != 0x0A})


def one_line(value: object) -> str:
    """``value`` as text on exactly one line: every control character (newline, CR, tab, ESC …) escaped."""
    return str(value).translate(_ONE_LINE)


def visible(value: object) -> str:
    """Like :func:`one_line` but keeps newlines: for table cells, where a line break stays inside the cell."""
    return str(value).translate(_VISIBLE)


def cell(value: object | None, style: str = "") -> Text:
    """Data for a table cell or a line: a Text (no markup, no emoji codes), controls escaped; None is empty."""
    return Text("" if value is None else visible(value), style=style)


def markup_safe(value: object) -> str:
    """Data to put inside a markup string on one line: controls escaped, then ``[`` escaped for rich."""
    return escape(one_line(value))
