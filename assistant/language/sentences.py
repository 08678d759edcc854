"""Small, dependency-free text helpers shared by chunking, retrieval and answering.

``split_sentences`` returns *spans* rather than strings so that callers can keep exact
offsets into the document text (citations quote ``text[start:end]`` verbatim).
"""

from __future__ import annotations

import re
import unicodedata

MAX_UNIT_CHARS = 600

# Words that end with a full stop without ending the sentence (compared lower-case, without the dot).
_ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "etc", "vs", "cf", "al", "approx", "ca", "incl", "excl", "dr", "mr", "mrs",
        "ms", "prof", "st", "rev", "hon", "ltd", "plc", "inc", "corp", "dept", "govt", "jan", "feb",
        "apr", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
    }
)
# Abbreviations that only count as such before a number ("No. 10", "para. 4", "p. 12").
_NUMBER_ABBREVIATIONS = frozenset(
    {"no", "nos", "vol", "p", "pp", "para", "paras", "fig", "figs", "art", "ref", "sec", "ch"}
)
_SENTENCE_STARTERS = "\"'“‘([£"

# A candidate sentence end: . ! or ? (optionally followed by closing quotes/brackets), then
# horizontal whitespace; group 1 is the next visible character. Matching only from the start
# of a punctuation run, without backtracking, keeps long runs of "...." linear.
_SENTENCE_END = re.compile(r"""(?<![.!?])[.!?]++["'”’)\]]*+(?=[^\S\n]+(\S))""")
_DOTTED_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.K, e.g, U.S.A
_LINE = re.compile(r"[^\n]+")

_QUOTES = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    }
)
_WHITESPACE = re.compile(r"\s+")


def split_sentences(text: str, max_len: int = MAX_UNIT_CHARS) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``, in order.

    Every line is at least its own unit (headings, list items and table rows are not
    sentences but must not be glued to their neighbours), except that a short labelled field
    ("Owner: J Smith.") stays with the sentence it completes. Spans are trimmed of whitespace,
    never overlap, cover every non-whitespace character, and are at most ``max_len`` long.
    """
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        for start, end in _split_line(text, line.start(), line.end()):
            spans.extend(_cut_long(text, start, end, max_len))
    return _join_fields(text, spans, min(max_len, MAX_FIELD_UNIT_CHARS))


# A labelled field that completes the line before it: "Owner: J Smith. Due: 4 July 2025." under an
# action, "Note: ..." after a statement. Alone it does not say what it is the owner or date of.
_FIELD = re.compile(r"[A-Z][A-Za-z]*(?:[ -][A-Za-z]+){0,2}:[^\S\n]+\S")
MAX_FIELD_CHARS = 100
MAX_FIELD_UNIT_CHARS = 300


def _join_fields(text: str, spans: list[tuple[int, int]], max_len: int) -> list[tuple[int, int]]:
    """Each short labelled field joins the unit before it when that unit ends a sentence or is a field
    itself, on the same or the previous line; a table row of labelled cells stays a unit of its own."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _FIELD.match(text, start) and end - start <= MAX_FIELD_CHARS and not is_labelled_row(text[start:end]):
            before_start, before_end = joined[-1]
            closes = text[before_end - 1] in ".!?:" or bool(_FIELD.match(text, before_start))
            if closes and text.count("\n", before_end, start) <= 1 and end - before_start <= max_len:
                joined[-1] = (before_start, end)
                continue
        joined.append((start, end))
    return joined


