"""Dates: honest precision, relative expressions resolved against the publication date, never a guess."""

from __future__ import annotations

import re

import pytest

from extract.lexicon.date_parts import Publication, add_months, cn_int, parse_published
from extract.lexicon.dates import DateRange, ResolvedDate, framed_as_start, parse_range, resolve_date, resolve_range

PUB = "2024-12-04"


def value(text: str, published: str | None = PUB) -> tuple[str, str, bool, bool] | None:
    date = resolve_date(text, published)
    return None if date is None else (date.value, date.precision, date.estimated, date.relative)


# ---------------------------------------------------------------- absolute

@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2019", "2019", "year"),
        ("2019年", "2019", "year"),
        ("2014年毕业", "2014", "year"),
        ("二〇一九年", "2019", "year"),
        ("2021 年 3 月", "2021-03", "month"),
        ("2021年三月", "2021-03", "month"),
        ("2021年十二月", "2021-12", "month"),
        ("2021年3月14日", "2021-03-14", "day"),
        ("2021 年 3 月 14 号", "2021-03-14", "day"),
        ("2022-06", "2022-06", "month"),
        ("2022/6", "2022-06", "month"),
        ("2022.06", "2022-06", "month"),
        ("06/2022", "2022-06", "month"),
        ("2022-03-14", "2022-03-14", "day"),
        ("2022/3/14", "2022-03-14", "day"),
        ("June 2021", "2021-06", "month"),
        ("Jun. 2021", "2021-06", "month"),
        ("Sept 2019", "2019-09", "month"),
        ("March 14, 2022", "2022-03-14", "day"),
        ("14 March 2022", "2022-03-14", "day"),
        ("Fri, 01 Apr 2022", "2022-04-01", "day"),
        ("2017-present", "2017", "year"),
        ("early 2021", "2021", "year"),
        ("2021年底", "2021", "year"),
        ("in 2018 he joined", "2018", "year"),
        ("２０２０年", "2020", "year"),  # full-width digits
    ],
)
def test_absolute(text: str, iso: str, precision: str) -> None:
    assert value(text) == (iso, precision, False, False)
    assert value(text, None) == (iso, precision, False, False)  # absolute dates need no publication date


def test_leap_days_and_impossible_days() -> None:
    assert value("2024-02-29") == ("2024-02-29", "day", False, False)
    assert value("2023-02-29") == ("2023-02", "month", False, False)  # the impossible day is dropped, not repaired
    assert value("14/03/2022") == ("2022", "year", False, False)  # day-first or month-first: only the year is sure


@pytest.mark.parametrize(
    "text",
    ["garbage", "", "   ", "the 2010s", "1990年代", "2000多万用户", "几年前", "a few months ago", "several years ago",
     "两年后", "three years later", "年底", "当年", "次年", "they may join", "今日头条", "x" * 50],
)
def test_unparseable_is_none(text: str) -> None:
    assert resolve_date(text, PUB) is None


def test_none_text() -> None:
    assert resolve_date(None, PUB) is None


# ---------------------------------------------------------------- relative, Chinese

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("去年", ("2023", "year", False, True)),
        ("今年", ("2024", "year", False, True)),
        ("前年", ("2022", "year", False, True)),
        ("明年", ("2025", "year", False, True)),
        ("今年 6 月", ("2024-06", "month", False, True)),
        ("今年6月", ("2024-06", "month", False, True)),
        ("今年六月份", ("2024-06", "month", False, True)),
        ("去年 12 月", ("2023-12", "month", False, True)),
        ("去年十二月", ("2023-12", "month", False, True)),
        ("去年12月14日", ("2023-12-14", "day", False, True)),
        ("上个月", ("2024-11", "month", False, True)),
        ("上月", ("2024-11", "month", False, True)),
        ("本月", ("2024-12", "month", False, True)),
        ("下个月", ("2025-01", "month", False, True)),
        ("最近几个月", ("2024-12", "month", True, True)),
        ("近日", ("2024-12", "month", True, True)),
        ("几周后", ("2024-12", "month", True, True)),
        ("八年前", ("2016", "year", True, True)),
        ("8年前", ("2016", "year", True, True)),
        ("两年前", ("2022", "year", True, True)),
        ("十年前", ("2014", "year", True, True)),
        ("二十年前", ("2004", "year", True, True)),
        ("三个月前", ("2024-09", "month", True, True)),
        ("两个多月前", ("2024-10", "month", True, True)),
        ("半年前", ("2024-06", "month", True, True)),
        ("3天前", ("2024-12-01", "day", False, True)),
        ("昨天", ("2024-12-03", "day", False, True)),
        ("前天", ("2024-12-02", "day", False, True)),
        ("上周", ("2024-11", "month", True, True)),
        ("周一", ("2024-12", "month", True, True)),
        ("星期五", ("2024-12", "month", True, True)),
        ("Larochelle在八年前加入谷歌", ("2016", "year", True, True)),
    ],
)
def test_relative_chinese(text: str, expected: tuple) -> None:
    assert value(text) == expected


