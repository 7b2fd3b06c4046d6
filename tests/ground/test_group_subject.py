"""A clause whose subject is a group word gives its move or role to each name of the list before it. Invented people."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, find_named_moves
from extract.lexicon.orgs import OrgTable


@pytest.fixture(scope="module")
def ctx() -> RuleContext:
    return RuleContext(orgs=OrgTable.load(), doc_orgs=frozenset(), names={"周明远": "周明远"})


def moves(sentence: str, ctx: RuleContext) -> set[tuple[str, str, str]]:
    return {(r.name, r.organization, r.status) for r in find_named_moves(sentence, ctx)}


def test_each_name_of_the_list_before_the_group_word(ctx: RuleContext) -> None:
    # 周明远 is a name the model gave; Dana Whitfield and Bo Lin are name shapes ("Bo Lin等": Han after the name)
    sentence = "其中包括周明远、Dana Whitfield、Bo Lin等3位研究员，他们曾在OpenAI担任负责人。"
    assert moves(sentence, ctx) == {(n, "OpenAI", "former") for n in ("周明远", "Dana Whitfield", "Bo Lin")}


def test_one_name_or_none_is_no_group(ctx: RuleContext) -> None:
    assert moves("周明远表示，他们曾在OpenAI工作。", ctx) == set(), "one name: 他们 is somebody else"
    assert moves("他们曾在OpenAI工作。", ctx) == set()
    assert moves("其中包括周明远、Bo Lin等人，并且他们曾在OpenAI工作。", ctx) == set(), "not the clause's whole subject"
