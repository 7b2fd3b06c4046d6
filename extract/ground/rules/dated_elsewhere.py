"""Dates another sentence states for a person-organisation pair the document already has (issue 20).

The model cites one sentence per fact, and grounding reads a fact's dates off that sentence only; a paragraph often
states the date in a sentence next to it ("去年 1 月，A、B 和 C 离开 Acme，创立了专注机器人的初创公司 Beta", the model
citing the next sentence about Beta). The rule shapes date the pairs they read themselves; this reads the sentences
no shape reads: every known organisation in a dated sentence, with the person named last before it (or the list of
names that ends there, or, with no name before it, a pronoun or group word continuing about the person named last
in an earlier sentence). The rule pass keeps such a role only for a pair the document already has, and only the
dates :func:`extract.ground.repairs.stated_dates` finds for that organisation in its own clause: a sentence never
adds a position here, only a date to one.
"""

from __future__ import annotations

import re

from extract.ground.rules.context import Role, RuleContext, organisations_in
from extract.ground.rules.moves import subjects
from extract.ground.rules.people import last_name_end
from extract.lexicon.dates import find_dates

__all__ = ["find_dated_pairs"]

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def find_dated_pairs(sentence: str, ctx: RuleContext, previous: str | None, published: str | None) -> list[Role]:
    """A role (undated, unknown status) for each organisation of a dated ``sentence`` and the people it is about
    (``published``: the document's date, against which "八年前" and "last May" are dates)."""
    if not find_dates(sentence, published):
        return []
    roles = []
    for start, end in organisations_in(sentence, 0, ctx):
        head = sentence[:start]
        last = last_name_end(head, ctx)
        surname = _surname_before(head, ctx)
        if last is not None and (surname is None or surname[0] < last):
            people = [(at, name, others) for at, name, others in subjects(sentence, last, ctx)]
        elif surname is not None:
            people = [(surname[0] - len(surname[2]), surname[1], ())]
        elif previous is not None and ctx.cues.matches(head, "pronoun", "group", "formal_pronoun"):
            people = [(-1, previous, ())]
        else:
            people = []
        roles += [Role(name, others, at, at + len(name) if at >= 0 else -1, sentence[start:end], None, "unknown")
                  for at, name, others in people]
    return roles


def _surname_before(head: str, ctx: RuleContext) -> tuple[int, str, str] | None:
    """The last Latin surname alone in ``head`` ("Larochelle 在八年前加入…") that is the last word of exactly one
    full name of the document: (where it ends, that full name, the surname as written)."""
    full_names: dict[str, set[str]] = {}
    for key, form in ctx.names.items():
        if " " in key:
            full_names.setdefault(key.rsplit(" ", 1)[-1], set()).add(form)
    found = None
    for match in _LATIN_WORD.finditer(head):
        forms = full_names.get(match.group().casefold(), set())
        if len(forms) == 1 and not head[:match.start()].rstrip().endswith(tuple(_first_words(ctx))):
            found = (match.end(), next(iter(forms)), match.group())
    return found


def _first_words(ctx: RuleContext) -> set[str]:
    """The words a full name starts with, so that "Hugo Larochelle" itself is not read as the surname alone."""
    return {form.split()[0] for form in ctx.names.values() if " " in form}
