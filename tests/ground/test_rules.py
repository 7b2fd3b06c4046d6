"""The rule pass: roles in apposition ("ORG TITLE NAME", "NAME 是 ORG TITLE", "NAME, TITLE at ORG") and group moves
("A、B 和 C 离开了 X"). Invented people only."""

from __future__ import annotations

import pytest

from extract.ground.rules import (
    RuleContext,
    bare_han_name,
    find_appositions,
    find_continued,
    find_named_moves,
    find_studies,
    rule_mentions,
)
from extract.lexicon.orgs import OrgTable
from extract.models.documents import Chunk
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact


@pytest.fixture(scope="module")
def orgs() -> OrgTable:
    return OrgTable.load()


def roles(sentence: str, orgs: OrgTable, names: tuple[str, ...] = (), doc_orgs: tuple[str, ...] = ()) -> list:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(d.casefold() for d in doc_orgs),
                   names={n.casefold(): n for n in names})
    return [(r.name, r.other_names, r.organization, r.title, r.status) for r in find_appositions(sentence, ctx)]


def test_title_before_a_transliterated_name_with_its_latin_form(orgs: OrgTable) -> None:
    assert roles("微软亚洲研究院首席研究员艾琳・沃森 (Irene Watson) 在采访中表示看好这一方向。", orgs) == [
        ("艾琳・沃森", ("Irene Watson",), "微软亚洲研究院", "首席研究员", "current"),
    ]


def test_a_list_of_roles_before_a_listed_name_in_a_departure(orgs: OrgTable) -> None:
    found = roles("据报道，腾讯副总裁、腾讯AI实验室主任周明远已经离职。", orgs, names=("周明远",))
    assert found == [
        ("周明远", (), "腾讯AI实验室", "主任", "left"),
        ("周明远", (), "腾讯", "副总裁", "left"),
    ]


def test_a_bare_han_name_the_model_did_not_list_needs_a_break_after_it(orgs: OrgTable) -> None:
    assert roles("据报道，腾讯副总裁周明远已经离职。", orgs) == [("周明远", (), "腾讯", "副总裁", "left")]
    assert roles("据报道，腾讯副总裁周明远航离职。", orgs) == []  # no break after 周明 or 周明远: not taken


def test_former_marker_and_latin_name_after_the_title(orgs: OrgTable) -> None:
    assert roles("百度前首席架构师 Tomas Lindgren 也加入了这家公司。", orgs) == [
        ("Tomas Lindgren", (), "百度", "首席架构师", "former"),
    ]


def test_copula_gives_a_chain_of_roles(orgs: OrgTable) -> None:
    assert roles("Priya Nair 是 Anthropic CTO，前 OpenAI 研究员。", orgs) == [
        ("Priya Nair", (), "Anthropic", "CTO", "current"),
        ("Priya Nair", (), "OpenAI", "研究员", "former"),
    ]


def test_english_title_at_organisation(orgs: OrgTable) -> None:
    assert roles("Tomas Lindgren, principal scientist at Microsoft Research, said the lab would grow.", orgs) == [
        ("Tomas Lindgren", (), "Microsoft Research", "principal scientist", "current"),
    ]
    assert roles("Microsoft CEO Dana Whitfield resigned on Monday.", orgs) == [
        ("Dana Whitfield", (), "Microsoft", "CEO", "left"),
    ]


def test_an_english_copula_before_title_at_organisation(orgs: OrgTable) -> None:
    assert roles("Tomas Lindgren is also a co-founder of Microsoft Research.", orgs) == [
        ("Tomas Lindgren", (), "Microsoft Research", "co-founder", "current")]
    assert roles("Tomas Lindgren was chief scientist at Microsoft until 2020.", orgs) == [
        ("Tomas Lindgren", (), "Microsoft", "chief scientist", "former")], "the past tense: held before"
    assert roles("Tomas Lindgren is formerly a researcher at Microsoft.", orgs) == [
        ("Tomas Lindgren", (), "Microsoft", "researcher", "former")]
    assert roles("Tomas Lindgren was the first employee of Microsoft.", orgs) == [], "no title word"
    assert roles("Tomas Lindgren is the CEO of a startup in the heart of Microsoft.", orgs) == [], \
        "the title's organisation is not the one named later"


