"""`extract eval` scoring: a hand-made gold and prediction whose scores are worked out by hand below."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from extract.consolidate import read_records
from extract.lexicon.orgs import OrgTable
from extract.render.evaluation import render_evaluation
from extract.review.evaluate import date_kind, evaluate
from extract.review.matching import match_facts, match_persons
from extract.review.position_fields import same_title
from extract.schemas.record import Record, RecordEducation, RecordEvidence, RecordMove, RecordPosition
from tests.conftest import ROOT

GOLD_FILE = ROOT / "tests" / "gold" / "seeds.records.jsonl"


def ev(quote: str, doc: str = "d1", start: int | None = 0, end: int | None = None) -> RecordEvidence:
    return RecordEvidence(doc=doc, start=start, end=len(quote) if end is None and start == 0 else end, quote=quote)


def pos(org: str, *, title: str | None = None, start: str | None = None, end: str | None = None,
        quote: str = "q") -> RecordPosition:
    return RecordPosition(organization=org, title=title, start=start, end=end, evidence=[ev(quote)])


def edu(inst: str, *, degree: str | None = None, end: str | None = None) -> RecordEducation:
    return RecordEducation(institution=inst, degree=degree, end=end, evidence=[ev("q")])


def rec(rid: str, name: str, aliases: list[str] | None = None, positions: list[RecordPosition] | None = None,
        education: list[RecordEducation] | None = None) -> Record:
    return Record(id=rid, name=name, aliases=aliases or [], positions=positions or [], education=education or [],
                  sources=["d1"])


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


GOLD = [
    rec("hugo", "Hugo Larochelle", ["Larochelle"],
        [pos("Google", start="2017"), pos("Google DeepMind", title="首席科学家", end="2025-04")]),
    rec("zhai", "翟晓华", ["Xiaohua Zhai"], [pos("OpenAI", start="2024-12")],
        [edu("Peking University", degree="博士")]),
    rec("clark", "Jack Clark", [], [pos("Anthropic", start="2021")]),
]

PREDICTED = [
    rec("p1", "Hugo Larochelle", [], [
        pos("谷歌", start="2017"),  # the alias table says 谷歌 is Google
        pos("Google DeepMind", title="首席科学家", end="2025"),  # coarser end date
        pos("Whetlab", quote="invented Whetlab role"),  # not in gold
    ]),
    rec("p2", "Xiaohua Zhai", [], [pos("OpenAI", start="2024-12")]),  # the education is missed
    rec("p3", "Larochelle"),  # a second record of Hugo: a duplicate
    rec("p4", "扎克伯格", [], [pos("Meta")]),  # nobody in gold; Jack Clark is missing
]


def test_gold_against_itself_scores_one_everywhere(orgs: OrgTable) -> None:
    gold = read_records(GOLD_FILE)
    result = evaluate(gold, gold, orgs=orgs)
    for score in (result.persons, result.positions, result.education, result.dates.score):
        assert (score.recall, score.precision, score.f1) == (1.0, 1.0, 1.0)
    assert result.persons.matched == len(gold) == 39
    assert result.positions.matched == 90 and result.education.matched == 15
    assert result.omissions == () and result.hallucinations == ()
    assert result.persons.duplicates == 0 and result.dates.partial == 0
    assert result.evidence.checked is False and result.evidence.share is None


def test_persons_missing_duplicate_and_extra(orgs: OrgTable) -> None:
    persons = evaluate(PREDICTED, GOLD, orgs=orgs).persons
    # 3 gold, 4 predicted: Hugo and Zhai found, Larochelle a duplicate of Hugo, 扎克伯格 a false positive
    assert (persons.gold, persons.predicted, persons.matched) == (3, 4, 2)
    assert (persons.duplicates, persons.duplicated_persons, persons.false_positives) == (1, 1, 1)
    assert persons.recall == pytest.approx(2 / 3)
    assert persons.precision == pytest.approx(2 / 3)  # 2 / (2 + 1): the duplicate is not a false positive
    result = evaluate(PREDICTED, GOLD, orgs=orgs)
    assert result.missed_persons == ("Jack Clark",)
    assert result.extra_persons == ("扎克伯格",)
    assert result.duplicate_records == (("Hugo Larochelle", "Larochelle"),)


def test_positions_education_omissions_hallucinations(orgs: OrgTable) -> None:
    result = evaluate(PREDICTED, GOLD, orgs=orgs)
    # gold 2 (Hugo) + 1 (Zhai) + 1 (Clark, whose record is missed); predicted 3 + 1 + 1 (扎克伯格, not in gold);
    # matched Google=谷歌, GDM, OpenAI. Facts of missed and extra people count as omissions and hallucinations.
    assert (result.positions.gold, result.positions.predicted, result.positions.matched) == (4, 5, 3)
    assert result.positions.recall == pytest.approx(0.75)
    assert result.positions.precision == pytest.approx(0.6)
    assert result.positions.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert (result.education.gold, result.education.predicted, result.education.matched) == (1, 0, 0)
    assert result.education.recall == 0.0 and result.education.f1 == 0.0
    assert {(f.kind, f.person, f.organization) for f in result.omissions} == {
        ("education", "翟晓华", "Peking University"), ("position", "Jack Clark", "Anthropic")}
    hallucinations = {f.organization: f for f in result.hallucinations}
    assert set(hallucinations) == {"Whetlab", "Meta"}
    assert hallucinations["Whetlab"].person == "Hugo Larochelle"
    assert hallucinations["Whetlab"].quote == "invented Whetlab role"


def test_matching_pairs_best_first_not_in_file_order(orgs: OrgTable) -> None:
    gold = [pos("Google", title="Research Scientist", start="2019")]
    predicted = [pos("Google", title="Engineer"), pos("谷歌", title="Research Scientist", start="2019")]
    assert match_facts(gold, predicted, orgs) == [(0, 1)]
    assert match_facts(gold, [pos("Anthropic", title="Research Scientist")], orgs) == []
    match = match_persons(GOLD, PREDICTED)
    assert [(GOLD[g].id, PREDICTED[p].id) for g, p in match.pairs] == [("hugo", "p1"), ("zhai", "p2")]
    assert match.duplicates == {0: [2]} and [PREDICTED[p].id for p in match.unmatched_predicted] == ["p4"]


def test_alias_match_needs_the_table() -> None:
    """Without 谷歌 → Google in the table the Google position is both missed and hallucinated."""
    result = evaluate(PREDICTED, GOLD, orgs=OrgTable.from_entries([]))
    assert result.positions.matched == 2
    assert {f.organization for f in result.omissions} == {"Google", "Peking University", "Anthropic"}
    assert {f.organization for f in result.hallucinations} == {"谷歌", "Whetlab", "Meta"}


def test_dates_exact_and_partial(orgs: OrgTable) -> None:
    dates = evaluate(PREDICTED, GOLD, orgs=orgs).dates
    # Google start 2017 = 2017, GDM end 2025-04 ~ 2025, OpenAI start 2024-12 = 2024-12
    assert (dates.gold, dates.predicted, dates.exact, dates.partial, dates.wrong, dates.missing, dates.extra) == (
        3, 3, 2, 1, 0, 0, 0)
    assert dates.score.recall == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("gold", "predicted", "kind"),
    [("2022-06", "2022-06", "exact"), ("2022-06", "2022", "partial"), ("2022", "2022-06", "partial"),
     ("2022-06", "2021", "wrong"), ("2022", "202", "wrong"), ("2022", None, "missing"), (None, "2022", "extra"),
     (None, None, None)],
)
def test_date_kinds(gold: str | None, predicted: str | None, kind: str | None) -> None:
    assert date_kind(gold, predicted) == kind


def test_positions_match_one_to_one(orgs: OrgTable) -> None:
    huawei = [pos("Huawei", start="2000", end="2003"), pos("Huawei", start="2003", end="2017")]
    gold = [rec("liang", "梁军", [], huawei)]
    predicted = [rec("x", "梁军", [], [pos("华为", start="2003", end="2017")])]
    result = evaluate(predicted, gold, orgs=orgs)
    assert (result.positions.matched, len(result.omissions), len(result.hallucinations)) == (1, 1, 0)
    assert result.omissions[0].start == "2000", "the predicted 2003–2017 pairs with the gold 2003–2017"
    assert result.dates.exact == 2


def test_status_of_matched_positions(orgs: OrgTable) -> None:
    def at(org: str, status: str) -> RecordPosition:
        return RecordPosition(organization=org, status=status, evidence=[ev("q")])

    gold = [rec("a", "Jane Roe", [], [at("Acme", "left"), at("Beta Labs", "joined"), at("Gamma", "former")])]
    predicted = [rec("x", "Jane Roe", [], [at("Acme", "joined"), at("Beta Labs", "joined"), at("Delta", "left")])]
    status = evaluate(predicted, gold, orgs=orgs).status
    # Gamma is missed and Delta invented: only the two matched positions are scored
    assert (status.matched, status.correct, status.accuracy) == (2, 1, 0.5)
    assert status.confusions == (("left", "joined", 1),)
    assert status.as_dict()["confusions"] == [{"gold": "left", "predicted": "joined", "count": 1}]
    assert evaluate(gold, gold, orgs=orgs).status.accuracy == 1.0


def test_titles_of_matched_positions(orgs: OrgTable) -> None:
    def at(org: str, title: str | None) -> RecordPosition:
        return RecordPosition(organization=org, title=title, evidence=[ev("q")])

    gold = [rec("a", "Jane Roe", [], [at("Acme", "首席科学家"), at("Beta Labs", "Research Scientist"),
                                      at("Gamma", "CTO"), at("Delta", None), at("Eta", "VP")])]
    predicted = [rec("x", "Jane Roe", [], [at("Acme", "首席科学家"), at("Beta Labs", "research  scientist"),
                                           at("Gamma", "Acme CTO"), at("Delta", "Director"), at("Eta", None)])]
    titles = evaluate(predicted, gold, orgs=orgs).titles
    # Delta has no gold title: not scored; Eta's is missing; Gamma's differs (containment is no match)
    assert (titles.gold, titles.same, titles.different, titles.missing) == (4, 2, 1, 1)
    assert titles.as_dict()["accuracy"] == 0.5
    assert evaluate(gold, gold, orgs=orgs).titles.accuracy == 1.0
    assert not same_title("总裁", "副总裁") and not same_title("Professor", "Assistant Professor")


def test_attribution_counts_facts_whose_quotes_name_nobody_of_them(orgs: OrgTable) -> None:
    def at(org: str, *quotes: str) -> RecordPosition:
        return RecordPosition(organization=org, evidence=[ev(q) for q in quotes])

    predicted = [rec("x", "Jane Roe", ["罗简"], [
        at("Acme", "Jane Roe joined Acme."),  # the name
        at("Beta", "Roe left Beta in May."),  # its last part
        at("Gamma", "She had worked at Gamma."),  # a pronoun: continues about her
        at("Delta", "罗简曾在 Delta 工作。"),  # an alias
        at("Eta", "The pair founded Eta."),  # a group word
        at("Zeta", "John Smith joined Zeta.", "Later she joined Zeta too."),  # a second quote names her
        at("Theta", "John Smith joined Theta."),  # only a neighbour's
        at("Iota", "Iota opened a lab in Paris."),  # nobody
    ])]
    attribution = evaluate(predicted, GOLD, orgs=orgs).attribution
    assert (attribution.facts, attribution.named) == (8, 6)
    assert [f.organization for f in attribution.unnamed] == ["Theta", "Iota"]
    assert attribution.as_dict()["share"] == 0.75


def test_evidence_validity_against_docs(tmp_path: Path, orgs: OrgTable) -> None:
    (tmp_path / "d1.txt").write_text("Hugo joined Google in 2017.", encoding="utf-8")
    good = RecordEvidence(doc="d1", start=12, end=18, quote="Google")
    bad = RecordEvidence(doc="d1", start=0, end=6, quote="Google")
    predicted = [rec("p", "Hugo Larochelle", [], [
        RecordPosition(organization="Google", evidence=[good]), RecordPosition(organization="Mila", evidence=[bad])])]
    evidence = evaluate(predicted, GOLD, orgs=orgs, docs_dir=tmp_path).evidence
    assert (evidence.spans, evidence.valid, evidence.share) == (2, 1, 0.5)
    assert evaluate(predicted, GOLD, orgs=orgs, docs_dir=tmp_path / "missing").evidence.share == 0.0


def test_as_dict_is_json_ready_in_stable_order(orgs: OrgTable) -> None:
    data = evaluate(PREDICTED, GOLD, orgs=orgs).as_dict()
    assert list(data) == ["persons", "positions", "education", "dates", "evidence", "status", "titles", "attribution",
                          "current", "moves", "missed_persons",
                          "extra_persons", "duplicate_records", "omissions", "hallucinations"]
    assert list(data["positions"]) == ["gold", "predicted", "matched", "recall", "precision", "f1"]
    assert data["persons"]["precision"] == 0.6667 and data["dates"]["partial"] == 1
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    again = evaluate(list(reversed(PREDICTED)), GOLD, orgs=orgs).as_dict()
    assert {k: again[k] for k in ("persons", "positions", "education", "dates")} == {
        k: data[k] for k in ("persons", "positions", "education", "dates")}, "order of records does not matter"


def test_render_shows_rows_numbers_and_details(orgs: OrgTable) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None)
    render_evaluation(evaluate(PREDICTED, GOLD, orgs=orgs), console)
    text = buffer.getvalue()
    for row in ("persons", "positions", "education", "dates", "evidence", "status", "titles"):
        assert row in text
    assert "0.667" in text and "0.750" in text and "0.600" in text
    assert "1 duplicate records of 1 people" in text and "2 exact, 1 partial" in text
    assert "\x1b[" not in text, "no colour codes when colour is off"
    assert "Whetlab" not in text, "details only when asked"

    buffer = io.StringIO()
    render_evaluation(evaluate(PREDICTED, GOLD, orgs=orgs), Console(file=buffer, width=100, color_system=None),
                      details=True)
    text = buffer.getvalue()
    assert "omissions (2)" in text and "Peking University" in text
    assert "hallucinations (2)" in text and "invented Whetlab role" in text
    assert "Jack Clark" in text and "扎克伯格" in text


def _move(source: str, target: str) -> RecordMove:
    return RecordMove(source=source, target=target, evidence=[ev("q")])


def test_current_and_moves_are_scored_where_the_gold_says_them(orgs: OrgTable) -> None:
    gold = [
        rec("ann", "Ann Roe").model_copy(update={"current": ["Meta"], "moves": [_move("OpenAI", "Meta")]}),
        rec("bo", "Bo Li").model_copy(update={"current": ["OpenAI"], "moves": [_move("Google DeepMind", "OpenAI")]}),
        rec("cy", "Cy Wu").model_copy(update={"current": None, "moves": None}),  # the texts do not say: not scored
        rec("di", "Di Ma").model_copy(update={"current": [], "moves": [_move("Baidu", "Tencent")]}),  # missed
    ]
    predicted = [
        # a unit for its parent is not wrong; the move's target is the unit too
        rec("a", "Ann Roe").model_copy(update={"current": ["Meta Superintelligence Labs"],
                                               "moves": [_move("OpenAI", "Meta Superintelligence Labs")]}),
        rec("b", "Bo Li").model_copy(update={"current": ["Google DeepMind", "OpenAI"],
                                             "moves": [_move("OpenAI", "Google DeepMind")]}),  # backwards
        rec("c", "Cy Wu").model_copy(update={"current": ["Baidu"], "moves": [_move("Baidu", "Meta")]}),
        rec("e", "Ed Fu").model_copy(update={"current": ["Meta"], "moves": [_move("Meta", "xAI")]}),  # not in gold
    ]
    scores = evaluate(predicted, gold, orgs=orgs)
    assert (scores.current.people, scores.current.correct) == (2, 1), "Di Ma has no record; Cy Wu is not scored"
    assert scores.current.wrong == (("Bo Li", ("OpenAI",), ("Google DeepMind", "OpenAI")),)
    assert (scores.moves.gold, scores.moves.predicted, scores.moves.matched) == (3, 3, 1)
    assert scores.moves.missed == ("Bo Li: Google DeepMind → OpenAI", "Di Ma: Baidu → Tencent")
    assert scores.moves.extra == ("Bo Li: OpenAI → Google DeepMind", "Ed Fu: Meta → xAI")


def test_gold_against_itself_scores_the_timeline_whole(orgs: OrgTable) -> None:
    gold = read_records(GOLD_FILE)
    scores = evaluate(gold, gold, orgs=orgs)
    assert scores.moves.gold >= 20 and scores.moves.f1 == 1.0
    assert scores.current.people >= 30 and scores.current.accuracy == 1.0


def test_a_move_written_in_a_form_the_gold_position_records_is_matched(orgs: OrgTable) -> None:
    # The alias table does not know "北辰" is Northstar Labs; the gold position's organization_raw says so, and
    # the position scores already read it: the move and current scores read it the same way.
    position = RecordPosition(organization="Northstar Labs", organization_raw=["北辰"], status="left",
                              evidence=[ev("q")])
    gold = [rec("ann", "Ann Roe").model_copy(update={
        "positions": [position], "current": ["Meta"], "moves": [_move("Northstar Labs", "Meta")]})]
    predicted = [rec("a", "Ann Roe").model_copy(update={"current": ["Meta"], "moves": [_move("北辰", "Meta")]})]
    scores = evaluate(predicted, gold, orgs=orgs)
    assert (scores.moves.gold, scores.moves.predicted, scores.moves.matched) == (1, 1, 1)
    wrong = [rec("a", "Ann Roe").model_copy(update={"current": ["Meta"], "moves": [_move("南辰", "Meta")]})]
    assert evaluate(wrong, gold, orgs=orgs).moves.matched == 0
