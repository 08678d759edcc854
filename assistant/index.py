"""The read side of the index: one immutable snapshot of a published version, held in memory.

A snapshot keeps what every query needs next to the Chroma collections: chunk texts and metadata,
the sentence vectors (so choosing answer sentences is vector arithmetic, not more model calls) and a
BM25 index over the same chunks. ``IndexHandle`` swaps in a new snapshot when an ingest publishes
one, so the app never restarts and never reads a half-built version.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .answer.kinds import given_kinds
from .config import Settings
from .language.names import Gazetteer
from .language.tokens import stem, tokenize, words
from .store import IndexStore, Manifest, StoreError
from .language.sentences import normalise_for_match

log = logging.getLogger(__name__)
# Text addressed to a language model inside a document is data to keep, never evidence to quote.
INSTRUCTION_TO_A_MODEL = re.compile(
    r"\b(ignore|disregard|forget)\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts?|rules)\b"
    r"|\byou are (now )?(an?|the) (ai|assistant|language model|chatbot)\b|\byou are now\b|\bsystem prompt\b"
    r"|\bdeveloper mode\b|\b(answer|respond to|reply to) (every|all|any) (question|request)s?\b",
    re.IGNORECASE,
)


# A line that only dates the document ("Published 14 March 2024", "Updated: 2 May 2025"): metadata,
# not a statement to quote.
DATELINE = re.compile(r"^\W*(?:first\s+)?(?:published|updated|last updated|answered on|tabled on|date)\b[\s:]*[\w ,./-]{0,40}$", re.I)


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
    provenance: str = ""  # JSON: the primary sources of the chunk's sentences (see provenance.py)


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
        self.sentence_place = [(_page(row[2]), row[2].get("section")) for row in sentence_rows]
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
        self.documents = manifest.documents
        self.document_frequency = Counter(token for tokens in self.chunk_tokens for token in set(tokens))
        self.idf = _idf(self.document_frequency, len(self.chunks))
        # Per-sentence facts every query would otherwise recompute.
        self.sentence_tokens = [frozenset(tokenize(text)) for text in self.sentence_text]
        self.sentence_stems = [frozenset(map(stem, tokens)) for tokens in self.sentence_tokens]
        self.title_tokens = [frozenset(tokenize(c.title)) for c in self.chunks]
        self.section_tokens = [frozenset(tokenize(c.section)) for c in self.chunks]
        self.section_stems = [frozenset(map(stem, tokens)) for tokens in self.section_tokens]
        # Plain words of each sentence and of what labels each passage (title, headings, publisher, file
        # name), for matching names ("Annalise" in "Annalise.ai", "the Lords written answer") rather
        # than weighting terms.
        self.sentence_words = [frozenset(words(text)) for text in self.sentence_text]
        self.heading_words = [frozenset(words(f"{c.title} {c.section} {c.publisher or ''} {c.source}")) for c in self.chunks]
        self.passage_words = [heading | frozenset(words(c.text)) for heading, c in zip(self.heading_words, self.chunks)]
        self.sentence_kinds = [given_kinds(text) for text in self.sentence_text]
        self.sentence_quotable = self._quotable()
        self.vocabulary = {word for chunk in self.chunks for word in words(f"{chunk.title} {chunk.text}")}
        self.gazetteer = Gazetteer.learn([f"{c.title}\n{c.section}\n{c.text}" for c in self.chunks])
        self.initialisms = initialisms_in(" ".join(f"{c.title}. {c.text}" for c in self.chunks))

    def _quotable(self) -> np.ndarray:
        """Sentences that can stand as evidence: not headings, questions, fragments, boilerplate or
        instructions aimed at a model."""
        def opening(text: str) -> str:  # disclaimers vary in their last words, not their first
            return " ".join(normalise_for_match(text).split()[:10])

        sources_by_text: dict[str, set[str]] = {}
        for text, chunk in zip(self.sentence_text, self.sentence_chunk.tolist()):
            sources_by_text.setdefault(opening(text), set()).add(self.chunks[chunk].source)
        # A sentence opening shared by half the documents is a disclaimer or template, not evidence.
        boilerplate_sources = max(3, (len(self.documents) + 1) // 2)
        return np.array(
            [
                not heading
                and not INSTRUCTION_TO_A_MODEL.search(text)
                and not text.rstrip().endswith("?")
                and not DATELINE.match(text)
                and len(text.split()) >= 4
                and len(sources_by_text[opening(text)]) < boilerplate_sources
                for text, heading in zip(self.sentence_text, self.sentence_is_heading.tolist())
            ],
            dtype=bool,
        )

    def is_rare(self, token: str) -> bool:
        """In a quarter of the passages or fewer (or just one, in a small index): a word that says
        what a question is specifically about."""
        df = self.document_frequency.get(token, 0)
        return 0 < df <= max(1, len(self.chunks) // 4)

    def __len__(self) -> int:
        return len(self.chunks)


CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][A-Za-z]*\b(?:\s+(?:and|of|for|&)\s+|\s+)?){2,6}")


def initialisms_in(text: str) -> set[str]:
    """Acronyms the text could be abbreviating: "AI Diagnostic Fund" gives "adf" and "aidf"."""
    found: set[str] = set()
    for run in CAPITALISED_RUN.finditer(text):
        words = re.findall(r"[A-Z][A-Za-z]*", run.group(0))
        for start in range(len(words)):
            for end in range(start + 2, len(words) + 1):
                part = words[start:end]
                found.add("".join(w[0] for w in part).lower())
                found.add("".join(w if w.isupper() else w[0] for w in part).lower())
    return found


def _idf(document_frequency: dict[str, int], total: int) -> dict[str, float]:
    return {t: math.log(1 + (total - df + 0.5) / (df + 0.5)) for t, df in document_frequency.items()}


def _get_all(collection, with_embeddings: bool) -> list[tuple]:
    include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
    rows: list[tuple] = []
    total = collection.count()
    for offset in range(0, total, 5000):
        part = collection.get(include=include, limit=5000, offset=offset)
        vectors = part["embeddings"] if with_embeddings else [None] * len(part["ids"])
        rows.extend(zip(part["ids"], part["documents"], part["metadatas"], vectors))
    return rows


def _page(meta: dict) -> int | None:
    page = int(meta.get("page", -1))
    return page if page >= 0 else None


def _chunk_info(rid: str, text: str, meta: dict) -> ChunkInfo:
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
        page=_page(meta),
        section=meta.get("section", ""),
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        provenance=meta.get("provenance", ""),
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
