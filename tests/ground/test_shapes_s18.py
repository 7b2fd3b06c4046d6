"""English affiliations told without a verb of moving (session 18): an organisation owning a name, a length of
service or an executive before a title, a copula before an organisation and its title, "formerly of", a verb of
leading with where, and no organisation ending inside a hyphenated word. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_appositions, find_continued, find_named_moves
from extract.ground.rules.context import org_ending_at, org_starting_at
from extract.ground.rules.worked_as import find_worked_as
from extract.lexicon.cues import default_cues
from extract.lexicon.orgs import OrgTable, normalise_org


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = ("Jane Roe", "Bo Lin", "Ann Lee")
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names}, cues=default_cues(),
                       doc_orgs=frozenset(normalise_org(o) for o in ("Northwind Labs", "Contoso")))


def _read(sentence: str, ctx: RuleContext) -> set[tuple[str, str, str | None, str]]:
    shapes = (find_appositions(sentence, ctx), find_named_moves(sentence, ctx),
              find_continued(sentence, ctx, "Jane Roe"), find_worked_as(sentence, ctx, "Jane Roe"))
    return {(r.name, r.organization, r.title, r.status) for roles in shapes for r in roles}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Contoso's Bo Lin said the model was ready.", {("Bo Lin", "Contoso", None, "current")}),
    ("Contoso’s Bo Lin left for Northwind Labs.", {("Bo Lin", "Contoso", None, "left"),
                                                  ("Bo Lin", "Northwind Labs", None, "joined")}),
])
def test_an_organisation_owning_a_name(sentence: str, expected: set, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == expected


@pytest.mark.parametrize("sentence", [
    "Contoso's Talent Drive is new.",  # a capitalised run no one took for a name
    "Bo Lin's Contoso hired nobody.",  # the name owns the organisation, not the other way
])
def test_no_owned_name_where_none_is_known(sentence: str, ctx: RuleContext) -> None:
    assert not any(r.organization == "Contoso" and r.title is None and r.status == "current"
                   for r in find_appositions(sentence, ctx))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The newest hire is Bo Lin, a 12-year Contoso veteran who most recently led search.",
     ("Bo Lin", "Contoso", "veteran", "current")),
    ("Bo Lin, a longtime Contoso engineer, said so.", ("Bo Lin", "Contoso", "engineer", "current")),
    ("Bo Lin, a former Contoso executive, joined Northwind Labs.", ("Bo Lin", "Contoso", "executive", "former")),
    ("Bo Lin is a former Contoso researcher.", ("Bo Lin", "Contoso", "researcher", "former")),
    ("Bo Lin was a Contoso researcher.", ("Bo Lin", "Contoso", "researcher", "former")),
    ("Bo Lin is a Contoso researcher.", ("Bo Lin", "Contoso", "researcher", "current")),
])
def test_titles_after_an_article_and_a_length_of_service(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bo Lin, formerly of Contoso, said so.", {("Bo Lin", "Contoso", None, "former")}),
    ("Bo Lin was previously at Contoso.", {("Bo Lin", "Contoso", None, "former")}),
    ("Bo Lin, previously with Contoso, joined Northwind Labs.", {("Bo Lin", "Contoso", None, "former"),
                                                                 ("Bo Lin", "Northwind Labs", None, "joined")}),
])
def test_formerly_of(sentence: str, expected: set, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("She led search at Contoso.", {("Jane Roe", "Contoso", None, "former")}),
    ("Bo Lin, who led research at Contoso, said so.", {("Bo Lin", "Contoso", None, "former")}),
    ("Bo Lin leads the search team for Contoso.", {("Bo Lin", "Contoso", None, "current")}),
])
def test_a_verb_of_leading_with_where(sentence: str, expected: set, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == expected


@pytest.mark.parametrize("sentence", [
    "Bo Lin led the development of Contoso's model at the conference.",  # "of": led something else
    "Bo Lin managed to reach Contoso.",  # no "at"/"for": no post
    "Bo Lin led the team at the annual meeting.",  # an unknown place is no organisation here
])
def test_no_post_from_leading_something_else(sentence: str, ctx: RuleContext) -> None:
    assert find_worked_as(sentence, ctx, None) == []


def test_no_organisation_ends_inside_a_hyphenated_word(ctx: RuleContext) -> None:
    text = "Contoso co-founder and chief scientist Bo Lin"
    assert org_ending_at(text, text.index("-"), ctx) is None
    assert org_starting_at(text, 0, ctx) == len("Contoso")
    assert ("Bo Lin", "Contoso", "co-founder and chief scientist", "current") in _read(text + " said so.", ctx)


def test_a_note_after_a_bracketed_latin_name(ctx: RuleContext) -> None:
    from extract.ground.rules.hires import find_hires

    sentence = "北辰科技从林海科技挖走工程师李思源（Siyuan Li，音译）。"
    bare = RuleContext(orgs=ctx.orgs, names={}, cues=ctx.cues, doc_orgs=frozenset(
        normalise_org(o) for o in ("北辰科技", "林海科技")), tagged={"siyuan li": "Siyuan Li"})
    assert {(r.name, r.organization, r.status) for r in find_hires(sentence, bare)} == {
        ("Siyuan Li", "北辰科技", "joined"), ("Siyuan Li", "林海科技", "left")}


@pytest.mark.parametrize(("sentence", "before", "expected"), [
    ("首席产品官赵一凡已于近日离职。", "最新消息：北辰科技的管理团队仍在动荡。",
     {("赵一凡", "北辰科技", "首席产品官", "left")}),
    ("Chief product officer Bo Lin resigned in May.", "Contoso's leadership team is in turmoil. ",
     {("Bo Lin", "Contoso", "Chief product officer", "left")}),
    ("Chief product officer Bo Lin resigned in May.", "Contoso is growing. ", set()),  # no team: no topic
    ("首席产品官赵一凡已于近日离职。", "北辰科技的管理团队仍在动荡。林海科技也是。", set()),  # turned away
])
def test_a_departure_after_a_sentence_about_an_organisations_team(sentence: str, before: str, expected: set,
                                                                  ctx: RuleContext) -> None:
    from extract.ground.rules.topics import find_topic_departures

    tagged = RuleContext(orgs=ctx.orgs, names={}, cues=ctx.cues, tagged={"赵一凡": "赵一凡", "bo lin": "Bo Lin"},
                         doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技", "Contoso")))
    assert {(r.name, r.organization, r.title, r.status)
            for r in find_topic_departures(sentence, before, tagged)} == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("2018年，他就任北辰科技首席科学家。", ("Jane Roe", "北辰科技", "首席科学家", "current")),
    ("周明远加盟北辰科技，担任北辰科技Search Lab（北辰科技搜索实验室）主任。",
     ("周明远", "北辰科技", "Search Lab主任", "current")),
])
def test_taking_office_and_a_units_gloss_inside_a_title(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    known = RuleContext(orgs=ctx.orgs, names={**ctx.names, "周明远": "周明远"}, cues=ctx.cues,
                        doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技",)))
    assert expected in _read(sentence, known)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bo Lin became CEO of Contoso in 2022.", ("Bo Lin", "Contoso", "CEO", "current")),
    ("Bo Lin quit Northwind Labs in 2021 and became chief scientist and CTO of startup Contoso.",
     ("Bo Lin", "Contoso", "chief scientist and CTO", "current")),
    ("She became the chief scientist of Contoso.", ("Jane Roe", "Contoso", "chief scientist", "current")),
    ("Bo Lin is chief scientist at AI lab Contoso.", ("Bo Lin", "Contoso", "chief scientist", "current")),
    ("周明远成为北辰科技的首席科学家。", ("周明远", "北辰科技", "首席科学家", "current")),
])
def test_becoming_a_title_holder(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    known = RuleContext(orgs=ctx.orgs, names={**ctx.names, "周明远": "周明远"}, cues=ctx.cues,
                        doc_orgs=ctx.doc_orgs | {normalise_org("北辰科技")})
    assert expected in _read(sentence, known)


@pytest.mark.parametrize("sentence", [
    "周明远成为全球最大的公司之一的客户。",  # no organisation and title after 成为
    "Bo Lin became a father in 2020.",
])
def test_becoming_something_else_is_no_post(sentence: str, ctx: RuleContext) -> None:
    assert _read(sentence, ctx) == set()


def test_the_organisations_own_name_is_not_taken_for_a_description(ctx: RuleContext) -> None:
    labs = RuleContext(orgs=ctx.orgs, names=ctx.names, cues=ctx.cues,
                       doc_orgs=ctx.doc_orgs | {normalise_org("Dark Water Labs")})
    assert ("Bo Lin", "Dark Water Labs", "founder", "current") in _read(
        "Bo Lin is the founder of Dark Water Labs and its lead.", labs)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Contoso, a startup founded in Osaka by two former Northwind Labs engineers, Bo Lin and Ann Lee, raised money.",
     {("Bo Lin", "Contoso", None, "founded"), ("Ann Lee", "Contoso", None, "founded")}),
    ("Contoso was co-founded by Bo Lin and Ann Lee in 2023.",
     {("Bo Lin", "Contoso", None, "founded"), ("Ann Lee", "Contoso", None, "founded")}),
    ("Contoso (the Contoso Institute for Learning), headed by Bo Lin, said so.",
     {("Bo Lin", "Contoso", None, "current")}),
    ("Contoso, previously led by Bo Lin, said so.", {("Bo Lin", "Contoso", None, "former")}),
    ("Contoso was founded by Bo Lin, Ann Lee said.", {("Bo Lin", "Contoso", None, "founded")}),
    ("Northwind Labs, a spinoff from Contoso, is run by Bo Lin.", {("Bo Lin", "Northwind Labs", None, "current")}),
])
def test_founders_and_heads_after_by(sentence: str, expected: set, ctx: RuleContext) -> None:
    from extract.ground.rules.passives import find_passive_roles

    assert {(r.name, r.organization, r.title, r.status) for r in find_passive_roles(sentence, ctx)} == expected


@pytest.mark.parametrize("sentence", [
    "Northwind Labs launched a lab led by Bo Lin.",  # the lab is led, not Northwind Labs
    "The paper, written by Bo Lin, was praised by Contoso researchers.",
    "Contoso was founded by two engineers in 2023.",  # no name
    "An investment in Contoso, led by Bo Lin, closed on Monday.",
    "Contoso was founded by Bo Lin's father.",
    "Led by Bo Lin at Contoso, the team shipped it.",
])
def test_no_founder_or_head_where_the_by_phrase_is_about_something_else(sentence: str, ctx: RuleContext) -> None:
    from extract.ground.rules.passives import find_passive_roles

    assert find_passive_roles(sentence, ctx) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("In 2015, she co-founded Acme-Works, a quantitative fund.", ("Jane Roe", "Acme-Works", None, "founded")),
    ("周明远2021年从北辰科技离职，于2020年创立林海智能科技。", ("周明远", "林海智能科技", None, "founded")),
])
def test_an_unknown_founded_company_and_a_date_after_yu(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    known = RuleContext(orgs=ctx.orgs, names={**ctx.names, "周明远": "周明远"}, cues=ctx.cues,
                        doc_orgs=ctx.doc_orgs | {normalise_org("北辰科技")})
    assert expected in _read(sentence, known)


def test_no_founded_company_from_a_month(ctx: RuleContext) -> None:
    assert not any(r.status == "founded" for r in find_continued("She founded it in March.", ctx, "Jane Roe"))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Contoso hired Northwind Labs's Bo Lin last week.", ("Bo Lin", "Northwind Labs", None, "left")),
    ("Bo Lin, a 12-year Contoso veteran, joined Northwind Labs as CTO.", ("Bo Lin", "Contoso", "veteran", "former")),
    ("Bo Lin, a longtime Contoso engineer, left the company in May.", ("Bo Lin", "Contoso", "engineer", "left")),
])
def test_the_rest_of_the_sentence_says_the_post_was_left(sentence: str, expected: tuple, ctx: RuleContext) -> None:
    assert expected in _read(sentence, ctx)


@pytest.mark.parametrize("sentence", [
    "Contoso's Bo Lin Prize went to Ann Lee.", "Contoso's Bo Lin-led team won.",  # a name inside a noun
    "Bo Lin is a Contoso researcher turned Northwind Labs founder.",  # no title holds an organisation
    "Bo Lin was previously at Contoso's rival Northwind Labs.",
    "Bo Lin led a funding round for Contoso.", "Bo Lin ran a panel at Contoso.",  # a deal or an event, no job
    "Bo Lin headed the search for Contoso's new CEO.",
    "Bo Lin launched Gemini in 2023.", "Bo Lin started Monday.", "Bo Lin co-founded ICML.",  # no new company
])
def test_no_post_from_the_reviews_readings(sentence: str, ctx: RuleContext) -> None:
    assert not any(r.organization in ("Contoso", "Gemini", "Monday", "ICML") and r.name == "Bo Lin"
                   and r.status in ("current", "former", "founded") for r in _all_shapes(sentence, ctx))


def _all_shapes(sentence: str, ctx: RuleContext) -> list:
    from extract.ground.rules.passives import find_passive_roles

    return [*find_appositions(sentence, ctx), *find_named_moves(sentence, ctx), *find_passive_roles(sentence, ctx),
            *find_continued(sentence, ctx, "Bo Lin"), *find_worked_as(sentence, ctx, "Bo Lin")]


def test_no_title_of_another_company_pointed_to_after_a_team_sentence(ctx: RuleContext) -> None:
    from extract.ground.rules.topics import find_topic_departures

    tagged = RuleContext(orgs=ctx.orgs, names={}, cues=ctx.cues, tagged={"赵一凡": "赵一凡"},
                         doc_orgs=frozenset({normalise_org("北辰科技")}))
    before = "北辰科技的投资团队曾多次考察这家初创公司。"
    assert find_topic_departures("其首席产品官赵一凡已于3月离职。", before, tagged) == []
    assert find_topic_departures("该公司首席产品官赵一凡已于3月离职。", "北辰科技的投资团队仍在动荡。", tagged) == []


def test_a_bracketed_organisation_with_a_note_is_no_other_name() -> None:
    from extract.ground.attribute import text_aliases
    from tests.ground.test_grounding import span_of

    assert text_aliases(span_of("周明远（Northwind Labs，2019年加入）离职。"), ["周明远"]) == []


@pytest.mark.parametrize(("sentence", "organization", "expected"), [
    ("In March, Contoso hired Bo Lin, who spent a decade at Northwind Labs.", "Northwind Labs", (None, "March")),
    ("In March, Contoso hired Bo Lin, who spent a decade at Northwind Labs.", "Contoso", ("March", None)),
    ("2019 年，周明远加入北辰科技，此前他在林海科技工作了 8 年。", "林海科技", (None, "2019 年")),
    ("In 2019, Bo Lin, who worked at Northwind Labs, said so.", "Northwind Labs", (None, None)),  # no move
])
def test_a_past_tenure_ends_with_the_move_beside_it(sentence: str, organization: str, expected: tuple) -> None:
    from extract.ground.repairs import stated_dates

    assert stated_dates(sentence, organization, "2025-08-01") == expected


def test_a_relative_clause_before_a_name_is_not_the_previous_persons(ctx: RuleContext) -> None:
    known = RuleContext(orgs=ctx.orgs, names={"周明远": "周明远", "李思源": "李思源"}, cues=ctx.cues,
                        doc_orgs=frozenset({normalise_org("北辰科技")}))
    assert find_continued("于2019年加入北辰科技的李思源表示，公司很好。", known, "周明远") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ann Lee, who hired Bo Lin, became CEO of Contoso.", ("Ann Lee", "Contoso", "CEO", "current")),
    ("Ann Lee, who hired Bo Lin, joined Contoso in 2020.", ("Ann Lee", "Contoso", None, "joined")),
])
def test_a_clause_after_a_closed_relative_clause_is_the_subjects(sentence: str, expected: tuple,
                                                                 ctx: RuleContext) -> None:
    read = {(r.name, r.organization, r.title, r.status) for r in find_continued(sentence, ctx, "Jane Roe")}
    assert expected in read and not any(name == "Bo Lin" for name, *_ in read)
