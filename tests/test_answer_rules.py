"""Answer rules that decide between answering and abstaining, on a tiny made-up index.

Three short documents about invented places keep each rule's case unambiguous: the figures, names
and gaps below exist nowhere else, so a pass cannot come from the shipped corpus.
"""

from __future__ import annotations

import pytest
from conftest import make_settings

from assistant.ingestion import run_ingest
from assistant.service import Assistant

NORTHSHIRE = """---
title: "Northshire imaging network"
published: "2024-05-01"
---

## Award

- The Northshire imaging network won £2 million from the AI Diagnostic Fund in 2023.
- Northshire is using the money for chest X-ray AI across 5 trusts.
- The Northshire imaging network processes about 900 chest CTs a week.
- The AI supplier chosen by Northshire was not published.
"""

SOUTHSHIRE = """---
title: "Southshire imaging network"
published: "2024-06-01"
---

## Award

- Southshire says its award covers three years, and the Eastshire alliance says its award is £3 million.
- The Southshire network bought CT software from a company called Lungsight.
"""

TOTALS = """---
title: "Regional totals"
published: "2024-07-01"
---

- Eastshire reports a total of £5 million and Westshire a total of £4 million.
- No source explains the £1 million gap between the Eastshire and Westshire totals.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    root = tmp_path_factory.mktemp("rules")
    docs = root / "docs"
    docs.mkdir()
    (docs / "northshire.md").write_text(NORTHSHIRE)
    (docs / "southshire.md").write_text(SOUTHSHIRE)
    (docs / "totals.md").write_text(TOTALS)
    settings = make_settings(root, sources=[docs])
    assert not run_ingest(settings, sources=[docs]).failed
    return Assistant(settings)


def test_an_amount_is_answered(assistant):
    answer = assistant.ask("How much did Northshire win from the fund?")
    assert not answer.abstained
    assert "£2 million" in answer.answer


def test_a_figure_the_question_already_gives_is_not_the_answer(assistant):
    answer = assistant.ask("How much of the £2 million did Northshire spend on licences?")
    assert answer.abstained, answer.answer


def test_an_amount_in_another_clause_belongs_to_someone_else(assistant):
    answer = assistant.ask("How much money did Southshire get?")
    assert answer.abstained, answer.answer


def test_scans_are_counted_by_ct_scans(assistant):
    answer = assistant.ask("How many scans a week does Northshire handle?")
    assert not answer.abstained
    assert "900" in answer.answer


def test_a_gap_about_the_thing_asked_for_abstains_and_quotes_it(assistant):
    answer = assistant.ask("Which vendor did Northshire choose?")
    assert answer.abstained
    assert "supplier chosen by Northshire" in answer.answer


def test_a_company_question_finds_the_supplier(assistant):
    answer = assistant.ask("Which company did Southshire buy its CT software from?")
    assert not answer.abstained
    assert "Lungsight" in answer.answer


def test_a_gap_that_gives_the_amount_asked_for_answers(assistant):
    answer = assistant.ask("How big is the gap between the Eastshire and Westshire totals?")
    assert not answer.abstained, answer.answer
    assert "£1 million" in answer.answer
