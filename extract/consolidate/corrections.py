"""A reviewer's corrections, kept in a file and applied at every consolidation, so they survive re-runs and new
documents (issue 21).

``<out>/corrections.toml`` by default (``--corrections FILE`` to keep it under version control), written by
``extract fix`` or by hand; one table array per kind, each entry naming what it corrects by stable keys — a person by
a name or alias (never a record id or a line number, which change between runs), a fact by its organisation and
optionally one of its evidence spans (``doc:start-end``) — and an optional ``note``:

.. code-block:: toml

    [[reject]]   # a wrong fact
    person = "Jane Roe"
    organization = "Acme Robotics"
    evidence = "doc_07:1328-1368"   # optional: only the fact citing this span
    note = "her interviewer's post, not hers"

    [[rename]]   # the record's display name (the old one stays an alias)
    person = "Roe"
    name = "Jane Roe"

    [[merge]]    # must-link: one person
    people = ["J. Roe", "Jane Roe"]

    [[split]]    # cannot-link: two people
    people = ["王五", "Wang Wu"]

    [[set]]      # fix one field of a fact: title, start, end, status or organization
    person = "Jane Roe"
    organization = "Beta Labs"
    field = "title"
    value = "chief scientist"

    [[org]]      # an organisation's canonical name for a form the texts write
    name = "Acme Robotics Lab"
    canonical = "Acme Robotics"

Where they act: ``org`` extends the alias table before anything is matched; ``merge`` and ``split`` constrain who is
who (the clusters of mentions); ``rename``, ``reject`` and ``set`` change the built records, whose timeline is then
worked out again. A correction whose target no longer exists is reported (one line each), never dropped silently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extract.consolidate.resolve import MergeReason, Resolution
from extract.consolidate.timeline import with_timeline
from extract.errors import InputError
from extract.lexicon.names import name_keys, script_key
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention
from extract.schemas.record import Record, RecordEducation, RecordPosition

__all__ = ["FILE", "KINDS", "Corrections", "add_correction", "load_corrections", "names_match"]

FILE = "corrections.toml"
Settable = Literal["title", "start", "end", "status", "organization"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None


class Reject(_Entry):
    person: str
    organization: str
    evidence: str | None = None  # "doc:start-end" of one of the fact's quotes


class Rename(_Entry):
    person: str
    name: str


class Link(_Entry):
    people: list[str] = Field(min_length=2, max_length=2)


class SetField(_Entry):
    person: str
    organization: str
    field: Settable
    value: str | None
    evidence: str | None = None


class OrgFix(_Entry):
    name: str
    canonical: str


class Corrections(BaseModel):
    """Every correction of one file, by kind."""

    model_config = ConfigDict(extra="forbid")
    reject: list[Reject] = []
    rename: list[Rename] = []
    merge: list[Link] = []
    split: list[Link] = []
    set: list[SetField] = []
    org: list[OrgFix] = []

    def __len__(self) -> int:
        return sum(len(v) for v in (self.reject, self.rename, self.merge, self.split, self.set, self.org))

    # ------------------------------------------------------------ where they act
    def org_table(self, orgs: OrgTable) -> OrgTable:
        return orgs.with_aliases((o.name, o.canonical) for o in self.org) if self.org else orgs

    def constrain(self, resolution: Resolution, mentions: Sequence[Mention], report: list[str]) -> Resolution:
        """The clusters with every ``merge`` joined and every ``split`` parted."""
        clusters = [list(c) for c in resolution.clusters]
        reasons = list(resolution.reasons)
        for link in self.merge:
            found = [self._clusters_naming(clusters, mentions, person) for person in link.people]
            if not all(found):
                absent = [p for p, f in zip(link.people, found, strict=True) if not f]
                report.append(_missing("merge", link.people, absent))
                continue
            left, right = clusters[found[0][0]][0], clusters[found[1][0]][0]
            keep, *others = sorted({i for f in found for i in f})
            for i in others:
                clusters[keep] += clusters[i]
                clusters[i] = []
            clusters[keep].sort()
            if left != right:
                reasons.append(MergeReason(left, right, "correction", link.note or "merged by a reviewer"))
        for link in self.split:
            parted = False
            for cluster in clusters:
                first = [i for i in cluster if self._names(mentions[i], link.people[0])]
                second = [i for i in cluster if self._names(mentions[i], link.people[1]) and i not in first]
                if first and second:
                    cluster[:] = [i for i in cluster if i not in second]
                    clusters.append(second)
                    parted = True
            if not parted:
                report.append(f"correction split {link.people}: no record holds both; nothing to part")
        kept = [c for c in clusters if c]
        where = {i: n for n, c in enumerate(kept) for i in c}
        reasons = [r for r in reasons if where.get(r.left) == where.get(r.right)]
        return Resolution(sorted(kept, key=lambda c: c[0]), reasons, resolution.dropped)

    def _keys(self, person: str) -> list[str]:
        """``person`` and the names a ``rename`` gave as this one: a reviewer writes the names they see."""
        return [person, *(r.person for r in self.rename if names_match([r.name], person))]

    def _names(self, mention: Mention, person: str) -> bool:
        return any(_names(mention, key) for key in self._keys(person))

    def _clusters_naming(self, clusters: list[list[int]], mentions: Sequence[Mention], person: str) -> list[int]:
        return [n for n, c in enumerate(clusters) if any(self._names(mentions[i], person) for i in c)]

    def apply(self, records: list[Record], orgs: OrgTable, report: list[str]) -> list[Record]:
        """The records with every ``rename``, ``reject`` and ``set`` applied, their timelines worked out again."""
        touched: set[int] = set()
        records = list(records)
        for fix in self.rename:
            hits = _records_naming(records, fix.person)
            if not hits:
                report.append(_missing("rename", [fix.person], [fix.person]))
            for i in hits:
                r = records[i]
                aliases = [a for a in dict.fromkeys([r.name, *r.aliases]) if a != fix.name]
                records[i] = r.model_copy(update={"name": fix.name, "aliases": aliases,
                                                  "corrections": [*r.corrections, _line("rename", fix, r.name)]})
        for fix in self.reject:
            if not _change_facts(records, fix.person, fix.organization, fix.evidence, orgs, touched, lambda f: None,
                                 _line("reject", fix, fix.organization)):
                report.append(f"correction reject {fix.person} / {fix.organization}"
                              f"{' / ' + fix.evidence if fix.evidence else ''}: no such fact any more")
        for fix in self.set:
            def change(fact: RecordPosition | RecordEducation, fix: SetField = fix) -> RecordPosition | RecordEducation:
                name = "institution" if fix.field == "organization" and isinstance(fact, RecordEducation) \
                    else fix.field
                if name not in type(fact).model_fields:
                    return fact
                return fact.model_copy(update={name: fix.value})
            if not _change_facts(records, fix.person, fix.organization, fix.evidence, orgs, touched, change,
                                 _line("set", fix, f"{fix.organization} {fix.field} = {fix.value}")):
                report.append(f"correction set {fix.person} / {fix.organization}: no such fact any more")
        for kind, links in (("merge", self.merge), ("split", self.split)):
            for link in links:
                for i in {i for person in link.people for i in _records_naming(records, person)}:
                    r = records[i]
                    records[i] = r.model_copy(update={"corrections": [*r.corrections,
                                                                      _line(kind, link, " / ".join(link.people))]})
        for i in touched:
            records[i] = with_timeline(records[i], orgs)
        return records


KINDS = ("reject", "rename", "merge", "split", "set", "org")
_HEADER = ("A reviewer's corrections, applied at every consolidation (extract fix writes them; edit freely).\n"
           "Kinds: reject, rename, merge, split, set, org. See extract/consolidate/corrections.py.")


def add_correction(path: Path, kind: str, entry: dict) -> None:
    """Append one entry of ``kind`` to the file at ``path`` (created when missing), keeping what is there — comments
    and layout included (tomlkit) — and checking the entry first, so the file never holds one that cannot load."""
    import tomlkit

    from extract.io import write_text_atomic

    clean = {k: v for k, v in entry.items() if v is not None}
    Corrections.model_validate({kind: [clean]})  # raises ValidationError: the caller says what is wrong
    if path.is_file():
        load_corrections(path)  # a file that does not load is not written over
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    else:
        document = tomlkit.document()
        for line in _HEADER.splitlines():
            document.add(tomlkit.comment(line))
    if kind not in document:
        document[kind] = tomlkit.aot()
    document[kind].append(tomlkit.item(clean))
    write_text_atomic(path, tomlkit.dumps(document))


def load_corrections(path: Path) -> Corrections:
    """The corrections of ``path`` (none when it does not exist); a bad file is an InputError naming it."""
    if not path.is_file():
        return Corrections()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Corrections.model_validate(data)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"not a corrections file: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(path, f"{where}: {first['msg']}") from exc


# ---------------------------------------------------------------- matching by stable keys


def names_match(names: Sequence[str], person: str) -> bool:
    """Does ``person`` (a name or alias as a reviewer writes it) name someone called ``names``? Equal once cleaned
    and case-folded, the same script key (traditional = simplified), or a shared name key (翟晓华 = Xiaohua Zhai)."""
    wanted = person.casefold().strip()
    if any(n.casefold().strip() == wanted for n in names):
        return True
    keys = name_keys(person)
    return any(script_key(n) == script_key(person) or keys & name_keys(n) for n in names)


def _names(mention: Mention, person: str) -> bool:
    return names_match([mention.name, *mention.other_names], person)


def _records_naming(records: Sequence[Record], person: str) -> list[int]:
    return [i for i, r in enumerate(records) if names_match([r.name, *r.aliases], person)]


def _missing(kind: str, people: list[str], absent: list[str]) -> str:
    return f"correction {kind} {people}: nobody called {', '.join(absent)} any more"


def _fact_matches(fact: RecordPosition | RecordEducation, organization: str, evidence: str | None,
                  orgs: OrgTable) -> bool:
    canonical, raw = (fact.organization, fact.organization_raw) if isinstance(fact, RecordPosition) \
        else (fact.institution, fact.institution_raw)
    wanted = organization.casefold()
    same = any(form.casefold() == wanted for form in (canonical, *raw)) \
        or orgs.canonical(organization).canonical == canonical
    if not same:
        return False
    return evidence is None or any(f"{e.doc}:{e.start}-{e.end}" == evidence for e in fact.evidence)


def _change_facts(
    records: list[Record], person: str, organization: str, evidence: str | None, orgs: OrgTable, touched: set[int],
    change: Callable[[RecordPosition | RecordEducation], RecordPosition | RecordEducation | None], line: str,
) -> bool:
    """Apply ``change`` (None: drop) to every matching fact of the person, noting ``line`` on each record changed;
    whether any matched."""
    hit = False
    for i in _records_naming(records, person):
        r = records[i]
        updates: dict[str, list] = {}
        for kind in ("positions", "education"):
            facts = []
            for fact in getattr(r, kind):
                if _fact_matches(fact, organization, evidence, orgs):
                    hit = True
                    fact = change(fact)
                if fact is not None:
                    facts.append(fact)
            updates[kind] = facts
        if any(_fact_matches(f, organization, evidence, orgs) for f in (*r.positions, *r.education)):
            updates["corrections"] = [*r.corrections, line]
        records[i] = r.model_copy(update=updates)
        touched.add(i)
    return hit


def _line(kind: str, fix: _Entry, what: str) -> str:
    """One line for a record's ``corrections``: the kind, what it changed, and the reviewer's note."""
    return f"{kind} {what}" + (f" ({fix.note})" if fix.note else "")
