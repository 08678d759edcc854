"""The domain thesaurus matches a broad word with the narrower words it covers, never sideways."""

import pytest

from assistant.language.lexicon import names_thing, post_to_be_filled, same_thing


@pytest.mark.parametrize(
    "asked, stated, same",
    [
        ("scan", "ct", True),
        ("ct", "scan", True),
        ("scan", "x-ray", True),
        ("ct", "x-ray", False),
        ("vendor", "supplier", True),
        ("company", "supplier", True),
        ("trust", "network", False),
        ("trust", "trust", True),
        ("xray", "x-ray", True),  # hyphenated words are also written solid
        ("staff", "radiographer", True),
        ("radiographer", "radiologist", False),
    ],
)
def test_same_thing(asked, stated, same):
    assert same_thing(asked, stated) is same


def test_names_thing_looks_through_all_words():
    assert names_thing(["chest", "ct"], "scan")
    assert not names_thing(["stroke", "centre"], "scan")


def test_a_post_still_to_be_filled_is_told_from_one_filled():
    for text in ("NHS England intends to appoint a national evaluation partner through open procurement.",
                 "Each funded network must appoint a clinical safety officer.",
                 "The evaluation partner has not yet been appointed.",
                 "Trusts are required to nominate a senior responsible owner."):
        assert post_to_be_filled(text) and post_to_be_filled(text.lower()), text
    for text in ("NHS England has appointed Northfold University as the evaluation partner.",
                 "Dr Ana Reyes was appointed Clinical Safety Officer in May 2025."):
        assert not post_to_be_filled(text), text


def test_words_of_the_same_meaning_come_with_each_other():
    """A text saying "application" also matches "bid"; names and unrelated words are left alone."""
    from assistant.language.lexicon import with_same_meaning

    assert {"bid", "bids", "proposal"} <= with_same_meaning(["application", "narrative"])
    assert "fund" in with_same_meaning(["pot"]) and "pot" in with_same_meaning(["fund"])
    assert "changed" in with_same_meaning(["revised", "figure"])  # "was that changed later?" / "the revised figure"
    assert with_same_meaning(["narrative", "daaf"]) == {"narrative", "daaf"}