def test_unknown_organisation_counts_once_the_model_named_it(orgs: OrgTable) -> None:
    sentence = "Quillmark 首席科学家艾琳・沃森宣布离职。"
    assert roles(sentence, orgs) == []
    assert roles(sentence, orgs, doc_orgs=("Quillmark",)) == [
        ("艾琳・沃森", (), "Quillmark", "首席科学家", "left"),
    ]


@pytest.mark.parametrize("sentence", [
    "微软表示研究员艾琳・沃森不会离开。",  # a verb between organisation and title: a clause, not a title
    "微软的新项目，首席科学家艾琳・沃森负责。",  # punctuation between them
    "微软首席科学家表示不会离职。",  # no name after the title
    "Microsoft CEO Google DeepMind talks.",  # capitalised words that are organisations are no name
])
def test_not_an_apposition(orgs: OrgTable, sentence: str) -> None:
    assert roles(sentence, orgs) == []


def test_a_transliteration_running_into_the_verb_is_cut(orgs: OrgTable) -> None:
    assert roles("微软首席执行官萨蒂亚·纳德拉表示欢迎。", orgs)[0][0] == "萨蒂亚·纳德拉"


def _evidence(doc: str, text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(doc=doc, start=start, end=start + len(quote), quote=quote, alignment="exact", method="sentence",
                    score=100.0)


def test_mentions_cite_their_sentence_and_leave_pairs_the_model_gave(orgs: OrgTable) -> None:
    second = "微软亚洲研究院首席科学家艾琳・沃森 (Irene Watson) 将接替她。"
    text = "OpenAI 研究员 Dana Whitfield 宣布离职。" + second
    chunk = Chunk(doc="d1", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    model = [
        Mention(doc="d1", chunk=0, chunk_start=0, chunk_end=len(text), name="Dana Whitfield",
                positions=[PositionFact(organization="OpenAI", status="left",
                                        evidence=_evidence("d1", text, "OpenAI 研究员 Dana Whitfield 宣布离职。"))]),
        Mention(doc="d1", chunk=0, chunk_start=0, chunk_end=len(text), name="艾琳・沃森",
                positions=[PositionFact(organization="微软亚洲研究院", title="首席科学家",
                                        evidence=_evidence("d1", text, second))]),
    ]
    assert rule_mentions(model, [chunk], orgs) == []  # both pairs are the model's already

    added = rule_mentions(model[:1], [chunk], orgs)
    assert len(added) == 1
    mention = added[0]
    assert (mention.name, mention.other_names) == ("艾琳・沃森", ["Irene Watson"])
    assert text[mention.name_start:mention.name_end] == "艾琳・沃森"
    (position,) = mention.positions
    assert (position.organization, position.title, position.start, position.end) == (
        "微软亚洲研究院", "首席科学家", None, None)
    evidence = position.evidence
    assert evidence.method == "rule" and evidence.alignment == "exact"
    assert text[evidence.start:evidence.end] == evidence.quote == second


def _answered(text: str, lead: str, name: str, organization: str, title: str, status: str,
              published: str) -> tuple[Chunk, list[Mention]]:
    """One chunk and the model's answer for it: ``name`` at ``organization``, citing the sentence ``lead``."""
    chunk = Chunk(doc="d1", index=0, start=0, end=len(text), text=text, published=published)
    return chunk, [Mention(doc="d1", chunk=0, chunk_start=0, chunk_end=len(text), name=name,
                           positions=[PositionFact(organization=organization, title=title, status=status,
                                                   evidence=_evidence("d1", text, lead))])]


def test_a_pair_the_model_gave_gains_the_date_another_sentence_states(orgs: OrgTable) -> None:
    """The model cited the departure from Acme; another sentence says when the person joined it. The rule pass
    adds that date, untitled, so consolidation merges it into the model's position; a sentence the model already
    cited, or one with no date, adds nothing, and the date is added once."""
    lead = "OpenAI 研究员 Dana Whitfield 宣布离职。"
    dated = "Dana Whitfield 于 2019 年 3 月加入 OpenAI。"
    text = lead + dated + "Dana Whitfield 2019 年 3 月加入 OpenAI 后负责推理。"
    chunk, model = _answered(text, lead, "Dana Whitfield", "OpenAI", "研究员", "left", "2025-01-01")
    (mention,) = rule_mentions(model, [chunk], orgs)
    (position,) = mention.positions
    assert (position.organization, position.title, position.status, position.start, position.end) == (
        "OpenAI", None, "joined", "2019 年 3 月", None)
    assert position.filled == ["start"] and position.evidence.quote == dated

    started = [m.model_copy(update={"positions": [m.positions[0].model_copy(update={"start": "2019"})]})
               for m in model]
    assert rule_mentions(started, [chunk], orgs) == [], "the model's fact has a start already"


def moves(sentence: str, orgs: OrgTable, names: tuple[str, ...] = ()) -> list:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(r.name, r.organization, r.status) for r in find_named_moves(sentence, ctx)]


def test_a_group_move_gives_every_member_the_position(orgs: OrgTable) -> None:
    assert moves("去年 3 月，Tomas Lindgren、Dana Whitfield 和 Irene Watson 离开了微软，创立了公司。", orgs) == [
        ("Irene Watson", "微软", "left"), ("Dana Whitfield", "微软", "left"), ("Tomas Lindgren", "微软", "left"),
    ]
    assert moves("Tomas Lindgren and Dana Whitfield have both joined OpenAI.", orgs) == [
        ("Dana Whitfield", "OpenAI", "joined"), ("Tomas Lindgren", "OpenAI", "joined"),
    ]


def test_leaving_from_an_organisation_with_a_date_between(orgs: OrgTable) -> None:
    assert moves("艾琳・沃森 (Irene Watson) 上月从微软离职。", orgs) == [("艾琳・沃森", "微软", "left")]
    assert moves("周明远 2023 年 5 月加入百度。", orgs, names=("周明远",)) == [("周明远", "百度", "joined")]


@pytest.mark.parametrize("sentence", ["周明远自 2018 年起加入百度。", "周明远从 2018 年开始加入百度。"])
def test_a_chinese_date_in_its_frame_stands_between_a_name_and_its_verb(orgs: OrgTable, sentence: str) -> None:
    assert moves(sentence, orgs, names=("周明远",)) == [("周明远", "百度", "joined")]


def test_a_clause_with_a_framed_date_and_no_subject_continues_the_named_person(orgs: OrgTable) -> None:
    text = "李思源背景亮眼,曾在北辰科技担任研究员,自 2018 年起加入百度。"
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-06-01")
    model = [Mention(doc="d", chunk=0, chunk_start=0, chunk_end=len(text), name="李思源")]
    found = [(m.name, p.organization, p.status, p.start) for m in rule_mentions(model, [chunk], orgs)
             for p in m.positions]
    assert ("李思源", "百度", "joined", "2018 年") in found


@pytest.mark.parametrize("sentence", [
    "他在 2019 年加入 Meta。",  # a pronoun is nobody
    "Tomas Lindgren 表示 OpenAI 将加入这一联盟。",  # the organisation is the subject
    "Tomas Lindgren and Dana Whitfield joined a startup.",  # no known organisation after the verb
])
def test_not_a_move(orgs: OrgTable, sentence: str) -> None:
    assert moves(sentence, orgs) == []


def test_a_group_move_carries_the_date_its_sentence_states(orgs: OrgTable) -> None:
    text = "去年 3 月，Tomas Lindgren、Dana Whitfield 和 Irene Watson 离开了微软。"
    chunk = Chunk(doc="d2", index=0, start=0, end=len(text), text=text, published="2025-06-01")
    added = rule_mentions([], [chunk], orgs)
    assert sorted(m.name for m in added) == ["Dana Whitfield", "Irene Watson", "Tomas Lindgren"]
    for mention in added:
        (position,) = mention.positions
        assert (position.organization, position.status, position.start, position.end, position.filled) == (
            "微软", "left", None, "去年 3 月", ["end"])
        assert text[mention.name_start:mention.name_end] == mention.name


def test_more_apposition_shapes(orgs: OrgTable) -> None:
    assert roles("Tomas Lindgren, a former Microsoft researcher, spoke first.", orgs) == [
        ("Tomas Lindgren", (), "Microsoft", "researcher", "former"),
    ]
    assert roles("Microsoft's chief scientist Dana Whitfield disagreed.", orgs) == [
        ("Dana Whitfield", (), "Microsoft", "chief scientist", "current"),
    ]
    assert roles("周明远曾任百度首席科学家。", orgs, names=("周明远",)) == [
        ("周明远", (), "百度", "首席科学家", "former"),
    ]


def test_working_at_an_organisation_is_a_position_of_unknown_status(orgs: OrgTable) -> None:
    assert moves("周明远此前就职于百度。", orgs, names=("周明远",)) == [("周明远", "百度", "unknown")]
    assert moves("Dana Whitfield previously worked at Microsoft.", orgs) == [
        ("Dana Whitfield", "Microsoft", "unknown"),
    ]


@pytest.mark.parametrize(("text", "name"), [
    ("周明远也曾坦言", "周明远"),
    ("周明离职", "周明"),
    ("欧阳明远表示", "欧阳明远"),  # compound surname
    ("周明远博士离职", "周明远"),
    ("周明远。", "周明远"),
    ("明天发布", None),  # 明 is a surname, but "明天发布" has no break after one or two characters
    ("研究团队", None),  # no surname
])
def test_a_bare_han_name_after_a_title(orgs: OrgTable, text: str, name: str | None) -> None:
    assert bare_han_name(text, RuleContext(orgs=orgs, doc_orgs=frozenset(), names={})) == name


def test_a_bare_han_name_is_taken_after_a_known_organisation_and_title(orgs: OrgTable) -> None:
    assert roles("百度首席科学家周明远也曾坦言压力很大。", orgs) == [("周明远", (), "百度", "首席科学家", "current")]


def continued(sentence: str, orgs: OrgTable, previous: str | None, names: tuple[str, ...] = ()) -> list:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(r.name, r.organization, r.title, r.status) for r in find_continued(sentence, ctx, previous)]


