"""Where a plain text states its own date: the dateline a page keeps when it is copied as text.

Pages saved as text rarely say ``Published: …`` on a line of its own. Their date sits in the page furniture that
survives the copy, in a few general shapes:

- a line that is only a date, in numbers or with an English month name, maybe with a weekday, a time, a zone or a
  word or two of furniture: ``2018.07.26 | 人物``, ``Thursday, 23 March 2017``, ``May 10, 2018 GMT``,
  ``AI 2 min read , January 15, 2026``;
- a page timestamp (a date with a clock time) beside a byline, a source or a view count: ``2023-08-08 15:44:11
  出处:… 作者:…``, ``作者:NAME  2025-04-13 14:01:27``, ``posted on 2023-06-09 23:45 NAME``. A date with a clock time
  is the page's, not the story's: narrative dates carry no minutes;
- a wire or press-release dateline opening the first paragraph: ``SEATTLE, June 20, 2023 (GLOBE NEWSWIRE) --``,
  ``NEW YORK, Jan. 5, 2024 /PRNewswire/ --``;
- a publication label inside a line of several labels (``作者:… 来源:… 发布时间:2023/8/3 20:29:00``), or in
  traditional characters (``發佈時間：12:10 2026-01-31 HKT``): :mod:`extract.ingest.metadata` looks labels up after
  :func:`simplified_label`.

Why by hand: dateparser finds dates inside any sentence (it would date a profile by the year someone joined a
company) and reads ``2021年3月15日09时`` wrongly; what is needed here is the *shape of the line*, which no parser
judges.
The month names are English only: Chinese pages write dates in numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

from extract.lexicon.script import to_simplified

__all__ = ["dateline", "iso_date", "simplified_label"]

_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*[日号號]?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WORDS = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d{{2}}))(?!\d)",
    re.IGNORECASE,
)
# A clock time right after the date ("2023-08-08 15:44:11", "09 Jul 2025, 06:34 PM", "2021年3月15日09时"), or right
# before it ("12:10 2026-01-31").
_TIME_AFTER = re.compile(r"\s*,?\s*(?:at\s+)?[Tt]?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|[时時点點])", re.IGNORECASE)
_TIME_BEFORE = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?\s*$")
# A city in capitals (maybe with a region), a comma, the date, then the agency or the dash that opens the story.
_PRESS = re.compile(r"^[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s+"
                    r"(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+(?:19|20)\d{2})\s*(?:\(|/|--|—|–)")
_MAX_LINE = 160  # a dateline is short; a paragraph that happens to hold a date is not one
_MAX_REST = 12  # word characters besides the date on a date-only line: a weekday, "GMT", "2 min read"
_MAX_REST_HAN = 4  # of which Han characters (a name or a section: "文 / NAME", "| 人物"); more is a clause
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE_MARKS = tuple("，。；！？;!?")


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` of a real day between 1900 and 2100, else None."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _found(text: str) -> tuple[str, re.Match[str]] | None:
    """The first full date of ``text``, numeric or with an English month name, as ISO, with its match."""
    numeric, words = _NUMERIC.search(text), _WORDS.search(text)
    match = min((m for m in (numeric, words) if m), key=lambda m: m.start(), default=None)
    if match is None:
        return None
    if match is numeric:
        iso = iso_date(int(match["y"]), int(match["m"]), int(match["d"]))
    else:
        month = (match["m1"] or match["m2"])[:3].lower()
        iso = iso_date(int(match["y1"] or match["y2"]), _MONTHS.index(month) + 1, int(match["d1"] or match["d2"]))
    return (iso, match) if iso else None


def dateline(line: str) -> str | None:
    """The ISO date a line gives as the page's own date: a date-only line or a page timestamp (module docstring)."""
    text = unicodedata.normalize("NFKC", line).strip()
    if (press := _PRESS.match(text)) and (found := _found(press["date"])):
        return found[0]
    if len(text) > _MAX_LINE:
        return None
    found = _found(text)
    if found is None:
        return None
    iso, match = found
    if _TIME_AFTER.match(text, match.end()) or _TIME_BEFORE.search(text, 0, match.start()):
        return iso
    rest = text[: match.start()] + text[match.end() :]
    if any(mark in rest for mark in _CLAUSE_MARKS):
        return None  # "2023年1月1日，我加入了谷歌。" is a sentence that starts with a date
    words = re.sub(r"[\W_]+", "", rest)
    return iso if len(words) <= _MAX_REST and len(_HAN.findall(words)) <= _MAX_REST_HAN else None


@cache
def simplified_label(key: str) -> str:
    """A label in simplified characters and lower case, so 發佈時間 is looked up as 发布时间."""
    return key.lower() if key.isascii() else to_simplified(key).lower()
