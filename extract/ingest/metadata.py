"""Document metadata: title, url, author, publication date (ISO ``YYYY-MM-DD``) and language.

Sources, most trusted first: front matter; the HTML head (htmldate reads meta tags, JSON-LD and <time>); labelled
lines anywhere in the text (``发布时间: 2024-12-04 18:54``, ``- **保存时间**: 2025-04-27T20:03:58Z``,
``**URL**: https://…``); a date line near the top (``2023年1月25日01时``). Publication labels beat archive labels
(保存时间, 目录日期), which are only a fallback. Dates are parsed by hand for the unambiguous numeric forms (fast, and
dateparser does not read ``2023年1月25日01时``), by the email module for RFC 2822, and by dateparser for the rest.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from extract.ingest.datelines import dateline, iso_date, simplified_label
from extract.lexicon.cues import CueLexicon, default_cues
from extract.models.documents import Language

__all__ = [
    "MAX_AUTHOR_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_URL_CHARS",
    "Metadata",
    "detect_language",
    "from_front_matter",
    "from_html_head",
    "from_lines",
    "guess_text_title",
    "parse_date",
]


# Limits on what a document may claim about itself. The title goes into every chunk's prompt, all four into every
# output row, so none may grow with the input: headlines run to a few dozen characters (300 leaves room for a
# subtitle), a byline or author list to a few names, a URL to 2,000 characters (what browsers and servers accept).
# A longer title or author is cut (its start is still the best title there is); a longer URL is dropped, since a
# cut URL points nowhere. Dates need no limit: they are parsed to ISO, and parse_date reads at most 80 characters.
MAX_TITLE_CHARS = 300
MAX_AUTHOR_CHARS = 200
MAX_URL_CHARS = 2_000
# Items of a front matter list (authors, tags) read before giving up: the limits above are long reached by then.
_MAX_LIST_ITEMS = 100


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None

    def fill(self, other: Metadata) -> Metadata:
        """Keep every field already set, take the missing ones from ``other``."""
        return replace(self, **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def bounded(self) -> tuple[Metadata, list[str]]:
        """These metadata within the field limits, and one line for each field that had to be cut or dropped."""
        problems: list[str] = []
        title = _cut(self.title, MAX_TITLE_CHARS, "title", problems)
        author = _cut(self.author, MAX_AUTHOR_CHARS, "author", problems)
        url = self.url
        if url is not None and len(url) > MAX_URL_CHARS:
            problems.append(f"url is {len(url):,} characters, over the {MAX_URL_CHARS:,} limit; dropped")
            url = None
        return replace(self, title=title, author=author, url=url), problems


def _cut(value: str | None, limit: int, name: str, problems: list[str]) -> str | None:
    if value is None or len(value) <= limit:
        return value
    problems.append(f"{name} is {len(value):,} characters, over the {limit:,} limit; cut")
    return value[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- dates

_NUMERIC_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*[日号]?(?:\s*[Tt]?\s*"
    r"\d{1,2}\s*(?:[:：]\s*\d{1,2}(?:\s*[:：]\s*\d{1,2}(?:\.\d+)?)?|[时時点點])(?:\s*\d{1,2}\s*分)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def parse_date(value: Any) -> str | None:
    """An ISO date from a date/datetime or a string in any common form; None when it names no full date."""
    if isinstance(value, dt.datetime | dt.date):
        return iso_date(value.year, value.month, value.day)
    if not isinstance(value, str | int):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()  # full-width digits ２０２３ → 2023
    if not text or len(text) > 80:
        return None
    match = _NUMERIC_DATE.search(text)
    if match:
        return iso_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    try:
        parsed = parsedate_to_datetime(text)  # RFC 2822: "Fri, 01 Apr 2022 09:02:34 GMT"
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return iso_date(parsed.year, parsed.month, parsed.day)
    if not _YEAR.search(text):
        return None  # dateparser would invent the current year for "April 1"
    import dateparser  # imported lazily: only English month names and the like get here

    guess = dateparser.parse(text, languages=["en", "zh"], settings={"STRICT_PARSING": True})
    return iso_date(guess.year, guess.month, guess.day) if guess else None


# ---------------------------------------------------------------- labelled lines

_LABELLED = re.compile(r"^(?:[-*•]\s*)?(?P<key>[^:：\s][^:：]{0,19}?)\s*[:：]\s*(?P<value>\S.*)$")
_URL_IN = re.compile(r"https?://\S+")

_DATE_KEYS = frozenset(
    {"发布时间", "发布日期", "发表时间", "发表日期", "发表于", "发布于", "发布", "出版时间", "出版日期", "刊发时间",
     "日期", "时间", "date", "published", "published on", "publication date", "posted", "posted on", "pubdate",
     "publish date", "release date", "first published", "originally published"}
)  # fmt: skip
_FALLBACK_DATE_KEYS = frozenset(
    {"保存时间", "目录日期", "创建时间", "抓取时间", "收藏时间", "更新时间", "修改时间", "归档时间", "updated",
     "last updated", "modified", "created", "saved", "retrieved", "crawled", "archived"}
)  # fmt: skip
_URL_KEYS = frozenset(
    {"url", "链接", "原文链接", "原文地址", "原文", "文章链接", "文章地址", "来源链接", "原始链接", "source",
     "source url", "original url", "link", "permalink", "来源"}
)  # fmt: skip
# The labels of an author line ("作者: NAME", "By: NAME"): the cue lexicon's [byline.author] words


@lru_cache(maxsize=8)
def _author_keys_of(cues: CueLexicon) -> frozenset[str]:
    return frozenset(word.casefold() for word in cues.words("byline.author"))


def _author_keys() -> frozenset[str]:
    return _author_keys_of(default_cues())

_MAX_LABELLED_LEN = 200
_TOP_LINES = 10
_DATELINE_LINES = 30  # lines searched for a dateline: the furniture above a story (a headline, a byline, links)
# A label inside a line of several ("作者:NAME 来源:NAME 发布时间:2023/8/3 20:29:00"): a short word before a colon.
_INNER_LABEL = re.compile(r"(?:^|(?<=[\s|·•]))(?P<key>[^\s:：|·•]{1,12})\s*[:：]\s*(?=(?P<value>\S.{0,39}))")


def _labelled(line: str) -> tuple[str, str] | None:
    if len(line) > _MAX_LABELLED_LEN:
        return None
    match = _LABELLED.match(line.replace("**", ""))
    if match is None:
        return None
    return simplified_label(match.group("key").strip()), match.group("value").strip()


def _dateline(line: str) -> str | None:
    """The line's dateline, unless a label other than a byline's or a source's owns it: the time in "最新回复:
    2025年3月25日 14点25分" or "Event: May 3, 2024" dates that thing, not the page."""
    pair = _labelled(line)
    if pair is not None and not any(c.isdigit() for c in pair[0]) and pair[0] not in _author_keys() | _URL_KEYS:
        return None
    return dateline(line)


