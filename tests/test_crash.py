"""kill -9 during ``python ingest.py``: the index is always entirely the old version or entirely the new one.

A generated corpus of 40 small documents is indexed (revision 0). Each round rewrites 24 of them
to the next revision and runs ingest.py in a subprocess, then SIGKILLs it. Every sentence of a
document carries its revision ("edition-A revision-4"), so after a kill the live index must show
exactly one revision across all changed documents: the old one or the new one, never a mix. Then the
next ingest must complete and report success.

Where the kills land: an uninterrupted run with an identical change set is timed first, and the
file system tells when each phase of it began (version folder created = start-up over; first write
to the embedding cache = model loaded; ``chroma/`` created = embedding over, Chroma writes begin;
``manifest.json`` written = publish begins). A seeded RNG picks two kill points inside each of the
five phases, each as an offset from the start of its phase, so that the kills spread over imports,
model load, embedding, Chroma writes and publish even though start-up dominates the wall time.
After each kill the evidence on disk records the phase the process actually died in.

A second test kills at exact points that timing cannot hit reliably (between the manifest and the
pointer switch, between the pointer's fsync and its rename, inside a cache transaction, during
garbage collection, after the first Chroma batch, in an edit served from segments that writes no
Chroma store), by letting the ingest process SIGKILL itself
there - the kernel handles that exactly like an external ``kill -9``.

Recovery ingests run ``ingest.py`` in a subprocess, or in this process when every vector they need is
already cached (no model calls), which keeps the file near three minutes on two cores.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.ingestion import run_ingest
from assistant.service import Assistant
from assistant.store import KEEP_VERSIONS, IndexStore
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

SEED = 20240623
DOCS = 40
CHANGING = 24  # documents rewritten by every run; the other 16 never change
KILLS_PER_PHASE = 2
PHASES = ("start-up", "model load", "embedding", "chroma writes", "publish")
BATCH_SIZE = "16"  # smaller model batches than the default 64: a finer-grained embedding phase to land kills in

PLACES = [
    "Ashbury", "Brackenfield", "Colnbrook", "Dunmere", "Elmstead", "Farrowdale", "Glenholt", "Harwick",
    "Ivybridge", "Kelsall", "Langmoor", "Milbourne", "Northcote", "Oakhurst", "Pendlebury", "Quarrington",
    "Rushden", "Saltmarsh", "Thornbury", "Upwell", "Vernham", "Whitstone", "Yarwell", "Abbotsley",
    "Bexwell", "Cranmore", "Dalbury", "Eastling", "Fenwick", "Goring", "Hawkridge", "Ickleton",
    "Kirkland", "Lydford", "Marlow", "Netherby", "Orleton", "Pitsford", "Redmire", "Stanwick",
]
SERVICES = [
    "chest X-ray reporting", "stroke imaging", "breast screening", "skin lesion triage", "lung nodule follow-up",
    "fracture detection", "prostate MRI review", "retinal screening", "colonoscopy support", "pathology slide review",
]
VERBS = ["expanded", "reviewed", "audited", "funded", "piloted", "extended", "evaluated", "procured"]
OBJECTS = [
    "its reporting backlog", "weekend cover", "staff training", "patient information leaflets", "scanner capacity",
    "referral letters", "second-reader checks", "data protection reviews", "supplier contracts",
    "clinical safety cases",
]
EDITION = re.compile(r"\bedition-([AB]) revision-(\d+)\b")


def doc_name(number: int) -> str:
    return f"doc{number:02d}-{PLACES[number].lower()}.md"


def doc_text(number: int, revision: int) -> str:
    """Four short sentences; each carries the revision, so no sentence vector is shared between revisions."""
    rng = random.Random(f"{number}-{revision}")
    marker = f"edition-{'AB'[revision % 2]} revision-{revision}"
    place, service = PLACES[number], SERVICES[number % len(SERVICES)]
    sentences = [
        f"In {marker}, the {place} network received £{number % 9 + 1}.{revision % 10} million for AI {service}.",
        *(
            f"In {marker}, {place} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in month {rng.randint(1, 24)}."
            for _ in range(2)
        ),
        f"In {marker}, {place} clinicians check every AI {service} finding before it reaches a patient.",
    ]
    return f"# {place} {service}\n\n" + " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:]) + "\n"


def write_revision(src: Path, revision: int, numbers) -> dict[str, str]:
    """Write ``revision`` of the given documents; returns their content hashes."""
    hashes = {}
    for number in numbers:
        data = doc_text(number, revision).encode()
        (src / doc_name(number)).write_bytes(data)
        hashes[doc_name(number)] = hashlib.sha256(data).hexdigest()
    return hashes


def subprocess_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", ASSISTANT_EMBEDDING_BATCH_SIZE=BATCH_SIZE)
    # OpenMP's default busy-waiting makes every small model call ~25x slower on a shared 2-core machine
    # (the ingester encodes once per document); passive waiting keeps this file within its time budget.
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return env


class Corpus:
    def __init__(self, root: Path):
        self.src = root / "src"
        self.src.mkdir()
        self.settings = make_settings(root, sources=[self.src])
        self.db = Path(self.settings.db)
        self.stable_hashes = write_revision(self.src, 0, range(CHANGING, DOCS))
        self.hashes = {0: write_revision(self.src, 0, range(CHANGING))}
        self.revision = 0  # the revision the live index holds for the changing documents

    def ingest_args(self, *extra: str) -> list[str]:
        return [str(PROJECT_ROOT / "ingest.py"), "--json", "--db", str(self.db), "--source", str(self.src), *extra]

    def start_ingest(self, prelude: str | None = None, overlay: bool = False) -> subprocess.Popen:
        """The killed runs write a Chroma store (as an edit past the overlay's limit does), unless
        ``overlay``: then the edit is served from segments and writes no store. Recoveries run either."""
        if not overlay:  # the same CLI, with the overlay off
            prelude = "from assistant import ingestion\ningestion.OVERLAY_MAX_ROWS = 0\n" + textwrap.dedent(prelude or "")
        if prelude is None:
            command = [sys.executable, *self.ingest_args()]
        else:  # the same CLI, after a few lines that arrange for the process to SIGKILL itself
            args = self.ingest_args()[1:]
            code = textwrap.dedent(prelude) + (
                f"\nfrom assistant.cli import ingest_main\nsys.exit(ingest_main({args!r}))\n")
            command = [sys.executable, "-c", "import os, signal, sys\n" + code]
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def next_version(self) -> str:
        return IndexStore(self.settings).next_version()

    def cache_stamp(self):
        try:
            return (self.db / "embeddings.sqlite").stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def phase_reached(self, version: str, cache_before) -> int:
        """How far the run for ``version`` got, from the evidence on disk (an index into PHASES, 5 = done)."""
        folder = self.db / "versions" / version
        if IndexStore(self.settings).current_version() == version:
            return 5
        if (folder / "manifest.json").exists():
            return 4
        if (folder / "chroma").exists():
            return 3
        if folder.exists():
            return 2 if self.cache_stamp() != cache_before else 1
        return 0

    def check_index(self, old: int, new: int) -> int:
        """The live index is entirely revision ``old`` or entirely ``new`` and answers; returns which."""
        assistant = Assistant(self.settings)  # a fresh handle: reads CURRENT and the version from disk
        snapshot = assistant.index.get()
        manifest = snapshot.manifest
        assert set(manifest.documents) == {doc_name(n) for n in range(DOCS)}
        assert len(snapshot.chunks) == sum(entry.chunks for entry in manifest.documents.values())
        seen_by_doc: dict[str, set] = {}
        for chunk in snapshot.chunks:
            editions = set(EDITION.findall(chunk.text))
            assert len(editions) == 1, f"chunk of {chunk.source} mixes revisions: {editions}"
            seen_by_doc.setdefault(chunk.source, set()).update(editions)
        for name in self.stable_hashes:
            assert seen_by_doc[name] == {("A", "0")}
            assert manifest.documents[name].content_hash == self.stable_hashes[name]
        changing = {doc_name(n) for n in range(CHANGING)}
        revisions = {int(rev) for name in changing for _, rev in seen_by_doc[name]}
        assert len(revisions) == 1, f"the live index mixes revisions {sorted(revisions)} (old {old}, new {new})"
        live = revisions.pop()
        assert live in (old, new), f"live revision {live} is neither the old ({old}) nor the new ({new})"
        assert {name: manifest.documents[name].content_hash for name in changing} == self.hashes[live]
        # Sentence rows belong to live chunks only, and every chunk has its sentences.
        assert set(snapshot.sentence_chunk.tolist()) == set(range(len(snapshot.chunks)))
        answer = assistant.ask(f"How much did the {PLACES[3]} network receive for AI {SERVICES[3]}?")
        assert not answer.abstained and answer.citations, answer.answer
        assert answer.citations[0].source == doc_name(3)
        assert f"revision-{live}" in answer.citations[0].text
        return live

    def ingest(self) -> dict:
        result = subprocess.run([sys.executable, *self.ingest_args()], cwd=PROJECT_ROOT, env=subprocess_env(),
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)

    def recover(self, target: int, in_process: bool = False) -> dict:
        """The next ingest after a kill completes, reports success and leaves revision ``target`` live.

        In this process when every vector is cached (no model calls), else as ``python ingest.py``."""
        report = run_ingest(self.settings).to_dict() if in_process else self.ingest()
        assert report["failed"] == [] and report["index_version"]
        assert report["removed"] == [] and report["added"] == []
        assert self.check_index(target, target) == target
        self.revision = target
        return report


@dataclass
class Timeline:
    """When each phase of an uninterrupted run began, in seconds from the process start."""

    starts: list[float]  # start-up, model load, embedding, chroma writes, publish
    end: float

    def window(self, phase: int) -> float:
        following = self.starts[phase + 1] if phase + 1 < len(self.starts) else self.end
        return max(following - self.starts[phase], 0.005)


def wait_for(proc: subprocess.Popen, condition, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.003)
    raise AssertionError("ingest neither reached the expected phase nor exited")


def anchor_condition(corpus: Corpus, phase: int, version: str, cache_before):
    folder = corpus.db / "versions" / version
    return [
        lambda: True,
        lambda: folder.exists(),
        lambda: folder.exists() and corpus.cache_stamp() != cache_before,
        lambda: (folder / "chroma").exists(),
        lambda: (folder / "manifest.json").exists(),
    ][phase]


def measure(corpus: Corpus, revision: int) -> Timeline:
    corpus.hashes[revision] = write_revision(corpus.src, revision, range(CHANGING))
    version, cache_before = corpus.next_version(), corpus.cache_stamp()
    started = time.monotonic()
    proc = corpus.start_ingest()
    starts = [0.0]
    for phase in range(1, len(PHASES)):
        wait_for(proc, anchor_condition(corpus, phase, version, cache_before), started + 300)
        starts.append(time.monotonic() - started)
    out, err = proc.communicate(timeout=300)
    end = time.monotonic() - started
    assert proc.returncode == 0, err[-3000:]
    report = json.loads(out)
    assert report["updated"] == sorted(doc_name(n) for n in range(CHANGING)) and report["chunks_embedded"] == CHANGING
    corpus.check_index(revision, revision)
    corpus.revision = revision
    return Timeline(starts, end)


def test_kill_9_at_ten_points_never_loses_or_mixes_the_index(tmp_path):
    corpus = Corpus(tmp_path)
    first = corpus.ingest()
    assert len(first["added"]) == DOCS and not first["failed"]
    assert corpus.check_index(0, 0) == 0

    timeline = measure(corpus, 1)
    rng = random.Random(SEED)
    plan = [(phase, rng.uniform(0.0, timeline.window(phase)))
            for phase in range(len(PHASES)) for _ in range(KILLS_PER_PHASE)]
    rng.shuffle(plan)

    outcomes, problems = [], []
    for round_number, (phase, offset) in enumerate(plan):
        old, new = corpus.revision, corpus.revision + 1
        corpus.hashes[new] = write_revision(corpus.src, new, range(CHANGING))
        version, cache_before = corpus.next_version(), corpus.cache_stamp()
        started = time.monotonic()
        proc = corpus.start_ingest()
        wait_for(proc, anchor_condition(corpus, phase, version, cache_before), started + 300)
        time.sleep(offset)
        exited_first = proc.poll() is not None
        if not exited_first:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        killed_at = time.monotonic() - started
        reached = corpus.phase_reached(version, cache_before)
        checked = recovered = time.monotonic()
        try:
            assert exited_first or proc.returncode == -signal.SIGKILL
            live = corpus.check_index(old, new)  # old or new, never a mix, and it answers
            assert (live == new) == (reached == 5)
            checked = time.monotonic()
            report = corpus.recover(new, in_process=reached >= 3 and round_number != len(plan) - 1)
            recovered = time.monotonic()
            assert report["updated"] == ([] if live == new else sorted(doc_name(n) for n in range(CHANGING)))
        except AssertionError as exc:  # keep going: the summary shows every kill point, then the test fails
            problems.append(f"kill {round_number + 1}: {exc}")
            corpus.revision = new
            live = None
        outcomes.append((round_number, PHASES[phase], offset, killed_at, reached, live == new, exited_first,
                         checked - started - killed_at, recovered - checked))

    survived = len(plan) - len(problems)
    # The table is captured by pytest: shown when the test fails, or on success with -rP.
    print(f"\nuninterrupted run {timeline.end:.1f} s; phases began at "
          + ", ".join(f"{name} {start:.2f} s" for name, start in zip(PHASES, timeline.starts)))
    for number, aimed, offset, killed_at, reached, switched, exited, check_s, recover_s in outcomes:
        died_in = "after publish (pointer switched)" if reached == 5 else PHASES[reached]
        print(f"kill {number + 1:2d}: aimed at {aimed} +{offset:.2f} s, SIGKILL at {killed_at:5.2f} s, "
              f"died in {died_in}{' (had already exited)' if exited else ''}; live index: "
              f"{'new' if switched else 'old'} version; check {check_s:.1f} s, recovery {recover_s:.1f} s")
    print(f"kill points survived: {survived}/{len(plan)}")
    assert survived == len(plan) == 10, "\n".join(problems)
    # The kills really did spread over the run, not just over start-up.
    assert len({outcome[4] for outcome in outcomes}) >= 3


# Self-kill points at exact places in the code, in the order they are exercised. Each prelude runs in
# the ingest process before ingest_main. The first one needs fresh vectors (revision 1 is new); the
# others flip between revisions 0 and 1, whose vectors are cached, so their processes never load the model.
EXACT_KILLS = {
    "inside an uncommitted embedding-cache transaction": """
        from assistant import store
        def put_many(self, items):
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                                [(self.model_key, key, b"torn") for key in items])
            os.kill(os.getpid(), signal.SIGKILL)
        store.EmbeddingCache.put_many = put_many
        """,
    "after the first Chroma batch": """
        from chromadb.api.models.Collection import Collection
        real = Collection.add
        def add(self, *a, **k):
            real(self, *a, **k)
            os.kill(os.getpid(), signal.SIGKILL)
        Collection.add = add
        """,
    "an overlay edit (no Chroma store) after its segments, before manifest.json": """
        from assistant import store
        real = store.IndexStore.publish
        def publish(self, manifest):
            assert manifest.overlay and manifest.chroma_version, "expected an edit served from segments"
            os.kill(os.getpid(), signal.SIGKILL)
        store.IndexStore.publish = publish
        """,
    "after manifest.json, before the pointer switch": """
        from assistant import store
        real = store._atomic_write
        def write(path, text):
            if path.name == "CURRENT":
                os.kill(os.getpid(), signal.SIGKILL)
            real(path, text)
        store._atomic_write = write
        """,
    "pointer written and fsynced, not yet renamed": """
        from assistant import store
        real = os.replace
        def replace(src, dst, *a, **k):
            if os.path.basename(dst) == "CURRENT":
                os.kill(os.getpid(), signal.SIGKILL)
            return real(src, dst, *a, **k)
        store.os.replace = replace
        """,
    "pointer switched, before garbage collection": """
        from assistant import store
        real = store.IndexStore.publish
        def publish(self, manifest):
            real(self, manifest)
            os.kill(os.getpid(), signal.SIGKILL)
        store.IndexStore.publish = publish
        """,
    "half-way through deleting an old version": """
        from assistant import store
        real = store.shutil.rmtree
        def rmtree(path, *a, **k):
            if "versions" in str(path):
                real(os.path.join(path, "chroma"), ignore_errors=True)
                os.kill(os.getpid(), signal.SIGKILL)
            return real(path, *a, **k)
        store.shutil.rmtree = rmtree
        """,
}


def test_kill_9_at_exact_points_of_publish_gc_chroma_and_cache(tmp_path):
    corpus = Corpus(tmp_path)
    assert not corpus.ingest()["failed"]
    lines = []
    names = list(EXACT_KILLS)
    for number, name in enumerate(names):
        old, new = corpus.revision, 1 - corpus.revision
        corpus.hashes[new] = write_revision(corpus.src, new, range(CHANGING))
        version, cache_before = corpus.next_version(), corpus.cache_stamp()
        proc = corpus.start_ingest(prelude=EXACT_KILLS[name], overlay="overlay" in name)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == -signal.SIGKILL, f"{name}: the kill point was never reached\n{err[-3000:]}"
        reached = corpus.phase_reached(version, cache_before)
        live = corpus.check_index(old, new)
        assert (live == new) == ("pointer switched" in name or "old version" in name)
        versions = sorted(p.name for p in (corpus.db / "versions").iterdir())
        corpus.recover(new, in_process=0 < number < len(names) - 1)  # the first one must embed
        lines.append(f"{name}: died in {'after publish' if reached == 5 else PHASES[reached]}, "
                     f"live index {'new' if live == new else 'old'} ({len(versions)} version folders), recovered")
    # The torn cache transaction was rolled back: no placeholder vector survived it.
    with sqlite3.connect(corpus.db / "embeddings.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM vectors WHERE length(vector) != 384 * 4").fetchone()[0] == 0
    kept = sorted(p.name for p in (corpus.db / "versions").iterdir())
    assert len(kept) <= KEEP_VERSIONS + 1 and IndexStore(corpus.settings).current_version() == kept[-1]
    print("\n" + "\n".join(lines) + f"\nexact kill points survived: {len(lines)}/{len(names)}")
