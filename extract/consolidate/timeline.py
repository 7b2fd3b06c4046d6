"""A career record's timeline: the positions held now and the moves between positions (issue 20).

It reads only the consolidated positions — their statuses (read from the sentences by grounding), dates (resolved
against each document's date) and evidence — so it runs on any ``records.jsonl``, old or new, and on gold files.

**Moves.** A move needs a departure and an arrival that something relates; two facts no text connects never make
one (an undated "former A" in one article and an undated "joined B" in another say nothing about order). For each
position taken up (a start date, or a text saying it was joined, founded or is held), the position left for it is:

1. *dated*: the position that ended last, no later than this one started; or *ordered*: when a position taken up
   earlier (a stated start, no end, never said left) started later than any such end, that one ("2014 年入职 A …
   2019 年加入 B": A → B), as :func:`current_positions` already reads a later start as the post held now;
2. else *stated*: a position left (``left``/``former``, or ended) that one passage relates to the arrival — their
   quotes within a sentence or so of each other ("前 A 研究员加盟 B", "before joining B in 2017 she was at A"), or
   an undated arrival (the news itself) in a document that reports the departure as news ("X has left A … joins
   B") — and whose dates do not contradict the order. Grounding has already read ``former``/``left`` from the
   words that order them. Only a position some text says was taken up or is held arrives this way (one only ever
   "former" is placed by dates alone). A departure reported as news (``left``) wins over older ``former`` posts.
   Of a parent and its unit (Google, Google DeepMind) the unit is the one left. Two
   unrelated positions named in the arrival's sentence ("前 xAI、Twitter 工程师 X 加入 B") are both moves; two
   found only elsewhere in the article, or in a sentence next to the arrival's, leave the text silent on which led
   here, and there is no move. A profile that lists a past position in one paragraph and a dated arrival in another
   relates nothing.

A departure leads to its earliest arrival: "曾任 A，2015 年加入 B，2020 年创立 C" is A → B, not also A → C. Of the
arrivals paired with one departure, those its own passage names ("从 A 离职后加入 B") outrank those the document only
reports beside it (a post at C paragraphs later, often a neighbour's given to this person).
Moving inside one organisation's tree (Google DeepMind → Google) is not a move, and two posts taken up at once at one
organisation (a title and its promotion) make one move.

**Current.** A position with no end whose status says it is held or was just taken up (current, joined,
founded) and that no later arrival elsewhere follows (a stated start before another's start), or whose status says
nothing (news names people by the posts they hold: "Microsoft CEO Satya Nadella") unless the same
article has the person join elsewhere; not left by a move; not a parent only ever "joined" whose unit was left, nor
a post at an organisation (or a unit of one) the person is said to have left, unless it started after that or is
said to be held now; of a parent and its unit, the unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.lexicon.orgs import OrgTable
from extract.schemas.record import Record, RecordEvidence, RecordMove, RecordPosition

__all__ = ["NEWS_DATE_RAW", "current_positions", "find_record_moves", "with_timeline"]

# The raw text of a date worked out from the document's date alone (a move the article reports with no date: see
# extract.consolidate.records.news_date). Such a date says when the news came, not the order of two posts, so the
# timeline orders nothing by it; a move keeps it as its (estimated) date.
NEWS_DATE_RAW = "published "

_LEFT = frozenset({"left", "former"})
_HELD = frozenset({"current", "joined", "founded"})
_NOW = _HELD | {"unknown"}
NEAR = 120  # characters between a departure's quote and an arrival's that one passage still relates


def _statuses(p: RecordPosition) -> set[str]:
    return {p.status, *p.statuses}


def _before_or_same(a: str, b: str) -> bool:
    """``a`` is no later than ``b``, compared at the coarser of the two precisions ("2022" vs "2022-06": same)."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def _strictly_before(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _related(a: str, b: str, orgs: OrgTable) -> bool:
    return a == b or a in orgs.ancestors(b) or b in orgs.ancestors(a)


