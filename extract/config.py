"""Settings in one place: command-line flags > environment (``EXTRACT_*``, ``OPENAI_*``) > defaults.

Why one frozen object: every stage reads the same values, and the ones that change a model's answer feed the
cache key (see :mod:`extract.llm.cache`), so they must not drift during a run.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from platformdirs import user_cache_dir

from extract.errors import ConfigError
from extract.ingest.chunk import DEFAULT_CHUNK_SIZE

__all__ = ["ENGINES", "EVIDENCE_STYLES", "LOCAL_MODEL_NAME", "MODES", "STRATEGIES", "Settings", "default_cache_dir"]

LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODES = ("json_schema", "json", "md_json", "tools")
EVIDENCE_STYLES = ("sentence", "quote")
RESOLVERS = ("default", "splink")  # who is who: the rules (extract/consolidate/resolve.py) or Splink
# "single": one call per chunk; "focused": then one short call per person found (extract/llm/focused.py)
STRATEGIES = ("single", "focused")
ENGINES = ("local", "ray")  # where the extract stage runs: this process, or Ray Data (extract/ray_engine.py)


def default_cache_dir() -> Path:
    """``EXTRACT_CACHE_DIR`` or the platform's user cache dir (tests point the variable at a temp dir)."""
    return Path(os.environ.get("EXTRACT_CACHE_DIR") or user_cache_dir("career-extract"))


# Numbers read from the environment: the setting, how to parse it, and what to call the kind in an error.
_ENV_NUMBERS = (("concurrency", int, "a whole number"), ("max_tokens", int, "a whole number"),
                ("timeout", float, "a number of seconds"), ("cache_size_limit", int, "a whole number of bytes"))


