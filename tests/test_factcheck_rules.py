"""The fact-check rule table, one made-up case per row (as written and lower-cased), on a tiny index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.check.rules import RULES

from conftest import make_settings

DOCS = Path(__file__).parent / "data" / "factcheck_rules"
READING_DOCS = Path(__file__).parent / "data" / "factcheck_reading"

CASES = [
    ("unknown_name", "not_found", "The Zentorbia Imaging Network received £2 million from the scheme."),
    ("sources_disagree", "supported", "The Quillmoor Imaging Network received £2.5 million from the scheme to buy portable ultrasound scanners."),
    ("supported", "supported", "The Varrowby Imaging Network received £1.5 million from the scheme for mobile MRI units."),
    ("value_differs", "contradicted", "The Varrowby Imaging Network received £4 million from the scheme for mobile MRI units."),
    ("counted_differs", "contradicted", "Four of the networks the scheme selected were pathology networks."),
    ("record_silent", "not_found", "Applications to the scheme closed on 31 March 2025."),
    ("opposite", "contradicted", "The scanners replace sonographers."),
    ("subject_differs", "contradicted", "The Pellingham Imaging Network received £2.5 million from the scheme to buy portable ultrasound scanners."),
    ("quantifier_differs", "contradicted", "All 15 networks that applied were selected for funding by the scheme."),
    ("multiplier_differs", "contradicted", "The scheme aims to triple the number of scans read within a week by March 2027."),
    ("direction_differs", "contradicted", "The median wait for an ultrasound scan at Quillmoor rose from 10 days to 20 days."),
    ("planned_not_achieved", "contradicted", "Quillmoor opened its second scanning hub in May 2026."),
    ("obligation_differs", "contradicted", "Review of flagged scans by a qualified sonographer before a report is issued is optional."),
    ("role_differs", "contradicted", "Dr Orla Fenwick, Chief Executive of the Department of Examples, chairs the scheme's evaluation board."),
    ("person_differs", "contradicted", "The scheme's evaluation board is chaired by Dr Piers Lannock."),
    ("misquote", "contradicted", "Dr Orla Fenwick said portable scanners will replace hospital radiology departments."),
    ("nothing_decisive", "not_found", "Quillmoor radiographers enjoy sailing at weekends."),
]


@pytest.fixture(scope="module")
def rules_assistant(tmp_path_factory):
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    settings = make_settings(tmp_path_factory.mktemp("rules-index"), sources=[DOCS])
    assert not run_ingest(settings).failed
    return Assistant(settings)


def test_every_row_has_a_case():
    assert {rule.name for rule in RULES} == {name for name, _, _ in CASES}


@pytest.mark.parametrize("lower", [False, True], ids=["as_written", "lower"])
@pytest.mark.parametrize(("row", "verdict", "claim"), CASES, ids=[c[0] for c in CASES])
def test_rule_row(rules_assistant, row, verdict, claim, lower):
    result = rules_assistant.check_claim(claim.lower() if lower else claim)
    assert (result.decided_by, result.verdict) == (row, verdict), result.explanation
    if result.evidence:  # the deciding sentence comes first, quoted from its passage, dated
        first = result.evidence[0]
        # the lead-in and the sentence it introduces, each quoted verbatim from the passage
        assert first.quote and all(part in first.text for part in re.split(r"(?<=:) ", first.quote))
        assert first.highlight is None or first.highlight in first.quote
        assert first.published in result.explanation
    data = result.to_dict()
    assert data["decided_by"] == row and "highlight" in (data["evidence"][0] if data["evidence"] else {"highlight": None})


def test_contradiction_names_the_differing_pair(rules_assistant):
    result = rules_assistant.check_claim("The Varrowby Imaging Network received £4 million from the scheme for mobile MRI units.")
    assert "£4 million" in result.explanation and "£1.5 million" in result.explanation
    assert result.evidence[0].highlight == "£1.5 million"


def test_disagreeing_sources_are_both_shown_with_dates(rules_assistant):
    result = rules_assistant.check_claim("The Quillmoor Imaging Network received £2.5 million from the scheme to buy portable ultrasound scanners.")
    assert {c.published for c in result.evidence} == {"2025-02-10", "2025-09-01"}
    assert "£2.7 million" in result.explanation and "2025-09-01" in result.explanation


def test_a_word_a_claim_uses_for_the_sources_is_the_same_word():
    from assistant.check.reading import canon
    from assistant.language.tokens import stem

    # "the scheme attracted 52 applications" against "NHS England received 52 applications"
    assert canon({stem("attracted")}) == canon({stem("received")}) == canon({stem("secured")})
    # "trusts aren't allowed to spend DAAF money" against "trusts are not permitted to use DAAF funding"
    assert canon({stem("allowed")}) == canon({stem("permitted")}) and canon({stem("money")}) == canon({stem("funding")})


def test_the_answering_lexicons_words_of_the_same_meaning_are_the_same_word_in_a_claim():
    from assistant.check.reading import canon
    from assistant.language.lexicon import SAME_MEANING
    from assistant.language.tokens import stem

    for group in SAME_MEANING:
        assert len({canon({stem(w)}) for w in group}) == 1, sorted(group)
    # a group the check already had is joined, not split: "mandated" meets "compulsory" as "mandatory" does
    assert canon({stem("mandated")}) == canon({stem("compulsory")}) == canon({stem("mandatory")})
    assert canon({stem("deployed")}) == canon({stem("deployment")})


def test_one_of_is_not_the_number_one(rules_assistant):
    from assistant.check.reading import read
    from assistant.factcheck import context_of

    context = context_of(rules_assistant.index.get())
    assert read("Cost was one of the barriers.", context, cache=False).figures == []
    reading = read("quillmoor's network received £2.5 million", context, cache=False)
    assert ("quillmoor",) in [n[:1] for n in reading.names] or any("quillmoor" in n for n in reading.names)


def test_a_publisher_is_named_only_by_what_it_says_in_the_first_person(tmp_path):
    """A page published under the fund's name, about an earlier award, does not support a claim about the
    fund; a publisher's "we awarded ..." is about the publisher."""
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "earlier.md").write_text('---\ntitle: "Earlier awards: the Coastal Imaging Award"\npublisher: "Harbour Scanning Fund newsletter"\n'
                                     'published: "2024-01-10"\n---\n\nDr Piers Lannock launched the Coastal Imaging Award in 2020 with a budget '
                                     'for coastal hospitals.\n\nThe Coastal Imaging Award paid for mobile scanners at six sites.\n')
    (docs / "fund.md").write_text('---\ntitle: "The Harbour Scanning Fund"\npublished: "2024-03-01"\n---\n\nDr Orla Fenwick announced the '
                                  'Harbour Scanning Fund in 2023 for hospital scanning across the region.\n\n'
                                  'The Harbour Health Board runs the fund.\n')
    (docs / "plans.md").write_text('---\ntitle: "Next steps"\npublisher: "Harbour Health Board"\npublished: "2024-04-01"\n---\n\n'
                                   'We awarded £3 million to coastal hospitals for scanning in 2024.\n\n'
                                   'We will announce the second round of coastal scanning awards in May 2025.\n')
    settings = make_settings(tmp_path / "index", sources=[docs])
    assert not run_ingest(settings).failed
    assistant = Assistant(settings)
    for claim in ("The Harbour Scanning Fund was announced by Dr Piers Lannock.", "the harbour scanning fund was launched by dr piers lannock"):
        result = assistant.check_claim(claim)
        assert result.verdict != "supported", (claim, result.decided_by, result.explanation)
    # A sentence in the first person plural is the publisher speaking: it is about the publisher, enough to contradict.
    result = assistant.check_claim("Harbour Health Board awarded £5 million to coastal hospitals for scanning in 2024.")
    assert (result.decided_by, result.verdict) == ("value_differs", "contradicted"), result.explanation
    # What the publisher says it will do is not done: stated as done, it is contradicted; as planned, supported.
    done = assistant.check_claim("Harbour Health Board announced the second round of coastal scanning awards in May 2025.")
    assert (done.decided_by, done.verdict) == ("planned_not_achieved", "contradicted"), done.explanation
    planned = assistant.check_claim("harbour health board will announce the second round of coastal scanning awards in may 2025")
    assert planned.verdict == "supported", (planned.decided_by, planned.explanation)


