"""Facts of a group named by its count in a later sentence: "A and B, as well as C and D, will be joining Acme. All
four experts are also the founders of Beta", "A, B and C left Acme. The three-member team founded Beta",
"A、B 和 C 离开了 Acme。三位都加入了 Beta".

Why: news tells a group's story once per sentence and names the group by its size after the first ("all four",
"the three-member team", "三人"); the model gives such a sentence's fact to nobody or to one of them, and no shape
reads a subject that is a count.

How: the last list of names (two or more, joined by list words) of the chunk's sentences so far is remembered; a
clause that opens with a count and maybe a noun ("All four engineers", "The three-member team", "Both", "三位都") is
read by the other shapes as if the list's first name stood in the count's place, and every fact found for that
name is given to each person of the list, citing the count's sentence.

Guards, for precision: the count equals the number of names in the list exactly; the count opens its sentence or
a clause; only a list of the chunk counts (a group is named again close to its list).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from extract.ground.rules.context import Role, RuleContext
from extract.ground.rules.moves import subjects
from extract.ground.rules.people import name_ends
from extract.lexicon.date_parts import cn_int, en_int

__all__ = ["find_group_facts", "last_list"]

# "All four engineers", "the three-member team", "Both", "三位都", "两位研究员都": a determiner, a count (a word or
# digits) and maybe a noun; the noun is taken only when a verb does not stand there
_EN_COUNT = re.compile(r"(?:^|(?<=[,;，；]))\s*(?:(?:all|the)\s+(?P<n>[a-z]+|\d+)(?:-(?:person|member|strong))?"
                       r"|(?P<both>both))(?P<noun>\s+(?:of\s+them|[a-z]+))?\b", re.IGNORECASE)

Shape = Callable[[str, RuleContext], list[Role]]


def last_list(sentence: str, ctx: RuleContext) -> list[str] | None:
    """The names of the longest list of two or more ``sentence`` holds ("A and B, as well as C and D"), first to
    last (the later of two as long); None when it holds none."""
    lists = [subjects(sentence, end, ctx) for end in sorted(set(name_ends(sentence, ctx)))]
    longest = max(lists, key=len, default=[])
    return [name for _, name, _ in reversed(longest)] if len(longest) >= 2 else None


def find_group_facts(sentence: str, ctx: RuleContext, group: Sequence[str] | None,
                     shapes: Sequence[Shape]) -> list[Role]:
    """Every fact of a count-named group in ``sentence``, given to each name of ``group`` (the last list before it);
    ``shapes`` are the readers of a sentence with a named subject."""
    if not group or len(group) < 2:
        return []
    for found in (*_EN_COUNT.finditer(sentence), *ctx.patterns.count_zh.finditer(sentence)):
        count = 2 if found.groupdict().get("both") else (en_int(found["n"]) or cn_int(found["n"]))
        if count != len(group):
            continue
        # the noun goes with the count only when it names people ("experts", "研究员"); any other word stays in the
        # clause ("Both startups joined", "两人可能加入", "两人的孩子都…"), where no shape reads a name before the verb
        noun = (found["noun"] or "").strip()
        end = found.end() if not noun or ctx.patterns.people_noun.fullmatch(noun) else found.start("noun")
        rest = ctx.patterns.group_adverb_start.sub("", sentence[end:], count=1)
        if ctx.patterns.respectively.search(rest):
            continue  # "两人分别加入了 A 和 B": one each, which is not said here
        stands_in = group[0]
        spliced = f"{stands_in} {rest.lstrip()}" if _latin(stands_in) else f"{stands_in}{rest.lstrip()}"
        roles = [role for shape in shapes for role in shape(spliced, ctx) if role.name == stands_in]
        if roles:
            return [replace(role, name=name, other_names=(), name_start=-1, name_end=-1)
                    for role in roles for name in group]
    return []


def _latin(name: str) -> bool:
    return name[:1].isascii()