def _docs(p: RecordPosition) -> set[str]:
    return {e.doc for e in p.evidence}


def _most_specific(candidates: list[RecordPosition], orgs: OrgTable) -> list[RecordPosition]:
    """Drop every candidate that is a parent of another (Google when Google DeepMind is there too)."""
    parents = {a for p in candidates for a in orgs.ancestors(p.organization)}
    return [p for p in candidates if p.organization not in parents]


def _is_arrival(p: RecordPosition) -> bool:
    """Taken up at some point: it has a start, or a text says it was taken up or is held."""
    return p.start is not None or bool(_statuses(p) & _HELD)


def _is_departure(p: RecordPosition) -> bool:
    return bool(_statuses(p) & _LEFT) or p.end is not None


def _near(a: RecordPosition, b: RecordPosition) -> bool:
    """Some quote of ``a`` and some quote of ``b`` lie in one document within :data:`NEAR` characters: one
    sentence or the next ("2019 年加入 B 之前，她曾是 A 的研究员"; "X left A. She joins B")."""
    return any(
        x.doc == y.doc and x.start is not None and y.start is not None and x.end is not None and y.end is not None
        and max(x.start, y.start) - min(x.end, y.end) <= NEAR
        for x in a.evidence for y in b.evidence
    )


def _same_sentence(a: RecordPosition, b: RecordPosition) -> bool:
    """Some quote of ``a`` and some quote of ``b`` overlap in one document: one sentence states both."""
    return any(
        x.doc == y.doc and None not in (x.start, x.end, y.start, y.end) and x.start < y.end and y.start < x.end
        for x in a.evidence for y in b.evidence
    )


def _stated_together(source: RecordPosition, target: RecordPosition) -> bool:
    """One document relates the departure to the arrival: their quotes are near each other, or the arrival is
    undated or dated only roughly (the news itself: "said Tuesday it has hired NAME") and the same document reports
    the departure as news (``left``)."""
    if _near(source, target):
        return True
    return (target.start is None or target.start_estimated) and "left" in _statuses(source) \
        and bool(_docs(source) & _docs(target))


def _sources_for(
    target: RecordPosition, sources: list[RecordPosition], orgs: OrgTable, taken_up: Sequence[RecordPosition] = ()
) -> tuple[list[RecordPosition], str]:
    """The positions left for ``target`` and how that is known (see the module docstring); ``taken_up``: the
    positions with a stated start, which a later start orders."""
    candidates = [
        s for s in sources
        if s is not target and not _related(s.organization, target.organization, orgs)
        # a position taken up after this one started was not left for it
        and not (s.start and target.start and _strictly_before(target.start, s.start))
    ]
    if target.start:
        dated = [s for s in candidates if s.end and _before_or_same(s.end, target.start)]
        # a post taken up earlier and never said to end was left for the next one taken up ("2014 年入职 A …
        # 2019 年加入 B"); of those and the dated departures, the latest is the one left here
        ordered = [s for s in taken_up if s is not target and s.start and s.end is None
                   and not _related(s.organization, target.organization, orgs)
                   and _strictly_before(s.start, target.start)]
        if dated or ordered:
            last = max([*(s.end or "" for s in dated), *(s.start or "" for s in ordered)])
            if any(s.end == last for s in dated) and not any(s.start == last for s in ordered):
                # on a tie the post taken up then is the later one ("left A in 2022 and founded B" in 2022)
                return _most_specific([s for s in dated if s.end == last], orgs)[:1], "dated"
            return _most_specific([s for s in ordered if s.start == last], orgs)[:1], "ordered"
    if not _statuses(target) & _HELD:
        return [], "stated"  # a position only ever held in the past: only dates place it
    stated = _most_specific([
        s for s in candidates
        if _stated_together(s, target) and not (s.end and target.start and _strictly_before(target.start, s.end))
    ], orgs)
    reported = [s for s in stated if s.status == "left"]
    stated = reported or stated  # a departure the text reports as news led here, not an older "former" post
    if len(stated) > 1 and not all(_same_sentence(s, target) for s in stated):
        # two departures, and no sentence names them with the arrival: which one led here is not said (a profile's
        # "worked at A and then at B" next to "came to C" orders A and B, not both before C)
        return [], "stated"
    return stated, "stated"  # one, or several named together ("前 xAI、Twitter 工程师 X 加入 B")


