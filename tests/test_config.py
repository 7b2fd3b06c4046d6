"""Settings: one place reads the environment, the closed sets come from the Literal types, and Settings imports
no stage (what needs one is checked by ``pipeline.check_settings``)."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from extract.config import DEFAULT_CHUNK_SIZE, ENGINES, EVIDENCE_STYLES, MODES, RESOLVERS, STRATEGIES, Settings
from extract.errors import ConfigError
from extract.lexicon.orgs import OrgTable
from extract.pipeline import check_settings

ORGS = """
[[org]]
name = "Fooco"
aliases = ["Fooco Labs"]
"""


def test_the_choices_are_the_literal_types_of_the_settings() -> None:
    hints = typing.get_type_hints(Settings)
    for name, values in (("mode", MODES), ("evidence", EVIDENCE_STYLES), ("strategy", STRATEGIES),
                         ("engine", ENGINES), ("resolver", RESOLVERS)):
        assert typing.get_args(hints[name]) == values


def test_the_consolidation_resolvers_are_the_settings_choices() -> None:
    """consolidate/__init__.py keeps its own RESOLVERS until it imports extract.models.choices' (owned elsewhere)."""
    from extract.consolidate import RESOLVERS as consolidation_resolvers

    assert consolidation_resolvers == RESOLVERS


def test_the_chunker_default_is_the_settings_default() -> None:
    """Two copies until ingest/chunk.py imports config's (it is owned elsewhere): they must agree meanwhile."""
    from extract.ingest.chunk import DEFAULT_CHUNK_SIZE as chunker_default

    assert Settings().chunk_size == DEFAULT_CHUNK_SIZE == chunker_default


def test_org_and_cue_files_come_from_the_environment_then_the_flags(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACT_ORGS", f"{tmp_path / 'a.toml'}:{tmp_path / 'b.toml'}")
    monkeypatch.setenv("EXTRACT_CUES", str(tmp_path / "c.toml"))
    settings = Settings.from_env(orgs=[tmp_path / "x.toml"], cues=None)
    assert settings.orgs == (tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "x.toml")
    assert settings.cues == (tmp_path / "c.toml",)
    assert settings.public()["orgs"] == [str(p) for p in settings.orgs]  # run.json can hold it
    monkeypatch.delenv("EXTRACT_ORGS")
    assert Settings.from_env().orgs == ()


def test_extract_orgs_reaches_the_table_through_the_settings_only(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """EXTRACT_ORGS is read by Settings alone: the table built from the settings has the variable's files, a bare
    load has the packaged table only."""
    extra = tmp_path / "fooco.toml"
    extra.write_text(ORGS, encoding="utf-8")
    monkeypatch.setenv("EXTRACT_ORGS", str(extra))
    assert OrgTable.load(Settings.from_env().orgs).canonical("Fooco Labs").canonical == "Fooco"
    assert OrgTable.load().canonical("Fooco Labs").canonical != "Fooco"


def test_settings_validate_without_loading_any_stage() -> None:
    """A prompt that does not exist or an engine whose extra is missing is not Settings' business (it imports no
    stage); check_settings refuses them."""
    settings = Settings.from_env(prompt="no-such-prompt")
    with pytest.raises(ConfigError, match="--prompt no-such-prompt"):
        check_settings(settings)


def test_cue_files_are_checked_before_the_run(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cue lexicon .*missing\.toml: No such file"):
        check_settings(Settings.from_env(cues=[tmp_path / "missing.toml"]))
    broken = tmp_path / "broken.toml"
    broken.write_text("[[cue]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cue lexicon .*broken\.toml: ") as caught:
        check_settings(Settings.from_env(cues=[broken]))
    assert "\n" not in str(caught.value)
    good = tmp_path / "good.toml"
    good.write_text('[join]\nen = ["signs with"]\n', encoding="utf-8")  # a kind the packaged lexicon has
    check_settings(Settings.from_env(cues=[good]))


# Modules that still read the environment themselves, each waiting for its owner. Empty is the goal.
READS_ENVIRONMENT_TOO: set[str] = set()


def test_the_environment_is_read_in_config_only() -> None:
    """``os.environ`` / ``os.getenv`` appear in config.py and nowhere else (beyond the listed, pending ones)."""
    root = Path(__file__).resolve().parent.parent
    readers = set()
    for path in (root / "extract").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.add(path.relative_to(root).as_posix())
    assert readers == {"extract/config.py", *READS_ENVIRONMENT_TOO}
