"""The one exception hierarchy of career-extract.

Everything the package raises on purpose derives from :class:`ExtractError`, so callers can catch one type.
The CLI turns these into one-line messages at the edge; library code never prints.

    ExtractError
    ├── ConfigError          a setting is missing or contradictory
    ├── InputError           one input file cannot be used (carries the path and the reason)
    ├── ModelSetupError      the embedded model cannot be assembled or served
    ├── OutputError          the --out folder cannot be used (a file, unwritable, locked by another run, disk full)
    ├── EndpointError        the endpoint cannot serve this run (unreachable, key refused, unknown model)
    ├── CacheError           the answer cache cannot be opened, read or written at all (a corrupt one heals)
    └── ChunkFailed          one chunk could not be extracted after retries (carries the reason kind)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CacheError", "ChunkFailed", "ConfigError", "EndpointError", "ExtractError", "InputError", "ModelSetupError",
    "OutputError",
]


class ExtractError(Exception):
    """Root of every error career-extract raises on purpose."""


class ConfigError(ExtractError):
    """A setting is missing, malformed or contradictory."""


class InputError(ExtractError):
    """One input file cannot be used; the batch goes on without it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelSetupError(ExtractError):
    """The embedded model cannot be assembled, verified or served."""


class OutputError(ExtractError):
    """The output folder cannot be created, locked or written; what was published before is left as it was."""


class EndpointError(ExtractError):
    """The endpoint cannot serve the run at all (found before the batch, or when the breaker opens)."""


class CacheError(ExtractError):
    """The answer cache cannot be used at all: its folder cannot be opened or written. A corrupt cache is not an
    error: it is moved aside and rebuilt (see :mod:`extract.llm.cache`)."""


class ChunkFailed(ExtractError):
    """A chunk still failed after retries and re-asks; ``kind`` names the failure for the run summary."""

    def __init__(self, chunk_id: str, kind: str, reason: str) -> None:
        self.chunk_id = chunk_id
        self.kind = kind
        self.reason = reason
        super().__init__(f"{chunk_id}: {kind}: {reason}")
