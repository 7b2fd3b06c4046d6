"""Prompt templates from ``prompts/``: a front-matter header (name, version), a ``## system`` and a ``## user`` part.

The system part is identical for every chunk and goes first, so llama.cpp's prompt cache reuses it across calls;
only the user part (title, date, chunk text) changes. Placeholders: ``$title``, ``$published``, ``$text`` (the chunk
as is), ``$sentences`` (the chunk as numbered sentences, see :mod:`extract.sentences`) and ``$person`` (the
person a focused pass asks about, :attr:`Chunk.focus`). ``string.Template``
rather than ``str.format`` so that braces in instructions or documents need no escaping.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

import frontmatter

from ..sentences import number_sentences, split_sentences
from ..types import Chunk

__all__ = ["PromptTemplate", "load_prompt", "parse_prompt"]

_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: str
    system: str
    user: str

    @property
    def sha256(self) -> str:
        """Hash of the whole template: part of the cache key, so an edited prompt never gets a stale answer."""
        return hashlib.sha256(f"{self.name}\n{self.version}\n{self.system}\n{self.user}".encode()).hexdigest()

    def messages(self, chunk: Chunk) -> list[dict[str, str]]:
        user = Template(self.user).substitute(
            title=chunk.title or "(none)",
            published=chunk.published or "(unknown)",
            text=chunk.text,
            sentences=number_sentences(split_sentences(chunk.text)),
            person=chunk.focus or "",
        )
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


def parse_prompt(source: str, parent: PromptTemplate | None = None) -> PromptTemplate:
    """A template from its text. With ``parent`` (front matter ``extends: <name>``) the file has only a ``## user``
    section, appended to the parent's user part: same system prompt, same chunk, one more paragraph at the end,
    so llama.cpp's prompt cache serves everything but that paragraph (see ``extract_missing.md``)."""
    post = frontmatter.loads(source)
    parts = _SECTION.split(post.content)
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}
    if parent is not None:
        if set(sections) != {"user"}:
            raise ValueError("a prompt that extends another has only a '## user' section")
        sections = {"system": parent.system, "user": f"{parent.user}\n\n{sections['user']}"}
    if set(sections) != {"system", "user"}:
        raise ValueError("a prompt template needs a '## system' and a '## user' section")
    return PromptTemplate(
        name=str(post.get("name", "extract")), version=str(post["version"]), system=sections["system"],
        user=sections["user"],
    )


@cache
def load_prompt(name: str = "extract") -> PromptTemplate:
    text = resources.files("extract.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    extends = frontmatter.loads(text).get("extends")
    return parse_prompt(text, load_prompt(str(extends)) if extends else None)
