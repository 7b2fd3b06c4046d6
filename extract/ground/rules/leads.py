"""Lists led by a sentence that states the move for all of them: "Here's a look at the leaders Acme has lost this
year:", "The list of new hires includes:", "以下是新加入 Acme 的成员：". Every person an item of the list names joined
(or left) the organisation the lead names, or, when it names none, the organisation the document is about.

Why: news about a team's hires or departures often states the move once, in the sentence that introduces the list,
and each item only describes a person (where they come from, what they built). The model then gives each listed
person the posts their item names and not the one the list is about, so the records miss the arrival, the move and
the position held now.

Shapes: the lead is a sentence ending with a colon that holds a joining, hiring or newcomer word ("new personnel",
"新成员") or a leaving or losing one ("has lost"). Its items follow at once, either list items that start with a name
("- Jane Roe: …", as :mod:`~extract.ground.rules.items` reads them; the list ends at the first sentence that is
none), or heading lines that are a name alone or a name and its title ("Jane Roe, research scientist"), each
followed by its paragraph (the list runs to the next lead or the end of the document).

Guards, for precision: the lead names one known organisation, or none, and then the organisation is the document's
subject: the one its headline and the text before the lead name most often (twice at least, more than any other);
a lead with both a joining and a leaving word is not read (its direction is unclear); an item starts with a name
that is no organisation and holds no title word. Each fact cites its item (which names the person) and the lead
(which states the move), so a reviewer sees both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extract.ground.rules.context import Role, RuleContext, org_key, organisations_in
from extract.ground.rules.items import ITEM_SEPARATOR, head_person
from extract.ground.rules.subject import DocumentSoFar
from extract.lexicon.sentences import Sentence, list_item_body

__all__ = ["LedItem", "ListLead", "ListReader"]

_ENDS_WITH_COLON = re.compile(r"[:：]\s*$")
_SENTENCE_END = re.compile(r"[.。!?！？]\s*$")
_MAX_HEADING = 80  # characters of a heading line that names a listed person


@dataclass(frozen=True)
class ListLead:
    """A lead read: the move it states, and where it is in the document (its offsets and text)."""

    organization: str
    status: str  # "joined" or "left"
    start: int
    end: int
    text: str
    headings: bool | None = None  # the items' kind, known from the first: heading lines (True) or list items


@dataclass(frozen=True)
class LedItem:
    """An item a lead introduced: its offsets and text in the document, its person's name forms, and the lead."""

    start: int
    end: int
    text: str
    names: tuple[str, ...]
    lead: ListLead


@dataclass
class ListReader:
    """Reads one document's sentences in order (its chunks one after another) and gives, for each item of a list a
    lead introduces, the role the lead states for the item's person; ``items`` keeps every item read."""

    document: DocumentSoFar
    lead: ListLead | None = None
    items: list[LedItem] = field(default_factory=list)

    def read(self, text: str, sentence: Sentence, doc_start: int, ctx: RuleContext) -> Role | None:
        """The role a list item gives its person, if ``sentence`` (of chunk ``text``, which starts at ``doc_start``
        in the document) is one; a lead starts a new list, a sentence that ends a list ends it."""
        if not sentence.text.strip():
            return None
        found = self._lead(text, sentence, doc_start, ctx)
        if found is not None:
            self.lead = found
            return None
        if self.lead is None:
            return None
        whole_line = (sentence.start == 0 or text[sentence.start - 1] == "\n") and (
            sentence.end == len(text) or text[sentence.end] == "\n")
        item = _item(sentence.text, whole_line, self.lead.headings, ctx)
        if item is None:
            if self.lead.headings is not True:  # a list of items ends at the first sentence that is none
                self.lead = None
            return None
        role, headings = item
        if self.lead.headings is None:
            self.lead = replace(self.lead, headings=headings)
        self.items.append(LedItem(doc_start + sentence.start, doc_start + sentence.end, sentence.text,
                                  (role.name, *role.other_names), self.lead))
        return Role(role.name, role.other_names, role.name_start, role.name_end, self.lead.organization, role.title,
                    self.lead.status, move=True)

    def _lead(self, text: str, sentence: Sentence, doc_start: int, ctx: RuleContext) -> ListLead | None:
        if not _ENDS_WITH_COLON.search(sentence.text):
            return None
        # plural nouns too: "four departures from Acme:", "Acme's new hires:"
        joining = ctx.cues.regex("hire", "join", "newcomer", plural=True).search(sentence.text)
        leaving = ctx.cues.regex("leave", "lose", plural=True).search(sentence.text)
        if (joining is None) == (leaving is None):
            return None
        named: dict[str, str] = {}
        for start, end in organisations_in(sentence.text, 0, ctx):
            named.setdefault(org_key(sentence.text[start:end], ctx.orgs), sentence.text[start:end])
        if len(named) > 1:
            return None
        organization = next(iter(named.values()), None) or self.document.subject(text, sentence.start, ctx)
        if organization is None:
            return None
        return ListLead(organization, "joined" if joining else "left", doc_start + sentence.start,
                        doc_start + sentence.end, sentence.text)


def _item(sentence: str, whole_line: bool, headings: bool | None, ctx: RuleContext) -> tuple[Role, bool] | None:
    """The person an item starts with (and a heading's title), and whether it is a heading line; None when the
    sentence is no item of the kind the list has."""
    body = list_item_body(sentence)
    if body is None and (headings is False or not whole_line or len(sentence) > _MAX_HEADING
                         or _SENTENCE_END.search(sentence)):
        return None
    if body is not None and headings is True:
        return None
    named = head_person(sentence, body or 0, ctx)
    if named is None:
        return None
    start, end, name, others = named
    rest = sentence[end:]
    if body is not None:
        return (Role(name, others, start, end, "", None, "unknown"), False) if ITEM_SEPARATOR.match(rest) else None
    separator = ITEM_SEPARATOR.match(rest)
    if not rest.strip():
        return Role(name, others, start, end, "", None, "unknown"), True
    if separator is None or separator.group().strip() not in (",", "，"):
        return None
    title = rest[separator.end():].strip()
    if not ctx.patterns.title.search(title) or ctx.patterns.clause.search(title):
        return None  # "Jane Roe, who left in May": prose, not a heading
    return Role(name, others, start, end, "", title, "unknown"), True
