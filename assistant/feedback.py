"""Thumbs up/down from the chat, appended to a local JSONL file (``settings.feedback_log``).

A record is built from named fields only: the question, the answer, its citations, the vote and an
optional reason the user typed. Nothing from the HTTP request (headers, cookies, client address) and
nothing from the admin session goes in. A reason given after the vote is a second line with the same
``id``: readers take the last line of each id.

Anyone can vote, so votes are checked: only ``up`` or ``down``, at most ``per_minute`` lines a minute
(all users together) and 10 citations each, and the log stops growing at ``max_bytes``. A refused vote
is logged as a warning and dropped; the chat carries on.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)

CITATION_FIELDS = ("n", "title", "source", "url", "published", "page", "section", "quote", "chunk_id")
MAX_FIELD_CHARS = 20_000
MAX_CITATIONS = 10
VOTES = ("up", "down")
MAX_REASON_CHARS = 2_000


class FeedbackLog:
    def __init__(self, path: Path, per_minute: int = 30, max_bytes: int = 50 * 1024 * 1024, clock=time.monotonic):
        self.path = Path(path)
        self.per_minute = per_minute
        self.max_bytes = max_bytes
        self.clock = clock
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()

    def _refusal(self, vote) -> str | None:
        if vote not in VOTES:
            return "vote must be 'up' or 'down'"
        now = self.clock()
        while self._recent and now - self._recent[0] >= 60:
            self._recent.popleft()
        if len(self._recent) >= self.per_minute:
            return "too many votes this minute"
        try:
            if self.path.stat().st_size >= self.max_bytes:
                return "feedback log is full"
        except FileNotFoundError:
            pass
        self._recent.append(now)
        return None

    def record(self, *, question: str, answer: str, citations: list[dict], vote: str,
               index_version: str | None = None, mode: str | None = None, abstained: bool | None = None,
               reason: str | None = None, entry_id: str | None = None) -> dict | None:
        """Append one vote; None (and a warning in the log) when the vote is refused."""
        with self._lock:
            refusal = self._refusal(vote)
        if refusal:
            log.warning("feedback refused: %s", refusal)
            return None
        entry = {
            "id": entry_id or secrets.token_hex(8),
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "vote": vote,
            "reason": " ".join(str(reason).split())[:MAX_REASON_CHARS] if reason else None,
            "question": str(question)[:MAX_FIELD_CHARS],
            "answer": str(answer)[:MAX_FIELD_CHARS],
            "citations": [{key: c.get(key) for key in CITATION_FIELDS} for c in list(citations or [])[:MAX_CITATIONS]
                          if isinstance(c, dict)],
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
