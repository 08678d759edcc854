"""Scale: what a question, an edit and a publish cost must not depend on the corpus in the ways that
made a 5,000-document library impossible (issue 14).

Checked here: the sentence candidates from Chroma's sentence index give the same passages and the
same sentence scores as scoring every sentence; an edit writes one segment and no Chroma store (the
new version reads the previous store with the edited document from its segment, and searches as a
fresh build would) until the overlay outgrows its limit, when a new store is written; a publish is loaded in the background while the old version answers,
the load gives way to questions in flight for a slice at a time, and the replaced version is closed;
a loaded version holds no open file per document; two app processes serving from one real Chroma
server both pick up a publish without a restart.
"""

from __future__ import annotations

import os
import subprocess
import threading
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from assistant.index import IndexHandle
from assistant.ingestion import run_ingest
from assistant.retrieval import Filters, FusedRanking, retrieve
from assistant.store import IndexStore
from tests import docfactory as factory
from tests.conftest import PROJECT_ROOT, free_port, make_settings
from tests.test_server_mode import DOCS, chroma_server

QUESTIONS = [
    "How many trusts received money from the fund?",
    "What did NICE say about AI for chest X-rays?",
    "Which AI tool does PenRAD use?",
    "When was the AI Diagnostic Fund announced?",
    "What did the independent evaluation find about lung cancer diagnosis?",
]


def brute_force(snapshot, vector: np.ndarray) -> np.ndarray:
    return np.stack([snapshot.sentence_vectors[i] for i in range(len(snapshot.sentence_text))]) @ vector


def test_sentence_candidates_match_scoring_every_sentence(corpus_assistant):
    snapshot = corpus_assistant.index.get()
    settings = snapshot.settings
    for question in QUESTIONS:
        found = retrieve(snapshot, question, settings.candidates, settings.rrf_k)
        every = brute_force(snapshot, found.query_vector)
        best = np.full(len(snapshot.chunks), -1.0)
        np.maximum.at(best, snapshot.sentence_chunk, every)
        by_best_sentence = [int(c) for c in np.argsort(-best, kind="stable")[: settings.candidates]]
        read = found.ranked[:8]
        for chunk in read:  # the passages the answer reads are scored exactly, every sentence of them
            for position in snapshot.chunk_sentences[chunk]:
                assert found.sentence_scores[position] == pytest.approx(float(every[position]), abs=1e-5)
            assert found.chunk_best[chunk] == pytest.approx(float(best[chunk]), abs=1e-5)
        # the sentence retriever's passages are the exact top ones by best sentence
        assert set(found.closest_ranked) <= set(by_best_sentence)
        assert found.closest_ranked == sorted(found.closest_ranked, key=lambda c: -best[c])
        assert set(found.closest_ranked) == set(by_best_sentence[:3])


def test_fused_ties_are_broken_only_where_the_list_is_read():
    fused = {10: 0.5, 11: 0.4, 12: 0.4, 13: 0.3, 14: 0.2, 15: 0.2, 16: 0.2}
    best = {10: 0.1, 11: 0.2, 12: 0.9, 13: 0.5, 14: 0.3, 15: 0.8, 16: 0.8}
    scored: list[int] = []

    def score(chunk: int) -> float:
        scored.append(chunk)
        return best[chunk]

    ranked = FusedRanking(fused, score)
    assert ranked[:3] == [10, 12, 11]  # the tie at 0.4 goes to the better best sentence
    assert sorted(scored) == [11, 12]  # the tie at 0.2 is not scored: nothing read it
    assert ranked[4] == 15 and ranked[-1] == 14
    assert list(ranked) == [10, 12, 11, 13, 15, 16, 14] and len(ranked) == 7  # 15 and 16 tie again: first kept first
    assert sorted(scored) == [11, 12, 14, 15, 16]


ALPHA_EDITED = DOCS["alpha.md"] + "\nAlpha reads every mammogram twice since May.\n"


def write_docs(folder: Path) -> Path:
    """``DOCS`` as Markdown files in ``folder``."""
    for name, text in DOCS.items():
        factory.make_markdown(folder, name, text)
    return folder


