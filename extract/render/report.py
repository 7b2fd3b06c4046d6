"""``extract report``: one self-contained HTML page showing every document with its evidence spans highlighted.

The page answers "where does this fact come from?" without a server or network: each person's timeline links to
the highlighted spans of the documents (``<mark>``), and each span names the person and fact it supports. Offsets
are character offsets into ``<out>/docs/<doc>.txt`` (the contract of ``records.jsonl``), so a span is only
highlighted when ``text[start:end] == quote``; anything else is listed as ungrounded, never guessed.

Overlapping spans are nested; when two spans cross (neither contains the other) the later one is split into
fragments, so the HTML stays well-formed. Every fragment carries ``data-span`` (the span's id) and the span's
``data-doc``/``data-start``/``data-end``; only the first fragment has the ``id`` that facts link to. Joining the
fragments of one span in document order gives back exactly the quote.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import ExtractError
from extract.io import write_text_atomic
from extract.schemas.record import DateConflict, Record, RecordEvidence

if TYPE_CHECKING:
    from extract.corpus import DocumentEntry

__all__ = ["build_report", "write_report"]


@dataclass
class _Fact:
    """One position or education entry of one person: the target of a span's link."""

    anchor: str
    person: str
    label: str


@dataclass
class _Span:
    """A unique (doc, start, end) highlighted once, however many facts cite it."""

    sid: str
    doc: str
    start: int
    end: int
    facts: list[_Fact] = field(default_factory=list)


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _text(value: str) -> str:
    # A raw CR would be normalised away by the HTML parser and shift every later offset; a reference survives.
    return escape(value, quote=False).replace("\r", "&#13;")


def _when(start: str | None, end: str | None, estimated: bool = False) -> str:
    mark = "~" if estimated else ""
    if start or end:
        return f"{mark}{start or '?'} – {end or ''}".rstrip()
    return "(undated)"


def _read_docs(out: Path, warnings: list[str]) -> dict[str, str]:
    docs_dir = out / "docs"
    if not docs_dir.is_dir():
        return {}
    return {p.stem: _read(p, warnings) for p in sorted(docs_dir.glob("*.txt"))}


def _read(path: Path, warnings: list[str]) -> str:
    """The text as the offsets were computed on it (``newline=""``: no CRLF translation). A run writes UTF-8; a file
    that is not (edited or replaced by hand) is shown with replacement characters and said so, not a crash: its
    spans are highlighted only where the quote still matches."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        warnings.append(f"{path} is not UTF-8: shown with replacement characters")
        return data.decode("utf-8", errors="replace")


def _read_run(out: Path) -> dict:
    try:
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return run if isinstance(run, dict) else {}


class _Index:
    """Spans per document, deduplicated, with the facts each supports."""

    def __init__(self, docs: dict[str, str]) -> None:
        self.docs = docs
        self.spans: dict[tuple[str, int, int], _Span] = {}

    def ground(self, evidence: RecordEvidence, fact: _Fact) -> _Span | str:
        """The span for ``evidence``, or the reason it cannot be highlighted."""
        text = self.docs.get(evidence.doc)
        if text is None:
            return "document not in this run"
        start, end = evidence.start, evidence.end
        if start is None or end is None:
            return "not aligned to the text"
        if not 0 <= start < end <= len(text):
            return "offsets outside the document"
        if text[start:end] != evidence.quote:
            return "offsets do not match the quote"
        key = (evidence.doc, start, end)
        span = self.spans.get(key)
        if span is None:
            span = self.spans[key] = _Span(f"s{len(self.spans) + 1}", evidence.doc, start, end)
        if fact not in span.facts:
            span.facts.append(fact)
        return span


def _evidence_links(index: _Index, evidence: Sequence[RecordEvidence], fact: _Fact) -> str:
    items = []
    for e in evidence:
        found = index.ground(e, fact)
        quote = f"“{_text(e.quote)}”"
        if isinstance(found, _Span):
            items.append(
                f'<li><a class="ev" href="#{found.sid}">{quote}</a> '
                f'<span class="where">{_text(e.doc)}:{found.start}–{found.end}</span></li>'
            )
        else:
            items.append(
                f'<li class="ungrounded">{quote} <span class="where">{_text(e.doc)}: {_text(found)}</span></li>'
            )
    return f'<ul class="evidence">{"".join(items)}</ul>'


def _conflicts(conflicts: Sequence[DateConflict]) -> str:
    """Other sources' readings of a date the row shows differently (issue 20), each with its document."""
    return "".join(f'<br><span class="conflict">{_text(c.field)} {_text(c.value)} per '
                   f'{_text(c.evidence[0].doc if c.evidence else "?")}</span>' for c in conflicts)


