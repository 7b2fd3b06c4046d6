"""A document that states no publication date is read against the latest year its text writes out (issue 20): its
bare months and relative dates get that year, flagged as estimates, and a document with a date is unaffected.
Invented people, organisations and sentences."""

from __future__ import annotations

from extract.consolidate import consolidate
from extract.ingest.chunk import chunk_document
from extract.lexicon.dates import latest_stated_year
from extract.models.documents import Document
from extract.models.mention import Evidence, Mention, PositionFact


def test_the_latest_absolute_year_up_to_today_and_none_without_one() -> None:
    text = "回顾 2016 年和 2018 年的人事变动。3 月 22 日，周明远离职。"
    assert latest_stated_year(text, today=2026) == "2018"
    assert latest_stated_year("In June, Jane Roe left; by 2040 the lab plans to grow.", today=2026) is None
    assert latest_stated_year("2,017 people work there; last year Bo Lin joined.", today=2026) is None
    assert latest_stated_year("Ann Lee joined Acme in March 2019 and left on 2021-05-04.", today=2026) == "2021"


def test_chunks_carry_the_guess_only_when_the_document_states_no_date() -> None:
    text = "2019 年，周明远加入北辰科技。9 月 12 日，他离职。"
    undated = Document(id="d", source="d.txt", text=text, format="text", encoding="utf-8", language="zh")
    (chunk,) = chunk_document(undated)
    assert (chunk.published, chunk.published_guess, chunk.dated_against) == (None, "2019", "2019")
    dated = Document(id="d", source="d.txt", text=text, format="text", encoding="utf-8", language="zh",
                     published="2024-05-01")
    (chunk,) = chunk_document(dated)
    assert (chunk.published_guess, chunk.dated_against) == (None, "2024-05-01")


def _mention(quote: str, end: str, *, published: str | None, guess: str | None) -> Mention:
    return Mention(doc="a", chunk=0, chunk_start=0, chunk_end=len(quote), published=published, published_guess=guess,
                   name="周明远", name_start=0, name_end=3, positions=[PositionFact(
                       organization="北辰科技", status="left", end=end,
                       evidence=Evidence(doc="a", start=0, end=len(quote), quote=quote, alignment="exact",
                                         method="sentence", score=100.0, supported=True))])


def test_a_bare_day_of_an_undated_document_takes_the_guessed_year_as_an_estimate() -> None:
    quote = "9 月 12 日，周明远从北辰科技离职。"
    (record,) = consolidate([_mention(quote, "9 月 12 日", published=None, guess="2017")])
    (position,) = record.positions
    assert (position.end, position.end_estimated) == ("2017-09-12", True)


def test_a_relative_date_is_not_read_against_a_guess_and_a_stated_year_is_no_estimate() -> None:
    (relative,) = consolidate([_mention("周明远去年离开北辰科技。", "去年", published=None, guess="2021")])[0].positions
    assert relative.end is None, "the latest year written is only a lower bound of the year of writing"
    (stated,) = consolidate([_mention("周明远 2015 年离开北辰科技。", "2015 年", published=None,
                                      guess="2021")])[0].positions
    assert (stated.end, stated.end_estimated) == ("2015", False)


def test_without_a_guess_or_with_a_publication_date_nothing_changes() -> None:
    (none,) = consolidate([_mention("9 月 12 日，周明远离职。", "9 月 12 日", published=None, guess=None)])[0].positions
    assert none.end is None
    (dated,) = consolidate([_mention("9 月 12 日，周明远离职。", "9 月 12 日", published="2024-10-01",
                                     guess="2017")])[0].positions
    assert (dated.end, dated.end_estimated) == ("2024-09-12", True)


def test_that_years_month_is_read_against_a_guess_only() -> None:
    quote = "那一年的 4 月 9 日，周明远离开北辰科技。"
    (guessed,) = consolidate([_mention(quote, "那一年的 4 月 9 日", published=None, guess="2017")])[0].positions
    assert (guessed.end, guessed.end_estimated) == ("2017-04-09", True)
    (dated,) = consolidate([_mention(quote, "那一年的 4 月 9 日", published="2018-03-01",
                                     guess=None)])[0].positions
    assert dated.end is None, "the story's year is not the year of writing"
