"""PDF: one block per paragraph of each page (pages kept), metadata from the document info."""

from __future__ import annotations

import io
import re

from pypdf import PasswordType, PdfReader

from assistant import loaders_guard
from assistant.types import LoadError

from .base import LINE_BREAKS, Block, Metadata, clean_inline, clean_lines
from .layout import Table, column_tables, page_blocks
from .dates import iso_date


def parse_pdf(raw: bytes) -> tuple[list[Block], Metadata]:
    if b"%PDF-" not in raw[:1024]:
        raise LoadError("corrupt PDF: not a PDF file (no %PDF header)")
    if b"%%EOF" not in raw:
        raise LoadError("corrupt PDF: the file is truncated (no end-of-file marker)")
    try:
        reader = PdfReader(io.BytesIO(raw))
    except Exception as exc:
        raise LoadError(f"corrupt PDF: {exc}") from None
    if reader.is_encrypted:
        try:
            decrypted = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as exc:
            raise LoadError(f"encrypted PDF (cannot decrypt: {exc})") from None
        if not decrypted:
            raise LoadError("encrypted PDF (password required)")

    try:
        loaders_guard.count_pages(loaders_guard.declared_pages(reader))  # cheap: before the page tree is walked
        pages = list(reader.pages)
        loaders_guard.count_pages(len(pages))  # the declared count may lie
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"corrupt PDF: {exc}") from None
    texts: list[tuple[int | None, str]] = []
    tables: dict[int | None, list[Table]] = {}
    for number, page in enumerate(pages, start=1):
        try:
            texts.append((number, LINE_BREAKS.sub("\n", page.extract_text() or "")))
            # the same page laid out in columns, where a table's rows stand on lines of their own
            tables[number] = column_tables(LINE_BREAKS.sub("\n", page.extract_text(extraction_mode="layout") or ""))
        except Exception as exc:
            raise LoadError(f"corrupt PDF: could not read page {number} ({exc})") from None
    blocks = page_blocks(texts, fixed_width=True, tables=tables)
    if not any(clean_lines(block.text) for block in blocks):
        raise LoadError("no extractable text (scanned or image-only PDF?)")
    return blocks, _pdf_metadata(reader)


# ReportLab's "invariant" output stamps every file 1 January 2000 at midnight: a library default, not the
# document's date (as python-docx's template timestamps are for DOCX).
_PLACEHOLDER_DATE = re.compile(r"D:20000101000000")


def _pdf_metadata(reader: PdfReader) -> Metadata:
    """Title, author and creation date from the document info; broken metadata is ignored."""
    try:
        info = reader.metadata
        if info is None:
            return Metadata()
        created = str(info.creation_date_raw or "")
        return Metadata(
            title=clean_inline(info.title),
            publisher=clean_inline(info.author),
            created=None if _PLACEHOLDER_DATE.match(created) else iso_date(created),
        )
    except Exception:
        return Metadata()
