"""The real app in headless Debian Chromium (Playwright, sync API), as a trust user and an admin would use it.

Two servers run ``python app.py`` in subprocesses on free loopback ports, each on its own copy of an
index built from corpus/: one with admin credentials, one without. Screenshots of the main screens
are written to docs/screenshots/. No page may request anything outside the app's own origin.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.config import PROJECT_ROOT
from tests.docfactory import HOSTILE, ZEPHYR

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CORPUS = PROJECT_ROOT / "corpus"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "browser-test-password"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TIMEOUT_MS = 60_000


if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


# --- servers --------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, folder: Path, base: Path, admin: bool):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.feedback_log = folder / "feedback.jsonl"
        shutil.copytree(base, folder / "index")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env.update({
            "ASSISTANT_SOURCES": json.dumps([str(CORPUS)]),
            "ASSISTANT_UPLOAD_DIR": str(folder / "uploads"),
            "ASSISTANT_FEEDBACK_LOG": str(self.feedback_log),
            "PYTHONUNBUFFERED": "1",
        })
        if admin:
            env.update({"ASSISTANT_ADMIN_USER": ADMIN_USER, "ASSISTANT_ADMIN_PASSWORD": ADMIN_PASSWORD})
        self.stdout = open(folder / "stdout.log", "w")
        self.stderr = open(folder / "stderr.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(self.port),
             "--db", str(folder / "index")],
            cwd=PROJECT_ROOT, env=env, stdout=self.stdout, stderr=self.stderr, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app exited with {self.process.returncode}:\n{self.logs()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    assert f"Running on http://127.0.0.1:{self.port}" in (self.folder / "stdout.log").read_text()
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"app did not become healthy in {timeout:.0f} s:\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in (self.folder / "stdout.log", self.folder / "stderr.log"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stdout.close()
        self.stderr.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory, corpus_settings):
    base = Path(corpus_settings.db)  # conftest's session index of corpus/ (copied, never written)
    admin = Server(tmp_path_factory.mktemp("browser-admin"), base, admin=True)
    public = Server(tmp_path_factory.mktemp("browser-public"), base, admin=False)
    try:
        admin.wait_ready()
        public.wait_ready()
        yield {"admin": admin, "public": public}
    finally:
        admin.stop()
        public.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser, servers):
    """One page on the admin-enabled app for the whole module (the tests follow one user's session)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.outside, page.dialogs = [], []
    origin = servers["admin"].url
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else page.outside.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(origin)
    page.wait_for_selector("#question textarea")
    yield page
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def ask(page, question: str) -> str:
    """Type a question, press Enter, wait for the streamed answer to finish; returns the answer's text."""
    before = page.locator("#chatbot .bot-row").count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        """(n) => {
            const rows = document.querySelectorAll('#chatbot .bot-row');
            if (rows.length <= n) return false;
            const text = rows[rows.length - 1].innerText.trim();
            return text && !text.startsWith('Searching') && !text.endsWith('…');
        }""", arg=before)
    page.wait_for_timeout(300)  # the sources panel is the same update's last output
    return page.locator("#chatbot .bot-row").last.inner_text()


def gradio_queue_call(url: str, api_name: str, data: list) -> dict:
    """Call a Gradio event the way the browser does (queue join + SSE) from a fresh session."""
    config = httpx.get(f"{url}/config", timeout=10).json()
    dependency = next(d for d in config["dependencies"] if d["api_name"] == api_name)
    session = f"probe-{api_name}"
    joined = httpx.post(f"{url}/gradio_api/queue/join", timeout=10, json={
        "data": data, "fn_index": dependency["id"], "session_hash": session, "event_data": None,
        "trigger_id": dependency["targets"][0][0]})
    assert joined.status_code == 200, joined.text
    with httpx.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}, timeout=30) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return message
    raise AssertionError("no result from the Gradio queue")


# --- tests ----------------------------------------------------------------------------------------
def test_chat_answer_with_sources_then_follow_up_feedback_and_export(page, servers):
    shot(page, "01-chat-empty.png")
    answer = ask(page, "How much money was in the AI Diagnostic Fund?")
    assert "21 million" in answer and "[1]" in answer
    sources = page.locator("#sources .aidf-source")
    assert sources.count() >= 1
    first = sources.first
    assert first.locator("a", has_text="original").get_attribute("href").startswith("https://")
    first.locator("summary").click()
    mark = first.locator(".aidf-passage mark").first
    mark.wait_for(state="visible")
    assert "21 million" in first.locator(".aidf-passage").inner_text()
    shot(page, "02-chat-answer-and-source.png")

    follow_up = ask(page, "When was it announced?")
    assert "2023" in follow_up
    assert page.locator("#chatbot .bot-row").count() == 2

    page.locator("#chatbot button[aria-label=Like]").last.click()
    deadline = time.monotonic() + 10
    log = servers["admin"].feedback_log
    while time.monotonic() < deadline and not (log.exists() and log.read_text().strip()):
        time.sleep(0.2)
    entry = json.loads(log.read_text().splitlines()[-1])
    assert entry["vote"] == "up" and entry["question"] == "When was it announced?" and entry["citations"]
    assert ADMIN_PASSWORD not in log.read_text()

    page.click("#export")
    link = page.locator("#export-file a").first
    link.wait_for(state="visible")
    assert re.search(r"aidf-conversation-.*\.md", link.inner_text() + (link.get_attribute("href") or ""))


