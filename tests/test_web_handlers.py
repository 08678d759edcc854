"""The web layer on its own: the real ``Assistant`` facade (so its validation is the real one) with the
answering and fact-check engines replaced by canned results. Fast: no model, no index, no browser.

Covers the JSON API contract, error mapping, admin auth (404/401/429, cookies, Basic), the Gradio
handlers (streaming chat, follow-ups, feedback, export, fact check, library, admin), escaping of
hostile document text, structured logs and the thread-pool concurrency.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import logging
import re
import threading
import time
from types import SimpleNamespace

import gradio as gr
import pytest
from fastapi.testclient import TestClient

import assistant.answer.pipeline as answering
import assistant.factcheck as factcheck
from assistant import render, web_ui
from assistant.auth import COOKIE_NAME, AdminAuth, LoginThrottle, TooManyAttempts
from assistant.config import Settings
from assistant.index import IndexNotReady
from assistant.logging_setup import JsonFormatter
from assistant.service import Assistant
from assistant.types import Answer, CheckResult, Citation, FileFailure, IngestReport
from assistant.web import create_app

ADMIN_USER = "trust-admin"
ADMIN_PASSWORD = "correct horse battery staple"
HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> ${alert(2)} {{7*7}} `cmd`'

# Every admin route of the JSON API: (method, path, request kwargs).
ADMIN_ROUTES = [
    ("POST", "/api/admin/login", {"json": {"user": ADMIN_USER, "password": "wrong"}}),
    ("POST", "/api/admin/logout", {}),
    ("POST", "/api/admin/upload", {"files": {"files": ("new.md", b"# New\n\nText.", "text/markdown")}}),
    ("POST", "/api/admin/reingest", {}),
    ("DELETE", "/api/admin/documents/01-announcement.md", {}),
]


# --- fixtures -------------------------------------------------------------------------------------
def citation(n=1, text="The fund was worth £21 million. It opened in June 2023.", quote="The fund was worth £21 million.",
             **extra) -> Citation:
    values = dict(n=n, title="Announcement", source="01-announcement.md", url="https://www.gov.uk/example",
                  published="2023-06-23", page=None, section="What was announced", text=text, quote=quote,
                  publisher="DHSC", doc_type="announcement", chunk_id=f"c{n}")
    values.update(extra)
    return Citation(**values)


def canned_answer(question: str) -> Answer:
    return Answer(question=question, answer="The fund was worth £21 million [1]. It opened in June 2023 [1].",
                  abstained=False, citations=[citation()], timings_ms={"total": 12.3456}, index_version="v000001")


class Engine:
    """Stands in for answering.answer_question / factcheck.check_text and records what it was given."""

    def __init__(self):
        self.calls: list[dict] = []
        self.answer = canned_answer
        self.delay = 0.0

    def answer_question(self, snapshot, question, history, filters, llm=None):
        self.calls.append({"question": question, "history": history})
        if self.delay:
            time.sleep(self.delay)
        return self.answer(question)

    def check_text(self, snapshot, text):
        return [
            CheckResult(claim="The fund was worth £21 million.", verdict="supported", explanation="Quoted.",
                        evidence=[citation()]),
            CheckResult(claim="It was announced in 2019.", verdict="contradicted", explanation="The source says 2023.",
                        evidence=[citation(2, quote="It opened in June 2023.")]),
        ]


DOCUMENTS = {
    "index_version": "v000001",
    "created_at": "2026-01-01T00:00:00+00:00",
    "documents": [
        {"source": "01-announcement.md", "title": "Announcement", "doc_type": "announcement", "published": "2023-06-23",
         "publisher": "DHSC", "url": "https://www.gov.uk/example", "chunks": 3, "ingested_at": "2026-01-01T00:00:00+00:00"},
        {"source": "11-faq.md", "title": "FAQ for trust staff", "doc_type": "faq", "published": "2023-06-23",
         "publisher": "DHSC", "url": None, "chunks": 5, "ingested_at": "2026-01-01T00:00:00+00:00"},
    ],
}


def make_settings(tmp_path, admin: bool = True, **extra) -> Settings:
    values = dict(db=tmp_path / "index", sources=[tmp_path / "corpus"], upload_dir=tmp_path / "uploads",
                  feedback_log=tmp_path / "feedback.jsonl", admin_user=ADMIN_USER if admin else None,
                  admin_password=ADMIN_PASSWORD if admin else None, concurrency_limit=2)
    values.update(extra)
    return Settings(**values)


@pytest.fixture
def engine(monkeypatch):
    fake = Engine()
    monkeypatch.setattr(answering, "answer_question", fake.answer_question)
    monkeypatch.setattr(factcheck, "check_text", fake.check_text)
    return fake


def make_assistant(settings: Settings) -> Assistant:
    facade = Assistant(settings)
    snapshot = SimpleNamespace(version="v000001", documents={d["source"]: d for d in DOCUMENTS["documents"]},
                               __len__=lambda self: 8)
    facade.index.get = lambda: SimpleNamespace(version="v000001", documents=snapshot.documents)
    facade.health = lambda: {"status": "ok", "index_version": "v000001", "documents": 2, "chunks": 8}
    facade.documents = lambda: json.loads(json.dumps(DOCUMENTS))
    facade.ingested = []

    def ingest(sources=None, rebuild=False, dry_run=False):
        facade.ingested.append({"rebuild": rebuild})
        return IngestReport(added=sorted(p.name for p in settings.upload_dir.glob("*") if not p.name.startswith(".")),
                            unchanged=["01-announcement.md"], chunks_total=9, index_version="v000002")

    def delete_document(source):
        return IngestReport(removed=[source], index_version="v000003")

    facade.ingest = ingest
    facade.delete_document = delete_document
    return facade


@pytest.fixture
def admin_app(tmp_path, engine):
    settings = make_settings(tmp_path, admin=True)
    return create_app(settings, make_assistant(settings), ui=False)


@pytest.fixture
def client(admin_app):
    # One event loop for the whole test (as under uvicorn): the engine's limiter belongs to it.
    with TestClient(admin_app) as test_client:
        yield test_client


@pytest.fixture
def public_client(tmp_path, engine):
    settings = make_settings(tmp_path, admin=False)
    with TestClient(create_app(settings, make_assistant(settings), ui=False)) as test_client:
        yield test_client


def basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


# --- public API -----------------------------------------------------------------------------------
def test_ask_returns_answer_to_dict(client, engine):
    response = client.post("/api/ask", json={"question": "  How much was the fund?  "})
    assert response.status_code == 200
    assert response.json() == canned_answer("How much was the fund?").to_dict()
    assert engine.calls[-1] == {"question": "How much was the fund?", "history": []}
    assert response.headers["x-request-id"]
    assert response.headers["cache-control"] == "no-store"


def test_ask_passes_history_for_follow_ups(client, engine):
    history = [{"role": "user", "content": "How much was the fund?"},
               {"role": "assistant", "content": "£21 million [1]."}]
    response = client.post("/api/ask", json={"question": "When was it announced?", "history": history})
    assert response.status_code == 200
    assert engine.calls[-1]["history"] == history


@pytest.mark.parametrize("body, fragment", [
    ({"question": ""}, "empty"),
    ({"question": "   \n\t "}, "empty"),
    ({"question": "\x00\x07\x1b\x7f"}, "empty"),
    ({"question": "x" * 2001}, "limit is 2,000"),
    ({"question": "x" * 30_000}, "question"),
    ({"question": 42}, "question"),
    ({"question": None}, "question"),
    ({"question": ["a list"]}, "question"),
    ({}, "question"),
    ({"question": "ok?", "history": "not a list"}, "history"),
    ({"question": "ok?", "history": [{"role": "system", "content": "x"}]}, "history"),
    ({"question": "ok?", "history": [{"role": "user", "content": 5}]}, "history"),
])
def test_ask_rejects_bad_input_with_400(client, engine, body, fragment):
    response = client.post("/api/ask", json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert fragment in error
    assert "Traceback" not in response.text
    assert not engine.calls


def test_ask_rejects_non_json_and_non_object_bodies(client):
    for kwargs in ({"content": b"{not json", "headers": {"content-type": "application/json"}},
                   {"json": ["question"]}, {"content": b"question=hi"}):
        response = client.post("/api/ask", **kwargs)
        assert response.status_code == 400
        assert "error" in response.json()


def test_oversized_body_is_refused_before_parsing(client, engine):
    response = client.post("/api/ask", content=b'{"question": "' + b"x" * 600_000 + b'"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert not engine.calls


def test_control_characters_inside_a_question_are_cleaned(client, engine):
    response = client.post("/api/ask", json={"question": "How much\x00 was\x1b the fund?"})
    assert response.status_code == 200
    assert "\x00" not in engine.calls[-1]["question"]


def test_check_returns_first_result_and_all_claims(client):
    response = client.post("/api/check", json={"claim": "The fund was worth £21 million. It was announced in 2019."})
    assert response.status_code == 200
    data = response.json()
    assert {"claim", "verdict", "explanation", "evidence", "claims"} <= data.keys()
    assert data["claim"] == "The fund was worth £21 million." and data["verdict"] == "supported"
    assert [c["verdict"] for c in data["claims"]] == ["supported", "contradicted"]
    assert data["claims"][1]["evidence"][0] == citation(2, quote="It opened in June 2023.").to_dict()
    assert client.post("/api/check", json={"claim": " "}).status_code == 400
    assert client.post("/api/check", json={"claim": 3}).status_code == 400


def test_documents_and_health(client, admin_app):
    assert client.get("/api/documents").json() == DOCUMENTS
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["index_version"] == "v000001"
    admin_app.state.assistant.health = lambda: {"status": "unavailable", "error": "no index"}
    assert client.get("/healthz").status_code == 503


def test_index_not_ready_is_503(client, admin_app, caplog):
    def not_ready():
        raise IndexNotReady("no index at /x; run `python ingest.py` first")

    admin_app.state.assistant.index.get = not_ready
    response = client.post("/api/ask", json={"question": "How much?"})
    assert response.status_code == 503
    assert "not available" in response.json()["error"] and "/x" not in response.text  # no paths to anonymous users
    assert "python ingest.py" in caplog.text  # the operator finds the reason in the log


def test_unexpected_error_is_500_without_details(client, engine, caplog):
    def boom(question):
        raise RuntimeError("secret internals /etc/passwd")

    engine.answer = boom
    with caplog.at_level(logging.INFO, logger="assistant.web"):
        response = client.post("/api/ask", json={"question": "How much?"})
    assert response.status_code == 500
    body = response.json()
    assert body == {"error": "internal error", "request_id": response.headers["x-request-id"]}
    assert "secret internals" not in response.text
    logged = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.exc_info]
    assert logged and logged[0]["request_id"] == body["request_id"] and "secret internals" in logged[0]["exc"]


def test_openapi_docs_are_served(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    scripts = re.findall(r"""(?:src|href)=["']([^"']+)""", docs.text)
    assert scripts and all(url.startswith("/") for url in scripts), scripts  # local assets only, no CDN
    assert all(client.get(url).status_code == 200 for url in scripts)
    schema = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/check", "/api/documents", "/healthz", "/api/admin/upload"} <= schema["paths"].keys()
    assert schema["components"]["schemas"]["AskRequest"]["properties"]["question"]["maxLength"] > 0


# --- admin API ------------------------------------------------------------------------------------
@pytest.mark.parametrize("method, path, kwargs", ADMIN_ROUTES)
def test_admin_routes_are_404_when_admin_is_not_configured(public_client, method, path, kwargs):
    response = public_client.request(method, path, **kwargs)
    assert response.status_code == 404
    response = public_client.request(method, path, headers=basic(ADMIN_USER, ADMIN_PASSWORD), **kwargs)
    assert response.status_code == 404


@pytest.mark.parametrize("method, path, kwargs", ADMIN_ROUTES)
def test_admin_routes_are_401_without_a_session(client, admin_app, method, path, kwargs):
    response = client.request(method, path, **kwargs)
    assert response.status_code == 401
    assert "error" in response.json()
    assert not admin_app.state.assistant.ingested
    assert not list(admin_app.state.settings.upload_dir.glob("*"))  # nothing was stored
    forged = client.request(method, path, cookies={COOKIE_NAME: "forged.token"}, **kwargs)
    assert forged.status_code == 401


def test_login_sets_a_strict_httponly_cookie_and_logout_ends_it(client):
    response = client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert ADMIN_PASSWORD not in cookie
    assert client.post("/api/admin/reingest").status_code == 200
    value = client.cookies.get(COOKIE_NAME)
    tampered = value[:-1] + ("0" if value[-1] != "0" else "1")
    assert TestClient(client.app).post("/api/admin/reingest", cookies={COOKIE_NAME: tampered}).status_code == 401
    assert client.post("/api/admin/logout").status_code == 200
    assert TestClient(client.app).post("/api/admin/reingest", cookies={COOKIE_NAME: value}).status_code == 401


def test_http_basic_works_for_scripts(client):
    assert client.post("/api/admin/reingest", headers=basic(ADMIN_USER, ADMIN_PASSWORD)).status_code == 200
    assert client.post("/api/admin/reingest", headers=basic(ADMIN_USER, "nope")).status_code == 401
    assert client.post("/api/admin/reingest", headers={"Authorization": "Basic !!!"}).status_code == 401


def test_login_with_wrong_types_is_400_and_does_not_echo_the_password(client):
    response = client.post("/api/admin/login", json={"user": ADMIN_USER, "password": 12345678})
    assert response.status_code == 400
    assert "12345678" not in response.text


def test_failed_sign_ins_are_slowed_down(client, admin_app):
    now = [1000.0]
    admin_app.state.auth.throttle.clock = lambda: now[0]
    wrong = {"user": ADMIN_USER, "password": "guess"}
    codes = [client.post("/api/admin/login", json=wrong).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    blocked = client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert blocked.status_code == 429  # even the right password waits
    assert int(blocked.headers["retry-after"]) == 5
    assert client.post("/api/admin/reingest", headers=basic(ADMIN_USER, ADMIN_PASSWORD)).status_code == 429
    now[0] += 6
    assert client.post("/api/admin/login", json=wrong).status_code == 401
    again = client.post("/api/admin/login", json=wrong)
    assert again.status_code == 429 and int(again.headers["retry-after"]) == 10  # exponential backoff
    now[0] += 11
    assert client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD}).status_code == 200
    assert client.post("/api/admin/login", json=wrong).status_code == 401  # success cleared the record


