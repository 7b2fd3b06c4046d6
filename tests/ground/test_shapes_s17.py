"""English and Chinese shapes added in session 17: a former mark before an organisation, where a departure went,
the title a person joins as, English titles with what they are of, hires with their time or role, degree lists and
list items the name tagger missed. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.attribute import full_name_in_document
from extract.ground.repairs import stated_dates
from extract.ground.rules import RuleContext, find_appositions, find_continued, find_named_moves
from extract.ground.rules.hires import find_hires
from extract.ground.rules.including import find_included
from extract.ground.rules.studies import find_studies
from extract.ground.rules.worked_as import find_worked_as
from extract.lexicon.cues import default_cues
from extract.lexicon.orgs import OrgTable, normalise_org


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = ("Jane Roe", "Bo Lin", "Ann Lee", "周明远", "李思源", "赵一凡")
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names},
                       doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技", "Northwind Labs",
                                                                     "Contoso")))


def _read(sentence: str, ctx: RuleContext) -> set[tuple[str, str, str | None, str]]:
    shapes = (find_appositions(sentence, ctx), find_named_moves(sentence, ctx), find_hires(sentence, ctx),
              find_included(sentence, ctx), find_continued(sentence, ctx, "Jane Roe"))
    return {(r.name, r.organization, r.title, r.status) for roles in shapes for r in roles}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ann Lee met former Contoso CEO Bo Lin.", ("Bo Lin", "Contoso", "CEO", "former")),
    ("Ann Lee met ex-Contoso CEO Bo Lin.", ("Bo Lin", "Contoso", "CEO", "former")),
    ("前北辰科技首席科学家周明远表示，公司很好。", ("周明远", "北辰科技", "首席科学家", "former")),
    ("目前北辰科技首席科学家周明远表示，公司很好。", ("周明远", "北辰科技", "首席科学家", "current")),  # 目前: now
])
def test_a_former_mark_before_the_organisation(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bo Lin left Contoso for Northwind Labs in 2023.", {("Bo Lin", "Contoso", None, "left"),
                                                         ("Bo Lin", "Northwind Labs", None, "joined")}),
    ("Bo Lin left for Northwind Labs in mid-2024.", {("Bo Lin", "Northwind Labs", None, "joined")}),
    ("Bo Lin left last year to join Northwind Labs.", {("Bo Lin", "Northwind Labs", None, "joined")}),
    ("Bo Lin and Ann Lee left Contoso in March 2022 to launch Northwind Labs.",
     {("Bo Lin", "Contoso", None, "left"), ("Ann Lee", "Contoso", None, "left"),
      ("Bo Lin", "Northwind Labs", None, "founded"), ("Ann Lee", "Northwind Labs", None, "founded")}),
    ("She left Contoso in 2022 to start Northwind Labs.", {("Jane Roe", "Contoso", None, "left"),
                                                          ("Jane Roe", "Northwind Labs", None, "founded")}),
])
def test_where_a_departure_went(sentence: str, expected: set, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == expected


@pytest.mark.parametrize("sentence", [
    "Bo Lin left Contoso for family reasons.", "Bo Lin left Contoso for a year before he joined again.",
])
def test_no_destination_without_an_organisation(sentence: str, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == {("Bo Lin", "Contoso", None, "left")}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("He now joins Contoso as a corporate vice president.", ("Jane Roe", "Contoso", "corporate vice president",
                                                             "joined")),
    ("Bo Lin joined Contoso as head of research in 2023.", ("Bo Lin", "Contoso", "head of research", "joined")),
    ("Contoso hired Bo Lin as its chief scientist.", ("Bo Lin", "Contoso", "chief scientist", "joined")),
    ("Contoso's AI team also hired Bo Lin earlier this month.", ("Bo Lin", "Contoso", None, "joined")),
    ("Ann Lee is the head of research at Contoso.", ("Ann Lee", "Contoso", "head of research", "current")),
    ("Contoso vice president of engineering Bo Lin said so.", ("Bo Lin", "Contoso", "vice president of engineering",
                                                               "current")),
])
def test_titles_and_hires_in_english(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


def test_as_with_no_title_gives_none(ctx: RuleContext) -> None:
    assert _read("Bo Lin joined Contoso as a result of the deal.", ctx) == {("Bo Lin", "Contoso", None, "joined")}
    assert _read("Contoso hired Ann Lee's team.", ctx) == set()  # not a break after the name


@pytest.mark.parametrize(("sentence", "expected"), [
    ("周明远本硕博均毕业于北京大学。", [("北京大学", "本科"), ("北京大学", "硕士"), ("北京大学", "博士")]),
    ("周明远本科毕业于清华大学，硕士、博士则就读于北京大学。",
     [("清华大学", "本科"), ("北京大学", "硕士"), ("北京大学", "博士")]),
    ("周明远拥有清华大学电机硕士、北京大学物理博士学位。", [("清华大学", "硕士"), ("北京大学", "博士")]),
    ("周明远拥有清华大学硕士学位和北京大学博士学位。", [("清华大学", "硕士"), ("北京大学", "博士")]),
    ("Ann Lee holds a bachelor's degree from MIT and a PhD from Stanford University.",
     [("MIT", "bachelor's degree"), ("Stanford University", "PhD")]),
])
def test_degree_lists(sentence: str, expected: list, ctx: RuleContext) -> None:
    assert [(s.institution, s.degree) for s in find_studies(sentence, ctx, None)] == expected


def test_list_items_the_tagger_missed(ctx: RuleContext) -> None:
    sentence = "赵一凡是北辰科技的老员工，和他同期加入北辰科技的，还有漆远、闵万里、李思源、周明远等。"
    assert {r.name for r in find_included(sentence, ctx)} == {"漆远", "闵万里", "李思源", "周明远"}
    # ordinary words are no names, and a run that never reaches a known name is no list of people
    assert {r.name for r in find_included("北辰科技多位高管离职，包括运营、周明远。", ctx)} == {"周明远"}
    assert find_included("北辰科技多位高管离职，包括研发、市场和销售。", ctx) == []
    # the move is still the named person's when the name is in its clause
    assert find_included("赵一凡离开北辰科技，他的合作者包括周明远。", ctx) == []


def test_full_name_before_a_possessive() -> None:
    cues = default_cues()
    assert full_name_in_document("The team grew under Jane Roe’s leadership. Roe said so.", "Roe", cues) == "Jane Roe"


@pytest.mark.parametrize(("sentence", "organization", "expected"), [
    ("Carl Dunn left Contoso in November 2021 to launch Northwind Labs.", "Northwind Labs", ("November 2021", None)),
    ("Carl Dunn left Contoso in November 2021 to launch Northwind Labs.", "Contoso", (None, "November 2021")),
    ("Carl Dunn left Contoso for Northwind Labs in 2023.", "Northwind Labs", ("2023", None)),
    ("Carl Dunn left Contoso for Northwind Labs in 2023.", "Contoso", (None, "2023")),
    ("Carl Dunn left Contoso in 2022 to join Northwind Labs.", "Northwind Labs", ("2022", None)),
])
def test_a_destination_starts_when_the_departure_is_dated(sentence: str, organization: str,
                                                           expected: tuple) -> None:
    assert stated_dates(sentence, organization, "2025-01-01") == expected


def test_launching_a_product_is_no_founding(ctx: RuleContext) -> None:
    assert not any(r[3] == "founded" for r in _read("Bo Lin launched Contoso Copilot in 2023.", ctx))
    assert not any(r[3] == "founded" for r in _read("Bo Lin launched Contoso's new assistant.", ctx))
    assert not any(r[3] == "founded" for r in _read("周明远设立了北辰科技上海研究院。", ctx))
    assert ("Bo Lin", "Northwind Labs", None, "founded") in _read("Bo Lin launched Northwind Labs in 2020.", ctx)
    assert ("周明远", "林海科技", None, "founded") in _read("周明远于 2021 年设立林海科技。", ctx)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Contoso hired Bo Lin, who spent nearly 18 years at Google and served as a senior director at Northwind Labs.",
     ("Bo Lin", "Northwind Labs", "senior director", "former")),
    ("Bo Lin joined in May after a year as a research scientist at Northwind Labs.",
     ("Bo Lin", "Northwind Labs", "research scientist", "former")),
    ("After two years as a research scientist at Northwind Labs, Bo Lin joined Contoso.",
     ("Bo Lin", "Northwind Labs", "research scientist", "former")),
    ("After two years as a research scientist at Northwind Labs, she joined Contoso.",
     ("Jane Roe", "Northwind Labs", "research scientist", "former")),
])
def test_jobs_told_in_passing(sentence: str, expected: tuple) -> None:
    ctx = RuleContext(orgs=OrgTable.load(), names={"bo lin": "Bo Lin"},
                      doc_orgs=frozenset(normalise_org(o) for o in ("Northwind Labs", "Contoso")))
    assert expected in {(r.name, r.organization, r.title, r.status) for r in find_worked_as(sentence, ctx, "Jane Roe")}


def test_no_stint_without_a_subject() -> None:
    ctx = RuleContext(orgs=OrgTable.load(), names={}, doc_orgs=frozenset({normalise_org("Northwind Labs")}))
    assert find_worked_as("The lab grew after a year as a research institute at Northwind Labs.", ctx, None) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bo Lin left last year to join Ann Lee's Northwind Labs.", ("Bo Lin", "Northwind Labs", None, "joined")),
    ("Bo Lin joined Contoso's rival Northwind Labs.", ("Bo Lin", "Northwind Labs", None, "joined")),
    ("Bo Lin is the former head of Contoso's AI research lab in Montreal.", ("Bo Lin", "Contoso", "head", "former")),
    ("He is the former head of Contoso's AI research lab.", ("Jane Roe", "Contoso", "head", "former")),
    ("She was CTO at Contoso.", ("Jane Roe", "Contoso", "CTO", "former")),
])
def test_possessives_and_a_pronoun_before_a_copula(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


def test_an_owned_noun_that_is_no_unit_holds_no_title(ctx: RuleContext) -> None:
    assert _read("Ann Lee was CEO of Contoso's rival firm.", ctx) == set()
    assert ("Bo Lin", "Contoso", None, "joined") not in _read("Bo Lin joined Contoso's rival Northwind Labs.", ctx)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("赵一凡宣布离职，加盟位于浙江宁波的北辰科技。", ("赵一凡", "北辰科技", None, "joined")),
    ("周明远加入新加坡北辰科技。", ("周明远", "北辰科技", None, "joined")),
    ("周明远进入北辰科技担任首席科学家。", ("周明远", "北辰科技", None, "joined")),
])
def test_places_before_an_organisation_and_entering_it(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


@pytest.mark.parametrize("sentence", ["周明远进入北京大学读书。", "周明远加入北京大学读博。",
                                      "Bo Lin joined Stanford University as a PhD student."])
def test_joining_a_school_to_study_is_no_job(sentence: str, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == set()


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bo Lin left Contoso in June 2021 and is now at Northwind Labs.", ("Bo Lin", "Northwind Labs", None, "current")),
    ("Bo Lin, now at Northwind Labs, said so.", ("Bo Lin", "Northwind Labs", None, "current")),
    ("She is currently with Northwind Labs.", ("Jane Roe", "Northwind Labs", None, "current")),
])
def test_a_post_held_now(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


def test_a_departure_date_is_not_the_end_of_the_post_held_now() -> None:
    sentence = "Bo Lin left in June 2021 and is now at Northwind Labs."
    assert stated_dates(sentence, "Northwind Labs", "2023-01-01") == (None, None)
    assert stated_dates("Bo Lin left Contoso in June 2021 and is now at Northwind Labs.", "Contoso",
                        "2023-01-01") == (None, "June 2021")


@pytest.mark.parametrize(("quote", "name", "organization", "byline"), [
    ("Jane Roe, The Daily Post", "Jane Roe", "The Daily Post", True),
    ("林海日报编辑 周明远", "周明远", "林海日报", True),
    ("By Jane Roe", "Jane Roe", "Contoso", True),
    ("Jane Roe, Contoso", "Jane Roe", "Contoso", False),  # a list item: no byline word, no outlet
    ("Jane Roe joined The Daily Post as an editor in 2020.", "Jane Roe", "The Daily Post", False),
])
def test_a_byline_is_no_career_fact(quote: str, name: str, organization: str, byline: bool) -> None:
    from extract.ground.align import normalise
    from extract.ground.attribute import is_byline

    assert is_byline(quote, {normalise(name)}, organization, default_cues()) is byline


def test_a_bracketed_short_form_between_organisation_and_title(ctx: RuleContext) -> None:
    assert ("周明远", "北辰科技", "首席科学家", "left") in _read("北辰科技(BC)首席科学家周明远离职。", ctx)


def test_a_clause_after_a_name_only_the_tagger_knows_is_not_the_previous_persons(ctx: RuleContext) -> None:
    tagged = RuleContext(orgs=ctx.orgs, doc_orgs=ctx.doc_orgs, names=ctx.names, tagged={"钱一鸣": "钱一鸣"})
    sentence = "随后，林海科技首席科学家、核心成员钱一鸣也宣布离职，加盟北辰科技。"
    assert [r for r in find_continued(sentence, tagged, "Jane Roe") if r.name == "Jane Roe"] == []
    assert {r.name for r in find_continued("随后加盟北辰科技。", tagged, "Jane Roe")} == {"Jane Roe"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bo Lin left Contoso in 2021 and then joined Northwind Labs as its chief scientist.",
     ("Bo Lin", "Northwind Labs", "chief scientist", "joined")),
    ("周明远离开林海科技并加入北辰科技。", ("周明远", "北辰科技", None, "joined")),
    ("Bo Lin left the company in 2022 to launch Northwind Labs.", ("Bo Lin", "Northwind Labs", None, "founded")),
    ("Bo Lin left his job at Contoso to join Northwind Labs.", ("Bo Lin", "Northwind Labs", None, "joined")),
    ("Bo Lin, a former head of research at Contoso, spoke.", ("Bo Lin", "Contoso", "head of research", "former")),
])
def test_a_second_verb_of_one_subject_and_short_objects(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


def test_no_second_verb_for_someone_else(ctx: RuleContext) -> None:
    assert not any(r[1] == "Northwind Labs" for r in _read("Bo Lin met Ann Lee and joined Northwind Labs.", ctx))
    said = _read("Bo Lin said Ann Lee left Contoso and joined Northwind Labs.", ctx)
    assert not any(r[0] == "Bo Lin" and r[1] == "Northwind Labs" for r in said)


def test_more_c_suite_titles_in_a_bracket_after_a_name(ctx: RuleContext) -> None:
    assert ("周明远", "北辰科技", "CMO", "former") in _read("周明远（前北辰科技 CMO）加入林海科技。", ctx)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("周明远曾在北京大学任教。", ("周明远", "北京大学", None, "former")),
    ("同年，她开始任教于北京大学。", ("Jane Roe", "北京大学", None, "unknown")),
    ("离校以后，周明远顺利入职北辰科技。", ("周明远", "北辰科技", None, "joined")),
])
def test_teaching_founding_and_an_adverb(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


def test_a_degrees_graduation_year_from_its_own_clause() -> None:
    from extract.ground.repairs import stated_graduation

    sentence = "周明远本科 2013 年毕业于林海大学，博士 2019 年毕业于林海大学。"
    assert stated_graduation(sentence, "林海大学", None, None, "博士") == "2019 年"
    assert stated_graduation(sentence, "林海大学", None, None, "本科") == "2013 年"
    assert stated_graduation(sentence, "林海大学", None, None, "MBA") == "2013 年"  # not named: the first clause


def test_a_second_verb_that_goes_to_study_is_no_job(ctx: RuleContext) -> None:
    assert not any(r[1] == "北京大学" for r in _read("周明远离开林海科技并回到北京大学读博。", ctx))


def test_a_postdoc_clause_is_not_the_doctorates() -> None:
    from extract.ground.repairs import stated_graduation

    sentence = "周明远 2014 年毕业于林海大学，2019 年在林海大学完成博士后研究后离开。"
    assert stated_graduation(sentence, "林海大学", None, None, "博士") == "2014 年"
