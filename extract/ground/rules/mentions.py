"""The rule pass over chunks: the facts every sentence shape reads, turned into mentions citing their sentence,
except those the model already gave."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from extract.ground.repairs import from_persons_clause, stated_dates, stated_graduation
from extract.ground.rules.appointments import find_appointments
from extract.ground.rules.appositions import find_appositions
from extract.ground.rules.context import Role, RuleContext, Study, org_key
from extract.ground.rules.continued import find_continued
from extract.ground.rules.dated_elsewhere import find_dated_pairs
from extract.ground.rules.groups import find_group_facts, last_list
from extract.ground.rules.hires import find_hires, hire_sentence
from extract.ground.rules.including import find_included
from extract.ground.rules.items import find_list_items
from extract.ground.rules.leads import ListLead, ListReader
from extract.ground.rules.led_sources import restate_led_sources
from extract.ground.rules.moves import find_named_moves
from extract.ground.rules.passives import find_passive_roles
from extract.ground.rules.people import last_named
from extract.ground.rules.studies import find_studies
from extract.ground.rules.subject import DocumentSoFar
from extract.ground.rules.topics import find_topic_departures
from extract.ground.rules.units import find_unit_roles
from extract.ground.rules.worked_as import find_worked_as
from extract.ground.status import stated_status
from extract.lexicon.cues import CueLexicon, default_cues
from extract.lexicon.degrees import degree_level
from extract.lexicon.orgs import OrgTable, normalise_org
from extract.lexicon.people import career_candidates
from extract.lexicon.sentences import Sentence, split_sentences
from extract.models.documents import Chunk
from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

__all__ = ["ModelCoverage", "rule_mentions", "rule_pass"]

# The shapes a count-named group's clause is read with, its first name standing in for the count; and how many
# sentences after its list a count may name it (later, "两人" is more likely someone else)
_GROUP_SHAPES = (find_appositions, find_named_moves, find_hires)
_GROUP_REACH = 2


def rule_pass(
    mentions: Sequence[Mention], chunks: Iterable[Chunk], orgs: OrgTable, cues: CueLexicon | None = None
) -> list[Mention]:
    """``mentions`` and the new ones of :func:`rule_mentions`, with the posts a joining list's items give their
    people elsewhere marked former (:mod:`~extract.ground.rules.led_sources`)."""
    cues = cues or default_cues()
    added, lists = _read_rules(mentions, chunks, orgs, cues)
    items = {doc: reader.items for doc, reader in lists.items() if reader.items}
    return restate_led_sources([*mentions, *added], items, orgs, cues)


def rule_mentions(
    mentions: Sequence[Mention], chunks: Iterable[Chunk], orgs: OrgTable, cues: CueLexicon | None = None
) -> list[Mention]:
    """New mentions for the roles, moves and degrees of every chunk that the model did not already give.

    ``mentions`` are the grounded model mentions of the same run: they say which names and organisations the
    document has, and which person-organisation pairs (person-school-degree for education) are already covered.
    ``cues``: the cue lexicon (by default the process's, :func:`extract.lexicon.cues.default_cues`)."""
    return _read_rules(mentions, chunks, orgs, cues or default_cues())[0]


def _read_rules(
    mentions: Sequence[Mention], chunks: Iterable[Chunk], orgs: OrgTable, cues: CueLexicon
) -> tuple[list[Mention], dict[str, ListReader]]:
    """:func:`rule_mentions`'s mentions, and each document's list reader (the items its leads introduced)."""
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    added: list[Mention] = []
    coverage: dict[str, ModelCoverage] = {}
    lists: dict[str, ListReader] = {}
    # The person named last in each document so far: a chunk that opens with "2019 年，他加入 Acme" continues the one
    # before (the shorter the chunks, the more such openings: bench/quality.md, session 19).
    named_last: dict[str, str | None] = {}
    for span in chunks:
        if span.doc not in coverage:
            coverage[span.doc] = ModelCoverage.of(by_doc.get(span.doc, []), orgs, cues)
            lists[span.doc] = ListReader(DocumentSoFar(title=span.title))
        covered, listed = coverage[span.doc], lists[span.doc]
        covered.add_tagged(span.text)
        previous = named_last.get(span.doc)
        sentences = split_sentences(span.text)
        for index, sentence in enumerate(sentences):
            led = listed.read(span.text, sentence, span.start, covered.ctx)
            if led is not None and listed.lead is not None and (forms := covered.take_role(led)) is not None:
                added.append(_led_mention(span, sentence, led, forms, listed.lead, cues))
            added += _taken(span, _named_roles(span, sentences, index, covered, listed), covered, cues)
            group = covered.group if covered.group_age <= _GROUP_REACH else None
            grouped = find_group_facts(sentence.text, covered.ctx, group, _GROUP_SHAPES)  # "All four engineers …"
            added += _taken(span, [(r, sentence) for r in grouped], covered, cues)
            listed_now = last_list(sentence.text, covered.ctx)
            covered.group, covered.group_age = (listed_now, 0) if listed_now else (covered.group, covered.group_age + 1)
            # then the clauses with no subject of their own, which may refer to a person just found by name
            continued = [*find_continued(sentence.text, covered.ctx, previous),
                         *find_worked_as(sentence.text, covered.ctx, previous)]
            added += _taken(span, [(r, sentence) for r in continued], covered, cues)
            # last, dates this sentence states for pairs the document already has, where no shape read it
            added += [supplement for role in find_dated_pairs(sentence.text, covered.ctx, previous, span.dated_against,
                                                              covered.organization_forms)
                      if covered.covers(role)
                      and (supplement := _dated_supplement(span, sentence, role, covered, cues)) is not None]
            studies = find_studies(sentence.text, covered.ctx, previous)
            previous = last_named(sentence.text, covered.ctx) or previous
            for study in studies:
                forms = covered.take_study(study)
                if forms is not None:
                    added.append(_study_mention(span, sentence, study, forms, cues))
        listed.document.chunks.append(span.text)
        named_last[span.doc] = previous
    return added, lists


def _named_roles(span: Chunk, sentences: Sequence[Sentence], index: int, covered: ModelCoverage,
                 listed: ListReader) -> list[tuple[Role, Sentence]]:
    """The roles of sentence ``index`` whose person the sentence names, each with the sentence it cites (a hire's
    runs over a list's semicolons)."""
    sentence, ctx = sentences[index], covered.ctx
    hiring = hire_sentence(span.text, sentences, index, ctx)
    subject = partial(listed.document.subject, span.text, sentence.start, ctx)
    return [
        *((r, sentence) for r in (*find_appositions(sentence.text, ctx), *find_named_moves(sentence.text, ctx),
                                  *find_appointments(sentence.text, ctx), *find_passive_roles(sentence.text, ctx))),
        *((r, hiring) for r in find_hires(hiring.text, ctx)),
        *((r, sentence) for r in (*find_list_items(sentence.text, ctx), *find_unit_roles(sentence.text, ctx, subject),
                                  *find_included(sentence.text, ctx),
                                  *find_topic_departures(sentence.text, span.text[:sentence.start], ctx))),
    ]


def _taken(span: Chunk, found: list[tuple[Role, Sentence]], covered: ModelCoverage, cues: CueLexicon) -> list[Mention]:
    """Mentions for the roles whose person-organisation pair is new (the person now known to later shapes), and
    the dated supplements of pairs already covered."""
    added = []
    for role, cited in found:
        forms = covered.take_role(role)
        if forms is not None:
            added.append(mention := _mention(span, cited, role, forms, cues))
            covered.know(role)
            covered.note(role, mention.positions[0])
        elif (supplement := _dated_supplement(span, cited, role, covered, cues)) is not None:
            added.append(supplement)
    return added


@dataclass
class ModelCoverage:
    """What the model's mentions of one document already say, built once per document: the context the shapes
    read (its names and organisations), and the person-organisation pairs (person-school → degree levels) it covers;
    the rule pass adds to the pairs as it goes, so a fact is given once."""

    ctx: RuleContext
    person_of: dict[str, Mention]
    positions: set[tuple[str, str]]
    studies: dict[tuple[str, str], set[str | None]]
    # per covered person-organisation pair: which of start/end some fact of it has (the model's, or a dated
    # supplement's), and the document offsets of the sentences its facts cite
    dated: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    cited: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    written_orgs: set[str] = field(default_factory=set)  # the pairs' organisations as the model or a shape wrote them
    group: list[str] | None = None  # the last list of names read in the document ("All four engineers" stand for it)
    group_age: int = 0  # sentences read since that list

    @classmethod
    def of(cls, mentions: list[Mention], orgs: OrgTable, cues: CueLexicon) -> ModelCoverage:
        named_orgs = [*(p.organization for m in mentions for p in m.positions),
                      *(e.institution for m in mentions for e in m.education)]
        ctx = RuleContext(orgs=orgs, doc_orgs=frozenset(key for o in named_orgs if (key := normalise_org(o))),
                          names={form.casefold(): form for m in mentions for form in _forms(m)}, cues=cues)
        studies: dict[tuple[str, str], set[str | None]] = {}
        for m in mentions:
            for form in _forms(m):
                for e in m.education:
                    studies.setdefault((form.casefold(), org_key(e.institution, orgs)), set()).add(
                        degree_level(e.degree, cues))
        return cls(
            ctx=ctx,
            person_of={form.casefold(): m for m in mentions for form in _forms(m)},
            # a model fact on the wrong sentence (unsupported) covers nothing
            positions={(form.casefold(), org_key(p.organization, orgs)) for m in mentions for form in _forms(m)
                       for p in m.positions if p.evidence.supported},
            studies=studies,
            dated=_dated_pairs(mentions, orgs),
            cited=_cited_pairs(mentions, orgs),
            written_orgs={p.organization for m in mentions for p in m.positions if p.evidence.supported},
        )

    def dates_to_add(self, role: Role, evidence_start: int, begun: str | None, ended: str | None,
                     cited_too: bool = False) -> list[str]:
        """Of the dates a covered pair's other sentence states, those none of the pair's facts has yet (and now
        has); nothing for a sentence a fact of the pair already cites (grounding read its dates there), unless
        ``cited_too`` (a topic's departure, whose date grounding could not read: the organisation is not in the
        person's clause)."""
        forms = self.forms_of(role)
        key = org_key(role.organization, self.ctx.orgs)
        pairs = [(f.casefold(), key) for f in forms]
        if not cited_too and any(evidence_start in self.cited.get(pair, ()) for pair in pairs):
            return []
        have = set().union(*(self.dated.get(pair, set()) for pair in pairs))
        new = [name for name, value in (("start", begun), ("end", ended)) if value and name not in have]
        for pair in pairs:
            self.dated.setdefault(pair, set()).update(new)
        return new

    def add_tagged(self, text: str) -> None:
        """The names the tagger finds next to career words in ``text`` (:func:`career_candidates`), as names the
        shapes may read: the model leaves out most of a roundup's people ("以 Acme 为例，首席产品官 A、研发副总裁 B 于
        3 月离职"), and a shape still needs its organisation and its verb or title around the name."""
        for name in career_candidates(text, orgs=self.ctx.orgs, cues=self.ctx.cues, lists=True):
            self.ctx.tagged.setdefault(name.casefold(), name)

    def note(self, role: Role, fact: PositionFact) -> None:
        """A fact the rule pass gave for a new pair cites its sentence, which then dates that pair no more (its
        dates are read already). Its dates are not noted: another sentence may date another stint at the same
        organisation ("2000 年至 2003 年……2003 年至 2017 年，就职于 Acme")."""
        if fact.evidence.start is not None:
            key = org_key(role.organization, self.ctx.orgs)
            for form in self.forms_of(role):
                self.cited.setdefault((form.casefold(), key), set()).add(fact.evidence.start)

    @property
    def organization_forms(self) -> set[str]:
        """Every way the document's pairs' organisations may be written: as given, and the table's names for them."""
        forms = set(self.written_orgs)
        for written in self.written_orgs:
            entry = self.ctx.orgs.entry(self.ctx.orgs.canonical(written).canonical)
            if entry is not None:
                forms.update((entry.name, *entry.aliases))
        return forms

    def covers(self, role: Role) -> bool:
        """Whether the document already has the role's person-organisation pair."""
        key = org_key(role.organization, self.ctx.orgs)
        return any((form.casefold(), key) in self.positions for form in self.forms_of(role))

    def forms_of(self, role: Role) -> list[str]:
        model_mention = self.person_of.get(role.name.casefold())
        return _forms(model_mention) if model_mention else [role.name, *role.other_names]

    def know(self, role: Role) -> None:
        """A person the rule pass found with a name of their own (not a pronoun's) is a name the later sentences of
        the document may refer to ("Acme 首席科学家 NAME 离职，也正式入职 Beta": the second clause's subject)."""
        if role.name_start >= 0:
            self.ctx.names.setdefault(role.name.casefold(), role.name)

    def take_role(self, role: Role) -> list[str] | None:
        """The name forms of the role's person when the pair is new (and now covered); None when it is not."""
        model_mention = self.person_of.get(role.name.casefold())
        forms = _forms(model_mention) if model_mention else [role.name, *role.other_names]
        key = org_key(role.organization, self.ctx.orgs)
        if any((form.casefold(), key) in self.positions for form in forms):
            return None
        self.positions.update((form.casefold(), key) for form in forms)
        self.written_orgs.add(role.organization)
        return forms

    def take_study(self, study: Study) -> list[str] | None:
        """The same for a degree: new unless the school is there with this degree level or with none stated."""
        model_mention = self.person_of.get(study.name.casefold())
        forms = _forms(model_mention) if model_mention else [study.name]
        key, level = org_key(study.institution, self.ctx.orgs), degree_level(study.degree, self.ctx.cues)
        known = set().union(*(self.studies.get((f.casefold(), key), set()) for f in forms))
        if known and (level is None or level in known or None in known):
            return None
        for f in forms:
            self.studies.setdefault((f.casefold(), key), set()).add(level)
        return forms


def _dated_pairs(mentions: list[Mention], orgs: OrgTable) -> dict[tuple[str, str], set[str]]:
    dated: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        for p in m.positions:
            have = {name for name in ("start", "end") if getattr(p, name)}
            for form in _forms(m):
                dated.setdefault((form.casefold(), org_key(p.organization, orgs)), set()).update(have)
    return dated


def _cited_pairs(mentions: list[Mention], orgs: OrgTable) -> dict[tuple[str, str], set[int]]:
    cited: dict[tuple[str, str], set[int]] = {}
    for m in mentions:
        for p in m.positions:
            if p.evidence.start is not None:
                for form in _forms(m):
                    cited.setdefault((form.casefold(), org_key(p.organization, orgs)), set()).add(p.evidence.start)
    return cited


def _dated_supplement(span: Chunk, sentence: Sentence, role: Role, covered: ModelCoverage,
                      cues: CueLexicon) -> Mention | None:
    """A role the model already gave, read again from another sentence that dates it ("自 2018 年起加入 Acme" where
    the model cited the departure from Acme): the date, with that sentence as evidence, so that consolidation
    merges it into the model's position (no title, which would keep the two apart) and the timeline can order it.
    None when the sentence adds no date."""
    begun, ended = _role_dates(sentence.text, role, span.dated_against, cues)
    new = covered.dates_to_add(role, span.start + sentence.start, begun, ended, cited_too=role.dated_by is not None)
    if not new:
        return None
    mention = _mention(span, sentence, role, covered.forms_of(role), cues)
    fact = mention.positions[0]
    dates = {name: getattr(fact, name) if name in new else None for name in ("start", "end")}
    return mention.model_copy(update={"positions": [fact.model_copy(update={"title": None, **dates,
                                                                            "filled": new})]})


def _led_mention(span: Chunk, item: Sentence, role: Role, forms: list[str], lead: ListLead,
                 cues: CueLexicon) -> Mention:
    """A listed person's move, citing the item (it names the person) and the lead (it states the move, and the
    dates of the move when it gives them)."""
    mention = _mention(span, item, role, forms, cues)
    begun, ended = stated_dates(lead.text, role.organization, span.dated_against, cues)
    stated = PositionFact(
        organization=role.organization, status=lead.status, start=begun, end=ended,
        evidence=Evidence(doc=span.doc, start=lead.start, end=lead.end, quote=lead.text, alignment="exact",
                          method="rule", score=100.0),
        filled=[k for k, v in (("start", begun), ("end", ended)) if v])
    return mention.model_copy(update={"positions": [*mention.positions, stated]})


def _forms(mention: Mention) -> list[str]:
    return [n for n in (mention.name, *mention.other_names) if len(n.strip()) >= 2]


def _sentence_evidence(span: Chunk, sentence: Sentence) -> Evidence:
    return Evidence(doc=span.doc, start=span.start + sentence.start, end=span.start + sentence.end,
                    quote=sentence.text, alignment="exact", method="rule", score=100.0)


def _study_mention(span: Chunk, sentence: Sentence, study: Study, forms: list[str], cues: CueLexicon) -> Mention:
    evidence = _sentence_evidence(span, sentence)
    graduated = stated_graduation(sentence.text, study.institution, span.dated_against, cues, study.degree)
    return Mention(
        doc=span.doc, chunk=span.index, chunk_start=span.start, chunk_end=span.end, published=span.published,
        published_guess=span.published_guess,
        name=study.name, other_names=[f for f in forms if f != study.name],
        education=[EducationFact(institution=study.institution, degree=study.degree, end=graduated,
                                 evidence=evidence, filled=["end"] if graduated else [])],
    )


def _status(role: Role, sentence: Sentence, cues: CueLexicon) -> str:
    """The rule's status, or where its pattern gives none ("曾供职于 Acme" read as plain work at Acme), the one the
    sentence states for the organisation, as for the model's facts (:func:`stated_status`); a joining or a post the
    sentence puts in the past (曾, previously) is "former", a post held under a founder's title "founded"."""
    stated = stated_status(sentence.text, role.organization, cues)
    if role.status in ("joined", "current") and stated == "former":
        return stated  # "曾加入 Acme", "had previously joined Acme": a move of the past, the post held before
    if role.status == "current" and stated == "founded":
        return stated  # "Acme 创办人 NAME": a founder's title
    if role.status != "unknown":
        return role.status
    return stated or "unknown"


def _role_dates(sentence: str, role: Role, published: str | None, cues: CueLexicon) -> tuple[str | None, str | None]:
    """The dates ``sentence`` states for the role's post, read from the clause naming its person where the sentence
    names the organisation for someone else first (:func:`extract.ground.repairs.from_persons_clause`)."""
    organization = role.dated_by or role.written or role.organization
    if role.name_start >= 0:
        sentence = from_persons_clause(sentence, organization, role.name_start, cues)
    return stated_dates(sentence, organization, published, cues)


def _mention(span: Chunk, sentence: Sentence, role: Role, forms: list[str], cues: CueLexicon) -> Mention:
    start = span.start + sentence.start
    evidence = _sentence_evidence(span, sentence)
    begun, ended = _role_dates(sentence.text, role, span.dated_against, cues)
    return Mention(
        doc=span.doc, chunk=span.index, chunk_start=span.start, chunk_end=span.end, published=span.published,
        published_guess=span.published_guess,
        name=role.name, name_start=start + role.name_start if role.name_start >= 0 else None,
        name_end=start + role.name_end if role.name_start >= 0 else None,  # a pronoun's person is named elsewhere
        other_names=[f for f in dict.fromkeys((*forms, *role.other_names)) if f != role.name],
        positions=[PositionFact(organization=role.organization, title=role.title,
                                status=_status(role, sentence, cues),
                                start=begun, end=ended, evidence=evidence,
                                filled=[k for k, v in (("start", begun), ("end", ended)) if v])],
    )
