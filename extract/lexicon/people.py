"""Candidate person names in a text, found without the model: what the prompt lists so the model is asked about
every person the text names (issue 19).

Why: on the real-article dev half the embedded model left out a quarter of the people (16 of 65), most of them in
lists ("- Jane Roe: …", "包括 A、B、C 和 D") and in sentences about several people, where it wrote the first few
and stopped, or gave the list's facts to the person who announced it. Each name it is shown is one it tends to
answer about.

How (no model, no network): Chinese names are jieba's person tags (``nr``; jieba ships its dictionary and HMM model
inside the wheel) of two to four characters starting with a surname, plus transliterations: the Han runs on both
sides of a middle dot (``安娜·米勒``); Latin names are runs of two to four capitalised words (``Jane Roe``,
``Karén Simonyan``, ``Bob McGrew``). What is certainly not a person is dropped: a known organisation (the
organisation table), a run holding a word of the cue lexicon's ``[not_a_name]`` (``Vega Research Center``,
``Restricted Boltzmann Machines``), a capitalised run in a title-case line (a headline, a paper's title), a "name"
jieba tags whose first character is no surname, that its dictionary counts as a frequent word (祝福) or that a
company's suffix follows (林海科技: an outlet citing itself); a title or cue word before a Latin name is cut off
(``President Martin Lau``), and a transliteration is cut at the titles and verbs around it (``研究员海因里希·库特勒
表示``). The list stays a hint: the model is told that it may hold
non-people, and grounding still checks every name against the text.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.date_parts import MONTH_NAMES, WEEKDAYS
from extract.lexicon.names import COMMON_SURNAMES, COMPOUND_SURNAMES, RARE_SURNAMES
from extract.lexicon.orgs import COMPANY_SUFFIXES, OrgTable
from extract.lexicon.script import HAN_RANGES, MIDDLE_DOTS
from extract.lexicon.sentences import split_sentences

__all__ = ["CAREER_KINDS", "MAX_CANDIDATES", "candidate_names", "career_candidates", "in_han_dictionary",
           "place_prefix_ends"]

MAX_CANDIDATES = 16  # a chunk is ~800 characters; a longer list is noise, and costs prompt tokens on every call
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# A capitalised word: "Roe", "McGrew", "O'Neil", "Lind-Kerr"; not all capitals ("CEO", "MIT").
_CAP_WORD = rf"(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}][{_LOWER}]+)?"
_LATIN_NAME = re.compile(rf"(?<![A-Za-zÀ-ÿ])(?:{_CAP_WORD})(?:[ \t]+(?:[{_UPPER}]\.[ \t]+)?(?:{_CAP_WORD})){{1,3}}"
                         rf"(?![A-Za-zÀ-ÿ])")
# A month, a weekday or a company suffix in a capitalised run: a date or a company ("March Jane", "Acme Corp").
_DATE_OR_SUFFIX = re.compile(
    rf"(?i)\b(?:{'|'.join(MONTH_NAMES)}|{WEEKDAYS}|{'|'.join(w for w in COMPANY_SUFFIXES if w.isascii())})\b")
_COMMON = 100  # a word jieba's dictionary counts this often is an ordinary word, whatever its tag
_HEADLINE = 120  # a longer line is prose, however many capitals it has
_DOT_BETWEEN_HAN = re.compile(rf"(?<=[{HAN_RANGES}])[{re.escape(MIDDLE_DOTS)}](?=[{HAN_RANGES}])")
_HAN_RUN_BEFORE = re.compile(rf"[{HAN_RANGES}]{{1,12}}$")
_HAN_RUN_AFTER = re.compile(rf"[{HAN_RANGES}]{{1,12}}")
# What a transliterated name ends at (after the dot) or starts after (before it): a title, a verb, a particle.
_AROUND_A_NAME = ("title", "name_title", "say", "join", "leave", "found", "hold", "work_at", "appoint", "adverb",
                  "copula", "after_name", "preposition", "and", "time", "sequence")
_HAN_ONLY = re.compile(rf"[{HAN_RANGES}]{{2,4}}")
# A company's suffix right after a "name" makes it the company's name: 林海科技, 周氏集团 (a media outlet citing itself)
# (技术 and 公司 are left out: "王建国技术出身", "张伟公司的同事" are people)
_HAN_SUFFIXES = tuple(s for s in COMPANY_SUFFIXES if re.fullmatch(f"[{HAN_RANGES}]+", s) and s not in ("技术", "公司"))
@lru_cache(maxsize=1)
def _posseg():  # jieba loads its dictionary on first use (~1 s): only when a text has Han characters
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def candidate_names(text: str, *, orgs: OrgTable | None = None, cues: CueLexicon | None = None) -> list[str]:
    """The person names ``text`` seems to hold, in order of first appearance, each once, at most
    :data:`MAX_CANDIDATES`."""
    orgs = orgs if orgs is not None else _orgs()
    cues = cues or default_cues()
    found: list[tuple[int, str]] = []
    # Words a name does not start with: a title ("President Martin Lau") or any cue word ("Later Bo Lind said").
    leading = cues.regex(*(kind for kind in cues.lists if "." not in kind and kind != "not_a_name"), plural=True)
    titles_only = cues.regex("name_title")
    for match in _LATIN_NAME.finditer(text):
        words, start = match.group().split(), match.start()
        while words and leading.fullmatch(words[0].rstrip(".")):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        name = " ".join(words)
        if len(words) >= 2 and not cues.matches(name, "not_a_name") and not _DATE_OR_SUFFIX.search(name) \
                and not orgs.is_alias(name) \
                and not titles_only.fullmatch(words[-1].rstrip(".")) and not _in_headline(text, start):
            found.append((start, text[start:match.end()]))
    if re.search(f"[{HAN_RANGES}]", text):
        at = 0
        for pair in _posseg().cut(text):
            word = pair.word
            if pair.flag == "nr" and _HAN_ONLY.fullmatch(word) and _has_surname(word) and not _common_word(word) \
                    and not orgs.is_alias(word) and not cues.matches(word, "title", "name_title"):
                found.append((at, word))
            at += len(word)
        # a company's name wherever it is: an outlet's "林海新闻" byline is the one that reads "林海科技了解到"
        companies = {word for at, word in found if text.startswith(_HAN_SUFFIXES, at + len(word))}
        found = [(at, word) for at, word in found if word not in companies]
        stop = cues.regex(*_AROUND_A_NAME)
        for dot in _DOT_BETWEEN_HAN.finditer(text):  # a transliteration: "安娜·米勒", "研究员海因里希·库特勒表示"
            before = _HAN_RUN_BEFORE.search(text, 0, dot.start())
            after = _HAN_RUN_AFTER.match(text, dot.end())
            if before is None or after is None:
                continue
            first_part = before.group()
            cut = [m.end() for m in stop.finditer(first_part)]
            first_part = first_part[max(cut, default=0):]
            second_part = after.group()
            ending = stop.search(second_part)
            second_part = second_part[:ending.start()] if ending else second_part
            if first_part and second_part:
                found.append((dot.start() - len(first_part), first_part + dot.group() + second_part))
    first: dict[str, int] = {}
    for at, name in found:
        first[name] = min(at, first.get(name, at))
    kept: list[str] = []
    for name in sorted(first, key=lambda n: (-len(n), first[n])):  # a full name before the parts it contains
        if not any(name in longer for longer in kept):
            kept.append(name)
    return sorted(kept, key=lambda n: first[n])[:MAX_CANDIDATES]


def _in_headline(text: str, at: int) -> bool:
    """Whether ``at`` is in a line written in title case (a headline, a paper's or an episode's title: "Restricted
    Boltzmann Machines"), where every word is capitalised and a capitalised run says nothing about names."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)]
    if len(line) > _HEADLINE or re.search(f"[{HAN_RANGES}]", line):  # Latin words in Chinese text are mostly names
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 3 and capitalised >= 0.75 * len(words)


