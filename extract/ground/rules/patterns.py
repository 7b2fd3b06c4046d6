"""The regexes of the rule pass, built once per cue lexicon from its words and the fixed grammar of each shape.

The words come from the cue lexicon (:mod:`extract.lexicon.cues`); what stays here is the grammar around them: a
year before a verb, the comma before "who", the shape "从 SCHOOL 毕业".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.lexicon.cues import CueLexicon, alternation
from extract.lexicon.date_parts import MONTH
from extract.lexicon.script import has_han

__all__ = ["MOVES", "RulePatterns", "move_status", "patterns_of"]

# The status a move verb gives, by the cue kind it comes from ("离开了 Acme": left).
MOVES = {"join": "joined", "leave.object": "left", "found": "founded", "work_at": "unknown"}
# The verbs of a move or a role: a stretch with one is a clause, not a title; a name written without a break ends
# before one.
_VERBS = ("join", "leave", "found", "work_at", "appoint", "hold", "hire", "say")
# A date before a verb: a year, maybe its month ("2021 年 3 月"), or a month or a day alone ("6 月", "3 月 27 日",
# "5 月中旬"), whose year the document gives
_DATE = r"(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?|\d{1,2}\s*月份?(?:\s*\d{1,2}\s*[日号])?(?:初|底|末|中旬|上旬|下旬)?)"


@dataclass(frozen=True)
class RulePatterns:
    """Every compiled pattern of the rule pass, for one lexicon."""

    title: re.Pattern[str]  # a title word (a whole word when Latin, maybe plural)
    title_of: re.Pattern[str]  # an English title with what it is of, in lower case ("head of research")
    former: re.Pattern[str]  # a mark before a title: held before
    former_end: re.Pattern[str]  # the same mark at the end of the text, before an organisation ("former Acme CEO")
    current: re.Pattern[str]  # a mark before a title: held now
    clause: re.Pattern[str]  # a word that makes a stretch a clause, not a title
    after_name: re.Pattern[str]  # where a Han name running into the sentence ends
    honorific: re.Pattern[str]  # a title or honorific right after a Han name
    leaving: re.Pattern[str]  # a sentence reporting a departure
    at_org: re.Pattern[str]  # a preposition before an organisation ("在 Acme 工作")
    works: re.Pattern[str]  # after that organisation (and a short unit, 华为云): a verb of working or holding a role
    earlier: re.Pattern[str]  # a mark that the clause tells of an earlier time (此前, previously)
    joining: re.Pattern[str]  # a sentence reporting an arrival
    copula: re.Pattern[str]  # between a name and ORG TITLE: 是, 曾任, ", the"
    past: re.Pattern[str]  # 曾: the role was held before
    roles_joint: re.Pattern[str]  # between two roles of one person (at the start of the text it is matched on)
    roles_joint_end: re.Pattern[str]  # the same, at the end of the text
    names_joint: re.Pattern[str]  # between two names of a list, at the end of the text
    names_joint_start: re.Pattern[str]  # the same at the start of a list item ("and Ann Lee, …"), or nothing
    move: re.Pattern[str]  # a move verb whose object is the organisation
    hire: re.Pattern[str]  # a hiring verb whose subject is the organisation and whose object is people
    owned: re.Pattern[str]  # what an organisation owns before another organisation's name ("Acme's rival ")
    phrase_end: re.Pattern[str]  # the end of a noun phrase: punctuation, the end, or a word starting what follows
    owned_unit_end: re.Pattern[str]  # an organisation's unit at the end of a subject: "Acme's AI team"
    hired_break: re.Pattern[str]  # what may follow a hired person's name: punctuation, a list joint, "from", 等
    tied_before: re.Pattern[str]  # at the end of what precedes an organisation a role is at: "lead at", "former"
    title_after: re.Pattern[str]  # a title right after an organisation ("Acme 首席科学家", "Acme's chief …")
    org_noun: re.Pattern[str]  # a word for an organisation ending its description before its name ("初创公司 Acme")
    # a verb after such a Latin organisation makes it the subject of a relative clause: "the company Google acquired"
    # (never for Han text, where "加入初创公司 Acme 担任 CTO" goes on with the person's verb)
    verb_after_org: re.Pattern[str]
    status_of: dict[str, str]  # move verb (casefolded, single spaces) → status
    leave: re.Pattern[str]  # "从 ORG 离职": a leaving verb after the organisation
    as_title: re.Pattern[str]  # "… as a corporate vice president" after a joined organisation (group ``title``)
    degree_list: re.Pattern[str]  # between one degree's school and the next of the list ("and a", "、")
    onward: re.Pattern[str]  # after a departure (and a time): the link to where the person went (group ``link``)
    filler: re.Pattern[str]  # adverbs, dates, a group word between a list of names and its verb (at the end)
    continued: re.Pattern[str]  # the verb of a clause whose subject is a pronoun or left out
    hold: re.Pattern[str]  # a verb holding a role (followed by ORG TITLE)
    dated_hold: re.Pattern[str]  # a verb holding a role only right after a date (a biography's "2019 年任")
    implied_subject: re.Pattern[str]  # all that may stand before such a verb (fullmatch)
    pronoun_subject: re.Pattern[str]  # a clause opening with a pronoun subject, after a date or adverbs (match)
    studies: tuple[re.Pattern[str], ...]  # degree shapes; the institution starts right after the match
    study_filler: re.Pattern[str]  # between a name and the verb of a degree (at the end, or fullmatch)
    degree_after: re.Pattern[str]  # a degree level written after the institution
    degree: re.Pattern[str]  # a degree level anywhere ("学士", "PhD"), not a postdoc
    where_degree: re.Pattern[str]  # ", where he received his PhD" after the school (group ``deg``)
    degree_joint: re.Pattern[str]  # between two degrees ("本科及硕士")
    org_joint: re.Pattern[str]  # between two organisations of a list ("腾讯和百度", "A and B"), never a comma
    relative: re.Pattern[str]  # "Jane Roe, who …"
    passive: re.Pattern[str]  # before a hiring verb: "was (quickly)", "have been" (at the end)
    topic: re.Pattern[str]  # an organisation's topic mark before it ("以", "在", "At"; match)
    topic_end: re.Pattern[str]  # after it ("为例", "方面"), then a comma (match)
    item_joint: re.Pattern[str]  # between two items of a list ("、", "和", "and")
    count_zh: re.Pattern[str]  # a group named by its count before its verb or adverb ("三位都", "两位研究员都")
    group_adverb_start: re.Pattern[str]  # a group adverb opening the text ("均", "all")
    people_noun: re.Pattern[str]  # a noun for people after a count ("experts", "研究员"; fullmatch)
    respectively: re.Pattern[str]  # "分别", "respectively": each its own object
    list_to_verb: re.Pattern[str]  # between a list of organisations and a verb of working: "都有过" (match)


@lru_cache(maxsize=8)
def patterns_of(cues: CueLexicon) -> RulePatterns:
    """The patterns for ``cues`` (cached per lexicon object)."""
    alt = cues.alternation
    joint = alt("and", "concurrently")
    status_of = {_key(word): status for kind, status in MOVES.items() for word in cues.words(kind)}
    filler = alt("adverb", "group_adverb", "group", "time", "sequence", "preposition")
    relative = alt("relative")
    levels = alt("degree.bachelor", "degree.master", "degree.doctorate")
    degree = rf"(?!{alt('postdoc')}){levels}"
    frame, date = _dates(cues)
    return RulePatterns(
        title=cues.regex("title", plural=True),
        former=re.compile(alt("former")),
        former_end=_former_end(cues),
        current=re.compile(alt("current")),
        clause=cues.regex("clause", *_VERBS),
        after_name=cues.regex("after_name", *_VERBS),
        honorific=cues.regex("name_title"),
        leaving=cues.regex("leave"),
        at_org=re.compile(rf"(?:{alt('preposition')})\s*"),
        works=re.compile(rf"(?P<unit>[^\s，。；,;、的]{{0,3}}?)\s*(?:{alt('hold', 'tenure')})\s*"),
        earlier=cues.regex("sequence.earlier"),
        joining=cues.regex("join"),
        # "NAME 是 Acme CTO", "NAME, the Acme CTO", and a bracket after the name: "NAME（前 Acme CEO）"
        copula=re.compile(rf"\s*(?:{alt('hold', 'copula')}|,\s*(?:the\s+|an?\s+)?|[(（])\s*"),
        past=cues.regex("past"),
        roles_joint=re.compile(joint),
        roles_joint_end=re.compile(rf"(?:{joint})$"),
        names_joint=re.compile(rf"(?:,\s*)?(?:{alt('and')})\s*$"),  # ", as well as"
        names_joint_start=re.compile(rf"\s*(?:(?:{alt('and')})\s*)?"),
        move=cues.regex(*MOVES),
        hire=cues.regex("hire"),
        tied_before=re.compile(rf"(?:{alt('affiliation', 'former', 'current', 'hold', *MOVES)})\s*(?:了\s*)?$",
                               re.IGNORECASE),
        org_noun=cues.regex("org_noun", plural=True),
        verb_after_org=re.compile(rf"\s+(?:[a-z]+ed\b|{alt(*_VERBS, 'adverb', 'copula')})"),
        title_after=re.compile(rf"\s*(?:['’]s\s+|的)?(?:\w+\s+)?(?:{alt('title', plural=True)})", re.IGNORECASE),
        status_of=status_of,
        leave=cues.regex("leave"),
        filler=re.compile(rf"(?:\s|{filler}|{date}|,?\s*{relative})*+$"),  # possessive: no backtracking blow-up
        continued=re.compile(rf"{alt('hold', *MOVES)}|(?<=[年月日])\s*(?:{alt('hold_after_date')})"),
        hold=cues.regex("hold"),
        dated_hold=cues.regex("hold_after_date"),
        **_subject_patterns(cues, frame),
        **_english_patterns(cues),
        studies=_study_shapes(cues, degree),
        study_filler=re.compile(
            rf"(?:\s|{filler}|{date}|,?\s*{relative}|{alt('copula', 'obtain', 'determiner')})*+$"),
        **_degree_patterns(cues, degree),
        # a comma after an organisation ends its clause as often as it lists the next one ("加入了腾讯，百度则…")
        org_joint=re.compile(rf"\s*(?:{_joint_without_comma(cues)})\s*"),
        relative=re.compile(rf"\s*{relative}\s"),
        **_group_patterns(cues),
    )


def _group_patterns(cues: CueLexicon) -> dict[str, re.Pattern[str]]:
    """The patterns of groups and topics: a passive hire, a topic organisation, a list's joints, a count."""
    alt = cues.alternation
    return {
        # "was (quickly) hired by", not "was nearly hired by" ([not_done]: the hire did not happen)
        "passive": re.compile(rf"\s*(?:{alt('copula')}|(?:{alt('adverb')})\s+been)\s+"
                              rf"(?:(?!{alt('not_done')})[a-z]+ly\s+)*$", re.IGNORECASE),
        "topic": re.compile(rf"\s*(?:{alt('topic')})\s*"),
        "topic_end": re.compile(rf"\s*(?:{alt('topic_end')})?\s*[，,]"),
        "item_joint": re.compile(rf"\s*(?:{alt('and')})\s*"),
        "count_zh": re.compile(rf"(?:^|(?<=[，；。]))\s*(?:这|该|{alt('group')})?(?P<n>[两二三四五六七八九十]|\d+)\s*"
                               rf"(?:人|位|名)(?P<noun>[^\s，。,;；、]{{0,4}}?)"
                               rf"(?=\s*(?:{alt('group_adverb', 'adverb', 'past', 'copula', 'hold', *MOVES)}))"),
        "group_adverb_start": re.compile(rf"^\s*(?:{alt('group_adverb')})\s*"),
        "people_noun": re.compile(rf"(?:{alt('people_noun', 'title', plural=True)})", re.IGNORECASE),
        "respectively": re.compile(alt("respectively")),
        "list_to_verb": re.compile(rf"\s*(?:(?:{alt('group_adverb', 'adverb', 'past')})\s*)*(?:有过)?\s*"),
    }


