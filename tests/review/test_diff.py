"""`extract diff` compares two runs by person (not id) and shows exactly the changed facts with their evidence."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from extract.consolidate import read_records
from extract.errors import InputError
from extract.render.diff import render_diff
from extract.review.diff import FactChange, RecordDiff, diff_records, load_records
from extract.schemas.record import Record, RecordEducation, RecordEvidence, RecordPosition
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"


def ev(quote: str, doc: str = "d1", start: int = 0) -> list[RecordEvidence]:
    return [RecordEvidence(doc=doc, start=start, end=start + len(quote), quote=quote)]


def pos(
    org: str,
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    status: str = "unknown",
    quote: str | None = None,
) -> RecordPosition:
    return RecordPosition(
        organization=org, title=title, start=start, end=end, status=status, evidence=ev(quote or f"{org} quote")
    )


def rec(
    id: str,
    name: str,
    aliases: list[str] | None = None,
    positions: list[RecordPosition] | None = None,
    education: list[RecordEducation] | None = None,
) -> Record:
    return Record(
        id=id, name=name, aliases=aliases or [], positions=positions or [], education=education or [], sources=["d1"]
    )


def render(diff: RecordDiff, width: int = 60) -> str:
    buffer = io.StringIO()
    render_diff(diff, Console(file=buffer, width=width, color_system=None))
    return buffer.getvalue()


def edited_gold() -> tuple[list[Record], list[Record]]:
    """The gold run and a copy with four edits: a person dropped, a position added, a date changed, an id renamed."""
    old = read_records(GOLD)
    new = [r.model_copy(deep=True) for r in old if r.id != "jack-clark"]
    by_id = {r.id: r for r in new}
    by_id["xiaohua-zhai"].positions.append(pos("Anthropic", "研究员", "2025", quote="翟晓华加入 Anthropic"))
    by_id["andrej-karpathy"].positions[1].start = "2016"
    by_id["lucas-beyer"].id = "beyer-lucas"
    return old, new


# ---------------------------------------------------------------- realistic input


def test_gold_against_itself_is_empty() -> None:
    records = read_records(GOLD)
    diff = diff_records(records, [r.model_copy(deep=True) for r in records])
    assert diff.is_empty
    assert diff.unchanged == len(records)
    assert diff.counts()["facts_added"] == diff.counts()["facts_changed"] == 0


def test_gold_edits_are_found_exactly() -> None:
    old, new = edited_gold()
    diff = diff_records(old, new)
    assert [r.id for r in diff.removed] == ["jack-clark"]
    assert diff.added == []
    assert diff.unchanged == len(old) - 3  # jack-clark removed; zhai and karpathy changed; beyer's new id is no change
    changed = {p.old_id: p for p in diff.changed}
    assert set(changed) == {"xiaohua-zhai", "andrej-karpathy"}
    (added,) = changed["xiaohua-zhai"].facts
    assert (added.kind, added.change, added.key) == ("position", "added", "Anthropic")
    assert added.fields == {"title": (None, "研究员"), "start": (None, "2025")}
    assert added.quote == "翟晓华加入 Anthropic" and added.where == "d1:0-15"
    (moved,) = changed["andrej-karpathy"].facts
    assert (moved.change, moved.key, moved.fields) == ("changed", "Tesla", {"start": ("2017", "2016")})
    tesla = next(r for r in new if r.id == "andrej-karpathy").positions[1].evidence[0]
    assert (moved.quote, moved.where) == (tesla.quote, f"{tesla.doc}:{tesla.start}-{tesla.end}")
    assert diff.counts() == {
        "people_added": 0,
        "people_removed": 1,
        "people_changed": 2,
        "people_unchanged": len(old) - 3,
        "facts_added": 1,
        "facts_removed": 0,
        "facts_changed": 1,
    }


def test_gold_diff_renders_narrow_without_escape_codes() -> None:
    old, new = edited_gold()
    text = render(diff_records(old, new))
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "people removed" in text and "facts changed" in text
    assert "- Jack Clark (jack-clark)" in text
    assert "+ position Anthropic: title 研究员, start 2025" in text
    assert "~ position Tesla: start 2017 → 2016" in text
    assert "“翟晓华加入 Anthropic”" in text


def test_load_records_takes_a_run_folder_or_a_file(tmp_path) -> None:
    (tmp_path / "records.jsonl").write_text(GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    assert [r.id for r in load_records(tmp_path)] == [r.id for r in load_records(GOLD)]
    with pytest.raises(InputError, match="missing"):
        load_records(tmp_path / "missing")
    (tmp_path / "empty-run").mkdir()
    with pytest.raises(InputError, match=r"empty-run/records\.jsonl"):
        load_records(tmp_path / "empty-run")
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        load_records(tmp_path / "bad.jsonl")


# ---------------------------------------------------------------- matching people


def test_match_survives_new_id_and_another_script() -> None:
    old = [rec("xiaohua-zhai", "Xiaohua Zhai", ["翟晓华"], [pos("OpenAI", start="2024-12")])]
    new = [rec("p1", "翟晓华", [], [pos("OpenAI", start="2024-12")])]
    diff = diff_records(old, new)
    assert not diff.added and not diff.removed
    (person,) = diff.changed
    assert (person.old_id, person.new_id) == ("xiaohua-zhai", "p1")
    assert person.aliases_removed == ["Xiaohua Zhai"] and person.aliases_added == [] and person.facts == []


def test_han_name_matches_latin_name_only_by_pinyin() -> None:
    diff = diff_records([rec("a", "Xiaohua Zhai")], [rec("b", "翟晓华")])
    assert diff.unchanged == 0 and len(diff.changed) == 1 and not diff.added


def test_homophone_han_names_are_different_people() -> None:
    diff = diff_records([rec("wang-gang", "王刚")], [rec("wang-gang", "王钢")])
    assert [r.name for r in diff.removed] == ["王刚"] and [r.name for r in diff.added] == ["王钢"]


def test_matching_is_one_to_one_by_strongest_overlap() -> None:
    old = [rec("a", "Lucas Beyer", ["卢卡斯·拜尔"])]
    new = [rec("x", "Beyer Lucas"), rec("y", "Lucas Beyer", ["卢卡斯·拜尔"])]
    diff = diff_records(old, new)
    assert diff.unchanged == 1 and [r.id for r in diff.added] == ["x"]


def test_lone_surname_alias_does_not_join_people() -> None:
    diff = diff_records([rec("a", "Anna Smith", ["Smith"])], [rec("b", "John Smith", ["Smith"])])
    assert len(diff.added) == 1 and len(diff.removed) == 1


# ---------------------------------------------------------------- facts


def test_positions_at_one_organisation_pair_by_title() -> None:
    old = [rec("a", "Li Ming", positions=[pos("Huawei", "工程师", "2000"), pos("Huawei", "技术专家", "2003")])]
    new = [rec("a", "Li Ming", positions=[pos("Huawei", "技术专家", "2004"), pos("Huawei", "工程师", "2000")])]
    (person,) = diff_records(old, new).changed
    (fact,) = person.facts
    assert fact.change == "changed" and fact.key == "Huawei (技术专家)"
    assert fact.fields == {"start": ("2003", "2004")}


def test_education_and_status_changes() -> None:
    school = RecordEducation(institution="Peking University", degree="硕士", evidence=ev("北大硕士"))
    phd = RecordEducation(institution="Peking University", degree="博士", end="2014", evidence=ev("北大博士"))
    old = [rec("a", "Li Ming", positions=[pos("Google", status="current")], education=[school])]
    new = [rec("a", "Li Ming", positions=[pos("Google", status="left")], education=[phd])]
    (person,) = diff_records(old, new).changed
    kinds = {(f.kind, f.change): f for f in person.facts}
    assert kinds[("position", "changed")].fields == {"status": ("current", "left")}
    assert kinds[("education", "changed")].fields == {"degree": ("硕士", "博士"), "end": (None, "2014")}
    assert kinds[("education", "changed")].quote == "北大博士"


def test_removed_fact_carries_old_evidence() -> None:
    old = [rec("a", "Li Ming", positions=[pos("DJI", quote="曾任大疆总工程师"), pos("Huawei")])]
    new = [rec("a", "Li Ming", positions=[pos("Huawei")])]
    (person,) = diff_records(old, new).changed
    assert person.facts == [FactChange("position", "removed", "DJI", {}, "曾任大疆总工程师", "d1:0-8")]


# ---------------------------------------------------------------- result helpers


def test_as_dict_is_json_ready() -> None:
    old, new = edited_gold()
    data = json.loads(json.dumps(diff_records(old, new).as_dict(), ensure_ascii=False))
    assert data["counts"]["people_removed"] == 1
    assert data["removed"][0]["id"] == "jack-clark"
    facts = [f for p in data["changed"] for f in p["facts"]]
    assert {
        "kind": "position",
        "change": "changed",
        "key": "Tesla",
        "fields": {"start": ["2017", "2016"]},
    }.items() <= next(f for f in facts if f["key"] == "Tesla").items()


def test_narrow_keeps_only_the_named_person() -> None:
    old, new = edited_gold()
    diff = diff_records(old, new)
    zhai = diff.narrow("翟晓华")
    assert [p.old_id for p in zhai.changed] == ["xiaohua-zhai"] and not zhai.removed and zhai.unchanged == 0
    clark = diff.narrow("jack clark")
    assert [r.id for r in clark.removed] == ["jack-clark"] and not clark.changed
    beyer = diff.narrow("Lucas Beyer")
    assert beyer.is_empty and beyer.unchanged == 1


def test_empty_diff_renders_summary_and_no_differences() -> None:
    records = [rec("a", "Li Ming", positions=[pos("Google")])]
    text = render(diff_records(records, records))
    assert "people unchanged" in text and "no differences" in text
    assert "+ " not in text and "~ " not in text


def test_render_lists_added_person_with_positions_and_alias_lines() -> None:
    old = [rec("a", "Xiaohua Zhai", ["翟晓华"])]
    new = [
        rec("a", "Xiaohua Zhai", ["ZHAI Xiaohua"]),
        rec("b", "Ahmad Beirami", positions=[pos("Google", "研究科学家", "2022-01")]),
    ]
    text = render(diff_records(old, new))
    assert "+ Ahmad Beirami (b)" in text and "+ Google, 研究科学家, 2022-01" in text
    assert "+ alias ZHAI Xiaohua" in text and "- alias 翟晓华" in text
    assert "\x1b" not in text


def test_colour_terminal_marks_lines() -> None:
    buffer = io.StringIO()
    old = [rec("a", "Li Ming", positions=[pos("DJI")])]
    render_diff(diff_records(old, []), Console(file=buffer, width=60, color_system="truecolor", force_terminal=True))
    assert "\x1b[" in buffer.getvalue() and "Li Ming" in buffer.getvalue()


def test_a_rename_is_shown_as_one() -> None:
    """``extract fix rename``: the old name becomes an alias; diff says renamed, not an alias added (issue 21)."""
    old = Record(id="roe", name="Jane Roe Labs", aliases=["Jane Roe"], positions=[], education=[], sources=["d"])
    new = old.model_copy(update={"name": "Jane Roe", "aliases": ["Jane Roe Labs"]})
    (person,) = diff_records([old], [new]).changed
    assert person.renamed_from == "Jane Roe Labs" and person.aliases_added == []
    assert person.as_dict()["renamed_from"] == "Jane Roe Labs"


def test_evidence_a_fact_gains_is_reported() -> None:
    """A new document (or a merge) adds a quote to a fact that is otherwise unchanged (issue 21)."""
    first = RecordEvidence(doc="a", start=0, end=8, quote="Jane Roe")
    second = RecordEvidence(doc="b", start=5, end=30, quote="Jane Roe joined Acme")
    old = Record(id="roe", name="Jane Roe", aliases=[], education=[], sources=["a"],
                 positions=[RecordPosition(organization="Acme", evidence=[first])])
    new = old.model_copy(update={"positions": [RecordPosition(organization="Acme", evidence=[first, second])]})
    (person,) = diff_records([old], [new]).changed
    (fact,) = person.facts
    assert fact.fields == {} and fact.evidence_added == ("b:5-30 “Jane Roe joined Acme”",)
    buffer = io.StringIO()
    render_diff(diff_records([old], [new]), Console(file=buffer, width=120, color_system=None))
    assert "+ evidence b:5-30 “Jane Roe joined Acme”" in buffer.getvalue()
