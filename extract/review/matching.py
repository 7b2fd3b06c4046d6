"""One-to-one matching of predicted records to gold ones: persons by their names, facts by their organisation.

All matching is deterministic: best pairs first, ties broken by file order. Persons match by their name sets
(``name`` + ``aliases``): equal :func:`script_key` or a shared :func:`name_keys`; a predicted record whose every
candidate is already matched is a duplicate of the best of them. Positions and education match by organisation /
institution, the same through the alias table, comparing the canonical and every raw form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from extract.lexicon.names import name_keys, script_key
from extract.lexicon.orgs import OrgTable, normalize_org
from extract.schemas.record import Record, RecordEducation, RecordPosition

__all__ = ["PersonMatch", "RecordFact", "detail_of", "match_facts", "match_persons", "org_of", "same_org"]

RecordFact = RecordPosition | RecordEducation


def _greedy(scores: dict[tuple[int, int], tuple]) -> list[tuple[int, int]]:
    """One-to-one pairs, best score first, ties by (gold index, predicted index): deterministic."""
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    pairs = []
    for g, p in sorted(scores, key=lambda gp: (tuple(-s for s in scores[gp]), gp)):
        if g not in taken_g and p not in taken_p:
            taken_g.add(g)
            taken_p.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def _candidates(gold: Sequence, predicted: Sequence, score: Callable[[Any, Any], tuple | None]) -> dict:
    return {(g, p): s for g, a in enumerate(gold) for p, b in enumerate(predicted) if (s := score(a, b)) is not None}


# ---------------------------------------------------------------- persons


def _names(record: Record) -> list[str]:
    return [n for n in (record.name, *record.aliases) if n and n.strip()]


def _person_score(gold: Record, predicted: Record) -> tuple[int, int, int] | None:
    """(main names equal, shared written forms, shared name keys), or None when no name matches."""
    g_names, p_names = _names(gold), _names(predicted)
    scripts = {script_key(n) for n in g_names} & {script_key(n) for n in p_names}
    keys = set().union(*map(name_keys, g_names)) & set().union(*map(name_keys, p_names))
    if not scripts and not keys:
        return None
    return int(script_key(gold.name) == script_key(predicted.name)), len(scripts), len(keys)


@dataclass(frozen=True)
class PersonMatch:
    """Which predicted record is which gold person; the rest are duplicates or people not in the gold."""

    pairs: list[tuple[int, int]]
    duplicates: dict[int, list[int]]  # gold index → extra predicted indexes
    unmatched_predicted: list[int]


def match_persons(gold: Sequence[Record], predicted: Sequence[Record]) -> PersonMatch:
    """Gold persons paired one-to-one with predicted records; an unpaired record that still names a gold person is
    that person's duplicate (consolidation split them), not a false positive."""
    scores = _candidates(gold, predicted, _person_score)
    pairs = _greedy(scores)
    used = {p for _, p in pairs}
    duplicates: dict[int, list[int]] = {}
    unmatched = []
    for p in range(len(predicted)):
        if p in used:
            continue
        options = sorted((tuple(-s for s in scores[(g, q)]), g) for g, q in scores if q == p)
        if options:  # every candidate gold person is already matched, or greedy would have paired them
            duplicates.setdefault(options[0][1], []).append(p)
        else:
            unmatched.append(p)
    return PersonMatch(pairs, duplicates, unmatched)


# ---------------------------------------------------------------- facts


def _org_forms(fact: RecordFact) -> list[str]:
    if isinstance(fact, RecordPosition):
        return [fact.organization, *fact.organization_raw]
    return [fact.institution, *fact.institution_raw]


def org_of(fact: RecordFact) -> str:
    """The canonical organisation of a position, or institution of an education fact."""
    return fact.organization if isinstance(fact, RecordPosition) else fact.institution


def detail_of(fact: RecordFact) -> str | None:
    """The title of a position, or degree of an education fact."""
    return fact.title if isinstance(fact, RecordPosition) else fact.degree


def same_org(a: str, b: str, orgs: OrgTable) -> bool:
    """The same organisation: equal once normalised, or one entry of the alias table (谷歌 = Google)."""
    if normalize_org(a) == normalize_org(b):
        return True
    return orgs.same(a, b) or orgs.canonical(a).canonical == orgs.canonical(b).canonical


def _fact_scorer(orgs: OrgTable) -> Callable[[RecordFact, RecordFact], tuple | None]:
    def score(gold: RecordFact, predicted: RecordFact) -> tuple | None:
        if not any(same_org(a, b, orgs) for a in _org_forms(gold) for b in _org_forms(predicted)):
            return None
        return (int(same_org(org_of(gold), org_of(predicted), orgs)), int(detail_of(gold) == detail_of(predicted)),
                int(gold.start == predicted.start) + int(gold.end == predicted.end))

    return score


def match_facts(gold: Sequence[RecordFact], predicted: Sequence[RecordFact], orgs: OrgTable) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of facts at the same organisation, chosen best first."""
    return _greedy(_candidates(gold, predicted, _fact_scorer(orgs)))
