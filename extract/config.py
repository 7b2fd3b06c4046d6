"""Settings in one place: command-line flags > environment (``EXTRACT_*``, ``OPENAI_*``) > defaults.

Why one frozen object: every stage reads the same values, and the ones that change a model's answer feed the
cache key (see :mod:`extract.llm.cache`), so they must not drift during a run. Every environment variable the
package reads is read here, in :meth:`Settings.from_env`, and nowhere else.

This module sits low in the layers (it imports only errors and the shared Literal types): every stage imports
Settings, so Settings imports no stage. What only a stage can check (the prompt template parses, the Ray extra is
installed, the ``--orgs``/``--cues`` files load) is checked by :func:`extract.pipeline.check_settings` before
anything is read or sent.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from platformdirs import user_cache_dir

from extract.errors import ConfigError
from extract.models.choices import (
    ENGINES,
    EVIDENCE_STYLES,
    LAYOUTS,
    MODES,
    RESOLVERS,
    STRATEGIES,
    Engine,
    EvidenceStyle,
    Layout,
    Mode,
    Resolver,
    Strategy,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE", "ENGINES", "EVIDENCE_STYLES", "LAYOUTS", "LOCAL_MODEL_NAME", "MODES", "RESOLVERS",
    "STRATEGIES", "VERSION", "Settings", "default_cache_dir",
]

LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
DEFAULT_CHUNK_SIZE = 800  # characters; see README "Chunk size" for why 800
# A chunk whose tagger finds this many names next to career words is a list, sent with the names listed after its
# text: on a fresh batch of ten real articles people recall 0.68 -> 0.77 and positions F1 0.592 -> 0.600 for one
# more call; on dev + val pooled positions 0.730 -> 0.745; seeds unchanged (bench/quality.md, "Session 14").
DEFAULT_NAME_LIST = 8


def _installed_version() -> str:
    """The version pyproject.toml declares (the one place it is written), as installed; unknown in a bare checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("career-extract")
    except PackageNotFoundError:
        return "0+unknown"


VERSION = _installed_version()  # written to run.json with every run's outputs


def default_cache_dir() -> Path:
    """``EXTRACT_CACHE_DIR`` or the platform's user cache dir (tests point the variable at a temp dir)."""
    return Path(os.environ.get("EXTRACT_CACHE_DIR") or user_cache_dir("career-extract"))


def _paths(value: str) -> tuple[Path, ...]:
    """A list of files in one variable, separated like PATH (``:`` on Linux/macOS, ``;`` on Windows)."""
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


# The environment: (setting, variables (the first one set wins), how to parse it, what to call the kind in an error).
# A flag given on the command line wins: its variable is then not even read (so a bad one cannot stop the run),
# except for the lists of files (orgs, cues), where the variable's files come first and the flags' files are added.
_ENV: tuple[tuple[str, tuple[str, ...], Callable[[str], Any], str], ...] = (
    ("base_url", ("EXTRACT_BASE_URL", "OPENAI_BASE_URL"), str, ""),
    ("model", ("EXTRACT_MODEL", "OPENAI_MODEL"), str, ""),
    ("api_key", ("EXTRACT_API_KEY", "OPENAI_API_KEY"), str, ""),
    ("mode", ("EXTRACT_MODE",), str, ""),
    ("layout", ("EXTRACT_LAYOUT",), str, ""),
    ("concurrency", ("EXTRACT_CONCURRENCY",), int, "a whole number"),
    ("max_tokens", ("EXTRACT_MAX_TOKENS",), int, "a whole number"),
    ("timeout", ("EXTRACT_TIMEOUT",), float, "a number of seconds"),
    ("cache_size_limit", ("EXTRACT_CACHE_SIZE_LIMIT",), int, "a whole number of bytes"),
    ("orgs", ("EXTRACT_ORGS",), _paths, ""),
    ("cues", ("EXTRACT_CUES",), _paths, ""),
)
_ADDITIVE = ("orgs", "cues")


