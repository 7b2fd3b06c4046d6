"""YAML/TOML front matter → a dict of values, the body after it, and one line per value that had to be dropped.

python-frontmatter finds and splits the front matter; PyYAML (libyaml's C parser when installed) reads it. What
neither does is let one bad value cost only that value: ``date: 2099-13-45`` is a YAML timestamp that fails to
construct, ``title: Breaking: X`` is a syntax error, and either used to throw the whole front matter into the body.
So the YAML is composed once and each top-level value is built on its own; when the text does not even parse, each
top-level ``key: value`` entry is read on its own, a one-line value that still fails being taken as plain text.

Nor does either bound what a value may cost. YAML aliases share one node, so a 300-byte "billion laughs" block
builds cheaply, yet turns into 34 million characters the moment anything prints it (a title, sent with every
chunk). Every value is therefore measured on the composed node graph, aliases expanded, before it is built: past
:data:`MAX_VALUE_NODES` nodes or :data:`MAX_NESTING` levels it is dropped, and a block over
:data:`MAX_FRONT_MATTER_CHARS` is not parsed at all (the body is still used). PyYAML has no such limits to set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

__all__ = [
    "MAX_FRONT_MATTER_CHARS",
    "MAX_NESTING",
    "MAX_TOTAL_NODES",
    "MAX_VALUE_NODES",
    "FrontMatter",
    "split_front_matter",
]

# Real front matter is a few hundred bytes; a long description or tag list a few KB.
MAX_FRONT_MATTER_CHARS = 64_000
# Nodes one value may expand to, aliases counted at every use: a list of 1,000 tags passes, a billion laughs not.
MAX_VALUE_NODES = 1_000
# Nodes all values together may expand to: bounds the measuring itself when a block repeats one big alias.
MAX_TOTAL_NODES = 20_000
# Levels of lists and mappings inside one value; metadata is flat, a tree ten levels deep is not metadata.
MAX_NESTING = 10

_FRONT_MATTER_START = re.compile(r"^\s*(---|\+\+\+)\s*\n")

# A top-level YAML entry starts at column 0 with a key and a colon; the lines after it that are indented, list
# items, comments or blank belong to it. A block of anything else is prose between two '---' rules.
_ENTRY_START = re.compile(r"^(?P<key>[^\s#\-?:][^:\n]*?|-[^\s:][^:\n]*?)[ \t]*:(?:[ \t]|$)")
_CONTINUATION = re.compile(r"^(?:[ \t]|-(?:[ \t]|$))")
_QUOTED = re.compile(r"""^(?:"(?P<double>.*)"|'(?P<single>.*)')$""")

# PyYAML's errors, plus what a constructor raises on a well-formed but impossible value (2099-13-45 → ValueError).
_VALUE_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
_MAX_REASON = 80

# The C loader when libyaml is there: faster, and its parser caps nesting where the Python one recurses.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FrontMatter:
    """A document's front matter values, the text after the front matter, and what was dropped from it."""

    meta: dict[str, Any]
    body: str
    problems: tuple[str, ...] = field(default=())


def split_front_matter(text: str) -> FrontMatter:
    """Split off YAML/TOML front matter; ``FrontMatter({}, text)`` when there is none (a '---' rule is not one)."""
    none = FrontMatter({}, text)
    if not _FRONT_MATTER_START.match(text):
        return none
    stripped = text.strip()
    handler = frontmatter.detect_format(stripped, frontmatter.handlers)
    if handler is None:
        return none
    try:
        raw, content = handler.split(stripped)
    except ValueError:
        return none
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        if isinstance(handler, YAMLHandler) and not _split_entries(raw):
            return none  # prose between two '---' rules, however long
        return FrontMatter({}, content.strip(), (_over_size(len(raw)),))
    if isinstance(handler, YAMLHandler):
        meta, problems = _load_yaml(raw)
    else:
        meta, problems = _load_other(handler, raw), []
    if not meta:
        return none
    return FrontMatter(meta, content.strip(), tuple(problems))


def _over_size(size: int) -> str:
    return f"front matter is {size:,} characters, over the {MAX_FRONT_MATTER_CHARS:,} limit; ignored"


def _load_other(handler: Any, raw: str) -> dict[str, Any] | None:
    try:
        data = handler.load(raw)
    except Exception:  # TOML errors vary by library; such a block is kept as text, as before
        return None
    return data if isinstance(data, dict) else None


