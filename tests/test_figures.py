"""Figures in text: money, percentages, dates and counts, normalised so that different spellings agree.

Fact checking and LLM-answer validation both rest on these rules, so each one is pinned here.
"""

from __future__ import annotations

import pytest

from assistant.language.figures import Figure, extract_figures, figure_in, singular


def only(text: str) -> Figure:
    figures = extract_figures(text)
    assert len(figures) == 1, [(f.kind, f.value, f.text) for f in figures]
    return figures[0]


# --- money ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["£21m", "£21 million", "£21,000,000", "£21million", "£ 21 million", "£21 Million", "£21mn", "£21 mln", "£21000000"],
)
def test_money_spellings_are_one_amount(text):
    figure = only(f"The fund was worth {text} in total.")
    assert figure.kind == "money"
    assert figure.value == 21_000_000
    assert figure.matches(only("£21 million"))


@pytest.mark.parametrize(
    ("text", "value"),
    [("£1.2 million", 1_200_000), ("£1 billion", 1e9), ("£1bn", 1e9), ("£840 million", 840e6), ("€3.5m", 3.5e6),
     ("$5bn", 5e9), ("£250k", 250_000), ("£16 thousand", 16_000)],
)
def test_money_values(text, value):
    figure = only(text)
    assert figure.kind == "money" and figure.value == pytest.approx(value)


def test_different_amounts_do_not_match_but_are_rivals():
    a, b = only("£21 million"), only("£50 million")
    assert not a.matches(b)
    assert a.comparable(b)
    assert not only("£123 million").matches(only("£113 million"))


def test_money_is_not_also_a_count():
    figures = extract_figures("It gave £21 million to 64 NHS trusts.")
    assert [(f.kind, f.value) for f in figures] == [("money", 21e6), ("count", 64)]


# --- percentages --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["86%", "86 %", "86 per cent", "86 percent"])
def test_percent_spellings(text):
    figure = only(f"AI was used in {text} of stroke networks.")
    assert figure.kind == "percent" and figure.value == 86


def test_percent_does_not_match_a_count_of_the_same_number():
    assert not only("14%").matches(only("14 networks"))
    assert [f.value for f in extract_figures("rose from 16% to 48%")] == [16, 48]


# --- counts -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "noun"),
    [
        ("nine trusts", 9, ("trust",)),
        ("Nine trusts", 9, ("trust",)),
        ("64 NHS trusts", 64, ("nhs", "trust")),
        ("about 1,200 chest CTs a week", 1200, ("chest", "ct")),
        ("up to 124 findings", 124, ("finding",)),
        ("all 107 stroke centres", 107, ("stroke", "centre")),
        ("more than 600,000 chest X-rays", 600_000, ("chest", "x-ray")),
        ("66 AI Diagnostic Fund trusts", 66, ("ai", "diagnostic", "fund", "trust")),
        # a value under its column heading, as a table row is read: the heading names what is counted
        ("Network: North; Scans per week: 2,150", 2150, ("scan",)),
        ("Expected X-rays per month: 4,200", 4200, ("expected", "x-ray")),
    ],
)
def test_counts_with_their_nouns(text, value, noun):
    figure = only(text)
    assert figure.kind == "count"
    assert figure.value == value
    assert figure.noun == noun


def test_word_and_digit_counts_agree():
    assert only("nine trusts").matches(only("9 trusts"))
    assert only("five stroke networks").matches(only("5 stroke networks"))
    assert not only("five stroke networks").matches(only("11 stroke networks"))


def test_hyphenated_number_words():
    """"Sixty-four trusts" is 64 trusts, not 60 "four trusts"."""
    figure = only("Sixty-four trusts shared the money.")
    assert figure.value == 64
    assert figure.noun[:1] == ("trust",)


def test_of_counts_take_the_noun_further_on():
    eleven, twenty_two = extract_figures("11 of the 22 imaging networks")
    assert (eleven.value, twenty_two.value) == (11, 22)
    assert "network" in twenty_two.noun
    assert "network" in eleven.noun, eleven.noun  # "11 of the 22 imaging networks": 11 networks
    assert "network" in extract_figures("11 of 22 networks")[0].noun


def test_counts_are_rivals_only_when_they_count_the_same_thing():
    assert only("64 NHS trusts").comparable(only("67 trusts"))
    assert not only("64 NHS trusts").comparable(only("12 networks"))
    assert not only("12 networks").comparable(only("66 trusts"))


def test_a_shared_modifier_does_not_make_counts_rivals():
    """Five stroke networks and 111,000 suspected stroke patients count different things."""
    networks, patients = only("five stroke networks"), only("111,000 suspected stroke patients")
    assert not networks.comparable(patients)


@pytest.mark.parametrize(
    "text",
    ["phase 2", "Phase 2 of the rollout", "round 3 of the Award", "lot 1", "tier 4", "stage 2", "version 3",
     "wave 2", "cohort 1", "step 5", "level 2"],
)
def test_labels_are_not_counts(text):
    assert [f for f in extract_figures(text) if f.kind == "count"] == []


@pytest.mark.parametrize("text", ["HL10079", "HL8610", "DG57", "DCB0129", "DCB0160", "HTE12", "COVID-19"])
def test_identifiers_are_not_counts(text):
    assert [f for f in extract_figures(f"See {text} for details.") if f.kind == "count"] == []


