"""Sentence splitting and match normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.language.sentences import MAX_UNIT_CHARS, is_labelled_row, normalise_for_match, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Tools such as triage software, e.g. Lunit INSIGHT, were funded.",
        "Sites, i.e. imaging networks, applied.",
        "Scanners, software etc. were in scope.",
        "AI vs. NHS radiologists was the comparison.",
        "The minister spoke at No. 10 on Friday.",
        "Dr. Patel led the evaluation.",
        "It opened at St. Thomas' Hospital.",
        "Mr. Jones and Mrs. Jones attended.",
        "Supplier Ltd. won the contract.",
        "The fund is approx. £21m in total.",
        "The U.K. Government funded it.",
        "The report by J. Smith was published.",
        "Funding of £1.2m was awarded to 2.3% of trusts using v1.5 software.",
    ],
)
def test_does_not_split_inside_abbreviations_initials_or_numbers(text: str) -> None:
    assert sentences(text) == [text]


def test_splits_at_sentence_ends_before_capitals_digits_quotes_and_pounds() -> None:
    text = (
        "The fund opened in 2023. Trusts applied in June! Was it enough? "
        "2024 brought more. \u201cIt works,\u201d said one. \u00a35m was left. 'Quoted' too."
    )
    assert sentences(text) == [
        "The fund opened in 2023.",
        "Trusts applied in June!",
        "Was it enough?",
        "2024 brought more.",
        "\u201cIt works,\u201d said one.",
        "\u00a35m was left.",
        "'Quoted' too.",
    ]


def test_does_not_split_before_a_lower_case_word() -> None:
    assert sentences("See section 4. below for details.") == ["See section 4. below for details."]


def test_every_line_is_its_own_unit() -> None:
    text = "Allocation\n  - first item\nTrust A; \u00a31m\n\nA sentence. Another one."
    assert sentences(text) == ["Allocation", "- first item", "Trust A; \u00a31m", "A sentence.", "Another one."]


def test_a_labelled_field_stays_with_the_sentence_it_completes() -> None:
    text = "A25-31  Confirm the interface cost.\n        Owner: Sam Baird. Due: 11 July 2025.\nContents\nDue: 4 May.\n\nIt opened.\n\nNote: late."
    assert sentences(text) == [
        "A25-31  Confirm the interface cost.\n        Owner: Sam Baird. Due: 11 July 2025.",
        "Contents",
        "Due: 4 May.",
        "It opened.",
        "Note: late.",
    ]


def test_a_short_table_row_is_not_joined_to_the_row_above() -> None:
    text = "Milestone: Guidance published; Date: 14 March 2025\nMilestone: Webinar; Date: 24 April 2025"
    assert [text[a:b] for a, b in split_sentences(text)] == text.split("\n")


def test_long_units_are_cut_at_semicolons_first() -> None:
    clause = "the network deployed the tool across every site in the region"
    text = "; ".join([clause] * 20) + "."
    pieces = sentences(text)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_UNIT_CHARS for piece in pieces)
    assert all(piece.endswith(";") for piece in pieces[:-1])


def test_long_units_without_punctuation_are_cut_at_spaces_or_hard() -> None:
    words = " ".join(["diagnostic"] * 200)
    assert all(len(piece) <= MAX_UNIT_CHARS and not piece.startswith(" ") for piece in sentences(words))
    solid = "x" * 1500
    assert sentences(solid) == ["x" * 600, "x" * 600, "x" * 300]


def test_max_len_is_configurable() -> None:
    spans = split_sentences("one two three four five six", max_len=9)
    assert all(end - start <= 9 for start, end in spans)


def test_empty_and_blank_text_have_no_units() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n ") == []


def test_normalise_for_match() -> None:
    text = "  The \u2018AI\u2019 Fund \u2013 \u201cPhase\u00a0Two\u201d\n"
    assert normalise_for_match(text) == "the 'ai' fund - \"phase two\""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(),
            st.sampled_from(
                [". ", "? ", "! ", "e.g. ", "No. ", "J. ", "U.K. ", "\n", "\n\n", "; ", ", ", " ", "A", "1.5"]
            ),
            st.sampled_from(["\u201c", "\u2028", "\x1c", "\t", "\u00a0"]),
        ),
        max_size=60,
    ).map("".join),
    st.integers(min_value=1, max_value=700),
)
def test_spans_are_ordered_trimmed_bounded_and_cover_the_text(text: str, max_len: int) -> None:
    spans = split_sentences(text, max_len=max_len)
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert end - start <= max_len
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(covered[i] or char.isspace() for i, char in enumerate(text))


def test_a_row_of_labelled_cells_is_one_unit_not_clauses() -> None:
    assert is_labelled_row("Network: Fenland (FMDN); AI product: BoneTrace FX3; Scans per week: 2,150")
    assert not is_labelled_row("FMDN received £740,000; SIC received £1.1 million")
    assert not is_labelled_row("Owner: Gareth Oldroyd")  # one labelled field is a sentence's business
