"""A reviewer's corrections at consolidation (issue 21): each kind on invented people, and a bad file in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.consolidate import consolidate, load_corrections
from extract.consolidate.corrections import Corrections, add_correction
from extract.errors import InputError
from extract.models.mention import Evidence, Mention, PositionFact


def mention(doc: str, name: str, org: str, *, start: str | None = None, others: tuple[str, ...] = ()) -> Mention:
    quote = f"{name} joined {org}"
    return Mention(doc=doc, chunk=0, chunk_start=0, chunk_end=len(quote), published="2025-06-01", name=name,
                   name_start=0, name_end=len(name), other_names=list(others), positions=[PositionFact(
                       organization=org, status="joined", start=start,
                       evidence=Evidence(doc=doc, start=0, end=len(quote), quote=quote, alignment="exact",
                                         method="sentence", score=100.0, supported=True))])


MENTIONS = [mention("a", "Jane Roe", "Acme Robotics", start="2020"), mention("b", "Jane Roe", "Beta Labs"),
            mention("c", "J. Doe", "Gamma AI")]


def test_set_changes_one_field_and_org_renames_an_organisation() -> None:
    fixes = Corrections.model_validate({
        "set": [{"person": "Jane Roe", "organization": "Acme Robotics", "field": "start", "value": "2019"}],
        "org": [{"name": "Beta Labs", "canonical": "Beta Research"}]})
    report: list[str] = []
    (jane, _) = consolidate(MENTIONS, corrections=fixes, report=report)
    # Beta's undated "joined" is dated at its document's month, as an estimate (records.news_date)
    assert {p.organization: p.start for p in jane.positions} == {"Acme Robotics": "2019", "Beta Research": "2025-06"}
    assert report == []


def test_merge_and_rename_then_reject_by_evidence_span() -> None:
    fixes = Corrections.model_validate({
        "merge": [{"people": ["Jane Roe", "J. Doe"], "note": "one person"}],
        "rename": [{"person": "Jane Roe", "name": "Jane Roe-Doe"}],
        "reject": [{"person": "Jane Roe-Doe", "organization": "Gamma AI", "evidence": "c:0-22"}]})
    (person,) = consolidate(MENTIONS, corrections=fixes)
    assert person.name == "Jane Roe-Doe" and {"Jane Roe", "J. Doe"} <= set(person.aliases)
    assert sorted(p.organization for p in person.positions) == ["Acme Robotics", "Beta Labs"]
    assert [m.detail for m in person.merges if m.rule == "correction"] == ["one person"]


def test_a_file_round_trip_keeps_comments_and_refuses_bad_entries(tmp_path: Path) -> None:
    path = tmp_path / "corrections.toml"
    add_correction(path, "reject", {"person": "Jane Roe", "organization": "Beta Labs", "note": None})
    path.write_text(path.read_text(encoding="utf-8") + "# checked with the editor, 2026-12-06\n", encoding="utf-8")
    add_correction(path, "split", {"people": ["Jane Roe", "J. Doe"]})
    text = path.read_text(encoding="utf-8")
    assert "checked with the editor" in text and "note" not in text
    assert len(load_corrections(path)) == 2
    with pytest.raises(ValueError):
        add_correction(path, "set", {"person": "Jane Roe", "organization": "Beta Labs", "field": "salary",
                                     "value": "1"})
    path.write_text("[[reject]]\nperson = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"reject\.0\.person"):
        load_corrections(path)
    assert len(load_corrections(tmp_path / "none.toml")) == 0


def test_each_record_lists_the_corrections_applied_to_it() -> None:
    fixes = Corrections.model_validate({
        "reject": [{"person": "Jane Roe", "organization": "Beta Labs", "note": "a neighbour's"}],
        "split": [{"people": ["Jane Roe", "J. Doe"]}]})
    jane, doe = consolidate(MENTIONS, corrections=fixes)
    assert jane.corrections == ["reject Beta Labs (a neighbour's)", "split Jane Roe / J. Doe"]
    assert doe.corrections == ["split Jane Roe / J. Doe"]
