"""A circuit breaker per endpoint client: when the endpoint is down, the rest of the batch stops calling it.

Without one, every chunk retried on its own (five attempts with backoff), so a batch against a closed port took
about two seconds a chunk to learn what the first chunk already knew (48 chunks: 107 s; 2,000 chunks: over an
hour). The breaker (``pybreaker``) counts attempts that failed in a way that says the *endpoint* is unusable —
refused or reset connections, timeouts, a rejected key, an unknown model or path, a gateway or service that is
unavailable — and opens after :data:`FAIL_MAX` of them in a row (any answered call resets the count). While it is
open, calls fail at once without being sent; the chunks they belonged to stay uncached, so a rerun resumes them.
Failures that belong to one chunk (a reply that does not validate, a reply cut at ``max_tokens``, a 500 on one
request, a 429 rate limit) do not count.
"""

from __future__ import annotations

import weakref
from typing import Any

import openai
import pybreaker

from extract.llm.retry import describe_error, root_cause

__all__ = ["FAIL_MAX", "RESET_SECONDS", "EndpointBreaker", "breaker_for", "is_outage"]

FAIL_MAX = 5  # failed attempts in a row that open the breaker: one chunk's full retry budget
RESET_SECONDS = 60.0  # then one call is let through to see whether the endpoint is back
_OUTAGE_STATUS = {401, 403, 404, 502, 503, 504}


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` says the endpoint cannot serve any request (not just this one)."""
    cause = root_cause(exc)
    if isinstance(cause, openai.APIConnectionError):  # refused, reset, DNS, and timeouts (a subclass)
        return True
    return isinstance(cause, openai.APIStatusError) and cause.status_code in _OUTAGE_STATUS


class EndpointBreaker(pybreaker.CircuitBreaker):
    """A :class:`pybreaker.CircuitBreaker` that remembers the last outage, to say why calls are no longer sent."""

    def __init__(self, fail_max: int = FAIL_MAX, reset_timeout: float = RESET_SECONDS) -> None:
        super().__init__(fail_max=fail_max, reset_timeout=reset_timeout, exclude=[lambda exc: not is_outage(exc)],
                         throw_new_error_on_trip=False)
        self.last_outage = ""

    def note(self, exc: BaseException) -> None:
        if is_outage(exc):
            self.last_outage = describe_error(exc)

    @property
    def reason(self) -> str:
        """One line for a chunk that was not sent."""
        return f"not sent: the endpoint failed {self.fail_max} times in a row (last: {self.last_outage or 'unknown'})"


_BREAKERS: weakref.WeakKeyDictionary[Any, EndpointBreaker] = weakref.WeakKeyDictionary()


def breaker_for(client: Any) -> EndpointBreaker:
    """The breaker of ``client``: every extractor talking through one client shares it (one endpoint, one state)."""
    breaker = _BREAKERS.get(client)
    if breaker is None:
        breaker = _BREAKERS[client] = EndpointBreaker()
    return breaker
