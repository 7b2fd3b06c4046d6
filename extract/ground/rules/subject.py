"""The organisation a document is about, as far as the rule pass has read it: the one its headline and text name
most often. Shapes that state a move or a role without naming the organisation ("The list of new hires includes:",
"NAME 担任 AI Data 部负责人" in a reorganisation notice) mean that one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from extract.ground.rules.context import RuleContext, org_key, organisations_in

__all__ = ["DocumentSoFar", "subject_organisation"]


@dataclass
class DocumentSoFar:
    """One document's headline and the text of the chunks the rule pass has read (they come in order)."""

    title: str | None = None
    chunks: list[str] = field(default_factory=list)

    def subject(self, chunk_text: str, at: int, ctx: RuleContext) -> str | None:
        """The document's subject from what precedes offset ``at`` of the chunk being read; the headline counts
        twice (it states what the article is about)."""
        head = self.title or ""
        return subject_organisation("\n".join([head, head, *self.chunks, chunk_text[:at]]), ctx)


def subject_organisation(text: str, ctx: RuleContext) -> str | None:
    """The known organisation ``text`` names most often, when it does so twice at least and more often than any
    other; None otherwise. A unit's mention counts for its parents too (Acme Research for Acme), and where a parent
    ties with its unit only through those mentions, the unit is meant."""
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for start, end in organisations_in(text, 0, ctx):
        found = ctx.orgs.canonical(text[start:end]).canonical
        key = org_key(text[start:end], ctx.orgs)
        written.setdefault(key, text[start:end])
        counts[key] += 1
        for parent in ctx.orgs.ancestors(found) if found else ():
            written.setdefault(org_key(parent, ctx.orgs), parent)
            counts[org_key(parent, ctx.orgs)] += 1
    most = max(counts.values(), default=0)
    tied = [key for key, count in counts.items() if count == most]
    if len(tied) > 1:  # a parent counted only through its one unit: the unit
        units = {key: {org_key(p, ctx.orgs) for p in ctx.orgs.ancestors(ctx.orgs.canonical(written[key]).canonical
                                                                          or "")} for key in tied}
        tied = [key for key in tied if not any(key in parents for parents in units.values())]
    return written[tied[0]] if most >= 2 and len(tied) == 1 else None
