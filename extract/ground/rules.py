"""The rule pass after grounding: roles and moves that news text states in a fixed shape, read off the sentence.

- Appositions: "剑桥大学机器学习教授尼尔・劳伦斯", "OpenAI 前政策主管 Jack Clark",
  "Niki Parmar 是 Adept AI CTO，前谷歌大脑研究员", "Jane Roe, chief scientist at Acme".
- Moves of a list of people: "去年 1 月，A、B 和 C 离开了 DeepMind", "A and B joined Acme", "A 上月从谷歌离职".
- Moves and roles of a clause whose subject is a pronoun or left out ("2017 年，他加入阿里", "还曾任大疆创新机器视觉
  总工程师"), given to the person named last before it (the usual reading of a career summary).
- Degrees: "博士毕业于密西根大学，本科及硕士毕业于清华大学" (one entry per degree), "他在 ISTA 攻读博士学位",
  "PhD from Stanford University", "graduated from MIT".

Why rules next to the model: the 1.5B model lists the moves an article reports but skips most roles given in
passing as a title before a name, often the people who only have such a role, and gives a group's move to its
first member or to nobody (on the seeds gold about a third of the missed positions are of these kinds). The shapes
are fixed, so a deterministic pass recovers them at no model cost, and each fact cites its sentence like the
model's (``method: "rule"``).

Guards, for precision:
- the organisation is known: an alias in the organisation table, or a name the model gave for anybody in the same
  document (so invented or local organisations count once the model has seen them);
- an apposition's words between the organisation and the name are short, unpunctuated, free of verbs, and end in
  a title word (:data:`TITLE_WORDS`); a move's verb is one of :data:`MOVE_VERBS` with the organisation as its object
  (data, both: extend them freely);
- the person is one the model listed in the document, or a name no organisation can look like: a transliteration
  with a middle dot (扬・勒昆), capitalised Latin words that are not an organisation, or, right after a title only,
  a common surname with one or two more characters and then a break ("理想 CEO 李想也曾坦言": 李想 then 也);
- a person-organisation pair the model already gave in the document is left to the model; an apposition carries no
  dates, a move only those its sentence states (:func:`extract.ground.repairs.stated_dates`).
Hand-written: the Chinese NER models on PyPI need a model download, the English ones miss Chinese titles, and the
shapes here are few while the table of organisations is already ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.ground.repairs import stated_dates, stated_graduation
from extract.lexicon.degrees import degree_level
from extract.lexicon.names import COMMON_SURNAMES, COMPOUND_SURNAMES, looks_like_a_name
from extract.lexicon.orgs import OrgTable, normalize_org
from extract.lexicon.script import HAN_RANGES, MIDDLE_DOTS
from extract.lexicon.sentences import Sentence, split_sentences
from extract.models.documents import Chunk
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

__all__ = ["MOVE_VERBS", "TITLE_WORDS", "find_continued", "find_moves", "find_roles", "find_studies", "rule_mentions"]

# The last word of a job title. Longest first is not needed: a title only has to *end* in one of these.
TITLE_WORDS: tuple[str, ...] = (
    # zh
    "首席执行官", "首席技术官", "首席运营官", "首席财务官", "首席科学家", "首席架构师", "科学家", "研究员", "工程师",
    "架构师", "创始人", "创办人", "董事长", "董事", "总裁", "总经理", "经理", "院长", "所长", "主任", "负责人", "主管",
    "总监", "教授", "讲师", "合伙人", "专家", "主席", "掌门人", "领导者", "带头人", "博士后",
    # en (matched as whole words, any case)
    "CEO", "CTO", "COO", "CFO", "CSO", "CIO", "CPO", "VP", "SVP", "EVP", "scientist", "researcher", "engineer",
    "professor", "founder", "co-founder", "cofounder", "president", "director", "chief", "officer", "chair",
    "chairman", "chairwoman", "manager", "partner", "fellow", "dean", "lead", "head", "architect", "investor",
)
_FORMER = ("前任", "前", "原", "former ", "ex-", "Former ", "Ex-")
_CURRENT = ("现任", "时任", "现", "current ", "now ")
# Words that make the stretch before a name a clause, not a title ("加入谷歌担任研究员" is a move, not an apposition).
_VERBS = ("加入", "离开", "离职", "担任", "出任", "创立", "创办", "表示", "宣布", "透露", "称", "在", "于", "从",
          "到", "去", "是", "为", "和", "与其", "被", "将", "已", " said", " says", " joined", " left", " told", " at ")
_LEAVING = re.compile(r"离职|辞职|辞去|离开|卸任|出走|告别|\b(?:left|resigned|stepped down|departed|quit)\b")
_TITLE_PUNCT = re.compile(r"[，,、。；;：:！!？?（）()\[\]【】“”\"'《》<>|/\n]")
_SEPARATORS = ("、", "，", ",", "及", "兼")
_COPULA = re.compile(r"\s*(?:曾担任|曾任|现任|担任|出任|是|为|,\s*(?:the\s+|an?\s+)?)\s*")
_MAX_TITLE = 18  # characters of a title body (department + title word): "人工智能产品与政策副总裁" is 12
_MAX_ORG = 40
_HAN = HAN_RANGES
_DOTS = MIDDLE_DOTS
# A transliterated foreign name: 1–6 Han, a middle dot, more Han; then maybe the name in Latin in brackets.
_DOTTED = re.compile(rf"[{_HAN}]{{1,6}}[{_DOTS}][{_HAN}]{{1,8}}(?:[{_DOTS}][{_HAN}]{{1,8}})?")
_LATIN_AFTER = re.compile(r"\s*[（(]\s*([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})\s*[)）]")
_WORD = r"[A-Z][a-z][a-zA-Z'’-]*"  # Jack, LeCun, O'Neil; not CEO or AI
_LATIN_NAME = re.compile(rf"{_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{1,2}}(?![\w-])")
_LATIN_NAME_AT_END = re.compile(rf"(?<![\w-]){_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{1,2}}$")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_HONORIFICS = ("先生", "女士", "博士", "教授", "老师")
# Where a transliterated name written without a break runs into the sentence ("埃隆·马斯克表示"): cut before these.
_AFTER_NAME = re.compile(r"表示|宣布|透露|加入|担任|出任|离职|离开|认为|指出"
                         r"|[在于和与的也已曾将是等则就还都被从对向称说]")


@dataclass(frozen=True)
class Role:
    """One role read by rule: ``name`` holds (or joined, or left) ``title`` at ``organization``; offsets are in
    the sentence."""

    name: str
    other_names: tuple[str, ...]
    name_start: int
    name_end: int
    organization: str
    title: str | None
    status: str
    move: bool = False  # a move ("A、B 和 C 离开 DeepMind"): its dates come from the sentence


@dataclass
class _Context:
    orgs: OrgTable
    doc_orgs: frozenset[str]  # normalised organisation names the model gave in this document
    names: dict[str, str]  # casefolded name form the model gave → that form
    _org_cache: dict[str, bool] = field(default_factory=dict)

    def is_org(self, text: str) -> bool:
        known = self._org_cache.get(text)
        if known is None:
            clean = text.strip()
            known = self._org_cache[text] = len(clean) >= 2 and clean == clean.strip("的") and (
                self.orgs.is_alias(clean) or normalize_org(clean) in self.doc_orgs)
        return known


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_TITLE_WORD = re.compile(
    "|".join(rf"(?<![A-Za-z]){re.escape(w)}s?(?![A-Za-z])" if w.isascii() else re.escape(w)
             for w in sorted(TITLE_WORDS, key=len, reverse=True)),
    flags=re.IGNORECASE,
)


def _title_end(body: str) -> bool:
    """Does ``body`` end in a title word (a whole word when Latin)?"""
    return any(m.end() == len(body) for m in _TITLE_WORD.finditer(body))


def _title_ends(sentence: str) -> list[int]:
    """Offsets right after each title word of the sentence: where a name in apposition would start."""
    return [m.end() for m in _TITLE_WORD.finditer(sentence)]


def _clean_title(body: str) -> tuple[str | None, str] | None:
    """Split the words between an organisation and a name into (title, status), or None when they are no title."""
    body = body.strip()
    for possessive in ("的", "'s ", "’s "):  # "Adept AI 的 CTO", "Acme's chief scientist"
        if body.startswith(possessive):
            body = body[len(possessive):].strip()
    status = "current"
    for marks, meaning in ((_FORMER, "former"), (_CURRENT, "current")):
        for mark in marks:
            if body.startswith(mark):
                body, status = body[len(mark):].strip(), meaning
                break
    if not body or len(body) > _MAX_TITLE * (3 if body.isascii() else 1) or len(body.split()) > 6:
        return None
    if _TITLE_PUNCT.search(body) or any(verb in f" {body}" for verb in _VERBS) or not _title_end(body):
        return None
    return body, status


def _org_ending_at(text: str, end: int, ctx: _Context) -> int | None:
    """Start of the longest known organisation ending at ``end`` in ``text``, at a word boundary."""
    if end <= 0 or (end < len(text) and _is_latin(text[end - 1]) and _is_latin(text[end])):
        return None
    for start in range(max(0, end - _MAX_ORG), end - 1):
        if start > 0 and _is_latin(text[start - 1]) and _is_latin(text[start]):
            continue
        if not (text[start].isalnum() and text[end - 1].isalnum()):
            continue  # an organisation starts and ends on a letter: never "，Meta" or "Google,"
        if ctx.is_org(text[start:end]):
            return start
    return None


def _org_starting_at(text: str, start: int, ctx: _Context) -> int | None:
    """End of the longest known organisation starting at ``start``."""
    for end in range(min(len(text), start + _MAX_ORG), start + 1, -1):
        if end < len(text) and _is_latin(text[end - 1]) and _is_latin(text[end]):
            continue
        if text[start].isalnum() and text[end - 1].isalnum() and ctx.is_org(text[start:end]):
            return end
    return None


def _org_title_before(text: str, end: int, ctx: _Context) -> tuple[int, str, str | None, str] | None:
    """``ORG [的] [前] TITLE`` ending exactly at ``end``: (start, organisation, title, status). The title is the
    shortest stretch that leaves a known organisation before it."""
    while end > 0 and text[end - 1] == " ":
        end -= 1
    for org_end in range(end - 1, max(0, end - _MAX_TITLE * 3) - 1, -1):
        start = _org_ending_at(text, org_end, ctx)
        if start is None:
            continue
        parsed = _clean_title(text[org_end:end])
        if parsed is None:
            return None  # a longer stretch would hold the same verb, punctuation or length
        title, status = parsed
        return start, text[start:org_end].strip(), title, status
    return None


def _org_title_after(text: str, start: int, ctx: _Context) -> tuple[int, str, str | None, str] | None:
    """``[前] ORG [的] TITLE`` starting at ``start`` and running to a separator or the end: (end, organisation,
    title, status)."""
    status = "current"
    for mark in _FORMER:
        if text.startswith(mark, start):
            start, status = start + len(mark), "former"
            break
    while start < len(text) and text[start] == " ":
        start += 1
    org_end = _org_starting_at(text, start, ctx)
    if org_end is None:
        return None
    stop = _TITLE_PUNCT.search(text, org_end)
    end = stop.start() if stop else len(text)
    parsed = _clean_title(text[org_end:end].rstrip("。. "))
    if parsed is None:
        return None
    title, own_status = parsed
    return end, text[start:org_end].strip(), title, "former" if status == "former" else own_status


def _name_at(text: str, at: int, ctx: _Context) -> tuple[int, int, str, tuple[str, ...]] | None:
    """A person's name starting at ``at`` (after spaces): (start, end, name, other names written right after it);
    ``end`` is past those other names."""
    while at < len(text) and text[at] == " ":
        at += 1
    rest = text[at:]
    folded = rest.casefold()
    known = max((form for form in ctx.names if folded.startswith(form)), key=len, default=None)
    if known is not None:
        end = at + len(known)
        if not (end < len(text) and _is_latin(text[end - 1]) and _is_latin(text[end])):
            return at, end, text[at:end], ()
    dotted = _DOTTED.match(rest)
    if dotted:
        name = dotted.group()
        dot = max(name.rfind(d) for d in _DOTS)
        cut = _AFTER_NAME.search(name, dot + 2)  # keep at least one character after the dot
        name = name[:cut.start()] if cut else name
        end = at + len(name)
        latin = _LATIN_AFTER.match(text, end)
        return at, (latin.end() if latin else end), name, (latin.group(1),) if latin else ()
    latin = _LATIN_NAME.match(rest)
    if latin and not ctx.is_org(latin.group()) and not any(ctx.is_org(w) for w in latin.group().split()):
        return at, at + latin.end(), latin.group(), ()
    han = _han_name(rest)
    if han and not ctx.is_org(han):
        return at, at + len(han), han, ()
    return None


def _han_name(text: str) -> str | None:
    """A Han name at the start of ``text``: a common surname, one or two more characters, then a break (the end,
    punctuation, a space, a verb or particle: "李想也曾坦言", "金榕离职", "王轶伦表示"). The shorter reading wins
    ("李想也" is 李想 followed by 也). Only used right after a title, where a name is expected."""
    surname = next((s for s in (text[:2], text[:1]) if s in COMPOUND_SURNAMES or s in COMMON_SURNAMES), None)
    if surname is None:
        return None
    for given in (1, 2):
        end = len(surname) + given
        name = text[:end]
        if len(name) < end or not all(_HAN_CHAR.match(ch) for ch in name):
            return None
        rest = text[end:]
        if not rest or not _HAN_CHAR.match(rest[0]) or _AFTER_NAME.match(rest) or rest.startswith(_HONORIFICS):
            return name
    return None


def _name_before(text: str, end: int, ctx: _Context) -> tuple[int, str, tuple[str, ...]] | None:
    """A person's name ending at ``end`` (before "是" or ", the"): (start, name, other names)."""
    while end > 0 and text[end - 1] == " ":
        end -= 1
    head = text[:end]
    folded = head.casefold()
    known = max((form for form in ctx.names if folded.endswith(form)), key=len, default=None)
    if known is not None:
        start = end - len(known)
        if not (start > 0 and _is_latin(text[start - 1]) and _is_latin(text[start])):
            return start, text[start:end], ()
    bracket = re.search(rf"([{_HAN}]{{1,6}}[{_DOTS}][{_HAN}]{{1,8}})\s*[（(]\s*([A-Z][^()（）]*?)\s*[)）]$", head)
    if bracket:
        return bracket.start(), bracket.group(1), (bracket.group(2),)
    latin = _LATIN_NAME_AT_END.search(head)
    if latin and not ctx.is_org(latin.group()) and not any(ctx.is_org(w) for w in latin.group().split()):
        return latin.start(), latin.group(), ()
    return None


