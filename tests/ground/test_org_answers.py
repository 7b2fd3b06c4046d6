"""The model's organisation read against its sentence (extract/ground/org_answers.py). Invented people and
organisations."""

from __future__ import annotations

import pytest

from extract.ground.org_answers import GluedTitle, glued_title, studied_at
from extract.lexicon.cues import default_cues
from extract.lexicon.orgs import OrgTable

ORGS = OrgTable.load()
CUES = default_cues()


@pytest.mark.parametrize(("organization", "expected"), [
    ("微软前高管", GluedTitle("微软", "高管", True)),
    ("谷歌的首席研究员", GluedTitle("谷歌", "首席研究员", False)),
    ("谷歌大脑", None),  # a unit, no title
    ("北京大学", None),
    ("林海科技首席科学家", None),  # not a known organisation
])
def test_a_title_glued_to_a_known_organisation(organization: str, expected: GluedTitle | None) -> None:
    assert glued_title(organization, ORGS, CUES) == expected


@pytest.mark.parametrize(("organization", "quote", "studied"), [
    ("北京大学", "2010 年，周明远进入北京大学数学系学习。", True),
    ("Stanford University", "Bo Lin joined Stanford University as a PhD student in 2012.", True),
    ("北京大学", "周明远加入北京大学深度学习中心。", False),  # a field, not a study
    ("北京大学", "周明远加入北京大学，担任教授。", False),
    ("北辰科技", "周明远加入北辰科技学习中心。", False),  # not a school
])
def test_a_school_where_the_sentence_says_the_person_studied(organization: str, quote: str, studied: bool) -> None:
    assert studied_at(organization, quote, ORGS, CUES) is studied


@pytest.mark.parametrize(("quote", "partial"), [
    ("这批成员大多毕业于北京大学、清华大学等高校。", True),
    ("She spent most of her career at Contoso.", False),  # a pronoun: hers
    ("北辰科技 CEO 周先生称，公司 80% 的收入来自海外。", False),  # a share of revenue, not of people
    ("团队中 40% 的成员来自 Contoso。", True),
    ("Most of them came from Contoso.", True),
    ("He spent many years at Contoso.", False),  # "many" alone is no share of a group
    ("The most prominent of them, Bo Lin, joined Contoso.", False),  # names the person
    ("周明远大多时间在北辰科技工作。", False),  # names the person
])
def test_a_sentence_about_part_of_a_group(quote: str, partial: bool) -> None:
    from extract.ground.align import normalise
    from extract.ground.attribute import said_of_part

    assert said_of_part(quote, {normalise("Bo Lin"), normalise("周明远")}, CUES) is partial


@pytest.mark.parametrize(("organization", "quote"), [
    ("清华大学", "周明远在清华大学读博，之后留在清华大学任教。"),  # a job told too
    ("MIT", "Bo Lin joined MIT in 2019 and now advises 12 PhD students in his lab there."),  # students far off
])
def test_a_school_with_a_job_told_is_no_study(organization: str, quote: str) -> None:
    assert studied_at(organization, quote, ORGS, CUES) is False


@pytest.mark.parametrize("organization", ["字节跳动前端工程师", "谷歌前沿研究员", "腾讯云副总裁"])
def test_no_former_mark_inside_a_word_and_no_split_inside_a_name(organization: str) -> None:
    glued = glued_title(organization, ORGS, CUES)
    assert glued is None or (not glued.former and glued.title in ("前端工程师", "前沿研究员"))