def test_traditional_chinese_relative() -> None:
    assert value("兩個月前") == ("2024-10", "month", True, True)
    assert value("幾週後") == ("2024-12", "month", True, True)


# ---------------------------------------------------------------- relative, English

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last year", ("2023", "year", False, True)),
        ("this year", ("2024", "year", False, True)),
        ("earlier this year", ("2024", "year", False, True)),  # the year is certain even if the month is not
        ("next year", ("2025", "year", False, True)),
        ("last month", ("2024-11", "month", False, True)),
        ("this month", ("2024-12", "month", False, True)),
        ("8 years ago", ("2016", "year", True, True)),
        ("eight years ago", ("2016", "year", True, True)),
        ("a year ago", ("2023", "year", True, True)),
        ("a decade ago", ("2014", "year", True, True)),
        ("3 months ago", ("2024-09", "month", True, True)),
        ("two weeks ago", ("2024-11", "month", True, True)),
        ("5 days ago", ("2024-11-29", "day", False, True)),
        ("yesterday", ("2024-12-03", "day", False, True)),
        ("in recent months", ("2024-12", "month", True, True)),
        ("over the past few months", ("2024-12", "month", True, True)),
        ("in a few weeks", ("2024-12", "month", True, True)),
        ("in the coming weeks", ("2024-12", "month", True, True)),
        ("last week", ("2024-11", "month", True, True)),
        ("on Monday", ("2024-12", "month", True, True)),
        ("June last year", ("2023-06", "month", False, True)),
        ("in June", ("2024-06", "month", True, True)),  # a bare month takes the publication year, estimated
        ("last June", ("2024-06", "month", True, True)),
    ],
)
def test_relative_english(text: str, expected: tuple) -> None:
    assert value(text) == expected


def test_month_and_year_boundaries() -> None:
    assert value("上个月", "2024-01-15") == ("2023-12", "month", False, True)
    assert value("last month", "2024-03-31") == ("2024-02", "month", False, True)
    assert value("下个月", "2024-12-31") == ("2025-01", "month", False, True)
    assert value("昨天", "2024-03-01") == ("2024-02-29", "day", False, True)
    assert value("yesterday", "2023-01-01") == ("2022-12-31", "day", False, True)
    assert value("三个月前", "2024-02-10") == ("2023-11", "month", True, True)
    assert value("last June", "2024-03-01") == ("2023-06", "month", True, True)
    assert value("in a few weeks", "2024-12-20") == ("2025-01", "month", True, True)


def test_bare_month_day_keeps_the_stated_day() -> None:
    assert value("北京时间 4 月 1 日消息", "2022-04-01") == ("2022-04-01", "day", True, True)
    assert value("March 14", "2022-06-01") == ("2022-03-14", "day", True, True)


def test_a_bare_month_is_its_latest_occurrence_up_to_the_publication_date() -> None:
    assert value("已于 9 月初离职", "2023-01-25") == ("2022-09", "month", True, True)
    assert value("1 月", "2023-01-25") == ("2023-01", "month", True, True)
    assert value("1 月 30 日", "2023-01-25") == ("2022-01-30", "day", True, True)
    assert value("in June", "2024-06-30") == ("2024-06", "month", True, True)
    assert value("in July", "2024-06-30") == ("2023-07", "month", True, True)
    assert value("9 月", "2023") == ("2023-09", "month", True, True), "a publication year alone says nothing later"


def test_relative_without_publication_date_is_none() -> None:
    for text in ("去年", "今年 6 月", "上个月", "八年前", "last month", "earlier this year", "昨天", "6月", "in June"):
        assert resolve_date(text, None) is None, text
        assert resolve_date(text, "not a date") is None, text


