"""Structure for formats that have none of their own (PDF pages, plain text): page furniture,
sentences broken by a page, and headings told apart from body text by how they are written.

A PDF page's text carries running headers and footers ("Written question HL4521 - House of Lords",
"Page 1 of 2") that would otherwise be glued into the sentence a page break cuts; a plain-text or
PDF heading ("4. PERFORMANCE REPORT", "2.1 Eligibility", an FAQ's "Who has to sign?") is a line of
its own that must label the text under it, never be quoted as a fact. A PDF table's text comes one
cell per line; its rows are found where the page is laid out in columns and read as rows, each cell
labelled with its column's heading, as a Word or HTML table's are.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from .base import _ENDS_SENTENCE, Block, holds_figure, is_header_row, stripped_lines, table_row_block, unwrap_lines

# How far into a page, from either end, running headers and footers reach (lines).
FURNITURE_LINES = 6
PAGE_NUMBER = re.compile(r"^(?:page\s*)?#+(?:\s*(?:of|/)\s*#+)?$|^-\s*#+\s*-$", re.I)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")

MAX_FIXED_WIDTH = 120  # characters: lines set to a width are shorter (72-100 in text files)
MAX_HEADING_WORDS = 14
MAX_QUESTION_HEADING_WORDS = 25
MIN_FAQ_QUESTIONS = 3  # standalone question lines that make a document a list of questions and answers
# "4.", "4.3", "12)" or "Section 2:" before a heading's words
SECTION_NUMBER = re.compile(r"^(?:(?:section|part|chapter|annex|appendix)\s+)?(\d{1,2}(?:\.\d{1,2})*)[.):]?\s+(?=\S)", re.I)
_FIGURE_SIGNS = re.compile(r"[£$€%]|\d")
_TABLE_CELLS = re.compile(r"\s[|\t]\s|\t")
MIN_UNHEADED_ROWS = 3  # rows of equal cells that make a table without a header row
EDGE_ROWS = 3  # lines of running header or footer a table laid out in columns may take in at either end
_WORDLIKE = re.compile(r"\w")
_TABLE_MARK = "\x00table "  # stands for a table's rows until the page's blocks are made

Table = list[list[str]]


def page_blocks(pages: list[tuple[int | None, str]], fixed_width: bool | None = None, tables: dict[int | None, list[Table]] | None = None) -> list[Block]:
    """Blocks of the pages' text, in order: page furniture dropped, a sentence cut by a page break
    joined up again, headings as heading blocks.

    ``fixed_width`` says whether lines were broken at a set width (a PDF page) so that a long line
    not ending a sentence runs on; None decides from the text: a line longer than any fixed width
    (``MAX_FIXED_WIDTH``) means each paragraph or list entry is a line of its own (plain text typed
    in an editor), and an attendance list's "Name - Role, Trust" lines stay apart.

    ``tables`` gives each page's tables as laid out in columns (``column_tables``): where a table's
    cells stand one per line in the page's text, they become its rows."""
    lines_by_page = strip_furniture([(number, [line for line in text.split("\n")]) for number, text in pages])
    found: list[Table] = []
    if tables:
        lines_by_page = [(number, _mark_tables(lines, tables.get(number, []), found)) for number, lines in lines_by_page]
    if fixed_width is None:
        fixed_width = max((len(line.strip()) for _, lines in lines_by_page for line in lines), default=0) <= MAX_FIXED_WIDTH
    paragraphs = _paragraphs(lines_by_page, fixed_width)
    faq = sum(_is_question_line(line) for _, lines in paragraphs for line in lines) >= MIN_FAQ_QUESTIONS
    blocks: list[Block] = []
    for page, lines in paragraphs:
        if len(lines) == 1 and lines[0].startswith(_TABLE_MARK):
            blocks.extend(_row_blocks(found[int(lines[0].removeprefix(_TABLE_MARK))], page))
            continue
        body: list[str] = []
        for line in lines:
            level = heading_level(line, faq)
            if level is None:
                body.append(line)
                continue
            if body:
                blocks.append(Block("\n".join(body), page=page))
                body = []
            blocks.append(Block(line, level=level, page=page))
        if body:
            blocks.append(Block("\n".join(body), page=page))
    return blocks