def _load_yaml(raw: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The front matter's values (None when the block is not a YAML mapping) and a line per dropped value."""
    try:
        return _load_mapping(raw)
    except _VALUE_ERRORS:
        return _load_entries(raw)


def _load_mapping(raw: str) -> tuple[dict[str, Any] | None, list[str]]:
    """Compose the whole block, then build each top-level value on its own so that a bad one costs only itself."""
    loader = _BaseLoader(raw)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None, []
        problems: list[str] = []
        node.value = _within_limits(node.value, problems)  # before merging: a '<<' merge can be a bomb too
        loader.flatten_mapping(node)  # top-level '<<' merge keys
        meta: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key names no field this reads
            key = key_node.value
            try:
                meta[key] = loader.construct_object(value_node, deep=True)
            except _VALUE_ERRORS as exc:
                loader.recursive_objects.clear()  # a failed build leaves its node marked as in progress
                problems.append(f"front matter: {key!r} ignored ({_reason(exc, value_node)})")
        return meta, problems
    finally:
        loader.dispose()


def _within_limits(pairs: list[tuple[yaml.Node, yaml.Node]], problems: list[str]) -> list[tuple[yaml.Node, yaml.Node]]:
    """The top-level pairs whose value stays within the node and nesting limits; a problem line for each other."""
    kept: list[tuple[yaml.Node, yaml.Node]] = []
    budget = MAX_TOTAL_NODES
    for key_node, value_node in pairs:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        limit = min(MAX_VALUE_NODES, budget)
        nodes, depth, aliased = _measure(value_node, limit)
        if nodes > limit and limit < MAX_VALUE_NODES:
            problems.append(f"front matter: {key!r} and what follows ignored (over {MAX_TOTAL_NODES:,} values in all)")
            break
        if nodes > limit:
            how = "YAML aliases expand it to" if aliased else "it holds"
            problems.append(f"front matter: {key!r} ignored ({how} over {MAX_VALUE_NODES:,} values)")
        elif depth > MAX_NESTING:
            problems.append(f"front matter: {key!r} ignored (nested over {MAX_NESTING} levels)")
        else:
            kept.append((key_node, value_node))
        budget -= nodes
    return kept


def _measure(root: yaml.Node, limit: int) -> tuple[int, int, bool]:
    """Nodes under ``root`` with every alias expanded (counting stops past ``limit``), its depth, and whether an
    alias was expanded. Iterative, so a recursive or deep graph costs at most ``limit`` steps."""
    seen: set[int] = set()
    aliased = False
    nodes = depth = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack and nodes <= limit:
        node, level = stack.pop()
        nodes += 1
        depth = max(depth, level)
        if id(node) in seen:
            aliased = True  # the same node object again: an alias (or a merge of one)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, level + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, level + 1) for pair in node.value for part in pair)
    return nodes, depth, aliased


def _load_entries(raw: str) -> tuple[dict[str, Any] | None, list[str]]:
    """Read a block that does not parse as a whole entry by entry, when it is shaped like front matter at all."""
    entries = _split_entries(raw)
    if not entries:
        return None, []
    meta: dict[str, Any] = {}
    problems: list[str] = []
    for key, lines in entries:
        try:
            values, entry_problems = _load_mapping("\n".join(lines))
        except _VALUE_ERRORS as exc:
            if len(lines) == 1:  # "title: Breaking: X joins Y" is plainly the rest of the line
                meta[key] = _plain_value(lines[0])
                problems.append(f"front matter: {key!r} is not valid YAML, read as plain text")
            else:
                problems.append(f"front matter: {key!r} ignored ({_reason(exc)})")
            continue
        meta.update(values or {})
        problems.extend(entry_problems)
    return meta, problems


def _split_entries(raw: str) -> list[tuple[str, list[str]]]:
    """Top-level ``key: value`` entries with their continuation lines, or [] when a line fits neither."""
    entries: list[tuple[str, list[str]]] = []
    for line in raw.strip("\n").split("\n"):
        start = _ENTRY_START.match(line)
        if start:
            entries.append((start.group("key").strip(), [line]))
        elif not line.strip() or line.startswith("#"):
            if entries:
                entries[-1][1].append(line)
        elif entries and _CONTINUATION.match(line):
            entries[-1][1].append(line)
        else:
            return []
    return entries


def _plain_value(line: str) -> str:
    value = line.split(":", 1)[1].strip()
    quoted = _QUOTED.match(value)
    if quoted:
        return quoted.group("double") if quoted.group("double") is not None else quoted.group("single")
    return value


def _reason(exc: BaseException, node: yaml.Node | None = None) -> str:
    """A short one-line account of why a value failed (PyYAML's messages span lines and quote marks)."""
    problem = getattr(exc, "problem", None) or str(exc) or exc.__class__.__name__
    if isinstance(node, yaml.ScalarNode) and isinstance(exc, ValueError):
        problem = f"{node.value}: {problem}"  # "2099-13-45: month must be in 1..12"
    line = " ".join(str(problem).split())
    return line if len(line) <= _MAX_REASON else line[: _MAX_REASON - 1] + "…"
