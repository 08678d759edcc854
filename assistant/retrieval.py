"""Hybrid retrieval: dense search in Chroma, sentence-level similarity and BM25, fused by reciprocal rank.

Cost per query: one query embedding, one Chroma query, one BM25 scoring pass and one matrix-vector
product over the sentence vectors that were computed at ingest time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .index import IndexSnapshot, tokenize
from .store import StoreError

# Passages holding the sentences closest to the question join the candidates: a passage can rank low
# as a whole yet hold the one sentence that answers.
CLOSEST_SENTENCE_CHUNKS = 3


@dataclass
class Filters:
    doc_types: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    published_from: str | None = None  # ISO date prefix, inclusive
    published_to: str | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> "Filters":
        data = data or {}
        return cls(
            doc_types=list(data.get("doc_types") or []),
            sources=list(data.get("sources") or []),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
        )

    def chroma_where(self) -> dict | None:
        from .loaders.dates import UNDATED_NUMBER, published_number

        clauses: list[dict] = []
        if self.doc_types:
            clauses.append({"doc_type": {"$in": self.doc_types}})
        if self.sources:
            clauses.append({"source": {"$in": self.sources}})
        if self.published_from:
            clauses.append({"published_num": {"$gte": published_number(self.published_from)}})
        if self.published_to:
            clauses.append({"published_num": {"$lte": _upper_bound(published_number(self.published_to))}})
        if self.published_from or self.published_to:
            clauses.append({"published_num": {"$lt": UNDATED_NUMBER}})  # no date: outside every range
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, snapshot: IndexSnapshot) -> np.ndarray | None:
        from .loaders.dates import UNDATED_NUMBER, published_number

        if not (self.doc_types or self.sources or self.published_from or self.published_to):
            return None
        low = published_number(self.published_from) if self.published_from else None
        high = _upper_bound(published_number(self.published_to)) if self.published_to else None
        return np.array(
            [
                (not self.doc_types or c.doc_type in self.doc_types)
                and (not self.sources or c.source in self.sources)
                and (low is None or c.published_num >= low)
                and (high is None or c.published_num <= high)
                and c.published_num < UNDATED_NUMBER
                for c in snapshot.chunks
            ],
            dtype=bool,
        )


def _upper_bound(number: int) -> int:
    """2023-06 (20230600) as an upper bound means the end of June: 20230699."""
    if number % 10000 == 0:
        return number + 9999
    if number % 100 == 0:
        return number + 99
    return number


@dataclass
class Retrieval:
    query: str  # the query actually searched (with follow-up context)
    query_vector: np.ndarray
    ranked: list[int]  # chunk positions, best first
    fused: dict[int, float]
    sentence_scores: np.ndarray  # cosine of every sentence with the query: how relevant the documents are
    ranking_scores: np.ndarray  # what sentences are ranked by: the query blended with a follow-up's own words
    chunk_best: np.ndarray  # best sentence cosine per chunk
    lexical: np.ndarray  # BM25 per chunk
    timings_ms: dict[str, float]
    focus_ranked: list[int] = field(default_factory=list)  # a follow-up's best passages by its own words
    # The passages of the sentences closest to the question: a passage can rank low as a whole yet
    # hold the one sentence that answers it.
    closest_ranked: list[int] = field(default_factory=list)


def retrieve(
    snapshot: IndexSnapshot,
    query: str,
    candidates: int,
    rrf_k: int,
    filters: Filters | None = None,
    focus: str | None = None,
) -> Retrieval:
    """Rank passages for ``query``. ``focus`` (a follow-up's own words) shapes only the sentence
    scores: the passages come from the conversation, the sentences answer the new question."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    texts = [query] + ([focus] if focus and focus != query else [])
    vectors = snapshot.embedder.encode(texts)
    query_vector = vectors[0]
    timings["embed"] = (time.perf_counter() - started) * 1000

    mask = filters.mask(snapshot) if filters else None
    where = filters.chroma_where() if filters else None

    started = time.perf_counter()
    rankings = [_dense_rank(snapshot, query_vector, candidates, where)]
    timings["dense"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    all_scores = [snapshot.sentence_vectors @ vector for vector in vectors] if len(snapshot.sentence_text) else []
    sentence_scores = all_scores[0] if all_scores else np.zeros(0)
    ranking_scores = np.mean(all_scores, axis=0) if len(all_scores) > 1 else sentence_scores
    chunk_best = _best_per_chunk(snapshot, sentence_scores, mask)
    rankings.append(_top(chunk_best, candidates, floor=-1.0))
    lexical = _bm25(snapshot, query, mask)
    rankings.append(_top(lexical, candidates, floor=0.0))
    timings["lexical_and_sentences"] = (time.perf_counter() - started) * 1000

    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, position in enumerate(ranking):
            fused[position] = fused.get(position, 0.0) + 1.0 / (rrf_k + rank + 1)
    ranked = sorted(fused, key=lambda p: (-fused[p], -chunk_best[p]))
    focus_ranked = _top(_best_per_chunk(snapshot, all_scores[1], mask), 3, floor=-1.0) if len(all_scores) > 1 else []
    ranking_best = _best_per_chunk(snapshot, ranking_scores, mask) if len(all_scores) > 1 else chunk_best
    closest = _top(ranking_best, CLOSEST_SENTENCE_CHUNKS, floor=-1.0)
    return Retrieval(
        query, query_vector, ranked, fused, sentence_scores, ranking_scores, chunk_best, lexical, timings,
        focus_ranked, closest,
    )


def _dense_rank(snapshot: IndexSnapshot, vector: np.ndarray, candidates: int, where: dict | None) -> list[int]:
    if not snapshot.chunks:
        return []
    try:
        hits = snapshot.vectorstore.similarity_search_by_vector_with_relevance_scores(
            vector.tolist(), k=min(candidates, len(snapshot.chunks)), filter=where
        )
    except Exception as exc:  # a stopped server surfaces as httpx/chromadb errors of many types
        where_ = snapshot.settings.chroma_url or "the local index"
        raise StoreError(f"vector search at {where_} failed: {type(exc).__name__}: {exc}") from exc
    return [snapshot.chunk_pos[doc.id] for doc, _ in hits if doc.id in snapshot.chunk_pos]


def _best_per_chunk(snapshot: IndexSnapshot, sentence_scores: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    best = np.full(len(snapshot.chunks), -1.0, dtype=np.float32)
    if len(sentence_scores):
        np.maximum.at(best, snapshot.sentence_chunk, sentence_scores.astype(np.float32))
    return np.where(mask, best, -1.0) if mask is not None else best


def _bm25(snapshot: IndexSnapshot, text: str, mask: np.ndarray | None) -> np.ndarray:
    tokens = tokenize(text)
    if snapshot.bm25 is None or not tokens:
        return np.zeros(len(snapshot.chunks), dtype=np.float32)
    scores = np.asarray(snapshot.bm25.get_scores(tokens), dtype=np.float32)
    return np.where(mask, scores, 0.0) if mask is not None else scores


def _top(scores: np.ndarray, count: int, floor: float) -> list[int]:
    return [int(i) for i in np.argsort(-scores)[:count] if scores[i] > floor]
