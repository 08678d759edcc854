"""Pure rendering: typed results (as dicts) -> HTML and Markdown. No Gradio, no I/O beyond the templates.

The templates in ``assistant/templates/`` are rendered by one Jinja2 environment with autoescape on and
a ``finalize`` hook that passes every value through ``esc()``: HTML-escaped, plus the characters a
client-side template engine could act on (``${}``, backticks). Nothing from a document is ever
interpreted as HTML or Markdown; the only markup is the templates' own and the ``<mark>`` / ``<a>``
built here from escaped pieces.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from .web_security import escape_markdown

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "app.css").read_text(encoding="utf-8")
JS = (TEMPLATES / "app.js").read_text(encoding="utf-8")
ABSTAINED = "The documents don't answer this."
VERDICT_LABELS = {"supported": "Supported", "contradicted": "Contradicted", "not_found": "Not found"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MARKER = re.compile(r"\[(\d{1,3})\]")


# --- escaping and small formatters ----------------------------------------------------------------
def esc(value) -> str:
    """HTML-escape text, and neutralise characters that template engines act on (``${}``, backticks)."""
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;").replace("`", "&#96;")


def _finalize(value):
    if value is None:
        return ""
    return value if isinstance(value, Markup) else Markup(esc(value))


def safe_url(url) -> str | None:
    if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def nice_date(value) -> str:
    """``2023-06-23`` -> ``23 June 2023``; ``2023-10`` -> ``October 2023``; anything else as given."""
    if not value:
        return ""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value)[:10])
    if not match:
        return str(value)
    year, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        if day:
            return f"{int(day)} {MONTHS[int(month) - 1]} {year}"
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


def nice_timestamp(value) -> str:
    """``2026-11-28T09:35:01+00:00`` -> ``28 Nov 2026 09:35 UTC``; anything else as given."""
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%d %b %Y %H:%M") + (" UTC" if moment.tzinfo is not None else "")


def citation_meta(citation: dict) -> str:
    bits = [citation.get("publisher"), nice_date(citation.get("published"))]
    if citation.get("page") is not None:
        bits.append(f"page {citation['page']}")
    if citation.get("section"):
        bits.append(f"section: {citation['section']}")
    return " · ".join(str(b) for b in bits if b)


def _find(passage: str, piece: str) -> tuple[int, int] | None:
    piece = piece.strip()
    if not piece:
        return None
    start = passage.find(piece)
    if start >= 0:
        return start, start + len(piece)
    tokens = piece.split()  # tolerate different whitespace / line breaks between the same words
    match = re.search(r"\s+".join(re.escape(t) for t in tokens), passage) if tokens else None
    return match.span() if match else None


def highlight(passage: str, quote: str = "", value: str | None = None) -> Markup:
    """The passage escaped, the quote's sentences in ``<mark>`` and the decisive value (if any) in
    ``<strong class="aidf-value">`` wherever they occur."""
    passage = passage or ""
    quoted: list[tuple[int, int]] = []
    pieces = [quote] if quote and quote in passage else [
        p for p in re.split(r"\s*(?:…|\.\.\.)\s*|(?<=[.!?])\s+", quote or "") if len(p.strip()) >= 12]
    for piece in pieces:
        span = _find(passage, piece)
        if span:
            quoted.append(span)
    value = str(value).strip() if value else ""

    def with_value(start: int, end: int) -> str:
        segment = passage[start:end]
        if not value:
            return esc(segment)
        # A value split by a quote boundary is not highlighted: the quote is what the reader checks.
        return f'<strong class="aidf-value">{esc(value)}</strong>'.join(esc(part) for part in segment.split(value))

    merged: list[list[int]] = []
    for start, end in sorted(quoted):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(with_value(pos, start))
        out.append(f"<mark>{with_value(start, end)}</mark>")
        pos = end
    out.append(with_value(pos, len(passage)))
    return Markup("".join(out).replace("\n", "&#10;"))


def cite_links(text: str, turn: int, numbers: set[int]) -> Markup:
    """The answer escaped, each ``[n]`` that names one of its sources a link to that source."""
    out, pos = [], 0
    for match in MARKER.finditer(text or ""):
        n = int(match.group(1))
        if n not in numbers:
            continue
        out.append(esc(text[pos:match.start()]))
        out.append(f'<a class="aidf-cite" href="#a{turn}-s{n}" aria-label="source {n}">[{n}]</a>')
        pos = match.end()
    out.append(esc((text or "")[pos:]))
    return Markup("".join(out).replace("\n", "&#10;"))


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=_finalize,
                  trim_blocks=True, lstrip_blocks=True)
ENV.filters.update(nice_date=nice_date, nice_timestamp=nice_timestamp, safe_url=safe_url)
ENV.globals.update(highlight=highlight, cite_links=cite_links, citation_meta=citation_meta)


def _render(name: str, **context) -> str:
    return ENV.get_template(name).render(**context).strip()


def _message(name: str, **context) -> str:
    """A chat message: the Chatbot shows text with ``white-space: pre-wrap``, so the templates' own line
    breaks are dropped (line breaks inside passages are entities, see ``highlight``)."""
    return _render(name, **context).replace("\n", "")


# --- chat -----------------------------------------------------------------------------------------
def answer_html(answer: dict, turn: int, passages: list[dict] | None = None) -> str:
    """A finished answer: text with [n] links, notes, and its own sources (or, when the documents do
    not answer, one sentence and the nearest passages)."""
    gap = bool(answer.get("abstained")) and not answer.get("citations")
    numbers = {c.get("n") for c in answer.get("citations") or []}
    return _message("answer.html", answer=answer, turn=turn, text=answer.get("answer", ""), numbers=numbers,
                   gap=gap, passages=passages or [], streaming=False, error=None)


def streaming_html(text: str, turn: int) -> str:
    return _message("answer.html", answer={}, turn=turn, text=text, streaming=True, error=None)


def stopped_html(partial: str, turn: int) -> str:
    return _message("answer.html", answer={}, turn=turn, text=partial, stopped=True, streaming=False, error=None)


def problem_message(message: str, turn: int) -> str:
    return _message("answer.html", answer={}, turn=turn, error=message, streaming=False)


def user_html(question: str) -> str:
    """A user's message as typed: the Chatbot renders HTML, so every character is escaped."""
    return esc(question)


