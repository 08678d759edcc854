"""Structured logging for the web app: one JSON object per line, with the request id of the request being served.

Only fields that are explicitly passed are written. Questions are cut to 200 characters; passwords, cookies
and authorization headers are never handed to the logger in the first place (see ``assistant.web``).
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

MAX_TEXT_CHARS = 200
# Field names that must never reach a log line even if a caller passes them by mistake.
SECRET_KEYS = frozenset({"password", "admin_password", "cookie", "authorization", "token", "session", "secret"})

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def clip(text: str | None, limit: int = MAX_TEXT_CHARS) -> str | None:
    """Text cut to ``limit`` characters (marked with an ellipsis), for log fields that carry user input."""
    if text is None:
        return None
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            data["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key in _RESERVED or key.startswith("_") or key in ("request_id", "color_message"):
                continue
            if key.lower() in SECRET_KEYS:
                data[key] = "[redacted]"
                continue
            data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def configure_logging(level: str | int = "INFO", stream=None) -> None:
    """Send every log record (ours, uvicorn's, gradio's) through one JSON handler on stderr."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_assistant_json", False):
            root.removeHandler(old)
    handler._assistant_json = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own access log would duplicate our per-request line (and print query strings verbatim).
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("httpx", "httpcore", "chromadb", "urllib3", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
