"""Turn one file (Markdown, text, HTML, PDF or DOCX) into a ``LoadedDocument``.

Every format is first reduced to a list of blocks (headings and body text) plus metadata;
one shared assembler then builds the clean document text and its sections, so that offsets,
whitespace rules and heading paths behave the same whatever the file type. Anything wrong with
a file surfaces as ``LoadError`` with a message an admin can act on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html
import io
import itertools
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
import yaml
from bs4 import BeautifulSoup, FeatureNotFound, NavigableString, Tag
from docx.table import Table, _Cell, _Row
from pypdf import PasswordType, PdfReader

from assistant.types import DOC_TYPES, LoadedDocument, LoadError, Section

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")


def load_document(path: Path, source: str, max_bytes: int) -> LoadedDocument:
    """Read ``path`` once and convert it; ``source`` is the caller's stable id for the file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise LoadError(f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    raw, modified = _read_file(path, max_bytes)
    if not raw.strip():
        raise LoadError("empty file")

    try:
        blocks, meta = _PARSERS[suffix](raw)
    except LoadError:
        raise
    except Exception as exc:  # a parser bug or an unforeseen library error: still a per-file failure
        raise LoadError(f"could not read {suffix[1:].upper()} file: {exc}") from None
    text, sections, first_heading = _assemble(blocks)
    if not sections:
        raise LoadError("no text content")
    return LoadedDocument(
        source=source,
        text=text,
        sections=sections,
        title=meta.title or first_heading or _humanise(path.stem),
        content_hash=hashlib.sha256(raw).hexdigest(),
        published=meta.published or modified.isoformat(),
        url=meta.urls[0] if meta.urls else None,
        urls=meta.urls,
        publisher=meta.publisher,
        doc_type=meta.doc_type,
    )


# --------------------------------------------------------------------------- reading


def _read_file(path: Path, max_bytes: int) -> tuple[bytes, dt.date]:
    """Open once, refuse oversized or empty files from the size alone, then read the bytes."""
    try:
        # O_NONBLOCK so that a FIFO in the folder cannot hang the ingest; no effect on files.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise LoadError("not a regular file")
            if status.st_size > max_bytes:
                raise LoadError(f"file is {_human_size(status.st_size)}, over the {_human_size(max_bytes)} limit")
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
        raise LoadError(f"file is over the {_human_size(max_bytes)} limit")
    modified = dt.datetime.fromtimestamp(status.st_mtime, tz=dt.UTC).date()
    return raw, modified


def _human_size(size: int | float) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{int(size)} bytes"


# Bytes that never occur in text: C0 controls other than \t \n \v \f \r, and DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_TEXT_BYTES = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)


def _decode_text(raw: bytes) -> str:
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
class _Block:
    """One heading or one run of body text, before whitespace normalisation."""

    text: str
    level: int | None = None  # heading level (0 = document title); None for body text
    item: bool = False  # list item or table row: kept one per line, grouped with its neighbours
    page: int | None = None


@dataclass
class _Metadata:
    title: str | None = None
    published: str | None = None
    urls: list[str] = field(default_factory=list)
    publisher: str | None = None
    doc_type: str = "document"


_PLACEHOLDER_VALUES = {"", "untitled", "anonymous", "unknown", "none", "python-docx"}
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")


