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
