"""Roles at a unit of the organisation a document is about: "NAME 担任 AI Data 部负责人", "NAME 继续担任模型部副总经理".

Why: a notice of a reorganisation names the new heads of its departments without naming the company again in each
clause ("新设三个部门……王五担任数据部负责人、赵六担任平台部负责人"); the model skips such people (on the real-article
dev half it missed all three of one notice), and no other shape reads a role that names no organisation.

Shape: a name at the start of a clause, maybe an adverb (继续, 将), a verb of holding a role ([hold]), then a title up
to the clause's end that names a unit ([unit]: 部, 事业群, 实验室 …) and ends in a title word. The organisation is
the document's subject (:mod:`~extract.ground.rules.subject`), the title is written as in the text (the unit
with it).

Guards, for precision: the title names no known organisation (a title at a named one is the other shapes'), is at
most 30 characters and holds no verb; the document has a subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.ground.rules.context import Role, RuleContext, clause_start, organisations_in
from extract.ground.rules.people import name_at
from extract.ground.rules.titles import ends_in_title

__all__ = ["find_unit_roles"]

_CLAUSE_END = re.compile(r"[，,、。；;！？!?（(]")
_MAX_TITLE = 30


def find_unit_roles(sentence: str, ctx: RuleContext, subject: Callable[[], str | None]) -> list[Role]:
    """Every role at an unnamed unit in ``sentence``, at ``subject()`` (asked only when one is found)."""
    roles: list[Role] = []
    for verb in ctx.patterns.hold.finditer(sentence):
        after = sentence[verb.end():]
        end = _CLAUSE_END.search(after)
        title = after[:end.start() if end else len(after)].strip()
        if (len(title) > _MAX_TITLE or not ends_in_title(title, ctx) or not ctx.cues.matches(title, "unit")
                or ctx.patterns.clause.search(title) or organisations_in(title, 0, ctx)):
            continue
        head = sentence[:verb.start()]
        head = head[:len(head) - len(ctx.patterns.filler.search(head).group())].rstrip()
        named = name_at(head, max(clause_start(head), head.rfind("、") + 1), ctx)  # "A 担任 X、B 担任 Y"
        if named is None or named[1] != len(head) or ctx.is_org(named[2]):
            continue
        organization = subject()
        if organization is None:
            return []
        start, stop, name, others = named
        roles.append(Role(name, others, start, stop, organization, title, "current"))
    return roles