def column_tables(layout_text: str) -> list[Table]:
    """Tables of a page's text laid out in columns (pypdf's layout mode): runs of lines that wide gaps
    split into the same number of cells, two or more; a line with fewer cells, each starting under a
    column of the run but the first (where the next paragraph starts), continues the cells above it
    (a wrapped cell). A run is a table when it opens with a header row or has ``MIN_UNHEADED_ROWS`` rows."""
    tables: list[Table] = []
    run: Table = []
    columns: list[int] = []

    def close() -> None:
        if len(run) >= 2 and (_heads_columns(run) or len(run) >= MIN_UNHEADED_ROWS):
            tables.append([list(row) for row in run])
        run.clear()

    for line in layout_text.split("\n"):
        # a list's bullet, laid out apart from its item, is no cell
        cells = [(m.start(), m.group()) for m in _CELL.finditer(line) if _WORDLIKE.search(m.group())]
        if not cells:
            continue
        # the columns the cells stand under; a cell under the first starts a paragraph, not a wrapped cell
        under = [column for at, _ in cells if (column := _column_at(columns, at))]
        if run and len(cells) < len(run[0]) and len(under) == len(cells):
            for column, (_, text) in zip(under, cells):
                run[-1][column] = f"{run[-1][column]} {text}".strip()
            continue
        if len(cells) < 2 or (run and len(cells) != len(run[0])):
            close()
        if len(cells) >= 2:
            if not run:
                columns = [at for at, _ in cells]
            run.append([text for _, text in cells])
    close()
    return tables


_CELL = re.compile(r"\S+(?: {1,2}\S+)*")  # words apart by at most two spaces


def _column_at(columns: list[int], at: int) -> int | None:
    return next((i for i, start in enumerate(columns) if abs(start - at) <= 2), None)


def _heads_columns(table: Table) -> bool:
    """A first row of headings: one a Word or HTML table would be taken for (``is_header_row``), or
    a row without figures above rows that each have one ("Milestone | Date")."""
    first, rest = table[0], table[1:]
    has_figure = [any(re.search(r"\d", cell) for cell in row) for row in rest]
    return is_header_row(first, marked=False) or (not any(map(holds_figure, first)) and all(has_figure) and bool(rest))


def _mark_tables(lines: list[str], tables: list[Table], found: list[Table]) -> list[str]:
    """The page's lines with each table whose cells stand one per line (a cell may wrap onto more),
    in order, replaced by a paragraph marking it (the table added to ``found``). The most rows that
    match are taken: a running header or footer laid out in columns beside the table (up to
    ``EDGE_ROWS`` at either end) is no row."""
    for table in tables:
        rows = len(table)
        runs = sorted(((a, b) for a in range(min(EDGE_ROWS + 1, rows)) for b in range(max(a + 2, rows - EDGE_ROWS), rows + 1)),
                      key=lambda r: r[0] - r[1])
        for first, last in runs:
            span = _cells_span(lines, [cell for row in table[first:last] for cell in row])
            if span:
                lines = [*lines[: span[0]], "", f"{_TABLE_MARK}{len(found)}", "", *lines[span[1] :]]
                found.append(table[first:last])
                break
    return lines


