"""A list's lead states the move of every person its items name. Invented people and organisations."""

from __future__ import annotations

import pytest

from extract.ground.rules import RuleContext, rule_mentions
from extract.ground.rules.leads import ListReader
from extract.ground.rules.subject import DocumentSoFar, subject_organisation
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.lexicon.sentences import split_sentences
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention, PositionFact


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def _ctx(orgs: OrgTable, *doc_orgs: str) -> RuleContext:
    return RuleContext(orgs=orgs, doc_orgs=frozenset(normalise_org(o) for o in doc_orgs), names={})


def led(text: str, orgs: OrgTable, *doc_orgs: str, title: str | None = None) -> list[tuple[str, ...]]:
    reader, ctx = ListReader(DocumentSoFar(title=title)), _ctx(orgs, *doc_orgs)
    found = []
    for sentence in split_sentences(text):
        role = reader.read(text, sentence, 0, ctx)
        if role is not None:
            found.append((role.name, role.organization, role.status, role.title or ""))
    return found


BULLETS = """Acme Robotics has had a busy summer.
The list of new hires includes:
- Jane Roe: co-creator of a speech model at Beta Labs.
- Bo Lin: former research lead at Beta Labs.
Analysts expect more news."""


def test_a_lead_naming_its_organisation_carries_the_move_to_every_item(orgs: OrgTable) -> None:
    text = BULLETS.replace("The list of new hires includes:", "Acme Robotics has recruited these researchers:")
    assert led(text, orgs, "Acme Robotics", "Beta Labs") == [
        ("Jane Roe", "Acme Robotics", "joined", ""), ("Bo Lin", "Acme Robotics", "joined", "")]


def test_a_lead_naming_no_organisation_takes_the_documents_subject(orgs: OrgTable) -> None:
    text = "Acme Robotics opened a lab. Acme Robotics said the lab will grow.\n" + BULLETS
    assert [r[:3] for r in led(text, orgs, "Acme Robotics", "Beta Labs")] == [
        ("Jane Roe", "Acme Robotics", "joined"), ("Bo Lin", "Acme Robotics", "joined")]
    assert led(BULLETS, orgs, "Acme Robotics", "Beta Labs") == [], "named once before the lead: no subject"
    assert [r[:2] for r in led(BULLETS, orgs, "Acme Robotics", "Beta Labs", title="Acme Robotics hires")] == [
        ("Jane Roe", "Acme Robotics"), ("Bo Lin", "Acme Robotics")], "the headline counts twice"


def test_a_list_of_headings_with_titles_after_a_losing_lead(orgs: OrgTable) -> None:
    text = ("Here is a look at the leaders Beta Labs has lost this year:\nJane Roe, chief scientist\n"
            "Jane Roe helped build the lab. She left in May.\nBo Lin, research engineer\nBo Lin left in June.")
    assert led(text, orgs, "Beta Labs") == [("Jane Roe", "Beta Labs", "left", "chief scientist"),
                                            ("Bo Lin", "Beta Labs", "left", "research engineer")]


def test_leads_that_state_no_move_or_both_are_not_read(orgs: OrgTable) -> None:
    no_move = BULLETS.replace("The list of new hires includes:", "Beta Labs engineers by level:")
    assert led(no_move, orgs, "Beta Labs") == []
    both = BULLETS.replace("The list of new hires includes:", "Who joined Acme Robotics and who left Beta Labs:")
    assert led(both, orgs, "Acme Robotics", "Beta Labs") == []
    two_orgs = BULLETS.replace("The list of new hires includes:", "Acme Robotics hired from Beta Labs:")
    assert led(two_orgs, orgs, "Acme Robotics", "Beta Labs") == [], "which one the move is about is unclear"


def test_a_bulleted_list_ends_at_the_first_sentence_that_is_no_item(orgs: OrgTable) -> None:
    text = ("Acme Robotics has recruited these researchers:\n- Jane Roe: lead at Beta Labs.\nMore came later.\n"
            "- Bo Lin: engineer at Beta Labs.")
    assert [r[0] for r in led(text, orgs, "Acme Robotics", "Beta Labs")] == ["Jane Roe"]


def test_a_lead_in_chinese(orgs: OrgTable) -> None:
    text = "以下是北辰科技的新成员名单：\n- 周明远：前 Beta Labs 研究员\n- 李思源：前 Beta Labs 工程师"
    assert [r[:3] for r in led(text, orgs, "北辰科技", "Beta Labs")] == [
        ("周明远", "北辰科技", "joined"), ("李思源", "北辰科技", "joined")]


def test_subject_counts_a_unit_for_its_parent(orgs: OrgTable) -> None:
    ctx = _ctx(orgs)
    assert subject_organisation("Google DeepMind said. Google DeepMind grew.", ctx) == "Google DeepMind"
    assert subject_organisation("Google DeepMind said. Google grew. OpenAI hired.", ctx) == "Google"
    assert subject_organisation("OpenAI said. Anthropic said.", ctx) is None


