"""Structured logging for the web app: one JSON object per line, with the request id of the request being served.

Only fields that are explicitly passed are written. Questions are cut to 200 characters; passwords, cookies
and authorization headers are never handed to the logger in the first place (see ``assistant.web``).
"""

from __future__ import annotations

import contextvars
import io
import json
import logging
import sys
import threading
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


class StderrToLog(io.TextIOBase):
    """Stands in for ``sys.stderr`` in the web app: whatever a library prints there (Gradio prints
    tracebacks of failed events with ``traceback.print_exc``, warnings print their source line) becomes
    JSON log records, one per line, instead of raw multi-line text among the JSON lines."""

    def __init__(self, real):
        self.real = real
        self._buffer = ""
        self._local = threading.local()
        self._logger = logging.getLogger("stderr")

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        if getattr(self._local, "busy", False):  # logging's own error report: straight out, as JSON
            self.real.write(json.dumps({"level": "error", "logger": "stderr", "msg": text}) + "\n")
            return len(text)
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        if len(self._buffer) > 65536:  # no newline for a long time: flush what there is
            lines.append(self._buffer)
            self._buffer = ""
        self._local.busy = True
        try:
            for line in lines:
                if line.strip():
                    self._logger.warning(clip(line, 2000))
        finally:
            self._local.busy = False
        return len(text)

    def flush(self) -> None:
        self.real.flush()

    def fileno(self) -> int:
        return self.real.fileno()


def configure_logging(level: str | int = "INFO", stream=None, capture_stderr: bool = False) -> None:
    """Send every log record (ours, uvicorn's, gradio's) through one JSON handler on stderr; with
    ``capture_stderr``, text printed straight to ``sys.stderr`` is turned into JSON records too."""
    real = sys.stderr.real if isinstance(sys.stderr, StderrToLog) else sys.stderr
    handler = logging.StreamHandler(stream or real)
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
    if capture_stderr and not isinstance(sys.stderr, StderrToLog):
        sys.stderr = StderrToLog(real)
