"""PDF pages and plain text: running headers and footers dropped, sentences cut by a page break
joined, headings found by how they are written and never quoted as facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.loaders import load_document
from assistant.loaders.layout import column_tables, heading_level, page_blocks, strip_furniture
from tests.docfactory import make_pdf, make_table_pdf, make_text

HEADER = "Widget Fund guidance for trusts"


def _load(path: Path):
    return load_document(path, path.name, 10**7)


def test_running_headers_footers_and_page_numbers_are_dropped_and_a_cut_sentence_joined(tmp_path):
    pages = [
        f"{HEADER}\nThe fund opened in May 2024 and the share of scans reported within a day\nPage 1 of 3",
        f"{HEADER}\nrose from 30% to 60% over the year. Networks report monthly.\nPage 2 of 3",
        f"{HEADER}\nThe evaluation reports in 2026.\nPage 3 of 3",
    ]
    document = _load(make_pdf(tmp_path, "guide.pdf", pages))
    assert HEADER not in document.text
    assert "Page" not in document.text
    assert "within a day rose from 30% to 60% over the year." in document.text


def test_a_line_on_only_one_page_is_kept():
    pages = [(1, ["Annex A", "Body one."]), (2, ["Body two.", "Annex B"]), (3, ["Body three."])]
    assert strip_furniture(pages) == pages


def test_a_running_footer_of_several_lines_is_dropped_whole(tmp_path):
    footer = "NHS England\nWidget Fund guidance | OFFICIAL\nPublication reference: PRN0001\nPage {} of 3"
    body = "\n".join(f"Line {line} of the body." for line in range(5))
    pages = [f"Body {word}.\n{body}\n{footer.format(n)}" for n, word in enumerate(["one", "two", "three"], 1)]
    document = _load(make_pdf(tmp_path, "guide.pdf", pages))
    assert "OFFICIAL" not in document.text and "PRN0001" not in document.text and "NHS England" not in document.text
    assert "Body three." in document.text


def test_a_pdf_table_is_read_as_rows_under_its_column_headings(tmp_path):
    rows = [["Band", "Network size", "Maximum award"], ["Band A", "Under 1 million", "£300,000"],
            ["Band B", "1 million or more,\nwith some caveats", "£600,000"]]
    path = make_table_pdf(tmp_path, "bands.pdf", "3.1 Awards are made in bands.", rows, "3.2 Revenue may not exceed a third.")
    text = _load(path).text
    assert "Band: Band A; Network size: Under 1 million; Maximum award: £300,000" in text
    assert "Band: Band B; Network size: 1 million or more, with some caveats; Maximum award: £600,000" in text
    assert "3.2 Revenue may not exceed a third." in text


def test_a_heading_with_a_number_among_its_words_still_heads_its_column(tmp_path):
    rows = [["Band", "Hospitals", "Maximum award", "Round 1 network and award"], ["A", "1 to 6", "£1.4 million", "Tamewick: £1.3 million"],
            ["C", "11 or more", "£3.0 million", "None in round 1"]]
    text = _load(make_table_pdf(tmp_path, "bands.pdf", "3.1 Awards are made in bands.", rows, "3.2 Revenue may not exceed a third.")).text
    assert "Band: C; Hospitals: 11 or more; Maximum award: £3.0 million; Round 1 network and award: None in round 1" in text


def test_a_table_ending_a_page_is_not_continued_by_the_next_pages_text():
    plain = "Awards by band.\nBand\nAward\nA\n£1\nB\n£2"
    layout = "Awards by band.\n\nBand     Award\nA        £1\nB        £2"
    blocks = page_blocks([(1, plain), (2, "and more text follows.")], fixed_width=True, tables={1: column_tables(layout)})
    assert [b.text for b in blocks if b.item] == ["Band: A; Award: £1", "Band: B; Award: £2"]
    assert not any("\x00" in b.text for b in blocks)


def test_a_list_laid_out_beside_its_bullets_is_no_table(tmp_path):
    rows = [["-", "software licences;"], ["-", "training for staff;"], ["-", "project management."]]
    text = _load(make_table_pdf(tmp_path, "costs.pdf", "6.1 The following costs are eligible:", rows, "6.2 VAT is not.")).text
    assert ";" not in text.replace("licences;", "").replace("staff;", "")


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("4. PERFORMANCE REPORT (TO 31 AUGUST 2024)", 2),
        ("ROLL-OUT PROGRESS", 2),
        ("2.1 Eligible costs", 3),
        ("Section 3: How to apply", 2),
        # body text, list items and table rows are not headings
        ("4.3 Same-day reporting rose from 31% to 62% in August 2024.", None),
        ("2.2 Midlands £7.3 million", None),
        ("The board agreed the plan", None),
        ("NHS England", None),
        ("Region | Allocation", None),
        ("Who has to sign the letters of support?", None),  # a question is a heading only in a list of questions
    ],
)
def test_heading_level(line, level):
    assert heading_level(line) == level
    assert heading_level(line.lower()) in (None, level)  # lower case is never read as a heading in capitals


def test_questions_and_answers_make_question_headings():
    text = (
        "Who can apply?\nImaging networks can apply.\n"
        "Who has to sign the letters of support?\nThe chief executive of each trust must sign.\n"
        "When does the fund close?\nApplications close on 12 September 2025.\n"
    )
    blocks = page_blocks([(None, text)])
    assert [b.text for b in blocks if b.level is not None] == [
        "Who can apply?", "Who has to sign the letters of support?", "When does the fund close?",
    ]


def test_plain_text_minutes_get_sections_under_their_headings(tmp_path):
    text = (
        "PROGRAMME BOARD\n\nMinutes of the meeting held on 12 September 2024.\n\n"
        "1. ROLL-OUT PROGRESS\n\n1.1 Two trusts went live in September 2024.\n1.2 One trust has no date yet.\n\n"
        "2. FINANCE\n\n2.1 £860,000 has been spent.\n"
    )
    document = _load(make_text(tmp_path, "minutes.txt", text))
    paths = [section.heading_path[-1] for section in document.sections]
    assert paths == ["PROGRAMME BOARD", "1. ROLL-OUT PROGRESS", "2. FINANCE"]


def test_a_numbered_heading_split_into_two_sentences_is_never_quoted(tmp_path):
    from assistant.config import Settings
    from assistant.ingestion import run_ingest
    from assistant.service import Assistant

    docs = tmp_path / "docs"
    docs.mkdir()
    make_text(
        docs, "minutes.txt",
        "2. MINUTES OF THE PREVIOUS MEETING AND ACTION LOG\n\n2.1 The minutes of the meeting held on 11 July 2024 were approved.\n",
    )
    settings = Settings(db=tmp_path / "index", sources=[docs])
    run_ingest(settings)
    snapshot = Assistant(settings).index.get()
    heading_parts = [i for i, text in enumerate(snapshot.sentence_text) if "MINUTES OF THE PREVIOUS" in text]
    assert heading_parts and all(snapshot.sentence_is_heading[i] and not snapshot.sentence_quotable[i] for i in heading_parts)
    answer = Assistant(settings).ask("what happened to the minutes of the previous meeting?")
    assert "MINUTES OF THE PREVIOUS" not in answer.answer


def test_plain_text_typed_without_a_set_width_keeps_each_list_line_apart(tmp_path):
    entries = [
        "Helen Okafor - Programme Director (Chair)",
        "Dr Sam Patel - Chief Clinical Information Officer, Northmoor Teaching Hospitals NHS Foundation Trust",
        "Professor Ian Marsh - Clinical Lead for Radiology, Brackenfield General Hospital NHS Trust",
    ]
    long_paragraph = "1.1 " + "The board noted the report and agreed the plan for the next quarter. " * 3
    document = _load(make_text(tmp_path, "minutes.txt", "PRESENT\n" + "\n".join(entries) + "\n\n" + long_paragraph + "\n"))
    assert all(f"\n{entry}\n" in f"\n{document.text}\n" for entry in entries)


def test_text_set_to_a_width_is_rejoined(tmp_path):
    wrapped = "The fund was announced in June 2023 to help NHS trusts deploy artificial\nintelligence tools and it was\nallocated in October 2023 to networks of trusts across England\nin every region.\n"
    document = _load(make_text(tmp_path, "wrapped.txt", wrapped))
    assert "artificial intelligence tools and it was allocated in October 2023" in document.text
