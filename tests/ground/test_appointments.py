"""Appointments read by rule: a known organisation appoints a person to a title. Invented people; organisations from
the packaged table."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, rule_mentions
from extract.ground.rules.appointments import find_appointments
from extract.lexicon.orgs import OrgTable
from extract.models.documents import Chunk
from extract.models.mention import Mention


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def appointed(sentence: str, orgs: OrgTable, names: tuple[str, ...] = ("周明远", "李思源", "Jane Roe", "John Doe")
              ) -> list[tuple]:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(r.name, r.organization, r.title, r.status) for r in find_appointments(sentence, ctx)]


def test_an_organisation_appoints_a_described_person_to_a_title(orgs: OrgTable) -> None:
    assert appointed("百度宣布任命语音识别专家周明远博士为首席科学家。", orgs) == [
        ("周明远", "百度", "首席科学家", "joined")]
    assert appointed("百度任命周明远担任首席科学家，负责研究。", orgs) == [("周明远", "百度", "首席科学家", "joined")]
    assert appointed("OpenAI has appointed Jane Roe as its new chief research officer.", orgs) == [
        ("Jane Roe", "OpenAI", "chief research officer", "joined")]


def test_a_latin_title_is_cut_between_words_only(orgs: OrgTable) -> None:
    assert appointed("OpenAI appointed Jane Roe as co-CEO.", orgs) == [("Jane Roe", "OpenAI", "co-CEO", "joined")]
    assert appointed("Microsoft appointed Jane Roe as corporate vice president.", orgs) == [
        ("Jane Roe", "Microsoft", "corporate vice president", "joined")]


def test_a_unit_the_title_names_is_the_organisation(orgs: OrgTable) -> None:
    assert appointed("腾讯宣布任命周明远为AI Lab副主任。", orgs) == [("周明远", "腾讯AI Lab", "副主任", "joined")], \
        "the appointing organisation and the unit written together are an entry of the table"
    assert appointed("腾讯宣布任命周明远担任腾讯AI Lab主任。", orgs) == [("周明远", "腾讯AI Lab", "主任", "joined")]


@pytest.mark.parametrize("sentence", [
    "周明远宣布任命李思源为首席科学家。",  # the subject is a person, not an organisation
    "百度任命周明远为负责研究的人。",  # no title word at the end
    "百度宣布任命一位专家为首席科学家。",  # nobody named
    "OpenAI has appointed a new board as its overseer.",
    "百度任命周明远接替李思源担任首席技术官。",  # the name before the link is the one replaced
    "Google named Jane Roe to replace John Doe as CTO.",
    "北京大学特聘研究员周明远担任该项目首席科学家。",  # 特聘 is an adjective here
])
def test_not_an_appointment(orgs: OrgTable, sentence: str) -> None:
    assert appointed(sentence, orgs) == []


def test_the_appointment_is_dated_by_its_sentence(orgs: OrgTable) -> None:
    text = "5月2日，腾讯宣布任命语音识别专家周明远博士为AI Lab副主任。"
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2017-05-03")
    model = [Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), name="周明远")]
    (mention,) = rule_mentions(model, [chunk], orgs)
    (fact,) = mention.positions
    assert (fact.organization, fact.title, fact.status, fact.start) == ("腾讯AI Lab", "副主任", "joined", "5月2日")
    assert fact.evidence.quote == text and fact.evidence.method == "rule"
