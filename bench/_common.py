"""Shared helpers: machine info, result files, a fake endpoint in its own process, synthetic chunks, timing.

Results go to ``bench/results/<name>.json``, or to ``$BENCH_RESULTS_DIR`` (or ``--results DIR``) so that tests and
trial runs do not overwrite the committed figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:  # `tests.fake_endpoint` lives in the repository, not in the installed package
    sys.path.insert(0, str(ROOT))

# One valid ChunkExtraction reply (schema v3, sentence evidence): one person, one position, one degree.
VALID_REPLY: dict[str, Any] = {
    "people": [{
        "name": "翟晓华",
        "other_names": ["Xiaohua Zhai"],
        "positions": [{"organization": "OpenAI", "title": "研究员", "start": None, "end": None, "status": "joined",
                       "sentence": 1}],
        "education": [{"institution": "北京大学", "degree": "博士", "end": "2014", "sentence": 2}],
    }]
}


def machine() -> dict[str, Any]:
    """What the figures were measured on, including the load: the machine is shared, so timings vary with it."""
    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with contextlib.suppress(OSError):
        info["loadavg_1m"] = round(os.getloadavg()[0], 2)
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def results_dir(override: str | Path | None = None) -> Path:
    return Path(override or os.environ.get("BENCH_RESULTS_DIR") or RESULTS)


def write_result(name: str, figures: dict[str, Any], results: str | Path | None = None) -> Path:
    directory = results_dir(results)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "machine": machine(), **figures}, indent=2, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    try:
        shown: Path | str = path.relative_to(ROOT)
    except ValueError:
        shown = path
    print(f"wrote {shown}")
    return path


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _serve(delay: float, body: dict[str, Any], conn: Any) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.fake_endpoint import FakeEndpoint, Reply, completion

    # The stdlib default listen backlog (5) makes bursts of 64 connects wait for SYN retries; a real server's is larger.
    ThreadingHTTPServer.request_queue_size = 256
    # HTTP/1.1 keeps connections alive, as real servers do; the stdlib default (1.0) closes every connection after
    # one reply, so each call would pay a TCP connect and a new server thread, which no real endpoint charges.
    # With keep-alive, TCP_NODELAY too: the handler writes headers and body separately, and Nagle's algorithm would
    # hold the body back until the client's delayed ACK (~40 ms).
    BaseHTTPRequestHandler.protocol_version = "HTTP/1.1"
    BaseHTTPRequestHandler.disable_nagle_algorithm = True
    with FakeEndpoint(default=Reply(completion(body), delay=delay)) as endpoint:
        conn.send(endpoint.base_url)
        conn.recv()  # block until the parent says stop
        conn.send({"requests": len(endpoint.requests), "max_in_flight": endpoint.max_in_flight})
        conn.close()
        os._exit(0)  # nothing to clean up in this child; a graceful shutdown would wait 0.5 s for the serve loop


@contextmanager
def fake_server(delay: float, body: dict[str, Any] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """A FakeEndpoint in a child process (so its threads do not share the client's GIL); yields (url, stats).

    ``stats`` is filled in with the server's request count and peak in-flight requests when the block exits.
    """
    parent, child = mp.Pipe()
    process = mp.get_context("fork").Process(target=_serve, args=(delay, body or VALID_REPLY, child), daemon=True)
    process.start()
    stats: dict[str, Any] = {}
    try:
        yield parent.recv(), stats
    finally:
        parent.send("stop")
        stats.update(parent.recv())
        process.join(timeout=10)


def synthetic_chunks(count: int, tag: str = "c") -> list[Any]:
    """``count`` distinct chunks (distinct text, so distinct cache keys) of about 800 characters of mixed zh/en."""
    from extract.models.documents import Chunk

    chunks = []
    for i in range(count):
        text = (
            f"翟晓华（Xiaohua Zhai）将加入OpenAI苏黎世实验室，这是第{i}篇报道。2014年他毕业于北京大学，获得博士学位。"
            + f"Lucas Beyer and Alexander Kolesnikov left Google DeepMind for OpenAI ({tag} {i}). " * 8
        )
        chunks.append(Chunk(doc=f"{tag}doc{i // 8:04d}", index=i % 8, start=0, end=len(text), text=text,
                            title="synthetic", published="2024-12-04"))
    return chunks


async def run_chunks(chunks: list[Any], base_url: str, cache_dir: Path, concurrency: int) -> tuple[Any, Any, float]:
    """``extract_chunks`` over ``chunks`` with a fresh Extractor and client; returns (results, usage, seconds).

    The seconds cover ``extract_chunks`` only (cache keys, HTTP, instructor validation, cache writes), not opening
    the cache or building the client."""
    results, usage, seconds, _ = await run_chunks_timed(chunks, base_url, cache_dir, concurrency)
    return results, usage, seconds


async def run_chunks_timed(
    chunks: list[Any], base_url: str, cache_dir: Path, concurrency: int
) -> tuple[Any, Any, float, float]:
    """:func:`run_chunks` plus the CPU seconds this process spent meanwhile (the server runs in another)."""
    from extract.config import Settings
    from extract.llm.cache import ResultCache
    from extract.llm.client import Extractor, make_client
    from extract.llm.usage import Usage
    from extract.pipeline import extract_chunks

    settings = Settings(base_url=base_url, model="fake", cache_dir=cache_dir, concurrency=concurrency)
    usage = Usage()
    with ResultCache(cache_dir) as cache:
        client = make_client(settings)
        extractor = Extractor(settings, client, cache, usage)
        cpu, started = time.process_time(), time.perf_counter()
        results = await extract_chunks(chunks, extractor, concurrency)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        await client.client.close()  # kept-alive connections must close before the event loop does
    return results, usage, seconds, cpu


def sample_request_body() -> bytes:
    """A request body of the size the pipeline sends (system prompt, numbered chunk, JSON Schema)."""
    from extract.llm.prompt import load_prompt
    from extract.schemas import ChunkExtraction

    messages = load_prompt("extract").messages(synthetic_chunks(1, "floor")[0])
    body = {"messages": messages, "model": "fake", "max_tokens": 1500, "temperature": 0.0,
            "response_format": {"type": "json_schema", "json_schema": {
                "name": "ChunkExtraction", "schema": ChunkExtraction.model_json_schema()}}}
    return json.dumps(body).encode("utf-8")


async def raw_http(base_url: str, requests: int, concurrency: int, body: bytes) -> float:
    """Seconds for ``requests`` bare POSTs (a new httpx client, keep-alive, at most ``concurrency`` in flight).

    The floor of the measuring set-up: fake server, loopback, event loop and a shared machine, without the pipeline
    (connections are opened during the run, as the pipeline's are).
    """
    import httpx

    semaphore = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=max(concurrency, 1), max_keepalive_connections=max(concurrency, 1))
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def one() -> None:
            async with semaphore:
                response = await client.post(f"{base_url}/chat/completions", content=body,
                                             headers={"content-type": "application/json"})
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        return time.perf_counter() - started
