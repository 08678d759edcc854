"""Write small but real documents for tests: every ``make_*`` helper creates a file and returns
its path; the ``assert_valid_*`` helpers check the loader and chunker contracts.

Plain functions rather than fixtures so that any test module can build exactly the files it
needs inside ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from pathlib import Path

import docx
import yaml
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from assistant.types import Chunk, LoadedDocument

_FONT = "Helvetica"
_FONT_SIZE = 11
_MARGIN = 72


def make_markdown(directory: Path, name: str, text: str, front_matter: dict | None = None) -> Path:
    """A Markdown file, with YAML front matter when ``front_matter`` is given."""
    content = text
    if front_matter is not None:
        content = "---\n" + yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True) + "---\n" + text
    return _write(directory / name, content.encode("utf-8"))


def make_text(directory: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Any text file; the suffix of ``name`` decides how it is loaded (also used for raw HTML)."""
    return _write(directory / name, text.encode(encoding))


def make_html(
    directory: Path,
    name: str,
    title: str,
    paragraphs: list[str],
    headings: dict[int, str] | None = None,
    with_nav_footer: bool = True,
    meta: dict[str, str] | None = None,
    canonical: str | None = None,
    site_name: str = "GOV.UK",
) -> Path:
    """A press-release-like page: ``headings[i]`` is an <h2> placed before ``paragraphs[i]``.

    With ``with_nav_footer`` the page also carries the usual boilerplate (skip link, cookie
    banner, header, navigation, breadcrumbs, sidebar, footer, scripts) whose text must never
    reach the document. ``meta`` keys containing ":" are written as ``property``, others as
    ``name``. Paragraph text is HTML-escaped, so "<script>" in it is literal text.
    """
    headings = headings or {}
    head = [
        f"<title>{html.escape(title)} - {html.escape(site_name)}</title>",
        "<style>body { color: red; }</style>",
    ]
    for key, value in (meta or {}).items():
        attribute = "property" if ":" in key else "name"
        head.append(f'<meta {attribute}="{html.escape(key)}" content="{html.escape(value)}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')

    body = [f"<h1>{html.escape(title)}</h1>"]
    for index, paragraph in enumerate(paragraphs):
        if index in headings:
            body.append(f"<h2>{html.escape(headings[index])}</h2>")
        body.append(f"<p>{html.escape(paragraph)}</p>")
    main = "<main id='content'>\n" + "\n".join(body) + "\n</main>"

    if with_nav_footer:
        main = f"""
<a class="govuk-skip-link" href="#content">Skip to main content</a>
<div class="govuk-cookie-banner"><p>Cookies on GOV.UK: we use some essential cookies.</p></div>
<header role="banner"><a href="/">Site header link</a></header>
<nav><ul><li><a href="/a">Navigation item one</a></li><li><a href="/b">Navigation item two</a></li></ul></nav>
<div class="govuk-breadcrumbs"><ol><li>Home</li><li>Breadcrumb trail</li></ol></div>
{main}
<aside><p>Related content sidebar</p></aside>
<footer><p>Footer text: all content is available under the Open Government Licence</p></footer>
<script>var trackingCode = "window.analytics";</script>
"""
    head_html = "\n".join(head)
    page = f"<!DOCTYPE html>\n<html lang='en'>\n<head>\n{head_html}\n</head>\n<body>\n{main}\n</body>\n</html>\n"
    return _write(directory / name, page.encode("utf-8"))


def make_pdf(
    directory: Path,
    name: str,
    pages: list[str],
    title: str | None = None,
    author: str | None = None,
    creation_date: dt.datetime | None = None,
) -> Path:
    """A real multi-page PDF with wrapped text; blank lines in a page string separate paragraphs."""
    return _write(directory / name, _pdf_bytes(pages, title=title, author=author, creation_date=creation_date))


