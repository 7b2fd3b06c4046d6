"""Shapes read since session 15: an organisation after its description, a bracket after a name, a clause with no
subject given to the list before it, and the names a tagger finds read by the shapes. Invented people and
organisations only."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_appositions, find_continued, find_named_moves, rule_mentions
from extract.ground.rules.including import find_included
from extract.ground.rules.people import last_named
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.models.documents import Chunk


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def _ctx(orgs: OrgTable, names: tuple[str, ...] = (), doc_orgs: tuple[str, ...] = ()) -> RuleContext:
    return RuleContext(orgs=orgs, doc_orgs=frozenset(normalise_org(o) for o in doc_orgs),
                       names={n.casefold(): n for n in names})


def test_an_organisation_after_its_description(orgs: OrgTable) -> None:
    ctx = _ctx(orgs, ("Jane Roe", "周明远"), ("Northwind Labs", "北辰科技"))
    english = find_named_moves("Jane Roe joined the AI startup Northwind Labs in May.", ctx)
    assert [(r.name, r.organization, r.status) for r in english] == [("Jane Roe", "Northwind Labs", "joined")]
    chinese = find_named_moves("周明远创立了做芯片的初创公司“北辰科技”。", ctx)
    assert [(r.name, r.organization, r.status) for r in chinese] == [("周明远", "北辰科技", "founded")]
    # punctuation ends a description: the organisation of the next clause is not the one founded
    assert find_named_moves("周明远创立了一家公司，后来北辰科技收购了它。", ctx) == []


def test_a_bracket_after_a_name_is_an_apposition_and_a_list_reads_past_it(orgs: OrgTable) -> None:
    ctx = _ctx(orgs, ("周明远", "李思源"), ("北辰科技",))
    sentence = "2023 年 4 月，周明远（前百度 CEO）与李思源（前百度 COO）一同创立了大模型公司北辰科技。"
    assert [(r.name, r.organization, r.title, r.status) for r in find_appositions(sentence, ctx)] == [
        ("周明远", "百度", "CEO", "former"), ("李思源", "百度", "COO", "former")]
    assert sorted((r.name, r.organization, r.status) for r in find_named_moves(sentence, ctx)) == [
        ("周明远", "北辰科技", "founded"), ("李思源", "北辰科技", "founded")]


def test_a_clause_with_no_subject_is_the_whole_list_s(orgs: OrgTable) -> None:
    ctx = _ctx(orgs, ("周明远", "李思源", "Bo Lin"), ("北辰科技",))
    roles = find_continued("2023 年 5 月，周明远、李思源和 Bo Lin 离开微软，创立了北辰科技。", ctx, None)
    assert sorted((r.name, r.organization, r.status) for r in roles) == [
        ("Bo Lin", "北辰科技", "founded"), ("周明远", "北辰科技", "founded"), ("李思源", "北辰科技", "founded")]
    one = find_continued("周明远离开微软，创立了北辰科技。", ctx, None)
    assert [(r.name, r.organization) for r in one] == [("周明远", "北辰科技")]


def test_names_the_tagger_finds_are_read_by_the_shapes_but_are_no_pronoun_s_person(orgs: OrgTable) -> None:
    """The model gave nobody: the names the tagger finds next to career words still let the shapes read a roundup;
    a later clause with no subject is not given to them."""
    ctx = _ctx(orgs, doc_orgs=("北辰科技",))
    ctx.tagged.update({"林海涛": "林海涛", "陈思远": "陈思远"})
    roles = find_included("北辰科技则有3位核心高管离职，包括联合创始人林海涛和陈思远。", ctx)
    assert sorted((r.name, r.organization, r.status) for r in roles) == [
        ("林海涛", "北辰科技", "left"), ("陈思远", "北辰科技", "left")]

    ctx = _ctx(orgs, ("周明远",))
    ctx.tagged["李思源"] = "李思源"
    assert last_named("周明远曾与李思源共事", ctx) == "周明远", "a tagged name is not whom a pronoun refers to"


def test_the_rule_pass_knows_the_tagger_s_names(orgs: OrgTable) -> None:
    text = "微软则有3位核心高管离职，包括联合创始人林海涛和陈思远。"
    chunk = Chunk(doc="d1", index=0, start=0, end=len(text), text=text, published="2025-06-16")
    found = {(m.name, p.organization, p.status) for m in rule_mentions([], [chunk], orgs) for p in m.positions}
    assert ("陈思远", "微软", "left") in found  # the one the tagger finds in this sentence


def test_a_list_joined_by_as_well_as_that_will_be_joining(orgs: OrgTable) -> None:
    ctx = _ctx(orgs, ("Jane Roe", "Bo Lin", "Ann Lee"))
    roles = find_named_moves("Professors Jane Roe and Bo Lin as well as Ann Lee will be joining Microsoft.", ctx)
    assert sorted((r.name, r.organization, r.status) for r in roles) == [
        ("Ann Lee", "Microsoft", "joined"), ("Bo Lin", "Microsoft", "joined"), ("Jane Roe", "Microsoft", "joined")]


def test_a_list_after_a_verb_is_no_subject_and_a_relative_clause_names_no_organisation(orgs: OrgTable) -> None:
    ctx = _ctx(orgs, ("Jane Roe", "Bo Lin", "Ann Lee"))
    roles = find_continued("Jane Roe hired Bo Lin and Ann Lee, then left Google.", ctx, None)
    assert "Bo Lin" not in {r.name for r in roles}, "the list is the object of 'hired'"
    assert find_named_moves("Jane Roe left the company Google acquired last year.", ctx) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2021 年 3 月，百度副总裁周明远离职，之后创办北辰科技。", ("周明远", "北辰科技", "founded")),  # a new company
    ("周明远离职后创立了林海智能科技有限公司。", None),  # 周明远 is named by no shape here: nothing
    ("百度副总裁周明远离职，之后创办了一家公司。", None),  # a determiner: no name
    ("百度副总裁周明远离职，此前曾创立机器学习公司 Northwind。", None),  # a description, the name after it
])
def test_a_company_the_table_does_not_know_after_a_founding_verb(orgs: OrgTable, text: str, expected: tuple) -> None:
    chunk = Chunk(doc="d1", index=0, start=0, end=len(text), text=text, published="2023-12-30")
    founded = [(m.name, p.organization, p.status) for m in rule_mentions([], [chunk], orgs) for p in m.positions
               if p.status == "founded"]
    assert founded == ([expected] if expected else [])


def test_an_officially_adverb_before_a_clause_with_no_subject(orgs: OrgTable) -> None:
    text = "上月，微软首席科学家周明远宣布离职，也正式入职百度。"
    chunk = Chunk(doc="d1", index=0, start=0, end=len(text), text=text, published="2023-12-30")
    found = {(m.name, p.organization, p.status) for m in rule_mentions([], [chunk], orgs) for p in m.positions}
    assert ("周明远", "百度", "joined") in found
