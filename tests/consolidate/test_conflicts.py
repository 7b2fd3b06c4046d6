"""Two documents disagreeing on a date (issue 20): one position, the more telling date shown, the other kept with its
evidence as a conflict; dates further apart stay two stints. Invented people."""

from __future__ import annotations

import io

from rich.console import Console

from extract.consolidate import consolidate
from extract.models.mention import Evidence, Mention, PositionFact
from extract.render.show import render_person


def mention(doc: str, start: str | None, published: str = "2025-06-01", *, status: str = "joined") -> Mention:
    quote = f"Jane Roe joined Acme Robotics in {start}" if start else "Jane Roe joined Acme Robotics"
    return Mention(doc=doc, chunk=0, chunk_start=0, chunk_end=len(quote), published=published, name="Jane Roe",
                   name_start=0, name_end=8, positions=[PositionFact(
                       organization="Acme Robotics", status=status, start=start,
                       evidence=Evidence(doc=doc, start=0, end=len(quote), quote=quote, alignment="exact",
                                         method="sentence", score=100.0, supported=True))])


def test_two_sources_one_year_apart_are_one_position_with_the_conflict_marked() -> None:
    (record,) = consolidate([mention("a", "2019"), mention("b", "2020-03")])
    (position,) = record.positions
    assert position.start == "2020-03", "the more precise reading is shown"
    assert [(c.field, c.value, c.evidence[0].doc) for c in position.conflicts] == [("start", "2019", "a")]
    assert {e.doc for e in position.evidence} == {"a", "b"}
    buffer = io.StringIO()
    render_person(record, Console(file=buffer, width=120, color_system=None))
    assert "≠ start 2019 a" in buffer.getvalue()


def test_dates_years_apart_are_two_stints_and_one_document_is_never_in_conflict_with_itself() -> None:
    (record,) = consolidate([mention("a", "2015"), mention("b", "2023")])
    assert sorted(p.start for p in record.positions) == ["2015", "2023"]
    assert all(not p.conflicts for p in record.positions)
    (same_doc,) = consolidate([mention("a", "2019"), mention("a", "2020")])
    assert sorted(p.start for p in same_doc.positions) == ["2019", "2020"]


def test_agreeing_sources_have_no_conflict() -> None:
    (record,) = consolidate([mention("a", "2019"), mention("b", "2019-05"), mention("c", None)])
    (position,) = record.positions
    assert position.start == "2019-05" and position.conflicts == []


def titled(doc: str, title: str) -> Mention:
    quote = f"Jane Roe, {title} of Acme Robotics"
    return Mention(doc=doc, chunk=0, chunk_start=0, chunk_end=len(quote), published="2025-06-01", name="Jane Roe",
                   name_start=0, name_end=8, positions=[PositionFact(
                       organization="Acme Robotics", title=title, status="current",
                       evidence=Evidence(doc=doc, start=0, end=len(quote), quote=quote, alignment="exact",
                                         method="sentence", score=100.0, supported=True))])


def test_two_titles_at_one_organisation_are_one_tenure_across_documents_but_two_roles_in_one() -> None:
    (record,) = consolidate([titled("a", "CEO"), titled("b", "co-founder")])
    (position,) = record.positions
    assert position.title == "CEO" and {e.doc for e in position.evidence} == {"a", "b"}
    (same_doc,) = consolidate([titled("a", "assistant professor"), titled("a", "chief scientist")])
    assert sorted(p.title for p in same_doc.positions) == ["assistant professor", "chief scientist"]
