"""One chunk in, one validated :class:`ChunkExtraction` out: instructor over the openai client, cached and retried.

Layers, outermost first: the answer cache (a hit makes no call) → tenacity for transport failures (429, 5xx,
timeouts) → instructor, which validates the reply against the schema and re-asks on a validation error. A reply cut
off at ``max_tokens`` is not re-asked (the same prompt would be cut again): the chunk is split in two at a sentence
boundary and each half extracted on its own.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException
from pydantic import BaseModel

from ..config import Settings
from ..errors import ChunkFailed
from ..types import Chunk
from .cache import ResultCache, request_key
from .local import MODEL_SHA256
from .prompt import PromptTemplate, load_prompt
from .retry import classify, retrying
from .usage import Usage

__all__ = ["ChunkResult", "Extractor", "make_client"]

_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "tools": instructor.Mode.TOOLS,
}
_MIN_SPLIT = 200  # below this a truncated reply is not a chunk-size problem; splitting would not help
_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?=\s)|\n")


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
    ) -> None:
        self.client = client
        self.cache = cache
        self.usage = usage
        self._configure(settings, prompt, response_model)
        client.on("completion:response", self._count_call)
        client.on("parse:error", self._count_reask)

    def _configure(
        self, settings: Settings, prompt: PromptTemplate | None = None, response_model: type[BaseModel] | None = None
    ) -> None:
        """Everything the cache key depends on."""
        from extract.schemas import ChunkExtraction, QuotedChunkExtraction

        self.settings = settings
        quoted = settings.evidence == "quote"
        self.prompt = prompt or load_prompt("extract_quote" if quoted else "extract")
        self.response_model = response_model or (QuotedChunkExtraction if quoted else ChunkExtraction)
        self.schema = self.response_model.model_json_schema()
        self.model_identity = f"{settings.model}@{MODEL_SHA256[:16]}" if settings.embedded else settings.model

    @classmethod
    def keys_for(cls, settings: Settings, chunks: list[Chunk]) -> list[str]:
        """Cache keys of ``chunks`` without a client: to know before starting a model whether one is needed."""
        planner = cls.__new__(cls)
        planner._configure(settings)
        return [planner.key(chunk) for chunk in chunks]

    # instructor hooks: every HTTP reply and every validation failure that leads to a re-ask
    def _count_call(self, *_: Any, **__: Any) -> None:
        self.usage.calls += 1

    def _count_reask(self, *_: Any, **__: Any) -> None:
        self.usage.reasks += 1

    @property
    def params(self) -> dict[str, Any]:
        return {"temperature": self.settings.temperature, "max_tokens": self.settings.max_tokens}

    def key(self, chunk: Chunk) -> str:
        return request_key(
            model=self.model_identity, mode=self.settings.mode, schema=self.schema, prompt_sha256=self.prompt.sha256,
            params=self.params, messages=self.prompt.messages(chunk),
        )

    async def extract(self, chunk: Chunk) -> ChunkResult:
        started = time.perf_counter()
        result = ChunkResult(chunk=chunk, key=self.key(chunk))
        try:
            result.parts, result.cached = await self._extract_span(chunk, result.key)
        except ChunkFailed as exc:
            result.error = exc
            self.usage.failures[exc.kind] += 1
        result.seconds = time.perf_counter() - started
        self.usage.chunks += 1
        return result

    async def _extract_span(self, span: Chunk, key: str) -> tuple[list[tuple[Chunk, BaseModel]], bool]:
        cached = self.cache.get(key)
        if cached is not None:
            self.usage.cache_hits += 1
            return [(span, self.response_model.model_validate(cached["result"]))], True
        try:
            extraction = await self._call(span)
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

    async def _call(self, span: Chunk) -> BaseModel:
        def on_retry(_state: Any) -> None:
            self.usage.retries += 1

        try:
            async for attempt in retrying(self.settings.max_retries, on_retry=on_retry):
                with attempt:
                    extraction, completion = await self.client.chat.completions.create_with_completion(
                        model=self.settings.model,
                        messages=self.prompt.messages(span),
                        response_model=self.response_model,
                        max_retries=self.settings.max_reasks,
                        **self.params,
                    )
                    self.usage.add_completion(completion)
                    return extraction
        except IncompleteOutputException:
            raise
        except Exception as exc:  # every other failure becomes a recorded, classified chunk failure
            raise ChunkFailed(span.id, classify(exc), _redact(_one_line(exc), self.settings.api_key)) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")


def split_chunk(chunk: Chunk) -> tuple[Chunk, Chunk] | None:
    """Two halves of a chunk, cut at the sentence end nearest the middle (offsets stay document offsets)."""
    text = chunk.text
    if len(text) < _MIN_SPLIT:
        return None
    middle = len(text) // 2
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text)]
    cut = min(ends, key=lambda e: abs(e - middle)) if ends else middle
    if not 0 < cut < len(text):
        cut = middle
    left_text, right_text = text[:cut], text[cut:]
    left = Chunk(chunk.doc, chunk.index, chunk.start, chunk.start + cut, left_text, chunk.title, chunk.published)
    right = Chunk(chunk.doc, chunk.index, chunk.start + cut, chunk.end, right_text, chunk.title, chunk.published)
    return left, right


def _redact(text: str, secret: str | None) -> str:
    """Error bodies may repeat the api key ("Incorrect API key provided: sk-…"); it must not reach run.json."""
    return text.replace(secret, "[api key]") if secret else text


def _one_line(exc: BaseException) -> str:
    """Error text on one line, bounded: it ends up in a terminal line and in run.json."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]
