"""The Gradio 6 wiring: Chat, Fact check, Library and (only when configured) Admin tabs.

Handlers call only the ``Assistant`` facade and hand its typed results to ``render`` (Jinja2 templates,
autoescaped): no HTML is built here. Chat messages are rendered by the Chatbot as sanitised HTML with
Markdown off, from those escaped templates. Failures become messages in one place (``errors.describe``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import tempfile
import time
import weakref
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import gradio as gr

from . import render, web_security
from .auth import TooManyAttempts
from .errors import describe
from .logging_setup import clip
from .render import CSS, JS  # noqa: F401  (web.py passes both to Gradio)
from .service import NothingAccepted
from .types import DOC_TYPES, Answer, Citation, InvalidRequest

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
STREAM_STEPS = 24  # an answer appears in at most this many steps, settings.stream_step_ms apart
SUGGESTION_SLOTS = 3


def theme() -> gr.themes.Base:
    """Gradio's default theme with colours that pass WCAG AA (4.5:1): its orange buttons, orange tab
    label and grey "subdued" text do not. Fonts stay the theme's own, served locally."""
    return gr.themes.Default().set(
        button_primary_background_fill="#b43c0c", button_primary_background_fill_dark="#b43c0c",
        button_primary_background_fill_hover="#9a3412", button_primary_background_fill_hover_dark="#9a3412",
        button_primary_text_color="#ffffff", button_primary_text_color_dark="#ffffff",
        button_primary_text_color_hover="#ffffff", button_primary_text_color_hover_dark="#ffffff",
        button_cancel_background_fill="#b91c1c", button_cancel_background_fill_dark="#b91c1c",
        button_cancel_background_fill_hover="#991b1b", button_cancel_background_fill_hover_dark="#991b1b",
        button_cancel_text_color="#ffffff", button_cancel_text_color_dark="#ffffff",
        button_cancel_text_color_hover="#ffffff", button_cancel_text_color_hover_dark="#ffffff",
        color_accent="#c2410c",
        body_text_color_subdued="#555b66", body_text_color_subdued_dark="#b4b8c0",
    )


THEME_JS = """() => {
  const dark = document.body.classList.toggle('dark');
  localStorage.setItem('aidf-theme', dark ? 'dark' : 'light');
}"""


def answer_from_dict(data: dict) -> Answer:
    """An answer kept in the browser session (as its dict) back as the typed object the facade takes."""
    citation_fields = {f.name for f in fields(Citation)}
    values = {key: value for key, value in data.items() if key in {f.name for f in fields(Answer)}}
    values["citations"] = [Citation(**{k: v for k, v in c.items() if k in citation_fields}) for c in data.get("citations") or []]
    return Answer(**values)


