"""Session 22's shapes: an apposition whose organisation the sentence says the person came from, and 空降 as a
joining verb. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_appositions
from extract.lexicon.orgs import OrgTable, normalise_org


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    names = ("Jane Roe", "周明远")
    return RuleContext(orgs=OrgTable.load(), names={n.casefold(): n for n in names},
                       doc_orgs=frozenset(normalise_org(o) for o in ("北辰科技", "林海科技", "Northwind Labs",
                                                                     "Contoso")))


def _statuses(sentence: str, ctx: RuleContext) -> dict[str, str]:
    return {r.organization: r.status for r in find_appositions(sentence, ctx)}


@pytest.mark.parametrize(("sentence", "organization", "status"), [
    ("林海科技招募了北辰科技首席科学家周明远。", "北辰科技", "left"),  # the hired come from there
    ("Last week Contoso roped in Northwind Labs's top executive Jane Roe.", "Northwind Labs", "left"),
    ("今年 2 月北辰科技研究副总裁周明远空降林海科技后，团队调整。", "北辰科技", "former"),  # 空降: a joining verb
    ("北辰科技研究副总裁周明远表示，团队很好。", "北辰科技", "current"),  # no move: the post is held
    ("不久前北辰科技首席科学家周明远表示，公司很好。", "北辰科技", "current"),  # 不久前 is "recently", no former mark
])
def test_an_appositions_status_follows_the_move_of_its_sentence(sentence: str, organization: str, status: str,
                                                                 ctx: RuleContext) -> None:
    assert _statuses(sentence, ctx).get(organization) == status
