"""Work told with its title, and English clauses with a pronoun subject after a date. Invented people."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_continued
from extract.ground.rules.worked_as import find_worked_as
from extract.lexicon.orgs import OrgTable, normalise_org


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    known = frozenset(normalise_org(o) for o in ("Beta Labs", "Acme Robotics"))
    return RuleContext(orgs=OrgTable.load(), doc_orgs=known, names={"jane roe": "Jane Roe", "bo lin": "Bo Lin"})


def worked(sentence: str, ctx: RuleContext, previous: str | None = "Jane Roe") -> list[tuple[str, ...]]:
    return [(r.name, r.organization, r.title, r.status) for r in find_worked_as(sentence, ctx, previous)]


def test_a_pronoun_subject_and_a_list_of_places_with_one_title(ctx: RuleContext) -> None:
    assert worked("She previously worked as an intern at Beta Labs and then at Dunmore Capital, a bank.", ctx) == [
        ("Jane Roe", "Beta Labs", "intern", "former"), ("Jane Roe", "Dunmore Capital", "intern", "former")]


def test_a_named_subject_present_or_past(ctx: RuleContext) -> None:
    assert worked("Bo Lin serves as chief scientist of Acme Robotics.", ctx) == [
        ("Bo Lin", "Acme Robotics", "chief scientist", "current")]
    assert worked("Bo Lin served as chief scientist of Acme Robotics until 2020.", ctx) == [
        ("Bo Lin", "Acme Robotics", "chief scientist", "former")]


def test_a_tenure_with_its_title(ctx: RuleContext) -> None:
    assert worked("She spent three years at Acme Robotics as a senior product manager of its arm.", ctx) == [
        ("Jane Roe", "Acme Robotics", "senior product manager", "former")]
    assert worked("She spent three years at Acme Robotics.", ctx) == [("Jane Roe", "Acme Robotics", None, "former")]


@pytest.mark.parametrize("sentence", [
    "She worked as hard as anyone at Beta Labs.",  # no title word
    "She worked as an intern at the time.",  # no organisation
    "The robot worked as expected at Beta Labs.",  # no person: a subject that is no name
    "She worked as an intern at Bo Lin's lab.",  # a person the model named is no organisation
])
def test_no_role_without_a_title_an_organisation_or_a_person(sentence: str, ctx: RuleContext) -> None:
    assert worked(sentence, ctx, previous=None if sentence.startswith("The") else "Jane Roe") == []


def test_an_english_date_before_a_pronoun_subject(ctx: RuleContext) -> None:
    found = find_continued("In May 2021, she left Beta Labs.", ctx, "Jane Roe")
    assert [(r.name, r.organization, r.status) for r in found] == [("Jane Roe", "Beta Labs", "left")]
    assert find_continued("In 2020 the lab left Beta Labs.", ctx, "Jane Roe") == [], "a subject of its own"
