"""The web app: a JSON API and the Gradio UI on one FastAPI app, both calling only the ``Assistant`` facade.

``create_app(settings)`` builds the app (a TestClient can drive it); ``serve(settings)`` runs it with uvicorn.

Concurrency (the machine this targets has 2 cores and no GPU):

* Answering and fact checking are CPU-bound and synchronous (query embedding, vector maths, BM25).
  They run in worker threads behind ONE ``anyio.CapacityLimiter(settings.concurrency_limit)`` that the
  JSON API and the Gradio handlers share, so the event loop stays free: ``/healthz``, the library
  and static files answer while answers are being computed. The default of 4 is about 2 per core:
  torch and numpy release the GIL, so a little overlap keeps both cores busy, while more threads
  would only make every answer slower (they all compete for the same two cores).
* Callers beyond the limit wait without holding a thread. The API refuses with 503 + Retry-After
  once ``16 x concurrency_limit`` requests are already waiting, and the Gradio queue has the same
  ``max_size``, so an overload gets a quick "busy" instead of a minutes-long wait.
* Ingest (admin) runs in its own single-slot limiter, so re-indexing never takes answering slots.
* Everything else (health, documents, uploads' file writes) uses the default thread pool.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import secrets
import time
from typing import Any, Literal, cast

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported anywhere

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders, UploadFile
from starlette.exceptions import HTTPException

from .auth import COOKIE_NAME, SESSION_TTL_S, AdminAuth, SignInFailed, TooManyAttempts
from .config import Settings
from . import web_security
from .errors import describe
from .feedback import FeedbackLog
from .logging_setup import clip, request_id_var
from .service import NothingAccepted
from .store import IngestInProgress, StoreError
from .types import Answer, Citation, CheckResult, IngestReport, InvalidRequest

log = logging.getLogger("assistant.web")

# Hard caps on request bodies, checked while the body streams in (before any parsing). The precise
# question limit (settings.max_question_chars) is applied by the facade with a friendlier message.
HARD_MAX_TEXT = 20_000
MAX_HISTORY_MESSAGES = 50
JSON_BODY_LIMIT = 512 * 1024
MAX_UPLOAD_FILES = 20
QUEUE_FACTOR = 16


# --- request models -------------------------------------------------------------------------------
class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: StrictStr = Field(max_length=HARD_MAX_TEXT)


class AskRequest(BaseModel):
    question: StrictStr = Field(max_length=HARD_MAX_TEXT, description="The question, in plain text.",
                                examples=["How much money was in the AI Diagnostic Fund?"])
    history: list[Message] | None = Field(None, max_length=MAX_HISTORY_MESSAGES,
                                          description="Earlier turns, oldest first, for follow-up questions.")


class CheckRequest(BaseModel):
    claim: StrictStr = Field(max_length=HARD_MAX_TEXT, description="A claim or a paragraph of claims.",
                             examples=["The AI Diagnostic Fund was worth £21 million."])


class LoginRequest(BaseModel):
    user: StrictStr = Field(max_length=256)
    password: StrictStr = Field(max_length=1024)


class ErrorBody(BaseModel):
    error: str


class CheckResponse(BaseModel):
    """The first claim's result at the top level (a single claim needs nothing else), plus every claim."""

    claim: str
    verdict: Literal["supported", "contradicted", "not_found"]
    explanation: str
    evidence: list[Citation]
    timings_ms: dict[str, float] = {}
    claims: list[CheckResult]


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorBody, "description": "Invalid request"},
          503: {"model": ErrorBody, "description": "Index not ready, or too busy"}}
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody, "description": "Admin sign-in required"},
                429: {"model": ErrorBody, "description": "Too many failed sign-ins (see Retry-After)"},
                **ERRORS}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body is larger than {limit:,} bytes")


