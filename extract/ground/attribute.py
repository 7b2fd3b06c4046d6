"""Attribution: which person of a chunk a fact belongs to, and which other names of a person the text states.

A 1.5B model attaches a colleague's fact to the person named next to them and "aliases" people named in the same
paragraph; these checks read the text instead of trusting it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from extract.ground.align import normalise
from extract.lexicon.cues import CueLexicon
from extract.lexicon.pinyin import is_pinyin_name
from extract.lexicon.script import HAN_RANGES, MIDDLE_DOTS
from extract.lexicon.sentences import list_item_body
from extract.models.documents import Chunk
from extract.models.mention import Evidence, Mention

__all__ = [
    "ALIAS_WINDOW",
    "full_name_in_document",
    "is_byline",
    "name_forms",
    "near_each_other",
    "one_subject_each",
    "said_of_part",
    "someone_else",
    "split_names",
    "text_aliases",
]

_BRACKETED = re.compile(r"\s*[（(]\s*([^（）()\n]{2,40}?)\s*[）)]")
_LATIN_NAME = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’-]*(?: [A-ZÀ-Þ][A-Za-zÀ-ÿ.'’-]*){1,3}")  # capitalised words
_HAN_NAME = re.compile(rf"[{HAN_RANGES}][{HAN_RANGES}{MIDDLE_DOTS}]{{1,9}}")
# A short note before the other name in the brackets, up to its comma or colon ("音译，", "英文名：", "aka ").
_BRACKET_NOTE = re.compile(r"^[^,，:：]{1,8}[,，:：]\s*")
_NOTE_AFTER = re.compile(r"\s*[,，]\s*(?:[\u4e00-\u9fff]{1,6}|[a-z][a-z .]{0,15})$")  # or after: "（Jian Zhang，音译）"


def text_aliases(span: Chunk, names: Iterable[str]) -> list[str]:
    """Other names the text itself gives in brackets right after a name: 曾晓明（Xiaoming Zeng）, Xiaoming Zeng
    (曾晓明). Deterministic, so a bilingual pair is joined even when the model leaves ``other_names`` empty."""
    found: list[str] = []
    for name in names:
        if not name:
            continue
        latin = _LATIN_NAME.fullmatch(name) is not None
        at = span.text.find(name)
        while at >= 0:
            match = _BRACKETED.match(span.text, at + len(name))
            if match:
                # the name may follow a note or come before one: "张健（音译，Jian Zhang）", "(英文名: Jane Roe)",
                # "张健（Jian Zhang，音译）"
                inner = _NOTE_AFTER.sub("", _BRACKET_NOTE.sub("", match.group(1)))
                pattern = _HAN_NAME if latin else _LATIN_NAME
                if pattern.fullmatch(inner) and inner not in found and inner != name:
                    found.append(inner)
            at = span.text.find(name, at + 1)
    return found


_SENTENCE_START = re.compile(r"(?:^|[.!?。！？\n][\"'”’)]?)\s*[\"'“‘(]?$")
_GIVEN_BEFORE = r"([A-ZÀ-Þ][a-zà-ÿ'’-]+(?:\s+[A-Z]\.)?)\s+"  # "Max ", "Paul G. "


def full_name_in_document(doc_text: str, name: str, cues: CueLexicon) -> str | None:
    """The full name a document writes for ``name`` when it is a lone Latin surname ("Roe" → "Jane Roe",
    "Professor Ann Lee" → "Ann Lee"), when the document writes exactly one; None otherwise.

    Why: an article names a person in full once and by surname after that, and the model, reading a later chunk,
    gives the surname as the person's name; consolidation joins a surname to the one full name of its document only
    when some mention holds that full name, which the model may never have written."""
    surname_first = rf"(?<![\w'’-]){re.escape(name)}\s+([A-Z][a-z]+)\b"
    if not re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ'’-]+", name) or any(
            is_pinyin_name(m.group(1)) for m in re.finditer(surname_first, doc_text)):
        return None  # the surname also written first ("Zhang Lei" beside "Wei Zhang"): which one is meant?
    not_given = cues.regex("name_title", "title", "former", "current", plural=True)
    forms = set()
    # the name may end in a possessive: "under Jane Roe's leadership"
    for m in re.finditer(rf"(?<![\w.'’-]){_GIVEN_BEFORE}{re.escape(name)}(?=['’]s\b|[^\w'’-]|$)(?!\s+[A-ZÀ-Þ])",
                         doc_text):
        before = re.search(r"([A-ZÀ-Þ][\w.'’-]*)\s+$", doc_text[max(0, m.start() - 30):m.start()])
        given = m.group(1).split()[0]
        if not_given.fullmatch(given):
            continue  # a title is no given name
        if _SENTENCE_START.search(doc_text, 0, m.start()) and (
                _common_word(given, doc_text, cues) or doc_text[m.end():m.end() + 1] in "'’"):
            continue  # "When Roe left", "Under Roe's leadership": a word the text writes in lower case, a cue
            # word, or any first word before a possessive (a preposition opens many sentences)
        if before and not not_given.fullmatch(before.group(1).rstrip(".")):
            return None  # a longer run of capitals ("Microsoft Research Eric Horvitz"): which words are the name?
        forms.add(f"{m.group(1)} {name}")
    return forms.pop() if len(forms) == 1 else None


def _common_word(word: str, doc_text: str, cues: CueLexicon) -> bool:
    """Is ``word`` (capitalised at a sentence's start) a common word rather than a given name: written in lower case
    elsewhere in the document, or a word of the cue lexicon ("since", "then", "also")?"""
    folded = word.casefold()
    return re.search(rf"(?<![\w'’-]){re.escape(folded)}(?![\w'’-])", doc_text) is not None or folded in _cue_words(cues)


@lru_cache(maxsize=8)
def _cue_words(cues: CueLexicon) -> frozenset[str]:
    return frozenset(w.casefold() for name in cues.lists for w in cues.words(name) if w.isascii() and " " not in w)


ALIAS_WINDOW = 12  # characters between a name and an other-name the model gives for it: "曾晓明 （Xiaoming Zeng）"


def near_each_other(span: Chunk, name: str, other: str) -> bool:
    """Keep a model-given other name only where the text puts it right next to the name (brackets, a comma):
    a 1.5B model also "aliases" a colleague named in the same paragraph, which would merge two people."""
    text = normalise(span.text)
    a, b = normalise(name), normalise(other)
    if not a or not b:
        return False
    for first, second in ((a, b), (b, a)):
        at = text.find(first)
        while at >= 0:
            window = text[at + len(first): at + len(first) + ALIAS_WINDOW + len(second)]
            if second in window:
                return True
            at = text.find(first, at + 1)
    return False


def split_names(name: str, others: Iterable[str]) -> list[str]:
    """The model sometimes writes a name with its bracketed alias ("张三（San Zhang）"): make that two names."""
    names: list[str] = []
    for raw in (name, *others):
        parts = [p.strip() for p in re.split(r"[（()）]", raw) if p.strip()]
        names += [p for p in parts if p not in names]
    return names or [name]


def name_forms(names: Iterable[str]) -> set[str]:
    """The forms a text uses for a person: each name and its last part ("Roe" of "Jane Roe", "米勒" of "安娜・米勒")."""
    forms = set()
    for name in names:
        forms.add(normalise(name))
        parts = [p for p in re.split(rf"[\s{MIDDLE_DOTS}.]+", name) if p]
        if len(parts) > 1 and len(parts[-1]) >= 2:
            forms.add(normalise(parts[-1]))
    return {f for f in forms if f}


def someone_else(evidence: Evidence, own: set[str], others: set[str], cues: CueLexicon, before: str = "") -> bool:
    """Attribution check: the evidence names another person of the chunk and not this one. A sentence naming
    nobody that opens with a pronoun ("他于 2019 年加入") continues about the person named last before it
    (``before``: the chunk's text up to the sentence): it is this person's unless that is another person of the
    chunk. One with no subject at all is kept (measured: it as often continues about the article's main person). A
    list item headed by another person's name counts as naming that person (:func:`_item_about_another`)."""
    if evidence.start is None:
        return False
    if cues.matches(unicodedata.normalize("NFKC", evidence.quote), "group"):
        return False  # "两人均是…", "the trio": a sentence about a group the person belongs to
    text = normalise(evidence.quote)
    if any(f in text for f in own):
        return False
    if any(f in text for f in others) or _item_about_another(evidence.quote, others):
        return True
    opens = cues.regex("pronoun").match(unicodedata.normalize("NFKC", evidence.quote).lstrip())
    return opens is not None and _named_last(normalise(before), others, own)


def said_of_part(quote: str, own: set[str], cues: CueLexicon) -> bool:
    """Does ``quote`` tell what part of a group did ("这些人才大多毕业于 A", "40% 的员工来自 Acme", "most of them
    joined Acme") without naming the person (``own``: normalised name forms) or a pronoun for them ("she spent most
    of her career at Acme" is hers)? Then it is nobody's fact in particular."""
    text = unicodedata.normalize("NFKC", quote)
    if any(f in normalise(quote) for f in own) or cues.matches(text, "pronoun", "formal_pronoun"):
        return False
    return cues.matches(text, "partial") and cues.matches(text, "people_noun", "group")


_BYLINE_LENGTH = 80  # characters: a byline is a short line


def is_byline(quote: str, own: set[str], organization: str, cues: CueLexicon) -> bool:
    """Is ``quote`` only a byline: the person (``own``, normalised name forms), the organisation and byline words
    ("每经编辑 NAME", "NAME, The Daily Post", "By NAME | Daily Post"), with a byline word or an outlet's word in it?
    Its "position" is the author's at the outlet, not a fact the article tells (bylines are left out of the gold)."""
    if len(quote) > _BYLINE_LENGTH or not any(f in normalise(quote) for f in own):
        return False
    worded = cues.matches(quote, "byline") or cues.matches(organization, "outlet")
    rest = normalise(quote)
    for removed in sorted({*own, normalise(organization), *(normalise(w) for w in cues.words("byline"))},
                          key=len, reverse=True):
        if removed:
            rest = rest.replace(removed, "")
    return worded and not re.search(r"[^\W\d_]", rest)


def _named_last(text: str, others: set[str], own: set[str]) -> bool:
    """Is the person named last in ``text`` one of ``others`` (and not this person)?"""
    last_other = max((text.rfind(f) + len(f) for f in others if f in text), default=-1)
    last_own = max((text.rfind(f) + len(f) for f in own if f in text), default=-1)
    return last_other > last_own


_ITEM_HEAD = re.compile(r"([^:：\n]{2,40}?)\s*(?:[:：]|\s[-–—]\s)")


def _item_about_another(quote: str, others: set[str]) -> bool:
    """A list item that opens with a person's name ("- Jane Roe: research lead at Acme") is about that person: a
    fact of someone the item does not name, cited to it, is the neighbour's, even when the model did not give the
    neighbour as a person of the chunk. The head counts as a name when it is one of the chunk's other people, or
    capitalised Latin words, or a transliteration with a middle dot."""
    body = list_item_body(quote)
    head = _ITEM_HEAD.match(quote, body) if body is not None else None
    if head is None:
        return False
    name = head.group(1).strip()
    return (normalise(name) in others or _LATIN_NAME.fullmatch(name) is not None
            or (_HAN_NAME.fullmatch(name) is not None and any(d in name for d in MIDDLE_DOTS)))


_OPEN_ENDED = (":", ";", "-", "—", "–")  # and the cue lexicon's [and] words: a line that stops mid-list


def _stops_mid_list(text: str, cues: CueLexicon) -> bool:
    """Does ``text`` end in a colon, a dash or a joining word ("北辰科技算法负责人、", "Acme's CTO and")? A Latin word
    only as a whole word ("Finland" does not end in "and")."""
    if text.endswith(_OPEN_ENDED):
        return True
    return any(text.endswith(word) and (not word.isascii() or not word[0].isalpha() or text[:-len(word)].endswith(" "))
               for word in cues.words("and"))


def one_subject_each(mentions: list[Mention], chunk_text: str, chunk_start: int, cues: CueLexicon) -> list[Mention]:
    """A sentence that names none of the people given one of its facts ("在 Acme 工作期间积累了经验，2018 年加入
    Beta"), and no pronoun, group or people noun either, has one subject: the person named last before it. A small
    model that copies such a fact to every person of the chunk (one reply gave a subjectless sentence's post to eight
    people) keeps it here only for that person; when none of them is named before it, for none. A sentence naming
    several of them, or a group, is left as it is (:func:`someone_else` checks those)."""
    claims: dict[tuple[int, int, str], list[int]] = {}
    quotes: dict[tuple[int, int, str], str] = {}
    for index, mention in enumerate(mentions):
        for fact in [*mention.positions, *mention.education]:
            ev = fact.evidence
            if ev.start is not None and ev.end is not None:
                key = (ev.start, ev.end, normalise(getattr(fact, "organization", None) or fact.institution))
                claims.setdefault(key, []).append(index)
                quotes[key] = ev.quote
    forms = [name_forms([m.name, *m.other_names]) for m in mentions]
    drop: set[tuple[int, int, int, str]] = set()
    for (start, end, org), claimants in claims.items():
        if len(set(claimants)) < 2:
            continue
        quote = quotes[(start, end, org)]
        text = normalise(quote)
        plain = unicodedata.normalize("NFKC", quote)
        if _stops_mid_list(plain.rstrip(), cues):
            continue  # a heading broken over two lines: its subject is on the next one
        if cues.matches(plain, "group", "people_noun", "pronoun", "formal_pronoun") or any(
                f in text for i in claimants for f in forms[i]):
            continue  # several people, or a pronoun whose referent the text settles elsewhere
        before = normalise(chunk_text[:max(0, start - chunk_start)])
        last = {i: max((before.rfind(f) + len(f) for f in forms[i] if f in before), default=-1) for i in claimants}
        subject = max(last, key=last.get)
        drop |= {(i, start, end, org) for i in claimants if i != subject or last[subject] < 0}
    if not drop:
        return mentions

    def kept(index: int, facts: list) -> list:
        return [f for f in facts if (index, f.evidence.start, f.evidence.end,
                                     normalise(getattr(f, "organization", None) or f.institution)) not in drop]

    return [m.model_copy(update={"positions": kept(i, m.positions), "education": kept(i, m.education)})
            for i, m in enumerate(mentions)]
