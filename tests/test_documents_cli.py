"""Dates from the document, never the file system: fixture documents with the date in each place the
loader reads it (and none at all), ingested for real, read back through ``python -m assistant documents``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

from assistant.config import PROJECT_ROOT
from tests import docfactory as factory
from tests.test_ingest_cli import one_json_object, run_cli

LIBRARY_KEYS = {"index_version", "created_at", "documents_as_of", "documents"}
DOCUMENT_KEYS = {"source", "title", "doc_type", "published", "publisher", "url", "chunks", "ingested_at"}

# source -> the published value the documents listing must show
EXPECTED = {
    "front-matter.md": "2023-06-23",  # YAML front matter
    "memo.txt": "2024-12-12",  # a memo header's Date: line
    "meta-tag.html": "2023-06-23",  # <meta property="article:published_time">
    "time-tag.html": "2024-01-15",  # <time datetime> (read by htmldate)
    "stated-in-body.html": "2023-10-30",  # no metadata: "Published 30 October 2023" in the text
    "written-answer.txt": "2025-03-12",  # "Answered on 12 March 2025"
    "report.pdf": "2023-06-23",  # PDF document info
    "article.docx": "2024-11-21",  # DOCX core properties
    "2023-06-27-trade-report.docx": "2023-06-27",  # template timestamp ignored; ISO date leading the file name
    "library-default.docx": None,  # only python-docx's template timestamp: undated
    "copied-today.txt": None,  # a fresh modification time and no date anywhere
}


def make_fixtures(folder) -> None:
    factory.make_markdown(folder, "front-matter.md", "# Announcement\n\nThe Wexbridge fund opened to bids.\n",
                          {"title": "Announcement", "published": "2023-06-23"})
    factory.make_text(folder, "memo.txt", "To: Digital leads\nFrom: Programme office\nSubject: Wexbridge update\n"
                      "Date: 12 December 2024\n\nThe Wexbridge evaluation found delays in deployment.\n")
    factory.make_html(folder, "meta-tag.html", "Wexbridge press release", ["The Wexbridge fund is worth £3 million."],
                      meta={"article:published_time": "2023-06-23T00:01:00+01:00"})
    factory.make_text(folder, "time-tag.html", "<html><body><main><h1>Wexbridge news</h1><p>Posted <time datetime="
                      "'2024-01-15'>15 January</time>.</p><p>Wexbridge trusts went live with chest X-ray AI.</p></main></body></html>")
    factory.make_text(folder, "stated-in-body.html", "<html><body><main><h1>Wexbridge allocation</h1><p>Published 30 October"
                      " 2023</p><p>Wexbridge money goes to 5 trusts by March 2025.</p></main></body></html>")
    factory.make_text(folder, "written-answer.txt", "Written answer WX1\n\nAnswered on 12 March 2025\n\n"
                      "The minister said Wexbridge reached 7 trusts.\n")
    factory.make_pdf(folder, "report.pdf", ["The Wexbridge report covers the first year."], title="Wexbridge report",
                     creation_date=dt.datetime(2023, 6, 23, 9, 30))
    factory.make_docx(folder, "article.docx", "Wexbridge article", [("para", "Wexbridge uses AI for lung nodules.")],
                      created=dt.datetime(2024, 11, 21, 9, 0, tzinfo=dt.UTC))
    factory.make_docx(folder, "2023-06-27-trade-report.docx", "Trade report", [("para", "Wexbridge was reported by the trade press.")])
    factory.make_docx(folder, "library-default.docx", "Default", [("para", "Wexbridge Dale notes without any date.")])
    factory.make_text(folder, "copied-today.txt", "The Wexbridge Moor note has no date anywhere in it.\n")
    now = time.time()
    for path in folder.iterdir():  # every file freshly modified: the mtime must never become a date
        os.utime(path, (now, now))


def documents_cli(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "assistant", "documents", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("dates")
    make_fixtures(root / "src")
    result = run_cli("--json", "--db", str(root / "index"), "--source", str(root / "src"))
    report = one_json_object(result)
    assert report["failed"] == [] and sorted(report["added"]) == sorted(EXPECTED), report
    return root


def test_every_published_value_through_the_documents_command(dated_index) -> None:
    result = documents_cli("--db", str(dated_index / "index"), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout  # exactly one JSON object
    library = json.loads(lines[0])
    assert set(library) == LIBRARY_KEYS and library["index_version"]
    assert all(set(document) == DOCUMENT_KEYS for document in library["documents"])
    assert {d["source"]: d["published"] for d in library["documents"]} == EXPECTED
    assert library["documents_as_of"] == "2025-03-12"

    text = documents_cli("--db", str(dated_index / "index"))
    assert text.returncode == 0
    assert "documents as of 2025-03-12" in text.stdout
    assert text.stdout.count("undated") == 2


def test_undated_documents_sort_last_and_pass_no_date_filter(dated_index) -> None:
    from assistant.ingestion import published_number
    from assistant.service import Assistant
    from tests.conftest import make_settings

    assert sorted(EXPECTED.values(), key=published_number)[-2:] == [None, None]
    assistant = Assistant(make_settings(dated_index, db=dated_index / "index"))
    assert assistant.health()["documents_as_of"] == "2025-03-12"
    question = "What does the Wexbridge Moor note say?"
    assert "copied-today.txt" in {c.source for c in assistant.ask(question).citations}
    filtered = assistant.ask(question, filters={"published_to": "2030"})
    assert "copied-today.txt" not in {c.source for c in filtered.citations}


def test_re_ingest_skips_unchanged_files(dated_index) -> None:
    report = one_json_object(run_cli("--json", "--db", str(dated_index / "index"), "--source", str(dated_index / "src")))
    assert sorted(report["unchanged"]) == sorted(EXPECTED) and report["chunks_embedded"] == 0


def test_documents_command_without_an_index(tmp_path) -> None:
    result = documents_cli("--db", str(tmp_path / "none"), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"index_version": None, "created_at": None, "documents_as_of": None, "documents": []}
