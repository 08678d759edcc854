"""Loading every supported format from real files, and refusing every bad one clearly."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import loaders
from assistant.loaders import SUPPORTED_SUFFIXES, load_document
from assistant.types import LoadedDocument, LoadError
from tests import docfactory as factory

MB = 1024 * 1024


def load(path: Path, max_bytes: int = 20 * MB) -> LoadedDocument:
    doc = load_document(path, path.name, max_bytes)
    factory.assert_valid_document(doc)
    return doc


def section_with(doc: LoadedDocument, needle: str):
    return next(section for section in doc.sections if needle in section.text)


def set_mtime(path: Path, day: dt.date) -> None:
    timestamp = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()
    os.utime(path, (timestamp, timestamp))


# --------------------------------------------------------------------------- Markdown and text

ALLOCATION_MD = """\
# Allocation of funding

The **AI Diagnostic Fund** gives *£21 million* to `imaging networks`, see [the guidance](https://www.gov.uk/guidance).
<!-- internal note: do not publish -->

## Conflicting counts

Reports differ on how many trusts took part:

- 64 NHS trusts
- __Eleven__ imaging networks

| Network | Award |
|---|---|
| North | £1.5m |
| South | £2.1m |
"""


def test_markdown_front_matter_and_plain_text(tmp_path: Path) -> None:
    path = factory.make_markdown(
        tmp_path,
        "allocation.md",
        ALLOCATION_MD,
        {
            "title": "AI Diagnostic Fund allocation",
            "publisher": "Department of Health and Social Care",
            "published": dt.date(2023, 10, 6),
            "source_urls": ["https://www.gov.uk/a", "https://www.gov.uk/b"],
            "doc_type": "announcement",
        },
    )
    doc = load(path)

    assert doc.source == "allocation.md"
    assert doc.title == "AI Diagnostic Fund allocation"
    assert doc.publisher == "Department of Health and Social Care"
    assert doc.published == "2023-10-06"
    assert doc.url == "https://www.gov.uk/a"
    assert doc.urls == ["https://www.gov.uk/a", "https://www.gov.uk/b"]
    assert doc.doc_type == "announcement"
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()

    assert "The AI Diagnostic Fund gives £21 million to imaging networks, see the guidance." in doc.text
    for syntax in ("**", "__", "`", "](", "<!--", "internal note", "|", "---", "title:"):
        assert syntax not in doc.text
    assert "\n64 NHS trusts\nEleven imaging networks\n" in doc.text
    assert "Network: North; Award: £1.5m\nNetwork: South; Award: £2.1m" in doc.text  # rows labelled by the header
    assert "\n\n\n" not in doc.text


def test_markdown_headings_become_sections_with_heading_paths(tmp_path: Path) -> None:
    doc = load(factory.make_markdown(tmp_path, "allocation.md", ALLOCATION_MD))

    assert [section.heading_path for section in doc.sections] == [
        ("Allocation of funding",),
        ("Allocation of funding", "Conflicting counts"),
    ]
    assert doc.sections[1].text.startswith("Conflicting counts\n")
    assert all(section.page is None for section in doc.sections)


def test_markdown_sibling_and_setext_headings(tmp_path: Path) -> None:
    text = "Overview\n========\n\nIntro.\n\n### Deep\n\nA.\n\n## Middle\n\nB.\n\nOther\n-----\n\nC.\n"
    doc = load(factory.make_markdown(tmp_path, "headings.md", text))
    assert [section.heading_path for section in doc.sections] == [
        ("Overview",),
        ("Overview", "Deep"),
        ("Overview", "Middle"),
        ("Overview", "Other"),
    ]


def test_markdown_code_blocks_are_kept_verbatim(tmp_path: Path) -> None:
    text = "# Setup\n\n```\n# not a heading\nrun **this**\n```\n"
    doc = load(factory.make_markdown(tmp_path, "code.md", text))
    assert len(doc.sections) == 1
    assert "# not a heading\nrun **this**" in doc.text


def test_markdown_fallbacks_first_heading_then_file_name_never_mtime(tmp_path: Path) -> None:
    with_heading = factory.make_markdown(tmp_path, "notes.md", "Intro line.\n\n## Evaluation plan\n\nText.\n")
    without_heading = factory.make_markdown(tmp_path, "02-allocation-october-2023.md", "Just a paragraph.\n")
    set_mtime(without_heading, dt.date(2024, 2, 29))

    assert load(with_heading).title == "Evaluation plan"
    doc = load(without_heading)
    assert doc.title == "02 allocation october 2023"
    assert doc.published is None  # the file's modification time is not a publication date
    assert (doc.url, doc.urls, doc.publisher, doc.doc_type) == (None, [], None, "document")


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2023-06-23", "2023-06-23"), ("23 June 2023", "2023-06-23"), ("2023-06", "2023-06"), (2023, "2023")],
)
def test_front_matter_dates_become_iso(tmp_path: Path, published: object, expected: str) -> None:
    doc = load(factory.make_markdown(tmp_path, "dated.md", "Body.\n", {"published": published}))
    assert doc.published == expected


def test_front_matter_single_url_and_unknown_doc_type(tmp_path: Path) -> None:
    doc = load(factory.make_markdown(tmp_path, "one.md", "Body.\n", {"url": "https://x.test/a", "doc_type": "memo"}))
    assert doc.urls == ["https://x.test/a"]
    assert doc.doc_type == "document"


@pytest.mark.parametrize("front_matter", ["title: [unclosed\n", "- just\n- a list\n"])
def test_malformed_front_matter_is_refused(tmp_path: Path, front_matter: str) -> None:
    path = factory.make_text(tmp_path, "bad.md", f"---\n{front_matter}---\nBody.\n")
    with pytest.raises(LoadError, match="malformed front matter"):
        load(path)


def test_crlf_bom_and_control_characters_are_cleaned(tmp_path: Path) -> None:
    path = factory.make_text(tmp_path, "windows.md", "\ufeff# Title\r\n\r\nLine\x07 one   with\u00a0spaces.\r\n")
    doc = load(path)
    assert doc.text == "Title\nLine one with spaces."


def test_plain_text_rejoins_wrapped_lines_but_keeps_short_lines(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Fund note\n---\n"
        "The AI Diagnostic Fund was announced in June 2023 to help NHS trusts\n"
        "deploy artificial intelligence tools that speed up the diagnosis of\n"
        "diseases such as lung cancer.\n\n"
        "Key facts:\n- £21 million\n- 64 trusts\n"
    )
    doc = load(factory.make_text(tmp_path, "note.txt", text))
    assert doc.title == "Fund note"
    assert "help NHS trusts deploy artificial intelligence tools that speed up the diagnosis of diseases" in doc.text
    assert doc.text.endswith("Key facts:\n- £21 million\n- 64 trusts")


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    doc = load(factory.make_cp1252_txt(tmp_path, "legacy.txt"))
    assert doc.text == factory.CP1252_TEXT


# --------------------------------------------------------------------------- HTML


def make_press_release(directory: Path, meta: dict[str, str] | None = None) -> Path:
    return factory.make_html(
        directory,
        "press-release.html",
        "£21 million to roll out artificial intelligence across the NHS",
        [
            "NHS patients will benefit from faster diagnosis.",
            "Developers must not embed a <script> tag in submissions.",
            "Applications close in September.",
        ],
        headings={2: "How to apply"},
        meta=meta
        if meta is not None
        else {
            "og:site_name": "GOV.UK",
            "article:published_time": "2023-06-23T00:01:00+01:00",
            "author": "Department of Health and Social Care",
        },
        canonical="https://www.gov.uk/government/news/21-million-ai",
    )


def test_html_press_release_text_and_metadata(tmp_path: Path) -> None:
    doc = load(make_press_release(tmp_path))

    assert doc.title == "£21 million to roll out artificial intelligence across the NHS"
    assert doc.published == "2023-06-23"
    assert doc.url == "https://www.gov.uk/government/news/21-million-ai"
    assert doc.publisher == "GOV.UK"
    assert "NHS patients will benefit from faster diagnosis." in doc.text
    assert "Developers must not embed a <script> tag in submissions." in doc.text
    assert section_with(doc, "Applications close").heading_path == (doc.title, "How to apply")


def test_html_boilerplate_is_dropped(tmp_path: Path) -> None:
    doc = load(make_press_release(tmp_path))
    for boilerplate in (
        "Skip to main content", "Cookies on GOV.UK", "Site header link", "Navigation item",
        "Breadcrumb trail", "Related content sidebar", "Footer text", "trackingCode", "color: red",
    ):
        assert boilerplate not in doc.text


def test_html_title_prefers_og_title_and_falls_back_to_h1(tmp_path: Path) -> None:
    with_og = load(make_press_release(tmp_path, meta={"og:title": "Short title"}))
    assert with_og.title == "Short title"

    page = "<html><body><div class='content'><h1>Evaluation update</h1><p>Body text.</p></div></body></html>"
    without_title = load(factory.make_text(tmp_path, "update.html", page))
    assert without_title.title == "Evaluation update"


def test_html_without_main_uses_body_and_reads_dates_from_time_and_og_url(tmp_path: Path) -> None:
    page = """<html><head><meta property="og:url" content="https://example.test/news"></head><body>
      <div id="main-menu"><a href="/">Menu link</a></div>
      <div class="content"><h2>Update</h2><p>Published <time datetime="2024-01-15">15 January</time>.</p>
      <ul><li>First point</li><li>Second point</li></ul>
      <table><tr><th>Trust</th><th>Award</th></tr><tr><td>Leeds</td><td>£1m</td></tr></table>
      <p>Line one<br>Line two</p></div></body></html>"""
    doc = load(factory.make_text(tmp_path, "plain.html", page))
    assert doc.published == "2024-01-15"
    assert doc.url == "https://example.test/news"
    assert "Menu link" not in doc.text
    assert "Published 15 January." in doc.text
    assert "First point\nSecond point" in doc.text
    assert "Trust: Leeds; Award: £1m" in doc.text and "Trust; Award" not in doc.text
    assert "Line one\nLine two" in doc.text


def test_deeply_nested_html_loads(tmp_path: Path) -> None:
    doc = load(factory.make_deep_html(tmp_path, "deep.html", depth=5000))
    assert "Text at the bottom of a very deep page." in doc.text
    assert "Text after the deep part." in doc.text


def test_html_with_no_visible_text_is_refused(tmp_path: Path) -> None:
    page = "<html><body><nav>Only navigation</nav><script>x()</script></body></html>"
    path = factory.make_text(tmp_path, "empty.html", page)
    with pytest.raises(LoadError, match="no text content"):
        load(path)


# --------------------------------------------------------------------------- PDF


def test_pdf_pages_and_metadata(tmp_path: Path) -> None:
    path = factory.make_pdf(
        tmp_path,
        "evaluation.pdf",
        [
            "The evaluation covers the first year of the fund. It looks at how quickly the AI tools "
            "were deployed in each imaging network and what difference they made.\n\nSecond paragraph.",
            "Page two describes the findings.",
        ],
        title="AI Diagnostic Fund evaluation",
        author="NHS England",
        creation_date=dt.datetime(2023, 6, 23, 9, 30),
    )
    doc = load(path)

    assert doc.title == "AI Diagnostic Fund evaluation"
    assert doc.publisher == "NHS England"
    assert doc.published == "2023-06-23"
    assert [section.page for section in doc.sections] == [1, 2]
    assert "how quickly the AI tools were deployed in each imaging network" in doc.text
    assert section_with(doc, "Page two").page == 2


def test_pdf_without_metadata_falls_back_to_file_name(tmp_path: Path) -> None:
    doc = load(factory.make_pdf(tmp_path, "interim-report.pdf", ["Some findings."]))
    assert doc.title == "interim report"  # reportlab's "untitled" placeholder is ignored
    assert doc.publisher is None  # ... and so is its "anonymous" author


def test_a_pdf_stamped_with_reportlabs_placeholder_date_is_dated_by_its_text(tmp_path: Path) -> None:
    # ReportLab's invariant output dates every file 1 January 2000, midnight: no publication date
    placeholder = dt.datetime(2000, 1, 1)
    stated = factory.make_pdf(tmp_path, "guidance.pdf", ["Guidance for applicants.\n\nPublished 14 March 2025"], creation_date=placeholder)
    assert load(stated).published == "2025-03-14"
    assert load(factory.make_pdf(tmp_path, "notes.pdf", ["Some findings."], creation_date=placeholder)).published is None


def test_pdf_encrypted_with_empty_user_password_loads(tmp_path: Path) -> None:
    path = factory.make_encrypted_pdf(tmp_path, "owner-only.pdf", "Readable text.", user_password="")
    assert b"/Encrypt" in path.read_bytes()
    assert load(path).text == "Readable text."


# --------------------------------------------------------------------------- DOCX


def test_docx_headings_lists_tables_and_core_properties(tmp_path: Path) -> None:
    path = factory.make_docx(
        tmp_path,
        "guidance.docx",
        "Fund guidance",
        [
            ("title", "AI Diagnostic Fund guidance"),
            ("heading", "Eligibility"),
            ("para", "Imaging networks may apply."),
            ("bullet", "Must be an NHS organisation"),
            ("bullet", "Must match funding locally"),
            ("heading2", "Awards"),
            ("table", [["Network", "Award"], ["North", "£1.5m"]]),
        ],
        author="NHS England",
        created=dt.datetime(2023, 7, 1, 10, 0, tzinfo=dt.UTC),
    )
    doc = load(path)

    assert (doc.title, doc.publisher, doc.published) == ("Fund guidance", "NHS England", "2023-07-01")
    assert "Must be an NHS organisation\nMust match funding locally" in doc.text
    assert "Network; Award\nNorth; £1.5m" in doc.text  # two unmarked columns: more often label and value
    assert section_with(doc, "North").heading_path == ("AI Diagnostic Fund guidance", "Eligibility", "Awards")
    assert section_with(doc, "Imaging networks").text.startswith("Eligibility\n")


def test_docx_table_rows_are_labelled_by_an_unmarked_header_of_three_columns(tmp_path: Path) -> None:
    """Read alone, a row must still say what its figures measure; a first row holding a figure is data."""
    headed = [["Network", "Product", "Scans per week"], ["North", "ChestView", "2,150"], ["South", "", "640"]]
    unheaded = [["North", "ChestView", "2,150"], ["South", "BoneTrace", "640"]]
    path = factory.make_docx(tmp_path, "tables.docx", "Tables", [("table", headed), ("para", "Between."), ("table", unheaded)])
    doc = load(path)
    assert "Network: North; Product: ChestView; Scans per week: 2,150\nNetwork: South; Scans per week: 640" in doc.text
    assert "North; ChestView; 2,150\nSouth; BoneTrace; 640" in doc.text


def test_docx_fallbacks_title_style_and_no_template_date(tmp_path: Path) -> None:
    path = factory.make_docx(tmp_path, "untitled.docx", None, [("title", "Styled title"), ("para", "Body.")])
    set_mtime(path, dt.date(2024, 5, 4))
    doc = load(path)
    assert doc.title == "Styled title"
    assert doc.published is None  # python-docx's blank-template date is ignored, and so is the mtime
    assert doc.publisher is None


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: factory.make_zero_byte(d, "empty.md"), "empty file"),
        (lambda d: factory.make_zero_byte(d, "empty.pdf"), "empty file"),
        (lambda d: factory.make_text(d, "blank.txt", " \n\t\r\n "), "empty file"),
        (lambda d: factory.make_markdown(d, "only-meta.md", "<!-- nothing -->\n", {"title": "x"}), "no text content"),
        (lambda d: factory.make_corrupt_pdf(d, "truncated.pdf"), "corrupt PDF"),
        (lambda d: factory.make_text(d, "not-really.pdf", "just some words"), "corrupt PDF"),
        (
            lambda d: factory.make_text(d, "garbled.pdf", "%PDF-1.4\n1 0 obj <<< garbage\n%%EOF\n"),
            "corrupt PDF|no extractable text",
        ),
        (lambda d: factory.make_encrypted_pdf(d, "locked.pdf", "Secret"), r"encrypted PDF \(password required\)"),
        (lambda d: factory.make_image_only_pdf(d, "scan.pdf"), r"no extractable text \(scanned or image-only PDF\?\)"),
        (lambda d: factory.make_fake_docx(d, "fake.docx"), "not a valid DOCX file"),
        (lambda d: factory.make_text(d, "garbage.docx", "not a zip at all"), "not a valid DOCX file"),
        (lambda d: factory.make_binary_txt(d, "image.txt"), "binary data, not text"),
        (lambda d: factory.make_binary_txt(d, "image.md"), "binary data, not text"),
        (lambda d: factory.make_text(d, "notes.xyz", "text"), r"unsupported file type '\.xyz' \(supported: \.md, "),
        (lambda d: factory.make_text(d, "README", "text"), r"unsupported file type \(no extension\)"),
    ],
)
def test_bad_files_are_refused_with_a_readable_reason(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        load(make(tmp_path))


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: no disk space used, and never read
    with pytest.raises(LoadError, match=r"^file is 50\.0 MB, over the 20\.0 MB limit$"):
        load(path)

    small = factory.make_text(tmp_path, "small.txt", "x" * 2048)
    with pytest.raises(LoadError, match=r"file is 2\.0 KB, over the 1\.0 KB limit"):
        load(small, max_bytes=1024)


def test_vanished_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="^file disappeared during ingest$"):
        load(tmp_path / "deleted-meanwhile.md")


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(LoadError, match="not a regular file"):
        load(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_real_permissions(tmp_path: Path) -> None:
    path = factory.make_text(tmp_path, "secret.txt", "text")
    path.chmod(0)
    with pytest.raises(LoadError, match="^permission denied$"):
        load(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests usually run as root, so simulate the OS refusing to open this one file."""
    path = factory.make_text(tmp_path, "secret.txt", "text")
    real_open = os.open

    def refusing_open(target, *args, **kwargs):
        if Path(target) == path:
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(loaders.os, "open", refusing_open)
    with pytest.raises(LoadError, match="^permission denied$"):
        load(path)


def test_unexpected_parser_errors_become_load_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_parser(raw: bytes):
        raise RuntimeError("library bug")

    monkeypatch.setitem(loaders._PARSERS, ".md", broken_parser)
    with pytest.raises(LoadError, match="could not read MD file: library bug"):
        load(factory.make_markdown(tmp_path, "doc.md", "Text."))


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")


# --------------------------------------------------------------------------- properties

MARKDOWN_FRAGMENTS = st.sampled_from(factory.MARKDOWN_SNIPPETS)


@pytest.fixture(scope="module")
def scratch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("property-docs")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(st.one_of(st.text(max_size=20), MARKDOWN_FRAGMENTS), max_size=40).map("".join),
    suffix=st.sampled_from([".md", ".txt"]),
    front_matter=st.booleans(),
)
def test_any_text_loads_consistently_or_fails_cleanly(
    scratch_dir: Path, text: str, suffix: str, front_matter: bool
) -> None:
    if front_matter:
        text = f"---\ntitle: {text[:10]}\n---\n{text}"
    path = scratch_dir / f"doc{suffix}"
    path.write_bytes(text.encode("utf-8"))
    try:
        doc = load_document(path, path.name, MB)
    except LoadError as error:
        assert str(error)
        return
    factory.assert_valid_document(doc)
    assert doc.sections and doc.title


