"""Roles in apposition: "Acme 首席科学家 NAME" (with a list of roles before the name), "NAME 是 Acme CTO，前 Beta
研究员", "NAME, chief scientist at Acme", "Acme's chief scientist NAME"; and the English affiliations told with no
verb of moving: "Acme's NAME" (an organisation owning a name), "NAME, a 12-year Acme veteran", "NAME is a former Acme
researcher", "NAME, formerly of Acme"."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.ground.rules.context import (
    Role,
    RuleContext,
    last_org_before,
    org_after,
    org_ending_at,
    org_starting_at,
    organisations_in,
)
from extract.ground.rules.people import name_at, name_before
from extract.ground.rules.titles import clean_title, ends_in_title, org_title_after, org_title_before, title_ends
from extract.ground.status import stated_status
from extract.lexicon.cues import CueLexicon, alternation
from extract.lexicon.names import looks_like_a_name

__all__ = ["find_appositions", "role_after_copula"]

_LEAVING_WINDOW = 40  # characters after a name where a leaving verb makes its role the one left
# After an English copula before "TITLE at|of ORG", the adverbs and article; "formerly" makes the role a former one
_COPULA_TAIL = re.compile(r"\s*(?:(?:also|now|currently|still|already|(?P<past>previously|formerly|once(?!\s+(?:again|"
                          r"more))))\s+)*(?:once\s+(?:again|more)\s+)?(?:the\s+|an?\s+)?", re.IGNORECASE)
# A title that is not held: one to come ("expected to be CEO", "set to become", "the next CEO", "a candidate for")


def find_appositions(sentence: str, ctx: RuleContext) -> list[Role]:
    """Every role in apposition in one sentence."""
    roles = [*_before_the_name(sentence, ctx), *_after_the_name(sentence, ctx), *_reporting_to(sentence, ctx),
             *_owned_name(sentence, ctx), *_formerly_at(sentence, ctx)]
    return [role for role in roles if looks_like_a_name(role.name) and not ctx.is_org(role.name)]


def _before_the_name(sentence: str, ctx: RuleContext) -> list[Role]:
    """ORG TITLE NAME, with a list of ORG TITLE before it ("Acme 副总裁、Beta 研究院院长 NAME")."""
    roles: list[Role] = []
    for end in title_ends(sentence, ctx):
        name = name_at(sentence, end, ctx)
        if name is None:
            continue
        found = org_title_before(sentence, end, ctx)
        if found is None:
            continue
        at, name_end, person, others = name
        start, organization, title, status = found
        chain = [(organization, title, status)]
        while True:
            separator = ctx.patterns.roles_joint_end.search(sentence[:start].rstrip())
            if separator is None:
                break
            earlier = org_title_before(sentence, separator.start(), ctx)
            if earlier is None:
                break
            start = earlier[0]
            chain.append(earlier[1:])
        shared = _sharing_the_title(sentence, start, ctx)  # "前 Acme、Beta 高管 NAME": both hold the title
        if shared:
            start = shared[0][0]
            first, title, status = chain.pop()
            chain += [(first, title, status), *((org, title, status) for _, org in reversed(shared))]
        marked = ctx.patterns.former_end.search(sentence, 0, start) is not None
        for index, (organization, title, status) in enumerate(chain):
            status = _status_after(sentence, name_end, status, ctx, organization, title)
            if status == "current" and marked and index >= len(chain) - 1 - len(shared):
                status = "former"  # "former Acme CEO NAME", "前 Acme CEO、Beta 创始人 NAME": the first role only
            roles.append(Role(person, others, at, at + len(person), organization, title, status))
    return roles


@lru_cache(maxsize=8)
def _shared_joint(cues: CueLexicon) -> re.Pattern[str]:
    """A list's joint at the end of the text, no comma: "、", "和", "and" (commas end clauses as often)."""
    joints = [word for word in cues.words("and") if "," not in word and "，" not in word]
    return re.compile(rf"\s*{alternation(joints)}\s*$")


