"""Entity resolution rules, each with the negative case it must not over-merge."""

from __future__ import annotations

from extract.consolidate import OrgTable, consolidate
from extract.consolidate.resolve import resolve
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

ORGS = OrgTable.load()


def mention(name: str, doc: str = "d1", *, others: tuple[str, ...] = (), orgs: tuple[str, ...] = (),
            chunk: int = 0, published: str | None = "2024-12-04", start: str | None = None) -> Mention:
    positions = [
        PositionFact(organization=org, start=start, status="joined", evidence=Evidence(
            doc=doc, start=0, end=3, quote=f"{name} {org}", alignment="exact", method="sentence", score=100.0))
        for org in orgs
    ]
    return Mention(doc=doc, chunk=chunk, chunk_start=chunk * 1000, chunk_end=chunk * 1000 + 999,
                   published=published, name=name, other_names=list(others), positions=positions)


def clusters(mentions: list[Mention]) -> list[list[str]]:
    result = resolve(mentions, ORGS)
    return [[mentions[i].name for i in c] for c in result.clusters]


def rules(mentions: list[Mention]) -> set[str]:
    return {r.rule for r in resolve(mentions, ORGS).reasons}


def test_alias_given_in_text_joins_scripts_across_documents() -> None:
    ms = [mention("翟晓华", "a", others=("Xiaohua Zhai",)), mention("Xiaohua Zhai", "b")]
    assert clusters(ms) == [["翟晓华", "Xiaohua Zhai"]]
    assert rules(ms) == {"alias_in_text"}


def test_pinyin_joins_chinese_and_romanised_names_in_both_orders() -> None:
    assert clusters([mention("翟晓华", "a"), mention("Zhai Xiaohua", "b")]) == [["翟晓华", "Zhai Xiaohua"]]
    assert clusters([mention("翟晓华", "a"), mention("Xiaohua Zhai", "b")]) == [["翟晓华", "Xiaohua Zhai"]]


def test_same_pinyin_different_characters_stay_apart() -> None:
    assert len(clusters([mention("王刚", "a"), mention("王钢", "b")])) == 2


def test_traditional_and_simplified_are_one_name() -> None:
    assert len(clusters([mention("翟曉華", "a"), mention("翟晓华", "b")])) == 1


def test_titles_are_stripped() -> None:
    ms = [mention("Professor Hugo Larochelle", "a"), mention("Hugo Larochelle", "b")]
    assert len(clusters(ms)) == 1


def test_surname_reference_joins_the_one_full_name_in_the_same_document() -> None:
    # in another document a surname with a fact of its own stays apart (a fact-less one joins: surname_in_corpus)
    ms = [mention("Anna Berglund", "a"), mention("Berglund", "a", chunk=1),
          mention("Berglund", "b", orgs=("Baidu",))]
    assert clusters(ms) == [["Anna Berglund", "Berglund"], ["Berglund"]]
    assert "surname_in_document" in rules(ms)


def test_surname_reference_is_left_alone_when_two_people_share_it() -> None:
    ms = [mention("Wei Li", "a"), mention("Wen Li", "a"), mention("Li", "a", chunk=1)]
    assert len(clusters(ms)) == 3


def test_first_name_reference_joins_the_one_person_with_that_given_name_in_the_document() -> None:
    ms = [mention("Rafael Quintero", "a"), mention("Rafael", "a", chunk=1), mention("Rafael", "b")]
    assert clusters(ms) == [["Rafael Quintero", "Rafael"], ["Rafael"]]
    assert "given_name_in_document" in rules(ms)


def test_first_name_reference_is_left_alone_when_ambiguous() -> None:
    two_given = [mention("Hana Sato", "a"), mention("Hana Kim", "a"), mention("Hana", "a", chunk=1)]
    assert len(clusters(two_given)) == 3
    given_and_surname = [mention("Hana Sato", "a"), mention("Emi Hana", "a"), mention("Hana", "a", chunk=1)]
    assert len(clusters(given_and_surname)) == 3  # one person's given name, another's surname: neither


def test_same_surname_and_same_employer_are_still_different_people() -> None:
    ms = [mention("Wei Li", "a", orgs=("Google",)), mention("Wen Li", "b", orgs=("Google",))]
    assert len(clusters(ms)) == 2


def test_typo_in_a_romanised_name_joins_only_with_a_shared_organisation() -> None:
    same_org = [mention("Heinrich Kuttler", "a", orgs=("Meta",)), mention("Heinrik Kuttler", "b", orgs=("Facebook",))]
    assert len(clusters(same_org)) == 1 and rules(same_org) == {"similar_name_shared_org"}
    other_org = [mention("Heinrich Kuttler", "a", orgs=("Meta",)), mention("Heinrik Kuttler", "b", orgs=("OpenAI",))]
    assert len(clusters(other_org)) == 2


