"""Server mode: the index lives in a real Chroma server (``chroma run``) instead of local folders.

A full build creates a pair of collections on the server (a generation); later versions change
them in place by source, and the manifest, the pointer and the document segments stay in
``settings.db``. Checked here: ingest, ask, incremental re-ingest in place, a rebuild starting a new
generation and the old one being dropped (and the collections of a killed run), two app processes
picking up a publish without a restart, and failing fast with a clear ``StoreError`` when the server
is gone or wedged.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.ingestion import run_ingest
from assistant.service import Assistant
from assistant.store import IndexStore, StoreError
from tests import docfactory as factory
from tests.conftest import free_port, make_settings

pytestmark = pytest.mark.slow

CHROMA = PROJECT_ROOT / ".venv" / "bin" / "chroma"
FAIL_FAST_S = 15.0

DOCS = {
    "alpha.md": "# Alpha imaging network\n\nThe Alpha imaging network received £2 million for AI lung nodule "
                "detection. Alpha radiologists review every nodule the software flags.\n",
    "beta.md": "# Beta stroke service\n\nThe Beta stroke service uses AI to read brain CT scans within ten "
               "minutes. Beta physicians get a phone alert for suspected large vessel occlusions.\n",
    "gamma.md": "# Gamma screening pilot\n\nThe Gamma screening pilot uses AI as a second reader of mammograms. "
                "Gamma expects results to reach women a week sooner.\n",
}


@contextlib.contextmanager
def chroma_server(data: Path):
    """A real Chroma server on a free port; always terminated, whatever the test did."""
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed in .venv")
    port = free_port()
    log = open(data.parent / f"chroma-{port}.log", "wb")
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = (data.parent / f"chroma-{port}.log").read_bytes()[-2000:]
                raise RuntimeError(f"chroma server did not start: {output!r}")
            time.sleep(0.2)
        yield proc, url
    finally:
        stop(proc)
        log.close()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)


def server_collections(settings) -> set[str]:
    client = IndexStore(settings).client("v000000")
    return {getattr(c, "name", c) for c in client.list_collections()}


def versions_of(names: set[str], prefix: str) -> set[str]:
    return {name.split("_")[1] for name in names if name.startswith(prefix + "_")}


@pytest.fixture
def src(tmp_path) -> Path:
    for name, text in DOCS.items():
        factory.make_markdown(tmp_path / "src", name, text)
    return tmp_path / "src"


def test_server_mode_ingest_ask_reingest_and_drop_old_versions(tmp_path, src):
    with chroma_server(tmp_path / "chroma-data") as (_, url):
        settings = make_settings(tmp_path, sources=[src], chroma_url=url, collection_prefix="aidftest")
        first = run_ingest(settings)
        assert first.added == sorted(DOCS) and not first.failed and first.index_version == "v000001"
        assert not (Path(settings.db) / "versions" / "v000001" / "chroma").exists()  # nothing local but the manifest
        assert server_collections(settings) == {"aidftest_v000001_chunks", "aidftest_v000001_sentences"}

        assistant = Assistant(settings)
        assert assistant.health()["vector_store"] == "chroma-server"
        answer = assistant.ask("How much did the Alpha imaging network receive for lung nodule detection?")
        assert not answer.abstained and answer.citations[0].source == "alpha.md"
        assert answer.index_version == "v000001"

        again = run_ingest(settings)
        assert again.chunks_embedded == 0 and again.unchanged == sorted(DOCS) and again.index_version == "v000001"

        # Incremental: one document changes; its rows are replaced in place, the others are untouched.
        factory.make_markdown(src, "beta.md", DOCS["beta.md"] + "\nBeta added AI reading of CT angiograms in March.\n")
        second = run_ingest(settings)
        assert second.updated == ["beta.md"] and second.unchanged == ["alpha.md", "gamma.md"]
        assert 1 <= second.chunks_embedded < second.chunks_total
        assert server_collections(settings) == {"aidftest_v000001_chunks", "aidftest_v000001_sentences"}
        answer = ask_current(assistant, "What did the Beta stroke service add in March?")
        assert answer.index_version == "v000002" and answer.citations[0].source == "beta.md"
        assert "CT angiograms" in answer.citations[0].text

        # More versions: only the kept ones stay in the folder; they share the one generation.
        for revision in range(3):
            factory.make_markdown(src, "gamma.md", DOCS["gamma.md"] + f"\nGamma revision {revision} is in force.\n")
            assert run_ingest(settings).updated == ["gamma.md"]
        live = sorted(p.name for p in (Path(settings.db) / "versions").iterdir())
        assert live == ["v000003", "v000004", "v000005"]
        assert versions_of(server_collections(settings), "aidftest") == {"v000001"}
        rows = IndexStore(settings).client("").get_collection("aidftest_v000001_chunks").get(where={"source": "gamma.md"})
        assert len(rows["ids"]) >= 1 and all("revision 2" in text for text in rows["documents"] if "revision" in text)

        # A killed run leaves an unpublished version's collections behind; the next ingest drops them.
        store = IndexStore(settings)
        orphan = store.next_version()
        store.prepare_version(orphan)
        client = store.client(orphan)
        for name in store.collection_names(orphan):
            client.create_collection(name, embedding_function=None)
        factory.make_markdown(src, "alpha.md", DOCS["alpha.md"] + "\nAlpha extended the service to weekends.\n")
        after = run_ingest(settings)
        assert after.updated == ["alpha.md"] and after.index_version == "v000007"
        assert versions_of(server_collections(settings), "aidftest") == {"v000001"}
        answer = Assistant(settings).ask("How much did the Alpha imaging network receive for lung nodule detection?")
        assert answer.index_version == "v000007" and answer.citations[0].source == "alpha.md"
        assert "weekends" in answer.citations[0].text

        # A rebuild writes a new generation; once no kept version uses the old one, it is dropped.
        rebuilt = run_ingest(settings, rebuild=True)
        assert rebuilt.index_version == "v000008"
        assert versions_of(server_collections(settings), "aidftest") == {"v000001", "v000008"}
        for revision in range(3):
            factory.make_markdown(src, "beta.md", DOCS["beta.md"] + f"\nBeta revision {revision} is in force.\n")
            assert run_ingest(settings).updated == ["beta.md"]
        assert versions_of(server_collections(settings), "aidftest") == {"v000008"}
        assert ask_current(assistant, "Which Beta revision is in force?").citations[0].source == "beta.md"


def ask_current(assistant: Assistant, question: str):
    """Ask once the handle has swapped in the published version (it loads in the background)."""
    assistant.index.wait_until_current(timeout=30)
    return assistant.ask(question)


def timed(call):
    started = time.monotonic()
    with pytest.raises(StoreError) as error:
        call()
    return time.monotonic() - started, str(error.value)


def test_stopped_server_fails_fast_with_a_clear_store_error(tmp_path, src):
    with chroma_server(tmp_path / "chroma-data") as (proc, url):
        settings = make_settings(tmp_path, sources=[src], chroma_url=url)
        assert not run_ingest(settings).failed
        live_assistant = Assistant(settings)
        assert live_assistant.ask("What does the Gamma screening pilot use AI for?").citations
        stop(proc)

        factory.make_markdown(src, "gamma.md", DOCS["gamma.md"] + "\nGamma added a third reader.\n")
        seconds, message = timed(lambda: run_ingest(settings))
        assert seconds < FAIL_FAST_S and url in message and "not reachable" in message

        seconds, message = timed(lambda: Assistant(settings).ask("What does the Gamma screening pilot use AI for?"))
        assert seconds < FAIL_FAST_S and url in message

        # An assistant that had already loaded the index, as the running web app would have: it must
        # not hang either (that the error is a clear StoreError is checked by the test below).
        started = time.monotonic()
        with pytest.raises(Exception):
            live_assistant.ask("What does the Beta stroke service use AI for?")
        assert time.monotonic() - started < FAIL_FAST_S
        assert IndexStore(settings).current_version() == "v000001"  # nothing was half-switched


def test_loaded_assistant_reports_a_stopped_server_as_store_error(tmp_path, src):
    with chroma_server(tmp_path / "chroma-data") as (proc, url):
        settings = make_settings(tmp_path, sources=[src], chroma_url=url)
        assert not run_ingest(settings).failed
        assistant = Assistant(settings)
        assert assistant.ask("What does the Gamma screening pilot use AI for?").citations
        stop(proc)
        seconds, message = timed(lambda: assistant.ask("What does the Beta stroke service use AI for?"))
        assert seconds < FAIL_FAST_S and url in message


def test_wedged_server_that_never_answers_fails_fast(tmp_path, src):
    # Accepts TCP connections (the kernel completes the handshake) but never sends a byte back.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        settings = make_settings(tmp_path, sources=[src], chroma_url=url, chroma_timeout_s=2)
        seconds, message = timed(lambda: run_ingest(settings))
        assert seconds < FAIL_FAST_S and "did not answer within 2 s" in message
        assert IndexStore(settings).current_version() is None
