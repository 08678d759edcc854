"""Documents are parsed in a child process with a memory limit, a wall-clock limit and a lower priority.

Why: parsers run on files anyone with admin rights (or a compromised share) puts in a folder. A DOCX
that inflated to gigabytes took the whole app's memory, a 45 KB DOCX took minutes of CPU, and while a
parser held the interpreter in the web process, answers waited up to 34 s. Here each file is parsed
by one long-lived worker process (``python -m assistant.sandbox``) that

* runs with ``RLIMIT_AS`` = ``settings.parse_memory_mb``: an allocation past it raises ``MemoryError``
  in the worker (or kills it), never in the app;
* gets ``settings.parse_timeout_s`` of wall-clock time per file, after which it is killed and a fresh
  worker takes the next file;
* runs at niceness ``settings.parse_nice``, so answering in the app comes first on a busy machine;
* applies the loaders' budgets (``assistant.loaders_guard``: inflated bytes, pages, paragraphs).

A file over any budget fails on its own with a reason saying which; the rest of the ingest goes on.
The worker bounds resources, not privileges: it runs as the same user (results come back pickled, and
only the document types are accepted from it). It is started on the first file to parse, so a
no-change ingest pays nothing, and kept for later ingests in the same process.
"""

from __future__ import annotations

import contextvars
import io
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .types import LoadedDocument, LoadError

_HEADER = struct.Struct("!Q")
_MAX_REPLY = 1 << 31


def _budget_of(settings) -> dict:
    return {
        "max_expanded_bytes": int(settings.parse_max_expanded_mb * 1024 * 1024),
        "max_pages": settings.parse_max_pages,
        "max_blocks": settings.parse_max_blocks,
    }


class _SafeUnpickler(pickle.Unpickler):
    """Only the document types (and plain builtins) may come back from the worker."""

    ALLOWED_BUILTINS = {"set", "frozenset", "tuple", "list", "dict", "str", "int", "float", "bool"}

    def find_class(self, module, name):
        if module == "assistant.types" or (module == "builtins" and name in self.ALLOWED_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed from the parser")


def _write_frame(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


class _Worker:
    def __init__(self, memory_mb: int, nice: int):
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.update({"OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"})
        # stderr is discarded: in the web app it would be raw text among the JSON log lines; failures
        # come back as replies, or as the worker's exit.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.sandbox", str(memory_mb), str(nice), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True,
        )

    def request(self, payload: dict, timeout: float):
        _write_frame(self.process.stdin, payload)
        deadline = time.monotonic() + timeout
        header = self._read(_HEADER.size, deadline)
        (length,) = _HEADER.unpack(header)
        if length > _MAX_REPLY:
            raise EOFError("reply too large")
        return _SafeUnpickler(io.BytesIO(self._read(length, deadline))).load()

    def _read(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        # poll, not select: select() cannot watch a descriptor numbered 1024 or more, and an app
        # serving a large library may hold that many files before the worker starts.
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        chunks, got = [], 0
        while got < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if not poller.poll(remaining * 1000):
                raise TimeoutError
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                raise EOFError("the parser exited")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> int | None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            return self.process.wait(timeout=10)
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                assert stream is not None
                try:
                    stream.close()
                except OSError:
                    pass


class ParserSandbox:
    """Loads files in the worker under the budgets of ``settings``; one worker per process, reused."""

    _lock = threading.Lock()
    _worker: _Worker | None = None
    _worker_key: tuple | None = None

    def __init__(self, settings):
        self.settings = settings

    def _ensure(self) -> _Worker:
        key = (self.settings.parse_memory_mb, self.settings.parse_nice)
        cls = type(self)
        if cls._worker is None or not cls._worker.alive() or cls._worker_key != key:
            if cls._worker is not None:
                cls._worker.kill()
            cls._worker, cls._worker_key = _Worker(*key), key
        return cls._worker

    def load(self, path: Path, source: str, max_bytes: int) -> LoadedDocument:
        timeout = self.settings.parse_timeout_s
        payload = {"path": str(path), "source": source, "max_bytes": max_bytes, "budget": _budget_of(self.settings)}
        with self._lock:
            worker = self._ensure()
            try:
                kind, value = worker.request(payload, timeout)
            except TimeoutError:
                worker.kill()
                type(self)._worker = None
                raise LoadError(f"took longer than {timeout:g} s to read; stopped (limit ASSISTANT_PARSE_TIMEOUT_S)") from None
            except (EOFError, OSError, pickle.UnpicklingError, ValueError, struct.error):
                code = worker.kill()
                type(self)._worker = None
                raise LoadError(
                    f"the parser stopped while reading this file (exit {code}); it may need more than "
                    f"{self.settings.parse_memory_mb} MB of memory (limit ASSISTANT_PARSE_MEMORY_MB)"
                ) from None
        if kind == "ok" and isinstance(value, LoadedDocument):
            return value
        if kind == "exit":  # the worker ran out of memory and is exiting; start afresh next time
            with self._lock:
                if type(self)._worker is worker:
                    worker.kill()
                    type(self)._worker = None
        raise LoadError(str(value))

    @classmethod
    def shutdown(cls) -> None:
        with cls._lock:
            if cls._worker is not None:
                cls._worker.kill()
                cls._worker = None


_current: contextvars.ContextVar[ParserSandbox | None] = contextvars.ContextVar("parser_sandbox", default=None)


@contextmanager
def parsing(settings):
    """Within this block ``load_document`` parses under ``settings``' budgets."""
    token = _current.set(ParserSandbox(settings))
    try:
        yield
    finally:
        _current.reset(token)


def load_document(path: Path, source: str, max_bytes: int) -> LoadedDocument:
    """``assistant.loaders.load_document``, run in the sandbox (same arguments, same ``LoadError``s)."""
    sandbox = _current.get()
    if sandbox is None:
        from .config import Settings

        sandbox = ParserSandbox(Settings())
    return sandbox.load(path, source, max_bytes)


# --- the worker ------------------------------------------------------------------------------------------
def _die_with_parent(parent: int) -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the worker still exits when its stdin closes
        pass
    if os.getppid() != parent:  # the parent died (kill -9) before the death signal was armed
        os._exit(0)


def _caused_by_memory(exc: BaseException | None) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _worker_main(memory_mb: int, nice: int, parent: int) -> int:
    import resource

    _die_with_parent(parent)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if nice:
        os.nice(nice)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print in a library must not corrupt the frames

    from . import loaders_guard
    from .loaders import load_document as load

    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return 0
        (length,) = _HEADER.unpack(header)
        request = pickle.loads(stdin.read(length))  # from the parent, which is trusted
        loaders_guard.set_budget(loaders_guard.Budget(**request["budget"]))
        out_of_memory = ("exit", f"needs more than {memory_mb} MB of memory to read (limit ASSISTANT_PARSE_MEMORY_MB)")
        try:
            reply: tuple[str, object] = ("ok", load(Path(request["path"]), request["source"], request["max_bytes"]))
        except LoadError as exc:
            # Loaders turn any parser exception into a LoadError ("not a valid DOCX file"); when the
            # cause was the memory limit, say so.
            reply = out_of_memory if _caused_by_memory(exc) else ("error", str(exc))
        except MemoryError:
            reply = out_of_memory
        except RecursionError:
            reply = ("error", "too deeply nested to read")
        except Exception as exc:  # a parser bug: still a per-file failure
            reply = ("error", f"could not read file: {type(exc).__name__}")
        try:
            _write_frame(stdout, reply)
        except MemoryError:
            return 1
        if reply[0] == "exit":
            return 1


if __name__ == "__main__":
    sys.exit(_worker_main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