def test_a_pronoun_or_left_out_subject_is_the_person_named_last(orgs: OrgTable) -> None:
    assert continued("2017 年，他加入百度。", orgs, "周明远") == [("周明远", "百度", None, "joined")]
    assert continued("还曾任微软亚洲研究院首席研究员。", orgs, "周明远") == [
        ("周明远", "微软亚洲研究院", "首席研究员", "former"),
    ]
    # named earlier in the same sentence: that person, not the previous one
    assert continued("公开资料显示，王五是工程师，2019 年加入百度。", orgs, "周明远", names=("王五",)) == [
        ("王五", "百度", None, "joined"),
    ]


def test_a_curriculum_vitae_clause_a_date_range_then_a_bare_hold_verb(orgs: OrgTable) -> None:
    """A formal biography: "其 2020 年 7 月至 2025 年 1 月任 ORG TITLE" (其: his or her), or the clause with no
    subject; bare 任 holds a role only right after a date (任务, 责任, 主任 are other words)."""
    assert continued("其2020年7月至2025年1月任百度算法专家。", orgs, "周明远") == [
        ("周明远", "百度", "算法专家", "current")]
    assert continued("工作经历显示，2019年任微软亚洲研究院研究员。", orgs, "周明远") == [
        ("周明远", "微软亚洲研究院", "研究员", "current")]
    assert continued("其任百度算法专家。", orgs, "周明远") == [], "no date before the bare verb"
    assert continued("其中2019年任百度专家的人很多。", orgs, "周明远") == [], "其中 is no pronoun"


