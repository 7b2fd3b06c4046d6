"""One chunk in, one validated :class:`ChunkExtraction` out: instructor over the openai client, cached and retried.

Layers, outermost first: the answer cache (a hit makes no call) → tenacity for transport failures (429, 5xx,
timeouts) → instructor, which validates the reply against the schema and re-asks on a validation error. A reply cut
off at ``max_tokens`` is not re-asked (the same prompt would be cut again): the chunk is split in two at a sentence
boundary and each half extracted on its own.

What is asked depends on the chunk: one whose text says nothing about studies gets the schema without education
(``ChunkPositions``; its answer is used as a ``ChunkExtraction``), and on the embedded model the reply's layout is
set by a grammar (:mod:`extract.llm.layout`). Both are part of the cache key.
"""

from __future__ import annotations

import functools
import json
import time
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

import instructor
import openai
import pybreaker
from instructor.core.exceptions import IncompleteOutputException
from pydantic import BaseModel

from extract.config import Settings
from extract.errors import ChunkFailed
from extract.lexicon.cues import default_cues
from extract.lexicon.people import career_candidates
from extract.lexicon.sentences import sentence_spans
from extract.llm.breaker import breaker_for
from extract.llm.cache import RequestKeys, ResultCache
from extract.llm.layout import layout_body, with_layout
from extract.llm.local import MODEL_SHA256
from extract.llm.prompt import PromptTemplate, prompt_for
from extract.llm.retry import classify, describe_error, retrying, root_cause
from extract.llm.usage import Usage
from extract.models.documents import Chunk

__all__ = ["ChunkResult", "Extractor", "make_client"]

_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "tools": instructor.Mode.TOOLS,
}
_MIN_SPLIT = 200  # below this a truncated reply is not a chunk-size problem; splitting would not help


@dataclass(frozen=True)
class _Request:
    """One kind of request: the (wrapped) response model, its JSON Schema, its cache keys, and the request-body
    fields it adds (the layout's grammar)."""

    model: type[BaseModel]
    schema: dict[str, Any]
    keys: RequestKeys
    body: dict[str, Any]


@dataclass
class ChunkResult:
    """What one chunk produced: normally one (span, extraction) part, two or more after a length split."""

    chunk: Chunk
    key: str
    parts: list[tuple[Chunk, BaseModel]] = field(default_factory=list)
    cached: bool = False
    error: ChunkFailed | None = None
    seconds: float = 0.0


def make_client(
    settings: Settings, *, base_url: str | None = None, http_client: Any = None
) -> instructor.AsyncInstructor:
    """An async instructor client; openai's own retries are off because tenacity owns that policy."""
    raw = openai.AsyncOpenAI(
        base_url=base_url or settings.base_url,
        api_key=settings.api_key or "not-needed",
        timeout=settings.timeout,
        max_retries=0,
        http_client=http_client,
    )
    return instructor.from_openai(raw, mode=_MODES[settings.mode])