def test_publication_date_forms() -> None:
    assert value("去年", "2024-12-04T18:54:00Z") == ("2023", "year", False, True)
    assert value("去年", "2024") == ("2023", "year", False, True)
    assert resolve_date("上个月", "2024") is None  # the publication month is unknown
    assert resolve_date("昨天", "2024-12") is None


def test_raw_is_the_matched_expression() -> None:
    date = resolve_date("Larochelle在八年前加入谷歌", PUB)
    assert date == ResolvedDate("2016", "year", True, True, "八年前")


# ---------------------------------------------------------------- ranges

def span(text: str, published: str | None = PUB) -> tuple[str | None, str | None, bool] | None:
    result = parse_range(text, published)
    if result is None:
        return None
    return (result.start.value if result.start else None, result.end.value if result.end else None, result.ongoing)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-2016", ("2011", "2016", False)),
        ("2009—2011", ("2009", "2011", False)),
        ("2011–16", ("2011", "2016", False)),
        ("2011 to 2016", ("2011", "2016", False)),
        ("between 2011 and 2016", ("2011", "2016", False)),
        ("2011年至2016年", ("2011", "2016", False)),
        ("从2017年到2019年", ("2017", "2019", False)),
        ("2015.09-2019.06", ("2015-09", "2019-06", False)),
        ("Sep 2015 – Jun 2019", ("2015-09", "2019-06", False)),
        ("2021年3月-6月", ("2021-03", "2021-06", False)),
        ("March–June 2021", ("2021-03", "2021-06", False)),
        ("2017-present", ("2017", None, True)),
        ("2017 – Present", ("2017", None, True)),
        ("2017 年至今", ("2017", None, True)),
        ("2017年起至今", ("2017", None, True)),
        ("2017年以来", ("2017", None, True)),
        ("since 2017", ("2017", None, True)),
        ("2017 - today", ("2017", None, True)),
        ("2017–", ("2017", None, True)),
        ("去年至今", ("2023", None, True)),
        ("从2017年起", ("2017", None, False)),
        ("until 2019", (None, "2019", False)),
        ("2019", ("2019", None, False)),
        ("2011 and 2016", ("2011", None, False)),  # a list, not a range
        ("至今", (None, None, True)),
    ],
)
def test_ranges(text: str, expected: tuple) -> None:
    assert span(text) == expected


def test_range_borrowed_year_is_not_estimated() -> None:
    start, end = resolve_range("2021年3月-6月", None)
    assert start == ResolvedDate("2021-03", "month", False, False, "2021年3月")
    assert end == ResolvedDate("2021-06", "month", False, False, "6月")


def test_resolve_range_is_a_pair() -> None:
    assert resolve_range("2017-present", PUB) == (ResolvedDate("2017", "year", False, False, "2017"), None)
    assert resolve_range("garbage", PUB) == (None, None)
    assert resolve_range(None, PUB) == (None, None)
    assert parse_range("garbage", PUB) is None
    assert isinstance(parse_range("2011-2016", PUB), DateRange)


def test_known_is_not_now() -> None:
    assert parse_range("unknown", PUB) is None


# ---------------------------------------------------------------- the shared parts


@pytest.mark.parametrize(("text", "number"), [("12", 12), ("十二", 12), ("二十三", 23), ("两", 2), ("二〇一九", 2019),
                                              ("十", 10), ("几", None)])
def test_chinese_numbers(text: str, number: int | None) -> None:
    assert cn_int(text) == number


def test_publication_dates_keep_only_real_parts() -> None:
    assert parse_published("2024-12-04T18:54:00Z") == Publication(2024, 12, 4)
    assert parse_published("2024-12") == Publication(2024, 12)
    assert parse_published("2024-02-30") is None and parse_published("unknown") is None
    assert add_months(2024, 11, 3) == (2025, 2) and add_months(2024, 1, -1) == (2023, 12)


@pytest.mark.parametrize(("text", "framed"), [
    ("since 2021", True), ("自 2019 年起", True), ("2019 年以来", True), ("从 2019 年开始在北辰科技工作", True),
    ("2019 年起担任 CTO", True), ("2021 年从北辰科技离职", False), ("in 2021", False), ("2019 年加入", False),
])
def test_a_date_framed_as_the_start_of_a_state(text: str, framed: bool) -> None:
    found = re.search(r"\d{4}(?:\s*年)?", text)
    assert framed_as_start(text, found.start(), found.end()) is framed