def test_a_curriculum_vitae_range_dates_the_pair_the_model_gave(orgs: OrgTable) -> None:
    lead = "近期，百度算法专家李思源已入职东湖大学。"
    dated = "其2020年7月至2025年1月任百度算法专家。"
    text = lead + dated
    chunk, model = _answered(text, lead, "李思源", "百度", "算法专家", "former", "2025-06-01")
    (mention,) = rule_mentions(model, [chunk], orgs)
    (position,) = mention.positions
    assert (position.organization, position.start, position.end) == ("百度", "2020年7月", "2025年1月")
    assert position.evidence.quote == dated


@pytest.mark.parametrize("sentence", [
    "微软宣布加入该联盟。",  # the clause has a subject of its own
    "他们加入了百度。",  # 们: a group, not the last person
    "2017 年，他加入一家初创公司。",  # no known organisation
])
def test_not_a_continued_clause(orgs: OrgTable, sentence: str) -> None:
    assert continued(sentence, orgs, "周明远") == []


def test_no_previous_person_no_fact(orgs: OrgTable) -> None:
    assert continued("2017 年，他加入百度。", orgs, None) == []


def studies(sentence: str, orgs: OrgTable, previous: str | None = None, names: tuple[str, ...] = ()) -> list:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={n.casefold(): n for n in names})
    return [(s.name, s.institution, s.degree) for s in find_studies(sentence, ctx, previous)]