def test_a_kind_of_body_names_the_one_body_of_that_kind_its_passage_names(tmp_path):
    """"A new £7 million fund" in a passage about one fund states that fund's value, and a claim's "the fund"
    is the one fund a sentence names; a passage naming two funds leaves "a fund" unresolved."""
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "launch.md").write_text('---\ntitle: "New money for coastal scanning"\npublished: "2025-03-03"\n---\n\n'
                                    'Hospitals can bid for a share of a new £7 million fund for portable scanners, the department said. '
                                    'Health Secretary Marta Quell launched the Tidewater Scanning Fund on Monday 3 March 2025.\n')
    (docs / "two.md").write_text('---\ntitle: "Other coastal money"\npublished: "2025-04-01"\n---\n\n'
                                 'A separate £5 million fund will pay for mobile MRI units. The Estuary Imaging Fund and the '
                                 'Saltmarsh Scanning Fund both support coastal hospitals.\n')
    settings = make_settings(tmp_path / "index", sources=[docs])
    assert not run_ingest(settings).failed
    assistant = Assistant(settings)
    expected = [
        ("The Tidewater Scanning Fund is worth £7 million.", "supported"),
        ("The Tidewater Scanning Fund is worth £9 million.", "contradicted"),
        ("Marta Quell launched the fund on 3 March 2025.", "supported"),
        ("Marta Quell launched the fund on 4 March 2025.", "contradicted"),
    ]
    for claim, verdict in expected:
        for text in (claim, claim.lower()):
            result = assistant.check_claim(text)
            assert result.verdict == verdict, (text, result.decided_by, result.explanation)
    for text in ("The Estuary Imaging Fund is worth £5 million.", "the saltmarsh scanning fund is worth £5 million."):
        result = assistant.check_claim(text)
        assert result.verdict != "supported", (text, result.decided_by, result.explanation)


