"""The answering tables, one case per row: answer kinds (how asked, how given) and the decline rules.

To add an answer kind or a rule, add its row in assistant/answer/ and a case here. Every rule case
also runs lower-cased: letter case must never change a decision. The documents are made up (places
that exist nowhere else), so a pass cannot come from the shipped corpus.
"""

from __future__ import annotations

import random

import pytest
from conftest import make_settings

from assistant.answer.evidence import counts_noun, rare_word_share
from assistant.answer.kinds import KINDS, asked_kinds, given_kinds
from assistant.answer.reading import read_question, role_asked
from assistant.answer.rules import ANSWERED, RULES
from assistant.evaluation import load_items
from assistant.ingestion import run_ingest
from assistant.language.figures import extract_figures
from assistant.language.lexicon import holds_role
from assistant.service import Assistant

# kind -> (a question asking for it or None, a sentence giving it)
KIND_CASES = {
    "money": ("how much did the kestrel network get", "The network received £2.5 million in 2024."),
    "date": ("when did it go live?", "It went live on 3 March 2024."),
    "count": ("how many trusts are in it", "The network covers 7 trusts."),
    "rate": ("what is the sensitivity of the tool", "It reported 61% of films within 48 hours."),
    "limit": ("min font size for the application?", "Applications must use a font size of at least 11 point."),
    "change": ("how much have waiting times come down", "The median wait has fallen from 11 days to 4 days."),
    "percent": ("what proportion of scans were read by ai", "About a third of scans were read by the tool."),
    "person": ("which minister announced it", "Health Minister Jane Doe announced the scheme."),
    "contact": ("how do i contact the programme team", "Questions can be sent to diagnostics.team@example.nhs.uk."),
    "phone": ("whats the phone number for the programme team", "Call the programme team on 0113 825 0000."),
    "email": ("what's the email address for the programme team", "Questions can be sent to diagnostics.team@example.nhs.uk."),
    "duration": ("how long can the application be", "Applications must be no longer than 15 pages."),
    "per_something": ("what does the licence cost per scan", "The licence costs £1.20 per scan."),
    "day": ("what day exactly does the panel sit", "The panel sits on 8 July 2025."),
    "reason": ("why was the launch delayed", "The launch was delayed because of a procurement dispute."),
    "gap": (None, "The supplier chosen by the network was not published."),
}


def test_every_kind_has_a_case():
    assert set(KIND_CASES) == {kind.name for kind in KINDS}


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_kind_is_asked_and_given(kind):
    question, sentence = KIND_CASES[kind]
    if question is not None:
        assert kind in asked_kinds(question)
        assert kind in asked_kinds(question.upper())
    assert kind in given_kinds(sentence)


def test_a_rate_is_a_share_or_so_many_per_something_not_any_count():
    """A sentence that names a rate and gives only when it is measured ("at 3 and 6 months") does not
    give the rate; "so many per month" or "4 in 10" does."""
    assert "rate" not in given_kinds("ED recall rate for patients with a missed fracture; staff survey at 3 and 6 months.")
    assert "rate" not in given_kinds("the network has 3 sites and 6 scanners")
    for given in ("12,300 x-ray examinations per month", "about 4 in 10 scans were flagged", "they read 1,200 chest cts a week"):
        assert "rate" in given_kinds(given) and "rate" in given_kinds(given.upper())


def test_a_percentage_the_question_states_is_not_asked_for():
    """"how many bids failed the 60% pass mark" asks for a count; a bare "%" or "per cent" asks for a share."""
    for question in ("how many bids failed the 60% pass mark", "how many trusts got 20 per cent more"):
        assert "percent" not in asked_kinds(question) and "count" in asked_kinds(question)
    for question in ("% urgent cxrs reported in 48h now?", "what % of scans were flagged", "what per cent of trusts applied"):
        assert "percent" in asked_kinds(question)


def test_a_response_or_a_purpose_gives_a_reason():
    """"why was the deadline extended" is answered by "we made this change in response to feedback"."""
    assert "reason" in given_kinds("We have made this change in response to feedback from networks.")
    assert "reason" in given_kinds("The window was extended in order to allow board sign-off.")
    assert "reason" not in given_kinds("The application deadline has been extended to 13 June 2025.")


def test_the_least_or_most_allowed_is_a_figure_not_a_name():
    """"min font size" wants a figure of any measure; "which network got the maximum award" a name."""
    assert asked_kinds("what is the max page count for a bid") >= {"limit"}
    assert "limit" not in asked_kinds("which network got the maximum award")
    assert "limit" not in given_kinds("Applications must use the required font size.")


def test_how_much_a_thing_changed_is_not_asked_in_money():
    """"how much has X gone up" wants the size of the change, whatever it measures; money only when named."""
    assert asked_kinds("how much has demand for scans gone up") == {"change"}
    assert asked_kinds("by how much did reporting times improve?") == {"change"}
    assert asked_kinds("how much has the budget increased") == {"change", "money"}
    assert asked_kinds("how much did the network get") == {"money"}
    assert asked_kinds("by how much did the pilot bring down length of stay") == {"change"}


