"""The rule pass reads hires: an organisation as the subject, the people it took on as the object. Invented people."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, rule_mentions
from extract.ground.rules.hires import find_hires
from extract.lexicon.orgs import OrgTable
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def hires(sentence: str, orgs: OrgTable, *names: str) -> list[tuple[str, str, str]]:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(r.name, r.organization, r.status) for r in find_hires(sentence, ctx)]


def test_a_list_of_hires_with_appositions(orgs: OrgTable) -> None:
    sentence = ("OpenAI has also roped in Jane Roe, former head of research at Tesla; Bo Lin, former engineer at "
                "xAI; and Carl Dunn, another engineer from xAI, the paper reported.")
    assert hires(sentence, orgs, "Jane Roe", "Bo Lin", "Carl Dunn") == [
        ("Jane Roe", "OpenAI", "joined"), ("Bo Lin", "OpenAI", "joined"), ("Carl Dunn", "OpenAI", "joined")]


def test_a_chinese_hire_with_a_title_and_the_latin_form(orgs: OrgTable) -> None:
    assert hires("此外，Meta还招募了谷歌DeepMind首席研究员周明远(Mingyuan Zhou)等顶尖人才。", orgs,
                 "周明远", "Mingyuan Zhou") == [("周明远", "Meta", "joined"), ("Mingyuan Zhou", "Meta", "joined")]


def test_a_hire_reported_or_brought_on_each_person_from_somewhere(orgs: OrgTable) -> None:
    assert hires("Meta has reportedly hired Jane Roe, Apple's top executive.", orgs, "Jane Roe") == [
        ("Jane Roe", "Meta", "joined")]
    assert hires("Meta also brought on Jane Roe from OpenAI and Bo Lin from Anthropic on Monday.", orgs,
                 "Jane Roe", "Bo Lin") == [("Jane Roe", "Meta", "joined"), ("Bo Lin", "Meta", "joined")]


def test_a_hire_from_another_organisation_is_a_move_from_it(orgs: OrgTable) -> None:
    assert hires("Meta从谷歌挖来了周明远。", orgs, "周明远") == [
        ("周明远", "Meta", "joined"), ("周明远", "谷歌", "left")]
    assert hires("OpenAI近月来从苹果挖走两位研究工程师周明远（Mingyuan Zhou）和李思源。", orgs, "周明远", "李思源") == [
        ("周明远", "OpenAI", "joined"), ("周明远", "苹果", "left"), ("李思源", "OpenAI", "joined"),
        ("李思源", "苹果", "left")]
    assert hires("周明远从谷歌挖来了李思源。", orgs, "李思源") == [], "the hirer is a person, not an organisation"
    assert hires("谷歌挖走了周明远，而Meta挖走了李思源。", orgs, "周明远", "李思源") == [
        ("周明远", "谷歌", "joined"), ("李思源", "Meta", "joined")], "each verb's objects, up to the next verb"


def test_people_named_in_passing_are_not_hired(orgs: OrgTable) -> None:
    sentence = ("OpenAI has hired four engineers, signalling the Jane Roe-led firm won't wait while "
                "Bo Lin's company keeps poaching.")
    assert hires(sentence, orgs, "Jane Roe", "Bo Lin") == []


def test_the_subject_must_be_a_known_organisation(orgs: OrgTable) -> None:
    assert hires("The recruiter hired Jane Roe last week.", orgs, "Jane Roe") == []
    signed = hires("ByteDance just signed Jane Roe from Google.", orgs, "Jane Roe")
    assert signed == [("Jane Roe", "ByteDance", "joined")]


def _model_mention(text: str, name: str, organization: str) -> Mention:
    """What the model gave: the person at the post they come from, citing the text's own span of it."""
    at = text.index(organization)
    evidence = Evidence(doc="d", start=at, end=at + len(organization), quote=organization, alignment="exact",
                        method="sentence", score=100.0)
    return Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), name=name,
                   positions=[PositionFact(organization=organization, status="former", evidence=evidence)])


def _joined(text: str, orgs: OrgTable, people: dict[str, str]) -> dict[str, list[str]]:
    chunk = Chunk("d", 0, 0, len(text), text, None, "2025-07-09")
    model = [_model_mention(text, name, organization) for name, organization in people.items()]
    added = rule_mentions(model, [chunk], orgs)
    return {m.name: [(p.organization, p.status, p.evidence.quote[:12]) for p in m.positions] for m in added}


def test_a_list_of_hires_runs_over_the_semicolons_the_splitter_ends_sentences_at(orgs: OrgTable) -> None:
    text = ("OpenAI has also roped in Jane Roe, former head of research at Tesla; Bo Lin, former engineer at "
            "Anthropic; and Carl Dunn, another engineer from Anthropic, the paper reported. Jane Roe declined to "
            "comment.")
    joined = _joined(text, orgs, {"Jane Roe": "Tesla", "Bo Lin": "Anthropic", "Carl Dunn": "Anthropic"})
    assert joined == {name: [("OpenAI", "joined", "OpenAI has a")] for name in ("Jane Roe", "Bo Lin", "Carl Dunn")}


def test_a_semicolon_followed_by_anything_but_a_named_item_ends_the_list(orgs: OrgTable) -> None:
    text = ("OpenAI has hired Jane Roe, former head of research at Tesla; meanwhile Bo Lin, who led Anthropic's "
            "team, left.")
    joined = _joined(text, orgs, {"Jane Roe": "Tesla", "Bo Lin": "Anthropic"})
    assert joined == {"Jane Roe": [("OpenAI", "joined", "OpenAI has h")]}


def test_a_month_or_day_with_no_year_between_the_organisation_and_the_verb(orgs: OrgTable) -> None:
    assert hires("腾讯在 6 月聘用了机器学习科学家周明远（Mingyuan Zhou）。", orgs, "周明远") == [
        ("周明远", "腾讯", "joined")]
    assert hires("腾讯于 3 月 27 日招募了周明远。", orgs, "周明远") == [("周明远", "腾讯", "joined")]
    assert hires("腾讯在 6 月发布了新模型，周明远聘用了两名助手。", orgs, "周明远") == [], "not the hiring subject"


def test_the_passive_hired_by_an_organisation(orgs: OrgTable) -> None:
    assert hires("Jane Roe and Bo Lin were swiftly snapped up by OpenAI.", orgs) == [
        ("Bo Lin", "OpenAI", "joined"), ("Jane Roe", "OpenAI", "joined")]
    assert hires("Jane Roe was recruited by OpenAI last year.", orgs) == [("Jane Roe", "OpenAI", "joined")]
    assert hires("Jane Roe hired Bo Lin for OpenAI.", orgs) == [], "active, with a person as the subject"
    assert hires("Jane Roe was recruited by a firm that OpenAI backs.", orgs) == [], "by names no organisation"