def test_a_degree_obtained_at_a_school_and_a_phd_at_one(orgs: OrgTable) -> None:
    assert studies("周明远2015年于南京大学获得学士学位。", orgs, names=("周明远",)) == [("周明远", "南京大学", "学士")]
    assert studies("Dana Whitfield earned a master's degree at Stanford University.", orgs,
                   names=("Dana Whitfield",)) == [("Dana Whitfield", "Stanford University", "master's degree")]
    assert studies("周明远于2019年加入百度。", orgs, names=("周明远",)) == []  # 于 then no school and no degree
    assert studies("Dana Whitfield did a postdoc at Stanford University.", orgs, names=("Dana Whitfield",)) == []


def test_every_degree_after_a_school_in_its_clause_and_no_further(orgs: OrgTable) -> None:
    assert studies("周明远分别于2009年和2014年先后在清华大学获得自动化专业学士学位和博士学位。", orgs,
                   names=("周明远",)) == [("周明远", "清华大学", "学士"), ("周明远", "清华大学", "博士")]
    assert studies("随后在南京大学获得博士学位。", orgs, previous="周明远") == [("周明远", "南京大学", "博士")]
    assert studies("周明远获得清华大学学士学位后留校担任博士生导师。", orgs, names=("周明远",)) == [
        ("周明远", "清华大学", "学士")], "a verb ends the degrees"
    assert studies("周明远拥有复旦大学本科学位和北京大学博士学位。", orgs, names=("周明远",))[:1] == [
        ("周明远", "复旦大学", "本科")], "the second degree is the next school's"


def test_a_degree_in_a_relative_clause_after_the_university(orgs: OrgTable) -> None:
    sentence = "Jane Roe was an adjunct professor at Stanford's computer science school, where she received her PhD."
    assert studies(sentence, orgs, names=("Jane Roe",)) == [("Jane Roe", "Stanford", "PhD")]
    assert studies("Jane Roe worked at Google, where she received her PhD.", orgs, names=("Jane Roe",)) == [], \
        "a company grants no degree"
    assert studies("Jane Roe moved to Cambridge's lab, where she completed a PhD.", orgs, names=("Jane Roe",)) == [], \
        "a place alone is no university"


def test_degrees_in_fixed_shapes(orgs: OrgTable) -> None:
    assert studies("周明远，博士毕业于北京大学，本科及硕士毕业于清华大学。", orgs, names=("周明远",)) == [
        ("周明远", "北京大学", "博士"), ("周明远", "清华大学", "本科"), ("周明远", "清华大学", "硕士"),
    ]
    assert studies("此前，他在南京大学攻读博士学位。", orgs, previous="周明远") == [("周明远", "南京大学", "博士")]
    assert studies("Anna Berg received her PhD from Stanford University in 2015.", orgs) == [
        ("Anna Berg", "Stanford University", "PhD"),
    ]
    assert studies("Tom Lee, who earned a master's degree from MIT, joined Google.", orgs) == [
        ("Tom Lee", "MIT", "master's degree"),
    ]