def _status_after(text: str, at: int, status: str) -> str:
    """An apposition in a sentence reporting a departure ("…副院长金榕离职") is the role the person left."""
    if status == "current" and _LEAVING.search(text[at:at + 40]):
        return "left"
    return status


def find_roles(sentence: str, ctx: _Context) -> list[Role]:
    """Every apposition in one sentence."""
    roles: list[Role] = []
    # 1. ORG TITLE NAME, with a list of ORG TITLE before it ("阿里巴巴副总裁、达摩院副院长金榕").
    for end in _title_ends(sentence):
        name = _name_at(sentence, end, ctx)
        if name is None:
            continue
        found = _org_title_before(sentence, end, ctx)
        if found is None:
            continue
        at, name_end, person, others = name
        start, organization, title, status = found
        chain = [(organization, title, status)]
        while True:
            before = sentence[:start].rstrip()
            separator = next((s for s in _SEPARATORS if before.endswith(s.strip() or s)), None)
            if separator is None:
                break
            earlier = _org_title_before(sentence, len(before) - len(separator.strip() or separator), ctx)
            if earlier is None:
                break
            start = earlier[0]
            chain.append(earlier[1:])
        for organization, title, status in chain:
            roles.append(Role(person, others, at, at + len(person), organization, title,
                              _status_after(sentence, name_end, status)))
    # 2. NAME 是 ORG TITLE[, 前 ORG TITLE …] and NAME, TITLE at ORG / NAME, the ORG TITLE.
    for copula in _COPULA.finditer(sentence):
        if copula.start() == 0 or not copula.group().strip():
            continue
        name = _name_before(sentence, copula.start(), ctx)
        if name is None:
            continue
        name_start, person, others = name
        at = copula.end()
        english = re.match(r"((?:former\s+|ex-)?[\w -]{2,40}?)\s+(?:at|of)\s+", sentence[at:], flags=re.IGNORECASE)
        if english and "," in copula.group():
            parsed = _clean_title(english.group(1))
            org_end = _org_starting_at(sentence, at + english.end(), ctx)
            if parsed and org_end:
                roles.append(Role(person, others, name_start, name_start + len(person),
                                  sentence[at + english.end():org_end].strip(), *parsed))
                continue
        while True:
            found = _org_title_after(sentence, at, ctx)
            if found is None:
                break
            end, organization, title, status = found
            status = "former" if "曾" in copula.group() else status
            roles.append(Role(person, others, name_start, name_start + len(person), organization, title, status))
            rest = sentence[end:]
            separator = next((s for s in _SEPARATORS if rest.startswith(s)), None)
            if separator is None:
                break
            at = end + len(separator)
    return [role for role in roles if looks_like_a_name(role.name) and not ctx.is_org(role.name)]


