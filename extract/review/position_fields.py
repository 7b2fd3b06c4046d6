"""Scores of what a matched position says besides its organisation: its status and its title (``extract eval``).

Kept apart from :mod:`extract.review.evaluate`, which matches and assembles: these look at one matched pair at a time.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from extract.review.scores import ratio, rounded
from extract.schemas.record import RecordPosition

__all__ = ["StatusScore", "TitleScore", "same_title", "score_status", "score_titles"]


@dataclass(frozen=True)
class StatusScore:
    """Statuses of matched positions: ``correct`` of ``matched`` equal the gold's (issue 20), and the confusions
    (gold status, predicted status) → count, so a change can be read as which mistakes it fixed."""

    matched: int = 0
    correct: int = 0
    confusions: tuple[tuple[str, str, int], ...] = ()  # (gold, predicted, count), most frequent first

    @property
    def accuracy(self) -> float:
        return ratio(self.correct, self.matched)

    def as_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "correct": self.correct, "accuracy": rounded(self.accuracy),
                "confusions": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusions]}


@dataclass(frozen=True)
class TitleScore:
    """Titles of matched positions whose gold gives one: ``same`` of ``gold``, the rest ``different`` or
    ``missing`` (no predicted title). A title the gold leaves out is not scored: the gold writes what the text
    states, and a predicted title there may be right or a neighbour's."""

    gold: int = 0
    same: int = 0
    different: int = 0
    missing: int = 0

    @property
    def accuracy(self) -> float:
        return ratio(self.same, self.gold)

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "same": self.same, "different": self.different, "missing": self.missing,
                "accuracy": rounded(self.accuracy)}


# ---------------------------------------------------------------- status


def score_status(pairs: Iterable[tuple[RecordPosition, RecordPosition]]) -> StatusScore:
    counts = Counter((gold.status, predicted.status) for gold, predicted in pairs)
    confusions = sorted(((g, p, n) for (g, p), n in counts.items() if g != p), key=lambda c: (-c[2], c[0], c[1]))
    return StatusScore(sum(counts.values()), sum(n for (g, p), n in counts.items() if g == p), tuple(confusions))


# ---------------------------------------------------------------- titles


def _title_key(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).casefold().split())


def same_title(gold: str, predicted: str) -> bool:
    """The same title once case, width and spaces are set aside. Not containment: 副总裁 is not 总裁, nor Assistant
    Professor Professor, so a title written with its organisation ("Acme CTO" for "CTO") counts as different."""
    a, b = _title_key(gold), _title_key(predicted)
    return bool(a) and a == b


def score_titles(pairs: Iterable[tuple[RecordPosition, RecordPosition]]) -> TitleScore:
    counts = Counter("missing" if not predicted.title else "same" if same_title(gold.title, predicted.title)
                     else "different" for gold, predicted in pairs if gold.title)
    return TitleScore(sum(counts.values()), counts["same"], counts["different"], counts["missing"])
