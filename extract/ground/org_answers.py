"""Repairs of the organisation a small model gives for a position, read against its own sentence.

- A school where the sentence says the person studied ("2010 年，他进入 Acme 大学少年班学习"), given as a job with no
  title: it is a study, refiled as education with no degree (the model files a student's arrival as a position).
- A known organisation with a title glued to it ("Acme前高管", "Acme的首席研究员"): the organisation is the known
  prefix, the rest its title, and a former mark between (前, 原) says the post was held before.

Why a module of its own: both read the model's organisation string with the alias table and the cue lexicon, which
grounding itself only passes along; they are checks of one field, like :mod:`extract.ground.repairs` for dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lexicon.cues import CueLexicon
from extract.lexicon.orgs import OrgTable
from extract.lexicon.people import in_han_dictionary

__all__ = ["GluedTitle", "glued_title", "studied_at"]

_CLAUSE_END = re.compile(r"[，,；;。.!?！？]")
_MAX_TITLE = 12  # characters of a title glued after an organisation
# what may stand before a title word at the start of a glued title: a rank ("副总裁", "高级工程师"), or a Latin word
_TITLE_START = re.compile(r"(?:副|高级|资深|首席|执行|联席|常务|[A-Za-z]+\s+)?")
_NEAR = 20  # characters between a school and the word that says the person studied there


def studied_at(organization: str, quote: str, orgs: OrgTable, cues: CueLexicon) -> bool:
    """Is ``organization`` a university that ``quote`` names with studying after it in its clause ("进入 Acme 大学
    学习", "joined Acme University as a PhD student"; a field "… learning" is none)?"""
    entry = orgs.entry(orgs.canonical(organization).canonical)
    if not ((entry is not None and entry.kind == "university") or cues.matches(organization, "university")):
        return False
    at = quote.casefold().find(organization.casefold())
    if at < 0:
        return False
    end = at + len(organization)
    stop = _CLAUSE_END.search(quote, end)
    clause = cues.regex("learning_field").sub(" ", quote[end:stop.start() if stop else len(quote)])
    if cues.matches(quote[end:], "title", "hold", "work_as", "tenure"):
        return False  # "读博，之后留在 Acme 大学任教", "to lead its student center": a job is told too
    studying = cues.regex("study").search(clause)
    return studying is not None and studying.start() <= _NEAR  # "Acme 大学数学系学习", "as a PhD student"


@dataclass(frozen=True)
class GluedTitle:
    organization: str
    title: str
    former: bool


def glued_title(organization: str, orgs: OrgTable, cues: CueLexicon) -> GluedTitle | None:
    """"Acme前高管" → (Acme, 高管, former): the longest known organisation the string starts with, then maybe 的 or a
    former mark, then a title (ending in a title word, short); None when the string is not so made."""
    for end in range(len(organization) - 1, 1, -1):
        head, rest = organization[:end].strip(), organization[end:].strip()
        if not orgs.is_alias(head) or not rest or len(rest) > _MAX_TITLE:
            continue
        former = cues.regex("former").match(rest)
        if former is not None and in_han_dictionary(rest[:former.end() + 1]):
            former = None  # 前端, 前沿, 原创: a word, no former mark
        if former is not None:
            rest = rest[former.end():].strip()
        rest = rest.removeprefix("的").strip()
        title = _TITLE_START.match(rest)
        if rest and title and any(m.end() == len(rest) for m in cues.regex("title", plural=True).finditer(rest)) \
                and cues.regex("title", plural=True).match(rest, title.end()):
            return GluedTitle(head, rest, former is not None)
        return None
    return None