def _sharing_the_title(sentence: str, start: int, ctx: RuleContext) -> list[tuple[int, str]]:
    """The known organisations listed right before the one at ``start`` that its title is shared with ("前 Acme、
    Beta 高管", "a former Acme and Beta executive"): (start, organisation) each, first first. Not across a comma,
    which ends clauses as often as it lists ("…加入 Acme，Beta 首席科学家 NAME")."""
    shared: list[tuple[int, str]] = []
    while (joint := _shared_joint(ctx.cues).search(sentence, 0, start)) is not None:
        org_start = org_ending_at(sentence, joint.start(), ctx)
        if org_start is None:
            break
        shared.insert(0, (org_start, sentence[org_start:joint.start()]))
        start = org_start
    return shared


def _after_the_name(sentence: str, ctx: RuleContext) -> list[Role]:
    """NAME 是 ORG TITLE[, 前 ORG TITLE …], NAME, TITLE at ORG and NAME, the ORG TITLE."""
    roles: list[Role] = []
    for copula in ctx.patterns.copula.finditer(sentence):
        if copula.start() == 0 or not copula.group().strip():
            continue
        head = sentence[:copula.start()]  # adverbs between: "NAME 之前曾任 Acme CTO", "NAME 也是 Acme CTO"
        name = name_before(sentence, len(head) - len(ctx.patterns.filler.search(head).group()), ctx)
        if name is None:
            continue
        name_start, person, others = name
        at = copula.end()
        word = copula.group().strip()
        verb = word.isascii() and word.isalpha()  # "Jane Roe is also the founder of Acme", "was CTO at Acme"
        english = role_after_copula(sentence, copula, ctx) if "," in copula.group() or verb else None
        if english is None and verb:  # "Jane Roe is a former Acme researcher": ORG TITLE after the article
            english = _org_title_after_copula(sentence, copula, ctx)
        if english is not None:
            title, status, organization = english
            status = _status_after(sentence, copula.end(), status, ctx, organization, title) if "," in copula.group() \
                else status  # "Jane Roe, a Google veteran, joined Beta": Google is the post held before
            roles.append(Role(person, others, name_start, name_start + len(person), organization, title, status))
            continue
        while True:
            found = org_title_after(sentence, at, ctx)
            if found is None:
                break
            end, organization, title, status = found
            status = "former" if ctx.patterns.past.search(copula.group()) else status
            if "," in copula.group():  # "Jane Roe, a Google veteran, joined Beta": Google is the post held before
                status = _status_after(sentence, end, status, ctx, organization, title)
            roles.append(Role(person, others, name_start, name_start + len(person), organization, title, status))
            separator = ctx.patterns.roles_joint.match(sentence, end)
            if separator is None:
                break
            at = separator.end()
    return roles


def role_after_copula(sentence: str, copula: re.Match[str], ctx: RuleContext) -> tuple[str, str, str] | None:
    """(title, status, organisation) of "is/was [the] TITLE at|of ORG" (or ", TITLE at ORG") after ``copula``;
    held before ("former") after a past copula or "previously"."""
    word = copula.group().strip()
    verb = word.isascii() and word.isalpha()
    at = _COPULA_TAIL.match(sentence, copula.end()).end() if verb else copula.end()
    english = _title_at_org(sentence, at, ctx)
    if english is None:
        return None
    title, status, organization = english
    past = verb and (ctx.cues.regex("copula.past").fullmatch(word) is not None
                     or _COPULA_TAIL.match(sentence, copula.end()).group("past") is not None)
    return title, "former" if past else status, organization


