"""A loopback HTTP server that replays a vcrpy cassette, for code that vcrpy cannot patch (Ray worker processes).

Requests are matched by vcrpy's own matchers on method, path and body (JSON bodies compared parsed), as
``tests/conftest.py`` configures vcr; an unmatched request gets a 400 reply (not retried), which the client
reports as a failed chunk, so a changed prompt or schema fails the test instead of passing silently.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from vcr import matchers
from vcr.cassette import Cassette
from vcr.request import Request

__all__ = ["CassetteServer"]


class CassetteServer:
    """Serves the recorded responses of ``path``; every response may be played any number of times."""

    def __init__(self, path: Path) -> None:
        self.cassette = Cassette.load(
            path=str(path), match_on=(matchers.method, matchers.path, matchers.body), allow_playback_repeats=True,
        )
        self.requests = 0
        self.unmatched = 0
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # the run's preflight lists the models
                self._play("GET", b"")

            def do_POST(self) -> None:
                self._play("POST", self.rfile.read(int(self.headers.get("content-length") or 0)))

            def _play(self, method: str, body: bytes) -> None:
                request = Request(method, f"http://{self.headers.get('host')}{self.path}", body, dict(self.headers))
                with lock:
                    server.requests += method == "POST"  # chat requests; the preflight's GET is not one
                    found = server.cassette.can_play_response_for(request)
                    response = server.cassette.play_response(request) if found else None
                    server.unmatched += not found
                if response is None:
                    self._send(400, b'{"error": "no recorded interaction matches this request"}', "application/json")
                    return
                data = response["body"]["string"]
                data = data.encode("utf-8") if isinstance(data, str) else data
                headers = {name.lower(): values for name, values in response["headers"].items()}
                content_type = (headers.get("content-type") or ["application/json"])[0]
                self._send(response["status"]["code"], data, content_type)

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> CassetteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
