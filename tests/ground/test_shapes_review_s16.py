"""Sentences a review of session 16's shapes read wrongly, each now read right (or not at all). Invented people and
organisations."""

from __future__ import annotations

import pytest

from extract.ground.attribute import full_name_in_document
from extract.ground.repairs import stated_dates
from extract.ground.rules import RuleContext, find_appositions, find_named_moves
from extract.ground.rules.groups import find_group_facts
from extract.ground.rules.hires import find_hires
from extract.ground.rules.topics import find_topic_departures
from extract.ground.status import stated_status
from extract.lexicon.cues import default_cues
from extract.lexicon.dates import latest_stated_year
from extract.lexicon.orgs import OrgTable, normalise_org

SHAPES = (find_appositions, find_named_moves, find_hires)


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = ("Jane Roe", "Bo Lin", "周明远", "李思源", "赵一凡")
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names},
                       doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技", "Northwind Labs",
                                                                     "Contoso")))


@pytest.mark.parametrize(("before", "sentence"), [
    ("在北辰科技，员工福利一直很好。", "另一家公司的首席运营官赵一凡近日离职。"),  # somebody else's title
    ("在北辰科技，首席科学家周明远离职。林海科技同样动荡。", "3 月，首席运营官赵一凡离职。"),  # the topic changed
    ("At Northwind Labs, revenue grew. ", "Meanwhile, at rival Contoso, chief strategy officer Jane Roe left."),
    ("", "At Northwind Labs, chief strategy officer Jane Roe left the board of Contoso."),  # what was left is named
    ("", "在北辰科技，首席科学家周明远离开了他工作十年的林海科技。"),
])
def test_no_topic_departure(before: str, sentence: str, ctx: RuleContext) -> None:
    assert find_topic_departures(sentence, before, ctx) == []


@pytest.mark.parametrize("sentence", [
    "Both never joined Contoso.", "Both startups joined Contoso.", "两人可能加入腾讯。", "两人的孩子都加入了腾讯。",
    "两名知情人士都曾在腾讯工作。", "两人分别加入了腾讯和百度。",
])
def test_no_group_fact(sentence: str, ctx: RuleContext) -> None:
    group = ["Jane Roe", "Bo Lin"] if sentence.isascii() else ["周明远", "李思源"]
    assert find_group_facts(sentence, ctx, group, SHAPES) == []


@pytest.mark.parametrize("sentence", [
    "Jane Roe is the daughter of the founder of Contoso.", "Jane Roe is expected to be chief scientist at Google.",
    "Jane Roe was CEO of Google's rival Meta.", "Jane Roe was nearly hired by Google.",
    "The paper, written by Jane Roe, was signed by Google researchers.",
    "Jane Roe was recruited by Google's Bo Lin to join Meta.",
])
def test_no_role_from_a_relation_a_future_post_or_an_owner(sentence: str, ctx: RuleContext) -> None:
    # (the hirer "Google's Bo Lin" is someone at Google: session 18's owned names read that)
    assert [r for shape in SHAPES for r in shape(sentence, ctx)
            if r.organization in ("Google", "Contoso") and r.name == "Jane Roe"] == []


def test_once_again_is_held_and_an_organisations_office_is_itself(ctx: RuleContext) -> None:
    assert [(r.organization, r.status) for r in find_appositions("Jane Roe is once again CEO of Google.", ctx)] == [
        ("Google", "current")]
    assert {r.organization for r in find_appositions(
        "Jane Roe, who is a senior engineer at Google's London office, said.", ctx)} == {"Google"}


@pytest.mark.parametrize(("sentence", "status"), [
    ("北辰科技首席执行官周明远欢迎李思源加入。", None), ("北辰科技首席执行官周明远否认离职。", None),
    ("北辰科技首席科学家周明远 2019 年加入该公司。", None), ("Google CEO Jane Roe said Bo Lin joined last year.", None),
    ("北辰科技首席科学家周明远已于上月离职。", "left"),
])
def test_a_titles_person_must_be_the_verbs_subject(sentence: str, status: str | None) -> None:
    organization = "Google" if sentence.isascii() else "北辰科技"
    assert stated_status(sentence, organization, default_cues()) == status