def _org_title_after_copula(sentence: str, copula: re.Match[str], ctx: RuleContext) -> tuple[str, str, str] | None:
    """(title, status, organisation) of "is/was [a] [former] ORG TITLE" ("Jane Roe is a former Acme researcher"):
    held before after a past copula or a mark of the past."""
    tail = _COPULA_TAIL.match(sentence, copula.end())
    found = org_title_after(sentence, tail.end(), ctx)
    if found is None:
        return None
    _end, organization, title, status = found
    if organisations_in(title, 0, ctx) or ctx.patterns.roles_joint.match(title) or " turned " in f" {title} ":
        return None  # "a former Acme and Beta researcher", "a Beta researcher turned Acme founder"
    past = ctx.cues.regex("copula.past").fullmatch(copula.group().strip()) is not None or tail.group("past")
    return title, "former" if past else status, organization


_OWNED_NAME = re.compile(r"['’]s\s+")


def _owned_name(sentence: str, ctx: RuleContext) -> list[Role]:
    """"Acme's Jane Roe said …": a name owned by an organisation is someone who works there (untitled; a title
    between, "Acme's chief scientist Jane Roe", is :func:`_before_the_name`'s); only a name the model or the
    tagger found. Left when the sentence says so after the name."""
    roles: list[Role] = []
    for owned in _OWNED_NAME.finditer(sentence):
        start = org_ending_at(sentence, owned.start(), ctx)
        name = name_at(sentence, owned.end(), ctx) if start is not None else None
        if name is None or not ctx.knows(name[2]):
            continue  # a capitalised run the model and the tagger did not take for a name: "Acme's Talent Drive"
        at, name_end, person, others = name
        if not _NAME_ENDS.match(sentence, name_end):
            continue  # "Acme's Jane Roe Prize", "Acme's Bo Lin-led team": a name inside a noun
        organization = sentence[start:owned.start()]
        hired = ctx.patterns.hire.search(sentence, 0, start) is not None  # "Beta hired Acme's Jane Roe"
        status = "left" if hired else _status_after(sentence, name_end, "current", ctx, organization)
        roles.append(Role(person, others, at, at + len(person), organization, None, status))
    return roles


# After an owned name, not a hyphen nor a capitalised word: the name is not part of another noun
_NAME_ENDS = re.compile(r"(?!-\w|\s+[A-Z])")


@lru_cache(maxsize=8)
def _formerly_pattern(cues: CueLexicon) -> re.Pattern[str]:
    """", formerly of", " was previously at": a mark of the earlier time between a name and "at|of|with ORG"
    ([affiliation])."""
    return re.compile(rf"(?:\s*,\s*|\s+(?:{cues.alternation('copula')})\s+)(?:{cues.alternation('sequence.earlier')})"
                      rf"\s+(?:{cues.alternation('affiliation')})\s+(?:the\s+)?", re.IGNORECASE)


def _formerly_at(sentence: str, ctx: RuleContext) -> list[Role]:
    """"Jane Roe, formerly of Acme, said", "Jane Roe was previously at Acme": an untitled post held before."""
    roles: list[Role] = []
    for mark in _formerly_pattern(ctx.cues).finditer(sentence):
        name = name_before(sentence, mark.start(), ctx)
        org_end = org_starting_at(sentence, mark.end(), ctx) if name is not None else None
        if name is None or org_end is None or _POSSESSIVE.match(sentence, org_end):
            continue  # "was previously at Acme's rival Beta"
        name_start, person, others = name
        roles.append(Role(person, others, name_start, name_start + len(person), sentence[mark.end():org_end],
                          None, "former"))
    return roles


# "Acme's (London) office", "Acme's AI research lab": the words owned, up to four
_POSSESSIVE = re.compile(r"['’]s\s+(?P<noun>(?:[\w-]+\s+){0,3}[\w-]+)")


_AT_OR_OF = re.compile(r"\s+(?:at|of)\s+(?:the\s+)?", re.IGNORECASE)


