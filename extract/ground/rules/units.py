"""Roles at a unit of the organisation a document is about: "NAME 担任 AI Data 部负责人", "NAME 继续担任模型部副总经理",
"向平台事业群总裁 NAME 汇报", "公司副总裁 NAME".

Why: a notice of a reorganisation names the new heads of its departments without naming the company again in each
clause ("新设三个部门……王五担任数据部负责人、赵六担任平台部负责人"); the model skips such people (on the real-article
dev half it missed all three of one notice), and no other shape reads a role that names no organisation.

Shapes: a name at the start of a clause, maybe an adverb (继续, 将), a verb of holding a role ([hold]), then a title
up to the clause's end that names a unit ([unit]: 部, 事业群, 实验室 …) and ends in a title word; or such a title
right before a name, or a title after a word that stands for the company itself ([company]: 公司, 该公司), right
before a name. The organisation is the one the sentence names last before the title ("Acme 研究负责人、公司机器人
团队负责人 NAME": Acme's), else the document's subject (:mod:`~extract.ground.rules.subject`); the title is written
as in the text (the unit with it, the word for the company without).

Guards, for precision: the title names no known organisation (a title at a named one is the other shapes'), is at
most 30 characters and holds no verb; the document has a subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.ground.rules.context import Role, RuleContext, clause_start, last_org_before, organisations_in
from extract.ground.rules.people import name_at
from extract.ground.rules.titles import ends_in_title, title_ends

__all__ = ["find_unit_roles"]

_CLAUSE_END = re.compile(r"[，,、。；;！？!?（(]")
# The stretch of a title before a name: back to a break or a preposition (向 NAME 汇报)
_TITLE_BEFORE = re.compile(r"[^，,、。；;：:！？!?（()）\s向对由与和]{2,30}$")
# A count or a possessive in the stretch makes it a description of people ("团队的三名研究员"), not a title
_NO_TITLE = re.compile(r"[0-9一二三四五六七八九十两几多]\s*[名位个]|的")
_MAX_TITLE = 30


def find_unit_roles(sentence: str, ctx: RuleContext, subject: Callable[[], str | None]) -> list[Role]:
    """Every role at an unnamed unit in ``sentence``, at ``subject()`` (asked only when one is found)."""
    return [*_held(sentence, ctx, subject), *_titled(sentence, ctx, subject)]


def _titled(sentence: str, ctx: RuleContext, subject: Callable[[], str | None]) -> list[Role]:
    """"向平台事业群总裁 NAME 汇报", "公司副总裁 NAME": a unit's title, or the company's, right before a name."""
    roles: list[Role] = []
    for end in title_ends(sentence, ctx):
        stretch = _TITLE_BEFORE.search(sentence, 0, end)
        named = name_at(sentence, end, ctx) if stretch else None
        if named is None or ctx.is_org(named[2]):
            continue
        title = stretch.group()
        company = ctx.cues.regex("company").match(title)
        if company is not None:
            title = title[company.end():]
        elif not ctx.cues.matches(title, "unit"):
            continue
        if _a_title(title, ctx):
            roles += _at_unit(named, title, sentence, stretch.start(), ctx, subject)
    return roles


def _at_unit(named: tuple[int, int, str, tuple[str, ...]], title: str, sentence: str, at: int, ctx: RuleContext,
             subject: Callable[[], str | None]) -> list[Role]:
    """The role, at the organisation the sentence names last before ``at``, else the document's subject; none when
    neither is known."""
    organization = last_org_before(sentence, at, ctx) or subject()
    if organization is None:
        return []
    start, stop, name, others = named
    return [Role(name, others, start, stop, organization, title, "current")]


def _a_title(title: str, ctx: RuleContext) -> bool:
    return 0 < len(title) <= _MAX_TITLE and ends_in_title(title, ctx) and not ctx.patterns.clause.search(
        ctx.cues.regex("title").sub(" ", title)) and not _NO_TITLE.search(title) and not organisations_in(title, 0, ctx)


def _held(sentence: str, ctx: RuleContext, subject: Callable[[], str | None]) -> list[Role]:
    """"NAME 担任 AI Data 部负责人": a verb of holding, then a unit's title."""
    roles: list[Role] = []
    for verb in ctx.patterns.hold.finditer(sentence):
        after = sentence[verb.end():]
        end = _CLAUSE_END.search(after)
        title = after[:end.start() if end else len(after)].strip()
        if not ctx.cues.matches(title, "unit") or not _a_title(title, ctx):
            continue
        head = sentence[:verb.start()]
        head = head[:len(head) - len(ctx.patterns.filler.search(head).group())].rstrip()
        named = name_at(head, max(clause_start(head), head.rfind("、") + 1), ctx)  # "A 担任 X、B 担任 Y"
        if named is not None and named[1] == len(head) and not ctx.is_org(named[2]):
            roles += _at_unit(named, title, sentence, verb.start(), ctx, subject)
    return roles