def make_table_pdf(directory: Path, name: str, before: str, rows: list[list[str]], after: str, footer: list[str] = ()) -> Path:
    """A one-page PDF with a table drawn in columns, cell by cell as a layout program draws one (a
    "\n" in a cell wraps it onto the next line), between two paragraphs; ``footer`` lines at the foot."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(_FONT, _FONT_SIZE)
    _, height = A4
    y = height - _MARGIN
    pdf.drawString(_MARGIN, y, before)
    y -= 2 * _FONT_SIZE
    for row in rows:
        for column, cell in enumerate(row):
            for line_number, line in enumerate(cell.split("\n")):
                pdf.drawString(_MARGIN + 150 * column, y - line_number * 1.4 * _FONT_SIZE, line)
        y -= 1.4 * _FONT_SIZE * max(cell.count("\n") + 1 for cell in row)
    pdf.drawString(_MARGIN, y - _FONT_SIZE, after)
    for number, line in enumerate(footer):
        pdf.drawString(_MARGIN, _MARGIN - number * 1.4 * _FONT_SIZE, line)
    pdf.showPage()
    pdf.save()
    return _write(directory / name, buffer.getvalue())


def make_encrypted_pdf(directory: Path, name: str, text: str, user_password: str = "secret") -> Path:
    """An encrypted PDF that needs ``user_password`` to open; with "" anyone may read it."""
    encryption = StandardEncryption(userPassword=user_password, ownerPassword="owner-secret")
    return _write(directory / name, _pdf_bytes([text], encrypt=encryption))


def make_image_only_pdf(directory: Path, name: str) -> Path:
    """A PDF whose only page holds drawings and no text, like a scan."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(100, 400, 300, 200, fill=1)
    pdf.circle(300, 300, 50)
    pdf.showPage()
    pdf.save()
    return _write(directory / name, buffer.getvalue())


