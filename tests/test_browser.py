"""The real app in headless Debian Chromium (Playwright, sync API), as a trust user and an admin would use it,
on a desktop (1366x900) and a phone (390x844).

Two servers run ``python app.py`` in subprocesses on free loopback ports, each on its own copy of an
index built from corpus/: one with admin credentials, one without (and a slow stream, to press Stop).
Every tab is checked on both screens with axe-core (0 serious or critical violations) and for
elements cut off or covered (tests/layout_check.js). Screenshots of the main screens are written to
docs/screenshots/. No page may request anything outside the app's own origin.
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
from axe_playwright_python.sync_playwright import Axe

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
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LAYOUT_CHECK = (Path(__file__).parent / "layout_check.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")
CLAIMS = ("The AI Diagnostic Fund was worth £21 million. It was announced by Steve Barclay in June 2023. "
          "Every NHS trust in England received money from the fund.")
OUT_OF_SCOPE = "What colour are the walls in the hospital canteen?"


if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


# --- servers --------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, folder: Path, base: Path, admin: bool, stream_step_ms: float | None = None):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.feedback_log = folder / "feedback.jsonl"
        self.uploads = folder / "uploads"
        shutil.copytree(base, folder / "index")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env.update({
            "ASSISTANT_SOURCES": json.dumps([str(CORPUS)]),
            "ASSISTANT_UPLOAD_DIR": str(self.uploads),
            "ASSISTANT_FEEDBACK_LOG": str(self.feedback_log),
            "PYTHONUNBUFFERED": "1",
        })
        if admin:
            env.update({"ASSISTANT_ADMIN_USER": ADMIN_USER, "ASSISTANT_ADMIN_PASSWORD": ADMIN_PASSWORD})
        if stream_step_ms is not None:
            env["ASSISTANT_STREAM_STEP_MS"] = str(stream_step_ms)
        self.stdout = open(folder / "stdout.log", "w")
        self.stderr = open(folder / "stderr.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(self.port),
             "--db", str(folder / "index")],
            cwd=PROJECT_ROOT, env=env, stdout=self.stdout, stderr=self.stderr, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout: float = 300.0) -> None:
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
    # The public server streams slowly (24 steps x 150 ms), so there is time to press Stop.
    public = Server(tmp_path_factory.mktemp("browser-public"), base, admin=False, stream_step_ms=150)
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


OUTSIDE: list[str] = []  # every request any page of this module made outside the app's origin


def new_page(browser, origin: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.dialogs = []
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else OUTSIDE.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(origin)
    page.wait_for_selector("#question textarea")
    return page


@pytest.fixture(scope="module")
def page(browser, servers):
    """One desktop page on the admin-enabled app for the whole module (the tests follow one user's session)."""
    page = new_page(browser, servers["admin"].url, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def phone(browser, servers):
    page = new_page(browser, servers["admin"].url, PHONE)
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def open_tab(page, name: str) -> None:
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.is_visible():
        tab.click()
    else:  # on a narrow screen Gradio may move tabs into its "More tabs" menu
        page.get_by_role("button", name="More tabs").click()
        page.locator(".overflow-dropdown button", has_text=name).click()
    page.wait_for_timeout(300)


def ask(page, question: str) -> str:
    """Type a question, press Enter, wait for the streamed answer to finish; returns the answer's text."""
    before = page.locator("#chatbot .bot-row").count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        """(n) => {
            const rows = document.querySelectorAll('#chatbot .bot-row');
            if (rows.length <= n) return false;
            const last = rows[rows.length - 1];
            return !!last.querySelector('.aidf-copy, .aidf-problem');
        }""", arg=before)
    settle(page)
    return page.locator("#chatbot .bot-row").last.inner_text()


def answer(page, turn: int):
    return page.locator(f"#chatbot #a{turn}")


def settle(page) -> None:
    """Wait until the page is still: no pending component (Gradio dims them and may re-render the chat
    once the events that follow an answer finish), no running transition (a theme switch fades), and
    nothing changed or scrolled for a moment. Between two chained events nothing is pending, yet the
    chat may still re-render and scroll to its end: a click aimed before that lands on whatever moved
    under the pointer."""
    still = """() => !document.querySelector('.pending, .generating') && document.getAnimations().every(
                   a => a.playState !== 'running' || a.effect.getComputedTiming().endTime === Infinity)"""
    page.wait_for_function(still, timeout=15_000)
    page.evaluate("""(quietMs) => new Promise((resolve) => {
        let timer = setTimeout(finish, quietMs);
        const restart = () => { clearTimeout(timer); timer = setTimeout(finish, quietMs); };
        const observer = new MutationObserver(restart);
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
        document.addEventListener('scroll', restart, true);
        const giveUp = setTimeout(finish, 10000);
        function finish() {
            observer.disconnect(); document.removeEventListener('scroll', restart, true);
            clearTimeout(timer); clearTimeout(giveUp); resolve();
        }
    })""", 500)
    page.wait_for_function(still, timeout=15_000)


def check_tab(page, tab: str, label: str) -> None:
    """axe-core: no serious or critical violation; and nothing cut off or covered."""
    settle(page)  # a half-faded text is not what a reader sees
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
               if v["impact"] in SERIOUS]
    assert serious == [], f"{label} / {tab}: {serious}"
    problems = page.evaluate(LAYOUT_CHECK)
    assert problems == [], f"{label} / {tab}: {problems}"