def test_a_measure_named_in_a_question_asking_for_something_else_is_not_asked_for():
    """"who confirms the cost" wants a person, "does it cover staff costs" a yes or no: neither is
    answered by an amount, while "what's the cost" and "the salary of X" are."""
    assert asked_kinds("who has to confirm the interface cost and by when") == {"person", "date"}
    assert asked_kinds("does the award cover staff costs") == frozenset()
    assert asked_kinds("when is the licence fee due?") == {"date"}
    assert asked_kinds("whats the licence fee") == {"money"}
    assert asked_kinds("what is jane doe's salary") == {"money"}
    assert asked_kinds("what was the size of the backlog") == {"money", "count"}
    assert asked_kinds("what has the outsourcing spend on reporting been this year") == {"money"}
    assert asked_kinds("what will they spend on training") == frozenset()
    assert asked_kinds("what will trusts spend the money on") == frozenset()


def test_so_much_per_something_qualifies_what_is_asked():
    """"the cost per scan" asks for money and for so much per something; a period asked for
    ("each month") is given by "monthly" or "a month" too; "per cent" is no such qualifier."""
    assert asked_kinds("how much does the supplier charge per scan") == {"money", "per_something"}
    assert asked_kinds("how many x-rays does england do each month") == {"count", "per_something"}
    assert asked_kinds("what per cent of scans were flagged") == {"percent"}
    assert asked_kinds("how much did each network get") == {"money"}
    for given in ("The annual licence cost is £310,000.", "about 1,200 chest CTs a week", "£1.20 for each image"):
        assert "per_something" in given_kinds(given) and "per_something" in given_kinds(given.upper())
    assert "per_something" not in given_kinds("The contract is worth £418,000 for 24 months.")


def test_a_day_asked_for_is_not_given_by_a_month():
    """"what day exactly" and "the exact date" ask for a day: a month or a year does not give one, a
    weekday or a full date does."""
    for question in ("what day exactly does the panel sit", "whats the exact date of the webinar", "when exactly do bids close"):
        assert asked_kinds(question) == {"date", "day"}
    assert asked_kinds("when do bids close") == {"date"}
    assert "day" not in given_kinds("The panel will meet in July 2025.")
    for given in ("The panel will meet on 8 July 2025.", "Clinics run on Tuesdays."):
        assert "day" in given_kinds(given)


def test_a_deadline_named_in_a_question_asking_for_something_else_is_not_asked_for():
    assert asked_kinds("how many full applications came in by the deadline?") == {"count"}
    assert asked_kinds("whats the deadline") == {"date"}
    assert asked_kinds("who is drafting the press release and whats the deadline") == {"person", "date"}


def test_what_time_asks_for_a_time_of_day_or_a_date():
    assert "date" in asked_kinds("what time does the helpline open")
    assert "date" not in asked_kinds("what time frame applies to the evaluation?")
    for given in ("The helpline is open from 9am to 5pm.", "Doors open at 14:30.", "It starts at 9.30 a.m. on Fridays."):
        assert "date" in given_kinds(given)
    assert "date" not in given_kinds("The licence costs £2.50 per scan.")


def test_a_contact_is_an_address_or_a_number():
    for given in ("Email aidf@dhsc.gov.uk for help.", "See www.england.nhs.uk/ai for details.", "Call 0113 825 0000."):
        assert "contact" in given_kinds(given)
    assert "contact" not in given_kinds("Contact your regional team for details.")
    assert asked_kinds("who do i contact about my bid") == {"contact"}


def test_a_phone_number_asked_for_is_not_answered_by_an_email_address():
    assert asked_kinds("phone number for the press office?") == {"phone"}
    assert asked_kinds("who do i email about my bid") == {"email"}
    assert "phone" not in given_kinds("Questions should be sent to the team at team@example.nhs.uk.")
    assert "email" not in given_kinds("Call 0113 825 0000.")


def test_how_long_is_a_length_of_time_or_text():
    """"how long" is answered by so many units of time or length, or by when a period ends."""
    for question in ("how long is the contract", "How long can the full application be?", "how much longer will it take"):
        assert asked_kinds(question) == {"duration"}
    for given in ("a 30-minute clinic", "within five working days", "The contract runs until March 2027.", "no more than 15 pages"):
        assert "duration" in given_kinds(given)
    assert "duration" not in given_kinds("The award is £2.5 million.")


def test_the_largest_sum_or_a_cap_on_it_asks_for_money():
    """The most allowed of a sum asks for money (and, as any "max", for a figure: kind ``limit``)."""
    assert asked_kinds("what is the maximum award for a large trust") == {"money", "limit"}
    assert asked_kinds("max grant for a small trust?") == {"money", "limit"}
    assert asked_kinds("what's the cap on revenue funding") == {"money"}
    assert asked_kinds("when are awards announced") == {"date"}


@pytest.mark.parametrize(
    "question",
    [
        "How much does the ChestView CXR2 software cost per scan?",
        "who do i email about the kestrel valley award?",
        "what time does the kestrel valley network process chest cts?",
        "what time of day do kvin staff read the chest x-ray ai results",
    ],
)
def test_a_qualifier_contact_or_time_the_evidence_never_gives_is_declined(tiny, question):
    answer = tiny.ask(question)
    assert answer.abstained, (answer.decided_by, answer.answer)


