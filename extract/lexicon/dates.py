"""Date expressions → ISO partial dates, resolving relative ones against the document's publication date.

Precision stays honest: ``2022`` when the text gives a year, ``2022-06`` for a month, a day only when the text
states the day (``2022-03-14``, ``昨天``, ``3 days ago``). Nothing is invented: an unparseable or ambiguous
expression (``几年前``, ``a few months ago``, ``年底`` alone, ``the 2010s``, ``1990年代``) gives ``None``, and an
ambiguous or impossible part is dropped rather than repaired: ``14/03/2022`` (day-first or month-first?) is only
``2022``; ``2023-02-29`` is only ``2023-02``.

Flags on :class:`ResolvedDate`:

- ``relative``: the value was computed from the publication date (去年, last month, 八年前).
- ``estimated``: the value may be wrong *at its precision*: fuzzy spans (``八年前`` from 2024-12 could be 2016 or
  2017; ``最近几个月``, ``in a few weeks``, ``on Monday`` → the publication month), a bare month whose year is
  taken from the publication date (``6月``, ``in June``), or ``last June``. Exact arithmetic is not estimated:
  ``去年`` → year − 1, ``上个月`` → the previous month, ``earlier this year`` → the publication year (the year is
  certain even if the month is not).

Forward-looking spans measured from a story's own events (``两年后``, ``three years later``) are narrative-relative,
not publication-relative, so they give ``None``; ``in a few weeks`` / ``几周后`` do resolve (≈ 3 weeks ahead).
Weekdays (``周一``, ``on Monday``) and weeks (``上周``, ``last week``) resolve to a month, estimated.

Ranges (:func:`parse_range`, :func:`resolve_range`): ``2011-2016``, ``2009—2011``, ``2011–16``, ``2021年3月-6月``,
``March–June 2021``, ``between 2011 and 2016``; an open end (``2017-present``, ``2017 年至今``, ``since 2017``,
``2017年以来``, ``2017–``) gives ``end=None`` and ``DateRange.ongoing=True``; ``until 2019`` gives only an end.

The patterns are hand-written regular expressions rather than dateparser: dateparser does not read most Chinese
relative forms (``今年 6 月``, ``八年前``, ``上个月``), silently invents a day for ``June 2021``, and guesses a year
for a bare month without saying so; a few dozen explicit patterns are predictable and fast.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

__all__ = ["DateRange", "Precision", "ResolvedDate", "find_dates", "parse_range", "resolve_date", "resolve_range"]

Precision = Literal["year", "month", "day"]
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_FEW_WEEKS = 21  # "a few weeks" ≈ three weeks; only ever used at month precision, marked estimated


@dataclass(frozen=True)
class ResolvedDate:
    """An ISO partial date (``2022``, ``2022-06``, ``2022-03-14``) with honest precision and provenance flags."""

    value: str
    precision: Precision
    estimated: bool
    relative: bool
    raw: str


@dataclass(frozen=True)
class DateRange:
    """Start and end of a span; ``ongoing`` when the text says it lasts until now (``至今``, ``present``)."""

    start: ResolvedDate | None
    end: ResolvedDate | None
    ongoing: bool
    raw: str


@dataclass(frozen=True)
class _Pub:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.month and self.day else None


@dataclass(frozen=True)
class _Hit:
    """One date expression found in the text; ``year`` is None for a bare month (taken from context later)."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    estimated: bool = False
    relative: bool = False


# ---------------------------------------------------------------- numbers and names

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_NUM = "[零〇一二两三四五六七八九十]{1,3}"
_NUM = rf"(?:(?<!\d)\d{{1,2}}(?!\d)|{_CN_NUM})"
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}
_EN_NUM = r"(?:\d{1,2}|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + ")"
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR4 = r"(?<![\d.])(?:19|20)\d{2}(?!\d)"
_CN_YEAR4 = "[零〇一二三四五六七八九]{4}"


def _cn_int(text: str) -> int | None:
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


def _en_int(text: str) -> int | None:
    return int(text) if text.isdigit() else _EN_NUMBERS.get(text.lower())


# ---------------------------------------------------------------- calendar helpers


