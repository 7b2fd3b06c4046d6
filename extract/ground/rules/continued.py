"""Moves and roles of a clause whose subject is a pronoun or left out ("2019 年，他加入 Acme", "还曾任 Acme 首席
工程师", a biography's "其 2020 年 7 月至 2025 年 1 月任 Acme 专家"), given to the person named last before it: the
usual reading of a career summary."""

from __future__ import annotations

from extract.ground.rules.context import Role, RuleContext, clause_start, org_after
from extract.ground.rules.patterns import move_status
from extract.ground.rules.people import last_named
from extract.ground.rules.titles import org_title_after

__all__ = ["find_continued"]


def find_continued(sentence: str, ctx: RuleContext, previous: str | None) -> list[Role]:
    """Moves and roles of such clauses in one sentence, given to the person last named before the clause: in this
    sentence, else ``previous`` (the last person the chunk named before the sentence). "资料显示，张三曾任…。2019
    年，他加入 Acme" gives 张三 the move; a clause with a subject of its own is left to the other shapes."""
    roles: list[Role] = []
    for verb in ctx.patterns.continued.finditer(sentence):
        head = sentence[:verb.start()]
        start = clause_start(head)
        if not ctx.patterns.implied_subject.fullmatch(head[start:]):
            continue
        person = last_named(head, ctx) or previous
        if person is None:
            continue
        if ctx.patterns.hold.fullmatch(verb.group()) or ctx.patterns.dated_hold.fullmatch(verb.group().strip()):
            found = org_title_after(sentence, verb.end(), ctx)
            if found is None:
                continue
            _end, organization, title, status = found
            if ctx.patterns.past.search(verb.group()) or ctx.patterns.past.search(head[start:]):
                status = "former"
            roles.append(Role(person, (), -1, -1, organization, title, status, move=True))
            continue
        org = org_after(sentence, verb.end(), ctx)
        status = move_status(ctx.patterns, verb.group()) or "joined"
        while org is not None:  # "held positions at A and B": each organisation of the list
            roles.append(Role(person, (), -1, -1, sentence[org[0]:org[1]].strip(), None, status, move=True))
            joint = ctx.patterns.org_joint.match(sentence, org[1])
            org = org_after(sentence, joint.end(), ctx) if joint is not None and joint.end() > org[1] else None
    return roles