def _env(*names: str) -> str | None:
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return None


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; built by :meth:`from_env` so flags override the environment."""

    base_url: str | None = None  # None: serve the embedded model on loopback
    model: str = LOCAL_MODEL_NAME
    api_key: str | None = field(default=None, repr=False)
    mode: str = "json_schema"
    evidence: str = "sentence"  # "sentence": facts cite numbered sentences; "quote": facts carry verbatim quotes
    strategy: str = "single"
    glean: bool = False  # focused strategy: one more call per chunk asking for people the first pass missed
    prompt: str | None = None  # a template name in prompts/ or a path to one; None: the evidence style's default
    concurrency: int = 2
    temperature: float = 0.0
    repeat_penalty: float | None = None  # llama.cpp's repeat_penalty (sent in the request body); None: not sent
    max_tokens: int = 1500
    max_reasks: int = 1
    max_retries: int = 4
    timeout: float = 600.0
    cache_dir: Path = field(default_factory=default_cache_dir)
    cache_size_limit: int = 2**30
    chunk_size: int = DEFAULT_CHUNK_SIZE
    chunk_overlap: int = 0
    max_bytes: int = 5_000_000
    max_chunks_per_doc: int = 200
    keep_ungrounded: bool = False
    rules: bool = True  # also read roles, moves and degrees in fixed shapes off the text (extract/rules.py)
    resolver: str = "default"
    engine: str = "local"
    ray_address: str | None = None  # None: start a Ray instance on this machine for the run
    ray_actors: int = 2  # actors in the pool
    ray_in_flight: int = 16  # requests in flight per actor
    ray_work_dir: Path | None = None  # parquet chunks and results; None: <out>/ray

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    @classmethod
    def from_env(cls, **flags: Any) -> Settings:
        """Defaults, then the environment, then every flag that is not None."""
        values: dict[str, Any] = {}
        base_url = _env("EXTRACT_BASE_URL", "OPENAI_BASE_URL")
        if base_url:
            values["base_url"] = base_url
        model = _env("EXTRACT_MODEL", "OPENAI_MODEL")
        if model:
            values["model"] = model
        api_key = _env("EXTRACT_API_KEY", "OPENAI_API_KEY")
        if api_key:
            values["api_key"] = api_key
        mode = _env("EXTRACT_MODE")
        if mode:
            values["mode"] = mode
        for name, cast, kind in _ENV_NUMBERS:
            raw = _env(f"EXTRACT_{name.upper()}")
            if raw and flags.get(name) is None:  # a flag wins: the variable is not even read
                try:
                    values[name] = cast(raw)
                except ValueError as exc:
                    raise ConfigError(f"EXTRACT_{name.upper()} must be {kind}, not {raw!r}") from exc
        values.update({k: v for k, v in flags.items() if v is not None})
        if "base_url" in values and "concurrency" not in values:
            values["concurrency"] = 8  # remote servers batch requests; the embedded model has 2 slots
        settings = replace(cls(), **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuse anything a run cannot use, before it starts: one line naming the flag (and the variable)."""
        if self.mode not in MODES:
            raise ConfigError(f"--mode must be one of {', '.join(MODES)}, not {self.mode!r} (--mode or EXTRACT_MODE)")
        if self.evidence not in EVIDENCE_STYLES:
            raise ConfigError(f"--evidence must be one of {', '.join(EVIDENCE_STYLES)}, not {self.evidence!r}")
        if self.resolver not in RESOLVERS:
            raise ConfigError(f"--resolver must be one of {', '.join(RESOLVERS)}, not {self.resolver!r}")
        if self.strategy not in STRATEGIES:
            raise ConfigError(f"--strategy must be one of {', '.join(STRATEGIES)}, not {self.strategy!r}")
        if self.strategy == "focused" and self.evidence != "sentence":
            raise ConfigError("--strategy focused needs --evidence sentence")
        if self.glean and self.strategy != "focused":
            raise ConfigError("--glean needs --strategy focused")
        if self.prompt is not None:
            from extract.llm.prompt import prompt_for

            prompt_for(self)  # a missing or malformed template is a ConfigError now, not one per chunk later
        self._validate_numbers()
        self._validate_endpoint()
        if self.engine not in ENGINES:
            raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.engine == "ray":
            from extract.engines.ray import require_ray

            require_ray()
            if self.ray_address and self.embedded:
                raise ConfigError("--ray-address needs --base-url: the embedded model serves on this machine only")

    def _validate_numbers(self) -> None:
        """Every number, from a flag, the environment or code alike: a timeout of 0 or -5, -1 tokens, a negative
        size or limit were accepted and failed later (or, like ``--max-chunks -1``, silently dropped a chunk)."""
        _whole(self.concurrency, "--concurrency (or EXTRACT_CONCURRENCY)", least=1)
        _whole(self.max_tokens, "--max-tokens (or EXTRACT_MAX_TOKENS)", least=1)
        _number(self.timeout, "--timeout (or EXTRACT_TIMEOUT)", above=0, unit=" seconds")
        limit = self.cache_size_limit  # bytes here, megabytes on the command line
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 2**20:
            shown = f"{limit / 2**20:g} MB" if isinstance(limit, int) else repr(limit)
            raise ConfigError(f"--cache-size-mb must be at least 1 (EXTRACT_CACHE_SIZE_LIMIT at least {2**20} bytes),"
                              f" not {shown}")
        _whole(self.chunk_size, "--chunk-size", least=50, unit=" characters")
        _whole(self.chunk_overlap, "--chunk-overlap", least=0)
        if self.chunk_overlap >= self.chunk_size:
            raise ConfigError("--chunk-overlap must be between 0 and the chunk size")
        _whole(self.max_bytes, "--max-bytes", least=1, unit=" bytes")
        _whole(self.max_chunks_per_doc, "--max-chunks", least=1)
        _whole(self.max_reasks, "max_reasks", least=0)
        _whole(self.max_retries, "max_retries", least=0)
        _number(self.temperature, "temperature", between=(0, 2))
        if self.repeat_penalty is not None:
            _number(self.repeat_penalty, "--repeat-penalty", above=0, unit=" (1.0 means none)")
        _whole(self.ray_actors, "--ray-actors", least=1)
        _whole(self.ray_in_flight, "--ray-in-flight", least=1)

    def _validate_endpoint(self) -> None:
        """A model name and a URL the HTTP client can use: otherwise every chunk fails with the same error."""
        if not isinstance(self.model, str) or not self.model.strip():
            raise ConfigError("--model (or EXTRACT_MODEL) must not be empty")
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError(f"--base-url (or EXTRACT_BASE_URL) must be an http:// or https:// URL, not "
                                  f"{_strip_credentials(self.base_url)!r}")

    def public(self) -> dict[str, Any]:
        """The settings as written to run.json: no secrets, no credentials inside the base URL."""
        data = asdict(self)
        data.pop("api_key")
        data["cache_dir"] = str(self.cache_dir)
        data["ray_work_dir"] = str(self.ray_work_dir) if self.ray_work_dir else None
        data["base_url"] = _strip_credentials(self.base_url)
        return data


def _whole(value: object, name: str, *, least: int, unit: str = "") -> None:
    """``value`` is an int (not a bool, not 2.0) of at least ``least``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    if value < least:
        raise ConfigError(f"{name} must be at least {least}{unit}, not {value}")


def _number(value: object, name: str, *, above: float | None = None, between: tuple[float, float] | None = None,
            unit: str = "") -> None:
    """``value`` is a finite int or float above ``above`` or within ``between`` (nan passes every comparison, so
    it is refused by name)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number, not {value!r}")
    if above is not None and value <= above:
        raise ConfigError(f"{name} must be above {above:g}{unit}, not {value:g}")
    if between is not None and not between[0] <= value <= between[1]:
        raise ConfigError(f"{name} must be between {between[0]:g} and {between[1]:g}, not {value:g}")


def _strip_credentials(url: str | None) -> str | None:
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
