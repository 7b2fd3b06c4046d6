"""The rule pass after grounding: roles, moves and degrees that news text states in a fixed shape, read off the
sentence, one module per shape:

- :mod:`~extract.ground.rules.appositions`: "Acme 首席科学家张三", "Beta 前产品总监 Jane Roe", "Jane Roe 是 Acme CTO，
  前 Beta 研究员", "Jane Roe, chief scientist at Acme", "CEO of Acme AI, reporting to CEO Jane Roe";
- :mod:`~extract.ground.rules.moves`: moves of one name or a list, "去年 3 月，A、B 和 C 离开了 Acme", "A and B joined
  Acme", "A 上月从 Acme 离职"; work after a preposition, "A 曾在 Acme 工作", "曾在 Acme 担任专家的 A"; "A 创办的 Acme";
- :mod:`~extract.ground.rules.appointments`: people an organisation appointed to a title, "Acme 宣布任命 NAME 为 AI
  Lab 副主任", "Acme appointed Jane Roe as CTO";
- :mod:`~extract.ground.rules.hires`: people an organisation hired, "Acme has hired A, B and C", "Acme 招募了 NAME",
  and the passive, "A and B were snapped up by Acme";
- :mod:`~extract.ground.rules.topics`: departures of titled people from the organisation a sentence or its paragraph
  opens with as its topic, "以 Acme 为例，首席产品官 A、研发副总裁 B 于 3 月离职";
- :mod:`~extract.ground.rules.groups`: a group named by its count in a later sentence, "A and B, as well as C and D,
  will be joining Acme. All four engineers are co-founders of Beta", read by the other shapes for each person;
- :mod:`~extract.ground.rules.including`: the people a move's sentence lists after "including", "其他成员也投奔 Acme，
  包括 A、B 和 C", each given the move;
- :mod:`~extract.ground.rules.items`: list items that introduce a person, "- Jane Roe: former head of X at Acme";
- :mod:`~extract.ground.rules.leads`: the move a list's lead states for every person its items name ("The list of
  new hires includes:", "the leaders Acme has lost this year:"), at the lead's organisation or the document's subject;
- :mod:`~extract.ground.rules.led_sources`: after the shapes, the posts a joining list's items give their people
  elsewhere than at the lead's organisation, marked former (where the hire came from);
- :mod:`~extract.ground.rules.units`: roles at an unnamed unit ("NAME 担任数据部负责人"), at the document's subject
  (:mod:`~extract.ground.rules.subject`: the organisation its headline and text name most);
- :mod:`~extract.ground.rules.unit_answers`: before the shapes, the model's answers that give a unit as the
  organisation ("数据平台部") moved to the organisation it belongs to (:func:`rehome_unit_answers`);
- :mod:`~extract.ground.rules.worked_as`: work told with its title, "she worked as an intern at A and then at B",
  "served as CTO of A", "spent three years at A as a product manager";
- :mod:`~extract.ground.rules.continued`: moves and roles of a clause whose subject is a pronoun or left out
  ("2019 年，他加入 Acme", "还曾任 Acme 首席工程师"), given to the person named last before it;
- :mod:`~extract.ground.rules.studies`: degrees, "博士毕业于 A 大学，硕士及博士毕业于 B 大学" (one entry per degree),
  "他在 C 大学攻读硕士学位", "PhD from Acme University", "graduated from Acme University";
- :mod:`~extract.ground.rules.mentions`: :func:`rule_mentions` runs them over the chunks and keeps what the model
  did not give, and for a pair the model did give, a date another sentence states.

Why rules next to the model: the 1.5B model lists the moves an article reports but skips most roles given in
passing as a title before a name, often the people who only have such a role, and gives a group's move to its
first member or to nobody (on the seeds gold about a third of the missed positions are of these kinds). The shapes
are fixed, so a deterministic pass recovers them at no model cost, and each fact cites its sentence like the
model's (``method: "rule"``).

Guards, for precision:
- the organisation is known: an alias in the organisation table, or a name the model gave for anybody in the same
  document (so invented or local organisations count once the model has seen them);
- an apposition's words between the organisation and the name are short, unpunctuated, free of verbs, and end in
  a title word; a move's verb is a joining, leaving, founding or working-at verb with the organisation as its
  object (all cue words are data: :mod:`extract.lexicon.cues`, ``extract/lexicon/data/cues.toml``);
- the person is one the model listed in the document, or a name no organisation can look like: a transliteration
  with a middle dot (艾伦·图灵), a Han name glossed with its Latin form in brackets (杨立昆（Yann LeCun）),
  capitalised Latin words that are not an organisation, or, right after a title only, a common surname (simplified
  or traditional) with one or two more characters and then a break ("Acme CEO 王五也曾表示": 王五 then 也);
- a person-organisation pair the model already gave in the document is left to the model, except that another
  sentence dating it adds that date (untitled, so consolidation merges it into the model's position); an
  apposition carries no dates, a move only those its sentence states (:func:`extract.ground.repairs.stated_dates`).
Hand-written: the Chinese NER models on PyPI need a model download, the English ones miss Chinese titles, and the
shapes here are few while the table of organisations is already ours.
"""

from __future__ import annotations

from extract.ground.rules.appositions import find_appositions
from extract.ground.rules.context import Role, RuleContext, Study
from extract.ground.rules.continued import find_continued
from extract.ground.rules.mentions import ModelCoverage, rule_mentions, rule_pass
from extract.ground.rules.moves import find_named_moves
from extract.ground.rules.people import bare_han_name
from extract.ground.rules.studies import find_studies
from extract.ground.rules.unit_answers import rehome_unit_answers

__all__ = ["ModelCoverage", "Role", "RuleContext", "Study", "bare_han_name", "find_appositions", "find_continued",
           "find_named_moves", "find_studies", "rehome_unit_answers", "rule_mentions",
           "rule_pass"]
