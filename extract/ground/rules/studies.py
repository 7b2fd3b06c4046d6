"""Degrees stated in a fixed shape: "SCHOOL 毕业" with the degrees before it ("硕士及博士毕业于 SCHOOL" is two),
"在 SCHOOL 攻读硕士学位", "获得 SCHOOL 博士学位", "PhD from SCHOOL", "graduated from SCHOOL"."""

from __future__ import annotations

from extract.ground.rules.context import RuleContext, Study, clause_start, org_starting_at
from extract.ground.rules.people import last_named, name_before

__all__ = ["find_studies"]


def find_studies(sentence: str, ctx: RuleContext, previous: str | None) -> list[Study]:
    """Every degree of one sentence, one entry per degree. The subject is the name right before the clause, or for
    a pronoun or left-out subject the person named last (``previous``: the last one before the sentence)."""
    studies: list[Study] = []
    for pattern in ctx.patterns.studies:
        for match in pattern.finditer(sentence):
            org_start = match.end()
            org_end = org_starting_at(sentence, org_start, ctx)
            if org_end is None:
                continue
            institution = sentence[org_start:org_end].strip()
            person = _subject_of(sentence, match.start(), ctx, previous)
            if person is None:
                continue
            written = match.groupdict().get("deg")
            if not written:
                after = ctx.patterns.degree_after.match(sentence[org_end:])
                written = after.group(1) if after else None
            degrees = ctx.patterns.degree_joint.split(written) if written else [None]
            studies.extend(Study(person, institution, degree) for degree in degrees)
    return studies


def _subject_of(sentence: str, at: int, ctx: RuleContext, previous: str | None) -> str | None:
    """Who a clause starting its predicate at ``at`` is about: a name right before it (dates, 是 and adverbs
    between), else, when nothing but those stands before it in its clause, the person named last."""
    head = sentence[:at]
    start = clause_start(head)
    if start and ctx.patterns.relative.match(head[start:]):
        name = name_before(sentence, start - 1, ctx)  # "Jane Roe, who earned …"
        return name[1] if name else None
    if ctx.patterns.implied_subject.fullmatch(head[start:]) or ctx.patterns.study_filler.fullmatch(head[start:]):
        return last_named(head, ctx) or previous
    end = at - len(ctx.patterns.study_filler.search(head).group())
    name = name_before(sentence, end, ctx)
    return name[1] if name else None
