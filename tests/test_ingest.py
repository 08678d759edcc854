"""Incremental ingest, in process: what is re-embedded, what is kept, what is refused, what is written.

Every test builds its own small folder of generated documents and its own index under ``tmp_path``;
the embedding model is loaded once per process (``get_embedder`` is cached), so the tests are fast.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from assistant import embeddings, ingestion
from assistant.chunking import chunk_document
from assistant.index import IndexHandle
from assistant.ingestion import Ingester, run_ingest
from assistant.loaders import load_document
from assistant.service import Assistant
from assistant.segments import SegmentStore
from assistant.store import KEEP_VERSIONS, IndexStore, IngestInProgress
from tests import docfactory as factory
from tests.conftest import make_settings

MB = 1024 * 1024

# Each fact is unique to one document, so a question about it can only be answered from that one.
FACTS = {
    "northfield.md": (
        "Northfield imaging network",
        [
            "The Northfield imaging network received £1.4 million to deploy AI for chest X-ray reporting.",
            "Radiographers in Northfield flag urgent lung nodules for same-day review by a consultant.",
            "The Northfield scheme covers six hospital trusts across the county.",
        ],
    ),
    "eastbrook.md": (
        "Eastbrook stroke pathway",
        [
            "The Eastbrook stroke pathway uses AI to read brain CT scans within ten minutes of arrival.",
            "Eastbrook stroke physicians receive an alert on their phones when a large vessel occlusion is suspected.",
            "Thrombectomy referrals from Eastbrook rose after the tool went live.",
        ],
    ),
    "westmoor.md": (
        "Westmoor breast screening pilot",
        [
            "The Westmoor breast screening pilot tests AI as a second reader of mammograms.",
            "Westmoor expects the second reader to shorten the wait for screening results by a week.",
            "Women attending Westmoor clinics are told how the software is used.",
        ],
    ),
    "southgate.md": (
        "Southgate procurement guidance",
        [
            "The Southgate procurement guidance asks trusts to compare at least three suppliers before buying "
            "AI tools.",
            "Southgate buyers must check that each product carries a UKCA mark as a medical device.",
            "Contracts under the Southgate framework last no longer than four years.",
        ],
    ),
}

QUESTIONS = {
    "northfield.md": "How much did the Northfield imaging network receive for chest X-ray reporting?",
    "eastbrook.md": "How quickly does the Eastbrook stroke pathway read brain CT scans?",
    "westmoor.md": "What does the Westmoor breast screening pilot use AI for?",
    "southgate.md": "How many suppliers does the Southgate procurement guidance ask trusts to compare?",
}


def write_doc(folder: Path, name: str, extra: list[str] | None = None) -> Path:
    title, sentences = FACTS[name]
    body = "\n\n".join([" ".join(sentences[:2]), sentences[2], *(extra or [])])
    return factory.make_markdown(folder, name, f"# {title}\n\n{body}\n")


def long_sentences(topic: str, count: int) -> list[str]:
    """``count`` distinct, realistic sentences about ``topic``, in paragraphs of three."""
    verbs = ["reviewed", "audited", "measured", "reported", "compared", "published", "examined", "described"]
    things = ["waiting times", "reporting accuracy", "staff training", "patient feedback", "scanner uptime",
              "referral volumes", "costs per scan", "follow-up rates"]
    sentences = [
        f"In month {n + 1} the {topic} team {verbs[n % len(verbs)]} {things[(n * 3) % len(things)]} "
        f"at site number {n + 7}, noting {n * 13 % 97} cases that needed a second opinion."
        for n in range(count)
    ]
    return [" ".join(sentences[i : i + 3]) for i in range(0, count, 3)]


def audit_doc(folder: Path, topic: str, sentences: int, title: str = "Audit") -> Path:
    """A multi-chunk document: ``sentences`` long sentences about ``topic``."""
    text = f"# {title}\n\n" + "\n\n".join(long_sentences(topic, sentences)) + "\n"
    return factory.make_markdown(folder, "longitudinal.md", text)


@pytest.fixture
def src(tmp_path) -> Path:
    folder = tmp_path / "src"
    for name in FACTS:
        write_doc(folder, name)
    return folder


@pytest.fixture
def settings(tmp_path, src):
    return make_settings(tmp_path, sources=[src])


def versions(settings) -> list[str]:
    folder = Path(settings.db) / "versions"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def pointer(settings) -> tuple[bytes, int]:
    path = Path(settings.db) / "CURRENT"
    return path.read_bytes(), path.stat().st_mtime_ns


def live_rows(settings, kind: str, source: str | None = None, include=("documents", "metadatas")) -> dict:
    """The live version's rows as a search sees them: its Chroma store's rows (the base store, for a
    version with an overlay) less those of overlay sources, plus the overlay documents' rows from
    their segments."""
    store = IndexStore(settings)
    manifest = store.current_manifest()
    chunks_name, sentences_name = store.manifest_collections(manifest)
    client = store.client(manifest.store_version)
    try:
        rows = client.get_collection(chunks_name if kind == "chunks" else sentences_name).get(
            where={"source": source} if source else None, include=list(include))
    finally:
        client.close()
    overlay = set(manifest.overlay)
    keep = [n for n, meta in enumerate(rows["metadatas"]) if meta["source"] not in overlay] if "metadatas" in include else None
    if overlay:
        assert keep is not None, "ask for metadatas to read a version with an overlay"
    out = {key: [value[n] for n in keep] if keep is not None and value is not None else value
           for key, value in rows.items() if key in ("ids", *include)}
    segments = SegmentStore(Path(settings.db))
    for name in sorted(overlay & set(manifest.documents)):
        if source and name != source:
            continue
        segment = segments.read(manifest.documents[name].segment)
        for rid, text, meta in segment.chunk_records() if kind == "chunks" else segment.sentence_records():
            out["ids"].append(rid)
            if "documents" in include:
                out["documents"].append(text)
            if "metadatas" in include:
                out["metadatas"].append(meta)
    return out


def chunk_rows(settings, source: str | None = None) -> dict:
    """The chunk rows of the live version (optionally of one source)."""
    return live_rows(settings, "chunks", source)


def sentence_rows(settings) -> dict:
    return live_rows(settings, "sentences", include=("metadatas",))


def expected_chunk_ids(path: Path, source: str, settings) -> list[str]:
    document = load_document(path, source, 20 * MB)
    return [chunk.id for chunk in chunk_document(document, settings.chunk_size, settings.chunk_overlap)]


def cited(settings, question: str) -> list[str]:
    answer = Assistant(settings).ask(question)
    return [citation.source for citation in answer.citations]


@pytest.fixture
def encoded(monkeypatch) -> list[str]:
    """Every text the ingester sends to the model, in order."""
    texts: list[str] = []
    original = embeddings.Embedder.encode

    def spy(self, batch, show_progress=False):
        texts.extend(batch)
        return original(self, batch, show_progress=show_progress)

    monkeypatch.setattr(embeddings.Embedder, "encode", spy)
    return texts


def failures(report) -> dict[str, str]:
    return {failure.path: failure.error for failure in report.failed}


# --- incremental behaviour --------------------------------------------------------------------------


def test_first_ingest_adds_everything_and_answers(settings):
    report = run_ingest(settings)
    assert report.added == sorted(FACTS)
    assert not (report.updated or report.removed or report.unchanged or report.failed)
    assert report.index_version == "v000001" and versions(settings) == ["v000001"]
    assert report.chunks_total == len(chunk_rows(settings)["ids"]) == report.chunks_embedded
    for source, question in QUESTIONS.items():
        assert cited(settings, question)[0] == source


def test_second_ingest_embeds_nothing_and_writes_nothing(settings, monkeypatch):
    first = run_ingest(settings)
    before_pointer, before_versions = pointer(settings), versions(settings)
    cache = Path(settings.db) / "embeddings.sqlite"
    cache_stamp = cache.stat().st_mtime_ns

    def no_model(*args, **kwargs):
        raise AssertionError("a no-change ingest must not load the embedding model")

    monkeypatch.setattr(embeddings, "get_embedder", no_model)
    second = run_ingest(settings)
    assert second.chunks_embedded == 0
    assert second.unchanged == sorted(FACTS)
    assert not (second.added or second.updated or second.removed or second.failed)
    assert second.index_version == first.index_version
    assert second.chunks_total == first.chunks_total
    assert pointer(settings) == before_pointer
    assert versions(settings) == before_versions
    assert cache.stat().st_mtime_ns == cache_stamp


def test_documents_read_by_older_answer_rules_are_reported_until_a_rebuild(settings, monkeypatch):
    run_ingest(settings)
    assert run_ingest(settings).older_rules == []
    # what a deployment sees after an upgrade that changed the answer-kind rules
    monkeypatch.setattr(ingestion, "RULES_FINGERPRINT", "rules-of-a-newer-release")
    assert run_ingest(settings).older_rules == sorted(FACTS)
    run_ingest(settings, rebuild=True)
    assert run_ingest(settings).older_rules == []


def test_changed_document_is_the_only_one_reembedded(settings, src, encoded):
    run_ingest(settings)
    encoded.clear()
    new_sentence = "Northfield later added AI triage for hip fractures seen in the emergency department."
    path = write_doc(src, "northfield.md", extra=[new_sentence])

    report = run_ingest(settings)
    assert report.updated == ["northfield.md"]
    assert report.unchanged == sorted(set(FACTS) - {"northfield.md"})
    assert not (report.added or report.removed or report.failed)
    assert report.index_version == "v000002"
    # Only sentences of the changed document reach the model, and only the new one (the rest is cached).
    assert encoded == [new_sentence]
    assert 1 <= report.chunks_embedded <= len(expected_chunk_ids(path, "northfield.md", settings))
    rows = chunk_rows(settings, "northfield.md")
    assert any(new_sentence in text for text in rows["documents"])
    assert cited(settings, "Which AI triage did Northfield add for hip fractures?")[0] == "northfield.md"


def test_shrunk_document_leaves_no_stale_chunks(settings, src):
    long_path = audit_doc(src, "Kingsbridge audit", 30)
    run_ingest(settings)
    before = chunk_rows(settings, "longitudinal.md")
    assert len(before["ids"]) >= 4

    audit_doc(src, "Kingsbridge audit", 3)
    report = run_ingest(settings)
    assert report.updated == ["longitudinal.md"]

    manifest = IndexStore(settings).current_manifest()
    after = chunk_rows(settings, "longitudinal.md")
    assert len(after["ids"]) == manifest.documents["longitudinal.md"].chunks == 1
    assert after["ids"] == expected_chunk_ids(long_path, "longitudinal.md", settings)
    assert "month 30" not in " ".join(after["documents"])
    # Totals agree everywhere, and every sentence row belongs to a live chunk.
    all_chunks = chunk_rows(settings)
    assert len(all_chunks["ids"]) == sum(entry.chunks for entry in manifest.documents.values()) == report.chunks_total
    live = set(all_chunks["ids"])
    assert {meta["chunk_id"] for meta in sentence_rows(settings)["metadatas"]} == live
    snapshot = IndexHandle(settings).get()
    assert not any("month 30" in text for text in snapshot.sentence_text)


def test_deleted_document_is_removed_and_no_longer_cited(settings, src):
    run_ingest(settings)
    assert cited(settings, QUESTIONS["westmoor.md"])[0] == "westmoor.md"
    (src / "westmoor.md").unlink()

    report = run_ingest(settings)
    assert report.removed == ["westmoor.md"]
    assert report.unchanged == sorted(set(FACTS) - {"westmoor.md"})
    assert report.chunks_embedded == 0
    assert "westmoor.md" not in IndexStore(settings).current_manifest().documents
    assert chunk_rows(settings, "westmoor.md")["ids"] == []
    assert "westmoor.md" not in cited(settings, QUESTIONS["westmoor.md"])
    assert {c.source for c in IndexHandle(settings).get().chunks} == set(FACTS) - {"westmoor.md"}


def test_chunk_ids_are_deterministic_across_rebuilds(tmp_path, settings, src):
    audit_doc(src, "Riverside audit", 12)
    run_ingest(settings)
    first = sorted(chunk_rows(settings)["ids"])
    expected = sorted(
        chunk_id for path in src.iterdir() for chunk_id in expected_chunk_ids(path, path.name, settings)
    )
    assert first == expected

    run_ingest(settings, rebuild=True)
    assert sorted(chunk_rows(settings)["ids"]) == first
    other = make_settings(tmp_path / "other", sources=[src])
    run_ingest(other)
    assert sorted(chunk_rows(other)["ids"]) == first


def test_rebuild_flag_reembeds_everything(settings, encoded):
    first = run_ingest(settings)
    encoded.clear()
    report = run_ingest(settings, rebuild=True)
    assert report.updated == sorted(FACTS)
    assert not (report.added or report.removed or report.unchanged or report.failed)
    assert report.chunks_embedded == report.chunks_total == first.chunks_total
    assert report.index_version == "v000002"
    assert len(encoded) == len(sentence_rows(settings)["ids"])  # the cache was cleared, nothing reused
    assert cited(settings, QUESTIONS["eastbrook.md"])[0] == "eastbrook.md"


def test_chunk_size_change_rebuilds_cleanly(tmp_path, settings, src):
    audit_doc(src, "Harbourside audit", 24)
    run_ingest(settings)
    old_ids = set(chunk_rows(settings)["ids"])
    old_key = IndexStore(settings).current_manifest().build_key()

    smaller = make_settings(tmp_path, sources=[src], chunk_size=400, chunk_overlap=50)
    report = run_ingest(smaller)
    everything = sorted([*FACTS, "longitudinal.md"])
    assert report.updated == everything
    assert not (report.added or report.removed or report.unchanged or report.failed)

    manifest = IndexStore(smaller).current_manifest()
    assert (manifest.chunk_size, manifest.chunk_overlap) == (400, 50)
    assert manifest.build_key() != old_key
    rows = chunk_rows(smaller)
    expected = {cid for name in everything for cid in expected_chunk_ids(src / name, name, smaller)}
    assert set(rows["ids"]) == expected  # exactly the new chunking: nothing left from the old one
    assert set(rows["ids"]) != old_ids
    long_ids = set(chunk_rows(smaller, "longitudinal.md")["ids"])
    assert not long_ids & old_ids
    assert report.chunks_total == len(rows["ids"]) == sum(e.chunks for e in manifest.documents.values())
    # Back to the default size is a rebuild again, to exactly the first chunking.
    run_ingest(settings)
    assert set(chunk_rows(settings)["ids"]) == old_ids


def test_embedding_model_change_rebuilds_with_no_mixed_vectors(tmp_path, settings, encoded):
    run_ingest(settings)
    # The same weights under another key (a local model folder): every vector must be recomputed.
    model_folder = str(embeddings.resolve_model_path(settings.embedding_model))
    other_model = make_settings(tmp_path, sources=settings.sources, embedding_model=model_folder)
    encoded.clear()
    report = run_ingest(other_model)
    assert report.updated == sorted(FACTS)
    assert report.chunks_embedded == report.chunks_total
    assert len(encoded) == len(sentence_rows(other_model)["ids"])
    manifest = IndexStore(other_model).current_manifest()
    assert manifest.embedding_model == model_folder
    assert manifest.build_key() != IndexStore(settings).load_manifest("v000001").build_key()
    snapshot = IndexHandle(other_model).get()
    assert snapshot.embedder.name == model_folder
    assert cited(other_model, QUESTIONS["southgate.md"])[0] == "southgate.md"


def test_dry_run_reports_changes_and_writes_nothing(settings, src, monkeypatch):
    run_ingest(settings)
    before_pointer, before_versions = pointer(settings), versions(settings)
    cache = Path(settings.db) / "embeddings.sqlite"
    cache_stamp = cache.stat().st_mtime_ns
    write_doc(src, "northfield.md", extra=["Northfield also bought a new MRI scanner with its own money."])
    (src / "eastbrook.md").unlink()
    factory.make_text(src, "new-note.txt", "A new note about the Greystone diabetic eye screening service.")

    monkeypatch.setattr(embeddings, "get_embedder", lambda *a, **k: pytest.fail("dry run loaded the model"))
    report = run_ingest(settings, dry_run=True)
    monkeypatch.undo()
    assert report.dry_run
    assert report.added == ["new-note.txt"]
    assert report.updated == ["northfield.md"]
    assert report.removed == ["eastbrook.md"]
    assert report.unchanged == ["southgate.md", "westmoor.md"]
    assert report.chunks_embedded == 0
    assert pointer(settings) == before_pointer
    assert versions(settings) == before_versions
    assert cache.stat().st_mtime_ns == cache_stamp
    assert cited(settings, QUESTIONS["eastbrook.md"])[0] == "eastbrook.md"  # still the old index

    real = run_ingest(settings)
    assert (real.added, real.updated, real.removed, real.unchanged) == (
        report.added, report.updated, report.removed, report.unchanged)
    assert versions(settings) == ["v000001", "v000002"]


def test_dry_run_on_an_empty_index_creates_no_version(tmp_path, src):
    settings = make_settings(tmp_path, sources=[src])
    report = run_ingest(settings, dry_run=True)
    assert report.added == sorted(FACTS) and report.index_version is None
    assert versions(settings) == []
    assert not (Path(settings.db) / "CURRENT").exists()


# --- bad files beside good ones ---------------------------------------------------------------------


def test_corrupt_pdf_beside_good_files_of_every_format(settings, src):
    run_ingest(settings)  # the previously indexed documents
    factory.make_html(src, "greystone.html", "Greystone eye screening", [
        "The Greystone diabetic eye screening service uses AI to grade retinal photographs.",
        "Greystone graders now review only the images the software marks as uncertain.",
    ])
    factory.make_pdf(src, "harbour.pdf", [
        "Harbour dermatology clinics use AI to triage photographs of skin lesions.\n\n"
        "The Harbour clinics cut routine referrals to dermatologists by a fifth."
    ], title="Harbour dermatology triage")
    factory.make_docx(src, "lakeside.docx", "Lakeside pathology digitisation", [
        ("heading", "Lakeside pathology"),
        ("para", "The Lakeside pathology laboratory scans every biopsy slide so that AI can count mitoses."),
        ("para", "Lakeside pathologists sign off each AI-assisted report themselves."),
    ])
    factory.make_corrupt_pdf(src, "broken.pdf")

    report = run_ingest(settings)
    assert report.added == ["greystone.html", "harbour.pdf", "lakeside.docx"]
    assert report.unchanged == sorted(FACTS)
    assert list(failures(report)) == ["broken.pdf"]
    reason = failures(report)["broken.pdf"]
    assert "PDF" in reason and "Traceback" not in reason and len(reason) < 300
    assert cited(settings, "What does the Greystone eye screening service use AI for?")[0] == "greystone.html"
    assert cited(settings, "How much did Harbour dermatology cut routine referrals?")[0] == "harbour.pdf"
    assert cited(settings, "Why does the Lakeside pathology laboratory scan biopsy slides?")[0] == "lakeside.docx"
    for source, question in QUESTIONS.items():
        assert cited(settings, question)[0] == source
    assert "broken.pdf" not in IndexStore(settings).current_manifest().documents


def test_indexed_document_that_becomes_corrupt_keeps_its_previous_version(settings, src):
    factory.make_pdf(src, "harbour.pdf", ["Harbour dermatology clinics use AI to triage photographs of skin lesions."])
    run_ingest(settings)
    old_hash = IndexStore(settings).current_manifest().documents["harbour.pdf"].content_hash
    (src / "harbour.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))  # overwritten by a bad download
    write_doc(src, "westmoor.md", extra=["Westmoor will publish its results in the spring."])  # forces a new version

    report = run_ingest(settings)
    assert "harbour.pdf" in failures(report)
    assert "harbour.pdf" not in report.removed + report.updated + report.added
    assert report.updated == ["westmoor.md"]
    assert report.index_version == "v000002"
    manifest = IndexStore(settings).current_manifest()
    assert manifest.documents["harbour.pdf"].content_hash == old_hash  # carried forward unchanged
    assert len(chunk_rows(settings, "harbour.pdf")["ids"]) == manifest.documents["harbour.pdf"].chunks
    assert cited(settings, "What do Harbour dermatology clinics use AI for?")[0] == "harbour.pdf"
    # Still failing on the next run, still kept, and still no new version for it alone.
    again = run_ingest(settings)
    assert "harbour.pdf" in failures(again) and again.index_version == "v000002"
    assert "harbour.pdf" not in again.removed


def test_symlink_outside_the_source_folder_is_refused(tmp_path, settings, src):
    outside = tmp_path / "secrets"
    outside.mkdir()
    (outside / "passwords.txt").write_text("The admin password is hunter2 and nobody must index it.")
    os.symlink(outside / "passwords.txt", src / "linked.txt")
    os.symlink(src / "northfield.md", src / "alias.md")  # inside the folder: allowed

    report = run_ingest(settings)
    assert failures(report) == {"linked.txt": "symlink points outside the source folder; not followed"}
    assert "alias.md" in report.added
    assert not any("hunter2" in chunk.text for chunk in IndexHandle(settings).get().chunks)


def test_unsupported_suffix_is_refused(settings, src):
    (src / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (src / "README").write_text("A file without any extension.")
    report = run_ingest(settings)
    assert set(failures(report)) == {"budget.xlsx", "README"}
    assert "unsupported file type '.xlsx'" in failures(report)["budget.xlsx"]
    assert "unsupported file type" in failures(report)["README"]
    assert report.added == sorted(FACTS)


# --- concurrency, garbage collection, failed writes -----------------------------------------------


def test_second_concurrent_ingest_gets_ingest_in_progress(settings, src, monkeypatch):
    run_ingest(settings)
    write_doc(src, "eastbrook.md", extra=["Eastbrook extended the service to weekend nights."])
    entered, release = threading.Event(), threading.Event()
    real_load = ingestion.load_document

    def slow_load(*args, **kwargs):
        entered.set()
        assert release.wait(60)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(ingestion, "load_document", slow_load)
    results: dict = {}
    worker = threading.Thread(target=lambda: results.setdefault("report", run_ingest(settings)))
    worker.start()
    try:
        assert entered.wait(60), "the first ingest never started loading"
        with pytest.raises(IngestInProgress, match="another ingest is running"):
            run_ingest(settings)
        with pytest.raises(IngestInProgress):
            run_ingest(settings, dry_run=True)
    finally:
        release.set()
        worker.join(120)
    assert results["report"].updated == ["eastbrook.md"]
    assert run_ingest(settings).unchanged == sorted(FACTS)  # the lock is free again


def test_old_versions_are_garbage_collected(settings, src):
    for round_number in range(6):
        write_doc(src, "southgate.md", extra=[f"Revision {round_number} of the Southgate guidance took effect."])
        report = run_ingest(settings)
        assert report.index_version == f"v{round_number + 1:06d}"
        kept = versions(settings)
        assert len(kept) <= KEEP_VERSIONS + 1  # and the base store the kept versions read
        assert kept[-1] == report.index_version
    # Each edit read v000001's store with the changed document from its segments: that store is kept.
    assert versions(settings) == ["v000001", "v000004", "v000005", "v000006"]
    assert IndexStore(settings).current_manifest().chroma_version == "v000001"
    assert json.loads((Path(settings.db) / "CURRENT").read_text())["version"] == "v000006"
    assert cited(settings, "Which revision of the Southgate guidance took effect?")[0] == "southgate.md"


def test_failed_write_leaves_the_old_version_live_and_a_retry_in_the_same_process_works(settings, src, monkeypatch):
    monkeypatch.setattr(ingestion, "OVERLAY_MAX_ROWS", 0)  # every edit writes a Chroma store
    run_ingest(settings)
    write_doc(src, "westmoor.md", extra=["Westmoor will add a third reader for dense breast tissue."])
    real_store = Ingester._store_records

    def store_then_fail(self, version, documents, **changes):
        real_store(self, version, documents, **changes)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Ingester, "_store_records", store_then_fail)
    with pytest.raises(OSError):
        run_ingest(settings)
    monkeypatch.setattr(Ingester, "_store_records", real_store)
    assert IndexStore(settings).current_version() == "v000001"
    assert cited(settings, QUESTIONS["westmoor.md"])[0] == "westmoor.md"

    # Chroma caches clients by path, so the retry must not reuse the failed build's folder name.
    report = run_ingest(settings)
    assert report.updated == ["westmoor.md"] and not report.failed
    assert report.index_version == "v000003"
    assert versions(settings) == ["v000001", "v000003"]
    assert cited(settings, "What will Westmoor add for dense breast tissue?")[0] == "westmoor.md"


def test_missing_source_folder_does_not_empty_the_index(tmp_path, settings, src):
    run_ingest(settings)
    typo = tmp_path / "scr"  # e.g. `ingest.py --source scr`
    report = run_ingest(settings, [typo])
    assert failures(report) == {str(typo): "source folder does not exist"}
    assert report.removed == [] and report.index_version == "v000001"
    assert report.chunks_total == len(chunk_rows(settings)["ids"])
    assert cited(settings, QUESTIONS["northfield.md"])[0] == "northfield.md"
    # With the real folder beside the missing one, changes still go through and nothing is dropped.
    (src / "eastbrook.md").unlink()
    write_doc(src, "westmoor.md", extra=["Westmoor opened a second screening van."])
    both = run_ingest(settings, [src, typo])
    assert both.updated == ["westmoor.md"] and both.removed == []
    assert "eastbrook.md" in IndexStore(settings).current_manifest().documents
    assert run_ingest(settings).removed == ["eastbrook.md"]  # once every folder is there, deletions count
