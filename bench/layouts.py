"""Issue 18's layout experiment: the reply's JSON whitespace forced through an llguidance grammar, with education
gated per chunk, on the embedded model (the rows x-spaced-gate and x-nl-gate of bench/quality.md).

    python bench/layouts.py spaced gate seeds real-test real-dev     # the first corpus cold
    python bench/layouts.py nl gate real-dev --warm

A transport rewrites each request: ``response_format`` becomes a raw ``%llguidance`` grammar with the style's
``x-guidance`` (llama.cpp ignores it inside ``response_format``), and with ``gate`` a chunk whose user message has
no study cue is sent without the per-person education list. Written before either moved into the package
(``extract/llm/layout.py``, ``ChunkPositions``); the package now gates by itself, so ``all`` no longer asks every
chunk for education. Scores and costs print as one JSON line per corpus; nothing is written to bench/results.
"""

from __future__ import annotations

import asyncio
import copy
import json
import sys
from pathlib import Path

import httpx
import quality

import extract.pipeline as pipeline
from extract.lexicon.cues import default_cues
from extract.llm.local import model_path, serve

STYLES = {
    "spaced": {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "},
    "compact": {"whitespace_flexible": False, "item_separator": ",", "key_separator": ":"},
    "nl": {"whitespace_flexible": True, "whitespace_pattern": "\\n? ?"},  # what --layout lines sends
    # Exact separators: a line break after each item, nothing else (llguidance repeats a flexible whitespace
    # pattern, so "nl" still lets the model indent)
    "nl-strict": {"whitespace_flexible": False, "item_separator": ",\n", "key_separator": ": "},
    "indent": None,  # the model's own whitespace
}


class Rewrite(httpx.AsyncBaseTransport):
    """Sends each structured-output request as a raw llguidance grammar in the given style."""

    def __init__(self, style: str, gate: bool) -> None:
        self.style, self.gate = style, gate
        self.stats = {"calls": 0, "gated": 0}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._inner: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/chat/completions"):
            request = self._rewrite(request)
        loop = asyncio.get_running_loop()  # the pipeline runs several event loops; a pool belongs to one
        if self._inner is None or self._loop is not loop:
            self._loop, self._inner = loop, httpx.AsyncHTTPTransport()
        return await self._inner.handle_async_request(request)

    def _rewrite(self, request: httpx.Request) -> httpx.Request:
        body = json.loads(request.content)
        response_format = body.get("response_format") or {}
        if response_format.get("type") != "json_schema":
            return request
        schema = copy.deepcopy(response_format["json_schema"]["schema"])
        self.stats["calls"] += 1
        user = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
        if self.gate and not default_cues().about_studies(user):
            self.stats["gated"] += 1
            for definition in schema.get("$defs", {}).values():
                definition.get("properties", {}).pop("education", None)
        if STYLES[self.style] is None and not self.gate:
            return request
        if STYLES[self.style] is not None:
            schema["x-guidance"] = STYLES[self.style]
        body.pop("response_format")
        body["grammar"] = "%llguidance {}\nstart: %json " + json.dumps(schema)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        return httpx.Request(request.method, request.url, headers=headers, content=json.dumps(body).encode())


def main() -> None:
    style, gate = sys.argv[1], sys.argv[2] == "gate"
    corpora = [c for c in sys.argv[3:] if not c.startswith("--")]
    name = f"x-{style}-{'gate' if gate else 'all'}"
    quality.CONFIGS[name] = ({"layout": "free"}, f"experiment {name}", None)
    transport = Rewrite(style, gate)
    original_run = pipeline.run

    def run_with(*args, **kwargs):
        return original_run(*args, http_client=httpx.AsyncClient(transport=transport, timeout=600), **kwargs)

    pipeline.run = run_with
    with serve(model_path(Path.home() / ".cache" / "career-extract")) as base:
        for i, corpus in enumerate(corpora):
            entry = quality.run_config(name, corpus, base, i == 0 and "--warm" not in sys.argv, in_process=True)
            scores = entry["scores"]
            print(json.dumps({
                "name": name, "corpus": corpus, **transport.stats, "wall": entry["wall_seconds"],
                "prompt": entry["prompt_tokens"], "cached": entry["cached_prompt_tokens"],
                "completion": entry["completion_tokens"],
                "pos": [scores["positions"][k] for k in ("precision", "recall", "f1")],
                "edu": scores["education"]["f1"], "persons": scores["persons"]["recall"],
                "dup": scores["persons"].get("duplicates"), "facts": entry["facts"],
                "timings": entry["server_timings"],
            }), flush=True)
            transport.stats.update(calls=0, gated=0)


if __name__ == "__main__":
    main()