# How a claim and a source are read, case by case: (row that decides, verdict, claim); each also lower-cased.
READING_CASES = [
    ("value_differs", "contradicted", "The KIC has received £2.5 million."),
    # the same subject and what the figure measures ("awarded" / "received"), whatever else the claim adds
    ("value_differs", "contradicted", "The Kelmere Imaging Collaborative has been awarded £2.4 million to bring AI into hyper-acute stroke units."),
    ("nothing_decisive", "not_found", "The Kelmere Imaging Collaborative has been awarded £1.8 million to bring AI into community MRI units."),
    # "X-rays" of the claim is the source's "X-ray": no rival subject, and the figure is said of it
    ("value_differs", "contradicted", "Urgent chest X-rays in Dunwold are now reported in a median of 2 days, down from 11."),
    # a sentence of a quotation is the speaker's, though it starts "This scheme ..."
    ("misquote", "contradicted", "Dr Wenna Sorrel said the scheme will replace radiographers with portable scanners in rural clinics."),
    ("supported", "supported", "Dr Wenna Sorrel said the scheme puts portable scanners into rural clinics."),
    # what is obliged is what the claim is about: a unit naming its names states it, whatever it calls them
    ("obligation_differs", "contradicted", "QS401 and QS402 are voluntary good-practice guides rather than legal requirements."),
    # "Harbury imaging network" in a title names the Harbury and Lisle Imaging Network: no other network has "Harbury"
    ("supported", "supported", "The Harbury and Lisle Imaging Network has doubled the share of scans reported on the same day, from 30% to 60%."),
    ("nothing_decisive", "not_found", "The Kelmere Imaging Collaborative has doubled the share of scans reported on the same day, from 30% to 60%."),
    ("obligation_differs", "contradicted", "Use of the urgent flag is optional for scans referred by GPs at Harbury's live sites."),
    # a possessive typed without its apostrophe is the name the documents use; a name they never use is still unknown
    ("obligation_differs", "contradicted", "Use of the urgent flag is optional for scans referred by GPs at Harburys live sites."),
    ("unknown_name", "not_found", "Use of the urgent flag is optional for scans referred by GPs at Zentorbias live sites."),
    # a person named after their role ("Health Secretary Orrin Vale launched ..."): another person is contradicted
    ("supported", "supported", "Orrin Vale launched the rural scanning scheme on 2 May 2025."),
    ("person_differs", "contradicted", "Wenna Sorrel launched the rural scanning scheme on 2 May 2025."),
    # being able to opt out is being optional
    ("obligation_differs", "contradicted", "Under Department of Examples guidance, clinics can opt out of sonographer review of the scans the software flags."),
    # a claim without figures is denied only in its own words: "do not need to do anything" does not deny "can opt out"
    ("nothing_decisive", "not_found", "Families can opt out of having their child's scan at a rural clinic checked by the software."),
    ("supported", "supported", "Under Department of Examples guidance, a sonographer must review every scan the software flags."),
    ("obligation_differs", "contradicted", "Under Department of Examples guidance, review by a sonographer of a scan the software flags is optional."),
    # a role the claim gives is checked against the role the documents give that person, here in a list of
    # those present ("Name - Role, Employer"): a sentence naming them without a role does not confirm it
    ("role_differs", "contradicted", "Dr Ilse Varnhagen, Medical Director at Fenmarsh General Hospital, presented the scanning workflow for the pilot."),
    ("supported", "supported", "Dr Ilse Varnhagen presented the scanning workflow for the pilot."),
    # a person known from a list of those present is read in lower case too; the source credits another
    ("person_differs", "contradicted", "Tomas Brierly presented the scanning workflow for the pilot."),
    # "Saltcote" is how a claim shortens "Saltcote Community Hospital": its figure is the claim's subject's
    ("supported", "supported", "Scanning at Saltcote started three weeks later than first planned."),
    ("value_differs", "contradicted", "Scanning at Saltcote started five weeks later than first planned."),
    # "doubled" against the two values the source gives, 2,210 and 2,950: not double
    ("multiplier_differs", "contradicted", "The ultrasound waiting list at Fenmarsh doubled between December 2024 and February 2025."),
    # the source gives the figure under the fund's alias ("Long Name (ABBR)"): the alias is no rival subject
    ("supported", "supported", "The Marlow Diagnostic Imaging Fund is worth £4 million over two years."),
    ("value_differs", "contradicted", "The Marlow Diagnostic Imaging Fund is worth £6 million over two years."),
    # "up from" is a rise
    ("direction_differs", "contradicted", "The ultrasound waiting list at Fenmarsh fell between December 2024 and February 2025."),
    # a sentence in the middle of a quotation is the speaker's; its other clause's "never" does not deny it
    ("supported", "supported", "Professor Alys Penhallow said the software gives staff an early warning."),
    # "a 20-member panel" counts members as "a panel of 12 members" does
    ("value_differs", "contradicted", "A 20-member patient panel has advised on how results are explained to families."),
    ("supported", "supported", "A 12-member patient panel has advised on how results are explained to families."),
    # a target met is a fact claimed, not a plan: the source says its target will not be met
    ("opposite", "contradicted", "Every Moorvale clinic had the software live by March 2025, hitting the network's original target."),
    # "too early to say whether it has reduced" is not yet known, so not done
    ("planned_not_achieved", "contradicted", "The Moorvale software has already cut the number of missed findings."),
    # a network's own figure, in a sentence naming it, outweighs a total its passage gives for several networks
    ("value_differs", "contradicted", "The Moorvale Imaging Network runs 30 clinics."),
    # another figure of the claim (the date) pins a sentence naming its subject: its other amount is a rival,
    # though the sentence does not name the software the claim adds
    ("value_differs", "contradicted", "Moorvale's integrated care board has committed £200,000 a year from April 2026 to keep ScanWise running."),
    ("direction_differs", "contradicted", "Follow-up scan referrals at Brackley Hospital dropped by 15% after Moorvale introduced ScanWise."),
    # a share is all this claim states: a unit naming its subject and no other gives the share to compare
    ("quantifier_differs", "contradicted", "most of the Moorvale network's radiographers have now done the supplier's ScanWise training"),
    # "of the 10 clinics, 6 are hospital clinics, 3 are community clinics and 1 is a mobile unit": the part
    # the claim speaks of is the part whose words are most like its own
    ("quantifier_differs", "contradicted", "Most of the clinics in the Glenbarrow Scanning Pilot were community clinics."),
    # a negation typed as a contraction, with or without its apostrophe; "declined to comment" did not comment
    ("supported", "supported", "At Brackley Hospital the software doesn't decide which patients are recalled."),
    ("supported", "supported", "at brackley hospital the software doesnt decide which patients are recalled"),
    ("supported", "supported", "Brackley Hospital wouldn't comment on what the licences cost."),
    # an event dated as done that the source, naming it in the claim's words, says is still expected without a date;
    # a cost of it is another matter, on which the source is silent
    ("planned_not_achieved", "contradicted", "Holmby Clinic joined the ScanWise pilot on 1 September 2025."),
    ("nothing_decisive", "not_found", "Holmby Clinic's part of the ScanWise pilot is costing £40,000."),
    # an obligation for one group and an option for another, compared group by group
    ("supported", "supported", "Reviewing the ScanWise overlay is compulsory for radiographers and radiologists, but emergency department clinicians can choose whether to look at it."),
    ("obligation_differs", "contradicted", "Reviewing the ScanWise overlay is optional for radiographers and radiologists, but emergency department clinicians must look at it."),
    # a claim of one kind against a source of both: the source's clause for the group the claim names decides
    ("obligation_differs", "contradicted", "Emergency department clinicians are required to review the ScanWise overlay."),
    ("obligation_differs", "contradicted", "At Harbury's live sites the urgent flag is mandatory for inpatient scans as well as scans referred by GPs."),
    ("supported", "supported", "Use of the urgent flag at Harbury is optional for inpatient scans."),
    # "9 now, compared with 4 in March": a rise of 2.25 times, not three
    ("multiplier_differs", "contradicted", "The number of sites using ScanWise has more than tripled since the end of March 2025."),
    # two letters swapped: "trilped" is "tripled", which the source's "doubled" contradicts
    ("multiplier_differs", "contradicted", "Triage has trilped the share of scans reported on the same day at Brackley Hospital."),
    # a plan in one clause and what happened in the other: the figure that happened is the fact, and the
    # planned count ("was planned to involve 14 clinics") claimed as done is contradicted
    ("supported", "supported", "10 clinics took part in the Glenbarrow Scanning Pilot."),
    ("planned_not_achieved", "contradicted", "14 clinics took part in the Glenbarrow Scanning Pilot."),
    # a count said to be one thing ("were mobile units") is not stated by an equal count of another
    ("counted_differs", "contradicted", "Three of the Glenbarrow clinics were mobile units."),
    ("supported", "supported", "Three of the Glenbarrow clinics are community clinics."),
    # "three times the standard length" is a multiplier, as "twice" is
    ("multiplier_differs", "contradicted", "Clinics with more than five sonographers may book an induction session three times the standard length."),
    ("supported", "supported", "Clinics with more than five sonographers may book an induction session twice the standard length."),
    # the same head of a role with other words is another post; the head alone is the same post
    ("role_differs", "contradicted", "Hester Quayle, the Glenbarrow Clinical Director, leads the Glenbarrow scheme."),
    ("supported", "supported", "Hester Quayle, Programme Director, leads the Glenbarrow scheme."),
    # "a condition of" obliges
    ("obligation_differs", "contradicted", "Completing the online course before the induction is a condition of taking part."),
    # a report of a question asked states nothing: the answer to it decides
    ("opposite", "contradicted", "Volunteer hours can make up all of the Glenbarrow match funding."),
    # what the source denies, in the claim's own words, though the claim adds more ("for a second scan")
    ("opposite", "contradicted", "At Brackley Hospital the software decides which patients are recalled for a second scan."),
    # what is expected is not what was done
    ("value_differs", "contradicted", "The Glenbarrow scheme is expected to save 8,000 appointments a year."),
    ("supported", "supported", "The Glenbarrow scheme is expected to save around 90,000 appointments a year by 2028."),
    # "the software" in a document naming one product is that product; another age is not stated
    ("supported", "supported", "SonoTrack S2 is not used for patients under 18."),
    ("nothing_decisive", "not_found", "SonoTrack S2 is not used for patients under 16."),
    # "X rather than Y" is "X, not Y"; the other way round is the opposite
    ("supported", "supported", "The induction is meant to build confidence rather than to test sonographers."),
    ("opposite", "contradicted", "The induction is meant to test sonographers rather than to build confidence."),
    # a date of the very thing the claim measures ("induction letters posted"), though the claim adds framing words
    ("value_differs", "contradicted", "After the change, induction letters will now be posted by 13 June 2025."),
    # a place the documents never name is unknown though its name is an English word ("wales")
    ("unknown_name", "not_found", "The Glenbarrow scheme has been extended to clinics in Wales."),
    ("unknown_name", "not_found", "The Glenbarrow scheme has been extended to clinics in the south west."),
    # a financial year is a period of its own: another one is a rival, a calendar year is not stated by it
    ("supported", "supported", "Fenmarsh's spend on outsourced ultrasound reporting for 2024/25 was £212,000."),
    ("value_differs", "contradicted", "Fenmarsh's spend on outsourced ultrasound reporting for 2023/24 was £212,000."),
    ("nothing_decisive", "not_found", "Fenmarsh's spend on outsourced ultrasound reporting in 2024 was £212,000."),
    # an award made is money still to come ("will receive"), but money received is not; the purpose
    # ("with the aim of ...") is the plan, not the award that pays for it
    ("supported", "supported", "The Brennock Imaging Network has been awarded £960,000 to bring AI fracture software to four hospitals."),
    ("planned_not_achieved", "contradicted", "The Brennock Imaging Network has received £960,000 to bring AI fracture software to four hospitals."),
    ("planned_not_achieved", "contradicted", "The Brennock Imaging Network now reports all emergency X-rays within 24 hours."),
    # an acronym that is an English word ("ALT") is a name when the documents define it: its figure is not
    # PHT's; a name after the figure owns it only in the figure's clause ("..., while PHT reported only 30%")
    ("value_differs", "contradicted", "Pellingham is furthest ahead, reporting 91% of new slides digitally in October 2025."),
    ("supported", "supported", "ALT reported 91% of new slides digitally in October 2025."),
    # each amount of a breakdown is for what follows it
    ("counted_differs", "contradicted", "£0.6 million of the network office's money is set aside for staff training."),
    ("supported", "supported", "£0.3 million of the network office's money is set aside for staff training."),
    # "every" without a count is stated only by "all": "3 of its 7" says otherwise
    ("quantifier_differs", "contradicted", "Every Orrow laboratory is now using the slide scanning software for cancer cases."),
    ("supported", "supported", "Orrow laboratories are now using the slide scanning software for cancer cases."),
    # "It provides ..." is about the subject of the sentence before, not the nearest name there
    ("supported", "supported", "The Tarrow Imaging Fund is worth £3.2 million over two financial years."),
    # a name after a figure owns it only in the figure's list item; an equal value given to another is no match
    ("supported", "supported", "Wexcombe ISDN is receiving £1.4 million to cover six hospitals."),
    ("value_differs", "contradicted", "Dunmere ISDN will receive £1.4 million from the fund."),
    # going live ahead of a target is done, not planned
    ("supported", "supported", "Harrow Point Hospital became the first hospital to go live, on 3 June 2025."),
    # "still due in" is a plan, not a report published
    ("planned_not_achieved", "contradicted", "The independent evaluation of the Orrow network has now been published."),
]