@pytest.mark.parametrize("question", ["How much does the ChestView CXR2 software cost?", "how much was the kestrel valley award?"])
def test_the_same_questions_without_the_qualifier_or_contact_are_answered(tiny, question):
    assert not tiny.ask(question).abstained


@pytest.mark.parametrize("question", ["how many scans a week does HIN read?", "how many scans per week does the harrowdale network read"])
def test_a_table_cell_is_answered_with_its_row_and_column_heading(tiny, question):
    answer = tiny.ask(question)
    assert not answer.abstained and "Scans per week: 2,150" in answer.answer, (answer.decided_by, answer.answer)


@pytest.mark.parametrize("question", ["who is the chief executive of the kestrel valley network?", "Who is the boss of KVIN?"])
def test_a_post_nobody_is_named_in_is_declined(tiny, question):
    answer = tiny.ask(question)
    assert answer.abstained, (answer.decided_by, answer.answer)


@pytest.mark.parametrize("question", ["who is the health minister", "Who was the minister quoted about the Kestrel Valley award?"])
def test_a_post_named_beside_a_person_is_answered(tiny, question):
    answer = tiny.ask(question)
    assert not answer.abstained and "Jane Doe" in answer.answer, (answer.decided_by, answer.answer)


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("who is the chief executive of brackenfield trust?", ("chief", "executive")),
        ("Who was the Clinical Lead for AI?", ("clinical", "lead")),
        ("who is the supplier of the software", ()),  # a body's part, said with a verb
        ("who is the person to ask", ()),
        ("how much did the chief executive say it cost", ()),
    ],
)
def test_the_post_a_question_asks_about(question, role):
    assert role_asked(question) == role


def test_a_post_is_held_under_its_other_names():
    assert holds_role({"chief", "executive", "jo", "bloggs"}, ("boss",))
    assert holds_role({"secretary", "of", "state", "for", "health"}, ("health", "minister"))
    assert not holds_role({"clinical", "lead", "jo", "bloggs"}, ("chief", "executive"))


def test_a_count_answers_how_many_only_of_what_it_counts():
    def figure(text):
        return extract_figures(text)[0]

    assert counts_noun(figure("FMDN covers 11 emergency departments."), frozenset({"eds"}))  # by its initials
    assert counts_noun(figure("NIHTA surveyed 312 radiographers."), frozenset({"staff"}))
    assert not counts_noun(figure("KVIN is using AI across 5 trusts."), frozenset({"radiologist"}))


def test_what_how_many_counts_ends_at_a_verb_or_an_adverb():
    from assistant.answer.reading import counted_noun

    assert counted_noun("how many actually took part?") == frozenset()
    assert counted_noun("how many were funded") == frozenset()
    assert counted_noun("how many trusts applied") == {"trust"}
    assert counted_noun("how many funded trusts are there") == {"funded", "trust"}


@pytest.mark.parametrize("question", ["how many radiologists work in the kestrel valley network?", "How many patients has KVIN scanned?"])
def test_a_count_of_something_else_does_not_answer_how_many(tiny, question):
    answer = tiny.ask(question)
    assert answer.abstained, (answer.decided_by, answer.answer)


def test_words_for_figures_give_the_figure():
    assert "money" in given_kinds("The budget doubled over the year.")
    assert "percent" in given_kinds("Two thirds of trusts joined.")
    assert "money" not in given_kinds("The network covers 7 trusts.")


KESTREL = """---
title: "Kestrel Valley imaging network"
published: "2024-05-01"
---

## Award

- The Kestrel Valley Imaging Network (KVIN) won £2 million from the Community Diagnostics AI Accelerator in 2024.
- KVIN is using the money for chest X-ray AI across 5 trusts.
- The network processes about 900 chest CTs a week with the ChestView CXR2 software.
- The ChestView CXR2 contract is worth £300,000.
- The supplier chosen by the Kestrel Valley network for CT software was not published.

## Launch

- Health Minister Jane Doe said:
- "This is a big step for patients in the valley."
"""

NORTHMOOR = """---
title: "Northmoor diagnostic network"
published: "2024-06-01"
---

## Plans

- The Northmoor Diagnostic Network has 9 member trusts.
- Northmoor plans to add stroke AI in 2025, subject to funding.
- The accelerator will pay for software licences and staff training, but not for new scanners.
- The largest single award from the accelerator was £2 million.
- NHS England intends to appoint an evaluation partner for the accelerator.
- Applications to the accelerator from diagnostic networks close on 30 June 2025.
- An application may run to no more than 12 pages.
- Networks must spend their 2024/25 accelerator allocation by 31 March 2025.
- Three networks withdrew from the accelerator before go-live.
"""

