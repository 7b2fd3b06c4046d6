"""The people a move's sentence lists after "including": each made the move. Invented people; organisations from
the packaged table."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext
from extract.ground.rules.including import find_included
from extract.lexicon.orgs import OrgTable


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def included(sentence: str, orgs: OrgTable, names: tuple[str, ...] = ()) -> list[tuple]:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(r.name, r.organization, r.status) for r in find_included(sentence, ctx)]


def test_a_group_joins_and_the_list_after_including_names_who(orgs: OrgTable) -> None:
    assert included("该团队的其他成员也投奔Meta，包括Jane Roe、Bo Lindqvist、Ada Park和Ivo Brandt。", orgs) == [
        ("Jane Roe", "Meta", "joined"), ("Bo Lindqvist", "Meta", "joined"), ("Ada Park", "Meta", "joined"),
        ("Ivo Brandt", "Meta", "joined")], "a Latin name right before a Han word (和) is still a name"
    assert included("Several researchers left OpenAI this year, including Jane Roe and Ada Park.", orgs) == [
        ("Jane Roe", "OpenAI", "left"), ("Ada Park", "OpenAI", "left")]
    assert included("腾讯多位高管离职，包括周明远、李思源等。", orgs, names=("周明远", "李思源")) == [
        ("周明远", "腾讯", "left"), ("李思源", "腾讯", "left")], "the organisation before the leaving verb"


def test_recruits_with_descriptions_join_the_organisation_named_before(orgs: OrgTable) -> None:
    sentence = "Anthropic's key recruits include Jane Roe, a former engineer at OpenAI, and Bo Lindqvist, a manager."
    assert included(sentence, orgs, names=("Jane Roe", "Bo Lindqvist")) == [
        ("Jane Roe", "Anthropic", "joined"), ("Bo Lindqvist", "Anthropic", "joined")]
    assert included("Other key recruits include Jane Roe and Bo Lindqvist.", orgs, names=("Jane Roe",)) == [], \
        "no organisation named: the document's subject is not guessed"


@pytest.mark.parametrize("sentence", [
    "The company's products include Gemini and Claude.",  # no move
    "Jane Roe joined OpenAI, including its board.",  # nobody listed
    "Including Jane Roe and Ada Park, the panel met.",  # the list comes before any move
    "Bo Lindqvist left Google to join OpenAI, including Jane Roe.",  # a named person's move, not a group's
    "周明远离开百度，他的合作者包括李思源。",
])
def test_no_listed_move(orgs: OrgTable, sentence: str) -> None:
    assert included(sentence, orgs, names=("Jane Roe", "周明远", "李思源")) == []
