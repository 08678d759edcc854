"""Every quote traceable to its primary public source: the corpus check, the loader's source keys,
and the citations built from a real index of the shipped corpus."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from assistant.answer.compose import make_citation
from assistant.ingestion import published_number
from assistant.loaders import load_document
from assistant.loaders.sources import NOTE_KEY
from assistant.language.sentences import split_sentences
from tests import docfactory as factory

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.md"))
SUMMARY_PUBLISHER = "AI Diagnostic Fund assistant (summary of public sources)"
DISCLAIMER = "This is a summary prepared for the AI Diagnostic Fund assistant"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def register() -> dict[str, dict]:
    """The source register as copied into docs/provenance.md: id -> title, publisher, date, urls."""
    text = (ROOT / "docs" / "provenance.md").read_text()
    rows = {}
    for key, title, publisher, date, urls in re.findall(r"^\| (S\d\d) \| (.*?) \| (.*?) \| (.*?) \| (.*?) \|$", text, re.M):
        rows[key] = {"title": title, "publisher": publisher, "date": date,
                     "urls": [url.strip().split(" ")[-1] for url in urls.split(" ; ")]}
    assert len(rows) == 65
    return rows


REGISTER = register()


def load(path: Path):
    return load_document(path, path.name, 10 * 1024 * 1024)


def assert_matches_register(key: str, source: dict) -> None:
    row = REGISTER[key]  # KeyError: a key that is not in the register
    assert (source["title"], source["publisher"], source["date"]) == (row["title"], row["publisher"], row["date"]), key
    assert source["url"] == row["urls"][0], key
    published = source["published"]
    if published is None:
        assert re.search(r"undated|after|deadline", row["date"]), (key, row["date"])
        return
    year, *rest = published.split("-")
    assert year in row["date"], (key, published, row["date"])
    if rest:
        assert MONTHS[int(rest[0]) - 1] in row["date"], (key, published, row["date"])
    if len(rest) == 2:
        assert re.search(rf"\b{int(rest[1])}\b", row["date"]), (key, published, row["date"])


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_check_every_factual_sentence_names_its_sources(path: Path) -> None:
    doc = load(path)
    assert doc.publisher == SUMMARY_PUBLISHER
    assert not re.search(r"\[(?:S\d+|note)\b", doc.text), "a source marker was left in the text (unknown key?)"
    for key, source in doc.sources.items():
        assert_matches_register(key, source)
    dated = [source["published"] for source in doc.sources.values() if source["published"]]
    assert doc.published == max(dated, key=published_number), "a summary is dated by its latest source"

    headings = {heading for section in doc.sections for heading in section.heading_path}
    checked = 0
    position = 0
    for line in doc.text.split("\n"):
        line_start = doc.text.index(line, position)
        position = line_start + len(line)
        if not line or line in headings or line.startswith(DISCLAIMER):
            continue
        for start, end in split_sentences(line):
            start, end = line_start + start, line_start + end
            keys = [span.keys for span in doc.source_spans if span.start <= start and end <= span.end]
            assert keys, f"no source key on: {doc.text[start:end]!r}"
            assert all(key in doc.sources or key == NOTE_KEY for key in keys[0]), keys
            checked += 1
    assert checked >= 18


def test_corpus_keys_cover_the_register_sources_listed() -> None:
    used = {key for path in CORPUS for span in load(path).source_spans for key in span.keys}
    assert used - {NOTE_KEY} <= set(REGISTER)
    assert len(used - {NOTE_KEY}) >= 60  # nearly the whole register is cited somewhere


def test_every_keyed_corpus_sentence_cites_its_primary_sources(corpus_assistant) -> None:
    """Through a real index: the citation of each corpus sentence names the register's sources."""
    snapshot = corpus_assistant.index.get()
    documents = {path.name: load(path) for path in CORPUS}
    checked = 0
    for sentence, (start, end) in enumerate(snapshot.sentence_span):
        chunk = int(snapshot.sentence_chunk[sentence])
        doc = documents.get(snapshot.chunks[chunk].source)
        if doc is None:
            continue
        spans = [span for span in doc.source_spans if span.start < end and span.end > start]
        expected = list(dict.fromkeys(key for span in spans for key in span.keys if key != NOTE_KEY))
        citation = make_citation(snapshot, 1, chunk, [sentence])
        assert [source["key"] for source in citation.primary_sources] == expected, snapshot.sentence_text[sentence]
        for source in citation.primary_sources:
            assert_matches_register(source["key"], source)
        checked += bool(expected)
    assert checked >= 250


# --------------------------------------------------------------------------- the loader's markers


def test_markers_are_stripped_and_keep_their_sentences(tmp_path: Path) -> None:
    sources = {
        "S1": {"title": "Press release", "publisher": "DHSC", "date": "23 Jun 2023", "published": "2023-06-23", "url": "https://a.test"},
        "S2": {"title": "Trade report", "publisher": "HTN", "date": "undated", "published": None, "url": "https://b.test"},
    }
    body = (
        "# Fund\n\nThe fund was £21m. [S1] It opened in June. [S1, S2]\n\n"
        "- CAMRIN won £1.2m. [S2]\n- No deadline was found. [note]\n- A [sic] stays, and so does [S9].\n"
    )
    doc = load(factory.make_markdown(tmp_path, "summary.md", body, {"title": "Summary", "sources": sources}))
    factory.assert_valid_document(doc)
    assert doc.text == (
        "Fund\nThe fund was £21m. It opened in June.\n\nCAMRIN won £1.2m.\nNo deadline was found.\n"
        "A [sic] stays, and so does [S9]."
    )
    assert [(doc.text[s.start : s.end], s.keys) for s in doc.source_spans] == [
        ("The fund was £21m.", ("S1",)),
        ("It opened in June.", ("S1", "S2")),
        ("CAMRIN won £1.2m.", ("S2",)),
        ("No deadline was found.", ("note",)),
    ]
    assert doc.sources["S1"]["published"] == "2023-06-23" and doc.sources["S2"]["published"] is None


def test_brackets_are_text_without_a_source_list(tmp_path: Path) -> None:
    doc = load(factory.make_markdown(tmp_path, "plain.md", "Quoted [S1] as written.\n"))
    assert doc.text == "Quoted [S1] as written." and doc.source_spans == []


def test_dates_never_come_from_the_file_system(tmp_path: Path) -> None:
    path = factory.make_text(tmp_path, "copied-today.txt", "A press release copied into the folder today.\n")
    now = dt.datetime.now(tz=dt.UTC).timestamp()
    import os

    os.utime(path, (now, now))
    assert load(path).published is None


def test_evidence_label_names_the_primary_source_of_a_summary_quote() -> None:
    from assistant.provenance import evidence_label
    from assistant.types import Citation

    plain = Citation(1, "Press release", "a.html", None, None, None, None, "t", "q", publisher="GOV.UK")
    assert evidence_label(plain) == "GOV.UK, undated"
    summary = Citation(1, "Summary", "s.md", None, "2025-10-31", None, None, "t", "q", publisher=SUMMARY_PUBLISHER,
                       primary_sources=[{"key": "S12", "title": "AI to speed up", "publisher": "DHSC", "published": "2023-10"}])
    assert evidence_label(summary) == "DHSC, 2023-10"
