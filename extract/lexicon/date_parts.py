"""The parts every date pattern is built from: number and month words, calendar checks, the publication date, hits.

Shared by the absolute patterns (:mod:`extract.lexicon.dates`) and the relative ones
(:mod:`extract.lexicon.relative_dates`), so both read numbers, months and the publication date the same way and
produce the same :class:`Hit`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CN_NUM", "CN_YEAR4", "EN_NUM", "MAX_YEAR", "MIN_YEAR", "MONTH", "NUM", "WEEKDAYS", "YEAR4", "Handler", "Hit",
    "Precision", "Publication", "add_months", "cn_int", "en_int", "hit", "month_number", "parse_published", "valid",
]

Precision = Literal["year", "month", "day"]
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class Publication:
    """The parts of a document's publication date that relative expressions are measured from."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.month and self.day else None


@dataclass(frozen=True)
class Hit:
    """One date expression found in the text; ``year`` is None for a bare month (taken from context later)."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    estimated: bool = False
    relative: bool = False


# A pattern's handler: the match and the publication date (None when unknown) → a hit, or None to drop the match.
Handler = Callable[[re.Match[str], "Publication | None"], "Hit | None"]


# ---------------------------------------------------------------- numbers and names

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_NUM = "[零〇一二两三四五六七八九十]{1,3}"
NUM = rf"(?:(?<!\d)\d{{1,2}}(?!\d)|{CN_NUM})"
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}
EN_NUM = r"(?:\d{1,2}|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + ")"
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
# The months written out ("March", not "Mar" or "Jan", which are also names).
MONTH_NAMES = tuple(m for m in _MONTHS if not any(other != m and other.startswith(m) for other in _MONTHS))
WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
YEAR4 = r"(?<![\d.])(?:19|20)\d{2}(?!\d)"
CN_YEAR4 = "[零〇一二三四五六七八九]{4}"


def cn_int(text: str) -> int | None:
    """``12``, ``十二``, ``二十三``, ``两``, ``二〇一九`` → int."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        digits = [_CN_DIGITS.get(ch) for ch in text]
        return None if None in digits else int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    high = _CN_DIGITS.get(tens, -1) if tens else 1
    low = _CN_DIGITS.get(ones, -1) if ones else 0
    return None if high < 0 or low < 0 else high * 10 + low


def en_int(text: str) -> int | None:
    """``3`` or ``three`` → 3; None for a word that is not a number."""
    return int(text) if text.isdigit() else _EN_NUMBERS.get(text.lower())


def month_number(name: str) -> int:
    """An English month name or abbreviation, any case, with or without a full stop (``Sept.``) → 1…12."""
    return _MONTHS[name.rstrip(".").lower()]


# ---------------------------------------------------------------- calendar helpers


def valid(year: int | None, month: int | None = None, day: int | None = None) -> bool:
    """Whether the parts name a real date in the years news about living researchers talks about."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or (month is not None and 1 <= day <= calendar.monthrange(year or 2000, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) ``delta`` months later (earlier when negative)."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_published(published: str | None) -> Publication | None:
    """``2024-12-04``, ``2024-12-04T18:54:00Z``, ``2024-12`` or ``2024`` → its parts; anything else → None."""
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", published or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return Publication(year, month, day) if valid(year, month, day) else None


def hit(m: re.Match[str], year: int | None, month: int | None = None, day: int | None = None, *,
        estimated: bool = False, relative: bool = False) -> Hit | None:
    """The hit for match ``m``, or None when the parts are no real date (or name neither year nor month)."""
    if not valid(year, month, day) or (year is None and month is None):
        return None
    return Hit(m.start(), m.end(), year, month, day, estimated, relative)
