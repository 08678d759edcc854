"""Runs a JSONL evaluation set through the same ``Assistant`` the users get, and measures it.

Item kinds: ``answerable`` and ``followup`` (expected_facts, expected_sources, optional history),
``unanswerable`` (must abstain), ``claim`` (expected verdict). An expected fact is a string that the
answer must contain; ``a|b`` accepts either form.

A *collection* is a folder holding ``questions.jsonl`` and, unless it is about the shipped corpus,
the ``docs/`` it asks about; ``run_collection`` indexes those documents in a temporary folder. Every
question and claim also runs as people type it: lower-cased, without apostrophes, and with one typo;
``variant_agreement`` is the share of items whose verdict (answered correctly, declined, verdict)
does not change.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import time
from pathlib import Path

import numpy as np

from .language.figures import extract_figures, figure_in
from .language.sentences import normalise_for_match


def load_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def fact_present(fact: str, text: str) -> bool:
    haystack = normalise_for_match(text)
    return any(normalise_for_match(option) in haystack for option in fact.split("|"))


def unsupported_figures(answer: dict) -> list[str]:
    """Figures in the answer text that none of its cited passages contains."""
    passages = [f for c in answer["citations"] for f in extract_figures(c["text"])]
    text = re.sub(r"\[\d+\]", "", answer["answer"])
    return [f.text for f in extract_figures(text) if not figure_in(f, passages)]


def evaluate_item(assistant, item: dict) -> dict:
    started = time.perf_counter()
    kind = item["kind"]
    if kind == "claim":
        result = assistant.check_claim(item["claim"]).to_dict()
        outcome = {
            "correct": result["verdict"] == item["verdict"],
            "verdict": result["verdict"],
            "expected_verdict": item["verdict"],
            "explanation": result["explanation"],
            "decided_by": result.get("decided_by"),
        }
    else:
        answer = assistant.ask(item["question"], item.get("history")).to_dict()
        outcome = {
            "abstained": answer["abstained"],
            "answer": answer["answer"],
            "relevance": answer["relevance"],
            "decided_by": answer.get("decided_by"),
            "notes": answer.get("notes", []),
        }
        if kind in ("answerable", "followup"):
            expected = item.get("expected_sources", [])
            found = assistant_ranked_sources(assistant, item)
            first = next((rank for rank, source in enumerate(found, start=1) if source in expected), None)
            facts = item.get("expected_facts", [])
            cited = " ".join(c["text"] for c in answer["citations"])
            outcome |= {
                "correct": not answer["abstained"] and all(fact_present(f, answer["answer"]) for f in facts),
                "recall_at_5": first is not None and first <= 5,
                "reciprocal_rank": 1.0 / first if first else 0.0,
                "citation_support": not answer["abstained"] and all(fact_present(f, cited) for f in facts),
                "unsupported_figures": unsupported_figures(answer),
            }
        else:
            outcome["correct"] = answer["abstained"]
    outcome |= {"id": item["id"], "kind": kind, "ms": (time.perf_counter() - started) * 1000}
    return outcome


def assistant_ranked_sources(assistant, item: dict) -> list[str]:
    """Document sources in retrieval order (chunk ranks collapsed to first appearance)."""
    from .answer.reading import read_question
    from .retrieval import retrieve

    snapshot = assistant.index.get()
    reading = read_question(snapshot, item["question"], assistant.clean_history(item.get("history")))
    found = retrieve(snapshot, reading.query, snapshot.settings.candidates, snapshot.settings.rrf_k)
    return list(dict.fromkeys(snapshot.chunks[c].source for c in found.ranked))


def summarise(results: list[dict]) -> dict:
    def share(items, key):
        return round(sum(bool(r[key]) for r in items) / len(items), 3) if items else None

    answerable = [r for r in results if r["kind"] == "answerable"]
    followups = [r for r in results if r["kind"] == "followup"]
    questions = answerable + followups
    unanswerable = [r for r in results if r["kind"] == "unanswerable"]
    claims = [r for r in results if r["kind"] == "claim"]
    abstained = [r for r in results if r["kind"] != "claim" and r["abstained"]]
    true_abstentions = [r for r in abstained if r["kind"] == "unanswerable"]
    # a set of claims alone is timed on its checks
    latencies = np.array([r["ms"] for r in results if r["kind"] != "claim"] or [r["ms"] for r in results] or [0.0])
    return {
        "items": len(results),
        "answer_accuracy": share(answerable, "correct"),
        "followup_accuracy": share(followups, "correct"),
        "retrieval_recall_at_5": share(questions, "recall_at_5"),
        "mrr": round(float(np.mean([r["reciprocal_rank"] for r in questions])), 3) if questions else None,
        "citation_support": share(questions, "citation_support"),
        "abstention_precision": round(len(true_abstentions) / len(abstained), 3) if abstained else None,
        "abstention_recall": share(unanswerable, "correct"),
        "false_abstention_rate": round(sum(r["abstained"] for r in questions) / len(questions), 3) if questions else None,
        "answers_with_unsupported_figures": sum(bool(r["unsupported_figures"]) for r in questions),
        "factcheck_accuracy": share(claims, "correct"),
        "false_supported": sum(r["verdict"] == "supported" and r["expected_verdict"] != "supported" for r in claims),
        "factcheck_confusion": confusion(claims),
        "latency_ms_p50": round(float(np.percentile(latencies, 50)), 1),
        "latency_ms_p95": round(float(np.percentile(latencies, 95)), 1),
        "latency_ms_max": round(float(np.max(latencies)), 1),
    }


VARIANTS = ("as_written", "lower", "no_apostrophes", "typo")


def variant(text: str, kind: str) -> str:
    """The text as people type it: lower-cased, without apostrophes, or with one typo (two inner
    letters of one longer word swapped, the word chosen by a hash of the text so runs repeat)."""
    if kind == "lower":
        return text.lower()
    if kind == "no_apostrophes":
        return re.sub(r"['’]", "", text)
    if kind == "typo":
        candidates = [m for m in re.finditer(r"[A-Za-z]{6,}", text)]
        if not candidates:
            return text
        digest = int(hashlib.sha256(text.encode()).hexdigest(), 16)
        word = candidates[digest % len(candidates)]
        i = word.start() + 2 + (digest // 7) % (len(word.group(0)) - 4)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


def with_variant(item: dict, kind: str) -> dict:
    key = "claim" if item["kind"] == "claim" else "question"
    return item | {key: variant(item[key], kind), "id": item["id"] if kind == "as_written" else f"{item['id']}~{kind}"}


def confusion(claims: list[dict]) -> dict[str, dict[str, int]]:
    """Expected verdict -> given verdict -> count."""
    table: dict[str, dict[str, int]] = {}
    for r in claims:
        row = table.setdefault(r["expected_verdict"], {})
        row[r["verdict"]] = row.get(r["verdict"], 0) + 1
    return table


def run_evaluation(assistant, path: Path, out: Path | None = None, variants: tuple[str, ...] = ("as_written",)) -> dict:
    items = load_items(path)
    assistant.index.get()  # load before timing: latencies are for a warm assistant
    by_variant = {kind: [evaluate_item(assistant, with_variant(item, kind)) for item in items] for kind in variants}
    results = by_variant[variants[0]]
    if out:
        every = [r for kind in variants for r in by_variant[kind]]
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in every))
    metrics = summarise(results)
    metrics["relevance_calibration"] = calibrate_relevance(results)
    metrics["failures"] = [describe_failure(r) for r in results if not r["correct"]]
    for kind in variants[1:]:
        metrics[kind] = {key: value for key, value in summarise(by_variant[kind]).items() if not key.startswith("latency")}
        metrics[kind]["variant_agreement"] = round(
            sum(a["correct"] == b["correct"] for a, b in zip(results, by_variant[kind])) / len(results), 3
        )
        metrics[kind]["failures"] = [describe_failure(r) for r in by_variant[kind] if not r["correct"]]
    return metrics


def describe_failure(result: dict) -> str:
    """An item id with the rule that decided it, so a failure says why it happened."""
    return f"{result['id']} ({result['decided_by']})" if result.get("decided_by") else result["id"]


def run_collection(settings, folder: Path, out: Path | None = None, variants: tuple[str, ...] = VARIANTS) -> dict:
    """Evaluate a collection folder: its own ``docs/`` in a temporary index, or the settings' sources."""
    from .ingestion import run_ingest
    from .service import Assistant

    docs = folder / "docs"
    with tempfile.TemporaryDirectory(prefix="aidf-eval-") as tmp:
        if docs.is_dir():
            settings = settings.model_copy(update={"db": Path(tmp) / "index", "sources": [docs]})
            report = run_ingest(settings)
            if report.failed:
                raise RuntimeError(f"collection {folder.name}: documents failed to load: {report.failed}")
        return run_evaluation(Assistant(settings), folder / "questions.jsonl", out, variants)


