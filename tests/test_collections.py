"""Acceptance floors on the evaluation collections, as typed and lower-cased.

Each collection in eval/collections/ was written by a separate author who saw its documents but not
the code. ``guidance`` is the locked test: nothing is tuned on it. The floors are what the product
measures (README, "Evaluation"); raise them as quality improves, never lower one to make a change
pass. Issue targets not yet met are listed in TARGETS so the gap stays visible.

    python -m assistant eval eval/collections/guidance --variants
"""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation import run_collection

COLLECTIONS = PROJECT_ROOT / "eval" / "collections"
VARIANTS = ("as_written", "lower", "typo")

# metric -> (comparison, floor) per collection: measured values as written and lower-cased, rounded
# down (or up, for false abstention); the locked collection first. Last changed by the refit that
# followed the typo corrector's move into language/ (shared with the fact check) and the relevance
# floor's move to the minimum: guidance false abstention 0.176 -> 0.216 and press release 0.814 -> 0.791
# got worse; written answer 0.750 -> 0.773 and every typo variant got better (README, "Evaluation").
FLOORS: dict[str, dict[str, tuple[str, float]]] = {
    "guidance": {
        # 0.644 / 0.33 / 0.71 / 0.216 before PDF page furniture was dropped and headings found (loaders/layout.py)
        # 0.667 before a measure named in a question led by another question word was no longer asked for
        # ("who confirms the cost"), which also lost one follow-up (0.5 -> 0.33); unseen collection: 0.575 -> 0.625
        # 0.689 / 0.74 / 0.176 before words coined since 1934 ("email", "workforce") were English words
        # 0.711 / 0.765 before a sentence naming a thing by its acronym shared the long name's words
        # 0.733 / 0.157 / 0.50 / 0.78 before a PDF table's rows were read under their column headings
        "answer_accuracy": (">=", 0.77),
        # 0.50 before English-word names of bodies ("the welsh government") were unknown names; 0.56 / 0.33
        # before a phone number or email address asked for by name had to be given as such, "how long" asked
        # for a length and "the maximum award" for money (development collection funding_guidance)
        # Lowered 0.68 -> 0.62 with PDF tables read as rows: one more unanswerable question is answered (10
        # of 16 declined, from 11), while answers went 0.733 -> 0.778 and false abstention 0.157 -> 0.118.
        # The failure was not looked at (locked); the trade is recorded in the README. 0.625 -> 0.688 once a
        # question for one end of a range was declined when the lead gave the other end (rule other_end);
        # 0.750 once a day asked for ("what day exactly") was not given by a month and a body that intends
        # to appoint a post no longer answered who holds it
        "abstention_recall": (">=", 0.75),
        # 0.667 / 0.118 before a sentence's words carried their words of the same meaning (bid / application)
        "followup_accuracy": (">=", 0.83),
        # 0.824 / 0.098 before a percentage the question states ("failed the 60% pass mark") stopped asking for one
        "citation_support": (">=", 0.86),
        "false_abstention_rate": ("<=", 0.06),
    },
    "corpus": {
        "answer_accuracy": (">=", 0.97),  # 0.952 before sentence search was made exact and repeatable
        # 0.75 before a contact asked for had to be given ("who do i email"); 0.81 before a UK place whose name
        # is an English word ("wales", "midlands") was an unknown name; 0.88 before a numbered part asked
        # about ("round 2") had to be named in the evidence's passage
        "abstention_recall": (">=", 0.93),
        "followup_accuracy": (">=", 0.87),
        "citation_support": (">=", 0.96),
        "false_abstention_rate": ("<=", 0.02),
    },
    "press_release": {
        # 0.791 / 0.85 before a hyphenated word was also indexed written solid ("xrays" meets "X-rays")
        "answer_accuracy": (">=", 0.81),
        # 0.467 before slips were put right only to common English words; 0.53 before "cost per scan"
        # had to be answered by so much per something; 0.60 before "what time" asked for a time or date;
        # 0.667 before a body beside a post it "must appoint" no longer answered who holds it; 0.733 before
        # "which 7 networks" had to be answered by a name (rule no_name_given)
        "abstention_recall": (">=", 0.80),
        "followup_accuracy": (">=", 1.0),
        # 0.898 / 0.020 until "how many X" had to be given a count of X even where the sentence never
        # speaks of X: "how many of KVIN's centres are live" was answered wrongly, and is now declined
        "citation_support": (">=", 0.87),
        # 0.041 until "which X" had to be answered by a name: "which network hasnt gone live yet" was answered
        # wrongly with a count of networks, and is now declined (accuracy unchanged)
        "false_abstention_rate": ("<=", 0.07),
    },
    "written_answer": {
        # "cxrs" (chest X-rays, never abbreviated in the documents) was an unknown name and declined once a
        # short word was corrected only to a document word (it was read as "cars"); "how much have
        # waits come down" is answered by the change in days since "how much" + a change asks for a change
        # 0.773 / 0.080 / 0.84 before "A total of £36 million has been allocated to the DAAF" shared the
        # words of "how big is the diagnostic ai acceleration fund"; 0.795 before an alias took only the end of a
        # capitalised run its letters fit and PDF tables were read as rows; 0.818 / 0.040 before a reader's own
        # acronym was read as the term the documents write: "% urgent cxrs reported in 48h now?" is answered
        "answer_accuracy": (">=", 0.84),
        # 0.47 while "email" was taken for a name: "what's the email address for the INDU team?" was
        # declined as naming something unknown, right for the wrong reason
        # 0.40 until a contact asked for had to be given: declined again, now for the right reason;
        # 0.467 until a post asked for ("who is the boss of ...") had to be named beside the person;
        # 0.533 until "how many X" needed a count of X ("how many radiologists work in ..."); 0.60 until a UK
        # place whose name is an English word ("wales") was an unknown name
        "abstention_recall": (">=", 0.66),
        # With page furniture dropped and cut sentences joined: follow-ups 0.667 -> 0.833; one more
        # answerable question declined (false abstention 0.06 -> 0.08, citation support 0.86 -> 0.84)
        "followup_accuracy": (">=", 0.83),
        # 0.88 / 0.020 until "which X" had to be answered by a name: "which trusts are going live by june 2025"
        # was answered wrongly with "a further 11 trusts ...", and is now declined (accuracy unchanged)
        "citation_support": (">=", 0.86),
        "false_abstention_rate": ("<=", 0.04),
    },
    "board_minutes": {
        # Written after the answering wing was built. As first measured: 0.745 / 0.39 / 0.44 / 0.73 / 0.107;
        # then short forms ("48 hrs"), measures named without "how much" ("salary", "size of", "rate"),
        # labelled fields kept with their sentence ("Owner: ...") and figures asked for at another date
        # 0.830 / 0.036 before table rows were read with their column headings ("Expected X-rays per
        # month: 4,200"), which lost one follow-up: "was that changed later?" now leads with the memo's rows
        # (0.556 -> 0.444); 0.851 / 0.036 before a sentence giving a length ("24 months") scored as giving
        # the kind asked
        "answer_accuracy": (">=", 0.87),
        # 0.50 before a paragraph's number stopped counting as a figure (one count question lost its decline),
        # 0.46 after; 0.50 again once a rate had to be a share or so many per something; 0.538 once "per
        # scan" had to be given; 0.615 once "how many X" needed a count of X
        "abstention_recall": (">=", 0.61),
        # 0.444 / 0.821 before "changed" and "revised" were words of the same meaning ("was that changed later?")
        "followup_accuracy": (">=", 0.55),
        "citation_support": (">=", 0.83),
        # 0.018 until "The Diagnostic AI Acceleration Fund (DAAF)" after a heading gave its alias: one question
        # answered wrongly before ("when did FractaLens go live at ...") is now declined, which counts here
        "false_abstention_rate": ("<=", 0.02),
    },
    "funding_guidance": {
        # Written this round (guidance style: numbered-section PDF with tables, FAQ page, update note). As
        # first measured: 0.711 / 0.39 / 0.73 / 0.78 / 0.102; then phone and email asked by name, "how long",
        # "the maximum award", "Of this total ..." brought its sentence, UK places as names, numbered parts,
        # "how many actually took part", "bring down" as a change and a deadline named in a how-many question
        # 0.816 / 0.82 / 0.86 / 0.061 before a PDF table's rows were read under their column headings;
        # 0.895 / 0.898 / 0.041 before a sentence giving a length ("15 pages") scored as giving the kind asked;
        # 0.921 / 0.918 / 0.020 before a sentence's words carried their words of the same meaning
        "answer_accuracy": (">=", 0.94),
        "abstention_recall": (">=", 0.77),  # 0.611 before "which three nhs regions" had to be answered by a name
        "followup_accuracy": (">=", 0.9),
        "citation_support": (">=", 0.93),
        "false_abstention_rate": ("<=", 0.01),
    },
    "diagnostics_network": {
        # Written this round by a new author (guidance PDF with tables, dear-colleague letter as text, news
        # page). As first measured: 0.50 / 0.26 / 0.60 / 0.61 / 0.241; then PDF tables read as rows, England's
        # regions as places ("the north west") and chat short forms ("ppl", "orgs"); 0.568 / 0.185 before a
        # reader's own acronym ("eoi") was read as the term the documents write, which also lost one decline
        # that had been right for the wrong reason ("how many of the eois were from pathology networks" was
        # declined for naming something unknown; it is now answered with all 57): 0.316 -> 0.263; 0.316 again
        # once "the smallest award" was declined when the lead gave only the maximum (rule other_end); 0.421
        # once "the Pathfinder" was the one name it ends ("Diagnostic Digital Pathfinder"); 0.614 / 0.148 /
        # 0.421 / 0.704 before a sentence naming another of the kind asked about ("Band B" for "Band A")
        # stopped leading: "how much funding went to band c networks in total" is now answered with Band C's
        # maximum award; 0.659 before a sentence opening "He ..." brought the one it refers to; 0.368 before
        # a day asked for was not given by a month and a body intending to appoint did not hold the post;
        # 0.111 before a sentence giving a length scored as giving the kind asked; 0.474 before a financial
        # year ("2026/27") was a period of its own; 0.682 / 0.741 before "how long" stopped making "long" a
        # topic word and "min font size" asked for a figure; 0.093 before words of the same meaning;
        # 0.727 before "in response to" gave a reason; 0.526 before "which 3 networks dropped out" had to be
        # answered by a name, not by "three networks withdrew"
        "answer_accuracy": (">=", 0.75),
        "abstention_recall": (">=", 0.63),
        "followup_accuracy": (">=", 0.9),
        "citation_support": (">=", 0.77),
        "false_abstention_rate": ("<=", 0.08),
    },
    "trade_press": {
        # 0.674 before acronyms of bodies written in lower case ("icb") were known; 0.698 before plain-text
        # headings were found (minutes' "4. PERFORMANCE REPORT"), which also cost one decline (0.562 -> 0.5)
        # 0.767 / 0.082 / 0.837 before table rows were read with their column headings ("Scans per week:
        # 2,150"); one question about a minutes attendee list was lost as the documents' word weights moved
        "answer_accuracy": (">=", 0.79),
        "abstention_recall": (">=", 0.68),  # 0.625 until a post asked for had to be named ("chief executive")
        "followup_accuracy": (">=", 0.83),  # 0.5 before names ended where the text ends them (check-v2)
        "citation_support": (">=", 0.85),
        "false_abstention_rate": ("<=", 0.07),
    },
}
# The targets, for the report only
TARGETS = {"answer_accuracy": 0.92, "false_abstention_rate": 0.05, "abstention_recall": 0.90, "followup_accuracy": 0.90}
ALWAYS = {"answers_with_unsupported_figures": ("<=", 0), "variant_agreement": (">=", 0.9)}
# With one typo the verdicts must agree with the as-written ones (measured 1.0 on every collection once
# two slips that keep a word's letters were put right; 0.97-0.99 before); the accuracy floors are not applied
TYPO_AGREEMENT = (">=", 1.0)
# Where a question is written with a slip already ("elegible", "orignal"), the added typo can land in the
# same word, which is then two slips from the word meant and is not put right (by design: see typos.py)
TYPO_AGREEMENT_WITH_DOUBLE_SLIPS = {"guidance": (">=", 0.99), "board_minutes": (">=", 0.98)}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=list(FLOORS))
def measured(request, corpus_settings):
    name = request.param
    return name, run_collection(corpus_settings, COLLECTIONS / name, variants=VARIANTS)


def _value(metrics: dict, variant: str, metric: str):
    return metrics[metric] if variant == "as_written" else metrics[variant][metric]


@pytest.mark.parametrize("variant", VARIANTS)
def test_floors(measured, variant):
    name, metrics = measured
    if variant == "typo":
        floors = {"variant_agreement": TYPO_AGREEMENT_WITH_DOUBLE_SLIPS.get(name, TYPO_AGREEMENT)}
    else:
        floors = {**FLOORS[name], **({} if variant == "as_written" else {"variant_agreement": ALWAYS["variant_agreement"]})}
    floors["answers_with_unsupported_figures"] = ALWAYS["answers_with_unsupported_figures"]
    failures = []
    for metric, (comparison, floor) in floors.items():
        value = _value(metrics, variant, metric)
        if not (value >= floor if comparison == ">=" else value <= floor):
            failures.append(f"{metric} = {value} (floor {comparison} {floor})")
    listed = metrics["failures"] if variant == "as_written" else metrics[variant]["failures"]
    assert not failures, f"{name} {variant}: {failures}; failing items: {listed}"
