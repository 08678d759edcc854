"""Typed data passed between the stages (load -> chunk -> index -> retrieve -> answer -> present)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DOC_TYPES = ("announcement", "guidance", "evaluation", "news", "faq", "document")


class LoadError(Exception):
    """A file could not be read as a document. The message is shown to admins as-is."""


@dataclass(frozen=True)
class Section:
    """A structural block of a document: its text sits at ``text[start:start+len(text)]`` of the document."""

    text: str
    start: int
    heading_path: tuple[str, ...] = ()
    page: int | None = None


@dataclass(frozen=True)
class SourceSpan:
    """A stretch of document text (a sentence or bullet) and the keys of the primary sources it came from.

    ``keys`` name entries of ``LoadedDocument.sources``; the key ``note`` marks the compilers' own
    statement (a gap in the public record, or a synthesis across sources), which has no primary source.
    """

    start: int
    end: int
    keys: tuple[str, ...]


@dataclass
class LoadedDocument:
    source: str  # stable id: the path relative to its source folder, with forward slashes
    text: str  # the whole plain text; every offset below points into it
    sections: list[Section]
    title: str
    content_hash: str  # sha256 of the raw file bytes
    published: str | None = None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when known
    url: str | None = None
    urls: list[str] = field(default_factory=list)
    publisher: str | None = None
    doc_type: str = "document"
    # A summary document's source list (key -> title, publisher, date, published, url) and which
    # stretches of its text each key supports.
    sources: dict[str, dict] = field(default_factory=dict)
    source_spans: list[SourceSpan] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    id: str  # deterministic: derived from source, position and content
    source: str
    index: int
    text: str  # == document.text[start:end]
    start: int
    end: int
    heading_path: tuple[str, ...] = ()
    page: int | None = None


@dataclass(frozen=True)
class FileFailure:
    path: str
    error: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # unchanged documents whose stored answer kinds were worked out by other rules than the running
    # code's: questions reading them work the kinds out again, sentence by sentence, until a --rebuild
    older_rules: list[str] = field(default_factory=list)
    failed: list[FileFailure] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    index_version: str | None = None
    dry_run: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class Citation:
    n: int
    title: str
    source: str
    url: str | None
    published: str | None
    page: int | None
    section: str | None
    text: str  # the whole passage (chunk)
    quote: str  # the sentence(s) of the passage used in the answer
    publisher: str | None = None
    doc_type: str | None = None
    chunk_id: str | None = None
    # Where the quote's facts came from when the document is a summary: one dict per primary source
    # (key, title, publisher, published, date, url), the leading sentence's sources first.
    primary_sources: list[dict] = field(default_factory=list)
    highlight: str | None = None  # the decisive value as it appears in the quote (fact checks), for the UI

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str  # sentences with [n] markers that match citations[].n
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # or "llm"
    notes: list[str] = field(default_factory=list)  # e.g. "sources disagree", "LLM answer failed validation"
    nearest: list[dict] = field(default_factory=list)  # on abstention: the closest documents, for the user to check
    index_version: str | None = None
    relevance: float = 0.0  # best sentence similarity found: how close the documents came to the question
    decided_by: str = "answered"  # the rule of assistant/answer/rules.py that declined, or "answered"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["timings_ms"] = {key: round(value, 2) for key, value in self.timings_ms.items()}
        return data


@dataclass
class CheckResult:
    claim: str
    verdict: str  # "supported" | "contradicted" | "not_found"
    explanation: str
    evidence: list[Citation] = field(default_factory=list)  # evidence[0] is the sentence that decided
    timings_ms: dict[str, float] = field(default_factory=dict)
    decided_by: str = ""  # the row of the rule table (assistant/check/rules.py) that gave the verdict

    def to_dict(self) -> dict:
        data = asdict(self)
        data["timings_ms"] = {key: round(value, 2) for key, value in self.timings_ms.items()}
        return data


class InvalidRequest(ValueError):
    """A request the assistant refuses with a clear message (empty, too long, wrong type)."""
