"""Appointments: a known organisation appoints a person to a title. "Acme 宣布任命首席专家 NAME 博士为 AI Lab 副主任",
"Acme 任命 NAME 担任 CTO", "Acme has appointed Jane Roe as chief scientist", "Acme named Jane Roe its CTO". The
person joined the organisation in that role.

Why: the Chinese announcement of a post is written from the appointing side ("腾讯宣布任命…为…"), and the model then
gives the person the post they come from and not the one they take; nothing else reads the shape (a hire's object
is a bare list of names, an apposition's title stands before the name).

Shape: the organisation, maybe an announcing word ("宣布", [say]) and adverbs, an appointing verb
(``[appoint_object]``), a stretch that ends in the person's name (a description may come first: "语音识别专家
NAME"; an honorific may follow: "NAME 博士"), a linking word (``[appoint_as]``: 为, 担任, as, its) and the title to
the clause's end. A title that begins with a unit the alias table knows together with the organisation ("腾讯" +
"AI Lab 副主任": 腾讯AI Lab) gives that unit as the organisation and the rest as the title.

Guards, for precision: the organisation is known and ends right before the (announcing and) appointing verbs; the
person is a name form the model gave, or a name no organisation can look like (:func:`name_before`); the title ends in
a title word and is at most :data:`MAX_TITLE` characters with no verb.
"""

from __future__ import annotations

import re

from extract.ground.rules.context import Role, RuleContext, org_before_filler, org_starting_at
from extract.ground.rules.people import name_before
from extract.ground.rules.titles import ends_in_title

__all__ = ["find_appointments"]

MAX_TITLE = 30
_MAX_OBJECT = 40  # characters between the verb and the linking word: a short description and the name
_BREAK = r"[，,、。；;！？!?（(]"  # a title ends at a clause break, or before a word that starts another phrase


def find_appointments(sentence: str, ctx: RuleContext) -> list[Role]:
    """Every person a known organisation appoints in ``sentence``, joined in the title it names."""
    roles: list[Role] = []
    for verb in ctx.cues.regex("appoint_object").finditer(sentence):
        organization = _appointing(sentence[:verb.start()], ctx)
        if organization is None:
            continue
        for link in ctx.cues.regex("appoint_as").finditer(sentence, verb.end(), verb.end() + _MAX_OBJECT + 6):
            role = _appointed(sentence, verb.end(), link, organization, ctx)
            if role is not None:
                roles.append(role)
                break
    return roles


def _appointing(head: str, ctx: RuleContext) -> str | None:
    """The known organisation ``head`` ends in, past adverbs and an announcing word ("腾讯宣布", "Acme has")."""
    head = head[:len(head) - len(ctx.patterns.filler.search(head).group())].rstrip()
    said = re.search(rf"(?:{ctx.cues.alternation('say')})$", head)
    found = org_before_filler(head[:said.start()] if said is not None else head, ctx)
    return None if found is None else found[0][found[1]:]


def _appointed(sentence: str, at: int, link: re.Match[str], organization: str, ctx: RuleContext) -> Role | None:
    """The role when the stretch from ``at`` to the linking word ends in a name and a title follows it."""
    latin = link.group()[:1].isascii()
    if latin and not (link.start() > 0 and sentence[link.start() - 1] == " "):
        return None  # "as" inside a word
    stretch = sentence[at:link.start()].rstrip(" ,")
    if ctx.patterns.clause.search(stretch) or ctx.cues.matches(stretch, "replace"):
        return None  # "任命 A 接替 B 担任", "named A to replace B as": the name before the link is not the appointee
    honorific = re.search(rf"(?:{ctx.cues.alternation('name_title')})$", stretch)
    if honorific is not None and not latin:
        stretch = stretch[:honorific.start()]
    named = name_before(stretch, len(stretch), ctx)
    if named is None or ctx.is_org(named[1]):
        return None
    start, name, others = named
    rest = sentence[link.end():]
    end = re.search(rf"{_BREAK}|\s(?:{ctx.cues.alternation('and', 'origin', 'relative', 'around_date')})\s", rest,
                    re.IGNORECASE)
    title = rest[:end.start() if end else len(rest)].strip().rstrip(".")
    if latin:
        title = re.sub(r"^(?:its|the|our|a|new)\s+", "", title, flags=re.IGNORECASE)
    if not title or len(title) > MAX_TITLE * (2 if title.isascii() else 1) or not ends_in_title(title, ctx) \
            or ctx.patterns.clause.search(ctx.cues.regex("title").sub(" ", title)):
        return None
    appointing = organization
    organization, title = _unit_in_title(organization, title, ctx)
    return Role(name, others, at + start, at + start + len(name), organization, title, "joined", move=True,
                written=appointing if organization != appointing else None)


def _unit_in_title(organization: str, title: str, ctx: RuleContext) -> tuple[str, str]:
    """The organisation a title names first ("腾讯AI Lab主任": 腾讯AI Lab, 主任), or the appointing one with a unit
    the table knows as another entry written together ("腾讯" and "AI Lab 副主任": 腾讯AI Lab, 副主任), cut between
    words only (never "Microsoft corp" + "orate vice president"); as they were otherwise."""
    named = org_starting_at(title, 0, ctx)
    if named is not None and title[named:].strip() and (title[named:named + 1].isspace() or not title.isascii()):
        return title[:named], title[named:].strip()
    own = ctx.orgs.canonical(organization).canonical
    for cut in range(len(title) - 1, 0, -1):
        if title.isascii() and (not title[cut].isspace() or len(title[:cut].split()) < 2):
            continue  # a Latin title is cut between its words, after a unit of two at least ("AI Lab", not "AI")
        unit, rest = title[:cut].strip(), title[cut:].strip()
        together = f"{organization} {unit}" if title.isascii() else organization + unit
        if unit and rest and ctx.orgs.is_alias(together) and ctx.orgs.canonical(together).canonical != own:
            return together, rest
    return organization, title