# Verbs of a move whose object is the organisation ("离开了 DeepMind", "joined Acme"), by the status they give.
MOVE_VERBS: dict[str, tuple[str, ...]] = {
    "joined": ("加入", "加盟", "入职", "跳槽到", "跳槽至", "回到", "回归", "joined", "moved to", "will join",
               "are joining", "is joining"),
    "left": ("离开", "告别", "left", "departed", "quit"),
    "founded": ("联合创立", "共同创立", "联合创办", "共同创办", "创立", "创办", "co-founded", "cofounded", "founded"),
    "unknown": ("就职于", "任职于", "供职于", "效力于", "works at", "worked at", "working at", "works for",
                "worked for"),
}
_FROM_LEAVING = ("离职", "辞职", "出走")  # "从 ORG 离职": the organisation comes before the verb
_MOVE = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])" if v.isascii() else re.escape(v)
                            for vs in MOVE_VERBS.values() for v in sorted(vs, key=len, reverse=True)))
_STATUS_OF = {v: status for status, vs in MOVE_VERBS.items() for v in vs}
# Adverbs and auxiliaries between a subject and its verb ("A 和 B 已先后离开", "A and B have both left").
_FILLER = re.compile(r"(?:\s|也|都|均|已经|已|此前|之前|曾经|先后|相继|一同|一起|同时|正式|即将|将|曾|刚刚|近日|日前|"
                     r"纷纷|于|在|"
                     r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?|去年|今年|上月|上个月|本月|最近|近期|上周|本周|"
                     r"have|has|had|all|also|both|together|recently|previously|just|,\s*who|who)*$")
