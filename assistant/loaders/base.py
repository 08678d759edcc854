"""What every format shares: reading the file, the block model, and the assembler.

Every format is first reduced to a list of blocks (headings and body text) plus metadata; the
assembler here builds the clean document text and its sections from them, so that offsets,
whitespace rules and heading paths behave the same whatever the file type.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.types import DOC_TYPES, LoadError, Section

from .dates import iso_date

# --------------------------------------------------------------------------- reading


def read_file(path: Path, max_bytes: int) -> bytes:
    """Open once, refuse oversized or empty files from the size alone, then read the bytes."""
    try:
        # O_NONBLOCK so that a FIFO in the folder cannot hang the ingest; no effect on files.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise LoadError("not a regular file")
            if status.st_size > max_bytes:
                raise LoadError(f"file is {human_size(status.st_size)}, over the {human_size(max_bytes)} limit")
            if status.st_size == 0:
                raise LoadError("empty file")
            raw = handle.read(max_bytes + 1)  # the file may grow while we read it
    except FileNotFoundError:
        raise LoadError("file disappeared during ingest") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except IsADirectoryError:
        raise LoadError("not a regular file") from None
    except OSError as exc:
        raise LoadError(f"could not read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise LoadError(f"file is over the {human_size(max_bytes)} limit")
    return raw


def human_size(size: int | float) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{int(size)} bytes"


# Bytes that never occur in text: C0 controls other than \t \n \v \f \r, and DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_TEXT_BYTES = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)


def decode_text(raw: bytes) -> str:
    """UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252; refuse binary data."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError("binary data, not text") from None
    control_count = len(raw.translate(None, _TEXT_BYTES))
    if b"\x00" in raw or control_count > len(raw) / 10:
        raise LoadError("binary data, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------- shared model


@dataclass
class Block:
    """One heading or one run of body text, before whitespace normalisation."""

    text: str
    level: int | None = None  # heading level (0 = document title); None for body text
    item: bool = False  # list item or table row: kept one per line, grouped with its neighbours
    page: int | None = None


def is_header_row(cells: list[str], marked: bool) -> bool:
    """Does a table's first row head its columns? When the document marks it so (``<th>`` cells, a
    Markdown table's first row, Word's repeated header row); unmarked, when it has three or more cells
    and none holds a figure: a two-column table is more often label and value ("Budget | £21m")."""
    return marked or (len(cells) >= 3 and all(cells) and not any(holds_figure(cell) for cell in cells))


def holds_figure(cell: str) -> bool:
    """A table cell giving a number ("£1.4 million", "1 to 6", "Year 2"), not a heading that has one
    among its words ("Round 1 network and award")."""
    return bool(re.search(r"\d", cell)) and len(re.findall(r"[A-Za-z]{2,}", cell)) < 3


def table_row_block(cells: list[str], header: list[str] | None) -> Block:
    """A table row as one block. Under a header row each cell is labelled with its column's heading
    ("Scans per week: 2,150"), so the row read alone still says what its figures measure; a row whose
    cells do not line up with the header's is joined as it stands."""
    if header is not None and len(header) == len(cells):
        parts = [f"{heading}: {cell}" if heading and heading != cell else cell for heading, cell in zip(header, cells) if cell]
    else:
        parts = [cell for cell in cells if cell]
    return Block("; ".join(parts), item=True)


@dataclass
class Metadata:
    title: str | None = None
    published: str | None = None
    # a file's own creation stamp (PDF, DOCX): when the file was made, which a re-export moves; the
    # document's date only when neither its text nor its file name states one
    created: str | None = None
    urls: list[str] = field(default_factory=list)
    publisher: str | None = None
    doc_type: str = "document"
    sources: dict[str, dict] = field(default_factory=dict)  # source key -> {title, publisher, published, url}


_PLACEHOLDER_VALUES = {"", "untitled", "anonymous", "unknown", "none", "python-docx"}
LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")


def clean_lines(text: str) -> str:
    """Strip control characters, collapse spaces and drop blank lines (blocks add their own)."""
    text = _INVISIBLE.sub("", LINE_BREAKS.sub("\n", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_inline(text: object) -> str | None:
    """One-line version of ``clean_lines`` for headings and metadata; placeholders become None."""
    cleaned = " ".join(clean_lines(str(text)).split("\n")) if text is not None else ""
    return None if cleaned.lower() in _PLACEHOLDER_VALUES else cleaned


def assemble(blocks: list[Block]) -> tuple[str, list[Section], str | None]:
    """Build the document text and its sections; returns (text, sections, first heading).

    A section is a heading line plus the body blocks up to the next heading (for PDFs: one
    page). Sections and body blocks are separated by one blank line; the first block sits on
    the line right under its heading, and consecutive list items or table rows stay on
    adjacent lines.
    """
    sections: list[Section] = []
    offset = 0
    headings: list[tuple[int, str]] = []  # the open heading stack: (level, text)
    parts: list[str] = []  # text pieces of the current section
    path: tuple[str, ...] = ()
    page: int | None = None
    last_kind = ""  # "heading", "item" or "body": decides the separator before the next block
    first_heading: str | None = None

    def close_section() -> None:
        nonlocal offset
        if parts:
            section_text = "".join(parts)
            sections.append(Section(text=section_text, start=offset, heading_path=path, page=page))
            offset += len(section_text) + 2  # the blank line between sections
            parts.clear()

    for block in blocks:
        if block.level is not None:
            heading = clean_inline(block.text)
            if not heading:
                continue
            close_section()
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            headings.append((block.level, heading))
            path = tuple(text for _, text in headings)
            page = block.page
            parts.append(heading)
            first_heading = first_heading or heading
            last_kind = "heading"
            continue
        body = clean_lines(block.text)
        if not body:
            continue
        if block.page != page:
            close_section()
            page = block.page
        if not parts:
            path = tuple(text for _, text in headings)
        elif last_kind == "heading" or (block.item and last_kind == "item"):
            parts.append("\n")
        else:
            parts.append("\n\n")
        parts.append(body)
        last_kind = "item" if block.item else "body"
    close_section()
    return "\n\n".join(section.text for section in sections), sections, first_heading


def humanise(stem: str) -> str:
    return " ".join(re.split(r"[-_\s]+", stem)).strip() or stem


def stripped_lines(text: str) -> list[str]:
    return [line for line in (raw_line.strip() for raw_line in text.split("\n")) if line]


_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_LIST_MARKER = re.compile(r"^(?:[-*+•▪◦‣]|\d{1,3}[.)]|\(?[a-z]\))\s")


def unwrap_lines(lines: list[str], fixed_width: bool = True) -> str:
    """Rejoin lines that a fixed page width broke mid-sentence (plain text and PDF pages).

    A line is taken as wrapped when it does not end a sentence and either the next line
    starts in lower case or, in text set to a fixed width, the line itself runs close to the
    widest line of the block.
    """
    width = max(len(line) for line in lines)
    joined = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        wrapped = (
            not _ENDS_SENTENCE.search(previous)
            and not _LIST_MARKER.match(line)
            and (line[:1].islower() or (fixed_width and len(previous) >= 0.75 * width))
        )
        if wrapped:
            joined[-1].append(line)
        else:
            joined.append([line])
    return "\n".join(" ".join(parts) for parts in joined)


# --------------------------------------------------------------------------- front matter

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Separate YAML front matter (between ``---`` lines at the very top) from the body."""
    text = LINE_BREAKS.sub("\n", text)
    if not re.match(r"---[ \t]*\n", text):
        return {}, text
    opening = text.index("\n") + 1
    closing = _FRONT_MATTER_END.search(text, opening)
    if closing is None:
        return {}, text  # a lone rule at the top, not front matter
    try:
        data = yaml.safe_load(text[opening : closing.start()])
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise LoadError(f"malformed front matter: {_yaml_problem(exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LoadError("malformed front matter: expected 'key: value' lines")
    return data, text[closing.end() :]


def _yaml_problem(exc: Exception) -> str:
    """A one-line reason, with the file's line number when YAML knows it."""
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (line {mark.line + 2})" if mark is not None else problem


def front_matter_metadata(data: dict) -> Metadata:
    from .sources import source_list  # sources.py builds on this module

    urls: list[str] = []
    for value in (data.get("url"), data.get("source_urls")):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                urls.append(item.strip())
    doc_type = str(data.get("doc_type", "document")).strip().lower()
    return Metadata(
        title=clean_inline(data.get("title")),
        published=iso_date(data.get("published")),
        urls=list(dict.fromkeys(urls)),
        publisher=clean_inline(data.get("publisher")),
        doc_type=doc_type if doc_type in DOC_TYPES else "document",
        sources=source_list(data.get("sources")),
    )
