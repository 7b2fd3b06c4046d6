"""Repairs of the organisation a small model gives for a position, read against its own sentence.

- A school where the sentence says the person studied ("2010 年，他进入 Acme 大学少年班学习"), given as a job with no
  title: it is a study, refiled as education with no degree (the model files a student's arrival as a position).
- A known organisation with a title glued to it ("Acme前高管", "Acme的首席科学家"): the organisation is the known
  prefix, the rest its title, and a former mark between (前, 原) says the post was held before.

Why a module of its own: both read the model's organisation string with the alias table and the cue lexicon, which
grounding itself only passes along; they are checks of one field, like :mod:`extract.ground.repairs` for dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lexicon.cues import CueLexicon
from extract.lexicon.orgs import OrgTable

__all__ = ["GluedTitle", "glued_title", "studied_at"]

_CLAUSE_END = re.compile(r"[，,；;。.!?！？]")
_MAX_TITLE = 12  # characters of a title glued after an organisation


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
    rest = cues.regex("learning_field").sub(" ", quote[end:stop.start() if stop else len(quote)])
    return cues.matches(rest, "study")


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
        if former is not None:
            rest = rest[former.end():].strip()
        rest = rest.removeprefix("的").strip()
        if rest and any(m.end() == len(rest) for m in cues.regex("title", plural=True).finditer(rest)):
            return GluedTitle(head, rest, former is not None)
        return None
    return None
