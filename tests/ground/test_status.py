"""The status a position's own sentence states (extract.ground.status), and grounding using it over the model's."""

from __future__ import annotations

import pytest

from extract.ground.grounding import ground_extraction
from extract.ground.status import stated_status, titled_post
from extract.lexicon.cues import default_cues, load_cues
from extract.schemas.extraction import ChunkExtraction
from tests.ground.test_grounding import NO_DATES, span_of


@pytest.mark.parametrize(("sentence", "organization", "status"), [
    # each organisation gets the verb of its own clause
    ("王五离开了星辰科技，加入银河实验室。", "星辰科技", "left"),
    ("王五离开了星辰科技，加入银河实验室。", "银河实验室", "joined"),
    ("Jane Roe left Acme in May and joined Beta Labs.", "Acme", "left"),
    ("Jane Roe left Acme in May and joined Beta Labs.", "Beta Labs", "joined"),
    # a joining verb's object with a relative clause: the clause's words describe the organisation
    ("王五已正式加入前星辰科技技术长赵六创办的新创公司银河实验室。", "银河实验室", "joined"),
    ("王五创办的银河实验室发布了新模型。", "银河实验室", "founded"),
    ("王五离开星辰科技后加入赵六创办的银河实验室。", "银河实验室", "joined"),
    # the nearest cue wins
    ("Former Acme engineer Jane Roe has joined Beta Labs.", "Acme", "former"),
    ("Former Acme engineer Jane Roe has joined Beta Labs.", "Beta Labs", "joined"),
    ("加入银河实验室的前星辰科技研究员王五", "银河实验室", "joined"),
    # verb-final leaving, a former mark or a founder's title right after the organisation
    ("王五已从星辰科技离职。", "星辰科技", "left"),
    ("星辰科技前首席科学家王五表示", "星辰科技", "former"),
    ("Acme's former chief scientist said so.", "Acme", "former"),
    ("银河实验室联合创始人王五宣布", "银河实验室", "founded"),
    ("王五目前是银河实验室的 CTO、联合创始人。", "银河实验室", "founded"),
    ("Jane Roe, co-founder of Beta Labs, said", "Beta Labs", "founded"),
    # before the time of writing
    ("王五曾任星辰科技首席科学家。", "星辰科技", "former"),
    ("He previously worked at Acme.", "Acme", "former"),
    ("王五此前加入星辰科技。", "星辰科技", "former"),
    ("王五目前在星辰科技工作。", "星辰科技", "current"),
    # a former role in a sentence that reports leaving is the role left
    ("原星辰科技副总裁王五已于上月离职。", "星辰科技", "left"),
    # where a move starts from
    ("Jane Roe joins Beta Labs from Acme.", "Acme", "left"),
    ("Beta Labs has hired Jane Roe from Acme.", "Acme", "left"),  # hired from: the origin was left
    ("Beta Labs has hired Jane Roe from Acme.", "Beta Labs", "joined"),  # the one hiring: where she goes
    ("银河实验室招募了王五。", "银河实验室", "joined"),
    ("Acme has poached Beta researcher Jane Roe.", "Beta", "left"),
    ("Jane Roe was recruited by Acme last year.", "Acme", "joined"),
    ("Meta 还招募了谷歌首席研究员王五等人。", "谷歌", "left"),
    ("Meta 还招募了谷歌首席研究员王五等人。", "Meta", None),
    ("王五从星辰科技跳槽到银河实验室。", "星辰科技", "left"),
    ("王五从星辰科技跳槽到银河实验室。", "银河实验室", "joined"),
    # the organisation's title names the person whose verb follows: the post left, or held before the move
    ("10月18日，星辰科技首席研究员王五离职，加盟银河实验室。", "星辰科技", "left"),
    ("星辰科技副院长和大数据实验室负责人王五加盟银河实验室。", "星辰科技", "former"),
    ("Acme chief scientist Jane Roe has left.", "Acme", "left"),
    ("星辰科技首席科学家王五表示，公司将扩张。", "星辰科技", None),
    ("星辰科技首席科学家王五表示，明年团队将加入更多研究员。", "星辰科技", None),  # another clause's verb
    # nothing said: the caller keeps what it has
    ("Jane Roe is a professor at Acme.", "Acme", None),
    ("王五在星辰科技负责语音研究。", "星辰科技", None),
    ("王五加入了银河实验室。", "星辰科技", None),  # the organisation is not in the sentence
])
def test_the_cue_that_governs_the_organisation_gives_its_status(sentence: str, organization: str,
                                                              status: str | None) -> None:
    assert stated_status(sentence, organization, default_cues()) == status


def test_words_added_with_a_cue_file_are_read(tmp_path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[leave]\nzh = ["挂冠"]\n', encoding="utf-8")
    sentence = "王五已从星辰科技挂冠。"
    assert stated_status(sentence, "星辰科技", default_cues()) is None
    assert stated_status(sentence, "星辰科技", load_cues([extra])) == "left"
    assert stated_status("王五已從星辰科技掛冠。", "星辰科技", load_cues([extra])) == "left", "and its traditional form"


def test_grounding_prefers_the_stated_status_and_keeps_the_models_otherwise() -> None:
    text = "王五离开了星辰科技，加入银河实验室。王五在云端研究院负责语音研究。"
    extraction = ChunkExtraction.model_validate({"people": [{"name": "王五", "positions": [
        {"organization": "星辰科技", "status": "joined", "sentence": 1, **NO_DATES},
        {"organization": "银河实验室", "status": "left", "sentence": 1, **NO_DATES},
        {"organization": "云端研究院", "status": "current", "sentence": 2, **NO_DATES},
    ]}]})
    (mention,) = ground_extraction(text, span_of(text), extraction)
    assert [(p.organization, p.status) for p in mention.positions] == [
        ("星辰科技", "left"), ("银河实验室", "joined"), ("云端研究院", "current")]


@pytest.mark.parametrize(("sentence", "organization", "titled"), [
    ("星辰科技首席科学家王五表示，模型还会更新。", "星辰科技", True),
    ("Jane Roe, CEO of Acme, said the model will ship.", "Acme", True),
    ("Jane Roe, CEO of Acme, has joined Beta Labs.", "Acme", False),  # a move: the post may be the one left
    ("The Acme team released a model.", "Acme", False),
    ("星辰科技首席科学家王五表示。", "银河实验室", False),
])
def test_a_post_named_by_its_title_in_a_sentence_without_a_move(sentence: str, organization: str,
                                                                 titled: bool) -> None:
    assert titled_post(sentence, organization, default_cues()) is titled
