"""People's names in a sentence, read without a model: a form the model gave in the document, a transliteration
with a middle dot, capitalised Latin words that are no organisation, or, right after a title, a bare Han name."""

from __future__ import annotations

import re

from extract.ground.rules.context import RuleContext, is_latin
from extract.lexicon.names import COMMON_SURNAMES, COMPOUND_SURNAMES, RARE_SURNAMES
from extract.lexicon.script import HAN_RANGES, MIDDLE_DOTS, is_han, to_simplified

__all__ = ["bare_han_name", "last_name_end", "last_named", "name_at", "name_before"]

# A transliterated foreign name: 1–6 Han, a middle dot, more Han; then maybe the name in Latin in brackets.
_HAN, _DOT = f"[{HAN_RANGES}]", f"[{MIDDLE_DOTS}]"
_DOTTED = re.compile(rf"{_HAN}{{1,6}}{_DOT}{_HAN}{{1,8}}(?:{_DOT}{_HAN}{{1,8}})?")
_DOTTED_WITH_LATIN_AT_END = re.compile(rf"({_HAN}{{1,6}}{_DOT}{_HAN}{{1,8}})\s*[（(]\s*([A-Z][^()（）]*?)\s*[)）]$")
# A short note after the other name in brackets: "（Jian Zhang，音译）", "(Jane Roe, transliterated)"
_NOTE_AFTER = r"(?:\s*[,，]\s*(?:[\u4e00-\u9fff]{1,6}|[a-z][a-z .]{0,15}))?"  # not a year ("2019 年加入") nor a label
_LATIN_AFTER = re.compile(rf"\s*[（(]\s*([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){{1,3}}){_NOTE_AFTER}\s*[)）]")
_WORD = r"[A-Z][a-z][a-zA-Z'’-]*"  # Jack, LeCun, O'Neil; not CEO or AI
# A Han name glossed with its Latin form in brackets ("杨立昆（Yann LeCun）"): how Chinese news introduces a person,
# so the Han run is a name whatever its surname.
_HAN_WITH_LATIN = re.compile(
    rf"({_HAN}{{2,4}})\s*[（(]\s*({_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{1,2}}){_NOTE_AFTER}\s*[)）]")
_LATIN_NAME = re.compile(rf"{_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{1,2}}(?![A-Za-z0-9À-ÿ_'’-])")  # Han may follow
_LATIN_NAME_BEFORE_ANY = re.compile(rf"{_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{1,2}}(?![A-Za-z0-9'’-])")  # "Ji Lin等"
_LATIN_NAME_AT_END = re.compile(rf"(?<![\w-]){_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{1,2}}$")


def name_at(text: str, at: int, ctx: RuleContext) -> tuple[int, int, str, tuple[str, ...]] | None:
    """A person's name starting at ``at`` (after spaces): (start, end, name, other names written right after it);
    ``end`` is past those other names."""
    while at < len(text) and text[at] == " ":
        at += 1
    rest = text[at:]
    folded = rest.casefold()
    known = max((form for form in ctx.names if folded.startswith(form)), key=len, default=None)
    if known is not None:
        end = at + len(known)
        if not (end < len(text) and is_latin(text[end - 1]) and is_latin(text[end])):
            return at, end, text[at:end], ()
    dotted = _DOTTED.match(rest)
    if dotted:
        name = dotted.group()
        dot = max(name.rfind(d) for d in MIDDLE_DOTS)
        cut = ctx.patterns.after_name.search(name, dot + 2)  # keep at least one character after the dot
        name = name[:cut.start()] if cut else name
        end = at + len(name)
        latin = _LATIN_AFTER.match(text, end)
        return at, (latin.end() if latin else end), name, (latin.group(1),) if latin else ()
    latin = _LATIN_NAME.match(rest)
    if latin and not ctx.is_org(latin.group()) and not any(ctx.is_org(w) for w in latin.group().split()):
        return at, at + latin.end(), latin.group(), ()
    glossed = _HAN_WITH_LATIN.match(rest)
    if glossed and not ctx.is_org(glossed.group(1)) and not ctx.is_org(glossed.group(2)):
        return at, at + glossed.end(), glossed.group(1), (glossed.group(2),)
    han = bare_han_name(rest, ctx)
    if han and not ctx.is_org(han):
        return at, at + len(han), han, ()
    tagged = max((form for form in ctx.tagged if folded.startswith(form)), key=len, default=None)
    if tagged is not None and not (at + len(tagged) < len(text) and is_latin(text[at + len(tagged) - 1])
                                   and is_latin(text[at + len(tagged)])):
        return at, at + len(tagged), text[at:at + len(tagged)], ()
    return None