def test_memo_header_becomes_metadata_not_body(tmp_path):
    path = factory.make_text(
        tmp_path,
        "memo.txt",
        "To: All trust digital leads\nFrom: Regional imaging network office\n"
        "Subject: What the evaluation found\nDate: 12 December 2024\n\n"
        "The evaluation found that deployment took longer than expected.\n",
    )
    doc = load_document(path, "memo.txt", 10_000_000)
    assert doc.title == "What the evaluation found"
    assert doc.published == "2024-12-12"
    assert doc.publisher == "Regional imaging network office"
    assert "Subject:" not in doc.text and doc.text.startswith("The evaluation found")


def test_single_colon_line_stays_prose(tmp_path):
    path = factory.make_text(tmp_path, "note.txt", "Note: the fund was £21 million.\n\nMore text follows here.\n")
    doc = load_document(path, "note.txt", 10_000_000)
    assert doc.text.startswith("Note: the fund was £21 million.")


def test_memo_banner_above_header_is_dropped(tmp_path):
    path = factory.make_text(
        tmp_path, "memo.txt", "MEMO\n\nTo: Leads\nFrom: Programme office\nSubject: Findings so far\n\nBody sentence here.\n"
    )
    doc = load_document(path, "memo.txt", 10_000_000)
    assert doc.title == "Findings so far"
    assert doc.text == "Body sentence here."