def test_phase_label_does_not_hide_a_real_count():
    figures = extract_figures("Phase 2 covered 7 trusts.")
    assert [(f.kind, f.value) for f in figures] == [("count", 7)]


# --- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("23 June 2023", (2023, 6, 23)),
        ("23rd June 2023", (2023, 6, 23)),
        ("June 23, 2023", (2023, 6, 23)),
        ("2023-06-23", (2023, 6, 23)),
        ("23 Jun 2023", (2023, 6, 23)),
        ("June 2023", (2023, 6, 0)),
        ("Sept 2023", (2023, 9, 0)),
        ("September 2023", (2023, 9, 0)),
        ("2023", (2023, 0, 0)),
    ],
)
def test_date_precisions(text, value):
    figure = only(f"It happened on {text}.")
    assert figure.kind == "date"
    assert figure.value == value


def test_a_date_is_stated_only_by_an_equally_or_more_precise_one():
    day, month, year = only("23 June 2023"), only("June 2023"), only("2023")
    assert month.matches(day) and year.matches(day) and year.matches(month)
    # "2023" in a source does not state "23 June 2023": a vaguer date cannot support a precise claim
    assert not day.matches(month) and not day.matches(year)
    assert day.matches(only("2023-06-23"))
    assert not day.matches(only("24 June 2023"))
    assert not month.matches(only("July 2023"))
    assert not year.matches(only("2024"))


def test_date_rivals_need_the_same_precision_class():
    assert only("23 June 2023").comparable(only("July 2023"))
    assert not only("23 June 2023").comparable(only("2025"))
    assert only("2023").comparable(only("2024"))


def test_ordinals_and_anniversaries_are_not_figures():
    assert extract_figures("the NHS's 75th birthday") == []
    assert extract_figures("a seventh trust") == []


# --- helpers ----------------------------------------------------------------------------------------
def test_figures_come_in_text_order_with_offsets():
    text = "On 30 October 2023 DHSC gave £21 million to 64 NHS trusts, 86% of them acute."
    figures = extract_figures(text)
    assert [f.kind for f in figures] == ["date", "money", "count", "percent"]
    for figure in figures:
        assert text[figure.start : figure.end] == figure.text


def test_figure_in():
    figures = extract_figures("The fund was worth £21 million and went to 64 NHS trusts.")
    assert figure_in(only("£21m"), figures)
    assert not figure_in(only("£50m"), figures)


@pytest.mark.parametrize(("word", "expected"), [("trusts", "trust"), ("networks", "network"), ("bodies", "body"),
                                                ("process", "process"), ("us", "us")])
def test_singular(word, expected):
    assert singular(word) == expected


def test_years_with_a_prefix_are_dates():
    assert [f.value for f in extract_figures("the original end-2023 deadline")] == [(2023, 0, 0)]
    assert [f.value for f in extract_figures("due by mid-2024")] == [(2024, 0, 0)]


@pytest.mark.parametrize("text", ["3.2 The backlog stood at 6,840.", "12. Trusts reported 6,840 scans.", "  4.1.2 (a) It reached 6,840."])
def test_a_paragraph_number_is_not_a_figure(text):
    assert [f.text for f in extract_figures(text)] == ["6,840"]


@pytest.mark.parametrize(("one", "other"), [("over two years", "for 24 months"), ("within 48 hours", "in 2 days"), ("two weeks", "14 days")])
def test_a_length_of_time_in_another_unit_is_the_same_figure(one, other):
    (a,), (b,) = extract_figures(one), extract_figures(other)
    assert a.matches(b) and b.matches(a)


def test_lengths_of_time_that_differ_are_rivals_and_months_never_meet_weeks():
    (two_years,), (three_years,), (months,), (weeks,) = (extract_figures(t) for t in ("two years", "three years", "24 months", "8 weeks"))
    assert three_years.comparable(months) and not three_years.matches(months) and two_years.matches(months)
    assert not weeks.comparable(months) and not weeks.matches(extract_figures("2 months")[0])


@pytest.mark.parametrize("text", ["pushed back from 30 May to 13 June 2025", "from 30 may to 13 june 2025", "30 May - 13 June 2025"])
def test_the_first_day_of_a_range_takes_the_year_of_the_second(text):
    assert [f.value for f in extract_figures(text)] == [(2025, 5, 30), (2025, 6, 13)]


@pytest.mark.parametrize("text", ["the 2025/26 allocation", "the 2025-26 allocation", "the 2025–26 allocation"])
def test_a_financial_year_is_a_period_of_its_own(text):
    """"2025/26" is neither the calendar year 2025 nor a date in 2026: it states only itself."""
    (period,) = extract_figures(text)
    assert (period.kind, period.value) == ("fyear", 2025.0)
    (next_year,) = extract_figures("the 2026/27 allocation")
    assert not period.matches(next_year) and period.comparable(next_year)
    assert not any(period.matches(f) for f in extract_figures("by 31 March 2026 in 2025"))


def test_years_joined_otherwise_are_not_a_financial_year():
    assert [(f.kind, f.value) for f in extract_figures("the 2024-12 report")] == [("date", (2024, 0, 0))]
