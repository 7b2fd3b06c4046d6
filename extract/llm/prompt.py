"""Prompt templates from ``prompts/``: a front-matter header (name, version), a ``## system`` and a ``## user`` part,
and optionally worked examples: ``## example user`` / ``## example assistant`` pairs, sent as earlier chat turns.

The system part and the examples are identical for every chunk and go first, so llama.cpp's prompt cache reuses
them across calls; only the user part (title, date, chunk text) changes. The examples are literal text (no
placeholders): a small model copies the shape of an answer it has seen (compact JSON, nulls, empty lists) far more
reliably than it follows a rule about it. Placeholders: ``$title``, ``$published``, ``$text`` (the chunk
as is), ``$sentences`` (the chunk as numbered sentences, see :mod:`extract.lexicon.sentences`), ``$names`` (the
person names found in the chunk without the model, :func:`extract.lexicon.people.candidate_names`), ``$candidates``
(those of them written next to a career word, :func:`extract.lexicon.people.career_candidates`) and ``$person``
(the person a focused pass asks about, :attr:`Chunk.focus`). ``string.Template``
rather than ``str.format`` so that braces in instructions or documents need no escaping.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

import frontmatter

from extract.errors import ConfigError
from extract.lexicon.people import candidate_names, career_candidates
from extract.lexicon.sentences import number_sentences, split_sentences
from extract.models.documents import Chunk

if TYPE_CHECKING:
    from extract.config import Settings

__all__ = ["REPLY_SHAPES", "PromptTemplate", "load_prompt", "parse_prompt", "prompt_for"]

REPLY_SHAPES = ("objects", "rows")

_SECTION = re.compile(r"^## (system|user|example user|example assistant)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: str
    system: str
    user: str
    examples: tuple[tuple[str, str], ...] = ()  # (user, assistant) turns shown before the chunk
    # How the reply writes each fact (front matter ``reply``): "objects" ({"organization": …, …}) or "rows"
    # (["Acme Labs", "CTO", "left", 3], schemas.extraction.RowChunkExtraction). The instructions describe one
    # shape, so the shape belongs to the prompt; the schema (and the cache key) follow it.
    reply: str = "objects"
    # A reply budget for this prompt's shape (front matter ``max_tokens``), capping ``--max-tokens``: a reply of a
    # short shape that runs on (padding with whitespace where the grammar allows nothing else) is cut sooner.
    max_tokens: int | None = None

    @property
    def sha256(self) -> str:
        """Hash of the whole template: part of the cache key, so an edited prompt never gets a stale answer."""
        shots = "".join(f"\n{user}\n{reply}" for user, reply in self.examples)
        return hashlib.sha256(f"{self.name}\n{self.version}\n{self.system}\n{self.user}{shots}".encode()).hexdigest()

    def messages(self, chunk: Chunk) -> list[dict[str, str]]:
        user = Template(self.user).substitute(
            title=chunk.title or "(none)",
            published=chunk.published or "(unknown)",
            text=chunk.text,
            sentences=number_sentences(split_sentences(chunk.text)),
            person=chunk.focus or "",
            # computed only for a template that shows it (jieba loads its dictionary on first use)
            names=("; ".join(candidate_names(chunk.text)) or "(none)") if "$names" in self.user else "",
            candidates=("; ".join(career_candidates(chunk.text)) or "(none)") if "$candidates" in self.user else "",
        )
        shots = [
            {"role": role, "content": content}
            for example in self.examples for role, content in zip(("user", "assistant"), example, strict=True)
        ]
        return [{"role": "system", "content": self.system}, *shots, {"role": "user", "content": user}]


def parse_prompt(source: str, parent: PromptTemplate | None = None) -> PromptTemplate:
    """A template from its text. With ``parent`` (front matter ``extends: <name>``) the file has only a ``## user``
    section, appended to the parent's user part: same system prompt, same chunk, one more paragraph at the end,
    so llama.cpp's prompt cache serves everything but that paragraph (see ``extract_missing.md``)."""
    post = frontmatter.loads(source)
    parts = _SECTION.split(post.content)
    ordered = [(parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts) - 1, 2)]
    sections = {heading: body for heading, body in ordered if not heading.startswith("example")}
    example_parts = [(heading, body) for heading, body in ordered if heading.startswith("example")]
    if [heading for heading, _ in example_parts] != ["example user", "example assistant"] * (len(example_parts) // 2):
        raise ValueError("examples come in pairs: '## example user' then '## example assistant'")
    examples = tuple((example_parts[i][1], example_parts[i + 1][1]) for i in range(0, len(example_parts), 2))
    if parent is not None:
        if set(sections) != {"user"} or examples:
            raise ValueError("a prompt that extends another has only a '## user' section")
        sections = {"system": parent.system, "user": f"{parent.user}\n\n{sections['user']}"}
        examples = parent.examples
    if set(sections) != {"system", "user"}:
        raise ValueError("a prompt template needs a '## system' and a '## user' section")
    if "version" not in post:
        raise ValueError("a prompt template needs a 'version' in its front matter")
    reply = str(post.get("reply", parent.reply if parent is not None else "objects"))
    if reply not in REPLY_SHAPES:
        raise ValueError(f"reply: {reply!r} is not one of {', '.join(REPLY_SHAPES)}")
    budget = post.get("max_tokens", parent.max_tokens if parent is not None else None)
    if budget is not None and (not isinstance(budget, int) or isinstance(budget, bool) or budget < 1):
        raise ValueError(f"max_tokens: {budget!r} is not a whole number of at least 1")
    return PromptTemplate(
        name=str(post.get("name", "extract")), version=str(post["version"]), system=sections["system"],
        user=sections["user"], examples=examples, reply=reply, max_tokens=budget,
    )


def _read(name: str) -> str:
    return resources.files("extract.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")


@cache
def load_prompt(name: str = "extract") -> PromptTemplate:
    """A template shipped in ``prompts/`` by name (``extends:`` resolved against the shipped ones)."""
    text = _read(name)
    extends = frontmatter.loads(text).get("extends")
    return parse_prompt(text, load_prompt(str(extends)) if extends else None)


@cache
def _load_base(choice: str) -> PromptTemplate:
    """A template chosen by ``--prompt``, checked once: unreadable, malformed or with an unknown placeholder is a
    one-line ConfigError before any chunk is sent."""
    import yaml

    path = Path(choice)
    if path.suffix == ".md" or len(path.parts) > 1:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"--prompt {choice}: cannot read it ({exc.strerror or exc})") from exc
    else:
        try:
            text = _read(choice)
        except FileNotFoundError as exc:
            raise ConfigError(f"--prompt {choice}: no such prompt in prompts/ (give a name or a .md path)") from exc
    try:
        extends = frontmatter.loads(text).get("extends")
        template = parse_prompt(text, load_prompt(str(extends)) if extends else None)
        template.messages(Chunk(doc="check", index=0, start=0, end=1, text="x"))
    except (ValueError, FileNotFoundError, yaml.YAMLError) as exc:
        raise ConfigError(f"--prompt {choice}: {exc}") from exc
    except KeyError as exc:
        raise ConfigError(f"--prompt {choice}: unknown placeholder ${exc.args[0]}") from exc
    return template


def prompt_for(settings: Settings, later_pass: str | None = None) -> PromptTemplate:
    """The prompt a run uses: ``settings.prompt`` (a name in ``prompts/`` or a template file) or the default for
    the evidence style. ``later_pass`` (``extract_person``, ``extract_missing``) gives that pass's template on top
    of the chosen one, so a custom first-pass prompt keeps the later passes' shared prefix (and prompt cache)."""
    base = _load_base(settings.prompt or ("extract_quote" if settings.evidence == "quote" else "extract"))
    if later_pass is None:
        return base
    return parse_prompt(_read(later_pass), base)
