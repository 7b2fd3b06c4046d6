"""Departures of titled people from the organisation a passage is about: "以 Acme 为例，首席产品官 A、研发副总裁 B
于今年 3 月离职", a paragraph opening "在 Acme，……" whose later sentence reads "5 月 18 日，执行副总裁 A 离职", "At
Acme, chief strategy officer Jane Roe left in January".

Why: a roundup of moves names each company once, as the topic of a sentence or of a paragraph, and then tells who
left under their titles alone. The verb has no object (离职, 辞职, stepped down), so no other shape reads a move
there, and the model, which sees no organisation in the clause, gives these people nothing (on the real-article
sets it missed every one of them).

Shape: a clause whose subject is one title and name or a list of them ("首席产品官 A、研发副总裁 B"), then adverbs,
dates or "宣布", then a leaving verb ([leave]) with no known organisation after it. The organisation is the topic the
sentence opens with ("以 ORG 为例，", "在 ORG，", "ORG 方面，", "At ORG, "), else the one its paragraph opens with.

Guards, for precision: every person of the list stands right after a title of their own (the title is what ties
them to the topic), and no title names an organisation (a title at a named one is the appositions'); the topic is a
known organisation, written first in its sentence or paragraph and followed by a comma; "从 ORG 离职" and "离开
ORG" are the moves' shapes and not read here.
"""

from __future__ import annotations

import re

from extract.ground.rules.context import Role, RuleContext, org_ending_at, org_key, org_starting_at, organisations_in
from extract.ground.rules.people import name_at
from extract.ground.rules.titles import clean_title, title_ends
from extract.lexicon.dates import find_dates

__all__ = ["find_topic_departures"]

_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?]")
# A title of somebody else's ("竞争对手的 CTO", "a rival's chief scientist", "its CTO"), or a stretch that is more than
# a title ("大家都知道首席科学家", "2018 年首席科学家"): digits, or more than a few characters before the title word
_OWNED = re.compile(r"的|['’]s\b|\d|竞争对手|對手|对手|\brival\b", re.IGNORECASE)
_POINTING = "该这那"  # "该公司首席产品官", "这家公司的 CTO": a title at the company pointed to, not the topic
_MAX_TOPIC_TITLE = 10  # characters of a Han title (three times that in Latin letters)
_FROM = re.compile(r"从\s*$")
_CAPITAL = re.compile(r"(?<![\w'’-])[A-Z]")  # a capitalised word after a Latin verb: an organisation's name
# A date right before the verb that the filler does not take: a month or day with no year ("于今年 1 月离职", "3 月
# 27 日离职", "left in January")
_BARE_DATE = re.compile(
    r"(?:\d{1,2}\s*月份?(?:\s*\d{1,2}\s*[日号])?(?:初|底|末|中旬|上旬|下旬)?|\bin\s+[A-Z][a-z]+)\s*$")


def find_topic_departures(sentence: str, before: str, ctx: RuleContext) -> list[Role]:
    """Every departure of a titled list of people in ``sentence`` from its topic organisation; ``before`` is the text
    that precedes the sentence (its paragraph's opening is read from it)."""
    roles: list[Role] = []
    for verb in ctx.patterns.leaving.finditer(sentence):
        head = _subject_end(sentence[:verb.start()], ctx)
        begin = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
        people = _titled_people(sentence, begin, len(head), ctx)
        if not people or _from_org(sentence[:verb.start()], ctx) or _object_named(sentence, verb.end(), ctx):
            continue  # "从 ORG 离职", "离开 ORG", "left the board of Contoso": what was left is named
        organization = topic_at(sentence[:begin], ctx)
        if organization is None and not organisations_in(sentence[:begin], 0, ctx):
            organization = _paragraph_topic(before, ctx)  # unless the sentence turns to another organisation
        if organization is None:
            continue
        if not ctx.cues.matches(organization, "university"):  # a professor's post is at a university, not at Acme
            people = [p for p in people if not ctx.cues.regex("title.academic", plural=True).search(p[4])]
        roles += [Role(name, others, start, end, organization, title, "left", move=True, dated_by=name)
                  for start, end, name, others, title in people]
    return roles


def topic_at(text: str, ctx: RuleContext) -> str | None:
    """The organisation ``text`` opens with as its topic ("以 Acme 为例，", "在 Acme，", "Acme 方面，", "At Acme, "),
    or None."""
    lead = ctx.patterns.topic.match(text)
    start = lead.end() if lead else len(text) - len(text.lstrip())
    end = org_starting_at(text, start, ctx)
    after = ctx.patterns.topic_end.match(text, end) if end is not None else None
    if after is None or not (lead or after.group().strip(" ，,")):  # "Acme 方面，" needs no mark before it
        return None
    return text[start:end].strip()


