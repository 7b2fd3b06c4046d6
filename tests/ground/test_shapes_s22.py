"""Session 22's shapes: an apposition whose organisation the sentence says the person came from, and 空降 as a
joining verb. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_appositions
from extract.lexicon.orgs import OrgTable, normalise_org


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = ("Jane Roe", "周明远")
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names},
                       doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技", "Northwind Labs",
                                                                     "Contoso", "北辰大学")))


def _statuses(sentence: str, ctx: RuleContext) -> dict[str, str]:
    return {r.organization: r.status for r in find_appositions(sentence, ctx)}


@pytest.mark.parametrize(("sentence", "organization", "status"), [
    ("林海科技招募了北辰科技首席科学家周明远。", "北辰科技", "left"),  # the hired come from there
    ("林海科技招募了北辰大学副教授周明远。", "北辰大学", "current"),  # a professor hired keeps the chair as often
    ("Last week Contoso roped in Northwind Labs's top executive Jane Roe.", "Northwind Labs", "left"),
    ("今年 2 月北辰科技研究副总裁周明远空降林海科技后，团队调整。", "北辰科技", "former"),  # 空降: a joining verb
    ("北辰科技研究副总裁周明远表示，团队很好。", "北辰科技", "current"),  # no move: the post is held
    ("不久前北辰科技首席科学家周明远表示，公司很好。", "北辰科技", "current"),  # 不久前 is "recently", no former mark
])
def test_an_appositions_status_follows_the_move_of_its_sentence(sentence: str, organization: str, status: str,
                                                                 ctx: RuleContext) -> None:
    assert _statuses(sentence, ctx).get(organization) == status


@pytest.mark.parametrize(("sentence", "organization", "dates"), [
    # a departure and an arrival in one breath share the departure's date
    ("Jane Roe left Contoso in 2022 and joined Northwind Labs as research director.", "Northwind Labs",
     ("2022", None)),
    ("Jane Roe left Contoso in 2022 and joined Northwind Labs as research director.", "Contoso", (None, "2022")),
    ("Jane Roe left Contoso in 2022 and became chief executive of Northwind Labs.", "Northwind Labs",
     ("2022", None)),  # became: a verb that both holds and starts a post
    # a later clause with no subject and no object of its own ends the post taken up before it
    ("Jane Roe joined Northwind Labs in 2019, but left in June 2023.", "Northwind Labs", ("2019", "June 2023")),
    ("周明远 2019 年加入北辰科技，2023 年离职。", "北辰科技", ("2019 年", "2023 年")),
    ("周明远于 2019 年加入北辰科技，并于 2023 年 5 月离职。", "北辰科技", ("2019 年", "2023 年 5 月")),
    ("周明远 2019 年加入北辰科技，2021 年转投林海科技，2023 年离职。", "北辰科技", ("2019 年", None)),  # left Beta
    ("Jane Roe joined Northwind Labs in 2019, but Bo Lin left in 2023.", "Northwind Labs", ("2019", None)),
    ("Jane Roe joined Northwind Labs in 2019 and left Contoso in 2023.", "Northwind Labs", ("2019", None)),
    # a move announced for a month or a day to come has no date yet (read against the article's date it would
    # fall a year early); with a year it keeps it, and consolidation drops one after the article's date
    ("1 月 30 日消息，周明远宣布将于 2 月 4 日加入北辰科技。", "北辰科技", (None, None)),
    ("周明远于 2 月 4 日加入北辰科技。", "北辰科技", ("2 月 4 日", None)),
    ("Jane Roe will join Northwind Labs on Feb. 4.", "Northwind Labs", (None, None)),
    ("Jane Roe will join Northwind Labs in 2026.", "Northwind Labs", ("2026", None)),
    # a list item's head with one date in brackets dates the move the item tells
    ("- Jane Roe (June 20): speech lead, joined Northwind Labs", "Northwind Labs", ("June 20", None)),
    ("Jane Roe (June 20): joined Northwind Labs", "Northwind Labs", (None, None)),  # no list item
    ("- Jane Roe (Contoso): joined Northwind Labs", "Northwind Labs", (None, None)),  # no date
])
def test_dates_a_sentence_states_for_a_move_told_in_two_clauses(sentence: str, organization: str,
                                                               dates: tuple) -> None:
    from extract.ground.repairs import stated_dates

    assert stated_dates(sentence, organization, "2024-01-10") == dates


def test_two_peoples_moves_in_one_sentence_are_read_in_each_ones_clause() -> None:
    from extract.ground.repairs import from_persons_clause

    both = "Jane Roe left Contoso in October 2021 and launched Acme, and Bo Lin left Contoso in July 2021."
    assert from_persons_clause(both, "Contoso", both.index("Bo Lin")) == " and Bo Lin left Contoso in July 2021."
    assert from_persons_clause(both, "Contoso", both.index("Jane Roe")) == both
    topic = "在北辰科技，那一年的 6 月 5 日，周明远加入北辰科技。"  # a topic and a date before the person are theirs
    assert from_persons_clause(topic, "北辰科技", topic.index("周明远")) == topic


@pytest.mark.parametrize(("sentence", "expected"), [
    ("前北辰科技、林海科技高管周明远表示，很好。", {("北辰科技", "former"), ("林海科技", "former")}),
    ("北辰科技和林海科技首席科学家周明远表示，很好。", {("北辰科技", "current"), ("林海科技", "current")}),
    ("A former Contoso and Northwind Labs executive, Jane Roe said so.", set()),  # a comma: no apposition
    ("The former Contoso and Northwind Labs executive Jane Roe said so.",
     {("Contoso", "former"), ("Northwind Labs", "former")}),
    ("周明远加入北辰科技，林海科技首席科学家周明远表示。", {("林海科技", "current")}),  # not across a comma
    # titles of their own: the former mark reaches the first role only
    ("前北辰科技 CEO、林海科技创始人周明远表示。", {("北辰科技", "former"), ("林海科技", "current")}),
])
def test_organisations_listed_before_one_title_all_hold_it(sentence: str, expected: set, ctx: RuleContext) -> None:
    assert {(r.organization, r.status) for r in find_appositions(sentence, ctx)} == expected


@pytest.mark.parametrize(("sentence", "status", "dates"), [
    ("Jane Roe took over as CEO of Northwind Labs in 2021.", "joined", ("2021", None)),
    ("Jane Roe has taken the helm as CEO of Northwind Labs.", "joined", (None, None)),
    ("Co-founder Jane Roe has stepped into the role of president at Northwind Labs.", "joined", (None, None)),
])
def test_taking_up_a_post_in_english_idiom_starts_it(sentence: str, status: str, dates: tuple) -> None:
    from extract.ground.repairs import stated_dates
    from extract.ground.status import stated_status
    from extract.lexicon.cues import default_cues

    assert stated_status(sentence, "Northwind Labs", default_cues()) == status
    assert stated_dates(sentence, "Northwind Labs", "2024-01-10") == dates


@pytest.mark.parametrize(("sentence", "organization"), [
    ("周明远发文称：“我今天被北辰科技解雇了。”", "北辰科技"),
    ("Jane Roe was laid off by Northwind Labs in a round of cuts.", "Northwind Labs"),
    ("Jane Roe was fired by Northwind Labs on Friday.", "Northwind Labs"),
])
def test_being_fired_or_laid_off_is_leaving(sentence: str, organization: str) -> None:
    from extract.ground.status import stated_status
    from extract.lexicon.cues import default_cues

    assert stated_status(sentence, organization, default_cues()) == "left"


def test_a_plural_founders_title_is_founding() -> None:
    from extract.ground.status import stated_status
    from extract.lexicon.cues import default_cues

    sentence = "All three researchers are also the co-founders of Northwind Labs, a speech start-up."
    assert stated_status(sentence, "Northwind Labs", default_cues()) == "founded"


@pytest.mark.parametrize(("sentence", "status"), [
    ("She led engineering at Northwind Labs and now works on a new team.", "former"),
    ("Jane Roe has led Northwind Labs since 2019.", "current"),
    ("Jane Roe heads research at Northwind Labs.", "current"),
    ("The lab will be led by Northwind Labs professor Jane Roe.", None),  # a passive's agent leads nothing of it
])
def test_the_tense_of_a_leading_verb_is_the_posts_status(sentence: str, status: str | None) -> None:
    from extract.ground.status import stated_status
    from extract.lexicon.cues import default_cues

    assert stated_status(sentence, "Northwind Labs", default_cues()) == status
