"""Moves whose subject is one or more names and whose object is a known organisation: "A、B 和 C 离开了 Acme",
"A and B joined Acme", "A 上月从 Acme 离职"; work at an organisation after a preposition, "A 曾在 Acme 工作", "A 此前在
Acme 担任技术负责人", and its relative form "曾在 Acme 担任专家的 A"; a founder in a relative clause, "A 创办的新创公司
Acme"; where a departure went, "A left Acme for Beta", "A left Acme in 2022 to launch Beta" (:func:`onward`), and the
title a move names, "A joined Acme as its CTO" (:func:`title_as`). The model tends to give a group's move to its
first member only, or to nobody, and skips roles given in passing."""

from __future__ import annotations

import re
from dataclasses import replace

from extract.ground.rules.context import (
    Role,
    RuleContext,
    is_latin,
    new_company_after,
    org_after,
    org_ending_at,
    org_starting_at,
    organisations_in,
)
from extract.ground.rules.patterns import move_status
from extract.ground.rules.people import last_name_end, name_at, name_before
from extract.ground.rules.titles import MAX_TITLE, clean_title
from extract.lexicon.names import looks_like_a_name
from extract.lexicon.orgs import name_goes_on

__all__ = ["entering_school", "find_named_moves", "onward", "studying_after", "subjects", "title_as"]

_FROM = re.compile(r"从\s*$")  # "从 ORG 离职": the organisation comes before the verb
# "从 ORG 总经理岗位上离职": the post left, written between the organisation and the verb
_POST = re.compile(r"\s*(?:的)?\s*(?:岗位|职位|位置|职务)\s*上?\s*$")
_CLAUSE_START = re.compile(r"(?:^|[，,；;。.])\s*$")  # what precedes a clause whose subject is a group word


def find_named_moves(sentence: str, ctx: RuleContext) -> list[Role]:
    """Every move of a named subject (one name or a list) in one sentence."""
    roles: list[Role] = []
    for verb in ctx.patterns.move.finditer(sentence):
        found = org_after(sentence, verb.end(), ctx)
        status = move_status(ctx.patterns, verb.group()) or "joined"
        went = onward(sentence, found[1] if found else verb.end(), ctx) if status == "left" else None
        if went is not None:
            roles += _moves_of(sentence, verb.start(), *went, ctx)
        if found is None and status == "founded":
            found = _founded_org_after_de(sentence, verb.end(), ctx) or new_company_after(sentence, verb.end())
        if found is None:
            continue
        org_start, org_end = found
        if status == "founded" and ctx.cues.regex("found.product").fullmatch(verb.group()) and name_goes_on(
                sentence, org_end):
            continue  # "launched Acme Copilot", "设立了 Acme 上海研究院": a product or a unit, no founding
        if status == "joined" and (studying_after(sentence, org_end, ctx)
                                   or entering_school(sentence, verb, found, ctx)):
            continue  # "加入 Acme 大学读博", "joined Acme University as a PhD student": a study, not a job
        moved = _moves_of(sentence, verb.start(), sentence[org_start:org_end].strip(), status, ctx)
        title = title_as(sentence, org_end, ctx) if status == "joined" else None
        roles += [replace(role, title=title) for role in moved] if title else moved
    roles += _worked_at(sentence, ctx)
    for leaving in ctx.patterns.leave.finditer(sentence):  # 从 ORG 离职, 从 ORG 总经理岗位上离职
        head, title = _without_post(sentence[:leaving.start()].rstrip(), ctx)
        org_start = org_ending_at(head, len(head), ctx)
        marker = _FROM.search(head[:org_start]) if org_start is not None else None
        if marker is not None:
            roles += [replace(role, title=title[0] if title else None)
                      for role in _moves_of(sentence, marker.start(), head[org_start:].strip(), "left", ctx)]
    return [role for role in roles if looks_like_a_name(role.name) and not ctx.is_org(role.name)]


_CLAUSE_END = re.compile(r"[，,；;。.!?！？]")
_OWNS = re.compile(r"['’]s\b")


def studying_after(sentence: str, at: int, ctx: RuleContext, *kinds: str) -> bool:
    """Does the clause go on, after the organisation ending at ``at``, with studying ("读博", "读书", "as a PhD
    student"; a field named "… learning" is none: "加入 Acme 深度学习平台部")? ``kinds``: the cue kinds that say so
    (studying words alone by default: "任博士生导师" is a job)."""
    stop = _CLAUSE_END.search(sentence, at)
    rest = ctx.cues.regex("learning_field").sub(" ", sentence[at:stop.start() if stop else len(sentence)])
    return ctx.cues.matches(rest, *(kinds or ("study",)))