def _subject_patterns(cues: CueLexicon, frame: str) -> dict[str, re.Pattern[str]]:
    """What may stand before the verb of a clause with no subject of its own (``implied_subject``, fullmatch), and a
    clause that opens with a pronoun subject (``pronoun_subject``, match): dates, adverbs, then the pronoun."""
    alt = cues.alternation
    # a date, maybe after 于 ("于 2020 年创立 Acme"; not 在: "在 2019 年加入 Acme 前，NAME …" names its subject after)
    dates = rf"\s|(?:于\s*)?(?:\d{{4}}\s*年|\d{{1,2}}\s*月)|{frame}|,|(?:in|by)\s+(?:{MONTH}\s+)?\d{{4}}"
    adverbs = alt("adverb.continued", "time.continued", "sequence.continued")
    return {
        "implied_subject": re.compile(
            rf"(?:{dates}|(?<=[年月])\s*(?:至|到)|{adverbs}|{alt('pronoun')}|^\s*(?:{alt('formal_pronoun')}))*$",
            re.IGNORECASE),
        # not a possessive (他的导师) nor a word the character starts (其他, 其中, 其实, 其余; 他们 is a group)
        "pronoun_subject": re.compile(
            rf"(?:{dates}|{adverbs})*(?:{alt('pronoun', 'formal_pronoun')})(?![的们他中实余])", re.IGNORECASE),
    }