def make_corrupt_pdf(directory: Path, name: str) -> Path:
    """The first half of a real PDF, as left by an interrupted download."""
    data = _pdf_bytes(["This PDF was cut short in the middle of the file."])
    return _write(directory / name, data[: len(data) // 2])


def make_docx(
    directory: Path,
    name: str,
    title: str | None,
    blocks: list[tuple[str, str | list[list[str]]]],
    author: str | None = None,
    created: dt.datetime | None = None,
) -> Path:
    """A Word document built from ``(kind, content)`` blocks.

    Kinds: "title" (Title style), "heading" / "heading2" (Heading 1 / 2), "para", "bullet"
    (List Bullet) and "table" (content is a list of rows). ``title``, ``author`` and
    ``created`` go to the core properties.
    """
    document = docx.Document()
    for kind, content in blocks:
        if kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for row, values in zip(table.rows, content, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        elif kind == "title":
            document.add_heading(content, level=0)
        elif kind in ("heading", "heading2"):
            document.add_heading(content, level=1 if kind == "heading" else 2)
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        elif kind == "para":
            document.add_paragraph(content)
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    properties = document.core_properties
    properties.title = title or ""
    properties.author = author or ""
    if created is not None:
        properties.created = created
    buffer = io.BytesIO()
    document.save(buffer)
    return _write(directory / name, buffer.getvalue())


def make_zero_byte(directory: Path, name: str) -> Path:
    return _write(directory / name, b"")


def make_fake_docx(directory: Path, name: str) -> Path:
    """A genuine zip archive that is not a Word document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "This archive holds a text file, not a Word document.")
    return _write(directory / name, buffer.getvalue())


def make_binary_txt(directory: Path, name: str) -> Path:
    """Image-like bytes saved under a text extension."""
    return _write(directory / name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


CP1252_TEXT = "Funding of £21 million – announced in June – for the ‘AI Diagnostic Fund’ café."


def make_cp1252_txt(directory: Path, name: str) -> Path:
    """``CP1252_TEXT`` as a legacy Windows editor would save it (not valid UTF-8)."""
    return make_text(directory, name, CP1252_TEXT, encoding="cp1252")


def make_deep_html(directory: Path, name: str, depth: int) -> Path:
    """A page whose only paragraph sits inside ``depth`` nested <div> elements."""
    page = (
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * depth
        + "<p>Text at the bottom of a very deep page.</p>"
        + "</div>" * depth
        + "<p>Text after the deep part.</p></body></html>"
    )
    return _write(directory / name, page.encode("utf-8"))


# Pieces of Markdown syntax and awkward characters, to mix with random text in property tests.
MARKDOWN_SNIPPETS = [
    "# ", "## ", "### ", "\n", "\n\n", "- ", "* ", "1. ", "**", "__", "*", "_", "`", "```\n", "~~~",
    "| a | b |\n|---|---|\n| c | d |\n", "[link](https://x.test)", "![img](i.png)", "<!-- ", " -->",
    "---\n", "===\n", "> ", "\r\n", "\t", "\x00", "\x1b", "\u2028", "\x85", "\ufeff", "e.g. ", "No. 10. ",
    "Heading\n", "text ", "£1.2m", "é", "\u00a0", "<b>", "</b>", "&amp;", "\\*",
]


def assert_valid_document(doc: LoadedDocument) -> None:
    """The contract every loader result must meet, whatever the format."""
    previous_end = 0
    for section in doc.sections:
        assert section.text, "empty section"
        assert section.text == section.text.strip(), "section not trimmed"
        assert doc.text[section.start : section.start + len(section.text)] == section.text
        assert section.start >= previous_end, "sections overlap or are out of order"
        previous_end = section.start + len(section.text)
    covered = _covered(len(doc.text), [(s.start, s.start + len(s.text)) for s in doc.sections])
    assert all(covered[i] or char.isspace() for i, char in enumerate(doc.text)), "text outside every section"


def assert_valid_chunks(doc: LoadedDocument, chunks: list[Chunk], chunk_size: int) -> None:
    """The contract of ``chunk_document``: exact offsets, bounded size, ordered ids, no lost text."""
    assert [chunk.index for chunk in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert 0 <= chunk.start < chunk.end <= len(doc.text)
        assert chunk.text == doc.text[chunk.start : chunk.end]
        assert chunk.text.strip() == chunk.text
        assert len(chunk.text) <= chunk_size
        assert chunk.source == doc.source
    assert [chunk.start for chunk in chunks] == sorted(chunk.start for chunk in chunks)
    covered = _covered(len(doc.text), [(chunk.start, chunk.end) for chunk in chunks])
    assert all(covered[i] or char.isspace() for i, char in enumerate(doc.text)), "text lost by chunking"


def _covered(length: int, spans: list[tuple[int, int]]) -> list[bool]:
    covered = [False] * length
    for start, end in spans:
        covered[start:end] = [True] * (end - start)
    return covered


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _pdf_bytes(
    pages: list[str],
    title: str | None = None,
    author: str | None = None,
    creation_date: dt.datetime | None = None,
    encrypt: StandardEncryption | None = None,
) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    width, height = A4
    for page in pages:
        text = pdf.beginText(_MARGIN, height - _MARGIN)
        text.setFont(_FONT, _FONT_SIZE)
        for paragraph in page.split("\n\n"):
            for line in simpleSplit(paragraph, _FONT, _FONT_SIZE, width - 2 * _MARGIN):
                text.textLine(line)
            text.textLine("")
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if creation_date is None:
        return data
    # reportlab always stamps "now"; rewrite the info dictionary with the requested date.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/CreationDate": creation_date.strftime("D:%Y%m%d%H%M%S+00'00'")})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# Two made-up documents the web tests upload: one with a fact nothing else holds, one with markup
# that must be shown as text.
ZEPHYR = """---
title: "Zephyr Valley Imaging Network AI pilot"
publisher: "Zephyr Valley Imaging Network"
published: "2025-03-14"
source_urls:
  - "https://example.org/zephyr-valley-pilot"
doc_type: news
---

## Zephyr Valley pilot

- The Zephyr Valley Imaging Network received £3.7 million from the AI Diagnostic Fund for AI triage of chest CT scans.
- The Zephyr Valley pilot started in March 2025 at four hospitals.
"""

HOSTILE = """Quillfeather rollout notes

The Quillfeather Imaging Network logged <script>alert('xss')</script> and <img src=x onerror=alert(1)> in its AI rollout notes.
"""