def bare_han_name(text: str, ctx: RuleContext) -> str | None:
    """A Han name at the start of ``text``: a surname (common, or one of the rarer ones that are no everyday word),
    one or two more characters, then a break (the end, punctuation, a space, a verb, a particle or an honorific:
    "张三也表示", "李四离职"). The shorter reading wins
    ("王五也" is 王五 followed by 也). Read where a name is expected: after a title, at the head of a list item,
    before the verb of a clause (through :func:`name_at`)."""
    # the surname lists are simplified; traditional text (楊, 張) is looked up in simplified characters
    surname = next((s for s in (text[:2], text[:1]) if (plain := to_simplified(s)) in COMPOUND_SURNAMES
                    or plain in COMMON_SURNAMES or plain in RARE_SURNAMES), None)
    if surname is None:
        return None
    for given in (1, 2):
        end = len(surname) + given
        name = text[:end]
        if len(name) < end or not all(is_han(ch) for ch in name):
            return None
        rest = text[end:]
        if (not rest or not is_han(rest[0]) or ctx.patterns.after_name.match(rest)
                or ctx.patterns.honorific.match(rest)):
            return name
    return None


def name_before(text: str, end: int, ctx: RuleContext) -> tuple[int, str, tuple[str, ...]] | None:
    """A person's name ending at ``end`` (before "是" or ", the"): (start, name, other names)."""
    while end > 0 and text[end - 1] == " ":
        end -= 1
    head = text[:end]
    folded = head.casefold()
    known = max((form for form in ctx.names if folded.endswith(form)), key=len, default=None)
    if known is not None:
        start = end - len(known)
        if not (start > 0 and is_latin(text[start - 1]) and is_latin(text[start])):
            return start, text[start:end], ()
    bracket = _DOTTED_WITH_LATIN_AT_END.search(head)
    if bracket:
        return bracket.start(), bracket.group(1), (bracket.group(2),)
    latin = _LATIN_NAME_AT_END.search(head)
    if latin and not ctx.is_org(latin.group()) and not any(ctx.is_org(w) for w in latin.group().split()):
        return latin.start(), latin.group(), ()
    tagged = max((form for form in ctx.tagged if folded.endswith(form)), key=len, default=None)
    if tagged is not None and not (end - len(tagged) > 0 and is_latin(text[end - len(tagged) - 1])
                                   and is_latin(text[end - len(tagged)])):
        return end - len(tagged), text[end - len(tagged):end], ()
    return None


def last_name_end(text: str, ctx: RuleContext) -> int | None:
    """Where the last name ``text`` holds ends (a form the model gave, or capitalised Latin words that are no
    organisation), or None."""
    return max(name_ends(text, ctx), default=None)


def name_ends(text: str, ctx: RuleContext) -> list[int]:
    """Where each name ``text`` holds ends (a form the model or the tagger gave, or capitalised Latin words that are
    no organisation), in no order."""
    folded = text.casefold()
    ends = [found + len(form) for form in ctx.names if (found := folded.rfind(form)) >= 0]
    ends += [found + len(form) for form in ctx.tagged if (found := folded.rfind(form)) >= 0]
    ends += [m.end() for m in _LATIN_NAME_BEFORE_ANY.finditer(text) if not ctx.is_org(m.group())]
    return ends


def last_named(text: str, ctx: RuleContext) -> str | None:
    """The person whose name (a form the model gave) occurs last in ``text``."""
    folded = text.casefold()
    named = [(folded.rfind(form) + len(form), ctx.names[form]) for form in ctx.names if form in folded]
    return max(named)[1] if named else None