def test_fact_check_a_paragraph(page):
    open_tab(page, "Fact check")
    page.fill("#claim textarea", "The AI Diagnostic Fund was worth £21 million. It was announced by Steve Barclay "
                                 "in June 2023. Every NHS trust in England received money from the fund.")
    page.click("#check-button")
    page.wait_for_selector("#check-table tbody tr")
    rows = page.locator("#check-table tbody tr")
    assert rows.count() == 3
    assert "Supported" in rows.first.inner_text()
    shot(page, "03-fact-check.png")


def test_library_lists_and_filters_documents(page):
    open_tab(page, "Library")
    page.wait_for_selector("#library-table tbody tr")
    assert page.locator("#library-table tbody tr").count() == len(list(CORPUS.glob("*.md")))
    assert "Index version" in page.inner_text("#library")
    shot(page, "04-library.png")
    page.locator("#library-filter :is(textarea, input)").first.fill("frequently asked")
    page.wait_for_function("document.querySelectorAll('#library-table tbody tr').length === 1")
    page.locator("#library-filter :is(textarea, input)").first.fill("")


def test_admin_signs_in_uploads_and_the_chat_answers_from_the_upload(page, servers, tmp_path):
    open_tab(page, "Admin")
    page.locator("#admin-user :is(textarea, input)").first.fill(ADMIN_USER)
    page.locator("#admin-password :is(textarea, input)").first.fill("not-the-password")
    page.click("#admin-sign-in")
    page.wait_for_selector("#admin-status :text('Wrong user name or password')")
    assert not page.locator("#admin-panel").is_visible()
    page.locator("#admin-password :is(textarea, input)").first.fill(ADMIN_PASSWORD)
    page.click("#admin-sign-in")
    page.wait_for_selector("#admin-panel", state="visible")

    zephyr, hostile = tmp_path / "zephyr-valley.md", tmp_path / "quillfeather-notes.txt"
    zephyr.write_text(ZEPHYR, encoding="utf-8")
    hostile.write_text(HOSTILE, encoding="utf-8")
    page.locator("#admin-files input[type=file]").set_input_files([str(zephyr), str(hostile)])
    page.wait_for_function("document.querySelector('#admin-files').innerText.includes('quillfeather')")
    page.click("#admin-upload")
    page.wait_for_selector("#ingest-report")
    report = page.inner_text("#ingest-report")
    assert "Added: 2" in report and "zephyr-valley.md" in report and "Failed: 0" in report
    shot(page, "05-admin-upload-report.png")

    open_tab(page, "Chat")
    answer = ask(page, "How much did the Zephyr Valley Imaging Network receive?")
    assert "3.7 million" in answer
    assert "Zephyr Valley Imaging Network AI pilot" in page.inner_text("#sources")

    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function("document.querySelectorAll('#chatbot .bot-row').length === 0")
    answer = ask(page, "What did the Quillfeather Imaging Network log in its AI rollout notes?")
    assert "<script>alert('xss')</script>" in answer  # shown as text, not run
    source = page.locator("#sources .aidf-source").first
    source.locator("summary").click()
    assert "Quillfeather" in source.inner_text(), answer
    assert "<script>alert('xss')</script>" in source.locator(".aidf-passage").inner_text()
    assert page.locator("#sources script, #sources img, #chatbot script, #chatbot img[src=x]").count() == 0
    assert page.dialogs == []
    shot(page, "06-chat-escaped-upload.png")

    # Admin events are hidden from Gradio's API docs, yet a raw queue call can still reach them: the
    # handler refuses because this caller's session holds no server-issued token.
    for api_name, data in [("admin_reingest", [None]), ("admin_delete", [None, None]), ("admin_upload", [None, None])]:
        result = gradio_queue_call(servers["admin"].url, api_name, data)
        assert result["success"] is False and "Admin sign-in required" in result["output"]["error"]
    assert (CORPUS / "11-faq-for-trust-staff.md").exists()


def test_no_request_left_the_machine(page):
    assert page.outside == []


def test_without_admin_there_is_no_admin_tab_and_admin_routes_refuse(browser, servers):
    public = servers["public"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(public.url)
    page.wait_for_selector("#question textarea")
    tabs = page.get_by_role("tab").all_inner_texts()
    assert [t.strip() for t in tabs] == ["Chat", "Fact check", "Library"]
    open_tab(page, "Library")
    page.wait_for_selector("#library-table")
    assert "ASSISTANT_ADMIN_USER" in page.inner_text("#library")
    shot(page, "07-library-without-admin.png")
    context.close()
    for method, path in [("POST", "/api/admin/login"), ("POST", "/api/admin/logout"), ("POST", "/api/admin/upload"),
                         ("POST", "/api/admin/reingest"), ("DELETE", "/api/admin/documents/11-faq-for-trust-staff.md")]:
        response = httpx.request(method, public.url + path, auth=(ADMIN_USER, ADMIN_PASSWORD), timeout=10)
        assert response.status_code == 404, (method, path)
    assert httpx.get(f"{servers['admin'].url}/api/admin/reingest", timeout=10).status_code in (401, 404, 405)
    assert httpx.post(f"{servers['admin'].url}/api/admin/reingest", timeout=10).status_code == 401
