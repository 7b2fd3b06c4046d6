"""What every command shares: the typer apps, the two consoles, one-line errors, and the options of settings.

A parameter named after a :class:`~extract.config.Settings` field is that setting's flag (see :func:`settings_from`),
and its ``--help`` shows the default that applies when it is not given (see :func:`setting`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import MISSING, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from extract.config import RESOLVERS, Settings
from extract.errors import ExtractError
from extract.models.documents import IngestFailure
from extract.render.terminal import one_line

if TYPE_CHECKING:
    from extract.lexicon.orgs import OrgTable

__all__ = [
    "DEFAULTS", "SETTING_NAMES", "ApiKey", "BaseUrl", "CacheDir", "ChunkSize", "CorrectionsFile", "Cues", "MaxBytes",
    "ModelOpt", "Orgs",
    "Overlap", "PathsArg", "Resolver", "app", "cache_app", "error", "fail", "line", "org_table", "print_failures",
    "print_warnings", "setting", "settings_from", "stderr", "stdout",
]

app = typer.Typer(help="Extract grounded career records of AI researchers from articles.", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the answer cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

stdout = Console(emoji=False)  # ":smile:" in a name or path is shown as typed
# stderr only ever shows data (paths, reasons): never markup, never emoji codes, never highlighted.
stderr = Console(stderr=True, markup=False, emoji=False, highlight=False)
# instructor logs every failed attempt as a multi-line ERROR with the raw error body; the CLI reports each failure
# itself, on one line, with secrets redacted.
logging.getLogger("instructor").setLevel(logging.CRITICAL)

# A parameter named after a Settings field is that setting's flag: its value (None when not given, so the
# environment and then the default apply) goes to Settings.from_env as is, with no list of them kept by hand.
SETTING_NAMES = frozenset(f.name for f in fields(Settings))
DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Settings) if f.default is not MISSING}


def setting(*names: str, help: str, shown: object = None, field: str | None = None) -> Any:
    """A typer option for a setting whose --help shows the default that applies when it is not given: ``shown``,
    or the Settings default of ``field`` (the option's own default is None, which would show nothing)."""
    return typer.Option(*names, help=help, show_default=str(shown if shown is not None else DEFAULTS[field or ""]))


PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (HTML, markdown, text; any mix).")]
BaseUrl = Annotated[str | None, setting("--base-url", help="OpenAI-compatible endpoint (or EXTRACT_BASE_URL, "
                                        "OPENAI_BASE_URL).", shown="the embedded model, served on loopback")]
ModelOpt = Annotated[str | None, setting("--model", help="Model name the endpoint serves (or EXTRACT_MODEL).",
                                         field="model")]
ApiKey = Annotated[str | None, setting("--api-key", help="API key (or EXTRACT_API_KEY, OPENAI_API_KEY).",
                                       shown="none")]
CacheDir = Annotated[Path | None, setting("--cache-dir", help="Cache folder (or EXTRACT_CACHE_DIR).",
                                          shown="the platform's user cache dir")]
ChunkSize = Annotated[int | None, setting("--chunk-size", help="Characters per chunk.", field="chunk_size")]
Overlap = Annotated[int | None, setting("--chunk-overlap", help="Characters of overlap between chunks.",
                                        field="chunk_overlap")]
MaxBytes = Annotated[int | None, setting("--max-bytes", help="Largest input file accepted, in bytes.",
                                         field="max_bytes")]
Orgs = Annotated[list[Path] | None, setting("--orgs", help="An organisation alias table (TOML, like extract/lexicon/"
                                            "data/orgs.toml) added to the packaged one; repeatable; after those in "
                                            "EXTRACT_ORGS.", shown="the packaged table only")]
Cues = Annotated[list[Path] | None, setting("--cues", help="A cue word table (TOML) added to the packaged one; "
                                            "repeatable; after those in EXTRACT_CUES.",
                                            shown="the packaged table only")]
CorrectionsFile = Annotated[Path | None, setting("--corrections", help="A reviewer's corrections file (TOML; "
                                                "extract fix writes it).", shown="<out>/corrections.toml if any")]
Resolver = Annotated[str | None, setting("--resolver", help=f"Who is who: {' or '.join(RESOLVERS)} (splink needs "
                                         "the splink extra).", field="resolver")]


def line(label: str, style: str, message: object) -> None:
    """Exactly one stderr line, whatever ``message`` holds: "[/INST]" is text, a newline is shown as \\n."""
    stderr.print(Text.assemble((label, style), " ", one_line(message)), soft_wrap=True)


def error(message: object) -> None:
    line("error", "red", message)


def print_warnings(messages: Iterable[str]) -> None:
    """One ``warning`` line each, e.g. the heals of the answer cache (``ResultCache.healed``)."""
    for message in messages:
        line("warning", "yellow", message)


def print_failures(failures: list[IngestFailure]) -> None:
    for failure in failures:
        error(f"{failure.path}: {failure.reason}")


def fail(exc: Exception) -> typer.Exit:
    error(exc)
    return typer.Exit(2)


def settings_from(flags: dict[str, Any], **computed: Any) -> Settings:
    """Settings from the environment and the parameters in ``flags`` that name a setting (others are ignored);
    a bad value is one line and exit 2."""
    try:
        return Settings.from_env(**{k: v for k, v in {**flags, **computed}.items() if k in SETTING_NAMES})
    except ExtractError as exc:
        raise fail(exc) from exc


def org_table(settings: Settings) -> OrgTable:
    """The organisation table of ``--orgs`` / ``EXTRACT_ORGS``: one line and exit 2 when a file does not load."""
    from extract.lexicon.orgs import OrgTable

    try:
        return OrgTable.load(settings.orgs)
    except ExtractError as exc:
        raise fail(exc) from exc
