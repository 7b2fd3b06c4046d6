"""The package's import graph has no cycle and every import points down the layers.

The graph is read with ``ast`` from the source (``extract/`` and the folders pyproject.toml installs into it,
``schemas/`` as ``extract.schemas``), counting every import wherever it is written: at the top, inside a function,
under ``if TYPE_CHECKING:``. A lazy import still ties two modules together; only the moment it costs differs.

The layers, bottom first (a module may import its own layer and the layers below it):

 1. ``errors``                    the exception hierarchy
 2. ``models``, ``schemas``       every contract between the stages, and the shared Literal types
 3. ``lexicon``                   words, names, organisations, dates, degrees: imports only errors and models
 4. ``config``                    Settings: flags > environment > defaults
 5. ``io``                        atomic writes, printable paths
 6. ``ingest``                    bytes → Document → chunks
 7. ``llm``                       one chunk → one validated answer: client, prompt, cache, retry, usage, strategies
 8. ``engines``                   drivers of the extract stage over many chunks: local (asyncio) and Ray
 9. ``ground``                    answer → grounded mentions: imports only errors, models, lexicon and llm
10. ``consolidate``               mentions → records: never imports ground
11. ``review``                    logic over records: diff, flows, evaluate, name queries
12. ``outputs``                   the run's output folder: staging, lock, publish
13. ``pipeline``                  the run, wiring the stages
14. ``render``                    presentation of everything above (a run's summary included), for the CLI
15. ``cli``                       the command line
16. ``extract`` (the package's ``__init__``) and ``__main__``: entry points that re-export

``render`` sits above ``pipeline`` rather than below it: the run summary it prints is the pipeline's result, and
nothing below the CLI needs presentation. Where a module in a lower layer still imports upward, the pair is listed
in ``KNOWN_EXCEPTIONS`` with the reason and the owner of the fix: the test fails when one of them is mended too, so
the list cannot go stale.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS: tuple[tuple[str, ...], ...] = (
    ("extract.errors",),
    ("extract.models", "extract.schemas", "extract.prompts"),
    ("extract.lexicon",),
    ("extract.config",),
    ("extract.io",),
    ("extract.ingest",),
    ("extract.llm",),
    ("extract.engines",),
    ("extract.ground",),
    ("extract.consolidate",),
    ("extract.review",),
    ("extract.outputs",),
    ("extract.corpus",),
    ("extract.pipeline",),
    ("extract.render",),
    ("extract.cli",),
    ("extract", "extract.__main__"),
)
# Stricter than the order: what a layer may import at all (besides itself).
ONLY: dict[str, tuple[str, ...]] = {
    "extract.lexicon": ("extract.errors", "extract.models", "extract.schemas"),
    "extract.ground": ("extract.errors", "extract.models", "extract.schemas", "extract.lexicon", "extract.llm"),
}
FORBIDDEN: tuple[tuple[str, str], ...] = (("extract.consolidate", "extract.ground"),)
# (importer, imported): upward imports still in the code, each waiting for its owner. Empty is the goal.
KNOWN_EXCEPTIONS: tuple[tuple[str, str], ...] = ()


def _modules() -> dict[str, Path]:
    """Module name → file, for ``extract/`` and the folders mapped into it by ``[tool.setuptools.package-dir]``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    roots = {"extract": ROOT / "extract"}
    roots |= {name: ROOT / path for name, path in config["tool"]["setuptools"]["package-dir"].items()}
    modules: dict[str, Path] = {}
    for package, folder in roots.items():
        for path in sorted(folder.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            parts = [*package.split("."), *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import of a package module in ``path``, at any depth."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from .x import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if not base.startswith("extract"):
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                yield (target if target in MODULES else base), node.lineno


GRAPH: dict[str, dict[str, int]] = {
    module: {target: line for target, line in _imports(module, path) if target != module}
    for module, path in MODULES.items()
}


def _layer_of(module: str) -> tuple[int, str]:
    """(layer number, the prefix that placed it): the longest matching prefix wins (``extract`` is the root only)."""
    best = (-1, "")
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or (prefix != "extract" and module.startswith(prefix + "."))
            if matches and len(prefix) > len(best[1]):
                best = (number, prefix)
    return best


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if _layer_of(m)[0] < 0] == []


def test_the_graph_sees_function_level_and_type_checking_imports() -> None:
    """Guard the reader itself: the pipeline imports consolidation inside a function, render.summary its
    RunResult under TYPE_CHECKING; both must be edges."""
    assert "extract.consolidate" in GRAPH["extract.pipeline"]
    assert "extract.pipeline" in GRAPH["extract.render.summary"]
    assert "extract.schemas.extraction" in GRAPH["extract.schemas"]  # relative import in an installed folder


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle() -> None:
    cycles = _cycles(GRAPH)
    assert cycles == [], "\n".join(" <-> ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    """Guard: the empty answer above could not fail if the finder found nothing anywhere."""
    planted = {**GRAPH, "extract.errors": {"extract.cli": 1}}
    assert any({"extract.errors", "extract.cli"} <= set(cycle) for cycle in _cycles(planted))


def _violations(graph: dict[str, dict[str, int]]) -> list[tuple[str, str, int, str]]:
    """(importer, imported, line, why) for every import that does not point down the layers."""
    found = []
    for module, targets in graph.items():
        layer, prefix = _layer_of(module)
        for target, line in targets.items():
            target_layer, target_prefix = _layer_of(target)
            if target_prefix == prefix:
                continue
            if target_layer > layer:
                found.append((module, target, line, f"{prefix} (layer {layer + 1}) imports {target_prefix} "
                                                    f"(layer {target_layer + 1})"))
            elif prefix in ONLY and target_prefix not in ONLY[prefix]:
                found.append((module, target, line, f"{prefix} may import only {', '.join(ONLY[prefix])}"))
            elif (prefix, target_prefix) in FORBIDDEN:
                found.append((module, target, line, f"{prefix} must not import {target_prefix}"))
    return found


def test_imports_point_down_the_layers() -> None:
    unexpected = [v for v in _violations(GRAPH) if (v[0], v[1]) not in KNOWN_EXCEPTIONS]
    assert unexpected == [], "\n".join(f"{m}:{line} imports {t}: {why}" for m, t, line, why in unexpected)


def test_known_exceptions_are_still_needed() -> None:
    """Once its owner mends one, the pair must leave the list, so the list says only what is true."""
    found = {(module, target) for module, target, _, _ in _violations(GRAPH)}
    assert [pair for pair in KNOWN_EXCEPTIONS if pair not in found] == []


@pytest.mark.parametrize(("importer", "imported"), [
    ("extract.models.documents", "extract.config"),  # upward
    ("extract.lexicon.names", "extract.config"),  # lexicon: errors and models only
    ("extract.ground.rules", "extract.consolidate.resolve"),  # ground: no consolidation
    ("extract.consolidate.records", "extract.ground.repairs"),  # consolidation: no grounding
    ("extract.review.diff", "extract.render.show"),  # logic never imports presentation
])
def test_a_planted_violation_is_reported(importer: str, imported: str) -> None:
    """Guard: each rule can fail."""
    planted = {**GRAPH, importer: {**GRAPH[importer], imported: 1}}
    assert (importer, imported) in {(m, t) for m, t, _, _ in _violations(planted)}
