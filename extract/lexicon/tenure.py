"""How long a sentence says someone worked at an organisation ("在 Acme 工作了将近 9 年", "spent 11 years at
Acme", "worked for 17 years at Acme", "at Acme for 17 years"), so that a tenure whose end is known gets its start.

News gives a departure's date and the length of the stay far more often than the year the stay began ("在 Acme
工作了 12 年的 NAME 宣布离职"); the start is then the end's year minus the years, estimated (a stay of "12 years"
that ended in June may have begun in either of two calendar years). The verbs and the approximating words are data
(``[tenure]`` and ``[approximately]`` in ``cues.toml``); numbers are read as the date reader reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.date_parts import CN_NUM, EN_NUM, cn_int, en_int
from extract.lexicon.dates import ResolvedDate

__all__ = ["mentions_tenure", "start_from_tenure", "tenure_years"]

_MAX_YEARS = 60


def tenure_years(sentence: str, organization: str, cues: CueLexicon | None = None) -> tuple[int, str] | None:
    """(years, the phrase as written) when ``sentence`` says the stay at ``organization`` lasted that many whole
    years, else None."""
    org = organization.strip()
    if len(org) < 2:
        return None
    for pattern in _patterns(cues or default_cues(), org):
        found = pattern.search(sentence)
        if found is not None:
            number = found.group("n")
            years = cn_int(number) if re.fullmatch(CN_NUM, number) else en_int(number)
            if years is not None and 0 < years <= _MAX_YEARS:
                return years, found.group().strip()
    return None


def mentions_tenure(quote: str, cues: CueLexicon | None = None) -> bool:
    """Could ``quote`` state a stay's length (it holds a verb of working somewhere)? A cheap filter: consolidation
    runs over every quote of a person's record, and few say how long."""
    return (cues or default_cues()).regex("tenure").search(quote) is not None


def start_from_tenure(end: ResolvedDate, quotes: Iterable[str], forms: Iterable[str],
                      cues: CueLexicon | None = None) -> ResolvedDate | None:
    """The start of a stay that ended at ``end`` when one of ``quotes`` states its length at the organisation (any
    of its written ``forms``): the end's year minus the years, year precision, estimated, the phrase as raw text."""
    forms = list(dict.fromkeys(forms))
    for quote in quotes:
        for form in forms:
            found = tenure_years(quote, form, cues)
            if found is not None:
                years, phrase = found
                return ResolvedDate(value=str(int(end.value[:4]) - years), precision="year", estimated=True,
                                    relative=True, raw=phrase)
    return None


@lru_cache(maxsize=512)
def _patterns(cues: CueLexicon, org: str) -> tuple[re.Pattern[str], ...]:
    verb, about, name = cues.alternation("tenure"), cues.alternation("approximately"), re.escape(org)
    about, at = rf"(?:{about}\s*)?", cues.alternation("affiliation")  # at, of, for, with …
    return (
        # 在 Acme 工作了（长达）9 年
        re.compile(rf"在\s*{name}\s*(?:{verb})\s*了?\s*{about}(?P<n>\d{{1,2}}|{CN_NUM})\s*(?:多\s*)?年"),
        # spent / worked (for) (over) 11 years at Acme
        re.compile(rf"(?:{verb})\s+(?:for\s+)?{about}(?P<n>{EN_NUM})\s+years?\s+{at}\s+{name}",
                   re.IGNORECASE),
        # at Acme for (over) 17 years, CEO of Acme for 17 years
        re.compile(rf"{at}\s+{name}\s+for\s+{about}(?P<n>{EN_NUM})\s+years?", re.IGNORECASE),
    )