def test_an_edit_writes_one_segment_and_no_chroma_store(tmp_path):
    src = write_docs(tmp_path / "src")
    settings = make_settings(tmp_path, sources=[src])
    run_ingest(settings)
    store = IndexStore(settings)
    before = store.current_manifest()
    chunk_name, _ = store.collection_names(before.version)
    client = store.client(before.version)
    old_rows = client.get_collection(chunk_name).get(include=["embeddings"])
    client.close()
    segments_before = set((Path(settings.db) / "segments").iterdir())

    factory.make_markdown(src, "beta.md", DOCS["beta.md"] + "\nBeta added AI reading of CT angiograms in March.\n")
    report = run_ingest(settings)
    assert report.updated == ["beta.md"]
    after = store.current_manifest()
    assert after.documents["alpha.md"].segment == before.documents["alpha.md"].segment
    assert after.documents["beta.md"].segment != before.documents["beta.md"].segment
    new_files = set((Path(settings.db) / "segments").iterdir()) - segments_before
    assert {p.name.split(".")[0] for p in new_files} == {after.documents["beta.md"].segment}
    # The new version reads the previous store, untouched, and serves beta.md from its segment.
    assert not (Path(settings.db) / "versions" / after.version / "chroma").exists()
    assert after.chroma_version == before.version and after.overlay == ["beta.md"]
    assert after.stale_rows[0] == before.documents["beta.md"].chunks
    client = store.client(before.version)
    rows = client.get_collection(chunk_name).get(include=["embeddings"])
    client.close()
    assert rows["ids"] == old_rows["ids"] and np.allclose(rows["embeddings"], old_rows["embeddings"])
    handle = IndexHandle(settings)
    try:
        snapshot = handle.get()
        found = retrieve(snapshot, "When did Beta add AI reading of CT angiograms?", settings.candidates, settings.rrf_k)
        assert "CT angiograms" in snapshot.chunks[found.ranked[0]].text
    finally:
        handle.close()


def build_twin(tmp_path, src, name: str):
    """A fresh index of the same folder, written from scratch (no overlay)."""
    settings = make_settings(tmp_path / name, sources=[src])
    run_ingest(settings)
    assert not IndexStore(settings).current_manifest().overlay
    return settings


def test_a_version_with_an_overlay_searches_as_a_fresh_build_does(tmp_path):
    """Base rows of edited and removed documents never surface, the overlay's rows rank among the base
    rows by distance, and filters hold for both: the same hits as an index built from scratch."""
    src = write_docs(tmp_path / "src")
    settings = make_settings(tmp_path, sources=[src])
    run_ingest(settings)
    factory.make_markdown(src, "alpha.md", ALPHA_EDITED)
    (src / "gamma.md").unlink()
    factory.make_markdown(src, "delta.md", "# Delta\n\nDelta started AI triage of chest X-rays in 2024.\n")
    report = run_ingest(settings)
    assert report.updated == ["alpha.md"] and report.removed == ["gamma.md"] and report.added == ["delta.md"]
    manifest = IndexStore(settings).current_manifest()
    assert manifest.overlay == ["alpha.md", "delta.md", "gamma.md"] and manifest.chroma_version == "v000001"
    twin = build_twin(tmp_path, src, "twin")
    handles = [IndexHandle(settings), IndexHandle(twin)]
    try:
        overlaid, fresh = (handle.get() for handle in handles)
        assert [c.id for c in overlaid.chunks] == [c.id for c in fresh.chunks]
        questions = QUESTIONS + ["How often does Alpha read a mammogram?", "When did Delta start AI triage?",
                                 "What did Gamma do?"]
        only_alpha = Filters(sources=["alpha.md", "delta.md"])
        for question in questions:
            vector = overlaid.embedder.encode([question])
            for kind, n in (("chunks", min(5, len(fresh.chunks))), ("sentences", min(12, len(fresh.sentence_text)))):
                for filters in (None, only_alpha):
                    where, mask = (filters.chroma_where(), filters.mask(overlaid)) if filters else (None, None)
                    got = overlaid.search(kind, vector, n, where, mask)
                    want = fresh.search(kind, vector, n, where, mask)
                    assert got[0] == want[0], (question, kind, filters)
                    assert np.allclose(got[1], want[1], atol=1e-4)
            ours = retrieve(overlaid, question, settings.candidates, settings.rrf_k)
            theirs = retrieve(fresh, question, settings.candidates, settings.rrf_k)
            assert list(ours.ranked) == list(theirs.ranked)
        assert not any(c.source == "gamma.md" for c in overlaid.chunks)
    finally:
        for handle in handles:
            handle.close()


