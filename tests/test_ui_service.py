"""The facade calls behind the web app's newer controls, on the real corpus index and a small real
ingest: closest passages and suggested questions, a document's full text, and uploads (saved and
ingested once; a failed upload listed and removable)."""

from __future__ import annotations

import re

import pytest

from assistant.service import Assistant, NothingAccepted
from assistant.suggest import heading_question
from tests.conftest import CORPUS, make_settings


def test_an_abstention_gets_the_closest_passages_and_questions_the_documents_answer(corpus_assistant):
    question = "What colour are the walls in the hospital canteen?"
    answer = corpus_assistant.ask(question)
    assert answer.abstained and not answer.citations
    explored = corpus_assistant.explore(question, answer)
    passages = explored["passages"]
    assert 1 <= len(passages) <= 3 and len({p.source for p in passages}) == len(passages)
    assert all(p.quote and p.quote in p.text and p.chunk_id for p in passages)
    suggestions = explored["suggestions"]
    assert 1 <= len(suggestions) <= 3 and len(set(suggestions)) == len(suggestions)
    for suggestion in suggestions:  # every suggestion is a question the documents do answer
        assert suggestion.endswith("?")
        offered = corpus_assistant.ask(suggestion)
        assert not offered.abstained and offered.citations, suggestion


def test_follow_ups_for_an_answer_do_not_repeat_it(corpus_assistant):
    question = "How much money was in the AI Diagnostic Fund?"
    answer = corpus_assistant.ask(question)
    explored = corpus_assistant.explore(question, answer)
    assert explored["passages"] == answer.citations
    shown = {c.chunk_id for c in answer.citations}
    assert explored["suggestions"]
    for suggestion in explored["suggestions"]:
        assert suggestion.lower() != question.lower()
        offered = corpus_assistant.ask(suggestion)
        assert not offered.abstained and offered.citations[0].chunk_id not in shown


@pytest.mark.parametrize("heading, expected", [
    ("Who could bid for the fund?", "Who could bid for the fund?"),
    ("How much money was available", "How much money was available?"),
    ("Eligible costs", "What do the documents say about eligible costs?"),
    ("NICE positions", "What do the documents say about NICE positions?"),
    ("The NHS AI Lab", "What do the documents say about the NHS AI Lab?"),
    ("How bidding worked in practice", "What do the documents say about how bidding worked in practice?"),
    ("Background", None), ("Annex A", None), ("", None),
])
def test_headings_become_questions(heading, expected):
    assert heading_question(heading) == expected


def test_a_document_full_text_is_reassembled_from_its_chunks(corpus_assistant):
    snapshot = corpus_assistant.index.get()
    source = snapshot.chunks[0].source
    document = corpus_assistant.document_text(source)
    chunks = [c for c in snapshot.chunks if c.source == source]
    assert document["title"] == chunks[0].title and document["source"] == source
    assert all(c.text in document["text"] for c in chunks)  # nothing lost ...
    assert len(document["text"]) <= sum(len(c.text) for c in chunks) + 2 * len(chunks)  # ... overlaps kept once
    first_sentence = re.split(r"(?<=[.!?])\s", chunks[0].text.strip())[0]
    assert document["text"].count(first_sentence) == 1
    with pytest.raises(ValueError, match="no indexed document"):
        corpus_assistant.document_text("not-a-document.md")


def test_uploads_are_ingested_once_and_a_failed_upload_can_be_removed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.md").write_text((CORPUS / "01-announcement-june-2023.md").read_text(encoding="utf-8"), encoding="utf-8")
    assistant = Assistant(make_settings(tmp_path, sources=[corpus]))
    assert not assistant.ingest().failed

    with pytest.raises(NothingAccepted) as refused:
        assistant.upload_and_ingest([("tool.exe", b"MZ")])
    assert refused.value.failed[0].path == "tool.exe" and "unsupported file type" in refused.value.failed[0].error

    report = assistant.upload_and_ingest([("broken.pdf", b"%PDF-1.4 not really a pdf"), ("tool.exe", b"MZ"),
                                          ("notes.md", b"# Notes\n\nThe Quillfeather network bought 3 scanners.")])
    failed = {f.path for f in report.failed}
    assert report.added == ["notes.md"] and failed == {"broken.pdf", "tool.exe"}
    assert assistant.uploads() == [{"name": "broken.pdf", "indexed": False}, {"name": "notes.md", "indexed": True}]
    assert "one.md" not in {u["name"] for u in assistant.uploads()}  # the shipped corpus is not an upload

    report = assistant.delete_document("broken.pdf")  # never indexed, yet removable
    assert not report.failed and not (tmp_path / "uploads" / "broken.pdf").exists()
    assert not assistant.ingest().failed  # later reports no longer carry the failure
    with pytest.raises(ValueError):
        assistant.delete_document("../corpus/one.md")
