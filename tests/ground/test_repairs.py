"""Repairs from the evidence sentence: dates the model left empty, facts filed under the wrong kind."""

from __future__ import annotations

import pytest

from extract.ground.repairs import is_degree, is_job_title, stated_dates, stated_graduation

PUB = "2023-01-25"


@pytest.mark.parametrize(("sentence", "organization", "expected"), [
    ("2000 年至 2003 年间,曾就职于华为技术有限公司北京研究所,任工程师。", "华为技术有限公司", ("2000 年", "2003 年")),
    ("(39:00) 2009-2011, postdoc in Geoff Hinton's lab", "Geoff Hinton's lab", ("2009", "2011")),
    ("2014 年,金榕加入阿里巴巴,负责 iDST 美国研发中心。", "阿里巴巴", ("2014 年", None)),
    ("去年 1 月,Jane Roe 和 Bo Lin 离开 DeepMind,创立了一家公司。", "DeepMind", (None, "去年 1 月")),
    ("In March 2021 she joined Example Labs as chief scientist.", "Example Labs", ("March 2021", None)),
    ("He left Acme Robotics in 2019.", "Acme Robotics", (None, "2019")),
    # several dates in one clause: the one of the verb that governs the organisation, none for a held role's
    ("Jane Roe joined the Acme team in 2016 and served as head of the Acme Tokyo lab in 2017.", "Acme", ("2016", None)),
    ("Jane Roe served as CTO of Acme in 2016 and joined Beta Labs in 2018.", "Acme", (None, None)),
    ("Jane Roe served as CTO of Acme in 2016 and joined Beta Labs in 2018.", "Beta Labs", ("2018", None)),
    # the date belongs to the other clause's organisation
    ("在 2021 年 5 月加入北辰科技前，周明远曾在林海科技工作了两年多", "林海科技", (None, None)),
    ("在 2021 年 5 月加入北辰科技前，周明远曾在林海科技工作了两年多", "北辰科技", ("2021 年 5 月", None)),
    # no verb saying which end, or both verbs: nothing is guessed
    ("2018 年的谷歌大脑是一个研究团队。", "谷歌大脑", (None, None)),
    ("2022 年他离开谷歌加入 OpenAI。", "OpenAI", (None, None)),
    ("王刚曾任新加坡南洋理工大学终身教授。", "新加坡南洋理工大学", (None, None)),
    ("Nothing about the organisation here, 2019.", "Acme", (None, None)),
    # a joining verb's object is the place joined, not an organisation written before it
    ("近期，北辰科技算法专家周明远已入职东湖大学。", "北辰科技", (None, None)),
    ("近期，北辰科技算法专家周明远已入职东湖大学。", "东湖大学", ("近期", None)),
    ("去年 3 月，东湖大学宣布周明远加盟，出任东湖大学首席专家。", "东湖大学", ("去年 3 月", None)),
    ("In 2018, Jane Roe came to Example Labs as VP of research.", "Example Labs", ("2018", None)),
    # a post taken up right after a dated move starts at the move's date
    ("周明远已于 2025 年 1 月回归母校，出任东湖大学教授。", "东湖大学", ("2025 年 1 月", None)),
    ("李思源已於 4 月離職，轉任北辰科技產品主管。", "北辰科技", ("4 月", None)),
    ("周明远 2019 年获得博士学位，出任北辰科技顾问。", "北辰科技", (None, None)),  # a degree is no move
    ("周明远已于 2025 年 1 月回归母校，东湖大学表示欢迎。", "东湖大学", (None, None)),  # no post taken up
    # a date framed as a start, whatever the verb; 从 after a date is where somebody left
    ("Jane Roe has worked at Example Labs since 2021.", "Example Labs", ("2021", None)),
    ("周明远自 1998 年起即在北辰科技任职。", "北辰科技", ("1998 年", None)),
    ("周明远 2019 年以来在北辰科技工作。", "北辰科技", ("2019 年", None)),
    ("北辰科技专家周明远 2021 年从北辰科技离职。", "北辰科技", (None, "2021 年")),
    ("自 2021 年离开北辰科技以来，周明远一直创业。", "北辰科技", (None, "2021 年")),  # a leaving verb: no start
    # leaving and joining in one clause: the verb governing the organisation, to the next verb, dates it
    ("Jane Roe departed Example Labs in October 2024 after two years and joined a startup.", "Example Labs",
     (None, "October 2024")),
    ("Jane Roe left Example Labs and joined Beta Labs in August 2024.", "Beta Labs", ("August 2024", None)),
    ("Jane Roe left Example Labs and joined Beta Labs in August 2024.", "Example Labs", (None, None)),
])
def test_stated_dates(sentence: str, organization: str, expected: tuple) -> None:
    assert stated_dates(sentence, organization, PUB) == expected


