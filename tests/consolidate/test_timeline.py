"""The timeline of a record (issue 20): what a person holds now, and which moves are written on it."""

from __future__ import annotations

import pytest

from extract.consolidate.timeline import NEAR, current_positions, find_record_moves, with_timeline
from extract.lexicon.orgs import OrgTable
from extract.schemas.record import Record, RecordEvidence, RecordPosition


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def position(org: str, status: str, start: str | None = None, end: str | None = None, at: int = 0,
             doc: str = "d") -> RecordPosition:
    return RecordPosition(organization=org, status=status, statuses=[status], start=start, end=end,
                          evidence=[RecordEvidence(doc=doc, start=at, end=at + len(org), quote=org)])


def test_current_is_what_is_held_or_taken_up_and_not_left(orgs: OrgTable) -> None:
    positions = [position("Meta", "left", at=0), position("OpenAI", "joined", at=30),
                 position("Stanford University", "current", at=900), position("Baidu", "former", at=1500),
                 position("Tencent", "joined", "2015", "2019", at=2000)]
    moves = find_record_moves(positions, orgs)
    assert current_positions(positions, moves, orgs) == ["OpenAI", "Stanford University"]


def test_current_names_the_unit_not_its_parent(orgs: OrgTable) -> None:
    positions = [position("Google", "current", at=0), position("Google DeepMind", "joined", at=40)]
    assert current_positions(positions, [], orgs) == ["Google DeepMind"]


def test_a_position_no_word_qualifies_counts_as_held(orgs: OrgTable) -> None:
    """"Microsoft CEO Satya Nadella": news names people by the posts they hold."""
    assert current_positions([position("Microsoft", "unknown")], [], orgs) == ["Microsoft"]


def test_a_move_needs_a_relating_passage_or_dates(orgs: OrgTable) -> None:
    near = [position("Baidu", "former", at=0), position("OpenAI", "joined", at=NEAR)]
    far = [position("Baidu", "former", at=0), position("OpenAI", "joined", at=NEAR + 200)]
    other_doc = [position("Baidu", "left", doc="a"), position("OpenAI", "joined", doc="b")]
    assert [(m.source, m.target) for m in find_record_moves(near, orgs)] == [("Baidu", "OpenAI")]
    assert find_record_moves(far, orgs) == []
    assert find_record_moves(other_doc, orgs) == []


def test_an_undated_arrival_pairs_with_the_departure_the_article_reports(orgs: OrgTable) -> None:
    """"X has left Meta" in the lead, "she joins OpenAI" paragraphs later: the article's news is one move."""
    positions = [position("Meta", "left", at=0), position("OpenAI", "joined", at=800)]
    (move,) = find_record_moves(positions, orgs)
    assert (move.source, move.target, move.basis, move.date) == ("Meta", "OpenAI", "stated", None)
    assert [e.quote for e in move.evidence] == ["OpenAI", "Meta"], "the arrival's quote, then the departure's"


def test_no_move_inside_one_organisation_or_against_the_dates(orgs: OrgTable) -> None:
    inside = [position("Google DeepMind", "left", at=0), position("Google", "joined", at=20)]
    backwards = [position("OpenAI", "left", "2021", "2023", at=0), position("Tesla", "joined", "2017", at=30)]
    assert find_record_moves(inside, orgs) == []
    assert [(m.source, m.target, m.basis) for m in find_record_moves(backwards, orgs)] == [
        ("Tesla", "OpenAI", "ordered")], "not OpenAI → Tesla: the dates order Tesla first"


def in_sentence(org: str, status: str, sentence: tuple[int, int]) -> RecordPosition:
    """A position whose quote is the whole sentence at ``sentence`` (start, end)."""
    start, end = sentence
    return RecordPosition(organization=org, status=status, statuses=[status],
                          evidence=[RecordEvidence(doc="d", start=start, end=end, quote="x" * (end - start))])


def test_several_departures_named_in_the_arrival_sentence_are_each_a_move(orgs: OrgTable) -> None:
    """"former xAI and Twitter engineer X joins OpenAI"."""
    positions = [in_sentence("xAI", "former", (0, 60)), in_sentence("Twitter", "former", (0, 60)),
                 in_sentence("OpenAI", "joined", (0, 60))]
    assert {(m.source, m.target) for m in find_record_moves(positions, orgs)} == {("xAI", "OpenAI"),
                                                                                  ("Twitter", "OpenAI")}


