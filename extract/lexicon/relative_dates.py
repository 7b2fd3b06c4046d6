"""Relative date expressions (去年, 三个月前, last month, 3 days ago) resolved against the publication date.

Each pattern here counts from the publication date by an exact or a fuzzy amount; :mod:`extract.lexicon.dates`
scans them after its absolute patterns. Exact arithmetic is not estimated (``去年`` → year − 1); a fuzzy span
(``八年前``, ``a few weeks ago``, a weekday) is, and a week or weekday keeps only its month.
"""

from __future__ import annotations

import datetime as dt
import re

from extract.lexicon.date_parts import (
    EN_NUM,
    NUM,
    WEEKDAYS,
    Handler,
    Hit,
    Precision,
    Publication,
    add_months,
    cn_int,
    en_int,
    hit,
)

__all__ = ["RELATIVE_PATTERNS"]

_FEW_WEEKS = 21  # "a few weeks" ≈ three weeks; only ever used at month precision, marked estimated


# ---------------------------------------------------------------- counting from the publication date


def _from_day(m: re.Match[str], pub: Publication | None, days: int, precision: Precision,
              estimated: bool) -> Hit | None:
    """A date ``days`` from the publication day, kept at ``precision``."""
    if pub is None or pub.date is None:
        return None
    when = pub.date + dt.timedelta(days=days)
    return hit(m, when.year, when.month, when.day if precision == "day" else None, estimated=estimated,
               relative=True)


def _from_month(m: re.Match[str], pub: Publication | None, months: int, estimated: bool) -> Hit | None:
    """The month ``months`` from the publication month (None when the publication date has no month)."""
    if pub is None or pub.month is None:
        return None
    year, month = add_months(pub.year, pub.month, months)
    return hit(m, year, month, estimated=estimated, relative=True)


def _from_year(m: re.Match[str], pub: Publication | None, years: int, estimated: bool) -> Hit | None:
    return None if pub is None else hit(m, pub.year + years, estimated=estimated, relative=True)


def _weeks(m: re.Match[str], pub: Publication | None, n: int | None, sign: int) -> Hit | None:
    days = _FEW_WEEKS if n is None else 7 * n
    return _from_day(m, pub, sign * days, "month", estimated=True)


def _recent(m: re.Match[str], pub: Publication | None) -> Hit | None:
    return _from_month(m, pub, 0, estimated=True)


# ---------------------------------------------------------------- Chinese

_CN_YEAR_WORDS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "来年": 1, "后年": 2}


def _cn_rel_year(m: re.Match[str], pub: Publication | None) -> Hit | None:
    if pub is None:
        return None
    year = pub.year + _CN_YEAR_WORDS[m["w"]]
    month = cn_int(m["m"]) if m["m"] else None
    day = cn_int(m["d"]) if m["d"] else None
    return hit(m, year, month, day, relative=True)


def _cn_rel_month(m: re.Match[str], pub: Publication | None) -> Hit | None:
    word = m[0]
    delta = -1 if word.startswith("上") else 1 if word.startswith("下") else 0
    return _from_month(m, pub, delta, estimated=False)


def _cn_years_ago(m: re.Match[str], pub: Publication | None) -> Hit | None:
    if m["n"] == "半":
        return _from_month(m, pub, -6, estimated=True)
    n = cn_int(m["n"])
    return None if n is None else _from_year(m, pub, -n, estimated=True)


def _cn_months_ago(m: re.Match[str], pub: Publication | None) -> Hit | None:
    if m["n"] == "半":
        return _from_day(m, pub, -15, "month", estimated=True)
    n = cn_int(m["n"])
    return None if n is None else _from_month(m, pub, -n, estimated=True)


def _cn_weeks(m: re.Match[str], pub: Publication | None) -> Hit | None:
    n = None if m["n"] in ("几", "数") else cn_int(m["n"])
    return _weeks(m, pub, n, -1 if "前" in m["dir"] else 1)


def _cn_days_ago(m: re.Match[str], pub: Publication | None) -> Hit | None:
    if m["n"] in ("几", "数"):
        return _from_day(m, pub, -3, "month", estimated=True)
    n = cn_int(m["n"])
    return None if n is None else _from_day(m, pub, -n, "day", estimated=False)


_CN_DAY_WORDS = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1}


def _cn_day_word(m: re.Match[str], pub: Publication | None) -> Hit | None:
    return _from_day(m, pub, _CN_DAY_WORDS[m[0]], "day", estimated=False)