def wait_for_log(path: Path, lines: int) -> list[dict]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (path.exists() and len(path.read_text().splitlines()) >= lines):
        time.sleep(0.2)
    return [json.loads(line) for line in path.read_text().splitlines()]


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


def pick(page, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").first.click()
    page.get_by_role("option", name=option, exact=True).click()


# --- tests: desktop -------------------------------------------------------------------------------
def test_each_answer_keeps_its_own_sources_after_later_questions(page, servers):
    page.wait_for_selector("#asof :text('Documents as of')")
    shot(page, "01-chat-empty.png")
    first = ask(page, "How much money was in the AI Diagnostic Fund?")
    assert "21 million" in first and "[1]" in first
    assert "2023" in ask(page, "When was it announced?")
    ask(page, "Which imaging networks received money from the fund?")
    assert page.locator("#chatbot .bot-row").count() == 3

    # Two questions later, the first answer's [1] still opens the first answer's own source 1.
    answer(page, 0).locator("a.aidf-cite").first.click()
    source = page.locator("#chatbot #a0-s1")
    source.locator(".aidf-passage mark").first.wait_for(state="visible")
    assert source.locator("details").first.evaluate("d => d.open")
    assert page.locator("#chatbot .bot-row").first.locator("#a0-s1").count() == 1
    # Gradio may render the chat again from the server's HTML (sources closed) after an answer's events
    # finish; the source the reader opened stays open.
    page.evaluate("""() => { const box = document.querySelector('#chatbot #a0').parentElement;
                             box.innerHTML = box.innerHTML.replaceAll(' open=""', ''); }""")
    source.locator(".aidf-passage mark").first.wait_for(state="visible", timeout=5_000)
    assert "21 million" in source.locator(".aidf-passage mark").first.inner_text()
    assert source.locator("a", has_text="original").get_attribute("href").startswith("https://")
    # A quote from one of the project's summaries names the primary public source it came from.
    primary = source.locator("p.aidf-meta", has_text="Primary source:").first
    assert primary.locator("a").get_attribute("href").startswith("https://")
    assert primary.locator("a").inner_text().strip() and "," in primary.inner_text()
    assert not page.locator("#chatbot #a2-sources").evaluate("d => d.open")  # other answers stay as they were
    shot(page, "02-chat-answer-and-source.png")

    # Copy gives the answer with its sources, as plain text.
    answer(page, 0).locator(".aidf-copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "21 million" in copied and "Sources:" in copied and "https://" in copied and "<" not in copied.split("Sources:")[0]

    page.locator("#chatbot button[aria-label=Like]").last.click()
    entries = wait_for_log(servers["admin"].feedback_log, 1)
    assert entries[-1]["vote"] == "up" and entries[-1]["question"].startswith("Which imaging networks")
    page.locator("#chatbot button[aria-label=Dislike]").first.click()
    page.locator("#feedback-reason textarea").fill("The amount is not the one I expected.")
    page.click("#feedback-reason-send")
    entries = wait_for_log(servers["admin"].feedback_log, 3)
    assert entries[-1]["reason"] == "The amount is not the one I expected." and entries[-1]["id"] == entries[-2]["id"]
    assert entries[-1]["question"] == "How much money was in the AI Diagnostic Fund?"
    assert ADMIN_PASSWORD not in servers["admin"].feedback_log.read_text()
    page.locator("#feedback-reason").wait_for(state="hidden")

    page.click("#export")
    link = page.locator("#export-file a").first
    link.wait_for(state="visible")
    assert re.search(r"aidf-conversation-.*\.md", link.inner_text() + (link.get_attribute("href") or ""))


def test_an_abstention_says_so_once_and_offers_passages_and_questions(page):
    text = ask(page, OUT_OF_SCOPE)
    assert text.count("answer this") == 1 and "The documents don't answer this." in text
    turn = page.locator("#chatbot .bot-row").count() - 1
    nearest = answer(page, turn).locator(".aidf-source")
    assert 1 <= nearest.count() <= 3
    nearest.first.locator("summary").click()
    nearest.first.locator(".aidf-passage").wait_for(state="visible")
    suggestions = page.locator("#suggestions button:visible")
    suggestions.first.wait_for(state="visible")
    assert 1 <= suggestions.count() <= 3
    offered = suggestions.first.inner_text()
    before = page.locator("#chatbot .bot-row").count()
    suggestions.first.click()
    page.wait_for_function("(n) => document.querySelectorAll('#chatbot .bot-row').length > n "
                           "&& document.querySelectorAll('#chatbot .bot-row')[n].querySelector('.aidf-copy')", arg=before)
    assert "answer this" not in page.locator("#chatbot .bot-row").last.inner_text()
    assert offered in page.locator("#chatbot .user-row").last.inner_text()


def test_fact_check_a_paragraph(page):
    open_tab(page, "Fact check")
    page.fill("#claim textarea", CLAIMS)
    page.click("#check-button")
    page.wait_for_selector("#check-table tbody tr")
    rows = page.locator("#check-table tbody tr")
    assert rows.count() == 3
    assert rows.first.locator(".aidf-badge").inner_text() == "Supported"
    assert rows.first.locator("blockquote mark, blockquote strong, blockquote").first.inner_text()
    shot(page, "03-fact-check.png")


def test_library_lists_filters_and_opens_a_document(page):
    open_tab(page, "Library")
    page.wait_for_selector("#library-table tbody tr")
    assert page.locator("#library-table tbody tr").count() == len(list(CORPUS.glob("*.md")))
    assert "Index version" in page.inner_text("#library")
    pick(page, "#library-read", "AI Diagnostic Fund: frequently asked questions for NHS trust staff")
    page.wait_for_selector("#document-text")
    assert len(page.inner_text("#document-text .aidf-fulltext")) > 1000
    shot(page, "04-library.png")
    page.locator("#library-filter :is(textarea, input)").first.fill("frequently asked")
    page.wait_for_function("document.querySelectorAll('#library-table tbody tr').length === 1")
    page.locator("#library-filter :is(textarea, input)").first.fill("")
    page.wait_for_function("document.querySelectorAll('#library-table tbody tr').length > 1")


def test_admin_uploads_deletes_only_after_confirmation_and_the_chat_answers_from_the_upload(page, servers, tmp_path):
    open_tab(page, "Admin")
    page.locator("#admin-user :is(textarea, input)").first.fill(ADMIN_USER)
    page.locator("#admin-password :is(textarea, input)").first.fill("not-the-password")
    page.click("#admin-sign-in")
    page.wait_for_selector("#admin-status :text('Wrong user name or password')")
    assert not page.locator("#admin-panel").is_visible()
    page.locator("#admin-password :is(textarea, input)").first.fill(ADMIN_PASSWORD)
    page.click("#admin-sign-in")
    page.wait_for_selector("#admin-panel", state="visible")

    zephyr, hostile, broken = tmp_path / "zephyr-valley.md", tmp_path / "quillfeather-notes.txt", tmp_path / "broken.pdf"
    zephyr.write_text(ZEPHYR, encoding="utf-8")
    hostile.write_text(HOSTILE, encoding="utf-8")
    broken.write_bytes(b"%PDF-1.4 this is not a PDF")
    page.locator("#admin-files input[type=file]").set_input_files([str(zephyr), str(hostile), str(broken)])
    page.wait_for_function("document.querySelector('#admin-files').innerText.includes('broken')")
    page.click("#admin-upload")
    page.wait_for_selector("#ingest-report")
    report = page.inner_text("#ingest-report")
    assert "Added: 2" in report and "zephyr-valley.md" in report and "Failed: 1" in report and "broken.pdf" in report
    shot(page, "05-admin-upload-report.png")

    # Only uploads are offered for deletion (the failed one too); nothing goes before a confirmation.
    page.locator("#admin-delete-choice input").first.click()
    offered = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
    assert sorted(offered) == ["broken.pdf (not indexed)", "quillfeather-notes.txt", "zephyr-valley.md"]
    page.get_by_role("option", name="broken.pdf (not indexed)").click()
    page.click("#admin-delete")
    page.locator("#admin-delete-confirm").wait_for(state="visible")
    assert "broken.pdf" in page.inner_text("#admin-delete-question")
    page.wait_for_timeout(500)
    assert (servers["admin"].uploads / "broken.pdf").exists()
    page.click("#admin-delete-cancel")
    page.locator("#admin-delete-confirm").wait_for(state="hidden")
    assert (servers["admin"].uploads / "broken.pdf").exists()
    page.click("#admin-delete")
    page.click("#admin-delete-yes")
    page.wait_for_selector("#ingest-report :text('Deleted broken.pdf')")
    assert "Failed: 0" in page.inner_text("#ingest-report")
    assert not (servers["admin"].uploads / "broken.pdf").exists()
    assert (CORPUS / "11-faq-for-trust-staff.md").exists()

    open_tab(page, "Chat")
    page.click("#new-chat")
    page.wait_for_function("document.querySelectorAll('#chatbot .bot-row').length === 0")
    assert "3.7 million" in ask(page, "How much did the Zephyr Valley Imaging Network receive?")
    assert "Zephyr Valley Imaging Network AI pilot" in answer(page, 0).text_content()

    text = ask(page, "What did the Quillfeather Imaging Network log in its AI rollout notes?")
    assert "<script>alert('xss')</script>" in text  # shown as text, not run
    answer(page, 1).locator(".aidf-sources > summary").click()
    source = answer(page, 1).locator(".aidf-source").first
    source.locator("summary").click()
    assert "Quillfeather" in source.inner_text(), text
    assert "<script>alert('xss')</script>" in source.locator(".aidf-passage").inner_text()
    assert page.locator("#chatbot script, #chatbot img[src=x]").count() == 0
    assert page.dialogs == []
    shot(page, "06-chat-escaped-upload.png")

    # Admin events are hidden from Gradio's API docs, yet a raw queue call can still reach them: the
    # handler refuses because this caller's session holds no server-issued token.
    for api_name, data in [("admin_reingest", [None]), ("admin_delete", [None, None]), ("admin_upload", [None, None])]:
        result = gradio_queue_call(servers["admin"].url, api_name, data)
        assert result["success"] is False and "Admin sign-in required" in result["output"]["error"]


def test_every_tab_on_a_desktop_is_accessible_and_nothing_is_cut_off(page):
    for tab in ("Chat", "Fact check", "Library", "Admin"):
        open_tab(page, tab)
        check_tab(page, tab, "desktop")
    open_tab(page, "Chat")
    page.click("#theme-toggle")
    assert page.evaluate("document.body.classList.contains('dark')")
    check_tab(page, "Chat", "desktop, dark mode")
    page.click("#theme-toggle")
    assert not page.evaluate("document.body.classList.contains('dark')")


# --- tests: phone ---------------------------------------------------------------------------------
def test_on_a_phone_sources_open_under_their_answer_and_every_tab_reads(phone):
    ask(phone, "How much money was in the AI Diagnostic Fund?")
    ask(phone, "Which imaging networks received money from the fund?")
    answer(phone, 0).locator("a.aidf-cite").first.click()
    passage = phone.locator("#chatbot #a0-s1 .aidf-passage")
    passage.wait_for(state="visible")
    answer_box = answer(phone, 0).locator(".aidf-text").bounding_box()
    passage_box = passage.bounding_box()
    assert passage_box["y"] >= answer_box["y"] + answer_box["height"] - 1  # below its own answer
    assert passage_box["x"] >= 0 and passage_box["x"] + passage_box["width"] <= PHONE["width"]
    shot(phone, "08-phone-chat-answer-and-source.png")
    check_tab(phone, "Chat", "phone")

    open_tab(phone, "Fact check")
    phone.fill("#claim textarea", CLAIMS)
    phone.click("#check-button")
    phone.wait_for_selector("#check-table tbody tr")
    shot(phone, "09-phone-fact-check.png")
    for tab in ("Fact check", "Library", "Admin"):
        open_tab(phone, tab)
        if tab == "Library":
            phone.wait_for_selector("#library-table tbody tr")
        check_tab(phone, tab, "phone")


# --- tests: API docs, Stop, a public app ----------------------------------------------------------
def test_api_docs_load_with_no_request_leaving_the_machine(browser, servers):
    origin = servers["admin"].url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{origin}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=TIMEOUT_MS)
    assert "AI Diagnostic Fund assistant" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path :text('/api/ask')")
    context.close()
    assert requests and all(url.startswith((origin, "data:", "blob:")) for url in requests), requests


def test_stop_ends_a_streaming_answer(browser, servers):
    page = new_page(browser, servers["public"].url, DESKTOP)
    page.fill("#question textarea", "What kind of AI tools could the fund pay for?")
    page.press("#question textarea", "Enter")
    page.wait_for_function("""() => { const r = document.querySelector('#chatbot .bot-row');
        return r && r.innerText.trim().endsWith('…') && !r.innerText.includes('Searching'); }""")
    page.click("#stop")
    page.wait_for_selector("#chatbot .aidf-stopped")
    page.wait_for_timeout(4500)  # longer than the rest of the stream would have taken
    row = page.locator("#chatbot .bot-row").first
    assert "Stopped before the answer was finished" in row.inner_text()
    assert row.locator(".aidf-sources").count() == 0
    assert "[1]" in ask(page, "How much money was in the AI Diagnostic Fund?")  # the chat still works
    page.context.close()


def test_without_admin_there_is_no_admin_tab_and_admin_routes_refuse(browser, servers):
    public = servers["public"]
    page = new_page(browser, public.url, DESKTOP)
    tabs = page.get_by_role("tab").all_inner_texts()
    assert [t.strip() for t in tabs] == ["Chat", "Fact check", "Library"]
    open_tab(page, "Library")
    page.wait_for_selector("#library-table")
    assert "ASSISTANT_ADMIN_USER" in page.inner_text("#library")
    shot(page, "07-library-without-admin.png")
    page.context.close()
    for method, path in [("POST", "/api/admin/login"), ("POST", "/api/admin/logout"), ("POST", "/api/admin/upload"),
                         ("POST", "/api/admin/reingest"), ("DELETE", "/api/admin/documents/11-faq-for-trust-staff.md")]:
        response = httpx.request(method, public.url + path, auth=(ADMIN_USER, ADMIN_PASSWORD), timeout=10)
        assert response.status_code == 404, (method, path)
    assert httpx.get(f"{servers['admin'].url}/api/admin/reingest", timeout=10).status_code in (401, 404, 405)
    assert httpx.post(f"{servers['admin'].url}/api/admin/reingest", timeout=10).status_code == 401


def test_no_request_left_the_machine():
    assert OUTSIDE == []