_LIST = re.compile(r"(?:、|，|,|和|与|以及|及|&|\band\b|,\s*and\b)\s*$")


def _subjects(text: str, end: int, ctx: _Context) -> list[tuple[int, str, tuple[str, ...]]]:
    """The list of names ending at ``end`` ("A、B 和 C", "A, B and C"), last one first; empty if none."""
    found = []
    while True:
        name = _name_before(text, end, ctx)
        if name is None:
            return found
        found.append(name)
        joint = _LIST.search(text[: name[0]].rstrip())
        if joint is None:
            return found
        end = joint.start()


def _org_after(sentence: str, at: int, ctx: _Context) -> tuple[int, int] | None:
    """(start, end) of a known organisation right after a verb ending at ``at`` ("离开了 DeepMind")."""
    start = at + re.match(r"\s*(?:了\s*)?", sentence[at:]).end()
    end = _org_starting_at(sentence, start, ctx)
    return None if end is None else (start, end)


def find_moves(sentence: str, ctx: _Context) -> list[Role]:
    """Moves whose subject is one or more names and whose object is a known organisation: "A、B 和 C 离开了
    DeepMind", "A and B joined Acme", "A 从谷歌离职". The model tends to give a group's move to its first member
    only, or to nobody."""
    roles: list[Role] = []
    for verb in _MOVE.finditer(sentence):
        found = _org_after(sentence, verb.end(), ctx)
        if found is None:
            continue
        org_start, org_end = found
        subject_end = verb.start() - len(_FILLER.search(sentence[:verb.start()]).group())
        status = _STATUS_OF[verb.group()]
        for name_start, person, others in _subjects(sentence, subject_end, ctx):
            roles.append(Role(person, others, name_start, name_start + len(person),
                              sentence[org_start:org_end].strip(), None, status, move=True))
    for leaving in re.finditer("|".join(_FROM_LEAVING), sentence):  # 从 ORG 离职
        head = sentence[:leaving.start()].rstrip()
        org_start = _org_ending_at(head, len(head), ctx)
        marker = re.search(r"从\s*$", head[:org_start]) if org_start is not None else None
        if marker is None:
            continue
        subject_end = marker.start() - len(_FILLER.search(sentence[:marker.start()]).group())
        for name_start, person, others in _subjects(sentence, subject_end, ctx):
            roles.append(Role(person, others, name_start, name_start + len(person), head[org_start:].strip(), None,
                              "left", move=True))
    return [role for role in roles if looks_like_a_name(role.name) and not ctx.is_org(role.name)]


