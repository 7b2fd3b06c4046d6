"""Every package directory is listed in pyproject.toml, so a built wheel is not missing code an editable
install happens to find."""

from __future__ import annotations

import tomllib

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
