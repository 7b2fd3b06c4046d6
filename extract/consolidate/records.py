"""Merge the facts of one cluster of mentions into a career record.

Organisations are canonicalised through the alias table (the raw forms are kept), dates resolved against each
document's publication date, and the same position seen in several chunks or documents — same canonical
organisation, compatible title and dates — becomes one position carrying all its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from extract.consolidate.fact_dates import fact_dates, news_date
from extract.consolidate.resolve import Resolution
from extract.consolidate.timeline import NEWS_DATE_RAW, with_timeline
from extract.lexicon.date_parts import parse_published
from extract.lexicon.dates import ResolvedDate
from extract.lexicon.degrees import degree_level
from extract.lexicon.names import clean_name, display_score, script_key
from extract.lexicon.orgs import OrgTable, normalize_org
from extract.lexicon.script import has_han
from extract.lexicon.tenure import mentions_tenure, start_from_tenure
from extract.models.mention import Evidence, Mention
from extract.schemas.record import DateConflict, Merge, Record, RecordEducation, RecordEvidence, RecordPosition

__all__ = ["build_records"]

# When sources disagree on a position's status, report the one that says most about a move.
_STATUS_RANK = {"left": 0, "joined": 1, "founded": 2, "current": 3, "former": 4, "unknown": 5}
TITLE_CUTOFF = 80.0


@dataclass
class _Fact:
    """A position or education fact being merged: canonical key, values, evidence."""

    key: str
    title: str | None
    start: ResolvedDate | None
    end: ResolvedDate | None
    raw_org: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    evidence: list[RecordEvidence] = field(default_factory=list)
    parent: str | None = None
    degree: str | None = None
    field_of_study: str | None = None
    order: tuple[str, int] = ("", 0)
    seen: set[tuple] = field(default_factory=set)  # evidence already held: a popular person has thousands
    conflicts: list[DateConflict] = field(default_factory=list)  # other sources' readings of start/end

    def __post_init__(self) -> None:
        self.seen.update(_evidence_key(e) for e in self.evidence)


def _evidence_key(e: RecordEvidence) -> tuple:
    return (e.doc, e.start, e.end, e.quote, e.alignment)


def _evidence(e: Evidence) -> RecordEvidence:
    return RecordEvidence(doc=e.doc, start=e.start, end=e.end, quote=e.quote, alignment=e.alignment)


def _compatible(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """Two readings that may be one date. A publication-month estimate (:func:`news_date`) gives way to any date no
    later than it: "Acme 工程师 NAME 离职" in a headline, "2022 年 5 月, … NAME 离职" in the body, are one move."""
    if a is None or b is None or a.value.startswith(b.value) or b.value.startswith(a.value):
        return True
    news, other = (a, b) if _is_news_date(a) else (b, a)
    return _is_news_date(news) and not _is_news_date(other) and other.value[:len(news.value)] <= news.value


def _is_news_date(date: ResolvedDate) -> bool:
    return date.raw.startswith(NEWS_DATE_RAW)


def _disagree(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """Two readings of one date: both given, incompatible, at most a year apart ("2016" and "2017-03"). Further
    apart, they are more likely two stints (left in 2015, back in 2023) than two sources disagreeing."""
    if a is None or b is None or _compatible(a, b):
        return False
    return abs(int(a.value[:4]) - int(b.value[:4])) <= 1


def _in_conflict(fact: _Fact, new: _Fact) -> bool:
    """The same position told by other documents with a date that disagrees (issue 20): one fact with the
    conflict marked, not two positions at one organisation."""
    if {e.doc for e in fact.evidence} & {e.doc for e in new.evidence}:
        return False  # one document giving two dates tells two things, or its reader erred: keep both
    pairs = ((fact.start, new.start), (fact.end, new.end))
    return all(_compatible(a, b) or _disagree(a, b) for a, b in pairs) and any(_disagree(a, b) for a, b in pairs)


def _settle(fact: _Fact, new: _Fact, name: str) -> ResolvedDate | None:
    """The value ``fact`` keeps for start/end ``name`` when ``new`` disagrees: a stated one over an estimated one,
    else the more precise, else the first told; the other is kept as a conflict with its evidence."""
    mine, theirs = getattr(fact, name), getattr(new, name)
    if not _disagree(mine, theirs):
        return _more_precise(mine, theirs)
    assert mine is not None and theirs is not None
    if (mine.estimated, -len(mine.value)) > (theirs.estimated, -len(theirs.value)):
        fact.conflicts.append(DateConflict(field=name, value=mine.value, evidence=list(fact.evidence[:1])))
        return theirs
    fact.conflicts.append(DateConflict(field=name, value=theirs.value, evidence=list(new.evidence[:1])))
    return mine


def _same_title(a: str | None, b: str | None) -> bool:
    return a is None or b is None or fuzz.ratio(a.casefold(), b.casefold()) >= TITLE_CUTOFF


def _told_elsewhere(fact: _Fact, new: _Fact) -> bool:
    """Two titles at one organisation from documents that share none: one tenure told two ways ("Acme's CEO" in
    one article, "co-founder of Acme" in another), not two jobs. One document naming two titles at one place
    ("assistant professor, then professor") tells two, so those stay apart."""
    return fact.degree is None and new.degree is None and not (
        {e.doc for e in fact.evidence} & {e.doc for e in new.evidence})


def _same_level(a: str | None, b: str | None) -> bool:
    """Two degrees at one school are one fact unless both name a level and the levels differ (本科 vs 硕士)."""
    la, lb = degree_level(a), degree_level(b)
    return la is None or lb is None or la == lb


def _absorb(facts: list[_Fact], by_key: dict[str, list[_Fact]], new: _Fact) -> None:
    """Merge ``new`` into the first compatible fact with its key, else append it. ``by_key`` indexes ``facts``: a
    cluster of thousands of mentions has hundreds of facts, and scanning them all made records quadratic."""
    candidates = by_key.get(new.key, ())
    same = [f for f in candidates if (_same_title(f.title, new.title) or _told_elsewhere(f, new))
            and _same_level(f.degree, new.degree)]
    fact = next((f for f in same if _compatible(f.start, new.start) and _compatible(f.end, new.end)), None) \
        or next((f for f in same if _in_conflict(f, new)), None)
    if fact is None:
        facts.append(new)
        by_key.setdefault(new.key, []).append(new)
        return
    fact.title = fact.title or new.title
    fact.start = _settle(fact, new, "start")
    fact.end = _settle(fact, new, "end")
    fact.degree = fact.degree or new.degree
    fact.field_of_study = fact.field_of_study or new.field_of_study
    fact.raw_org += [r for r in new.raw_org if r not in fact.raw_org]
    fact.statuses += [s for s in new.statuses if s not in fact.statuses]
    for e in new.evidence:
        if _evidence_key(e) not in fact.seen:
            fact.seen.add(_evidence_key(e))
            fact.evidence.append(e)


def _more_precise(a: ResolvedDate | None, b: ResolvedDate | None) -> ResolvedDate | None:
    if a is None or b is None:
        return a or b
    if a.estimated != b.estimated:
        return b if a.estimated else a
    return a if len(a.value) >= len(b.value) else b


# Undated positions are ordered by what their status says about time: held before, held now, taken up next.
_CAREER_ORDER = {"former": 0, "left": 1, "unknown": 2, "current": 3, "founded": 4, "joined": 4}


def _time_key(fact: _Fact) -> tuple:
    when = fact.start or fact.end
    phase = min((_CAREER_ORDER.get(s, 2) for s in fact.statuses), default=2)
    return (when is None, when.value if when else "", phase if when is None else 0, fact.order)


@lru_cache(maxsize=1 << 16)
def _slug(name: str) -> str:
    latin = " ".join(lazy_pinyin(name)) if has_han(name) else name
    slug = re.sub(r"[^a-z0-9]+", "-", latin.casefold()).strip("-")
    return slug or "person"


def _supports(evidence: Evidence, canonical: str, orgs: OrgTable) -> bool:
    """Does the evidence name the organisation? Grounding checked the model's spelling; the alias table also
    accepts any other name of the same organisation (谷歌 for Google, DeepMind for Google DeepMind)."""
    if evidence.supported:
        return True
    entry = orgs.entry(canonical)
    if entry is None or evidence.start is None:
        return False
    quote = normalize_org(evidence.quote)
    return any(len(alias) >= 2 and normalize_org(alias) in quote for alias in (entry.name, *entry.aliases))


def build_records(
    mentions: Sequence[Mention], resolution: Resolution, orgs: OrgTable, *, keep_unsupported: bool = False
) -> list[Record]:
    """One record per cluster. Evidence that does not name the fact's organisation is left out (and a fact with
    no other evidence with it) unless ``keep_unsupported``: it is usually a fact attached to the wrong sentence."""
    records: list[Record] = []
    ids = _RecordIds()
    reasons_by_mention: dict[int, list] = {}
    for reason in resolution.reasons:
        reasons_by_mention.setdefault(reason.left, []).append(reason)
    looking_back = _looking_back(mentions)
    for cluster in resolution.clusters:
        members = [mentions[i] for i in cluster]
        display, aliases = _display_and_aliases(members)
        positions = _position_facts(members, orgs, keep_unsupported, looking_back)
        education = _education_facts(members, orgs, keep_unsupported)
        merges = [
            Merge(rule=r.rule, detail=r.detail, docs=sorted({mentions[r.left].doc, mentions[r.right].doc}))
            for i in cluster for r in reasons_by_mention.get(i, [])
        ]
        records.append(with_timeline(Record(
            id=ids.new(_slug(display)),
            name=display,
            aliases=aliases,
            positions=[_position(f) for f in sorted(positions, key=_time_key)],
            education=[_education(f) for f in sorted(education, key=_time_key)],
            sources=sorted({m.doc for m in members}),
            mentions=len(members),
            merges=merges,
        ), orgs))
    return records


class _RecordIds:
    """Unique record ids from name slugs: the first ``wang``, then ``wang-2``, ``wang-3`` …"""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # per slug, so the hundredth "wang" does not try -2 … -100 again

    def new(self, base: str) -> str:
        record_id = base
        suffix = self.next_suffix.get(base, 2)
        while record_id in self.used:
            record_id, suffix = f"{base}-{suffix}", suffix + 1
        self.next_suffix[base] = suffix
        self.used.add(record_id)
        return record_id


def _display_and_aliases(members: Sequence[Mention]) -> tuple[str, list[str]]:
    """The cluster's display name (the most complete form) and its other names, one per written form."""
    names = [clean_name(n) for m in members for n in (m.name, *m.other_names)]
    names = list(dict.fromkeys(n for n in names if n))
    display = max(names, key=display_score)
    aliases = []
    seen = {script_key(display)}
    for name in names:
        if script_key(name) not in seen:
            seen.add(script_key(name))
            aliases.append(name)
    return display, aliases


