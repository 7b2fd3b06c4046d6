"""Issue 18's speculation probe: llama.cpp's draftless n-gram speculation, tuned, on the recorded seed requests.

    python bench/speculation.py [N]        # the first N chat requests of the seeds cassette (default 6)

Replays the request bodies of ``cassettes/test_seeds_e2e`` (lines layout, schema 5) against the embedded model
served with each speculation setting, and prints wall time, decode tokens/s and how many replies are byte-identical
to the recorded ones (greedy decoding: a setting worth keeping changes none). Prints one JSON line per setting;
writes nothing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx
import xllamacpp as xlc
import yaml

from extract.config import LOCAL_MODEL_NAME
from extract.llm.local import model_path

CASSETTE = Path(__file__).resolve().parent.parent / "cassettes" / "test_seeds_e2e" / "test_seeds_end_to_end.yaml"
# (type, size_n: the n-gram looked up, size_m: the longest draft, min_hits); None: no speculation
SETTINGS = [None, ("NGRAM_SIMPLE", 4, 8, 1), ("NGRAM_MAP_K", 4, 8, 2), ("NGRAM_SIMPLE", 3, 16, 1)]


def recorded(limit: int) -> list[tuple[dict, str]]:
    """(request body, recorded reply) of the cassette's first ``limit`` chat requests."""
    pairs = []
    for interaction in yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["interactions"]:
        request = interaction["request"]
        if request["method"] == "POST" and request["uri"].endswith("/chat/completions"):
            reply = json.loads(interaction["response"]["body"]["string"])
            pairs.append((json.loads(request["body"]), reply["choices"][0]["message"]["content"]))
    return pairs[:limit]


def server(setting: tuple[str, int, int, int] | None) -> xlc.Server:
    params = xlc.CommonParams()
    params.model.path = str(model_path(Path.home() / ".cache" / "career-extract"))
    params.model_alias = {LOCAL_MODEL_NAME}
    params.n_parallel, params.n_ctx, params.n_gpu_layers, params.verbosity = 1, 8192, 0, 0
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = 2
    if setting:
        kind, size_n, size_m, min_hits = setting
        params.speculative.types = [getattr(xlc.common_speculative_type, f"COMMON_SPECULATIVE_TYPE_{kind}")]
        ngram = getattr(params.speculative, kind.lower())
        ngram.size_n, ngram.size_m, ngram.min_hits = size_n, size_m, min_hits
    return xlc.Server(params)


def main() -> None:
    pairs = recorded(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
    for setting in SETTINGS:
        served = server(setting)
        base = served.listening_address.rstrip("/")
        identical = decoded = 0
        decode_seconds = 0.0
        drafts: dict = {}
        started = time.perf_counter()
        for body, expected in pairs:
            reply = httpx.post(base + "/v1/chat/completions", json=body, timeout=600).json()
            identical += reply["choices"][0]["message"]["content"] == expected
            timings = reply.get("timings", {})
            decoded += timings.get("predicted_n", 0)
            decode_seconds += timings.get("predicted_ms", 0) / 1000
            drafts = {k: v for k, v in timings.items() if "draft" in k}
        print(json.dumps({
            "setting": setting, "wall": round(time.perf_counter() - started, 1),
            "identical": f"{identical}/{len(pairs)}", "decode_tokens": decoded,
            "decode_tokens_per_s": round(decoded / decode_seconds, 1) if decode_seconds else None,
            "last_reply_drafts": drafts,
        }), flush=True)
        del served


if __name__ == "__main__":
    main()
