"""Without the [ray] extra, --engine ray is one clear line and exit status 2; the local engine is unaffected."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.config import Settings
from extract.errors import ConfigError
from extract.pipeline import check_settings
from tests.conftest import SEEDS


@pytest.fixture
def no_ray(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))


@pytest.mark.usefixtures("no_ray")
def test_engine_ray_without_the_extra_is_a_config_error() -> None:
    """Checked by the pipeline's check_settings before anything is read (Settings imports no engine)."""
    with pytest.raises(ConfigError, match=r"pip install 'career-extract\[ray\]'"):
        check_settings(Settings.from_env(base_url="http://127.0.0.1:9/v1", engine="ray"))
    check_settings(Settings.from_env(base_url="http://127.0.0.1:9/v1"))  # the local engine needs no extra


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


def test_chunk_keys_cover_the_later_passes_prompts(tmp_path) -> None:
    """A row holds the merged answer of all passes: an edited person prompt must not resume old rows."""
    from dataclasses import replace

    from extract.engines.ray_rows import chunk_keys
    from extract.llm.cache import ResultCache
    from extract.llm.client import make_client
    from extract.llm.strategy import make_extractor
    from extract.llm.usage import Usage
    from extract.models.documents import Chunk

    chunk = Chunk("doc", 0, 0, 5, "张三加入。", "t", "2024-01-01")
    single = Settings.from_env(base_url="http://127.0.0.1:9/v1", model="m", cache_dir=tmp_path)
    focused = replace(single, strategy="focused")
    with ResultCache(tmp_path) as cache:
        planners = {s.strategy: make_extractor(s, make_client(s), cache, Usage()) for s in (single, focused)}
        (_, [single_key]), (_, [focused_key]) = (chunk_keys(single, planners["single"], [chunk]),
                                                 chunk_keys(focused, planners["focused"], [chunk]))
        second = planners["focused"].second
        second.prompt = replace(second.prompt, user=second.prompt.user + " (edited)")
        (_, [edited_key]) = chunk_keys(focused, planners["focused"], [chunk])
    assert len({single_key, focused_key, edited_key}) == 3


def test_a_worker_reads_the_runs_cue_words(tmp_path) -> None:
    """An actor is another process: it loads the run's --cues files itself, or it would decide a chunk's request
    (education asked or not) on the packaged words alone."""
    pytest.importorskip("pyarrow")
    from extract.engines.ray_actor import ExtractBatch
    from extract.lexicon.cues import default_cues, use_cues

    extra = tmp_path / "cues.toml"
    extra.write_text('[study]\nen = ["apprenticed"]\n', encoding="utf-8")
    settings = Settings.from_env(base_url="http://127.0.0.1:9/v1", cues=(extra,), cache_dir=tmp_path / "cache")
    try:
        use_cues()
        assert not default_cues().about_studies("Jane Roe apprenticed with Bo Lin.")
        ExtractBatch(settings, "http://127.0.0.1:9/v1", in_flight=1, use_cache=False)
        assert default_cues().about_studies("Jane Roe apprenticed with Bo Lin.")
    finally:
        use_cues()
