"""The rule pass reads list items that introduce a person. Invented people."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext
from extract.ground.rules.items import find_list_items
from extract.lexicon.orgs import OrgTable


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def items(sentence: str, orgs: OrgTable) -> list[tuple[str, str, str]]:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={})
    return [(r.name, r.organization, r.status) for r in find_list_items(sentence, ctx)]


def test_an_item_gives_each_tied_organisation_to_its_person(orgs: OrgTable) -> None:
    assert items("- Jane Roe: Inference specialist at Anthropic; spent 11 years at Meta on tools.", orgs) == [
        ("Jane Roe", "Anthropic", "unknown"), ("Jane Roe", "Meta", "unknown")]
    assert items("- Bo Lin: Former perception team leader at OpenAI, co-creator of a model.", orgs) == [
        ("Bo Lin", "OpenAI", "former")], "the comma ends the organisation's name"
    assert items("1. 王五：阿里巴巴首席科学家", orgs) == [("王五", "阿里巴巴", "unknown")]
    assert items("• 张三 - 曾任腾讯研究员", orgs) == [("张三", "腾讯", "former")]


def test_no_role_no_person_no_item(orgs: OrgTable) -> None:
    assert items("- Key Facts: Meta grew fast this year.", orgs) == [], "no role is tied to Meta"
    assert items("- Chief Scientist: someone at Google", orgs) == [], "a title is no name"
    assert items("Jane Roe: research lead at Google", orgs) == [], "not a list item"
    assert items("- Jane Roe built models used by many teams.", orgs) == [], "no separator after the name"
