"""The pipeline's wiring: a warm run never starts the embedded model; files are written as contracts say."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import pipeline
from extract.config import Settings
from tests.conftest import SEEDS
from tests.fake_endpoint import FakeEndpoint

DOC = SEEDS / "000_3ddfede94d37599f.txt"


def test_warm_run_does_not_start_the_embedded_model(fake_endpoint: FakeEndpoint, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.from_env(cache_dir=tmp_path / "cache")  # embedded: no base URL
    cold = pipeline.run([DOC], settings, tmp_path / "cold", base_url=fake_endpoint.base_url)
    assert cold.usage.calls == len(cold.chunks) > 0

    def no_model(*_args, **_kwargs):
        raise AssertionError("the embedded model must not be started when every answer is cached")

    monkeypatch.setattr(pipeline, "endpoint", no_model)
    warm = pipeline.run([DOC], settings, tmp_path / "warm")
    assert warm.usage.calls == 0 and warm.usage.cache_hits == len(warm.chunks)
    for name in ("mentions.jsonl", "records.jsonl", "run.json"):
        assert (tmp_path / "warm" / name).is_file()
    assert (tmp_path / "warm" / "docs" / f"{DOC.stem}.txt").read_text() == (
        tmp_path / "cold" / "docs" / f"{DOC.stem}.txt"
    ).read_text()
