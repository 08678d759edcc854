"""Figures in text: money, percentages, dates, years and counts, normalised so they can be compared.

"£21m", "£21 million" and "£21,000,000" are one amount; "June 2023" agrees with "23 June 2023";
"nine trusts" is 9 trusts. Fact checking and LLM-answer validation both rest on this.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
# "phase 2", "round 3", "lot 1": labels, not quantities.
LABEL_WORDS = {"phase", "round", "tier", "lot", "stage", "version", "part", "section", "step", "level", "class", "type", "no", "number", "question", "answer", "wave", "cohort", "year"}
NOUN_STOP = {"of", "in", "to", "for", "and", "or", "from", "by", "with", "across", "at", "on", "the", "a", "an", "per", "than", "more", "over"}

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "5th": 5, "6th": 6}
# The numbered parts of a programme: "round 2", "phase three", "the second wave"
_PART_WORDS = r"(phase|round|tier|lot|stage|wave|cohort|version|tranche)s?"
_PART_NUMBER = rf"(?:\d+|{'|'.join(WORD_NUMBERS)})"
_NUMBERED_AFTER = re.compile(rf"\b{_PART_WORDS}\s+({_PART_NUMBER}(?:\s*(?:,|and|or|&|to)\s*{_PART_NUMBER})*)\b")
_NUMBERED_BEFORE = re.compile(rf"\b({'|'.join(ORDINALS)})\s+(?:funding\s+|application\s+|bidding\s+)?{_PART_WORDS}\b")


def numbered_parts(lower: str) -> list[tuple[str, str]]:
    """The numbered parts a lower-cased text names, as (part word, number): "round 2" and "the second
    round" are both ("round", "2"), "rounds 1 and 2" names both (labels, not quantities)."""
    found = [(m.group(1), str(int(n) if n.isdigit() else WORD_NUMBERS[n]))
             for m in _NUMBERED_AFTER.finditer(lower) for n in re.findall(_PART_NUMBER, m.group(2))]
    return found + [(m.group(2), str(ORDINALS[m.group(1)])) for m in _NUMBERED_BEFORE.finditer(lower)]


TENS_UNITS_RE = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)"
MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
NUMBER_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
PATTERNS = [
    ("money", re.compile(rf"([£$€])\s?({NUMBER_RE})\s*(k|thousand|mn|mln|million|m|bn|billion)?\b", re.I)),
    ("percent", re.compile(rf"\b({NUMBER_RE})\s?(%|per ?cent\b)", re.I)),
    ("date", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_RE}\s+((?:19|20)\d{{2}})\b", re.I)),
    ("date", re.compile(rf"\b{MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b", re.I)),
    ("isodate", re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")),
    # the first day of a range takes the year of the second: "from 30 May to 13 June 2025"
    ("range_start", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_RE}(?=\s*(?:to|until|till|and|-|–)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+"
                               rf"{MONTH_RE}\s+((?:19|20)\d{{2}})\b)", re.I)),
    ("month", re.compile(rf"\b{MONTH_RE}\s+((?:19|20)\d{{2}})\b", re.I)),
    # a financial year, "2025/26" or "2025-26": a period of its own, not the calendar year it starts in
    ("fyear", re.compile(r"(?<![\w./-])((?:19|20)\d{2})[/–-](\d{2})(?![\w%/-]|\.\d)")),
    # "2023", "end-2023", "mid-2024"; not "DG2023" or "10.2196/2023"
    ("year", re.compile(r"(?:(?<=\bend-)|(?<=\bmid-)|(?<=\blate-)|(?<=\bearly-)|(?<![\w./-]))((?:19|20)\d{2})(?:/\d{2})?(?![\w%]|\.\d)")),
    ("count", re.compile(rf"(?<![\w.£$€/-])({NUMBER_RE}|{TENS_UNITS_RE}|{'|'.join(WORD_NUMBERS)})(?![\w%]|\.\d|,\d|-\w)", re.I)),
    # "a 25-member panel", "a 24-month contract": a number joined to what it counts
    ("count", re.compile(r"(?<![\w.£$€/-])(\d+)(?=-[a-z]{3,}\b)", re.I)),
]