def test_a_figure_the_source_sets_aside_is_contradicted_by_the_one_it_gives(reading_assistant):
    """"now 4,100, rather than the 3,600 set out in January": 3,600 is not what the pilot now expects, and
    the set-aside figure does not count as the source stating it, nor does the January plan that did.
    "Ultrasounds" are counted as the source's "ultrasound scans" are. A revision the other way round
    ("revised down from 4,100 to 3,600") has the wrong direction."""
    for claim in ("The Fenmarsh pilot is now expected to cover 3,600 ultrasound scans a month.",
                  "The Fenmarsh pilot is now expected to cover 3,600 ultrasounds a month."):
        for text in (claim, claim.lower()):
            result = reading_assistant.check_claim(text)
            assert (result.verdict, result.decided_by) == ("contradicted", "value_differs"), result.explanation
            assert "4,100" in result.explanation
    for text in (claim := "The expected Fenmarsh pilot volume was revised down from 4,100 to 3,600 ultrasound scans a month.", claim.lower()):
        result = reading_assistant.check_claim(text)
        assert (result.verdict, result.decided_by) == ("contradicted", "direction_differs"), result.explanation


def test_a_role_at_another_employer_is_another_role():
    from assistant.check.reading import Person
    from assistant.check.rules import role_clash

    def person(role_text):
        return Person(("carys", "thwaite"), frozenset({"radiographer", "lead"}), role_text, "Carys Thwaite")

    assert role_clash(person("lead radiographer at ousebridge royal infirmary"), person("lead radiographer at kettlewell vale hospitals nhs trust"))
    assert not role_clash(person("lead radiographer at kettlewell vale"), person("lead radiographer at kettlewell vale hospitals nhs trust"))


