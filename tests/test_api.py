"""The JSON API end to end: the real app (Gradio mounted) on a real index built from corpus/ in a temp
folder, the real embedding model and the real answering and fact-check engines.

Each module copies the session-wide corpus index from conftest's ``corpus_settings`` fixture, so
uploads and deletions here never touch the shared one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.config import PROJECT_ROOT, Settings
from assistant.render import answer_html
from assistant.types import Answer, Citation
from assistant.web import create_app
from tests.docfactory import HOSTILE, ZEPHYR

pytestmark = pytest.mark.slow

CORPUS = PROJECT_ROOT / "corpus"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "a-long-test-password"
ANSWER_KEYS = set(Answer.__dataclass_fields__)
CITATION_KEYS = set(Citation.__dataclass_fields__)



def e2e_settings(folder: Path, base: Path, admin: bool) -> Settings:
    db = folder / "index"
    if not db.exists():
        shutil.copytree(base, db)
    return Settings(db=db, sources=[CORPUS], upload_dir=folder / "uploads", feedback_log=folder / "feedback.jsonl",
                    admin_user=ADMIN_USER if admin else None, admin_password=ADMIN_PASSWORD if admin else None,
                    llm=None)


@pytest.fixture(scope="module")
def app(tmp_path_factory, corpus_settings):
    base = Path(corpus_settings.db)  # conftest's session index of corpus/ (copied, never written)
    settings = e2e_settings(tmp_path_factory.mktemp("api"), base, admin=True)
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def ask(client, question: str, history=None) -> dict:
    response = client.post("/api/ask", json={"question": question, **({"history": history} if history else {})})
    assert response.status_code == 200, response.text
    return response.json()


def assert_answer_shape(data: dict) -> None:
    assert set(data) == ANSWER_KEYS
    for citation in data["citations"]:
        assert set(citation) == CITATION_KEYS
        assert citation["quote"] and citation["text"]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
    assert markers == {c["n"] for c in data["citations"]}


def test_health_and_documents(client):
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["documents"] == len(list(CORPUS.glob("*.md")))
    documents = client.get("/api/documents").json()
    assert documents["index_version"] == health.json()["index_version"]
    assert {d["source"] for d in documents["documents"]} == {p.name for p in CORPUS.glob("*.md")}
    assert {"title", "doc_type", "published", "chunks", "ingested_at", "url"} <= set(documents["documents"][0])


def test_ask_returns_a_cited_answer(client):
    data = ask(client, "How much money was in the AI Diagnostic Fund?")
    assert_answer_shape(data)
    assert not data["abstained"] and data["citations"]
    assert "21 million" in data["answer"]
    assert data["citations"][0]["url"].startswith("https://")


def test_follow_up_uses_the_history(client):
    first = ask(client, "How much money was in the AI Diagnostic Fund?")
    history = [{"role": "user", "content": first["question"]}, {"role": "assistant", "content": first["answer"]}]
    data = ask(client, "When was it announced?", history)
    assert_answer_shape(data)
    assert not data["abstained"] and "2023" in data["answer"]


def test_off_topic_question_abstains_with_nearest_documents(client):
    data = ask(client, "What is the capital of Peru?")
    assert_answer_shape(data)
    assert data["abstained"] and not data["citations"]


def test_check_a_paragraph(client):
    text = ("The AI Diagnostic Fund was worth £21 million. It was announced by Steve Barclay in June 2023. "
            "Every NHS trust in England received money from the fund.")
    response = client.post("/api/check", json={"claim": text})
    assert response.status_code == 200, response.text
    data = response.json()
    assert len(data["claims"]) == 3
    assert {k: data[k] for k in ("claim", "verdict", "explanation", "evidence")} == {
        k: data["claims"][0][k] for k in ("claim", "verdict", "explanation", "evidence")}
    assert data["verdict"] == "supported" and data["evidence"][0]["quote"]
    assert all(c["verdict"] in {"supported", "contradicted", "not_found"} for c in data["claims"])


@pytest.mark.parametrize("body", [{"question": ""}, {"question": "  "}, {"question": "\x00\x01"},
                                  {"question": "q" * 2001}, {"question": 7}, {"question": {"a": 1}}])
def test_bad_questions_are_400(client, body):
    response = client.post("/api/ask", json=body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_network_the_corpus_never_names_is_declined(client):
    assert ask(client, "How much did the Zephyr Valley Imaging Network receive?")["abstained"]


def test_admin_upload_then_answer_from_it_then_delete(client):
    question = "How much did the Zephyr Valley Imaging Network receive?"
    assert client.post("/api/admin/upload", files={"files": ("zephyr.md", ZEPHYR.encode(), "text/markdown")}).status_code == 401

    login = client.post("/api/admin/login", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert login.status_code == 200
    response = client.post("/api/admin/upload", files={"files": ("zephyr-valley.md", ZEPHYR.encode(), "text/markdown")})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["added"] == ["zephyr-valley.md"] and not report["failed"]

    data = ask(client, question)
    assert_answer_shape(data)
    assert not data["abstained"] and "3.7 million" in data["answer"]
    assert data["citations"][0]["source"] == "zephyr-valley.md"
    assert data["citations"][0]["url"] == "https://example.org/zephyr-valley-pilot"
    assert "zephyr-valley.md" in {d["source"] for d in client.get("/api/documents").json()["documents"]}

    deleted = client.delete("/api/admin/documents/zephyr-valley.md")
    assert deleted.status_code == 200 and deleted.json()["removed"] == ["zephyr-valley.md"]
    assert "zephyr-valley.md" not in {d["source"] for d in client.get("/api/documents").json()["documents"]}
    after = ask(client, question)
    assert "3.7 million" not in after["answer"] and "zephyr-valley.md" not in {c["source"] for c in after["citations"]}
    assert client.delete("/api/admin/documents/zephyr-valley.md").status_code == 400  # gone
    assert client.post("/api/admin/logout").status_code == 200
    assert client.post("/api/admin/reingest").status_code == 401


def test_hostile_document_text_is_escaped_when_rendered(client):
    auth = (ADMIN_USER, ADMIN_PASSWORD)
    response = client.post("/api/admin/upload", auth=auth,
                           files={"files": ("quillfeather-notes.txt", HOSTILE.encode(), "text/plain")})
    assert response.status_code == 200, response.text
    data = ask(client, "What did the Quillfeather Imaging Network log in its AI rollout notes?")
    assert not data["abstained"] and data["citations"][0]["source"] == "quillfeather-notes.txt"
    rendered = answer_html(data, turn=0)
    assert "<script" not in rendered and "<img" not in rendered
    assert "<script>" in data["citations"][0]["text"]  # the API returns the text as it is; the UI escapes it
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in rendered
    client.delete("/api/admin/documents/quillfeather-notes.txt", auth=auth)


def test_admin_routes_are_404_on_an_app_without_admin(tmp_path_factory, corpus_settings):
    base = Path(corpus_settings.db)  # conftest's session index of corpus/ (copied, never written)
    settings = e2e_settings(tmp_path_factory.mktemp("public"), base, admin=False)
    with TestClient(create_app(settings)) as public:
        for method, path in [("POST", "/api/admin/login"), ("POST", "/api/admin/logout"), ("POST", "/api/admin/upload"),
                             ("POST", "/api/admin/reingest"), ("DELETE", "/api/admin/documents/01-announcement-june-2023.md")]:
            response = public.request(method, path, auth=(ADMIN_USER, ADMIN_PASSWORD))
            assert response.status_code == 404, (method, path, response.status_code)
        assert public.get("/healthz").status_code == 200
        assert public.get("/").status_code == 200  # the UI is there


@pytest.mark.parametrize(
    "question",
    [
        "Combien d'argent le fonds AI Diagnostic Fund a-t-il reçu ?",  # another language
        "人工智能诊断基金有多少钱？",  # another script
        "How much was the fund? 🤔🏥💷",  # emoji
        "What was the fund for?\u200b\u202e",  # zero-width and bidi control characters
        "x" * 1999,  # just under the limit
    ],
)
def test_unusual_questions_get_a_clear_json_answer(client, question):
    data = ask(client, question)
    assert_answer_shape(data)
    assert data["answer"].strip()


@pytest.mark.parametrize("size", [100_000, 600_000])
def test_huge_questions_are_refused_without_a_stack_trace(client, size):
    response = client.post("/api/ask", json={"question": "a" * size})
    assert response.status_code in (400, 413)
    body = response.text
    assert "Traceback" not in body and "File \"" not in body
    assert response.json()["error"]
