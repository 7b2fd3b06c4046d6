"""Sentences a review of session 17's shapes read wrongly, each now read right (or not at all). Invented people and
organisations."""

from __future__ import annotations

import pytest

from extract.ground.attribute import full_name_in_document
from extract.ground.repairs import stated_dates
from extract.ground.rules import RuleContext, find_appositions, find_continued, find_named_moves
from extract.ground.rules.hires import find_hires
from extract.ground.rules.including import find_included
from extract.ground.rules.worked_as import find_worked_as
from extract.lexicon.cues import default_cues
from extract.lexicon.orgs import OrgTable, normalise_org


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = ("Jane Roe", "Bo Lin", "Ann Lee", "周明远", "李思源", "赵一凡")
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names},
                       doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技", "Northwind Labs",
                                                                     "Contoso", "Tailspin AI", "太原北辰科技")))


def _read(sentence: str, ctx: RuleContext) -> set[tuple[str, str, str | None, str]]:
    shapes = (find_appositions(sentence, ctx), find_named_moves(sentence, ctx), find_hires(sentence, ctx),
              find_included(sentence, ctx), find_continued(sentence, ctx, "Jane Roe"),
              find_worked_as(sentence, ctx, "Jane Roe"))
    return {(r.name, r.organization, r.title, r.status) for roles in shapes for r in roles}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("周明远加入林海科技深度学习平台部。", ("周明远", "林海科技", None, "joined")),  # a field, not a study
    ("李思源进入北京大学担任助理教授。", ("李思源", "北京大学", None, "joined")),  # a post named
    ("周明远进入北辰科技。", ("周明远", "北辰科技", None, "joined")),  # not a university
])
def test_jobs_kept(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


@pytest.mark.parametrize("sentence", [
    "周明远 2008 年 9 月进入清华大学计算机系，四年后毕业。",
    "周明远 2010 年秋进入北京大学，师从李思源教授。",
    "Bo Lin left Contoso for Stanford University to pursue a PhD.",
])
def test_a_students_arrival_is_no_job(sentence: str, ctx: RuleContext) -> None:
    assert {r for r in _read(sentence, ctx) if r[1] in ("清华大学", "北京大学", "Stanford University")} == set()


@pytest.mark.parametrize(("sentence", "role", "status"), [
    ("前谷歌研究员、北辰科技创始人周明远表示，公司很好。", ("周明远", "北辰科技"), "current"),
    ("前谷歌研究员、北辰科技创始人周明远表示，公司很好。", ("周明远", "谷歌"), "former"),
    ("不久前北辰科技首席科学家周明远表示，公司很好。", ("周明远", "北辰科技"), "current"),
    ("太原北辰科技董事长周明远表示，公司很好。", ("周明远", "太原北辰科技"), "current"),
])
def test_a_former_mark_reaches_only_the_role_after_it(sentence: str, role: tuple, status: str,
                                                      ctx: RuleContext) -> None:
    assert {r[3] for r in _read(sentence, ctx) if r[:2] == role} == {status}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ann Lee, who hired Bo Lin, is now at Northwind Labs.", set()),
    ("Jane Roe said a former colleague, now at Northwind Labs, had called her.", set()),
    ("Bo Lin sold Tailspin AI, which is now with Contoso.", set()),
    ("He is now with Contoso's rival Northwind Labs.", {("Jane Roe", "Northwind Labs", None, "current")}),
])
def test_now_at_only_for_the_person_it_follows(sentence: str, expected: set, ctx: RuleContext) -> None:
    assert {r for r in _read(sentence, ctx) if r[3] == "current"} == expected


@pytest.mark.parametrize(("sentence", "wrong"), [
    ("Bo Lin joined Contoso's team from Google last year.", "Google"),
    ("Bo Lin joined Contoso's partnership team with Northwind Labs.", "Northwind Labs"),
    ("Bo Lin left Contoso to join Google's biggest rival, Northwind Labs.", "Google"),
    ("Bo Lin left Contoso for OpenAI's chief rival.", "OpenAI"),
])
def test_possessives_do_not_jump_to_another_organisation(sentence: str, wrong: str, ctx: RuleContext) -> None:
    assert not any(r[1] == wrong and r[3] == "joined" for r in _read(sentence, ctx))


@pytest.mark.parametrize("sentence", [
    "周明远在采访中透露，他加入北辰科技的原因包括李思源的邀请。",
    "他加入北辰科技后发表了多篇论文，合著者还有李思源。",
    "加入北辰科技的还有其爱人、胞弟和周明远。",
])
def test_no_list_of_movers_where_none_is_listed(sentence: str, ctx: RuleContext) -> None:
    assert {r.name for r in find_included(sentence, ctx)} <= {"周明远"}


def test_hires_stop_at_the_person_replaced(ctx: RuleContext) -> None:
    assert {r.name for r in find_hires("Contoso hired Bo Lin to replace Ann Lee as CTO.", ctx)} == {"Bo Lin"}


def test_a_stint_with_two_people_before_it_is_nobodys(ctx: RuleContext) -> None:
    sentence = "Ann Lee appointed Bo Lin chief scientist after a year as a researcher at Contoso."
    assert find_worked_as(sentence, ctx, None) == []


def test_the_post_held_now_takes_no_other_moves_date() -> None:
    assert stated_dates("Bo Lin joined Contoso in 2019 and is now at Northwind Labs.", "Northwind Labs",
                        "2025-01-01") == (None, None)


def test_a_possessive_after_an_opening_preposition_is_no_full_name() -> None:
    text = "Contoso hired Jane Roe in 2021. Under Roe’s leadership, it grew. Roe left in 2024."
    assert full_name_in_document(text, "Roe", default_cues()) == "Jane Roe"