def test_organisations_tagged_as_people_are_dropped() -> None:
    result = resolve([mention("谷歌"), mention("DeepMind"), mention("Jane Roe")], ORGS)
    assert result.dropped == [0, 1] and len(result.clusters) == 1


def test_people_listed_apart_in_one_chunk_are_never_merged() -> None:
    # A wrong alias from the model would chain two colleagues together; the chunk listed them apart.
    ms = [mention("Ann Smith", "a"), mention("Bob Jones", "a"),
          mention("Ann Smith", "b", others=("Bob Jones",))]
    found = clusters(ms)
    assert not any({"Ann Smith", "Bob Jones"} <= set(c) for c in found)


def test_records_merge_the_same_position_across_documents_with_all_evidence() -> None:
    ms = [mention("翟晓华", "a", others=("Xiaohua Zhai",), orgs=("OpenAI",), start="几周后"),
          mention("Xiaohua Zhai", "b", orgs=("OpenAI", "谷歌"), published="2025-01-10")]
    (record,) = consolidate(ms, ORGS)
    assert record.name in ("Xiaohua Zhai", "翟晓华")
    assert set(record.aliases) | {record.name} == {"翟晓华", "Xiaohua Zhai"}
    assert record.sources == ["a", "b"]
    openai = [p for p in record.positions if p.organization == "OpenAI"]
    assert len(openai) == 1 and {e.doc for e in openai[0].evidence} == {"a", "b"}
    assert any(p.organization == "Google" and "谷歌" in p.organization_raw for p in record.positions)
    assert record.merges and record.merges[0].rule == "alias_in_text"


def test_undated_positions_run_from_left_to_joined() -> None:
    left = Mention(doc="a", chunk=0, chunk_start=0, chunk_end=99, name="Jane Roe", positions=[
        PositionFact(organization="OpenAI", status="joined", evidence=Evidence(
            doc="a", start=0, end=6, quote="OpenAI", alignment="exact", method="sentence", score=100.0)),
        PositionFact(organization="Google DeepMind", status="left", evidence=Evidence(
            doc="a", start=10, end=25, quote="Google DeepMind", alignment="exact", method="sentence", score=100.0)),
    ])
    (record,) = consolidate([left], ORGS)
    assert [p.organization for p in record.positions] == ["Google DeepMind", "OpenAI"]


def test_a_company_grants_no_degree() -> None:
    quote = "阿里巴巴集团副总裁王五博士毕业于北京大学。"

    def degree(institution: str) -> EducationFact:
        return EducationFact(institution=institution, degree="博士", evidence=Evidence(
            doc="d1", start=0, end=len(quote), quote=quote, alignment="exact", method="sentence", score=100.0))

    facts = [degree("阿里巴巴集团"), degree("北京大学")]
    record, = consolidate([Mention(doc="d1", chunk=0, chunk_start=0, chunk_end=99, name="王五", education=facts)],
                          ORGS)
    assert [e.institution for e in record.education] == ["Peking University"]
    kept, = consolidate([Mention(doc="d1", chunk=0, chunk_start=0, chunk_end=99, name="王五", education=facts)],
                        ORGS, keep_unsupported=True)
    assert len(kept.education) == 2


def test_a_transliteration_joins_the_romanised_name_that_sounds_alike_at_a_shared_organisation() -> None:
    priya = mention("普丽雅·拉曼", "d1", orgs=("微软",))
    assert clusters([priya, mention("Priya Raman", "d2", orgs=("Microsoft",))]) == [["普丽雅·拉曼", "Priya Raman"]]
    assert rules([priya, mention("Priya Raman", "d2", orgs=("Microsoft",))]) == {"transliteration_shared_org"}
    # no shared organisation, or names that do not sound alike: apart
    assert len(clusters([priya, mention("Priya Raman", "d2", orgs=("百度",))])) == 2
    karl = mention("卡尔・赫尔曼", "d1", orgs=("微软",))
    assert len(clusters([karl, mention("Priya Raman", "d2", orgs=("微软",))])) == 2


def test_a_transliteration_whose_letters_drift_joins_by_its_consonant_skeleton() -> None:
    # "kaerzhakebote" against "carlzuckerbert" scores 52 by letters, under the cutoff; both skeletons are KLSKBT.
    carl = mention("卡尔·扎克伯特", "d1", orgs=("微软",))
    assert clusters([carl, mention("Carl Zuckerbert", "d2", orgs=("Microsoft",))]) == [
        ["卡尔·扎克伯特", "Carl Zuckerbert"]]
    # another skeleton at the same organisation, or the same one elsewhere, stays apart
    assert len(clusters([carl, mention("Carl Dunlop", "d2", orgs=("Microsoft",))])) == 2
    assert len(clusters([carl, mention("Carl Zuckerbert", "d2", orgs=("百度",))])) == 2


