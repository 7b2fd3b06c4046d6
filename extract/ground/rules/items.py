"""List items that introduce a person: "- Jane Roe: former head of X at Acme; spent 11 years at Beta", "1. 王五：Acme
首席科学家", "• Jane Roe — research scientist, Acme". Every known organisation the item's description names is a
position of the person named at the start of the item, its status read from the item
(:func:`extract.ground.status.stated_status`) or unknown.

Why: lists of hires and departures are a common news shape, and the model skips whole runs of their items (on the
real-article dev half it missed four of the eleven people of one such list altogether); the shape is fixed, so the
rule pass reads it at no model cost.

Guards, for precision: the item starts with a name (a form the model gave, a transliteration with a middle dot,
capitalised Latin words that are no organisation and hold no title word, or a Han name followed by a break) and then
a separator (a colon, a dash, a comma); each organisation is a known one (the alias table, or named by the model in
the document) that a role is tied to: after "at", "of", "for", "from", "with", "former", a verb of holding or moving,
or before a title ("Acme 首席科学家").
"""

from __future__ import annotations

import re

from extract.ground.rules.context import Role, RuleContext, organisations_in
from extract.ground.rules.people import name_at
from extract.ground.status import stated_status
from extract.lexicon.names import looks_like_a_name
from extract.lexicon.sentences import list_item_body

__all__ = ["ITEM_SEPARATOR", "find_list_items", "head_person"]

# Between an item's name and its description, maybe after a short aside in brackets ("- Jane Roe (June 20): …",
# "- 王五（Acme 校友）：…")
ITEM_SEPARATOR = re.compile(r"(?:\s*[(（][^()（）]{1,40}[)）])?\s*(?:[:：]|[-–—]\s|[,，])\s*")


def head_person(sentence: str, at: int, ctx: RuleContext) -> tuple[int, int, str, tuple[str, ...]] | None:
    """The person a list item (or a heading line) names at ``at``: (start, end, name, other names), a name that is
    no organisation and holds no title word; None otherwise."""
    named = name_at(sentence, at, ctx)
    if named is None or not looks_like_a_name(named[2]) or ctx.is_org(named[2]) or ctx.patterns.title.search(
            named[2]):
        return None
    return named


def find_list_items(sentence: str, ctx: RuleContext) -> list[Role]:
    """The positions a list item gives the person it starts with; none when it is no item or starts with none."""
    body = list_item_body(sentence)
    named = head_person(sentence, body, ctx) if body is not None else None
    if named is None:
        return []
    start, end, name, others = named
    separator = ITEM_SEPARATOR.match(sentence, end)
    if separator is None:
        return []
    roles = []
    for org_start, org_end in organisations_in(sentence, separator.end(), ctx):
        if not (ctx.patterns.tied_before.search(sentence, 0, org_start)
                or ctx.patterns.title_after.match(sentence, org_end)):
            continue  # "- Key facts: Acme grew": an organisation no role is at
        organization = sentence[org_start:org_end]
        status = stated_status(sentence, organization, ctx.cues) or "unknown"
        roles.append(Role(name, others, start, end, organization, None, status))
    return roles
