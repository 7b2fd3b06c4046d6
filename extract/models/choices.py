"""The closed sets of values a setting may take, each written once as a Literal type with its tuple derived from it.

Why Literal types rather than plain ``str``: a type checker then flags ``strategy == "focussed"`` and a new value
is added in one place; the tuples (``MODES`` …) are what the settings check and the ``--help`` texts list, taken
from the types with :func:`typing.get_args` so the two cannot drift. A position's ``Status`` is the extraction
schema's own (``schemas/extraction.py``), re-exported here so every contract's closed sets are found in one place.
"""

from __future__ import annotations

from typing import Literal, get_args

from extract.schemas.extraction import Status

__all__ = [
    "ENGINES", "EVIDENCE_STYLES", "LAYOUTS", "MODES", "RESOLVERS", "STATUSES", "STRATEGIES", "Engine", "EvidenceStyle",
    "Layout", "Mode", "Resolver", "Status", "Strategy",
]

# instructor's mode: how the schema reaches the model (a response_format grammar, JSON in text, tool calls)
Mode = Literal["json_schema", "json", "md_json", "tools"]
# the reply's JSON layout: "free" through response_format, "lines" as an llguidance grammar (fewer tokens measured)
# (a llama.cpp + llguidance grammar, extract/llm/layout.py); "auto": "lines" for the embedded model, else "free"
Layout = Literal["auto", "free", "lines"]
# "sentence": facts cite numbered sentences of the chunk; "quote": facts carry verbatim quotes
EvidenceStyle = Literal["sentence", "quote"]
# "single": one call per chunk; "focused": then one short call per person found; "missed": then one short call per
# person a name tagger finds in the chunk that the first call left out (extract/llm/focused.py)
Strategy = Literal["single", "focused", "missed", "second-look"]
# where the extract stage runs: this process (extract/engines/local.py) or Ray Data (extract/engines/ray.py)
Engine = Literal["local", "ray"]
# who is who: the rules (extract/consolidate/resolve.py) or Splink (extract/consolidate/splink_resolver.py)
Resolver = Literal["default", "splink"]

MODES: tuple[Mode, ...] = get_args(Mode)
EVIDENCE_STYLES: tuple[EvidenceStyle, ...] = get_args(EvidenceStyle)
LAYOUTS: tuple[Layout, ...] = get_args(Layout)
STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
ENGINES: tuple[Engine, ...] = get_args(Engine)
RESOLVERS: tuple[Resolver, ...] = get_args(Resolver)
STATUSES: tuple[Status, ...] = get_args(Status)