def _span_option(evidence: Sequence[RecordEvidence]) -> tuple[str, ...]:
    """``--evidence DOC:START-END`` of the first located quote, so the fix names this fact only; () when none is."""
    located = next((e for e in evidence if e.start is not None and e.end is not None), None)
    return ("--evidence", f"{located.doc}:{located.start}-{located.end}") if located else ()


def _fix_button(label: str, out: str, *argv: str) -> str:
    """A button that copies the ``extract fix`` command for this fact or person (shell-quoted) for the reviewer."""
    command = " ".join(shlex.quote(a) for a in ("extract", "fix", out, *argv))
    return f'<button type="button" class="copy" data-copy="{_attr(command)}" title="{_attr(command)}">{label}</button>'


def _person(index: _Index, record: Record, n: int, out: str = "out") -> str:
    pid = f"p{n}"
    rows = []
    for i, p in enumerate(record.positions, start=1):
        label = p.organization + (f" — {p.title}" if p.title else "")
        fact = _Fact(f"{pid}-pos{i}", record.name, f"{label} ({p.status})")
        when = _when(p.start, p.end, p.start_estimated or p.end_estimated)
        rows.append(
            f'<tr id="{fact.anchor}"><td class="when">{_text(when)}{_conflicts(p.conflicts)}'
            f"</td><td><b>{_text(p.organization)}</b>"
            + (f"<br>{_text(p.title)}" if p.title else "")
            + f'</td><td class="status">{_text(p.status)}</td><td>{_evidence_links(index, p.evidence, fact)}</td>'
            + "<td>" + _fix_button("reject", out, "reject", record.name, p.organization, *_span_option(p.evidence))
            + "</td></tr>"
        )
    search = " ".join([record.name, *record.aliases, *(p.organization for p in record.positions),
                       *(e.institution for e in record.education), *record.sources]).casefold()
    parts = [f'<section class="person" id="{pid}" data-record="{_attr(record.id)}" data-search="{_attr(search)}">',
             f"<h3>{_text(record.name)} {_fix_button('rename', out, 'rename', record.name, 'NEW NAME')}</h3>"]
    if record.aliases:
        parts.append(f'<p class="aliases">also: {_text(" · ".join(record.aliases))}</p>')
    if record.current:
        parts.append(f'<p class="now">now: {_text(", ".join(record.current))}</p>')
    if record.moves:
        moves = "; ".join(f"{m.source} → {m.target}" + (f" ({m.date})" if m.date else "") for m in record.moves)
        parts.append(f'<p class="moves">moves: {_text(moves)}</p>')
    parts.append(
        '<table class="timeline"><caption>positions</caption><tr><th>when</th><th>organisation / title</th>'
        "<th>status</th><th>evidence</th><th>fix</th></tr>" + "".join(rows) + "</table>"
    )
    if record.education:
        erows = []
        for i, e in enumerate(record.education, start=1):
            detail = " ".join(x for x in (e.degree, e.field) if x)
            fact = _Fact(f"{pid}-edu{i}", record.name, e.institution + (f" — {detail}" if detail else ""))
            erows.append(
                f'<tr id="{fact.anchor}"><td class="when">{_text(_when(e.start, e.end))}</td>'
                f"<td><b>{_text(e.institution)}</b>"
                + (f"<br>{_text(detail)}" if detail else "")
                + f"</td><td>{_evidence_links(index, e.evidence, fact)}</td></tr>"
            )
        parts.append(
            '<table class="timeline"><caption>education</caption><tr><th>when</th>'
            "<th>institution / degree</th><th>evidence</th></tr>" + "".join(erows) + "</table>"
        )
    if record.merges:
        why = "; ".join(f"{m.rule} ({m.detail})" for m in record.merges)
        undo = " ".join(_fix_button(f"split {_text(alias)} off", out, "split", record.name, alias)
                        for alias in record.aliases)  # a wrong merge is undone by parting the names it joined
        parts.append(f'<p class="merges">merged because: {_text(why)} {undo}</p>')
    if record.corrections:
        parts.append(f'<p class="corrections">corrected: {_text("; ".join(record.corrections))}</p>')
    parts.append(f'<p class="sources">sources: {_text(", ".join(record.sources))}</p></section>')
    return "\n".join(parts)


