"""People a move's sentence lists after "including": "Acme 多位高管离职，包括 A、B 和 C", "其他成员也投奔 Beta，包括
A、B 和 C", "key recruits include A and B". Every listed person made the move the words before the list state.

Why: news of several departures or arrivals states the move once, for a group ("其他高阶成员", "several researchers",
"key recruits"), and then lists who; the model answers for the first person or for none, and the group shapes
(:mod:`~extract.ground.rules.moves`) read lists that stand before their verb, not after it.

Shape: an including word (``[include]``: 包括, including, include) after a move in the same sentence: a joining or
leaving verb with a known organisation right after it ("投奔 Beta", "left Acme"), a leaving verb with one before it
("Acme 多位高管离职"), or a hiring or newcomer word ("recruits", "新成员") with the organisation the sentence names
before it (not the document's subject: on the dev half, a list of a start-up's early hires in an article about the
company its founder left got that company). The people: the names right after the including word, one after another
with only a separator between ("A、B 和 C", "A, B and C"), each a name form the model gave or a name no organisation
can look like; and further on in the sentence, any name form the model gave followed by a break ("A, a former
engineer at Gamma, and B").

Guards, for precision: the move is in the words before the including word (the list never states it) and is a
group's: no name stands in the clause of its verb ("A left Acme, including B" is A's move; "A 是 Acme 的老将，和他同期
加入 Acme 的还有 B" is B's); a verb's organisation is known; an organisation the list names is nobody's name; 还有
lists only after a clause ending in 的; each listed name is followed by a break, and a list item no name reading knows
(a rare name the tagger missed) counts only when the items after it lead to a known name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.ground.rules.context import Role, RuleContext, clause_start, last_org_before, org_after
from extract.ground.rules.hires import hired_objects
from extract.ground.rules.people import last_name_end, name_at
from extract.lexicon.cues import CueLexicon
from extract.lexicon.people import in_han_dictionary

__all__ = ["find_included"]


def find_included(sentence: str, ctx: RuleContext) -> list[Role]:
    """Every listed person's move in ``sentence``."""
    roles: list[Role] = []
    for included in ctx.cues.regex("include").finditer(sentence):
        head = sentence[:included.start()]
        if ctx.cues.regex("include.after_de").fullmatch(included.group()) and not _AFTER_DE.search(head):
            continue  # "合著者还有 A": 还有 lists movers only after "加入 Acme 的"
        moves, verb_at = _moves_before(head, ctx)
        if last_name_end(head[clause_start(head[:verb_at]):], ctx) is not None:
            break  # "A left Acme, including B", "A 离开百度，他的合作者包括 B": the move is the named person's
        if not moves:
            continue
        for start, end, name, others in _listed(sentence, included.end(), ctx):
            roles += [Role(name, others, start, end, organization, None, status, move=True)
                      for organization, status in moves]
        break
    return roles


def _moves_before(head: str, ctx: RuleContext) -> tuple[list[tuple[str, str]], int]:
    """(organisation, status) of each move ``head`` states: joining or leaving with its organisation; else a group
    hired or new at the organisation named before; and where the first of their verbs starts (0 when none: a name
    anywhere before the list then makes it the named person's)."""
    moves: list[tuple[str, str]] = []
    starts: list[int] = []
    for verb in ctx.cues.regex("join").finditer(head):
        found = org_after(head, verb.end(), ctx)
        if found is not None:
            moves.append((head[found[0]:found[1]].strip(), "joined"))
            starts.append(verb.start())
    for verb in ctx.cues.regex("leave").finditer(head):
        found = org_after(head, verb.end(), ctx)
        before = last_org_before(head, verb.start(), ctx) if found is None else None
        if found is not None or before is not None:
            moves.append((head[found[0]:found[1]].strip() if found else before, "left"))
            starts.append(verb.start())
    if not moves and (taken := ctx.cues.regex("hire", "newcomer", plural=True).search(head)) is not None:
        organization = last_org_before(head, taken.start(), ctx)
        if organization is not None:
            moves.append((organization, "joined"))
            starts.append(taken.start())
    return list(dict.fromkeys(moves)), min(starts, default=0)


@lru_cache(maxsize=8)
def _listed_break(cues: CueLexicon) -> re.Pattern[str]:
    """What may follow a listed name: the end, punctuation, 等, or a joint to the next name."""
    return re.compile(rf"\s*(?:$|[、，,;；。.!?！？:：()（）]|等|{cues.alternation('and')})", re.IGNORECASE)


_AFTER_DE = re.compile(r"的\s*[，,]?\s*$")
# A Han list item no name reading knows: two or three Han characters between separators ("、", "和") or before 等
_HAN_ITEM = re.compile(r"[\u4e00-\u9fff]{2,3}(?=\s*(?:[、，,和及与]|等|$))")


def _name_like(item: str, ctx: RuleContext) -> bool:
    """A Han list item that may be a rare name: no organisation, no word of jieba's dictionary (蓝鲸, 胞弟: a name the
    dictionary holds is one the tagger finds), not opening with a pronoun or a determiner (其爱人, 该公司)."""
    return not (ctx.is_org(item) or in_han_dictionary(item) or item[0] in _NOT_A_NAME_START)


_NOT_A_NAME_START = frozenset("其他她该此这那各每本")


def _unread_item(sentence: str, at: int, ctx: RuleContext) -> tuple[int, int, str, tuple[str, ...]] | None:
    """A list item of a rare name the tagger missed ("A、B、C 等" where A's surname is rare), read as a name when the
    items after it, short Han words like it, lead to a name the other readings know: a list of people is all
    people."""
    item = _HAN_ITEM.match(sentence, at)
    if item is None or not _name_like(item.group(), ctx):
        return None
    joint = re.compile(rf"\s*(?:{ctx.cues.alternation('and')})\s*")
    position = item.end()
    while (separator := joint.match(sentence, position)) is not None and separator.end() > position:
        if name_at(sentence, separator.end(), ctx) is not None:
            return at, item.end(), item.group(), ()
        following = _HAN_ITEM.match(sentence, separator.end())
        if following is None or not _name_like(following.group(), ctx):
            return None
        position = following.end()
    return None


def _listed(sentence: str, at: int, ctx: RuleContext) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The names listed from ``at``: one after another with separators between, then model-given names further on."""
    separator = re.compile(rf"\s*(?:{ctx.cues.alternation('and')})\s*")
    found: list[tuple[int, int, str, tuple[str, ...]]] = []
    position = at + len(re.match(r"[\s:：]*", sentence[at:]).group())
    while (named := name_at(sentence, position, ctx) or _unread_item(sentence, position, ctx)) is not None \
            and not ctx.is_org(named[2]):
        if not _listed_break(ctx.cues).match(sentence, named[1]):
            break  # "包括李思源的邀请": a name that owns what is listed, not a listed person
        found.append(named)
        joint = separator.match(sentence, named[1])
        if joint is None or joint.end() == named[1]:
            break
        position = joint.end()
    listed = {name for _, _, name, _ in found}
    for start, end, name in hired_objects(sentence, found[-1][1] if found else at, ctx):
        if name not in listed:
            found.append((start, end, name, ()))
            listed.add(name)
    return found