# --------------------------------------------------------------------------- dates


def test_dates_come_from_the_document_in_order_never_the_file_system(tmp_path: Path) -> None:
    page = "<html><body><main><h1>Allocation</h1><p>Published 30 October 2023</p><p>Money by March 2025.</p></main></body></html>"
    stated_line = factory.make_text(tmp_path, "allocation.html", page)
    answered = factory.make_text(tmp_path, "hl10079.txt", "Written answer\n\nAnswered on 12 March 2025\n\nThe fund is £21m.\n")
    named = factory.make_text(tmp_path, "2023-06-27-trade-report.txt", "The fund is worth £21 million.\n")
    # Metadata beats a stated line, which beats the file name.
    both = factory.make_markdown(tmp_path, "2020-01-01-note.md", "Published 2 May 2024\n\nBody.\n", {"published": "2023-06-23"})
    for path in (stated_line, answered, named, both):
        set_mtime(path, dt.date(2026, 11, 30))
    assert load(stated_line).published == "2023-10-30"
    assert load(answered).published == "2025-03-12"
    assert load(named).published == "2023-06-27"
    assert load(both).published == "2023-06-23"
    assert load(factory.make_text(tmp_path, "note-2023-06-27.txt", "Undated words.\n")).published is None


def test_a_letters_date_is_the_line_above_its_salutation(tmp_path: Path) -> None:
    letter = "NHS England\nLondon\nSE1 8UG\n\n9 May 2025\n\nDear colleague,\n\nThe deadline moves to 13 June 2025.\n"
    assert load(factory.make_text(tmp_path, "letter.txt", letter)).published == "2025-05-09"
    # a date in the body is what the letter is about, not when it was written
    assert load(factory.make_text(tmp_path, "note.txt", "Dear colleague,\n\nWe meet on\n9 May 2025\n\nThanks.\n")).published is None


