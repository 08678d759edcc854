"""Fact-check floors on the evaluation collections' claims (written by separate authors who saw only the
documents), as written and lower-cased. Guidance is the locked test set, reported on its own.

Issue 10's target is verdict accuracy >= 0.90 and no false or unverifiable claim marked "supported". No
development collection marks a false claim supported; accuracy is 0.71-1.00 with the second author's claims
(0.84-0.97 on the first author's alone). The locked guidance
claims measure 0.77 with no false "supported". The floors are the measured levels (README, "Evaluation");
the gap to the accuracy target is open work.
"""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation import load_items

from conftest import make_settings

COLLECTIONS = PROJECT_ROOT / "eval" / "collections"
# measured (as written and lower-cased agree) at the deadline; the target is 0.90 for every one
# Each development collection gained 40 claims written by a second author (ids "<collection>-nNN"), in
# the false kinds: before this round's changes they measured 0.69 over all four with 16 false
# "supported" (of 640 runs with the variants); 0.71 and none after. With them the floors are lower than
# the first author's claims alone gave (press release 1.0, written answer 0.96, trade press 0.93, board 0.77).
# Trade press 0.74 -> 0.77 once another figure of the claim pinned a rival amount to its subject, 0.78 once it
# pinned a rival direction too, 0.80 once a claim stating only a share was compared with a unit naming its subject.
# Press release 0.90 -> 0.91 once "won't", "isnt" and their like read as negations; board minutes 0.70 -> 0.71
# once an event dated as done was contradicted by a source naming it as still expected, with no date; 0.72 once
# a claim obliging one group and leaving another free was compared clause by clause. Written answer 0.87 -> 0.88
# once "47 now, compared with 22 in March" read as a change from 22 to 47.
# This round: "was planned to" no longer read as "as planned", a plan read in the clause giving the figure,
# "three times" as a multiplier, a role with other words as another post, "a condition of" as obliging, a
# report of a question supporting nothing, an expectation not supported by the same verb done, "the software"
# as the one product its document names, "X rather than Y" as "X, not Y", and a rival date of the very thing
# measured: trade press 0.80 -> 0.81, board minutes 0.74 -> 0.75, locked guidance 0.70 -> 0.77 with its false
# "supported" 2 -> 0 (totals only). funding_guidance (new, guidance style) 0.54 with 6 false "supported" as
# first measured, 0.67 with none.
# Next round: written answer 0.88 -> 0.92 once "Answer / The Diagnostic AI Acceleration Fund (DAAF)" gave
# its alias; diagnostics_network (new) 0.55 with 1 false "supported" as first measured, 0.60 with none once a
# bare count's predicate ("10 are pathology networks") was what it counts and a range's first day took the
# year of its second ("from 30 May to 13 June 2025"). Then a share read from a breakdown ("of the 31, 3 are
# joint bids") and a count planned in its own clause: diagnostics_network 0.60 -> 0.62, funding_guidance 0.67 -> 0.69;
# then what a unit denies in the claim's own words as the opposite: 0.64 and 0.71; "attracted" read as
# "received": diagnostics_network 0.66; "the Pathfinder" / "the Board" read as the one name they end:
# diagnostics_network 0.68, board minutes 0.75 -> 0.76; "allowed" / "permitted" and "money" / "funding" as
# the same words: written answer 0.93 -> 0.94. Stop 32: a value the source replaces ("now 12,300, rather than
# the 11,700") contradicted whoever else stated it, and obligations stated for two groups read clause by
# clause: board minutes 0.76 -> 0.78, trade press 0.81 -> 0.82. Stop 33: evidence sentences carry their
# words of the same meaning ("bids" / "applications"): diagnostics_network 0.68 -> 0.70, funding_guidance
# 0.71 -> 0.73. Stop 34: a purpose ("with the aim of") is a clause of its own and an award made is not
# contradicted by a payment still to come: diagnostics_network 0.70 -> 0.74; a place the documents are set
# in ("across England.") need not be repeated by the unit: press release 0.91 -> 0.92.
ACCURACY_FLOOR = {"corpus": 1.0, "press_release": 0.92, "written_answer": 0.94, "trade_press": 0.82, "guidance": 0.76,
                  "board_minutes": 0.79, "funding_guidance": 0.72, "diagnostics_network": 0.74,
                  # unseen until stop 35 (0.756 with 3 false "supported" / 0.711 with 1 when first measured)
                  "fresh2": 0.88, "fresh3": 0.75}
# The target is 0 everywhere. The locked guidance claims measured 1 false "supported" with fact check v2
# on the old PDF reader and 2 once page furniture was dropped and headings found (loaders/layout.py; its
# failures were not looked at, so as not to tune on it), and 0 since the fixes above (found on the
# development collection funding_guidance). Guidance accuracy: 0.733 on the old reader, 0.70 on the new, 0.767 now.
# The board-minutes claims (written after fact check v2, in the false kinds) measured 0.57 and 6
# false "supported" as first run (0.55 lower-cased); 0.64 and 1, as written and lower-cased, once roles were checked against the documents' own (lists of
# those present, employers) and people known from lists of those present were read in lower case, "up from" read as a rise and a figure the source sets aside ("rather than
# the 11,700") no longer supported the claim. The one left is a claim without figures judged on similarity.
# Accuracy 0.66 -> 0.705 (31 of 44) once a claim's short name ("Ousebridge") owned the figures of the longer
# name the source writes ("Ousebridge Royal Infirmary"); 0.727 (32 of 44) once "doubled" was checked
# against the two values a source gives for a rise or fall; 0.75 (33 of 44) once a figure the source sets
# aside ("rather than the 11,700") stopped counting as stated anywhere. The last false "supported" (a
# claim without figures, "patients can opt out ...") went once "opt out" read as optional; a claim
# without figures is now contradicted by a negation only in its own words, which turned one right
# "contradicted" into "not found": still 33 of 44.
# 34 of 44 once a sentence in the middle of a quotation was its speaker's.
FALSE_SUPPORTED_FLOOR: dict[str, int] = {}  # 0 everywhere; the locked guidance claims measured 2 until this round
LOCKED = "guidance"


@pytest.fixture(scope="session", params=sorted(ACCURACY_FLOOR))
def collection(request, tmp_path_factory, corpus_assistant):
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    folder = COLLECTIONS / request.param
    docs = folder / "docs"
    if docs.is_dir():
        settings = make_settings(tmp_path_factory.mktemp(f"claims-{request.param}"), sources=[docs])
        assert not run_ingest(settings).failed
        assistant = Assistant(settings)
    else:
        assistant = corpus_assistant
    claims = [item for item in load_items(folder / "questions.jsonl") if item["kind"] == "claim"]
    return request.param, assistant, claims


@pytest.mark.parametrize("lower", [False, True], ids=["as_written", "lower"])
def test_claim_verdict_floors(collection, lower):
    name, assistant, claims = collection
    results = [(item, assistant.check_claim(item["claim"].lower() if lower else item["claim"])) for item in claims]
    accuracy = sum(r.verdict == item["verdict"] for item, r in results) / len(results)
    false_supported = [item["id"] for item, r in results if r.verdict == "supported" and item["verdict"] != "supported"]
    assert len(false_supported) <= FALSE_SUPPORTED_FLOOR.get(name, 0), f"{name}: false or unverifiable claims marked supported: {false_supported}"
    assert accuracy >= ACCURACY_FLOOR[name], f"{name}: accuracy {accuracy:.2f}"
    assert all(r.decided_by for _, r in results)
