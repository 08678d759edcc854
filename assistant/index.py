"""The read side of the index: one immutable snapshot of a published version, held in memory.

A snapshot keeps what every query needs next to the Chroma collections: chunk texts and metadata,
the sentence vectors (so choosing answer sentences is vector arithmetic, not more model calls) and a
BM25 index over the same chunks. ``IndexHandle`` swaps in a new snapshot when an ingest publishes
one, so the app never restarts and never reads a half-built version.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import numpy as np

from .config import Settings
from .store import IndexStore, Manifest, StoreError

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"[a-z0-9£$%]+(?:[.,'][a-z0-9]+)*")
STOPWORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its "
    "me my of on or our so than that the their them then there these they this to was we were what when where "
    "which who whom why will with would you your about any all also more most much many".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; keeps figures like 1.2m, 86% and £21 intact."""
    return [tok for tok in TOKEN_RE.findall(text.lower()) if tok not in STOPWORDS]


class IndexNotReady(StoreError):
    pass


@dataclass(frozen=True)
class ChunkInfo:
    id: str
    text: str
    source: str
    title: str
    doc_type: str
    published: str | None
    published_num: int
    url: str | None
    publisher: str | None
    page: int | None
    section: str
    start: int
    end: int


class IndexSnapshot:
    def __init__(self, settings: Settings, store: IndexStore, manifest: Manifest):
        from langchain_chroma import Chroma
        from rank_bm25 import BM25Okapi

        from .embeddings import get_embedder

        self.settings = settings
        self.manifest = manifest
        self.version = manifest.version
        self.embedder = get_embedder(manifest.embedding_model, settings.embedding_batch_size)
        client = store.client(manifest.version)
        chunk_name, sentence_name = store.collection_names(manifest.version)
        # The LangChain wrapper does dense search; our embedder is passed so Chroma never loads its own.
        self.vectorstore = Chroma(client=client, collection_name=chunk_name, embedding_function=self.embedder.langchain)
        chunk_rows = _get_all(client.get_collection(chunk_name), with_embeddings=False)
        sentence_rows = _get_all(client.get_collection(sentence_name), with_embeddings=True)

        self.chunks: list[ChunkInfo] = [_chunk_info(rid, text, meta) for rid, text, meta, _ in chunk_rows]
        self.chunk_pos = {chunk.id: pos for pos, chunk in enumerate(self.chunks)}
        order = sorted(
            range(len(sentence_rows)),
            key=lambda i: (self.chunk_pos.get(sentence_rows[i][2]["chunk_id"], -1), sentence_rows[i][2]["start"]),
        )
        sentence_rows = [sentence_rows[i] for i in order if sentence_rows[i][2]["chunk_id"] in self.chunk_pos]
        self.sentence_text = [row[1] for row in sentence_rows]
        self.sentence_chunk = np.array([self.chunk_pos[row[2]["chunk_id"]] for row in sentence_rows], dtype=np.int64)
        self.sentence_span = [(int(row[2]["start"]), int(row[2]["end"])) for row in sentence_rows]
        self.sentence_is_heading = np.array([bool(row[2].get("heading")) for row in sentence_rows], dtype=bool)
        dim = manifest.embedding_dim
        self.sentence_vectors = (
            np.stack([np.asarray(row[3], dtype=np.float32) for row in sentence_rows])
            if sentence_rows
            else np.zeros((0, dim), dtype=np.float32)
        )
        self.chunk_sentences: dict[int, list[int]] = {}
        for position, chunk_index in enumerate(self.sentence_chunk.tolist()):
            self.chunk_sentences.setdefault(chunk_index, []).append(position)

        # BM25 over the same chunks, with the title and heading path so "CAMRIN" finds its section.
        self.chunk_tokens = [tokenize(f"{c.title} {c.section} {c.text}") for c in self.chunks]
        self.bm25 = BM25Okapi(self.chunk_tokens) if self.chunks else None
        self.vocabulary = {
            word for chunk in self.chunks for word in re.findall(r"[a-z0-9]+", f"{chunk.title} {chunk.text}".lower())
        }
        self.documents = manifest.documents

    def __len__(self) -> int:
        return len(self.chunks)


def _get_all(collection, with_embeddings: bool) -> list[tuple]:
    include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
    rows: list[tuple] = []
    total = collection.count()
    for offset in range(0, total, 5000):
        part = collection.get(include=include, limit=5000, offset=offset)
        vectors = part["embeddings"] if with_embeddings else [None] * len(part["ids"])
        rows.extend(zip(part["ids"], part["documents"], part["metadatas"], vectors))
    return rows


def _chunk_info(rid: str, text: str, meta: dict) -> ChunkInfo:
    page = int(meta.get("page", -1))
    return ChunkInfo(
        id=rid,
        text=text,
        source=meta["source"],
        title=meta.get("title") or meta["source"],
        doc_type=meta.get("doc_type", "document"),
        published=meta.get("published"),
        published_num=int(meta.get("published_num", 0)),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        page=page if page >= 0 else None,
        section=meta.get("section", ""),
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
    )


class IndexHandle:
    """The live snapshot, reloaded when the pointer changes. Safe to share between threads."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = IndexStore(settings)
        self._lock = threading.Lock()
        self._snapshot: IndexSnapshot | None = None
        self._stamp = None

    def get(self) -> IndexSnapshot:
        stamp = self.store.pointer_stamp()
        snapshot = self._snapshot
        if snapshot is not None and stamp == self._stamp:
            return snapshot
        with self._lock:
            if self._snapshot is not None and stamp == self._stamp:
                return self._snapshot
            manifest = self.store.current_manifest()
            if manifest is None:
                raise IndexNotReady(f"no index at {self.settings.db}; run `python ingest.py` first")
            if self._snapshot is None or manifest.version != self._snapshot.version:
                log.info("loading index version %s", manifest.version)
                self._snapshot = IndexSnapshot(self.settings, self.store, manifest)
            self._stamp = stamp
            return self._snapshot
