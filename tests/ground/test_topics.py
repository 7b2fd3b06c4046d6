"""Departures of titled people from the organisation a sentence or its paragraph opens with as its topic (a roundup
of moves). Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, rule_mentions
from extract.ground.rules.topics import find_topic_departures, topic_at
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    return RuleContext(orgs=OrgTable.load(), doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技")),
                       names={})


def left(sentence: str, ctx: RuleContext, before: str = "") -> list[tuple[str, str, str | None, str]]:
    return [(r.name, r.organization, r.title, r.status) for r in find_topic_departures(sentence, before, ctx)]


def test_a_sentences_topic_gives_each_titled_person_of_the_list_the_departure(ctx: RuleContext) -> None:
    roundup = "以北辰科技为例，首席产品官周明远、研发副总裁李思源于今年 3 月离职，首席财务官赵一凡也于上月离职。"
    assert left(roundup, ctx) == [
        ("周明远", "北辰科技", "首席产品官", "left"), ("李思源", "北辰科技", "研发副总裁", "left"),
        ("赵一凡", "北辰科技", "首席财务官", "left")]
    assert left("在北辰科技，首席科学家周明远已宣布离职。", ctx) == [("周明远", "北辰科技", "首席科学家", "left")]
    assert left("以北辰科技为例，技术与产品负责人周明远离职。", ctx) == [
        ("周明远", "北辰科技", "技术与产品负责人", "left")], "与 inside a title joins no list"


def test_the_paragraphs_topic_when_the_sentence_has_none(ctx: RuleContext) -> None:
    before = "在林海科技，那一年的 3 月 22 日，首席科学家周明远宣布将从林海科技离职。"
    assert left("5 月 18 日，执行副总裁李思源离职，之后创办北辰科技。", ctx, before) == [
        ("李思源", "林海科技", "执行副总裁", "left")]
    assert left("5 月 18 日，执行副总裁李思源离职。", ctx, before + "\n") == [], "a new paragraph has no topic yet"
    assert left("5 月 18 日，执行副总裁李思源离职。", ctx) == [], "no topic at all"


def test_no_departure_without_a_title_with_a_named_organisation_or_an_object(ctx: RuleContext) -> None:
    assert left("以北辰科技为例，周明远离职。", ctx) == [], "the title ties the person to the topic"
    assert left("以北辰科技为例，林海科技 CTO 周明远离职。", ctx) == [], "a title at a named organisation"
    assert left("在北辰科技，首席科学家周明远离开林海科技。", ctx) == [], "离开 ORG is a move of its own"
    assert left("在北辰科技，首席科学家周明远从林海科技离职。", ctx) == [], "从 ORG 离职 too"
    assert left("以北辰科技为例，首席产品官周明远、李思源离职。", ctx) == [], "every person of the list has a title"


def test_what_counts_as_a_topic(ctx: RuleContext) -> None:
    assert topic_at("以北辰科技为例，", ctx) == "北辰科技"
    assert topic_at("北辰科技方面，", ctx) == "北辰科技"
    assert topic_at("在北辰科技，", ctx) == "北辰科技"
    assert topic_at("在北辰科技工作期间，", ctx) is None, "a clause about the organisation, not its topic"
    assert topic_at("北辰科技，", ctx) is None, "a bare name needs 方面 to be a topic"


def test_the_departure_is_dated_by_the_persons_own_clause() -> None:
    text = "以北辰科技为例，首席产品官周明远于今年 3 月离职，首席财务官赵一凡也于上月离职。"
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-06-17")
    evidence = Evidence(doc="d", start=0, end=4, quote="北辰科技", alignment="exact", method="sentence", score=100.0)
    model = Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), name="孙立",
                    positions=[PositionFact(organization="北辰科技", status="current", evidence=evidence)])
    found = {(m.name, p.organization, p.status, p.end) for m in rule_mentions([model], [chunk], OrgTable.load())
             for p in m.positions}
    assert found == {("周明远", "北辰科技", "left", "今年 3 月"), ("赵一凡", "北辰科技", "left", "上月")}


def test_an_english_topic_and_a_named_object() -> None:
    ctx = RuleContext(orgs=OrgTable.load(), doc_orgs=frozenset({normalise_org("Northwind Labs")}), names={})
    assert left("At Northwind Labs, chief strategy officer Jane Roe and vice president Bo Lin have also stepped "
                "down.", ctx) == [("Jane Roe", "Northwind Labs", "chief strategy officer", "left"),
                                  ("Bo Lin", "Northwind Labs", "vice president", "left")]
    assert left("At Northwind Labs, chief strategy officer Jane Roe left Contoso in January.", ctx) == [], \
        "the verb's object is an organisation of its own, known or not"


def test_regional_c_suite_titles_are_titles(ctx: RuleContext) -> None:
    assert left("以北辰科技為例，執行長周明遠、技術長李思源已於 3 月離職。", ctx) == [
        ("周明遠", "北辰科技", "執行長", "left"), ("李思源", "北辰科技", "技術長", "left")]