def _cells_span(lines: list[str], cells: list[str]) -> tuple[int, int] | None:
    """Where ``cells`` stand in ``lines``, one after another, each on one line or more: (start, end)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for first in range(len(filled)):
        at = first
        for cell in cells:
            text = ""
            while at < len(filled) and len(text) < len(cell):
                text = f"{text} {lines[filled[at]].strip()}".strip()
                at += 1
            if text != cell:
                break
        else:
            return filled[first], filled[at - 1] + 1
    return None


def _row_blocks(table: Table, page: int | None) -> list[Block]:
    header = table[0] if _heads_columns(table) else None
    return [replace(table_row_block(row, header), page=page) for row in (table[1:] if header else table)]


def strip_furniture(pages: list[tuple[int | None, list[str]]]) -> list[tuple[int | None, list[str]]]:
    """Drop running headers and footers: the lines at the top or bottom of a page, read inwards while
    each recurs there (numbers aside) on at least half the pages or is a bare page number ("Page 3 of
    9"). A footer of several lines (publisher, title, reference, page) goes as a whole; a recurring line
    with body text between it and the page's edge stays."""
    if len(pages) < 2:
        return pages
    seen: dict[str, int] = {}
    for _, lines in pages:
        for key in {_furniture_key(line) for line in _edges(lines)}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, math.ceil(len(pages) / 2))
    recurring = {key for key, count in seen.items() if count >= needed and key}

    def peeled(lines: list[str]) -> int:
        """How many lines from the start are furniture (and the blank lines among them)."""
        count = dropped = 0
        for line in lines:
            key = _furniture_key(line)
            if key and (dropped == FURNITURE_LINES or not _is_furniture(key, recurring)):
                break
            count, dropped = count + 1, dropped + bool(key)
        return count

    kept = []
    for number, lines in pages:
        start = peeled(lines)
        end = len(lines) - peeled(lines[start:][::-1])
        kept.append((number, lines[start:end]))
    return kept


def _edges(lines: list[str]) -> list[str]:
    filled = [line for line in lines if line.strip()]
    return filled[:FURNITURE_LINES] + filled[-FURNITURE_LINES:]


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub(" ", line.strip().lower()))


def _is_furniture(key: str, recurring: set[str]) -> bool:
    return key in recurring or bool(PAGE_NUMBER.match(key))


def _paragraphs(pages: list[tuple[int | None, list[str]]], fixed_width: bool) -> list[tuple[int | None, list[str]]]:
    """Each page's paragraphs (split at blank lines) as unwrapped lines; a page whose text opens in
    lower case continues the sentence the previous page left unfinished."""
    paragraphs: list[tuple[int | None, list[str]]] = []
    for number, lines in pages:
        for chunk in re.split(r"\n[^\S\n]*\n", "\n".join(lines)):
            if not (stripped := stripped_lines(chunk)):
                continue
            logical = unwrap_lines(stripped, fixed_width).split("\n")
            if paragraphs and paragraphs[-1][0] != number and _continues(paragraphs[-1][1][-1], logical[0]):
                paragraphs[-1][1][-1] += " " + logical.pop(0)
                if not logical:
                    continue
            paragraphs.append((number, logical))
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    return not _ENDS_SENTENCE.search(previous) and line[:1].islower() and not previous.startswith(_TABLE_MARK)


def heading_level(line: str, may_be_question: bool = False) -> int | None:
    """The heading level of a line written as a heading, or None for body text.

    A heading is short, does not end like a sentence, carries no figures after its number and is
    not a table row; it is written in capitals ("ROLL-OUT PROGRESS") or numbered as a section
    ("2.1 Eligible costs"), levels following the number's depth. In a document of questions and
    answers, a question standing on its own line above its answer is a heading below those.
    """
    text = line.strip()
    words = text.split()
    if may_be_question and _is_question_line(text):
        return 6
    if not words or len(words) > MAX_HEADING_WORDS or _ENDS_SENTENCE.search(text) or text.endswith(",") or _TABLE_CELLS.search(text):
        return None
    number = SECTION_NUMBER.match(text)
    rest = text[number.end() :] if number else text
    letters = [c for c in rest if c.isalpha()]
    if len(letters) < 3:
        return None
    depth = number.group(1).count(".") if number else 0
    if sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        return 2 + depth
    if number and rest[:1].isupper() and not _FIGURE_SIGNS.search(rest) and len(rest.split()) <= 10:
        return 2 + depth
    return None


def _is_question_line(line: str) -> bool:
    text = line.strip()
    return text.endswith("?") and text[:1].isupper() and 2 < len(text.split()) <= MAX_QUESTION_HEADING_WORDS
