"""DOCX: paragraphs, headings (by style), list items and table rows; core properties as metadata."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row

from assistant import loaders_guard
from assistant.types import LoadError

from .base import Block, Metadata, clean_inline, is_header_row, table_row_block
from .dates import iso_date

_PYTHON_DOCX_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)


def parse_docx(raw: bytes) -> tuple[list[Block], Metadata]:
    raw = loaders_guard.unpacked_docx(raw)  # inflated under a byte budget; declared sizes are not trusted
    try:
        document = docx.Document(io.BytesIO(raw))
    except LoadError:
        raise
    except Exception:
        raise LoadError("not a valid DOCX file") from None
    try:
        blocks = list(_docx_blocks(document))
        meta = _docx_metadata(document)
    except Exception as exc:
        raise LoadError(f"could not read DOCX: {exc}") from None
    if meta.title is None:
        meta.title = next((clean_inline(block.text) for block in blocks if block.level == 0), None)
    return blocks, meta


def _docx_blocks(document: docx.document.Document) -> Iterator[Block]:
    for content in document.iter_inner_content():
        if isinstance(content, Table):
            header: list[str] | None = None
            for number, row in enumerate(content.rows):
                cells = _docx_row_cells(row)
                if number == 0 and is_header_row(cells, marked=_repeats_as_header(row)):
                    header = cells
                else:
                    yield table_row_block(cells, header)
            continue
        style = (content.style.name if content.style is not None else None) or ""
        if style == "Title":
            yield Block(content.text, level=0)
        elif heading := re.fullmatch(r"Heading (\d)", style):
            yield Block(content.text, level=int(heading.group(1)))
        else:
            properties = content._p.pPr
            is_list = style.startswith("List") or (properties is not None and properties.numPr is not None)
            yield Block(content.text, item=is_list)


def _docx_row_cells(row: _Row) -> list[str]:
    """The row's cell texts; a merged cell is reported once, not once per grid column."""
    cells: list[_Cell] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return [" ".join(cell.text.split()) for cell in cells]


def _repeats_as_header(row: _Row) -> bool:
    """Word's "repeat as header row" mark on a table's first row."""
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def _docx_metadata(document: docx.document.Document) -> Metadata:
    properties = document.core_properties
    # python-docx's blank template carries its own 2013 timestamps: a library default, not the document's.
    stamps = [
        stamp for stamp in (properties.created, properties.modified)
        if stamp is not None and stamp.replace(tzinfo=dt.UTC) != _PYTHON_DOCX_TEMPLATE_CREATED
    ]
    return Metadata(
        title=clean_inline(properties.title),
        publisher=clean_inline(properties.author),
        created=iso_date(stamps[0]) if stamps else None,
    )