def normalise_for_match(text: str) -> str:
    """Lower-case, unify quotes and dashes, and collapse whitespace, for fuzzy comparisons."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _WHITESPACE.sub(" ", text).strip()


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one line at sentence ends, skipping abbreviations, initials and numbers."""
    spans: list[tuple[int, int]] = []
    unit_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        next_char = match.group(1)
        if not (next_char.isupper() or next_char.isdigit() or next_char in _SENTENCE_STARTERS):
            continue
        if _is_abbreviation(text, unit_start, match):
            continue
        spans.append((unit_start, match.end()))
        unit_start = match.end()
    spans.append((unit_start, end))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def _is_abbreviation(text: str, unit_start: int, match: re.Match[str]) -> bool:
    """True when the full stop of ``match`` belongs to a word such as "e.g." or "J."."""
    if match.group()[0] != "." or match.group().startswith(".."):
        return False  # "?", "!" and ellipses always end a sentence
    word_start = match.start()
    while word_start > unit_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : match.start()].lstrip("(\"'“‘[")
    bare = word.lower()
    if bare in _ABBREVIATIONS or _DOTTED_INITIALS.match(word):
        return True
    if bare in _NUMBER_ABBREVIATIONS:
        return match.group(1).isdigit()
    # A single capital letter is an initial ("J. Smith"); lower-case letters are list labels etc.
    return len(word) == 1 and word.isupper()


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _rstrip(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop trailing whitespace from a span whose first character is not whitespace."""
    while text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int, max_len: int) -> list[tuple[int, int]]:
    """Cut an over-long unit into pieces of at most ``max_len``, preferring "; ", ", " then spaces."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_len:
        limit = start + max_len
        earliest = start + max_len // 3  # avoid slivers: only cut in the last two thirds
        cut = limit
        for separator in ("; ", ", ", " "):
            position = text.rfind(separator, earliest, limit + 1)
            if position != -1:
                cut = position + len(separator) - 1  # keep the punctuation, drop the space
                break
        pieces.append(_rstrip(text, start, cut))
        rest = _trim(text, cut, end)
        if rest is None:
            return pieces
        start = rest[0]
    pieces.append((start, end))
    return pieces


# A person named with their role: "Health Secretary Steve Barclay", "Chloe Smith, Secretary of State
# for ...", "Lord Markham", "Matt Hancock launched". Used to find sentences that answer "which minister?".
_ROLE = r"(?:Secretary|Minister|Chancellor|MP|Lord|Lady|Baroness|Baron|Sir|Dame|Dr|Doctor|Professor|Prof|Mr|Mrs|Ms|Chair|Chairman|Chairwoman|Director|Chief Executive|Chief Officer|spokesperson|spokesman|spokeswoman)"
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_PERSON = re.compile(
    rf"\b{_ROLE}\s+{_NAME}\b"
    rf"|\b(?:Lord|Lady|Baroness|Sir|Dame|Dr|Professor|Mr|Mrs|Ms)\.?\s+[A-Z][a-z]+"
    rf"|\b{_NAME},\s+(?:the\s+)?(?:[\w&'-]+\s+){{0,5}}?{_ROLE}\b"
    rf"|\b{_NAME}\s+(?:announced|launched|described|called|warned|was quoted)\b"
)


def names_a_person(text: str) -> bool:
    return bool(_PERSON.search(text))


# A sentence that gives a cause or an explanation: answers "why ...?" and "what's the explanation?".
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result|so that|led to|leads to|caused by|the reason|explanation|explains?|"
    r"may refer to|may reflect|attributed to|in response to|in order to)\b",
    re.IGNORECASE,
)


def gives_a_reason(text: str) -> bool:
    return bool(_REASON.search(text))


# A sentence that says the record is silent ("no public copy", "was not found", "does not say").
_GAP_CUE = re.compile(
    r"\b(?:not|never)\s+(?:been\s+)?(?:found|public(?:ly)?|published|available|known|stated|confirmed|retrieved|traced|specified|given|set out)\b"
    r"|\bno\s+(?:public|published|source|document|copy|deadline|criteria|list|figure|information|evidence)\b"
    r"|\b(?:does|do|did)\s+not\s+(?:say|state|give|specify|set out|include|mention|confirm|publish)\b"
    r"|\bno\b[^.;]{0,120}\b(?:was|were|has been|have been|is|are)\s+(?:found|published|identified|retrieved|known|available)\b"
    r"|\bcontains?\s+no\b"
    r"|\bunconfirmed\b|\bunverified\b|\bnot in the public record\b|\bcut short\b|\btruncated\b",
    re.IGNORECASE,
)


def says_record_is_silent(text: str) -> bool:
    return bool(_GAP_CUE.search(text))


# A table row read with its column headings: "Network: SRIN; Product: StrokeSense; Scans per week: 640".
_LABELLED_CELL = re.compile(r"[^;:]{1,60}: [^;]+")


def is_labelled_row(text: str) -> bool:
    """A row of labelled cells, all about the row's one subject: its "; " joins cells, not clauses."""
    cells = text.split("; ")
    return len(cells) >= 2 and all(_LABELLED_CELL.fullmatch(cell.strip()) for cell in cells)
