"""Hires: a known organisation as the subject, people as the object. "Acme has hired Jane Roe", "Acme has also
roped in Jane Roe, former head of X at Beta; John Doe, …; and Ann Lee", "Acme 还招募了 Beta 首席研究员 NAME（Latin）等
人才". Each person named in the object joined the organisation.

Why: news about talent moves is often written from the hiring side, and the model then gives such a person only
the post they come from (the apposition "former head of X at Beta") and not the one they join, so the record
misses the arrival and its move.

A list of hires often runs over semicolons ("…at Tesla; Jane Roe, former head of X at Beta; and Ann Lee, …"), where
the sentence splitter ends a sentence: :func:`hire_sentence` extends the verb's sentence over the items that follow,
each starting with a known name (after "and"), so the later people are read as hired too.

Guards, for precision: the organisation ends right before the verb (adverbs and auxiliaries between: "has also",
"还"), or an origin stands between ("Acme 从 Beta 挖来 NAME": the people left Beta); the people are name forms the
model gave in the document; a name is an object only when a break follows it (punctuation, a bracket,
"and"/"和"/"等", "from", the sentence's end), so "the Sam Altman-led firm" or "Zuckerberg's lab" in the same
sentence is not hired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.ground.rules.context import Role, RuleContext, is_latin, org_before_filler, org_starting_at
from extract.ground.rules.moves import subjects, title_as
from extract.lexicon.sentences import Sentence

__all__ = ["find_hires", "hire_sentence", "hired_objects"]

_ENDS_WITH_SEMICOLON = re.compile(r"[;；]\s*$")  # where the splitter ended a sentence inside a list


def find_hires(sentence: str, ctx: RuleContext) -> list[Role]:
    """Every person hired by a known organisation in one sentence, as a joining move."""
    roles: list[Role] = _hired_by(sentence, ctx)
    for verb in ctx.patterns.hire.finditer(sentence):
        found = org_before_filler(sentence[:verb.start()], ctx)
        if found is None:
            continue
        head, org_start = found
        organization, origin = head[org_start:], None
        came_from = re.search(rf"(?:{ctx.cues.alternation('origin')})\s*$", head[:org_start])
        if came_from is not None:  # "Acme 从 Beta 挖来 NAME": Beta is where the people come from
            hirer = org_before_filler(head[:came_from.start()], ctx)
            if hirer is None:
                continue
            organization, origin = hirer[0][hirer[1]:], organization
        following = ctx.patterns.hire.search(sentence, verb.end())  # "A 挖走了 B，而 C 挖走了 D": D is C's
        replacing = ctx.cues.regex("replace").search(sentence, verb.end())  # "hired A to replace B": not B
        stop = min(m.start() for m in (following, replacing) if m is not None) if following or replacing else None
        for start, end, name in hired_objects(sentence[:stop], verb.end(), ctx):
            roles.append(Role(name, (), start, end, organization, title_as(sentence, end, ctx), "joined", move=True))
            if origin is not None:
                roles.append(Role(name, (), start, end, origin, None, "left", move=True))
    return roles


# After the hiring organisation, what makes it the owner of the hirer: "by Google's Bo Lin", "by Google researchers"
_OWNER = re.compile(r"['’]s\b|\s+(?P<word>[a-z-]+)")
_BY = re.compile(r"\s+by\s+(?:the\s+)?", re.IGNORECASE)


def _hired_by(sentence: str, ctx: RuleContext) -> list[Role]:
    """The passive: "Jane Roe was swiftly snapped up by Acme", "A and B were hired by Acme": each name of the
    subject list joined the organisation after "by"."""
    roles: list[Role] = []
    for verb in ctx.patterns.hire.finditer(sentence):
        aux = ctx.patterns.passive.search(sentence, 0, verb.start())
        by = _BY.match(sentence, verb.end())
        org_end = org_starting_at(sentence, by.end(), ctx) if aux and by else None
        owner = _OWNER.match(sentence, org_end) if org_end is not None else None
        if org_end is None or (owner and (not owner["word"] or ctx.patterns.people_noun.fullmatch(owner["word"]))):
            continue  # "by Google's Bo Lin", "by Google researchers": the hirer is someone of the organisation
        organization = sentence[by.end():org_end].strip()
        roles += [Role(name, others, start, start + len(name), organization, None, "joined", move=True)
                  for start, name, others in subjects(sentence, aux.start(), ctx)]
    return roles


def hire_sentence(text: str, sentences: Sequence[Sentence], index: int, ctx: RuleContext) -> Sentence:
    """Sentence ``index`` of ``text``, extended over the list items that follow it when it ends with a semicolon:
    each next sentence that starts with a known name (after "and"), itself followed by a break, while the one before
    ends with a semicolon. The sentence as it is otherwise (and always when it has no hiring verb)."""
    first = sentences[index]
    if not ctx.patterns.hire.search(first.text):
        return first
    last = index
    while last + 1 < len(sentences) and _ENDS_WITH_SEMICOLON.search(sentences[last].text):
        item = sentences[last + 1].text
        lead = ctx.patterns.names_joint_start.match(item).end()
        named = hired_objects(item, lead, ctx)
        if not named or named[0][0] != lead:
            break
        last += 1
    if last == index:
        return first
    end = sentences[last].end
    return Sentence(first.number, first.start, end, text[first.start:end])


def hired_objects(sentence: str, at: int, ctx: RuleContext) -> list[tuple[int, int, str]]:
    """The known names after ``at`` (the model's, then the tagger's), each followed by a break, first to last; the
    longest form where forms overlap ("Pei Sun" over "Sun")."""
    folded = sentence.casefold()
    found: list[tuple[int, int, str]] = []
    for form, written in {**ctx.tagged, **ctx.names}.items():
        start = folded.find(form, at)
        while start >= 0:
            end = start + len(form)
            latin_inside = (start > 0 and is_latin(sentence[start - 1]) and is_latin(sentence[start])) or (
                end < len(sentence) and is_latin(sentence[end - 1]) and is_latin(sentence[end]))
            if not latin_inside and ctx.patterns.hired_break.match(sentence, end):
                found.append((start, end, written))
            start = folded.find(form, end)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, name in found:
        if not any(s <= start < e for s, e, _ in kept):
            kept.append((start, end, name))
    return kept