def _inner_date(line: str, keys: frozenset[str]) -> str | None:
    """The date after one of ``keys`` used as a label anywhere in the line (a line of several labels)."""
    if len(line) > _MAX_LABELLED_LEN:
        return None
    for match in _INNER_LABEL.finditer(line.replace("**", "")):
        if simplified_label(match.group("key")) in keys and (date := parse_date(match.group("value"))):
            return date
    return None


def from_lines(lines: Sequence[str]) -> Metadata:
    """Metadata from labelled lines anywhere and from a bare date line near the top."""
    url = author = published = fallback = None
    for line in lines:
        pair = _labelled(line)
        if pair is None:
            continue
        key, value = pair
        if key in _URL_KEYS and url is None and (found := _URL_IN.search(value)):
            url = found.group(0)
        elif key in _author_keys() and author is None and not _URL_IN.search(value):
            author = value
        elif key in _DATE_KEYS and published is None:
            published = parse_date(value)
        elif key in _FALLBACK_DATE_KEYS and fallback is None:
            fallback = parse_date(value)
    top = lines[:_DATELINE_LINES]
    published = published or next(filter(None, (_inner_date(line, _DATE_KEYS) for line in top)), None)
    if published is None:
        fallback = fallback or next(filter(None, (_inner_date(line, _FALLBACK_DATE_KEYS) for line in top)), None)
        published = next(filter(None, map(_dateline, top)), None) or fallback
    return Metadata(url=url, author=author, published=published)