# Verbs of a clause whose subject is a pronoun or left out ("2017 年,他加入阿里", "还曾任大疆创新机器视觉总工程师").
_CONTINUED = re.compile("|".join(
    [re.escape(v) for v in ("曾担任", "曾任", "现任", "担任", "出任", "前往")]
    + [rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])" if v.isascii() else re.escape(v)
       for vs in MOVE_VERBS.values() for v in sorted(vs, key=len, reverse=True)]))
_HOLDS = ("曾担任", "曾任", "现任", "担任", "出任")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
# What may stand before the verb of such a clause: dates, a pronoun, adverbs. Anything else is a subject of its own.
_IMPLIED_SUBJECT = re.compile(
    r"(?:\s|\d{4}\s*年|\d{1,2}\s*月|以来|至今|起|去年|今年|此前|之前|随后|之后|此后|后来|他|她|\bhe\b|\bshe\b|"
    r"也|还|又|曾经|曾|已经|已|一毕业就|毕业后|就|先后|then|later|also)*$", re.IGNORECASE)


def find_continued(sentence: str, ctx: _Context, previous: str | None) -> list[Role]:
    """Moves and roles of a clause whose subject is a pronoun or left out, given to the person last named before
    it: in this sentence, else ``previous`` (the last person the chunk named before the sentence). "公开资料显示,王刚
    曾任…。2017 年,他加入阿里" gives 王刚 the move; a clause with a subject of its own is left to the other shapes."""
    roles: list[Role] = []
    for verb in _CONTINUED.finditer(sentence):
        head = sentence[:verb.start()]
        clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
        if not _IMPLIED_SUBJECT.fullmatch(head[clause_start:]):
            continue
        person = _last_named(head, ctx) or previous
        if person is None:
            continue
        if verb.group() in _HOLDS:
            found = _org_title_after(sentence, verb.end(), ctx)
            if found is None:
                continue
            _end, organization, title, status = found
            status = "former" if "曾" in verb.group() or "曾" in head[clause_start:] else status
            roles.append(Role(person, (), -1, -1, organization, title, status, move=True))
            continue
        found = _org_after(sentence, verb.end(), ctx)
        if found is not None:
            status = _STATUS_OF.get(verb.group(), "joined")  # 前往 (went to work at)
            roles.append(Role(person, (), -1, -1, sentence[found[0]:found[1]].strip(), None, status, move=True))
    return roles