class Extractor:
    """Extracts chunks with one client, one cache and one usage counter shared by the whole run."""

    def __init__(
        self,
        settings: Settings,
        client: instructor.AsyncInstructor,
        cache: ResultCache,
        usage: Usage,
        *,
        prompt: PromptTemplate | None = None,
        response_model: type[BaseModel] | None = None,
        count_calls: bool = True,
    ) -> None:
        """``count_calls=False`` for a second extractor on a client another one already counts for (instructor's
        hooks fire for every extractor hooked to the client, so each would count every call)."""
        self.client = client
        self.cache = cache
        self.usage = usage
        self.breaker = breaker_for(client)  # shared by every extractor on this client: one endpoint, one state
        self._configure(settings, prompt, response_model)
        if count_calls:
            client.on("completion:response", self._count_call)
            client.on("parse:error", self._count_reask)

    def _configure(
        self, settings: Settings, prompt: PromptTemplate | None = None, response_model: type[BaseModel] | None = None
    ) -> None:
        """Everything the cache key depends on."""
        from extract.schemas import (
            ChunkExtraction,
            ChunkPositions,
            QuotedChunkExtraction,
            RowChunkExtraction,
            RowChunkPositions,
        )

        self.settings = settings
        quoted = settings.evidence == "quote"
        self.prompt = prompt or prompt_for(settings)
        self.response_model = response_model or (QuotedChunkExtraction if quoted else ChunkExtraction)
        self.model_identity = f"{settings.model}@{MODEL_SHA256[:16]}" if settings.embedded else settings.model
        # A prompt that asks for rows (["Acme Labs", "CTO", "left", 3]) is sent the row schema; the answer is read
        # back into the response model, so nothing downstream (cache included) sees the difference.
        rows = self.prompt.reply == "rows" and self.response_model is ChunkExtraction
        full_model = RowChunkExtraction if rows else self.response_model
        # A chunk that says nothing about studies is not asked for education (see ChunkPositions), unless the run
        # keeps ungrounded facts, which wants everything the model would say.
        lean_model = RowChunkPositions if rows else ChunkPositions
        lean = self.response_model is ChunkExtraction and not settings.keep_ungrounded
        # A first pass sends a chunk that names many people (a list; --name-list, 8 by default) with the names appended
        # (prompts/extract_listed.md extends the chosen prompt, so the system prompt and its cache are shared).
        listing = prompt is None and settings.listed_from > 0
        self._listed = prompt_for(settings, "extract_listed") if listing else None
        self._requests: dict[tuple[bool, bool], _Request] = {}
        for listed in (False, True) if listing else (False,):
            template = self._listed if listed else self.prompt
            self._requests[listed, False] = self._request(full_model, template)
            if lean:
                self._requests[listed, True] = self._request(lean_model, template)
        self._full = self._requests[False, False]
        self.schema = self._full.schema

    def _request(self, response_model: type[BaseModel], prompt: PromptTemplate | None = None) -> _Request:
        """What a request for ``response_model`` sends besides the messages, and its cache keys."""
        wrapped = _request_model(response_model)
        schema = wrapped.model_json_schema()
        body: dict[str, Any] = {}
        keyed = schema
        if self.settings.reply_layout == "lines":
            keyed = with_layout(schema)
            body = layout_body(keyed)
        keys = RequestKeys(model=self.model_identity, mode=self.settings.mode, schema=keyed,
                           prompt_sha256=(prompt or self.prompt).sha256, params=self.params)
        return _Request(wrapped, schema, keys, body)

    def _is_listed(self, span: Chunk) -> bool:
        """Whether the chunk is sent with the names a tagger finds in it: it names at least ``--name-list``. Not
        cached: the tagger takes milliseconds a chunk, and the active cue lexicon (``--cues``) decides its answer."""
        return self._listed is not None and len(career_candidates(span.text)) >= self.settings.listed_from

    def _template_for(self, span: Chunk) -> PromptTemplate:
        return self._listed if self._listed is not None and self._is_listed(span) else self.prompt

    def _request_for(self, span: Chunk) -> _Request:
        """The request for this chunk: with the names listed where it names many people, and the lean one where
        its text says nothing about studies."""
        listed = self._is_listed(span)
        lean = (listed, True) in self._requests and not default_cues().about_studies(span.text)
        return self._requests[listed, lean]

    def messages(self, span: Chunk) -> list[dict[str, str]]:
        """The chat messages for this chunk, from the template its request uses."""
        return self._template_for(span).messages(span)

    @classmethod
    def planner(
        cls, settings: Settings, prompt: PromptTemplate | None = None, response_model: type[BaseModel] | None = None
    ) -> Extractor:
        """An extractor with no client, cache or usage: it can only compute keys (``key``), never call."""
        planner = cls.__new__(cls)
        planner._configure(settings, prompt, response_model)
        return planner

    @classmethod
    def keys_for(cls, settings: Settings, chunks: list[Chunk]) -> list[str]:
        """Cache keys of ``chunks`` without a client: to know before starting a model whether one is needed."""
        planner = cls.planner(settings)
        return [planner.key(chunk) for chunk in chunks]

    # instructor hooks: every HTTP reply and every validation failure that leads to a re-ask
    def _count_call(self, *_: Any, **__: Any) -> None:
        self.usage.calls += 1

    def _count_reask(self, *_: Any, **__: Any) -> None:
        self.usage.reasks += 1

    @property
    def params(self) -> dict[str, Any]:
        """Sampling parameters: sent with every request and part of every cache key. Server-specific ones go in
        ``extra_body`` (the OpenAI client passes it through) and only when set, so default keys do not change."""
        max_tokens = self.settings.max_tokens
        if self.prompt.max_tokens is not None:  # the prompt's reply shape has a smaller budget
            max_tokens = min(max_tokens, self.prompt.max_tokens)
        params: dict[str, Any] = {"temperature": self.settings.temperature, "max_tokens": max_tokens}
        if self.settings.repeat_penalty is not None:
            params["extra_body"] = {"repeat_penalty": self.settings.repeat_penalty}
        return params

    def key(self, chunk: Chunk) -> str:
        return self._request_for(chunk).keys(self.messages(chunk))

    @property
    def later_passes(self) -> tuple[Extractor, ...]:
        """None: one call per chunk (see :class:`extract.llm.strategy.ChunkExtractor`)."""
        return ()

    async def extract(self, chunk: Chunk) -> ChunkResult:
        started = time.perf_counter()
        messages = self.messages(chunk)  # once: the key and the request are made from the same messages
        result = ChunkResult(chunk=chunk, key=self._request_for(chunk).keys(messages))
        try:
            result.parts, result.cached = await self._extract_span(chunk, result.key, messages)
        except ChunkFailed as exc:
            result.error = exc
            self.usage.failures[exc.kind] += 1
        result.seconds = time.perf_counter() - started
        self.usage.chunks += 1
        return result

    async def _extract_span(
        self, span: Chunk, key: str, messages: list[dict[str, str]] | None = None
    ) -> tuple[list[tuple[Chunk, BaseModel]], bool]:
        cached = self.cache.get_result(key, self.response_model)  # None also when unusable: dropped, asked again
        if cached is not None:
            self.usage.cache_hits += 1
            return [(span, cached)], True
        try:
            extraction = await self._call(span, messages or self.messages(span))
        except IncompleteOutputException as exc:
            halves = split_chunk(span)
            if halves is None:
                reason = "reply hit max_tokens and the chunk is too short to split"
                raise ChunkFailed(span.id, "truncated", reason) from exc
            self.usage.splits += 1
            parts: list[tuple[Chunk, BaseModel]] = []
            for half in halves:
                sub_parts, _ = await self._extract_span(half, self.key(half))
                parts.extend(sub_parts)
            return parts, False
        self.cache.set(key, {"result": extraction.model_dump(mode="json"), "chunk": span.id, "created": time.time()})
        return [(span, extraction)], False

    async def _call(self, span: Chunk, messages: list[dict[str, str]]) -> BaseModel:
        def on_retry(_state: Any) -> None:
            self.usage.retries += 1

        request = self._request_for(span)
        params = self.params
        if request.body:  # merged over instructor's body by the OpenAI client
            params = {**params, "extra_body": {**params.get("extra_body", {}), **request.body}}

        failed: Exception | None = None  # this chunk's last failed attempt
        try:
            async for attempt in retrying(self.settings.max_retries, on_retry=on_retry):
                with attempt, self.breaker.calling():  # an open breaker raises here, before anything is sent
                    try:
                        extraction, completion = await self.client.chat.completions.create_with_completion(
                            model=self.settings.model,
                            messages=messages,
                            response_model=request.model,
                            max_retries=self.settings.max_reasks,
                            **params,
                        )
                    except Exception as exc:
                        if isinstance(root_cause(exc), openai.APIError):  # no usable HTTP reply at all
                            self.usage.failed_calls += 1
                        self.breaker.note(exc)
                        failed = exc
                        raise
                    self.usage.add_completion(completion)
                    if not isinstance(extraction, self.response_model):  # lean or rows: the common shape
                        return self.response_model.model_validate(extraction.model_dump())
                    return extraction
        except IncompleteOutputException as exc:
            # The cut reply cost its tokens and time too: counted, so run.json's figures are what the model did.
            self.usage.add_completion(getattr(exc, "last_completion", None))
            raise
        except pybreaker.CircuitBreakerError as exc:
            if failed is None:  # never sent: a rerun resumes it
                raise ChunkFailed(span.id, "not_sent", _redact(self.breaker.reason, self.settings.api_key)) from exc
            reason = f"{_one_line(failed)}; retries stopped: the endpoint failed {self.breaker.fail_max} times in a row"
            raise ChunkFailed(span.id, classify(failed), _redact(reason, self.settings.api_key)) from failed
        except Exception as exc:  # every other failure becomes a recorded, classified chunk failure
            raise ChunkFailed(span.id, classify(exc), _redact(_one_line(exc), self.settings.api_key)) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")