# --- middleware -----------------------------------------------------------------------------------
class RequestContextMiddleware:
    """Request id, client address, origin check, body-size limits, security headers, one JSON log line
    per request, and the catch-all: an unexpected exception becomes ``500 {"error": "internal error",
    "request_id"}`` (logged with its traceback), never a stack trace to the user. The checks themselves
    are in ``assistant.web_security``."""

    def __init__(self, app, upload_limit: int, block_gradio_upload: bool = False, *, auth: AdminAuth | None = None,
                 trusted_proxies=(), allowed_origins=()):
        self.app = app
        self.upload_limit = upload_limit
        # Gradio's file-upload route serves only the Admin tab's file input: closed when there is no admin,
        # and open only to a signed-in admin's session cookie when there is.
        self.block_gradio_upload = block_gradio_upload
        self.auth = auth
        self.trusted_proxies = frozenset(trusted_proxies)
        self.allowed_origins = web_security.normal_origins(allowed_origins)

    def _limit(self, path: str) -> int | None:
        if path == "/api/admin/upload":
            return self.upload_limit
        if path.startswith("/api/") or path == "/healthz" or "/gradio_api/" in path and not _is_gradio_upload(path):
            return JSON_BODY_LIMIT
        return None  # Gradio enforces its own max_file_size on its upload route

    def _refusal(self, scope, path: str) -> tuple[int, str] | None:
        method = scope.get("method", "GET")
        headers = {k: v for k, v in scope.get("headers", [])}
        preflight = method == "OPTIONS" and b"access-control-request-method" in headers
        if method in web_security.UNSAFE_METHODS or preflight:
            reason = web_security.foreign_origin(scope, self.allowed_origins)
            if reason:
                return 403, reason
        if _is_gradio_upload(path):
            if self.block_gradio_upload:
                return 404, "Not Found"
            cookie = _cookie(headers.get(b"cookie", b"").decode("latin-1"), COOKIE_NAME)
            if self.auth is None or not self.auth.token_from_cookie(cookie):
                return 401, "admin sign-in required"
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = secrets.token_hex(8)
        context = request_id_var.set(request_id)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        path = scope.get("path", "")
        peer = scope.get("client")
        scope["client"] = (web_security.resolve_client(scope, self.trusted_proxies), peer[1] if peer else 0)
        started = time.perf_counter()
        status = {"code": None}
        limit = self._limit(path)
        received = 0
        origin = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"origin"), None)
        keep_cors = origin is not None and web_security.normal_origins([origin]) <= self.allowed_origins

        async def receive_limited():
            nonlocal received
            message = await receive()
            if limit is not None and message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                if not keep_cors:
                    web_security.strip_cors(message)
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # no clickjacking of the admin tab
                if path.startswith("/api/") or path == "/healthz":
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        try:
            declared = _content_length(scope)
            refusal = self._refusal(scope, path)
            if limit is not None and declared is not None and declared > limit:
                await _send_json(send_with_headers, 413, {"error": f"request body is larger than {limit:,} bytes"})
            elif refusal is not None:
                state["outcome"] = "refused"
                await _send_json(send_with_headers, refusal[0], {"error": refusal[1]})
            elif "/gradio_api/" in path and scope.get("method") == "POST" and not _is_gradio_upload(path):
                # Read the (size-limited) body first so that no over-long text reaches Gradio's session state.
                body = bytearray()
                while True:
                    message = await receive_limited()
                    body += message.get("body", b"")
                    if message["type"] != "http.request" or not message.get("more_body"):
                        break
                problem = web_security.check_gradio_body(bytes(body), HARD_MAX_TEXT)
                if problem:
                    state["outcome"] = "invalid"
                    await _send_json(send_with_headers, 413, {"error": problem})
                else:
                    await self.app(scope, _replay(bytes(body), receive), send_with_headers)
            else:
                await self.app(scope, receive_limited, send_with_headers)
        except BodyTooLarge as exc:
            if status["code"] is None:
                await _send_json(send_with_headers, 413, {"error": exc.detail})
        except Exception:
            log.exception("unhandled error", extra={"method": scope.get("method"), "path": path, "request_id": request_id})
            if status["code"] is None:
                await _send_json(send_with_headers, 500, {"error": "internal error", "request_id": request_id})
        finally:
            fields = {
                "request_id": request_id,
                "method": scope.get("method"),
                "path": path,
                "status": status["code"],
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            for key in ("outcome", "question", "claims", "index_version"):
                if state.get(key) is not None:
                    fields[key] = state[key]
            log.info("request", extra=fields)
            request_id_var.reset(context)


def _is_gradio_upload(path: str) -> bool:
    return path.rstrip("/").endswith("/gradio_api/upload")


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _replay(body: bytes, receive):
    """The already-read body once, then the client's own messages (a disconnect, in the end)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_json(send, status: int, body: dict) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


# --- the app --------------------------------------------------------------------------------------
class Engine:
    """Runs the facade's CPU-bound calls in worker threads behind the shared limiter."""

    def __init__(self, concurrency_limit: int):
        self.limiter = anyio.CapacityLimiter(concurrency_limit)
        self.admin_limiter = anyio.CapacityLimiter(1)
        self.max_waiting = QUEUE_FACTOR * concurrency_limit

    async def run(self, fn, *args, **kwargs):
        if self.limiter.statistics().tasks_waiting >= self.max_waiting:
            raise HTTPException(503, "the assistant is busy; try again shortly", headers={"Retry-After": "2"})
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self.limiter)

    async def run_admin(self, fn, *args, **kwargs):
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self.admin_limiter)


