"""Without the [ray] extra, --engine ray is one clear line and exit status 2; the local engine is unaffected."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.config import Settings
from extract.errors import ConfigError
from tests.conftest import SEEDS


@pytest.fixture
def no_ray(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))


@pytest.mark.usefixtures("no_ray")
def test_engine_ray_without_the_extra_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"pip install 'career-extract\[ray\]'"):
        Settings.from_env(base_url="http://127.0.0.1:9/v1", engine="ray")
    assert Settings.from_env(base_url="http://127.0.0.1:9/v1").engine == "local"


@pytest.mark.usefixtures("no_ray")
def test_cli_engine_ray_without_the_extra_is_one_line(tmp_path) -> None:
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(tmp_path), "--engine", "ray",
                                      "--base-url", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "career-extract[ray]" in lines[0], result.output


def test_engine_and_ray_flags_are_checked() -> None:
    with pytest.raises(ConfigError, match="--engine"):
        Settings.from_env(base_url="http://127.0.0.1:9/v1", engine="spark")
    if importlib.util.find_spec("ray") is not None:
        with pytest.raises(ConfigError, match="--base-url"):
            Settings.from_env(engine="ray", ray_address="auto")  # the embedded model is loopback-only
        with pytest.raises(ConfigError, match="at least 1"):
            Settings.from_env(base_url="http://127.0.0.1:9/v1", engine="ray", ray_actors=0)