@dataclass(frozen=True)
class Study:
    """One degree or course of study read by rule: ``name`` studied at ``institution`` (``degree`` as written)."""

    name: str
    institution: str
    degree: str | None


_DEGREE = r"(?:本科|学士|硕士|博士(?!后))"
_STUDY_PATTERNS = (  # (pattern with the institution's start right after the match, where the degree is)
    re.compile(rf"(?P<deg>{_DEGREE}(?:\s*(?:及|和|、|与)\s*{_DEGREE})*)?\s*毕业于\s*"),
    re.compile(r"从\s*(?=\S+?\s*毕业)"),
    re.compile(r"在\s*(?=\S+?\s*(?:攻读|获得|取得|完成|学习|就读|读博|读研))"),
    re.compile(r"(?:获得|取得|获)了?\s*(?=\S+?\s*(?:的)?\S{0,15}?(?:学士|硕士|博士)学位)"),
    re.compile(r"(?P<deg>ph\.?d\.?|doctorate|master'?s?(?: degree)?|bachelor'?s?(?: degree)?|degree)\b[^.;]{0,40}?"
               r"\bfrom\s+", re.IGNORECASE),
    re.compile(r"\bgraduated from\s+|\bstudied\b[^.;]{0,30}?\bat\s+", re.IGNORECASE),
)
_STUDY_FILLER = re.compile(_FILLER.pattern.replace(
    ")*$", "|是|毕业后|received|earned|obtained|completed|holds|his|her|their|an?)*$"), re.IGNORECASE)
