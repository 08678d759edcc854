"""The read side of the index: one immutable snapshot of a published version.

A snapshot is loaded from the version's document segments (``segments.py``), not by paging every
row out of Chroma, and holds only what must be at hand for any question: chunk texts and metadata,
sentence texts and positions, and a BM25 index built from the stored postings. Sentence vectors stay
in the segment files (rows read on demand), and everything a question reads about a sentence (its words,
stems, the kinds of figure it gives, whether it can be quoted) is computed on first use and cached,
so a question pays for the 10-20 passages it reads, not for the corpus. ``IndexHandle`` loads a new
version in the background while the old one answers, then swaps it in.
"""

from __future__ import annotations

import ctypes
import logging
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import numpy as np

from .answer.kinds import RULES_FINGERPRINT, given_kinds, kinds_of_mask
from .config import Settings
from .language.figures import singular
from .language.lexicon import with_same_meaning
from .language.names import Gazetteer
from .language.tokens import STOPWORDS, index_terms, stem, tokenize, words
from .segments import Segment, SegmentStore, VectorRows, chunk_of_sentence_id, sentence_id
from .store import IndexStore, Manifest, StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")
# Text addressed to a language model inside a document is data to keep, never evidence to quote.
# Matched on lower-cased text: the pattern is tried on every sentence a question reads, and a
# case-insensitive pattern, or one without the cheap test for its words first, costs three times as much.
INSTRUCTION_TO_A_MODEL = re.compile(
    r"\b(ignore|disregard|forget)\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts?|rules)\b"
    r"|\byou are (now )?(an?|the) (ai|assistant|language model|chatbot)\b|\byou are now\b|\bsystem prompt\b"
    r"|\bdeveloper mode\b|\b(answer|respond to|reply to) (every|all|any) (question|request)s?\b"
)
_WORDS_ADDRESSING_A_MODEL = re.compile(r"ignore|disregard|forget|you are|system prompt|developer mode|answer|respond|reply")


def addresses_a_model(text: str) -> bool:
    lower = text.lower()
    return bool(_WORDS_ADDRESSING_A_MODEL.search(lower) and INSTRUCTION_TO_A_MODEL.search(lower))


# "Table 2: Assessment criteria and weightings": names what follows, states nothing
CAPTION = re.compile(r"^\W*(?:table|figure|chart|box|diagram)\s+[\w.]{1,6}\s*[:.–—-]\s*(?:\S+\s+){0,9}\S*$", re.I)
# A line that only dates the document ("Published 14 March 2024", "Updated: 2 May 2025"): metadata,
# not a statement to quote.
DATELINE = re.compile(r"^\W*(?:first\s+)?(?:published|updated|last updated|answered on|tabled on|date)\b[\s:]*[\w ,./-]{0,40}$", re.I)
SETTING_SHARE = 0.5  # a name in more passages than this is the setting of the documents ...
SETTING_MIN_PASSAGES = 10  # ... in an index of at least this many passages


class IndexNotReady(StoreError):
    pass


@dataclass(frozen=True, slots=True)
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


class Lazy(Sequence):
    """A per-position feature computed on first use and kept (up to ``limit`` positions, then the
    cache starts again: memory stays bounded however long the process answers)."""

    def __init__(self, length: int, compute, limit: int = 200_000):
        self._length = length
        self._compute = compute
        self._limit = limit
        self._cache: dict[int, object] = {}

    def __getitem__(self, position):
        try:  # the common case first: a question reads the same positions many times
            return self._cache[position]
        except (KeyError, TypeError):  # not computed yet, or a slice
            pass
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(self._length))]
        position = int(position)
        if not -self._length <= position < self._length:
            raise IndexError(position)
        value = self._compute(position % self._length)
        if len(self._cache) >= self._limit:
            self._cache = {}
        self._cache[position] = value
        return value

    def __len__(self) -> int:
        return self._length


class ChunkSentences(Mapping):
    """Sentence positions of each chunk: sentences are stored chunk by chunk, so a range per chunk."""

    def __init__(self, first: np.ndarray):
        self._first = first  # len(chunks) + 1 offsets

    def __getitem__(self, chunk: int) -> list[int]:
        chunk = int(chunk)
        if not 0 <= chunk < len(self._first) - 1:
            raise KeyError(chunk)
        return list(range(int(self._first[chunk]), int(self._first[chunk + 1])))

    def get(self, chunk, default=None):
        try:
            return self[chunk] or default
        except KeyError:
            return default

    def bounds(self, chunk: int) -> tuple[int, int]:
        return int(self._first[chunk]), int(self._first[chunk + 1])

    def __iter__(self):
        return (c for c in range(len(self._first) - 1) if self._first[c + 1] > self._first[c])

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(self._first)))


