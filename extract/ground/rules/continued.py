"""Moves and roles of a clause whose subject is a pronoun or left out ("2019 年，他加入 Acme", "还曾任 Acme 首席
工程师", a biography's "其 2020 年 7 月至 2025 年 1 月任 Acme 专家"), given to the person named last before it (or to
every name of the list that opens the sentence's clause before, "A、B 和 C 离开 Acme，创立了 Beta"): the usual reading
of a career summary. Also a second verb of one subject ("NAME left Acme in 2021 and joined Beta", "NAME 离开 A 并加入
B"), a pronoun before an English copula ("She was CTO at Acme") and a post held now ("NAME, now at Beta,")."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.ground.rules.appositions import role_after_copula
from extract.ground.rules.context import (
    Role,
    RuleContext,
    clause_start,
    new_company_after,
    org_after,
)
from extract.ground.rules.moves import entering_school, onward, studying_after, subjects, title_as
from extract.ground.rules.patterns import move_status
from extract.ground.rules.people import last_named, name_at, name_before
from extract.ground.rules.titles import org_title_after
from extract.lexicon.cues import CueLexicon

__all__ = ["find_continued"]


def find_continued(sentence: str, ctx: RuleContext, previous: str | None) -> list[Role]:
    """Moves and roles of such clauses in one sentence, given to the person last named before the clause (with the
    list that ends with them, when no verb precedes that list in its clause): in this sentence, else ``previous``
    (the last person the chunk named before the sentence). "资料显示，张三曾任…。2019 年，他加入 Acme" gives 张三
    the move; a clause with a subject of its own is left to the other shapes."""
    roles: list[Role] = []
    for verb in ctx.patterns.continued.finditer(sentence):
        head = sentence[:verb.start()]
        start = clause_start(head)
        if not ctx.patterns.implied_subject.fullmatch(head[start:]):
            doer = _coordinated_subject(head, start, ctx)  # "Jane Roe left Acme in 2021 and joined Beta"
            roles += _clause_roles(sentence, verb, "", doer, ctx) if doer is not None else []
            continue
        # a name the shapes cannot give facts to (one only the tagger found) stands before: the clause is about
        # that person, not the one named before the sentence
        tagged = any(form in head.casefold() for form in ctx.tagged)
        people = _closed_relative(head, ctx) or _named_last(head, ctx) or (
            [previous] if previous and not tagged else [])
        for person in people:
            roles += _clause_roles(sentence, verb, head[start:], person, ctx)
    return roles + _pronoun_copula(sentence, ctx, previous) + _now_at(sentence, ctx, previous)


def _closed_relative(head: str, ctx: RuleContext) -> list[str]:
    """The subject before a relative clause that ``head`` closes ("Ann Lee, who hired Jane Roe, became CEO": Ann Lee,
    not the name the relative clause ends with); empty when the head ends no such clause."""
    stripped = head.rstrip()
    if not stripped.endswith(","):
        return []
    relatives = list(ctx.patterns.relative.finditer(stripped))
    if not relatives:
        return []
    opening = stripped.rfind(",", 0, relatives[-1].start() + 1)
    between = stripped[relatives[-1].end():-1]
    if opening < 0 or stripped[opening:relatives[-1].start()].strip(" ,") or re.search(r"[,;:.!?]", between):
        return []
    named = name_before(stripped, opening, ctx)
    return [named[1]] if named is not None and named[1].casefold() in ctx.names else []


def _coordinated_subject(head: str, start: int, ctx: RuleContext) -> str | None:
    """The subject of a verb joined to an earlier one of its clause ("Jane Roe left Acme in 2021 and joined Beta",
    "周明远离开北辰科技并加入林海科技"): the name the clause opens with, a verb of a move or a role right after it,
    and a joint (and, 并) right before this verb; None otherwise."""
    joint = _coordinated_joint(ctx.cues).search(head, start)
    if joint is None:
        return None
    opening = name_at(head, start + len(head[start:]) - len(head[start:].lstrip(" ,，")), ctx)
    if opening is None or opening[2].casefold() not in ctx.names:
        return None
    between = head[opening[1]:joint.start()]
    first = ctx.patterns.continued.search(between)
    lead = between[:first.start()] if first is not None else ""
    if first is None or ctx.patterns.filler.search(lead).group() != lead or ctx.patterns.continued.search(
            between, first.end()) is not None:
        return None  # the opening name's own verb must come first, and be the only one before the joint
    return opening[2]


@lru_cache(maxsize=8)
def _coordinated_joint(cues: CueLexicon) -> re.Pattern[str]:
    """A joint to a second verb of one subject, at the end of the text before it (adverbs after it)."""
    adverbs, then = cues.alternation("adverb"), cues.alternation("then")
    return re.compile(rf"(?:\s*,?\s*(?:{then})|后(?=\s*又))\s*(?:(?:{adverbs})\s*)*$", re.IGNORECASE)


def _now_at(sentence: str, ctx: RuleContext, previous: str | None) -> list[Role]:
    """"Jane Roe left Acme in 2021 and is now at Beta", "Jane Roe, now at Beta, said", "She is currently with Beta":
    a post held now, at the organisation after "now at". Whose: the name right before ", now at" or before the
    copula; for a pronoun, the person named last (else ``previous``); after "and", the name the clause opens with."""
    roles: list[Role] = []
    for now in _now_at_pattern(ctx.cues).finditer(sentence):
        found = org_after(sentence, now.end(), ctx)
        person = _holder(sentence, now, ctx, previous) if found is not None else None
        if person is not None:
            roles.append(Role(person, (), -1, -1, sentence[found[0]:found[1]].strip(), None, "current"))
    return roles


def _holder(sentence: str, now: re.Match[str], ctx: RuleContext, previous: str | None) -> str | None:
    """Whose post "now at" tells (see :func:`_now_at`); None when the sentence does not say plainly."""
    head = sentence[:now.start()]
    if now.group().lstrip().startswith(","):  # "Jane Roe, now at Beta": the name right before
        named = name_before(sentence, now.start(), ctx)
        return named[1] if named and named[1].casefold() in ctx.names else None
    head = head[:len(head) - len(ctx.patterns.filler.search(head).group())]
    named = name_before(head, len(head), ctx)
    if named is not None and not head.rstrip().endswith((",", "，")):
        return named[1] if named[1].casefold() in ctx.names else None
    clause = head[clause_start(head):]
    if ctx.patterns.pronoun_subject.fullmatch(clause.strip()):
        return last_named(head[:clause_start(head)], ctx) or previous
    return _coordinated_subject(head, clause_start(head), ctx)  # "Jane Roe left Acme in 2021 and is now at Beta"


@lru_cache(maxsize=8)
def _now_at_pattern(cues: CueLexicon) -> re.Pattern[str]:
    copula = cues.alternation("copula")
    return re.compile(rf"(?:,\s*|\b(?:{copula})\s+)(?:{cues.alternation('current')})\s+(?:at|with)\s+(?:the\s+)?",
                      re.IGNORECASE)


def _pronoun_copula(sentence: str, ctx: RuleContext, previous: str | None) -> list[Role]:
    """"He is the former head of Acme's lab", "She was CTO at Acme": a pronoun subject and an English copula, the
    person named last before (in the sentence, else ``previous``)."""
    roles: list[Role] = []
    for copula in ctx.patterns.copula.finditer(sentence):
        word = copula.group().strip()
        if not (word.isascii() and word.isalpha()):
            continue
        head = sentence[:copula.start()]
        clause = head[clause_start(head):]
        if not ctx.patterns.pronoun_subject.fullmatch(clause.strip()):
            continue
        person = last_named(head, ctx) or previous
        found = role_after_copula(sentence, copula, ctx) if person else None
        if found is not None:
            title, status, organization = found
            roles.append(Role(person, (), -1, -1, organization, title, status))
    return roles


def _named_last(head: str, ctx: RuleContext) -> list[str]:
    """The person named last in ``head``, or every name of the list that ends with them ("A、B 和 C 离开 Acme，创立了
    Beta": the second clause is all three's)."""
    person = last_named(head, ctx)
    if person is None:
        return []
    end = head.casefold().rfind(person.casefold()) + len(person)
    listed = subjects(head, end, ctx)
    first = min((at for at, _, _ in listed), default=end)
    opens = ctx.patterns.clause.search(head[clause_start(head[:first]):first]) is None
    # a list with no verb before it in its clause is its subject; one after a verb ("hired A and B, then left
    # Acme") is an object (a name the rule pass cannot read may open the list: "X、A 和 B 离开 Acme")
    return [name for _, name, _ in listed] if len(listed) >= 2 and opens else [person]


def _clause_roles(sentence: str, verb: re.Match[str], clause_head: str, person: str, ctx: RuleContext) -> list[Role]:
    """The roles of one clause with no subject of its own (its verb, and ``clause_head`` before it), given to
    ``person``."""
    if ctx.patterns.hold.fullmatch(verb.group()) or ctx.patterns.dated_hold.fullmatch(verb.group().strip()):
        found = org_title_after(sentence, verb.end(), ctx)
        english = role_after_copula(sentence, verb, ctx) if found is None and verb.group().isascii() else None
        if english is not None:  # "… and became CEO of Acme"
            title, status, organization = english
            return [Role(person, (), -1, -1, organization, title, status, move=True)]
        if found is None:
            return []
        _end, organization, title, status = found
        if ctx.patterns.past.search(verb.group()) or ctx.patterns.past.search(clause_head):
            status = "former"
        return [Role(person, (), -1, -1, organization, title, status, move=True)]
    roles = []
    org = org_after(sentence, verb.end(), ctx)
    if org is not None and sentence[org[1]:org[1] + 1] == "的" and name_at(sentence, org[1] + 1, ctx) is not None:
        return []  # "于 2019 年加入 Acme 的 NAME 表示": a relative clause about the name after it
    if org is not None and (entering_school(sentence, verb, org, ctx) or (
            move_status(ctx.patterns, verb.group()) in (None, "joined") and studying_after(sentence, org[1], ctx))):
        return []  # "2008 年 9 月进入 Acme 大学，四年后毕业", "并回到 Acme 大学读博": a student's
    status = move_status(ctx.patterns, verb.group()) or "joined"
    went = onward(sentence, org[1] if org else verb.end(), ctx) if status == "left" else None
    if went is not None:  # "he left Acme in 2022 to launch Beta"
        roles.append(Role(person, (), -1, -1, went[0], None, went[1], move=True))
    if org is None and status == "founded":
        org = new_company_after(sentence, verb.end())
    title = title_as(sentence, org[1], ctx) if org is not None and status == "joined" else None
    while org is not None:  # "held positions at A and B": each organisation of the list
        roles.append(Role(person, (), -1, -1, sentence[org[0]:org[1]].strip(), title, status, move=True))
        title = None
        joint = ctx.patterns.org_joint.match(sentence, org[1])
        org = org_after(sentence, joint.end(), ctx) if joint is not None and joint.end() > org[1] else None
    return roles
