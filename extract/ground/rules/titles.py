"""Job titles in a sentence: where a title ends, and the organisation and title written together before a name
("Acme 前首席科学家 NAME") or after one ("NAME 是 Acme CTO")."""

from __future__ import annotations

import re

from extract.ground.rules.context import RuleContext, org_ending_at, org_starting_at

__all__ = ["MAX_TITLE", "clean_title", "ends_in_title", "org_title_after", "org_title_before", "title_ends"]

MAX_TITLE = 18  # characters of a title body (department + title word), three times that in Latin letters
_TITLE_PUNCT = re.compile(r"[，,、。；;：:！!？?（）()\[\]【】“”\"'《》<>|/\n]")
_POSSESSIVES = ("的", "'s ", "’s ")  # "Acme 的 CTO", "Acme's chief scientist"


def ends_in_title(body: str, ctx: RuleContext) -> bool:
    """Does ``body`` end in a title word (a whole word when Latin), or in an English title with what it is of
    ("vice president of engineering")?"""
    return any(m.end() == len(body) for m in ctx.patterns.title.finditer(body)) or any(
        m.end() == len(body) for m in ctx.patterns.title_of.finditer(body))


def title_ends(sentence: str, ctx: RuleContext) -> list[int]:
    """Offsets right after each title word of the sentence: where a name in apposition would start."""
    return sorted({m.end() for m in ctx.patterns.title.finditer(sentence)}
                  | {m.end() for m in ctx.patterns.title_of.finditer(sentence)})


def clean_title(body: str, ctx: RuleContext) -> tuple[str, str] | None:
    """Split the words between an organisation and a name into (title, status), or None when they are no title:
    too long, punctuated, holding a verb, or not ending in a title word."""
    body = body.strip()
    for possessive in _POSSESSIVES:
        if body.startswith(possessive):
            body = body[len(possessive):].strip()
    status = "current"
    for mark, meaning in ((ctx.patterns.former, "former"), (ctx.patterns.current, "current")):
        found = mark.match(body)
        if found:
            body, status = body[found.end():].strip(), meaning
    if not body or len(body) > MAX_TITLE * (3 if body.isascii() else 1) or len(body.split()) > 6:
        return None
    # a title word may hold a verb ("创办人" holds 创办): look for verbs and clause words outside the title words
    words_outside = ctx.cues.regex("title").sub(" ", body)
    if _TITLE_PUNCT.search(body) or ctx.patterns.clause.search(words_outside) or not ends_in_title(body, ctx):
        return None
    return body, status


# How long a post was held, written before its organisation and title: "a 12-year Acme veteran", "a longtime Acme
# engineer" (none matches the empty string)
_LENGTH_OF_SERVICE = re.compile(r"(?:(?:\d+|[a-z]+)-years?|long-?time)\s+|", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*[(（][^()（）]{1,20}[)）]\s*")


def org_title_before(text: str, end: int, ctx: RuleContext) -> tuple[int, str, str, str] | None:
    """``ORG [的] [前] TITLE`` ending exactly at ``end``: (start, organisation, title, status). The title is the
    shortest stretch that leaves a known organisation before it."""
    while end > 0 and text[end - 1] == " ":
        end -= 1
    for org_end in range(end - 1, max(0, end - MAX_TITLE * 3) - 1, -1):
        start = org_ending_at(text, org_end, ctx)
        if start is None or text[org_end:org_end + 1] in (")", "）"):
            continue  # the short form inside "Acme (ACM)": the organisation is the one before the bracket
        bracket = _BRACKETED.match(text, org_end, end)  # "Acme (ACM) 首席科学家": the organisation's short form
        parsed = clean_title(text[bracket.end() if bracket else org_end:end], ctx)
        if parsed is None:
            return None  # a longer stretch would hold the same verb, punctuation or length
        title, status = parsed
        return start, text[start:org_end].strip(), title, status
    return None


def _without(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> str:
    """``text[start:end]`` without the spans ``cuts`` (those inside it)."""
    kept, at = [], start
    for cut_start, cut_end in cuts:
        if start <= cut_start and cut_end <= end:
            kept.append(text[at:cut_start])
            at = cut_end
    return "".join(kept) + text[at:end]


def org_title_after(text: str, start: int, ctx: RuleContext) -> tuple[int, str, str, str] | None:
    """``[前] ORG [的] TITLE`` starting at ``start`` and running to a separator or the end: (end, organisation,
    title, status)."""
    status = "current"
    former = ctx.patterns.former.match(text, start)
    if former:
        start, status = former.end(), "former"
    while start < len(text) and text[start] == " ":
        start += 1
    start = _LENGTH_OF_SERVICE.match(text, start).end()  # "a 12-year Acme veteran": the organisation after it
    org_end = org_starting_at(text, start, ctx)
    if org_end is None:
        return None
    stop = _TITLE_PUNCT.search(text, org_end)
    glosses = []  # "Acme Search Lab（Acme 搜索实验室）主任": a unit's gloss in brackets inside the title, left out
    while stop is not None and (gloss := _BRACKETED.match(text, stop.start())) is not None and gloss.start() > org_end:
        glosses.append((gloss.start(), gloss.end()))
        stop = _TITLE_PUNCT.search(text, gloss.end())
    end = stop.start() if stop else len(text)
    parsed = clean_title(_without(text, org_end, end, glosses).rstrip("。. "), ctx)
    # "副总裁和研究院负责人": the first of two titles joined; "an Acme veteran who led …": the title before "who"
    joint = (ctx.patterns.roles_joint.search(text, org_end, end) or ctx.patterns.relative.search(text, org_end, end)) \
        if parsed is None else None
    if joint is not None:
        end = joint.start()
        parsed = clean_title(_without(text, org_end, end, glosses), ctx)
    if parsed is None:
        return None
    title, own_status = parsed
    return end, text[start:org_end].strip(), title, "former" if status == "former" else own_status