def test_an_overlay_past_its_limit_is_written_into_a_new_store(tmp_path, monkeypatch):
    from assistant import ingestion

    src = write_docs(tmp_path / "src")
    settings = make_settings(tmp_path, sources=[src])
    run_ingest(settings)
    factory.make_markdown(src, "alpha.md", ALPHA_EDITED)
    run_ingest(settings)
    store = IndexStore(settings)
    assert store.current_manifest().overlay == ["alpha.md"]
    monkeypatch.setattr(ingestion, "OVERLAY_MAX_ROWS", 1)
    (src / "gamma.md").unlink()
    run_ingest(settings)
    manifest = store.current_manifest()
    assert manifest.overlay == [] and manifest.chroma_version is None and store.has_chroma(manifest.version)
    client = store.client(manifest.version)
    chunk_name, _ = store.collection_names(manifest.version)
    rows = client.get_collection(chunk_name).get(include=["documents", "metadatas"])
    client.close()
    # The store holds exactly the live rows: alpha's new text, no gamma, no stale alpha row.
    twin = build_twin(tmp_path, src, "twin")
    twin_store = IndexStore(twin)
    twin_client = twin_store.client(twin_store.current_version())
    want = twin_client.get_collection(chunk_name).get(include=["documents"])
    twin_client.close()
    assert sorted(zip(rows["ids"], rows["documents"])) == sorted(zip(want["ids"], want["documents"]))
    assert not any(meta["source"] == "gamma.md" for meta in rows["metadatas"])
    assert sorted(p.name for p in store.versions_dir.iterdir()) == ["v000001", "v000002", "v000003"]


def test_a_publish_loads_in_the_background_and_the_old_version_is_closed(tmp_path):
    src = write_docs(tmp_path / "src")
    settings = make_settings(tmp_path, sources=[src], index_retire_s=0.0)
    run_ingest(settings)
    handle = IndexHandle(settings)
    old = handle.get()
    factory.make_markdown(src, "gamma.md", DOCS["gamma.md"] + "\nGamma now reads every mammogram twice.\n")
    run_ingest(settings)
    assert handle.get() is old  # answered at once from the old version while the new one loads
    new = handle.wait_until_current(timeout=60)
    assert new.version != old.version and any("twice" in c.text for c in new.chunks)
    handle.get()
    assert old._client is None  # the replaced version's Chroma client is released
    assert handle.get() is new
    # The new version reads the same base store as the old one did: closing the old client must not
    # close the store under the new one.
    assert new.manifest.store_version == old.version
    found = retrieve(new, "Does Gamma read mammograms twice?", settings.candidates, settings.rrf_k)
    assert "twice" in new.chunks[found.ranked[0]].text
    handle.close()


@pytest.mark.slow
def test_two_app_processes_serve_from_one_chroma_server_and_pick_up_a_publish(tmp_path):
    """Two app processes (as behind a load balancer) on one `chroma run` server and one index folder.
    Bounded: 300 s for the apps to start (two model loads on a shared machine), 30 s for both to
    answer from a new publish."""
    src = write_docs(tmp_path / "src")
    with chroma_server(tmp_path / "chroma-data") as (_, url):
        settings = make_settings(tmp_path, sources=[src], chroma_url=url, collection_prefix="aidfscale")
        first = run_ingest(settings)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env.update(ASSISTANT_CHROMA_URL=url, ASSISTANT_COLLECTION_PREFIX="aidfscale", PYTHONUNBUFFERED="1")
        ports = [free_port(), free_port()]
        logs = [open(tmp_path / f"app-{port}.log", "wb") for port in ports]
        apps = [
            subprocess.Popen([sys.executable, "app.py", "--db", str(settings.db), "--port", str(port)], cwd=PROJECT_ROOT,
                             env=env, stdout=log, stderr=subprocess.STDOUT)
            for port, log in zip(ports, logs)
        ]
        try:
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            started = time.monotonic() + 300
            for base, port in zip(bases, ports):
                wait_for(lambda: httpx.get(f"{base}/healthz", timeout=2).json().get("status") == "ok", started,
                         f"start: {(tmp_path / f'app-{port}.log').read_bytes()[-1500:]!r}")

            def ask(base: str, question: str) -> dict:
                return httpx.post(f"{base}/api/ask", json={"question": question}, timeout=30).json()

            for base in bases:
                assert ask(base, "What does the Gamma screening pilot use AI for?")["index_version"] == first.index_version
            factory.make_markdown(src, "gamma.md", DOCS["gamma.md"] + "\nGamma added AI reading of breast ultrasound in March.\n")
            second = run_ingest(settings)  # the publish, from a third process's point of view
            assert second.updated == ["gamma.md"]
            published = time.monotonic() + 30
            for base in bases:
                question = "What did the Gamma screening pilot add in March?"
                wait_for(lambda: ask(base, question)["index_version"] == second.index_version, published, "pick up the publish")
                answer = ask(base, question)
                assert answer["citations"] and answer["citations"][0]["source"] == "gamma.md"
                assert "ultrasound" in answer["citations"][0]["text"]
        finally:
            for log in logs:
                log.close()
            for app in apps:
                app.terminate()
            for app in apps:
                try:
                    app.wait(15)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait(15)


