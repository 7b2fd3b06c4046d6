"""The status a position's own sentence states: joined, left, founded, former or current, read off the words
around the organisation.

Why code and not the model: on the cached answers of the embedded model the status it wrote was right for 0.61 of
the matched positions on the seeds, 0.32 on the real-article dev half and 0.40 on the test half (``extract eval``'s
status row). Its mistakes are not about meaning but about which word goes with which organisation: in "离开谷歌加入
OpenAI" both get "joined"; a founder's company gets "current"; "曾任" gets "unknown". Which verb governs which
organisation is a question of position in the clause, which code answers the same way every time.

How it reads (the words come from the cue lexicon, :mod:`extract.lexicon.cues`, so ``--cues FILE`` extends them):

- Only the clause that names the organisation counts (clauses as :func:`extract.lexicon.sentences.clause_spans`
  cuts them): "离开谷歌，加入 OpenAI" gives Google "left" and OpenAI "joined".
- The cue nearest the organisation wins: the last one before it ("加入谷歌", "former Google researcher", "co-founder
  of Acme"), or one right after it where languages put it there ("从谷歌离职", "谷歌前研究员", "Acme 联合创始人",
  "Google's former"); the nearer of the two, the one before on a tie.
- "from A" / "从 A" right before the organisation, in a sentence with a joining or leaving verb: "left" ("joins
  Beta from Acme", "从 Acme 跳槽到 Beta").
- A hiring verb right after the organisation makes it the one hired into: "joined" ("Acme has hired NAME",
  "Acme 招募了 NAME"); before it, the organisation is where the hired come from ("招募了 Acme 研究员 NAME": "left").
- A founder's title among the titles right after it ("目前是 Acme 的 CTO、联合创始人") makes a held role "founded".
- A role or a move placed before the time of writing ("曾任", "此前加入", "previously joined") is "former"; a former
  role in a sentence that reports leaving ("原 Acme 副总裁 NAME 离职") is the role left: "left".
- No cue in the clause: ``None``, and the caller keeps what it had (the model's status, or "unknown").
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.lexicon.cues import CueLexicon
from extract.lexicon.orgs import name_goes_on
from extract.lexicon.script import HAN_RANGES
from extract.lexicon.sentences import clause_spans

__all__ = ["STATUS_CUES", "stated_status", "titled_post"]

# Cue kind → the status its word gives the organisation it governs. Later entries win for a word in two kinds
# ("出任" is both [hold] and [hold.start]; "worked at" both [work_at] and [work_at.past]).
STATUS_CUES: tuple[tuple[str, str], ...] = (
    ("hire", "left"),  # "Acme hired Beta's NAME", "Acme 招募了 Beta 研究员 NAME": the hired come from Beta
    ("work_at", "current"), ("hold", "current"), ("current", "current"), ("lead_work.now", "current"),
    ("join", "joined"), ("appoint", "joined"), ("hold.start", "joined"),
    ("found", "founded"), ("title.founder", "founded"),
    ("leave", "left"),
    ("former", "former"), ("past", "former"), ("work_at.past", "former"), ("sequence.earlier", "former"),
    ("lead_work.past", "former"),
)
# The statuses a cue right after the organisation can give (a verb-final leaving, a "前"/"former" before the title
# that follows, a founder's title). A joining verb or a held role after it governs something else ("谷歌研究员加入
# OpenAI").
_AFTER = frozenset({"left", "former", "founded"})
# A "before the time of writing" mark earlier in the clause makes a held role or a move a former one.
_EARLIER = ("past", "sequence.earlier")
_BY = re.compile(r"\s*by\b", re.IGNORECASE)
# What may stand between an organisation and a cue right after it: spaces, 的, a possessive.
_AFTER_GAP = re.compile(r"(?:\s|的|['’]s\b)*", re.IGNORECASE)


@lru_cache(maxsize=8)
def _cues_of(cues: CueLexicon) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """(every status cue as one pattern, cue word casefolded → status, the "earlier" marks), per lexicon."""
    status_of: dict[str, str] = {}
    for kind, status in STATUS_CUES:
        status_of.update({_key(word): status for word in cues.words(kind)})
    every = cues.regex(*(kind for kind, _ in STATUS_CUES))
    return every, status_of, cues.regex(*_EARLIER)


def _main_verb(sentence: str, before: list[re.Match[str]], at: int, status_of: dict[str, str]) -> re.Match[str]:
    """The cue that governs the organisation at ``at``: the last one before it, unless an earlier joining or leaving
    verb takes a noun phrase with a relative clause as its object ("加入 NAME 创办的公司 Acme", "离开了他参与创建的
    Acme"): the cues inside that clause describe the organisation, not this person's move."""
    last = before[-1]
    if "的" not in sentence[last.end():at]:
        return last
    # the nearest joining or leaving verb before the clause ("离开 A 后加入 X 创办的 B": 加入, not 离开)
    return next((cue for cue in reversed(before[:-1]) if status_of.get(_key(cue.group())) in ("joined", "left")),
                last)


@lru_cache(maxsize=8)
def _hire_words(cues: CueLexicon) -> frozenset[str]:
    """The hiring verbs: before the hired they give the organisation they come from ("left"), but right after an
    organisation that organisation is the one hiring, which the hired join."""
    return frozenset(_key(word) for word in cues.words("hire"))


def _founder_title_after(sentence: str, end: int, clause_end: int, cues: CueLexicon) -> int | None:
    """Where a founder's title starts in the titles written right after the organisation ("Acme 的 CTO、联合创始人",
    "Acme's CEO and co-founder"), or None: only titles, joints and spaces may stand between."""
    rest = sentence[end:clause_end]
    found = cues.regex("title.founder", plural=True).search(rest)
    if found is None:
        return None
    return end + found.start() if _title_filler(cues).fullmatch(rest[:found.start()]) else None


def titled_post(sentence: str, organization: str, cues: CueLexicon) -> bool:
    """``organization`` carries a title in a sentence that reports no move ("Acme CEO NAME 表示", "NAME, CEO of
    Acme, said"): news names people by the posts they hold, so the post is held now. Grounding reads it where the
    model gave no status; the rule pass does not (a list item's post may be where a hire comes from)."""
    at = sentence.casefold().find(organization.casefold().strip()) if organization.strip() else -1
    if at < 0 or cues.regex("join", "leave", "hire").search(sentence):
        return False
    end = at + len(organization.strip())
    clause_end = next((e for s, e in clause_spans(sentence) if s <= at < e), len(sentence))
    rest = sentence[end:clause_end]
    title = cues.regex("title", plural=True)
    after = title.search(rest)
    if after is not None and _title_filler(cues).fullmatch(rest[:after.start()]):
        return True
    tied = cues.alternation("affiliation")  # of, at, for …
    before = re.search(rf"(?:{cues.alternation('title', plural=True)})\s+{tied}\s+(?:the\s+)?$", sentence[:at],
                       re.IGNORECASE)
    return before is not None


_MOVE_WINDOW = 32  # characters from a title to the verb of the person it names (the name, adverbs, a date)
# Before the title word, in the same phrase: its unit or rank ("副", "大数据实验室", "chief"), no punctuation or verb
_TITLE_HEAD = re.compile(r"(?:\s|的|['’]s\b)*[\w -]{0,16}", re.IGNORECASE)
_VERBS = ("join", "leave", "found", "hold", "hire", "say", "work_at")


def _titled_before_a_move(sentence: str, at: int, end: int, clause_end: int, cues: CueLexicon) -> str | None:
    """"Acme 首席研究员 NAME 离职": the title's person leaves, "left"; "Acme 首席科学家 NAME 加盟 Beta": the post held
    before the move, "former". The organisation carries a title right after it, and the verb follows the name in
    the same clause; None otherwise, and where the verb joins the organisation itself ("Acme 首席科学家 NAME 于 2019
    年加入 Acme")."""
    rest = sentence[end:clause_end]
    for title in cues.regex("title", plural=True).finditer(rest):  # the last title of the phrase names the person
        if not _TITLE_HEAD.fullmatch(rest[:title.start()]) or cues.regex(*_VERBS).search(rest[:title.start()]):
            return None
        verb = cues.regex("leave", "join").search(sentence, end + title.end(),
                                                  min(clause_end, end + title.end() + _MOVE_WINDOW))
        # the verb is the name's, with only adverbs and dates between: not "NAME 欢迎 B 加入", "NAME 否认离职"
        if verb is not None and _name_then_filler(cues).fullmatch(sentence, end + title.end(), verb.start()):
            return _moved(sentence, at, end, verb, cues)
    return None


def _moved(sentence: str, at: int, end: int, verb: re.Match[str], cues: CueLexicon) -> str | None:
    """"left" for a leaving verb with no object of its own ("离职"; "离开百度" left Baidu, not the title's post);
    "former" for a joining one, unless it joins the organisation itself ("加入 Acme", "加入该公司", "joined the
    company") or a body that is no employer ("加入标准委员会", "joined the board of Beta")."""
    after = re.match(r"[\s了]*", sentence[verb.end():]).end() + verb.end()
    rest = sentence[after:after + 24]
    itself = rest.casefold().startswith(sentence[at:end].casefold()) or cues.regex("company").match(rest)
    if cues.regex("leave").fullmatch(verb.group()):
        stop = re.match(r"$|[，,。；;！？!?.]|后|之后|以后|after|in\b|on\b|last\b|this\b|earlier\b|\d", rest)
        return "left" if itself or stop is not None or cues.regex("time", "adverb").match(rest) else None
    if itself or cues.regex("governing_body").search(rest.split("，")[0].split(",")[0]):
        return None
    return "former"


@lru_cache(maxsize=8)
def _name_then_filler(cues: CueLexicon) -> re.Pattern[str]:
    """A name (a few Han characters, or capitalised words) and then only adverbs and dates before its verb."""
    filler = cues.alternation("adverb", "time", "sequence", "preposition", "group_adverb")
    return re.compile(rf"\s*(?:[{HAN_RANGES}·]{{2,4}}|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’.-]*){{0,2}})"
                      rf"(?:\s|{filler}|\d+|[年月日号])*")


@lru_cache(maxsize=8)
def _title_filler(cues: CueLexicon) -> re.Pattern[str]:
    """What may stand between an organisation and a founder's title: spaces, 的, a possessive, titles, joints."""
    return re.compile(f"(?:\\s|的|['’]s\\b|{cues.alternation('title', plural=True)}|"
                      f"{cues.alternation('and', 'concurrently')})*", re.IGNORECASE)


def _key(word: str) -> str:
    return " ".join(word.casefold().split())


def stated_status(sentence: str, organization: str, cues: CueLexicon) -> str | None:
    """The status ``sentence`` states for a position at ``organization``, or None when its clause has no cue (or
    the organisation is not written in it as given)."""
    at = sentence.casefold().find(organization.casefold().strip()) if organization.strip() else -1
    if at < 0:
        return None
    end = at + len(organization.strip())
    clause_start, clause_end = next(((s, e) for s, e in clause_spans(sentence) if s <= at < e), (0, len(sentence)))
    every, status_of, earlier = _cues_of(cues)
    product = cues.regex("found.product")
    leading = cues.regex("lead_work")
    # "launched Acme Copilot": no founding of Acme when a product's or a unit's name goes on after it; "will be led by
    # Acme professor NAME": a passive's agent, no leading of Acme
    before = [m for m in every.finditer(sentence, clause_start, at)
              if not (product.fullmatch(m.group()) and name_goes_on(sentence, end))
              and not (leading.fullmatch(m.group()) and _BY.match(sentence, m.end()))]
    after = every.match(sentence, _AFTER_GAP.match(sentence, end, clause_end).end(), clause_end)
    founder = _founder_title_after(sentence, end, clause_end, cues)
    candidates = []
    if before:
        last = _main_verb(sentence, before, at, status_of)
        status = status_of.get(_key(last.group()))
        if status == "left" and _BY.match(sentence, last.end()) and _key(last.group()) in _hire_words(cues):
            status = "joined"  # "was recruited by Acme": the one who hires (not "was laid off by Acme")
        candidates.append((at - last.end(), 0, status))
    if after and _key(after.group()) in _hire_words(cues):
        candidates.append((after.start() - end, 1, "joined"))  # "Acme has hired NAME": Acme is where they go
    elif after and status_of.get(_key(after.group())) in _AFTER:
        candidates.append((after.start() - end, 1, status_of.get(_key(after.group()))))
    origin = cues.regex("origin").search(sentence, max(clause_start, at - 6), at)
    moved = cues.regex("join", "leave", "hire").search(sentence)
    if origin is not None and not sentence[origin.end():at].strip() and moved:
        candidates.append((0, -1, "left"))  # "joins Beta from Acme", "从 Acme 跳槽到 Beta", "Beta hired her from Acme"
    if not candidates:
        return "founded" if founder is not None else _titled_before_a_move(sentence, at, end, clause_end, cues)
    status = min(candidates)[2]
    if founder is not None and status == "current":
        return "founded"  # "目前是 Acme 的 CTO、联合创始人": holding it, and more, founded it
    if status in ("current", "joined") and earlier.search(sentence, clause_start, at):
        return "former"
    if status == "former" and cues.regex("leave").search(sentence, end):
        return "left"  # "原 Acme 副总裁 NAME 离职": the role the person left
    return status