def test_a_files_creation_stamp_dates_it_only_when_the_document_states_no_date(tmp_path: Path) -> None:
    exported = dt.datetime(2026, 12, 8, 4, 16)  # made again long after it was published
    named = factory.make_pdf(tmp_path, "2025-09-15-written-answer.pdf", ["The minister answered the question."], creation_date=exported)
    stated = factory.make_pdf(tmp_path, "answer.pdf", ["Answered on 12 March 2025\n\nThe minister answered."], creation_date=exported)
    stamped = factory.make_pdf(tmp_path, "report.pdf", ["The report covers the first year."], creation_date=exported)
    assert load(named).published == "2025-09-15"
    assert load(stated).published == "2025-03-12"
    assert load(stamped).published == "2026-12-08"


def test_an_articles_date_is_the_line_under_its_byline(tmp_path: Path) -> None:
    byline = [("title", "Networks miss go-live target"), ("para", "By Sam Reed, Health Correspondent"), ("para", "18 November 2025")]
    body = [("para", "Two networks were live by 1 March 2025.")]
    assert load(factory.make_docx(tmp_path, "article.docx", None, byline + body)).published == "2025-11-18"
    # a date in the body is what the article reports, not when it was written
    assert load(factory.make_docx(tmp_path, "report.docx", None, [("para", "By the end of the pilot"), ("para", "1 March 2025")])).published is None


def test_html_dates_are_read_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """htmldate downloads URL strings: the loader must never let it, whatever the page links to."""
    import socket

    import htmldate.utils

    def no_network(*args, **kwargs):
        raise AssertionError("the loader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(htmldate.utils, "fetch_url", no_network)
    json_ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-11-21T09:00:00Z"}</script>'
    dated = f"<html><head><link rel='canonical' href='https://example.test/news'>{json_ld}</head><body><p>Text.</p></body></html>"
    undated = "<html><head><link rel='canonical' href='https://example.test/other'></head><body><p>Text.</p></body></html>"
    assert load(factory.make_text(tmp_path, "dated.html", dated)).published == "2024-11-21"
    assert load(factory.make_text(tmp_path, "undated.html", undated)).published is None