def _clean_lines(text: str) -> str:
    """Strip control characters, collapse spaces and drop blank lines (blocks add their own)."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _clean_inline(text: object) -> str | None:
    """One-line version of ``_clean_lines`` for headings and metadata; placeholders become None."""
    cleaned = " ".join(_clean_lines(str(text)).split("\n")) if text is not None else ""
    return None if cleaned.lower() in _PLACEHOLDER_VALUES else cleaned


def _assemble(blocks: list[_Block]) -> tuple[str, list[Section], str | None]:
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
            heading = _clean_inline(block.text)
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
        body = _clean_lines(block.text)
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


def _humanise(stem: str) -> str:
    return " ".join(re.split(r"[-_\s]+", stem)).strip() or stem


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^(?:D:)?(\d{4})(?:[-/]?(\d{2})(?:[-/]?(\d{2}))?)?(?:$|[T\s\d+\-Z'])")
_UK_NUMERIC_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _iso_date(value: object) -> str | None:
    """Normalise a date from metadata to ISO (YYYY-MM-DD, YYYY-MM or YYYY); None if unreadable."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    if match := _ISO_DATE.match(value):
        year, month, day = match.groups()
    elif match := _UK_NUMERIC_DATE.match(value):
        day, month, year = match.groups()
    elif match := _DAY_MONTH_YEAR.match(value):
        day, month, year = match.group(1), _MONTHS.get(match.group(2).lower()), match.group(3)
    elif match := _MONTH_DAY_YEAR.match(value):
        month, day, year = _MONTHS.get(match.group(1).lower()), match.group(2), match.group(3)
    else:
        return None
    try:
        date = dt.date(int(year), int(month or 1), int(day or 1))
    except (TypeError, ValueError):
        return None
    if day:
        return date.isoformat()
    return f"{date.year:04d}-{date.month:02d}" if month else f"{date.year:04d}"


# --------------------------------------------------------------------------- Markdown and text

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _split_front_matter(text: str) -> tuple[dict, str]:
    """Separate YAML front matter (between ``---`` lines at the very top) from the body."""
    text = _LINE_BREAKS.sub("\n", text)
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


def _front_matter_metadata(data: dict) -> _Metadata:
    urls: list[str] = []
    for value in (data.get("url"), data.get("source_urls")):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                urls.append(item.strip())
    doc_type = str(data.get("doc_type", "document")).strip().lower()
    return _Metadata(
        title=_clean_inline(data.get("title")),
        published=_iso_date(data.get("published")),
        urls=list(dict.fromkeys(urls)),
        publisher=_clean_inline(data.get("publisher")),
        doc_type=doc_type if doc_type in DOC_TYPES else "document",
    )


def _parse_markdown(raw: bytes) -> tuple[list[_Block], _Metadata]:
    data, body = _split_front_matter(_decode_text(raw))
    return _markdown_blocks(body), _front_matter_metadata(data)


_HEADER_LINE = re.compile(r"^(to|from|subject|re|date|cc|title|author|published|source|url)[ \t]*:[ \t]*(\S.*)$", re.I)
_HEADER_KEYS = {"subject": "title", "re": "title", "title": "title", "date": "published", "published": "published",
                "from": "publisher", "author": "publisher", "url": "url", "source": "url"}


def _split_memo_header(text: str) -> tuple[dict, str]:
    """A memo or e-mail header (To:/From:/Subject:/Date: lines at the top) is metadata, not body text."""
    lines = text.lstrip("\n").split("\n")
    fields: dict[str, str] = {}
    count = 0
    # A banner such as "MEMO" or "MEMORANDUM" may stand above the header lines.
    if lines and re.fullmatch(r"[A-Z][A-Z ]{1,24}", lines[0].strip()):
        banner = 1 + next((i for i, line in enumerate(lines[1:]) if line.strip()), 0)
        if banner < len(lines) and _HEADER_LINE.match(lines[banner].strip()):
            lines = lines[banner:]
    for line in lines:
        match = _HEADER_LINE.match(line.strip())
        if not match:
            break
        key = _HEADER_KEYS.get(match.group(1).lower())
        value = match.group(2).strip()
        if key and key not in fields and (key != "url" or value.startswith(("http://", "https://"))):
            fields[key] = value
        count += 1
    if count < 2 or not fields:  # one "Note: ..." line is prose, not a header
        return {}, text
    return fields, "\n".join(lines[count:])


