"""Sizes (issue 17): no module of ``extract/`` over ~400 lines and no function over ~60, so each stays readable.

The walk is ``ast``-based: a function's size runs from its ``def`` line to its last line (docstring and nested
functions included, decorators not). ``NOT_YET_SPLIT`` names what other parts of issue 17 are still splitting;
an entry must be removed as soon as its file is within the limits (the last test fails until it is).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
PACKAGE = ROOT / "extract"

# Oversized today, in files other engineers of issue 17 are splitting (the CLI, the pipeline, the grounding and
# the rule layer). (path, None) is a module, (path, name) a function. Tighten after merging their work.
NOT_YET_SPLIT: frozenset[tuple[str, str | None]] = frozenset({
})


def oversized(package: Path = PACKAGE) -> dict[tuple[str, str | None], int]:
    """Every module over :data:`MAX_MODULE_LINES` and function over :data:`MAX_FUNCTION_LINES`, with its lines."""
    found: dict[tuple[str, str | None], int] = {}
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(package.parent).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found[(name, None)] = lines
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    found[(name, node.name)] = size
    return found


def test_the_walk_finds_a_long_function_and_a_big_module(tmp_path: Path) -> None:
    package = tmp_path / "extract"
    package.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (package / "long.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n", encoding="utf-8")
    (package / "big.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    (package / "small.py").write_text("x = 1\n" * MAX_MODULE_LINES, encoding="utf-8")
    assert oversized(package) == {("extract/long.py", "long"): MAX_FUNCTION_LINES + 1,
                                  ("extract/big.py", None): MAX_MODULE_LINES + 1}


def test_no_module_or_function_is_over_the_limits() -> None:
    over = {key: size for key, size in oversized().items() if key not in NOT_YET_SPLIT}
    assert not over, "over the limits (split by responsibility): " + ", ".join(
        f"{path}{'' if name is None else ':' + name} ({size} lines)" for (path, name), size in sorted(over.items()))


def test_the_allow_list_only_names_what_is_still_oversized() -> None:
    stale = NOT_YET_SPLIT - oversized().keys()
    assert not stale, f"within the limits now: remove from NOT_YET_SPLIT: {sorted(stale, key=str)}"
