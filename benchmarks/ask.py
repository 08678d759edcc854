"""Warm latency of ``ask`` and ``check`` next to the cost of the query embedding alone.

    python benchmarks/ask.py [--db data/index] [--eval eval/aidf_eval.jsonl] [--repeat 3] [--json]

Everything runs in one process on an already built index (``python ingest.py`` first), extractive
mode (no LLM). The model and the index are loaded and warmed before timing. For every request the
embedding of the same text (``embedder.encode_query``) is timed right next to it, so both see the
same machine load; the ratio ask-p50 / embedding-p50 says how much the assistant adds on top of the
one model call it cannot avoid.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "mean": statistics.fmean(values) if values else float("nan"),
        "max": max(values) if values else float("nan"),
    }


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="index folder (default: the one ingest.py builds, or ASSISTANT_DB)")
    parser.add_argument("--eval", default=str(ROOT / "eval" / "aidf_eval.jsonl"), help="JSONL evaluation set")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the questions (default 3)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args(argv)

    from assistant.config import Settings
    from assistant.evaluation import load_items
    from assistant.service import Assistant

    settings = Settings(db=Path(args.db)) if args.db else Settings()
    settings = settings.model_copy(update={"llm": None})  # extractive mode only
    items = load_items(Path(args.eval))
    questions = [(i["question"], i.get("history")) for i in items if i["kind"] != "claim"]
    claims = [i["claim"] for i in items if i["kind"] == "claim"]

    load_ms, assistant = timed(Assistant, settings)
    index_ms, snapshot = timed(assistant.index.get)
    embedder = snapshot.embedder
    for question, history in questions[: args.warmup]:
        assistant.ask(question, history)
        embedder.encode_query(question)
    for claim in claims[:2]:
        assistant.check_claim(claim)

    load_before = os.getloadavg()
    ask_ms, ask_embed_ms, check_ms, check_embed_ms = [], [], [], []
    stages: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for question, history in questions:
            elapsed, _vector = timed(embedder.encode_query, question)
            ask_embed_ms.append(elapsed)
            elapsed, answer = timed(assistant.ask, question, history)
            ask_ms.append(elapsed)
            for stage, value in answer.timings_ms.items():
                stages.setdefault(stage, []).append(value)
        for claim in claims:
            elapsed, _vector = timed(embedder.encode_query, claim)
            check_embed_ms.append(elapsed)
            elapsed, _result = timed(assistant.check_claim, claim)
            check_ms.append(elapsed)
    load_after = os.getloadavg()

    results = {
        "index_version": snapshot.version,
        "chunks": len(snapshot),
        "sentences": len(snapshot.sentence_text),
        "cpus": os.cpu_count(),
        "loadavg_1m_before": round(load_before[0], 2),
        "loadavg_1m_after": round(load_after[0], 2),
        "startup_ms": {"assistant": round(load_ms, 1), "index_and_model": round(index_ms, 1)},
        "ask": summary(ask_ms),
        "ask_embedding": summary(ask_embed_ms),
        "check": summary(check_ms),
        "check_embedding": summary(check_embed_ms),
        "ask_stages_p50": {stage: percentile(values, 50) for stage, values in stages.items()},
    }
    results["ask_over_embedding_p50"] = results["ask"]["p50"] / results["ask_embedding"]["p50"]
    results["check_over_embedding_p50"] = results["check"]["p50"] / results["check_embedding"]["p50"]

    if args.json:
        print(json.dumps(results, indent=1, default=lambda v: round(v, 3)))
        return 0
    print(f"index {results['index_version']}: {results['chunks']} chunks, {results['sentences']} sentences; "
          f"{results['cpus']} CPUs, load average {results['loadavg_1m_before']} -> {results['loadavg_1m_after']} "
          f"(other processes share the CPU: compare ratios, not absolute times)")
    print(f"startup: Assistant() {load_ms:.0f} ms, first index/model load {index_ms:.0f} ms (not in the table)")
    print()
    header = f"{'operation':34} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'mean ms':>9} {'max ms':>9}"
    print(header)
    print("-" * len(header))
    for label, key in (
        ("ask (warm, extractive)", "ask"),
        ("  query embedding alone", "ask_embedding"),
        ("check (warm)", "check"),
        ("  claim embedding alone", "check_embedding"),
    ):
        row = results[key]
        print(f"{label:34} {row['n']:>5} {row['p50']:>9.1f} {row['p95']:>9.1f} {row['mean']:>9.1f} {row['max']:>9.1f}")
    print()
    print(f"ask p50 / embedding p50     {results['ask_over_embedding_p50']:.2f}x")
    print(f"check p50 / embedding p50   {results['check_over_embedding_p50']:.2f}x")
    print()
    print("ask stages (p50 ms): " + ", ".join(f"{stage} {value:.1f}" for stage, value in results["ask_stages_p50"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
