"""Hybrid retrieval: dense search in Chroma, sentence-level similarity and BM25, fused by reciprocal rank.

Cost per query: one query embedding, one Chroma query over the chunks, one over the sentences (their
nearest ``sentence_candidates``), a BM25 pass over the query terms' postings, and exact cosines for
the sentences of the passages actually read (vector rows read from the segments). Nothing is
computed for every sentence of the corpus.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from .index import IndexSnapshot
from .language.tokens import tokenize
from .segments import chunk_of_sentence_id
from .store import StoreError

# Passages holding the sentences closest to the question join the candidates: a passage can rank low
# as a whole yet hold the one sentence that answers.
CLOSEST_SENTENCE_CHUNKS = 3

# Threads for the sentence search that runs beside each question's chunk search. A question waits for
# a free one under load, which costs no more than searching in turn.
_SEARCHES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="sentence-search")


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
        keep = np.ones(len(snapshot.chunks), dtype=bool)
        if self.doc_types:
            keep &= np.isin(snapshot.chunk_doc_type, self.doc_types)
        if self.sources:
            keep &= np.isin(snapshot.chunk_source, self.sources)
        if self.published_from:
            keep &= snapshot.chunk_published_num >= published_number(self.published_from)
        if self.published_to:
            keep &= snapshot.chunk_published_num <= _upper_bound(published_number(self.published_to))
        if self.published_from or self.published_to:
            keep &= snapshot.chunk_published_num < UNDATED_NUMBER  # no date: outside every range
        return keep


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
    ranked: FusedRanking  # chunk positions, best first
    fused: dict[int, float]
    # Indexed by sentence position; exact cosines, computed a passage at a time on first use.
    sentence_scores: "SentenceScores"  # cosine with the query: how relevant the documents are
    ranking_scores: "SentenceScores"  # what sentences are ranked by: the query blended with a follow-up's own words
    chunk_best: "ChunkBest"  # best sentence cosine per chunk (indexed by chunk position)
    lexical: np.ndarray  # BM25 per chunk
    timings_ms: dict[str, float]
    focus_ranked: list[int] = field(default_factory=list)  # a follow-up's best passages by its own words
    # The passages of the sentences closest to the question: a passage can rank low as a whole yet
    # hold the one sentence that answers it.
    closest_ranked: list[int] = field(default_factory=list)


class _Cosines:
    """Cosines of each sentence of a chunk with the query vectors, per chunk, on first use."""

    def __init__(self, snapshot: IndexSnapshot, vectors: np.ndarray):
        self.snapshot = snapshot
        self.vectors = np.ascontiguousarray(vectors.T, dtype=np.float32)  # (dim, queries)
        self.cache: dict[int, np.ndarray] = {}

    def chunk(self, chunk: int) -> np.ndarray:
        found = self.cache.get(chunk)
        if found is None:
            start, end = self.snapshot.chunk_sentences.bounds(chunk)
            found = self.snapshot.sentence_vectors.block(start, end) @ self.vectors
            self.cache[chunk] = found
        return found


class SentenceScores:
    """``scores[i]``: the exact score of sentence ``i`` (one query column, or the mean of all)."""

    def __init__(self, cosines: _Cosines, column: int | None):
        self._cosines = cosines
        self._column = column  # None: the mean over the query vectors

    def __getitem__(self, position) -> float:
        snapshot = self._cosines.snapshot
        position = int(position)
        chunk = int(snapshot.sentence_chunk[position])
        row = self._cosines.chunk(chunk)[position - snapshot.chunk_sentences.bounds(chunk)[0]]
        return float(row.mean() if self._column is None else row[self._column])

    def chunk(self, chunk: int) -> np.ndarray:
        block = self._cosines.chunk(chunk)
        return block.mean(axis=1) if self._column is None else block[:, self._column]

    def __len__(self) -> int:
        return len(self._cosines.snapshot.sentence_text)


class ChunkBest:
    """``best[c]``: the best sentence score in chunk ``c`` (-1 for a chunk without sentences)."""

    def __init__(self, scores: SentenceScores):
        self._scores = scores

    def __getitem__(self, chunk) -> float:
        block = self._scores.chunk(int(chunk))
        return float(block.max()) if len(block) else -1.0


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

    # The sentence search, the longest of the three, runs while this thread does the chunk search and
    # BM25: Chroma releases the GIL while it searches.
    started = time.perf_counter()
    sentence_search = _SEARCHES.submit(_sentence_candidates, snapshot, vectors, candidates, where, mask)
    try:
        rankings = [_dense_rank(snapshot, query_vector, candidates, where, mask)]
        timings["dense"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        lexical = _bm25(snapshot, query, mask)
    finally:
        near = sentence_search.result()  # per query vector: chunk -> best cosine
    cosines = _Cosines(snapshot, vectors)
    sentence_scores = SentenceScores(cosines, 0)
    ranking_scores = SentenceScores(cosines, None) if len(vectors) > 1 else sentence_scores
    chunk_best = ChunkBest(sentence_scores)
    pool = list(dict.fromkeys(c for hits in near for c in hits))
    # A chunk among the nearest sentences' has its best sentence among them too: its score is known
    # from the search, without reading its vectors. Only chunks found another way are scored exactly.
    known = near[0]

    def best_of(chunk: int) -> float:
        return known[chunk] if chunk in known else chunk_best[chunk]

    rankings.append(_top_of(pool, best_of, candidates))
    rankings.append(_top(lexical, candidates, floor=0.0))
    timings["lexical_and_sentences"] = (time.perf_counter() - started) * 1000

    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, position in enumerate(ranking):
            fused[position] = fused.get(position, 0.0) + 1.0 / (rrf_k + rank + 1)
    ranked = FusedRanking(fused, best_of)
    focus_ranked = list(near[1])[:3] if len(vectors) > 1 else []
    closest = _top_of(pool, best_of if len(vectors) == 1 else ChunkBest(ranking_scores).__getitem__, CLOSEST_SENTENCE_CHUNKS)
    return Retrieval(
        query, query_vector, ranked, fused, sentence_scores, ranking_scores, chunk_best, lexical, timings,
        focus_ranked, closest,
    )


def _search_failed(snapshot: IndexSnapshot, exc: Exception) -> StoreError:
    where_ = snapshot.settings.chroma_url or "the local index"
    return StoreError(f"vector search at {where_} failed: {type(exc).__name__}: {exc}")


def _dense_rank(snapshot: IndexSnapshot, vector: np.ndarray, candidates: int, where: dict | None, mask: np.ndarray | None) -> list[int]:
    if not snapshot.chunks:
        return []
    try:
        ids, _ = snapshot.search("chunks", [vector], min(candidates, len(snapshot.chunks)), where, mask)
    except Exception as exc:  # a stopped server surfaces as httpx/chromadb errors of many types
        raise _search_failed(snapshot, exc) from exc
    return [snapshot.chunk_pos[i] for i in ids[0] if i in snapshot.chunk_pos]


TIED_AT_THE_EDGE = 8  # sentences asked for beyond those wanted, so a tie at the last place is seen whole


def _sentence_candidates(
    snapshot: IndexSnapshot, vectors: np.ndarray, candidates: int, where: dict | None, mask: np.ndarray | None
) -> list[dict[int, float]]:
    """For each query vector, the chunks of its nearest sentences with the cosine of their best one,
    best first. The nearest sentences are asked for until they span ``candidates`` chunks (or the
    index is exhausted), so the top passages by best sentence are the same as scoring every sentence
    would give."""
    total = len(snapshot.sentence_text)
    if not total:
        return [{} for _ in vectors]
    wanted = min(snapshot.settings.sentence_candidates, total)
    while True:
        asked = min(total, wanted + TIED_AT_THE_EDGE)
        try:
            hit_ids, hit_distances = snapshot.search("sentences", vectors, asked, where, mask)
        except Exception as exc:
            raise _search_failed(snapshot, exc) from exc
        found = []
        for ids, distances in zip(hit_ids, hit_distances):
            # Nearest first, equal distances by id, and all of a tie at the edge: the same sentences
            # however the graph was built (a sentence repeated in two documents is two equal rows)
            rows = sorted(zip(distances, ids))
            if len(rows) > wanted:
                rows = [row for row in rows if row[0] <= rows[wanted - 1][0]]
            best: dict[int, float] = {}
            for distance, sentence in rows:  # a chunk's first is its best
                chunk = snapshot.chunk_pos.get(chunk_of_sentence_id(sentence))
                if chunk is not None and (mask is None or mask[chunk]) and chunk not in best:
                    best[chunk] = 1.0 - float(distance)  # cosine space
            found.append(best)
        if asked >= total or all(len(chunks) >= candidates or len(ids) < asked for chunks, ids in zip(found, hit_ids)):
            return found
        wanted = min(total, wanted * 4)


def _top_of(pool: list[int], score: Callable[[int], float], count: int) -> list[int]:
    """The ``count`` best of ``pool`` by ``score(c)`` (stable: earlier in the pool wins a tie)."""
    return sorted(pool, key=lambda c: -score(c))[:count]


class FusedRanking(Sequence[int]):
    """Chunks by fused rank score, best first; chunks tied on it (common: one list's rank 3 ties another's
    rank 3) are ordered by their best sentence. Ties are broken only when that part of the list is read:
    an answer reads the first few passages, and each tie broken reads a passage's sentence vectors."""

    def __init__(self, fused: dict[int, float], score: Callable[[int], float]):
        self._fused = fused
        self._score = score
        self._order = sorted(fused, key=lambda p: -fused[p])
        self._settled = 0  # the first this many are in their final order

    def _settle(self, count: int) -> None:
        order, fused = self._order, self._fused
        while self._settled < min(count, len(order)):
            start = end = self._settled
            while end < len(order) and fused[order[end]] == fused[order[start]]:
                end += 1
            if end - start > 1:
                order[start:end] = sorted(order[start:end], key=lambda p: -self._score(p))
            self._settled = end

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self._order))
            self._settle(max(start, stop) if step > 0 else start + 1)
            return self._order[index]
        position = range(len(self._order))[index]  # IndexError as a list gives it
        self._settle(position + 1)
        return self._order[position]

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[int]:
        for position in range(len(self._order)):
            self._settle(position + 1)
            yield self._order[position]


def _bm25(snapshot: IndexSnapshot, text: str, mask: np.ndarray | None) -> np.ndarray:
    scores = snapshot.bm25_scores(tokenize(text))
    return np.where(mask, scores, 0.0) if mask is not None else scores


def _top(scores: np.ndarray, count: int, floor: float) -> list[int]:
    if len(scores) > count:
        best = np.argpartition(-scores, count)[:count]
        best = best[np.argsort(-scores[best], kind="stable")]
    else:
        best = np.argsort(-scores, kind="stable")
    return [int(i) for i in best if scores[i] > floor]
