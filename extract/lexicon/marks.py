"""Known organisations marked in the text the model reads: ``[3] 他曾任 **微软亚洲研究院** 首席科学家``.

Why (issues 19 and 18, session 19): on unseen articles the 1.5B model gives a person one or two posts and leaves out
the rest of a career, though most of the missed posts are at organisations the table knows (session 18's count).
Shown the text with those names in bold (markdown, which the model has read plenty of), it wrote more posts, and
more degrees, for fewer tokens (``bench/quality.md``, "Session 19"). The marks are only in the prompt: sentence
numbers, offsets and evidence are the text's own, and an organisation the model copies with its marks is read
without them (``schemas/extraction.py``).

Only the table's organisations are marked (:class:`~extract.lexicon.orgs.OrgTable`, the packaged one as for the
prompt's other name lists): the longest name that starts at a place, never inside a Latin word ("Meta" in
"Metadata").
"""

from __future__ import annotations

from extract.lexicon.orgs import OrgTable

__all__ = ["MARK", "MAX_ORG_LENGTH", "mark_organisations", "organisation_spans"]

MARK = "**"
MAX_ORG_LENGTH = 40  # characters: the longest organisation name looked for


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _end_at(text: str, start: int, orgs: OrgTable) -> int | None:
    """End of the longest known organisation starting at ``start``, ending on a letter at a word boundary."""
    for end in range(min(len(text), start + MAX_ORG_LENGTH), start + 1, -1):
        if not text[end - 1].isalnum() or (end < len(text) and _latin(text[end - 1]) and _latin(text[end])):
            continue
        if orgs.is_alias(text[start:end].strip()):
            return end
    return None


def organisation_spans(text: str, orgs: OrgTable) -> list[tuple[int, int]]:
    """``(start, end)`` of every known organisation in ``text``, left to right, never overlapping."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        starts_word = text[i].isalnum() and not (i > 0 and _latin(text[i - 1]) and _latin(text[i]))
        end = _end_at(text, i, orgs) if starts_word else None
        if end is None:
            i += 1
        else:
            spans.append((i, end))
            i = end
    return spans


def mark_organisations(text: str, orgs: OrgTable) -> str:
    """``text`` with each known organisation between :data:`MARK` marks."""
    parts: list[str] = []
    at = 0
    for start, end in organisation_spans(text, orgs):
        parts += [text[at:start], MARK, text[start:end], MARK]
        at = end
    return "".join(parts) + text[at:]