@functools.lru_cache(maxsize=64)
def _request_model(response_model: type[BaseModel]) -> type[BaseModel]:
    """The class instructor would wrap ``response_model`` in, built once, with its JSON Schema memoised.

    instructor (1.17) wraps a plain pydantic model in a fresh ``OpenAISchema`` subclass on every request and has
    pydantic regenerate that class's JSON Schema for every request body: ~2 ms of CPU a call, most of the client's
    cost per call, spent on the one event loop. Given a class that already is an ``OpenAISchema`` it skips the
    wrapping; the subclass below returns the schema from a cached serialisation (a fresh copy each time, since
    instructor may edit it). Same class name, docstring and schema, so request bodies are byte-identical.
    """
    wrapped = instructor.openai_schema(response_model)
    schema_json = json.dumps(wrapped.model_json_schema())

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs or cls is not prepared:  # only the default call is memoised
            return super(prepared, cls).model_json_schema(*args, **kwargs)
        return json.loads(schema_json)

    # Created under the wrapped class's own name: pydantic puts it in validation errors, which go into re-asks.
    namespace = {name: getattr(wrapped, name) for name in ("__module__", "__qualname__", "__doc__")}
    prepared: type[BaseModel] = type(wrapped)(
        wrapped.__name__, (wrapped,), {**namespace, "model_json_schema": classmethod(model_json_schema)}
    )
    _checked_once(prepared)
    return prepared


