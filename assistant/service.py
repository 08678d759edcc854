"""The one facade every entry point uses: the CLI, the JSON API and the Gradio UI call these methods.

Nothing is answered, checked or ingested anywhere else, so the three surfaces cannot drift apart.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from pathlib import Path

from .config import Settings
from .index import IndexHandle
from .ingestion import default_sources, run_ingest
from .store import IndexStore
from .types import Answer, CheckResult, IngestReport, InvalidRequest

log = logging.getLogger(__name__)

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Assistant:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.index = IndexHandle(settings)
        self._ingest_lock = threading.Lock()
        self._llm = None
        if settings.llm:
            from .llm import LLMAnswerer

            self._llm = LLMAnswerer(settings)

    # --- questions -------------------------------------------------------------------------------
    def ask(self, question, history=None, filters: dict | None = None) -> Answer:
        from .answering import answer_question

        question = self.clean_text(question, "question")
        history = self.clean_history(history)
        snapshot = self.index.get()
        return answer_question(snapshot, question, history, filters or {}, llm=self._llm)

    def check(self, text) -> list[CheckResult]:
        """A claim or a paragraph: each sentence-sized claim gets its own verdict."""
        from .factcheck import check_text

        text = self.clean_text(text, "claim")
        return check_text(self.index.get(), text)

    def check_claim(self, claim) -> CheckResult:
        from .factcheck import check_claim

        return check_claim(self.index.get(), self.clean_text(claim, "claim"))

    # --- library and admin -----------------------------------------------------------------------
    def documents(self) -> dict:
        manifest = IndexStore(self.settings).current_manifest()
        if manifest is None:
            return {"index_version": None, "created_at": None, "documents": []}
        documents = [
            {
                "source": entry.source,
                "title": entry.title,
                "doc_type": entry.doc_type,
                "published": entry.published,
                "publisher": entry.publisher,
                "url": entry.url,
                "chunks": entry.chunks,
                "ingested_at": entry.ingested_at,
            }
            for entry in sorted(manifest.documents.values(), key=lambda e: e.source)
        ]
        return {"index_version": manifest.version, "created_at": manifest.created_at, "documents": documents}

    def ingest(self, sources: list[Path] | None = None, rebuild: bool = False, dry_run: bool = False) -> IngestReport:
        with self._ingest_lock:
            report = run_ingest(self.settings, sources if sources is not None else default_sources(self.settings), rebuild, dry_run)
        if report.index_version and not dry_run:
            try:  # the admin who published sees the new version on their next question; others never wait
                self.index.refresh()
            except Exception:
                log.exception("loading the new index version after an ingest failed; it loads on the next request")
        return report

    def save_upload(self, filename: str, data: bytes) -> Path:
        """Store an admin upload under a sanitised name in the upload folder (not yet ingested)."""
        from .loaders import SUPPORTED_SUFFIXES

        name = sanitise_filename(filename)
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise InvalidRequest(f"unsupported file type; upload one of {', '.join(SUPPORTED_SUFFIXES)}")
        if len(data) > self.settings.max_upload_mb * 1024 * 1024:
            raise InvalidRequest(f"file is over the {self.settings.max_upload_mb:g} MB upload limit")
        for folder in default_sources(self.settings):
            if (Path(folder) / name).exists() and Path(folder).resolve() != Path(self.settings.upload_dir).resolve():
                raise InvalidRequest(f"a document named {name!r} already exists in {folder}; rename the upload")
        upload_dir = Path(self.settings.upload_dir)
        upload_dir.mkdir(parents=True, exist_ok=True)
        target = upload_dir / name
        tmp = upload_dir / f".{name}.partial"
        tmp.write_bytes(data)
        tmp.replace(target)  # never leave a half-written file where ingest would read it
        return target

    def delete_document(self, source: str) -> IngestReport:
        """Remove a document's file from its source folder and re-ingest, so the index drops it."""
        if not isinstance(source, str) or not source or source not in {d["source"] for d in self.documents()["documents"]}:
            raise InvalidRequest(f"no indexed document named {source!r}")
        for folder in default_sources(self.settings):
            root = Path(folder).resolve()
            path = (root / source).resolve()
            if path.is_relative_to(root) and path.is_file():
                path.unlink()
                break
        return self.ingest()

    def health(self) -> dict:
        started = time.perf_counter()
        try:
            snapshot = self.index.get()
        except Exception as exc:  # any store failure is reported, never raised to a prober
            return {"status": "unavailable", "error": str(exc)}
        return {
            "status": "ok",
            "index_version": snapshot.version,
            "documents": len(snapshot.documents),
            "chunks": len(snapshot),
            "llm": self.settings.llm or None,
            "vector_store": "chroma-server" if self.settings.chroma_url else "chroma-embedded",
            "ms": round((time.perf_counter() - started) * 1000, 2),
        }

    # --- input validation ------------------------------------------------------------------------
    def clean_text(self, value, what: str) -> str:
        if not isinstance(value, str):
            raise InvalidRequest(f"the {what} must be text, not {type(value).__name__}")
        value = CONTROL_CHARS.sub(" ", value).strip()
        if not value:
            raise InvalidRequest(f"the {what} is empty")
        if len(value) > self.settings.max_question_chars:
            raise InvalidRequest(
                f"the {what} is {len(value):,} characters long; the limit is {self.settings.max_question_chars:,}"
            )
        return value

    def clean_history(self, history) -> list[dict]:
        if history is None:
            return []
        if not isinstance(history, list):
            raise InvalidRequest("history must be a list of {role, content} messages")
        cleaned = []
        for message in history[-12:]:  # older turns cannot change how a follow-up is read
            if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
                raise InvalidRequest("each history message needs a role of 'user' or 'assistant' and a content")
            content = message.get("content")
            if not isinstance(content, str):
                raise InvalidRequest("history message content must be text")
            cleaned.append({"role": message["role"], "content": CONTROL_CHARS.sub(" ", content)[:20000]})
        return cleaned


def sanitise_filename(filename: str) -> str:
    """A plain file name: no folders, no hidden files, only safe characters, bounded length."""
    if not isinstance(filename, str):
        raise InvalidRequest("file name must be text")
    name = Path(filename.replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:100] or "upload"
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix)[:10].lower()
    return f"{stem}.{suffix}" if suffix else stem
