"""Work told with its title: "She previously worked as an intern at Goldman Sachs and then at Zodiac Aerospace",
"Jane Roe served as CTO of Acme", "He spent three years at Acme as a senior product manager".

Why: profiles and biographies in English tell a career this way, one past job after another, and no other shape
reads it (the moves need a joining verb and the organisation as its object; "worked at Acme" has no title). The model
keeps the job the article is about and drops most of the earlier ones.

Shapes: the subject is a name right before the verb (adverbs and auxiliaries between) or a pronoun or nothing at the
start of the clause (the person named last before, as :mod:`~extract.ground.rules.continued` reads it); then
- a verb of working in a role ([work_as]: worked as, served as …), the title, "at"/"of"/"for"/"with" and the
  organisation; more organisations may follow ("and then at Beta"), each with the same title;
- a verb of spending a tenure ([tenure]: spent …), a length, "at ORG", and maybe "as TITLE".
Status: "former" for a past verb, "current" for a present one or where the clause says currently ([current]).

Guards, for precision: the title holds a title word, no verb, at most six words; the organisation is known, or, in
these shapes only, a run of capitalised words right after "at"/"for" (a role and "at" leave little else it could be:
"worked as an intern at Goldman Sachs").
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.ground.rules.context import Role, RuleContext, clause_start, org_starting_at
from extract.ground.rules.people import last_named, name_at, name_before, name_ends
from extract.lexicon.cues import CueLexicon

__all__ = ["find_worked_as"]

_MAX_WORDS = 6
_CLAUSE_END = re.compile(r"[,;.:!?()]|\s(?:but|where|which|who|after|before|while|when)\s")
_PRESENT = re.compile(r"(?:s|ing)\b", re.IGNORECASE)  # works as, serving as: held now
# An organisation the table and the model do not know, after "TITLE at": capitalised words ("Goldman Sachs")
_CAPITALISED = re.compile(r"[A-Z][\w&.-]*(?:\s+(?:&\s+)?[A-Z][\w&.-]*){0,3}")  # not past "'s": "NAME's lab"


@lru_cache(maxsize=8)
def _patterns(cues: CueLexicon) -> tuple[re.Pattern[str], ...]:
    """(determiner before a title, preposition before an organisation, a joint to the next one, a tenure's
    length, "as" before its title), built once per lexicon."""
    alt = cues.alternation
    determiner = re.compile(rf"\s*(?:(?:the|its|{alt('determiner')})\s+)?")
    preposition = re.compile(rf"\s+(?:{alt('affiliation')})\s+(?:the\s+)?")
    joint = re.compile(rf"\s*,?\s*(?:{alt('and')})?\s*(?:{alt('sequence.continued')})?\s*(?:{alt('affiliation')})"
                       rf"\s+(?:the\s+)?", re.IGNORECASE)
    length = re.compile(rf"\s+(?:(?:{alt('approximately')})\s+)?(?:\w+|\d+)\s+(?:years?|months?)\s+at\s+"
                        r"(?:the\s+)?")
    as_title = re.compile(rf"\s+as\s+(?:(?:the|its|{alt('determiner')})\s+)?")
    return determiner, preposition, joint, length, as_title


def find_worked_as(sentence: str, ctx: RuleContext, previous: str | None) -> list[Role]:
    """Every job with its title that ``sentence`` tells in these shapes (``previous``: the person named last
    before the sentence, for a clause that names nobody)."""
    roles: list[Role] = []
    determiner, preposition, joint, length, as_title = _patterns(ctx.cues)
    for verb in ctx.cues.regex("work_as", "tenure", "lead_work").finditer(sentence):
        if not verb.group().isascii():
            continue
        subject = _subject(sentence, verb.start(), ctx, previous) or _relative_subject(sentence, verb.start(), ctx)
        if subject is None:
            continue
        clause_end = _clause_end(sentence, verb.end())
        status = "current" if _PRESENT.search(verb.group().split()[0]) or ctx.cues.matches(
            sentence[clause_start(sentence[:verb.start()]):clause_end], "current") else "former"
        if ctx.cues.matches(verb.group(), "work_as"):
            found = _title_at(sentence, determiner.match(sentence, verb.end()).end(), clause_end, preposition, ctx)
        elif ctx.cues.matches(verb.group(), "lead_work"):
            found = _led_at(sentence, verb.end(), clause_end, ctx)
        else:
            found = _tenure_at(sentence, verb.end(), length, as_title, ctx)
        if found is None:
            continue
        title, organizations = found
        name, others, start, end = subject
        roles += [Role(name, others, start, end, org, title, status, move=True)
                  for org in _more(sentence, organizations, joint, ctx)]
    return roles + _after_a_stint(sentence, ctx, previous)


# "… after a year as a research scientist at Acme", "after a brief stint as a strategist at Acme": a job held before
_STINT = re.compile(r"\bafter\s+(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+)?"
                    r"(?:(?:brief|short|long)\s+)?(?:years?|months?|decades?|stint|spell)\s+as\s+", re.IGNORECASE)


def _after_a_stint(sentence: str, ctx: RuleContext, previous: str | None) -> list[Role]:
    """Jobs held before what the clause tells, told after "after": the clause's subject's, status "former"."""
    roles: list[Role] = []
    determiner, preposition, *_ = _patterns(ctx.cues)
    for stint in _STINT.finditer(sentence):
        start = clause_start(sentence[:stint.start()])
        at = determiner.match(sentence, stint.end()).end()
        opening = sentence[start:stint.start()]
        if not opening.strip():  # "After a year as CTO at Acme, Jane Roe joined Beta": the next clause's subject
            opening = sentence[_clause_end(sentence, at):].lstrip(",; ")
        named = _opening_name(opening, ctx)
        if named is None and not ctx.patterns.pronoun_subject.match(opening.lstrip()):
            continue
        if named is not None and any(end > named[1] for end in name_ends(opening, ctx)):
            continue  # "Ann Lee appointed Bo Lin CTO after a year as …": whose year it was is unclear
        found = _title_at(sentence, at, _clause_end(sentence, at), preposition, ctx)
        if found is None or (named is None and previous is None):
            continue
        title, ((org_start, org_end),) = found
        name = named[2] if named else previous
        begin = sentence.find(name, start) if named else -1  # offsets into the sentence (the opening is a slice)
        roles.append(Role(name, named[3] if named else (), begin, begin + len(name) if begin >= 0 else -1,
                          sentence[org_start:org_end].strip(), title, "former", move=True))
    return roles


def _opening_name(opening: str, ctx: RuleContext) -> tuple[int, int, str, tuple[str, ...]] | None:
    """The name a clause opens with (after spaces, dates and adverbs: the filler), or None."""
    skipped = len(opening) - len(opening.lstrip(" ,"))
    return name_at(opening, skipped, ctx)


def _relative_subject(sentence: str, verb_start: int, ctx: RuleContext) -> tuple[str, tuple[str, ...], int, int] | None:
    """The subject of a verb that continues a relative clause after "and" ("Jane Roe, who spent six years at Acme and
    served as its CTO …"): the name before "who"."""
    head = sentence[:verb_start]
    if not re.search(rf"(?:{ctx.cues.alternation('and')})\s*$", head.rstrip() + " "):
        return None
    relatives = list(ctx.patterns.relative.finditer(head))
    if not relatives or re.search(r"[;:.!?]", head[relatives[-1].end():]):
        return None
    at = relatives[-1].start()
    named = name_before(head, len(head[:at].rstrip(" ,")), ctx)
    if named is None or ctx.is_org(named[1]):
        return None
    return named[1], named[2], named[0], named[0] + len(named[1])


def _subject(sentence: str, verb_start: int, ctx: RuleContext,
             previous: str | None) -> tuple[str, tuple[str, ...], int, int] | None:
    """(name, other names, start, end) of the verb's subject; offsets -1 for a pronoun's person."""
    head = sentence[:verb_start]
    head = head[:len(head) - len(ctx.patterns.filler.search(head).group())]
    start = clause_start(head)
    if ctx.patterns.implied_subject.fullmatch(head[start:]):
        person = last_named(head, ctx) or previous
        return (person, (), -1, -1) if person else None
    named = name_before(head, len(head), ctx)
    if named is None or ctx.is_org(named[1]):
        return None
    return named[1], named[2], named[0], named[0] + len(named[1])


def _title_at(sentence: str, start: int, end: int, preposition: re.Pattern[str],
              ctx: RuleContext) -> tuple[str, list[tuple[int, int]]] | None:
    for tie in preposition.finditer(sentence, start, end):
        org_end = _organisation_at(sentence, tie.end(), ctx)
        if org_end is None:
            continue
        title = sentence[start:tie.start()].strip()
        return (title, [(tie.end(), org_end)]) if _is_title(title, ctx) else None
    return None


# What is led, then where: "led search at Acme", "heads the research team for Acme" (a few words, no
# punctuation; "of" would tie the object to something else: "led the development of Acme's model")
_LED_AT = re.compile(r"\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:at|for)\s+(?:the\s+)?", re.IGNORECASE)


def _led_at(sentence: str, at: int, end: int, ctx: RuleContext) -> tuple[None, list[tuple[int, int]]] | None:
    """An untitled post after a verb of leading: the known organisation after "at"/"for" ("led search at
    Acme"; an unknown one is too often a place or an event here: "led the team at the conference")."""
    led = _LED_AT.match(sentence, at, end)
    if led is None or ctx.patterns.clause.search(led.group(1)) or sentence[at:].lstrip().startswith("by "):
        return None
    what = led.group(1).split()
    # a field ("engineering", "AI research") or a unit ("the search team"); not an event or a deal ("a funding
    # round", "a workshop", "the account", "for office")
    if (what[0].casefold() == "the" or ctx.cues.matches(what[0], "determiner", "affiliation")) \
            and not ctx.cues.matches(what[-1], "unit"):
        return None
    org_end = org_starting_at(sentence, led.end(), ctx)
    if org_end is None or re.match(r"['’]s\b", sentence[org_end:]):
        return None  # "headed the search for Acme's new CEO"
    return None, [(led.end(), org_end)]


def _tenure_at(sentence: str, at: int, length: re.Pattern[str], as_title: re.Pattern[str],
               ctx: RuleContext) -> tuple[str | None, list[tuple[int, int]]] | None:
    spent = length.match(sentence, at)
    org_end = _organisation_at(sentence, spent.end(), ctx) if spent else None
    if spent is None or org_end is None:
        return None
    title = None
    tie = as_title.match(sentence, org_end)
    if tie is not None:
        stretch = sentence[tie.end():_clause_end(sentence, tie.end())]
        cut = re.search(rf"\s(?:{ctx.cues.alternation('affiliation')}|in)\s", stretch)  # "manager of the Model X"
        candidate = stretch[:cut.start()] if cut else stretch
        title = candidate.strip() if _is_title(candidate.strip(), ctx) else None
    return title, [(spent.end(), org_end)]


def _more(sentence: str, found: list[tuple[int, int]], joint: re.Pattern[str], ctx: RuleContext) -> list[str]:
    """The organisation found and those a list goes on with ("at A and then at B")."""
    organizations = []
    start, end = found[0]
    while True:
        organizations.append(sentence[start:end].strip())
        link = joint.match(sentence, end)
        next_end = _organisation_at(sentence, link.end(), ctx) if link else None
        if link is None or next_end is None:
            return organizations
        start, end = link.end(), next_end


def _organisation_at(sentence: str, at: int, ctx: RuleContext) -> int | None:
    """End of the organisation starting at ``at``: a known one, else capitalised words that are no title and no
    person the model named."""
    known = org_starting_at(sentence, at, ctx)
    if known is not None:
        return known
    run = _CAPITALISED.match(sentence, at)
    if run is None or ctx.patterns.title.search(run.group()) or run.group().casefold() in ctx.names:
        return None
    return run.end()


def _is_title(title: str, ctx: RuleContext) -> bool:
    words_outside = ctx.cues.regex("title").sub(" ", title)
    return bool(title) and len(title.split()) <= _MAX_WORDS and ctx.patterns.title.search(title) is not None and \
        not ctx.patterns.clause.search(words_outside)


def _clause_end(sentence: str, start: int) -> int:
    found = _CLAUSE_END.search(sentence, start)
    return found.start() if found else len(sentence)
