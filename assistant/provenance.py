"""Which primary public source a quoted sentence came from.

The shipped documents are this project's summaries of many public sources; each sentence carries the
keys of the sources it came from (see ``loaders/sources.py``). Ingestion stores, with every chunk, the
keyed stretches of its text and those sources' details, so that a citation can name and link the
source of the quoted fact rather than the summary as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from .loaders.sources import NOTE_KEY
from .types import LoadedDocument

SOURCE_FIELDS = ("title", "publisher", "published", "date", "url")


def chunk_provenance(document: LoadedDocument, start: int, end: int) -> dict:
    """Chunk metadata: the document's source spans that overlap ``[start, end)``, with their sources.

    Stored as one JSON string (Chroma metadata values are scalars): ``{"spans": [[start, end,
    [keys]], ...], "sources": {key: {title, publisher, published, date, url}}}``, offsets into the
    document text. Empty when the document has no source keys.
    """
    spans = [span for span in document.source_spans if span.start < end and span.end > start]
    if not spans:
        return {}
    keys = {key for span in spans for key in span.keys if key in document.sources}
    payload = {
        "spans": [[span.start, span.end, list(span.keys)] for span in spans],
        "sources": {key: document.sources[key] for key in sorted(keys)},
    }
    return {"provenance": json.dumps(payload, ensure_ascii=False, separators=(",", ":"))}


@lru_cache(maxsize=4096)
def _parsed(provenance: str) -> tuple[list[tuple[int, int, tuple[str, ...]]], dict[str, dict]]:
    data = json.loads(provenance)
    return [(int(a), int(b), tuple(keys)) for a, b, keys in data["spans"]], data["sources"]


def source_keys(chunk, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The keys on the text ``spans`` (document offsets) of ``chunk``, in the order of the spans given.

    ``note`` (the compilers' own statement) is included, so callers can tell it from an unkeyed sentence.
    """
    if not getattr(chunk, "provenance", ""):
        return []
    keyed, _ = _parsed(chunk.provenance)
    found: list[str] = []
    for start, end in spans:
        for span_start, span_end, keys in keyed:
            if span_start < end and span_end > start:
                found += [key for key in keys if key not in found]
    return found


def primary_sources(chunk, spans: Iterable[tuple[int, int]] | None = None, quote: str | None = None) -> list[dict]:
    """The primary sources (key, title, publisher, published, date, url) of a quote from ``chunk``.

    Give the quote's ``spans`` (document offsets, the leading sentence first) or its ``quote`` text,
    which is then located in the chunk. Empty when the chunk's document has no source keys, when the
    quote cannot be located, or when it is the compilers' own note.
    """
    if not getattr(chunk, "provenance", ""):
        return []
    if spans is None:
        position = chunk.text.find(quote.strip()) if quote else -1
        if position < 0:
            return []
        assert quote is not None
        spans = [(chunk.start + position, chunk.start + position + len(quote.strip()))]
    _, sources = _parsed(chunk.provenance)
    return [
        {"key": key, **{name: sources[key].get(name) for name in SOURCE_FIELDS}}
        for key in source_keys(chunk, spans)
        if key != NOTE_KEY and key in sources
    ]


def evidence_label(citation) -> str:
    """Who said it and when, for notes and verdicts: "DHSC / GOV.UK, 2023-06-23".

    For a quote from a summary this is its leading primary source (the summary's own date is only the
    date it is correct as of); otherwise the document's publisher (or title) and date.
    """
    if citation.primary_sources:
        source = citation.primary_sources[0]
        who, date = source.get("publisher") or source.get("title"), source.get("published")
    else:
        who, date = citation.publisher or citation.title, citation.published
    return f"{who}, {date or 'undated'}"
