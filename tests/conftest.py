"""Shared fixtures: an isolated cache dir for every test, the fake endpoint, cassette settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests.fake_endpoint import FakeEndpoint

# Property tests draw the same examples on every run, so the suite's verdict does not depend on the run (CI once
# drew a chunking case no earlier run had; it is an @example now). HYPOTHESIS_PROFILE=explore draws new ones when
# looking for bugs.
hypothesis_settings.register_profile("deterministic", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's cache or pick up an endpoint or key from the environment."""
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "EXTRACT_BASE_URL", "EXTRACT_API_KEY",
                 "EXTRACT_MODEL", "EXTRACT_CONCURRENCY", "EXTRACT_MODE", "EXTRACT_MAX_TOKENS", "EXTRACT_TIMEOUT",
                 "EXTRACT_ORGS", "EXTRACT_CUES", "EXTRACT_CACHE_SIZE_LIMIT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    # Match on what determines the answer; the host and port of the recording server are random.
    return {
        "match_on": ["method", "path", "body"],
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


@pytest.fixture(scope="module")
def model_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The embedded model's base URL for the cassette tests: a dead port when replaying (vcrpy answers), the real
    model served here when recording (``--record-mode=all``)."""
    if request.config.getoption("--record-mode") == "none":
        yield "http://127.0.0.1:9/v1"  # never reached: vcrpy answers from the cassette
        return
    from platformdirs import user_cache_dir

    from extract.llm.local import assemble_model, serve

    with serve(assemble_model(Path(user_cache_dir("career-extract"))), parallel=1) as url:
        yield url


def seed_batch(tmp_path: Path, name: str, prefixes: tuple[str, ...]) -> Path:
    """A folder ``tmp_path/name`` holding copies of the seeds whose file names start with ``prefixes`` (same file
    names, so the same document ids): one batch of a corpus that grows."""
    import shutil

    folder = tmp_path / name
    folder.mkdir()
    for path in sorted(SEEDS.iterdir()):
        if path.name.startswith(prefixes):
            shutil.copy2(path, folder / path.name)
    return folder
