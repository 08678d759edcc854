"""One document's rows as immutable files, written once at ingest and shared by every index version
that holds the document unchanged.

Why: a version is then a manifest naming its documents' segments, so publishing an edit writes the
changed document's segment and nothing else (copy-on-write), and a reader loads a version from
compact files instead of paging every row and vector out of Chroma. Each segment carries what the
read side would otherwise compute over the whole corpus at load: BM25 postings, the words and
initialisms of its passages, and a fingerprint of each sentence's opening (to spot boilerplate).

Files under ``<db>/segments/``, named by a key over the build settings, source, content and metadata::

    <key>.json             chunk and sentence columns, postings, vocabulary
    <key>.sentences.npy    float32 sentence vectors, in the order of the sentence columns (rows read on demand)
    <key>.chunks.npy       float32 chunk vectors (to rebuild Chroma without the model)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FORMAT = 1


def segment_key(build_key: tuple, source: str, content_hash: str, doc_meta: dict) -> str:
    text = json.dumps([list(build_key), source, content_hash, doc_meta], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def opening_fingerprint(opening: str) -> str:
    return hashlib.blake2b(opening.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass
class Segment:
    key: str
    data: dict  # the JSON part
    sentence_vectors: "VectorRows"
    chunk_vectors: np.ndarray | None = None

    @property
    def doc_meta(self) -> dict:
        return self.data["doc_meta"]

    def chunk_records(self) -> list[tuple[str, str, dict]]:
        """(id, text, Chroma metadata) per chunk."""
        c = self.data["chunks"]
        provenance = c.get("provenance") or [""] * len(c["id"])
        return [
            (
                c["id"][i],
                c["text"][i],
                {**self.doc_meta, "chunk_index": c["index"][i], "start": c["start"][i], "end": c["end"][i],
                 "page": c["page"][i], "section": c["section"][i],
                 **({"provenance": provenance[i]} if provenance[i] else {})},
            )
            for i in range(len(c["id"]))
        ]

    def sentence_records(self) -> list[tuple[str, str, dict]]:
        s, chunk_ids = self.data["sentences"], self.data["chunks"]["id"]
        records = []
        for i in range(len(s["text"])):
            meta = {**self.doc_meta, "chunk_id": chunk_ids[s["chunk"][i]], "start": s["start"][i], "end": s["end"][i],
                    "heading": s["heading"][i]}
            if s["section"][i] is not None:  # documents without sections carry no sentence place
                meta.update(page=s["page"][i], section=s["section"][i])
            records.append((sentence_id(chunk_ids[s["chunk"][i]], i), s["text"][i], meta))
        return records


class VectorRows:
    """The rows of one ``.npy`` vector file, read when asked for (``pread``), not mapped.

    Why not ``np.load(mmap_mode="r")``: every mapping keeps a file descriptor open, one per document,
    and a large library ran past the process's descriptor limit (and ``select``'s 1,024); a mapped
    file's pages, once touched, also count as the process's memory. Reads go through the page cache,
    shared by every process on the host."""

    def __init__(self, path: Path):
        self.path = path
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise ValueError(f"{path.name}: .npy format {version} not supported")
            shape, fortran_order, dtype = read_header(handle)
            self.offset = handle.tell()
        if fortran_order or dtype != np.float32 or len(shape) != 2:
            raise ValueError(f"{path.name}: not a row-major float32 matrix")
        self.rows, self.dim = int(shape[0]), int(shape[1])

    def __len__(self) -> int:
        return self.rows

    def read(self, start: int = 0, end: int | None = None) -> np.ndarray:
        end = self.rows if end is None else min(end, self.rows)
        if start >= end:
            return np.zeros((0, self.dim), dtype=np.float32)
        row_bytes = self.dim * 4
        fd = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(fd, (end - start) * row_bytes, self.offset + start * row_bytes)
        finally:
            os.close(fd)
        if len(data) != (end - start) * row_bytes:
            raise ValueError(f"{self.path.name}: truncated")
        return np.frombuffer(data, dtype=np.float32).reshape(end - start, self.dim)


def sentence_id(chunk_id: str, number: int) -> str:
    return f"{chunk_id}-s{number}"


def chunk_of_sentence_id(sentence: str) -> str:
    return sentence.rsplit("-s", 1)[0]


def build_postings(chunk_tokens: list[list[str]]) -> dict:
    """Per-document BM25 postings: unique terms, and (term, chunk, tf) triples, plus chunk lengths."""
    terms: dict[str, int] = {}
    term_ids, chunks, tfs = [], [], []
    for position, tokens in enumerate(chunk_tokens):
        for term, tf in Counter(tokens).items():
            term_ids.append(terms.setdefault(term, len(terms)))
            chunks.append(position)
            tfs.append(tf)
    return {"terms": list(terms), "term": term_ids, "chunk": chunks, "tf": tfs, "length": [len(t) for t in chunk_tokens]}


class SegmentStore:
    def __init__(self, root: Path):
        self.dir = Path(root) / "segments"
        self._unsynced: list[Path] = []

    def paths(self, key: str) -> tuple[Path, Path, Path]:
        return self.dir / f"{key}.json", self.dir / f"{key}.sentences.npy", self.dir / f"{key}.chunks.npy"

    def exists(self, key: str) -> bool:
        return all(path.exists() for path in self.paths(key))

    def write(self, key: str, data: dict, sentence_vectors: np.ndarray, chunk_vectors: np.ndarray) -> None:
        """Vectors first, JSON last, each by atomic rename: a segment with its JSON is complete.
        Not yet durable: ``sync`` before publishing a version that names it."""
        self.dir.mkdir(parents=True, exist_ok=True)
        json_path, sentences_path, chunks_path = self.paths(key)
        data = {"format": FORMAT, **data}
        for path, array in ((sentences_path, sentence_vectors), (chunks_path, chunk_vectors)):
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                np.save(handle, np.ascontiguousarray(array, dtype=np.float32))
            os.replace(tmp, path)
        tmp = json_path.with_name(f".{json_path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, json_path)
        self._unsynced.extend(self.paths(key))

    def sync(self) -> None:
        """fsync the segments written since the last call, then the folder: one pass at the end of a
        build costs far less than a sync per file while other processes write to the disk too."""
        for path in self._unsynced:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        if self._unsynced:
            fd = os.open(self.dir, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self._unsynced = []

    def read(self, key: str, with_chunk_vectors: bool = False) -> Segment:
        json_path, sentences_path, chunks_path = self.paths(key)
        with open(json_path, encoding="utf-8") as handle:
            data = json.load(handle)
        chunk_vectors = np.load(chunks_path) if with_chunk_vectors else None
        return Segment(key, data, VectorRows(sentences_path), chunk_vectors)

    def collect_garbage(self, keep: set[str]) -> None:
        if not self.dir.exists():
            return
        for path in self.dir.iterdir():
            key = path.name.split(".", 1)[0] if not path.name.startswith(".") else None
            if key not in keep:
                path.unlink(missing_ok=True)