DEPLOYMENTS = """---
title: "Fracture AI deployments"
published: "2024-07-01"
---

## Deployments

| Network | AI product | Go-live month | Scans per week |
|---|---|---|---|
| Harrowdale Imaging Network (HIN) | BoneView FX | April 2024 | 2,150 |
| Pennock Diagnostic Network (PDN) | FractaScan | July 2024 | 310 |

HIN plans to extend BoneView FX to 2 more hospitals in 2025.
"""

# Other documents, so that the names above are rare, as names are in a real library.
FILLER = """---
title: "Regional diagnostics update {n}"
published: "2024-0{n}-01"
---

## Scanners

- Region {n} replaced two MRI scanners during the year.

## Staffing

- Region {n} recruited radiographers for its community diagnostic centre.

## Waiting times

- Region {n} reported shorter waits for outpatient imaging.
"""

# rule -> a question it must decide (the others must not)
RULE_CASES = {
    "nothing_relevant": None,  # no sentence at all: only an empty index gets here (tested in test_answering)
    "unknown_name": "How much did the Ravensworth network get?",
    "not_relevant": "Can I park my car at the hospital on weekends?",
    "off_topic": None,  # relevant enough yet not answered: no made-up case found; measured on the collections
    "missing_name": "When does Kestrel Valley plan to add stroke AI?",
    "other_date": "How much did the Kestrel Valley network win in 2022?",
    "other_part": "How much did the Kestrel Valley network win in the second round of the accelerator?",
    "other_end": "What was the smallest single award from the accelerator?",
    "kind_not_given": "How much will the accelerator pay for software licences and staff training?",
    "documented_gap": "Which supplier did the Kestrel Valley network choose for CT software?",
    "no_name_given": "Which 3 networks withdrew from the accelerator before go-live?",
    ANSWERED: "How much did the Kestrel Valley network win?",
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("answer-table")
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "kestrel.md").write_text(KESTREL)
    (docs / "northmoor.md").write_text(NORTHMOOR)
    (docs / "deployments.md").write_text(DEPLOYMENTS)
    for n in range(1, 4):
        (docs / f"region-{n}.md").write_text(FILLER.format(n=n))
    settings = make_settings(tmp, sources=[docs])
    assert not run_ingest(settings).failed
    return Assistant(settings)


def test_every_rule_has_a_case():
    assert set(RULE_CASES) == {rule.name for rule in RULES} | {ANSWERED}


@pytest.mark.parametrize("rule", [name for name, q in RULE_CASES.items() if q])
@pytest.mark.parametrize("case", ["as typed", "lower case"])
def test_rule_decides_its_case(tiny, rule, case):
    question = RULE_CASES[rule] if case == "as typed" else RULE_CASES[rule].lower()
    answer = tiny.ask(question)
    assert answer.decided_by == rule, (answer.decided_by, answer.notes, answer.answer)
    assert answer.abstained == (rule != ANSWERED)


def test_a_day_is_not_answered_by_a_month(tiny):
    """The table gives Pennock's go-live month: it answers "when", not "what day exactly"."""
    assert not tiny.ask("when did fractascan go live at pennock?").abstained
    assert tiny.ask("what day exactly did fractascan go live at pennock?").abstained


def test_a_financial_year_asked_about_must_date_the_evidence(tiny):
    """"2025/26" is a period of its own: a sentence about the 2024/25 allocation, dated 31 March 2025,
    does not answer for 2025/26, whatever kind of answer is asked for."""
    assert not tiny.ask("by when must networks spend their 2024/25 accelerator allocation?").abstained
    answer = tiny.ask("by when must networks spend their 2025/26 accelerator allocation?")
    assert answer.abstained and answer.decided_by == "other_date", (answer.decided_by, answer.answer)


def test_a_post_still_to_be_filled_is_not_answered_by_whoever_fills_it(tiny):
    """"NHS England intends to appoint an evaluation partner" names the appointer, not the partner."""
    answer = tiny.ask("who is the evaluation partner for the accelerator")
    assert answer.abstained and answer.decided_by == "kind_not_given", (answer.decided_by, answer.answer)


def test_a_question_asks_for_names_when_which_or_what_leads_to_a_kind_of_body_or_product():
    from assistant.answer.reading import NAMES_ASKED

    for question in ("which 3 networks dropped out", "what ai products are we allowed to buy", "list the nine suppliers",
                     "which funded networks went live", "who makes the triage software"):
        assert NAMES_ASKED.search(question), question
    for question in ("what happens if our tool still isnt live", "what helped networks deploy ai", "what does the network get",
                     "what is the maximum award for each network", "which of the networks got most"):
        assert not NAMES_ASKED.search(question), question


@pytest.mark.parametrize("question", ["Which other networks besides Kestrel Valley won money from the Community Diagnostics AI Accelerator?",
                                      "which networks apart from kestrel valley won money from the community diagnostics ai accelerator"])
def test_the_questions_own_name_in_another_form_is_no_name_given(tiny, question):
    """"KVIN" is the Kestrel Valley Imaging Network the question names, not another network."""
    answer = tiny.ask(question)
    assert answer.decided_by == "no_name_given", (answer.decided_by, answer.answer)