_DEGREE_AFTER = re.compile(rf"^[^；;。]{{0,25}}?({_DEGREE}|ph\.?d|master|bachelor)", re.IGNORECASE)


def find_studies(sentence: str, ctx: _Context, previous: str | None) -> list[Study]:
    """Degrees stated in a fixed shape: "陈亦伦,博士毕业于密西根大学,本科及硕士毕业于清华大学" (one entry per degree),
    "他在奥地利科学技术研究所攻读博士学位", "获得北京大学博士学位", "PhD from ETH Zurich", "graduated from MIT". The
    subject is the name right before the clause, or for a pronoun or left-out subject the person named last."""
    studies: list[Study] = []
    for pattern in _STUDY_PATTERNS:
        for match in pattern.finditer(sentence):
            org_start = match.end()
            org_end = _org_starting_at(sentence, org_start, ctx)
            if org_end is None:
                continue
            institution = sentence[org_start:org_end].strip()
            person = _subject_of(sentence, match.start(), ctx, previous)
            if person is None:
                continue
            written = match.groupdict().get("deg")
            if not written:
                after = _DEGREE_AFTER.match(sentence[org_end:])
                written = after.group(1) if after else None
            degrees = re.split(r"\s*(?:及|和|、|与)\s*", written) if written else [None]
            studies.extend(Study(person, institution, degree) for degree in degrees)
    return studies


def _subject_of(sentence: str, at: int, ctx: _Context, previous: str | None) -> str | None:
    """Who a clause starting its predicate at ``at`` is about: a name right before it (dates, 是 and adverbs
    between), else, when nothing but those stands before it in its clause, the person named last."""
    head = sentence[:at]
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    if clause_start and head[clause_start:].lstrip().casefold().startswith("who "):
        name = _name_before(sentence, clause_start - 1, ctx)  # "Tom Lee, who earned …"
        return name[1] if name else None
    if _IMPLIED_SUBJECT.fullmatch(head[clause_start:]) or _STUDY_FILLER.fullmatch(head[clause_start:]):
        return _last_named(head, ctx) or previous
    end = at - len(_STUDY_FILLER.search(head).group())
    name = _name_before(sentence, end, ctx)
    return name[1] if name else None


def _last_named(text: str, ctx: _Context) -> str | None:
    """The person whose name (a form the model gave) occurs last in ``text``."""
    folded = text.casefold()
    named = [(folded.rfind(form) + len(form), ctx.names[form]) for form in ctx.names if form in folded]
    return max(named)[1] if named else None


def _forms(mention: Mention) -> list[str]:
    return [n for n in (mention.name, *mention.other_names) if len(n.strip()) >= 2]


def rule_mentions(
    mentions: Sequence[Mention], chunks: Iterable[Chunk], orgs: OrgTable
) -> list[Mention]:
    """New mentions for the roles, moves and degrees of every chunk that the model did not already give.

    ``mentions`` are the grounded model mentions of the same run: they say which names and organisations the
    document has, and which person-organisation pairs (person-school-degree for education) are already covered."""
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    added: list[Mention] = []
    documents: dict[str, _Document] = {}
    for span in chunks:
        doc = documents.get(span.doc) or documents.setdefault(span.doc, _Document.of(by_doc.get(span.doc, []), orgs))
        ctx, person_of, seen, seen_studies = doc.ctx, doc.person_of, doc.positions, doc.studies
        previous = None
        for sentence in split_sentences(span.text):
            continued = find_continued(sentence.text, ctx, previous)
            studies = find_studies(sentence.text, ctx, previous)
            previous = _last_named(sentence.text, ctx) or previous
            for role in (*find_roles(sentence.text, ctx), *find_moves(sentence.text, ctx), *continued):
                model_mention = person_of.get(role.name.casefold())
                forms = _forms(model_mention) if model_mention else [role.name, *role.other_names]
                key = _org_key(role.organization, orgs)
                if any((form.casefold(), key) in seen for form in forms):
                    continue
                seen.update((form.casefold(), key) for form in forms)
                added.append(_mention(span, sentence, role, forms))
            for study in studies:
                model_mention = person_of.get(study.name.casefold())
                forms = _forms(model_mention) if model_mention else [study.name]
                key, level = _org_key(study.institution, orgs), degree_level(study.degree)
                known = set().union(*(seen_studies.get((f.casefold(), key), set()) for f in forms))
                if known and (level is None or level in known or None in known):
                    continue  # the same school is there already, with this degree or with none stated
                for f in forms:
                    seen_studies.setdefault((f.casefold(), key), set()).add(level)
                added.append(_study_mention(span, sentence, study, forms))
    return added


