"""The last resort of the rule pass: a person and a known organisation in one clause that states a career status
for that organisation ("周明远此前在北辰科技负责搜索业务", "Jane Roe spent her early career at Contoso's lab"), when no
shape read the pair.

Why: each shape reads one way of writing a fact, and measured on text nobody looked at (session 18's fifth fresh
batch, the fourth and the test half) the shapes written from other articles' misses added nothing: most positions
missed there are of people the model did find, at organisations the table knows, in sentences no shape was written
for. A clause is the smallest unit in which such a pair is usually one fact; the status comes from the same reading
grounding uses (:func:`extract.ground.status.stated_status`: the cue nearest the organisation in its clause).

Guards, for precision: the clause names exactly one person, a name the model gave (the tagger's are too often a
product or a place here), written before the organisation and owning nothing ("Jane Roe's team"): the clause's
subject; the organisation is known (table or the model's); the clause has a status cue for that organisation; a
clause about studying is left to the degree shapes.
"""

from __future__ import annotations

import re

from extract.ground.rules.context import Role, RuleContext, organisations_in
from extract.ground.status import stated_status
from extract.lexicon.cues import STUDY_KINDS
from extract.lexicon.sentences import clause_spans

__all__ = ["find_nearby_roles"]

_OWNS = re.compile(r"['’]s\b|的")  # "Jane Roe's team at Contoso", "周明远的团队": the person owns, is not placed


def find_nearby_roles(sentence: str, ctx: RuleContext) -> list[Role]:
    """One role per (person, organisation) of each clause that names one person, one or more known organisations
    and a status cue for them."""
    roles: list[Role] = []
    for start, end in clause_spans(sentence):
        clause = sentence[start:end]
        if not clause.strip() or ctx.cues.matches(clause, *STUDY_KINDS):
            continue
        people = _names_in(clause, ctx)
        organisations = organisations_in(clause, 0, ctx)
        if len(people) != 1 or not organisations:
            continue
        at, name = people[0]
        for org_start, org_end in organisations:
            if org_start < at + len(name) or _OWNS.match(clause, at + len(name)):
                continue  # the person is the clause's subject: named before the organisation, owning nothing
            organization = clause[org_start:org_end].strip()
            status = stated_status(clause, organization, ctx.cues)
            if status is None:
                continue
            roles.append(Role(name, (), start + at, start + at + len(name), organization, None, status))
    return roles


def _names_in(clause: str, ctx: RuleContext) -> list[tuple[int, str]]:
    """The distinct known names written in ``clause`` (a shorter form inside a longer one is the same person)."""
    folded = clause.casefold()
    found: dict[str, tuple[int, str]] = {}
    for form, written in ctx.names.items():
        at = folded.find(form)
        if at >= 0 and not ctx.is_org(written):
            found[form] = (at, clause[at:at + len(form)])
    forms = sorted(found, key=len, reverse=True)
    kept = [f for i, f in enumerate(forms) if not any(f in longer for longer in forms[:i])]
    return [found[f] for f in kept]
