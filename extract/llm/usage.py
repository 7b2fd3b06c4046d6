"""Counts a run reports: calls, tokens (and prompt tokens the server served from its cache), retries, re-asks,
cache hits, failures by kind, wall time per stage. One mutable object per run; asyncio runs it on one thread."""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Usage"]


@dataclass
class Usage:
    calls: int = 0  # HTTP replies the client received (a re-ask is a second one)
    failed_calls: int = 0  # attempts that got no usable reply: refused, timed out, an error status
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    retries: int = 0
    reasks: int = 0
    cache_hits: int = 0
    chunks: int = 0
    splits: int = 0
    focused_calls: int = 0  # second-pass calls (about one person: "focused", "missed"; about sentences:
    # "second-look"), cached or not
    glean_calls: int = 0  # "anyone missed?" calls (--glean), cached or not
    failures: Counter[str] = field(default_factory=Counter)
    # llama.cpp's non-standard per-reply "timings" (absent from other servers): model-side prefill and decode time
    prefill_tokens: int = 0
    prefill_ms: float = 0.0
    decode_tokens: int = 0
    decode_ms: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def add_completion(self, completion: Any) -> None:
        """Add the token counts of one chat completion (``usage`` is the total over instructor's re-asks)."""
        usage = getattr(completion, "usage", None)
        if usage is None:
            return
        self.prompt_tokens += usage.prompt_tokens or 0
        self.completion_tokens += usage.completion_tokens or 0
        details = getattr(usage, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None) if details is not None else None
        timings = getattr(completion, "timings", None)
        timings = timings if isinstance(timings, dict) else {}
        if cached is None:  # llama.cpp also reports its prompt cache in its "timings" object
            cached = timings.get("cache_n")
        self.cached_prompt_tokens += cached or 0
        self.prefill_tokens += int(timings.get("prompt_n") or 0)
        self.prefill_ms += float(timings.get("prompt_ms") or 0.0)
        self.decode_tokens += int(timings.get("predicted_n") or 0)
        self.decode_ms += float(timings.get("predicted_ms") or 0.0)

    def server_timings(self) -> dict[str, Any]:
        """Model-side speed from llama.cpp's timings: prefill counts only prompt tokens not served from its cache."""
        return {
            "prefill_tokens": self.prefill_tokens,
            "prefill_seconds": round(self.prefill_ms / 1000, 3),
            "prefill_tokens_per_second": round(self.prefill_tokens / (self.prefill_ms / 1000), 1)
            if self.prefill_ms else None,
            "decode_tokens": self.decode_tokens,
            "decode_seconds": round(self.decode_ms / 1000, 3),
            "decode_tokens_per_second": round(self.decode_tokens / (self.decode_ms / 1000), 1)
            if self.decode_ms else None,
        }

    def speed(self, facts: int) -> dict[str, Any]:
        """What this run's model calls cost and how fast they went, for ``run.json`` and the run summary.

        ``facts`` are the grounded facts of the chunks the model answered in this run: tokens spent now divided by
        facts that came from the cache would flatter the model. Every figure is None when it would mislead rather
        than inform: no call (a cached re-run spent nothing), no fact, no prompt tokens, or no llama.cpp timings
        (other servers do not send them; 0 tokens/s would read as a stalled model)."""
        called = self.calls > 0
        return {
            "calls": self.calls,
            "facts": facts,
            "completion_tokens_per_fact": round(self.completion_tokens / facts, 1) if called and facts else None,
            "prompt_tokens_per_call": round(self.prompt_tokens / self.calls, 1) if called else None,
            "cached_prompt_share": round(self.cached_prompt_tokens / self.prompt_tokens, 3)
            if called and self.prompt_tokens else None,
            "decode_tokens_per_second": self.server_timings()["decode_tokens_per_second"] if called else None,
        }

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + time.perf_counter() - started

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "failed_calls": self.failed_calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cached_prompt_tokens": self.cached_prompt_tokens,
            "retries": self.retries,
            "reasks": self.reasks,
            "cache_hits": self.cache_hits,
            "chunks": self.chunks,
            "splits": self.splits,
            "focused_calls": self.focused_calls,
            "glean_calls": self.glean_calls,
            "failures": dict(sorted(self.failures.items())),
            **({"server_timings": self.server_timings()} if self.prefill_ms or self.decode_ms else {}),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }
