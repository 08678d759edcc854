"""Fact checks on the shipped corpus: supported / contradicted / not_found, with quoted, dated evidence."""

from __future__ import annotations

import re

import pytest

from assistant.factcheck import split_claims
from assistant.language.figures import extract_figures
from assistant.language.sentences import split_sentences
from assistant.types import InvalidRequest


def assert_evidence_is_quoted(result) -> None:
    assert result.decided_by
    for citation in result.evidence:
        sentences = {citation.text[a:b] for a, b in split_sentences(citation.text)}
        # the deciding sentence, or a lead-in ("X said:") and the sentence it introduces
        assert citation.quote in sentences or all(part in sentences for part in re.split(r"(?<=[:.]) ", citation.quote))
        assert citation.title and citation.source and citation.published


# --- contradicted ------------------------------------------------------------------------------------------
def test_wrong_amount_is_contradicted_with_the_real_one(corpus_assistant):
    result = corpus_assistant.check_claim("The AI Diagnostic Fund was worth £50 million.")
    assert result.verdict == "contradicted"
    assert "£21 million" in result.explanation and "£50 million" in result.explanation
    assert result.evidence
    assert any(f.kind == "money" and f.value == 21e6 for f in extract_figures(result.evidence[0].quote))
    assert result.evidence[0].published in result.explanation  # the evidence is dated
    assert_evidence_is_quoted(result)


@pytest.mark.parametrize(
    ("claim", "rival"),
    [
        pytest.param("The AI Diagnostic Fund was announced on 23 June 2022.", "23 June 2023", marks=pytest.mark.xfail(strict=True, reason="v2 quotes the first rival date (July 2023); open")),
        ("CAMRIN is using its AI Diagnostic Fund money across 15 trusts in Cheshire and Merseyside.", "9"),
        ("PenRAD's Qure.ai qCT software processes about 5,000 chest CTs a week.", "1,200"),
    ],
)
def test_wrong_figures_are_contradicted(corpus_assistant, claim, rival):
    result = corpus_assistant.check_claim(claim)
    assert result.verdict == "contradicted", result.explanation
    assert rival in result.explanation
    assert_evidence_is_quoted(result)


@pytest.mark.xfail(strict=True, reason="fact check v2 regression, open: see docs/factcheck.md")
def test_negated_true_statement_is_contradicted(corpus_assistant):
    result = corpus_assistant.check_claim("The AI Diagnostic Fund was not announced by Steve Barclay.")
    assert result.verdict == "contradicted", result.explanation


# --- supported -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "claim",
    [
        pytest.param("Steve Barclay announced a £21m fund for AI diagnostics in June 2023.", marks=pytest.mark.xfail(strict=True, reason="fact check v2 regression, open")),  # £21m == £21 million, June 2023 ⊂ 23 June 2023
        pytest.param("The AI Diagnostic Fund had £21,000,000 to spend on AI tools.", marks=pytest.mark.xfail(strict=True, reason="fact check v2 regression, open")),
        "CAMRIN covers nine trusts in Cheshire and Merseyside.",
        "NICE DG57 requires a clinician to review the output of stroke AI software.",
        "Was the AI Diagnostic Fund announced on 23 June 2023?",
    ],
)
def test_paraphrases_are_supported(corpus_assistant, claim):
    result = corpus_assistant.check_claim(claim)
    assert result.verdict == "supported", result.explanation
    assert result.evidence
    assert_evidence_is_quoted(result)


def test_conflicting_figure_is_supported_and_names_the_others(corpus_assistant):
    result = corpus_assistant.check_claim("The AI Diagnostic Fund reached 67 trusts.")
    assert result.verdict == "supported", result.explanation
    assert result.decided_by == "sources_disagree" and len(result.evidence) == 2
    assert "64" in result.explanation or "66" in result.explanation


def test_other_figures_count_the_same_thing(corpus_assistant):
    """'Other sources give ...' lists rival values of the claimed quantity, not unrelated numbers."""
    result = corpus_assistant.check_claim("Brainomix e-Stroke was used across five stroke networks.")
    assert result.verdict == "supported", result.explanation
    assert "111,000" not in result.explanation, result.explanation  # patients, not networks


