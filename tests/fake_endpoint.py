"""A loopback OpenAI-compatible server with scripted replies, for tests of retries, re-asks and failures.

A real HTTP server on 127.0.0.1 (not a transport mock) so the whole client stack — openai's HTTP client, timeouts,
status handling, instructor — runs exactly as it does against a real endpoint.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from extract.config import LOCAL_MODEL_NAME

__all__ = ["FakeEndpoint", "Reply", "completion"]


def completion(
    content: str | dict[str, Any], *, finish_reason: str = "stop", prompt_tokens: int = 100,
    completion_tokens: int = 20, cached_tokens: int = 0,
) -> dict[str, Any]:
    """A chat completion body whose message content is ``content`` (a dict is JSON-encoded)."""
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": cached_tokens},
        },
    }


@dataclass
class Reply:
    """One scripted reply: a status, headers and a body (dict → JSON), optionally after a delay."""

    body: dict[str, Any] | str = field(default_factory=dict)
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"


class FakeEndpoint:
    """Serves queued replies in order, then ``default`` forever; records every request body."""

    def __init__(
        self, default: Reply | None = None, models: tuple[str, ...] = ("fake", LOCAL_MODEL_NAME),
        models_reply: Reply | None = None,
    ) -> None:
        """``models``: what ``GET /models`` lists (a run's preflight then sends no request of its own); an empty
        tuple makes ``GET /models`` a 404, as on servers that do not list models. ``models_reply`` replaces the
        listing with a scripted reply (a 401, say)."""
        self.models = models
        self.models_reply = models_reply
        self.queue: deque[Reply] = deque()
        self.default = default or Reply(completion({"people": []}))
        self.requests: list[dict[str, Any]] = []
        self.gets: list[str] = []  # paths of GET requests (the preflight's model listing)
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                endpoint.gets.append(self.path)
                scripted = endpoint.models_reply
                if scripted is not None:
                    data = (scripted.body if isinstance(scripted.body, str) else json.dumps(scripted.body)).encode()
                    self.send_response(scripted.status)
                elif self.path.rstrip("/").endswith("/models") and endpoint.models:
                    data = json.dumps({"object": "list", "data": [
                        {"id": name, "object": "model", "created": 0, "owned_by": "fake"} for name in endpoint.models
                    ]}).encode()
                    self.send_response(200)
                else:
                    data = json.dumps({"error": {"message": "not found", "type": "not_found"}}).encode()
                    self.send_response(404)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with endpoint._lock:
                    endpoint.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
                    reply = endpoint.queue.popleft() if endpoint.queue else endpoint.default
                    endpoint.in_flight += 1
                    endpoint.max_in_flight = max(endpoint.max_in_flight, endpoint.in_flight)
                try:
                    if reply.delay:
                        time.sleep(reply.delay)
                    payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                    data = payload.encode("utf-8")
                    self.send_response(reply.status)
                    self.send_header("content-type", reply.content_type)
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with endpoint._lock:
                        endpoint.in_flight -= 1

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *replies: Reply) -> None:
        self.queue.extend(replies)

    def __enter__(self) -> FakeEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