@pytest.mark.parametrize("sentence", [
    "北京大学毕业生越来越多。",  # no one graduated: the school is the subject
    "他毕业于一所普通大学。",  # no known school
    "周明远在百度获得了晋升。",  # no degree
])
def test_not_a_degree(orgs: OrgTable, sentence: str) -> None:
    assert studies(sentence, orgs, previous="周明远") == []


def test_a_degree_mention_and_the_model_s_own_degrees_at_one_school(orgs: OrgTable) -> None:
    text = "周明远本科及硕士毕业于清华大学。"
    chunk = Chunk(doc="d3", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    model = [Mention(doc="d3", chunk=0, chunk_start=0, chunk_end=len(text), name="周明远", education=[
        EducationFact(institution="清华大学", degree="本科", evidence=_evidence("d3", text, text))])]
    (added,) = rule_mentions(model, [chunk], orgs)  # the master's only: the bachelor's is there
    assert [(e.institution, e.degree, e.evidence.method) for e in added.education] == [("清华大学", "硕士", "rule")]


def test_a_model_fact_on_the_wrong_sentence_does_not_cover_the_apposition(orgs: OrgTable) -> None:
    text = "微软亚洲研究院首席研究员艾琳・沃森表示看好。她说：“这很重要。”"
    chunk = Chunk(doc="d4", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    wrong = _evidence("d4", text, "她说：“这很重要。”").model_copy(update={"supported": False})
    model = [Mention(doc="d4", chunk=0, chunk_start=0, chunk_end=len(text), name="艾琳・沃森",
                     positions=[PositionFact(organization="微软亚洲研究院", evidence=wrong)])]
    (added,) = rule_mentions(model, [chunk], orgs)
    assert [(p.organization, p.title) for p in added.positions] == [("微软亚洲研究院", "首席研究员")]
    right = _evidence("d4", text, "微软亚洲研究院首席研究员艾琳・沃森表示看好。")
    fact = PositionFact(organization="微软亚洲研究院", evidence=right)
    supported = [model[0].model_copy(update={"positions": [fact]})]
    assert rule_mentions(supported, [chunk], orgs) == []


@pytest.mark.parametrize("verb", ["曾供职于", "曾任职于"])  # the second: 曾任 ([hold]) must not cut it short
def test_a_rule_role_whose_pattern_gives_no_status_reads_it_from_its_sentence(orgs: OrgTable, verb: str) -> None:
    # "供职于" is plain work to the continued-role pattern; the sentence's own reading says it was before.
    lead = "周明远 2015 年加入百度。"
    text = lead + f"2010 年至 2015 年间,{verb}微软亚洲研究院,任工程师。"
    chunk = Chunk(doc="d3", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    model = [Mention(doc="d3", chunk=0, chunk_start=0, chunk_end=len(text), name="周明远",
                     positions=[PositionFact(organization="百度", status="joined",
                                             evidence=_evidence("d3", text, lead))])]
    (added,) = rule_mentions(model, [chunk], orgs)
    (position,) = added.positions
    assert (position.organization, position.status, position.evidence.method) == ("微软亚洲研究院", "former", "rule")


def test_a_joining_the_sentence_puts_in_the_past_is_a_former_post(orgs: OrgTable) -> None:
    """"曾加入腾讯" (had joined): the move rule reads a joining, the sentence says it was long ago — held before."""
    for text, status in (("Jane Roe 曾加入腾讯。", "former"), ("Jane Roe 已加入腾讯。", "joined")):
        chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
        (mention,) = rule_mentions([], [chunk], orgs)
        assert [(p.organization, p.status) for p in mention.positions] == [("腾讯", status)]


@pytest.mark.parametrize(("text", "expected"), [
    # a Han name glossed with its Latin form: a name whatever its surname
    ("据报道，百度首席科学家敖天成（Tiancheng Ao）表示。", ("敖天成", ("Tiancheng Ao",), "百度", "current")),
    # a traditional surname (張 for 张)
    ("百度首席科學家張明遠表示。", ("張明遠", (), "百度", "current")),
    # a title word holding a verb (创办人 holds 创办) is still a title, and a founder's
    ("百度创办人周明远表示。", ("周明远", (), "百度", "founded")),
])
def test_more_name_and_title_shapes(orgs: OrgTable, text: str, expected: tuple) -> None:
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    (mention,) = rule_mentions([], [chunk], orgs)
    (position,) = mention.positions
    assert (mention.name, tuple(mention.other_names), position.organization, position.status) == expected


@pytest.mark.parametrize(("sentence", "previous", "expected"), [
    # a graduate / an alumna of a school, and every school of a list: no degree stated
    ("Dana Whitfield is a graduate of Tsinghua University and MIT.", None,
     [("Dana Whitfield", "Tsinghua University", None), ("Dana Whitfield", "MIT", None)]),
    ("Dana Whitfield, an alumna of Stanford University, joined Meta.", None,
     [("Dana Whitfield", "Stanford University", None)]),
    ("Dana Whitfield, holding degrees from Peking University and Stanford University, joined Meta.", None,
     [("Dana Whitfield", "Peking University", None), ("Dana Whitfield", "Stanford University", None)]),
    ("周明远是清华大学校友。", None, [("周明远", "清华大学", None)]),
    # degrees, then 均 ("both"), then graduated
    ("周明远本科、博士均毕业于南京大学。", None, [("周明远", "南京大学", "本科"), ("周明远", "南京大学", "博士")]),
    ("周明远拥有南京大学本科学位。", None, [("周明远", "南京大学", "本科")]),
    # a pronoun subject, a possessive before the degree
    ("She completed her PhD at MIT in 2019.", "Dana Whitfield", [("Dana Whitfield", "MIT", "PhD")]),
    # a company after "and" is no second school
    ("Dana Whitfield graduated from MIT and Google hired her.", None, [("Dana Whitfield", "MIT", None)]),
])
def test_alumni_and_school_list_shapes(orgs: OrgTable, sentence: str, previous: str | None, expected: list) -> None:
    assert studies(sentence, orgs, previous=previous, names=("Dana Whitfield", "周明远")) == expected


def test_an_apposition_in_a_sentence_joining_another_organisation_is_the_post_held_before(orgs: OrgTable) -> None:
    """"腾讯专家周明远已入职百度": 腾讯 is where he comes from; joining the same organisation keeps it held."""
    for text, status in (("近期，腾讯算法专家周明远已入职百度。", "former"),
                         ("腾讯算法专家周明远表示。", "current"),
                         ("腾讯首席科学家周明远于 2019 年加入腾讯。", "current")):
        chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
        tencent = [p for m in rule_mentions([], [chunk], orgs) for p in m.positions if p.organization == "腾讯"]
        assert [p.status for p in tencent][:1] == [status], text


def test_a_founding_verb_in_a_relative_clause_before_the_organisation(orgs: OrgTable) -> None:
    """"NAME 创办的新创公司 Acme" (the startup NAME founded): NAME founded Acme; a bare noun after 的 is no
    organisation."""
    text = "周明远已加入前百度研究员 Dana Whitfield 创办的新创公司 Thinking Machines Lab。"
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    facts = [(m.name, p.organization, p.status) for m in rule_mentions([], [chunk], orgs) for p in m.positions]
    assert ("Dana Whitfield", "Thinking Machines Lab", "founded") in facts
    assert ("Dana Whitfield", "百度", "former") in facts, "the apposition before the name, as before"
    text = "Dana Whitfield 创办的公司获得了融资。"
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    assert rule_mentions([], [chunk], orgs) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Dana Whitfield 曾在腾讯工作。", [("腾讯", None, "former")]),
    ("Dana Whitfield 此前在百度担任首席科学家。", [("百度", "首席科学家", "former")]),
    ("Dana Whitfield 在百度担任首席科学家。", [("百度", "首席科学家", "unknown")]),
    ("Dana Whitfield 在北京工作。", []),  # a place, not a known organisation
    # the relative clause before the name, with a short unit after the organisation
    ("据悉，曾在腾讯云担任算法专家的周明远已加盟东湖大学。", [("腾讯云", "算法专家", "former")]),
])
def test_working_at_an_organisation_after_a_preposition(orgs: OrgTable, text: str, expected: list) -> None:
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    assert [(p.organization, p.title, p.status) for m in rule_mentions([], [chunk], orgs) for p in m.positions
            if p.organization != "东湖大学"] == expected


def test_a_pronoun_clause_with_an_auxiliary_and_a_list_of_organisations(orgs: OrgTable) -> None:
    """"She has previously held positions at Baidu and Tencent": both, for the person named last."""
    assert continued("She has previously held positions at Baidu and Tencent.", orgs, "Dana Whitfield") == [
        ("Dana Whitfield", "Baidu", None, "unknown"), ("Dana Whitfield", "Tencent", None, "unknown")]
    assert continued("她已加入腾讯和百度。", orgs, "周明远") == [
        ("周明远", "腾讯", None, "joined"), ("周明远", "百度", None, "joined")]
    assert continued("她已加入腾讯，百度随后也宣布了新的任命。", orgs, "周明远") == [
        ("周明远", "腾讯", None, "joined")], "a comma after the organisation ends the clause, it lists nothing"


@pytest.mark.parametrize(("text", "expected"), [
    ("Jane Roe will become CEO of Baidu Research, reporting to CEO John Doe.",
     [("John Doe", "Baidu Research", "CEO", "current")]),
    ("Tencent said Jane Roe was appointed chief scientist, reporting directly to President John Doe.",
     [("John Doe", "Tencent", "President", "current")]),
    ("Jane Roe joins Beta Labs from Baidu, reporting to CEO John Doe.", []),  # Baidu is where she comes from
    ("The Verge is reporting that John Doe has left.", []),  # a newsroom reporting, nobody reported to
])
def test_the_one_reported_to_holds_the_title_at_the_organisation_named_before(orgs: OrgTable, text: str,
                                                                            expected: list) -> None:
    chunk = Chunk(doc="d", index=0, start=0, end=len(text), text=text, published="2025-01-01")
    assert [(m.name, p.organization, p.title, p.status) for m in rule_mentions([], [chunk], orgs)
            for p in m.positions if m.name == "John Doe"] == expected


def test_the_post_left_between_the_organisation_and_the_verb(orgs: OrgTable) -> None:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={"周明远": "周明远"})
    found = [(r.name, r.organization, r.title, r.status) for r in find_named_moves(
        "9 月 12 日，周明远从腾讯总经理岗位上离职，加盟百度。", ctx)]
    assert ("周明远", "腾讯", "总经理", "left") in found
    assert [(r.organization, r.title) for r in find_named_moves("周明远从腾讯首席科学家的位置上卸任。", ctx)] == [
        ("腾讯", "首席科学家")]
    assert [(r.organization, r.title) for r in find_named_moves("周明远从腾讯的岗位上离职。", ctx)] == [("腾讯", None)]
    assert find_named_moves("周明远从腾讯调往百度的岗位上离职。", ctx) == [], "a clause between, no post"


def test_work_at_each_organisation_of_a_list(orgs: OrgTable) -> None:
    ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={"周明远": "周明远"})
    moves = lambda s: [(r.name, r.organization, r.status) for r in find_named_moves(s, ctx)]  # noqa: E731
    assert moves("周明远曾在腾讯和百度工作。") == [("周明远", "腾讯", "former"), ("周明远", "百度", "former")]
    assert moves("周明远在腾讯、百度都有过任职。") == [("周明远", "腾讯", "former"), ("周明远", "百度", "former")]
    assert moves("周明远在腾讯和百度之间选择了百度。") == [], "no verb of working after the list"