def test_throttle_window_forgets_old_failures():
    now = [0.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(2):
        throttle.failure("1.2.3.4")
    now[0] += 301
    assert throttle.failure("1.2.3.4") is None  # the first two are outside the 5-minute window
    throttle.check("1.2.3.4")
    assert throttle.failure("5.6.7.8") is None  # per address


def test_credentials_use_constant_time_comparison(tmp_path, monkeypatch):
    calls = []
    import hmac

    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    auth = AdminAuth(make_settings(tmp_path))
    assert auth.credentials_ok(ADMIN_USER, ADMIN_PASSWORD)
    assert not auth.credentials_ok("x", ADMIN_PASSWORD)
    assert len(calls) == 4  # user and password compared each time, no short-circuit


def test_upload_saves_files_then_ingests(client, admin_app):
    client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    files = [("files", ("zephyr-network.md", b"# Zephyr\n\nThe Zephyr network got money.", "text/markdown")),
             ("files", ("../../evil.exe", b"MZ", "application/octet-stream"))]
    response = client.post("/api/admin/upload", files=files)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["added"] == ["zephyr-network.md"]
    assert report["failed"] == [{"path": "../../evil.exe", "error": report["failed"][0]["error"]}]
    assert "unsupported file type" in report["failed"][0]["error"]
    assert (admin_app.state.settings.upload_dir / "zephyr-network.md").exists()
    assert admin_app.state.assistant.ingested == [{"rebuild": False}]
    only_bad = client.post("/api/admin/upload", files=[("files", ("x.exe", b"MZ", "application/octet-stream"))])
    assert only_bad.status_code == 400
    assert client.post("/api/admin/upload", data={"other": "x"}).status_code == 400


def test_reingest_and_delete(client):
    auth = basic(ADMIN_USER, ADMIN_PASSWORD)
    assert client.post("/api/admin/reingest?rebuild=true", headers=auth).json()["index_version"] == "v000002"
    deleted = client.delete("/api/admin/documents/sub/folder/11-faq.md", headers=auth)
    assert deleted.status_code == 200 and deleted.json()["removed"] == ["sub/folder/11-faq.md"]


# --- logging --------------------------------------------------------------------------------------
def test_one_structured_log_line_per_request_without_secrets(client, caplog):
    formatter = JsonFormatter()
    with caplog.at_level(logging.INFO):
        client.post("/api/ask", json={"question": "How much was the fund? " + "q" * 500})
        client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
        client.post("/api/admin/reingest")
        client.post("/api/admin/login", json={"user": ADMIN_USER, "password": "wrong-" + ADMIN_PASSWORD})
    lines = [json.loads(formatter.format(r)) for r in caplog.records if r.name == "assistant.web" and r.msg == "request"]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", "/api/ask", 200), ("POST", "/api/admin/login", 200),
        ("POST", "/api/admin/reingest", 200), ("POST", "/api/admin/login", 401)]
    ask = lines[0]
    assert ask["outcome"] == "answered" and ask["latency_ms"] >= 0 and len(ask["request_id"]) == 16
    assert len(ask["question"]) <= 200
    assert lines[1]["outcome"] == "login_ok" and lines[3]["outcome"] == "login_failed"
    everything = "\n".join(formatter.format(r) for r in caplog.records)
    assert ADMIN_PASSWORD not in everything
    assert client.cookies.get(COOKIE_NAME) not in everything


