"""What every sentence shape of the rule pass shares: the facts it reads, the document's context, and where a known
organisation starts or ends in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from extract.ground.rules.patterns import RulePatterns, patterns_of
from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.date_parts import MONTH, WEEKDAYS
from extract.lexicon.orgs import COMPANY_SUFFIXES, OrgTable, normalise_org
from extract.lexicon.people import place_prefix_ends
from extract.lexicon.script import HAN_RANGES, is_han
from extract.lexicon.sentences import clause_spans

__all__ = [
    "MAX_ORG",
    "Role",
    "RuleContext",
    "Study",
    "clause_start",
    "is_latin",
    "last_org_before",
    "new_company_after",
    "org_after",
    "org_before_filler",
    "org_ending_at",
    "org_key",
    "org_starting_at",
    "organisations_in",
]

MAX_ORG = 40  # characters of an organisation's name
_PUNCTUATION = re.compile(r"[,，;；:：]")  # where an organisation written before a description ends


@dataclass(frozen=True)
class Role:
    """One role read by rule: ``name`` holds (or joined, or left) ``title`` at ``organization``; offsets are in
    the sentence (-1 when the person is named elsewhere: a pronoun's)."""

    name: str
    other_names: tuple[str, ...]
    name_start: int
    name_end: int
    organization: str
    title: str | None
    status: str
    move: bool = False  # a move ("A、B 和 C 离开 Acme"): its dates come from the sentence
    written: str | None = None  # the organisation as written where ``organization`` is not (腾讯 for 腾讯AI Lab)
    # where the organisation is not in the person's clause (a topic's departures), a word that is, so the dates are
    # read from that clause: the person's name
    dated_by: str | None = None


@dataclass(frozen=True)
class Study:
    """One degree or course of study read by rule: ``name`` studied at ``institution`` (``degree`` as written)."""

    name: str
    institution: str
    degree: str | None


@dataclass
class RuleContext:
    """What the rule pass knows while it reads one document: the organisation table, the organisations and the
    name forms the model gave in the document, and the cue lexicon."""

    orgs: OrgTable
    doc_orgs: frozenset[str]  # normalised organisation names the model gave in this document
    names: dict[str, str]  # casefolded name form the model gave → that form
    cues: CueLexicon = field(default_factory=default_cues)
    # Names the tagger finds next to career words (casefolded → as written): a shape may read one where it stands
    # (before a verb, after a title), but none is the person a later pronoun or a clause with no subject refers to
    # (:func:`~extract.ground.rules.people.last_named`) until a shape has found them.
    tagged: dict[str, str] = field(default_factory=dict)
    _org_cache: dict[str, bool] = field(default_factory=dict)

    @cached_property
    def patterns(self) -> RulePatterns:
        return patterns_of(self.cues)

    def knows(self, name: str) -> bool:
        """Is ``name`` a name the model gave or the tagger found in the document?"""
        return name.casefold() in self.names or name.casefold() in self.tagged

    def is_org(self, text: str) -> bool:
        """Is ``text`` a known organisation: an alias of the table, or a name the model gave in the document?"""
        known = self._org_cache.get(text)
        if known is None:
            clean = text.strip()
            known = self._org_cache[text] = len(clean) >= 2 and clean == clean.strip("的") and (
                self.orgs.is_alias(clean) or normalise_org(clean) in self.doc_orgs)
        return known


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def org_ending_at(text: str, end: int, ctx: RuleContext) -> int | None:
    """Start of the longest known organisation ending at ``end`` in ``text``, at a word boundary."""
    if end <= 0 or (end < len(text) and is_latin(text[end - 1]) and is_latin(text[end])) or _hyphenated(text, end):
        return None
    for start in range(max(0, end - MAX_ORG), end - 1):
        if start > 0 and is_latin(text[start - 1]) and is_latin(text[start]):
            continue
        if not (text[start].isalnum() and text[end - 1].isalnum()):
            continue  # an organisation starts and ends on a letter: never "，Acme" or "Acme,"
        if ctx.is_org(text[start:end]):
            return start
    return None


def org_starting_at(text: str, start: int, ctx: RuleContext) -> int | None:
    """End of the longest known organisation starting at ``start``."""
    for end in range(min(len(text), start + MAX_ORG), start + 1, -1):
        if (end < len(text) and is_latin(text[end - 1]) and is_latin(text[end])) or _hyphenated(text, end):
            continue
        if text[start].isalnum() and text[end - 1].isalnum() and ctx.is_org(text[start:end]):
            return end
    return None


def _hyphenated(text: str, at: int) -> bool:
    """Is ``at`` inside a hyphenated Latin word ("co-founder")? An organisation never ends there: "Acme co" (a
    company suffix) is not the organisation of "Acme co-founder"."""
    return 0 < at < len(text) - 1 and text[at] == "-" and is_latin(text[at - 1]) and is_latin(text[at + 1])


def org_after(sentence: str, at: int, ctx: RuleContext) -> tuple[int, int] | None:
    """(start, end) of a known organisation right after a verb ending at ``at`` ("离开了 Acme"), or after a
    description of it that ends in a word for an organisation ("创立了做芯片的初创公司 Acme", "创立了大模型公司
    “Acme”", "joined the AI startup Acme"; ``[org_noun]``), with no punctuation in the description."""
    start = at + re.match(r"\s*(?:了\s*)?", sentence[at:]).end()
    end = org_starting_at(sentence, start, ctx)
    owned = ctx.patterns.owned.match(sentence, end) if end is not None else None
    later = org_starting_at(sentence, owned.end(), ctx) if owned is not None else None
    if later is not None and ctx.patterns.phrase_end.match(sentence, later):  # "joined Acme's rival Beta.": Beta
        return owned.end(), later
    if end is not None:
        return start, end
    owner = _OWNER.match(sentence, start)  # "joined Jane Roe's Acme": the organisation after its owner
    end = org_starting_at(sentence, owner.end(), ctx) if owner is not None else None
    if end is not None:
        return owner.end(), end
    if start < len(sentence) and is_han(sentence[start]):  # "加入美国 Acme 大学", "加盟位于浙江宁波的 Acme"
        located = start + len(_LOCATED.match(sentence, start).group())
        for cut in reversed(place_prefix_ends(sentence[located:located + _PLACES])):
            end = org_starting_at(sentence, located + cut, ctx)
            if end is not None:
                return located + cut, end
    window = sentence[start:start + MAX_DESCRIPTION]
    window = window[:_PUNCTUATION_IN_DESCRIPTION.search(window + "。").start()]
    for noun in ctx.patterns.org_noun.finditer(window):
        begin = start + noun.end()
        begin += len(sentence[begin:]) - len(sentence[begin:].lstrip(" \"'“‘「『"))
        end = org_starting_at(sentence, begin, ctx)
        if end is not None and not (is_latin(sentence[end - 1]) and ctx.patterns.verb_after_org.match(sentence, end)):
            return begin, end
    return None


_PLACES = 12  # characters of place names that may stand before an organisation's name
_LOCATED = re.compile(r"(?:位于|位於)?\s*")  # "located in" before them

# A person or an organisation owning what follows, in capitalised words: "Jane Roe's", "Acme's"
_OWNER = re.compile(r"(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*['’]s\s+")


def new_company_after(sentence: str, at: int) -> tuple[int, int] | None:
    """(start, end) of a company the table does not know, right after a founding verb ending at ``at``: a run of Han
    (or Latin) characters ending in a company suffix ("创办林海科技", "创立了北京北辰科技有限公司"), or after "founded"
    capitalised words ending the clause ("co-founded Acme-Labs, a hedge fund", "founded Acme in 2015"). Only
    after founding, whose object is an organisation by definition; "创办了一家公司" (a determiner, no name) and "创立做
    芯片的公司 Acme" (a description, the name after it) are none."""
    found = _NEW_COMPANY.match(sentence, at)
    if found is not None and found.group("name")[0] not in _NOT_A_NAME_START:
        return found.start("name"), found.end("name")
    latin = _NEW_LATIN_COMPANY.match(sentence, at) if _FOUNDED_END.search(sentence, 0, at) else None
    if latin is None or re.fullmatch(MONTH, latin.group("name"), re.IGNORECASE) or _WEEKDAY.fullmatch(
            latin.group("name")) or latin.group("name").isupper():
        return None  # "co-founded Acme-Labs, a hedge fund", "founded Acme in 2015"; not "founded in March", "ICML"
    return latin.start("name"), latin.end("name")


# Not a bare 公司: "机器学习公司", "AI 公司" describe a company; 有限公司, 科技, 集团 end its name.
_HAN_SUFFIXES = sorted((s for s in COMPANY_SUFFIXES if re.search(f"[{HAN_RANGES}]", s) and s != "公司"), key=len,
                       reverse=True)
_NEW_COMPANY = re.compile(
    rf"\s*(?:了\s*)?(?P<name>[{HAN_RANGES}A-Za-z0-9]{{2,14}}(?:{'|'.join(_HAN_SUFFIXES)}))(?![{HAN_RANGES}A-Za-z0-9])")
# After an English founding verb: capitalised words, then punctuation, a preposition or the end (no name is founded)
_NEW_LATIN_COMPANY = re.compile(r"\s+(?P<name>[A-Z][\w&.-]*[\w&](?:\s+[A-Z][\w&.-]*[\w&]){0,3})"
                                r"(?=\s*(?:[,.;:()]|$)|\s+(?:in|with)\b)")
# Only "founded" takes an unknown name for a company: "launched Gemini", "started PyTorch", "established AI Safety
# Day" name a product, a project or an event as often
_FOUNDED_END = re.compile(r"\b(?:co-?)?founded$", re.IGNORECASE)
_WEEKDAY = re.compile(WEEKDAYS, re.IGNORECASE)
# The first characters of "一家公司", "这家科技公司", "该公司", "新公司", "某科技公司": a company, not its name.
_NOT_A_NAME_START = "一这该那某新其本"


MAX_DESCRIPTION = 30  # characters of a description between a move verb and the organisation's name
_PUNCTUATION_IN_DESCRIPTION = re.compile(r"[，。；,;：:！？!?()（）\n]")


def clause_start(head: str) -> int:
    """Where the clause that ``head`` ends in starts (the lexicon's one clause splitter)."""
    return clause_spans(head)[-1][0]


def organisations_in(text: str, at: int, ctx: RuleContext) -> list[tuple[int, int]]:
    """Every known organisation in ``text`` from ``at`` on, longest first where they start at one place."""
    found = []
    i = at
    while i < len(text):
        starts_word = i == 0 or not (is_latin(text[i - 1]) and is_latin(text[i]))
        end = org_starting_at(text, i, ctx) if starts_word and text[i].isalnum() else None
        cut = _PUNCTUATION.search(text, i, end) if end is not None else None
        if cut is not None:  # "OpenAI, co-creator of …" read as "OpenAI, Co.": the name ends at the comma
            end = cut.start() if ctx.is_org(text[i:cut.start()]) else None
        if end is not None:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def org_before_filler(head: str, ctx: RuleContext) -> tuple[str, int] | None:
    """(``head`` without the adverbs, dates and group words it ends in, where the known organisation it then ends in
    starts): the subject of a verb after ``head`` ("Acme 还", "Acme has also"); None when it ends in none."""
    head = head[:len(head) - len(ctx.patterns.filler.search(head).group())].rstrip()
    owned = ctx.patterns.owned_unit_end.search(head)
    if owned is not None:  # "Acme's AI team has hired": the organisation is Acme
        head = head[:owned.start()]
    start = org_ending_at(head, len(head), ctx)
    return None if start is None else (head, start)


def org_key(organization: str, orgs: OrgTable) -> str:
    """The key two names of one organisation share: the alias table's canonical name, normalised."""
    return normalise_org(orgs.canonical(organization).canonical or organization)


def last_org_before(sentence: str, end: int, ctx: RuleContext) -> str | None:
    """The known organisation ``sentence`` names last before ``end``, skipping one right after "from" (where
    somebody comes from)."""
    for stop in range(end, 1, -1):
        start = org_ending_at(sentence, stop, ctx)
        if start is not None and not sentence[max(0, start - 5):start].rstrip().lower().endswith("from"):
            return sentence[start:stop].strip()
    return None
