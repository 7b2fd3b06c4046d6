"""Prompt templates: worked examples as chat turns, ``extends``, and choosing a template with ``--prompt``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extract.config import Settings
from extract.errors import ConfigError
from extract.llm.prompt import load_prompt, parse_prompt, prompt_for
from extract.models.documents import Chunk
from extract.pipeline import check_settings

TEMPLATE = """---
name: custom
version: 1
---
## system
Extract people.
## example user
Text:
[1] Ada Park joined Orbit Labs.
## example assistant
{"people":[{"name":"Ada Park"}]}
## user
Text:
$sentences
"""


def chunk(text: str = "Bo Lind left Vega.") -> Chunk:
    return Chunk(doc="d", index=0, start=0, end=len(text), text=text, title=None, published=None)


def test_examples_are_chat_turns_between_the_system_prompt_and_the_chunk() -> None:
    prompt = parse_prompt(TEMPLATE)
    messages = prompt.messages(chunk())
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"] == '{"people":[{"name":"Ada Park"}]}'
    assert messages[3]["content"] == "Text:\n[1] Bo Lind left Vega."


def test_examples_are_part_of_the_template_hash() -> None:
    assert parse_prompt(TEMPLATE).sha256 != parse_prompt(TEMPLATE.replace("Orbit Labs", "Nova Labs")).sha256


def test_an_example_without_its_answer_is_refused() -> None:
    with pytest.raises(ValueError, match="pairs"):
        parse_prompt(TEMPLATE.replace("## example assistant\n", ""))


def test_a_later_pass_keeps_the_chosen_prompts_system_part_and_examples(tmp_path) -> None:
    path = tmp_path / "mine.md"
    path.write_text(TEMPLATE, encoding="utf-8")
    settings = replace(Settings(), prompt=str(path))
    person = prompt_for(settings, "extract_person")
    assert person.system == "Extract people." and person.examples == parse_prompt(TEMPLATE).examples
    first, later = prompt_for(settings).messages(chunk()), person.messages(replace(chunk(), focus="Bo Lind"))
    assert later[:3] == first[:3] and later[3]["content"].startswith(first[3]["content"])
    assert later[3]["content"].rstrip().endswith("Bo Lind")


def test_prompt_setting_takes_a_shipped_name_or_a_file_and_refuses_anything_else(tmp_path) -> None:
    """Checked by the pipeline's check_settings, before anything is read or sent (Settings imports no stage)."""
    assert prompt_for(Settings()) == load_prompt("extract")
    assert prompt_for(replace(Settings(), evidence="quote")) == load_prompt("extract_quote")
    assert prompt_for(replace(Settings(), prompt="extract_quote")) == load_prompt("extract_quote")
    with pytest.raises(ConfigError, match="no such prompt"):
        check_settings(Settings.from_env(prompt="nonexistent"))
    with pytest.raises(ConfigError, match="cannot read"):
        check_settings(Settings.from_env(prompt=str(tmp_path / "missing.md")))
    broken = tmp_path / "broken.md"
    broken.write_text("---\nversion: 1\n---\n## user\nonly a user part\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.md"):
        check_settings(Settings.from_env(prompt=str(broken)))
    unknown = tmp_path / "unknown.md"
    unknown.write_text("---\nversion: 1\n---\n## system\ns\n## user\n$sentences $colour\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown placeholder \$colour"):
        check_settings(Settings.from_env(prompt=str(unknown)))
    no_version = tmp_path / "no_version.md"
    no_version.write_text("## system\ns\n## user\n$sentences\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="version"):
        check_settings(Settings.from_env(prompt=str(no_version)))


def test_names_placeholder_lists_the_candidate_names_of_the_chunk() -> None:
    template = parse_prompt(TEMPLATE.replace("$sentences", "$sentences\nNames: $names"))
    user = template.messages(chunk("Ada Park joined Orbit Labs from Vega."))[-1]["content"]
    assert user.endswith("Names: Ada Park")
    nobody = template.messages(chunk("The lab opened in March."))[-1]["content"]
    assert nobody.endswith("Names: (none)")