def _parse_text(raw: bytes) -> tuple[list[_Block], _Metadata]:
    data, body = _split_front_matter(_decode_text(raw))
    if not data:
        data, body = _split_memo_header(body)
    paragraphs = re.split(r"\n[^\S\n]*\n", body)
    blocks = [_Block(_unwrap_lines(lines)) for paragraph in paragraphs if (lines := _stripped_lines(paragraph))]
    return blocks, _front_matter_metadata(data)


def _stripped_lines(text: str) -> list[str]:
    return [line for line in (raw_line.strip() for raw_line in text.split("\n")) if line]


_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_LIST_MARKER = re.compile(r"^(?:[-*+•▪◦‣]|\d{1,3}[.)]|\(?[a-z]\))\s")


def _unwrap_lines(lines: list[str]) -> str:
    """Rejoin lines that a fixed page width broke mid-sentence (plain text and PDF pages).

    A line is taken as wrapped when it does not end a sentence and either the next line
    starts in lower case or the line itself runs close to the widest line of the block.
    """
    width = max(len(line) for line in lines)
    joined = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        wrapped = (
            not _ENDS_SENTENCE.search(previous)
            and not _LIST_MARKER.match(line)
            and (line[:1].islower() or len(previous) >= 0.75 * width)
        )
        if wrapped:
            joined[-1].append(line)
        else:
            joined.append([line])
    return "\n".join(" ".join(parts) for parts in joined)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(.*)$")
_ORDERED_ITEM = re.compile(r"^[ \t]*\d{1,9}[.)][ \t]+\S")
_BLOCKQUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")


def _markdown_blocks(body: str) -> list[_Block]:
    """A line-based Markdown reader: enough structure for headings, lists, tables and code."""
    blocks: list[_Block] = []
    paragraph: list[str] = []
    paragraph_is_item = False
    in_table = False

    def flush() -> None:
        nonlocal paragraph_is_item
        if paragraph:
            blocks.append(_Block(_markdown_inline(" ".join(paragraph)), item=paragraph_is_item))
            paragraph.clear()
        paragraph_is_item = False

    lines = _strip_html_comments(body).split("\n")
    index = 0
    while index < len(lines):
        line = _BLOCKQUOTE.sub("", lines[index])
        index += 1
        in_table = in_table and "|" in line
        if fence := _FENCE.match(line):
            flush()
            code: list[str] = []
            while index < len(lines) and not lines[index].strip().startswith(fence.group(1)):
                code.append(lines[index])
                index += 1
            index += 1  # the closing fence (or the end of the file)
            blocks.append(_Block("\n".join(code)))
        elif not line.strip() or _LINK_DEFINITION.match(line):
            flush()
        elif heading := _ATX_HEADING.match(line):
            flush()
            blocks.append(_Block(_markdown_inline(heading.group(2) or ""), level=len(heading.group(1))))
        elif (underline := _SETEXT_UNDERLINE.match(line)) and len(paragraph) == 1 and not paragraph_is_item:
            level = 1 if underline.group(1).startswith("=") else 2
            blocks.append(_Block(_markdown_inline(paragraph.pop()), level=level))
        elif _THEMATIC_BREAK.match(line):
            flush()
        elif "|" in line and (in_table or line.lstrip().startswith("|") or _starts_table(lines, index)):
            flush()
            in_table = True
            if not _TABLE_SEPARATOR.match(line):
                blocks.append(_Block(_markdown_table_row(line), item=True))
        elif bullet := _BULLET_ITEM.match(line):
            flush()
            paragraph.append(bullet.group(1))
            paragraph_is_item = True
        elif _ORDERED_ITEM.match(line):
            flush()
            paragraph.append(line.strip())
            paragraph_is_item = True
        else:
            paragraph.append(line.strip())
    flush()
    return blocks


