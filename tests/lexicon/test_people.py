"""Candidate person names found without the model (extract.lexicon.people), which the prompt can list."""

from __future__ import annotations

from extract.lexicon.people import MAX_CANDIDATES, candidate_names


def test_latin_names_with_titles_cut_off_and_organisations_left_out() -> None:
    text = ("Orbit Labs has hired Professor Ada Park and Bo Lind-Kerr from Vega Research Center. "
            "President Carl McKay said Dr. Dana O'Neil will report to him. Karén Solberg stays at Google DeepMind.")
    assert candidate_names(text) == ["Ada Park", "Bo Lind-Kerr", "Carl McKay", "Dana O'Neil", "Karén Solberg"]


def test_chinese_names_are_tagged_and_transliterations_kept_whole() -> None:
    text = "星辰科技宣布，张伟已加入公司，此前他在阿里巴巴工作。安娜·米勒将担任首席科学家，太棒了。"
    names = candidate_names(text)
    assert names[:2] == ["张伟", "安娜·米勒"], "the transliteration whole, not its first part"
    assert "太棒了" not in names and "阿里巴巴" not in names


def test_each_name_once_in_order_of_appearance_and_a_shorter_form_folded_into_the_full_one() -> None:
    text = "Ada Park joined Vega. Later Bo Lind met Ada Park. Park said so."
    assert candidate_names(text) == ["Ada Park", "Bo Lind"]


def test_a_long_list_is_capped() -> None:
    text = "、".join(f"{surname}明" for surname in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + "加入了星辰科技。"
    assert len(candidate_names(text)) <= MAX_CANDIDATES


def test_text_without_names() -> None:
    assert candidate_names("The lab opened in March. 该实验室于三月成立。") == []


def test_career_candidates_keep_people_named_with_a_career_word_and_drop_titles_and_units() -> None:
    from extract.lexicon.people import career_candidates

    text = ("Microsoft CEO Dana Whitfield praised the paper Sparse Widget Networks. Tomas Lindgren became a Google "
            "Fellow last year, and the Google Nebula team grew. Irene Watson likes tennis.")
    found = career_candidates(text)
    assert "Dana Whitfield" in found and "Tomas Lindgren" in found
    assert not {"Sparse Widget Networks", "Google Fellow", "Google Nebula", "Irene Watson"} & set(found)


def test_a_name_a_company_suffix_follows_is_the_companys() -> None:
    """An outlet citing itself ("林海科技了解到") or a group named after its founder is no person of the article."""
    assert candidate_names("林海科技了解到，张伟已加入星辰科技。") == ["张伟"]
    assert candidate_names("王刚集团董事长张伟表示。") == ["张伟"]
    assert candidate_names("据悉，王刚已加入星辰科技。") == ["王刚"], "the same name, not followed by a suffix"
    assert candidate_names("林海新闻 记者张伟报道。林海科技了解到，王刚已离职。") == ["张伟", "王刚"], "wherever it is"
    assert "王建国" in candidate_names("王建国加入星辰科技。王建国技术出身。"), "技术 after a name is prose"


def test_a_name_listed_next_to_a_career_candidate_is_one_when_lists_are_read() -> None:
    from extract.lexicon.people import career_candidates

    text = ("In the summer the wave reached Contoso, which hired Jane Roe, then Bo Lin, Ann Lee and Carl Dunn. "
            "Ada Park likes tea and Ida Moss too.")
    assert career_candidates(text) == ["Jane Roe", "Bo Lin"], "the last items have no career word near them"
    assert career_candidates(text, lists=True) == ["Jane Roe", "Bo Lin", "Ann Lee", "Carl Dunn"], \
        "not the unrelated pair"


def test_a_list_of_han_names_glossed_in_latin_carries_the_career_word_to_each_latin_form() -> None:
    from extract.lexicon.people import career_candidates

    text = "北辰科技从林海科技挖走两位研究工程师周明远（Mingyuan Zhou）和李思源（Siyuan Li，音译），引发关注。"
    assert "Siyuan Li" in career_candidates(text, lists=True)
