"""Plain text: optional YAML front matter or a memo header, then paragraphs split at blank lines and
headings told by how they are written (``layout``)."""

from __future__ import annotations

import re

from .base import Block, Metadata, decode_text, front_matter_metadata, split_front_matter
from .layout import page_blocks

_HEADER_LINE = re.compile(r"^(to|from|subject|re|date|cc|title|author|published|source|url)[ \t]*:[ \t]*(\S.*)$", re.I)
_HEADER_KEYS = {"subject": "title", "re": "title", "title": "title", "date": "published", "published": "published",
                "from": "publisher", "author": "publisher", "url": "url", "source": "url"}


def parse_text(raw: bytes) -> tuple[list[Block], Metadata]:
    data, body = split_front_matter(decode_text(raw))
    if not data:
        data, body = _split_memo_header(body)
    return page_blocks([(None, body)]), front_matter_metadata(data)


def _split_memo_header(text: str) -> tuple[dict, str]:
    """A memo or e-mail header (To:/From:/Subject:/Date: lines at the top) is metadata, not body text."""
    lines = text.lstrip("\n").split("\n")
    fields: dict[str, str] = {}
    count = 0
    # A banner such as "MEMO" or "MEMORANDUM" may stand above the header lines.
    if lines and re.fullmatch(r"[A-Z][A-Z ]{1,24}", lines[0].strip()):
        banner = 1 + next((i for i, line in enumerate(lines[1:]) if line.strip()), 0)
        if banner < len(lines) and _HEADER_LINE.match(lines[banner].strip()):
            lines = lines[banner:]
    for line in lines:
        match = _HEADER_LINE.match(line.strip())
        if not match:
            break
        key = _HEADER_KEYS.get(match.group(1).lower())
        value = match.group(2).strip()
        if key and key not in fields and (key != "url" or value.startswith(("http://", "https://"))):
            fields[key] = value
        count += 1
    if count < 2 or not fields:  # one "Note: ..." line is prose, not a header
        return {}, text
    return fields, "\n".join(lines[count:])
