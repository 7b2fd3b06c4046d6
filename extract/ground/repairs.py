"""Deterministic repairs of what a small model gets wrong but its own evidence sentence settles.

Part of grounding (:mod:`extract.ground.grounding` calls these once a fact has its evidence), kept apart because
they are rules about language, not about offsets:

- **Dates the evidence states but the model left empty.** Measured on the seeds: the 1.5B model gives a date for
  few of the facts whose sentence has one, and grounding clears most of the dates it does give (they are not in the
  sentence). A date is filled only from the clause that names the organisation (or a clause that is nothing but a
  date, leading the sentence: "2014 年，他加入…"), and only when the clause says which end it is: a range gives
  both; a single date needs a joining verb (start) or a leaving verb (end), or a hiring verb (the hirer's start,
  the end of the organisation the hired come "from"). The raw text is kept as written, so
  resolution against the publication date stays where it is (:mod:`extract.lexicon.dates`).
- **Facts filed under the wrong kind.** A "position" whose title is a degree (计算机博士 at a university, in a
  sentence about studying) is education; an "education" entry whose "degree" is a job title (高级研究员 at a
  company, in a sentence with no study word) is a position.

The cue words (joining, leaving, graduating, degree and job words) are data: the cue lexicon
(:mod:`extract.lexicon.cues`), extended with ``--cues FILE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.dates import find_dates, framed_as_start, yearless
from extract.lexicon.sentences import clause_spans, list_item_body

__all__ = ["START_CUES", "from_persons_clause", "is_degree", "is_job_title", "stated_dates", "stated_graduation"]

# The cue kinds whose words say a position began (a date in the clause is its start).
START_CUES = ("join", "found", "appoint", "hold.start")
_LETTERS = re.compile(r"[^\W\d_]")
_STATED_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def is_degree(text: str | None, cues: CueLexicon | None = None) -> bool:
    """A degree ("博士", "PhD in CS", "化学硕士学位") and not a job that mentions one ("博士后研究员", "PhD lead")."""
    if not text:
        return False
    cues = cues or default_cues()
    return cues.matches(text, "degree") and not cues.matches(text, "title", "postdoc")


def is_job_title(text: str | None, cues: CueLexicon | None = None) -> bool:
    """A job title ("高级研究员", "research scientist"), not a degree: given as a "degree", the fact is a job."""
    if not text:
        return False
    cues = cues or default_cues()
    return cues.matches(text, "title") and not is_degree(text, cues)


@dataclass(frozen=True)
class _Clause:
    text: str
    dates: list[tuple[int, int]]  # spans of date expressions inside ``text``


def _clauses(sentence: str, published: str | None) -> list[_Clause]:
    pieces = [sentence[start:end] for start, end in clause_spans(sentence)]  # the lexicon's one clause splitter
    return [_Clause(p, find_dates(p, published)) for p in pieces if p.strip()]


def _only_date(clause: _Clause, cues: CueLexicon) -> bool:
    """A clause that is nothing but a date ("2014 年", "去年 1 月", "(39:00) 2009-2011", "2000 年至 2003 年间"), maybe
    in a narrative's frame ("那一年的 4 月 9 日", "在此之前的 5 月 8 日")."""
    rest = clause.text
    for start, end in sorted(clause.dates, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    words = [w for w in re.split(r"[\s至到~\-–—()（）:：\d]+", rest) if w]
    around = cues.regex("around_date", "date_frame")
    return bool(clause.dates) and all(not _LETTERS.search(around.sub("", w)) for w in words)


def _topic_only(clause: str, organization: str, cues: CueLexicon) -> bool:
    """A clause that only names the organisation as the topic of what follows ("在 Acme，", "以 Acme 为例，"): the
    organisation's move is told in a later clause."""
    topic = rf"\s*(?:{cues.alternation('topic')})?\s*{re.escape(organization)}\s*(?:{cues.alternation('topic_end')})?"
    return re.fullmatch(rf"{topic}\s*[，,]?\s*", clause, re.IGNORECASE) is not None


def _date_clause(sentence: str, organization: str, published: str | None, cues: CueLexicon,
                 usable: Callable[[str], bool] = lambda clause: True) -> tuple[_Clause, _Clause] | None:
    """(the first ``usable`` clause naming ``organization``, the clause its date comes from: itself or a leading
    date-only one)."""
    clauses = _clauses(sentence, published)
    folded_org = organization.casefold()
    home = next((c for c in clauses if folded_org and folded_org in c.text.casefold() and usable(c.text)
                 and not _topic_only(c.text, organization, cues)), None)
    if home is None:
        return None
    source = home if home.dates else next((c for c in clauses[: clauses.index(home)] if _only_date(c, cues)), None)
    if source is None and clauses.index(home) > 0 and _dated_item_head(sentence, clauses[0]):
        source = clauses[0]  # "- Jane Roe (June 20): …, joined Acme": the item's date is its move's
    return (home, source) if source is not None else None


_BRACKETED_DATE_END = re.compile(r"[(（][^()（）]*[)）]\s*$")


def _dated_item_head(sentence: str, head: _Clause) -> bool:
    """Is ``head`` a list item's head, its person and one date in brackets ("- Jane Roe (June 20)"), the date
    of what the item tells?"""
    if list_item_body(sentence) is None or len(head.dates) != 1:
        return False
    bracket = _BRACKETED_DATE_END.search(head.text)
    return bracket is not None and bracket.start() <= head.dates[0][0]


def stated_graduation(sentence: str, institution: str, published: str | None,
                      cues: CueLexicon | None = None, degree: str | None = None) -> str | None:
    """The graduation date as written ("2011 年她毕业于某大学" → "2011 年"), when the clause says graduated; with
    ``degree``, from the clause that names that degree where one does ("本科 2013 年毕业于 A，博士 2019 年毕业于 A":
    2019 for the doctorate)."""
    cues = cues or default_cues()
    # the clause that names the degree ("博士" is not in "博士后")
    named = (lambda clause: re.search(rf"{re.escape(degree)}(?!后|後)", clause, re.IGNORECASE) is not None) \
        if degree else None
    found = (_date_clause(sentence, institution, published, cues, usable=named) if named else None) or _date_clause(
        sentence, institution, published, cues)
    if found is None:
        return None
    home, source = found
    if len(source.dates) != 1 or not cues.matches(home.text, "graduate", "obtain"):
        return None
    start, end = source.dates[0]
    return source.text[start:end].strip()


def stated_dates(sentence: str, organization: str, published: str | None,
                 cues: CueLexicon | None = None) -> tuple[str | None, str | None]:
    """(start, end) as written in ``sentence`` for a position at ``organization``, or (None, None) when the
    sentence does not say unambiguously. See the module docstring for the rules."""
    cues = cues or default_cues()
    start, end = _stated(sentence, organization, published, cues)
    return tuple(None if _announced(sentence, raw, cues) else _in_its_year(sentence, raw, cues)
                 for raw in (start, end))


def _announced(sentence: str, raw: str | None, cues: CueLexicon) -> bool:
    """Is ``raw`` a month or a day with no year, after a word of the future in its clause ("宣布将于 2 月 4 日加入")?
    Read against the article's date it would fall a year early; the move has no date yet (one with a year is
    dropped at consolidation, never after the article's date)."""
    at = sentence.find(raw) if raw else -1
    if at < 0 or not yearless(raw):
        return False
    begin = next((start for start, end in reversed(clause_spans(sentence)) if start <= at), 0)
    return cues.matches(sentence[begin:at], "future")


def from_persons_clause(sentence: str, organization: str, at: int, cues: CueLexicon | None = None) -> str:
    """``sentence`` from the clause holding offset ``at`` (where the person is named) on, when the clauses before it
    tell a move of their own at the same organisation: two people's moves in one sentence ("A left Acme in October
    and launched X, and B left Acme in July and co-founded Y": B's Acme is the second). Else the whole sentence: a
    topic or a date before the person's clause is theirs ("在 Acme，那一年的 6 月 5 日，NAME 加入 Acme")."""
    cues = cues or default_cues()
    folded, organization = sentence.casefold(), organization.casefold()
    begin = next((start for start, end in reversed(clause_spans(sentence)) if start <= at), 0)
    first = folded.find(organization)
    if not organization or first < 0 or first >= begin or folded.find(organization, begin) < 0 \
            or not cues.matches(sentence[:begin], "join", "leave", "found", "hire", "appoint"):
        return sentence
    return sentence[begin:]


def _in_its_year(sentence: str, raw: str | None, cues: CueLexicon) -> str | None:
    """A month or a day with no year of its own, as the sentence frames it: with "that year" before it, kept with
    those words ("那一年的 4 月 9 日": consolidation reads it against a guessed year only, a publication date being
    no story's year); after a year the sentence states, in that year ("2019 年 3 月离开 A，6 月加入 B": "2019 年 6
    月", "据报道，2021 年 5 月……已于 3 月底离职": "2021 年 3 月底"; written so, or the publication's year would be
    taken); else as written."""
    at = sentence.find(raw) if raw else -1
    if at < 0 or not yearless(raw):
        return raw
    frame = cues.regex("that_year").search(sentence, max(0, at - 8), at)
    if frame is not None and not sentence[frame.end():at].strip(" 的"):
        return sentence[frame.start():at + len(raw)]
    years = _STATED_YEAR.findall(sentence, 0, at)
    if not years:
        return raw
    return f"{years[-1]} 年 {raw}" if re.search(r"[月日号]", raw) else f"{raw.rstrip('.,;')} {years[-1]}"


def _stated(sentence: str, organization: str, published: str | None, cues: CueLexicon) -> tuple[str | None, str | None]:
    begun, ended = _stated_in_clause(sentence, organization, published, cues)
    if begun is not None and ended is None:
        clauses = _clauses(sentence, published)
        folded = organization.casefold()
        home = next((c for c in clauses if folded and folded in c.text.casefold()), None)
        ended = _left_later(clauses, home, cues) if home is not None else None
    return begun, ended


def _stated_in_clause(sentence: str, organization: str, published: str | None,
                      cues: CueLexicon) -> tuple[str | None, str | None]:
    usable = lambda clause: not _joined_elsewhere(clause, organization, cues)  # noqa: E731
    found = _date_clause(sentence, organization, published, cues, usable=usable)
    if found is None:
        return _dated_move_before(sentence, organization, published, cues, usable), None
    home, source = found
    spans = sorted(source.dates)
    raws = [source.text[s:e].strip() for s, e in spans]
    between = source.text[spans[0][1]:spans[1][0]] if len(spans) == 2 else ""
    if len(spans) == 2 and re.fullmatch(r"\s*(?:[-–—~～至到]|to|until)\s*", between, re.I):
        return raws[0], raws[1]
    if len(spans) != 1:  # several dates: the one of the verb that governs the organisation, if it has one
        return _governed(home.text, organization, published, cues) if home is source else (None, None)
    joining, leaving = cues.matches(home.text, *START_CUES), cues.matches(home.text, "leave")
    if _hired_by(home.text, organization, cues):  # "was hired by Acme in May"; "… after leaving Beta in May": Beta's
        if leaving:
            return None, None
        joining = True
    elif not (joining or leaving):
        joining, leaving = _hired(home.text, organization, cues)
    if not (joining or leaving) and _tenure_before_a_move(sentence, home.text, cues):
        return None, raws[0]  # "In March, Acme hired NAME, who spent a decade at Beta": Beta ends with the move
    if home is source and not leaving and framed_as_start(source.text, *spans[0]):  # "since 2021", "自 2019 年起"
        return raws[0], None
    if joining and leaving and home is source:  # "departed Acme in 2024 and joined Beta": the verb of the organisation
        return _governed(home.text, organization, published, cues)
    if leaving and _went_to(home.text, organization, cues):  # "left Acme for Beta in 2023": Beta starts then
        return raws[0], None
    if _held_now(home.text, organization, cues):  # "left (or joined Acme) in 2021 and is now at Beta": not Beta's
        return None, None
    if joining == leaving:  # neither
        return None, None
    return (raws[0], None) if joining else (None, raws[0])


def _tenure_before_a_move(sentence: str, clause: str, cues: CueLexicon) -> bool:
    """Is ``clause`` a past tenure told beside a move of the same sentence ("Acme hired NAME, who spent ten years at
    Beta", "2019 年，NAME 加入 Acme，此前在 Beta 工作了 8 年"): a tenure word or a past post, no move of its own, and
    a hiring or joining verb in another clause? The move's date then ends the tenure."""
    if not cues.matches(clause, "tenure", "work_at.past", "sequence.earlier"):
        return False
    rest = sentence.replace(clause, " ")
    return cues.matches(rest, "hire", "join")


def _hired_by(clause: str, organization: str, cues: CueLexicon) -> bool:
    """Is ``organization`` the agent of a passive hire in ``clause`` ("was recruited by Acme")?"""
    return re.search(rf"(?:{cues.alternation('hire')})\s+by\s+(?:the\s+)?{re.escape(organization)}", clause,
                     re.IGNORECASE) is not None


def _hired(clause: str, organization: str, cues: CueLexicon) -> tuple[bool, bool]:
    """(joining, leaving) for ``organization`` in a clause whose verb is a hire ("Acme also brought on NAME from
    Beta on Monday", "Acme 在 6 月聘用了 NAME"): the one hiring, before the verb, is joined; the one after "from"
    is left; (False, False) otherwise."""
    hired = cues.regex("hire").search(clause)
    at = clause.casefold().find(organization.casefold())
    if hired is None or at < 0:
        return False, False
    origin = cues.regex("origin").search(clause, max(0, at - 6), at)
    if origin is not None and not clause[origin.end():at].strip():
        return False, True
    # the hirer is the verb's subject, with only adverbs and dates between ("Acme 在 6 月聘用了", "Acme also
    # brought on"); not "谷歌首席科学家 A 在 2019 年聘用了 B" (A hired), nor "A 被百度聘请" (the passive's other side)
    between = clause[at + len(organization):hired.start()] if at < hired.start() else None
    return between is not None and _hirer_filler(cues).fullmatch(between) is not None, False


@lru_cache(maxsize=8)
def _hirer_filler(cues: CueLexicon) -> re.Pattern[str]:
    filler = cues.alternation("adverb", "time", "preposition", "group_adverb", "around_date")
    return re.compile(rf"(?:\s|{filler}|[\d年月日号]|(?:in|on|last|this)\s+\w+)*", re.IGNORECASE)


def _governed(clause: str, organization: str, published: str | None,
              cues: CueLexicon) -> tuple[str | None, str | None]:
    """The date of the move whose verb governs ``organization`` in a clause with both a joining and a leaving verb,
    or with several dates: from that verb (the last one before the organisation) to the next verb of a move or a
    held role, one date, a start or an end by the verb's kind ("departed Acme in October 2024 and joined Beta": Acme
    ends in October 2024; "joined the Acme team in 2016 and served as head of its lab in 2017": Acme starts in
    2016)."""
    at = clause.casefold().find(organization.casefold())
    found = [(m.start(), m.end(), kind) for kind, regex in (("start", cues.regex(*START_CUES)),
                                                            ("end", cues.regex("leave")),
                                                            ("hold", cues.regex("hold", "work_as")))
             for m in regex.finditer(clause)]
    starts = {(a, b) for a, b, kind in found if kind == "start"}  # "became" holds and starts: it starts
    verbs = sorted(v for v in found if not (v[2] == "hold" and v[:2] in starts))
    before = [v for v in verbs if v[1] <= at]
    if at < 0 or not before or before[-1][2] == "hold":  # a held role's date is no start or end by itself
        return None, None
    start, _, kind = before[-1]
    if kind == "end" and _went_to(clause, organization, cues):
        kind = "start"  # "left Acme for Beta in 2023 and joined …": where the departure went starts then
    stop = next((v[0] for v in verbs if v[0] >= at + len(organization)), len(clause))
    segment = clause[start:stop]
    dates = find_dates(segment, published)
    if not dates and kind == "start" and len(before) >= 2 and before[-2][2] == "end" \
            and (_onward_link(cues).search(clause, 0, before[-1][1])
                 or _coordinated(clause[before[-2][0]:start], published, cues)):
        # "left Acme in 2022 to launch Beta", "left Acme in 2022 and joined Beta": the departure's date
        segment = clause[before[-2][0]:start]
        dates = find_dates(segment, published)
    if len(dates) != 1:
        return None, None
    raw = segment[dates[0][0]:dates[0][1]].strip()
    return (raw, None) if kind == "start" else (None, raw)


def _coordinated(departure: str, published: str | None, cues: CueLexicon) -> bool:
    """Is ``departure`` (from a leaving verb to the next joining one) a departure with its date, then only a
    connective ("left Acme in 2022 and ", "departed Acme in May, then ")? The arrival it is joined to is the same
    move, so the same date."""
    dates = find_dates(departure, published)
    return len(dates) == 1 and re.fullmatch(rf"[\s,，]*(?:(?:{cues.alternation('then')})\s*)?", departure[dates[0][1]:],
                                            re.IGNORECASE) is not None


def _left_later(clauses: list[_Clause], home: _Clause, cues: CueLexicon) -> str | None:
    """The date of a departure told in a later clause with no subject and no object of its own ("joined Acme in
    2022, but left in June", "2019 年加入 Acme，2023 年离职"): the post the home clause took up ends then. Not past
    a clause with another move ("…，2021 年转投 Beta，2023 年离职": that departure is from Beta)."""
    filler = _subjectless_filler(cues)
    for clause in clauses[clauses.index(home) + 1:]:
        if cues.matches(clause.text, *START_CUES):
            return None
        verb = cues.regex("leave").search(clause.text)
        if verb is None:
            continue
        if len(clause.dates) != 1:
            return None
        start, end = clause.dates[0]
        rest = clause.text[:start] + " " + clause.text[end:]
        at = verb.start() - (end - start - 1 if start < verb.start() else 0)
        verb_end = at + len(verb.group())
        if filler.fullmatch(rest[:at]) and filler.fullmatch(rest[verb_end:]):
            return clause.text[start:end].strip()
        return None
    return None


@lru_cache(maxsize=8)
def _subjectless_filler(cues: CueLexicon) -> re.Pattern[str]:
    """What may stand around a subjectless clause's leaving verb besides its date: connectives, adverbs, time
    words, prepositions and the words around a date (no name, no organisation)."""
    words = cues.alternation("then", "adverb", "time", "preposition", "around_date", "date_frame")
    return re.compile(rf"(?:[\s,，.。;；]|{words})*", re.IGNORECASE)


def _went_to(clause: str, organization: str, cues: CueLexicon) -> bool:
    """Is ``organization`` where a departure went, right after its link ("left Acme for Beta", "… to join Beta")?"""
    at = clause.casefold().find(organization.casefold())
    return at > 0 and _onward_link(cues).search(clause, 0, at) is not None


@lru_cache(maxsize=8)
def _onward_link(cues: CueLexicon) -> re.Pattern[str]:
    """A departure's link to where it went, at the end of the text searched ("… for ", "… to launch ")."""
    return re.compile(rf"(?:{cues.alternation('onward')})\s*$", re.IGNORECASE)


def _held_now(clause: str, organization: str, cues: CueLexicon) -> bool:
    """Is ``organization`` written as where the person is now ("… and is now at Beta", "now with Beta")?"""
    at = clause.casefold().find(organization.casefold())
    return at > 0 and re.search(rf"(?:{cues.alternation('current')})\s+(?:{cues.alternation('affiliation')})\s+"
                                rf"(?:the\s+)?$", clause[:at], re.IGNORECASE) is not None


def _dated_move_before(sentence: str, organization: str, published: str | None, cues: CueLexicon,
                       usable: Callable[[str], bool]) -> str | None:
    """The start of a post taken up in the clause right after a dated move ("已于 2025 年 1 月回归母校，出任 Acme
    教授", "已於 4 月離職，轉任 Acme 主管"): the clause naming ``organization`` starts it with no date of its own,
    and the one before holds one date and a verb of leaving or joining; the date is the move's, so the post's start."""
    clauses = _clauses(sentence, published)
    folded = organization.casefold()
    at = next((i for i, c in enumerate(clauses) if folded and folded in c.text.casefold() and usable(c.text)), None)
    if not at or clauses[at].dates or not cues.matches(clauses[at].text, *START_CUES):
        return None
    before = clauses[at - 1]
    if len(before.dates) != 1 or not cues.matches(before.text, "join", "leave"):
        return None
    start, end = before.dates[0]
    return before.text[start:end].strip()


def _joined_elsewhere(clause: str, organization: str, cues: CueLexicon) -> bool:
    """The clause's only start word is a joining verb, and ``organization`` is written before it: the verb's object
    is another place ("近期，Acme 专家 NAME 已入职 Beta": 近期 dates the arrival at Beta, not a start at Acme). A
    founding or appointing verb may follow its organisation ("Acme 于 2019 年任命 NAME"), so they are not read so. A
    later clause naming the organisation may still date it ("Acme 宣布 NAME 加盟，出任 Acme 首席专家")."""
    if cues.matches(clause, *(kind for kind in START_CUES if kind != "join")):
        return False
    verb = cues.regex("join").search(clause)
    at = clause.casefold().find(organization.casefold())
    if at >= 0 and cues.regex("leave").search(clause[:at]):
        return False  # "left Acme in 2024 and joined Beta": the leaving verb's object is the organisation
    return verb is not None and 0 <= at < verb.start()