def test_the_last_part_of_a_transliteration_alone_joins_it_in_its_document() -> None:
    kuttler = [mention("海因里希·库特勒", "d1"), mention("库特勒", "d1", chunk=1)]
    assert clusters(kuttler) == [["海因里希·库特勒", "库特勒"]]
    assert rules([mention("海因里希·库特勒", "d1"), mention("库特勒", "d1", chunk=1)]) == {"surname_in_document"}
    # two people of the document end in 库特勒: the bare reference joins neither
    assert len(clusters([mention("海因里希·库特勒", "d1"), mention("安娜·库特勒", "d1"),
                         mention("库特勒", "d1", chunk=1)])) == 3


def test_two_degrees_at_one_school_stay_two_facts() -> None:
    quote = "王五本科及硕士毕业于清华大学。"

    def studied(degree: str | None) -> EducationFact:
        return EducationFact(institution="清华大学", degree=degree, evidence=Evidence(
            doc="d1", start=0, end=len(quote), quote=quote, alignment="exact", method="sentence", score=100.0))

    def degrees(*written: str | None) -> list[str | None]:
        (record,) = consolidate([Mention(doc="d1", chunk=0, chunk_start=0, chunk_end=99, name="王五",
                                         education=[studied(d) for d in written])], ORGS)
        return sorted(e.degree or "" for e in record.education)

    assert degrees("本科", "硕士") == ["本科", "硕士"]
    assert degrees("本科", None) == ["本科"]  # a degree not stated is compatible with any
    assert degrees("博士", "计算机博士") == ["博士"]


def test_a_surname_named_in_passing_joins_the_one_person_of_the_run_with_it() -> None:
    """"Roe" in an article that never writes Jane Roe's full name, with no fact of its own: Jane Roe of another
    article. With a fact it stays apart (it may be someone else), and so it does when two people share it."""
    ms = [mention("Jane Roe", "a", orgs=("OpenAI",)), mention("Roe", "b")]
    assert clusters(ms) == [["Jane Roe", "Roe"]] and rules(ms) == {"surname_in_corpus"}
    assert clusters([mention("Jane Roe", "a", orgs=("OpenAI",)), mention("Roe", "b", orgs=("Baidu",))]) == [
        ["Jane Roe"], ["Roe"]]
    assert clusters([mention("Jane Roe", "a"), mention("Tom Roe", "c"), mention("Roe", "b")]) == [
        ["Jane Roe"], ["Tom Roe"], ["Roe"]]


def test_a_short_form_the_rule_pass_used_in_the_same_chunk_still_joins_the_full_name() -> None:
    """The model lists 安娜·贝格伦德 in a chunk where the rule pass reads "贝格伦德曾在百度工作": the rule pass lists
    nobody, so the two are not "listed apart" and the surname joins the full name."""
    def fact(method: str) -> PositionFact:
        return PositionFact(organization="百度", status="former", evidence=Evidence(
            doc="d1", start=0, end=10, quote="贝格伦德曾在百度工作", alignment="exact", method=method, score=100.0))

    full = mention("安娜·贝格伦德", "d1")
    by_rule = mention("贝格伦德", "d1").model_copy(update={"positions": [fact("rule")]})
    assert clusters([full, by_rule]) == [["安娜·贝格伦德", "贝格伦德"]]
    by_model = mention("贝格伦德", "d1").model_copy(update={"positions": [fact("sentence")]})
    assert clusters([full, by_model]) == [["安娜·贝格伦德"], ["贝格伦德"]], "the model listing both keeps them apart"


def test_the_same_one_word_name_twice_in_a_document_is_one_person() -> None:
    ms = [mention("Berglund", "a", orgs=("Baidu",)), mention("Berglund", "a", chunk=1, orgs=("Tencent",)),
          mention("Berglund", "b", orgs=("Alibaba",))]
    assert clusters(ms) == [["Berglund", "Berglund"], ["Berglund"]]  # the other document's stays apart
    assert rules(ms) == {"same_word_in_document"}
    # two full names of the document own the word: which one each means is unknown
    owned = [mention("Wei Li", "a"), mention("Wen Li", "a"), mention("Li", "a", chunk=1, orgs=("Baidu",)),
             mention("Li", "a", chunk=2, orgs=("Tencent",))]
    assert len(clusters(owned)) == 4