@pytest.mark.parametrize("question", ["which network uses FractaScan?", "which network uses fractascan",
                                      "what software does the kestrel valley network use for chest x-rays"])
def test_a_question_asking_which_body_or_product_is_answered_by_evidence_naming_one(tiny, question):
    answer = tiny.ask(question)
    assert not answer.abstained, (answer.decided_by, answer.notes)


def test_which_bodies_is_not_answered_by_how_many(tiny):
    """"Three networks withdrew" says how many, not which; the body or product a question names is no answer."""
    for question in ("which three networks withdrew from the accelerator",
                     "who makes chestview cxr2",
                     "which networks in the northmoor diagnostic network withdrew from the accelerator"):
        answer = tiny.ask(question)
        assert answer.abstained, (question, answer.answer)


def test_a_length_asked_for_scores_as_the_kind_asked(tiny):
    """A sentence giving a length ("12 pages") scores as giving the kind asked, as a figure does."""
    from assistant.answer.evidence import candidates, sentence_features
    from assistant.answer.reading import read_question
    from assistant.answer.tuning import SENTENCE_FEATURES
    from assistant.retrieval import retrieve

    snapshot = tiny.index.get()
    reading = read_question(snapshot, "how long can an application to the accelerator be?", [])
    found = retrieve(snapshot, reading.query, snapshot.settings.candidates, snapshot.settings.rrf_k)
    scored, _ = candidates(snapshot, found, reading)
    by_text = {snapshot.sentence_text[p.sentence]: p for p in scored}
    kind_feature = SENTENCE_FEATURES.index("gives_kind_asked")
    for text, gives in (("An application may run to no more than 12 pages.", 1.0), ("Applications to the accelerator from diagnostic networks close on 30 June 2025.", 0.0)):
        pick = by_text[text]
        assert sentence_features(snapshot, found, reading, pick.chunk, 0, pick.sentence, 1.0)[kind_feature] == gives


@pytest.mark.parametrize("question", ["how long can an application to the accelerator be?", "How big is the accelerator?",
                                      "how often does the accelerator report"])
def test_the_word_after_how_asks_for_a_measure_and_is_no_topic_word(tiny, question):
    """"how long can an application be" is about the application: "long" is not a word to look for."""
    topic = read_question(tiny.index.get(), question, []).topic
    assert "accelerator" in topic and not {"long", "big", "often"} & set(topic), topic


BIDS = """---
title: "Scanner grants: how to apply"
published: "2025-03-01"
---

## Bidding

- Joint bids from two or more networks are welcome.
- Bids are scored by a national panel.
- An application may run to no more than 12 pages.
"""


def assistant_over(tmp_path, name: str, text: str) -> Assistant:
    """An assistant over one document among the filler documents."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text(text)
    for n in range(1, 4):
        (docs / f"region-{n}.md").write_text(FILLER.format(n=n))
    settings = make_settings(tmp_path, sources=[docs])
    assert not run_ingest(settings).failed
    return Assistant(settings)


def test_a_word_of_the_same_meaning_is_the_questions_own_word(tmp_path):
    """"bid" asks about what the documents also call an application: the sentence saying
    "application" shares the question's word, so the one giving the length asked for leads."""
    assistant = assistant_over(tmp_path, "bids.md", BIDS)
    for question in ("how long can a bid be?", "how long can a proposal be"):
        answer = assistant.ask(question)
        assert answer.answer.startswith("An application may run to no more than 12 pages."), (question, answer.answer)


def test_a_question_for_the_end_the_evidence_gives_is_not_declined_as_the_other_end(tiny):
    assert tiny.ask("what was the biggest single award from the accelerator?").decided_by != "other_end"


BANDS = """---
title: "Scanner grants: changes to the bands"
published: "2025-05-09"
---

## Changes

The maximum grant for a Band B network has been increased from £750,000 to £850,000. The maximum grants
for Band A, Band C and joint bids are unchanged.

## Bands

| Band | Population served | Maximum grant | Match funding |
|---|---|---|---|
| Band A | Under 1.5 million | £400,000 | 10% |
| Band B | 1.5 million to 3 million | £750,000 | 15% |
| Band C | Over 3 million | £1.2 million | 20% |
"""


def test_a_sentence_naming_another_of_the_kind_asked_about_does_not_lead(tmp_path):
    answer = assistant_over(tmp_path, "bands.md", BANDS).ask("whats the max grant for a band a network")
    assert answer.decided_by == ANSWERED and "£400,000" in answer.answer.split("[1]")[0], answer.answer


def test_a_lead_in_is_quoted_with_what_it_introduces(tiny):
    answer = tiny.ask("what did health minister jane doe say about the valley?")
    assert "Jane Doe said:" in answer.answer and "big step for patients" in answer.answer


def test_an_acronym_and_its_long_name_are_one_name(tiny):
    for question in ("how many trusts use the kvin chest x-ray ai?", "how many trusts does the kestrel valley imaging network use the ai across?"):
        answer = tiny.ask(question)
        assert not answer.abstained and "5 trusts" in answer.answer, (question, answer.decided_by)


def test_a_sentence_naming_a_thing_by_its_acronym_shares_the_long_names_words(tiny):
    snapshot = tiny.index.get()
    reading = read_question(snapshot, "what does the harrowdale imaging network plan to extend", [])
    position = next(i for i, text in enumerate(snapshot.sentence_text) if text.startswith("HIN plans to extend"))
    chunk = next(c for c, sentences in snapshot.chunk_sentences.items() if position in sentences)
    # every topic word is in the sentence, the long name's words through "HIN"
    share = rare_word_share(snapshot, reading, chunk, position, sum(reading.topic.values()))
    assert share > 0.6, (share, reading.topic)
    answer = tiny.ask("what does the harrowdale imaging network plan to extend")
    assert "HIN plans to extend" in answer.answer, (answer.decided_by, answer.answer)


@pytest.mark.parametrize("question", ["How much did the Zephyr Oak Imaging Network win?", "how much did the zephyr valley network win",
                                      "how much did zephyr oak imaging network win?"])
def test_a_place_named_in_english_words_the_documents_never_use_is_unknown(tiny, question):
    answer = tiny.ask(question)
    assert answer.decided_by == "unknown_name" and "zephyr" in answer.notes[0].lower(), (answer.decided_by, answer.notes)


@pytest.mark.parametrize("question", ["How much of the award went to trusts in the Midlands?", "how much of the award went to wales",
                                      "how much of the award went to trusts in the north west"])
def test_a_place_whose_name_is_also_an_english_word_is_unknown_when_the_documents_never_name_it(tiny, question):
    answer = tiny.ask(question)
    assert answer.decided_by == "unknown_name", (answer.decided_by, answer.answer)


@pytest.mark.parametrize("question", ["how much did the largest imaging network win?", "how much did the individual trusts get?",
                                      "how many networks helped design the framework?", "did the network choose a supplier?"])
def test_describing_words_the_documents_never_use_are_not_names(tiny, question):
    assert read_question(tiny.index.get(), question, []).unknown == ()


def _index_words(**fields):
    """An index's words alone, read by the real ``IndexSnapshot`` methods."""
    from functools import partial
    from types import SimpleNamespace

    from assistant.index import IndexSnapshot

    snapshot = SimpleNamespace(**fields)
    snapshot.abbreviates = partial(IndexSnapshot.abbreviates, snapshot)
    snapshot.writes = lambda phrase: False  # no passages
    return snapshot


def test_another_form_of_a_document_word_is_not_an_unknown_name():
    from assistant.answer.reading import unknown_words
    from assistant.language.names import Gazetteer
    from assistant.language.tokens import stem

    vocabulary = {"evaluation", "interviews", "phase"}
    snapshot = _index_words(vocabulary=vocabulary, vocabulary_stems={stem(w) for w in vocabulary}, initialisms=set(), gazetteer=Gazetteer())
    assert unknown_words(snapshot, "how many interviews did the phase 1 evaluators do?") == ()
    assert unknown_words(snapshot, "what did the evaluators say about morland?") == ("morland",)


def test_an_acronym_of_a_body_written_out_in_lower_case_is_known():
    from assistant.answer.reading import unknown_words
    from assistant.language.names import Gazetteer
    from assistant.language.tokens import words

    text = "Only one network has recurrent funding, with its integrated care board committing £390,000 a year."
    vocabulary = set(words(text))
    snapshot = _index_words(vocabulary=vocabulary, vocabulary_stems=set(), initialisms=set(), gazetteer=Gazetteer.learn([text]))
    assert unknown_words(snapshot, "how much is the ICB paying each year") == ()
    assert unknown_words(snapshot, "how much is the BMA paying each year") == ("BMA",)


def test_a_slip_becomes_a_common_english_word_never_a_rare_one(tiny):
    from assistant.language.typos import correct_typos

    corrected = correct_typos(tiny.index.get(), "did professor james morland recieve an award")
    assert "morland" in corrected and "mowland" not in corrected  # a surname, not the obsolete "mowland"
    assert "receive" in corrected


def test_a_dictionary_word_nobody_writes_today_is_a_slip_of_the_documents_word(tiny):
    """"valely" is in the 1934 dictionary but unused (Zipf 0): a swap of the documents' "valley"; two
    swapped letters are read before another letter typed ("trilped" is "tripled", not "tripped")."""
    from assistant.language.typos import correct_typos

    snapshot = tiny.index.get()
    assert correct_typos(snapshot, "how much did kestrel valely get") == "how much did kestrel valley get"
    assert correct_typos(snapshot, "has it trilped") == "has it tripled"
    assert correct_typos(snapshot, "a scenic valley walk") == "a scenic valley walk"
    # a contraction is a word of its own, not a slip ("wouldn" is no slip of "would"), and no unknown name
    assert correct_typos(snapshot, "kvin wouldn't say and hasnt said") == "kvin wouldn't say and hasnt said"
    assert read_question(snapshot, "why hasn't kvin said", []).unknown == ()


def test_a_short_word_is_never_corrected_to_a_shorter_one(tiny):
    from assistant.language.typos import correct_typos

    assert correct_typos(tiny.index.get(), "what is the capital of peru") == "what is the capital of peru"  # not "per"


