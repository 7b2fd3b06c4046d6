"""Benchmark 6: langextract 1.7.1 side by side with our pipeline, same seeds, same embedded model, same server.

Runs in its own venv (langextract's dependencies stay out of the main one; nothing in the package imports it):

    python3 -m venv /work/venv-lx && /work/venv-lx/bin/pip install langextract==1.7.1 -e '.[local]'
    flock /tmp/model.lock /work/venv-lx/bin/python bench/langextract_compare.py          # ~10 min, the model
    /work/venv-lx/bin/python bench/langextract_compare.py --rescore                      # re-convert, no model
    /work/venv-lx/bin/python bench/langextract_compare.py --fake --out /tmp/lx-fake      # plumbing only

What is held equal
  * text: our ingest (``extract.ingest.ingest``) produces the documents; langextract gets exactly their ``text``, so
    its ``char_interval`` offsets are offsets into our ``docs/<doc>.txt``.
  * model and server: the embedded GGUF served once in this process by ``extract.llm.local.serve(parallel=2)``
    (llama.cpp's OpenAI-compatible server, two slots), temperature 0, ``max_tokens`` 1500 (our default), schema
    constraints on (``use_schema_constraints``: langextract derives a JSON Schema from the examples and sends it as
    ``response_format``; llama.cpp compiles it to a grammar, as it does ours).
  * instructions: the rules of ``prompts/extract.md`` rewritten for langextract's output shape (``PROMPT`` below).
    Our prompt has no examples; langextract requires some, so two invented bilingual ones (obviously fictional
    people and organisations, nothing from the seeds) are given.
  * chunking and concurrency: ``max_char_buffer=800`` (our ``--chunk-size``), ``max_workers=2`` (our concurrency on
    the embedded model), one batch holding every chunk (``batch_length`` large, so no barrier between batches),
    one extraction pass, langextract's ``UnicodeTokenizer`` (its default regex tokenizer glues runs of Han
    characters into one token, which breaks its own chunking and alignment on Chinese).
  * the document title and date are not given to langextract (``additional_context`` would go before the examples
    and defeat llama.cpp's prompt cache); our prompt gives them. Relative dates are resolved the same way for both:
    by our consolidation, against the document's publication date.

Tokens and time: a loopback proxy in front of the server forwards every request and sums ``usage`` (prompt,
cached prompt, completion tokens) and llama.cpp's ``timings`` from each response; wall time is the whole
``lx.extract`` call (server start-up excluded, as in ``bench/quality.py``).

How langextract's output becomes our records (the conversion, ``convert``)
  langextract returns flat extractions per document: ``person`` (text = the name), ``position`` (text = the
  organisation, attributes person/title/start/end/status) and ``education`` (text = the school, attributes
  person/degree/end), each with a ``char_interval`` into the document and an ``alignment_status``.
  * Extractions are grouped by the langextract chunk they came from (recorded while it aligns them); one
    ``Mention`` per person per chunk, like ours.
  * A position/education attaches to the chunk's person whose name or other name equals its ``person`` attribute
    (case and spaces ignored); else to the one person whose name contains it or is contained in it (a surname); else
    it creates that person (name searched in the chunk for ``name_start``); with no ``person`` attribute, to the
    nearest person extraction before it. Facts with no person at all are counted and dropped. A person value with
    a bracketed other name ("艾哈迈德・贝拉米 (Ahmad Beirami)") is split into the name and an other name.
  * Evidence = the extraction's own span: ``start``/``end`` from ``char_interval``, ``quote`` = the document text
    there, ``alignment`` ``exact`` for ``match_exact`` and ``fuzzy`` for ``match_fuzzy``/``match_lesser``/
    ``match_greater``. A fact langextract could not align (no ``char_interval``) is dropped, as our pipeline drops
    ungrounded facts (it still counts in ``facts_returned``). ``supported`` is true: the span is the organisation.
  * Values as returned: title, dates as written (our consolidation resolves 去年 / 2019 年 3 月), status mapped to
    ours (anything else → ``unknown``). No other filter.
  Then ``extract.consolidate.consolidate`` builds records and ``extract.review.evaluate.evaluate`` scores them against
  ``tests/gold/seeds.records.jsonl`` with ``docs_dir`` (evidence spans checked against the text).

  A second scoring of the same extractions (``convert_grounded``, reported as ``with_our_grounding``) passes them
  through our grounding instead: each fact cites the sentence (our splitter) that contains its span, and
  ``extract.ground.grounding.ground_extraction`` applies our checks (organisation-as-person, attribution to someone
else,
  education evidence must be about studies, titles/dates the sentence does not state are cleared). It shows what our
  post-processing does to langextract's extractions; the head-to-head figure is the plain conversion.

Exact-offset grounding rate: the share of returned facts whose ``char_interval`` is ``match_exact``; also reported:
the share whose span is byte-identical to the extraction text (langextract's "exact" is token-level and ignores
case), and the share aligned at all.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import threading
import time
import types
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from _common import RESULTS, ROOT, machine

from extract.config import Settings
from extract.consolidate import consolidate
from extract.ground.grounding import ground_extraction
from extract.ingest import ingest
from extract.lexicon.orgs import OrgTable
from extract.lexicon.sentences import split_sentences
from extract.models.documents import Chunk, Document
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact
from extract.review.evaluate import evaluate
from extract.schemas.record import Record

GOLD = ROOT / "tests" / "gold" / "seeds.records.jsonl"
OUT = Path("/tmp/career-extract-langextract")
RESULT = RESULTS / "langextract.json"
CHUNK_CHARS = 800
WORKERS = 2
MAX_TOKENS = 1500
STATUSES = {"joined", "left", "current", "former", "founded", "unknown"}

# ----------------------------------------------------------------------------------------- task definition

PROMPT = """\
You extract career facts about people from news articles (Chinese or English) for a database of AI researchers and \
executives. Most important are the moves the text reports: who left which organisation, who joined or will join \
which (also when the text says it of a group, "they", that the person belongs to).