def client_ip(request: Request) -> str:
    # Resolved by the middleware: the peer, or what a configured proxy reports (never a client's header).
    return request.client.host if request.client else "unknown"


def create_app(settings: Settings, assistant=None, *, ui: bool = True) -> FastAPI:
    """The FastAPI app with the JSON API and (unless ``ui=False``) the Gradio UI mounted at ``/``.

    ``assistant`` defaults to one ``Assistant(settings)`` created here and shared by every request.
    """
    if assistant is None:
        from .service import Assistant

        assistant = Assistant(settings)
    auth = AdminAuth(settings)
    engine = Engine(settings.concurrency_limit)
    feedback = FeedbackLog(settings.feedback_log, per_minute=settings.feedback_per_minute)

    # Swagger UI from the fastapi-offline package's own files (FastAPI's default fetches it from a CDN).
    app = FastAPIOffline(
        title="AI Diagnostic Fund assistant",
        version="1",
        description="Answers about the UK's £21m AI Diagnostic Fund from an indexed document collection, "
        "with citations. Every answer and fact check comes from the same `Assistant` facade as the UI.",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.assistant = assistant
    app.state.auth = auth
    app.state.engine = engine
    app.state.feedback = feedback
    app.state.settings = settings

    _install_error_handlers(app)
    # Uploads: at most 5 files of the per-file limit in one request (the facade checks each file).
    app.add_middleware(RequestContextMiddleware, upload_limit=int(settings.max_upload_mb * 5 * 1024 * 1024) + 65536,
                       block_gradio_upload=not auth.enabled, auth=auth, trusted_proxies=settings.trusted_proxies,
                       allowed_origins=settings.allowed_origins)

    def note(request: Request, **fields) -> None:
        for key, value in fields.items():
            setattr(request.state, key, value)

    # --- public API ------------------------------------------------------------------------------
    @app.post("/api/ask", tags=["assistant"], responses=ERRORS, response_model=Answer,
              summary="Answer a question from the indexed documents, with [n] citations")
    async def ask(body: AskRequest, request: Request) -> dict:
        note(request, question=clip(body.question))
        history = [m.model_dump() for m in body.history] if body.history else None
        answer = await engine.run(assistant.ask, body.question, history)
        note(request, outcome="abstained" if answer.abstained else "answered", index_version=answer.index_version)
        return answer.to_dict()

    @app.post("/api/check", tags=["assistant"], responses=ERRORS, response_model=CheckResponse,
              summary="Fact-check a claim (or each claim of a paragraph) against the documents")
    async def check(body: CheckRequest, request: Request) -> dict:
        note(request, question=clip(body.claim))
        results = await engine.run(assistant.check, body.claim)
        claims = [result.to_dict() for result in results]
        note(request, outcome="verdict:" + ",".join(c["verdict"] for c in claims), claims=len(claims))
        if not claims:
            raise InvalidRequest("no checkable claim was found in the text")
        return {**claims[0], "claims": claims}

    @app.get("/api/documents", tags=["library"], summary="Every indexed document and the index version")
    async def documents() -> dict:
        return await run_in_threadpool(assistant.documents)

    @app.get("/healthz", tags=["ops"], summary="Index version and document count; 503 when unavailable")
    async def healthz(request: Request):
        health = await run_in_threadpool(assistant.health)
        ok = health.get("status") == "ok"
        note(request, outcome=health.get("status"))
        if not ok and "error" in health:  # the reason names paths or the Chroma address: log it, do not show it
            log.warning("index unavailable: %s", health["error"])
            health["error"] = web_security.public_store_message()
        return JSONResponse(health, status_code=200 if ok else 503)

    # --- admin API (absent, hence 404, unless admin credentials are configured) ------------------
    if auth.enabled:
        _add_admin_routes(app, settings, assistant, auth, engine, note)

    if ui:
        _mount_ui(app, settings, assistant, auth, engine, feedback)
    return app


def _add_admin_routes(app: FastAPI, settings: Settings, assistant, auth: AdminAuth, engine: Engine, note) -> None:
    def require_admin(request: Request) -> str:
        """A live signed session cookie, or HTTP Basic with the admin credentials from a script (browsers
        cache Basic credentials and send them cross-site, so a browser must sign in); else 401 (or 429)."""
        token = auth.token_from_cookie(request.cookies.get(COOKIE_NAME))
        if token:
            return token
        if web_security.is_browser_request(request.headers):
            raise HTTPException(401, "admin sign-in required (HTTP Basic is for scripts; sign in from a browser)")
        try:
            if auth.basic_ok(request.headers.get("authorization"), client_ip(request)):
                return ""
        except TooManyAttempts as exc:
            raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after)}) from None
        raise HTTPException(401, "admin sign-in required", headers={"WWW-Authenticate": 'Basic realm="admin"'})

    @app.post("/api/admin/login", tags=["admin"], responses=ADMIN_ERRORS,
              summary="Sign in; sets an HttpOnly, SameSite=Strict session cookie")
    async def login(body: LoginRequest, request: Request):
        try:
            token = auth.sign_in(body.user, body.password, client_ip(request))
        except TooManyAttempts as exc:
            note(request, outcome="login_throttled")
            return JSONResponse({"error": str(exc)}, status_code=429, headers={"Retry-After": str(exc.retry_after)})
        except SignInFailed as exc:
            note(request, outcome="login_failed")
            headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
            return JSONResponse({"error": str(exc)}, status_code=401, headers=headers)
        note(request, outcome="login_ok")
        response = JSONResponse({"ok": True, "expires_in": SESSION_TTL_S})
        response.set_cookie(COOKIE_NAME, auth.cookie_value(token), max_age=SESSION_TTL_S, path="/",
                            httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    @app.post("/api/admin/logout", tags=["admin"], responses=ADMIN_ERRORS, summary="End the session")
    async def logout(request: Request, token: str = Depends(require_admin)):
        auth.end_session(token)
        response = JSONResponse({"ok": True})
        response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
        return response

    upload_doc = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["files"],
        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}

    @app.post("/api/admin/upload", tags=["admin"], responses=ADMIN_ERRORS, response_model=IngestReport,
              openapi_extra=upload_doc,
              summary="Upload documents (.md .txt .html .pdf .docx, field 'files') and ingest them")
    async def upload(request: Request, _: str = Depends(require_admin)) -> dict | JSONResponse:
        # The body is parsed only after the session check, so anonymous uploads are never spooled.
        try:
            form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=MAX_UPLOAD_FILES)
        except HTTPException:
            raise
        except OSError as exc:  # spooling the upload to a temporary file failed: disk full, read-only, ...
            log.error("upload spool failed: %s", exc)
            return JSONResponse({"error": web_security.storage_problem(exc, "the upload")}, status_code=507)
        except Exception:
            raise InvalidRequest("the upload must be multipart/form-data with one or more 'files' fields") from None
        files = cast(list[UploadFile], [item for item in form.getlist("files") if hasattr(item, "read")])
        if not files:
            raise InvalidRequest("no files in the upload; send them as multipart form fields named 'files'")
        uploads = []
        for item in files:
            uploads.append((item.filename or "upload", await item.read()))
            await item.close()
        try:
            report = await engine.run_admin(assistant.upload_and_ingest, uploads)
        except NothingAccepted as exc:
            return JSONResponse({"error": str(exc), "failed": [f.__dict__ for f in exc.failed]}, status_code=400)
        note(request, outcome=f"ingest:+{len(report.added)}~{len(report.updated)}!{len(report.failed)}")
        return report.to_dict()

    @app.post("/api/admin/reingest", tags=["admin"], responses=ADMIN_ERRORS, response_model=IngestReport,
              summary="Re-ingest the configured source folders (and uploads); rebuild=true re-embeds all")
    async def reingest(request: Request, rebuild: bool = False, _: str = Depends(require_admin)) -> dict:
        report = await engine.run_admin(assistant.ingest, rebuild=rebuild)
        note(request, outcome=f"ingest:+{len(report.added)}~{len(report.updated)}-{len(report.removed)}")
        return report.to_dict()

    @app.get("/api/admin/uploads/failed", tags=["admin"], responses=ADMIN_ERRORS,
             summary="Uploaded files that are not in the index, with the reason each failed")
    async def failed_uploads(_: str = Depends(require_admin)) -> dict:
        return {"failed": await run_in_threadpool(assistant.failed_uploads)}

    @app.delete("/api/admin/uploads/{name}", tags=["admin"], responses=ADMIN_ERRORS,
                summary="Remove an uploaded file that failed to ingest")
    async def remove_upload(name: str, request: Request, _: str = Depends(require_admin)) -> dict:
        await run_in_threadpool(assistant.remove_failed_upload, name)
        note(request, outcome="upload_removed")
        return {"ok": True, "removed": name}

    @app.delete("/api/admin/documents/{source:path}", tags=["admin"], responses=ADMIN_ERRORS, response_model=IngestReport,
                summary="Delete a document's file and re-ingest so the index drops it")
    async def delete_document(source: str, request: Request, _: str = Depends(require_admin)) -> dict:
        report = await engine.run_admin(assistant.delete_document, source)
        note(request, outcome=f"deleted:{len(report.removed)}")
        return report.to_dict()


