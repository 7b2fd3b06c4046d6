"""Grounding: sentence citations and quote alignment give offsets where ``text[start:end] == quote``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ground.align import align_quote, normalise_with_map
from extract.ground.attribute import text_aliases
from extract.ground.grounding import ground_extraction
from extract.lexicon.orgs import OrgTable
from extract.lexicon.sentences import split_sentences
from extract.models.documents import Chunk
from extract.models.mention import Mention
from extract.schemas import ChunkExtraction, QuotedChunkExtraction

DOC = (
    "导语。\n\n他们分别是翟晓华（Xiaohua Zhai）、卢卡斯·拜尔\n（Lucas Beyer）。"
    "2014年他毕业于北京大学，获得博士学位。\nHe joined Google in 2018."
)

NO_DATES = {"title": None, "start": None, "end": None}


def span_of(text: str, start: int = 0, end: int | None = None) -> Chunk:
    end = len(text) if end is None else end
    return Chunk("d", 0, start, end, text[start:end], None, "2024-12-04")


def test_exact_quote() -> None:
    evidence = align_quote(DOC, span_of(DOC), "He joined Google in 2018.")
    assert (evidence.alignment, evidence.method) == ("exact", "exact")
    assert DOC[evidence.start:evidence.end] == evidence.quote == "He joined Google in 2018."


def test_quote_without_the_wrapped_newline_aligns_to_the_source() -> None:
    evidence = align_quote(DOC, span_of(DOC), "卢卡斯·拜尔（Lucas Beyer）")
    assert (evidence.alignment, evidence.method) == ("fuzzy", "normalized")
    assert evidence.quote == "卢卡斯·拜尔\n（Lucas Beyer）" == DOC[evidence.start:evidence.end]
    assert evidence.model_quote == "卢卡斯·拜尔（Lucas Beyer）"


def test_quote_with_markdown_and_half_width_punctuation() -> None:
    evidence = align_quote(DOC, span_of(DOC), "**2014年他毕业于北京大学,获得博士学位**")
    assert evidence.method == "normalized"
    assert DOC[evidence.start:evidence.end] == "2014年他毕业于北京大学，获得博士学位"


def test_paraphrased_quote_aligns_fuzzily_or_not_at_all() -> None:
    near = align_quote(DOC, span_of(DOC), "2014年他毕业于北京大学，获得了博士学位")
    assert near.method == "fuzzy" and near.score >= 85 and DOC[near.start:near.end] == near.quote
    invented = align_quote(DOC, span_of(DOC), "他在斯坦福大学读过博士后")
    assert invented.alignment == "none" and invented.start is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("翟晓华北京大学。，（）ab C\n ·“”")), min_size=1, max_size=80),
       st.data())
def test_any_substring_aligns_back_to_itself(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    evidence = align_quote(text, span_of(text), quote)
    if quote.strip():
        assert evidence.alignment != "none"
        assert text[evidence.start:evidence.end] == evidence.quote


@settings(deadline=None)  # a loaded CI machine must not fail it on time
@given(st.text(max_size=60))
def test_normalised_map_points_into_the_source(text: str) -> None:
    norm, index = normalise_with_map(text)
    assert len(norm) == len(index)
    assert all(0 <= i < len(text) for i in index)
    assert index == sorted(index)


def test_sentence_citations_become_exact_spans() -> None:
    chunk = span_of(DOC, 5)
    sentences = split_sentences(chunk.text)
    number = next(s.number for s in sentences if "北京大学" in s.text)
    extraction = ChunkExtraction.model_validate({"people": [{
        "name": "翟晓华", "other_names": ["Xiaohua Zhai"],
        "education": [{"institution": "北京大学", "degree": "PhD", "end": "2014", "sentence": number}],
        "positions": [{"organization": "Google", "title": None, "start": None, "end": None, "status": "joined",
                       "sentence": number}],
    }]})
    (mention,) = ground_extraction(DOC, chunk, extraction)
    (education,) = mention.education
    assert DOC[education.evidence.start:education.evidence.end] == education.evidence.quote
    assert education.evidence.quote == "2014年他毕业于北京大学，获得博士学位。"
    assert education.evidence.supported
    (position,) = mention.positions
    assert position.evidence.method == "nearby_sentence", "the cited sentence does not name Google; the next does"
    assert position.evidence.quote == "He joined Google in 2018." and position.evidence.supported
    assert DOC[mention.name_start:mention.name_end] == "翟晓华"


def test_invented_people_organisations_and_unsupported_education_are_dropped() -> None:
    chunk = span_of(DOC)
    extraction = QuotedChunkExtraction.model_validate({"people": [
        {"name": "张三",
         "positions": [{"organization": "谷歌", "status": "left", "quote": "He joined Google", **NO_DATES}]},
        {"name": "Google", "positions": []},
        {"name": "卢卡斯·拜尔",
         "positions": [{"organization": "Google", "status": "joined", "quote": "He joined Google", **NO_DATES}],
         "education": [{"institution": "Stanford", "degree": None, "end": None, "quote": "2014年他毕业于北京大学"}]},
    ]})
    mentions = ground_extraction(DOC, chunk, extraction)
    assert [m.name for m in mentions] == ["卢卡斯·拜尔"]
    assert mentions[0].education == []
    kept = ground_extraction(DOC, chunk, extraction, keep_ungrounded=True)
    assert kept[0].education[0].evidence.supported is False


def _one_position(text: str, **fact) -> Mention:
    chunk = span_of(text)
    extraction = ChunkExtraction.model_validate({"people": [{"name": "王五", "positions": [
        {"title": None, "start": None, "end": None, "status": "joined", **fact}]}]})
    (mention,) = ground_extraction(text, chunk, extraction)
    return mention


def test_values_the_evidence_does_not_state_are_cleared() -> None:
    text = "王五于 2019 年加入百度，任首席科学家。他喜欢跑步。"
    mention = _one_position(text, organization="百度", title="首席科学家", start="2019", end="2021", sentence=1)
    (position,) = mention.positions
    assert (position.title, position.start, position.end) == ("首席科学家", "2019", None)
    assert position.cleared == ["end"]


def test_unsupported_position_is_kept_but_flagged() -> None:
    mention = _one_position("王五是一名研究员。他喜欢跑步。", organization="腾讯", sentence=1)
    assert mention.positions[0].evidence.supported is False


def test_latin_name_glued_to_a_chinese_unit_is_reattached() -> None:
    mention = _one_position("几周后，王五将正式加入OpenAI苏黎世实验室。", organization="苏黎世实验室", sentence=1)
    assert mention.positions[0].organization == "OpenAI苏黎世实验室"


def test_education_needs_a_sentence_about_studies() -> None:
    text = "王五是Google DeepMind的研究员。王五毕业于北京大学。"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "王五", "education": [
        {"institution": "Google DeepMind", "degree": None, "end": None, "sentence": 1},
        {"institution": "北京大学", "degree": None, "end": None, "sentence": 2}]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert [e.institution for e in mention.education] == ["北京大学"]


def test_a_field_named_learning_is_no_sign_of_studying() -> None:
    text = "王五是斯坦福大学深度学习课程的创建者。赵六在斯坦福大学学习机械工程。"
    extraction = ChunkExtraction.model_validate({"people": [
        {"name": "王五", "education": [{"institution": "斯坦福大学", "degree": None, "end": None, "sentence": 1}]},
        {"name": "赵六", "education": [{"institution": "斯坦福大学", "degree": None, "end": None, "sentence": 2}]}]})
    wang, zhao = ground_extraction(text, span_of(text), extraction)
    assert (wang.education, [e.institution for e in zhao.education]) == ([], ["斯坦福大学"])


def test_aliases_the_text_gives_in_brackets_are_added() -> None:
    text = ("他们分别是赵六 （Liu Zhao）、钱七（Qi Qian）。Liu Zhao（赵六）说。"
            "Mary Major (a researcher) left. 孙八（a researcher）")
    chunk = span_of(text)
    assert text_aliases(chunk, ["赵六"]) == ["Liu Zhao"]
    assert text_aliases(chunk, ["Liu Zhao"]) == ["赵六"]
    assert text_aliases(chunk, ["Mary Major"]) == [], "a bracketed description is not a name"
    assert text_aliases(chunk, ["孙八"]) == []
    noted = span_of("负责人周九（音译，Jiu Zhou）离职。Mary Major (aka, Mary Minor) stayed.")
    assert text_aliases(noted, ["周九"]) == ["Jiu Zhou"], "a short note may come before the other name"
    after = span_of("负责人李思源（Siyuan Li，音译）离职。")
    assert text_aliases(after, ["李思源"]) == ["Siyuan Li"], "or after it"
    assert text_aliases(noted, ["Mary Major"]) == [], "but what follows it must still be a name in the other script"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "钱七"}]})
    (mention,) = ground_extraction(text, chunk, extraction)
    assert mention.other_names == ["Qi Qian"]


def test_bracketed_names_are_split_and_names_as_organisations_dropped() -> None:
    text = "赵六（Liu Zhao）加入了百度。"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "赵六（Liu Zhao）", "positions": [
        {"organization": "Liu Zhao", "title": None, "start": None, "end": None, "status": "joined", "sentence": 1},
        {"organization": "百度", "title": None, "start": None, "end": None, "status": "joined", "sentence": 1}]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert (mention.name, mention.other_names) == ("赵六", ["Liu Zhao"])
    assert [p.organization for p in mention.positions] == ["百度"]


def test_citation_past_the_last_sentence_is_repaired_or_dropped() -> None:
    text = "王五是研究员。王五于 2019 年加入百度。"
    repaired = _one_position(text, organization="百度", sentence=3)
    assert repaired.positions[0].evidence.quote == "王五于 2019 年加入百度。"
    assert repaired.positions[0].evidence.method == "nearby_sentence"
    assert _one_position(text, organization="腾讯", sentence=40).positions == []


def test_a_citation_far_from_the_right_sentence_moves_to_the_one_naming_organisation_and_person() -> None:
    outline = "".join(f"第{n}节。" for n in range(1, 7))
    text = "王五是百度研究员。" + outline
    moved = _one_position(text, organization="百度", sentence=7).positions[0]
    assert (moved.evidence.quote, moved.evidence.method, moved.evidence.supported) == (
        "王五是百度研究员。", "nearby_sentence", True)
    # the only sentence naming the organisation is about nobody named: the citation stays, flagged
    text = "百度发布了新模型。" + outline + "王五说。"
    kept = _one_position(text, organization="百度", sentence=8).positions[0]
    assert (kept.evidence.quote, kept.evidence.supported) == ("王五说。", False)


def test_model_aliases_far_from_the_name_are_dropped() -> None:
    text = "钱七（Qi Qian）是一名研究员，他和 Karpathy 一起工作过。"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "钱七", "other_names": ["Qi Qian", "Karpathy"]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert mention.other_names == ["Qi Qian"]


def test_undated_position_takes_the_dates_its_sentence_states() -> None:
    text = "王五于 2019 年加入百度，任首席科学家。2000 年至 2003 年间，王五就职于华为。"
    joined = _one_position(text, organization="百度", sentence=1).positions[0]
    assert (joined.start, joined.end, joined.filled) == ("2019 年", None, ["start"])
    ranged = _one_position(text, organization="华为", sentence=2).positions[0]
    assert (ranged.start, ranged.end, ranged.filled) == ("2000 年", "2003 年", ["start", "end"])


def test_degree_given_as_a_position_and_job_given_as_education_are_refiled() -> None:
    text = "王五是卡耐基梅隆大学计算机博士。王五曾在纽昂司担任高级研究员。"
    extraction = ChunkExtraction.model_validate({"people": [{
        "name": "王五",
        "positions": [{"organization": "卡耐基梅隆大学", "title": "计算机博士", "start": None, "end": None,
                       "status": "former", "sentence": 1}],
        "education": [{"institution": "纽昂司", "degree": "高级研究员", "end": None, "sentence": 2}],
    }]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert [(e.institution, e.degree, e.refiled) for e in mention.education] == [("卡耐基梅隆大学", "计算机博士", True)]
    assert [(p.organization, p.title, p.refiled) for p in mention.positions] == [("纽昂司", "高级研究员", True)]


def test_a_fact_whose_sentence_is_about_someone_else_is_dropped_unless_about_a_group() -> None:
    text = "张三加入了百度。李四离开了腾讯。三人均曾在微软工作。"
    extraction = ChunkExtraction.model_validate({"people": [
        {"name": "张三", "positions": [
            {"organization": "腾讯", "status": "left", "sentence": 2, **NO_DATES},
            {"organization": "微软", "status": "former", "sentence": 3, **NO_DATES},
            {"organization": "百度", "status": "joined", "sentence": 1, **NO_DATES}]},
        {"name": "李四", "positions": [{"organization": "腾讯", "status": "left", "sentence": 2, **NO_DATES}]},
    ]})
    zhang, li = ground_extraction(text, span_of(text), extraction)
    assert [p.organization for p in zhang.positions] == ["微软", "百度"]
    assert [p.organization for p in li.positions] == ["腾讯"]


def test_a_pronoun_sentence_belongs_to_the_person_named_last_before_it() -> None:
    """"李四离开了腾讯。他现在是百度的研究员。": 他 is 李四, so the model's 百度 for 张三 is the neighbour's. A
    sentence with no subject at all is left to the model (it often continues about the article's main person)."""
    text = "张三加入了微软。李四离开了腾讯。他现在是百度的研究员。此后加入了阿里。"
    extraction = ChunkExtraction.model_validate({"people": [
        {"name": "张三", "positions": [
            {"organization": "微软", "status": "joined", "sentence": 1, **NO_DATES},
            {"organization": "百度", "status": "current", "sentence": 3, **NO_DATES},
            {"organization": "阿里", "status": "joined", "sentence": 4, **NO_DATES}]},
        {"name": "李四", "positions": [
            {"organization": "腾讯", "status": "left", "sentence": 2, **NO_DATES},
            {"organization": "百度", "status": "current", "sentence": 3, **NO_DATES}]},
    ]})
    zhang, li = ground_extraction(text, span_of(text), extraction)
    assert [p.organization for p in zhang.positions] == ["微软", "阿里"]
    assert [p.organization for p in li.positions] == ["腾讯", "百度"]


def test_a_common_character_like_jun_does_not_make_a_sentence_about_a_group() -> None:
    # 均 (and 都) are in many ordinary sentences; as group cues they switched the attribution check off.
    text = "张三加入了百度。李四此前均在腾讯从事研究。"
    extraction = ChunkExtraction.model_validate({"people": [
        {"name": "张三", "positions": [
            {"organization": "百度", "status": "joined", "sentence": 1, **NO_DATES},
            {"organization": "腾讯", "status": "former", "sentence": 2, **NO_DATES}]},
        {"name": "李四", "positions": [{"organization": "腾讯", "status": "former", "sentence": 2, **NO_DATES}]},
    ]})
    zhang, _li = ground_extraction(text, span_of(text), extraction)
    assert [p.organization for p in zhang.positions] == ["百度"]


def test_a_clause_given_as_a_person_is_dropped() -> None:
    text = "库特勒、贝拉米以及基拉尚未置评。张三离开了腾讯。"
    extraction = ChunkExtraction.model_validate({"people": [
        {"name": "库特勒、贝拉米以及基拉尚未置评", "positions": [
            {"organization": "腾讯", "status": "left", "sentence": 2, **NO_DATES}]},
        {"name": "张三", "positions": [{"organization": "腾讯", "status": "left", "sentence": 2, **NO_DATES}]},
    ]})
    assert [m.name for m in ground_extraction(text, span_of(text), extraction)] == ["张三"]


def test_a_job_title_given_as_a_degree_is_a_position_even_next_to_a_graduation() -> None:
    text = "从中科院研究生院毕业后，王五曾在纽昂司担任高级研究员。"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "王五", "education": [
        {"institution": "纽昂司", "degree": "高级研究员", "end": None, "sentence": 1}]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert [(p.organization, p.title) for p in mention.positions] == [("纽昂司", "高级研究员")]
    assert mention.education == []


def test_a_model_or_product_given_as_the_organisation_is_dropped_but_a_team_named_after_one_is_kept() -> None:
    from extract.lexicon.orgs import OrgTable

    text = "Jane Roe, a co-creator of GPT-4o, joined Acme Labs. She led the Gemini team at Beta AI."
    extraction = ChunkExtraction.model_validate({"people": [{"name": "Jane Roe", "positions": [
        {"organization": organisation, "status": "joined", "sentence": number, **NO_DATES}
        for organisation, number in (("GPT-4o", 1), ("Acme Labs", 1), ("Gemini team", 2))]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction, orgs=OrgTable.load())
    assert [p.organization for p in mention.positions] == ["Acme Labs", "Gemini team"]
    (unfiltered,) = ground_extraction(text, span_of(text), extraction)  # no table given: nothing known to drop
    assert len(unfiltered.positions) == 3


def test_a_job_filed_as_education_reads_its_status_from_its_sentence() -> None:
    text = "王五曾在北辰科技担任高级研究员。"
    extraction = ChunkExtraction.model_validate({"people": [{
        "name": "王五", "positions": [],
        "education": [{"institution": "北辰科技", "degree": "高级研究员", "end": None, "sentence": 1}],
    }]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert [(p.organization, p.status, p.refiled) for p in mention.positions] == [("北辰科技", "former", True)]


def test_a_list_item_headed_by_another_name_is_that_persons_even_when_the_model_left_them_out() -> None:
    text = "Max Muster announced four hires.\n- Jane Roe: research lead at Acme Labs.\n- Max Muster: CEO of Beta Corp."
    extraction = ChunkExtraction.model_validate({"people": [{"name": "Max Muster", "positions": [
        {"organization": "Acme Labs", "status": "current", "sentence": 2, **NO_DATES},
        {"organization": "Beta Corp", "status": "current", "sentence": 3, **NO_DATES},
    ]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert [p.organization for p in mention.positions] == ["Beta Corp"]


def test_a_sentence_writing_the_organisation_another_way_supports_the_fact_and_dates_it() -> None:
    """The model answers "Microsoft AI" (or "Baidu") for a sentence that writes "Microsoft" (百度): the alias table
    says they are one organisation, so the sentence supports the fact and its date is read at the written form."""
    text = "2019 年 3 月，王五加入百度，任首席科学家。"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "王五", "positions": [
        {"organization": "Baidu", "title": None, "start": None, "end": None, "status": "joined", "sentence": 1}]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction, orgs=OrgTable.load())
    (position,) = mention.positions
    assert position.evidence.supported and (position.start, position.filled) == ("2019 年 3 月", ["start"])
    (unknown,) = ground_extraction(text, span_of(text), extraction)
    assert unknown.positions[0].start is None, "without the alias table nothing says 百度 is Baidu"


@pytest.mark.parametrize(("text", "supported"), [
    ("In 2024 Jane Roe was appointed professor of robotics at Cambridge.", True),
    ("In 2024 Jane Roe joined Amazon Cambridge as a director.", False),  # a place after another name is no school
])
def test_a_sentence_calling_a_university_by_its_place_supports_it(text: str, supported: bool) -> None:
    extraction = ChunkExtraction.model_validate({"people": [{"name": "Jane Roe", "positions": [
        {"organization": "Cambridge University", "title": None, "status": "joined", "sentence": 1, **NO_DATES}]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction, orgs=OrgTable.load())
    (position,) = mention.positions
    assert position.evidence.supported is supported
    if supported:
        assert position.start == "2024", "its date is read at the written place"


@pytest.mark.parametrize(("text", "organization", "orgs"), [
    ("周明遠已於 2023 年離開蘋果，轉往北辰科技。", "苹果", OrgTable.load()),  # the table's simplified name
    ("周明遠已於 2023 年離開東嶽實驗室。", "东岳实验室", None),  # no table entry: the model's own name, converted
])
def test_an_organisation_written_in_the_other_script_supports_the_fact_and_dates_it(
        text: str, organization: str, orgs: OrgTable | None) -> None:
    extraction = ChunkExtraction.model_validate({"people": [{"name": "周明遠", "positions": [
        {"organization": organization, "title": None, "status": "left", "sentence": 1, **NO_DATES}]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction, orgs=orgs)
    (position,) = mention.positions
    assert position.evidence.supported
    assert (position.end, position.filled) == ("2023 年", ["end"])
    unrelated = ChunkExtraction.model_validate({"people": [{"name": "周明遠", "positions": [
        {"organization": "西山科技", "title": None, "status": "left", "sentence": 1, **NO_DATES}]}]})
    (other,) = ground_extraction(text, span_of(text), unrelated, orgs=orgs)
    assert not other.positions or not other.positions[0].evidence.supported
