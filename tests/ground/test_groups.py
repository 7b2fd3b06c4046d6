"""A group named by its count in a later sentence gets that sentence's facts, one per person of the last list of
names. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_appositions, find_named_moves, rule_mentions
from extract.ground.rules.groups import find_group_facts, last_list
from extract.ground.rules.hires import find_hires
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact

SHAPES = (find_appositions, find_named_moves, find_hires)
FOUR = ["Jane Roe", "Bo Lin", "Ann Lee", "Carl Dunn"]
THREE = ["周明远", "李思源", "赵一凡"]


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = [*FOUR, *THREE]
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names},
                       doc_orgs=frozenset(normalise_org(o) for o in ("Northwind Labs", "Contoso Vision", "北辰科技")))


def facts(sentence: str, ctx: RuleContext, group: list[str]) -> set[tuple[str, str, str | None, str]]:
    return {(r.name, r.organization, r.title, r.status) for r in find_group_facts(sentence, ctx, group, SHAPES)}


def test_the_longest_list_of_a_sentence(ctx: RuleContext) -> None:
    assert last_list("Professors Jane Roe and Bo Lin, as well as Ann Lee and Carl Dunn will be joining Northwind "
                     "Labs, Jane Roe said.", ctx) == FOUR
    assert last_list("周明远、李思源和赵一凡离开了北辰科技。", ctx) == THREE
    assert last_list("Jane Roe joined Northwind Labs.", ctx) is None


def test_a_count_that_matches_the_list_stands_for_each_of_its_people(ctx: RuleContext) -> None:
    assert facts("All four engineers are co-founders of Contoso Vision.", ctx, FOUR) == {
        (name, "Contoso Vision", "co-founders", "current") for name in FOUR}
    assert facts("The four-person team co-founded Contoso Vision, with the aim of x.", ctx, FOUR) == {
        (name, "Contoso Vision", None, "founded") for name in FOUR}
    assert facts("三位都加入了北辰科技。", ctx, THREE) == {(name, "北辰科技", None, "joined") for name in THREE}
    assert facts("三位研究员都曾在北辰科技工作。", ctx, THREE) == {(name, "北辰科技", None, "former") for name in THREE}
    assert facts("Both were swiftly snapped up by Contoso Vision.", ctx, ["Jane Roe", "Bo Lin"]) == {
        ("Jane Roe", "Contoso Vision", None, "joined"), ("Bo Lin", "Contoso Vision", None, "joined")}


def test_no_fact_when_the_count_differs_or_opens_no_clause(ctx: RuleContext) -> None:
    assert facts("All three were swiftly snapped up by Contoso Vision.", ctx, FOUR) == set(), "four, not three"
    assert facts("两人均加入了北辰科技。", ctx, THREE) == set()
    assert facts("Contoso Vision hired all four experts.", ctx, FOUR) == set(), "the count is an object"
    assert facts("All four engineers are co-founders of Contoso Vision.", ctx, []) == set()


def test_the_list_carries_over_to_the_next_chunk_of_its_document() -> None:
    first = "Jane Roe and Bo Lin will be joining Northwind Labs next month."
    second = "Both are also the founders of Contoso Vision."
    text = f"{first}\n{second}"
    chunks = [Chunk(doc="d", index=0, start=0, end=len(first), text=first, published="2025-01-01"),
              Chunk(doc="d", index=1, start=len(first) + 1, end=len(text), text=second, published="2025-01-01")]
    evidence = Evidence(doc="d", start=0, end=len(first), quote=first, alignment="exact", method="sentence",
                        score=100.0)
    model = [Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(first), name=name, positions=[
        PositionFact(organization=org, status="joined", evidence=evidence)])
        for name, org in (("Jane Roe", "Northwind Labs"), ("Bo Lin", "Northwind Labs"), ("Ann Lee", "Contoso Vision"))]
    found = {(m.name, p.organization, p.evidence.quote) for m in rule_mentions(model, chunks, OrgTable.load())
             for p in m.positions}
    assert ("Jane Roe", "Contoso Vision", second) in found and ("Bo Lin", "Contoso Vision", second) in found