def test_stated_graduation() -> None:
    assert stated_graduation("2014年他毕业于北京大学，获得计算机系博士学位", "北京大学", PUB) == "2014年"
    assert stated_graduation("She graduated from Stanford in 2016.", "Stanford", PUB) == "2016"
    assert stated_graduation("2014 年他在北京大学任教。", "北京大学", PUB) is None  # no graduation word
    assert stated_graduation("他毕业于北京大学。", "北京大学", PUB) is None  # no date


@pytest.mark.parametrize(("text", "degree"), [
    ("计算机博士", True), ("统计学学士学位", True), ("PhD in statistics", True), ("Master of Science", True),
    ("博士后研究员", False), ("postdoc", False), ("终身教授", False), ("高级研究员", False), ("首席科学家", False),
    (None, False), ("", False),
])
def test_is_degree(text: str | None, degree: bool) -> None:
    assert is_degree(text) is degree


@pytest.mark.parametrize(("text", "job"), [
    ("高级研究员", True), ("research scientist", True), ("终身教授", True), ("博士", False), ("PhD", False),
    ("扫地僧", False), (None, False),
])
def test_is_job_title(text: str | None, job: bool) -> None:
    assert is_job_title(text) is job


def test_a_hire_dates_the_hirers_start_and_the_end_where_the_hired_come_from() -> None:
    sentence = "Northwind Labs also brought on Jane Roe from Contoso and Bo Lin from Fabrikam on Monday."
    assert stated_dates(sentence, "Northwind Labs", "2025-07-15") == ("on Monday", None)
    assert stated_dates(sentence, "Contoso", "2025-07-15") == (None, "on Monday")
    assert stated_dates("北辰科技在 6 月聘用了研究员周明远。", "北辰科技", "2025-07-15") == ("6 月", None)
    assert stated_dates("Jane Roe said Northwind Labs hired Bo Lin.", "Contoso", "2025-07-15") == (None, None)


def test_a_date_in_a_narratives_frame_and_a_clause_that_only_names_the_topic() -> None:
    assert stated_dates("在此之前的 5 月 8 日，北辰科技宣布任命周明远担任实验室主任。", "北辰科技", "2018-01-15") == (
        "5 月 8 日", None)
    assert stated_dates("在北辰科技，那一年的 4 月 9 日，周明远加入北辰科技。", "北辰科技", "2018-01-15") == (
        "那一年的 4 月 9 日", None), "在北辰科技 is the topic; the frame stays with the date (the story's year)"
    assert stated_dates("在此之前，周明远加入北辰科技。", "北辰科技", "2018-01-15") == (None, None)


def test_a_month_after_a_year_the_sentence_states_is_in_that_year() -> None:
    assert stated_dates("周明远 2019 年 3 月 5 日离开腾讯，6 月加入百度。", "百度", "2025-06-01") == (
        "2019 年 6 月", None)
    assert stated_dates("Jane Roe left Google in March 2019 and joined OpenAI in June.", "OpenAI", "2025-06-01") == (
        "June 2019", None)
    assert stated_dates("周明远去年 1 月加入百度。", "百度", "2025-06-01") == ("去年 1 月", None), "a year of its own"
    assert stated_dates("6 月，周明远加入百度。", "百度", "2025-06-01") == ("6 月", None)


def test_a_hire_dates_its_subject_only() -> None:
    assert stated_dates("谷歌首席科学家周明远在 2019 年聘用了李思源。", "谷歌", "2025-07-15") == (None, None)
    assert stated_dates("2016 年，谷歌前员工周明远被百度聘请。", "谷歌", "2025-07-15") == (None, None)


@pytest.mark.parametrize(("sentence", "organization", "expected"), [
    # a sentence that opens with a framed date: the frame dates every move of the sentence
    ("在 2018 年，周明远加入林海科技。", "林海科技", ("2018 年", None)),
    ("也是2020年,周明远辞去北辰科技副总裁,加入林海科技担任首席科学家。", "北辰科技", (None, "2020年")),
    ("也是2020年,周明远辞去北辰科技副总裁,加入林海科技担任首席科学家。", "林海科技", ("2020年", None)),
    ("就在 2021 年 3 月，赵一凡离开了北辰科技。", "北辰科技", (None, "2021 年 3 月")),
    # a frame with a word of its own is a clause, not a date: nothing is carried
    ("在北辰科技的 2019 年，赵一凡加入林海科技。", "林海科技", (None, None)),
])
def test_a_sentence_opening_with_a_framed_date(sentence: str, organization: str, expected: tuple) -> None:
    assert stated_dates(sentence, organization, "2022-05-01") == expected