def _looking_back(mentions: Sequence[Mention]) -> frozenset[str]:
    """Documents that date two or more moves in the twelve months before their own month: a look back ("the
    departures of the past year"), where a move told without a date is not the news of the day (no
    :func:`news_date` for it)."""
    dated: dict[str, int] = {}
    for m in mentions:
        pub = parse_published(m.published)
        if pub is None or pub.month is None:
            continue
        now, year_ago = f"{pub.year:04d}-{pub.month:02d}", f"{pub.year - 1:04d}-{pub.month:02d}"
        for p in m.positions:
            if p.status not in ("joined", "left") or not (p.start or p.end):
                continue
            start, end = fact_dates(p.start, p.end, m.published)  # cached: the records read the same strings next
            date = start if p.status == "joined" else end
            if date is not None and not date.estimated and year_ago[:len(date.value)] <= date.value < now:
                dated[m.doc] = dated.get(m.doc, 0) + 1
    return frozenset(doc for doc, n in dated.items() if n >= 2)


def _position_facts(members: Sequence[Mention], orgs: OrgTable, keep_unsupported: bool,
                    looking_back: frozenset[str] = frozenset()) -> list[_Fact]:
    """The cluster's positions, the same position seen in several places merged into one fact."""
    positions: list[_Fact] = []
    keys: dict[str, list[_Fact]] = {}
    for m in members:
        for p in m.positions:
            match = orgs.canonical(p.organization)
            if not (keep_unsupported or _supports(p.evidence, match.canonical, orgs)):
                continue
            start, end = fact_dates(p.start, p.end, m.published, m.published_guess)
            if m.doc in looking_back:
                pass  # a look back at past moves: an undated one is not news of the document's month
            elif p.status == "joined" and start is None:
                start = news_date(p.evidence.quote, m.published)
            elif p.status == "left" and end is None:
                end = news_date(p.evidence.quote, m.published)
            _absorb(positions, keys, _Fact(
                key=match.canonical, title=p.title, start=start, end=end, raw_org=[p.organization],
                statuses=[p.status], evidence=[_evidence(p.evidence)], parent=match.parent,
                order=(m.doc, p.evidence.start or 0),
            ))
    # a known end and a stated length give the start; any quote of the person's counts (the sentence giving the
    # length is often the one the model cited for the next job)
    quotes = [q for q in dict.fromkeys(e.quote for f in positions for e in f.evidence) if mentions_tenure(q)]
    for fact in positions:
        if fact.start is None and fact.end is not None:
            fact.start = start_from_tenure(fact.end, quotes, [*fact.raw_org, fact.key])
    return positions