def _cn_week_word(m: re.Match[str], pub: Publication | None) -> Hit | None:
    sign = -1 if m[0].startswith("上") else 1 if m[0].startswith("下") else 0
    return _from_day(m, pub, 7 * sign, "month", estimated=True)


# ---------------------------------------------------------------- English


def _en_rel_year(m: re.Match[str], pub: Publication | None) -> Hit | None:
    offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    return _from_year(m, pub, offset, estimated=False)


def _en_rel_month(m: re.Match[str], pub: Publication | None) -> Hit | None:
    offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    return _from_month(m, pub, offset, estimated=False)


def _en_ago(m: re.Match[str], pub: Publication | None) -> Hit | None:
    n, unit = en_int(m["n"]), m["unit"].lower()
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


def _en_few_weeks(m: re.Match[str], pub: Publication | None) -> Hit | None:
    return _weeks(m, pub, None, -1 if m[0].lower().endswith("ago") else 1)


def _en_in_weeks(m: re.Match[str], pub: Publication | None) -> Hit | None:
    return _weeks(m, pub, en_int(m["n"]), 1)


_EN_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}


def _en_day_word(m: re.Match[str], pub: Publication | None) -> Hit | None:
    return _from_day(m, pub, _EN_DAY_WORDS[m[0].lower()], "day", estimated=False)


def _en_week(m: re.Match[str], pub: Publication | None) -> Hit | None:
    which = (m["which"] or "").lower()
    return _from_day(m, pub, {"last": -7, "next": 7}.get(which, 0), "month", estimated=True)


# ---------------------------------------------------------------- the pattern table (scanned after the absolute one)

_I = re.IGNORECASE
RELATIVE_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    # Chinese
    (re.compile(rf"(?P<w>今年|本年|去年|上年|前年|明年|来年|后年)(?:\s*的?\s*(?P<m>{NUM})\s*月份?"
                rf"(?:\s*(?P<d>{NUM})\s*[日号])?)?"), _cn_rel_year),
    (re.compile(r"上一?个?月|本月|这个月|下一?个?月"), _cn_rel_month),
    (re.compile(rf"(?<!\d)(?P<n>{NUM}|半)\s*年\s*(?:之|以)?前"), _cn_years_ago),
    (re.compile(rf"(?P<n>{NUM}|半)\s*个多?\s*月\s*(?:之|以)?前"), _cn_months_ago),
    (re.compile(rf"(?P<n>{NUM}|几|数)\s*个?\s*(?:周|星期|礼拜)\s*(?P<dir>(?:之|以)?前|(?:之|以)?后|内)"), _cn_weeks),
    (re.compile(r"未来(?P<n>几|数)\s*(?:个)?\s*(?:周|星期)(?P<dir>)"), _cn_weeks),
    (re.compile(rf"(?P<n>{NUM}|几|数)\s*天\s*(?:之|以)?前"), _cn_days_ago),
    (re.compile(r"前天|昨天|昨日|今天|今日(?!头条)|明天|明日"), _cn_day_word),
    (re.compile(r"最近几个月|近几个月|最近数月|近数月|近几月|近期|最近|近日|日前|不久前|前不久|近来"), _recent),
    (re.compile(r"(?:上|本|这|下)个?(?:周|星期|礼拜)(?!期)[一二三四五六日天]?|(?:周|星期|礼拜)[一二三四五六日天]"),
     _cn_week_word),
    # English
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+year\b", _I), _en_rel_year),
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+month\b", _I), _en_rel_month),
    (re.compile(rf"\b(?P<n>{EN_NUM})\s+(?P<unit>years?|decades?|months?|weeks?|days?)\s+ago\b", _I), _en_ago),
    (re.compile(r"\b(?:in\s+(?:the\s+)?(?:coming|next\s+few|next\s+couple\s+of|a\s+few)\s+weeks|(?:a\s+)?few\s+weeks"
                r"\s+from\s+now|(?:a\s+)?few\s+weeks\s+ago)\b", _I), _en_few_weeks),
    (re.compile(rf"\bin\s+(?P<n>{EN_NUM})\s+weeks?\b", _I), _en_in_weeks),
    (re.compile(r"\b(?:(?:in|over|during)\s+(?:the\s+)?(?:recent|past\s+few|last\s+few)\s+months|recent\s+months"
                r"|recently|lately)\b", _I), _recent),
    (re.compile(r"\b(?:yesterday|today|tomorrow)\b", _I), _en_day_word),
    (re.compile(r"\b(?P<which>last|this|next)\s+week\b", _I), _en_week),
    (re.compile(rf"\b(?:(?P<which>last|this|next)\s+|on\s+)?{WEEKDAYS}\b", _I), _en_week),
)
