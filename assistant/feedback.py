"""Thumbs up/down from the chat, appended to a local JSONL file (``settings.feedback_log``).

A record is built from named fields only: the question, the answer, its citations, the vote and an
optional reason the user typed. Nothing from the HTTP request (headers, cookies, client address) and
nothing from the admin session goes in. A reason given after the vote is a second line with the same
``id``: readers take the last line of each id.
"""

from __future__ import annotations

import json
import secrets
import threading
from datetime import datetime, timezone
from pathlib import Path

CITATION_FIELDS = ("n", "title", "source", "url", "published", "page", "section", "quote", "chunk_id")
MAX_FIELD_CHARS = 20_000
MAX_REASON_CHARS = 2_000


class FeedbackLog:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, *, question: str, answer: str, citations: list[dict], vote: str,
               index_version: str | None = None, mode: str | None = None, abstained: bool | None = None,
               reason: str | None = None, entry_id: str | None = None) -> dict:
        entry = {
            "id": entry_id or secrets.token_hex(8),
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "vote": vote,
            "reason": " ".join(str(reason).split())[:MAX_REASON_CHARS] if reason else None,
            "question": str(question)[:MAX_FIELD_CHARS],
            "answer": str(answer)[:MAX_FIELD_CHARS],
            "citations": [{key: c.get(key) for key in CITATION_FIELDS} for c in citations or []],
            "abstained": abstained,
            "mode": mode,
            "index_version": index_version,
        }
        line = json.dumps(entry, ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        return entry