def calibrate_relevance(results: list[dict], max_false_abstention: float = 0.0) -> dict:
    """The relevance threshold that refuses the most unanswerable questions while refusing at most
    ``max_false_abstention`` of the answerable ones, placed midway between neighbouring observed values.

    Relevance alone cannot refuse in-scope questions the record is silent on (they sit close to
    real answers); the documented-gap and answer-type rules do that. This threshold catches the
    off-topic ones without costing answers.
    """
    answerable = sorted(r["relevance"] for r in results if r["kind"] in ("answerable", "followup"))
    unanswerable = sorted(r["relevance"] for r in results if r["kind"] == "unanswerable")
    if not answerable or not unanswerable:
        return {}
    values = sorted(set(answerable + unanswerable))
    best_cut, best_recall = 0.0, -1.0
    for low, high in zip(values, values[1:]):
        cut = (low + high) / 2
        if sum(v < cut for v in answerable) / len(answerable) > max_false_abstention:
            break
        recall = sum(v < cut for v in unanswerable) / len(unanswerable)
        if recall > best_recall:
            best_cut, best_recall = cut, recall
    return {
        "threshold": round(best_cut, 3),
        "unanswerable_refused_by_threshold": round(best_recall, 3),
        "answerable_min_relevance": round(answerable[0], 3),
    }


def format_metrics(metrics: dict) -> str:
    return "\n".join(f"{key:34} {value}" for key, value in metrics.items())
