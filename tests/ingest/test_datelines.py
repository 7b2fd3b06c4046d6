"""A plain text's own date read from its dateline (extract.ingest.datelines), and how from_lines uses it."""

from __future__ import annotations

import pytest

from extract.ingest.datelines import dateline, simplified_label
from extract.ingest.metadata import from_lines


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2021.03.15 | 科技", "2021-03-15"),  # a date and a section name
        ("Monday, 4 May 2020", "2020-05-04"),
        ("June 3, 2019 GMT", "2019-06-03"),
        ("Tech 3 min read , February 2, 2024", "2024-02-02"),
        ("🗓️ 12 Sept 2022", "2022-09-12"),
        ("文 / 赵一凡      2019-10-08", "2019-10-08"),  # a byline and a date
        ("作者:赵一凡      2024-05-06 09:12:30     120", "2024-05-06"),  # a page timestamp beside a byline and a count
        ("posted on 2022-11-02 08:15 Bo Lin 阅读(12)", "2022-11-02"),
        ("林海日报·2023-02-09 16:01", "2023-02-09"),
        ("05 Aug 2021, 06:34 PM", "2021-08-05"),
        ("First Published: October 2, 2018, 3:24 p.m.", "2018-10-02"),
        ("NORTHWIND CITY, Aug. 3, 2023 /PRNewswire/ -- Contoso today named Jane Roe its chief scientist, "
         "effective immediately, the company said in a statement on its website.", "2023-08-03"),
        ("SEATTLE, June 20, 2023 (GLOBE NEWSWIRE) -- Northwind Labs today announced a new research director.",
         "2023-06-20"),
    ],
)
def test_a_dateline_gives_the_date(line: str, iso: str) -> None:
    assert dateline(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "2023年1月1日，我加入了谷歌。",  # a sentence that opens with a date
        "On March 3, 2019, Jane Roe joined Contoso as chief scientist of its research lab.",  # a narrative date
        "周明远于2019年5月6日加入北辰科技担任首席科学家",  # no time, and a clause around it
        "March 2019",  # no day
        "2024-02-30 10:00",  # no such day
        "Version 2.1.3 released",
    ],
)
def test_a_sentence_or_a_partial_date_is_no_dateline(line: str) -> None:
    assert dateline(line) is None


def test_labels_are_read_in_simplified_characters_and_inside_a_line_of_several() -> None:
    assert simplified_label("發佈時間") == "发布时间"
    assert simplified_label("Published") == "published"
    assert from_lines(["標題", "發佈時間：12:10 2024-01-31 HKT", "正文。"]).published == "2024-01-31"
    assert from_lines(["作者:李思源 来源:林海日报 发布时间:2023/8/3 20:29:00"]).published == "2023-08-03"
    # an archive label inside a line is only the fallback: a dateline further down wins
    assert from_lines(["作者:李思源 更新时间:2020-01-01", "标题", "2021.03.15 | 科技"]).published == "2021-03-15"
    assert from_lines(["作者:李思源 更新时间:2020-01-01", "正文。"]).published == "2020-01-01"


def test_a_time_owned_by_another_label_dates_that_not_the_page() -> None:
    assert from_lines(["标题", "最新回复:2025年3月25日 14点25分", "正文。"]).published is None
    assert from_lines(["Headline", "Event: May 3, 2024 10:00", "Body."]).published is None
    assert from_lines(["标题", "本文作者: 赵一凡 2019-01-03 14:09", "正文。"]).published == "2019-01-03"


def test_the_first_dateline_near_the_top_is_taken_and_a_late_one_is_not() -> None:
    lines = ["Headline", "Monday, 4 May 2020", "Body.", "Comment posted 2021-06-01 08:00"]
    assert from_lines(lines).published == "2020-05-04"
    assert from_lines(["Body."] * 40 + ["2021-06-01 08:00"]).published is None
