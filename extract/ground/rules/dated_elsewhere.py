"""Dates another sentence states for a person-organisation pair the document already has (issue 20).

The model cites one sentence per fact, and grounding reads a fact's dates off that sentence only; a paragraph often
states the date in a sentence next to it (the model cites "Jane Roe 是 Acme 西雅图团队的负责人" for her post at Acme,
and the next sentence says "Roe 在六年前加入 Acme"). The rule shapes date the pairs they read themselves; this reads
the sentences no shape reads: every known organisation written once in a dated sentence, with the people its own
clause names before it and after nothing but dates and adverbs (the list that ends there, a surname alone that is
the last word of one full name of the document, or a pronoun subject continuing about the person named before).
The rule pass keeps such a role only for a pair the document already has, and only the dates
:func:`extract.ground.repairs.stated_dates` finds for that organisation in its own clause: a sentence never adds a
position here, only a date to one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.ground.rules.context import Role, RuleContext, clause_start, is_latin
from extract.ground.rules.moves import subjects
from extract.ground.rules.people import last_name_end
from extract.lexicon.dates import find_dates

__all__ = ["find_dated_pairs"]

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def find_dated_pairs(sentence: str, ctx: RuleContext, previous: str | None, published: str | None,
                     organizations: Iterable[str]) -> list[Role]:
    """A role (undated, unknown status) for each of ``organizations`` (the forms of the organisations the document's
    pairs are at, as written and as the table knows them) that a dated ``sentence`` names, and the people it is
    about (``published``: the document's date, against which "三年前" and "last May" are dates)."""
    if not find_dates(sentence, published) or not _may_name_someone(sentence, ctx):
        return []
    roles = []
    spans = _written_in(sentence, organizations)
    written = [sentence[start:end].casefold() for start, end in spans]
    for start, end in spans:
        if written.count(sentence[start:end].casefold()) > 1:
            continue  # "A 2019 年加入 Acme，B 则在 2021 年离开 Acme": the date of one clause is not the other's
        clause = clause_start(sentence[:start])
        head = sentence[clause:start]  # the person is named in the organisation's own clause
        people = _named_in(head, ctx)
        if not people and previous is not None and ctx.patterns.pronoun_subject.match(head):
            people = [(-1, previous, ())]  # "2019 年，他加入 Acme": the clause opens with a pronoun subject
        roles += [Role(name, others, clause + at if at >= 0 else -1, clause + at + len(name) if at >= 0 else -1,
                       sentence[start:end], None, "unknown") for at, name, others in people]
    return roles


def _named_in(head: str, ctx: RuleContext) -> list[tuple[int, str, tuple[str, ...]]]:
    """The people ``head`` (a clause up to the organisation) names: the list ending at its last name, or a surname
    alone; none when the last name is not the clause's first words' (an object: "A 表示 B 加入", "hired A and B")."""
    last = last_name_end(head, ctx)
    surname = _surname_before(head, ctx)
    if last is not None and (surname is None or surname[0] < last):
        named = subjects(head, last, ctx)
    elif surname is not None:
        named = [(surname[0] - len(surname[2]), surname[1], ())]
    else:
        return []
    if not named:
        return []
    first = min(at for at, _, _ in named)
    return named if ctx.patterns.implied_subject.fullmatch(head[:first]) else []


def _written_in(sentence: str, organizations: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of each place ``sentence`` writes one of ``organizations`` (the longest where they overlap,
    whole words for Latin ones), in order: a search for a few known strings instead of trying every substring."""
    folded = sentence.casefold()
    found = []
    for form in {o.casefold() for o in organizations if len(o.strip()) >= 2}:
        at = folded.find(form)
        while at >= 0:
            end = at + len(form)
            if not (at > 0 and is_latin(sentence[at - 1]) and is_latin(sentence[at])) \
                    and not (end < len(sentence) and is_latin(sentence[end - 1]) and is_latin(sentence[end])):
                found.append((at, end))
            at = folded.find(form, at + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _may_name_someone(sentence: str, ctx: RuleContext) -> bool:
    """A known name, a known full name's last word alone, a pronoun or a group word: a cheap test before the
    organisations are looked for (every substring is an organisation candidate, the costly part of the rule pass)."""
    folded = sentence.casefold()
    surnames = {key.rsplit(" ", 1)[-1] for key in ctx.names if " " in key}
    return (any(form in folded for form in ctx.names)
            or any(word[0].isupper() and word.casefold() in surnames for word in _LATIN_WORD.findall(sentence))
            or ctx.cues.matches(sentence, "pronoun", "group", "formal_pronoun"))


def _surname_before(head: str, ctx: RuleContext) -> tuple[int, str, str] | None:
    """The last Latin surname alone in ``head`` ("Roe 在三年前加入…") that is the last word of exactly one
    full name of the document: (where it ends, that full name, the surname as written)."""
    full_names: dict[str, set[str]] = {}
    for key, form in ctx.names.items():
        if " " in key:
            full_names.setdefault(key.rsplit(" ", 1)[-1], set()).add(form)
    found = None
    for match in _LATIN_WORD.finditer(head):
        forms = full_names.get(match.group().casefold(), set()) if match.group()[0].isupper() else set()
        if len(forms) == 1 and not head[:match.start()].rstrip().endswith(tuple(_first_words(ctx))):
            found = (match.end(), next(iter(forms)), match.group())
    return found


def _first_words(ctx: RuleContext) -> set[str]:
    """The words a full name starts with, so that "Jane Roe" itself is not read as the surname alone."""
    return {form.split()[0] for form in ctx.names.values() if " " in form}