def _joint_without_comma(cues: CueLexicon) -> str:
    return alternation(w for w in cues.words("and") if w.strip() not in (",", "，"))


# Chinese degree levels written as one word by their first characters: 本硕博, 本硕, 硕博 (read by rules/studies.py)
_COMBINED_DEGREES = r"[本硕碩博]{2,3}(?![士科])"

def _former_end(cues: CueLexicon) -> re.Pattern[str]:
    """A former mark right before an organisation: a Latin one anywhere ("former Acme CEO"); a Han one (前, 原) only
    at a clause's start or after punctuation or a particle, never the end of a time word (目前, 此前, 不久前, 早前) or
    a place (太原)."""
    han = [w for w in cues.words("former") if has_han(w)]
    latin = [w for w in cues.words("former") if not has_han(w)]
    opening = r"(?:(?<![\u4e00-\u9fff])|(?<=[据与和及的是为由被对向让请称、，,：:（(“「]))"
    return re.compile(rf"(?:(?:{alternation(latin)})|{opening}(?:{alternation(han)}))\s*$", re.IGNORECASE)


def _english_patterns(cues: CueLexicon) -> dict[str, re.Pattern[str]]:
    """The shapes of English news around a title, a hire and a departure's destination."""
    alt = cues.alternation
    # a word of what a title is of ("head of research"): lower case, not a preposition or a joint that ends the title
    of_word = rf"(?!(?:{alt('around_date', 'affiliation', 'and', 'relative')})\b)[a-z][a-z&-]*"
    # a word of a time phrase between a departure and where it went ("left Acme in mid-2024 to join …")
    when = rf"(?:{alt('around_date', 'determiner')}|last|this|early|earlier|late|later|the|of|year|month|week" \
           rf"|mid-\d{{4}}|\d{{4}}|{MONTH})\b"
    article = rf"(?:(?:{alt('determiner')}|the)\s+)?"
    joints = alt("around_date", "affiliation", "and")  # prepositions and joints: words that end a noun phrase
    return {
        "title_of": re.compile(rf"(?i:{alt('title', plural=True)})\s+(?:of|for)\s+(?:the\s+)?(?:{of_word}\s+){{0,2}}"
                               rf"{of_word}\b"),
        "owned": re.compile(rf"['’]s\s+(?:(?!(?:{joints})\b)[a-z][\w-]*\s+)?"),
        "phrase_end": re.compile(rf"\s*(?:$|[,.;:!?)，。；：]|\s(?:{joints}|as|after|last|this|to)\b)"),
        "owned_unit_end": re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:{alt('unit')})s?$", re.IGNORECASE),
        # a break, or the time or role of the hire ("hired Jane Roe earlier this month", "… as CTO")
        "hired_break": re.compile(rf"\s*(?:$|[;:；。.!?！？()（）]|{alt('and', 'origin')}|等)"
                                  rf"|\s+(?:as|to|earlier|last|this|{alt('around_date')})\b"),
        # after the departure (and the organisation left): when, or a short object ("the company", "his job at
        # Acme", "academia"), then the link
        "onward": re.compile(rf"(?:\s+(?:{when}|(?!(?:{joints}|but|who|which|after|before)\b)[\w'’-]+)){{0,5}}?\s*,?\s+"
                             rf"(?P<link>{alt('onward')})\s", re.IGNORECASE),
        # "joined Acme as a corporate vice president": the title, up to punctuation or a preposition
        "as_title": re.compile(rf"\s+as\s+{article}(?P<title>[^,;.()]{{1,60}}?)(?=\s*(?:[,;.()]|$)|\s+(?:"
                               rf"{alt('around_date')})\b)", re.IGNORECASE),
        # between one degree's school and the next degree of its list: "…from A and a PhD from B", "A 硕士、B 博士"
        "degree_list": re.compile(rf"(?:学位|學位)?\s*(?:{alt('and')})\s*{article}", re.IGNORECASE),
    }


