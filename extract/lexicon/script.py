"""Writing systems: the one definition of a Han character, of the middle dots of transliterated names, and the one
traditional → simplified converter, for every module that reads Chinese.

Why one place: each module that needed "is this Chinese?" used to carry its own character range, and they had
drifted (one counted only the basic block, another the extensions too), so a name written with a rarer character
was Chinese to the name cleaner and not to the rule pass. The ranges here are the union of what the modules used:
the CJK Unified Ideographs with every extension (A to H), the compatibility ideographs, and 〇 (written as a Han
numeral: 二〇二三年).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["HAN_RANGES", "MIDDLE_DOT", "MIDDLE_DOTS", "fold_dots", "han_count", "has_han", "is_han", "to_simplified"]

# For use inside a character class: rf"[{HAN_RANGES}]".
HAN_RANGES = (
    "\u3007"  # 〇
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # the basic block
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef"  # extensions B to F
    "\U0002f800-\U0002fa1f"  # compatibility supplement
    "\U00030000-\U000323af"  # extensions G and H
)
_HAN = re.compile(f"[{HAN_RANGES}]")

# The canonical middle dot, and every dot seen between the parts of a transliterated name (艾伦·图灵, 艾伦・图灵).
MIDDLE_DOT = "·"
MIDDLE_DOTS = "·・‧•∙⋅"
_DOT_FOLD = str.maketrans({dot: MIDDLE_DOT for dot in MIDDLE_DOTS if dot != MIDDLE_DOT})


def is_han(char: str) -> bool:
    """Is ``char`` (one character) a Han character?"""
    return _HAN.match(char) is not None


def has_han(text: str) -> bool:
    """Does ``text`` hold at least one Han character?"""
    return _HAN.search(text) is not None


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds."""
    return len(_HAN.findall(text))


def fold_dots(text: str) -> str:
    """Every middle dot of :data:`MIDDLE_DOTS` written as :data:`MIDDLE_DOT`."""
    return text.translate(_DOT_FOLD)


@lru_cache(maxsize=1)
def _t2s() -> Any:  # opencc ships no type hints
    import opencc  # lazily: its dictionaries take a moment to load, and many runs never meet traditional text

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC's t2s, loaded once per process); text without Han is returned as
    it is."""
    return _t2s().convert(text) if has_han(text) else text