def _strip_html_comments(text: str) -> str:
    """Remove ``<!-- ... -->``; an unclosed comment is left as text. Linear on hostile input."""
    kept: list[str] = []
    position = 0
    while (opening := text.find("<!--", position)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break
        kept.append(text[position:opening])
        position = closing + 3
    kept.append(text[position:])
    return "".join(kept)


def _starts_table(lines: list[str], next_index: int) -> bool:
    """A header row is recognised by the ``---|---`` line under it."""
    return next_index < len(lines) and "|" in lines[next_index] and bool(_TABLE_SEPARATOR.match(lines[next_index]))


def _markdown_table_row(line: str) -> str:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return "; ".join(text for cell in cells if (text := _markdown_inline(cell).strip()))


_BACKTICK_RUN = re.compile(r"`+")
_MARKUP_CHARACTER = re.compile(r"[\[<*_~\\&]")
# Character classes exclude the opening delimiter so that failed matches stay short.
_INLINE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"!\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"()]*\")?\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\[\]]+)\]\([^()\s]*(?:\s+\"[^\"()]*\")?\)"), r"\1"),  # [text](url "title")
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # [text][reference]
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # <https://autolink>
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(?<!\\)\*\*(?=\S)((?:[^*]|\*(?!\*)){1,500}?)(?<=[^\s\\])\*\*"), r"\1"),
    (re.compile(r"(?<![\w\\])__(?=\S)((?:[^_]|_(?!_)){1,500}?)(?<=[^\s\\])__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*]{1,500}?)(?<=[^\s\\*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w\\])_(?=[^\s_])([^_]{1,500}?)(?<=[^\s\\_])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)((?:[^~]|~(?!~)){1,500}?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([!-/:-@\[-`{-~])"), r"\1"),  # backslash escapes
]


def _markdown_inline(text: str) -> str:
    """Drop inline Markdown syntax, keeping code spans verbatim."""
    output: list[str] = []
    position = 0
    for code_start, code_end, ticks in _code_spans(text):
        output.append(_markdown_prose(text[position:code_start]))
        output.append(text[code_start + ticks : code_end - ticks].strip())
        position = code_end
    output.append(_markdown_prose(text[position:]))
    return "".join(output)


def _code_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, backtick count) of each code span: a backtick run closed by one as long."""
    runs = [(match.start(), match.end()) for match in _BACKTICK_RUN.finditer(text)]
    next_same_length: list[int | None] = [None] * len(runs)
    last_seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same_length[index] = last_seen.get(length)
        last_seen[length] = index
    index = 0
    while index < len(runs):
        closing = next_same_length[index]
        if closing is None:
            index += 1
            continue
        yield runs[index][0], runs[closing][1], runs[index][1] - runs[index][0]
        index = closing + 1


def _markdown_prose(text: str) -> str:
    if not _MARKUP_CHARACTER.search(text):
        return text  # most table cells and many sentences: skip the eleven substitutions
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return html.unescape(text)


# --------------------------------------------------------------------------- HTML

_DROPPED_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "button", "select", "head", "title", "meta", "link",
}
_DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog"}
_BOILERPLATE_NAMES = re.compile(r"cookie|breadcrumb|skip-link|skiplink|menu", re.IGNORECASE)
_NEVER_BOILERPLATE = {"html", "body", "main", "article"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "figure", "figcaption", "address", "table", "caption", "thead", "tbody", "tfoot", "hr",
    "details", "summary", "center", "body",
}
_ITEM_TAGS = {"li", "dt", "dd"}
_ANY_WHITESPACE = re.compile(r"\s+")
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PUBLISHED_META = (
    "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dcterms.date", "citation_publication_date", "govuk:first-published-at",
    "og:published_time",
)


def _parse_html(raw: bytes) -> tuple[list[_Block], _Metadata]:
    if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in raw:
        raise LoadError("binary data, not text")
    try:
        try:
            soup = BeautifulSoup(raw, "lxml")
        except FeatureNotFound:
            soup = BeautifulSoup(raw, "html.parser")
        meta = _html_metadata(soup)
        root = _html_content_root(soup)
        blocks = _html_blocks(root)
        if root is not soup.body and soup.body is not None and not blocks:
            blocks = _html_blocks(soup.body)
    except LoadError:
        raise
    except RecursionError:
        raise LoadError("could not read HTML: too deeply nested") from None
    except Exception as exc:  # bs4/lxml raise many types on hostile markup
        raise LoadError(f"could not read HTML: {exc}") from None
    if meta.title is None:
        meta.title = next((_clean_inline(block.text) for block in blocks if block.level == 1), None)
    return blocks, meta


def _html_metadata(soup: BeautifulSoup) -> _Metadata:
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            metas.setdefault(key.strip().lower(), content.strip())

    site_name = _clean_inline(metas.get("og:site_name") or metas.get("application-name"))
    publisher = site_name or _clean_inline(metas.get("publisher") or metas.get("author"))
    title = _clean_inline(metas.get("og:title"))
    if title is None and soup.title is not None:
        title = _strip_site_suffix(_clean_inline(soup.title.get_text()), site_name)

    published = next((date for key in _PUBLISHED_META if (date := _iso_date(metas.get(key)))), None)
    if published is None:
        for time_tag in soup.find_all("time", attrs={"datetime": True}):
            if published := _iso_date(time_tag["datetime"]):
                break

    canonical = soup.find("link", rel="canonical", href=True)
    url = (canonical["href"] if canonical else None) or metas.get("og:url")
    return _Metadata(
        title=title,
        published=published,
        urls=[url.strip()] if isinstance(url, str) and url.strip() else [],
        publisher=publisher,
    )


def _strip_site_suffix(title: str | None, site_name: str | None) -> str | None:
    """Drop a trailing " - GOV.UK" style suffix, but only when it is clearly the site's name."""
    if title is None:
        return None
    for separator in (" - ", " | ", " – ", " — "):
        head, found, tail = title.rpartition(separator)
        if found and head and tail.lower() in {"gov.uk", (site_name or "gov.uk").lower()}:
            return head
    return title


