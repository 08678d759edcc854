"""The Gradio 6 UI: Chat, Fact check, Library and (only when configured) Admin tabs.

Handlers call only the ``Assistant`` facade. Every piece of document text reaches the page through
``esc()`` (HTML-escaped, plus the characters a template engine could act on), inside HTML that is built
here; chat messages are shown with Markdown off and every ``<`` escaped. Nothing from a document is ever
interpreted as Markdown or HTML.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import secrets
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import gradio as gr
from starlette.exceptions import HTTPException

from .auth import TooManyAttempts
from .logging_setup import clip
from .store import StoreError
from .types import DOC_TYPES, InvalidRequest

log = logging.getLogger("assistant.web_ui")

EXAMPLE_QUESTIONS = [
    "How much money was in the AI Diagnostic Fund, and when was it announced?",
    "Which imaging networks received money from the fund?",
    "Could a single NHS trust bid to the AI Diagnostic Fund on its own?",
    "What kind of AI tools could the fund pay for?",
    "What has the independent evaluation found so far?",
    "What does NICE say about AI for chest X-rays?",
]
EXAMPLE_CLAIMS = [
    "The AI Diagnostic Fund was worth £21 million. It was announced by Steve Barclay in June 2023. "
    "Every NHS trust in England received money from the fund.",
]
UPLOAD_TYPES = [".md", ".txt", ".html", ".pdf", ".docx"]
STREAM_STEPS = 24  # an answer appears in at most this many steps ...
STREAM_DELAY_S = 0.025  # ... this far apart, so streaming adds well under a second

CSS = """
.aidf-sources ol { padding-left: 0; list-style: none; margin: 0; }
.aidf-source { margin: 0 0 .6em 0; }
.aidf-source details { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .4em .7em; }
.aidf-source summary { cursor: pointer; }
.aidf-source .n { font-weight: 700; margin-right: .3em; }
.aidf-source .meta { color: var(--body-text-color-subdued); font-size: .92em; }
.aidf-passage { white-space: pre-wrap; margin: .6em 0 .2em 0; padding: .5em .8em; border-left: 3px solid var(--border-color-accent); }
.aidf-passage mark { background: #fff3a3; color: #111; padding: 0 .1em; }
.aidf-note { padding: .5em .8em; border-radius: 6px; background: var(--background-fill-secondary); }
.aidf-table { border-collapse: collapse; width: 100%; }
.aidf-table th, .aidf-table td { border: 1px solid var(--border-color-primary); padding: .35em .5em; vertical-align: top; text-align: left; }
.aidf-table blockquote { margin: 0 0 .4em 0; padding-left: .5em; border-left: 3px solid var(--border-color-accent); }
.verdict { font-weight: 700; white-space: nowrap; }
.verdict-supported { color: #137333; } .verdict-contradicted { color: #b3261e; } .verdict-not_found { color: #8a6d00; }
.aidf-report li.failed { color: #b3261e; }
"""


# --- escaping -------------------------------------------------------------------------------------
def esc(value) -> str:
    """HTML-escape text, and neutralise characters that template engines act on (``${}``, backticks)."""
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;").replace("`", "&#96;")


def chat_escape(text: str) -> str:
    """Text for a chat message (rendered as sanitised HTML, Markdown off) that shows exactly as written.

    Only what could start markup is escaped: every ``<`` and any ``&`` that could begin an entity.
    No tag can form, and the copy button (which copies the raw message) gives back clean text.
    """
    return re.sub(r"&(?=[#A-Za-z])", "&amp;", text or "").replace("<", "&lt;")


def safe_url(url) -> str | None:
    if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def link(url, label: str) -> str:
    url = safe_url(url)
    if not url:
        return ""
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">{label}</a>'


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


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


# --- answer and sources ---------------------------------------------------------------------------
def answer_message(answer: dict, text: str | None = None) -> str:
    """The chat message for an answer: its text (with [n] markers), an explicit notice when the
    assistant abstains, and any notes. ``text`` is a partial answer while it streams in."""
    parts = []
    if answer.get("abstained"):
        parts.append("Not found in the indexed documents.")
    parts.append(chat_escape(answer.get("answer", "") if text is None else text))
    if text is None:  # the finished message
        if answer.get("abstained") and answer.get("nearest"):
            parts.append("The closest documents are listed under Sources below; they may help you check.")
        for note in answer.get("notes") or []:
            parts.append(f"Note: {chat_escape(str(note))}")
    return "\n\n".join(p for p in parts if p)


def _highlight(passage: str, quote: str) -> str:
    """The passage escaped, with every occurrence of the quote's sentences wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    pieces = [quote] if quote else []
    if quote and quote not in passage:
        pieces = [p for p in re.split(r"\s*(?:…|\.\.\.)\s*|(?<=[.!?])\s+", quote) if len(p.strip()) >= 12]
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = passage.find(piece)
        if start >= 0:
            spans.append((start, start + len(piece)))
            continue
        tokens = piece.split()
        if tokens:  # tolerate different whitespace / line breaks between the same words
            match = re.search(r"\s+".join(re.escape(t) for t in tokens), passage)
            if match:
                spans.append(match.span())
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(esc(passage[pos:start]))
        out.append(f"<mark>{esc(passage[start:end])}</mark>")
        pos = end
    out.append(esc(passage[pos:]))
    return "".join(out)


def citation_meta(citation: dict) -> str:
    bits = []
    if citation.get("publisher"):
        bits.append(esc(citation["publisher"]))
    if citation.get("published"):
        bits.append(esc(nice_date(citation["published"])))
    if citation.get("page") is not None:
        bits.append(f"page {esc(citation['page'])}")
    if citation.get("section"):
        bits.append(f"section: {esc(citation['section'])}")
    return " · ".join(bits)


def sources_html(answer: dict | None) -> str:
    """Sources under the chat: title, publisher, date, page/section, link; each opens to its passage."""
    if not answer:
        return '<div class="aidf-sources"><p class="meta">Sources for the latest answer appear here.</p></div>'
    items = []
    for citation in answer.get("citations") or []:
        title = esc(citation.get("title") or citation.get("source") or "Untitled")
        original = link(citation.get("url"), "original ↗")
        meta = citation_meta(citation)
        passage = _highlight(citation.get("text") or "", citation.get("quote") or "")
        items.append(
            f'<li class="aidf-source" id="source-{esc(citation.get("n"))}"><details>'
            f'<summary><span class="n">[{esc(citation.get("n"))}]</span><strong>{title}</strong>'
            f'{" — " + f"<span class=meta>{meta}</span>" if meta else ""}{" · " + original if original else ""}</summary>'
            f'<div class="aidf-passage">{passage}</div>'
            f'<div class="meta">File: {esc(citation.get("source"))}</div>'
            f"</details></li>"
        )
    parts = ['<div class="aidf-sources">']
    if items:
        parts.append("<h4>Sources</h4><ol>" + "".join(items) + "</ol>")
    if answer.get("abstained"):
        nearest = answer.get("nearest") or []
        if nearest:
            rows = []
            for doc in nearest:
                title = esc(doc.get("title") or doc.get("source") or "Untitled")
                extra = " · ".join(x for x in (esc(nice_date(doc.get("published"))), esc(doc.get("section") or "")) if x)
                original = link(doc.get("url"), "original ↗")
                rows.append(f"<li><strong>{title}</strong>{' — ' + extra if extra else ''}{' · ' + original if original else ''}</li>")
            parts.append("<h4>Closest documents</h4><ul>" + "".join(rows) + "</ul>")
        elif not items:
            parts.append('<p class="aidf-note">No document in the collection covers this question.</p>')
    parts.append("</div>")
    return "".join(parts)


def conversation_markdown(records: list[dict]) -> str:
    """The conversation as a Markdown document (answers, then their sources with links and quotes)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# AI Diagnostic Fund assistant — conversation", "", f"Exported {now}.", ""]
    for number, record in enumerate(records, start=1):
        lines += [f"## {number}. {record.get('question', '').strip()}", ""]
        if record.get("error"):
            lines += [f"> {record['error']}", ""]
            continue
        answer = record.get("answer") or {}
        if answer.get("abstained"):
            lines += ["**Not found in the indexed documents.**", ""]
        lines += [answer.get("answer", ""), ""]
        for note in answer.get("notes") or []:
            lines += [f"_Note: {note}_", ""]
        citations = answer.get("citations") or []
        if citations:
            lines += ["Sources:", ""]
            for c in citations:
                where = ", ".join(x for x in (c.get("publisher"), nice_date(c.get("published")),
                                              f"page {c['page']}" if c.get("page") is not None else None,
                                              c.get("section")) if x)
                url = f" <{c['url']}>" if safe_url(c.get("url")) else ""
                lines.append(f"- [{c.get('n')}] {c.get('title')}{' (' + where + ')' if where else ''}{url}")
                if c.get("quote"):
                    lines.append(f"  > {' '.join(str(c['quote']).split())}")
            lines.append("")
        if answer.get("index_version"):
            lines += [f"_Index version {answer['index_version']}_", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- fact check, library, ingest report -----------------------------------------------------------
VERDICT_LABELS = {"supported": "Supported", "contradicted": "Contradicted", "not_found": "Not found"}


def check_table_html(results: list[dict]) -> str:
    if not results:
        return '<p class="aidf-note">No checkable claim was found in the text.</p>'
    counts: dict[str, int] = {}
    for r in results:
        counts[r.get("verdict", "")] = counts.get(r.get("verdict", ""), 0) + 1
    summary = ", ".join(f"{n} {VERDICT_LABELS.get(v, v).lower()}" for v, n in counts.items())
    rows = []
    for r in results:
        verdict = r.get("verdict", "")
        evidence = r.get("evidence") or []
        quotes = "".join(f"<blockquote>[{esc(e.get('n'))}] {esc(e.get('quote') or e.get('text') or '')}</blockquote>"
                         for e in evidence) or '<span class="meta">—</span>'
        sources = "<br>".join(
            f"[{esc(e.get('n'))}] {esc(e.get('title') or e.get('source'))}"
            + (" · " + link(e.get("url"), "original ↗") if safe_url(e.get("url")) else "")
            for e in evidence) or "—"
        dates = "<br>".join(esc(nice_date(e.get("published"))) or "—" for e in evidence) or "—"
        rows.append(
            f"<tr><td>{esc(r.get('claim'))}</td>"
            f'<td><span class="verdict verdict-{esc(verdict)}">{esc(VERDICT_LABELS.get(verdict, verdict))}</span>'
            f'<div class="meta">{esc(r.get("explanation"))}</div></td>'
            f"<td>{quotes}</td><td>{sources}</td><td>{dates}</td></tr>"
        )
    return (f'<p>{len(results)} claim{"s" if len(results) != 1 else ""} checked: {esc(summary)}.</p>'
            '<table class="aidf-table" id="check-table"><thead><tr><th>Claim</th><th>Verdict</th>'
            "<th>Quoted evidence</th><th>Source</th><th>Date</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def library_html(documents: dict, query: str = "", doc_type: str = "all", admin_enabled: bool = True) -> str:
    docs = documents.get("documents") or []
    query = (query or "").strip().lower()
    shown = [d for d in docs
             if (not query or query in (d.get("title") or "").lower() or query in (d.get("source") or "").lower())
             and (doc_type in (None, "", "all") or d.get("doc_type") == doc_type)]
    head = (f"<p>Index version <code>{esc(documents.get('index_version') or 'none')}</code>"
            + (f", built {esc(nice_timestamp(documents.get('created_at')))}" if documents.get("created_at") else "")
            + f" · {len(docs)} document{'s' if len(docs) != 1 else ''}"
            + (f" · {len(shown)} shown" if len(shown) != len(docs) else "") + "</p>")
    if not docs:
        head += '<p class="aidf-note">The index is empty. Run <code>python ingest.py</code> to build it.</p>'
    rows = "".join(
        f"<tr><td>{link(d.get('url'), esc(d.get('title') or d.get('source'))) or esc(d.get('title') or d.get('source'))}"
        f'<div class="meta">{esc(d.get("source"))}</div></td>'
        f"<td>{esc(d.get('doc_type'))}</td><td>{esc(nice_date(d.get('published')))}</td>"
        f"<td>{esc(d.get('chunks'))}</td><td>{esc(nice_timestamp(d.get('ingested_at')))}</td></tr>"
        for d in shown)
    table = ('<table class="aidf-table" id="library-table"><thead><tr><th>Title</th><th>Type</th><th>Published</th>'
             f"<th>Chunks</th><th>Ingested at</th></tr></thead><tbody>{rows}</tbody></table>") if shown else ""
    note = "" if admin_enabled else (
        '<p class="aidf-note">Admin is not enabled. To upload, re-ingest or delete documents from this page, '
        "start the app with <code>ASSISTANT_ADMIN_USER</code> and <code>ASSISTANT_ADMIN_PASSWORD</code> set.</p>")
    return head + table + note


def report_html(report: dict, title: str = "Ingest report") -> str:
    def section(name: str, items: list, css: str = "", collapsed: bool = False) -> str:
        if not items:
            return f"<li>{name}: 0</li>"
        inner = "".join(
            f'<li class="{css}">{esc(i.get("path"))}: {esc(i.get("error"))}</li>' if isinstance(i, dict)
            else f"<li>{esc(i)}</li>" for i in items)
        if collapsed:
            return f"<li><details><summary>{name}: {len(items)}</summary><ul>{inner}</ul></details></li>"
        return f"<li>{name}: {len(items)}<ul>{inner}</ul></li>"

    return (f'<div class="aidf-report" id="ingest-report"><h4>{esc(title)}</h4><ul>'
            + section("Added", report.get("added") or [])
            + section("Updated", report.get("updated") or [])
            + section("Removed", report.get("removed") or [])
            + section("Unchanged", report.get("unchanged") or [], collapsed=True)
            + section("Failed", report.get("failed") or [], "failed")
            + f"</ul><p class=meta>{esc(report.get('chunks_total'))} chunks in index version "
            f"<code>{esc(report.get('index_version'))}</code>; took {esc(report.get('seconds'))} s.</p></div>")


def _problem_html(message: str) -> str:
    return f'<p class="aidf-note">⚠️ {esc(message)}</p>'


# --- the UI ---------------------------------------------------------------------------------------
class WebUI:
    def __init__(self, settings, assistant, auth, engine, feedback):
        self.settings = settings
        self.assistant = assistant
        self.auth = auth
        self.engine = engine
        self.feedback = feedback
        self.export_dir = Path(tempfile.mkdtemp(prefix="aidf-export-"))

    # --- chat ------------------------------------------------------------------------------------
    @staticmethod
    def facade_history(records: list[dict]) -> list[dict]:
        history = []
        for record in records or []:
            if record.get("answer"):
                history.append({"role": "user", "content": record["question"]})
                history.append({"role": "assistant", "content": record["answer"].get("answer", "")})
        return history

    async def chat(self, message, messages, records):
        """Chat submit: yields (textbox, chatbot, records, sources) as the answer streams in."""
        messages = list(messages or [])
        records = list(records or [])
        if not isinstance(message, str) or not message.strip():
            yield message, messages, records, gr.skip()
            return
        started = time.perf_counter()
        messages += [{"role": "user", "content": chat_escape(message)},
                     {"role": "assistant", "content": "Searching the documents…"}]
        yield "", list(messages), records, sources_html(None)
        outcome, error = "answered", None
        try:
            answer = await self.engine.run(self.assistant.ask, message, self.facade_history(records))
        except InvalidRequest as exc:
            outcome, error = "invalid", str(exc)
        except HTTPException as exc:  # the engine is saturated
            outcome, error = "busy", str(exc.detail)
        except StoreError as exc:
            outcome, error = "index_unavailable", f"The document index is not available right now ({exc})."
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("chat failed", extra={"reference": reference})
            outcome, error = "error", f"Sorry, something went wrong (reference {reference})."
        if error is not None:
            messages[-1] = {"role": "assistant", "content": f"⚠️ {chat_escape(error)}"}
            records.append({"question": message, "error": error})
            self._log_event("chat", outcome, started, question=message)
            yield "", messages, records, sources_html(None)
            return

        data = answer.to_dict()
        words = re.split(r"(?<=\s)", data.get("answer", ""))
        step = max(1, -(-len(words) // STREAM_STEPS))
        for end in range(step, len(words), step):
            messages[-1] = {"role": "assistant", "content": answer_message(data, "".join(words[:end]) + " …")}
            yield "", list(messages), records, gr.skip()
            await asyncio.sleep(STREAM_DELAY_S)
        messages[-1] = {"role": "assistant", "content": answer_message(data)}
        records.append({"question": message, "answer": data})
        self._log_event("chat", "abstained" if data.get("abstained") else "answered", started, question=message)
        yield "", messages, records, sources_html(data)

    def new_conversation(self):
        return [], [], sources_html(None), gr.update(value=None, visible=False)

    def like(self, records, data: gr.LikeData):
        """Thumbs up/down on an answer -> one JSONL line (question, answer, citations, vote; no credentials)."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if not isinstance(index, int) or index % 2 != 1:  # messages alternate: user (even), assistant (odd)
            return
        turn = index // 2
        if turn >= len(records or []):
            return
        record = records[turn]
        answer = record.get("answer") or {}
        vote = "up" if data.liked is True else "down" if data.liked is False else str(data.liked)
        self.feedback.record(
            question=record.get("question", ""),
            answer=answer.get("answer", record.get("error", "")),
            citations=answer.get("citations") or [],
            vote=vote,
            index_version=answer.get("index_version"),
            mode=answer.get("mode"),
            abstained=answer.get("abstained"),
        )
        self._log_event("feedback", vote, time.perf_counter())

    def export(self, records):
        if not records:
            gr.Warning("There is no conversation to export yet.")
            return gr.update(value=None, visible=False)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        folder = Path(tempfile.mkdtemp(dir=self.export_dir))
        path = folder / f"aidf-conversation-{stamp}.md"
        path.write_text(conversation_markdown(records), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    # --- fact check ------------------------------------------------------------------------------
    async def fact_check(self, text):
        started = time.perf_counter()
        try:
            results = await self.engine.run(self.assistant.check, text)
        except InvalidRequest as exc:
            self._log_event("check", "invalid", started)
            return _problem_html(str(exc))
        except HTTPException as exc:
            return _problem_html(str(exc.detail))
        except StoreError as exc:
            return _problem_html(f"The document index is not available right now ({exc}).")
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("fact check failed", extra={"reference": reference})
            return _problem_html(f"Sorry, something went wrong (reference {reference}).")
        data = [r.to_dict() for r in results]
        self._log_event("check", "verdict:" + ",".join(r["verdict"] for r in data), started, question=text)
        return check_table_html(data)

    # --- library ---------------------------------------------------------------------------------
    def library(self, query, doc_type):
        try:
            documents = self.assistant.documents()
        except Exception as exc:  # a broken store must not break the page
            log.warning("library unavailable: %s", exc)
            return _problem_html("The document library is not available right now.")
        return library_html(documents, query or "", doc_type or "all", self.auth.enabled)

    # --- admin -----------------------------------------------------------------------------------
    def _require_admin(self, token) -> None:
        if not self.auth.session_valid(token):
            raise gr.Error("Admin sign-in required: your session is missing or has expired. Sign in again.")

    async def _admin_run(self, fn, *args, **kwargs):
        """An admin facade call in the single admin slot; failures become messages an admin can act on."""
        try:
            return await self.engine.run_admin(fn, *args, **kwargs)
        except InvalidRequest:
            raise
        except StoreError as exc:  # written for admins: "another ingest is running", "store unreachable", ...
            raise gr.Error(f"The index could not be updated: {exc}") from None
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("admin action failed", extra={"reference": reference})
            raise gr.Error(f"Something went wrong (reference {reference}); see the server log.") from None

    def _document_choices(self) -> list[str]:
        try:
            return [d["source"] for d in self.assistant.documents()["documents"]]
        except Exception:
            return []

    def admin_sign_in(self, user, password, request: gr.Request):
        client = request.client.host if request is not None and request.client else "unknown"
        hidden = gr.update(visible=False)
        try:
            token = self.auth.sign_in(user, password, client)
        except TooManyAttempts as exc:
            self._log_event("admin_sign_in", "throttled", time.perf_counter())
            return None, f"⚠️ Too many failed sign-ins. Try again in {exc.retry_after} s.", "", hidden, gr.update(visible=True), gr.update()
        except PermissionError:
            self._log_event("admin_sign_in", "failed", time.perf_counter())
            return None, "⚠️ Wrong user name or password.", "", hidden, gr.update(visible=True), gr.update()
        self._log_event("admin_sign_in", "ok", time.perf_counter())
        return (token, "Signed in.", "", gr.update(visible=True), gr.update(visible=False),
                gr.update(choices=self._document_choices(), value=None))

    def admin_sign_out(self, token):
        self.auth.end_session(token)
        return None, "Signed out.", gr.update(visible=False), gr.update(visible=True), ""

    async def admin_upload(self, token, files):
        self._require_admin(token)
        paths = [Path(f if isinstance(f, str) else getattr(f, "name", "")) for f in (files or [])]
        if not paths:
            raise gr.Error("Choose one or more files (.md .txt .html .pdf .docx) first.")
        failed, saved = [], 0
        for path in paths:
            try:
                await self._admin_run(self.assistant.save_upload, path.name, path.read_bytes())
                saved += 1
            except InvalidRequest as exc:
                failed.append({"path": path.name, "error": str(exc)})
        if not saved:
            report = {"failed": failed}
        else:
            report = (await self._admin_run(self.assistant.ingest)).to_dict()
            report["failed"] = list(report.get("failed") or []) + failed
        self._log_event("admin_upload", f"saved:{saved},failed:{len(failed)}", time.perf_counter())
        return report_html(report, "Upload and ingest report"), gr.update(value=None), gr.update(choices=self._document_choices(), value=None)

    async def admin_reingest(self, token):
        self._require_admin(token)
        report = (await self._admin_run(self.assistant.ingest)).to_dict()
        self._log_event("admin_reingest", "done", time.perf_counter())
        return report_html(report, "Re-ingest report"), gr.update(choices=self._document_choices(), value=None)

    async def admin_delete(self, token, source):
        self._require_admin(token)
        if not source:
            raise gr.Error("Choose a document to delete.")
        try:
            report = (await self._admin_run(self.assistant.delete_document, source)).to_dict()
        except InvalidRequest as exc:
            raise gr.Error(str(exc)) from None
        self._log_event("admin_delete", "done", time.perf_counter())
        return report_html(report, f"Deleted {source}"), gr.update(choices=self._document_choices(), value=None)

    @staticmethod
    def _log_event(event: str, outcome: str, started: float, question: str | None = None) -> None:
        extra = {"event": event, "outcome": outcome, "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
        if question:
            extra["question"] = clip(question)
        log.info("ui_event", extra=extra)

    # --- layout ----------------------------------------------------------------------------------
    def build(self) -> gr.Blocks:
        admin = self.auth.enabled
        with gr.Blocks(title="AI Diagnostic Fund assistant", analytics_enabled=False) as blocks:
            gr.Markdown("# AI Diagnostic Fund assistant\n"
                        "Answers about the UK's £21m AI Diagnostic Fund from the indexed documents, "
                        "with numbered citations you can open and check.")
            with gr.Tabs():
                with gr.Tab("Chat", id="chat"):
                    records = gr.State([])
                    chatbot = gr.Chatbot(
                        label="Conversation", elem_id="chatbot", height=440, buttons=["copy", "copy_all"],
                        latex_delimiters=[], allow_tags=False, sanitize_html=True, render_markdown=False,
                        feedback_options=("Like", "Dislike"),
                        placeholder="Ask about the £21m AI Diagnostic Fund: who got money, for what, and what happened next.",
                    )
                    with gr.Row():
                        question = gr.Textbox(show_label=False, placeholder="Type a question and press Enter",
                                              elem_id="question", scale=8, lines=1, max_lines=6)
                        ask = gr.Button("Ask", variant="primary", elem_id="ask", scale=1)
                    sources = gr.HTML(sources_html(None), elem_id="sources", js_on_load=None)
                    gr.Examples([[q] for q in EXAMPLE_QUESTIONS], inputs=[question],
                                label="Example questions for trust staff")
                    with gr.Row():
                        new_chat = gr.Button("New conversation", size="sm")
                        export = gr.Button("Export conversation", size="sm", elem_id="export")
                    export_file = gr.File(label="Conversation (Markdown)", visible=False, interactive=False,
                                          elem_id="export-file")

                    chat_io = dict(fn=self.chat, inputs=[question, chatbot, records],
                                   outputs=[question, chatbot, records, sources],
                                   concurrency_id="engine", show_progress="minimal")
                    question.submit(api_name="ask", **chat_io)
                    ask.click(api_visibility="undocumented", **chat_io)
                    new_chat.click(self.new_conversation, None, [chatbot, records, sources, export_file],
                                   api_visibility="private", queue=False)
                    chatbot.clear(self.new_conversation, None, [chatbot, records, sources, export_file],
                                  api_visibility="private", queue=False)
                    chatbot.like(self.like, [records], None, api_visibility="private", queue=False)
                    export.click(self.export, [records], [export_file], api_visibility="private")

                with gr.Tab("Fact check", id="check"):
                    gr.Markdown("Paste a claim or a paragraph. Each sentence-sized claim gets a verdict "
                                "with the quoted evidence from the documents.")
                    claim = gr.Textbox(label="Claim or paragraph", lines=5, elem_id="claim")
                    check = gr.Button("Check", variant="primary", elem_id="check-button")
                    gr.Examples([[c] for c in EXAMPLE_CLAIMS], inputs=[claim], label="Example")
                    verdicts = gr.HTML("", elem_id="verdicts", js_on_load=None)
                    check.click(self.fact_check, [claim], [verdicts], api_name="check", concurrency_id="engine")

                with gr.Tab("Library", id="library"):
                    with gr.Row():
                        query = gr.Textbox(label="Filter by title", scale=3, elem_id="library-filter")
                        doc_type = gr.Dropdown(["all", *DOC_TYPES], value="all", label="Type", scale=1)
                        refresh = gr.Button("Refresh", scale=0)
                    library = gr.HTML(elem_id="library", js_on_load=None)
                    lib_io = dict(fn=self.library, inputs=[query, doc_type], outputs=[library])
                    query.change(api_visibility="private", **lib_io)
                    doc_type.change(api_visibility="private", **lib_io)
                    refresh.click(api_name="documents", **lib_io)
                    blocks.load(api_visibility="private", **lib_io)

                if admin:
                    with gr.Tab("Admin", id="admin"):
                        token = gr.State(None)
                        status = gr.Markdown("", elem_id="admin-status")
                        with gr.Column(visible=True) as login_box:
                            user = gr.Textbox(label="User", elem_id="admin-user")
                            password = gr.Textbox(label="Password", type="password", elem_id="admin-password")
                            sign_in = gr.Button("Sign in", variant="primary", elem_id="admin-sign-in")
                        with gr.Column(visible=False, elem_id="admin-panel") as panel:
                            files = gr.File(label="Upload documents (.md .txt .html .pdf .docx)", file_count="multiple",
                                            file_types=UPLOAD_TYPES, type="filepath", elem_id="admin-files")
                            with gr.Row():
                                upload = gr.Button("Upload and ingest", variant="primary", elem_id="admin-upload")
                                reingest = gr.Button("Re-ingest corpus", elem_id="admin-reingest")
                            with gr.Row():
                                to_delete = gr.Dropdown([], label="Delete a document", scale=3, elem_id="admin-delete-choice")
                                delete = gr.Button("Delete", variant="stop", scale=1, elem_id="admin-delete")
                            report = gr.HTML("", elem_id="admin-report", js_on_load=None)
                            sign_out = gr.Button("Sign out", size="sm")
                        private = dict(api_visibility="private", concurrency_limit=1, concurrency_id="admin")
                        sign_in_io = dict(fn=self.admin_sign_in, inputs=[user, password],
                                          outputs=[token, status, password, panel, login_box, to_delete])
                        sign_in.click(**sign_in_io, **private)
                        password.submit(**sign_in_io, **private)
                        sign_out.click(self.admin_sign_out, [token], [token, status, panel, login_box, report], **private)
                        # After any change to the index, the Library tab is refreshed too.
                        upload.click(self.admin_upload, [token, files], [report, files, to_delete], **private).then(
                            **lib_io, api_visibility="private")
                        reingest.click(self.admin_reingest, [token], [report, to_delete], **private).then(
                            **lib_io, api_visibility="private")
                        delete.click(self.admin_delete, [token, to_delete], [report, to_delete], **private).then(
                            **lib_io, api_visibility="private")
        return blocks
