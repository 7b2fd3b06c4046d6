"""Person–organisation pairs one sentence names together (extract.lexicon.pairs): the pair check's questions."""

from __future__ import annotations

from extract.lexicon.orgs import OrgEntry, OrgTable
from extract.lexicon.pairs import SentencePair, organisations_named, sentence_pairs

ORGS = OrgTable.from_entries([
    OrgEntry("Contoso", ("Contoso Ltd",)), OrgEntry("Northwind Labs", ("Northwind",)),
    OrgEntry("北辰科技", ("北辰",)), OrgEntry("林海科技"), OrgEntry("Meta"),
])


def test_known_organisations_as_written_longest_first_never_inside_a_latin_word() -> None:
    sentence = "Jane Roe left Contoso Ltd for Northwind Labs; Metadata is no company, but Meta is."
    assert organisations_named(sentence, ORGS) == ["Contoso Ltd", "Northwind Labs", "Meta"]


def test_an_organisation_the_model_gave_is_looked_for_too() -> None:
    assert organisations_named("Bo Lin joined Fabrikam Research in May.", ORGS) == []
    assert organisations_named("Bo Lin joined Fabrikam Research in May.", ORGS, ["Fabrikam Research"]) == [
        "Fabrikam Research"]


def test_each_name_with_each_organisation_of_its_sentence_once() -> None:
    text = "Ann Lee hired Bo Lin from Contoso. Bo Lin had spent six years at Contoso. 周明远此前任职于北辰科技，后加入林海科技。"
    pairs = sentence_pairs(text, ["Ann Lee", "Bo Lin", "周明远"], ORGS)
    assert pairs == [
        SentencePair(1, "Ann Lee", "Contoso"), SentencePair(1, "Bo Lin", "Contoso"),
        SentencePair(3, "周明远", "北辰科技"), SentencePair(3, "周明远", "林海科技"),
    ]


def test_two_names_of_one_organisation_are_one_pair() -> None:
    text = "Bo Lin joined Northwind Labs in 2019. At Northwind he led search."
    assert sentence_pairs(text, ["Bo Lin"], ORGS) == [SentencePair(1, "Bo Lin", "Northwind Labs")]


def test_a_pronoun_sentence_is_about_the_first_person_named_before_it() -> None:
    text = "Ann Lee hired Bo Lin last year. She previously worked at Contoso. 赵一凡加入北辰。此前，他在林海科技工作。"
    pairs = sentence_pairs(text, ["Ann Lee", "Bo Lin", "赵一凡"], ORGS)
    assert SentencePair(2, "Ann Lee", "Contoso") in pairs
    assert SentencePair(4, "赵一凡", "林海科技") in pairs
    assert all(p.name != "Bo Lin" for p in pairs)


def test_a_shorter_name_inside_a_longer_one_and_an_organisation_inside_a_name_make_no_pair() -> None:
    text = "Jane Roe of Contoso spoke. Meta Roe is a person here."
    pairs = sentence_pairs(text, ["Jane Roe", "Roe", "Meta Roe"], ORGS)
    assert pairs == [SentencePair(1, "Jane Roe", "Contoso")]


def test_a_sentence_with_no_name_and_no_pronoun_asks_nothing() -> None:
    assert sentence_pairs("Contoso and Northwind Labs announced a merger.", ["Jane Roe"], ORGS) == []
