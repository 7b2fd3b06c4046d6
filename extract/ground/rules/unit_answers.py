"""The model's answers that give a unit as the organisation ("周明远 | 数据平台部 | 副总经理" for "周明远继续担任数据
平台部副总经理"): the unit belongs to the organisation its clause names before it, else to the document's subject.

Why: a notice of a reorganisation names departments, not the company, in each clause; the model then files the
department as the employer. That fact matches no gold organisation and no other document's, and worse, the rule pass
takes every organisation the model gave as a known one, so the department's name stops its unit shapes
(:mod:`~extract.ground.rules.units`) and becomes the organisation of every title near it ("均向公司副总裁 NAME 汇报"
read as the department's vice president). Measured on the real-article dev half with ``--name-list 8``, where the
listed chunk is such a notice.

What counts as a unit: a name ending in a ``[department]`` cue word (部门, 事业群, 团队, department, team …; 实验室,
中心, lab and group are left out, since many of those are organisations of their own) that holds no known
organisation (腾讯机器人实验室 is a named unit, kept) and is not one itself; a bare 部 needs three
characters before it (教育部, 科技部 are ministries). The fact keeps the unit in its title ("数据平台部副总经理"),
its evidence and everything else; a unit whose sentence names no organisation before it, in a document without a
subject, is left as the model gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from extract.ground.rules.context import RuleContext, clause_start, is_latin, last_org_before, organisations_in
from extract.ground.rules.subject import DocumentSoFar
from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.models.documents import Chunk
from extract.models.mention import Mention, PositionFact

__all__ = ["is_unnamed_unit", "rehome_unit_answers"]

_BARE_UNIT = "部"
_BARE_UNIT_BEFORE = 3  # characters before a bare 部: 数据平台部, not 教育部


def rehome_unit_answers(mentions: Sequence[Mention], chunks: Iterable[Chunk], orgs: OrgTable,
                        cues: CueLexicon | None = None) -> list[Mention]:
    """``mentions`` with every position at an unnamed unit moved to the organisation it belongs to (others as
    they were, in the same order). ``chunks``: the answered chunks, in document order."""
    cues = cues or default_cues()
    chunks_of: dict[str, list[Chunk]] = {}
    for span in chunks:
        chunks_of.setdefault(span.doc, []).append(span)
    mentions_of: dict[str, list[Mention]] = {}
    for mention in mentions:
        mentions_of.setdefault(mention.doc, []).append(mention)
    contexts: dict[str, RuleContext] = {}
    result = []
    for mention in mentions:
        if not any(is_unnamed_unit(p.organization, orgs, cues) for p in mention.positions):
            result.append(mention)
            continue
        if mention.doc not in contexts:
            contexts[mention.doc] = _context(mentions_of[mention.doc], orgs, cues)
        positions = [_rehomed(p, chunks_of.get(mention.doc, []), contexts[mention.doc]) for p in mention.positions]
        result.append(mention.model_copy(update={"positions": positions}))
    return result


def is_unnamed_unit(organization: str, orgs: OrgTable, cues: CueLexicon) -> bool:
    """Is ``organization`` a department or team that names no organisation ("数据平台部", "the search team")?"""
    name = organization.strip()
    if orgs.canonical(name).method != "none":  # an organisation the table knows, or a unit it names
        return False
    if not any(_ends_in(name, word) for word in cues.words("department")):
        return False
    only_bare = not any(name.endswith(w) for w in cues.words("department") if w != _BARE_UNIT)
    if name.endswith(_BARE_UNIT) and only_bare and len(name) - len(_BARE_UNIT) < _BARE_UNIT_BEFORE:
        return False
    bare = RuleContext(orgs=orgs, doc_orgs=frozenset(), names={}, cues=cues)
    return not organisations_in(name, 0, bare)


def _ends_in(name: str, word: str) -> bool:
    if is_latin(word[-1]):  # a Latin word: the name's last word ("Search Team")
        return name.casefold().split()[-1:] == [word.casefold()] and len(name.split()) > 1
    return name.endswith(word) and len(name) > len(word)


def _context(mentions: list[Mention], orgs: OrgTable, cues: CueLexicon) -> RuleContext:
    """The organisations the model gave in one document, units left out (a unit is not what a sentence is about)."""
    named = {normalise_org(p.organization) for m in mentions for p in m.positions
             if not is_unnamed_unit(p.organization, orgs, cues)}
    named |= {normalise_org(e.institution) for m in mentions for e in m.education}
    return RuleContext(orgs=orgs, doc_orgs=frozenset(k for k in named if k), names={}, cues=cues)


def _rehomed(fact: PositionFact, chunks: list[Chunk], ctx: RuleContext) -> PositionFact:
    """The fact at the unit's organisation, the unit written into its title; as it was when none is known."""
    unit = fact.organization.strip()
    quote, start = fact.evidence.quote, fact.evidence.start
    at = quote.find(unit)
    if not is_unnamed_unit(unit, ctx.orgs, ctx.cues) or at < 0 or start is None:
        return fact
    clause = clause_start(quote[:at])  # the organisation the unit's own clause names before it, not one left earlier
    organization = last_org_before(quote[clause:], at - clause, ctx) or _subject(chunks, start, ctx)
    if organization is None:
        return fact
    title = fact.title or ""
    if unit.casefold() not in title.casefold():
        title = f"{unit}{title}" if not is_latin(unit[-1]) else f"{title}, {unit}".strip(", ")
    return fact.model_copy(update={"organization": organization, "title": title})


def _subject(chunks: list[Chunk], at: int, ctx: RuleContext) -> str | None:
    """The document's subject from its headline and its text before offset ``at`` (the rule pass's reading)."""
    before = [span for span in chunks if span.start < at]
    if not before:
        return None
    *earlier, current = sorted(before, key=lambda span: span.start)
    document = DocumentSoFar(title=current.title, chunks=[span.text for span in earlier])
    return document.subject(current.text, at - current.start, ctx)
