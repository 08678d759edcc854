"""The domain thesaurus matches a broad word with the narrower words it covers, never sideways."""

import pytest

from assistant.language.lexicon import names_thing, same_thing


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