@dataclass
class _Document:
    """What the model's mentions of one document say, built once per document: its names and organisations, and
    the person-organisation pairs (person-school → degree levels) it already covers."""

    ctx: _Context
    person_of: dict[str, Mention]
    positions: set[tuple[str, str]]
    studies: dict[tuple[str, str], set[str | None]]

    @classmethod
    def of(cls, mentions: list[Mention], orgs: OrgTable) -> _Document:
        named_orgs = [*(p.organization for m in mentions for p in m.positions),
                      *(e.institution for m in mentions for e in m.education)]
        ctx = _Context(orgs=orgs, doc_orgs=frozenset(key for o in named_orgs if (key := normalize_org(o))),
                       names={form.casefold(): form for m in mentions for form in _forms(m)})
        studies: dict[tuple[str, str], set[str | None]] = {}
        for m in mentions:
            for form in _forms(m):
                for e in m.education:
                    studies.setdefault((form.casefold(), _org_key(e.institution, orgs)), set()).add(
                        degree_level(e.degree))
        return cls(
            ctx=ctx,
            person_of={form.casefold(): m for m in mentions for form in _forms(m)},
            # a model fact on the wrong sentence (unsupported) covers nothing
            positions={(form.casefold(), _org_key(p.organization, orgs)) for m in mentions for form in _forms(m)
                       for p in m.positions if p.evidence.supported},
            studies=studies,
        )


def _org_key(organization: str, orgs: OrgTable) -> str:
    return normalize_org(orgs.canonical(organization).canonical or organization)


def _sentence_evidence(span: Chunk, sentence: Sentence) -> Evidence:
    return Evidence(doc=span.doc, start=span.start + sentence.start, end=span.start + sentence.end,
                    quote=sentence.text, alignment="exact", method="rule", score=100.0)


def _study_mention(span: Chunk, sentence: Sentence, study: Study, forms: list[str]) -> Mention:
    evidence = _sentence_evidence(span, sentence)
    graduated = stated_graduation(sentence.text, study.institution, span.published)
    return Mention(
        doc=span.doc, chunk=span.index, chunk_start=span.start, chunk_end=span.end, published=span.published,
        name=study.name, other_names=[f for f in forms if f != study.name],
        education=[EducationFact(institution=study.institution, degree=study.degree, end=graduated,
                                 evidence=evidence, filled=["end"] if graduated else [])],
    )


def _mention(span: Chunk, sentence: Sentence, role: Role, forms: list[str]) -> Mention:
    start = span.start + sentence.start
    evidence = _sentence_evidence(span, sentence)
    begun, ended = stated_dates(sentence.text, role.organization, span.published) if role.move else (None, None)
    return Mention(
        doc=span.doc, chunk=span.index, chunk_start=span.start, chunk_end=span.end, published=span.published,
        name=role.name, name_start=start + role.name_start if role.name_start >= 0 else None,
        name_end=start + role.name_end if role.name_start >= 0 else None,  # a pronoun's person is named elsewhere
        other_names=[f for f in dict.fromkeys((*forms, *role.other_names)) if f != role.name],
        positions=[PositionFact(organization=role.organization, title=role.title, status=role.status,
                                start=begun, end=ended, evidence=evidence,
                                filled=[k for k, v in (("start", begun), ("end", ended)) if v])],
    )
