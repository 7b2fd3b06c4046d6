"""Roles at an unnamed unit of the organisation a document is about. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, rule_mentions
from extract.ground.rules.appositions import find_appositions
from extract.ground.rules.units import find_unit_roles
from extract.lexicon.orgs import OrgTable
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def units(sentence: str, orgs: OrgTable, subject: str | None = "北辰科技") -> list[tuple[str, str, str]]:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={})
    return [(r.name, r.organization, r.title or "") for r in find_unit_roles(sentence, ctx, lambda: subject)]


def test_heads_of_units_named_in_a_reorganisation(orgs: OrgTable) -> None:
    assert units("周明远继续担任模型部副总经理，向李思源汇报。", orgs) == [("周明远", "北辰科技", "模型部副总经理")]
    assert units("李思源担任数据部负责人、赵一凡担任平台部负责人，均向公司汇报。", orgs) == [
        ("李思源", "北辰科技", "数据部负责人"), ("赵一凡", "北辰科技", "平台部负责人")]


def test_no_unit_no_title_a_named_organisation_or_no_subject(orgs: OrgTable) -> None:
    assert units("周明远担任首席科学家。", orgs) == [], "no unit: which organisation is not said"
    assert units("周明远担任模型部。", orgs) == [], "no title word"
    assert units("周明远担任腾讯模型部负责人。", orgs) == [], "a named organisation is the other shapes'"
    assert units("周明远担任模型部负责人。", orgs, subject=None) == []


def _rule_pass(text: str, orgs: OrgTable) -> list[Mention]:
    """The rule pass over one chunk whose model answer named 北辰科技 (so it is known in the document) for
    somebody else."""
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-12-01")
    evidence = Evidence(doc="d", start=0, end=4, quote="北辰科技", alignment="exact", method="sentence", score=100.0)
    model = Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), name="周明远",
                    positions=[PositionFact(organization="北辰科技", status="current", evidence=evidence)])
    return rule_mentions([model], [chunk], orgs)


def test_the_subject_is_what_the_document_names_most(orgs: OrgTable) -> None:
    (added,) = _rule_pass("北辰科技调整组织架构。北辰科技新设数据部。\n李思源担任数据部负责人。", orgs)
    (fact,) = added.positions
    assert (added.name, fact.organization, fact.title, fact.status) == ("李思源", "北辰科技", "数据部负责人", "current")
    assert fact.evidence.quote == "李思源担任数据部负责人。"


def test_a_units_title_or_the_companys_right_before_a_name(orgs: OrgTable) -> None:
    assert units("两人均向平台事业群总裁周明远汇报。", orgs) == [("周明远", "北辰科技", "平台事业群总裁")]
    assert units("均向公司副总裁李思源汇报。", orgs) == [("李思源", "北辰科技", "副总裁")], "公司 is the company"
    assert units("阿里巴巴研究负责人、公司机器人团队负责人李思源宣布离职。", orgs) == [
        ("李思源", "阿里巴巴", "机器人团队负责人")], "the company the sentence names before the title"


def test_a_description_of_people_is_no_title(orgs: OrgTable) -> None:
    assert units("团队的三名研究员李思源、赵一凡也已离职。", orgs) == []
    assert units("其中包括机器人团队负责人李思源。", orgs) == [], "包括 makes a clause"
    assert units("首席科学家周明远表示。", orgs) == [], "no unit and no word for the company"


def test_a_rarer_surname_right_after_a_title_starts_a_name(orgs: OrgTable) -> None:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={})
    left = find_appositions("10月16日，Amazon首席科学家初明远离职，也正式入职京东。", ctx)
    assert [(r.name, r.organization, r.status) for r in left] == [("初明远", "Amazon", "left")]
    assert find_appositions("Amazon首席科学家和团队一起离职。", ctx) == [], "和 is a word, never read as a surname"


def test_a_person_found_by_rule_is_the_subject_of_a_later_clause(orgs: OrgTable) -> None:
    found = _rule_pass("10月16日，Amazon首席科学家初明远离职，随后入职北辰科技。", orgs)
    added = {(m.name, p.organization, p.status) for m in found for p in m.positions}
    assert added == {("初明远", "Amazon", "left"), ("初明远", "北辰科技", "joined")}
