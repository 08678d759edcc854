"""Reading dates written in a document into ISO form (YYYY-MM-DD, YYYY-MM or YYYY)."""

from __future__ import annotations

import datetime as dt
import re

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


def iso_date(value: object) -> str | None:
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


# "Published 30 October 2023", "Last updated: 2 May 2024", "Answered on 12 March 2025": a line (or a
# "·"/"|"-separated part of one) that states the document's own date. Published beats answered beats
# updated (the first publication is the date a reader means by "published"), which beats a letter's date.
_DATE_WORDS = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
_DATE_VALUE = rf"(?P<date>{_DATE_WORDS}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
_STATED_DATE_LINES = [
    re.compile(rf"(?:^|[|·•;]\s*)(?:first\s+)?(?:published|date\s+published|publication\s+date)(?:\s+on)?\s*:?\s*{_DATE_VALUE}", re.I | re.M),
    re.compile(rf"(?:^|[|·•;]\s*)(?:answered|date\s+answered)(?:\s+on)?\s*:?\s*{_DATE_VALUE}", re.I | re.M),
    re.compile(rf"(?:^|[|·•;]\s*)(?:last\s+)?updated(?:\s+on)?\s*:?\s*{_DATE_VALUE}", re.I | re.M),
    # a letter's date: a line of its own above the salutation ("9 May 2025" / "Dear colleague,")
    re.compile(rf"^[^\S\n]*{_DATE_VALUE}[^\S\n]*\n\s*Dear\b", re.M),
    # an article's dateline: a line of its own under the byline ("By Sam Reed, Health Correspondent" / "18 November 2025")
    re.compile(rf"^[^\S\n]*By\s+[A-Z][^\n]{{2,100}}\n\s*{_DATE_VALUE}[^\S\n]*$", re.M),
]
_FILE_NAME_DATE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)(?!\d)")


def date_in_text(text: str) -> str | None:
    """The date a "Published / Answered / Updated <date>" line of the document states."""
    for pattern in _STATED_DATE_LINES:
        for match in pattern.finditer(text):
            if date := iso_date(match.group("date")):
                return date
    return None


def date_in_file_name(name: str) -> str | None:
    """An ISO date at the start of the file name ("2023-06-27-press-release.docx")."""
    match = _FILE_NAME_DATE.match(name)
    return iso_date(match.group(1)) if match else None


# Sortable numbers for dates (2023-06 -> 20230600), so Chroma can filter ranges. An undated document
# sorts after every dated one and never passes a date filter.
UNDATED_NUMBER = 99_999_999


def published_number(published: str | None) -> int:
    """YYYY[-MM[-DD]] as a sortable int; ``UNDATED_NUMBER`` when there is no readable date."""
    if not published:
        return UNDATED_NUMBER
    parts = published.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 0
        day = int(parts[2][:2]) if len(parts) > 2 else 0
    except ValueError:
        return UNDATED_NUMBER
    return year * 10000 + month * 100 + day


def latest_published(dates: list[str | None]) -> str | None:
    """The most recent of the given ISO dates; None when none is dated."""
    dated = [date for date in dates if published_number(date) != UNDATED_NUMBER]
    return max(dated, key=published_number) if dated else None