_PREPARED: weakref.WeakSet[type] = weakref.WeakSet()


def _checked_once(prepared: type[BaseModel]) -> None:
    """Check ``prepared`` for async validators once, and let instructor skip re-checking it on every request.

    instructor 1.17 rejects response models with async validators by walking every class of the model (each one's
    whole MRO, pydantic's BaseModel included) five times per request: ~0.7 ms of CPU a call for a check whose answer
    cannot change. It offers no switch, so its check function is wrapped: classes built by :func:`_request_model`
    (checked here with instructor's own function) pass at once; every other argument still gets the full check.
    On instructor versions without that module nothing is wrapped and nothing changes.
    """
    try:
        from instructor.v2.core import patch as v2_patch
        from instructor.v2.validation import async_validators
    except ImportError:
        return
    check = async_validators.reject_async_validators
    if not getattr(check, "_skips_prepared", False):
        original = check

        @functools.wraps(original)
        def check(response_model: Any) -> None:
            if isinstance(response_model, type) and response_model in _PREPARED:
                return
            original(response_model)

        check._skips_prepared = True  # type: ignore[attr-defined]
        async_validators.reject_async_validators = check  # functions that import it at call time
        if getattr(v2_patch, "reject_async_validators", None) is original:
            v2_patch.reject_async_validators = check  # the request wrapper imported it at module load
    check(prepared)  # raises for a model with async validators, as instructor would on the first request
    _PREPARED.add(prepared)


def split_chunk(chunk: Chunk) -> tuple[Chunk, Chunk] | None:
    """Two halves of a chunk, cut at the sentence end nearest the middle (offsets stay document offsets).

    Sentence ends are the chunker's and the prompt's (:func:`~extract.lexicon.sentences.sentence_spans`), so each
    half is numbered as the same sentences the whole chunk was; a chunk that is one sentence is cut at its middle.
    The halves are contiguous: whitespace after the cut starts the right half."""
    text = chunk.text
    if len(text) < _MIN_SPLIT:
        return None
    middle = len(text) // 2
    ends = [end for _, end in sentence_spans(text, max_length=None) if 0 < end < len(text)]
    cut = min(ends, key=lambda e: abs(e - middle)) if ends else middle
    if not 0 < cut < len(text):
        cut = middle
    left_text, right_text = text[:cut], text[cut:]
    left = replace(chunk, end=chunk.start + cut, text=left_text)  # replace: keeps title, date and focus
    right = replace(chunk, start=chunk.start + cut, text=right_text)
    return left, right


def _redact(text: str, secret: str | None) -> str:
    """Error bodies may repeat the api key ("Incorrect API key provided: sk-…"); it must not reach run.json."""
    return text.replace(secret, "[api key]") if secret else text


def _one_line(exc: BaseException) -> str:
    """Error text on one line, bounded, naming the URL and the cause: it ends up in a terminal line and in run.json."""
    return describe_error(exc)[:300]