def test_short_forms_are_read_as_their_words(tiny):
    from assistant.language.typos import correct_typos

    snapshot = tiny.index.get()
    assert correct_typos(snapshot, "how many reported within 48 hrs") == "how many reported within 48 hours"
    assert correct_typos(snapshot, "how many exams were read") == "how many examinations were read"
    assert read_question(snapshot, "what share within 48 HRS", []).unknown == ()
    assert read_question(snapshot, "how many ppl work for the lead orgs", []).unknown == ()  # chat short forms


def _written(*texts: str):
    """An index of these passages alone, for the real ``IndexSnapshot.spelled_out``."""
    from functools import partial
    from types import SimpleNamespace

    from assistant.index import IndexSnapshot
    from assistant.language.names import Gazetteer

    snapshot = _index_words(vocabulary={"deadline"}, initialisms=set(), gazetteer=Gazetteer(), _spelled_out={},
                            chunks=[SimpleNamespace(text=text) for text in texts])
    snapshot.spelled_out = partial(IndexSnapshot.spelled_out, snapshot)
    return snapshot


@pytest.mark.parametrize("typed, read", [("eoi deadline?", "expressions of interest deadline?"),
                                         ("how many EOIs came in", "how many expressions of interest came in")])
def test_an_acronym_the_reader_coins_is_read_as_the_phrase_the_documents_write(typed, read):
    from assistant.language.typos import expand_short_forms

    snapshot = _written("Expressions of interest close on 11 April.", "We received 57 expressions of interest.",
                        "The evaluation of its pilots ends in May.", "Each of its networks may bid.")
    assert expand_short_forms(snapshot, typed) == read


def test_a_text_of_made_up_words_looks_up_only_a_few_of_them_as_acronyms():
    from assistant.language.typos import MAX_ACRONYMS_LOOKED_UP, expand_short_forms

    snapshot = _written("Expressions of interest close on 11 April.", "We received 57 expressions of interest.")
    looked_up = []
    snapshot.spelled_out = lambda word: looked_up.append(word)
    expand_short_forms(snapshot, " ".join(f"qz{a}{b}" for a in "bcdfg" for b in "hjklm"))
    assert len(looked_up) == MAX_ACRONYMS_LOOKED_UP


def test_a_coined_acronym_is_not_spelled_out_when_the_documents_write_no_one_phrase_for_it():
    from assistant.language.typos import expand_short_forms

    written_once = _written("Expressions of interest close on 11 April.")
    assert expand_short_forms(written_once, "eoi deadline?") == "eoi deadline?"
    two_alike = _written("early outcome indicators", "early outcome indicators", "external oversight inquiry", "external oversight inquiry")
    assert expand_short_forms(two_alike, "eoi deadline?") == "eoi deadline?"
    # a run that opens or closes on a function word is no term ("each of its")
    assert expand_short_forms(_written("each of its", "each of its"), "eoi deadline?") == "eoi deadline?"


def test_a_figure_the_question_gives_is_not_what_it_counts(tiny):
    reading = read_question(tiny.index.get(), "how many of the 9,406 xrays were read at kestrel", [])
    assert reading.counted == {"xray"} and reading.stated[0].value == 9406


def test_a_typo_of_a_document_word_is_read_as_that_word(tiny):
    assert tiny.ask("how much did the kestrel netwrok win?").decided_by == ANSWERED


@pytest.mark.slow
def test_self_contained_questions_ignore_unrelated_history(corpus_assistant):
    """A question that is not a follow-up gets the same answer whatever came before."""
    from conftest import EVAL_SET

    items = [i for i in load_items(EVAL_SET) if i["kind"] in ("answerable", "unanswerable")]
    rng = random.Random(7)
    questions = rng.sample(items, 40)
    changed = []
    for item in questions:
        other = rng.choice([i for i in items if i is not item])
        history = [{"role": "user", "content": other["question"]}, {"role": "assistant", "content": corpus_assistant.ask(other["question"]).answer}]
        alone, after = corpus_assistant.ask(item["question"]), corpus_assistant.ask(item["question"], history)
        if (alone.answer, alone.abstained) != (after.answer, after.abstained):
            changed.append(item["id"])
    assert not changed


def test_a_documented_gap_quotes_the_statement_that_the_record_is_silent(tiny):
    """Declined with the documents' own gap statement even when other picks score higher."""
    from assistant.answer.compose import documented_gap
    from assistant.answer.evidence import Pick

    snapshot = tiny.index.get()

    def pick(fragment: str) -> Pick:
        position = next(i for i, text in enumerate(snapshot.sentence_text) if fragment in text)
        return Pick(position, int(snapshot.sentence_chunk[position]), 1.0)

    picks = [pick("won £2 million"), pick("Kestrel Valley Imaging Network (KVIN) won"), pick("was not published")]
    answer = documented_gap(snapshot, "which supplier did kestrel valley choose?", picks)
    assert answer.abstained and "was not published" in answer.answer and "won £2 million" not in answer.answer


