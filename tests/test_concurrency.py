"""An ingest running while 20 clients ask through the HTTP API of a real app process.

The app and `ingest.py` are separate processes on one index folder, as in production: the app must
keep answering from the old version, switch to the new one without a restart, and never serve an
answer from a half-built index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import CORPUS, PROJECT_ROOT, free_port
from tests import docfactory as factory

pytestmark = pytest.mark.slow

CLIENTS = 20
QUESTIONS = [
    "How much money was in the AI Diagnostic Fund?",
    "How many trusts received money from the fund?",
    "What did NICE say about AI for chest X-rays?",
    "Which AI tool does PenRAD use?",
    "What did the independent evaluation find?",
    "What is the Larkspur Valley imaging pilot?",  # answerable only after the new document lands
]
NEW_DOC = (
    "The Larkspur Valley imaging pilot tested AI triage of chest X-rays across four community hospitals.\n\n"
    "The Larkspur Valley imaging pilot reported its first results in March 2026.\n"
)


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def sources(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    extra = tmp_path / "extra"
    extra.mkdir()
    return corpus, extra


def _ingest(db: Path, *folders: Path) -> dict:
    args = [sys.executable, "ingest.py", "--json", "--db", str(db)]
    for folder in folders:
        args += ["--source", str(folder)]
    done = subprocess.run(args, cwd=PROJECT_ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_ingest_while_twenty_clients_ask(tmp_path, sources):
    corpus, extra = sources
    db = tmp_path / "index"
    first = _ingest(db, corpus, extra)
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "app.py", "--db", str(db), "--port", str(port)],
        cwd=PROJECT_ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    results: list[dict] = []
    errors: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def client(number: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            asked = 0
            while not stop.is_set() and asked < 400:  # bounded, loopback only
                question = QUESTIONS[(number + asked) % len(QUESTIONS)]
                asked += 1
                try:
                    response = http.post("/api/ask", json={"question": question})
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                with lock:
                    if response.status_code != 200:
                        errors.append(f"{response.status_code}: {response.text[:200]}")
                    else:
                        results.append({"at": time.monotonic(), "question": question, **response.json()})

    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the app did not become healthy")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        factory.make_text(extra, "larkspur-valley-pilot.txt", NEW_DOC)
        second = _ingest(db, corpus, extra)  # a separate process writing while the app serves
        switched_at = time.monotonic()
        time.sleep(6)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        stop.set()
        app.terminate()
        app.wait(timeout=30)

    assert second["added"] == ["larkspur-valley-pilot.txt"] and second["index_version"] != first["index_version"]
    assert errors == [], errors[:5]
    assert len(results) >= 50
    versions = {r["index_version"] for r in results}
    assert versions <= {first["index_version"], second["index_version"]}
    # every answer comes from one complete version: the new document is cited only by the new one
    for result in results:
        cited = {c["source"] for c in result["citations"]}
        if "larkspur-valley-pilot.txt" in cited:
            assert result["index_version"] == second["index_version"]
    late = [r for r in results if r["at"] > switched_at + 2]
    assert late and all(r["index_version"] == second["index_version"] for r in late)  # no restart needed
    larkspur = [r for r in late if r["question"].startswith("What is the Larkspur")]
    assert larkspur and all(not r["abstained"] for r in larkspur)
