"""HTML pages: the main content without navigation and other boilerplate; <meta> as metadata."""

from __future__ import annotations

import codecs
import re

from bs4 import BeautifulSoup, FeatureNotFound, NavigableString, PageElement, Tag

from assistant import loaders_guard
from assistant.types import LoadError

from .base import Block, Metadata, clean_inline, is_header_row, table_row_block
from .dates import iso_date

_DROPPED_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "button", "select", "head", "title", "meta", "link",
}
_DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog"}
_BOILERPLATE_NAMES = re.compile(r"cookie|breadcrumb|skip-link|skiplink|menu", re.IGNORECASE)
_NEVER_BOILERPLATE = {"html", "body", "main", "article"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "figure", "figcaption", "address", "table", "caption", "thead", "tbody", "tfoot", "hr",
    "details", "summary", "center", "body",
}
_ITEM_TAGS = {"li", "dt", "dd"}
_ANY_WHITESPACE = re.compile(r"\s+")
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PUBLISHED_META = (
    "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dcterms.date", "citation_publication_date", "govuk:first-published-at",
    "og:published_time",
)


def parse_html(raw: bytes) -> tuple[list[Block], Metadata]:
    if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in raw:
        raise LoadError("binary data, not text")
    try:
        try:
            soup = BeautifulSoup(raw, "lxml")
        except FeatureNotFound:
            soup = BeautifulSoup(raw, "html.parser")
        loaders_guard.drop_hidden_html(soup)  # text a sighted reader cannot see is never indexed
        meta = _html_metadata(soup)
        meta.published = _htmldate(raw) or meta.published
        root = _html_content_root(soup)
        blocks = _html_blocks(root)
        if root is not soup.body and soup.body is not None and not blocks:
            blocks = _html_blocks(soup.body)
    except LoadError:
        raise
    except RecursionError:
        raise LoadError("could not read HTML: too deeply nested") from None
    except Exception as exc:  # bs4/lxml raise many types on hostile markup
        raise LoadError(f"could not read HTML: {exc}") from None
    if meta.title is None:
        meta.title = next((clean_inline(block.text) for block in blocks if block.level == 1), None)
    return blocks, meta


def _html_metadata(soup: BeautifulSoup) -> Metadata:
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            metas.setdefault(key.strip().lower(), content.strip())

    site_name = clean_inline(metas.get("og:site_name") or metas.get("application-name"))
    publisher = site_name or clean_inline(metas.get("publisher") or metas.get("author"))
    title = clean_inline(metas.get("og:title"))
    if title is None and soup.title is not None:
        title = _strip_site_suffix(clean_inline(soup.title.get_text()), site_name)

    published = next((date for key in _PUBLISHED_META if (date := iso_date(metas.get(key)))), None)
    if published is None:
        for time_tag in soup.find_all("time", attrs={"datetime": True}):
            if published := iso_date(time_tag["datetime"]):
                break

    canonical = soup.find("link", rel="canonical", href=True)
    url = (canonical["href"] if canonical else None) or metas.get("og:url")
    return Metadata(
        title=title,
        published=published,
        urls=[url.strip()] if isinstance(url, str) and url.strip() else [],
        publisher=publisher,
    )


def _htmldate(raw: bytes) -> str | None:
    """The page's original publication date from its markup (meta tags, JSON-LD, <time>, ...).

    htmldate downloads a *string* that looks like a URL, so it is only ever given the page's bytes;
    its free-text search is off, so a date mentioned in the body is never taken for the page's date.
    """
    try:
        from htmldate import find_date

        found = find_date(raw, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # a page htmldate cannot read still has our own <meta>/<time> reading
        return None
    return iso_date(found)


def _strip_site_suffix(title: str | None, site_name: str | None) -> str | None:
    """Drop a trailing " - GOV.UK" style suffix, but only when it is clearly the site's name."""
    if title is None:
        return None
    for separator in (" - ", " | ", " – ", " — "):
        head, found, tail = title.rpartition(separator)
        if found and head and tail.lower() in {"gov.uk", (site_name or "gov.uk").lower()}:
            return head
    return title


def _html_content_root(soup: BeautifulSoup) -> Tag:
    main = soup.find("main") or soup.find(attrs={"role": "main"})  # type: ignore[call-overload]  # bs4 documents find(attrs=...)
    if main is not None:
        return main
    articles = soup.find_all("article", limit=2)
    if len(articles) == 1:
        return articles[0]
    return soup.body or soup


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in _DROPPED_TAGS or tag.get("role") in _DROPPED_ROLES or tag.has_attr("hidden"):
        return True
    if tag.name in _NEVER_BOILERPLATE:
        return False
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    return bool(_BOILERPLATE_NAMES.search(names))


def _html_blocks(root: Tag) -> list[Block]:
    """Walk the tree without recursion (pages can nest thousands of elements deep)."""
    blocks: list[Block] = []
    line: list[str] = []  # inline text since the last block boundary
    open_blocks: list[str] = []  # names of the enclosing block elements, innermost last
    headers: dict[int, list[str]] = {}  # a table's column headings, by the table's id()

    def flush() -> None:
        text = "".join(line)
        if text.strip():
            blocks.append(Block(text, item=bool(open_blocks) and open_blocks[-1] in _ITEM_TAGS))
        line.clear()

    # Each entry is a node to visit, or a (tag,) marker meaning "leaving this block element".
    stack: list[PageElement | tuple[Tag]] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            flush()
            open_blocks.pop()
        elif isinstance(node, NavigableString):
            if type(node) is NavigableString:  # skips comments, doctypes, CDATA and script text
                line.append(_ANY_WHITESPACE.sub(" ", node))
        elif isinstance(node, Tag) and not _is_boilerplate(node):
            if node.name in _HEADING_TAGS:
                flush()
                blocks.append(Block(_html_inline_text(node), level=_HEADING_TAGS[node.name]))
            elif node.name == "tr":
                flush()
                found = node.find_all(["td", "th"])
                cells = [_html_inline_text(cell) for cell in found]
                table = node.find_parent("table")
                if table is not None and table.find("tr") is node and is_header_row(cells, marked=all(c.name == "th" for c in found)):
                    headers[id(table)] = cells
                else:
                    blocks.append(table_row_block(cells, headers.get(id(table))))
            elif node.name == "pre":
                flush()
                blocks.append(Block(node.get_text()))
            elif node.name == "br":
                line.append("\n")
            else:
                if node.name in _BLOCK_TAGS:
                    flush()
                    open_blocks.append(node.name)
                    stack.append((node,))
                stack.extend(reversed(node.contents))
    flush()
    return blocks


def _html_inline_text(tag: Tag) -> str:
    """The visible text of a heading or table cell, with blocks and <br> turned into spaces."""
    pieces = []
    for node in tag.descendants:
        if type(node) is NavigableString:
            pieces.append(str(node))
        elif node.name == "br" or node.name in _BLOCK_TAGS:  # type: ignore[attr-defined]  # every bs4 node has .name
            pieces.append(" ")
    return " ".join("".join(pieces).split())