def _valid(year: int | None, month: int | None = None, day: int | None = None) -> bool:
    if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or (month is not None and 1 <= day <= calendar.monthrange(year or 2000, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _parse_published(published: str | None) -> _Pub | None:
    """``2024-12-04``, ``2024-12-04T18:54:00Z``, ``2024-12`` or ``2024`` → its parts; anything else → None."""
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", published or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return _Pub(year, month, day) if _valid(year, month, day) else None


# ---------------------------------------------------------------- hit builders

_Handler = Callable[[re.Match[str], "_Pub | None"], "_Hit | None"]


def _hit(m: re.Match[str], year: int | None, month: int | None = None, day: int | None = None, *,
         estimated: bool = False, relative: bool = False) -> _Hit | None:
    if not _valid(year, month, day) or (year is None and month is None):
        return None
    return _Hit(m.start(), m.end(), year, month, day, estimated, relative)


def _from_day(m: re.Match[str], pub: _Pub | None, days: int, precision: Precision, estimated: bool) -> _Hit | None:
    """A date ``days`` from the publication day, kept at ``precision``."""
    if pub is None or pub.date is None:
        return None
    when = pub.date + dt.timedelta(days=days)
    return _hit(m, when.year, when.month, when.day if precision == "day" else None, estimated=estimated,
                relative=True)


def _from_month(m: re.Match[str], pub: _Pub | None, months: int, estimated: bool) -> _Hit | None:
    if pub is None or pub.month is None:
        return None
    year, month = _add_months(pub.year, pub.month, months)
    return _hit(m, year, month, estimated=estimated, relative=True)


def _from_year(m: re.Match[str], pub: _Pub | None, years: int, estimated: bool) -> _Hit | None:
    return None if pub is None else _hit(m, pub.year + years, estimated=estimated, relative=True)


# absolute -------------------------------------------------------


def _abs_ymd(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    return _hit(m, int(m["y"]), int(m["m"]), int(m["d"]))


def _abs_cn(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    month = _cn_int(m["m"]) if m["m"] else None
    day = _cn_int(m["d"]) if m["d"] else None
    return _hit(m, _cn_int(m["y"]), month, day)


def _abs_ym(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    return _hit(m, int(m["y"]), int(m["m"]))


def _abs_year(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    return _hit(m, int(m["y"]))


def _abs_en(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    month = _MONTHS[m["mon"].rstrip(".").lower()]
    return _hit(m, int(m["y"]), month, int(m["d"]) if m.groupdict().get("d") else None)


def _bare_cn_month(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    day = _cn_int(m["d"]) if m["d"] else None
    return _hit(m, None, _cn_int(m["m"]), day)


def _bare_en_month_day(m: re.Match[str], _pub: _Pub | None) -> _Hit | None:
    return _hit(m, None, _MONTHS[m["mon"].rstrip(".").lower()], int(m["d"]))


def _bare_en_month(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    month = _MONTHS[m["mon"].rstrip(".").lower()]
    which = (m["which"] or "").lower()
    if not which:
        return _hit(m, None, month)
    if pub is None:
        return None
    if which == "this":
        return _hit(m, pub.year, month, relative=True)
    if pub.month is None:
        return None
    if which == "last":
        return _hit(m, pub.year if month < pub.month else pub.year - 1, month, estimated=True, relative=True)
    return _hit(m, pub.year if month > pub.month else pub.year + 1, month, estimated=True, relative=True)


def _en_month_rel_year(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    if pub is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    return _hit(m, pub.year + offset, _MONTHS[m["mon"].rstrip(".").lower()], relative=True)


# relative: Chinese ---------------------------------------------

_CN_YEAR_WORDS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "来年": 1, "后年": 2}


def _cn_rel_year(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    if pub is None:
        return None
    year = pub.year + _CN_YEAR_WORDS[m["w"]]
    month = _cn_int(m["m"]) if m["m"] else None
    day = _cn_int(m["d"]) if m["d"] else None
    return _hit(m, year, month, day, relative=True)


def _cn_rel_month(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    word = m[0]
    delta = -1 if word.startswith("上") else 1 if word.startswith("下") else 0
    return _from_month(m, pub, delta, estimated=False)


def _cn_years_ago(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    if m["n"] == "半":
        return _from_month(m, pub, -6, estimated=True)
    n = _cn_int(m["n"])
    return None if n is None else _from_year(m, pub, -n, estimated=True)


def _cn_months_ago(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    if m["n"] == "半":
        return _from_day(m, pub, -15, "month", estimated=True)
    n = _cn_int(m["n"])
    return None if n is None else _from_month(m, pub, -n, estimated=True)


def _weeks(m: re.Match[str], pub: _Pub | None, n: int | None, sign: int) -> _Hit | None:
    days = _FEW_WEEKS if n is None else 7 * n
    return _from_day(m, pub, sign * days, "month", estimated=True)


def _cn_weeks(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    n = None if m["n"] in ("几", "数") else _cn_int(m["n"])
    return _weeks(m, pub, n, -1 if "前" in m["dir"] else 1)


def _cn_days_ago(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    if m["n"] in ("几", "数"):
        return _from_day(m, pub, -3, "month", estimated=True)
    n = _cn_int(m["n"])
    return None if n is None else _from_day(m, pub, -n, "day", estimated=False)


_CN_DAY_WORDS = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1}


def _cn_day_word(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    return _from_day(m, pub, _CN_DAY_WORDS[m[0]], "day", estimated=False)


def _recent(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    return _from_month(m, pub, 0, estimated=True)


def _cn_week_word(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    sign = -1 if m[0].startswith("上") else 1 if m[0].startswith("下") else 0
    return _from_day(m, pub, 7 * sign, "month", estimated=True)


# relative: English ---------------------------------------------


def _en_rel_year(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    return _from_year(m, pub, offset, estimated=False)


def _en_rel_month(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    return _from_month(m, pub, offset, estimated=False)


def _en_ago(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    n, unit = _en_int(m["n"]), m["unit"].lower()
    if n is None:
        return None
    if unit.startswith("year"):
        return _from_year(m, pub, -n, estimated=True)
    if unit.startswith("decade"):
        return _from_year(m, pub, -10 * n, estimated=True)
    if unit.startswith("month"):
        return _from_month(m, pub, -n, estimated=True)
    if unit.startswith("week"):
        return _weeks(m, pub, n, -1)
    return _from_day(m, pub, -n, "day", estimated=False)


def _en_few_weeks(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    return _weeks(m, pub, None, -1 if m[0].lower().endswith("ago") else 1)


def _en_in_weeks(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    return _weeks(m, pub, _en_int(m["n"]), 1)


_EN_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}


def _en_day_word(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    return _from_day(m, pub, _EN_DAY_WORDS[m[0].lower()], "day", estimated=False)


def _en_week(m: re.Match[str], pub: _Pub | None) -> _Hit | None:
    which = (m["which"] or "").lower()
    return _from_day(m, pub, {"last": -7, "next": 7}.get(which, 0), "month", estimated=True)


# ---------------------------------------------------------------- the pattern table

_I = re.IGNORECASE
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    # absolute
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"), _abs_ymd),
    (re.compile(rf"(?P<y>{_YEAR4}|{_CN_YEAR4})\s*年(?!代)(?:\s*(?P<m>{_NUM})\s*月份?(?:\s*(?P<d>{_NUM})\s*[日号])?)?"),
     _abs_cn),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})(?![\d年])"), _abs_ym),
    (re.compile(r"(?<![\d/])(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d{2})(?!\d)"), _abs_ym),
    (re.compile(rf"(?P<y>{_YEAR4})(?!\s*(?:年代|多|万|余|亿|个|人|名|家|篇|次|元|件|台|辆|位|%|s\b))", _I), _abs_year),
    (re.compile(rf"\b(?P<mon>{_MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR4})", _I), _abs_en),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR4})", _I), _abs_en),
    (re.compile(rf"\b(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR4})", _I), _abs_en),
    (re.compile(rf"\b(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<which>last|this|next)\s+year\b", _I), _en_month_rel_year),
    # bare months (the year comes from a range partner or, estimated, from the publication date)
    (re.compile(rf"(?<![\d年])(?P<m>{_NUM})\s*月份?(?:\s*(?P<d>{_NUM})\s*[日号])?"), _bare_cn_month),
    (re.compile(rf"(?:\b(?P<which>last|this|next)\s+|(?<=\bin\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)"
                rf"|(?<=\bfrom\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-)|(?<=\bmid\s)|(?<=\bduring\s)|^)"
                rf"(?P<mon>{_MONTH})(?!\s*\d)", _I), _bare_en_month),
    (re.compile(rf"\b(?P<mon>{_MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)", _I), _bare_en_month_day),
    # relative, Chinese
    (re.compile(rf"(?P<w>今年|本年|去年|上年|前年|明年|来年|后年)(?:\s*的?\s*(?P<m>{_NUM})\s*月份?"
                rf"(?:\s*(?P<d>{_NUM})\s*[日号])?)?"), _cn_rel_year),
    (re.compile(r"上一?个?月|本月|这个月|下一?个?月"), _cn_rel_month),
    (re.compile(rf"(?<!\d)(?P<n>{_NUM}|半)\s*年\s*(?:之|以)?前"), _cn_years_ago),
    (re.compile(rf"(?P<n>{_NUM}|半)\s*个多?\s*月\s*(?:之|以)?前"), _cn_months_ago),
    (re.compile(rf"(?P<n>{_NUM}|几|数)\s*个?\s*(?:周|星期|礼拜)\s*(?P<dir>(?:之|以)?前|(?:之|以)?后|内)"), _cn_weeks),
    (re.compile(r"未来(?P<n>几|数)\s*(?:个)?\s*(?:周|星期)(?P<dir>)"), _cn_weeks),
    (re.compile(rf"(?P<n>{_NUM}|几|数)\s*天\s*(?:之|以)?前"), _cn_days_ago),
    (re.compile(r"前天|昨天|昨日|今天|今日(?!头条)|明天|明日"), _cn_day_word),
    (re.compile(r"最近几个月|近几个月|最近数月|近数月|近几月|近期|最近|近日|日前|不久前|前不久|近来"), _recent),
    (re.compile(r"(?:上|本|这|下)个?(?:周|星期|礼拜)(?!期)[一二三四五六日天]?|(?:周|星期|礼拜)[一二三四五六日天]"),
     _cn_week_word),
    # relative, English
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+year\b", _I), _en_rel_year),
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+month\b", _I), _en_rel_month),
    (re.compile(rf"\b(?P<n>{_EN_NUM})\s+(?P<unit>years?|decades?|months?|weeks?|days?)\s+ago\b", _I), _en_ago),
    (re.compile(r"\b(?:in\s+(?:the\s+)?(?:coming|next\s+few|next\s+couple\s+of|a\s+few)\s+weeks|(?:a\s+)?few\s+weeks"
                r"\s+from\s+now|(?:a\s+)?few\s+weeks\s+ago)\b", _I), _en_few_weeks),
    (re.compile(rf"\bin\s+(?P<n>{_EN_NUM})\s+weeks?\b", _I), _en_in_weeks),
    (re.compile(r"\b(?:(?:in|over|during)\s+(?:the\s+)?(?:recent|past\s+few|last\s+few)\s+months|recent\s+months"
                r"|recently|lately)\b", _I), _recent),
    (re.compile(r"\b(?:yesterday|today|tomorrow)\b", _I), _en_day_word),
    (re.compile(r"\b(?P<which>last|this|next)\s+week\b", _I), _en_week),
    (re.compile(rf"\b(?:(?P<which>last|this|next)\s+|on\s+)?{_WEEKDAYS}\b", _I), _en_week),
)


# ---------------------------------------------------------------- scanning


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _normalize(text: str) -> str:
    """NFKC (full-width digits) and simplified characters (兩個月前 → 两个月前), so one set of patterns serves all."""
    text = unicodedata.normalize("NFKC", text)
    return _t2s().convert(text) if re.search(r"[\u4e00-\u9fff]", text) else text


def _scan(text: str, pub: _Pub | None) -> list[_Hit]:
    """Every date expression, earliest first; where two overlap, the one starting first (then the longer) wins."""
    hits = [h for pattern, handler in _PATTERNS for m in pattern.finditer(text) if (h := handler(m, pub))]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    for h in hits:
        if not chosen or h.start >= chosen[-1].end:
            chosen.append(h)
    return chosen


def find_dates(text: str, published: str | None = None) -> list[tuple[int, int]]:
    """Spans of every date expression in ``text`` (offsets into ``text``), for finding dates inside a sentence."""
    normalized = _normalize(text)
    if len(normalized) != len(text):  # NFKC changed lengths: spans would not map back (rare; dates are skipped)
        return []
    return [(h.start, h.end) for h in _scan(normalized, _parse_published(published))]


def _finish(hit: _Hit, text: str, pub: _Pub | None, year: int | None = None) -> ResolvedDate | None:
    """A hit → ResolvedDate; a bare month takes ``year`` (a range partner's) or, estimated, the publication year."""
    estimated, relative = hit.estimated, hit.relative
    if hit.year is None:
        if year is None:
            if pub is None:
                return None
            year, estimated, relative = pub.year, True, True
        hit = replace(hit, year=year)
    if not _valid(hit.year, hit.month, hit.day):
        return None
    if hit.day is not None:
        value, precision = f"{hit.year:04d}-{hit.month:02d}-{hit.day:02d}", "day"
    elif hit.month is not None:
        value, precision = f"{hit.year:04d}-{hit.month:02d}", "month"
    else:
        value, precision = f"{hit.year:04d}", "year"
    return ResolvedDate(value, precision, estimated, relative, text[hit.start : hit.end].strip())


def resolve_date(text: str | None, published: str | None) -> ResolvedDate | None:
    """The first date expression in ``text`` (the start, for a range); relative ones need ``published``."""
    if not text or not text.strip():
        return None
    norm, pub = _normalize(text), _parse_published(published)
    hits = _scan(norm, pub)
    if not hits:
        return None
    first = hits[0]
    partner = hits[1] if len(hits) > 1 and first.year is None and _RANGE_SEP.fullmatch(
        norm[first.end : hits[1].start]) else None
    return _finish(first, norm, pub, partner.year if partner else None)


# ---------------------------------------------------------------- ranges

_RANGE_SEP = re.compile(r"\s*(?:[-–—―−~～〜]+|至|到|to|until|till|through|thru)\s*", _I)
_AND_SEP = re.compile(r"\s*(?:and|和|与)\s*", _I)
_ONGOING = re.compile(
    r"\s*(?:起|开始)?\s*(?:(?:[-–—―−~～〜]+|至|到|to|until|till|through)\s*)?(?:至今|迄今|如今|现在|目前|今|present|now"
    r"|today|current(?:ly)?|date)\b|\s*[-–—―−~～〜]+\s*$|\s*(?:起|开始)?\s*(?:以来|至今|迄今)", _I)
_SINCE = re.compile(r"(?:since|自从|自|从)\s*$", _I)
_UNTIL = re.compile(r"(?:until|till|up\s+to|直到|到)\s*$", _I)
_SHORT_END = re.compile(r"(\d{2})(?!\d)")


def parse_range(text: str | None, published: str | None) -> DateRange | None:
    """A span with its start, end and whether it is still going on; None when ``text`` holds no date at all."""
    if not text or not text.strip():
        return None
    norm, pub = _normalize(text), _parse_published(published)
    hits = _scan(norm, pub)
    before = norm[: hits[0].start] if hits else norm
    if not hits:
        ongoing = bool(re.search(r"至今|迄今|\b(?:present|now|current)\b", norm, _I))
        return DateRange(None, None, True, norm.strip()) if ongoing else None
    first, rest = hits[0], norm[hits[0].end :]
    if _ONGOING.match(rest):
        return DateRange(_finish(first, norm, pub), None, True, norm.strip())
    second = hits[1] if len(hits) > 1 else None
    gap = norm[first.end : second.start] if second else ""
    is_range = second is not None and (
        _RANGE_SEP.fullmatch(gap) is not None or (_AND_SEP.fullmatch(gap) is not None and before.rstrip().lower()
                                                  .endswith(("between", "在")))
    )
    if is_range and second is not None:
        start = _finish(first, norm, pub, second.year)
        end = _finish(second, norm, pub, first.year)
        return DateRange(start, end, False, norm[first.start : second.end].strip())
    short = _short_end(first, rest)
    if short is not None:
        year, raw_end = short
        end = ResolvedDate(f"{year:04d}", "year", False, False, raw_end)
        return DateRange(_finish(first, norm, pub), end, False, norm[first.start :].strip())
    start = _finish(first, norm, pub)
    if _UNTIL.search(before) and not _SINCE.search(before):
        return DateRange(None, start, False, norm.strip())
    ongoing = _SINCE.search(before) is not None and not rest.lstrip().startswith(("起", "开始"))
    return DateRange(start, None, ongoing, norm.strip())


def _short_end(first: _Hit, rest: str) -> tuple[int, str] | None:
    """``2011–16``: a two-digit end year after a year-precision start → ``(2016, "16")``."""
    if first.year is None or first.month is not None:
        return None
    sep = re.match(r"\s*[-–—―−~～〜/]\s*", rest)
    if not sep:
        return None
    match = _SHORT_END.match(rest, sep.end())
    if not match:
        return None
    year = first.year // 100 * 100 + int(match.group(1))
    return (year, match.group(1)) if first.year < year <= _MAX_YEAR else None


def resolve_range(text: str | None, published: str | None) -> tuple[ResolvedDate | None, ResolvedDate | None]:
    """``(start, end)`` of a span; ``end`` is None when open or ongoing (see :func:`parse_range` for ``ongoing``)."""
    span = parse_range(text, published)
    return (span.start, span.end) if span else (None, None)
