"""Markdown, read with markdown-it-py (CommonMark plus tables and strikethrough).

Headings become heading blocks; each paragraph, list item and table row becomes one block of
plain text (inline markup dropped, code spans kept verbatim, images reduced to their alt text).
Raw HTML is reduced to its text and comments are dropped.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .base import Block, Metadata, decode_text, front_matter_metadata, is_header_row, split_front_matter, table_row_block

# maxNesting (20 in the preset) bounds the work on hostile, deeply nested input.
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def parse_markdown(raw: bytes) -> tuple[list[Block], Metadata]:
    data, body = split_front_matter(decode_text(raw))
    return markdown_blocks(body), front_matter_metadata(data)


def markdown_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    tokens = _PARSER.parse(body)
    heading_level: int | None = None
    list_depth = 0  # open list items: their paragraphs are items, kept one per line
    item_prefix = ""  # "3. " for the first paragraph of an ordered list item
    row: list[str] | None = None  # cells of the table row being read
    in_head = False  # reading a table's header row
    header: list[str] | None = None  # the current table's column headings

    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = None
        elif kind == "list_item_open":
            list_depth += 1
            item_prefix = f"{token.info}{token.markup} " if token.info else ""
        elif kind == "list_item_close":
            list_depth -= 1
            item_prefix = ""
        elif kind == "table_open":
            header = None
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and in_head and is_header_row(row, marked=True):
                header = row
            elif row is not None:
                blocks.append(table_row_block(row, header))
            row = None
        elif kind == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(text.strip())
            elif heading_level is not None:
                blocks.append(Block(text, level=heading_level))
            else:
                blocks.append(Block(item_prefix + text, item=list_depth > 0))
                item_prefix = ""
        elif kind in ("fence", "code_block"):
            blocks.append(Block(token.content))
        elif kind == "html_block":
            text = _html_text(token.content)
            if text.strip():
                blocks.append(Block(text, item=list_depth > 0))
    return blocks


def _inline_text(token: Token) -> str:
    pieces: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif kind == "html_inline":
            pieces.append(" " if _BREAK_TAG.fullmatch(child.content.strip()) else "")
        elif kind == "code_inline":
            pieces.append(child.content.strip())
        elif kind in ("text", "text_special", "image"):  # an image's content is its alt text
            pieces.append(child.content)
    return "".join(pieces)


def _html_text(markup: str) -> str:
    """Raw HTML in Markdown: comments dropped, tags removed, the text kept."""
    return _HTML_TAG.sub("", _BREAK_TAG.sub(" ", _HTML_COMMENT.sub("", markup)))