def _open_mark(span: _Span, first: bool) -> str:
    title = "; ".join(f"{f.person}: {f.label}" for f in span.facts)
    facts = " ".join(f.anchor for f in span.facts)
    ident = f' id="{span.sid}"' if first else ""
    cls = "" if first else ' class="cont"'
    return (
        f'<mark{ident}{cls} data-span="{span.sid}" data-doc="{_attr(span.doc)}" data-start="{span.start}" '
        f'data-end="{span.end}" data-facts="{_attr(facts)}" title="{_attr(title)}">'
    )


def _highlight(text: str, spans: Sequence[_Span]) -> str:
    """``text`` escaped, with every span wrapped in (possibly nested, possibly split) ``<mark>`` elements."""
    order = sorted(spans, key=lambda s: (s.start, -s.end, int(s.sid[1:])))
    rank = {s.sid: i for i, s in enumerate(order)}
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    stack: list[_Span] = []
    opened: set[str] = set()
    out: list[str] = []
    for a, b in pairwise(bounds):
        # Outermost first: ordering by (start, -end) never changes while spans stay open, so a span is only
        # closed early (and reopened as a fragment) when one enclosing it in the stack ends inside it.
        want = sorted((s for s in spans if s.start <= a and b <= s.end), key=lambda s: rank[s.sid])
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        for span in want[keep:]:
            out.append(_open_mark(span, span.sid not in opened))
            opened.add(span.sid)
        stack = want
        out.append(_text(text[a:b]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif;margin:0;
  line-height:1.5;color:#222;background:#fafafa}
header{padding:1em 2em;background:#263238;color:#eceff1}header h1{margin:0;font-size:1.4em}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5em;padding:1em 2em}
.docs{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
@media (max-width:900px){main{grid-template-columns:1fr}.docs{position:static;max-height:none}}
h2{border-bottom:2px solid #90a4ae}
section.person,section.doc{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:0 0 1em}
table.timeline{border-collapse:collapse;width:100%;margin:.5em 0}
table.timeline caption{text-align:left;font-weight:bold;color:#546e7a}
table.timeline td,table.timeline th{border-top:1px solid #eee;padding:.25em .5em;vertical-align:top;text-align:left}
td.when{white-space:nowrap}td.status{color:#546e7a}
ul.evidence{margin:0;padding-left:1em}.where{color:#888;font-size:.85em}
li.ungrounded{color:#b71c1c}a.ev{color:#1a237e}
.doc-text{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:.9em}
mark{background:#fff59d;cursor:pointer}mark mark{background:#ffcc80}mark mark mark{background:#ef9a9a}
mark:target,mark.active{outline:2px solid #d50000}tr:target{background:#e3f2fd}
.aliases,.sources,.meta{color:#666;font-size:.9em}
.now{font-weight:bold}.moves{font-size:.9em}.conflict{color:#a40;font-size:.85em}
"""

_JS = """
document.addEventListener('input',function(ev){
  if(ev.target.id!=='filter')return;var q=ev.target.value.toLowerCase().trim();
  document.querySelectorAll('section.person').forEach(function(s){
    s.hidden=q!==''&&(s.getAttribute('data-search')||'').indexOf(q)<0});
  document.querySelectorAll('section.doc').forEach(function(s){
    s.hidden=q!==''&&(s.getAttribute('data-doc')+' '+s.querySelector('h3').textContent).toLowerCase().indexOf(q)<0});
});
document.addEventListener('click',function(ev){
  var b=ev.target.closest('button.copy');if(!b)return;var c=b.getAttribute('data-copy');
  if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(c).then(function(){
    b.textContent='copied'},function(){window.prompt('copy this command',c)})}
  else{window.prompt('copy this command',c)}
});
document.addEventListener('click',function(ev){
  var m=ev.target.closest('mark');if(!m)return;
  var f=(m.getAttribute('data-facts')||'').split(' ')[0];if(f)location.hash=f;
});
document.addEventListener('mouseover',function(ev){
  var m=ev.target.closest('mark');document.querySelectorAll('mark.active').forEach(function(x){
    x.classList.remove('active')});
  if(m)document.querySelectorAll('mark[data-span="'+m.getAttribute('data-span')+'"]').forEach(function(x){
    x.classList.add('active')});
});
"""


def _doc_heading(name: str, entry: DocumentEntry | None) -> str:
    """The document's id, then what its source says of itself (issue 21): title, date, a link to the original —
    only an http(s) address is a link (a page's own metadata is data, never a ``javascript:`` URL)."""
    parts = [_text(name)]
    if entry is not None:
        parts += [f"<i>{_text(v)}</i>" if k == "title" else _text(v)
                  for k, v in (("title", entry.title), ("published", entry.published)) if v]
        if entry.url and entry.url.lower().startswith(("http://", "https://")):
            link = _attr(entry.url)
            parts.append(f'<a class="source" href="{link}" rel="noopener noreferrer">{_text(entry.url)}</a>')
    return " · ".join(parts)


def build_report(out: Path, warnings: list[str] | None = None) -> str:
    """The HTML page for run folder ``out`` (``docs/*.txt`` and ``records.jsonl``); needs no network to view.
    Problems that do not stop the page (a docs file that is not UTF-8) are appended to ``warnings``."""
    from extract.consolidate import read_records

    out = Path(out)
    docs = _read_docs(out, warnings if warnings is not None else [])
    records = read_records(out / "records.jsonl")
    index = _Index(docs)
    people = [_person(index, record, n, str(out)) for n, record in enumerate(records, start=1)]
    by_doc: dict[str, list[_Span]] = {}
    for span in index.spans.values():
        by_doc.setdefault(span.doc, []).append(span)
    from extract.corpus import read_manifest

    try:
        sources = {e.id: e for e in read_manifest(out)}
    except ExtractError as exc:  # a damaged manifest costs the sources, not the page
        sources = {}
        (warnings if warnings is not None else []).append(str(exc))
    doc_parts = []
    for n, (name, text) in enumerate(docs.items(), start=1):
        spans = by_doc.get(name, [])
        doc_parts.append(
            f'<section class="doc" id="d{n}" data-doc="{_attr(name)}"><h3>{_doc_heading(name, sources.get(name))}</h3>'
            f'<p class="meta">{len(text)} characters · {len(spans)} highlighted spans</p>'
            f'<div class="doc-text" data-doc="{_attr(name)}">{_highlight(text, spans)}</div></section>'
        )
    run = _read_run(out)
    model = (run.get("settings") or {}).get("model") if isinstance(run.get("settings"), dict) else None
    meta = f"{len(records)} people · {len(docs)} documents · {len(index.spans)} highlighted spans"
    if model:
        meta += f" · model {model}"
    if run.get("started"):
        meta += f" · run started {run['started']}"
    title = f"career-extract report — {out.name}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="mul"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        f'<header><h1>{_text(title)}</h1><p class="meta">{_text(meta)}</p></header>\n<main>\n'
        '<div class="people"><h2>People</h2>\n<p><input id="filter" type="search" placeholder="filter: a name, an '
        'organisation or a document id" size="50"></p>\n'
        + ("\n".join(people) or "<p>No records.</p>") + "\n</div>\n"
        '<div class="docs"><h2>Documents</h2>\n' + ("\n".join(doc_parts) or "<p>No documents.</p>") + "\n</div>\n"
        f"</main>\n<script>{_JS}</script>\n</body></html>\n"
    )


def write_report(out: Path, path: Path | None = None, warnings: list[str] | None = None) -> Path:
    """Write the report (default ``<out>/report.html``) atomically, so a browser never sees half a page."""
    target = Path(path) if path is not None else Path(out) / "report.html"
    write_text_atomic(target, build_report(Path(out), warnings))
    return target