def _common_word(word: str) -> bool:
    """jieba's dictionary tags some frequent words as names (祝福, 荣誉, 卓越: frequencies 300–3,000); the names of
    living people it knows are rare there (李开复 38, 周志华 3)."""
    import jieba

    return jieba.dt.FREQ.get(word, 0) >= _COMMON


def in_han_dictionary(word: str) -> bool:
    """Is ``word`` a word of jieba's dictionary at all (any count: 蓝鲸, 胞弟)?"""
    _posseg().dt.check_initialized()
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


def place_prefix_ends(text: str) -> list[int]:
    """Where a run of place names at the start of ``text`` may end (jieba's dictionary tags them ``ns``: 美国, 浙江,
    新加坡), after one or two of them and maybe 的: "美国 Acme 大学", "浙江宁波的 Acme"; empty when it opens with
    none. Every reading is given (加利 is a place too): the caller keeps the one an organisation follows."""
    dictionary = _posseg().dt
    dictionary.check_initialized()
    tags = dictionary.word_tag_tab
    ends: list[int] = []
    frontier = [0]
    for _ in range(2):
        frontier = [at + n for at in frontier for n in (4, 3, 2) if tags.get(text[at:at + n]) == "ns"]
        frontier = [at + len(text[at:]) - len(text[at:].lstrip()) for at in frontier]
        ends += frontier + [at + 1 for at in frontier if text[at:at + 1] == "的"]
    return sorted(set(ends))


