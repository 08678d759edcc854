"""Request checks the web app applies before any route or Gradio handler runs (used by ``assistant.web``).

* **Client address.** The direct peer, unless the peer is a configured proxy
  (``settings.trusted_proxies``, default none): then the right-most ``X-Forwarded-For`` entry that is
  not itself a trusted proxy. uvicorn's own proxy-header handling is switched off (it trusts
  127.0.0.1 by default, which let anyone on the machine pick their address).
* **Origin.** A browser on another origin (another port of the same host is another origin, yet the
  same *site*, so ``SameSite=Strict`` cookies do go along) must not change anything: state-changing
  requests whose ``Origin`` or ``Sec-Fetch-Site`` shows another origin are refused with 403, CORS
  preflights from other origins get no CORS answer, and CORS headers Gradio would add for them are
  removed. Scripts send neither header and are unaffected.
* **Browsers and HTTP Basic.** Basic credentials are cached by browsers and sent cross-site, so they are
  honoured only for requests that carry no browser fetch metadata (scripts); browsers sign in for a
  cookie session.
* **Gradio's routes.** ``/gradio_api/upload`` needs a signed-in admin session cookie; every other
  Gradio POST is held to the JSON body limit and to ``HARD_MAX_TEXT`` characters per string, checked
  before Gradio stores anything in the session.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("assistant.web")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SAME_ORIGIN_FETCH = frozenset({"same-origin", "none"})  # "none": typed into the address bar, a bookmark


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


# --- client address ---------------------------------------------------------------------------------
def resolve_client(scope, trusted_proxies: frozenset[str]) -> str:
    """The client's address: the peer, or what a trusted proxy in front of us says it is."""
    peer = scope.get("client")
    address = peer[0] if peer else "unknown"
    if not trusted_proxies or address not in trusted_proxies:
        return address
    forwarded = [part.strip() for part in (_header(scope, b"x-forwarded-for") or "").split(",") if part.strip()]
    for hop in reversed(forwarded):  # appended by each proxy: the right-most untrusted hop is the client
        if hop not in trusted_proxies:
            return hop[:64]
    return address


# --- origin -------------------------------------------------------------------------------------------
def own_origin(scope) -> str | None:
    host = _header(scope, b"host")
    return f"{scope.get('scheme', 'http')}://{host}".lower() if host else None


def _normal_origin(origin: str) -> str:
    parts = urlsplit(origin.strip().lower())
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = parts.hostname or ""
    port = parts.port
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def foreign_origin(scope, allowed: frozenset[str]) -> str | None:
    """The reason to refuse when a browser on another origin sent this request, else None."""
    fetch_site = _header(scope, b"sec-fetch-site")
    origin = _header(scope, b"origin")
    if origin is not None:
        if origin.strip().lower() == "null":
            return "requests from an opaque origin are not accepted"
        own = own_origin(scope)
        try:
            if (own and _normal_origin(origin) == _normal_origin(own)) or _normal_origin(origin) in allowed:
                return None
        except ValueError:
            pass
        return "cross-origin requests are not accepted"
    if fetch_site is not None and fetch_site.lower() not in SAME_ORIGIN_FETCH:
        return "cross-origin requests are not accepted"
    return None


def normal_origins(origins) -> frozenset[str]:
    return frozenset(_normal_origin(o) for o in origins)


def is_browser_request(headers) -> bool:
    """Browsers send fetch metadata (and an Origin on POST); scripts such as curl send neither."""
    return any(headers.get(name) is not None for name in ("sec-fetch-site", "sec-fetch-mode", "origin"))


def strip_cors(message) -> None:
    """Remove Access-Control-* response headers (Gradio's CORS middleware answers localhost origins)."""
    message["headers"] = [(k, v) for k, v in message.get("headers", []) if not k.lower().startswith(b"access-control-")]


# --- Gradio bodies ------------------------------------------------------------------------------------
def too_long_string(data, limit: int) -> int | None:
    """The length of the first string longer than ``limit`` anywhere in ``data`` (iteratively), else None."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) > limit:
                return len(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def check_gradio_body(body: bytes, limit: int) -> str | None:
    """Why a Gradio JSON body is refused (a string over ``limit`` characters), else None."""
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return None  # not JSON: Gradio answers that itself, and nothing is stored
    length = too_long_string(data, limit)
    if length is not None:
        return f"a text field is {length:,} characters long; the limit is {limit:,}"
    return None


# --- messages -----------------------------------------------------------------------------------------
def public_store_message() -> str:
    """What anonymous users see when the index is unavailable: no paths, no server addresses."""
    return "the document index is not available right now; try again shortly"


def storage_problem(exc: OSError, what: str) -> str:
    """An operator-readable sentence for a failed write (no path: the log has it)."""
    reasons: dict[int | None, str] = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    return f"{what} could not be written: {reasons.get(exc.errno, exc.strerror or 'input/output error')}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&])")


def escape_markdown(text) -> str:
    """Text for a Markdown export: markup characters backslash-escaped and HTML's ``<`` and ``&`` made
    entities, so a document title like ``<img src=x onerror=...>`` stays text in any Markdown viewer."""
    text = " ".join(str(text or "").split())
    return _MARKDOWN_SPECIAL.sub(lambda m: {"<": "&lt;", "&": "&amp;"}.get(m.group(1), "\\" + m.group(1)), text)


# --- temp files -----------------------------------------------------------------------------------------
def sweep(folders, max_age_s: float, now: float | None = None) -> int:
    """Delete files older than ``max_age_s`` under ``folders`` (and then empty folders); returns the count."""
    now = time.time() if now is None else now
    removed = 0
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root, topdown=False):
            for name in filenames:
                path = Path(dirpath) / name
                try:
                    if now - path.lstat().st_mtime > max_age_s:
                        path.unlink()
                        removed += 1
                except OSError:
                    continue  # gone already, or not ours to delete
            if Path(dirpath) != root:
                try:
                    os.rmdir(dirpath)  # only succeeds when empty
                except OSError:
                    pass
    return removed


class Sweeper:
    """A daemon thread that runs ``sweep`` every ``interval_s``; folders may be added later."""

    def __init__(self, folders, max_age_s: float, interval_s: float):
        self.folders = list(folders)
        self.max_age_s = max_age_s
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="temp-sweeper", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                removed = sweep(self.folders, self.max_age_s)
                if removed:
                    log.info("temp files removed", extra={"files": removed})
            except Exception:  # a sweep must never take the app down
                log.exception("temp sweep failed")

    def stop(self) -> None:
        self._stop.set()


# The Admin tab signs in through Gradio (a token in server-side state), but Gradio's upload route only
# sees cookies. Run on the sign-in button (``sign_in.click(..., js=SIGN_IN_COOKIE_JS)``) it also signs the
# browser in to the JSON API, which sets the HttpOnly session cookie the upload route checks. It passes
# the inputs through unchanged.
SIGN_IN_COOKIE_JS = """async (user, password, ...rest) => {
  try {
    await fetch("api/admin/login", {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify({user: user, password: password})});
  } catch (e) {}
  return [user, password, ...rest];
}"""