def _title_at_org(sentence: str, at: int, ctx: RuleContext) -> tuple[str, str, str] | None:
    """"TITLE at|of ORG" starting at ``at``: (title, status, organisation). Only the first "at"/"of" counts ("the
    daughter of the founder of Acme" holds no title); none for a title to come ("expected to be CEO of Acme") or an
    organisation that owns the next noun ("CEO of Acme's rival Beta")."""
    mark = ctx.patterns.former.match(sentence, at) or ctx.patterns.current.match(sentence, at)  # "former head of …"
    of_what = ctx.patterns.title_of.match(sentence, len(sentence[:mark.end()]) + len(  # the title's own "of"
        sentence[mark.end():]) - len(sentence[mark.end():].lstrip()) if mark else at)
    joint = _AT_OR_OF.search(sentence, of_what.end() if of_what else at, at + 60)
    parsed = clean_title(sentence[at:joint.start()], ctx) if joint else None
    if parsed is None or ctx.cues.regex("not_held").search(sentence[at:joint.start()]):
        return None
    at_org = joint.end()
    org_end = org_starting_at(sentence, at_org, ctx)
    described = org_after(sentence, at_org, ctx) if org_end is None else None
    if described is not None:  # "CTO of startup Acme", "at AI lab Acme": after a description, as after a move verb
        at_org, org_end = described
    owned = _POSSESSIVE.match(sentence, org_end) if org_end is not None else None
    if org_end is None or (owned and not ctx.cues.regex("unit", "office").search(owned["noun"])):
        return None  # "CEO of Acme's rival Beta"; but "engineer at Acme's London office" is at Acme
    return parsed[0], parsed[1], sentence[at_org:org_end].strip()


def _reporting_to(sentence: str, ctx: RuleContext) -> list[Role]:
    """"…, CEO of Acme AI, reporting to CEO NAME": the one reported to holds the title at the organisation the
    sentence names last before it (an organisation right after "from" is where someone comes from: skipped)."""
    roles: list[Role] = []
    for found in ctx.cues.regex("report_to").finditer(sentence):
        title = re.match(rf"\s*((?:[\w/’'-]+\s+){{0,3}}?{ctx.patterns.title.pattern})\s+", sentence[found.end():],
                         re.IGNORECASE)
        if title is None or not ends_in_title(title.group(1), ctx):
            continue
        name = name_at(sentence, found.end() + title.end(), ctx)
        organization = last_org_before(sentence, found.start(), ctx)
        if name is None or organization is None:
            continue
        at, _end, person, others = name
        roles.append(Role(person, others, at, at + len(person), organization, title.group(1).strip(), "current"))
    return roles


def _status_after(text: str, at: int, status: str, ctx: RuleContext, organization: str = "",
                  title: str | None = None) -> str:
    """An apposition in a sentence reporting a departure ("… 副院长 NAME 离职") is the role the person left; one in a
    sentence reporting the person joining another organisation ("Acme 专家 NAME 已入职 Beta") is the post held
    before; so is one the sentence's own words around the organisation say was left, as grounding reads them for the
    model's facts ("Beta hired Acme's chief scientist NAME": the hired come from Acme), unless ``title`` is an
    academic one (a professor a company hires keeps the chair as often as not). Not its "former": that reader takes
    the 前 of "不久前" ("recently") for one, which :func:`_before_the_name` reads with more care."""
    if status != "current":
        return status
    window = text[at:at + _LEAVING_WINDOW]
    if ctx.patterns.leaving.search(window):
        return "left"
    joining = ctx.patterns.joining.search(window)
    if joining is not None:
        target = org_after(window, joining.end(), ctx)
        if target is None or not _same_org(window[target[0]:target[1]], organization, ctx):
            return "former"
    if title and ctx.cues.matches(title, "title.academic"):
        return status
    said = stated_status(text, organization, ctx.cues) if organization else None
    return "left" if said == "left" else status


def _same_org(a: str, b: str, ctx: RuleContext) -> bool:
    return ctx.orgs.canonical(a).canonical == ctx.orgs.canonical(b).canonical