def _dates(cues: CueLexicon) -> tuple[str, str]:
    """(the Chinese words framing a date, a date in its frame or dates joined: "自 2018 年起", "从 2023 年开始",
    "分别于 2009 年和 2014 年"; still only dates before a verb; a comma is no joint here, it ends the clause)."""
    frame = alternation(cues.lists["around_date"].get("zh", ()))
    framed = rf"(?:(?:{frame})\s*)?{_DATE}(?:\s*(?:{frame}))?"
    return frame, rf"{framed}(?:\s*(?:{_joint_without_comma(cues)})\s*{framed})*"


def _degree_patterns(cues: CueLexicon, degree: str) -> dict[str, re.Pattern[str]]:
    alt = cues.alternation
    return {
        "degree_after": re.compile(rf"^[^；;。]{{0,25}}?({degree})"),
        "degree": re.compile(degree),
        # "…at Acme University, where she received her PhD": the school is the one named before
        "where_degree": re.compile(rf",\s*where\s+(?:{alt('pronoun')})\s+(?:\w+\s+)?(?:{alt('obtain', 'graduate')})"
                                   rf"\s+(?:(?:{alt('determiner')})\s+)?(?P<deg>{degree})", re.IGNORECASE),
        "degree_joint": re.compile(rf"\s*(?:{alt('and')})\s*"),
    }


