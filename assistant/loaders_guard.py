"""Budgets and filters the loaders apply to hostile files (called from ``assistant.loaders``).

* **DOCX members are inflated with a running byte count**, never trusting the sizes the zip declares:
  a 3.4 MB DOCX with patched size fields once inflated to gigabytes, because ``zipfile`` decompresses a
  member's whole compressed stream in one call when asked for all of it. ``unpacked_docx`` reads every
  member in 64 KB steps, stops at the budget, and hands python-docx a zip rebuilt from the bytes it
  actually read, so python-docx never sees a size field written by the attacker.
* **Paragraph, row and page budgets**: a 45 KB DOCX of tiny paragraphs took minutes (python-docx looks up
  each paragraph's style), a 10,000-page PDF three. Counted before the slow work starts.
* **Invisible HTML text is dropped**: inline ``display:none``, ``visibility:hidden``, ``font-size:0``
  (and ``opacity:0``), the ``hidden`` attribute, ``aria-hidden="true"`` and the common visually-hidden
  classes. Decision on visually-hidden (screen-reader-only) text: it is dropped too. On the pages this
  assistant reads it is labels that repeat visible context ("Published", "(opens in new tab)"), while
  text a sighted reader cannot see is exactly how invisible "facts" were planted and then quoted and
  "supported" by the fact check. ``aria-hidden`` marks decoration (icons, duplicated labels) that
  screen readers skip; it is dropped for the same reason. Stylesheet rules (``.x{display:none}``) are not
  evaluated: only inline styles and the class names below.

The budgets come from settings through ``set_budget`` (the parser sandbox calls it); defaults match them.
"""

from __future__ import annotations

import contextvars
import io
import re
import zipfile
from dataclasses import dataclass

from assistant.types import LoadError

STEP = 64 * 1024
MAX_ZIP_MEMBERS = 5000


@dataclass(frozen=True)
class Budget:
    max_expanded_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_blocks: int = 20_000


_budget: contextvars.ContextVar[Budget] = contextvars.ContextVar("parse_budget", default=Budget())


def set_budget(budget: Budget) -> None:
    _budget.set(budget)


def budget() -> Budget:
    return _budget.get()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


# --- DOCX -------------------------------------------------------------------------------------------------
def unpacked_docx(raw: bytes) -> bytes:
    """A DOCX rebuilt from members inflated under the byte budget; ``LoadError`` over budget or corrupt."""
    limit = budget().max_expanded_bytes
    total = 0
    members: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise LoadError(f"DOCX has {len(infos):,} parts, over the limit of {MAX_ZIP_MEMBERS:,}")
            for info in infos:
                if info.is_dir():
                    continue
                data: bytes | bytearray = bytearray()
                with archive.open(info) as member:
                    while chunk := member.read(STEP):  # each read inflates at most STEP bytes
                        total += len(chunk)
                        if total > limit:
                            raise LoadError(f"DOCX expands to more than {_mb(limit)}; refusing to unpack it")
                        data += chunk
                members.append((info.filename, bytes(data)))
    except (LoadError, MemoryError):
        raise
    except Exception:  # bad CRC (a size field that lies), truncated stream, not a zip at all
        raise LoadError("not a valid DOCX file") from None
    document = next((data for name, data in members if name == "word/document.xml"), b"")
    count_blocks(document.count(b"<w:p>") + document.count(b"<w:p ") + document.count(b"<w:tr>") + document.count(b"<w:tr "),
                 "paragraphs and table rows")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as rebuilt:
        for name, data in members:
            rebuilt.writestr(name, data)
    return out.getvalue()


# --- budgets ---------------------------------------------------------------------------------------------
def count_blocks(count: int, what: str = "paragraphs") -> None:
    limit = budget().max_blocks
    if count > limit:
        raise LoadError(f"document has {count:,} {what}, over the budget of {limit:,} (ASSISTANT_PARSE_MAX_BLOCKS)")


def declared_pages(reader) -> int:
    """The page count a PDF declares in its page tree's root (walking the tree takes seconds for 10,000)."""
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:  # missing or odd: the real count is checked after the walk
        return 0


def count_pages(count: int) -> None:
    limit = budget().max_pages
    if count > limit:
        raise LoadError(f"PDF has {count:,} pages, over the budget of {limit:,} (ASSISTANT_PARSE_MAX_PAGES)")


# --- hidden HTML text ------------------------------------------------------------------------------------
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0*)?(?:[a-z%]+)?\s*(?:!important)?\s*(?:;|$)"
    r"|opacity\s*:\s*0(?:\.0*)?\s*(?:!important)?\s*(?:;|$))",
    re.IGNORECASE,
)
HIDDEN_CLASSES = frozenset({
    "sr-only", "visually-hidden", "visuallyhidden", "govuk-visually-hidden", "nhsuk-u-visually-hidden",
    "screen-reader-text", "screenreader-only", "hidden", "hide", "d-none", "invisible", "is-hidden",
    "u-hidden", "govuk-!-display-none", "element-invisible", "offscreen", "a11y-hidden",
})


def is_hidden(tag) -> bool:
    """Whether a bs4 ``Tag`` is invisible to a sighted reader by its own attributes."""
    attrs = getattr(tag, "attrs", None)
    if not attrs:
        return False
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).strip().lower() == "true":
        return True
    style = attrs.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    classes = attrs.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    return any(str(name).lower() in HIDDEN_CLASSES for name in classes)


def drop_hidden_html(soup) -> int:
    """Remove hidden elements (with their contents) from a parsed page; returns how many were removed."""
    hidden = [tag for tag in soup.find_all(True) if is_hidden(tag)]
    removed = 0
    for tag in hidden:
        if tag.decomposed:  # inside another hidden element already removed
            continue
        tag.decompose()
        removed += 1
    return removed
