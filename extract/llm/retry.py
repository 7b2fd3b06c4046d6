"""Which failures are worth another try, and how long to wait: the tenacity policy for transport errors.

Validation failures are not handled here: instructor re-asks those itself (``max_reasks``). This policy covers
what the endpoint or the network did: 408/409/429/5xx, timeouts and refused connections. A 429 or 503 with a
``Retry-After`` header is honoured (capped); otherwise exponential backoff with jitter.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import openai
from instructor.core.exceptions import InstructorRetryException
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

__all__ = ["classify", "describe_error", "retrying", "root_cause"]

_RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0


def root_cause(exc: BaseException) -> BaseException:
    """instructor wraps transport errors in InstructorRetryException; look at what really happened."""
    while isinstance(exc, InstructorRetryException) and exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def is_transient(exc: BaseException) -> bool:
    cause = root_cause(exc)
    if isinstance(cause, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(cause, openai.APIStatusError) and cause.status_code in _RETRY_STATUS


def classify(exc: BaseException) -> str:
    """A short failure kind for the run summary (``rate_limited``, ``server_error``, ``timeout`` …)."""
    cause = root_cause(exc)
    if isinstance(cause, openai.APITimeoutError):
        return "timeout"
    if isinstance(cause, openai.APIConnectionError):
        return "connection"
    if isinstance(cause, openai.APIStatusError):
        if cause.status_code == 429:
            return "rate_limited"
        if cause.status_code >= 500:
            return "server_error"
        return f"http_{cause.status_code}"
    if isinstance(exc, InstructorRetryException):
        return "invalid_output"
    return "bad_response"


def _where(cause: BaseException) -> str:
    """The URL a failed request went to, without credentials or query (it names the endpoint in the message)."""
    request = getattr(cause, "_request", None) or getattr(cause, "request", None)
    url = getattr(request, "url", None)
    if url is None:
        return "the endpoint"
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}{url.path}"


def _transport_cause(exc: BaseException) -> str:
    """What the operating system said, from the bottom of the chain (openai → httpx → httpcore → anyio → OSError):
    the layers above only say "Connection error." and "All connection attempts failed"."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in reversed(chain):
        if isinstance(error, OSError) and error.errno:
            return os.strerror(error.errno)
    lowest = chain[-1]
    return " ".join(str(lowest).split()) or type(lowest).__name__


def describe_error(exc: BaseException) -> str:
    """One line that names what failed and where: openai's own text for a refused connection is just
    "Connection error.", which names neither the URL nor the cause."""
    cause = root_cause(exc)
    if isinstance(cause, openai.APITimeoutError):
        return f"no reply from {_where(cause)} in time (--timeout)"
    if isinstance(cause, openai.APIConnectionError):
        return f"cannot reach {_where(cause)} ({_transport_cause(cause)})"
    if isinstance(cause, openai.APIStatusError):
        message = " ".join(str(getattr(cause, "message", "") or cause).split())
        return f"HTTP {cause.status_code} from {_where(cause)}: {message}"
    return " ".join(str(exc).split()) or type(exc).__name__


def _retry_after(exc: BaseException) -> float | None:
    cause = root_cause(exc)
    response = getattr(cause, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    if not header:
        return None
    try:
        return min(max(float(header), 0.0), MAX_RETRY_AFTER)
    except ValueError:  # an HTTP date: rare from model servers; fall back to backoff
        return None


def retrying(
    max_retries: int, *, on_retry: Callable[[RetryCallState], None] | None = None, initial: float = 1.0,
    maximum: float = 30.0,
) -> AsyncRetrying:
    backoff = wait_exponential_jitter(initial=initial, max=maximum)

    def wait(state: RetryCallState) -> float:
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        hinted = _retry_after(exc) if exc is not None else None
        return hinted if hinted is not None else backoff(state)

    return AsyncRetrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(max_retries + 1),
        wait=wait,
        reraise=True,
        before_sleep=on_retry,
    )
