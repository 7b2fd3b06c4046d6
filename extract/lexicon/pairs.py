"""Person–organisation pairs that one sentence names together: the questions of the pair check.

Why (issue 19, session 18's finding): on unseen articles most missed positions belong to a person the model found,
at an organisation the table knows, and were never in the model's reply: asked for everyone's career at once, a
1.5B model gives a person one or two posts and stops. A closed question about one pair ("what does the text say of
Jane Roe at Acme?") is easier for it than an open list, and the pairs can be found without the model: a name (the
model's own, or one the tagger finds) and a known organisation in one sentence. The model then only judges each
pair (extract/llm/pairs.py); grounding checks the answer against the cited sentence as for any other fact.

Only the table's organisations and the ones the model already gave in the chunk are looked for: an unknown name
would need the model anyway, and a capitalised word is too often no organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.lexicon.sentences import split_sentences

__all__ = ["MAX_ORG_LENGTH", "SentencePair", "organisations_named", "sentence_pairs"]

MAX_ORG_LENGTH = 40  # characters: the longest organisation name looked for ("Université de Montréal" is 22)


@dataclass(frozen=True)
class SentencePair:
    """A person and an organisation written in one sentence of a chunk (``sentence``: its number in the prompt)."""

    sentence: int
    name: str
    organization: str


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_org(text: str, orgs: OrgTable, extra_keys: frozenset[str]) -> bool:
    clean = text.strip()
    return len(clean) >= 2 and (orgs.is_alias(clean) or normalise_org(clean) in extra_keys)


def organisations_named(sentence: str, orgs: OrgTable, extra: Iterable[str] = ()) -> list[str]:
    """Organisations written in ``sentence``, as written, left to right: a name of the table, or one of ``extra``
    (the model's own organisation strings for the chunk). The longest match wins where several start at one place;
    a match never starts or ends inside a Latin word ("Meta" is not in "Metadata")."""
    extra_keys = frozenset(key for raw in extra if (key := normalise_org(raw)))
    found: list[str] = []
    i = 0
    while i < len(sentence):
        if not sentence[i].isalnum() or (i > 0 and _latin(sentence[i - 1]) and _latin(sentence[i])):
            i += 1
            continue
        end = next((end for end in range(min(len(sentence), i + MAX_ORG_LENGTH), i + 1, -1)
                    if sentence[end - 1].isalnum()
                    and not (end < len(sentence) and _latin(sentence[end - 1]) and _latin(sentence[end]))
                    and _is_org(sentence[i:end], orgs, extra_keys)), None)
        if end is None:
            i += 1
            continue
        found.append(sentence[i:end])
        i = end
    return found


def sentence_pairs(text: str, names: Iterable[str], orgs: OrgTable, extra_orgs: Iterable[str] = (), *,
                   cues: CueLexicon | None = None) -> list[SentencePair]:
    """Every (name, organisation) that a sentence of ``text`` writes together, in reading order, each pair once
    (at its first sentence). A name another present name contains ("Roe" beside "Jane Roe") is left to the longer
    one; an organisation that is part of a name, or a name part of an organisation, is no pair. A sentence that
    names nobody but has a pronoun ("他", "she") is about the person named first in the last sentence that named
    someone (the subject, more often than the last name: "Ann Lee hired Bo Lin. She …")."""
    cues = cues or default_cues()
    names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
    extra = list(extra_orgs)
    pairs: list[SentencePair] = []
    seen: set[tuple[str, str]] = set()
    subject: str | None = None
    for sentence in split_sentences(text):
        present = sorted((n for n in names if n in sentence.text), key=sentence.text.index)
        present = [n for n in present if not any(n != other and n in other for other in present)]
        if present:
            subject = present[0]
        elif subject is not None and cues.matches(sentence.text, "pronoun"):
            present = [subject]
        else:
            continue
        for organization in organisations_named(sentence.text, orgs, extra):
            for name in present:
                if organization in name or name in organization:
                    continue
                key = (name.casefold(), normalise_org(orgs.canonical(organization).canonical))
                if key not in seen:
                    seen.add(key)
                    pairs.append(SentencePair(sentence.number, name, organization))
    return pairs
