"""The evaluation summary on sets of one kind of item only."""

from assistant.evaluation import summarise


def _claim(verdict: str, expected: str, ms: float) -> dict:
    return {"kind": "claim", "verdict": verdict, "expected_verdict": expected, "correct": verdict == expected, "ms": ms}


def test_a_set_of_claims_alone_is_summarised_and_timed_on_its_checks():
    summary = summarise([_claim("supported", "supported", 10.0), _claim("supported", "contradicted", 30.0)])
    assert summary["factcheck_accuracy"] == 0.5
    assert summary["false_supported"] == 1
    assert summary["answer_accuracy"] is None
    assert summary["latency_ms_p50"] == 20.0
