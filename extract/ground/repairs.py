"""Deterministic repairs of what a small model gets wrong but its own evidence sentence settles.

Part of grounding (:mod:`extract.ground.grounding` calls these once a fact has its evidence), kept apart because they
are
rules about language, not about offsets:

- **Dates the evidence states but the model left empty.** Measured on the seeds: the 1.5B model gives a date for
  few of the facts whose sentence has one, and grounding clears most of the dates it does give (they are not in the
  sentence). A date is filled only from the clause that names the organisation (or a clause that is nothing but a
  date, leading the sentence: "2014 年，他加入…"), and only when the clause says which end it is: a range gives
  both; a single date needs a joining verb (start) or a leaving verb (end). The raw text is kept as written, so
  resolution against the publication date stays where it is (:mod:`extract.lexicon.dates`).
- **Facts filed under the wrong kind.** A "position" whose title is a degree (计算机博士 at a university, in a
  sentence about studying) is education; an "education" entry whose "degree" is a job title (高级研究员 at a
  company, in a sentence with no study word) is a position.

Cue words are data: extend the tuples for other languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lexicon.dates import find_dates

__all__ = ["GRADUATION_CUES", "JOIN_CUES", "LEAVE_CUES", "is_degree", "is_job_title", "stated_dates",
           "stated_graduation"]

JOIN_CUES = (
    "加入", "加盟", "入职", "出任", "就任", "上任", "任命", "创立", "创办", "联合创办", "共同创立", "成立",
    "joined", "join ", "joins", "joining", "hired", "appointed", "named", "founded", "co-founded", "cofounded",
    "started", "moved to", "became",
)
LEAVE_CUES = (
    "离职", "离开", "辞去", "辞职", "卸任", "出走", "告别", "离任", "退休",
    "left", "leave", "leaves", "leaving", "departed", "departure", "resigned", "stepped down", "steps down",
    "quit", "retired",
)
GRADUATION_CUES = ("毕业", "获得", "获", "graduated", "graduating", "received", "earned", "completed", "obtained")
# A title made only of these is a degree, not a job ("计算机博士", "统计学学士学位", "PhD"). Postdoc is left out on
# purpose: the gold and common usage file a postdoc as a position.
DEGREE_WORDS = ("博士", "硕士", "学士", "本科", "学位", "研究生", "phd", "ph.d", "doctorate", "master", "bachelor",
                "mba", "msc", "m.sc", "bsc", "b.sc", "degree")
_JOB_WORDS = ("教授", "研究员", "工程师", "科学家", "总裁", "总监", "主管", "负责人", "院长", "经理", "专家", "创始人",
              "professor", "scientist", "engineer", "researcher", "director", "head", "lead", "officer", "fellow")
_CLAUSE = re.compile(r"[，,；;。！？!?]|(?<=[a-z])\.\s")
_LETTERS = re.compile(r"[^\W\d_]")
_DATE_FILLER = re.compile(r"^(?:间|年间|期间|之间|起|开始|时|的时候|from|in|between|since|during|at|on)$", re.I)


def is_degree(text: str | None) -> bool:
    """A degree ("博士", "PhD in CS", "统计学学士学位") and not a job that mentions one ("博士后研究员")."""
    if not text:
        return False
    folded = text.casefold()
    return any(w in folded for w in DEGREE_WORDS) and not any(w in folded for w in _JOB_WORDS) \
        and "博士后" not in folded and "postdoc" not in folded


def is_job_title(text: str | None) -> bool:
    """A job title ("高级研究员", "research scientist"), not a degree: given as a "degree", the fact is a job."""
    if not text:
        return False
    folded = text.casefold()
    return any(w in folded for w in _JOB_WORDS) and not is_degree(text)


@dataclass(frozen=True)
class _Clause:
    text: str
    dates: list[tuple[int, int]]  # spans of date expressions inside ``text``


def _clauses(sentence: str, published: str | None) -> list[_Clause]:
    pieces, last = [], 0
    for match in _CLAUSE.finditer(sentence):
        pieces.append(sentence[last:match.start()])
        last = match.end()
    pieces.append(sentence[last:])
    return [_Clause(p, find_dates(p, published)) for p in pieces if p.strip()]


def _only_date(clause: _Clause) -> bool:
    """A clause that is nothing but a date ("2014 年", "去年 1 月", "(39:00) 2009-2011", "2000 年至 2003 年间")."""
    rest = clause.text
    for start, end in sorted(clause.dates, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    words = [w for w in re.split(r"[\s至到~\-–—()（）:：\d]+", rest) if w]
    return bool(clause.dates) and all(_DATE_FILLER.match(w) or not _LETTERS.search(w) for w in words)


def _has(text: str, cues: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(cue in folded for cue in cues)


def _date_clause(sentence: str, organization: str, published: str | None) -> tuple[_Clause, _Clause] | None:
    """(the clause naming ``organization``, the clause its date comes from: itself or a leading date-only one)."""
    clauses = _clauses(sentence, published)
    folded_org = organization.casefold()
    home = next((c for c in clauses if folded_org and folded_org in c.text.casefold()), None)
    if home is None:
        return None
    source = home if home.dates else next((c for c in clauses[: clauses.index(home)] if _only_date(c)), None)
    return (home, source) if source is not None else None


def stated_graduation(sentence: str, institution: str, published: str | None) -> str | None:
    """The graduation date as written ("2014年他毕业于北京大学" → "2014年"), when the clause says graduated."""
    found = _date_clause(sentence, institution, published)
    if found is None:
        return None
    home, source = found
    if len(source.dates) != 1 or not _has(home.text, GRADUATION_CUES):
        return None
    start, end = source.dates[0]
    return source.text[start:end].strip()


def stated_dates(sentence: str, organization: str, published: str | None) -> tuple[str | None, str | None]:
    """(start, end) as written in ``sentence`` for a position at ``organization``, or (None, None) when the
    sentence does not say unambiguously. See the module docstring for the rules."""
    found = _date_clause(sentence, organization, published)
    if found is None:
        return None, None
    home, source = found
    spans = sorted(source.dates)
    raws = [source.text[s:e].strip() for s, e in spans]
    between = source.text[spans[0][1]:spans[1][0]] if len(spans) == 2 else ""
    if len(spans) == 2 and re.fullmatch(r"\s*(?:[-–—~～至到]|to|until)\s*", between, re.I):
        return raws[0], raws[1]
    if len(spans) != 1:
        return None, None
    joining, leaving = _has(home.text, JOIN_CUES), _has(home.text, LEAVE_CUES)
    if joining == leaving:  # neither, or both ("离开谷歌加入 OpenAI": which one is the date's?)
        return None, None
    return (raws[0], None) if joining else (None, raws[0])
