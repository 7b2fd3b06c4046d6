"""Where a listed hire comes from: in a list whose lead says its people joined an organisation ("The list of new
hires includes:", "以下是新加入 Acme 的成员："), every other organisation an item gives its person is a post held
before ("- Jane Roe: head of pre-training at Beta; built X at Gamma" → Beta and Gamma are former), unless the item
itself says otherwise ("…; currently a professor at Gamma").

Why: the item describes the person by the posts that made them worth hiring, in the present tense and with no
leaving word, so the model and the item shape (:mod:`~extract.ground.rules.items`) give those posts as held or just
joined. The record then holds two current employers and no move, though the article's point is the move from the
item's organisation to the lead's. Measured on the real-article dev half, where one article is such a list: moves
found 17 → 22 of 54, statuses right 73 → 78 of 99, current posts right 42 → 45 of 59; no other set has such a list
and none changed (``bench/quality.md``, session 22).

Only leads that state a joining: a list of people an organisation lost ("the leaders Acme has lost:") describes
them by where they went as often as by where they were, so its items say nothing about order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from extract.ground.rules.context import org_key
from extract.ground.rules.leads import LedItem
from extract.ground.status import stated_status
from extract.lexicon.cues import CueLexicon
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention, PositionFact

__all__ = ["restate_led_sources"]

_HELD_OR_UNSAID = frozenset({"joined", "current", "unknown"})


def restate_led_sources(mentions: Sequence[Mention], items: Mapping[str, Sequence[LedItem]], orgs: OrgTable,
                        cues: CueLexicon) -> list[Mention]:
    """``mentions`` (same order) with each post a joining lead's item gives its person elsewhere than at the lead's
    organisation marked ``former``; ``items``: per document, the items its leads introduced."""
    result = []
    for mention in mentions:
        led = [item for item in items.get(mention.doc, ()) if item.lead.status == "joined" and _names(mention, item)]
        if not led:
            result.append(mention)
            continue
        positions = [_restated(p, led, orgs, cues) for p in mention.positions]
        changed = any(a is not b for a, b in zip(positions, mention.positions, strict=True))
        result.append(mention.model_copy(update={"positions": positions}) if changed else mention)
    return result


def _names(mention: Mention, item: LedItem) -> bool:
    forms = {n.casefold() for n in (mention.name, *mention.other_names)}
    return any(n.casefold() in forms for n in item.names)


def _restated(position: PositionFact, led: list[LedItem], orgs: OrgTable, cues: CueLexicon) -> PositionFact:
    evidence = position.evidence
    if position.status not in _HELD_OR_UNSAID or evidence.start is None or evidence.end is None:
        return position
    for item in led:
        if item.start <= evidence.start and evidence.end <= item.end \
                and not _related(position.organization, item.lead.organization, orgs) \
                and stated_status(item.text, position.organization, cues) is None:
            return position.model_copy(update={"status": "former"})
    return position


def _related(a: str, b: str, orgs: OrgTable) -> bool:
    """One organisation, or one a unit of the other (Meta Superintelligence Labs and Meta)."""
    ka, kb = org_key(a, orgs), org_key(b, orgs)
    if ka == kb:
        return True
    ca, cb = orgs.canonical(a).canonical, orgs.canonical(b).canonical
    return bool(ca and cb and (ca in orgs.ancestors(cb) or cb in orgs.ancestors(ca)))