def _html_content_root(soup: BeautifulSoup) -> Tag:
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if main is not None:
        return main
    articles = soup.find_all("article", limit=2)
    if len(articles) == 1:
        return articles[0]
    return soup.body or soup


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in _DROPPED_TAGS or tag.get("role") in _DROPPED_ROLES or tag.has_attr("hidden"):
        return True
    if tag.name in _NEVER_BOILERPLATE:
        return False
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    return bool(_BOILERPLATE_NAMES.search(names))


def _html_blocks(root: Tag) -> list[_Block]:
    """Walk the tree without recursion (pages can nest thousands of elements deep)."""
    blocks: list[_Block] = []
    line: list[str] = []  # inline text since the last block boundary
    open_blocks: list[str] = []  # names of the enclosing block elements, innermost last

    def flush() -> None:
        text = "".join(line)
        if text.strip():
            blocks.append(_Block(text, item=bool(open_blocks) and open_blocks[-1] in _ITEM_TAGS))
        line.clear()

    # Each entry is a node to visit, or a (tag,) marker meaning "leaving this block element".
    stack: list[NavigableString | Tag | tuple[Tag]] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            flush()
            open_blocks.pop()
        elif isinstance(node, NavigableString):
            if type(node) is NavigableString:  # skips comments, doctypes, CDATA and script text
                line.append(_ANY_WHITESPACE.sub(" ", node))
        elif isinstance(node, Tag) and not _is_boilerplate(node):
            if node.name in _HEADING_TAGS:
                flush()
                blocks.append(_Block(_html_inline_text(node), level=_HEADING_TAGS[node.name]))
            elif node.name == "tr":
                flush()
                cells = [_html_inline_text(cell) for cell in node.find_all(["td", "th"])]
                blocks.append(_Block("; ".join(cell for cell in cells if cell), item=True))
            elif node.name == "pre":
                flush()
                blocks.append(_Block(node.get_text()))
            elif node.name == "br":
                line.append("\n")
            else:
                if node.name in _BLOCK_TAGS:
                    flush()
                    open_blocks.append(node.name)
                    stack.append((node,))
                stack.extend(reversed(node.contents))
    flush()
    return blocks