def test_framing_words_are_not_what_a_claim_is_about(reading_assistant):
    """"under X guidance" frames a claim as "according to X guidance" does; connectives join what is said."""
    from assistant.check.reading import read
    from assistant.factcheck import context_of

    context = context_of(reading_assistant.index.get())
    for text in ("Under NICE guidance, a clinician must review the output", "because stroke is time-critical"):
        for claim in (text, text.lower()):
            topic = read(claim, context, cache=False).topic
            assert "under" not in topic.values() and "because" not in topic.values(), topic


def test_a_name_in_the_singular_or_plural_is_the_claims_own():
    """"GPs" or "X-ray" in a source is the claim's "GP-referred" or "X-rays", not a rival subject."""
    from assistant.factcheck import _in_words

    assert _in_words("gps", {"gp", "referred"}) and _in_words("ray", {"x", "rays"}) and _in_words("rays", {"ray"})
    assert not _in_words("calder", {"northmoor", "network"})


@pytest.fixture(scope="module")
def reading_assistant(tmp_path_factory):
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    settings = make_settings(tmp_path_factory.mktemp("reading-index"), sources=[READING_DOCS])
    assert not run_ingest(settings).failed
    return Assistant(settings)


@pytest.mark.parametrize("lower", [False, True], ids=["as_written", "lower"])
@pytest.mark.parametrize(("row", "verdict", "claim"), READING_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(READING_CASES)])
def test_reading_case(reading_assistant, row, verdict, claim, lower):
    result = reading_assistant.check_claim(claim.lower() if lower else claim)
    assert (result.decided_by, result.verdict) == (row, verdict), result.explanation


