"""A tiny local stand-in for the OpenAI chat-completions HTTP API, for tests of the optional LLM path.

It serves ``POST /v1/chat/completions`` on 127.0.0.1 from a thread (stdlib ``http.server``), so the
real ``langchain-openai`` / ``openai`` client talks to it over real HTTP. What it answers is
programmable per test; every request it receives is recorded (path, headers, parsed JSON body).

    with OpenAIStub() as stub:
        stub.reply("The fund was £21 million [1].")
        settings = Settings(llm="openai:gpt-4o-mini", llm_base_url=stub.base_url, llm_api_key="test-key")
        ...
        assert stub.requests[-1].messages[0]["role"] == "system"

No network beyond the loopback interface, no real key.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import free_port


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict | None
    raw: bytes

    @property
    def messages(self) -> list[dict]:
        return list((self.body or {}).get("messages") or [])

    def message_text(self, role: str) -> str:
        """All content of the messages with ``role``, joined (content may be a string or parts)."""
        texts = []
        for message in self.messages:
            if message.get("role") != role:
                continue
            content = message.get("content")
            if isinstance(content, list):
                content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
            texts.append(content or "")
        return "\n".join(texts)


@dataclass
class Reply:
    # A fixed text, or a function of the request (a "model" that reads the passages it was sent)
    content: str | Callable[["RecordedRequest"], str] | None = "OK [1]."
    status: int = 200
    delay_s: float = 0.0
    body: bytes | None = None  # sent verbatim instead of a completion (e.g. malformed JSON)


@dataclass
class _State:
    reply: Reply = field(default_factory=Reply)
    requests: list[RecordedRequest] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # exceptions raised by a reply function
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


def completion(content: str, model: str = "gpt-4o-mini") -> dict:
    """A chat.completion object as the OpenAI API returns it."""
    return {
        "id": "chatcmpl-stub-0001",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        "system_fingerprint": "fp_stub",
    }


def _handler(state: _State):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # keep test output clean
            pass

        def do_GET(self):
            self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            recorded = RecordedRequest("POST", self.path, dict(self.headers.items()), body, raw)
            with state.lock:
                state.requests.append(recorded)
                reply = state.reply
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
                return
            if reply.delay_s:
                # Interruptible, so stopping the stub never waits for a "hung" reply to finish.
                if state.stopping.wait(reply.delay_s):
                    return
            if reply.body is not None:
                self._send_bytes(reply.status, reply.body)
            elif reply.status != 200:
                self._send(reply.status, {"error": {"message": "stub server error", "type": "server_error", "code": None}})
            else:
                model = (body or {}).get("model", "gpt-4o-mini")
                try:
                    content = reply.content(recorded) if callable(reply.content) else reply.content
                except Exception as exc:  # a bug in the test's "model": report it, answer 500
                    with state.lock:
                        state.errors.append(f"{type(exc).__name__}: {exc}")
                    self._send(500, {"error": {"message": "reply function failed", "type": "server_error"}})
                    return
                self._send(200, completion(content or "", model))

        def _send(self, status: int, payload: dict) -> None:
            self._send_bytes(status, json.dumps(payload).encode("utf-8"))

        def _send_bytes(self, status: int, data: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): nothing to do

    return Handler


class OpenAIStub:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self._state = _State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self) -> "OpenAIStub":
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self._state))
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "OpenAIStub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- programming and inspection ------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(
        self,
        content: str | Callable[[RecordedRequest], str] | None = None,
        status: int = 200,
        delay_s: float = 0.0,
        body: bytes | None = None,
    ) -> None:
        """What every following request is answered with: ``content`` may be a function of the request."""
        with self._state.lock:
            self._state.reply = Reply(content=content, status=status, delay_s=delay_s, body=body)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def last(self) -> RecordedRequest:
        requests = self.requests
        assert requests, "the stub received no request"
        return requests[-1]

    @property
    def errors(self) -> list[str]:
        """Exceptions raised by reply functions (each was answered with HTTP 500)."""
        with self._state.lock:
            return list(self._state.errors)

    def clear(self) -> None:
        with self._state.lock:
            self._state.requests.clear()
            self._state.errors.clear()


PASSAGE_BLOCK = re.compile(r'^\[(\d+)\] "(.*?)" \((.*?)\)([^\n]*)\n<passage>\n(.*?)\n</passage>$', re.M | re.S)


@dataclass
class SentPassage:
    n: int
    title: str
    header: str  # "(publisher, published)" and ", page N" / ", section S"
    text: str


def sent_passages(request: RecordedRequest) -> list[SentPassage]:
    """The numbered, fenced passages of the user message, as the model would read them."""
    user = request.message_text("user")
    return [
        SentPassage(int(m.group(1)), m.group(2), f"({m.group(3)}){m.group(4)}", m.group(5))
        for m in PASSAGE_BLOCK.finditer(user)
    ]
