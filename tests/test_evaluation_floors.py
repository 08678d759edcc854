"""Acceptance floors on eval/aidf_eval.jsonl, run through the same ``Assistant`` users get.

The floors are set at (or just under) what the product measures today; raise them as quality
improves, never lower them to make a change pass. Measure with:

    python ingest.py --db /tmp/db && python -m assistant eval eval/aidf_eval.jsonl --db /tmp/db
"""

from __future__ import annotations

import json

import pytest
from conftest import EVAL_SET

from assistant.evaluation import load_items, run_evaluation

# metric -> (comparison, floor). Round one's rules were grown on this very set (answer 0.979, follow-ups
# 1.00, abstention 0.958, fact check 0.96); the fitted answering wing and the stricter fact check give
# up some of that fit for the unseen collections (tests/test_collections.py, README "Evaluation"). The
# floors are what this build measures; the issue targets stay in the README.
FLOORS = {
    # 0.894 before a statement that the record is silent counted against answering only where it has the
    # question's own specific words ("no contact email" says nothing about "who ran the fund"); 0.926
    # before a sentence naming a thing by its acronym shared the long name's words; 0.936 / 0.926 / 0.028
    # before a sentence naming the question's subject joined evidence that named none
    "answer_accuracy": (">=", 0.94),
    "retrieval_recall_at_5": (">=", 0.95),
    "citation_support": (">=", 0.93),
    "false_abstention_rate": ("<=", 0.02),
    "answers_with_unsupported_figures": ("<=", 0),
    # 0.80 with 1 false "supported" before a publisher stopped counting as what a passage is about
    "factcheck_accuracy": (">=", 0.84),
    "false_supported": ("<=", 0),
    "followup_accuracy": (">=", 0.78),
    # 0.875 before unknown surnames stopped being "corrected" to rare words; 0.92 while "classify" was not
    # an English word and declined "how does the EU AI Act classify ..." as naming something unknown
    # 0.875 until "how many X" needed a count of X; 0.917 until a numbered part asked about ("round 2")
    # had to be named in the evidence's passage
    "abstention_recall": (">=", 0.95),
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def evaluation(corpus_assistant, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "results.jsonl"
    metrics = run_evaluation(corpus_assistant, EVAL_SET, out)
    results = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    return metrics, results


def test_every_item_was_evaluated(evaluation):
    metrics, results = evaluation
    assert metrics["items"] == len(load_items(EVAL_SET)) == len(results)


@pytest.mark.parametrize("metric", list(FLOORS))
def test_floor(evaluation, metric):
    metrics, results = evaluation
    comparison, floor = FLOORS[metric]
    value = metrics[metric]
    assert value is not None, f"{metric} not measured"
    ok = value >= floor if comparison == ">=" else value <= floor
    kinds = {
        "answer_accuracy": ("answerable",),
        "followup_accuracy": ("followup",),
        "abstention_recall": ("unanswerable",),
        "factcheck_accuracy": ("claim",),
    }.get(metric)
    failing = [r["id"] for r in results.values() if (kinds is None or r["kind"] in kinds) and not r["correct"]]
    if metric == "answers_with_unsupported_figures":
        failing = [f"{r['id']}: {r['unsupported_figures']}" for r in results.values() if r.get("unsupported_figures")]
    assert ok, f"{metric} = {value}, floor {comparison} {floor}; failing items: {failing}"


def test_latency_is_reported(evaluation):
    metrics, _ = evaluation
    assert 0 < metrics["latency_ms_p50"] <= metrics["latency_ms_p95"] <= metrics["latency_ms_max"]