# The kinds of figure that say when: a financial year answers "when" as a date does.
DATED_KINDS = frozenset({"date", "fyear"})


@dataclass(frozen=True)
class Figure:
    kind: str  # money | percent | date | fyear (a financial year, valued by the year it starts) | count
    value: Any  # a float; dates: a tuple (year, month or 0, day or 0)
    text: str
    start: int
    end: int
    noun: tuple[str, ...] = ()  # for counts: the words that follow ("NHS", "trusts")

    def matches(self, other: "Figure") -> bool:
        """Does ``other`` state this figure? A date is stated by an equally or more precise one:
        "23 June 2023" states "June 2023", but "2023" does not state "31 August 2023". A length of
        time is stated in any unit it converts to exactly ("two years" is "24 months")."""
        if self.kind != other.kind:
            return False
        if self.kind == "date":
            return all(mine == 0 or mine == theirs for mine, theirs in zip(self.value, other.value))
        mine, theirs = self.duration(), other.duration()
        if mine and theirs and mine[0] == theirs[0]:
            return abs(mine[1] - theirs[1]) <= 1e-9 * max(1.0, mine[1])
        return abs(float(self.value) - float(other.value)) <= 1e-9 * max(1.0, abs(float(self.value)))

    def comparable(self, other: "Figure") -> bool:
        """Could the two be competing values of one quantity? Counts need a shared noun, or lengths
        of time in units that convert ("three years" and "24 months")."""
        if self.kind != other.kind:
            return False
        if self.kind == "count":
            mine, theirs = self.duration(), other.duration()
            if mine and theirs:
                return mine[0] == theirs[0]
            # the counted thing is the head noun: "five stroke networks" and "111,000 stroke patients" differ
            return bool(self.noun and other.noun and self.noun[-1] == other.noun[-1])
        if self.kind == "date":
            # "15 September 2023" and a bare "2025" are usually different events, not rival dates.
            return (self.value[1] == 0) == (other.value[1] == 0)
        return True

    def duration(self) -> tuple[str, float] | None:
        """A count of units of time in the smallest unit of its family: (family, amount)."""
        unit = TIME_UNITS.get(self.noun[-1]) if self.kind == "count" and self.noun else None
        return (unit[0], float(self.value) * unit[1]) if unit else None


# Units of time that convert exactly, by family: a year is 12 months and a week 7 days, but a month is
# no whole number of weeks or days, so the families do not meet.
TIME_UNITS = {"hour": ("hours", 1), "day": ("hours", 24), "week": ("hours", 168), "month": ("months", 1), "quarter": ("months", 3), "year": ("months", 12)}


def _number(text: str) -> float:
    lowered = text.lower()
    if "-" in lowered:  # "sixty-four"
        tens, units = lowered.split("-", 1)
        return float(WORD_NUMBERS[tens] + WORD_NUMBERS[units])
    return float(WORD_NUMBERS[lowered]) if lowered in WORD_NUMBERS else float(text.replace(",", ""))


_PARAGRAPH_NUMBER = re.compile(r"(?m)^[^\S\n]*(?:\d+\.)+\d*(?=[^\S\n]+[A-Z(\"“])")


def without_paragraph_number(sentence: str) -> str:
    """The sentence as quoted: "3.2 The backlog ..." reads "The backlog ..."."""
    match = _PARAGRAPH_NUMBER.match(sentence)
    return sentence[match.end() :].lstrip() if match else sentence


def extract_figures(text: str) -> list[Figure]:
    return list(_figures_in(text))


@functools.lru_cache(maxsize=65_536)
def _figures_in(text: str) -> tuple[Figure, ...]:
    """The figures of a text, once: each answer asks several times of the same sentences (which kinds
    it gives, which counts, which amounts)."""
    figures: list[Figure] = []
    # a paragraph's number ("3.2 The backlog ...", "12. Trusts ...") labels it and counts nothing
    taken: list[tuple[int, int]] = [m.span() for m in _PARAGRAPH_NUMBER.finditer(text)]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not free(start, end):
                continue
            figure = _figure(kind, match, text)
            if figure is None:
                continue
            taken.append((start, end))
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return tuple(figures)