def _education_facts(members: Sequence[Mention], orgs: OrgTable, keep_unsupported: bool) -> list[_Fact]:
    """The cluster's education, the same degree seen in several places merged into one fact."""
    education: list[_Fact] = []
    keys: dict[str, list[_Fact]] = {}
    for m in members:
        for e in m.education:
            match = orgs.canonical(e.institution)
            if not (keep_unsupported or _supports(e.evidence, match.canonical, orgs)):
                continue
            if not keep_unsupported and orgs.is_company(match.canonical):
                continue  # a company grants no degree: "a group vice-president, Dr. Wang" holds a title, not a PhD
            start, end = fact_dates(e.start, e.end, m.published, m.published_guess)
            _absorb(education, keys, _Fact(
                key=match.canonical, title=None, start=start, end=end, raw_org=[e.institution],
                evidence=[_evidence(e.evidence)], degree=e.degree, field_of_study=e.field,
                order=(m.doc, e.evidence.start or 0),
            ))
    return education


def _position(f: _Fact) -> RecordPosition:
    statuses = sorted(set(f.statuses), key=lambda s: _STATUS_RANK.get(s, 9))
    return RecordPosition(
        organization=f.key, title=f.title, start=f.start.value if f.start else None,
        end=f.end.value if f.end else None, status=_status(statuses, f.end), statuses=statuses,
        organization_raw=f.raw_org, parent=f.parent, start_estimated=bool(f.start and f.start.estimated),
        end_estimated=bool(f.end and f.end.estimated), start_raw=f.start.raw if f.start else None,
        end_raw=f.end.raw if f.end else None, evidence=f.evidence, conflicts=f.conflicts,
    )


def _status(statuses: list[str], end: ResolvedDate | None) -> str:
    """The position's status: the most telling one its sentences gave, except that a tenure whose end a text
    states ("2011-2016 at Acme", "2000 年至 2003 年间就职于 Acme") is over: held before ("former"), whatever the
    sentence said of its beginning or of holding it. An end worked out from the document's date alone (a departure
    reported as news) says "left", which ranks first anyway."""
    status = statuses[0] if statuses else "unknown"
    if end is not None and not _is_news_date(end) and status in ("joined", "current", "unknown"):
        return "former"
    return status


def _education(f: _Fact) -> RecordEducation:
    return RecordEducation(
        institution=f.key, degree=f.degree, field=f.field_of_study, start=f.start.value if f.start else None,
        end=f.end.value if f.end else None, institution_raw=f.raw_org, evidence=f.evidence, conflicts=f.conflicts,
    )