Extract, in order of appearance:
- person: each real person the text names; the value is the name exactly as written. Only human beings: never a \
company, lab, team, university, product or paper. other_names: other names the text itself gives for the same \
person, such as the English name written in parentheses right after a Chinese name, copied exactly; empty when the \
text gives none.
- position: a job, role or affiliation the text states for a person; the value is the organisation (company, lab or \
university) exactly as written. person: the person's name as written. title: the role as written (首席科学家, CTO, \
research scientist, professor …), null when none is stated. start and end: dates exactly as written ("2019", \
"2021 年 3 月", "去年", "last month"), null when not stated. status: "joined" (joined or will join), "left" (left or \
resigned), "current" (holds it now), "former" (held it before), "founded" (founded or co-founded), "unknown".
- education: only a degree or study the text explicitly states for a person (PhD, master, bachelor, postdoc) at a \
named school; the value is the school exactly as written. person: the person's name. degree: as stated or null. \
end: the graduation date if stated, else null. Never infer education from a job, and never put a degree under \
position.
Values are copied from the text, never paraphrased. Only facts stated in this text: no guesses, no outside \
knowledge. If the text names nobody, return no extractions."""

# Invented people and organisations only (a real name in an example leaks into answers: MODEL-NOTES.md).
EXAMPLE_ZH = (
    "虚构科技公司前首席科学家甄假名（Jiaming Zhen）上个月宣布离职，将加入示例智能实验室担任研究总监。"
    "甄假名2010年毕业于乌有大学，获得计算机博士学位。与他同时离开的还有工程师贾例子，"
    "贾例子此前在虚构科技公司工作了五年。"
)
EXAMPLE_EN = (
    "Dr. Quentin Placeholder, a former research scientist at Example Labs, has joined Fictional AI as chief "
    "technology officer. Placeholder earned his PhD from the University of Nowhere in 2015. In 2018 he co-founded "
    "Imaginary Robotics with Wanda Madeup, who is now the chief executive of Imaginary Robotics."
)


def examples() -> list[Any]:
    import langextract as lx

    E = lx.data.Extraction

    def person(name: str, other: list[str]) -> Any:
        return E("person", name, attributes={"other_names": other})

    def position(org: str, who: str, title: str | None, start: str | None, end: str | None, status: str) -> Any:
        return E("position", org, attributes={"person": who, "title": title, "start": start, "end": end,
                                              "status": status})

    def education(school: str, who: str, degree: str | None, end: str | None) -> Any:
        return E("education", school, attributes={"person": who, "degree": degree, "end": end})

    return [
        lx.data.ExampleData(text=EXAMPLE_ZH, extractions=[
            position("虚构科技公司", "甄假名", "首席科学家", None, "上个月", "left"),
            person("甄假名", ["Jiaming Zhen"]),
            position("示例智能实验室", "甄假名", "研究总监", None, None, "joined"),
            education("乌有大学", "甄假名", "博士", "2010"),
            person("贾例子", []),
            position("虚构科技公司", "贾例子", "工程师", None, None, "left"),
        ]),
        lx.data.ExampleData(text=EXAMPLE_EN, extractions=[
            person("Quentin Placeholder", []),
            position("Example Labs", "Quentin Placeholder", "research scientist", None, None, "former"),
            position("Fictional AI", "Quentin Placeholder", "chief technology officer", None, None, "joined"),
            education("University of Nowhere", "Quentin Placeholder", "PhD", "2015"),
            position("Imaginary Robotics", "Quentin Placeholder", None, "2018", None, "founded"),
            person("Wanda Madeup", []),
            position("Imaginary Robotics", "Wanda Madeup", "chief executive", None, None, "current"),
        ]),
    ]


# ----------------------------------------------------------------------------------------- token counting proxy


class Meter:
    """Sums what the server reports per response; thread-safe (langextract calls from a thread pool)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.errors = 0
        self.prompt_tokens = 0
        self.cached_prompt_tokens = 0
        self.completion_tokens = 0
        self.finish = Counter()
        self.timings = Counter()
        self.exchanges: list[dict[str, Any]] = []

    def add(self, request: dict[str, Any], status: int, reply: dict[str, Any] | None, seconds: float) -> None:
        with self.lock:
            self.calls += 1
            if status != 200 or reply is None:
                self.errors += 1
                return
            usage = reply.get("usage") or {}
            self.prompt_tokens += usage.get("prompt_tokens") or 0
            self.completion_tokens += usage.get("completion_tokens") or 0
            self.cached_prompt_tokens += (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
            for choice in reply.get("choices") or []:
                self.finish[choice.get("finish_reason")] += 1
            for key in ("prompt_n", "prompt_ms", "predicted_n", "predicted_ms", "cache_n"):
                value = (reply.get("timings") or {}).get(key)
                if isinstance(value, int | float):
                    self.timings[key] += value
            content = ((reply.get("choices") or [{}])[0].get("message") or {}).get("content")
            self.exchanges.append({"seconds": round(seconds, 1), "usage": usage, "output": content,
                                   "prompt_chars": sum(len(m.get("content") or "") for m in request.get("messages",
                                                                                                       []))})

    def as_dict(self) -> dict[str, Any]:
        t = self.timings
        return {
            "calls": self.calls,
            "http_errors": self.errors,
            "prompt_tokens": self.prompt_tokens,
            "cached_prompt_tokens": self.cached_prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "finish_reasons": dict(self.finish),
            "server_timings": {
                "prefill_tokens": int(t["prompt_n"]), "prefill_seconds": round(t["prompt_ms"] / 1000, 1),
                "decode_tokens": int(t["predicted_n"]), "decode_seconds": round(t["predicted_ms"] / 1000, 1),
                "cache_n": int(t["cache_n"]),
            } if t else None,
        }


def start_proxy(upstream: str, meter: Meter) -> tuple[ThreadingHTTPServer, str]:
    """A loopback HTTP proxy to ``upstream`` (…/v1) that meters every JSON reply; returns (server, its /v1 URL)."""
    parts = urlsplit(upstream)
    host, port, prefix = parts.hostname, parts.port, parts.path.rstrip("/")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _forward(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            path = prefix + self.path[len("/v1"):] if self.path.startswith("/v1") else self.path
            headers = {k: v for k, v in self.headers.items() if k.lower() in {"content-type", "accept"}}
            started = time.perf_counter()
            conn = http.client.HTTPConnection(host, port, timeout=3600)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
                content_type = response.getheader("Content-Type", "application/json")
            finally:
                conn.close()
            if method == "POST":
                try:
                    reply = json.loads(data)
                except ValueError:
                    reply = None
                request = json.loads(body) if body else {}
                meter.add(request, status, reply, time.perf_counter() - started)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            self._forward("POST")

        def do_GET(self) -> None:
            self._forward("GET")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


def start_fake_upstream() -> tuple[ThreadingHTTPServer, str]:
    """For --fake: an OpenAI-shaped endpoint whose reply names whatever of a few seed entities the chunk contains."""
    people = [("翟晓华", "OpenAI", "北京大学"), ("Hugo Larochelle", "Google DeepMind", "Université de Sherbrooke")]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            chunk = request["messages"][-1]["content"].rsplit("Q: ", 1)[-1]
            items = []
            for name, org, school in people:
                if name in chunk:
                    items.append({"person": name, "person_attributes": {"other_names": []}})
                    if org in chunk:
                        items.append({"position": org, "position_attributes": {
                            "person": name, "title": None, "start": None, "end": None, "status": "joined"}})
                    if school in chunk:
                        items.append({"education": school, "education_attributes": {
                            "person": name, "degree": None, "end": None}})
            content = json.dumps({"extractions": items}, ensure_ascii=False)
            body = json.dumps({
                "id": "fake", "object": "chat.completion", "created": 0, "model": request.get("model"),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": content}}],
                "usage": {"prompt_tokens": len(request["messages"][-1]["content"]) // 2,
                          "completion_tokens": len(content) // 3, "total_tokens": 0},
            }).encode()
            time.sleep(0.05)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


# ----------------------------------------------------------------------------------------- running langextract


def preflight(upstream: str) -> None:
    """One tiny request with langextract's response_format: the server must accept (compile) the schema. The prompt
    shares nothing with the real ones, so llama.cpp's prompt cache gives the measured run no head start."""
    from langextract.providers.schemas.openai import OpenAISchema

    parts = urlsplit(upstream)
    body = json.dumps({"model": Settings().model, "temperature": 0, "max_tokens": 60,
                       "messages": [{"role": "user", "content": "Return an empty list."}],
                       "response_format": OpenAISchema.from_examples(examples()).response_format})
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    try:
        conn.request("POST", parts.path.rstrip("/") + "/chat/completions", body=body,
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read().decode()
    finally:
        conn.close()
    if response.status != 200:
        raise SystemExit(f"the server refused langextract's schema: {response.status} {data[:500]}")
    print(f"preflight ok: {json.loads(data)['choices'][0]['message']['content'][:200]}", file=sys.stderr)



def run_langextract(documents: list[Document], base_url: str) -> tuple[list[dict[str, Any]], float, dict[str, Any]]:
    """Extract every document with langextract; returns (extraction rows, wall seconds, settings used)."""
    import langextract as lx
    from langextract import resolver as lx_resolver
    from langextract.core import tokenizer as lx_tokenizer

    # Record, for each extraction, the chunk it was aligned in (langextract keeps no chunk id on extractions).
    original_align = lx_resolver.Resolver.align

    def align(self: Any, extractions: Any, source_text: str, token_offset: int, char_offset: int | None = None,
              *args: Any, **kwargs: Any) -> Any:
        start = char_offset or 0
        for extraction in original_align(self, extractions, source_text, token_offset, char_offset, *args, **kwargs):
            extraction._bench_chunk = (start, start + len(source_text))
            yield extraction

    lx_resolver.Resolver.align = align
    # One failed call makes langextract abort the whole run (its thread pool re-raises); ours records the chunk as
    # failed and goes on. Do the same here so one bad reply cannot lose a ten-minute run: count it, return nothing.
    from langextract.core import exceptions as lx_exceptions
    from langextract.core import types as lx_types
    from langextract.providers.openai import OpenAILanguageModel

    original_call = OpenAILanguageModel._process_single_prompt
    failures: list[str] = []

    def call(self: Any, prompt: str, config: dict) -> Any:
        try:
            return original_call(self, prompt, config)
        except lx_exceptions.InferenceRuntimeError as exc:
            failures.append(str(exc)[:200])
            return lx_types.ScoredOutput(score=0.0, output='{"extractions": []}')

    OpenAILanguageModel._process_single_prompt = call
    settings = {
        "max_char_buffer": CHUNK_CHARS, "max_workers": WORKERS, "batch_length": 1000, "extraction_passes": 1,
        "temperature": 0.0, "max_output_tokens": MAX_TOKENS, "use_schema_constraints": True,
        "tokenizer": "UnicodeTokenizer", "fence_output": False, "examples": 2,
    }
    config = lx.factory.ModelConfig(
        model_id=Settings().model, provider="OpenAILanguageModel",
        provider_kwargs={"api_key": "local", "base_url": base_url, "temperature": 0.0, "max_workers": WORKERS,
                         "max_output_tokens": MAX_TOKENS},
    )
    started = time.perf_counter()
    try:
        annotated = lx.extract(
            [lx.data.Document(text=d.text, document_id=d.id) for d in documents],
            prompt_description=PROMPT, examples=examples(), config=config,
            max_char_buffer=CHUNK_CHARS, batch_length=1000, max_workers=WORKERS, extraction_passes=1,
            use_schema_constraints=True, fence_output=False, tokenizer=lx_tokenizer.UnicodeTokenizer(),
            show_progress=False,
        )
    finally:
        lx_resolver.Resolver.align = original_align
        OpenAILanguageModel._process_single_prompt = original_call
    settings["failed_calls"] = failures
    wall = time.perf_counter() - started
    rows = []
    for doc in annotated:
        for e in doc.extractions or []:
            ci = e.char_interval
            rows.append({
                "doc": doc.document_id, "chunk": list(getattr(e, "_bench_chunk", (None, None))),
                "class": e.extraction_class, "text": e.extraction_text,
                "start": ci.start_pos if ci else None, "end": ci.end_pos if ci else None,
                "status": e.alignment_status.value if e.alignment_status else None,
                "attributes": e.attributes or {},
            })
    return rows, wall, settings


def count_chunks(documents: list[Document]) -> int:
    """How many chunks langextract cuts these documents into (its own chunker, same settings; deterministic)."""
    from langextract import chunking
    from langextract.core import data as lx_data
    from langextract.core import tokenizer as lx_tokenizer

    tokenizer, total = lx_tokenizer.UnicodeTokenizer(), 0
    for d in documents:
        doc = lx_data.Document(text=d.text, document_id=d.id)
        doc.tokenized_text = tokenizer.tokenize(d.text)
        total += sum(1 for _ in chunking.ChunkIterator(text=doc.tokenized_text, max_char_buffer=CHUNK_CHARS,
                                                        document=doc, tokenizer_impl=tokenizer))
    return total


# ----------------------------------------------------------------------------------------- conversion


def _key(name: str) -> str:
    return re.sub(r"[\s·・.]+", "", name).casefold()


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v)
    if value is None:
        return None
    value = str(value).strip()
    return value if value and value.lower() not in {"null", "none", "n/a"} else None


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else ([value] if value else [])
    return [s for s in (_text(v) for v in items) if s]


class _Person:
    def __init__(self, name: str, span: tuple[int, int] | None) -> None:
        self.name = name
        self.span = span
        self.other_names: list[str] = []
        self.positions: list[Any] = []
        self.education: list[Any] = []

    def name_keys(self) -> set[str]:
        return {_key(n) for n in (self.name, *self.other_names)}


def _chunks_of(rows: list[dict[str, Any]], documents: dict[str, Document]) -> dict[tuple[str, int, int], list]:
    """Rows grouped by (doc, chunk start, chunk end), in extraction order."""
    grouped: dict[tuple[str, int, int], list] = defaultdict(list)
    for row in rows:
        start, end = row["chunk"]
        if start is None:
            start, end = 0, len(documents[row["doc"]].text)
        grouped[(row["doc"], start, end)].append(row)
    return grouped


def _people_of_chunk(rows: list[dict[str, Any]], chunk_text: str, chunk_start: int,
                     stats: Counter) -> list[_Person]:
    """Persons of one chunk with their facts attached (the linking rules of the module docstring)."""
    people: list[_Person] = []
    last: _Person | None = None

    def find(name: str) -> _Person | None:
        key = _key(name)
        exact = [p for p in people if key in p.name_keys()]
        if exact:
            return exact[0]
        partial = [p for p in people if any(key in k or k in key for k in p.name_keys() if k and key)]
        return partial[0] if len(partial) == 1 else None

    def located(name: str) -> tuple[int, int] | None:
        at = chunk_text.find(name)
        return (chunk_start + at, chunk_start + at + len(name)) if at >= 0 else None

    for row in rows:
        if row["class"] == "person":
            # "艾哈迈德・贝拉米 (Ahmad Beirami)": the model put the bracketed other name into the name; split it (a
            # format repair, as our grounding does for our own replies), the bracketed part becomes an other name
            parts = [x.strip() for x in re.split(r"[（()）]", row["text"]) if x.strip()]
            name = _text(parts[0]) if parts else None
            if not name:
                continue
            if len(parts) > 1:
                stats["name_with_bracketed_alias"] += 1
                row = {**row, "attributes": {**row["attributes"], "other_names": [
                    *parts[1:], *_names(row["attributes"].get("other_names"))]}}
                if row["start"] is not None and row["text"].startswith(name):
                    row["end"] = row["start"] + len(name)
            person = find(name) if _key(name) in {k for p in people for k in p.name_keys()} else None
            if person is None:
                span = (row["start"], row["end"]) if row["start"] is not None else located(name)
                person = _Person(name, span)
                people.append(person)
            person.other_names += [n for n in _names(row["attributes"].get("other_names"))
                                   if _key(n) not in person.name_keys()]
            last = person
            continue
        if row["class"] not in {"position", "education"}:
            stats["other_class"] += 1
            continue
        who = _text(row["attributes"].get("person"))
        person = find(who) if who else last
        if person is None and who:
            person = _Person(who, located(who))
            people.append(person)
            stats["person_from_attribute"] += 1
        if person is None:
            stats["fact_without_person"] += 1
            continue
        (person.positions if row["class"] == "position" else person.education).append(row)
    return people


def _evidence(row: dict[str, Any], doc: Document) -> Evidence:
    if row["start"] is None:
        return Evidence(doc=doc.id, start=None, end=None, quote=row["text"], alignment="none", method="none",
                        score=0.0)
    quote = doc.text[row["start"]:row["end"]]
    exact = row["status"] == "match_exact"
    return Evidence(doc=doc.id, start=row["start"], end=row["end"], quote=quote,
                    alignment="exact" if exact else "fuzzy", method="exact" if exact else "fuzzy",
                    score=100.0 if exact else 0.0, model_quote=None if quote == row["text"] else row["text"])


def convert(rows: list[dict[str, Any]], documents: dict[str, Document]) -> tuple[list[Mention], Counter]:
    """langextract rows → our mentions, as directly as possible (module docstring)."""
    stats: Counter = Counter()
    mentions = []
    grouped = _chunks_of(rows, documents)
    starts: dict[str, list[int]] = defaultdict(list)
    for doc_id, start, _ in grouped:
        starts[doc_id].append(start)
    for (doc_id, start, end), chunk_rows in grouped.items():
        doc = documents[doc_id]
        index = sorted(set(starts[doc_id])).index(start)
        for person in _people_of_chunk(chunk_rows, doc.text[start:end], start, stats):
            positions, education = [], []
            for row in person.positions:
                evidence = _evidence(row, doc)
                if evidence.alignment == "none":
                    stats["dropped_unaligned"] += 1
                    continue
                a = row["attributes"]
                status = _text(a.get("status")) or "unknown"
                positions.append(PositionFact(
                    organization=row["text"].strip(), title=_text(a.get("title")), start=_text(a.get("start")),
                    end=_text(a.get("end")), status=status if status in STATUSES else "unknown", evidence=evidence,
                ))
            for row in person.education:
                evidence = _evidence(row, doc)
                if evidence.alignment == "none":
                    stats["dropped_unaligned"] += 1
                    continue
                a = row["attributes"]
                education.append(EducationFact(
                    institution=row["text"].strip(), degree=_text(a.get("degree")), start=_text(a.get("start")),
                    end=_text(a.get("end")), evidence=evidence,
                ))
            mentions.append(Mention(
                doc=doc_id, chunk=index, chunk_start=start, chunk_end=end, published=doc.published,
                name=person.name, name_start=person.span[0] if person.span else None,
                name_end=person.span[1] if person.span else None,
                other_names=list(dict.fromkeys(n for n in person.other_names if n != person.name)),
                positions=positions, education=education,
            ))
    return mentions, stats


def convert_grounded(rows: list[dict[str, Any]], documents: dict[str, Document]) -> list[Mention]:
    """The same extractions through our grounding: each fact cites the sentence that contains its span."""
    mentions = []
    grouped = _chunks_of(rows, documents)
    starts: dict[str, list[int]] = defaultdict(list)
    for doc_id, start, _ in grouped:
        starts[doc_id].append(start)
    stats: Counter = Counter()
    for (doc_id, start, end), chunk_rows in grouped.items():
        doc = documents[doc_id]
        span = Chunk(doc=doc_id, index=sorted(set(starts[doc_id])).index(start), start=start, end=end,
                     text=doc.text[start:end], title=doc.title, published=doc.published)
        sentences = split_sentences(span.text)

        def number(row: dict[str, Any], sentences: list = sentences, chunk_start: int = start) -> int:
            if row["start"] is None:
                return 0  # cites nothing: grounding drops it, as ours drops an ungrounded fact
            at = row["start"] - chunk_start
            return next((s.number for s in sentences if s.start <= at < s.end), 0)

        people = []
        for person in _people_of_chunk(chunk_rows, span.text, start, stats):
            positions = [types.SimpleNamespace(
                organization=r["text"].strip(), title=_text(r["attributes"].get("title")),
                start=_text(r["attributes"].get("start")), end=_text(r["attributes"].get("end")),
                status=s if (s := _text(r["attributes"].get("status"))) in STATUSES else "unknown",
                sentence=number(r)) for r in person.positions]
            education = [types.SimpleNamespace(
                institution=r["text"].strip(), degree=_text(r["attributes"].get("degree")), field=None,
                start=_text(r["attributes"].get("start")), end=_text(r["attributes"].get("end")),
                sentence=number(r)) for r in person.education]
            people.append(types.SimpleNamespace(name=person.name, other_names=person.other_names,
                                                positions=positions, education=education))
        mentions += ground_extraction(doc.text, span, types.SimpleNamespace(people=people))
    return mentions


# ----------------------------------------------------------------------------------------- scoring and report


def score(mentions: list[Mention], docs_dir: Path) -> tuple[list[Record], dict[str, Any]]:
    records = consolidate(mentions)
    gold = [Record.model_validate_json(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    scores = evaluate(records, gold, orgs=OrgTable.load(), docs_dir=docs_dir).as_dict()
    return records, scores


def fact_figures(rows: list[dict[str, Any]], mentions: list[Mention]) -> dict[str, Any]:
    facts = [r for r in rows if r["class"] in {"position", "education"}]
    aligned = [r for r in facts if r["start"] is not None]
    kept = [f for m in mentions for f in (*m.positions, *m.education)]
    return {
        "extractions": len(rows),
        "by_class": dict(Counter(r["class"] for r in rows)),
        "alignment_status": dict(Counter(r["status"] or "unaligned" for r in rows)),
        "facts_returned": len(facts),
        "facts": len(kept),
        "mentions": len(mentions),
        "exact_grounding": round(sum(f.evidence.alignment == "exact" for f in kept) / len(kept), 3) if kept else None,
        "exact_grounding_of_returned": round(sum(r["status"] == "match_exact" for r in facts) / len(facts), 3)
        if facts else None,
        "verbatim_span_of_returned": round(sum(r["start"] is not None and r["span_text"] == r["text"]
                                               for r in facts) / len(facts), 3) if facts else None,
        "aligned_of_returned": round(len(aligned) / len(facts), 3) if facts else None,
    }


def summary(scores: dict[str, Any]) -> dict[str, Any]:
    return {k: scores[k] for k in ("persons", "positions", "education", "dates", "evidence")} | {
        "missed_persons": scores["missed_persons"], "extra_persons": scores["extra_persons"],
        "duplicate_records": scores["duplicate_records"]}


def ours() -> dict[str, Any] | None:
    path = RESULTS / "quality.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("results", {}).get("seeds/c800")


def table(entry: dict[str, Any], our: dict[str, Any] | None) -> str:
    def prf(s: dict[str, Any]) -> str:
        return f"{s['precision']:.2f} / {s['recall']:.2f} / {s['f1']:.2f}"

    def row(name: str, e: dict[str, Any], s: dict[str, Any]) -> str:
        return (f"| {name} | {e['wall_seconds']} | {e['calls']} | {e['prompt_tokens']:,} / "
                f"{e['cached_prompt_tokens']:,} / {e['completion_tokens']:,} | {e['facts']} | "
                f"{e['exact_grounding']} | {prf(s['persons'])} | {prf(s['positions'])} | {prf(s['education'])} | "
                f"{s['dates']['exact']}/{s['dates']['gold']} |")

    lines = ["| run | wall s | calls | prompt / cached / completion tok | facts | exact ground | persons P/R/F1 | "
             "positions P/R/F1 | education P/R/F1 | dates exact |", "|---|---|---|---|---|---|---|---|---|---|"]
    lines.append(row("langextract → our consolidation", entry, entry["scores"]))
    g = entry["with_our_grounding"]
    lines.append(row("langextract → our grounding + consolidation", entry | {"facts": g["facts"],
                                                                           "exact_grounding": g["exact_grounding"]},
                     g["scores"]))
    if our:
        lines.append(row("ours, seeds/c800", our, our["scores"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fake", action="store_true", help="a fake endpoint instead of the model (plumbing test)")
    parser.add_argument("--base-url", help="an already running server instead of starting the embedded model")
    parser.add_argument("--docs", help="comma-separated document id prefixes (default: all five seeds)")
    parser.add_argument("--rescore", action="store_true", help=f"re-convert and re-score the extractions saved in "
                        f"{RESULT.relative_to(ROOT)} (no model)")
    parser.add_argument("--out", type=Path, default=OUT, help="docs/, mentions and records go here")
    parser.add_argument("--no-save", action="store_true", help=f"do not write {RESULT.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    result = ingest([ROOT / "seeds"])
    documents = [d for d in result.documents
                 if not args.docs or any(d.id.startswith(p) for p in args.docs.split(","))]
    by_id = {d.id: d for d in documents}
    docs_dir = args.out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    for d in documents:
        (docs_dir / f"{d.id}.txt").write_text(d.text, encoding="utf-8")

    if args.rescore:
        saved = json.loads(RESULT.read_text(encoding="utf-8"))
        keep = ("endpoint", "documents", "characters", "wall_seconds", "seconds_per_1k_chars", "failed_calls",
                "settings", "calls", "http_errors", "prompt_tokens", "cached_prompt_tokens", "completion_tokens",
                "finish_reasons", "server_timings", "load_average")
        rows, run = saved["extractions"], {k: saved[k] for k in keep if k in saved}
        measured_on = saved.get("machine")
        run["chunks"] = count_chunks(documents)
    else:
        measured_on = None
        meter = Meter()
        if args.fake:
            _fake, upstream = start_fake_upstream()
            serving: Any = None
        elif args.base_url:
            upstream, serving = args.base_url, None
        else:
            from extract.llm.local import assemble_model, serve

            serving = serve(assemble_model(Settings().cache_dir), parallel=WORKERS)
            upstream = serving.__enter__()
        if not args.fake:
            preflight(upstream)
        proxy, url = start_proxy(upstream, meter)
        load_before = os.getloadavg()
        try:
            print(f"langextract over {len(documents)} documents on {upstream} …", file=sys.stderr, flush=True)
            rows, wall, settings = run_langextract(documents, url)
        finally:
            proxy.shutdown()
            if serving is not None:
                serving.__exit__(None, None, None)
        chars = sum(len(d.text) for d in documents)
        run = {"endpoint": "fake" if args.fake else ("base_url" if args.base_url else "embedded, parallel=2"),
               "documents": len(documents), "characters": chars, "chunks": count_chunks(documents),
               "wall_seconds": round(wall, 1), "seconds_per_1k_chars": round(wall / (chars / 1000), 1),
               "failed_calls": settings.pop("failed_calls"), "settings": settings, **meter.as_dict(),
               # the machine is shared: 1-minute load average before and after (2 cores; ~2 = only this run)
               "load_average": [round(load_before[0], 1), round(os.getloadavg()[0], 1)]}
        (args.out / "exchanges.jsonl").write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in meter.exchanges), encoding="utf-8")
    for r in rows:
        r["span_text"] = by_id[r["doc"]].text[r["start"]:r["end"]] if r["start"] is not None else None

    mentions, stats = convert(rows, by_id)
    records, scores = score(mentions, docs_dir)
    grounded = convert_grounded(rows, by_id)
    _, grounded_scores = score(grounded, docs_dir)
    for name, items in (("mentions.jsonl", mentions), ("records.jsonl", records)):
        (args.out / name).write_text("".join(x.model_dump_json() + "\n" for x in items), encoding="utf-8")

    entry = {
        "benchmark": "langextract", "langextract": _version("langextract"), **run,
        **fact_figures(rows, mentions), "records": len(records), "conversion": dict(stats),
        "scores": summary(scores),
        "with_our_grounding": {**{k: v for k, v in fact_figures(rows, grounded).items()
                                  if k in {"facts", "mentions", "exact_grounding"}},
                               "scores": summary(grounded_scores)},
        "ours_seeds_c800": _ours_brief(ours()),
        "extractions": [{k: v for k, v in r.items() if k != "span_text"} for r in rows],
    }
    if not args.no_save and not args.fake and not args.docs:
        RESULTS.mkdir(parents=True, exist_ok=True)
        saved_entry = {**entry, "machine": measured_on or machine()}
        RESULT.write_text(json.dumps(saved_entry, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {RESULT.relative_to(ROOT)}", file=sys.stderr)
    print(table(entry, ours()))
    brief = {k: entry[k] for k in ("wall_seconds", "calls", "prompt_tokens", "completion_tokens", "facts_returned",
                                   "facts", "exact_grounding", "exact_grounding_of_returned",
                                   "verbatim_span_of_returned", "alignment_status", "conversion", "finish_reasons")}
    print(json.dumps(brief, ensure_ascii=False))
    return 0


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _ours_brief(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if not entry:
        return None
    keep = ("wall_seconds", "calls", "prompt_tokens", "cached_prompt_tokens", "completion_tokens", "facts",
            "exact_grounding", "chunks")
    return {k: entry.get(k) for k in keep} | {"scores": {k: entry["scores"][k] for k in
                                                          ("persons", "positions", "education", "dates")}}


if __name__ == "__main__":
    raise SystemExit(main())
