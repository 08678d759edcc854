"""Names learned from documents: where a name ends, and what is not a name at all."""

import pytest

from assistant.language.names import Gazetteer, Name, is_english

TEXT = """The largest award, of £3.1 million, was made to the Ashvale and Penbury Imaging Network for AI-supported detection.
Around a third of chest X-rays, CT scans and MRI scans are read by AI. The network went live with NHS England in April 2023.
4.3 Same-day reporting rose from 31% to 62%.
Network; AI product; Go-live month
The Severnmouth Imaging Collaborative (SIC) trained its staff. The Northmoor Imaging Network (NIN) met."""


def test_a_name_ends_at_punctuation_a_month_or_a_joining_word():
    names = Gazetteer.learn([TEXT]).names
    assert ("ashvale", "and", "penbury", "imaging", "network") in names
    assert not any(name[-1] in {"for", "in", "of", "and"} for name in names)
    assert not any("april" in name for name in names)
    assert ("nhs", "england") in names


def test_a_capital_after_a_list_label_or_a_table_cell_is_no_name():
    names = Gazetteer.learn([TEXT]).names
    assert ("x", "rays", "ct") not in names and ("x", "rays") in names
    assert ("same", "day") not in names and ("go", "live") not in names


def test_one_word_of_an_aliased_name_takes_that_names_alias():
    gazetteer = Gazetteer.learn([TEXT])
    assert ("sic",) in gazetteer.aliases_of(("severnmouth",))
    assert gazetteer.aliases_of(("imaging",)) == set()  # a word of two aliased names names neither


def test_a_passage_writing_only_the_alias_names_one_word_of_the_aliased_name():
    gazetteer = Gazetteer.learn([TEXT])
    assert ("sic",) in gazetteer.forms(Name(("severnmouth",), "severnmouths"))
    assert gazetteer.forms(Name(("imaging",), "imaging")) == [("imaging",)]


@pytest.mark.parametrize("text", [
    "Answer\nThe Tidewater Scanning Fund (TSF) was announced in June 2023.",
    "Ministers Announced The Tidewater Scanning Fund (TSF) today.",
])
def test_an_alias_abbreviates_only_the_end_of_a_capitalised_run_that_fits_it(text):
    gazetteer = Gazetteer.learn([text])
    assert gazetteer.aliases_of(("tidewater", "scanning", "fund")) == {("tsf",)}


def test_the_last_word_of_one_name_written_alone_with_a_capital_is_that_name():
    text = ("In 2024 NHS England ran the Coastal Digital Pathfinder. The Pathfinder closed in January 2025.\n"
            "Building on the Pathfinder\nThe Pathfinder aimed to cut waits.")
    gazetteer = Gazetteer.learn([text])
    assert gazetteer.aliases_of(("pathfinder",)) == {("coastal", "digital", "pathfinder")}
    assert [n.key for n in gazetteer.find("what did the pathfinder cost")] == [("pathfinder",)]


@pytest.mark.parametrize("text", [
    # written in lower case too: a word, not a name
    "The Coastal Digital Pathfinder began. The Pathfinder closed. Each pathfinder site reported.",
    # the last word of two names names neither
    "The Coastal Digital Pathfinder and the Upland Imaging Pathfinder began. The Pathfinder closed.",
])
def test_a_last_word_is_no_name_of_its_own_when_written_in_lower_case_or_ending_two_names(text):
    assert Gazetteer.learn([text]).aliases_of(("pathfinder",)) == set()


def test_a_name_ends_before_a_weekday():
    names = Gazetteer.learn(["The Secretary launched the Tidewater Scanning Fund on Monday 3 March 2025."]).names
    assert ("tidewater", "scanning", "fund") in names
    assert not any("monday" in name for name in names)


def test_and_the_starts_another_name():
    names = Gazetteer.learn(["Grants come from the Estuary Imaging Fund and the Saltmarsh Scanning Fund in turn."]).names
    assert {("estuary", "imaging", "fund"), ("saltmarsh", "scanning", "fund")} <= names
    assert not any("saltmarsh" in name and "estuary" in name for name in names)


@pytest.mark.parametrize("word", ["email", "emailed", "online", "internet", "workforce", "workflow", "helplines", "ultrasound", "mammography", "postcode"])
def test_words_coined_since_the_old_dictionary_are_english(word):
    # Webster's 1934 list alone took these for names the documents do not know.
    assert is_english(word)


@pytest.mark.parametrize("word", ["organised", "prioritising", "analysed", "behaviour", "tumours"])
def test_british_spellings_are_english(word):
    assert is_english(word)


@pytest.mark.parametrize("word", ["manchester", "london", "calderbrook", "annalise", "brainomix", "sarah", "england"])
def test_places_people_and_products_are_not_english_words(word):
    assert not is_english(word)


def test_a_word_longer_than_any_listed_is_no_english_word():
    # Looked up as it was, it made numpy copy the list at its width (0.5 s a look-up, and a 1,999-letter
    # question in tests/test_api.py ran for over 15 minutes).
    assert not is_english("x" * 1999) and not is_english("ab" * 1000 + "ing")
