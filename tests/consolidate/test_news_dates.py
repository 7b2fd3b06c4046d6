"""A move the article reports with no date is dated at the document's month, as an estimate (issue 20), and that
estimate gives way to a stated date and orders nothing in the timeline. Invented people and organisations."""

from __future__ import annotations

from extract.consolidate import consolidate
from extract.models.mention import Evidence, Mention, PositionFact


def mention(quote: str, organization: str, status: str, *, doc: str = "a", at: int = 0, start: str | None = None,
            end: str | None = None, published: str | None = "2025-06-14") -> Mention:
    return Mention(doc=doc, chunk=0, chunk_start=0, chunk_end=at + len(quote), published=published, name="Jane Roe",
                   name_start=at, name_end=at + 8, positions=[PositionFact(
                       organization=organization, status=status, start=start, end=end,
                       evidence=Evidence(doc=doc, start=at, end=at + len(quote), quote=quote, alignment="exact",
                                         method="sentence", score=100.0, supported=True))])


def test_an_undated_move_reported_as_news_takes_the_documents_month_as_an_estimate() -> None:
    (record,) = consolidate([mention("Jane Roe has joined Acme Robotics as chief scientist.", "Acme Robotics",
                                     "joined")])
    (position,) = record.positions
    assert (position.start, position.start_estimated, position.start_raw) == ("2025-06", True,
                                                                               "published 2025-06-14")
    (left,) = consolidate([mention("Jane Roe 已从 Acme Robotics 离职。", "Acme Robotics", "left")])[0].positions
    assert (left.start, left.end, left.end_estimated) == (None, "2025-06", True)


def test_no_estimate_for_an_older_move_a_stated_date_or_an_undated_document() -> None:
    (older,) = consolidate([mention("Jane Roe 此前加入 Acme Robotics。", "Acme Robotics", "joined")])[0].positions
    assert older.start is None
    (bio,) = consolidate([mention("Jane Roe 一毕业就加入了 Acme Robotics。", "Acme Robotics", "joined")])[0].positions
    assert bio.start is None, "a step of a biography, not the news"
    (stated,) = consolidate([mention("Jane Roe joined Acme Robotics in 2019.", "Acme Robotics", "joined",
                                     start="2019")])[0].positions
    assert (stated.start, stated.start_estimated) == ("2019", False)
    (undated,) = consolidate([mention("Jane Roe has joined Acme Robotics.", "Acme Robotics", "joined",
                                      published=None)])[0].positions
    assert undated.start is None


def test_a_headline_estimate_gives_way_to_the_date_the_body_states() -> None:
    headline = mention("Acme Robotics 工程师 Jane Roe 离职", "Acme Robotics", "left")
    body = mention("2025 年 3 月, Acme Robotics 工程师 Jane Roe 离职。", "Acme Robotics", "left", at=100,
                   end="2025 年 3 月")
    (position,) = consolidate([headline, body])[0].positions
    assert (position.end, position.end_estimated) == ("2025-03", False)
    assert len(position.evidence) == 2


def test_an_estimate_orders_nothing_a_stated_date_would_contradict() -> None:
    # A retrospective published 2025-06 reports the departure in a heading; its body dates the arrival 2024-07.
    left = mention("Acme Robotics CTO Jane Roe 离职", "Acme Robotics", "left")
    joined = mention("Jane Roe 于 2024 年 7 月加入 Beta Labs。", "Beta Labs", "joined", at=40, start="2024 年 7 月")
    (record,) = consolidate([left, joined])
    assert [(m.source, m.target, m.date) for m in record.moves] == [("Acme Robotics", "Beta Labs", "2024-07")]


def test_a_look_back_at_the_past_year_gives_no_news_time_date() -> None:
    # A January 2025 article that dates two departures of 2024 is a look back: its undated one is not January's.
    dated = [mention(f"2024 年 {month} 月, Acme Robotics 工程师 {who} 离职。", "Acme Robotics", "left", doc="r",
                     end=f"2024 年 {month} 月", published="2025-01-20").model_copy(update={"name": who})
             for month, who in ((5, "Ann Lee"), (9, "Bo Chen"))]
    undated = mention("Beta Labs 研究员 Jane Roe 离职", "Beta Labs", "left", doc="r", published="2025-01-20")
    records = {r.name: r for r in consolidate([*dated, undated])}
    assert records["Jane Roe"].positions[0].end is None
    assert records["Ann Lee"].positions[0].end == "2024-05"


def test_a_tenure_whose_end_a_text_states_is_former_whatever_its_sentence_said() -> None:
    """"2011 年至 2016 年就职于 Acme": the model may call it joined or current; it ended, so it was held before.
    A departure dated only by the news stays "left"."""
    ranged = mention("2011 年至 2016 年，Jane Roe 就职于 Acme Robotics。", "Acme Robotics", "current",
                     start="2011 年", end="2016 年")
    (position,) = consolidate([ranged])[0].positions
    assert (position.start, position.end, position.status, position.statuses) == ("2011", "2016", "former",
                                                                                  ["current"])
    (news,) = consolidate([mention("Jane Roe 已从 Acme Robotics 离职。", "Acme Robotics", "left")])[0].positions
    assert (news.end_estimated, news.status) == (True, "left")
    (held,) = consolidate([mention("Jane Roe 现任 Acme Robotics CTO。", "Acme Robotics", "current")])[0].positions
    assert held.status == "current"


def test_a_tenure_with_a_known_end_and_a_stated_length_gets_its_start() -> None:
    """"在 Acme Robotics 工作了 11 年的 Jane Roe 宣布离职" (2025): began about 2014, estimated; with no end, nothing."""
    ended = mention("在 Acme Robotics 工作了 11 年的 Jane Roe 于 2025 年 3 月宣布离职。", "Acme Robotics", "left",
                    end="2025 年 3 月")
    (position,) = consolidate([ended])[0].positions
    assert (position.start, position.start_estimated, position.start_raw) == ("2014", True,
                                                                               "在 Acme Robotics 工作了 11 年")
    held = mention("Jane Roe 已在 Acme Robotics 工作了 11 年。", "Acme Robotics", "current")
    assert consolidate([held])[0].positions[0].start is None
