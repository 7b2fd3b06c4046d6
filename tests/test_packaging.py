"""Every package directory is listed in pyproject.toml, so a built wheel is not missing code an editable
install happens to find; every library imported is declared; the version is written once."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import ROOT


def test_every_package_is_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    declared = set(config["packages"])
    mapped = {name: ROOT / path for name, path in config["package-dir"].items()}
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "extract").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    found |= {name for name, path in mapped.items() if (path / "__init__.py").is_file()}
    assert found <= declared, f"add to [tool.setuptools] packages: {sorted(found - declared)}"


def _declared() -> tuple[set[str], set[str]]:
    """(core dependencies, dependencies of any extra), as normalised distribution names."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}

    extras = set().union(*(names(group) for group in project["optional-dependencies"].values()))
    return names(project["dependencies"]), extras


def _third_party_imports() -> Iterator[tuple[str, bool, Path]]:
    """(top-level module, imported at module level, file) for every import of a module outside the standard library
    and the package, in extract/ and the folders installed into it."""
    for path in [p for folder in ("extract", "schemas", "prompts") for p in (ROOT / folder).rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                root = module.split(".")[0]
                if root not in sys.stdlib_module_names and root not in ("extract", "__future__"):
                    yield root, id(node) in top_level, path


def test_every_imported_library_is_declared() -> None:
    """A module-level import is a core dependency; a lazy one (an optional feature) at least in an extra. ``yaml``
    was imported by the prompt loader and installed only because python-frontmatter happens to need it."""
    core, extras = _declared()
    distributions = packages_distributions()
    missing = set()
    for module, at_top, path in _third_party_imports():
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & (core if at_top else core | extras):
            missing.add(f"{module} ({path.relative_to(ROOT)}{'' if at_top else ', lazily'})")
    assert sorted(missing) == []


def test_the_linter_is_a_dev_tool_that_ci_installs() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert not any(r.startswith("ruff") for r in extras["test"]) and any(r.startswith("ruff") for r in extras["dev"])
    ci = (ROOT / ".ci" / "run").read_text()
    install = next(line for line in ci.splitlines() if "pip install" in line and "-e" in line)
    assert "dev" in install.split("[", 1)[1].split("]", 1)[0].split(",") and "\nruff check ." in ci


def test_the_version_is_written_once() -> None:
    """pyproject.toml holds it; the package reports the installed one, never a copy of its own."""
    import extract

    assert extract.__version__ == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    copies = [p for p in (ROOT / "extract").rglob("*.py") if re.search(r"__version__\s*=\s*[\"']", p.read_text())]
    assert copies == []
