"""Turn one file (Markdown, text, HTML, PDF or DOCX) into a ``LoadedDocument``.

Each format's module reduces the file to blocks (headings and body text) plus metadata;
``base.assemble`` then builds the clean document text and its sections, so that offsets,
whitespace rules and heading paths behave the same whatever the file type. Anything wrong with
a file surfaces as ``LoadError`` with a message an admin can act on.
"""

from __future__ import annotations

import hashlib
import os  # noqa: F401  (tests patch loaders.os.open to simulate unreadable files)
from collections.abc import Callable
from pathlib import Path

from assistant import loaders_guard
from assistant.types import LoadedDocument, LoadError

from .base import Block, Metadata, assemble, humanise, read_file
from .dates import date_in_file_name, date_in_text
from .docx import parse_docx
from .html import parse_html
from .markdown import parse_markdown
from .pdf import parse_pdf
from .sources import SourceSpan, strip_source_markers
from .text import parse_text

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")

_PARSERS: dict[str, Callable[[bytes], tuple[list[Block], Metadata]]] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_text,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
    ".docx": parse_docx,
}

__all__ = ["SUPPORTED_SUFFIXES", "load_document"]


def load_document(path: Path, source: str, max_bytes: int) -> LoadedDocument:
    """Read ``path`` once and convert it; ``source`` is the caller's stable id for the file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise LoadError(f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    raw = read_file(path, max_bytes)
    if not raw.strip():
        raise LoadError("empty file")

    try:
        blocks, meta = _PARSERS[suffix](raw)
    except LoadError:
        raise
    except Exception as exc:  # a parser bug or an unforeseen library error: still a per-file failure
        raise LoadError(f"could not read {suffix[1:].upper()} file: {exc}") from None
    loaders_guard.count_blocks(len(blocks))
    text, sections, first_heading = assemble(blocks)
    if not sections:
        raise LoadError("no text content")
    spans: list[SourceSpan] = []
    if meta.sources:
        text, sections, spans = strip_source_markers(sections, set(meta.sources))
    return LoadedDocument(
        source=source,
        text=text,
        sections=sections,
        title=meta.title or first_heading or humanise(path.stem),
        content_hash=hashlib.sha256(raw).hexdigest(),
        # The date the document states, never the file's: a copy made today is not published today, and a
        # PDF exported again keeps its "Answered on" line and the date its file was named with.
        published=meta.published or date_in_text(text) or date_in_file_name(path.name) or meta.created,
        url=meta.urls[0] if meta.urls else None,
        urls=meta.urls,
        publisher=meta.publisher,
        doc_type=meta.doc_type,
        sources=meta.sources,
        source_spans=spans,
    )
