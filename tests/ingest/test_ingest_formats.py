"""Format detection by content and the text conventions of every reader (see extract/ingest/text.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.errors import InputError
from extract.ingest import load_document
from extract.ingest.detect import detect_format
from extract.ingest.loader import document_from_text

FIXTURES = Path(__file__).parent / "fixtures"


def from_text(text: str) -> str:
    return document_from_text(text, path=Path("mem.txt"), doc_id="mem", encoding="utf-8").text


def test_html_page_keeps_only_article_text() -> None:
    doc = load_document(FIXTURES / "page.html")
    assert doc.format == "html"
    assert doc.text.split("\n") == [
        "知名研究员离开实验室，加入创业公司",
        "记者 李编辑 · 2023-06-15",
        "6 月 15 日消息，张三已于本月离开 Example AI 实验室。",
        "他在实验室工作了五年，曾担任首席科学家&技术负责人。据知情人士透露，他将加入一家初创公司。",
        "张三在 2022 年的大会上",
        "此前经历",
        "- 2015 年获得博士学位",
        "- 2018 年加入 Example AI",
    ]
    for junk in (
        "SCRIPT_TEXT",
        "font-family",
        "科技",
        "关于我们",
        "cookies",
        "分享到微博",
        "Share on",
        "相关阅读",
        "版权所有",
    ):
        assert junk not in doc.text


def test_html_page_metadata() -> None:
    doc = load_document(FIXTURES / "page.html")
    assert doc.title == "知名研究员离开实验室，加入创业公司"  # og:title beats <title>
    assert doc.published == "2023-06-15"
    assert doc.url == "https://news.example.com/2023/06/researcher-leaves"
    assert doc.author == "李编辑"
    assert doc.language == "zh"


def test_html_fragment() -> None:
    doc = load_document(FIXTURES / "fragment.html")
    assert doc.format == "html"
    assert doc.language == "en"
    assert doc.text.split("\n") == [
        "Yann LeCun & Yoshua Bengio won the Turing Award in 2018.",
        "They shared it with Geoffrey Hinton.",
        "The award is often called the “Nobel Prize of computing”.",
        "- LeCun: convolutional networks",
        "- Bengio: language models",
    ]


def test_markdown_with_front_matter() -> None:
    doc = load_document(FIXTURES / "frontmatter.md")
    assert doc.format == "markdown"
    assert (doc.title, doc.author, doc.published) == ("研究员的职业变动", "王五", "2021-09-30")
    assert doc.url == "https://blog.example.org/posts/career"
    assert doc.text.split("\n") == [
        "研究员的职业变动",
        "李四在 2019 年加入谷歌大脑，担任研究科学家。他此前在微软亚洲研究院工作，负责计算机视觉方向。",
        "He later moved to OpenAI as a member of technical staff.",
        "1. 2012 年：本科毕业于清华大学",
        "2. 2017 年：博士毕业于斯坦福大学",
        "更多信息见。",
    ]
    assert "title:" not in doc.text and "合照" not in doc.text


def test_plain_text() -> None:
    doc = load_document(FIXTURES / "plain.txt")
    assert doc.format == "text"
    assert doc.text.split("\n") == [
        "研究员名单",
        "- 赵六，2020 年加入阿里巴巴达摩院。",
        "- 钱七，2021 年离开腾讯 AI Lab。",
        "两人均为计算机视觉方向的研究员。",
    ]
    assert doc.title == "研究员名单"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<div><p>片段</p></div>", "html"),
        ("第一行<br>第二行<br>第三行<br>", "html"),
        ("# Title\n\nBody text.", "markdown"),
        ("Some text with a [link](https://example.com).", "markdown"),
        ("plain words\n    indented line\n* not markdown alone", "text"),
        ("Outline:\n(00:00) Intro\n- item", "text"),
        ("1 < 2 and 3 > 2 are facts", "text"),
    ],
)
def test_detect_format(text: str, fmt: str) -> None:
    assert detect_format(text) == fmt


def test_detection_ignores_extension(tmp_path: Path) -> None:
    path = tmp_path / "article.md"  # says markdown, holds HTML
    path.write_text("<html><body><p>Hello <b>world</b></p></body></html>", encoding="utf-8")
    doc = load_document(path)
    assert (doc.format, doc.text) == ("html", "Hello world")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("中文第一行\n中文第二行", "中文第一行中文第二行"),  # soft break between CJK: no space
        ("an English\nsoft break", "an English soft break"),
        ("中文\nEnglish", "中文 English"),
        ("他说：\n“你好”", "他说：“你好”"),  # CJK punctuation next to a wide character joins too
        ("**粗体**和*斜体*", "粗体和斜体"),
        ("text  with    runs of   spaces and [a link](https://x.org)", "text with runs of spaces and a link"),
        ("**「MEET2025」****报名啦**", "「MEET2025」报名啦"),  # CommonMark leaves these asterisks; we do not
    ],
)
def test_markdown_inline_conventions(source: str, expected: str) -> None:
    assert from_text("# 标题\n\n" + source) == "标题\n" + expected


def test_markdown_lists_headings_and_hard_breaks() -> None:
    source = "## 小标题\n\n- 一\n- 二\n  - 二点一\n\n第一行  \n第二行\n\n作者: 甲\n日期: 2020-01-02\n"
    assert from_text(source) == "小标题\n- 一\n- 二\n- 二点一\n第一行\n第二行\n作者: 甲\n日期: 2020-01-02"


def test_unicode_normalisation() -> None:
    text = from_text("Cafe\u0301 \u200bzero\u200bwidth，全角标点！\u3000\u3000缩进\tand\u00a0nbsp")
    assert text == "Café zerowidth，全角标点！ 缩进 and nbsp"


def test_entities_unescaped_everywhere() -> None:
    assert from_text("<p>A &amp; B &lt;tag&gt; &#20013;&#25991; &quot;q&quot;</p>") == 'A & B <tag> 中文 "q"'
    assert from_text("plain &amp; text &nbsp;here") == "plain & text here"


def test_malformed_html_still_yields_text() -> None:
    text = from_text("<div><p>unclosed <b>bold <i>italic<p>second paragraph</div></span><li>item")
    assert text == "unclosed bold italic\nsecond paragraph\n- item"


def test_tables_and_pre() -> None:
    html = "<table><tr><th>姓名</th><th>单位</th></tr><tr><td>张三</td><td>谷歌</td></tr></table><pre>  a\n  b</pre>"
    assert from_text(html) == "姓名 单位\n张三 谷歌\na\nb"


def test_furniture_named_wrapper_holding_the_article_survives() -> None:
    html = (
        "<html><body><div class='layout has-sidebar'><p>张三于 2020 年加入谷歌。</p><p>他此前在微软工作。</p>"
        "<div class='social-share'>分享到微信</div></div></body></html>"
    )
    assert from_text(html) == "张三于 2020 年加入谷歌。\n他此前在微软工作。"


_FUZZ_MARKUP = (
    "<p> </p> <br> ** # \n - ![](x) [a](http://x) ---\n title:_x\n &amp; <div_class='share'> </div> ``` > "
    "<script> </script> 中文 。 \u200b \x00"
)
_FUZZ_PIECES = st.one_of(
    st.text(max_size=30),
    st.sampled_from([piece.replace("_", " ") for piece in _FUZZ_MARKUP.split(" ")] + ["    ", "# ", "- "]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FUZZ_PIECES, max_size=30).map("".join))
def test_any_text_gives_a_clean_document_or_an_input_error(text: str) -> None:
    try:
        doc = document_from_text(text, path=Path("fuzz.txt"), doc_id="fuzz", encoding="utf-8")
    except InputError:
        return
    lines = doc.text.split("\n")
    assert all(line and line == line.strip() for line in lines)
    assert "\x00" not in doc.text and "\u200b" not in doc.text
    assert doc.language in ("zh", "en", "mixed")