def test_a_hyphenated_word_typed_solid_finds_its_passage(tiny):
    """People type "xray" for "X-ray": the lexical index knows both forms, and the passage's words cover it."""
    from assistant.language.tokens import index_terms, tokenize

    assert index_terms("chest X-ray AI") == ["chest", "x", "ray", "ai", "xray"]
    assert tokenize("chest X-ray AI") == ["chest", "x", "ray", "ai"]  # questions and claims: parts only
    # a possessive, a contraction that is a stopword, a name with an apostrophe, figures kept whole
    assert tokenize("What’s the fund's £21m for O'Neill's 86% it's") == ["fund", "£21m", "oneill", "86%"]
    snapshot = tiny.index.get()
    kestrel = [p for p, chunk in enumerate(snapshot.chunks) if chunk.source == "kestrel.md"]
    scores = snapshot.bm25_scores(tokenize("xray"))
    assert scores[kestrel].max() > 0 and int(scores.argmax()) in kestrel


def test_two_slips_that_keep_the_letters_are_put_right_two_changed_letters_are_not(tiny):
    from assistant.language.typos import correct_typos, edit_distance

    snapshot = tiny.index.get()
    assert edit_distance("netwrkos", "networks", 2) == 2 and edit_distance("kestnal", "kestrel", 2) == 2
    assert "network" in correct_typos(snapshot, "how many trusts does the kestrel netwrko cover")  # two swaps
    assert "kestnal" in correct_typos(snapshot, "how many trusts does kestnal cover")  # two letters changed: a name
    assert "xray" in correct_typos(snapshot, "does kvin use chest xary ai")  # the documents' "X-ray" written solid


def test_a_silent_record_counts_against_answering_only_where_it_speaks_to_the_question(tiny):
    """"The supplier ... was not published" is evidence that a question about the supplier has no
    answer, not that a question about the award has none."""
    from assistant.answer.evidence import Pick, is_gap, speaks_to

    snapshot = tiny.index.get()
    gap = next(i for i, text in enumerate(snapshot.sentence_text) if "was not published" in text)
    pick = Pick(gap, int(snapshot.sentence_chunk[gap]), 0.0)
    assert is_gap(snapshot, pick)
    for lower in (False, True):
        def read(question: str):
            return read_question(snapshot, question.lower() if lower else question, [])

        assert speaks_to(snapshot, read("Which supplier did the Kestrel Valley network choose?"), pick)
        assert not speaks_to(snapshot, read("How much did KVIN win?"), pick)


@pytest.mark.parametrize("sentence", ["Of this total, £36 million is capital funding.", "Of these, 12 trusts were funded.",
                                      "of the remainder, half is revenue.", "This funding pays for licences.",
                                      "He replaces Helen Marchetti, who moves to another programme.", "Her team reads every scan."])
def test_a_sentence_opening_with_a_reference_back_brings_the_one_before(sentence):
    from assistant.answer.evidence import REFERS_BACK

    assert REFERS_BACK.search(sentence)
    assert not REFERS_BACK.search("Of all trusts that applied, 12 were funded.")
    assert not REFERS_BACK.search("Helen Marchetti leads the programme.")


def test_a_numbered_part_is_read_in_figures_or_words():
    from assistant.language.figures import numbered_parts

    assert numbered_parts("when does the second round open") == [("round", "2")]
    assert numbered_parts("phase three of the programme") == [("phase", "3")]
    assert numbered_parts("in the first funding round") == [("round", "1")]
    assert numbered_parts("rounds 1 and 2 of the fund") == [("round", "1"), ("round", "2")]
    assert numbered_parts("the second time") == []


def test_a_caption_is_not_quoted_as_a_fact():
    from assistant.index import CAPTION

    for caption in ("Table 2: Assessment criteria and weightings", "figure 3. waiting times by region"):
        assert CAPTION.match(caption)
    assert not CAPTION.match("Table 1 shows that most trusts received less than they asked for, since the panel scored need first.")


def test_a_sentence_naming_the_subject_joins_picks_that_name_none():
    from types import SimpleNamespace

    from assistant.answer.evidence import Pick, _cover_the_subject
    from assistant.language.names import Gazetteer, Name

    snapshot = SimpleNamespace(
        sentence_words=[frozenset({"funding", "networks"}), frozenset({"region", "allocation"}), frozenset({"harrowfield", "network", "received"})],
        heading_words=[frozenset(), frozenset()],
        gazetteer=Gazetteer(),
    )
    reading = SimpleNamespace(subject=(Name(("harrowfield",), "harrowfield"),))
    scored = [Pick(0, 0, 1.3), Pick(1, 0, 1.2), Pick(2, 1, 1.19)]
    chosen = scored[:2]
    _cover_the_subject(snapshot, reading, scored, chosen, floor=1.06, limit=2)
    assert [p.sentence for p in chosen] == [0, 2]
    chosen = scored[:2]
    _cover_the_subject(snapshot, reading, scored[:2] + [Pick(2, 1, 1.0)], chosen, floor=1.06, limit=2)
    assert [p.sentence for p in chosen] == [0, 1]  # beyond reach: the missing-name rule decides