def _figure(kind: str, match: re.Match, text: str) -> Figure | None:
    start, end = match.span()
    raw = match.group(0)
    if kind == "money":
        multiplier = MULTIPLIERS.get((match.group(3) or "").lower(), 1.0)
        return Figure("money", _number(match.group(2)) * multiplier, raw, start, end)
    if kind == "percent":
        return Figure("percent", _number(match.group(1)), raw, start, end)
    if kind == "date":
        groups = match.groups()
        if groups[0].isdigit():
            day, month, year = groups
        else:
            month, day, year = groups
        return Figure("date", (int(year), _month(month), int(day)), raw, start, end)
    if kind == "range_start":
        day, month, _, year = match.groups()
        return Figure("date", (int(year), _month(month), int(day)), raw, start, end)
    if kind == "isodate":
        year, month, day = (int(g) for g in match.groups())
        return Figure("date", (year, month, day), raw, start, end)
    if kind == "month":
        return Figure("date", (int(match.group(2)), _month(match.group(1)), 0), raw, start, end)
    if kind == "year":
        return Figure("date", (int(match.group(1)), 0, 0), raw, start, end)
    if kind == "fyear":
        first, second = int(match.group(1)), int(match.group(2))
        return Figure("fyear", float(first), raw, start, end) if second == (first + 1) % 100 else None
    # counts: a bare number; identifiers such as DG57 or HL10079 are excluded by the look-arounds
    previous_word = re.findall(r"[A-Za-z]+", text[max(0, start - 12) : start])[-1:]
    if previous_word and previous_word[0].lower() in LABEL_WORDS:
        return None
    value = _number(match.group(1))
    joined = re.match(r"-([a-z]+)", text[end:], re.I)
    noun = (singular(joined.group(1).lower()),) if joined else _noun_after(text, end) or _label_before(text, start)
    return Figure("count", value, raw, start, end, noun)


def _month(name: str) -> int:
    lowered = name.lower().rstrip(".")
    return MONTHS.get(lowered) or MONTHS[lowered[:3]]


def _noun_after(text: str, end: int) -> tuple[str, ...]:
    """The words naming what is counted: "64 NHS trusts" -> (nhs, trusts); "11 of 22 networks" -> (networks,)."""
    window = re.split(r"[;,.:()\n\[\]]", text[end : end + 60], maxsplit=1)[0]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*|\d+", window)[:9]
    noun: list[str] = []
    for word in words:
        lowered = word.lower()
        if lowered in ("of", "out", "the") and not noun:
            continue  # "11 of 22 imaging networks": the noun is further on
        if word.isdigit() and not noun:
            continue
        if lowered in NOUN_STOP:
            break
        # "CTs", "GPs": an acronym's plural; "NHS" is not one
        noun.append(lowered[:-1] if re.fullmatch(r"[A-Z]{2,}s", word) else singular(lowered))
        # a plural ends the noun phrase: "64 trusts got money" counts trusts, not money
        plural = not word.isupper() and lowered.endswith("s") and not lowered.endswith("ss")  # "NHS" is not a plural
        if len(noun) == 5 or plural or lowered in ("people", "children", "staff"):
            break
    return tuple(noun)


def _label_before(text: str, start: int) -> tuple[str, ...]:
    """The label of a value standing alone after it ("Scans per week: 640" -> (scans,)), as in a table
    row read with its column headings; () when the number is not such a value."""
    label = re.search(r"(?:^|[;\n])\s*([A-Za-z][A-Za-z' -]*?)\s*:\s*$", text[:start])
    return _noun_after(label.group(1), 0) if label else ()


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def figure_in(figure: Figure, others: list[Figure]) -> bool:
    return any(figure.matches(other) for other in others)
