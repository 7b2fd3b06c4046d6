"""A lone Latin surname the model gives as a person's name takes the one full name its document writes for it.
Invented people and organisations."""

from __future__ import annotations

from extract.ground.attribute import full_name_in_document
from extract.ground.grounding import ground_extraction
from extract.lexicon.cues import default_cues
from extract.lexicon.sentences import split_sentences
from extract.models.documents import Chunk
from extract.schemas import ChunkExtraction

TEXT = ("Professors Jane Roe and Professor Andrew Lin will join Northwind Labs. CEO Sam Altman welcomed them. "
        "Dr. Bo Chen and Ann Chen also spoke. Microsoft Research Eric Horvitz said so.")


def test_the_one_full_name_of_a_surname() -> None:
    cues = default_cues()
    assert full_name_in_document(TEXT, "Roe", cues) == "Jane Roe"
    assert full_name_in_document(TEXT, "Lin", cues) == "Andrew Lin", "a title before the given name is no part of it"
    assert full_name_in_document(TEXT, "Altman", cues) == "Sam Altman"


def test_none_when_two_people_share_it_or_the_name_is_not_a_lone_surname() -> None:
    cues = default_cues()
    assert full_name_in_document(TEXT, "Chen", cues) is None, "Bo Chen and Ann Chen"
    assert full_name_in_document(TEXT, "Eric", cues) is None, "followed by a surname: a given name"
    assert full_name_in_document(TEXT, "Horvitz", cues) is None, "a longer run of capitals: which words are the name?"
    assert full_name_in_document(TEXT, "Smith", cues) is None
    assert full_name_in_document(TEXT, "Jane Roe", cues) is None, "already full"


def test_grounding_names_the_person_in_full_and_keeps_the_surname() -> None:
    doc = "Jane Roe will join Northwind Labs.\nRoe left Contoso Vision in May."
    start = doc.index("Roe left")
    chunk = Chunk("d", 1, start, len(doc), doc[start:], None, "2025-06-01")
    number = split_sentences(chunk.text)[0].number
    extraction = ChunkExtraction.model_validate({"people": [{"name": "Roe", "other_names": [], "education": [],
        "positions": [{"organization": "Contoso Vision", "title": None, "start": None, "end": "May",
                       "status": "left", "sentence": number}]}]})
    (mention,) = ground_extraction(doc, chunk, extraction)
    assert (mention.name, mention.other_names) == ("Jane Roe", ["Roe"])
    assert doc[mention.name_start:mention.name_end] == "Roe", "the name found in the chunk is what it points at"