@pytest.mark.xfail(strict=True, reason="fact check v2 regression, open: see docs/factcheck.md")
def test_both_award_totals_are_supported_with_the_rival_named(corpus_assistant):
    for claimed, rival in (("£113 million", "£123 million"), ("£123 million", "£113 million")):
        result = corpus_assistant.check_claim(f"The AI in Health and Care Award gave {claimed} to 86 technologies.")
        assert result.verdict == "supported", result.explanation
        assert rival in result.explanation


# --- not found -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "claim",
    [
        "The fund paid for robot surgeons in Scotland.",
        "The fund's bidding guidance was written by NASA.",
        "The Welsh Government added £5 million to the AI Diagnostic Fund.",
        "Paris is the capital of France.",
    ],
)
def test_unknown_topics_are_not_found(corpus_assistant, claim):
    result = corpus_assistant.check_claim(claim)
    assert result.verdict == "not_found", result.explanation


def test_documented_gap_is_not_found_not_contradicted(corpus_assistant):
    result = corpus_assistant.check_claim("The deadline for AI Diagnostic Fund bids was 31 August 2023.")
    assert result.verdict == "not_found", result.explanation
    assert result.evidence  # the sentence saying the record is silent
    assert "does not cover" in result.explanation or "No indexed document" in result.explanation


@pytest.mark.parametrize(
    ("typed", "as_meant"),
    [
        ("the ai diagnostic fund was worth £50 milion.", "The AI Diagnostic Fund was worth £50 million."),
        ("CAMRIN is using its AI Diagnostic Fund money acros 15 trusts in Cheshire and Merseyside.",
         "CAMRIN is using its AI Diagnostic Fund money across 15 trusts in Cheshire and Merseyside."),
        ("the fund paid for robto surgeons in Scotland.", "The fund paid for robot surgeons in Scotland."),
    ],
)
def test_a_slip_or_lower_case_does_not_change_the_verdict(corpus_assistant, typed, as_meant):
    result, meant = corpus_assistant.check_claim(typed), corpus_assistant.check_claim(as_meant)
    assert (result.verdict, result.decided_by) == (meant.verdict, meant.decided_by), result.explanation
    assert result.claim == typed  # shown as typed


# --- paragraphs --------------------------------------------------------------------------------------------
PARAGRAPH = (
    "The AI Diagnostic Fund was worth £50 million. Steve Barclay announced it on 23 June 2023. "
    "CAMRIN covers 9 trusts in Cheshire and Merseyside. The fund paid for robot surgeons in Scotland."
)


def test_paragraph_is_split_into_claims_each_with_a_verdict(corpus_assistant):
    results = corpus_assistant.check(PARAGRAPH)
    assert [r.claim for r in results] == [
        "The AI Diagnostic Fund was worth £50 million.",
        "Steve Barclay announced it on 23 June 2023.",
        "CAMRIN covers 9 trusts in Cheshire and Merseyside.",
        "The fund paid for robot surgeons in Scotland.",
    ]
    assert [r.verdict for r in results] == ["contradicted", "supported", "supported", "not_found"]
    for result in results:
        assert "total" in result.timings_ms
        assert_evidence_is_quoted(result)
        data = result.to_dict()
        assert set(data) >= {"claim", "verdict", "explanation", "evidence", "timings_ms"}


def test_split_claims():
    assert split_claims("Yes. Two words here.") == ["Two words here."]  # a one-word fragment states nothing
    assert split_claims("It was £21m, announced by DHSC. It went to 64 trusts.") == [
        "It was £21m, announced by DHSC.",
        "It went to 64 trusts.",
    ]
    assert split_claims("ok") == ["ok"]  # too short to split, kept whole


@pytest.mark.parametrize("text", ["", "   ", None, 12])
def test_invalid_claims_are_refused(corpus_assistant, text):
    with pytest.raises(InvalidRequest):
        corpus_assistant.check(text)
