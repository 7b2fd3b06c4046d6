"""Degrees stated in a fixed shape: "SCHOOL 毕业" with the degrees before it ("硕士及博士毕业于 SCHOOL" is two),
"在 SCHOOL 攻读硕士学位", "获得 SCHOOL 博士学位", "在 SCHOOL 获得学士学位和博士学位" (two), "PhD from SCHOOL",
"graduated from SCHOOL", "…at SCHOOL, where she received her PhD"."""

from __future__ import annotations

import re

from extract.ground.rules.context import (
    RuleContext,
    Study,
    clause_start,
    last_org_before,
    org_ending_at,
    org_starting_at,
    organisations_in,
)
from extract.ground.rules.people import last_named, name_before

__all__ = ["find_studies"]


def find_studies(sentence: str, ctx: RuleContext, previous: str | None) -> list[Study]:
    """Every degree of one sentence, one entry per degree. The subject is the name right before the clause, or for
    a pronoun or left-out subject the person named last (``previous``: the last one before the sentence)."""
    studies: list[Study] = []
    last: tuple[str, int] | None = None  # the person of the sentence's last degree, and where its school ended
    for pattern in ctx.patterns.studies:
        for match in pattern.finditer(sentence):
            schools = _schools_from(sentence, match.end(), ctx)
            if not schools:
                continue
            person = _subject_of(sentence, match.start(), ctx, previous)
            listed = last is not None and ctx.patterns.degree_list.fullmatch(sentence, last[1], match.start())
            if person is None and listed:
                person = last[0]  # "a bachelor's degree from A and a PhD from B": the list goes on
            if person is None:
                continue
            written = match.groupdict().get("deg")
            if written:
                degrees = [d for part in ctx.patterns.degree_joint.split(written) for d in _levels(part, ctx)
                           if not _GENERIC.fullmatch(d)]
            elif "nodeg" not in match.groupdict():  # "a graduate of SCHOOL" states no degree
                degrees = _degrees_after(sentence[schools[0][1]:], ctx)
            else:
                degrees = []
            studies.extend(Study(person, school, degree) for school, _end in schools for degree in degrees or [None])
            studies.extend(_listed_after(sentence, schools[-1][1], person, ctx))
            last = (person, schools[-1][1])
    for match in ctx.patterns.where_degree.finditer(sentence):  # "…at SCHOOL's department, where he received his PhD"
        school = last_org_before(sentence, match.start(), ctx)
        person = last_named(sentence[:match.start()], ctx) or previous
        if school is not None and person is not None and _a_university(school, ctx):
            studies.append(Study(person, school, match.group("deg")))
    for match in ctx.cues.regex("study.alumni").finditer(sentence):  # "SCHOOL 校友", "SCHOOL alumni"
        org_start = org_ending_at(sentence, len(sentence[:match.start()].rstrip()), ctx)
        if org_start is None:
            continue
        person = _subject_of(sentence, org_start, ctx, previous)
        if person is not None:
            studies.append(Study(person, sentence[org_start:match.start()].strip(), None))
    return studies


# A Chinese degree list in one word: 本硕博 (bachelor, master and doctorate), 本硕, 硕博
_COMBINED = re.compile(r"[本硕碩博]{2,3}")
_LEVELS = ("degree.bachelor", "degree.master", "degree.doctorate")


def _levels(written: str, ctx: RuleContext) -> list[str]:
    """The degrees one written part names: 本硕博 is three (each level's Chinese word that starts with its
    character), anything else itself."""
    if not _COMBINED.fullmatch(written):
        return [written]
    words = [w for level in _LEVELS for w in ctx.cues.words(level) if "\u4e00" <= w[0] <= "\u9fff"]
    simplified = written.replace("碩", "硕")
    return [next((w for w in words if w[0] == c), c) for c in simplified]


def _listed_after(sentence: str, at: int, person: str, ctx: RuleContext) -> list[Study]:
    """The degrees of a list that goes on after a school ending at ``at``, each a school and its degree: "拥有 A
    电机硕士、B 物理博士学位" (the second, and any after it)."""
    found: list[Study] = []
    own = _degree_soon_after(sentence, at, ctx)  # the first school's own degree ("A 电机硕士")
    at = own.end() if own is not None else at
    while (joint := ctx.patterns.degree_list.match(sentence, at)) is not None and joint.end() > at:
        end = org_starting_at(sentence, joint.end(), ctx)
        degree = _degree_soon_after(sentence, end, ctx) if end is not None else None
        if degree is None:
            break
        found.append(Study(person, sentence[joint.end():end].strip(), degree.group()))
        at = degree.end()
    return found


def _degree_soon_after(sentence: str, at: int, ctx: RuleContext) -> re.Match[str] | None:
    """A degree level after a school ending at ``at``, past a short Han field between ("物理博士")."""
    for start in range(at, min(len(sentence), at + _FIELD + 1)):
        degree = ctx.patterns.degree.match(sentence, start)
        if degree is not None:
            return degree
        if not "\u4e00" <= sentence[start] <= "\u9fff":
            return None
    return None


_FIELD = 6  # Han characters of a field between a school and its degree


def _a_university(name: str, ctx: RuleContext) -> bool:
    """A university by the table's kind or by its name ("Acme University", "东湖大学"): where a sentence names the
    school only before a relative clause, a place alone ("Cambridge") or a company is not taken for one."""
    entry = ctx.orgs.entry(ctx.orgs.canonical(name).canonical)
    return (entry is not None and entry.kind == "university") or ctx.cues.matches(name, "university")


_CAREER_VERBS = ("hold", "join", "leave", "work_at", "found", "appoint")

# "degrees from A and B": the word "degree" itself names no degree
_GENERIC = re.compile(r"(?i)degrees?|学位")


def _degrees_after(rest: str, ctx: RuleContext) -> list[str]:
    """The degree levels written after a school in its clause ("获得自动化专业学士学位和博士学位": 学士, 博士), or
    none."""
    first = ctx.patterns.degree_after.match(rest)
    if first is None:
        return []
    clause = re.split(r"[，,；;。]", rest[first.end(1):], maxsplit=1)[0]
    other = organisations_in(clause, 0, ctx)  # "复旦大学本科学位和北京大学博士学位": the second is the next school's
    clause = clause[:other[0][0]] if other else clause
    verb = ctx.cues.regex(*_CAREER_VERBS).search(clause)  # "学士学位后留校担任博士生导师": a verb ends the degrees
    clause = clause[:verb.start()] if verb else clause
    return list(dict.fromkeys([first.group(1), *(m.group() for m in ctx.patterns.degree.finditer(clause))]))


def _schools_from(sentence: str, at: int, ctx: RuleContext) -> list[tuple[str, int]]:
    """The school starting at ``at`` and the ones joined to it ("清华大学和北京大学", "Tsinghua University and MIT"):
    (name, end) each."""
    schools: list[tuple[str, int]] = []
    while (end := org_starting_at(sentence, at, ctx)) is not None:
        name = sentence[at:end].strip()
        if schools and ctx.orgs.is_company(name):
            break  # "graduated from MIT and Acme hired her": a company grants no degree
        schools.append((name, end))
        joint = ctx.patterns.org_joint.match(sentence, end)
        if joint is None or joint.end() == end:
            break
        at = joint.end()
    return schools


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
    if ctx.patterns.implied_subject.fullmatch(head[start:end]):
        return last_named(head[:start], ctx) or previous  # "She completed her PhD at …"
    name = name_before(sentence, end, ctx)
    return name[1] if name else None
