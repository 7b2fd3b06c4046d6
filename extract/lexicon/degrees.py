"""Degree levels: which of bachelor, master and doctorate a degree as written names.

Kept apart because grounding, the rule pass and consolidation all ask it, and consolidation must not import
grounding. The words are the ``[degree.bachelor]``, ``[degree.master]`` and ``[degree.doctorate]`` subsets of the
cue lexicon (:mod:`extract.lexicon.cues`).
"""

from __future__ import annotations

from extract.lexicon.cues import CueLexicon, default_cues

__all__ = ["degree_level", "levels"]


def levels(cues: CueLexicon | None = None) -> tuple[str, ...]:
    """The degree levels: the subsets of ``[degree]`` (bachelor, master, doctorate)."""
    cues = cues or default_cues()
    return tuple(name.removeprefix("degree.") for name in cues.lists if name.startswith("degree."))


def degree_level(text: str | None, cues: CueLexicon | None = None) -> str | None:
    """``"bachelor"``, ``"master"`` or ``"doctorate"`` for a degree that names exactly one level; None otherwise
    (no degree word, a postdoc, or several levels at once, as in "BSc and MSc")."""
    if not text:
        return None
    cues = cues or default_cues()
    if cues.matches(text, "postdoc"):
        return None
    named = {level for level in levels(cues) if cues.matches(text, f"degree.{level}")}
    return named.pop() if len(named) == 1 else None
