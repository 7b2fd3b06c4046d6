"""Degree levels: which of bachelor, master and doctorate a degree as written names.

Kept apart (no imports) because grounding, the rule pass and consolidation all ask it, and consolidation must not
import grounding.
"""

from __future__ import annotations

__all__ = ["DEGREE_LEVELS", "degree_level"]

# Degree levels, for telling two degrees at one school apart ("本科及硕士毕业于清华大学" is two). Data: extend freely.
DEGREE_LEVELS: dict[str, tuple[str, ...]] = {
    "bachelor": ("本科", "学士", "bachelor", "bsc", "b.sc", "b.s.", "undergraduate", "ba "),
    "master": ("硕士", "master", "msc", "m.sc", "m.s.", "mba"),
    "doctorate": ("博士", "phd", "ph.d", "doctorate", "doctoral"),
}


def degree_level(text: str | None) -> str | None:
    """``"bachelor"``, ``"master"`` or ``"doctorate"`` for a degree that names exactly one level; None otherwise
    (no degree word, a postdoc, or several levels at once such as "本科及硕士")."""
    if not text or "博士后" in text or "postdoc" in text.casefold():
        return None
    folded = f"{text.casefold()} "
    levels = {level for level, words in DEGREE_LEVELS.items() if any(w in folded for w in words)}
    return levels.pop() if len(levels) == 1 else None
