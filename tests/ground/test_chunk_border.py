"""A clause with a pronoun subject at the start of a chunk continues the person the chunk before named last (the rule
pass reads a document's chunks in order). Invented people and organisations."""

from __future__ import annotations

from extract.ground.rules import rule_mentions
from extract.lexicon.orgs import OrgTable
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact

FIRST = "北辰科技宣布，周明远将出任首席科学家。"
SECOND = "2019 年，他加入林海科技担任研究总监。"


def _chunks(doc: str, texts: list[str], start: int = 0) -> list[Chunk]:
    chunks, at = [], start
    for index, text in enumerate(texts):
        chunks.append(Chunk(doc=doc, index=index, start=at, end=at + len(text), text=text, published="2025-06-17"))
        at += len(text)
    return chunks


def _model(doc: str) -> list[Mention]:
    """The model's answers: 周明远 at 北辰科技, and someone else at 林海科技 (so the document knows that name)."""
    evidence = Evidence(doc=doc, start=0, end=4, quote="北辰科技", alignment="exact", method="sentence", score=100.0)
    other = Evidence(doc=doc, start=len(FIRST) + 10, end=len(FIRST) + 14, quote="林海科技", alignment="exact",
                     method="sentence", score=100.0)
    return [Mention(doc=doc, chunk=0, chunk_start=0, chunk_end=len(FIRST), name="周明远",
                    positions=[PositionFact(organization="北辰科技", status="joined", evidence=evidence)]),
            Mention(doc=doc, chunk=1, chunk_start=len(FIRST), chunk_end=len(FIRST) + len(SECOND), name="赵一凡",
                    positions=[PositionFact(organization="林海科技", status="current", evidence=other)])]


def _found(mentions: list[Mention]) -> set[tuple[str, str, str]]:
    return {(m.name, p.organization, p.status) for m in mentions for p in m.positions}


def test_a_pronoun_opening_a_chunk_continues_the_person_named_last_in_the_chunk_before() -> None:
    added = rule_mentions(_model("d"), _chunks("d", [FIRST, SECOND]), OrgTable.load())
    assert ("周明远", "林海科技", "joined") in _found(added)


def test_the_person_named_last_does_not_cross_into_another_document() -> None:
    """Document b knows 林海科技 (the model gave it someone there), so only the carried name is missing."""
    chunks = [*_chunks("a", [FIRST]), *_chunks("b", [SECOND], start=len(FIRST))]
    model = _model("a")[:1] + _model("b")[1:]
    assert not any(m.name == "周明远" and m.doc == "b" for m in rule_mentions(model, chunks, OrgTable.load()))