def test_a_majority_the_breakdown_gives_is_no_contradiction(reading_assistant):
    result = reading_assistant.check_claim("Most of the clinics in the Glenbarrow Scanning Pilot were hospital clinics.")
    assert result.verdict != "contradicted", result.explanation


@pytest.mark.parametrize("lower", [False, True], ids=["as_written", "lower"])
def test_a_passage_split_by_a_page_break_continues_the_one_before(tmp_path, lower):
    """A page that starts mid-sentence continues the page before: the network named there is what "the
    network" of the next page is; "read by AI" is "reviewed by an AI tool"."""
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant
    from tests import docfactory

    docs = tmp_path / "docs"
    docs.mkdir()
    docfactory.make_pdf(docs, "answer.pdf", [
        "Written answer on imaging\n\nThe Dunmoor Imaging Network was one of the first networks to deploy AI triage for "
        "scans. In its trusts the median wait for a report has fallen from 9 days to 5 days. The proportion of urgent scans reported",
        "within 48 hours has doubled over the same period. Around a third of all scans taken in the network are now "
        "reviewed by an AI tool before they are reported by a radiologist.",
    ], title="Written answer on imaging", author="House of Examples")
    settings = make_settings(tmp_path / "index", sources=[docs])
    assert not run_ingest(settings).failed
    claim = "Most scans in the Dunmoor network are now read by AI before a radiologist sees them."
    result = Assistant(settings).check_claim(claim.lower() if lower else claim)
    assert (result.decided_by, result.verdict) == ("quantifier_differs", "contradicted"), result.explanation


