"""Shared fixtures: real indexes built with the real model, once per session where possible."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.config import PROJECT_ROOT, Settings  # noqa: E402

CORPUS = PROJECT_ROOT / "corpus"
EVAL_SET = PROJECT_ROOT / "eval" / "aidf_eval.jsonl"


def make_settings(tmp: Path, **overrides) -> Settings:
    """Settings isolated in a temporary folder (index, uploads, feedback), never the checkout's data/."""
    values = {
        "db": tmp / "index",
        "sources": [CORPUS],
        "upload_dir": tmp / "uploads",
        "feedback_log": tmp / "feedback.jsonl",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory) -> Settings:
    """An index of the shipped corpus, built once for the whole session. Treat it as read-only."""
    from assistant.ingestion import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("corpus-index"))
    report = run_ingest(settings)
    assert not report.failed, report.failed
    return settings


@pytest.fixture(scope="session")
def corpus_assistant(corpus_settings):
    from assistant.service import Assistant

    return Assistant(corpus_settings)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