# --- concurrency ----------------------------------------------------------------------------------
def test_slow_answers_do_not_block_health_or_documents(client, engine):
    engine.delay = 1.5
    done = []
    workers = [threading.Thread(target=lambda: done.append(client.post("/api/ask", json={"question": "Slow?"}).status_code))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    time.sleep(0.2)
    started = time.perf_counter()
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/documents").status_code == 200
    assert time.perf_counter() - started < 0.5
    for worker in workers:
        worker.join()
    assert done == [200, 200, 200]


def test_engine_limiter_bounds_concurrent_answers(client, engine, admin_app):
    running, peak = [0], [0]
    lock = threading.Lock()

    def slow(question):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return canned_answer(question)

    engine.answer = slow
    workers = [threading.Thread(target=client.post, args=("/api/ask",), kwargs={"json": {"question": "q?"}}) for _ in range(5)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert peak[0] == admin_app.state.settings.concurrency_limit == 2


# --- rendering and escaping -----------------------------------------------------------------------
def test_answer_html_escapes_hostile_passages_and_highlights_the_quote():
    hostile = citation(text=f"Intro. {HOSTILE} The fund was worth £21 million. Outro.",
                       quote="The fund was worth £21 million.", title=f"Title {HOSTILE}",
                       url="javascript:alert(1)", section=HOSTILE)
    rendered = render.answer_html({**canned_answer("q").to_dict(), "citations": [hostile.to_dict()]}, turn=4)
    assert "<script" not in rendered and "<img" not in rendered and "javascript:" not in rendered
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rendered
    assert "${" not in rendered and "{{" not in rendered and "`" not in rendered
    assert "<mark>The fund was worth £21 million.</mark>" in rendered
    assert "23 June 2023" in rendered and "DHSC" in rendered
    # The sources sit under their own answer, and each [n] links to this answer's source n.
    assert rendered.count('<a class="aidf-cite" href="#a4-s1"') == 2 and 'id="a4-s1"' in rendered
    assert rendered.index("aidf-text") < rendered.index('id="a4-sources"')


def test_highlight_tolerates_line_breaks_and_marks_the_decisive_value():
    html = render.highlight("First one.\nThe fund was\nworth £21m. Then more. Last bit here.",
                            "The fund was worth £21m. Last bit here.")
    assert "<mark>The fund was&#10;worth £21m.</mark>" in html and "<mark>Last bit here.</mark>" in html
    html = render.highlight("It was £21m <b>, not £50m.", "It was £21m <b>, not £50m.", "£21m")
    assert html == '<mark>It was <strong class="aidf-value">£21m</strong> &lt;b&gt;, not £50m.</mark>'


def test_answer_text_is_escaped_and_only_known_markers_become_links():
    data = {"answer": f"Money [1] {HOSTILE} *bold* R&D &amp; 2023 [7].", "abstained": False,
            "notes": ["sources <b>disagree</b>"], "citations": [citation().to_dict()]}
    html = render.answer_html(data, turn=0)
    assert "<script" not in html and "&lt;script&gt;" in html and "&amp;amp;" in html
    assert 'href="#a0-s1"' in html and "[7]." in html and 'href="#a0-s7"' not in html
    assert "*bold* R&amp;D" in html and "Note: sources &lt;b&gt;disagree&lt;/b&gt;" in html


def test_optional_fields_from_other_stages_are_rendered_when_present():
    primary = {"title": "Press release", "publisher": "DHSC", "published": "2023-06-23", "url": "https://www.gov.uk/pr"}
    cited = {**citation().to_dict(), "primary_sources": [primary], "highlight": "£21 million"}
    html = render.answer_html({**canned_answer("q").to_dict(), "citations": [cited], "decided_by": "figure match"}, 1)
    assert "Primary source:" in html and "https://www.gov.uk/pr" in html and "Decided by: figure match" in html
    assert '<strong class="aidf-value">£21 million</strong>' in html
    result = {**CheckResult(claim="It was £21m.", verdict="supported", explanation="x", evidence=[citation()]).to_dict(),
              "decided_by": "amount"}
    result["evidence"][0]["highlight"] = "£21 million"
    table = render.check_html([result])
    assert '<strong class="aidf-value">£21 million</strong>' in table and "Decided by: amount" in table
    assert render.documents_as_of({}, DOCUMENTS).startswith("Documents as of 23 June 2023")
    assert "Documents as of 1 May 2024" in render.documents_as_of({"documents_as_of": "2024-05-01"}, DOCUMENTS)


def test_abstention_says_so_once_and_shows_the_nearest_passages():
    data = {"answer": "I could not find this in the documents.", "abstained": True, "citations": [], "notes": []}
    near = citation(text=f"Near {HOSTILE} passage.", quote="", title=f"Near {HOSTILE}").to_dict()
    html = render.answer_html(data, turn=2, passages=[near])
    assert html.count("answer this") == 1 and render.ABSTAINED in html.replace("&#39;", "'")
    assert "I could not find" not in html and "Nearest passages (1)" in html and 'id="a2-s1"' in html
    assert "<script" not in html
    assert "No document in the collection" in render.answer_html(data, turn=2, passages=[])


def test_check_library_and_report_html_escape_everything():
    result = CheckResult(claim=HOSTILE, verdict="contradicted", explanation=HOSTILE,
                         evidence=[citation(title=HOSTILE, quote=HOSTILE), citation(2)]).to_dict()
    table = render.check_html([result])
    assert "<script" not in table and "Contradicted" in table and "&lt;script&gt;" in table
    assert "more (1 other source)" in table and 'data-label="Deciding quote"' in table
    docs = {"index_version": "v1", "documents": [{**DOCUMENTS["documents"][0], "title": HOSTILE}]}
    library = render.library_html(docs, admin_enabled=False)
    assert "<script" not in library and "ASSISTANT_ADMIN_USER" in library and "ASSISTANT_ADMIN_PASSWORD" in library
    report = render.report_html(IngestReport(added=[HOSTILE], failed=[FileFailure(HOSTILE, HOSTILE)]).to_dict())
    assert "<script" not in report and "Failed: 1" in report
    document = render.document_html({"source": "x.md", "title": HOSTILE, "text": HOSTILE, "url": "javascript:x"})
    assert "<script" not in document and "javascript:" not in document and "&lt;script&gt;" in document


def test_library_filters_by_title_and_type():
    html = render.library_html(DOCUMENTS, "faq for", "all")
    assert "FAQ for trust staff" in html and "Announcement" not in html and "2 documents · 1 shown" in html
    html = render.library_html(DOCUMENTS, "", "announcement")
    assert "Announcement" in html and "FAQ for trust staff" not in html
    assert "v000001" in html and "ASSISTANT_ADMIN_USER" not in render.library_html(DOCUMENTS, admin_enabled=True)


# --- Gradio handlers ------------------------------------------------------------------------------
def ui_for(app):
    settings = app.state.settings
    from assistant.web import Engine as WebEngine
    from assistant.feedback import FeedbackLog

    return web_ui.WebUI(settings, app.state.assistant, app.state.auth, WebEngine(settings.concurrency_limit),
                        FeedbackLog(settings.feedback_log))


async def collect(gen):
    return [item async for item in gen]


def test_chat_streams_the_answer_then_shows_it_with_its_own_sources(admin_app, engine):
    ui = ui_for(admin_app)
    updates = asyncio.run(collect(ui.chat("How much was the fund?", [], [])))
    assert len(updates) >= 3  # placeholder, partial answer(s), final
    assert "Searching the documents" in updates[0][1][-1]["content"]
    final_box, messages, records, *_ = updates[-1]
    assert final_box == ""
    assert messages[0] == {"role": "user", "content": "How much was the fund?"}
    final = messages[1]["content"]
    assert 'href="#a0-s1"' in final and 'id="a0-sources"' in final and "<mark>The fund was worth £21 million.</mark>" in final
    assert records[0]["answer"]["citations"][0]["title"] == "Announcement"
    partial = [u[1][-1]["content"] for u in updates[1:-1] if "aidf-sources" not in u[1][-1]["content"]]
    assert partial and all("…" in p for p in partial)


def test_each_answer_keeps_its_own_sources_after_later_questions(admin_app, engine):
    ui = ui_for(admin_app)
    first = asyncio.run(collect(ui.chat("How much was the fund?", [], [])))[-1]
    engine.answer = lambda q: Answer(question=q, answer="It opened in June 2023 [1].", abstained=False,
                                     citations=[citation(title="Second source")], index_version="v000001")
    second = asyncio.run(collect(ui.chat("When?", first[1], first[2])))[-1]
    messages = second[1]
    assert 'href="#a0-s1"' in messages[1]["content"] and "Announcement" in messages[1]["content"]
    assert 'href="#a1-s1"' in messages[3]["content"] and "Second source" in messages[3]["content"]
    assert "Second source" not in messages[1]["content"]


def test_an_answer_kept_in_the_session_comes_back_as_the_same_typed_object():
    answer = canned_answer("How much?")
    back = web_ui.answer_from_dict(answer.to_dict())
    assert isinstance(back.citations[0], Citation) and back.to_dict() == answer.to_dict()
    assert web_ui.answer_from_dict({**answer.to_dict(), "added_later": 1}).to_dict() == answer.to_dict()


def test_chat_follow_up_sends_the_history(admin_app, engine):
    ui = ui_for(admin_app)
    first = asyncio.run(collect(ui.chat("How much was the fund?", [], [])))[-1]
    asyncio.run(collect(ui.chat("And when?", first[1], first[2])))
    assert engine.calls[-1]["history"] == [
        {"role": "user", "content": "How much was the fund?"},
        {"role": "assistant", "content": canned_answer("x").answer}]


def test_chat_shows_a_clear_message_for_invalid_and_failing_questions(admin_app, engine):
    ui = ui_for(admin_app)
    final = asyncio.run(collect(ui.chat("x" * 2500, [], [])))[-1]
    assert "limit is 2,000" in final[1][-1]["content"] and final[2][0]["error"]
    engine.answer = lambda q: (_ for _ in ()).throw(RuntimeError("internal detail"))
    final = asyncio.run(collect(ui.chat("Boom?", [], [])))[-1]
    assert "something went wrong" in final[1][-1]["content"] and "internal detail" not in final[1][-1]["content"]
    assert len(asyncio.run(collect(ui.chat("   ", [], [])))) == 1  # nothing to ask


def test_stop_marks_an_unfinished_answer_and_keeps_turns_aligned(admin_app, engine):
    ui = ui_for(admin_app)
    updates = asyncio.run(collect(ui.chat("How much was the fund?", [], [])))
    _, messages, records, *_ = updates[1]  # cancelled mid-stream: the record has no answer yet
    messages, records, *_ = ui.stop(messages, records)
    assert records[0]["stopped"] and "Stopped before the answer was finished" in messages[1]["content"]
    assert "aidf-sources" not in messages[1]["content"]
    assert ui.facade_history(records) == []
    assert "Stopped before the answer was finished" in render.conversation_markdown(records)


def test_feedback_is_logged_without_credentials_and_a_thumbs_down_asks_why(admin_app, engine):
    ui = ui_for(admin_app)
    token = admin_app.state.auth.sign_in(ADMIN_USER, ADMIN_PASSWORD, "127.0.0.1")
    final = asyncio.run(collect(ui.chat("How much was the fund?", [], [])))[-1]
    records = final[2]
    box, pending = ui.like(records, gr.LikeData(None, {"index": 1, "value": final[1][1]["content"], "liked": True}))
    assert box["visible"] is False and pending is None
    box, pending = ui.like(records, gr.LikeData(None, {"index": [1, 0], "value": "x", "liked": False}))
    assert box["visible"] is True and pending["turn"] == 0
    ui.like(records, gr.LikeData(None, {"index": 0, "value": "user message", "liked": True}))  # not an answer
    box, pending_after, text = ui.feedback_reason(records, pending, "  The amount is   out of date. ")
    assert box["visible"] is False and pending_after is None and text == ""
    lines = [json.loads(line) for line in admin_app.state.settings.feedback_log.read_text().splitlines()]
    assert [line["vote"] for line in lines] == ["up", "down", "down"]
    assert lines[1]["reason"] is None and lines[2]["reason"] == "The amount is out of date."
    assert lines[2]["id"] == lines[1]["id"] != lines[0]["id"]
    entry = lines[0]
    assert entry["question"] == "How much was the fund?" and "£21 million" in entry["answer"]
    assert entry["citations"][0]["title"] == "Announcement" and entry["timestamp"]
    raw = admin_app.state.settings.feedback_log.read_text()
    for secret in (ADMIN_PASSWORD, ADMIN_USER, token, admin_app.state.auth.cookie_value(token)):
        assert secret not in raw


def test_export_conversation_as_markdown(admin_app, engine):
    ui = ui_for(admin_app)
    final = asyncio.run(collect(ui.chat("How much was the fund?", [], [])))[-1]
    update = ui.export(final[2])
    text = open(update["value"], encoding="utf-8").read()
    assert update["value"].endswith(".md") and update["visible"] is True
    assert "## 1. How much was the fund?" in text and "[1] Announcement" in text and "https://www.gov.uk/example" in text


def test_fact_check_handler_renders_a_table(admin_app, engine):
    ui = ui_for(admin_app)
    html = asyncio.run(ui.fact_check("The fund was worth £21 million. It was announced in 2019."))
    assert html.count("<tr>") == 3 and "Supported" in html and "Contradicted" in html and "23 June 2023" in html
    assert 'id="check-table"' in html
    assert "empty" in asyncio.run(ui.fact_check("  "))


def test_admin_handlers_refuse_without_a_valid_token(admin_app, tmp_path):
    ui = ui_for(admin_app)
    upload = tmp_path / "new.md"
    upload.write_text("# New\n\nText.")
    for token in (None, "", "made-up-token"):
        with pytest.raises(gr.Error):
            asyncio.run(ui.admin_upload(token, [str(upload)]))
        with pytest.raises(gr.Error):
            asyncio.run(ui.admin_reingest(token))
        with pytest.raises(gr.Error):
            asyncio.run(ui.admin_delete(token, "11-faq.md"))
        with pytest.raises(gr.Error):
            ui.admin_confirm_delete(token, "11-faq.md")
    assert not admin_app.state.assistant.ingested
    token = admin_app.state.auth.sign_in(ADMIN_USER, ADMIN_PASSWORD, "127.0.0.1")
    ui.admin_sign_out(token)
    with pytest.raises(gr.Error):
        asyncio.run(ui.admin_reingest(token))


def test_admin_sign_in_handler_issues_a_token_and_shares_the_slow_down(admin_app, tmp_path):
    ui = ui_for(admin_app)
    request = SimpleNamespace(client=SimpleNamespace(host="10.9.8.7"))
    for _ in range(3):
        token, status, *_ = ui.admin_sign_in(ADMIN_USER, "wrong", request)
        assert token is None and "Wrong user name or password" in status
    token, status, *_ = ui.admin_sign_in(ADMIN_USER, ADMIN_PASSWORD, request)
    assert token is None and "Too many failed sign-ins" in status
    with pytest.raises(TooManyAttempts):  # the same throttle as the JSON API
        admin_app.state.auth.sign_in(ADMIN_USER, ADMIN_PASSWORD, "10.9.8.7")
    token, status, password, panel, *_ = ui.admin_sign_in(ADMIN_USER, ADMIN_PASSWORD,
                                                           SimpleNamespace(client=SimpleNamespace(host="10.0.0.1")))
    assert admin_app.state.auth.session_valid(token) and status == "Signed in." and panel["visible"] is True
    upload = tmp_path / "zephyr.md"
    upload.write_text("# Zephyr\n\nText.")
    report, _, choices = asyncio.run(ui.admin_upload(token, [str(upload)]))
    assert "zephyr.md" in report and "Added: 1" in report
    assert [value for _, value in choices["choices"]] == ["zephyr.md"]  # uploads only, not the shipped corpus
    box, question = ui.admin_confirm_delete(token, "zephyr.md")
    assert box["visible"] is True and "zephyr.md" in question
    assert (admin_app.state.settings.upload_dir / "zephyr.md").exists()  # nothing deleted before confirmation
    with pytest.raises(gr.Error, match="not an upload"):
        asyncio.run(ui.admin_delete(token, "11-faq.md"))


def test_ui_builds_with_admin_tab_only_when_configured(tmp_path, engine):
    def tab_labels(app):
        blocks = app.state.web_ui.build()
        return [block.label for block in blocks.blocks.values() if isinstance(block, gr.Tab)]

    with_admin = make_settings(tmp_path, admin=True)
    without = make_settings(tmp_path, admin=False)
    assert tab_labels(create_app(with_admin, make_assistant(with_admin))) == ["Chat", "Fact check", "Library", "Admin"]
    assert tab_labels(create_app(without, make_assistant(without))) == ["Chat", "Fact check", "Library"]


def test_admin_events_are_private_in_the_gradio_api(tmp_path, engine):
    settings = make_settings(tmp_path, admin=True)
    app = create_app(settings, make_assistant(settings))
    blocks = app.state.web_ui.build()
    admin_fns = {"admin_sign_in", "admin_sign_out", "admin_upload", "admin_reingest", "admin_delete",
                 "admin_confirm_delete", "admin_cancel_delete", "like", "feedback_reason", "export", "stop"}
    seen = set()
    for fn in blocks.fns.values():
        name = getattr(fn.fn, "__name__", "")
        if name in admin_fns:
            seen.add(name)
            assert fn.api_visibility == "private", name
    assert seen == admin_fns
    public = {fn.api_name for fn in blocks.fns.values() if fn.api_visibility == "public"}
    assert {"ask", "check", "documents"} <= public


def test_gradio_upload_route_is_closed_without_admin(tmp_path, engine):
    # No admin: absent. Admin configured: only for a signed-in admin's session cookie.
    for admin, expected in ((False, 404), (True, 401)):
        settings = make_settings(tmp_path / str(admin), admin=admin)
        with TestClient(create_app(settings, make_assistant(settings))) as test_client:
            response = test_client.post("/gradio_api/upload", files={"files": ("a.md", b"# A", "text/markdown")})
            assert response.status_code == expected, (admin, response.text)
            assert test_client.get("/").headers["x-frame-options"] == "SAMEORIGIN"
            if admin:
                assert test_client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD}).status_code == 200
                response = test_client.post("/gradio_api/upload", files={"files": ("a.md", b"# A", "text/markdown")})
                assert response.status_code == 200, response.text


def test_admin_failures_become_clear_messages(client, admin_app, tmp_path):
    from assistant.store import IngestInProgress

    def busy(*args, **kwargs):
        raise IngestInProgress("another ingest is running; try again when it has finished")

    admin_app.state.assistant.ingest = busy
    response = client.post("/api/admin/reingest", headers=basic(ADMIN_USER, ADMIN_PASSWORD))
    assert response.status_code == 409 and "another ingest is running" in response.json()["error"]
    ui = ui_for(admin_app)
    token = admin_app.state.auth.sign_in(ADMIN_USER, ADMIN_PASSWORD, "127.0.0.1")
    with pytest.raises(gr.Error, match="another ingest is running"):
        asyncio.run(ui.admin_reingest(token))
    admin_app.state.assistant.ingest = lambda *a, **k: 1 / 0
    with pytest.raises(gr.Error, match="something went wrong") as failure:
        asyncio.run(ui.admin_reingest(token))
    assert "division" not in str(failure.value)


def test_the_export_folder_goes_with_the_ui(admin_app):
    ui = ui_for(admin_app)
    folder = ui.export_dir
    (folder / "answer.md").write_text("kept while the UI lives")
    assert folder.is_dir()
    del ui
    gc.collect()
    assert not folder.exists()