def _html_inline_text(tag: Tag) -> str:
    """The visible text of a heading or table cell, with blocks and <br> turned into spaces."""
    pieces = []
    for node in tag.descendants:
        if type(node) is NavigableString:
            pieces.append(str(node))
        elif node.name == "br" or node.name in _BLOCK_TAGS:
            pieces.append(" ")
    return " ".join("".join(pieces).split())


# --------------------------------------------------------------------------- PDF


def _parse_pdf(raw: bytes) -> tuple[list[_Block], _Metadata]:
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

    blocks: list[_Block] = []
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise LoadError(f"corrupt PDF: {exc}") from None
    for number, page in enumerate(pages, start=1):
        try:
            page_text = page.extract_text() or ""
        except Exception as exc:
            raise LoadError(f"corrupt PDF: could not read page {number} ({exc})") from None
        for paragraph in re.split(r"\n[^\S\n]*\n", _LINE_BREAKS.sub("\n", page_text)):
            if lines := _stripped_lines(paragraph):
                blocks.append(_Block(_unwrap_lines(lines), page=number))
    if not any(_clean_lines(block.text) for block in blocks):
        raise LoadError("no extractable text (scanned or image-only PDF?)")
    return blocks, _pdf_metadata(reader)


def _pdf_metadata(reader: PdfReader) -> _Metadata:
    """Title, author and creation date from the document info; broken metadata is ignored."""
    try:
        info = reader.metadata
        if info is None:
            return _Metadata()
        return _Metadata(
            title=_clean_inline(info.title),
            publisher=_clean_inline(info.author),
            published=_iso_date(str(info.creation_date_raw or "")),
        )
    except Exception:
        return _Metadata()


# --------------------------------------------------------------------------- DOCX

_DOCX_MAX_EXPANDED_BYTES = 500 * 1024 * 1024
_PYTHON_DOCX_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)


def _parse_docx(raw: bytes) -> tuple[list[_Block], _Metadata]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
        if expanded > _DOCX_MAX_EXPANDED_BYTES:
            raise LoadError(f"DOCX expands to {_human_size(expanded)}, refusing to unpack it")
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
        meta.title = next((_clean_inline(block.text) for block in blocks if block.level == 0), None)
    return blocks, meta


def _docx_blocks(document: docx.document.Document) -> Iterator[_Block]:
    for content in document.iter_inner_content():
        if isinstance(content, Table):
            for row in content.rows:
                yield _Block(_docx_row_text(row), item=True)
            continue
        style = (content.style.name if content.style is not None else None) or ""
        if style == "Title":
            yield _Block(content.text, level=0)
        elif heading := re.fullmatch(r"Heading (\d)", style):
            yield _Block(content.text, level=int(heading.group(1)))
        else:
            properties = content._p.pPr
            is_list = style.startswith("List") or (properties is not None and properties.numPr is not None)
            yield _Block(content.text, item=is_list)


def _docx_row_text(row: _Row) -> str:
    """Cells joined with "; "; a merged cell is reported once, not once per grid column."""
    cells: list[_Cell] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return "; ".join(text for cell in cells if (text := " ".join(cell.text.split())))


def _docx_metadata(document: docx.document.Document) -> _Metadata:
    properties = document.core_properties
    created = properties.created
    if created is not None and created.replace(tzinfo=dt.UTC) == _PYTHON_DOCX_TEMPLATE_CREATED:
        created = None  # python-docx's blank template date, not the document's
    return _Metadata(
        title=_clean_inline(properties.title),
        publisher=_clean_inline(properties.author),
        published=_iso_date(created),
    )


_PARSERS: dict[str, Callable[[bytes], tuple[list[_Block], _Metadata]]] = {
    ".md": _parse_markdown,
    ".markdown": _parse_markdown,
    ".txt": _parse_text,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".pdf": _parse_pdf,
    ".docx": _parse_docx,
}
