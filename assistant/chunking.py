"""Split a loaded document into overlapping, citable chunks.

Chunks follow the document's structure: a chunk stays inside one section (so its heading
path and page are exact), except that a tiny section such as a lone heading is chunked
together with the sections under it. Inside a section, chunks are built from whole sentences
and lines and prefer to end at a paragraph or line break; neighbouring chunks share about
``chunk_overlap`` characters of whole sentences.

This is our own splitter rather than LangChain's ``RecursiveCharacterTextSplitter``: that
one measures overlap in raw separator pieces (often none at all when paragraphs are longer
than the overlap) and recovers offsets by searching for the chunk text; building chunks from
sentence spans gives exact offsets and sentence-level overlap by construction.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass

from assistant.language.sentences import MAX_UNIT_CHARS, split_sentences
from assistant.types import Chunk, LoadedDocument


@dataclass(frozen=True)
class _Span:
    """A stretch of the document text that chunks must not cross."""

    start: int
    end: int
    heading_path: tuple[str, ...]
    page: int | None


def chunk_document(doc: LoadedDocument, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Return the chunks of ``doc`` in order; each one's text is ``doc.text[start:end]``.

    A chunk's heading path and page are those of the section it starts in.
    """
    if chunk_size < 1 or not 0 <= chunk_overlap < chunk_size:
        raise ValueError("need chunk_size >= 1 and 0 <= chunk_overlap < chunk_size")
    pieces: list[tuple[int, int, _Span]] = []
    for group in _merge_small(_spans(doc), doc.text, chunk_size):
        pieces.extend(_split_group(doc.text, group, chunk_size, chunk_overlap))
    return [
        Chunk(
            id=_chunk_id(doc.source, index, doc.text[start:end]),
            source=doc.source,
            index=index,
            text=doc.text[start:end],
            start=start,
            end=end,
            heading_path=span.heading_path,
            page=span.page,
        )
        for index, (start, end, span) in enumerate(pieces)
    ]


def _chunk_id(source: str, index: int, text: str) -> str:
    return hashlib.sha256(f"{source}\n{index}\n{text}".encode()).hexdigest()[:20]


def _spans(doc: LoadedDocument) -> list[_Span]:
    """The sections as spans, with any text the sections missed added as spans of its own.

    Loaders produce sections that cover the text, but a chunker that silently dropped text
    for a hand-built document would be hard to notice, so gaps are filled defensively.
    """
    spans: list[_Span] = []
    covered = 0
    previous_path: tuple[str, ...] = ()
    previous_page: int | None = None
    for section in sorted(doc.sections, key=lambda section: section.start):
        start, end = max(section.start, covered), min(section.start + len(section.text), len(doc.text))
        if start > covered and doc.text[covered:start].strip():
            spans.append(_Span(covered, start, previous_path, previous_page))
        if start < end:
            spans.append(_Span(start, end, section.heading_path, section.page))
            covered = end
        previous_path, previous_page = section.heading_path, section.page
    if doc.text[covered:].strip():
        spans.append(_Span(covered, len(doc.text), previous_path, previous_page))
    return spans


def _merge_small(spans: list[_Span], text: str, chunk_size: int) -> list[list[_Span]]:
    """Group each tiny span with the spans after it that sit under its heading.

    A heading with only a line under it (or immediately followed by its subsections) makes a
    poor chunk on its own, so it is chunked together with what follows, on the same page, until
    the group is no longer tiny. Chunks cross section boundaries only inside such a group.
    """
    tiny = chunk_size // 3
    groups: list[list[_Span]] = []
    for span in spans:
        if groups:
            group = groups[-1]
            if (
                len(text[group[0].start : group[-1].end].strip()) < tiny
                and span.page == group[0].page
                and span.heading_path[: len(group[0].heading_path)] == group[0].heading_path
            ):
                group.append(span)
                continue
        groups.append([span])
    return groups


def _split_group(text: str, group: list[_Span], chunk_size: int, chunk_overlap: int) -> list[tuple[int, int, _Span]]:
    """Pack the sentences of a group greedily into chunks of at most ``chunk_size``.

    Returns (start, end, span the chunk starts in). Overlap never reaches back into an
    earlier span, so a chunk's heading path is that of its new text.
    """
    span_starts = [span.start for span in group]

    def span_at(position: int) -> _Span:
        return group[bisect.bisect_right(span_starts, position) - 1]

    start = group[0].start
    sentences = split_sentences(text[start : group[-1].end], min(chunk_size, MAX_UNIT_CHARS))
    units = [(start + unit_start, start + unit_end) for unit_start, unit_end in sentences]
    unit_starts = [unit_start for unit_start, _ in units]
    chunks: list[tuple[int, int, _Span]] = []
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and units[last + 1][1] - units[first][0] <= chunk_size:
            last += 1
        if last + 1 < len(units):
            last = _preferred_end(text, units, first, last, chunk_size)
        chunks.append((units[first][0], units[last][1], span_at(units[first][0])))
        if last + 1 >= len(units):
            break
        # The next chunk may start no earlier than the unit after ``first``, nor in an earlier span.
        floor = span_at(units[last + 1][0]).start
        lowest = max(first + 1, bisect.bisect_left(unit_starts, floor))
        first = _overlap_start(units, lowest, last, chunk_size, chunk_overlap)
    return chunks


def _preferred_end(text: str, units: list[tuple[int, int]], first: int, last: int, chunk_size: int) -> int:
    """Move a chunk's end back to a paragraph break, else a line break, if one is in its second half."""
    start = units[first][0]
    for breaker in ("\n\n", "\n"):
        for candidate in range(last, first, -1):
            if units[candidate][1] - start < chunk_size // 2:
                break
            if breaker in text[units[candidate][1] : units[candidate + 1][0]]:
                return candidate
    return last


def _overlap_start(units: list[tuple[int, int]], lowest: int, last: int, chunk_size: int, chunk_overlap: int) -> int:
    """The first unit of the next chunk: this chunk's trailing whole units that fit the overlap.

    Candidates start at ``lowest`` or later. When even the last sentence is longer than
    ``chunk_overlap`` it is still repeated if it is at most half as long again (overlap is
    approximate; whole sentences matter more). The overlap shrinks when it would leave no room
    for the next unit.
    """
    following_end = units[last + 1][1]

    def fits(candidate: int, allowance: int) -> bool:
        return (
            candidate >= lowest
            and units[last][1] - units[candidate][0] <= allowance
            and following_end - units[candidate][0] <= chunk_size
        )

    start = last + 1
    while fits(start - 1, chunk_overlap):
        start -= 1
    if start == last + 1 and chunk_overlap > 0 and fits(last, chunk_overlap * 3 // 2):
        start = last
    return start