class WebUI:
    def __init__(self, settings, assistant, auth, engine, feedback):
        self.settings = settings
        self.assistant = assistant
        self.auth = auth
        self.engine = engine
        self.feedback = feedback
        self.export_dir = Path(tempfile.mkdtemp(prefix="aidf-export-"))
        # Exports live as long as the UI that wrote them: removed when it goes, or at exit.
        weakref.finalize(self, shutil.rmtree, self.export_dir, ignore_errors=True)

    # --- chat ------------------------------------------------------------------------------------
    @staticmethod
    def facade_history(records: list[dict]) -> list[dict]:
        history = []
        for record in records or []:
            if record.get("answer"):
                history.append({"role": "user", "content": record["question"]})
                history.append({"role": "assistant", "content": record["answer"].get("answer", "")})
        return history

    @staticmethod
    def _suggestion_updates(suggestions: list[str] | None) -> list:
        """The suggestions row and its three buttons: hidden when there is nothing to suggest."""
        suggestions = list(suggestions or [])[:SUGGESTION_SLOTS]
        buttons = [gr.update(value=suggestions[i], visible=True) if i < len(suggestions) else gr.update(visible=False)
                   for i in range(SUGGESTION_SLOTS)]
        return [gr.update(visible=bool(suggestions)), *buttons]

    async def chat(self, message, messages, records):
        """Chat submit: yields (textbox, chatbot, records, suggestions row, 3 suggestion buttons) as
        the answer streams in. The record is added first, so a stopped answer keeps its place.
        Follow-up suggestions come from ``suggest``, chained after this event."""
        messages = list(messages or [])
        records = list(records or [])
        skip = [gr.skip()] * (1 + SUGGESTION_SLOTS)
        if not isinstance(message, str) or not message.strip():
            yield message, messages, records, *skip
            return
        try:  # bounded and cleaned before anything is stored in the session
            message = self.assistant.clean_text(message, "question")
        except InvalidRequest as exc:
            shown = message[:200]  # a refused question is kept only as far as it is shown
            records.append({"question": shown, "error": str(exc)})
            messages += [{"role": "user", "content": render.user_html(shown)},
                         {"role": "assistant", "content": render.problem_message(str(exc), len(records) - 1)}]
            yield "", messages, records, *skip
            return
        started = time.perf_counter()
        turn = len(records)
        records.append({"question": message})
        messages += [{"role": "user", "content": render.user_html(message)},
                     {"role": "assistant", "content": render.streaming_html("Searching the documents", turn)}]
        yield "", list(messages), list(records), *self._suggestion_updates(None)
        try:
            answer = await self.engine.run(self.assistant.ask, message, self.facade_history(records[:-1]))
        except Exception as exc:
            problem = describe(exc, "chat")
            messages[-1] = {"role": "assistant", "content": render.problem_message(problem.message, turn)}
            records[-1] = {"question": message, "error": problem.message}
            self._log_event("chat", problem.outcome, started, question=message)
            yield "", messages, records, *skip
            return

        data = answer.to_dict()
        words = re.split(r"(?<=\s)", data.get("answer", "")) if not (answer.abstained and not answer.citations) else []
        step = max(1, -(-len(words) // STREAM_STEPS))
        for end in range(step, len(words), step):
            partial = "".join(words[:end])
            records[-1] = {"question": message, "partial": partial}
            messages[-1] = {"role": "assistant", "content": render.streaming_html(partial, turn)}
            yield "", list(messages), list(records), *skip
            await asyncio.sleep(self.settings.stream_step_ms / 1000)

        record = {"question": message, "answer": data, "passages": []}
        if answer.abstained and not answer.citations:  # the nearest passages are part of the message
            explored = await self._explore(message, answer)
            record.update(passages=[c.to_dict() for c in explored["passages"]], suggestions=explored["suggestions"])
        records[-1] = record
        messages[-1] = {"role": "assistant", "content": render.answer_html(data, turn, record["passages"])}
        self._log_event("chat", "abstained" if data.get("abstained") else "answered", started, question=message)
        yield "", messages, records, *skip

    async def suggest(self, records):
        """After an answer (a separate event, so the next question is never held up by this one):
        up to three questions the documents answer, drawn from the latest answer's passages."""
        record = (records or [{}])[-1]
        suggestions = record.get("suggestions")  # an abstention has them already
        if suggestions is None and record.get("answer"):
            suggestions = (await self._explore(record["question"], answer_from_dict(record["answer"])))["suggestions"]
        # Only the buttons are written: writing the records back could undo a question asked meanwhile.
        return self._suggestion_updates(suggestions)

    async def _explore(self, question: str, answer) -> dict:
        try:
            return await self.engine.run(self.assistant.explore, question, answer)
        except Exception as exc:  # suggestions are a help, never a reason to lose the answer
            describe(exc, "suggestions")
            return {"passages": [], "suggestions": []}

    def stop(self, messages, records):
        """Stop: the stream is cancelled by Gradio; the unfinished answer is marked as stopped."""
        messages, records = list(messages or []), list(records or [])
        if records and not (records[-1].get("answer") or records[-1].get("error")):
            turn = len(records) - 1
            partial = records[-1].get("partial", "")
            records[-1] = {"question": records[-1].get("question", ""), "stopped": True}
            if messages and messages[-1].get("role") == "assistant":
                messages[-1] = {"role": "assistant", "content": render.stopped_html(partial, turn)}
            self._log_event("chat", "stopped", time.perf_counter())
        return messages, records, *self._suggestion_updates(None)

    def new_conversation(self):
        return ([], [], gr.update(value=None, visible=False), gr.update(visible=False), None,
                *self._suggestion_updates(None))

    def _record_vote(self, record: dict, vote: str, reason: str | None = None, entry_id: str | None = None) -> dict:
        answer = record.get("answer") or {}
        return self.feedback.record(
            question=record.get("question", ""),
            answer=answer.get("answer", record.get("error", "")),
            citations=answer.get("citations") or [],
            vote=vote,
            index_version=answer.get("index_version"),
            mode=answer.get("mode"),
            abstained=answer.get("abstained"),
            reason=reason,
            entry_id=entry_id,
        )

    def like(self, records, data: gr.LikeData):
        """Thumbs up/down on an answer -> one JSONL line (question, answer, citations, vote; no
        credentials). Thumbs down also opens the optional reason box."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        unchanged = (gr.update(), gr.update())
        if not isinstance(index, int) or index % 2 != 1:  # messages alternate: user (even), assistant (odd)
            return unchanged
        turn = index // 2
        if turn >= len(records or []):
            return unchanged
        vote = "up" if data.liked is True else "down" if data.liked is False else str(data.liked)
        entry = self._record_vote(records[turn], vote)
        self._log_event("feedback", vote, time.perf_counter())
        if vote != "down":
            return gr.update(visible=False), None
        return gr.update(visible=True), {"turn": turn, "id": entry["id"]}

    def feedback_reason(self, records, pending, reason):
        """The optional reason for a thumbs down: a second line with the same id as the vote."""
        if pending and (reason or "").strip() and pending.get("turn", -1) < len(records or []):
            self._record_vote(records[pending["turn"]], "down", reason=reason, entry_id=pending.get("id"))
            self._log_event("feedback", "reason", time.perf_counter())
            gr.Info("Thank you: your reason was recorded.")
        return gr.update(visible=False), None, ""

    def export(self, records):
        if not records:
            gr.Warning("There is no conversation to export yet.")
            return gr.update(value=None, visible=False)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        folder = Path(tempfile.mkdtemp(dir=self.export_dir))
        path = folder / f"aidf-conversation-{stamp}.md"
        path.write_text(render.conversation_markdown(records), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    def documents_as_of(self) -> str:
        try:
            return render.documents_as_of(self.assistant.health(), self.assistant.documents())
        except Exception as exc:  # a broken store must not break the page
            log.warning("documents date unavailable: %s", exc)
            return "The document index is not available right now."

    # --- fact check ------------------------------------------------------------------------------
    async def fact_check(self, text):
        started = time.perf_counter()
        try:
            results = await self.engine.run(self.assistant.check, text)
        except Exception as exc:
            problem = describe(exc, "fact check")
            self._log_event("check", problem.outcome, started)
            return render.problem_html(problem.message)
        data = [r.to_dict() for r in results]
        self._log_event("check", "verdict:" + ",".join(r["verdict"] for r in data), started, question=text)
        return render.check_html(data)

    # --- library ---------------------------------------------------------------------------------
    def library(self, query, doc_type):
        try:
            documents = self.assistant.documents()
        except Exception as exc:  # a broken store must not break the page
            log.warning("library unavailable: %s", exc)
            return render.problem_html("The document library is not available right now."), gr.update()
        choices = [(d.get("title") or d["source"], d["source"]) for d in documents.get("documents") or []]
        return render.library_html(documents, query or "", doc_type or "all", self.auth.enabled), gr.update(choices=choices)

    def read_document(self, source):
        if not source:
            return ""
        try:
            return render.document_html(self.assistant.document_text(source))
        except Exception as exc:
            return render.problem_html(describe(exc, "read document").message)

    # --- admin -----------------------------------------------------------------------------------
    def _require_admin(self, token) -> None:
        if not self.auth.session_valid(token):
            raise gr.Error("Admin sign-in required: your session is missing or has expired. Sign in again.")

    async def _admin_run(self, fn, *args, **kwargs):
        """An admin facade call in the single admin slot; failures become messages an admin can act on."""
        try:
            return await self.engine.run_admin(fn, *args, **kwargs)
        except NothingAccepted:
            raise
        except Exception as exc:
            raise gr.Error(describe(exc, "admin action").message) from None

    def _upload_choices(self):
        """Only uploads can be deleted here (the shipped corpus is not offered); one that failed to
        load is listed too, so it can be removed."""
        try:
            uploads = self.assistant.uploads()
        except Exception:
            uploads = []
        choices = [(u["name"] if u["indexed"] else f"{u['name']} (not indexed)", u["name"]) for u in uploads]
        return gr.update(choices=choices, value=None)

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
        return token, "Signed in.", "", gr.update(visible=True), gr.update(visible=False), self._upload_choices()

    def admin_sign_out(self, token):
        self.auth.end_session(token)
        return None, "Signed out.", gr.update(visible=False), gr.update(visible=True), ""

    async def admin_upload(self, token, files):
        self._require_admin(token)
        paths = [Path(f if isinstance(f, str) else getattr(f, "name", "")) for f in (files or [])]
        if not paths:
            raise gr.Error("Choose one or more files (.md .txt .html .pdf .docx) first.")
        uploads = [(path.name, path.read_bytes()) for path in paths]
        try:
            report = (await self._admin_run(self.assistant.upload_and_ingest, uploads)).to_dict()
        except NothingAccepted as exc:
            report = {"failed": [f.__dict__ for f in exc.failed]}
        self._log_event("admin_upload", f"failed:{len(report.get('failed') or [])}", time.perf_counter())
        return render.report_html(report, "Upload and ingest report"), gr.update(value=None), self._upload_choices()

    async def admin_reingest(self, token):
        self._require_admin(token)
        report = (await self._admin_run(self.assistant.ingest)).to_dict()
        self._log_event("admin_reingest", "done", time.perf_counter())
        return render.report_html(report, "Re-ingest report"), self._upload_choices()

    def admin_confirm_delete(self, token, source):
        """Delete, step one: nothing is removed until the admin confirms."""
        self._require_admin(token)
        if not source:
            raise gr.Error("Choose an uploaded document to delete.")
        question = (f"Delete **{source}** from the uploads and re-ingest? It will no longer be used to answer "
                    "questions. This cannot be undone here.")
        return gr.update(visible=True), question

    def admin_cancel_delete(self):
        return gr.update(visible=False), ""

    async def admin_delete(self, token, source):
        self._require_admin(token)
        if not source:
            raise gr.Error("Choose an uploaded document to delete.")
        if source not in {u["name"] for u in self.assistant.uploads()}:
            raise gr.Error(f"{source} is not an upload; documents of the shipped corpus are not deleted from here.")
        report = (await self._admin_run(self.assistant.delete_document, source)).to_dict()
        self._log_event("admin_delete", "done", time.perf_counter())
        return render.report_html(report, f"Deleted {source}"), self._upload_choices(), gr.update(visible=False), ""

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
            with gr.Row(elem_id="header"):
                gr.Markdown("# AI Diagnostic Fund assistant\n"
                            "Answers about the UK's £21m AI Diagnostic Fund from the indexed documents, "
                            "with numbered citations you can open and check.", elem_id="intro")
                toggle = gr.Button("Dark / light mode", size="sm", scale=0, min_width=110, elem_id="theme-toggle")
            toggle.click(None, None, None, js=THEME_JS, api_visibility="private", queue=False)
            with gr.Tabs():
                with gr.Tab("Chat", id="chat"):
                    as_of = gr.Markdown("", elem_id="asof")
                    records = gr.State([])
                    chatbot = gr.Chatbot(
                        label="Conversation", show_label=False, elem_id="chatbot", height=520, buttons=[],
                        latex_delimiters=[], allow_tags=False, sanitize_html=True, render_markdown=False,
                        feedback_options=("Like", "Dislike"),
                        placeholder="Ask about the £21m AI Diagnostic Fund: who got money, for what, and what happened next.",
                    )
                    with gr.Row():
                        question = gr.Textbox(show_label=False, placeholder="Type a question and press Enter",
                                              label="Question", elem_id="question", scale=8, lines=1, max_lines=6,
                                              min_width=120)
                        ask = gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=64)
                        stop = gr.Button("Stop", variant="secondary", elem_id="stop", scale=1, min_width=64)
                    with gr.Column(visible=False, elem_id="suggestions-box") as suggestions_box:
                        gr.Markdown("**Suggested questions the documents answer**")
                        with gr.Row(elem_id="suggestions"):
                            suggestion_buttons = [gr.Button("", size="sm", visible=False, elem_id=f"suggestion-{i}")
                                                  for i in range(SUGGESTION_SLOTS)]
                    pending_reason = gr.State(None)
                    with gr.Column(visible=False, elem_id="feedback-reason") as reason_box:
                        reason = gr.Textbox(label="What was wrong with this answer? (optional)", lines=2,
                                            elem_id="feedback-reason-text")
                        send_reason = gr.Button("Send reason", size="sm", elem_id="feedback-reason-send")
                    gr.Examples([[q] for q in EXAMPLE_QUESTIONS], inputs=[question],
                                label="Example questions for trust staff")
                    with gr.Row():
                        new_chat = gr.Button("New conversation", size="sm", elem_id="new-chat")
                        export = gr.Button("Export conversation", size="sm", elem_id="export")
                    export_file = gr.File(label="Conversation (Markdown)", visible=False, interactive=False,
                                          elem_id="export-file")

                    chat_outputs = [question, chatbot, records, suggestions_box, *suggestion_buttons]
                    chat_io: dict[str, Any] = dict(fn=self.chat, outputs=chat_outputs, concurrency_id="engine", show_progress="minimal")
                    events = [question.submit(api_name="ask", inputs=[question, chatbot, records], **chat_io),
                              ask.click(api_visibility="undocumented", inputs=[question, chatbot, records], **chat_io)]
                    for button in suggestion_buttons:
                        events.append(button.click(api_visibility="private", inputs=[button, chatbot, records], **chat_io))
                    for event in events:
                        event.then(self.suggest, [records], [suggestions_box, *suggestion_buttons],
                                   api_visibility="private", concurrency_id="engine", show_progress="hidden")
                    # Cancel first, then mark the unfinished answer (an output of the cancelling event itself
                    # is dropped by the page along with the cancelled stream's).
                    stop.click(None, None, None, cancels=events, api_visibility="private", queue=False).then(  # type: ignore[arg-type]  # gradio: list invariance
                        self.stop, [chatbot, records], [chatbot, records, suggestions_box, *suggestion_buttons],
                        api_visibility="private", queue=False)
                    reset = [chatbot, records, export_file, reason_box, pending_reason, suggestions_box, *suggestion_buttons]
                    new_chat.click(self.new_conversation, None, reset, api_visibility="private", queue=False)
                    chatbot.like(self.like, [records], [reason_box, pending_reason], api_visibility="private", queue=False)
                    reason_io: dict[str, Any] = dict(fn=self.feedback_reason, inputs=[records, pending_reason, reason],
                                     outputs=[reason_box, pending_reason, reason], api_visibility="private", queue=False)
                    send_reason.click(**reason_io)
                    reason.submit(**reason_io)
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
                        doc_type = gr.Dropdown(["all", *DOC_TYPES], value="all", label="Type", scale=1,
                                               elem_id="library-type")
                        refresh = gr.Button("Refresh", scale=0, elem_id="library-refresh")
                    library = gr.HTML(elem_id="library", js_on_load=None)
                    reader = gr.Dropdown([], label="Read a document's full text", elem_id="library-read")
                    document = gr.HTML("", elem_id="document", js_on_load=None)
                    lib_io: dict[str, Any] = dict(fn=self.library, inputs=[query, doc_type], outputs=[library, reader])
                    query.change(api_visibility="private", **lib_io)
                    doc_type.change(api_visibility="private", **lib_io)
                    refresh.click(api_name="documents", **lib_io)
                    reader.change(self.read_document, [reader], [document], api_visibility="private")
                    blocks.load(api_visibility="private", **lib_io)
                    blocks.load(self.documents_as_of, None, [as_of], api_visibility="private")

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
                                to_delete = gr.Dropdown([], label="Delete an uploaded document", scale=3,
                                                        elem_id="admin-delete-choice")
                                delete = gr.Button("Delete…", variant="stop", scale=1, elem_id="admin-delete")
                            with gr.Column(visible=False, elem_id="admin-delete-confirm") as confirm_box:
                                confirm_text = gr.Markdown("", elem_id="admin-delete-question")
                                with gr.Row():
                                    confirm = gr.Button("Yes, delete it", variant="stop", elem_id="admin-delete-yes")
                                    cancel = gr.Button("Cancel", elem_id="admin-delete-cancel")
                            report = gr.HTML("", elem_id="admin-report", js_on_load=None)
                            sign_out = gr.Button("Sign out", size="sm")
                        private: dict[str, Any] = dict(api_visibility="private", concurrency_limit=1, concurrency_id="admin")
                        sign_in_io: dict[str, Any] = dict(fn=self.admin_sign_in, inputs=[user, password],
                                          outputs=[token, status, password, panel, login_box, to_delete])
                        # also signs the browser in to the JSON API, whose cookie the Gradio upload route checks
                        sign_in.click(**sign_in_io, **private, js=web_security.SIGN_IN_COOKIE_JS)
                        password.submit(**sign_in_io, **private)
                        sign_out.click(self.admin_sign_out, [token], [token, status, panel, login_box, report], **private)
                        # After any change to the index, the Library tab and the documents date are refreshed too.
                        refreshed: list[dict[str, Any]] = [dict(**lib_io, api_visibility="private"),
                                     dict(fn=self.documents_as_of, inputs=None, outputs=[as_of], api_visibility="private")]
                        for event in (upload.click(self.admin_upload, [token, files], [report, files, to_delete], **private),
                                      reingest.click(self.admin_reingest, [token], [report, to_delete], **private),
                                      confirm.click(self.admin_delete, [token, to_delete],
                                                    [report, to_delete, confirm_box, confirm_text], **private)):
                            event.then(**refreshed[0]).then(**refreshed[1])
                        delete.click(self.admin_confirm_delete, [token, to_delete], [confirm_box, confirm_text], **private)
                        cancel.click(self.admin_cancel_delete, None, [confirm_box, confirm_text], **private)
                        to_delete.change(self.admin_cancel_delete, None, [confirm_box, confirm_text], **private)
        return blocks