def _env(*names: str) -> tuple[str, str] | None:
    """(variable, value) of the first of ``names`` set to something, or None."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return name, value
    return None


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; built by :meth:`from_env` so flags override the environment."""

    base_url: str | None = None  # None: serve the embedded model on loopback
    model: str = LOCAL_MODEL_NAME
    api_key: str | None = field(default=None, repr=False)
    mode: Mode = "json_schema"
    evidence: EvidenceStyle = "sentence"
    strategy: Strategy = "single"
    glean: bool = False  # focused strategy: one more call per chunk asking for people the first pass missed
    # List the names a tagger finds next to career words after the text of a chunk where it finds at least this many
    # (prompts/extract_listed.md); 0: never; None: DEFAULT_NAME_LIST with sentence evidence, never with quotes (the
    # listed prompt cites sentences). A chunk naming many people is a list, where the model stops early.
    name_list: int | None = None
    prompt: str | None = None  # a template name in prompts/ or a path to one; None: the evidence style's default
    # One request at a time for the embedded model: on 2 CPU cores, with short replies, two slots in flight took
    # 586.6 s for the seeds against 220.5 s one at a time (llama.cpp's decode 2.7 against 24.1 tokens/s a slot;
    # bench/quality.md, issue 18). A server with a base URL gets 8 (below).
    concurrency: int = 1
    # How the schema is sent (see extract/llm/layout.py): on the embedded model "lines" (an llguidance grammar) was
    # answered in 0.86 of the tokens of "free" (response_format) with the same scores (bench/quality.md, issue 18).
    layout: Layout = "auto"
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
    rules: bool = True  # also read roles, moves and degrees in fixed shapes off the text (extract/ground/rules.py)
    orgs: tuple[Path, ...] = ()  # organisation tables added to the packaged one, later files winning
    cues: tuple[Path, ...] = ()  # cue word tables added to the packaged one (extract/lexicon/cues.py)
    resolver: Resolver = "default"
    corrections: Path | None = None  # a reviewer's corrections file; None: <out>/corrections.toml when there is one
    engine: Engine = "local"
    ray_address: str | None = None  # None: start a Ray instance on this machine for the run
    ray_actors: int = 2  # actors in the pool
    ray_in_flight: int = 16  # requests in flight per actor
    ray_work_dir: Path | None = None  # parquet chunks and results; None: <out>/ray

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    @property
    def listed_from(self) -> int:
        """The ``--name-list`` in effect: how many names a chunk needs to be sent with them listed; 0: never."""
        if self.name_list is not None:
            return self.name_list
        return DEFAULT_NAME_LIST if self.evidence == "sentence" else 0

    @property
    def reply_layout(self) -> Layout:
        """The layout in effect: ``auto`` is ``lines`` on the embedded model (a llama.cpp server with llguidance,
        which honours the grammar) in JSON_SCHEMA mode, and ``free`` otherwise (another server may not)."""
        if self.layout != "auto":
            return self.layout
        return "lines" if self.embedded and self.mode == "json_schema" else "free"

    @classmethod
    def from_env(cls, **flags: Any) -> Settings:
        """Defaults, then the environment, then every flag that is not None."""
        values: dict[str, Any] = {}
        for name, variables, parse, kind in _ENV:
            found = _env(*variables)
            if found is None or (flags.get(name) is not None and name not in _ADDITIVE):
                continue
            variable, raw = found
            try:
                values[name] = parse(raw)
            except ValueError as exc:
                raise ConfigError(f"{variable} must be {kind}, not {raw!r}") from exc
        for name in _ADDITIVE:  # the variable's files, then the flags'
            if flags.get(name) is not None:
                flags[name] = (*values.get(name, ()), *map(Path, flags[name]))
        values.update({k: v for k, v in flags.items() if v is not None})
        if "base_url" in values and "concurrency" not in values:
            values["concurrency"] = 8  # remote servers batch requests; the embedded model runs one at a time
        settings = replace(cls(), **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuse anything a run cannot use, before it starts: one line naming the flag (and the variable).

        Only what the values alone decide; :func:`extract.pipeline.check_settings` checks what needs the stages
        (prompt templates, optional extras, lexicon files)."""
        _choice(self.mode, MODES, "--mode", " (--mode or EXTRACT_MODE)")
        _choice(self.evidence, EVIDENCE_STYLES, "--evidence")
        _choice(self.layout, LAYOUTS, "--layout", " (--layout or EXTRACT_LAYOUT)")
        if self.layout == "lines" and self.mode != "json_schema":
            raise ConfigError("--layout lines needs --mode json_schema")
        _choice(self.resolver, RESOLVERS, "--resolver")
        _choice(self.strategy, STRATEGIES, "--strategy")
        if self.strategy in ("focused", "missed", "second-look") and self.evidence != "sentence":
            raise ConfigError(f"--strategy {self.strategy} needs --evidence sentence")
        if self.glean and self.strategy != "focused":
            raise ConfigError("--glean needs --strategy focused")
        if self.name_list and self.evidence != "sentence":
            raise ConfigError("--name-list needs --evidence sentence (--name-list 0 turns it off)")
        self._validate_numbers()
        self._validate_endpoint()
        _choice(self.engine, ENGINES, "--engine")
        if self.engine == "ray" and self.ray_address and self.embedded:
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
        if self.name_list is not None:
            _whole(self.name_list, "--name-list", least=0)
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
        data["orgs"] = [str(path) for path in self.orgs]
        data["cues"] = [str(path) for path in self.cues]
        data["ray_work_dir"] = str(self.ray_work_dir) if self.ray_work_dir else None
        data["base_url"] = _strip_credentials(self.base_url)
        data["listed_from"] = self.listed_from  # the --name-list in effect (name_list None: the default's)
        return data


def _choice(value: object, choices: tuple[str, ...], flag: str, where: str = "") -> None:
    """``value`` is one of ``choices`` (the tuple of a Literal type in :mod:`extract.models.choices`)."""
    if value not in choices:
        raise ConfigError(f"{flag} must be one of {', '.join(choices)}, not {value!r}{where}")


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