def test_several_departures_in_the_sentence_next_to_the_arrival_say_nothing_of_which_led_there(
        orgs: OrgTable) -> None:
    """"She previously worked at xAI and then at Twitter. In 2018 she came to OpenAI": xAI came before Twitter,
    not both before OpenAI."""
    positions = [in_sentence("xAI", "former", (0, 60)), in_sentence("Twitter", "former", (0, 60)),
                 in_sentence("OpenAI", "joined", (61, 100))]
    assert find_record_moves(positions, orgs) == []
    alone = [in_sentence("xAI", "former", (0, 60)), in_sentence("OpenAI", "joined", (61, 100))]
    assert [(m.source, m.target) for m in find_record_moves(alone, orgs)] == [("xAI", "OpenAI")], "one is the origin"


def test_with_timeline_fills_both_fields(orgs: OrgTable) -> None:
    record = Record(id="x", name="X", aliases=[], education=[], sources=["d"],
                    positions=[position("Meta", "left", at=0), position("OpenAI", "joined", at=30)])
    assert record.current is None and record.moves is None, "not worked out: readers can tell"
    done = with_timeline(record, orgs)
    assert done.current == ["OpenAI"]
    assert [(m.source, m.target) for m in done.moves or []] == [("Meta", "OpenAI")]


def test_an_unqualified_post_is_not_held_when_the_article_has_the_person_join_elsewhere(orgs: OrgTable) -> None:
    """"Apple's Jane Roe joins Meta": Apple is where she comes from; in another article it would still be hers."""
    same_article = [position("Apple", "unknown", at=0), position("Meta", "joined", at=300)]
    assert current_positions(same_article, [], orgs) == ["Meta"]
    other_article = [position("Apple", "unknown", doc="a"), position("Meta", "joined", doc="b")]
    assert current_positions(other_article, [], orgs) == ["Apple", "Meta"]
    stated = [position("Stanford University", "current", at=0), position("Meta", "joined", at=300)]
    assert current_positions(stated, [], orgs) == ["Stanford University", "Meta"], "a stated post stays"


def test_the_arrival_the_departure_sentence_names_wins_over_one_reported_elsewhere(orgs: OrgTable) -> None:
    """"X left Meta and joined Beta" (one sentence), and a post at Gamma the article gives X paragraphs later (often
    a neighbour's, misattributed): the sentence relates Meta to Beta, so that move stands, and Gamma is no move."""
    positions = [position("Acme Robotics", "left", at=0), position("Beta Labs", "joined", at=0),
                 position("Gamma Systems", "current", at=600)]
    assert [(m.source, m.target) for m in find_record_moves(positions, orgs)] == [("Acme Robotics", "Beta Labs")]
    apart = [position("Acme Robotics", "left", at=0), position("Beta Labs", "joined", at=400),
             position("Gamma Systems", "current", at=900)]
    assert find_record_moves(apart, orgs) == [], "two arrivals only the document relates: the text is silent"


def test_a_position_taken_up_before_a_later_arrival_elsewhere_is_not_held(orgs: OrgTable) -> None:
    """Joined Acme in June 2024 (stated), joined Beta with the article's news in December 2025: at Beta now. Two
    positions whose only dates are the news of their article order nothing."""
    stated = position("OpenAI", "joined", "2024-06", at=0, doc="a")
    news = position("Tencent", "joined", "2025-12", at=0, doc="b").model_copy(
        update={"start_raw": "published 2025-12-17", "start_estimated": True})
    assert current_positions([stated, news], [], orgs) == ["Tencent"]
    both_news = [p.model_copy(update={"start_raw": "published 2024-06-01"}) for p in (stated,)] + [news]
    assert current_positions(both_news, [], orgs) == ["OpenAI", "Tencent"]


def test_a_founded_company_is_not_held_once_the_article_has_the_founder_join_elsewhere(orgs: OrgTable) -> None:
    """"Acme co-founder Jane Roe joins Beta": the company she founded is where she comes from, unless a word says
    she still holds it (current)."""
    founded, joined = position("Acme Robotics", "founded", at=0), position("Beta Labs", "joined", at=60)
    assert current_positions([founded, joined], [], orgs) == ["Beta Labs"]
    still = founded.model_copy(update={"statuses": ["founded", "current"]})
    assert current_positions([still, joined], [], orgs) == ["Acme Robotics", "Beta Labs"]
    assert current_positions([founded], [], orgs) == ["Acme Robotics"], "no arrival elsewhere: still held"


def test_an_arrival_dated_only_roughly_is_the_news_a_departure_in_its_article_leads_to(orgs: OrgTable) -> None:
    """"Beta said Tuesday it has hired NAME" (start estimated from the weekday) and, paragraphs earlier, "NAME left
    Acme": one move, as for an undated arrival; a stated start is no longer the news and needs dates or a passage."""
    left = position("Acme Robotics", "left", at=0)
    rough = position("Beta Labs", "joined", "2024-03", at=800).model_copy(update={"start_estimated": True})
    assert [(m.source, m.target) for m in find_record_moves([left, rough], orgs)] == [("Acme Robotics", "Beta Labs")]
    stated = rough.model_copy(update={"start_estimated": False})
    assert find_record_moves([left, stated], orgs) == []