def entering_school(sentence: str, verb: re.Match[str], found: tuple[int, int], ctx: RuleContext) -> bool:
    """"进入 Acme 大学计算机系": a verb a student's arrival is written with too, at a university, with no post named
    in its clause (no holding verb, no title): a study more likely than a job."""
    if not ctx.cues.regex("join.entering").fullmatch(verb.group()):
        return False
    organization = sentence[found[0]:found[1]]
    entry = ctx.orgs.entry(ctx.orgs.canonical(organization).canonical)
    if not ((entry is not None and entry.kind == "university") or ctx.cues.matches(organization, "university")):
        return False
    stop = _CLAUSE_END.search(sentence, found[1])
    return not ctx.cues.matches(sentence[found[1]:stop.start() if stop else len(sentence)], "hold", "title",
                                "tenure", "work_at", "work_as")


def title_as(sentence: str, at: int, ctx: RuleContext) -> str | None:
    """The title after "as" right after a joined organisation ending at ``at``, or None."""
    written = ctx.patterns.as_title.match(sentence, at)
    parsed = clean_title(written.group("title"), ctx) if written is not None else None
    return parsed[0] if parsed is not None else None


def onward(sentence: str, at: int, ctx: RuleContext) -> tuple[str, str] | None:
    """Where a departure went, written after its verb (or the organisation left) ending at ``at``: "left Acme for
    Beta", "left last year to join Beta", "departed in 2022 to launch Beta": (organisation, "joined" or "founded")."""
    link = ctx.patterns.onward.match(sentence, at)
    if link is None:
        return None
    target = org_after(sentence, link.end(), ctx)
    if target is None or _OWNS.match(sentence, target[1]) or studying_after(sentence, target[1], ctx, "study",
                                                                             "degree"):
        return None  # "left Acme for Beta's rival": somewhere of Beta's; "… for Beta University to pursue a PhD"
    founded = ctx.cues.regex("onward.found").fullmatch(link.group("link")) is not None
    return sentence[target[0]:target[1]].strip(), "founded" if founded else "joined"


_DE = re.compile(r"\s*的\s*")
_NOUN_SPAN = 8  # characters of a noun between 的 and the organisation: 公司, 新创公司, 人工智能实验室


def _without_post(head: str, ctx: RuleContext) -> tuple[str, tuple[str, str] | None]:
    """``head`` up to the organisation of "从 ORG 总经理岗位上" (before a leaving verb), and the post's title; ``head``
    and None when it names no post."""
    post = _POST.search(head)
    origin = head.rfind("从", 0, post.start()) if post else -1
    if origin < 0:
        return head, None
    begin = origin + 1 + len(head[origin + 1:]) - len(head[origin + 1:].lstrip())
    org_end = org_starting_at(head, begin, ctx)
    if org_end is None:
        return head, None
    stretch = head[org_end:post.start()]
    if organisations_in(stretch, 0, ctx):
        return head, None  # "从 Acme 子公司 Beta 的总经理岗位上": the post is at the other organisation
    title = clean_title(stretch, ctx) if stretch.strip("的 ") else None
    return (head[:org_end], title) if title or not stretch.strip("的 ") else (head, None)


def _founded_org_after_de(sentence: str, at: int, ctx: RuleContext) -> tuple[int, int] | None:
    """"NAME 创办的（新创公司）Acme": a founding verb in a relative clause before the organisation it founded, with
    at most a short noun between (公司, 新创公司, 实验室) and no punctuation."""
    de = _DE.match(sentence, at)
    if de is None:
        return None
    for begin in range(de.end(), min(len(sentence), de.end() + _NOUN_SPAN + 1)):
        if sentence[begin] in "，。；,;、":
            return None
        if begin > 0 and is_latin(sentence[begin - 1]) and is_latin(sentence[begin]):
            continue  # not inside a Latin word
        end = org_starting_at(sentence, begin, ctx)
        if end is not None:
            return begin, end
    return None


def _worked_at(sentence: str, ctx: RuleContext) -> list[Role]:
    """"A 曾在 Acme 工作", "A 此前在 Acme 担任技术负责人": a preposition, the organisation, then a verb of working or
    holding a role. Held before (former) when the clause says so (曾, 此前), else as the sentence states it."""
    roles: list[Role] = []
    for prep in ctx.patterns.at_org.finditer(sentence):
        org_end = org_starting_at(sentence, prep.end(), ctx)
        if org_end is None:
            continue
        listed = _org_list(sentence, prep.end(), org_end, ctx)
        if listed is not None:  # "曾在 A 和 B 工作", "在 A、B 都有过任职": each organisation of the list
            roles += _worked_at_each(sentence, prep.start(), *listed, ctx)
            continue
        verb = ctx.patterns.works.match(sentence, org_end)
        if verb is None:
            continue
        stop = re.search(r"[，。；,;！？]", sentence[verb.end():])
        parsed = clean_title(sentence[verb.end():verb.end() + (stop.start() if stop else len(sentence))], ctx)
        past = ctx.patterns.past.search(sentence, max(0, prep.start() - 4), prep.start()) \
            or ctx.patterns.earlier.search(sentence, max(0, prep.start() - 4), prep.start())
        status = "former" if past else "unknown"
        organization = sentence[prep.end():org_end + len(verb.group("unit"))].strip()
        found = [replace(role, title=parsed[0] if parsed else None)
                 for role in _moves_of(sentence, prep.start(), organization, status, ctx)]
        roles += found or _worked_at_relative(sentence, verb.end(), organization, status, ctx)
    return roles


