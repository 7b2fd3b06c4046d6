"""Blocking: which pairs of mentions the resolver compares at all, so the comparisons stay near-linear in the mentions.

Four kinds of blocks, each for the rule that needs it: mentions of one document sharing a surname (every rule);
mentions sharing a full name's exact written form; mentions sharing a pinyin/token key; romanised names sharing
surname and initial (the similar-name rule). Transliterations are paired by shared organisation, and scored here
too, because the sound comparison is the blocking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from extract.consolidate.name_rules import SIMILAR_NAME_CUTOFF, Names, orgs_of, similarity_form
from extract.lexicon.names import consonant_skeleton, name_tokens, sound_key
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention

__all__ = [
    "SKELETON_FLOOR", "SKELETON_MIN", "TRANSLITERATION_CUTOFF", "Blocks", "distinct_members", "similar_candidates",
    "transliteration_pairs",
]

# Pinyin of a transliteration against the romanised letters (fuzz.ratio): the seeds' 13 pairs score 42–84, 8 of them
# 65 or more (扬・勒昆/Yann LeCun 74, 尼尔・劳伦斯/Neil Lawrence 42); pairs of different people at most 45. The shared
# organisation is the second condition.
TRANSLITERATION_CUTOFF = 65.0
# Below the cutoff, a pair whose consonant skeletons are equal (lexicon.names.consonant_skeleton: 马克·扎克伯格 and
# Mark Zuckerberg are both MKSKBK, 59 by letters) still pairs from this score on, when the skeleton has four or more
# classes: spelling drifts further than sound between pinyin and English ("zhakeboge", "zuckerberg").
SKELETON_FLOOR = 50.0
SKELETON_MIN = 4


@dataclass
class Blocks:
    """Mention indexes by block key, one mapping per kind of block (a mention sits in several blocks)."""

    in_doc: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    homophone: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    similar: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, mentions: Sequence[Mention], names: Sequence[Names], live: Iterable[int]) -> Blocks:
        blocks = cls()
        for i in live:
            for info in names[i].infos:
                if info.surname:
                    blocks.in_doc[(mentions[i].doc, info.surname)].append(i)
                if info.full and info.given:
                    blocks.in_doc[(mentions[i].doc, info.given)].append(i)  # meets a first-name reference's block
                if info.cjk and "·" not in info.text:
                    blocks.in_doc[(mentions[i].doc, info.text)].append(i)  # meets a transliteration's last part
                if info.full:  # the name rules all need full names on both sides
                    blocks.exact[info.script].append(i)
                    for key in info.keys:
                        blocks.homophone[key].append(i)
            head = names[i].infos[0]
            if head.full and not head.cjk and head.surname:
                # Same surname and same initial: the surname alone made blocks of thousands (Wang, Li, Zhang).
                given = [t for t in name_tokens(head.text) if t != head.surname]
                blocks.similar[(head.surname, given[0][:1] if given else "")].append(i)
        return blocks


def distinct_members(indexes: list[int]) -> list[int]:
    """Block members, sorted, each once (a mention whose two names share a key was added twice)."""
    return sorted(set(indexes))


def similar_candidates(members: list[int], mentions: Sequence[Mention], names: Sequence[Names],
                       orgs: OrgTable) -> Iterable[tuple[int, int]]:
    """Pairs for the similar-name rule: distinct names scored against each other once (rapidfuzz, in C), and for
    each similar pair one mention of each per shared organisation."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for i in members:
        by_name[names[i].primary].append(i)
    if len(by_name) < 2:
        return
    texts = sorted(by_name)
    keyed = [similarity_form(t) for t in texts]
    first_at: dict[str, dict[str, int]] = {}

    def employers(text: str) -> dict[str, int]:
        if text not in first_at:
            found: dict[str, int] = {}
            for i in by_name[text]:
                for org in sorted(orgs_of(mentions[i], orgs)):
                    found.setdefault(org, i)
            first_at[text] = found
        return first_at[text]

    for x, query in enumerate(keyed[:-1]):
        hits = process.extract(query, keyed[x + 1 :], scorer=fuzz.token_sort_ratio,
                               score_cutoff=SIMILAR_NAME_CUTOFF, limit=None)
        for _choice, _score, offset in sorted(hits, key=lambda h: h[2]):
            left, right = employers(texts[x]), employers(texts[x + 1 + offset])
            for org in sorted(left.keys() & right.keys()):
                yield left[org], right[org]


def _one_script_sound(names: Names) -> tuple[str, int, bool] | None:
    """(sound, parts, is a transliteration) of a mention whose names are all in one script, else None: names in
    both scripts are joined by the text's own alias already."""
    head = names.infos[0]
    if not head.full or any(info.cjk != head.cjk for info in names.infos):
        return None
    sound = sound_key(head.text)
    return None if sound is None else (sound[0], sound[1], head.cjk)


def transliteration_pairs(mentions: Sequence[Mention], names: Sequence[Names], live: Iterable[int],
                          orgs: OrgTable) -> Iterable[tuple[int, int, tuple[str, str]]]:
    """Pairs for ``transliteration_shared_org``, blocked by canonical organisation: within a block each distinct
    transliteration is scored against each distinct romanised name (rapidfuzz, in C)."""
    by_org: dict[str, tuple[dict[str, int], dict[str, int]]] = defaultdict(lambda: ({}, {}))
    sound_of: dict[int, tuple[str, int, bool]] = {}
    for i in live:
        sound = _one_script_sound(names[i])
        if sound is None:
            continue
        sound_of[i] = sound
        for org in orgs_of(mentions[i], orgs):
            side = by_org[org][0 if sound[2] else 1]
            side.setdefault(names[i].primary, i)
    for org in sorted(by_org):
        translits, latins = by_org[org]
        if not translits or not latins:
            continue
        latin_names = sorted(latins)
        latin_sounds = [sound_of[latins[n]][0] for n in latin_names]
        for text in sorted(translits):
            i = translits[text]
            sound, parts, _ = sound_of[i]
            hits = process.extract(sound, latin_sounds, scorer=fuzz.ratio, score_cutoff=SKELETON_FLOOR, limit=None)
            skeleton = consonant_skeleton(text)
            for _choice, score, at in sorted(hits, key=lambda h: h[2]):
                j = latins[latin_names[at]]
                sounds_alike = score >= TRANSLITERATION_CUTOFF or (
                    skeleton is not None and len(skeleton) >= SKELETON_MIN
                    and consonant_skeleton(latin_names[at]) == skeleton)
                if sound_of[j][1] == parts and sounds_alike:
                    yield i, j, ("transliteration_shared_org",
                                 f"{text} ≈ {latin_names[at]} ({score:.0f}), both at {org}")
