"""The tools around runs: ``extract serve`` (the embedded model, kept up), ``extract schema`` (the JSON Schema
files) and ``extract cache info`` / ``extract cache clear`` (the answer cache, every failure one line)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from extract.cli.common import CacheDir, app, cache_app, fail, print_warnings, settings_from, stdout
from extract.errors import ConfigError, ExtractError
from extract.render.terminal import markup_safe

if TYPE_CHECKING:
    from extract.llm.cache import ResultCache

__all__ = ["cache_clear", "cache_info", "schema", "serve"]


@app.command()
def serve(
    cache_dir: CacheDir = None,
    parallel: Annotated[int, typer.Option("--parallel", help="Request slots (1 is fastest on a CPU).")] = 1,
) -> None:
    """Keep the embedded model up on loopback for repeated runs (pass the printed URL as --base-url)."""
    from extract.llm.local import serve as serve_model
    from extract.pipeline import embedded_model

    if parallel < 1:  # checked here, not with min=1: one line like every other refused value
        raise fail(ConfigError(f"--parallel must be at least 1, not {parallel}"))
    settings = settings_from(locals())
    try:
        with serve_model(embedded_model(settings.cache_dir, stdout), parallel=parallel) as url:
            stdout.print(f"serving the embedded model at [bold]{url}[/bold]  (Ctrl-C to stop)")
            stdout.print(f"  extract run seeds/ --base-url {url}")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        stdout.print("stopped")
    except ExtractError as exc:
        raise fail(exc) from exc


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Export the extraction and record schemas as JSON Schema files users can read (schemas/*.schema.json)."""
    from extract.io import write_text_atomic
    from extract.schemas import (
        ChunkExtraction,
        ChunkPositions,
        PersonFacts,
        QuotedChunkExtraction,
        Record,
        RowChunkExtraction,
        RowChunkPositions,
    )

    models = {"chunk_extraction": ChunkExtraction, "chunk_positions": ChunkPositions,
              "quoted_chunk_extraction": QuotedChunkExtraction, "person_facts": PersonFacts, "record": Record,
              "row_chunk_extraction": RowChunkExtraction, "row_chunk_positions": RowChunkPositions}
    for filename, model in models.items():
        target = out_dir / f"{filename}.schema.json"
        write_text_atomic(target, json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
        stdout.print(f"wrote {markup_safe(target)}", soft_wrap=True)


@contextmanager
def _answer_cache(cache_dir: Path | None) -> Iterator[ResultCache]:
    """The answer cache for ``cache info`` / ``cache clear``: a bad setting or an unusable cache is one line and
    exit 2; what the cache healed on the way (a corrupt database moved aside) is one warning line each."""
    from extract.llm.cache import ResultCache

    settings = settings_from({"cache_dir": cache_dir})
    try:
        cache = ResultCache(settings.cache_dir, size_limit=settings.cache_size_limit)
    except ExtractError as exc:
        raise fail(exc) from exc
    try:
        yield cache
    except ExtractError as exc:
        print_warnings(cache.healed)
        raise fail(exc) from exc
    else:
        print_warnings(cache.healed)
    finally:
        cache.close()


@cache_app.command("info")
def cache_info(cache_dir: CacheDir = None) -> None:
    """Where the cache is, how many answers it holds, how big it is."""
    with _answer_cache(cache_dir) as cache:
        info = cache.info()
    stdout.print(f"{markup_safe(info['directory'])}: {info['entries']} answers, {info['bytes'] / 1e6:.1f} MB",
                 soft_wrap=True)
    for path in info["moved_aside"]:
        stdout.print(f"a corrupt cache was moved aside to {markup_safe(path)} (delete it once you no longer need it)",
                     soft_wrap=True)


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDir = None) -> None:
    """Drop every cached answer (the assembled model file is kept)."""
    with _answer_cache(cache_dir) as cache:
        removed = cache.clear()
    stdout.print(f"removed {removed} cached answers")
