"""The counts every score of ``extract eval`` is made of: recall, precision and F1 from gold, predicted, matched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Score", "ratio", "rounded"]


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Score:
    """Counts for one kind of fact; recall, precision and F1 follow from them."""

    gold: int
    predicted: int
    matched: int

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.gold)

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.predicted)

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "recall": rounded(self.recall), "precision": rounded(self.precision), "f1": rounded(self.f1)}
