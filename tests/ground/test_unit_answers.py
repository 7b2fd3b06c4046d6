"""The model's answers that give a unit as the organisation, moved to the organisation it belongs to. Invented people
and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import rehome_unit_answers, rule_mentions
from extract.ground.rules.unit_answers import is_unnamed_unit
from extract.lexicon.cues import default_cues
from extract.lexicon.orgs import OrgTable
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact

NOTICE = "北辰科技调整组织架构。北辰科技新设数据计算平台部。\n李思源担任数据计算平台部负责人，向公司副总裁周明远汇报。"


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def _answer(text: str, name: str, organization: str, sentence: str, title: str | None = None) -> Mention:
    start = text.index(sentence)
    evidence = Evidence(doc="d", start=start, end=start + len(sentence), quote=sentence, alignment="exact",
                        method="sentence", score=100.0)
    return Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), name=name,
                   positions=[PositionFact(organization=organization, title=title, status="current",
                                           evidence=evidence)])


def _chunk(text: str, title: str | None = None) -> Chunk:
    return Chunk(doc="d", index=0, start=0, end=len(text), text=text, title=title, published="2025-12-01")


def test_a_department_given_as_the_organisation_belongs_to_the_documents_subject(orgs: OrgTable) -> None:
    sentence = "李思源担任数据计算平台部负责人，向公司副总裁周明远汇报。"
    company = _answer(NOTICE, "周明远", "北辰科技", "北辰科技调整组织架构。")  # the model named the company too
    unit = _answer(NOTICE, "李思源", "数据计算平台部", sentence, title="负责人")
    moved = rehome_unit_answers([company, unit], [_chunk(NOTICE)], orgs)
    assert moved[0] == company, "an answer at an organisation is left as it was"
    (fact,) = moved[1].positions
    assert (fact.organization, fact.title) == ("北辰科技", "数据计算平台部负责人"), "the unit stays in the title"
    assert fact.evidence == unit.positions[0].evidence and fact.status == "current"


def test_the_organisation_the_sentence_names_before_the_unit_comes_first(orgs: OrgTable) -> None:
    text = "北辰科技调整组织架构。北辰科技宣布，阿里巴巴搜索事业部原负责人李思源加入。"
    sentence = "北辰科技宣布，阿里巴巴搜索事业部原负责人李思源加入。"
    company = _answer(text, "周明远", "北辰科技", "北辰科技调整组织架构。")
    (fact,) = rehome_unit_answers([company, _answer(text, "李思源", "搜索事业部", sentence)], [_chunk(text)],
                                  orgs)[1].positions
    assert (fact.organization, fact.title) == ("阿里巴巴", "搜索事业部")


def test_a_unit_with_nowhere_to_go_is_left_as_the_model_gave_it(orgs: OrgTable) -> None:
    text = "李思源担任数据计算平台部负责人。"
    answer = _answer(text, "李思源", "数据计算平台部", text, title="负责人")
    assert rehome_unit_answers([answer], [_chunk(text)], orgs) == [answer], "no subject, no organisation before it"


def test_what_is_an_unnamed_unit(orgs: OrgTable) -> None:
    cues = default_cues()
    assert is_unnamed_unit("大语言模型部", orgs, cues) and is_unnamed_unit("机器人事业群", orgs, cues)
    assert is_unnamed_unit("the search team", orgs, cues) and is_unnamed_unit("数据平台部門", orgs, cues)
    assert not is_unnamed_unit("教育部", orgs, cues), "a bare 部 after two characters: a ministry"
    assert not is_unnamed_unit("东湖实验室", orgs, cues), "a laboratory is often an institution of its own"
    assert not is_unnamed_unit("腾讯机器人团队", orgs, cues), "a unit that names its organisation"
    assert not is_unnamed_unit("Google Brain team", orgs, cues)
    assert not is_unnamed_unit("团队", orgs, cues) and not is_unnamed_unit("Team", orgs, cues), "the word alone"
    assert not is_unnamed_unit("北辰科技", orgs, cues)


def test_the_rule_pass_then_reads_the_units_neighbours_at_the_subject(orgs: OrgTable) -> None:
    """A unit the model gave is not a known organisation for the rule pass: "公司副总裁周明远" after it is the
    company's vice president, not the department's."""
    sentence = "李思源担任数据计算平台部负责人，向公司副总裁周明远汇报。"
    answers = [_answer(NOTICE, "王一鸣", "北辰科技", "北辰科技调整组织架构。"),
               _answer(NOTICE, "李思源", "数据计算平台部", sentence, title="负责人")]
    chunks = [_chunk(NOTICE)]
    added = rule_mentions(rehome_unit_answers(answers, chunks, orgs), chunks, orgs)
    found = {(m.name, p.organization, p.title) for m in added for p in m.positions}
    assert ("周明远", "北辰科技", "副总裁") in found
    assert not any(organization == "数据计算平台部" for _, organization, _ in found)
