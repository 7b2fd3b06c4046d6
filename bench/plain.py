"""The plain baseline of issue 19: one instructor call per chunk on the same model and texts, names grouped exactly.

What the pipeline adds is only measured against what a user gets without it. This is that user's script: the same
embedded model and the same 800-character chunks, one JSON-Schema call per chunk through instructor with a plain
schema (each fact with a verbatim quote, as the usual extraction tutorials ask), no sentence numbering, no
grounding, no repairs, no rule pass; people grouped by their exact name, organisations and dates as the model wrote
them (a date reduced to ``YYYY`` or ``YYYY-MM`` when it holds a year, so the date score is not lost on format alone).
A quote found verbatim in the text gets its offsets, others keep none.

    python bench/plain.py --corpus real-dev            # cold the first time; answers cached per chunk
    python bench/plain.py --corpus real-test --corpus seeds

Figures go to ``bench/results/plain.json`` (not quality.json, which ``bench/quality.py`` rewrites while it runs), the
records to ``$TMPDIR/career-extract-quality/<corpus>/plain/records.jsonl`` (beside the pipeline's runs, to compare).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import diskcache
from _common import RESULTS, machine
from pydantic import BaseModel, Field, StringConstraints
from quality import CACHE_ROOT, CORPORA

from extract.config import Settings

CHUNK = 800
SYSTEM = ("Extract every person named in the text and their career facts: positions (organisation, title, start "
          "and end dates, status: joined, left, current, former or founded) and education (institution, degree, "
          "graduation year). For each fact give a short verbatim quote from the text that states it. Only facts "
          "stated in the text. Reply with JSON.")

Short = Annotated[str, StringConstraints(max_length=80)]
Quote = Annotated[str, StringConstraints(max_length=160)]


class PlainPosition(BaseModel):
    organization: Short
    title: Short | None
    start: Short | None
    end: Short | None
    status: Short | None
    quote: Quote


class PlainEducation(BaseModel):
    institution: Short
    degree: Short | None
    end: Short | None
    quote: Quote


class PlainPerson(BaseModel):
    name: Short
    positions: list[PlainPosition] = Field(max_length=8)
    education: list[PlainEducation] = Field(max_length=4)


class PlainChunk(BaseModel):
    people: list[PlainPerson] = Field(max_length=10)


_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})(?:\s*(?:年|[-/.])\s*(\d{1,2})(?!\d))?")


def _date(value: str | None) -> str | None:
    found = _YEAR_MONTH.search(value or "")
    if not found:
        return None
    year, month = found.group(1), found.group(2)
    return f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year


def _evidence(doc: str, text: str, quote: str) -> dict[str, Any]:
    at = text.find(quote) if quote else -1
    return {"doc": doc, "start": at if at >= 0 else None, "end": at + len(quote) if at >= 0 else None, "quote": quote}


def _slug(name: str) -> str:
    return "p-" + hashlib.sha1(name.encode()).hexdigest()[:10]


def extract_corpus(corpus: str, base_url: str) -> dict[str, Any]:
    import instructor
    from openai import OpenAI

    from extract.ingest.chunk import chunk_document
    from extract.ingest.loader import load_document
    from extract.lexicon.orgs import OrgTable
    from extract.review.evaluate import evaluate
    from extract.schemas.record import Record

    source, gold_path = CORPORA[corpus]
    cache = diskcache.Cache(str(CACHE_ROOT / "plain"))
    client = instructor.from_openai(OpenAI(base_url=base_url, api_key="none"), mode=instructor.Mode.JSON_SCHEMA)
    people: dict[str, dict[str, Any]] = {}
    usage = {"calls": 0, "cache_hits": 0, "prompt_tokens": 0, "completion_tokens": 0, "failures": 0}
    chars = 0
    started = time.perf_counter()
    for path in sorted(p for p in source.iterdir() if p.is_file()):
        doc = load_document(path)
        chars += len(doc.text)
        for chunk in chunk_document(doc, size=CHUNK):
            key = hashlib.sha256(json.dumps([SYSTEM, chunk.text, PlainChunk.model_json_schema()]).encode()).hexdigest()
            answer = cache.get(key)
            if answer is None:
                try:
                    reply, raw = client.chat.completions.create_with_completion(
                        model="local", response_model=PlainChunk, max_retries=1, temperature=0, max_tokens=1500,
                        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": chunk.text}])
                except Exception as exc:  # a failed chunk is a failure of the baseline, counted, not fatal
                    print(f"{path.name}#{chunk.index}: {type(exc).__name__}: {str(exc)[:120]}", file=sys.stderr)
                    usage["failures"] += 1
                    continue
                answer = reply.model_dump()
                usage["calls"] += 1
                usage["prompt_tokens"] += raw.usage.prompt_tokens
                usage["completion_tokens"] += raw.usage.completion_tokens
                cache.set(key, answer)
            else:
                usage["cache_hits"] += 1
            for person in answer["people"]:
                record = people.setdefault(person["name"], {
                    "id": _slug(person["name"]), "name": person["name"], "aliases": [], "positions": [],
                    "education": [], "sources": []})
                if doc.id not in record["sources"]:
                    record["sources"].append(doc.id)
                for p in person["positions"]:
                    record["positions"].append({
                        "organization": p["organization"], "title": p["title"], "start": _date(p["start"]),
                        "end": _date(p["end"]), "status": p["status"] or "unknown",
                        "evidence": [_evidence(doc.id, doc.text, p["quote"])]})
                for e in person["education"]:
                    record["education"].append({
                        "institution": e["institution"], "degree": e["degree"], "end": _date(e["end"]),
                        "evidence": [_evidence(doc.id, doc.text, e["quote"])]})
    wall = time.perf_counter() - started
    predicted = [Record.model_validate(r) for r in people.values() if r["positions"] or r["education"]]
    out = Path(tempfile.gettempdir()) / "career-extract-quality" / corpus / "plain"
    out.mkdir(parents=True, exist_ok=True)  # kept beside the pipeline's runs, to compare what each one finds
    (out / "records.jsonl").write_text("".join(r.model_dump_json() + "\n" for r in predicted), encoding="utf-8")
    gold = [Record.model_validate_json(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line]
    scores = evaluate(predicted, gold, orgs=OrgTable.load()).as_dict()
    return {
        "config": "plain", "description": __doc__.splitlines()[0], "cold": usage["cache_hits"] == 0,
        "wall_seconds": round(wall, 1), "characters": chars,
        "seconds_per_1k_chars": round(wall / (chars / 1000), 1) if chars else None, **usage,
        "records": len(predicted),
        "scores": {k: scores[k] for k in ("persons", "positions", "education", "dates", "status")}
                  | {"attribution": {k: scores["attribution"][k] for k in ("facts", "named", "share")}},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), required=True)
    parser.add_argument("--base-url", default=None, help="use this server instead of starting the embedded model")
    args = parser.parse_args(argv)
    path = RESULTS / "plain.json"
    saved = json.loads(path.read_text()) if path.exists() else {"results": {}}
    if args.base_url:
        serving = nullcontext(args.base_url)
    else:
        from extract.llm.local import assemble_model, serve

        serving = serve(assemble_model(Settings().cache_dir))
    with serving as url:
        for corpus in args.corpus:
            entry = extract_corpus(corpus, url)
            if entry["failures"]:  # a dead --base-url or a cache without this corpus: no result (as bench/quality.py)
                print(f"{corpus}: {entry['failures']} chunks failed; not recorded", file=sys.stderr, flush=True)
                continue
            previous = saved["results"].get(corpus)
            if previous and previous.get("cold") and not entry["cold"]:  # a warm re-run keeps the cold costs
                entry |= {k: previous[k] for k in ("cold", "wall_seconds", "seconds_per_1k_chars", "calls",
                                                    "prompt_tokens", "completion_tokens")}
            saved["results"][corpus] = entry
            saved["machine"] = machine()
            path.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            s = entry["scores"]
            print(json.dumps({"corpus": corpus, "wall": entry["wall_seconds"], "failures": entry["failures"],
                              "persons_R": s["persons"]["recall"], "dup": s["persons"]["duplicates"],
                              "pos_f1": s["positions"]["f1"], "edu_f1": s["education"]["f1"],
                              "dates_exact": s["dates"]["exact"], "status": s["status"]["accuracy"]}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