def _study_shapes(cues: CueLexicon, degree: str) -> tuple[re.Pattern[str], ...]:
    """(pattern with the institution's start right after the match; group ``deg``: the degree as written)."""
    alt = cues.alternation
    joint, graduate = alt("and"), alt("graduate")
    return (
        # 硕士毕业于 SCHOOL, 本科、博士均毕业于 SCHOOL
        # and the same with a study verb (硕士、博士就读于 SCHOOL) or one word for the list (本硕博均毕业于 SCHOOL)
        re.compile(rf"(?P<deg>(?:{degree}|{_COMBINED_DEGREES})(?:\s*{joint}\s*{degree})*)?\s*"
                   rf"(?:{alt('group_adverb')})?\s*(?:则\s*)?(?:{graduate}|{alt('study')})于\s*"),
        # a graduate of SCHOOL, an alumna of SCHOOL: no degree stated
        re.compile(rf"(?P<nodeg>)(?:{graduate}|{alt('study.alumni')})\s+of\s+(?:the\s+)?", re.IGNORECASE),
        re.compile(rf"从\s*(?=\S+?\s*{graduate})"),  # 从 SCHOOL 毕业
        re.compile(rf"{alt('preposition')}\s*(?=\S+?\s*{alt('study', 'obtain.at_school')})"),  # 在/于 SCHOOL 攻读
        re.compile(rf"{alt('obtain')}了?\s*(?=\S+?\s*(?:的)?\S{{0,15}}?{degree}学位)"),  # 获得 SCHOOL 博士学位
        re.compile(rf"(?P<deg>{degree}(?:'?s)?(?:\s+degree)?|{alt('degree', plural=True)})\b[^.;]{{0,40}}?\bfrom\s+",
                   re.IGNORECASE),  # PhD from SCHOOL
        re.compile(rf"{graduate}\s+from\s+|{alt('study')}\b[^.;]{{0,30}}?\bat\s+", re.IGNORECASE),  # studied at
        re.compile(rf"(?P<deg>{degree}(?:'?s)?(?:\s+degree)?)\s+at\s+", re.IGNORECASE),  # his PhD at SCHOOL
    )


def _key(word: str) -> str:
    return " ".join(word.casefold().split())


def move_status(patterns: RulePatterns, verb: str) -> str | None:
    """The status a move verb as written gives (None for a verb holding a role)."""
    return patterns.status_of.get(_key(verb))
