"""Shared helpers: machine info, result files, a fake endpoint in its own process, synthetic chunks."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import platform
import sys
import time
from collections.abc import Iterator
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
    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def write_result(name: str, figures: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "machine": machine(), **figures}, indent=2, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def _serve(delay: float, body: dict[str, Any], conn: Any) -> None:
    from http.server import ThreadingHTTPServer

    from tests.fake_endpoint import FakeEndpoint, Reply, completion

    # The stdlib default listen backlog (5) makes bursts of 64 connects wait for SYN retries; a real server's is larger.
    ThreadingHTTPServer.request_queue_size = 256
    with FakeEndpoint(default=Reply(completion(body), delay=delay)) as endpoint:
        conn.send(endpoint.base_url)
        conn.recv()  # block until the parent says stop
        conn.send({"requests": len(endpoint.requests), "max_in_flight": endpoint.max_in_flight})


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
    from extract.types import Chunk

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
    from extract.config import Settings
    from extract.llm.cache import ResultCache
    from extract.llm.client import Extractor, make_client
    from extract.llm.usage import Usage
    from extract.pipeline import extract_chunks

    settings = Settings(base_url=base_url, model="fake", cache_dir=cache_dir, concurrency=concurrency)
    usage = Usage()
    with ResultCache(cache_dir) as cache:
        extractor = Extractor(settings, make_client(settings), cache, usage)
        started = time.perf_counter()
        results = await extract_chunks(chunks, extractor, concurrency)
        seconds = time.perf_counter() - started
    return results, usage, seconds
