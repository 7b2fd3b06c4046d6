"""The dates of one fact, as consolidation reads them: the raw text the mention holds, resolved against its
document's publication date (or, for a document that states none, the latest year its text writes out), never after
that date, and the document's month for a move reported as news with no date of its own.

Kept apart from :mod:`extract.consolidate.records` (which merges facts): this is the policy of which date a raw
string means, which both the records and ``bench/dates.py`` use."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from extract.consolidate.timeline import NEWS_DATE_RAW
from extract.lexicon.cues import default_cues
from extract.lexicon.date_parts import parse_published
from extract.lexicon.dates import ResolvedDate, find_dates, resolve_date, resolve_range, yearless

__all__ = ["fact_dates", "news_date", "not_after"]


@lru_cache(maxsize=1 << 16)
def fact_dates(start: str | None, end: str | None, published: str | None,
           guess: str | None = None) -> tuple[ResolvedDate | None, ...]:
    """Resolve start/end; a range written in one field ("2011-2016", "2017 年至今") fills both. Cached: date
    parsing is the slowest part of building records, and the same few hundred strings recur. With no publication
    date, a month or a day with no year of its own ("9 月 22 日") is read in ``guess`` (the latest year the document
    writes out), estimated; a relative one ("去年", "last year") is not read at all: the latest year written is only a
    lower bound of the year of writing, and a year before it can fall before the facts it dates."""
    if published is None and guess is not None:
        read = _resolved(*(v if v is None or yearless(v) or not _relative(v) else None for v in (start, end)), guess)
        return tuple(replace(d, estimated=True) if d is not None and d.relative else d for d in read)
    # "那一年的 6 月" is in the story's year, which a publication date is not
    return _resolved(*(None if v and default_cues().regex("that_year").match(v) else v for v in (start, end)),
                     published)


def _relative(raw: str) -> bool:
    """Does ``raw`` need a date of writing to mean a year ("去年", "last month", "3 years ago")?"""
    read = resolve_date(raw, "2000-06-15")
    return read is not None and read.relative


def _resolved(start: str | None, end: str | None, published: str | None) -> tuple[ResolvedDate | None, ...]:
    if start and not end:
        range_start, range_end = resolve_range(start, published)
        if range_start is not None and (range_end is not None or range_start.raw != start):
            return not_after(range_start, published), not_after(range_end, published)
    return not_after(resolve_date(start, published), published), not_after(resolve_date(end, published), published)


def news_date(quote: str, published: str | None) -> ResolvedDate | None:
    """When a move was made, for a sentence that reports it with no date at all ("Acme has hired Jane Roe", "张三已
    加盟 Acme"): the document's month, estimated. News reports a move when it happens, so the publication month
    is the best reading there is, and the record says it is an estimate (``*_estimated``, raw "published …").
    Not where the sentence places it before the time of writing ("曾", "此前", "previously") or after a
    graduation ("毕业后加入 Acme", "joined Acme after graduating"): that is a biography, not the news."""
    pub = parse_published(published)
    if pub is None or pub.month is None or find_dates(quote, published):
        return None
    if default_cues().matches(quote, "past", "sequence.earlier", "graduate"):
        return None  # placed before the time of writing, or a biography's step ("一毕业就加入", "after graduating")
    return ResolvedDate(value=f"{pub.year:04d}-{pub.month:02d}", precision="month", estimated=True, relative=True,
                        raw=f"{NEWS_DATE_RAW}{published}")


def not_after(date: ResolvedDate | None, published: str | None) -> ResolvedDate | None:
    """``date`` unless it falls after the document's own date: an article cannot report what has not happened yet,
    so such a date is a misreading (a model's guess, a year misread), never a fact (issue 20). Compared at the
    coarser of the two precisions. A move announced for later ("将于 2026 年加入") loses its date too: the record
    keeps what was true when the article was written."""
    day = (published or "")[:10]
    if date is None or not day:
        return date
    length = min(len(date.value), len(day))
    return None if date.value[:length] > day[:length] else date