@pytest.mark.parametrize("lower", [False, True], ids=["as_written", "lower"])
def test_an_acronym_the_documents_never_write_names_what_it_abbreviates(rules_assistant, lower):
    """"QIN" is the Quillmoor Imaging Network though no document writes "QIN": checked, not an unknown name."""
    def check(claim: str):
        result = rules_assistant.check_claim(claim.lower() if lower else claim)
        return result.decided_by, result.verdict

    assert check("The QIN received £2.5 million from the scheme to buy portable ultrasound scanners.") == ("sources_disagree", "supported")
    assert check("The QIN received £9 million from the scheme to buy portable ultrasound scanners.") == ("value_differs", "contradicted")


@pytest.mark.parametrize("lower", [False, True], ids=["as_written", "lower"])
def test_a_hyphenated_word_typed_solid_is_the_documents_word(reading_assistant, lower):
    """"xrays" is the documents' "X-rays", as a question reads it, not a name they never mention."""
    claim = "The Dunwold Imaging Network was one of the first networks to deploy AI triage for chest xrays."
    result = reading_assistant.check_claim(claim.lower() if lower else claim)
    assert (result.decided_by, result.verdict) == ("supported", "supported"), result.explanation


def test_putting_off_is_read_as_not_yet_done(reading_assistant):
    from assistant.check.reading import read
    from assistant.factcheck import context_of

    context = context_of(reading_assistant.index.get())
    for claim in ("The board put off a decision on the scanners until December.", "The trust postpones its go-live."):
        assert read(claim.lower(), context, cache=False).planned, claim