def conversation_markdown(records: list[dict]) -> str:
    """The conversation as a Markdown document (answers, then their sources with links and quotes)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# AI Diagnostic Fund assistant — conversation", "", f"Exported {now}.", ""]
    for number, record in enumerate(records, start=1):
        lines += [f"## {number}. {escape_markdown(record.get('question', ''))}", ""]
        if record.get("error") or record.get("stopped"):
            lines += [f"> {record.get('error') or 'Stopped before the answer was finished.'}", ""]
            continue
        answer = record.get("answer") or {}
        citations = answer.get("citations") or []
        if answer.get("abstained") and not citations:
            lines += [f"**{ABSTAINED}**", ""]
        else:
            lines += [answer.get("answer", ""), ""]
        for note in answer.get("notes") or []:
            lines += [f"_Note: {note}_", ""]
        listed = citations or record.get("passages") or []
        if listed:
            lines += ["Sources:" if citations else "Nearest passages:", ""]
            for c in listed:
                where = citation_meta({**c, "section": c.get("section")}).replace("section: ", "")
                url = f" <{c['url']}>" if safe_url(c.get("url")) else ""
                where = escape_markdown(where)
                lines.append(f"- [{c.get('n')}] {escape_markdown(c.get('title'))}{' (' + where + ')' if where else ''}{url}")
                if c.get("quote"):
                    lines.append(f"  > {escape_markdown(c['quote'])}")
            lines.append("")
        if answer.get("index_version"):
            lines += [f"_Index version {answer['index_version']}_", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- fact check, library, document, ingest report -------------------------------------------------
def check_html(results: list[dict]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.get("verdict", "")] = counts.get(r.get("verdict", ""), 0) + 1
    summary = ", ".join(f"{n} {VERDICT_LABELS.get(v, v).lower()}" for v, n in counts.items())
    return _render("check.html", results=results, summary=summary, labels=VERDICT_LABELS)


def library_html(documents: dict, query: str = "", doc_type: str = "all", admin_enabled: bool = True) -> str:
    docs = documents.get("documents") or []
    query = (query or "").strip().lower()
    shown = [d for d in docs
             if (not query or query in (d.get("title") or "").lower() or query in (d.get("source") or "").lower())
             and (doc_type in (None, "", "all") or d.get("doc_type") == doc_type)]
    return _render("library.html", documents=documents, docs=docs, shown=shown, admin_enabled=admin_enabled)


def document_html(doc: dict) -> str:
    return _render("document.html", doc=doc)


def report_html(report: dict, title: str = "Ingest report") -> str:
    return _render("report.html", report=report, title=title)


def problem_html(message: str) -> str:
    return str(Markup('<p class="aidf-note" role="alert">⚠️ {}</p>').format(Markup(esc(message))))


def documents_as_of(health: dict, documents: dict) -> str:
    """"Documents as of <date>": the provenance date when the service gives one, else the newest
    publication date in the library."""
    as_of = health.get("documents_as_of") or max(
        (str(d.get("published")) for d in documents.get("documents") or [] if d.get("published")), default=None)
    count = len(documents.get("documents") or [])
    if not count:
        return "No documents are indexed yet."
    when = f"Documents as of {nice_date(as_of)}" if as_of else "Documents"
    return f"{when} · {count} document{'s' if count != 1 else ''} · index {documents.get('index_version') or 'none'}"
