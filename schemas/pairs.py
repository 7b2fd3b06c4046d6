"""What the model answers about person–organisation pairs (the pair check, extract/llm/pairs.py).

One word per pair, in the order asked: a reply of a few tokens. The number of answers is part of the JSON Schema
(``minItems`` = ``maxItems``), so llama.cpp's grammar makes the model give exactly one answer per pair and an
answer can never be read against the wrong pair.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

__all__ = ["HELD", "PairStatus", "pair_answers"]

# "studied": a degree or studies there (an education fact); "none": no job of this person there.
# "none" first: a small model unsure of a pair takes the first choice it was shown (measured on the val batch with
# "joined" first: 23 of the 29 pairs with no gold fact were answered "joined", 5 of the 24 with one).
PairStatus = Literal["none", "studied", "former", "current", "left", "joined", "founded"]
HELD = frozenset({"joined", "left", "current", "former", "founded"})  # the answers that make a position


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


@cache
def pair_answers(count: int) -> type[BaseModel]:
    """The response model for ``count`` pairs: ``{"answers": [status, …]}`` with exactly ``count`` items."""
    return create_model(
        f"PairAnswers{count}",
        __base__=_Strict,
        answers=(list[PairStatus], Field(min_length=count, max_length=count,
                                         description="One answer per pair, in the order asked")),
    )
