"""Organisations told with who founded or leads them, in the passive: "Acme, a startup founded in Osaka by two former
Beta researchers, Jane Roe and Bo Lin", "Acme was co-founded by Jane Roe and Bo Lin in 2023", "Acme (the Acme
Institute), headed by Jane Roe".

Why: English news introduces an organisation this way and names its founders or head after "by"; the moves need the
person as the subject and the organisation as the object, so no other shape reads it (the hires' passive, "Jane Roe
was hired by Acme", is the other way round: :mod:`~extract.ground.rules.hires`).

Shape: a known organisation, then at most a bracketed gloss, a short description between commas ("a startup")
or a copula, then a founding verb's participle ([found]) or a leading one ([lead_work]: led, headed, run), at most
a place or a date ("in Osaka", "in 2023"), "by", at most a short description ending in a comma ("two former Beta
researchers,"), and a list of names the model or the tagger found. Status: "founded" for founding, "current" for
leading (no title: "headed by" says who leads, not under which title).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.ground.rules.context import Role, RuleContext, org_ending_at
from extract.ground.rules.people import name_at
from extract.lexicon.cues import CueLexicon

__all__ = ["find_passive_roles"]

_MAX_ORG = 60  # characters searched back from the verb for the organisation's end
_LIST_LIMIT = 8  # names in one "by" list


@lru_cache(maxsize=8)
def _patterns(cues: CueLexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(the verb with "by" after it, what may stand between the organisation and the verb, between two names)."""
    alt = cues.alternation
    participles = "|".join(re.escape(w) for w in cues.words("found", "lead_work")
                           if w.isascii() and " " not in w and w.endswith(("ed", "led", "run")))
    verb = re.compile(rf"\b(?:{participles})(?:\s+(?:{alt('around_date')})(?:\s+[\w-]+){{1,2}}?)?\s+by\s+",
                      re.IGNORECASE)  # "founded in Osaka by", "founded in 2023 by"
    between = re.compile(rf"\s*(?:[(（][^()（）]{{1,60}}[)）])?\s*(?:,\s*(?:an?|the)\s+[^,;.()]{{1,60}}?\s*,?\s*)?"
                         rf"(?:,\s*)?(?:(?:{alt('copula')}|has been|had been|have been)\s+)?(?:\w+ly\s+)?$",
                         re.IGNORECASE)
    joint = re.compile(rf"\s*(?:,\s*)?(?:{alt('and')})\s*", re.IGNORECASE)
    return verb, between, joint


_DESCRIPTION = re.compile(r"(?:[\w'’-]+\s+){1,5}?[\w'’-]+\s*,\s*")  # "two former Beta researchers, "


def find_passive_roles(sentence: str, ctx: RuleContext) -> list[Role]:
    """The founders and heads such a sentence names, each at the organisation before the verb."""
    roles: list[Role] = []
    verb, between, joint = _patterns(ctx.cues)
    for found in verb.finditer(sentence):
        if found.start() == 0 or (sentence[found.start()].isupper() and not sentence[:found.start()].strip(" ,")):
            continue  # "Led by Jane Roe at Acme, the team …": an opening participle, no organisation before it
        located = _organisation_before(sentence, found.start(), between, ctx)
        if located is None:
            continue
        organization, gap = located
        founding = ctx.cues.matches(found.group().split()[0], "found")
        earlier = _EARLIER.search(gap) is not None or _UNTIL.match(sentence, found.end()) is not None
        status = "founded" if founding else ("former" if earlier else "current")
        for at, end, name, others in _names_after(sentence, found.end(), joint, ctx):
            roles.append(Role(name, others, at, end, organization, None, status))
    return roles


# "previously led by", "had been run by": led before; "… by Jane Roe until 2020", "… before the merger"
_EARLIER = re.compile(r"\b(?:previously|formerly|once|had been)\b", re.IGNORECASE)
_UNTIL = re.compile(r"[^,;.]*\b(?:until|till|before)\b", re.IGNORECASE)
@lru_cache(maxsize=8)
def _governed(cues: CueLexicon) -> re.Pattern[str]:
    """A noun and a preposition right before an organisation, which then belongs to a phrase it does not head: "a
    spinoff from Acme", "an investment in Acme", "a lawsuit against Acme", "a group at Acme", "the deal with Acme",
    "a study by Acme"."""
    words = cues.alternation("affiliation", "topic", "around_date")
    # after a noun only: after a verb the organisation still heads its phrase ("is investing in Acme, headed by",
    # "was hired by Acme, run by")
    return re.compile(rf"\b(?![\w-]+(?:ing|ed)\s)[\w$-]+\s+(?:{words}|against|into|to|by)\s+(?:the\s+)?$",
                      re.IGNORECASE)


def _organisation_before(sentence: str, verb_start: int, between: re.Pattern[str],
                         ctx: RuleContext) -> tuple[str, str] | None:
    """(organisation, what stands between it and the verb) for the known organisation the verb's participle
    describes: the last one before it with only a gloss, a short description or a copula between, that heads its
    phrase (one inside the gloss or the description, or after a preposition, is passed over: "Acme (the Acme
    Institute)", "Beta, a spinoff from Acme,", "an investment in Acme")."""
    for stop in range(verb_start, max(0, verb_start - _MAX_ORG), -1):
        start = org_ending_at(sentence, stop, ctx)
        if start is not None and between.fullmatch(sentence, stop, verb_start) \
                and not _governed(ctx.cues).search(sentence, 0, start):
            return sentence[start:stop].strip(), sentence[stop:verb_start]
    return None


def _names_after(sentence: str, at: int, joint: re.Pattern[str],
                 ctx: RuleContext) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The list of known names starting at ``at`` (after a short description ending in a comma, if any)."""
    first = name_at(sentence, at, ctx)
    if first is None or not ctx.knows(first[2]):
        described = _DESCRIPTION.match(sentence, at)
        first = name_at(sentence, described.end(), ctx) if described else None
    names = []
    while first is not None and ctx.knows(first[2]) and not ctx.is_org(first[2]) and len(names) < _LIST_LIMIT:
        if not _list_goes_on(ctx.cues).match(sentence, first[1]):
            break  # "founded by Jane Roe, Bo Lin said": a name with a verb after it is no founder
        names.append((first[0], first[0] + len(first[2]), first[2], first[3]))
        link = joint.match(sentence, first[1])
        first = name_at(sentence, link.end(), ctx) if link is not None else None
    return names


@lru_cache(maxsize=8)
def _list_goes_on(cues: CueLexicon) -> re.Pattern[str]:
    """What may follow a founder or a head of the list: punctuation, the end, "and", a date or a place; not a
    possessive ("founded by Jane Roe's father") nor a verb ("… by Jane Roe, Bo Lin said": Bo Lin is no founder)."""
    return re.compile(rf"\s*(?:$|[.;:,)（(]|and\s)|\s+(?:{cues.alternation('around_date')}|after|until|before|with)\s",
                      re.IGNORECASE)
