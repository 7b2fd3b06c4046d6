"""The rule pass reads hires: an organisation as the subject, the people it took on as the object. Invented people."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext
from extract.ground.rules.hires import find_hires
from extract.lexicon.orgs import OrgTable


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def hires(sentence: str, orgs: OrgTable, *names: str) -> list[tuple[str, str, str]]:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(r.name, r.organization, r.status) for r in find_hires(sentence, ctx)]


def test_a_list_of_hires_with_appositions(orgs: OrgTable) -> None:
    sentence = ("OpenAI has also roped in Jane Roe, former head of research at Tesla; Bo Lin, former engineer at "
                "xAI; and Carl Dunn, another engineer from xAI, the paper reported.")
    assert hires(sentence, orgs, "Jane Roe", "Bo Lin", "Carl Dunn") == [
        ("Jane Roe", "OpenAI", "joined"), ("Bo Lin", "OpenAI", "joined"), ("Carl Dunn", "OpenAI", "joined")]


def test_a_chinese_hire_with_a_title_and_the_latin_form(orgs: OrgTable) -> None:
    assert hires("此外，Meta还招募了谷歌DeepMind首席研究员周明远(Mingyuan Zhou)等顶尖人才。", orgs,
                 "周明远", "Mingyuan Zhou") == [("周明远", "Meta", "joined"), ("Mingyuan Zhou", "Meta", "joined")]


def test_people_named_in_passing_are_not_hired(orgs: OrgTable) -> None:
    sentence = ("OpenAI has hired four engineers, signalling the Jane Roe-led firm won't wait while "
                "Bo Lin's company keeps poaching.")
    assert hires(sentence, orgs, "Jane Roe", "Bo Lin") == []


def test_the_subject_must_be_a_known_organisation(orgs: OrgTable) -> None:
    assert hires("The recruiter hired Jane Roe last week.", orgs, "Jane Roe") == []
    signed = hires("ByteDance just signed Jane Roe from Google.", orgs, "Jane Roe")
    assert signed == [("Jane Roe", "ByteDance", "joined")]
