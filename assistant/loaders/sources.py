"""Per-fact provenance in summary documents: source keys written after a sentence, e.g. ``[S17, S18]``.

A summary's front matter lists its primary sources under ``sources`` (key -> title, publisher, date,
published, url). A bracketed marker whose keys are all in that list (or the word ``note``, for the
compilers' own statements) is removed from the text, and the sentence or bullet before it, back to
the start of its line or the previous marker, keeps those keys as a ``SourceSpan``.
"""

from __future__ import annotations

import re

from assistant.types import Section, SourceSpan

from .base import clean_inline
from .dates import iso_date

NOTE_KEY = "note"
_MARKER = re.compile(r"[ \t]*\[([A-Za-z][\w.-]*(?:,[ \t]*[A-Za-z][\w.-]*)*)\]")


def source_list(value: object) -> dict[str, dict]:
    """The front matter's ``sources`` mapping, cleaned; a plain list of ids carries no details."""
    if not isinstance(value, dict):
        return {}
    sources: dict[str, dict] = {}
    for key, entry in value.items():
        if not isinstance(entry, dict):
            continue
        date = clean_inline(entry.get("date"))
        sources[str(key).strip()] = {
            "title": clean_inline(entry.get("title")),
            "publisher": clean_inline(entry.get("publisher")),
            "published": iso_date(entry.get("published")),
            "date": date,  # as the source register words it ("Jun 2023 (undated in text)")
            "url": clean_inline(entry.get("url")),
        }
    return sources


def strip_source_markers(
    sections: list[Section], known: set[str]
) -> tuple[str, list[Section], list[SourceSpan]]:
    """Remove the markers from every section; returns the new text, sections and spans."""
    known = known | {NOTE_KEY}
    new_sections: list[Section] = []
    spans: list[SourceSpan] = []
    offset = 0
    for section in sections:
        text = ""  # the section text without markers, built up to the current marker
        position = 0  # in the old section text
        span_start = 0  # in the new text: where the sentence before the next marker starts
        for match in _MARKER.finditer(section.text):
            keys = tuple(key.strip() for key in match.group(1).split(","))
            if not set(keys) <= known:
                continue  # "[sic]" or a mistyped key stays text (the corpus check catches the latter)
            text += section.text[position : match.start()]
            position = match.end()
            start = max(span_start, text.rfind("\n") + 1)
            while start < len(text) and text[start].isspace():
                start += 1
            if start < len(text):
                spans.append(SourceSpan(offset + start, offset + len(text), keys))
            span_start = len(text)
        text += section.text[position:]
        new_sections.append(Section(text, offset, section.heading_path, section.page))
        offset += len(text) + 2  # the blank line between sections
    return "\n\n".join(section.text for section in new_sections), new_sections, spans
