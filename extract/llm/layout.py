"""The reply's JSON layout on a llama.cpp server: the same JSON Schema sent as an llguidance grammar, which the
model answers in fewer tokens.

Why: on two CPU cores every reply token is ~40 ms. Measured on the seeds (``bench/quality.md``): the same requests
sent as an llguidance grammar (``lines``) took 4,518 completion tokens and 300.5 s against 5,230 and 336.7 s through
``response_format`` (``free``), with the same positions, education and persons scores on the seeds and the
real-article test half.

What it does not do (found in session 7, reading the recorded replies): it does not stop the model indenting.
llguidance applies ``whitespace_pattern`` wherever JSON allows whitespace, as many times in a row as the model
likes, so ``\n? ?`` allows any run of line breaks and spaces; the recorded seed replies are indented by up to 8
spaces. What changes is where the model breaks lines: 10 of the 18 non-empty seed replies write each person's
first keys on one line (``{"name": "…", "positions": [``), which ``free`` replies did not. Forcing the layout
instead, with exact separators, cost more than it saved: ``", "`` on one line stopped after one position per
person (seeds positions F1 0.73 against 0.76), ``",\n"`` after each item took 5,186 tokens and 382 s with positions
0.71, and compact JSON answered no one.

How: llguidance (llama.cpp's grammar engine here) reads the layout from an ``x-guidance`` object in the schema, but
llama.cpp honours it only in a raw ``grammar`` (``%llguidance``), not in ``response_format``. So the request keeps
instructor's JSON_SCHEMA mode (instructor still validates and re-asks) and overrides, in the request body,
``response_format`` with null and ``grammar`` with the schema plus its layout. Only for servers known to run
llguidance: the embedded one, or a server the user says does (``--layout lines``).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["LINES", "layout_body", "with_layout"]

# Flexible whitespace of line breaks and spaces (llguidance repeats the pattern, so indentation stays possible; see
# the module docstring). Kept as recorded: the cache keys and the seeds cassette hash this exact object.
LINES: dict[str, Any] = {"whitespace_flexible": True, "whitespace_pattern": r"\n? ?"}


def with_layout(schema: dict[str, Any], layout: dict[str, Any] = LINES) -> dict[str, Any]:
    """``schema`` carrying ``layout`` as llguidance reads it (what the grammar compiles, and what keys the cache)."""
    return {**schema, "x-guidance": layout}


def layout_body(schema: dict[str, Any]) -> dict[str, Any]:
    """The request-body fields that send ``schema`` (already :func:`with_layout`) as an llguidance grammar (for
    ``extra_body``, which the OpenAI client merges over the body instructor builds)."""
    grammar = "%llguidance {}\nstart: %json " + json.dumps(schema, ensure_ascii=False)
    return {"response_format": None, "grammar": grammar}
