"""Structure for formats that have none of their own (PDF pages, plain text): page furniture,
sentences broken by a page, and headings told apart from body text by how they are written.

A PDF page's text carries running headers and footers ("Written question HL4521 - House of Lords",
"Page 1 of 2") that would otherwise be glued into the sentence a page break cuts; a plain-text or
PDF heading ("4. PERFORMANCE REPORT", "2.1 Eligibility", an FAQ's "Who has to sign?") is a line of
its own that must label the text under it, never be quoted as a fact.
"""

from __future__ import annotations

import math
import re

from .base import _ENDS_SENTENCE, Block, stripped_lines, unwrap_lines

# How far into a page, from either end, running headers and footers sit.
FURNITURE_LINES = 3
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


def page_blocks(pages: list[tuple[int | None, str]], fixed_width: bool | None = None) -> list[Block]:
    """Blocks of the pages' text, in order: page furniture dropped, a sentence cut by a page break
    joined up again, headings as heading blocks.

    ``fixed_width`` says whether lines were broken at a set width (a PDF page) so that a long line
    not ending a sentence runs on; None decides from the text: a line longer than any fixed width
    (``MAX_FIXED_WIDTH``) means each paragraph or list entry is a line of its own (plain text typed
    in an editor), and an attendance list's "Name - Role, Trust" lines stay apart."""
    lines_by_page = strip_furniture([(number, [line for line in text.split("\n")]) for number, text in pages])
    if fixed_width is None:
        fixed_width = max((len(line.strip()) for _, lines in lines_by_page for line in lines), default=0) <= MAX_FIXED_WIDTH
    paragraphs = _paragraphs(lines_by_page, fixed_width)
    faq = sum(_is_question_line(line) for _, lines in paragraphs for line in lines) >= MIN_FAQ_QUESTIONS
    blocks: list[Block] = []
    for page, lines in paragraphs:
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


def strip_furniture(pages: list[tuple[int | None, list[str]]]) -> list[tuple[int | None, list[str]]]:
    """Drop running headers and footers: a line near the top or bottom of the page that recurs
    there (numbers aside) on at least half the pages, and bare page numbers ("Page 3 of 9")."""
    if len(pages) < 2:
        return pages
    seen: dict[str, int] = {}
    for _, lines in pages:
        for key in {_furniture_key(line) for line in _edges(lines)}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, math.ceil(len(pages) / 2))
    recurring = {key for key, count in seen.items() if count >= needed and key}
    kept = []
    for number, lines in pages:
        edge = set(range(min(FURNITURE_LINES, len(lines)))) | set(range(max(0, len(lines) - FURNITURE_LINES), len(lines)))
        kept.append(
            (number, [line for i, line in enumerate(lines) if not (i in edge and _is_furniture(_furniture_key(line), recurring))])
        )
    return kept


def _edges(lines: list[str]) -> list[str]:
    return lines[:FURNITURE_LINES] + lines[-FURNITURE_LINES:]


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
    return not _ENDS_SENTENCE.search(previous) and line[:1].islower()


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