def test_a_place_the_documents_are_set_in_need_not_be_repeated_by_the_evidence(tmp_path):
    """"across Examplia", where every passage is about Examplia, says where, not who: the unit giving the
    fund's count of networks decides, though it does not name the country. Who did it is still a subject."""
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "fund.md").write_text("---\ntitle: Tidewell fund\npublished: '2025-01-10'\n---\n\n"
                                  "The Tidewell Scanning Fund is paying for 6 imaging networks.\n\nEach Examplia network may bid once.\n")
    for n in range(1, 11):
        (docs / f"region-{n}.md").write_text(f"---\ntitle: Region {n}\npublished: '2024-0{n % 9 + 1}-01'\n---\n\n"
                                              f"Region {n} of Examplia replaced {n + 1} MRI scanners during the year.\n")
    settings = make_settings(tmp_path, sources=[docs])
    assert not run_ingest(settings).failed
    assistant = Assistant(settings)
    for claim, expected in (("The Tidewell Scanning Fund is paying for 9 imaging networks across Examplia.", ("contradicted", "value_differs")),
                            ("The Tidewell Scanning Fund is paying for 6 imaging networks across Examplia.", ("supported", "supported"))):
        for text in (claim, claim.lower()):
            result = assistant.check_claim(text)
            assert (result.verdict, result.decided_by) == expected, (text, result.explanation)