def _paragraph_topic(before: str, ctx: RuleContext) -> str | None:
    """The topic the paragraph holding the sentence opened with, when an earlier sentence of it did and no later
    one named another organisation ("在 Acme，……。Beta 同样动荡。" turns to Beta); or the organisation whose team the
    sentence right before is about ("Acme 的管理团队仍在动荡。", "Acme's leadership team is in turmoil.")."""
    paragraph = before[before.rfind("\n") + 1:]
    topic = topic_at(paragraph, ctx) if paragraph.strip() else None
    if topic is None:
        previous = _LAST_SENTENCE.search(paragraph)
        topic = _team_topic(previous.group(1), ctx) if previous else None
        paragraph = previous.group(1) if topic else paragraph
    if topic is None:
        return None
    key = org_key(topic, ctx.orgs)
    named = {org_key(paragraph[s:e], ctx.orgs) for s, e in organisations_in(paragraph, 0, ctx)}
    return topic if named <= {key} else None


# The sentence right before (after a lead that ends in a colon: "最新消息：Acme 的…"), ending with its full stop
_LAST_SENTENCE = re.compile(r"(?:^|[。.!?！？:：]\s*)([^。.!?！？:：]+[。.!?！？]\s*)$")
_TEAM_REACH = 8  # characters between an organisation's possessive and its team ("的核心管理"; three times in Latin)


def _team_topic(sentence: str, ctx: RuleContext) -> str | None:
    """The organisation a sentence opens with when its subject is that organisation's team ([unit]): "Acme 的管理层
    近来变动频繁", "Acme's leadership team is in turmoil"."""
    start = len(sentence) - len(sentence.lstrip())
    end = org_starting_at(sentence, start, ctx)
    owned = _POSSESSIVE_AFTER.match(sentence, end) if end is not None else None
    reach = _TEAM_REACH * (3 if sentence[owned.end():owned.end() + 1].isascii() else 1) if owned else 0
    unit = ctx.cues.regex("unit").search(sentence, owned.end(), owned.end() + reach) if owned else None
    if unit is None or _CLAUSE_BREAK.search(sentence, owned.end(), unit.start()):
        return None
    return sentence[start:end].strip()


_POSSESSIVE_AFTER = re.compile(r"\s*(?:的|['’]s\s)\s*")


def _object_named(sentence: str, at: int, ctx: RuleContext) -> bool:
    """Does the verb's clause name what was left after it: an organisation ("离开了他工作十年的 Beta", "resigned from
    the board of Beta"), or, after a Latin verb, a capitalised word (an organisation nobody gave: "left Contoso")?"""
    stop = _CLAUSE_BREAK.search(sentence, at)
    rest = sentence[at:stop.start() if stop else len(sentence)]
    for start, end in sorted(find_dates(rest), reverse=True):  # "left in January": a date, not an organisation
        rest = rest[:start] + " " + rest[end:]
    return bool(organisations_in(rest, 0, ctx)) or (sentence[at - 1:at].isascii() and _CAPITAL.search(rest) is not None)


def _from_org(head: str, ctx: RuleContext) -> bool:
    head = head.rstrip()
    start = org_ending_at(head, len(head), ctx)
    return start is not None and _FROM.search(head[:start]) is not None


def _subject_end(head: str, ctx: RuleContext) -> str:
    """``head`` without the adverbs, dates and "宣布" between its subject and the verb."""
    for _ in range(3):
        head = head[:len(head) - len(ctx.patterns.filler.search(head).group())].rstrip()
        said = ctx.cues.regex("say").search(head, max(0, len(head) - 4))
        dated = _BARE_DATE.search(head)
        if said is not None and said.end() == len(head):
            head = head[:said.start()]
        elif dated is not None:
            head = head[:dated.start()]
        else:
            break
    return head.rstrip()


def _titled_people(sentence: str, begin: int, end: int,
                   ctx: RuleContext) -> list[tuple[int, int, str, tuple[str, ...], str]]:
    """The list of "TITLE NAME" items between ``begin`` and ``end``: (start, end, name, other names, title) each;
    empty unless every item is one."""
    people = []
    at = begin
    # a joint inside a title ("技术与产品负责人") ends no item
    for joint in ctx.patterns.item_joint.finditer(sentence, begin, end):
        person = _titled_person(sentence, at, joint.start(), ctx)
        if person is not None:
            people.append(person)
            at = joint.end()
    last = _titled_person(sentence, at, end, ctx)
    return [*people, last] if last is not None else []


def _titled_person(sentence: str, start: int, stop: int,
                   ctx: RuleContext) -> tuple[int, int, str, tuple[str, ...], str] | None:
    """One item, a title then a name running to ``stop``; None when it is not."""
    for title_end in title_ends(sentence[:stop], ctx):
        if title_end <= start:
            continue
        named = name_at(sentence[:stop], title_end, ctx)
        if named is None or named[1] != stop:
            continue
        stretch = sentence[start:title_end].strip()
        title = clean_title(stretch, ctx)
        if title is None or organisations_in(stretch, 0, ctx) or ctx.is_org(named[2]) or _OWNED.search(stretch) \
                or ctx.cues.regex("determiner", "formal_pronoun").match(stretch) or stretch[:1] in _POINTING \
                or len(stretch) > _MAX_TOPIC_TITLE * (3 if stretch.isascii() else 1):
            return None  # "另一家公司的首席运营官", "rival's CTO", "其 CTO": somebody else's title
        return named[0], named[1], named[2], named[3], title[0]
    return None