def _org_list(sentence: str, start: int, end: int, ctx: RuleContext) -> tuple[list[str], int] | None:
    """(the organisations of a list that starts at ``start`` with one ending at ``end``, where the verb after it
    starts); None unless two or more are joined ("A 和 B", "A、B") and a verb of working follows with no unit."""
    orgs = [sentence[start:end].strip()]
    while (joint := ctx.patterns.org_joint.match(sentence, end)) is not None and joint.end() > end:
        following = org_starting_at(sentence, joint.end(), ctx)
        if following is None:
            break
        orgs.append(sentence[joint.end():following].strip())
        end = following
    verb = ctx.patterns.works.match(sentence, ctx.patterns.list_to_verb.match(sentence, end).end())
    return (orgs, verb.end()) if len(orgs) >= 2 and verb is not None and not verb.group("unit") else None


def _worked_at_each(sentence: str, at: int, orgs: list[str], _verb_end: int, ctx: RuleContext) -> list[Role]:
    """The work of the people before ``at`` at each organisation of the list (former after 曾, 此前, or "有过": has
    held)."""
    past = ctx.patterns.past.search(sentence, max(0, at - 4), at) or ctx.patterns.earlier.search(
        sentence, max(0, at - 4), at) or ctx.patterns.past.search(sentence, at, _verb_end) or "有过" in sentence[
        at:_verb_end]
    return [role for organization in orgs
            for role in _moves_of(sentence, at, organization, "former" if past else "unknown", ctx)]


def _worked_at_relative(sentence: str, at: int, organization: str, status: str, ctx: RuleContext) -> list[Role]:
    """"曾在 Acme 担任技术专家的 NAME": the same clause as a relative one before the name it describes."""
    de = sentence.find("的", at, at + MAX_TITLE + 1)
    if de < 0:
        return []
    title = clean_title(sentence[at:de], ctx) if sentence[at:de].strip() else None
    if sentence[at:de].strip() and title is None:
        return []
    name = name_at(sentence, de + 1, ctx)
    if name is None:
        return []
    start, _end, person, others = name
    return [Role(person, others, start, start + len(person), organization, title[0] if title else None, status,
                 move=True)]


def _moves_of(sentence: str, verb_start: int, organization: str, status: str, ctx: RuleContext) -> list[Role]:
    """The move of each name of the list that ends before the verb (adverbs and dates between), or, when the
    subject is a group word ("A、B 和 C 等人，他们曾在 Acme 工作"), of each name of the list the sentence names last
    before it (two at least)."""
    filler = ctx.patterns.filler.search(sentence[:verb_start]).group()
    subject_end = verb_start - len(filler)
    named = subjects(sentence, subject_end, ctx)
    if not named and _CLAUSE_START.search(sentence[:subject_end]) and ctx.cues.matches(filler, "group"):
        last = last_name_end(sentence[:subject_end], ctx)
        listed = subjects(sentence, last, ctx) if last is not None else []
        named = listed if len(listed) >= 2 else []
    return [Role(person, others, start, start + len(person), organization, None, status, move=True)
            for start, person, others in named]


def subjects(text: str, end: int, ctx: RuleContext) -> list[tuple[int, str, tuple[str, ...]]]:
    """The list of names ending at ``end`` ("A、B 和 C", "A, B and C"), last one first; empty if none."""
    found = []
    while True:
        name = name_before(text, end, ctx) or name_before(text, _before_aside(text, end), ctx)
        if name is None:
            return found
        found.append(name)
        joint = ctx.patterns.names_joint.search(text[: name[0]].rstrip())
        if joint is None:
            return found
        end = joint.start()


_ASIDE_AT_END = re.compile(r"\s*[(（][^()（）]{1,40}[)）]\s*$")


def _before_aside(text: str, end: int) -> int:
    """Where a bracketed aside right before ``end`` starts ("A（前 Acme CEO）与 B（前 Acme COO）一同创立了"), else
    ``end``: the name is before it (tried after the name with the brackets, which may hold its Latin form)."""
    aside = _ASIDE_AT_END.search(text[:end])
    return aside.start() if aside is not None else end
