"""The one place that turns an exception into what a person is told (the JSON API and the UI both use it).

Messages for expected failures are written for users and admins; anything unexpected gets a short
reference that is also in the server log (with the traceback), never the exception's own text.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field

from starlette.exceptions import HTTPException

from .store import IngestInProgress, StoreError
from .types import InvalidRequest
from .web_security import public_store_message

log = logging.getLogger("assistant.errors")


@dataclass(frozen=True)
class Problem:
    status: int  # the HTTP status the JSON API answers with
    outcome: str  # the short label written to the request log
    message: str  # what the user or admin reads
    headers: dict[str, str] = field(default_factory=dict)


def describe(exc: BaseException, action: str = "request", admin: bool = False) -> Problem:
    """``action`` names what failed, for the log line of an unexpected error ("chat", "ingest", ...).
    Only an ``admin`` is told why the index is unavailable: the reason can name paths and addresses."""
    if isinstance(exc, InvalidRequest):
        return Problem(400, "invalid", str(exc))
    if isinstance(exc, IngestInProgress):  # a StoreError, so it is tested first
        return Problem(409, "ingest_busy", str(exc), {"Retry-After": "30"})
    if isinstance(exc, StoreError):
        message = f"The document index is not available right now: {exc}" if admin else public_store_message()
        return Problem(503, "index_unavailable", message, {"Retry-After": "10"})
    if isinstance(exc, HTTPException):  # raised on purpose, e.g. "the assistant is busy" (503)
        return Problem(exc.status_code, "busy" if exc.status_code == 503 else "http_error", str(exc.detail),
                       dict(exc.headers or {}))
    reference = secrets.token_hex(4)
    log.error("%s failed", action, exc_info=exc, extra={"reference": reference})
    return Problem(500, "error", f"Sorry, something went wrong (reference {reference}); see the server log.")