def _install_error_handlers(app: FastAPI) -> None:
    async def problem(request: Request, exc: Exception):
        # Admin routes have checked the session by now: an admin sees the reason of a 503; anyone else
        # only that the index is unavailable (the reason can name server paths and the Chroma address).
        found = describe(exc, admin=request.url.path.startswith("/api/admin/"))
        request.state.outcome = found.outcome
        if found.status == 503:
            log.warning("index unavailable: %s", exc)
        body = {"error": found.message, "request_id": getattr(request.state, "request_id", None)}
        return JSONResponse(body, status_code=found.status, headers=found.headers or None)

    for kind in (InvalidRequest, IngestInProgress, StoreError):
        app.add_exception_handler(kind, problem)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        # Wrong JSON types are the caller's mistake: 400 with the field and the problem. The offending
        # input is never echoed (it could be a password or a megabyte of text).
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
            if error.get("type") == "json_invalid":
                problems.append({"field": "body", "problem": "the request body is not valid JSON"})
            else:
                problems.append({"field": where, "problem": error.get("msg", "invalid")})
        request.state.outcome = "invalid"
        message = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5]) or "invalid request"
        return JSONResponse({"error": message, "details": problems[:20]}, status_code=400)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


def _mount_ui(app: FastAPI, settings: Settings, assistant, auth: AdminAuth, engine: Engine, feedback: FeedbackLog):
    import gradio as gr

    from .web_ui import CSS, JS, WebUI, theme

    web_ui = WebUI(settings, assistant, auth, engine, feedback)
    blocks = web_ui.build()
    blocks.queue(default_concurrency_limit=settings.concurrency_limit, max_size=QUEUE_FACTOR * settings.concurrency_limit)
    # Uploads and served files in Gradio's cache, and our exports, are deleted once older than temp_max_age_s.
    blocks.delete_cache = (int(settings.temp_sweep_interval_s), int(settings.temp_max_age_s))
    app.state.sweeper = web_security.Sweeper([web_ui.export_dir], settings.temp_max_age_s, settings.temp_sweep_interval_s)
    app.state.sweeper.start()
    app.state.web_ui = web_ui
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        server_name=settings.host,
        server_port=settings.port,
        footer_links=["api"],
        run_history=False,  # nothing is kept in the browser, and no hub bucket is offered
        mcp_server=False,
        ssr_mode=False,  # no Node server
        pwa=False,
        enable_monitoring=False,
        show_error=False,  # only gr.Error messages (written for users) reach the page, never an exception's text
        max_file_size=int(settings.max_upload_mb * 1024 * 1024),
        theme=theme(),  # Gradio's default (fonts served locally: no font CDN), in colours that pass WCAG AA
        css=CSS,
        js=JS,
    )


# --- serving --------------------------------------------------------------------------------------
def serve(settings: Settings) -> None:
    """Run the app with uvicorn until interrupted. Prints the URL once the socket is listening."""
    import threading

    import uvicorn

    from .logging_setup import configure_logging

    configure_logging("INFO", capture_stderr=True)
    app = create_app(settings)
    # Load the index and the embedding model in the background so the first question is quick,
    # while /healthz already answers (503 until the index is loaded, if it is missing).
    threading.Thread(target=app.state.assistant.health, name="warm-up", daemon=True).start()

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.started:
                print(f"Running on http://{_url_host(settings.host)}:{settings.port}", flush=True)

    config = uvicorn_config(app, settings)
    Server(config).run()


def uvicorn_config(app, settings: Settings):
    """uvicorn's settings for the app. Proxy headers are off: uvicorn would otherwise take the client
    address from X-Forwarded-For of any peer at 127.0.0.1; the middleware applies ``trusted_proxies``."""
    import uvicorn

    return uvicorn.Config(app, host=settings.host, port=settings.port, log_config=None, access_log=False,
                          server_header=False, timeout_graceful_shutdown=5, proxy_headers=False, forwarded_allow_ips="")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