class SentenceTexts(Sequence[str]):
    """Sentence ``i``'s text, sliced from its chunk's text by its document offsets on each access."""

    def __init__(self, chunks: list, sentence_chunk: np.ndarray, start: np.ndarray, end: np.ndarray, overrides: dict[int, str]):
        self._chunks = chunks
        self._chunk = sentence_chunk
        self._start = start
        self._end = end
        self._overrides = overrides

    def __len__(self) -> int:
        return len(self._chunk)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        position = int(position)
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        if self._overrides and position in self._overrides:
            return self._overrides[position]
        chunk = self._chunks[self._chunk[position]]
        return chunk.text[self._start[position] - chunk.start : self._end[position] - chunk.start]

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class SentenceVectors(Sequence):
    """Row ``i`` of the sentence vectors, read from the segment file that holds it."""

    def __init__(self, parts: list[VectorRows], dim: int, version: str):
        self._parts = parts
        self._starts = np.cumsum([0] + [len(part) for part in parts])
        self.shape = (int(self._starts[-1]), dim)
        self._version = version

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, position):
        if isinstance(position, slice):
            return np.stack([self[i] for i in range(*position.indices(len(self)))]) if len(self) else np.zeros((0, self.shape[1]), np.float32)
        position = int(position) % max(1, len(self))
        return self.block(position, position + 1)[0]

    def block(self, start: int, end: int) -> np.ndarray:
        """Rows ``start:end`` of one segment (a chunk's sentences never span two)."""
        if start >= end:
            return np.zeros((0, self.shape[1]), dtype=np.float32)
        part = int(np.searchsorted(self._starts, start, side="right")) - 1
        offset = int(self._starts[part])
        try:
            return self._parts[part].read(start - offset, end - offset)
        except (OSError, ValueError) as exc:  # removed by a later ingest's garbage collection, or damaged
            raise StoreError(f"index version {self._version}: sentence vectors unreadable ({exc}); ask again") from exc


