"""Dates another sentence states for a pair the document already has, where no rule shape reads that sentence
(extract/ground/rules/dated_elsewhere.py). Invented people and organisations only."""

from __future__ import annotations

import pytest

from extract.ground.rules import rule_mentions
from extract.lexicon.orgs import OrgTable
from tests.ground.test_rules import _answered


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def _dates(text: str, cited: str, name: str, organization: str, orgs: OrgTable,
           published: str = "2024-11-02") -> list[tuple[str, str, str | None, str | None, str]]:
    chunk, model = _answered(text, cited, name, organization, None, "founded", published)
    return [(m.name, p.organization, p.start, p.end, p.evidence.quote)
            for m in rule_mentions(model, [chunk], orgs) for p in m.positions if p.filled]


def test_a_group_that_left_and_founded_dates_the_founding_the_model_cited_elsewhere(orgs: OrgTable) -> None:
    dated = "2023 年 5 月，周明远、李思源和 Bo Lin 离开微软，创立了做芯片的初创公司北辰科技。"
    cited = "北辰科技目前有三十名员工。"
    found = _dates(dated + cited, cited, "李思源", "北辰科技", orgs)
    assert ("李思源", "北辰科技", "2023 年 5 月", None, dated) in found


def test_a_surname_alone_is_the_one_full_name_that_ends_in_it(orgs: OrgTable) -> None:
    cited = "Jane Roe 是微软西雅图团队的负责人。"
    dated = "Roe 在六年前加入微软，负责组建团队。"
    assert _dates(cited + dated, cited, "Jane Roe", "微软", orgs) == [("Jane Roe", "微软", "六年前", None, dated)]


def test_a_pronoun_continues_about_the_person_named_before(orgs: OrgTable) -> None:
    cited = "李思源是北辰科技的研究员。"
    dated = "2019 年，他加入北辰科技。"
    assert _dates(cited + dated, cited, "李思源", "北辰科技", orgs) == [("李思源", "北辰科技", "2019 年", None, dated)]


def test_no_date_for_a_person_who_is_not_the_one_named_before_the_organisation(orgs: OrgTable) -> None:
    cited = "李思源是微软的研究员。"
    other = "周明远于 2019 年加入微软，与李思源共事。"
    assert [f for f in _dates(cited + other, cited, "李思源", "微软", orgs) if f[0] == "李思源"] == []


def test_no_position_for_a_pair_the_document_does_not_have(orgs: OrgTable) -> None:
    cited = "李思源是微软的研究员。"
    assert _dates(cited + "李思源于 2019 年访问了谷歌。", cited, "李思源", "微软", orgs) == []


@pytest.mark.parametrize(("person", "other"), [
    ("周明远", "2019 年，其他研究员也陆续加入微软。"),  # 其他 is no pronoun
    ("周明远", "2019 年，他的导师加入微软。"),  # his advisor
    ("李思源", "李思源表示，周明远 2019 年加入微软。"),  # the clause's subject is someone else
    ("周明远", "李思源 2019 年加入微软，周明远则在 2021 年离开微软。"),  # the organisation twice: 2019 is 李思源's
])
def test_no_date_from_a_sentence_about_someone_else(orgs: OrgTable, person: str, other: str) -> None:
    cited = f"{person}是微软的研究员。"
    found = _dates(cited + other, cited, person, "微软", orgs)
    assert [f for f in found if f[0] == person and "2019 年" in (f[2], f[3])] == []