def _shared_first(evidence: Sequence[RecordEvidence], docs: set[str]) -> list[RecordEvidence]:
    shared = [e for e in evidence if e.doc in docs]
    return (shared or list(evidence))[:1]


def _root(org: str, orgs: OrgTable) -> str:
    chain = orgs.ancestors(org)
    return chain[-1] if chain else org


def _first_arrival(target: RecordPosition, others: list[RecordPosition], orgs: OrgTable) -> bool:
    """Whether ``target`` is what a departure led to, given the other arrivals paired with the same departure: the
    earliest dated one; of several at once in one organisation ("2019 年加入 Acme，任 Acme 机器人实验室负责人"),
    the organisation itself; several undated ones in different places leave the text silent (none)."""
    if any(t.start for t in [target, *others]):
        if not target.start or any(t.start and _strictly_before(t.start, target.start) for t in others):
            return False
        others = [t for t in others if t.start and t.start[:4] == target.start[:4]]
    elif others and any(_root(t.organization, orgs) != _root(target.organization, orgs) for t in others):
        return False
    same_tree = [t for t in others if _root(t.organization, orgs) == _root(target.organization, orgs)]
    depth = len(orgs.ancestors(target.organization))
    return not any(len(orgs.ancestors(t.organization)) < depth for t in same_tree) and not any(
        len(orgs.ancestors(t.organization)) == depth and t.organization < target.organization for t in same_tree)


def _for_ordering(p: RecordPosition) -> RecordPosition:
    """``p`` without the dates that only say when the news came (:data:`NEWS_DATE_RAW`)."""
    update = {f: None for f in ("start", "end") if (getattr(p, f"{f}_raw") or "").startswith(NEWS_DATE_RAW)}
    return p.model_copy(update=update) if update else p


def find_record_moves(positions: Sequence[RecordPosition], orgs: OrgTable) -> list[RecordMove]:
    """The moves one person's positions state or order (see the module docstring), in time order."""
    views = [_for_ordering(p) for p in positions]
    original = dict(zip(map(id, views), positions, strict=True))
    positions = views
    sources = [p for p in positions if _is_departure(p)]
    pairs: list[tuple[RecordPosition, RecordPosition, str]] = []
    taken_up = [p for p in positions if p.start and p.end is None and not _is_departure(p) and _statuses(p) & _HELD]
    for target in (p for p in positions if _is_arrival(p)):
        found, basis = _sources_for(target, sources, orgs, taken_up)
        pairs += [(source, target, basis) for source in found]
    moves = []
    for source, target, basis in pairs:
        arrivals = [t for s, t, _ in pairs if s is source]
        # An arrival one sentence relates to the departure ("从 A 离职后加入 B") outranks one the document only reports
        # beside it: a post given to the person from a neighbouring sentence must not silence the move.
        # And one the departure's own sentence states ("离开了 A，加入 B") outranks one only near it.
        near = [t for t in arrivals if _same_sentence(source, t)] or [t for t in arrivals if _near(source, t)]
        if near and target not in near:
            continue
        if not _first_arrival(target, [t for t in (near or arrivals) if t is not target], orgs):
            continue
        shared = _docs(source) & _docs(target)
        source, target = original[id(source)], original[id(target)]
        moves.append(RecordMove(
            source=source.organization, target=target.organization,
            date=target.start or source.end,
            estimated=target.start_estimated if target.start else source.end_estimated,
            basis=basis,
            evidence=[*_shared_first(target.evidence, shared), *_shared_first(source.evidence, shared)],
        ))
    # two posts at one organisation taken up at once (a title and its promotion, "VP" and "CTO") are one move
    once = {(m.source, m.target, m.date): m for m in reversed(moves)}
    return sorted(once.values(), key=lambda m: (m.date is None, m.date or "", m.source, m.target))


