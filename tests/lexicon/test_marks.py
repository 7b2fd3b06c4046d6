"""Known organisations in bold in the text the model reads (extract.lexicon.marks), and read back without the marks."""

from __future__ import annotations

import pytest

import extract.llm.prompt as prompt_module
from extract.lexicon.marks import mark_organisations, organisation_spans
from extract.lexicon.orgs import OrgEntry, OrgTable
from extract.llm.prompt import load_prompt
from extract.models.documents import Chunk
from extract.schemas import Education, Position

ORGS = OrgTable.from_entries([
    OrgEntry("Northwind Labs", ("Northwind",)), OrgEntry("Contoso"), OrgEntry("北辰科技", ("北辰",)),
    OrgEntry("Meta"),
])


def test_the_longest_known_name_at_a_place_never_inside_a_latin_word() -> None:
    text = "Jane Roe left Northwind Labs for Contoso; Metadata is no company, Meta is."
    assert [text[s:e] for s, e in organisation_spans(text, ORGS)] == ["Northwind Labs", "Contoso", "Meta"]


def test_marks_wrap_each_organisation_and_leave_every_other_character() -> None:
    text = "周明远此前任职于北辰科技，后加入Contoso。"
    marked = mark_organisations(text, ORGS)
    assert marked == "周明远此前任职于**北辰科技**，后加入**Contoso**。"
    assert marked.replace("**", "") == text
    assert mark_organisations("Bo Lin thanked his team.", ORGS) == "Bo Lin thanked his team."


def test_the_default_prompt_shows_the_numbered_sentences_marked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompt_module, "packaged_orgs", lambda: ORGS)
    text = "Ann Lee joined Contoso. She left Northwind in May."
    user = load_prompt("extract").messages(Chunk("d", 0, 0, len(text), text))[-1]["content"]
    assert "[1] Ann Lee joined **Contoso**.\n[2] She left **Northwind** in May." in user
    assert "in **bold**" in user, "the prompt says what the marks mean"


def test_an_organisation_copied_with_its_marks_is_read_without_them() -> None:
    job = Position(organization="**Northwind Labs**", title="**CTO**", status="joined", sentence=1)
    school = Education(institution="**北辰大学**", degree=None, sentence=2)
    assert (job.organization, job.title, school.institution) == ("Northwind Labs", "CTO", "北辰大学")
