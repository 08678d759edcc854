"""Versioned index storage: Chroma collections per index version, a manifest, and an atomic pointer.

Why versions: Chroma's embedded store is not safe for two processes writing one path, yet admins
ingest while the app serves. So an ingest never touches the live version. It writes a complete new
version (its own folder in embedded mode, its own collections on a Chroma server), then switches
the ``CURRENT`` pointer with an atomic rename. A reader sees the old version or the new one, never a
mix, and a killed ingest leaves at worst an unreferenced version that the next run deletes.

Layout of ``settings.db``::

    CURRENT                    {"version": "v000007"}   (atomic rename)
    LAST_VERSION               7: the highest version number ever prepared (numbers are never reused)
    ingest.lock                held by the one running ingest (flock, released by the kernel on kill)
    embeddings.sqlite          vector cache keyed by model and text hash (ingest only)
    versions/v000007/manifest.json
    versions/v000007/chroma/   the embedded Chroma store of that version (absent in server mode, and in a
                               version that reads an earlier version's store with an overlay)
    segments/                  each document's rows, shared by the versions holding it (segments.py)

An edit does not rewrite unchanged documents: the new version names their existing segments. Embedded,
a small edit writes no Chroma store at all: the new version reads the store of an earlier version (its
*base*, never written after publishing) and serves the changed documents from their segments (an
*overlay*, see ``Manifest.overlay``); once the overlay grows past ``OVERLAY_MAX_ROWS`` the next edit
writes a new store (a file copy of the base changed only where documents changed). On a Chroma server
the collections are shared by the versions built on them (a "generation") and changed in place by
source; a rebuild (new model or chunking) starts a new generation.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from .config import Settings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# 2: dates only from the documents, per-sentence source keys in chunk metadata;
# 3: per-document segments (which also store each chunk's source keys) and server collection generations;
# 4: PDF and plain text read with their page furniture dropped and their headings found (loaders/layout.py)
# 5: a hyphenated word is also indexed written solid ("x-ray": "xray")
# 6: table rows under a header row read with their column headings ("Scans per week: 2,150")
# 7: a PDF table's rows found where its page is laid out in columns; a running footer of several lines dropped whole;
#    a short table row is a sentence of its own
SCHEMA_VERSION = 7
KEEP_VERSIONS = 3  # the live one and two before it, so a reader that has not switched yet still works
# Embedded mode: an edit is served from segments (no Chroma write) while the overlay's sentence rows plus
# the base's stale sentence rows stay under this; a question searches the overlay with one matrix
# product (20,000 x 384 floats: about a millisecond), and base hits on stale rows are asked for again.
OVERLAY_MAX_ROWS = 20_000
VERSION_RE = re.compile(r"^v(\d{6})$")


class StoreError(RuntimeError):
    """The index cannot be opened or written; the message says why in words an admin can act on."""


class IngestInProgress(StoreError):
    pass


REPAIR_HINT = "run `python ingest.py --rebuild` to rebuild it from the source folders"


@dataclass
class DocumentEntry:
    source: str
    content_hash: str
    title: str
    doc_type: str
    chunks: int
    ingested_at: str
    published: str | None = None
    url: str | None = None
    urls: list[str] = field(default_factory=list)
    publisher: str | None = None
    segment: str | None = None  # key of the document's files under segments/


@dataclass
class Manifest:
    version: str
    created_at: str
    embedding_model: str
    embedding_dim: int
    chunk_size: int
    chunk_overlap: int
    schema: int = SCHEMA_VERSION
    documents: dict[str, DocumentEntry] = field(default_factory=dict)
    collections: str | None = None  # server mode: the generation whose collections hold this version
    # Embedded mode: the version whose Chroma store holds this version's rows (None: its own). A small
    # edit writes no Chroma store: the new version reads the base store, skips the base rows of the
    # ``overlay`` sources (changed or removed since the base was written) and searches those sources'
    # current rows from their segments. ``stale_rows``: (chunks, sentences) of the base that are skipped.
    chroma_version: str | None = None
    overlay: list[str] = field(default_factory=list)
    stale_rows: list[int] = field(default_factory=lambda: [0, 0])

    @property
    def store_version(self) -> str:
        """The version folder whose embedded Chroma store this version reads."""
        return self.chroma_version or self.version

    def build_key(self) -> tuple:
        """What must match for an existing index to be extended rather than rebuilt."""
        return (self.schema, self.embedding_model, self.embedding_dim, self.chunk_size, self.chunk_overlap)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        docs = {key: DocumentEntry(**value) for key, value in data.pop("documents").items()}
        return cls(documents=docs, **data)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class IndexStore:
    """Where index versions live, how they are named, opened, published and cleaned up."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.root = Path(settings.db)
        self.versions_dir = self.root / "versions"
        self.pointer = self.root / "CURRENT"
        self.last_version_file = self.root / "LAST_VERSION"  # highest version number ever prepared

    # --- reading -------------------------------------------------------------------------------
    def current_version(self) -> str | None:
        """The live version; None when there is no index yet. A pointer that exists but cannot be read,
        or names no valid version, is an error, never "no index": taking it for one once made the next
        ingest garbage-collect every version."""
        try:
            version = json.loads(self.pointer.read_text())["version"]
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise StoreError(f"index pointer {self.pointer} is unreadable ({type(exc).__name__}); {REPAIR_HINT}") from exc
        except OSError as exc:
            raise StoreError(f"index pointer {self.pointer} cannot be read: {exc.strerror or exc}") from exc
        if not isinstance(version, str) or not VERSION_RE.match(version):
            raise StoreError(f"index pointer {self.pointer} names no valid version ({str(version)[:40]!r}); {REPAIR_HINT}")
        return version

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Cheap change detector for readers: (inode, mtime) of the pointer file."""
        try:
            stat = self.pointer.stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def load_manifest(self, version: str) -> Manifest:
        path = self.versions_dir / version / "manifest.json"
        try:
            manifest = Manifest.from_json(path.read_text())
        except FileNotFoundError as exc:
            raise StoreError(f"index version {version} has no manifest (incomplete build?); {REPAIR_HINT}") from exc
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise StoreError(f"index version {version} has a corrupt manifest ({type(exc).__name__}); {REPAIR_HINT}") from exc
        except OSError as exc:
            raise StoreError(f"the manifest of index version {version} cannot be read: {exc.strerror or exc}") from exc
        if manifest.version != version or not all(isinstance(e, DocumentEntry) for e in manifest.documents.values()):
            raise StoreError(f"index version {version} has a corrupt manifest (it names {manifest.version!r}); {REPAIR_HINT}")
        return manifest

    def current_manifest(self) -> Manifest | None:
        version = self.current_version()
        return self.load_manifest(version) if version else None

    def manifest_for_rebuild(self) -> Manifest | None:
        """The live manifest, or None when the pointer or the manifest is broken: a rebuild starts from
        the source folders anyway, so a damaged index must not stop the one command that repairs it."""
        try:
            return self.current_manifest()
        except IngestInProgress:
            raise
        except StoreError:
            return None

    def _pointer_state(self) -> tuple[bool, str | None]:
        """(readable, version) without raising: garbage collection must not guess when it cannot read."""
        try:
            return True, self.current_version()
        except StoreError:
            return False, None

    # --- Chroma ----------------------------------------------------------------------------------
    def client(self, version: str):
        """A Chroma client for one version: embedded per-version folder, or the configured server."""
        import chromadb

        if self.settings.chroma_url:
            parsed = urlparse(self.settings.chroma_url)
            if not parsed.hostname:
                raise StoreError(f"ASSISTANT_CHROMA_URL {self.settings.chroma_url!r} is not a URL")
            self._check_server_reachable(parsed)
            try:
                client = chromadb.HttpClient(
                    host=parsed.hostname,
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings(),
                )
            except Exception as exc:  # chromadb raises several types for an unreachable server
                raise StoreError(f"Chroma server at {self.settings.chroma_url} is not answering: {exc}") from exc
            _bound_http_waits(client, self.settings.chroma_timeout_s)
            return client
        # One process opening a path twice shares one Chroma system (reference-counted by chromadb), so
        # versions reading the same base store share its loaded vector index.
        return chromadb.PersistentClient(path=str(self.versions_dir / version / "chroma"), settings=chroma_settings())

    def has_chroma(self, version: str) -> bool:
        return (self.versions_dir / version / "chroma" / "chroma.sqlite3").is_file()

    def _check_server_reachable(self, parsed) -> None:
        # chromadb's own HTTP client has no timeout at all: a server that accepts connections but never
        # answers would hang the caller forever. One heartbeat with a timeout fails fast and clearly.
        import httpx

        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        scheme = "https" if parsed.scheme == "https" else "http"
        url = f"{scheme}://{parsed.hostname}:{port}/api/v2/heartbeat"
        timeout = self.settings.chroma_timeout_s
        try:
            response = httpx.get(url, timeout=timeout)
        except httpx.TimeoutException as exc:
            raise StoreError(f"Chroma server at {self.settings.chroma_url} did not answer within {timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"Chroma server at {self.settings.chroma_url} is not reachable: {exc}") from exc
        if response.status_code >= 400:
            raise StoreError(
                f"Chroma server at {self.settings.chroma_url} answered HTTP {response.status_code} to a heartbeat"
            )

    def collection_names(self, generation: str) -> tuple[str, str]:
        """Chunk and sentence collections: per generation on a server, fixed inside a version folder."""
        prefix = self.settings.collection_prefix
        if self.settings.chroma_url:  # one server holds every generation side by side
            return f"{prefix}_{generation}_chunks", f"{prefix}_{generation}_sentences"
        return f"{prefix}_chunks", f"{prefix}_sentences"

    def manifest_collections(self, manifest: Manifest) -> tuple[str, str]:
        return self.collection_names(manifest.collections or manifest.version)

    def copy_chroma(self, source: str, target: str) -> bool:
        """Copy a published version's embedded store into a new version folder (in-kernel file copies;
        the source is never written after publishing). False when the source store is missing."""
        origin = self.versions_dir / source / "chroma"
        if not self.has_chroma(source):
            return False
        destination = self.versions_dir / target / "chroma"
        if destination.exists():
            shutil.rmtree(destination)
        shutil.copytree(origin, destination)
        return True

    # --- writing -----------------------------------------------------------------------------------
    @contextmanager
    def ingest_lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / "ingest.lock", "w")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise IngestInProgress("another ingest is running on this index; try again when it finishes") from exc
            yield
        finally:
            handle.close()

    def next_version(self) -> str:
        numbers = [int(m.group(1)) for m in map(VERSION_RE.match, self._version_dirs()) if m]
        _, current = self._pointer_state()
        if current:
            numbers.append(int(current[1:]))
        # A number handed out once is never reused, even after its folder was garbage-collected: Chroma
        # caches clients by path, so a process that retries after a failed build must get a fresh path.
        try:
            numbers.append(int(self.last_version_file.read_text().strip()))
        except (FileNotFoundError, ValueError):
            pass
        return f"v{max(numbers, default=0) + 1:06d}"

    def _version_dirs(self) -> list[str]:
        if not self.versions_dir.exists():
            return []
        return sorted(p.name for p in self.versions_dir.iterdir() if p.is_dir())

    def prepare_version(self, version: str) -> Path:
        folder = self.versions_dir / version
        match = VERSION_RE.match(version)
        if match:
            _atomic_write(self.last_version_file, str(int(match.group(1))))
        if folder.exists():  # left by a killed run that never published it
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        return folder

    def publish(self, manifest: Manifest) -> None:
        """Write the manifest, then switch the pointer. Both are atomic renames of fsynced files."""
        folder = self.versions_dir / manifest.version
        _atomic_write(folder / "manifest.json", manifest.to_json())
        _atomic_write(self.pointer, json.dumps({"version": manifest.version, "published_at": utc_now()}))

    def collect_garbage(self) -> None:
        """Delete versions that are neither live nor among the few kept for readers still switching,
        then the segments and server collections no kept version uses.

        With an unreadable pointer nothing is deleted (the live version is unknown); with no pointer at
        all, the newest complete versions (those with a manifest) are kept, so that a lost pointer costs
        no index that ``ingest.py --rebuild`` or an operator could still use, and no segment or server
        collection is dropped (which ones a repaired pointer will need is not known)."""
        readable, current = self._pointer_state()
        if not readable:
            return
        live = [v for v in self._version_dirs() if VERSION_RE.match(v)]
        if current:
            keep = set(sorted(v for v in live if v <= current)[-KEEP_VERSIONS:])
        else:
            keep = set(sorted(v for v in live if (self.versions_dir / v / "manifest.json").exists())[-KEEP_VERSIONS:])
        manifests = []
        readable_manifests = True
        for version in sorted(keep):
            if not (self.versions_dir / version / "manifest.json").exists():
                continue  # an incomplete build uses no segment that a complete version does not list
            try:
                manifests.append(self.load_manifest(version))
            except (StoreError, ValueError, TypeError, KeyError):
                readable_manifests = False  # keep every segment rather than guess
        if not readable_manifests and any(not self.has_chroma(v) for v in keep):
            return  # a kept version may read an older version's store, and which one is unknown
        keep |= {m.store_version for m in manifests}  # the base stores that kept versions read
        for version in live:
            if version in keep:
                continue
            shutil.rmtree(self.versions_dir / version, ignore_errors=True)
        if not current or not readable_manifests:
            return
        from .segments import SegmentStore

        SegmentStore(self.root).collect_garbage({e.segment for m in manifests for e in m.documents.values() if e.segment})
        if self.settings.chroma_url:
            self._drop_server_collections({m.collections or m.version for m in manifests})

    def _drop_server_collections(self, keep: set[str]) -> None:
        """Drop this index's collections on the server whose generation no kept version uses."""
        pattern = re.compile(rf"^{re.escape(self.settings.collection_prefix)}_(v\d{{6}})_(chunks|sentences)$")
        try:
            client = self.client("")
            names = [getattr(c, "name", c) for c in client.list_collections()]
            for name in names:
                match = pattern.match(name)
                if match and match.group(1) not in keep:
                    try:
                        client.delete_collection(name)
                    except Exception:  # already gone: nothing to clean
                        pass
        except StoreError:
            pass  # the server is down; the next ingest cleans up


def _bound_http_waits(client, connect_timeout: float) -> None:
    """Give chromadb's HTTP session (created with ``timeout=None``) finite waits, so that a server that
    stops answering mid-ingest or mid-query raises instead of hanging. Reads may take a while for big
    batches, so only connecting is held to ``chroma_timeout_s``."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(120.0, connect=connect_timeout)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class EmbeddingCache:
    """Vectors keyed by (model, sha256 of text): unchanged text is never embedded twice."""

    def __init__(self, path: Path, model_key: str, dimension: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model_key = model_key
        self.dimension = dimension
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, text_hash TEXT, vector BLOB, PRIMARY KEY (model, text_hash))"
        )

    def get_many(self, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self.db.execute(
                f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN ({marks})",
                [self.model_key, *batch],
            )
            for text_hash, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (self.dimension,):
                    found[text_hash] = vector
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(self.model_key, key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items.items()],
            )

    def clear(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM vectors WHERE model = ?", [self.model_key])

    def close(self) -> None:
        self.db.close()