def current_positions(positions: Sequence[RecordPosition], moves: Sequence[RecordMove], orgs: OrgTable) -> list[str]:
    """Organisations held now: no end, a status that says held, taken up or nothing (news names people by the posts
    they hold: "Microsoft CEO Satya Nadella") unless the same article has them join elsewhere, not left by a move;
    units over parents. A parent only ever said to
    have been joined is not held once its unit was left ("五年前加入 Acme … 从 Acme 研究院离职")."""
    later = _taken_up_later(positions, orgs)
    positions = [_for_ordering(p) for p in positions]
    earlier = {id(positions[i]) for i in later}
    left = {m.source for m in moves}
    left_parents = {a for org in left | {p.organization for p in positions if p.status == "left"}
                    for a in orgs.ancestors(org)}
    held = [p for p in positions
            if p.end is None and p.status in _NOW and p.organization not in left
            and not (p.organization in left_parents and "current" not in _statuses(p))
            and not (p.status in ("unknown", "founded") and "current" not in _statuses(p)
                     and _superseded(p, positions, orgs))
            and id(p) not in earlier and not _departed(p, positions, orgs)]
    return list(dict.fromkeys(p.organization for p in _most_specific(held, orgs)))


def _departed(p: RecordPosition, positions: Sequence[RecordPosition], orgs: OrgTable) -> bool:
    """A departure from ``p``'s organisation or a parent of it ("left OpenAI", "left Google in 2022") ends ``p`` too
    ("came to OpenAI as VP in 2018", "joined the Google Brain team in 2016"), unless ``p`` is said to be held now or
    started after that departure (a return)."""
    if "current" in _statuses(p):
        return False
    for d in positions:
        if d is p or "left" not in _statuses(d) or not (
                d.organization == p.organization or d.organization in orgs.ancestors(p.organization)):
            continue
        when = d.end or d.start
        if not (p.start and when and _strictly_before(when, p.start)):
            return True
    return False


def _taken_up_later(positions: Sequence[RecordPosition], orgs: OrgTable) -> set[int]:
    """Indices of the positions taken up before another arrival at an unrelated organisation: someone who joined
    Acme in 2019 and Beta in 2024 (stated, or the news of the article) is at Beta now. The earlier start must be
    stated, not only the news of its own article, which orders nothing."""
    views = [_for_ordering(p) for p in positions]
    arrivals = [p for p in positions if p.start and p.end is None and _statuses(p) & _HELD]
    out = set()
    for index, (view, p) in enumerate(zip(views, positions, strict=True)):
        if view.start is None or p.end is not None:
            continue
        if any(q is not p and q.start and _strictly_before(view.start, q.start)
               and not _related(p.organization, q.organization, orgs) for q in arrivals):
            out.add(index)
    return out


def _superseded(p: RecordPosition, positions: Sequence[RecordPosition], orgs: OrgTable) -> bool:
    """A post no word qualifies, or a company the person founded, in a document that reports the person joining
    somewhere else: the post they come from ("Apple's NAME joins Meta", "Scale AI CEO NAME will lead Meta's lab",
    "Acme co-founder NAME joins Beta"), not one still held."""
    return any(q.status == "joined" and not _related(q.organization, p.organization, orgs) and _docs(q) & _docs(p)
               and not (q.start and p.start and _strictly_before(q.start, p.start)) for q in positions)


def with_timeline(record: Record, orgs: OrgTable) -> Record:
    """``record`` with its ``moves`` and ``current`` worked out from its positions."""
    moves = find_record_moves(record.positions, orgs)
    return record.model_copy(update={"moves": moves, "current": current_positions(record.positions, moves, orgs)})