def test_the_arrival_the_departures_own_sentence_states_outranks_a_later_dated_one() -> None:
    from extract.consolidate import consolidate
    from extract.models.mention import Evidence, Mention, PositionFact

    text = "周明远离开了百度，加入初创公司北辰科技。2023 年 9 月，周明远创办林海科技。"
    first, second = text.index("周明远离开"), text.index("2023")

    def fact(org: str, status: str, at: int, end: int, start: str | None = None) -> PositionFact:
        return PositionFact(organization=org, status=status, start=start, evidence=Evidence(
            doc="d", start=at, end=end, quote=text[at:end], alignment="exact", method="sentence", score=100.0,
            supported=True))
    mention = Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), published="2025-01-01", name="周明远",
                      positions=[fact("百度", "left", first, second), fact("北辰科技", "joined", first, second),
                                 fact("林海科技", "founded", second, len(text), start="2023 年 9 月")])
    (record,) = consolidate([mention])
    assert [(m.source, m.target) for m in record.moves] == [("Baidu", "北辰科技")]


def test_posts_taken_up_one_after_another_are_moves_in_that_order(orgs: OrgTable) -> None:
    """"2014 年入职 A …, 2019 年加入 B …, 2022 年起任 C 教授": each start ends the post taken up before it."""
    positions = [position("Contoso", "joined", "2014", at=0), position("Northwind Labs", "joined", "2019-09", at=400),
                 position("Stanford University", "current", "2022-07", at=900)]
    moves = find_record_moves(positions, orgs)
    assert [(m.source, m.target, m.basis, m.date) for m in moves] == [
        ("Contoso", "Northwind Labs", "ordered", "2019-09"),
        ("Northwind Labs", "Stanford University", "ordered", "2022-07")]
    assert current_positions(positions, moves, orgs) == ["Stanford University"]


def test_a_dated_departure_later_than_an_earlier_start_is_the_one_left(orgs: OrgTable) -> None:
    positions = [position("Contoso", "joined", "2010", at=0), position("Northwind Labs", "joined", "2012", "2018",
                                                                          at=300),
                 position("Stanford University", "joined", "2019", at=900)]
    moves = find_record_moves(positions, orgs)
    assert [(m.source, m.target, m.basis) for m in moves] == [
        ("Contoso", "Northwind Labs", "ordered"), ("Northwind Labs", "Stanford University", "dated")]


def test_two_posts_taken_up_at_once_at_one_organisation_are_one_move(orgs: OrgTable) -> None:
    positions = [position("Contoso", "joined", "2016", at=0), position("Northwind Labs", "joined", "2018", at=300),
                 position("Northwind Labs", "current", "2018", at=600)]
    assert [(m.source, m.target) for m in find_record_moves(positions, orgs)] == [("Contoso", "Northwind Labs")]


def test_a_departure_from_an_organisation_or_its_parent_ends_its_other_posts(orgs: OrgTable) -> None:
    """"left OpenAI" ends "came to OpenAI as VP in 2018"; "left Google in 2022" ends "joined Google Brain in 2016";
    a return after the departure, or a post said to be held now, stays."""
    same = [position("OpenAI", "left", at=0), position("OpenAI", "joined", "2018", at=300),
            position("Northwind Labs", "current", at=600)]
    assert current_positions(same, find_record_moves(same, orgs), orgs) == ["Northwind Labs"]
    parent = [position("Google", "left", end="2022", at=0), position("Google Brain", "joined", "2016", at=300)]
    assert current_positions(parent, find_record_moves(parent, orgs), orgs) == []
    back = [position("Google", "left", end="2021", at=0), position("Google", "joined", "2024", at=300)]
    assert current_positions(back, find_record_moves(back, orgs), orgs) == ["Google"]
    held = [position("OpenAI", "left", at=0), position("OpenAI", "current", at=300)]
    assert current_positions(held, find_record_moves(held, orgs), orgs) == ["OpenAI"]


def test_a_post_taken_up_when_another_ended_is_the_one_left_next(orgs: OrgTable) -> None:
    """"left Contoso in 2022 and founded Acme" (2022), "joined Northwind Labs in 2024": Acme → Northwind Labs."""
    positions = [position("Contoso", "left", end="2022", at=0), position("Acme", "founded", "2022", at=30),
                 position("Northwind Labs", "joined", "2024-03", at=900)]
    moves = find_record_moves(positions, orgs)
    assert [(m.source, m.target, m.basis) for m in moves] == [("Contoso", "Acme", "dated"),
                                                             ("Acme", "Northwind Labs", "ordered")]
