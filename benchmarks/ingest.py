"""Ingest throughput next to the raw speed of the embedding model on the same texts.

    python benchmarks/ingest.py [--docs 60] [--seed 7] [--keep DIR] [--json]

1. Generates a corpus of varied, realistic Markdown documents (every sentence is different, so the
   embedding cache cannot make the run trivial) into a temporary folder.
2. Full ingest into an empty temporary index, in process, with the model already loaded (its load
   time is reported on its own): chunks per second, and where the time went.
3. Raw ``Embedder.encode`` throughput of the same model on the same texts, in the same process:
   a) the chunk texts ``chunk_document`` produces, and b) the unique sentence texts of those chunks.
   The ingester embeds each *sentence* of a chunk (the chunk vector is the normalised mean of its
   sentence vectors), so (b) is the like-for-like baseline; (a) is what a plain "one vector per chunk"
   pipeline would cost.
4. A no-change re-ingest: in process after start-up, and as ``python ingest.py`` in a subprocess
   (wall time including interpreter start-up and imports).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

PLACES = ["Ashbury", "Brackenfield", "Colnbrook", "Dunmere", "Elmstead", "Farrowdale", "Glenholt", "Harwick",
          "Ivybridge", "Kelsall", "Langmoor", "Milbourne", "Northcote", "Oakhurst", "Pendlebury", "Quarrington",
          "Rushden", "Saltmarsh", "Thornbury", "Upwell"]
SERVICES = ["chest X-ray reporting", "stroke CT triage", "breast screening", "skin lesion triage",
            "lung nodule follow-up", "fracture detection", "prostate MRI review", "retinal screening",
            "colonoscopy polyp detection", "digital pathology", "cardiac echo measurement", "head CT prioritisation"]
ROLES = ["radiologists", "radiographers", "reporting clinicians", "stroke physicians", "pathologists",
         "screening leads", "clinical safety officers", "procurement managers", "digital leads", "evaluators"]
VERBS = ["reviewed", "audited", "measured", "compared", "reported", "questioned", "tracked", "summarised",
         "documented", "challenged"]
THINGS = ["turnaround times", "false positive rates", "missed findings", "staff workload", "patient feedback",
          "scanner downtime", "referral volumes", "costs per study", "training needs", "data flows",
          "supplier performance", "second-reader agreement"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
OPENERS = ["During", "By the end of", "Early in", "Later in", "Throughout"]
REASONS = ["to meet the national cancer waiting time standard", "because reporting backlogs had grown",
           "after a safety review asked for it", "to free consultant time for complex cases",
           "as part of the regional imaging strategy", "so that results reach patients sooner"]


def sentence(rng: random.Random, place: str, service: str) -> str:
    templates = [
        lambda: f"{rng.choice(OPENERS)} {rng.choice(MONTHS)} {rng.randint(2021, 2025)}, {place} {rng.choice(ROLES)} "
                f"{rng.choice(VERBS)} {rng.choice(THINGS)} for AI {service} across {rng.randint(2, 14)} sites.",
        lambda: f"The {place} team used AI {service} on {rng.randint(1, 90) * 1000:,} studies "
                f"{rng.choice(REASONS)}.",
        lambda: f"{place} reported that {rng.randint(51, 99)}% of AI {service} findings matched the "
                f"{rng.choice(ROLES)}' own reads, with {rng.randint(2, 60)} discrepancies sent for review.",
        lambda: f"Funding of £{rng.randint(2, 40) * 50},000 paid for {rng.choice(THINGS)} work in "
                f"{place}, {rng.choice(REASONS)}.",
        lambda: f"{rng.choice(ROLES).capitalize()} in {place} {rng.choice(VERBS)} the {rng.choice(THINGS)} "
                f"every {rng.choice(['week', 'fortnight', 'month', 'quarter'])} and shared the results with "
                f"the integrated care board.",
        lambda: f"A patient panel in {place} asked how AI {service} decisions are checked, and the trust "
                f"answered that a named clinician signs off each of the {rng.randint(3, 40)} daily reports.",
    ]
    return rng.choice(templates)()


def write_corpus(folder: Path, docs: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(docs):
        place = PLACES[number % len(PLACES)] + ("" if number < len(PLACES) else f" {number // len(PLACES) + 1}")
        service = SERVICES[number % len(SERVICES)]
        parts = [f"# {place} AI {service} report\n"]
        for section in range(rng.randint(5, 7)):
            parts.append(f"## {rng.choice(['Progress', 'Findings', 'Costs', 'Safety', 'Next steps', 'Staffing'])} "
                         f"{section + 1}\n")
            for _ in range(rng.randint(3, 4)):
                parts.append(" ".join(sentence(rng, place, service) for _ in range(rng.randint(3, 6))) + "\n")
        (folder / f"{number:03d}-{place.lower().replace(' ', '-')}.md").write_text("\n".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="build in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the measurements as one JSON object")
    args = parser.parse_args()

    from assistant.chunking import chunk_document
    from assistant.config import Settings
    from assistant.embeddings import Embedder, get_embedder
    from assistant.ingestion import Ingester, run_ingest
    from assistant.loaders import load_document
    from assistant.language.sentences import split_sentences

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    src, db = work / "corpus", work / "index"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(db, ignore_errors=True)
    write_corpus(src, args.docs, args.seed)
    settings = Settings(db=db, sources=[src], upload_dir=work / "uploads", feedback_log=work / "feedback.jsonl")
    results: dict = {"docs": args.docs, "cpu_count": os.cpu_count(), "batch_size": settings.embedding_batch_size,
                     "load_average_start": os.getloadavg()[0]}

    started = time.perf_counter()
    embedder = get_embedder(settings.embedding_model, settings.embedding_batch_size)
    results["model_load_s"] = time.perf_counter() - started
    embedder.encode(["warm-up sentence for the benchmark."])

    # Where the ingest's time goes: wrap the model call and the Chroma writes (timing only).
    spent = {"encode": 0.0, "chroma_write": 0.0, "carry_forward": 0.0}
    real_encode, real_store = Embedder.encode, Ingester._store_records

    def timed_encode(self, texts, show_progress=False):
        began = time.perf_counter()
        try:
            return real_encode(self, texts, show_progress=show_progress)
        finally:
            spent["encode"] += time.perf_counter() - began

    def timed_store(self, version, documents, **changes):
        began = time.perf_counter()
        try:
            return real_store(self, version, documents, **changes)
        finally:
            spent["chroma_write"] += time.perf_counter() - began

    Embedder.encode, Ingester._store_records = timed_encode, timed_store
    try:
        started = time.perf_counter()
        report = run_ingest(settings)
        ingest_s = time.perf_counter() - started
    finally:
        Embedder.encode, Ingester._store_records = real_encode, real_store
    assert not report.failed, report.failed
    chunks = report.chunks_total
    results.update(chunks=chunks, ingest_s=ingest_s, ingest_chunks_per_s=chunks / ingest_s,
                   ingest_encode_s=spent["encode"], ingest_chroma_write_s=spent["chroma_write"],
                   ingest_other_s=ingest_s - spent["encode"] - spent["chroma_write"])

    # The same texts the ingester saw.
    chunk_texts: list[str] = []
    sentence_texts: list[str] = []
    for path in sorted(src.iterdir()):
        document = load_document(path, path.name, int(settings.max_file_mb * 1024 * 1024))
        for chunk in chunk_document(document, settings.chunk_size, settings.chunk_overlap):
            chunk_texts.append(chunk.text)
            spans = split_sentences(chunk.text) or [(0, len(chunk.text))]
            sentence_texts.extend(chunk.text[a:b] for a, b in spans)
    unique_sentences = list(dict.fromkeys(sentence_texts))
    assert len(chunk_texts) == chunks, (len(chunk_texts), chunks)
    results.update(sentences=len(sentence_texts), unique_sentences=len(unique_sentences))

    started = time.perf_counter()
    embedder.encode(chunk_texts)
    raw_chunk_s = time.perf_counter() - started
    started = time.perf_counter()
    embedder.encode(unique_sentences)
    raw_sentence_s = time.perf_counter() - started
    results.update(
        raw_chunk_texts_s=raw_chunk_s, raw_chunk_texts_per_s=chunks / raw_chunk_s,
        raw_sentences_s=raw_sentence_s, raw_sentences_per_s=len(unique_sentences) / raw_sentence_s,
        raw_sentences_as_chunks_per_s=chunks / raw_sentence_s,
        ratio_vs_chunk_texts=(chunks / ingest_s) / (chunks / raw_chunk_s),
        ratio_vs_sentences=(chunks / ingest_s) / (chunks / raw_sentence_s),
    )

    # No-change re-ingest: in process (model and imports warm), then as a fresh subprocess.
    started = time.perf_counter()
    again = run_ingest(settings)
    results["nochange_inprocess_s"] = time.perf_counter() - started
    assert again.chunks_embedded == 0 and not again.changed
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "ingest.py"), "--json", "--db", str(db), "--source", str(src)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    results["nochange_subprocess_s"] = time.perf_counter() - started
    sub = json.loads(done.stdout)
    assert done.returncode == 0 and sub["chunks_embedded"] == 0 and sub["index_version"] == report.index_version
    results["nochange_subprocess_reported_s"] = sub["seconds"]

    results["load_average_end"] = os.getloadavg()[0]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in results.items()}))
        return 0
    r = results
    rows = [
        ("corpus", f"{r['docs']} docs, {r['chunks']} chunks, {r['sentences']} sentences "
                   f"({r['unique_sentences']} unique)"),
        ("machine", f"{r['cpu_count']} CPUs, batch size {r['batch_size']}, load average "
                    f"{r['load_average_start']:.1f} at start, {r['load_average_end']:.1f} at end"),
        ("model load (once, not in the ingest time)", f"{r['model_load_s']:.2f} s"),
        ("full ingest, in process", f"{r['ingest_s']:.2f} s = {r['ingest_chunks_per_s']:.1f} chunks/s"),
        ("  of which model encode", f"{r['ingest_encode_s']:.2f} s"),
        ("  of which Chroma writes", f"{r['ingest_chroma_write_s']:.2f} s"),
        ("  of which load, chunk, cache, publish", f"{r['ingest_other_s']:.2f} s"),
        ("raw encode of the chunk texts",
         f"{r['raw_chunk_texts_s']:.2f} s = {r['raw_chunk_texts_per_s']:.1f} chunks/s"),
        ("raw encode of the unique sentences", f"{r['raw_sentences_s']:.2f} s = {r['raw_sentences_per_s']:.1f} "
                                               f"sentences/s = {r['raw_sentences_as_chunks_per_s']:.1f} chunks/s"),
        ("ingest / raw chunk-text encode", f"{r['ratio_vs_chunk_texts']:.2f}"),
        ("ingest / raw sentence encode (like for like)", f"{r['ratio_vs_sentences']:.2f}"),
        ("no-change re-ingest, in process", f"{r['nochange_inprocess_s'] * 1000:.0f} ms"),
        ("no-change re-ingest, subprocess wall time",
         f"{r['nochange_subprocess_s']:.2f} s (of which ingest {r['nochange_subprocess_reported_s'] * 1000:.0f} ms)"),
    ]
    width = max(len(label) for label, _ in rows)
    print("Ingest benchmark (the ingester embeds each sentence of a chunk and averages them into the chunk")
    print("vector, so the like-for-like raw baseline is the unique sentence texts, not the chunk texts)")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
