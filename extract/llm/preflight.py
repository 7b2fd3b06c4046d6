"""Before the batch: is the endpoint there, does it take the key, does it serve the model? One line if not.

Without this, a wrong ``--base-url``, key or ``--model`` was found out once per chunk, each after its retries,
and reported as hundreds of identical failure lines. Two cheap requests decide it instead:

1. ``GET /models``: a refused connection, a timeout or a 401/403 ends the run here. When the list names the
   model, the endpoint is ready and nothing more is sent.
2. Otherwise (the server does not list models, or lists it under another name, as llama.cpp and proxies do) one
   tiny structured call with the run's own mode and model: a 404 (unknown model), a 400 (the mode's
   ``response_format`` is refused) or an outage ends the run; a reply that merely fails validation does not (the
   endpoint works; the small schema is no test of the model's skill).

Transient statuses (429, 5xx) are retried with the run's own policy before they count.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import openai
from instructor.core.exceptions import InstructorRetryException
from pydantic import BaseModel

from extract.config import Settings
from extract.errors import EndpointError
from extract.llm.retry import describe_error, retrying, root_cause

__all__ = ["preflight"]

_PREFLIGHT_TIMEOUT = 30.0  # seconds per request: the listing is instant, the tiny call decodes a few tokens


class Ping(BaseModel):
    """Answer with ok = true."""

    ok: bool


def _redacted(text: str, settings: Settings) -> str:
    return text.replace(settings.api_key, "[api key]") if settings.api_key else text


def _fatal(exc: BaseException, settings: Settings, served: list[str]) -> EndpointError:
    cause = root_cause(exc)
    text = _redacted(describe_error(exc), settings)
    if isinstance(cause, openai.APIStatusError) and cause.status_code in (401, 403):
        return EndpointError(f"the endpoint refused the API key (--api-key or OPENAI_API_KEY): {text}")
    if isinstance(cause, openai.APIStatusError) and cause.status_code == 404:
        serves = f"; it serves: {', '.join(served[:10])}" if served else ""
        return EndpointError(f"model {settings.model!r} is not served there (--model){serves}: {text}")
    return EndpointError(f"the endpoint cannot serve this run: {text}")


async def _listed_models(raw: openai.AsyncOpenAI, settings: Settings) -> list[str] | None:
    """The model ids the endpoint lists, or None when it does not list them (404, 405, 501, not JSON …)."""
    try:
        page = await raw.models.list()
    except openai.APIStatusError as exc:
        if exc.status_code in (401, 403):
            raise _fatal(exc, settings, []) from exc
        return None
    except openai.APIConnectionError as exc:
        raise _fatal(exc, settings, []) from exc
    except Exception:  # a body that is not a model list: the endpoint answered, the listing proves nothing
        return None
    return [str(getattr(model, "id", "")) for model in getattr(page, "data", []) or []]


async def _ping(client: Any, settings: Settings, served: list[str]) -> None:
    try:
        async for attempt in retrying(min(settings.max_retries, 2), maximum=5.0):
            with attempt:
                await client.chat.completions.create(
                    model=settings.model, response_model=Ping, max_retries=0, max_tokens=32, temperature=0.0,
                    messages=[{"role": "user", "content": 'Reply with the JSON object {"ok": true}.'}],
                )
    except InstructorRetryException as exc:
        if isinstance(root_cause(exc), openai.APIError):
            raise _fatal(exc, settings, served) from exc
        # the endpoint answered; the answer did not validate: that is the model's business, not a setup error
    except openai.APIError as exc:
        raise _fatal(exc, settings, served) from exc


async def preflight(settings: Settings, base_url: str, *, http_client: Any = None) -> None:
    """Raise :class:`EndpointError` (one line) when ``base_url`` cannot serve ``settings.model``."""
    from extract.llm.client import make_client

    checked = replace(settings, timeout=min(settings.timeout, _PREFLIGHT_TIMEOUT))
    client = make_client(checked, base_url=base_url, http_client=http_client)
    raw: openai.AsyncOpenAI = client.client  # type: ignore[assignment]
    try:
        served = await _listed_models(raw, settings)
        if served is not None and settings.model in served:
            return
        await _ping(client, checked, served or [])
    finally:
        if http_client is None:
            await raw.close()
