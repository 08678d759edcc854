"""Chunking: exact offsets, structure-aware boundaries, overlap, determinism, no lost text."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.chunking import chunk_document
from assistant.loaders import load_document
from assistant.types import LoadedDocument, LoadError, Section
from tests import docfactory as factory

SENTENCES = [
    "The AI Diagnostic Fund was announced in June 2023.",
    "It gives £21 million to NHS imaging networks.",
    "Networks use the money to deploy AI tools, e.g. chest X-ray triage.",
    "Early results suggest faster reporting for suspected lung cancer.",
    "An independent evaluation will report on outcomes and costs.",
    "Dr. Smith said the tools freed up radiologists' time.",
]


def paragraph(count: int, offset: int = 0) -> str:
    return " ".join(SENTENCES[(offset + i) % len(SENTENCES)] for i in range(count))


def load_markdown(directory: Path, text: str) -> LoadedDocument:
    path = factory.make_markdown(directory, "doc.md", text)
    return load_document(path, "corpus/doc.md", 1024 * 1024)


def test_small_document_is_one_chunk_with_exact_offsets(tmp_path: Path) -> None:
    doc = load_markdown(tmp_path, "# Fund\n\n" + paragraph(2))
    [chunk] = chunk_document(doc, chunk_size=1000, chunk_overlap=150)
    assert (chunk.start, chunk.end, chunk.text) == (0, len(doc.text), doc.text)
    assert chunk.heading_path == ("Fund",)
    assert chunk.id == hashlib.sha256(f"corpus/doc.md\n0\n{doc.text}".encode()).hexdigest()[:20]


def test_long_section_splits_at_sentence_ends_with_whole_sentence_overlap(tmp_path: Path) -> None:
    text = "# Fund\n\n" + "\n\n".join(paragraph(4, offset) for offset in range(8))
    doc = load_markdown(tmp_path, text)
    chunks = chunk_document(doc, chunk_size=400, chunk_overlap=100)

    factory.assert_valid_chunks(doc, chunks, 400)
    assert len(chunks) > 3
    for previous, chunk in itertools.pairwise(chunks):
        assert previous.text.endswith(".")
        assert doc.text[chunk.start :].startswith(tuple(SENTENCES))
        assert 0 < previous.end - chunk.start <= 150  # about chunk_overlap, in whole sentences


def test_chunks_prefer_to_end_at_paragraph_breaks(tmp_path: Path) -> None:
    doc = load_markdown(tmp_path, "\n\n".join(paragraph(3, offset) for offset in range(6)))
    chunks = chunk_document(doc, chunk_size=400, chunk_overlap=0)
    for chunk in chunks[:-1]:
        assert doc.text[chunk.end : chunk.end + 2] == "\n\n"


def test_chunks_stay_inside_sections_and_carry_their_headings(tmp_path: Path) -> None:
    text = f"# Fund\n\nIntro.\n\n## Allocation\n\n{paragraph(5)}\n\n## Evaluation\n\n{paragraph(5, 3)}\n"
    doc = load_markdown(tmp_path, text)
    chunks = chunk_document(doc, chunk_size=300, chunk_overlap=60)

    factory.assert_valid_chunks(doc, chunks, 300)
    evaluation = doc.text.index("Evaluation\n")
    assert all(chunk.end <= evaluation or chunk.start >= evaluation for chunk in chunks)
    assert {chunk.heading_path for chunk in chunks if chunk.start >= evaluation} == {("Fund", "Evaluation")}
    assert chunks[0].heading_path == ("Fund",)  # the tiny intro leads into "Allocation"
    assert chunks[0].text.startswith("Fund\nIntro.\n\nAllocation\n")
    assert chunks[1].heading_path == ("Fund", "Allocation")


def test_overlap_never_reaches_back_into_an_earlier_section(tmp_path: Path) -> None:
    doc = load_markdown(tmp_path, f"# Fund\n\n{paragraph(1)}\n\n## Allocation\n\n{paragraph(6)}\n")
    chunks = chunk_document(doc, chunk_size=200, chunk_overlap=80)

    allocation = doc.text.index("Allocation\n")
    assert chunks[0].start < allocation < chunks[0].end  # the tiny intro leads into its subsection
    assert all(chunk.start > allocation and chunk.heading_path == ("Fund", "Allocation") for chunk in chunks[1:])


def test_tiny_sections_merge_only_with_sections_under_them(tmp_path: Path) -> None:
    text = f"# Fund\n\n## Allocation\n\n{paragraph(2)}\n\n# Other\n\n{paragraph(2, 2)}"
    doc = load_markdown(tmp_path, text)
    chunks = chunk_document(doc, chunk_size=1000, chunk_overlap=100)

    assert [chunk.heading_path for chunk in chunks] == [("Fund",), ("Other",)]
    assert chunks[0].text.startswith("Fund\n\nAllocation\nThe AI Diagnostic Fund")


def test_pdf_chunks_keep_their_page(tmp_path: Path) -> None:
    path = factory.make_pdf(tmp_path, "report.pdf", [paragraph(2), paragraph(2, 3)])
    doc = load_document(path, "report.pdf", 1024 * 1024)
    assert [chunk.page for chunk in chunk_document(doc, 1000, 100)] == [1, 2]


def test_chunking_is_deterministic_and_ids_depend_on_source(tmp_path: Path) -> None:
    doc = load_markdown(tmp_path, "\n\n".join(paragraph(4, offset) for offset in range(5)))
    first = chunk_document(doc, 300, 50)
    assert first == chunk_document(doc, 300, 50)
    assert len({chunk.id for chunk in first}) == len(first)

    doc.source = "elsewhere/doc.md"
    assert all(a.id != b.id for a, b in zip(first, chunk_document(doc, 300, 50), strict=True))


def test_text_outside_sections_is_still_chunked() -> None:
    text = "Stray preface.\n\nCovered section text."
    doc = LoadedDocument(
        source="hand-built",
        text=text,
        sections=[Section(text="Covered section text.", start=16)],
        title="t",
        content_hash="0",
    )
    chunks = chunk_document(doc, 200, 0)
    factory.assert_valid_chunks(doc, chunks, 200)


def test_very_long_sentence_is_cut_to_fit() -> None:
    text = ", ".join(["an extremely long clause about diagnostic imaging"] * 40) + "."
    doc = LoadedDocument(source="s", text=text, sections=[Section(text=text, start=0)], title="t", content_hash="0")
    chunks = chunk_document(doc, 250, 50)
    factory.assert_valid_chunks(doc, chunks, 250)
    assert len(chunks) > 4


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (100, 100), (100, -1)])
def test_invalid_sizes_are_rejected(size: int, overlap: int) -> None:
    doc = LoadedDocument(source="s", text="x", sections=[Section(text="x", start=0)], title="t", content_hash="0")
    with pytest.raises(ValueError):
        chunk_document(doc, size, overlap)


@pytest.fixture(scope="module")
def scratch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chunk-docs")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(
        st.one_of(st.text(max_size=30), st.sampled_from(factory.MARKDOWN_SNIPPETS + SENTENCES)),
        min_size=1,
        max_size=60,
    ).map("".join),
    chunk_size=st.integers(min_value=20, max_value=600),
    overlap_fraction=st.floats(min_value=0, max_value=0.49),
)
def test_any_loaded_document_chunks_without_losing_text(
    scratch_dir: Path, text: str, chunk_size: int, overlap_fraction: float
) -> None:
    path = scratch_dir / "doc.md"
    path.write_bytes(text.encode("utf-8"))
    try:
        doc = load_document(path, "doc.md", 1024 * 1024)
    except LoadError:  # refusals are covered by the loader tests
        return
    chunks = chunk_document(doc, chunk_size, int(chunk_size * overlap_fraction))
    factory.assert_valid_chunks(doc, chunks, chunk_size)
