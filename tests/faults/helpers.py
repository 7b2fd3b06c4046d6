"""Small helpers shared by the fault tests: reading a run's outputs, walking files, the CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from extract.cli import app

__all__ = ["all_files", "invoke", "read_jsonl", "run_json", "tmp_files"]


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    """``extract <args>`` in-process; stdout and stderr are kept apart (``result.stdout``, ``result.stderr``)."""
    return CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSONL file, parsed (a half-written line fails here)."""
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), f"{path} does not end with a newline"
    return [json.loads(line) for line in text.splitlines()]


def run_json(out: Path) -> dict[str, Any]:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def all_files(root: Path) -> list[Path]:
    """Every file under ``root``, hidden ones included."""
    return [Path(folder) / name for folder, _, names in os.walk(root) for name in names]


def tmp_files(root: Path) -> list[Path]:
    return [p for p in all_files(root) if p.name.endswith(".tmp")]
