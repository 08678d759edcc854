"""The one facade every entry point uses: the CLI, the JSON API and the Gradio UI call these methods.

Nothing is answered, checked or ingested anywhere else, so the three surfaces cannot drift apart.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from pathlib import Path

from .config import Settings
from .index import IndexHandle
from .ingestion import default_sources, run_ingest
from .store import IndexStore, StoreError
from .types import Answer, CheckResult, FileFailure, IngestReport, InvalidRequest

log = logging.getLogger(__name__)

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NothingAccepted(InvalidRequest):
    """An upload in which every file was refused; ``failed`` says why, file by file."""

    def __init__(self, failed: list[FileFailure]):
        super().__init__("no file was accepted")
        self.failed = failed


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
        from .answer.pipeline import answer_question

        question = self.clean_text(question, "question")
        history = self.clean_history(history)
        with self.index.serving():
            return answer_question(self.index.get(), question, history, filters or {}, llm=self._llm)

    def check(self, text) -> list[CheckResult]:
        """A claim or a paragraph: each sentence-sized claim gets its own verdict."""
        from .factcheck import check_text

        text = self.clean_text(text, "claim")
        with self.index.serving():
            return check_text(self.index.get(), text)

    def check_claim(self, claim) -> CheckResult:
        from .factcheck import check_claim

        claim = self.clean_text(claim, "claim")
        with self.index.serving():
            return check_claim(self.index.get(), claim)

    def explore(self, question, answer: Answer | None = None) -> dict:
        """What to show beside an answer: the passages it rests on (for an abstention, the closest
        passages instead) and up to three questions the documents do answer, drawn from them."""
        from .answer.pipeline import answer_question
        from .suggest import closest_passages, suggest_questions

        question = self.clean_text(question, "question")
        with self.index.serving():
            snapshot = self.index.get()
            if answer is not None and answer.citations:
                passages = answer.citations
            else:
                passages = closest_passages(snapshot, question)
            # Candidates are checked by the extractive composer alone: cheap, and what it answers the
            # LLM answers from the same passages.
            suggestions = suggest_questions(snapshot, question, passages,
                                            lambda candidate: answer_question(snapshot, candidate, [], {}), shown=answer)
        return {"passages": passages, "suggestions": suggestions}

    # --- library and admin -----------------------------------------------------------------------
    def documents(self) -> dict:
        manifest = IndexStore(self.settings).current_manifest()
        if manifest is None:
            return {"index_version": None, "created_at": None, "documents_as_of": None, "documents": []}
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
        return {
            "index_version": manifest.version,
            "created_at": manifest.created_at,
            "documents_as_of": documents_as_of(manifest.documents.values()),
            "documents": documents,
        }

    def ingest(self, sources: list[Path] | None = None, rebuild: bool = False, dry_run: bool = False) -> IngestReport:
        with self._ingest_lock:
            try:
                report = run_ingest(self.settings, sources if sources is not None else default_sources(self.settings),
                                    rebuild, dry_run)
            except OSError as exc:  # the index folder is read-only, the disk is full, ...
                from .web_security import storage_problem

                log.error("ingest could not write the index: %s", exc)
                raise StoreError(storage_problem(exc, "the index")) from exc
            if not dry_run:
                self._remember_failures(report)
        if report.index_version and not dry_run:
            try:  # the admin who published sees the new version on their next question; others never wait
                self.index.refresh()
            except Exception:
                log.exception("loading the new index version after an ingest failed; it loads on the next request")
        return report

    # Why each uploaded file failed at the last ingest, so that the Admin tab can list and remove them.
    def _failures_file(self) -> Path:
        return Path(self.settings.db) / "upload_failures.json"

    def _remember_failures(self, report: IngestReport) -> None:
        uploads = {p.name for p in self._upload_files()}
        failures = {Path(f.path).name: f.error for f in report.failed if Path(f.path).name in uploads}
        try:
            path = self._failures_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(json.dumps(failures))
            tmp.replace(path)
        except OSError as exc:  # the list is a convenience; the ingest itself succeeded
            log.warning("could not record upload failures: %s", exc)

    def _upload_files(self) -> list[Path]:
        folder = Path(self.settings.upload_dir)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))

    def failed_uploads(self) -> list[dict]:
        """Uploaded files that are not in the index, each with the reason its last ingest gave."""
        try:
            reasons = json.loads(self._failures_file().read_text())
        except (OSError, ValueError):
            reasons = {}
        manifest = IndexStore(self.settings).current_manifest()
        indexed = {Path(source).name for source in (manifest.documents if manifest else {})}
        return [{"name": p.name, "error": reasons.get(p.name, "not ingested yet")}
                for p in self._upload_files() if p.name not in indexed]

    def remove_failed_upload(self, name) -> None:
        """Delete an uploaded file that is not indexed (an indexed one is removed with ``delete_document``)."""
        if not isinstance(name, str) or name not in {f["name"] for f in self.failed_uploads()}:
            raise InvalidRequest(f"no failed upload named {name!r}")
        (Path(self.settings.upload_dir) / name).unlink(missing_ok=True)

    def save_upload(self, filename: str, data: bytes, taken=()) -> Path:
        """Store an admin upload under a sanitised name in the upload folder (not yet ingested).

        Uploading a file under its own name again replaces it (that is how a document is updated); a
        name that only *cleans up* to an existing file's name, or to a name already in this batch
        (``taken``), is refused instead of silently overwriting another document."""
        from .loaders import SUPPORTED_SUFFIXES

        name = sanitise_filename(filename)
        given = Path(str(filename).replace("\\", "/")).name
        if name in taken:
            raise InvalidRequest(f"another file in this upload is also named {name!r}; rename one of them")
        if given != name and (Path(self.settings.upload_dir) / name).exists():
            raise InvalidRequest(f"{given!r} would be stored as {name!r}, which already exists; rename the upload")
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

    def upload_and_ingest(self, files: list[tuple[str, bytes]]) -> IngestReport:
        """Store each upload, then ingest once. A refused file is reported, never fatal to the others;
        when every file is refused nothing is ingested and ``NothingAccepted`` says why."""
        from .web_security import storage_problem

        failed: list[FileFailure] = []
        saved: list[Path] = []
        for name, data in files:
            try:
                saved.append(self.save_upload(name, data, [p.name for p in saved]))
            except InvalidRequest as exc:
                failed.append(FileFailure(path=str(name), error=str(exc)))
            except OSError as exc:
                log.error("upload write failed: %s", exc)
                failed.append(FileFailure(path=str(name), error=storage_problem(exc, "the upload")))
        if not saved:
            raise NothingAccepted(failed)
        report = self.ingest()
        report.failed.extend(failed)
        return report

    def uploads(self) -> list[dict]:
        """Files in the upload folder (apart from the shipped corpus), and whether each is indexed:
        an upload that failed to load is listed too, so it can be removed."""
        folder = Path(self.settings.upload_dir)
        if not folder.is_dir():
            return []
        indexed = {d["source"] for d in self.documents()["documents"]}
        return [{"name": path.name, "indexed": path.name in indexed}
                for path in sorted(folder.iterdir()) if path.is_file() and not path.name.startswith(".")]

    def document_text(self, source: str) -> dict:
        """An indexed document's whole text, put back together from its chunks (they overlap)."""
        snapshot = self.index.get()
        chunks = sorted((c for c in snapshot.chunks if c.source == source), key=lambda c: c.start)
        if not chunks:
            raise InvalidRequest(f"no indexed document named {source!r}")
        pieces: list[str]
        pieces, end = [], 0
        for chunk in chunks:
            if chunk.end <= end:
                continue
            if chunk.start > end and pieces:
                pieces.append("\n\n")  # text between chunks is whitespace the chunker dropped
            pieces.append(chunk.text[max(0, end - chunk.start):])
            end = chunk.end
        first = chunks[0]
        return {"source": source, "title": first.title, "url": first.url, "published": first.published,
                "publisher": first.publisher, "doc_type": first.doc_type, "text": "".join(pieces)}

    def delete_document(self, source: str) -> IngestReport:
        """Remove a document's file from its source folder and re-ingest, so the index drops it.
        An upload that never got indexed (it failed to load) can be removed the same way."""
        upload = Path(self.settings.upload_dir) / source if isinstance(source, str) and source else None
        if upload is not None and upload.name == source and not source.startswith(".") and upload.is_file():
            upload.unlink()  # an upload, indexed or not
            return self.ingest()
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
            log.warning("index unavailable: %s", exc)
            return {"status": "unavailable", "error": str(exc)}
        try:
            self.index.store.current_manifest()
        except Exception as exc:  # the published version is broken: answers still come from the loaded one
            log.warning("published index unreadable, answering from %s: %s", snapshot.version, exc)
            return {"status": "degraded", "error": str(exc), "index_version": snapshot.version}
        return {
            "status": "ok",
            "index_version": snapshot.version,
            "documents": len(snapshot.documents),
            "documents_as_of": documents_as_of(snapshot.documents.values()),
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


def documents_as_of(entries) -> str | None:
    """The latest date any indexed document states: how current the answers can be."""
    from .loaders.dates import latest_published

    return latest_published([entry.published for entry in entries])


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
