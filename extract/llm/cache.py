"""The answer cache: one content hash per request is the cache key, the resume key and the row key at once.

The key covers everything that changes the model's answer — the model identity, the API mode, the JSON Schema,
the prompt template, the decoding parameters and the exact messages (chunk text, title, date) — so changing any
of them can never return a stale answer, and a re-run with nothing changed makes zero calls. Only validated
results are stored. diskcache is SQLite underneath: safe across processes and crash-consistent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import diskcache

__all__ = ["ResultCache", "request_key"]


def request_key(
    *, model: str, mode: str, schema: dict[str, Any], prompt_sha256: str, params: dict[str, Any],
    messages: list[dict[str, str]],
) -> str:
    payload = {
        "model": model,
        "mode": mode,
        "schema": schema,
        "prompt": prompt_sha256,
        "params": params,
        "messages": messages,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResultCache:
    """Validated extraction results by request key, in ``<cache_dir>/results``."""

    def __init__(self, cache_dir: Path, *, size_limit: int = 2**30) -> None:
        self.directory = Path(cache_dir) / "results"
        self._cache = diskcache.Cache(str(self.directory), size_limit=size_limit, eviction_policy="least-recently-used")

    def get(self, key: str) -> dict[str, Any] | None:
        value = self._cache.get(key)
        return json.loads(value) if value is not None else None

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def set(self, key: str, value: dict[str, Any]) -> None:
        self._cache.set(key, json.dumps(value, ensure_ascii=False))

    def info(self) -> dict[str, Any]:
        return {"directory": str(self.directory), "entries": len(self._cache), "bytes": self._cache.volume()}

    def clear(self) -> int:
        return self._cache.clear()

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