def wait_for(condition, deadline: float, what: str) -> None:
    while True:
        try:
            if condition():
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"the apps did not {what} in time")
        time.sleep(0.3)


def test_a_loaded_version_holds_no_open_file_per_document(tmp_path):
    """Mapping each segment's vectors kept a descriptor per document: 1,000 documents used up a
    1,024-descriptor limit and broke the parser's pipes."""
    src = tmp_path / "src"
    for number in range(40):
        factory.make_markdown(src, f"trust-{number:02d}.md", f"# Trust {number}\n\nTrust {number} read {number + 3} scans with AI in May.\n")
    settings = make_settings(tmp_path, sources=[src])
    run_ingest(settings)

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    handle = IndexHandle(settings)
    snapshot = handle.get()
    found = retrieve(snapshot, "How many scans did Trust 7 read?", settings.candidates, settings.rrf_k)
    assert found.ranked and snapshot.sentence_vectors[len(snapshot.sentence_text) - 1].shape == (snapshot.manifest.embedding_dim,)
    assert open_files() - before < 20, open_files() - before
    snapshot.close()


def test_a_background_load_gives_way_to_a_question_but_not_for_ever(tmp_path):
    handle = IndexHandle(make_settings(tmp_path))
    asked, answered = threading.Event(), threading.Event()

    def question() -> None:
        with handle.serving():
            asked.set()
            answered.wait(10)

    thread = threading.Thread(target=question)
    thread.start()
    asked.wait(10)
    try:
        handle._slice_began = 0.0  # the loader has used its slice
        began = time.monotonic()
        handle._pause_for_questions()
        waited = time.monotonic() - began
        assert IndexHandle.LOAD_SLICE_S * 0.9 <= waited < 1.0, waited  # waited for the question, then went on
    finally:
        answered.set()
        thread.join(10)


def test_a_background_load_starts_after_the_questions_in_flight(tmp_path, monkeypatch):
    """The question that notices a publish is answered before the loader does any work (bounded)."""
    handle = IndexHandle(make_settings(tmp_path))
    events: list[str] = []
    monkeypatch.setattr(handle, "_load", lambda stamp, pause=None: events.append("load"))
    with handle.serving():
        handle._start_loading(None)
        time.sleep(0.1)
        events.append("answered")
    handle._loader.join(10)
    assert events == ["answered", "load"]

    monkeypatch.setattr(IndexHandle, "LOAD_START_WAIT_S", 0.05)  # a question that never ends delays it no longer
    events.clear()
    with handle.serving():
        handle._start_loading(None)
        handle._loader.join(10)
        assert events == ["load"]


def test_sentence_texts_are_sliced_from_their_chunks_exactly(corpus_assistant):
    from assistant.index import ChunkInfo, SentenceTexts
    from assistant.segments import SegmentStore

    snapshot = corpus_assistant.index.get()
    segments = SegmentStore(Path(snapshot.settings.db))
    written = [text for source in sorted(snapshot.documents)
               for text in segments.read(snapshot.documents[source].segment).data["sentences"]["text"]]
    assert list(snapshot.sentence_text) == written and not snapshot.sentence_text._overrides
    # A sentence that is not its chunk's slice is kept as written.
    chunk = ChunkInfo("c", "One two. Three four.", "s.md", "S", "document", None, 0, None, None, None, "", 100, 120)
    texts = SentenceTexts([chunk], np.array([0, 0]), np.array([100, 109]), np.array([108, 120]), {1: "Other."})
    assert list(texts) == ["One two.", "Other."] and texts[-2] == "One two." and texts[0:1] == ["One two."]


def test_sentence_kinds_stored_at_ingest_are_what_the_rules_give(corpus_assistant, monkeypatch):
    import assistant.index as index_module
    from assistant.answer.kinds import given_kinds

    snapshot = corpus_assistant.index.get()
    assert (snapshot._kind_mask >= 0).all()  # every sentence's kinds came from its segment
    expected = [given_kinds(text) for text in snapshot.sentence_text]
    assert [snapshot.sentence_kinds[i] for i in range(len(expected))] == expected
    assert sum(bool(kinds) for kinds in expected) > len(expected) // 10

    # Segments written under other rules are not trusted: their sentences' kinds are worked out again.
    monkeypatch.setattr(index_module, "RULES_FINGERPRINT", "other rules")
    reloaded = IndexHandle(snapshot.settings).get()
    try:
        assert (reloaded._kind_mask == -1).all()
        assert [reloaded.sentence_kinds[i] for i in range(len(expected))] == expected
    finally:
        reloaded.close()