# ---------------------------------------------------------------- front matter and HTML head

_FM_TITLE = ("title", "name", "headline")
_FM_URL = ("url", "link", "source_url", "original_url", "canonical_url", "canonical", "permalink", "source")
_FM_AUTHOR = ("author", "authors", "byline", "creator")
_FM_DATE = ("date", "published", "publish_date", "published_at", "pubdate", "pub_date", "publication_date",
            "created", "created_at", "time", "updated", "modified", "lastmod")  # fmt: skip


_SCALARS = (str, int, float, dt.date)


def _text_value(value: Any) -> str | None:
    """A front matter value as one line of text: a scalar, the scalars of a list, or a mapping's ``name``.

    Nested lists and mappings inside a list are skipped rather than printed: their text is no title or name, and
    printing them is how a few hundred bytes of YAML aliases used to become millions of characters.
    """
    if isinstance(value, list | tuple):
        value = ", ".join(str(v).strip() for v in value[:_MAX_LIST_ITEMS] if v and isinstance(v, _SCALARS))
    if isinstance(value, Mapping):
        value = value.get("name")
    if not isinstance(value, _SCALARS):
        return None
    text = str(value).strip()
    return text or None


def _first(meta: Mapping[str, Any], keys: Sequence[str]) -> Any:
    lowered = {str(k).lower(): v for k, v in meta.items()}
    return next((lowered[k] for k in keys if lowered.get(k) not in (None, "", [])), None)


def from_front_matter(meta: Mapping[str, Any]) -> Metadata:
    url = _text_value(_first(meta, _FM_URL))
    date = next((d for k in _FM_DATE if (d := parse_date(_first(meta, (k,))))), None)
    return Metadata(
        title=_text_value(_first(meta, _FM_TITLE)),
        url=url if url and url.startswith(("http://", "https://")) else None,
        author=_text_value(_first(meta, _FM_AUTHOR)),
        published=date,
    )


def _meta_content(tree: LexborHTMLParser, *selectors: str) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = (node.attributes.get("content") or node.attributes.get("href") or "").strip()
            if value:
                return value
    return None


def from_html_head(tree: LexborHTMLParser, html: str) -> Metadata:
    """Metadata of a whole HTML page (read before boilerplate removal mutates the tree)."""
    title_node = tree.css_first("title")
    title = _meta_content(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if not title and title_node is not None:
        title = title_node.text(deep=True).strip() or None
    import htmldate  # lazily: it pulls in lxml, and only whole pages need it

    published = htmldate.find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    return Metadata(
        title=" ".join(title.split()) if title else None,
        url=_meta_content(tree, 'link[rel="canonical"]', 'meta[property="og:url"]'),
        author=_meta_content(tree, 'meta[name="author"]', 'meta[property="article:author"]'),
        published=parse_date(published) if published else None,
    )


# ---------------------------------------------------------------- plain-text title and language

_SENTENCE_END = tuple("。！？!?.;；:：,，")
_MAX_TITLE = 80
_MIN_TITLE = 4


def guess_text_title(lines: Sequence[str]) -> str | None:
    """A plain-text title: among the first few lines, the first that reads like a headline, not a sentence."""
    for line in lines[: _TOP_LINES // 2 + 1]:
        if line.startswith("- ") or dateline(line) or _labelled(line):
            continue
        if _MIN_TITLE <= len(line) <= _MAX_TITLE and not line.endswith(_SENTENCE_END):
            return line
    return None


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]+")
_ZH_SHARE = 0.7
_EN_SHARE = 0.3


def detect_language(text: str) -> Language:
    """zh / en / mixed by script share, counting a Han character and a Latin word as one unit each.

    Units rather than characters because a Chinese article quoting English names is still Chinese: a name like
    "Larochelle" is ten letters but one word, as "离" is one character.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if han + words == 0:
        return "en"
    share = han / (han + words)
    if share >= _ZH_SHARE:
        return "zh"
    if share <= _EN_SHARE:
        return "en"
    return "mixed"