def test_dates_of_a_hire_and_a_post_are_the_right_organisations(ctx: RuleContext) -> None:
    assert stated_dates("谷歌首席科学家周明远在 2019 年聘用了李思源。", "谷歌", "2025-07-15") == (None, None)
    assert find_named_moves("周明远从北辰科技子公司林海科技的总经理岗位上离职。", ctx) == []


def test_full_names_and_years_that_are_not() -> None:
    cues = default_cues()
    assert full_name_in_document("It closed when it did. When Roe left Google, she said.", "Roe", cues) is None
    assert full_name_in_document("Wei Zhang joined. Zhang Lei left. Zhang then spoke.", "Zhang", cues) is None
    assert full_name_in_document("Bo Lin, of the Lin Foundation, joined. Lin spoke.", "Lin", cues) == "Bo Lin"
    assert latest_stated_year("The lab employs 2023 people in Room 2024.", today=2026) is None


# A second review, end to end on invented articles


@pytest.mark.parametrize(("sentence", "organization", "status"), [
    ("腾讯副总裁周明远 2019 年离开百度后加入腾讯。", "腾讯", None),  # the verb left another organisation
    ("Google chief scientist Bo Lin left Stanford in 2019.", "Google", None),
    ("北辰科技首席科学家李思源近日加入国家人工智能标准委员会。", "北辰科技", None),  # a body, no employer
    ("Google chief scientist Jane Roe joined the board of Contoso.", "Google", None),
    ("北辰科技首席科学家周明远离开公司。", "北辰科技", "left"),
    ("Acme chief scientist Jane Roe left in May.", "Acme", "left"),
])
def test_a_titles_person_moves_only_where_the_verb_says(sentence: str, organization: str, status: str | None) -> None:
    assert stated_status(sentence, organization, default_cues()) == status


def test_a_passive_hire_after_a_departure_is_not_dated_by_it() -> None:
    sentence = "Meanwhile Jane Roe was snapped up by Google after leaving Contoso in February."
    assert stated_dates(sentence, "Google", "2025-06-01") == (None, None)
    assert stated_dates(sentence, "Contoso", "2025-06-01") == (None, "February.")


@pytest.mark.parametrize("sentence", [
    "Jane Roe is not the CEO of Contoso.", "Jane Roe was never CEO of Contoso.",
    "Jane Roe was a finalist for CEO of Contoso.", "Jane Roe was promoted to CEO of Contoso.",
])
def test_no_role_from_a_denied_or_changed_title(sentence: str, ctx: RuleContext) -> None:
    assert find_appositions(sentence, ctx) == []


def test_a_topics_title_is_a_title_and_a_month_no_object(ctx: RuleContext) -> None:
    assert find_topic_departures("在北辰科技，大家都知道竞争对手首席科学家周明远离职了。", "", ctx) == []
    assert find_topic_departures("At Contoso, its chief scientist Jane Roe left.", "", ctx) == []
    assert [(r.name, r.organization) for r in find_topic_departures(
        "At Contoso, chief strategy officer Jane Roe left in January.", "", ctx)] == [("Jane Roe", "Contoso")]


def test_a_sentence_opening_word_is_no_given_name() -> None:
    cues = default_cues()
    assert full_name_in_document("Acme hired Professor Jane Roe. Since Roe arrived, it grew.", "Roe", cues) == \
        "Jane Roe"
    assert full_name_in_document("It closed when it did. When Roe left Google, she said.", "Roe", cues) is None


def test_a_professor_leaves_a_university_topic_only(ctx: RuleContext) -> None:
    assert find_topic_departures("2 月，教授周明远辞职。", "在北辰科技，一切照旧。", ctx) == []
    assert [r.organization for r in find_topic_departures("2 月，教授周明远辞职。", "在清华大学，一切照旧。", ctx)] == [
        "清华大学"]