def test_the_rule_pass_cites_the_item_and_the_lead(orgs: OrgTable) -> None:
    text = ("Acme Robotics has hired these researchers in 2025:\n- Jane Roe: lead at Beta Labs.\n"
            "- Bo Lin: engineer at Beta Labs.")
    chunk = Chunk(doc="d", index=0, start=10, end=10 + len(text), text=text, published="2025-07-09")
    at = text.index("Acme Robotics")  # the model gave Bo Lin's arrival itself, and named the organisation so
    evidence = Evidence(doc="d", start=10 + at, end=10 + at + 13, quote="Acme Robotics", alignment="exact",
                        method="sentence", score=100.0)
    model = Mention(doc="d", chunk=0, chunk_start=10, chunk_end=10 + len(text), name="Bo Lin",
                    positions=[PositionFact(organization="Acme Robotics", status="joined", evidence=evidence)])
    moves = [m for m in rule_mentions([model], [chunk], orgs)
             if any(p.organization == "Acme Robotics" for p in m.positions)]
    (mention,) = moves  # Bo Lin's is the model's already
    item, lead = mention.positions
    assert (mention.name, item.status, lead.status) == ("Jane Roe", "joined", "joined")
    assert (item.evidence.quote, item.evidence.start) == ("- Jane Roe: lead at Beta Labs.", 10 + text.index("- Jane"))
    assert (lead.evidence.start, lead.evidence.quote[:13], lead.start) == (10, "Acme Robotics", "2025")
    assert mention.name_start == 10 + text.index("Jane Roe")


def _model_fact(text: str, name: str, organization: str, status: str, offset: int = 10) -> Mention:
    """The model's answer for ``name``: ``organization`` with ``status``, citing the item that names them."""
    line = next(line for line in text.splitlines() if name in line)
    at = text.index(line)
    evidence = Evidence(doc="d", start=offset + at, end=offset + at + len(line), quote=line, alignment="exact",
                        method="sentence", score=100.0)
    return Mention(doc="d", chunk=0, chunk_start=offset, chunk_end=offset + len(text), name=name,
                   positions=[PositionFact(organization=organization, status=status, evidence=evidence)])


def _statuses(mentions: list[Mention]) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        for p in m.positions:
            found.setdefault((m.name, p.organization), set()).add(p.status)
    return found


def test_a_joining_lists_items_give_the_posts_the_hires_come_from(orgs: OrgTable) -> None:
    from extract.ground.rules import rule_pass

    text = ("Acme Robotics has hired these researchers:\n- Jane Roe: head of pre-training at Beta Labs.\n"
            "- Bo Lin: research engineer at Beta Labs; currently a professor at Gamma University.")
    chunk = Chunk(doc="d", index=0, start=10, end=10 + len(text), text=text, published="2025-07-09")
    model = [_model_fact(text, "Jane Roe", "Beta Labs", "current"), _model_fact(text, "Bo Lin", "Beta Labs", "joined"),
             _model_fact(text, "Bo Lin", "Gamma University", "current"),
             _model_fact(text, "Bo Lin", "Acme Robotics", "joined")]  # names the lead's organisation for the rules
    statuses = _statuses(rule_pass(model, [chunk], orgs))
    assert statuses[("Jane Roe", "Beta Labs")] == {"former"}
    assert statuses[("Bo Lin", "Beta Labs")] == {"former"}
    assert statuses[("Jane Roe", "Acme Robotics")] == {"joined"}, "the lead's move is still given"
    assert statuses[("Bo Lin", "Gamma University")] == {"current"}, "the item says it is kept"


def test_a_losing_lists_items_and_the_lead_organisation_keep_their_status(orgs: OrgTable) -> None:
    from extract.ground.rules import rule_pass

    text = ("Here is a look at the researchers Acme Robotics has lost:\n- Jane Roe: now chief scientist at Beta "
            "Labs.\n- Bo Lin: research engineer at Beta Labs.")
    chunk = Chunk(doc="d", index=0, start=10, end=10 + len(text), text=text, published="2025-07-09")
    model = [_model_fact(text, "Bo Lin", "Beta Labs", "current"), _model_fact(text, "Bo Lin", "Acme Robotics", "left")]
    assert _statuses(rule_pass(model, [chunk], orgs))[("Bo Lin", "Beta Labs")] == {"current"}
    hired = ("Acme Robotics has hired these researchers:\n- Jane Roe: leads the robotics unit of Acme Robotics.")
    chunk = Chunk(doc="d", index=0, start=10, end=10 + len(hired), text=hired, published="2025-07-09")
    model = [_model_fact(hired, "Jane Roe", "Acme Robotics", "current")]
    assert _statuses(rule_pass(model, [chunk], orgs))[("Jane Roe", "Acme Robotics")] == {"current"}


def test_a_lead_with_a_plural_noun_and_items_with_a_bracketed_aside(orgs: OrgTable) -> None:
    """"Beta Labs saw two departures:" then "- Jane Roe (June 20): …, joined Acme Robotics"."""
    text = ("Beta Labs saw two departures within a week, both to one rival:\n"
            "- Jane Roe (June 20): speech lead, joined Acme Robotics\n- Bo Lin (June 24): joined Acme Robotics")
    assert [r[:3] for r in led(text, orgs, "Beta Labs", "Acme Robotics")] == [
        ("Jane Roe", "Beta Labs", "left"), ("Bo Lin", "Beta Labs", "left")]
    hires = "Acme Robotics announced its new hires:\n- Jane Roe (Beta Labs alumna): speech lead"
    assert [r[:3] for r in led(hires, orgs, "Acme Robotics", "Beta Labs")] == [("Jane Roe", "Acme Robotics", "joined")]
