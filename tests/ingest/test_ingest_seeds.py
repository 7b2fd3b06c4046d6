"""The five seed files: the text a small model will quote, and the metadata later stages rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.ingest import chunk_document, ingest, load_document
from extract.models.documents import Document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Markup that must never reach the model: tags, markdown emphasis/images/links, headings, URLs.
MARKUP = ("<", ">", "**", "](", "![", "http://", "https://", "&amp;", "&nbsp;")


def seed(prefix: str) -> Document:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return load_document(path)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {p: seed(p) for p in ("000", "001", "002", "003", "004")}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_markup_survives(seeds: dict[str, Document], prefix: str) -> None:
    text = seeds[prefix].text
    for mark in MARKUP:
        assert mark not in text, f"{prefix}: {mark!r} left in text"
    assert not re.search(r"^#{1,6} ", text, re.M), "markdown heading marker left"
    assert "\n\n" not in text and text == text.strip()
    assert all(line == line.strip() and "  " not in line for line in text.split("\n"))


@pytest.mark.parametrize(
    ("prefix", "sentences"),
    [
        (
            "000",
            [
                "深度学习大牛Hugo Larochelle离职谷歌了！",
                "在加入谷歌之前，他曾与人共同创立机器学习初创公司Whetlab。",
                "- 去噪自编码器",
                "- 保存时间: 2025-04-27T20:03:58Z",
            ],
        ),
        (
            "001",
            [
                "北京时间 4 月 1 日消息，就在 Facebook 母公司 Meta 继续向元宇宙转型之际，"
                "该公司在今年失去了一些顶尖人工智能 (AI) 科学家。",
                "四位“AI 大牛”离职",
                "他在 1 月份辞去了 Meta 研究科学家一职，跳槽谷歌担任同样的职位。",
            ],
        ),
        (
            "002",
            [
                "In episode 80 of The Gradient Podcast, Daniel Bashir speaks to Professor Hugo Larochelle.",
                "(39:00) 2009-2011, postdoc in Geoff Hinton’s lab",
                "Hugo Larochelle: Deep Learning as Science",
            ],
        ),
        (
            "003",
            [
                "2022,又一批AI大牛从大厂出走了",
                "2022 年 3 月 14 日晚间,寒武纪发布公告称,核心技术人员梁军先生因与公司存在分歧,通知公司解除劳动合同。",
                "特斯拉首席执行官埃隆·马斯克在推特上回复,感谢 Karpathy 在公司的工作。",
            ],
        ),
        (
            "004",
            [
                "他们分别是翟晓华 （Xiaohua Zhai）、卢卡斯·拜尔 （Lucas Beyer）、"
                "亚历山大·科列斯尼科夫（Alexander Kolesnikov）。",
                "ViT三大核心作者集体离职谷歌DeepMind。下一站：OpenAI ！",
                "2018年以来，他就在谷歌大脑，现为DeepMind团队工作。"
                "之前主要成就包括训练SOTA视觉模型*（从2019年到2021年都实现了ImageNet SOTA）；",
                "发布时间: 2024-12-04 18:54",
            ],
        ),
    ],
)
def test_sentences_verbatim(seeds: dict[str, Document], prefix: str, sentences: list[str]) -> None:
    for sentence in sentences:
        assert sentence in seeds[prefix].text


def test_first_line_is_the_markdown_heading(seeds: dict[str, Document]) -> None:
    assert seeds["004"].text.split("\n")[0] == "刚刚，谷歌ViT核心骨干集体投奔OpenAI：他们为Sora打下基础"
    assert seeds["004"].title == "刚刚，谷歌ViT核心骨干集体投奔OpenAI：他们为Sora打下基础"
    assert seeds["000"].text.startswith("#九万被引大佬离职谷歌##谷歌DeepMind首席科学家离职#深度学习大牛")
    assert seeds["000"].title and seeds["000"].title.startswith("#九万被引大佬离职谷歌#")


def test_three_names_on_one_line(seeds: dict[str, Document]) -> None:
    lines = [line for line in seeds["004"].text.split("\n") if "翟晓华" in line and "卢卡斯·拜尔" in line]
    assert len(lines) == 1
    assert "亚历山大·科列斯尼科夫（Alexander Kolesnikov）" in lines[0]


def test_weibo_br_paragraphs_and_list(seeds: dict[str, Document]) -> None:
    lines = seeds["000"].text.split("\n")
    i = lines.index("更具体来说，涵盖以下内容：")
    assert lines[i + 1 : i + 6] == [
        "- 自编码器无监督预训练",
        "- 去噪自编码器",
        "- 基于视觉注意力的分类",
        "- 神经自回归分布模型",
        "- 零样本学习",
    ]


def test_indentation_removed_and_bullets_normalised(seeds: dict[str, Document]) -> None:
    lines = seeds["003"].text.split("\n")
    assert lines[:4] == ["bg", "- AI前线", "- 2023年1月25日01时", "2022,又一批AI大牛从大厂出走了"]


def test_boilerplate_lines_dropped(seeds: dict[str, Document]) -> None:
    text = seeds["004"].text + seeds["003"].text + seeds["002"].text
    for junk in ("关注我", "一键三连", "左右滑动", "「在看」", "点击下方", "Subscribe to The Gradient", "Follow The"):
        assert junk not in text
    assert "原文链接" not in seeds["004"].text  # a label whose URL was removed leaves nothing
    assert "封面图链接" not in seeds["004"].text


@pytest.mark.parametrize(
    ("prefix", "date"),
    [("000", "2025-04-27"), ("001", "2022-04-01"), ("002", None), ("003", "2023-01-25"), ("004", "2024-12-04")],
)
def test_publication_dates(seeds: dict[str, Document], prefix: str, date: str | None) -> None:
    assert seeds[prefix].published == date


@pytest.mark.parametrize(
    ("prefix", "language"), [("000", "zh"), ("001", "zh"), ("002", "en"), ("003", "zh"), ("004", "zh")]
)
def test_languages(seeds: dict[str, Document], prefix: str, language: str) -> None:
    assert seeds[prefix].language == language


@pytest.mark.parametrize(
    ("prefix", "fmt"), [("000", "markdown"), ("001", "html"), ("002", "text"), ("003", "text"), ("004", "markdown")]
)
def test_formats_detected_by_content(seeds: dict[str, Document], prefix: str, fmt: str) -> None:
    assert seeds[prefix].format == fmt


def test_other_metadata(seeds: dict[str, Document]) -> None:
    assert seeds["000"].url == "https://weibo.com/6105753431/PpdmWAF1p"
    assert seeds["001"].title == "扎克伯格 All in 元宇宙：Meta 股票大跌，核心_AI 大牛_离职"
    assert seeds["001"].author == "IT 之家"
    assert seeds["003"].title == "2022,又一批AI大牛从大厂出走了"
    assert seeds["004"].author == "量子位"
    assert seeds["004"].url and seeds["004"].url.startswith("http://mp.weixin.qq.com/s?__biz=")
    assert seeds["003"].id == "003_08bd5f78e4228db7"
    assert all(doc.encoding == "utf-8" for doc in seeds.values())


def test_ingest_folder_is_deterministic() -> None:
    first, second = ingest([SEEDS]), ingest([SEEDS])
    assert not first.failures
    assert [d.id for d in first.documents] == sorted(d.id for d in first.documents)
    assert [d.text for d in first.documents] == [d.text for d in second.documents]
    assert first.documents == second.documents
    for doc in first.documents:
        chunks = chunk_document(doc)
        assert chunks == chunk_document(doc)
        assert all(doc.text[c.start : c.end] == c.text for c in chunks)