def _has_surname(word: str) -> bool:
    """jieba tags some ordinary words as names ("太棒了"); a Chinese name starts with a surname."""
    return word[:2] in COMPOUND_SURNAMES or word[0] in COMMON_SURNAMES or word[0] in RARE_SURNAMES


@lru_cache(maxsize=1)
def _orgs() -> OrgTable:
    return OrgTable.load()


# Cue kinds whose words put a name in a sentence about a career: a title, a move, a held or past role.
CAREER_KINDS = ("title", "name_title", "join", "leave", "hire", "appoint", "found", "work_at", "hold", "former",
                "current")


def career_candidates(text: str, *, orgs: OrgTable | None = None, cues: CueLexicon | None = None,
                      lists: bool = False) -> list[str]:
    """The :func:`candidate_names` of ``text`` written next to a career word (a title, a move, a role, within
    :data:`CAREER_WINDOW` characters), that hold no title word and no known organisation: what is worth
    asking the model about one by one. Paper and product titles ("Sparse Widget Networks"), programmes ("Google
    Fellow") and units ("Google Nebula") fail one of these; people named in passing ("CEO Satya Nadella") pass.

    ``lists``: also a name listed next to one so kept ("工程师 A（Ann Lee）和 B（Bo Lin）": the career word stands
    near the first item only). The rule pass reads with it; the prompts list the names without it, so the requests
    (and their cached answers) stay as they were: whether the model gains from the longer list is not measured."""
    orgs = orgs if orgs is not None else _orgs()
    cues = cues or default_cues()
    sentences = [s.text for s in split_sentences(text)]
    kept, others = [], []
    candidates = candidate_names(text, orgs=orgs, cues=cues)
    for name in candidates:
        if cues.matches(name, "title") or any(orgs.is_alias(word) for word in name.split()):
            continue
        near = any(cues.matches(around, *CAREER_KINDS) for s in sentences for around in _around(s, name))
        (kept if near else others).append(name)
    while lists and (listed := [name for name in others if _listed_with(text, name, kept, cues)]):
        kept += listed  # "工程师 A（Ann Lee）和 B（Bo Lin）": the career word of a list is every item's
        others = [name for name in others if name not in listed]
    return [name for name in candidates if name in kept]


def _listed_with(text: str, name: str, kept: list[str], cues: CueLexicon) -> bool:
    """Is ``name`` written as an item of a list next to a name in ``kept`` ("A、B 和 C", "A, B and C"; a bracketed
    other name may follow an item: "周明远（Mingyuan Zhou）和 B")?"""
    joint = _list_joint(cues)
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        for other in kept:
            earlier = text.rfind(other, max(0, at - _LIST_REACH), at)
            later = text.find(other, end, end + _LIST_REACH)
            if (earlier >= 0 and joint.fullmatch(text, earlier + len(other), at)) or (
                    later >= 0 and joint.fullmatch(text, end, later)):
                return True
        at = text.find(name, end)
    return False


_LIST_REACH = 40  # characters before a list item where the item before it (and its bracketed other name) ends


@lru_cache(maxsize=8)
def _list_joint(cues: CueLexicon) -> re.Pattern[str]:
    """A joint between two list items, each maybe followed by its other name in brackets: the stretch after the
    earlier item ("（Ann Lee）和 ") and before the later one (or before its Latin form in brackets). A full-width
    comma joins clauses more often than names."""
    joints = "|".join(re.escape(w) for w in sorted(cues.words("and"), key=len, reverse=True) if w != "，")
    bracket = r"(?:\s*[（(][^()（）\n]{1,40}[)）])?"
    between = rf"(?:{bracket}|\s*[)）])\s*(?:{joints})\s*"  # or the end of the bracket the earlier item is in
    glossed = rf"(?:[{HAN_RANGES}]{{2,4}}\s*[（(]\s*)?"  # "… 和 周明远（Mingyuan Zhou": the Latin form of an item
    return re.compile(rf"{between}{glossed}")


CAREER_WINDOW = 25  # characters on each side of a name where its career word stands ("Acme 总裁刘炽平", "CEO Jane Roe")


def _around(sentence: str, name: str) -> list[str]:
    """The stretches of ``sentence`` right before and after each place it names ``name``."""
    found, at = [], sentence.find(name)
    while at >= 0:
        end = at + len(name)
        found += [sentence[max(0, at - CAREER_WINDOW):at], sentence[end:end + CAREER_WINDOW]]
        at = sentence.find(name, end)
    return found
