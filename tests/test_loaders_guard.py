"""The loaders' guards on their own: hidden HTML text, zip members counted as they inflate, budgets."""

from __future__ import annotations

import io
import zipfile

import pytest
from bs4 import BeautifulSoup

from assistant import loaders_guard
from assistant.loaders import load_document
from assistant.types import LoadError


@pytest.mark.parametrize("markup", [
    '<p style="display: none">X</p>', '<p style="color:red;visibility:hidden">X</p>', '<p style="font-size:0">X</p>',
    '<p style="font-size: 0px !important">X</p>', '<p style="opacity:0">X</p>', "<p hidden>X</p>",
    '<p aria-hidden="true">X</p>', '<span class="sr-only">X</span>', '<span class="govuk-visually-hidden">X</span>',
    '<div class="a visually-hidden b">X</div>', '<p class="d-none">X</p>',
])
def test_hidden_markup_is_dropped(markup):
    soup = BeautifulSoup(f"<main><p>Visible.</p>{markup}</main>", "html.parser")
    assert loaders_guard.drop_hidden_html(soup) == 1
    assert soup.get_text() == "Visible."


@pytest.mark.parametrize("markup", ['<p style="font-size:10px">X</p>', '<p style="display:block">X</p>',
                                    '<p style="opacity:0.5">X</p>', '<p aria-hidden="false">X</p>', '<p class="hiddenness">X</p>'])
def test_visible_markup_is_kept(markup):
    soup = BeautifulSoup(f"<main>{markup}</main>", "html.parser")
    assert loaders_guard.drop_hidden_html(soup) == 0 and soup.get_text() == "X"


def test_hidden_text_in_headings_and_tables_is_dropped_too(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<main><h1>Title<span class="sr-only"> secret heading</span></h1><table><tr><td>cell'
                    '<span style="display:none"> secret cell</span></td></tr></table><p>Body text here.</p></main>')
    document = load_document(page, "p.html", 1 << 20)
    assert "secret" not in document.text and "Title" in document.text and "cell" in document.text


def test_zip_members_are_counted_as_they_inflate_not_by_their_declared_size():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (3 * 1024 * 1024))
    loaders_guard.set_budget(loaders_guard.Budget(max_expanded_bytes=2 * 1024 * 1024))
    try:
        with pytest.raises(LoadError, match="expands to more than 2 MB"):
            loaders_guard.unpacked_docx(out.getvalue())
    finally:
        loaders_guard.set_budget(loaders_guard.Budget())
    rebuilt = loaders_guard.unpacked_docx(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(rebuilt)) as archive:  # rebuilt with true sizes, stored
        info = archive.getinfo("word/document.xml")
        assert info.file_size == 3 * 1024 * 1024 and info.compress_type == zipfile.ZIP_STORED
