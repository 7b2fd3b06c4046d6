"""Date parsing and language detection in isolation."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.ingest.metadata import detect_language, from_lines, parse_date


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2023年1月25日01时", "2023-01-25"),
        ("2025-04-27T20:03:58Z", "2025-04-27"),
        ("2024-12-04 18:54", "2024-12-04"),
        ("2024/3/5", "2024-03-05"),
        ("Fri, 01 Apr 2022 09:02:34 GMT", "2022-04-01"),
        ("April 1, 2022", "2022-04-01"),
        ("２０２３年１月２日", "2023-01-02"),
        (dt.date(2021, 9, 30), "2021-09-30"),
        (dt.datetime(2021, 9, 30, 23, 59), "2021-09-30"),
        ("2023-13-45", None),
        ("2022 年 1 月", None),  # no day: not a publication date
        ("April 1", None),  # no year: never invent one
        ("未知地区", None),
        (None, None),
    ],
)
def test_parse_date(value: object, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_publication_label_beats_archive_label_and_top_line() -> None:
    lines = ["标题", "2020-01-01", "正文。", "- 保存时间: 2025-04-27T20:03:58Z", "发布时间: 2024-12-04 18:54"]
    assert from_lines(lines).published == "2024-12-04"
    assert from_lines(lines[:4]).published == "2020-01-01"
    assert from_lines(lines[2:4]).published == "2025-04-27"
    assert from_lines(["2023年1月1日，我加入了谷歌。"]).published is None  # a sentence, not a date line


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Geoffrey Hinton left Google in 2023.", "en"),
        ("辛顿于 2023 年离开谷歌，此后专注于人工智能安全研究。", "zh"),
        ("Hugo Larochelle 离开了 Google DeepMind Montreal team", "mixed"),
        ("12345", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