class IndexSnapshot:
    def __init__(self, settings: Settings, store: IndexStore, manifest: Manifest, pause: Callable[[], None] | None = None):
        from .embeddings import get_embedder

        self.settings = settings
        self.manifest = manifest
        self.version = manifest.version
        self.documents = manifest.documents
        self.embedder = get_embedder(manifest.embedding_model, settings.embedding_batch_size)
        self._client = store.client(manifest.store_version)  # an overlay version reads its base's store
        chunk_name, sentence_name = store.manifest_collections(manifest)
        try:
            self.chunk_collection = self._client.get_collection(chunk_name)
            self.sentence_collection = self._client.get_collection(sentence_name)
        except Exception as exc:  # a missing collection is a broken or half-deleted version
            raise StoreError(f"index version {manifest.version}: Chroma collections unavailable: {exc}") from exc
        self._load_segments(SegmentStore(store.root), manifest, pause or (lambda: None))
        self._base_rows = {"chunks": len(self.chunks), "sentences": len(self.sentence_text)}
        if self._overlaid:
            try:
                self._base_rows = {"chunks": self.chunk_collection.count(), "sentences": self.sentence_collection.count()}
            except Exception as exc:
                raise StoreError(f"index version {manifest.version}: Chroma collections unavailable: {exc}") from exc
        self._warm()

    def search(self, kind: str, vectors, n: int, where: dict | None = None, mask: np.ndarray | None = None):
        """The ``n`` nearest rows of the ``"chunks"`` or ``"sentences"`` collection for each query vector,
        as (ids, cosine distances) per vector, nearest first; fewer than ``n`` only when no more rows
        match. ``where`` (Chroma) and ``mask`` (per chunk position) must say the same filter.

        A version with an overlay searches the base store, drops the base rows of overlay sources
        (asking again for ``n`` plus the stale rows when any were dropped) and merges in the overlay's
        rows, scored against all of them at once (exact)."""
        collection = self.chunk_collection if kind == "chunks" else self.sentence_collection
        vectors = list(vectors)
        if not self._overlaid:
            hits = collection.query(query_embeddings=vectors, n_results=n, where=where, include=["distances"])
            return hits["ids"], hits["distances"]
        base_rows = self._base_rows[kind]
        stale = self.manifest.stale_rows[0 if kind == "chunks" else 1]
        to_chunk = (lambda rid: rid) if kind == "chunks" else chunk_of_sentence_id

        def base_hits(count: int):
            if count <= 0:
                return [[] for _ in vectors], [[] for _ in vectors], False
            hits = collection.query(query_embeddings=vectors, n_results=count, where=where, include=["distances"])
            ids_out, dist_out, short = [], [], False
            for ids, distances in zip(hits["ids"], hits["distances"]):
                kept = [(rid, d) for rid, d in zip(ids, distances) if self._current_base_row(to_chunk(rid))]
                short |= len(kept) < len(ids) and len(ids) == count and count < base_rows
                ids_out.append([rid for rid, _ in kept])
                dist_out.append([d for _, d in kept])
            return ids_out, dist_out, short

        ids, distances, short = base_hits(min(n, base_rows))
        if short:  # stale rows took places among the nearest: ask for as many more as there can be
            ids, distances, _ = base_hits(min(base_rows, n + stale))
        rows, matrix, names = self._overlay_rows[kind]
        if len(rows):
            allowed = None if mask is None else mask[rows if kind == "chunks" else self.sentence_chunk[rows]]
            for q, query in enumerate(vectors):
                query = np.asarray(query, dtype=np.float32)
                norm = float(np.linalg.norm(query))
                near = 1.0 - (matrix @ query) / (norm or 1.0)
                order = [int(i) for i in np.argsort(near, kind="stable") if allowed is None or allowed[i]][:n]
                merged = sorted(
                    [(d, 0, k, rid) for k, (rid, d) in enumerate(zip(ids[q], distances[q]))]
                    + [(float(near[i]), 1, k, names[i]) for k, i in enumerate(order)]
                )[:n]
                ids[q] = [rid for _, _, _, rid in merged]
                distances[q] = [d for d, _, _, _ in merged]
        return [list(i[:n]) for i in ids], [list(d[:n]) for d in distances]

    def _current_base_row(self, chunk_id: str) -> bool:
        """A base row of this version: its chunk is held, and not by a document served from the overlay."""
        position = self.chunk_pos.get(chunk_id)
        return position is not None and not self._overlay_chunk[position]

    def _warm(self) -> None:
        """One search in each collection, so Chroma reads its vector index now, while the previous
        version still answers, rather than during the first question put to this one."""
        if not len(self.sentence_vectors):
            return
        probe = [self.sentence_vectors[0]]
        try:
            self.chunk_collection.query(query_embeddings=probe, n_results=1, include=[])
            self.sentence_collection.query(query_embeddings=probe, n_results=1, include=[])
        except Exception as exc:
            raise StoreError(f"index version {self.version}: vector search unavailable: {exc}") from exc

    def _load_segments(self, segments: SegmentStore, manifest: Manifest, pause: Callable[[], None]) -> None:
        """``pause`` is called between steps: a background load lets questions in flight go first.

        Each segment's per-sentence values become numpy arrays before the next segment is read. Held
        as Python lists to the end, their millions of small objects were freed only after the kept
        ones (chunk metadata, names) had been placed among them, and the allocator could hand little
        of that memory back: about a sixth of the loaded index at 3,000 documents."""
        chunks: list[ChunkInfo] = []
        per_chunk: list[np.ndarray] = []  # sentences of each chunk
        sentence_overrides: dict[int, str] = {}
        sentence_count = 0
        sentence_chunk: list[np.ndarray] = []
        sections: list[str] = []
        starts, ends, pages, headings, kind_masks = [], [], [], [], []
        vector_parts: list[VectorRows] = []
        # Openings as hashes (one process's view only): which are shared by many documents is all that is asked.
        openings: list[np.ndarray] = []
        lexical = _LexicalBuilder()
        overlay = set(manifest.overlay)
        overlaid: list[tuple[int, int, Segment]] = []  # documents served from segments: first chunk, first sentence, segment
        self.vocabulary: set[str] = set()
        self.initialisms: set[str] = set()
        self._spelled_out: dict[str, str | None] = {}
        for source in sorted(manifest.documents):
            pause()
            entry = manifest.documents[source]
            if not entry.segment:
                raise StoreError(f"index version {manifest.version} predates document segments; run `python ingest.py`")
            try:
                segment = segments.read(entry.segment, with_chunk_vectors=source in overlay)
            except (OSError, ValueError) as exc:
                raise StoreError(f"index version {manifest.version}: segment of {source} unreadable: {exc}") from exc
            meta, c, s = segment.data["doc_meta"], segment.data["chunks"], segment.data["sentences"]
            base = len(chunks)
            if source in overlay:
                overlaid.append((base, sentence_count, segment))
            provenance = c.get("provenance") or [""] * len(c["id"])
            interned: dict = {}
            for i in range(len(c["id"])):
                chunks.append(_chunk_info(c["id"][i], c["text"][i], {
                    **meta, "start": c["start"][i], "end": c["end"][i], "page": c["page"][i],
                    "section": interned.setdefault(c["section"][i], c["section"][i]), "provenance": provenance[i],
                }))
            local_chunk = np.asarray(s["chunk"], dtype=np.int64)
            counts = np.bincount(local_chunk, minlength=len(c["id"])) if len(local_chunk) else np.zeros(len(c["id"]), np.int64)
            per_chunk.append(counts)
            sentence_chunk.append(local_chunk + base)
            # A sentence's text is a slice of its chunk's (the ingester cut it so): kept as offsets, not
            # as a second copy of the corpus's text. Any sentence that is not is kept as written.
            for i, (text, local, start, end) in enumerate(zip(s["text"], s["chunk"], s["start"], s["end"])):
                offset = c["start"][local]
                if c["text"][local][start - offset : end - offset] != text:
                    sentence_overrides[sentence_count + i] = text
            sentence_count += len(s["text"])
            starts.append(np.asarray(s["start"], dtype=np.int64))
            ends.append(np.asarray(s["end"], dtype=np.int64))
            pages.append(np.asarray(s["page"], dtype=np.int64))
            headings.append(np.asarray(s["heading"], dtype=bool))
            sections.extend(interned.setdefault(x, x) for x in s["section"])
            vector_parts.append(segment.sentence_vectors)
            openings.append(np.fromiter(map(hash, s["opening"]), dtype=np.int64, count=len(s["opening"])))
            stored = segment.data.get("sentence_kinds") or {}
            kind_masks.append(np.asarray(stored["mask"] if stored.get("rules") == RULES_FINGERPRINT else [-1] * len(s["text"]), dtype=np.int32))
            lexical.add(segment.data["postings"])
            self.vocabulary.update(segment.data["vocabulary"])
            self.initialisms.update(segment.data["initialisms"])

        self.chunks = chunks
        self.chunk_pos = {chunk.id: pos for pos, chunk in enumerate(chunks)}
        self._first = np.concatenate([[0], np.cumsum(_joined(per_chunk, np.int64))]).astype(np.int64)
        self.chunk_sentences = ChunkSentences(self._first)
        self.sentence_chunk = _joined(sentence_chunk, np.int64)
        self._start = _joined(starts, np.int64)
        self._end = _joined(ends, np.int64)
        self.sentence_text = SentenceTexts(chunks, self.sentence_chunk, self._start, self._end, sentence_overrides)
        sentence_text = self.sentence_text
        self._page = _joined(pages, np.int64)
        self._section = sections
        self.sentence_is_heading = _joined(headings, bool)
        self.sentence_vectors = SentenceVectors(vector_parts, manifest.embedding_dim, manifest.version)
        # A sentence opening shared by half the documents is a disclaimer or template, not evidence.
        boilerplate_sources = max(3, (len(self.documents) + 1) // 2)
        shared, in_documents = np.unique(_joined([np.unique(part) for part in openings], np.int64), return_counts=True)
        opening = _joined(openings, np.int64)
        self._boilerplate = np.isin(opening, shared[in_documents >= boilerplate_sources])
        self._build_lexical(lexical)
        self._load_overlay(overlaid, manifest.embedding_dim)
        self.gazetteer = Gazetteer.learn(_paced((f"{chunk.title}\n{chunk.section}\n{chunk.text}" for chunk in chunks), pause, every=1))
        # Stems of every word the documents use: "evaluators" is a form of their "evaluation"
        self.vocabulary_stems = frozenset(stem(w) for w in _paced(self.vocabulary, pause))

        n, c = len(sentence_text), len(chunks)
        self.sentence_span = Lazy(n, lambda i: (int(self._start[i]), int(self._end[i])))
        self.sentence_place = Lazy(n, lambda i: (int(self._page[i]) if self._page[i] >= 0 else None, self._section[i]))
        # a sentence's words for matching include the words of the same meaning ("bid" for "application")
        self.sentence_tokens = Lazy(n, lambda i: with_same_meaning(index_terms(self.sentence_text[i])))
        self.sentence_stems = Lazy(n, lambda i: frozenset(map(stem, self.sentence_tokens[i])))
        self.sentence_words = Lazy(n, lambda i: frozenset(words(self.sentence_text[i])))
        self._kind_mask = _joined(kind_masks, np.int32)
        self.sentence_kinds = Lazy(n, self._kinds)
        self.sentence_quotable = Lazy(n, self._quotable)
        self.title_tokens = Lazy(c, lambda p: with_same_meaning(index_terms(self.chunks[p].title)))
        self.section_tokens = Lazy(c, lambda p: with_same_meaning(index_terms(self.chunks[p].section)))
        self.section_stems = Lazy(c, lambda p: frozenset(map(stem, self.section_tokens[p])))
        # Plain words of each sentence and of what labels each passage (title, headings, publisher, file
        # name), for matching names ("Annalise" in "Annalise.ai", "the Lords written answer") rather
        # than weighting terms.
        self.heading_words = Lazy(c, lambda p: frozenset(words(_labels(self.chunks[p]))))
        self.passage_words = Lazy(c, lambda p: self.heading_words[p] | frozenset(words(self.chunks[p].text)))
        # Arrays for metadata filters, so a filter is a numpy comparison rather than a loop over chunks.
        self.chunk_doc_type = np.asarray([chunk.doc_type for chunk in chunks], dtype=object)
        self.chunk_source = np.asarray([chunk.source for chunk in chunks], dtype=object)
        self.chunk_published_num = np.asarray([chunk.published_num for chunk in chunks], dtype=np.int64)

    def _load_overlay(self, overlaid: list[tuple[int, int, Segment]], dim: int) -> None:
        """The overlay documents' rows in memory (at most ``OVERLAY_MAX_ROWS`` sentences), normalised,
        with their positions and Chroma ids, and which chunk positions the base must not answer for."""
        self._overlaid = bool(self.manifest.overlay)
        self._overlay_chunk = np.zeros(len(self.chunks), dtype=bool)
        chunk_rows: list[int] = []
        sentence_rows: list[int] = []
        chunk_vectors: list[np.ndarray] = []
        sentence_vectors: list[np.ndarray] = []
        for first_chunk, first_sentence, segment in overlaid:
            ids = segment.data["chunks"]["id"]
            local = segment.data["sentences"]["chunk"]
            chunk_rows.extend(range(first_chunk, first_chunk + len(ids)))
            sentence_rows.extend(range(first_sentence, first_sentence + len(local)))
            assert segment.chunk_vectors is not None  # overlay segments are read with their chunk vectors
            chunk_vectors.append(segment.chunk_vectors)
            sentence_vectors.append(segment.sentence_vectors.read())
        chunk_rows_a = np.asarray(chunk_rows, dtype=np.int64)
        sentence_rows_a = np.asarray(sentence_rows, dtype=np.int64)
        self._overlay_chunk[chunk_rows_a] = True
        chunk_names = [self.chunks[int(p)].id for p in chunk_rows_a]
        # A sentence's id numbers it within its document (``sentence_id``), as the ingester wrote it.
        sentence_names: list[str] = []
        for first_chunk, first_sentence, segment in overlaid:
            ids = segment.data["chunks"]["id"]
            sentence_names.extend(sentence_id(ids[c], i) for i, c in enumerate(segment.data["sentences"]["chunk"]))
        self._overlay_rows = {
            "chunks": (chunk_rows_a, _unit_rows(chunk_vectors, dim), chunk_names),
            "sentences": (sentence_rows_a, _unit_rows(sentence_vectors, dim), sentence_names),
        }

    def _build_lexical(self, lexical: "_LexicalBuilder") -> None:
        """BM25 from the segments' postings: numpy over stored (term, chunk, tf) triples, no
        re-tokenising of the corpus at load; bm25s scores queries against the resulting matrix.

        The weights are Okapi BM25 as rank_bm25 computed them before (idf log((N-n+.5)/(n+.5)), a
        negative idf raised to a quarter of the mean idf), so passages rank as they did."""
        import bm25s

        vocab = lexical.vocab
        term = _joined(lexical.terms, np.int64)
        chunk = _joined(lexical.chunks, np.int64)
        tf = _joined(lexical.tfs, np.float32)
        total = len(self.chunks)
        df = np.bincount(term, minlength=len(vocab))
        idf = np.log1p((total - df + 0.5) / (df + 0.5))
        self.document_frequency = Counter(dict(zip(vocab, df.tolist())))
        self.idf = dict(zip(vocab, idf.tolist()))
        # What a word no passage uses weighs (like the rarest one): kept, not recomputed per question.
        self.rarest_idf = float(idf.max()) if len(idf) else 1.0
        self.bm25 = None
        if not total or not len(term):
            return
        k1, b = BM25_K1, BM25_B
        length = _joined(lexical.lengths, np.float32)
        tfc = tf * (k1 + 1) / (tf + k1 * (1 - b + b * length[chunk] / max(float(length.mean()), 1e-9)))
        okapi = np.log(total - df + 0.5) - np.log(df + 0.5)
        okapi = np.where(okapi < 0, BM25_EPSILON * float(okapi.mean()) if len(okapi) else 0.0, okapi)
        order = np.lexsort((chunk, term))
        retriever = bm25s.BM25(k1=k1, b=b, method="robertson")
        retriever.scores = {
            "data": (okapi[term] * tfc)[order].astype(np.float32),
            "indices": chunk[order].astype(np.int32),
            "indptr": np.concatenate([[0], np.cumsum(df)]).astype(np.int32),
            "num_docs": total,
        }
        retriever.vocab_dict = vocab
        retriever.unique_token_ids_set = set(vocab.values())
        retriever.nonoccurrence_array = None  # Okapi has no non-occurrence term (bm25s.BM25.load sets the same)
        self.bm25 = retriever

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        ids = [self.bm25.vocab_dict[t] for t in tokens if t in self.bm25.vocab_dict] if self.bm25 else []
        if not ids:
            return np.zeros(len(self.chunks), dtype=np.float32)
        assert self.bm25 is not None
        return np.asarray(self.bm25.get_scores_from_ids(ids), dtype=np.float32)

    def _kinds(self, i: int) -> frozenset[str]:
        mask = int(self._kind_mask[i])
        return kinds_of_mask(mask) if mask >= 0 else given_kinds(self.sentence_text[i])

    def _quotable(self, i: int) -> bool:
        """Can stand as evidence: not a heading, question, fragment, boilerplate or an instruction
        aimed at a model."""
        text = self.sentence_text[i]
        return bool(
            not self.sentence_is_heading[i]
            and not self._boilerplate[i]
            and not text.rstrip().endswith("?")
            and not DATELINE.match(text)
            and not CAPTION.match(text)
            and len(text.split()) >= 4
            and not addresses_a_model(text)
        )

    @cached_property
    def words_by_letters(self) -> dict[str, list[str]]:
        """The documents' words under their letters in order ("evaluation" under "aaeilnotuv"): a word
        typed with letters swapped, one dropped or one doubled is found by its letters."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for word in self.vocabulary:
            grouped["".join(sorted(word))].append(word)
        return grouped

    def abbreviates(self, word: str) -> bool:
        """An acronym, or its plural, of a name the documents spell out, in any letter case ("aidf" of
        "AI Diagnostic Fund", "icbs" of "integrated care board"), though they may never write it."""
        acronym = word.lower().rstrip("s")
        return acronym in self.initialisms or acronym in self.gazetteer.body_acronyms

    def spelled_out(self, acronym: str) -> str | None:
        """The phrase a reader's own acronym stands for ("eoi", "eois" for "expressions of interest"): the
        one run of words with those initials, opening and closing on a content word, that the documents
        write more than once, when they write no other as often. Documents often spell out a term in
        lower case and never abbreviate it; people abbreviate it anyway."""
        letters = acronym.lower()
        known = self._spelled_out
        if letters in known:
            return known[letters]
        phrase = _spelled_out(letters, self.chunks) or (_spelled_out(letters[:-1], self.chunks) if letters.endswith("s") else None)
        if len(known) >= SPELLED_OUT_CACHE:
            self._spelled_out = known = {}  # made-up words must not grow it without bound
        known[letters] = phrase
        return phrase

    def writes(self, phrase: tuple[str, ...]) -> bool:
        """Does a passage write these words in a row, in any case ("the North West", "north-west")?"""
        pattern = re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]{1,3}".join(map(re.escape, phrase)) + r"(?![a-z0-9])", re.I)
        return any(pattern.search(chunk.text) for chunk in self.chunks)

    def is_rare(self, token: str) -> bool:
        """In a quarter of the passages or fewer (or just one, in a small index): a word that says
        what a question is specifically about."""
        df = self.document_frequency.get(token, 0)
        return 0 < df <= max(1, len(self.chunks) // 4)

    def is_setting(self, name: tuple[str, ...]) -> bool:
        """A name in most passages of an index big enough for the share to mean something ("NHS
        England"): the setting of the documents, not a subject, a rival or an answer."""
        total = len(self.chunks)
        return total >= SETTING_MIN_PASSAGES and all(
            self.document_frequency.get(t, 0) > total * SETTING_SHARE for t in tokenize(" ".join(name)))

    def __len__(self) -> int:
        return len(self.chunks)

    def close(self) -> None:
        """Release the Chroma client (and its in-memory HNSW). Only for a
        snapshot no request uses any more."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.close()
            except Exception:
                log.debug("closing the Chroma client of %s failed", self.version, exc_info=True)


BM25_K1, BM25_B, BM25_EPSILON = 1.5, 0.75, 0.25


def _labels(chunk: "ChunkInfo") -> str:
    return f"{chunk.title} {chunk.section} {chunk.publisher or ''} {chunk.source}"


SPELLED_OUT_CACHE = 4096  # acronyms looked up per snapshot before the answers are forgotten
CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][A-Za-z]*\b(?:\s+(?:and|of|for|&)\s+|\s+)?){2,6}")


def _spelled_out(letters: str, chunks: Sequence[ChunkInfo]) -> str | None:
    if len(letters) < 3 or not letters.isalpha():
        return None
    pattern = re.compile(r"(?<![a-z0-9])" + r"[\s-]+".join(f"{letter}[a-z]*" for letter in letters) + r"(?![a-z0-9])", re.I)
    written: Counter[tuple[str, ...]] = Counter()  # as singular words: "expression(s) of interest" is one phrase
    as_written: dict[tuple[str, ...], str] = {}
    for chunk in chunks:
        for match in pattern.finditer(chunk.text):
            run = re.split(r"[\s-]+", match.group(0).lower())
            if run[0] not in STOPWORDS and run[-1] not in STOPWORDS:
                key = tuple(map(singular, run))
                written[key] += 1
                as_written.setdefault(key, " ".join(run))
    ranked = written.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return as_written[ranked[0][0]]


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
    """The live snapshot. Safe to share between threads.

    When the pointer changes, the new version is loaded on a background thread while requests keep
    getting the old snapshot; the swap is one assignment. A replaced snapshot is closed (its Chroma
    client) once ``index_retire_s`` has passed, long enough for requests still using it to end.
    """

    RETRY_AFTER_S = 5.0  # a version that failed to load is retried after this, not on every request
    # A background load works in slices and, between them, waits for questions in flight up to
    # as long again: under constant traffic it still gets half the time, and a question shares the
    # interpreter with the loader for at most one slice at a time.
    LOAD_SLICE_S = 0.01
    # Requests waiting for the interpreter lock take it after this long, rather than the default 5 ms,
    # while a background load runs.
    BACKGROUND_SWITCH_INTERVAL_S = 0.0005
    # A background load starts once the questions in flight when the publish was noticed have been
    # answered (it waits at most this long), so the question that noticed it shares nothing with the
    # loader; later questions share the interpreter with it a slice at a time.
    LOAD_START_WAIT_S = 0.5

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = IndexStore(settings)
        self._lock = threading.Lock()  # starting the loader thread
        self._load_lock = threading.Lock()  # one load at a time
        self._snapshot: IndexSnapshot | None = None
        self._stamp = None
        self._loader: threading.Thread | None = None
        self._failed: tuple[object, float] | None = None
        self._retired: list[tuple[float, IndexSnapshot]] = []
        # Requests and the loader both release retired snapshots: each must be closed exactly once
        # (closing one Chroma client from two threads at once crashed the process).
        self._retired_lock = threading.Lock()
        self._serving = 0  # questions in flight
        self._idle = threading.Condition()
        self._slice_began = 0.0

    def get(self) -> IndexSnapshot:
        stamp = self.store.pointer_stamp()
        snapshot = self._snapshot
        if self._retired:
            self._release_retired()
        if snapshot is not None and stamp == self._stamp:
            return snapshot
        if snapshot is None:  # nothing to answer from yet: the first load is waited for
            with self._load_lock:
                if self._snapshot is None:
                    self._load(stamp)
                assert self._snapshot is not None
                return self._snapshot
        self._start_loading(stamp)
        return snapshot

    @contextmanager
    def serving(self):
        """Around a question: a background load gives way to questions in flight (see
        ``LOAD_SLICE_S``), so a publish slows the answers the old version gives as little as it can."""
        with self._idle:
            self._serving += 1
        try:
            yield
        finally:
            with self._idle:
                self._serving -= 1
                self._idle.notify_all()

    def _pause_for_questions(self) -> None:
        if time.monotonic() - self._slice_began < self.LOAD_SLICE_S:
            return
        self._wait_for_questions(self.LOAD_SLICE_S)

    def _wait_for_questions(self, timeout: float) -> None:
        """Until no question is in flight, or ``timeout``; then a new slice of loading begins."""
        with self._idle:
            if self._serving:
                self._idle.wait_for(lambda: not self._serving, timeout=timeout)
        self._slice_began = time.monotonic()

    def refresh(self) -> IndexSnapshot:
        """Load the published version now (after an ingest in this process); others keep answering
        from the old snapshot meanwhile."""
        with self._load_lock:
            self._load(self.store.pointer_stamp())
            assert self._snapshot is not None
            return self._snapshot

    def wait_until_current(self, timeout: float = 60.0) -> IndexSnapshot:
        """The snapshot once the background load of the published version has finished (for tests
        and benchmarks that publish and then ask)."""
        deadline = time.monotonic() + timeout
        while True:
            snapshot = self.get()
            if self.store.current_version() == snapshot.version or time.monotonic() > deadline:
                return snapshot
            time.sleep(0.02)

    def _start_loading(self, stamp) -> None:
        with self._lock:
            if self._loader is not None and self._loader.is_alive():
                return
            failed = self._failed
            if failed is not None and failed[0] == stamp and time.monotonic() - failed[1] < self.RETRY_AFTER_S:
                return
            self._loader = threading.Thread(target=self._load_in_background, args=(stamp,), name="index-loader", daemon=True)
            self._loader.start()

    def _load_in_background(self, stamp) -> None:
        # The loader is pure Python for seconds, and a question's embedding hands the interpreter lock
        # back and forth dozens of times (its first question after a publish took 3-6x as long before).
        interval = sys.getswitchinterval()
        sys.setswitchinterval(self.BACKGROUND_SWITCH_INTERVAL_S)
        try:
            self._wait_for_questions(self.LOAD_START_WAIT_S)
            with self._load_lock:
                self._load(stamp, pause=self._pause_for_questions)
        except Exception:
            log.exception("loading the new index version failed; still answering from %s", self._snapshot and self._snapshot.version)
            self._failed = (stamp, time.monotonic())
        finally:
            sys.setswitchinterval(interval)

    def _load(self, stamp, pause: Callable[[], None] | None = None) -> None:
        manifest = self.store.current_manifest()
        if manifest is None:
            raise IndexNotReady(f"no index at {self.settings.db}; run `python ingest.py` first")
        current = self._snapshot
        if current is not None and manifest.version == current.version:
            self._stamp = stamp
            return
        log.info("loading index version %s", manifest.version)
        started = time.perf_counter()
        snapshot = IndexSnapshot(self.settings, self.store, manifest, pause=pause if current is not None else None)
        log.info("index version %s loaded in %.1f s", manifest.version, time.perf_counter() - started)
        self._snapshot, self._stamp = snapshot, stamp  # the swap: one assignment each, readers see old or new
        if current is not None:
            with self._retired_lock:
                self._retired.append((time.monotonic(), current))
        self._release_retired(trim=False)
        _return_freed_memory()  # loading parsed every segment's JSON: hand that scratch memory back

    def close(self) -> None:
        """Close every snapshot this handle holds (at shutdown: Chroma's native parts are then not
        left to the interpreter's teardown)."""
        with self._retired_lock:
            snapshots = [s for _, s in self._retired] + ([self._snapshot] if self._snapshot is not None else [])
            self._retired, self._snapshot = [], None
        for snapshot in snapshots:
            snapshot.close()

    def _release_retired(self, trim: bool = True) -> None:
        now = time.monotonic()
        with self._retired_lock:
            due = [s for at, s in self._retired if now - at >= self.settings.index_retire_s]
            if not due:
                return
            self._retired = [(at, s) for at, s in self._retired if now - at < self.settings.index_retire_s]
        for snapshot in due:
            snapshot.close()
        if trim:
            _return_freed_memory()


class _LexicalBuilder:
    """The segments' postings as numpy arrays over one vocabulary, gathered one segment at a time."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.terms: list[np.ndarray] = []
        self.chunks: list[np.ndarray] = []
        self.tfs: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self._offset = 0

    def add(self, part: dict) -> None:
        vocab = self.vocab
        local = np.fromiter((vocab.setdefault(t, len(vocab)) for t in part["terms"]), dtype=np.int64, count=len(part["terms"]))
        self.terms.append(local[np.asarray(part["term"], dtype=np.int64)])
        self.chunks.append(np.asarray(part["chunk"], dtype=np.int64) + self._offset)
        self.tfs.append(np.asarray(part["tf"], dtype=np.float32))
        self.lengths.append(np.asarray(part["length"], dtype=np.float32))
        self._offset += len(part["length"])


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)


def _unit_rows(parts: list[np.ndarray], dim: int) -> np.ndarray:
    """Rows stacked and scaled to unit length (cosine distance is then one minus a dot product)."""
    if not parts:
        return np.zeros((0, dim), dtype=np.float32)
    rows = np.concatenate(parts).astype(np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def _paced(items: Iterable[T], pause: Callable[[], None], every: int = 100) -> Iterator[T]:
    """``items``, with ``pause()`` before every ``every``-th: steps of about a millisecond."""
    for number, item in enumerate(items):
        if number % every == 0:
            pause()
        yield item


def _return_freed_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise, and RSS would only grow)."""
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
