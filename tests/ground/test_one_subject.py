"""A sentence that names nobody has one subject: a fact the model copies from it to several people of the chunk is
kept only for the person named last before it (extract.ground.attribute.one_subject_each). Invented names."""

from __future__ import annotations

from extract.ground.grounding import ground_extraction
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction


def _posts(text: str, people: dict[str, list[tuple[str, int]]]) -> set[tuple[str, str]]:
    """Ground one reply giving each person the (organisation, sentence) pairs listed, and return what is kept."""
    reply = ChunkExtraction.model_validate({"people": [
        {"name": name, "positions": [{"organization": org, "title": None, "status": "joined", "sentence": n}
                                     for org, n in posts]}
        for name, posts in people.items()]})
    chunk = Chunk("d", 0, 0, len(text), text, None, "2025-06-17")
    return {(m.name, p.organization) for m in ground_extraction(text, chunk, reply) for p in m.positions}


COPIED = "北辰科技新团队由周明远领导。李思源负责视频方向。曾在林海科技工作多年，2018年加入Contoso担任研发总监。"


def test_a_subjectless_sentence_copied_to_everyone_stays_with_the_person_named_last() -> None:
    kept = _posts(COPIED, {"周明远": [("Contoso", 3)], "李思源": [("Contoso", 3)], "赵一凡": [("Contoso", 3)]})
    assert kept == {("李思源", "Contoso")}


def test_one_claimant_keeps_the_fact() -> None:
    assert _posts(COPIED, {"周明远": [("Contoso", 3)]}) == {("周明远", "Contoso")}


def test_a_group_or_a_pronoun_sentence_is_left_alone() -> None:
    group = "周明远和李思源是老同事。两人均曾在林海科技工作。"
    assert _posts(group, {"周明远": [("林海科技", 2)], "李思源": [("林海科技", 2)]}) == {
        ("周明远", "林海科技"), ("李思源", "林海科技")}
    authors = "Jane Roe, Bo Lin and Ann Lee wrote the paper. All three authors joined Contoso."
    assert len(_posts(authors, {n: [("Contoso", 2)] for n in ("Jane Roe", "Bo Lin", "Ann Lee")})) == 3


def test_a_heading_broken_over_two_lines_is_left_alone() -> None:
    text = "周明远谈到了行业。\n林海科技研发负责人、\n首席科学家李思源"
    assert ("李思源", "林海科技") in _posts(text, {"周明远": [("林海科技", 2)], "李思源": [("林海科技", 2)]})
