"""What to offer next: the passages closest to a question, and questions the documents do answer.

Nothing here is hard-coded to a corpus. Candidate questions come from the headings of the closest
passages (a heading that is a question is used as it is; a topic heading is asked about), and a
candidate is offered only if the assistant answers it without abstaining, from a passage other than
the one the user was just shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable


from .index import ChunkInfo, IndexSnapshot
from .retrieval import retrieve
from .types import Answer, Citation

MAX_SUGGESTIONS = 3
MAX_CANDIDATES = 8  # each candidate is answered once to check it: this bounds the cost (~20 ms each)
# A heading reads as a question when it opens like one ("Who ran the fund", "How much money was
# available"); "How bidding worked in practice" does not, and is asked about as a topic.
AUXILIARY = r"(?:is|are|was|were|do|does|did|can|could|should|will|would|has|have|had|may|might|must)"
QUESTION_OPENING = re.compile(rf"^(?:{AUXILIARY}\b|who\b|(?:what|which|when|where|why|how)\s+(?:{AUXILIARY}|much|many|long|"
                              rf"kind|sort|type)\b)", re.IGNORECASE)
ARTICLES = {"the", "a", "an"}
# Headings that name a part of a document rather than a topic: asking about them answers nothing.
STRUCTURAL = re.compile(r"^(?:contents|introduction|summary|background|overview|references|sources|notes|appendix|"
                        r"annex|about|further reading|see also)\b", re.IGNORECASE)


def closest_passages(snapshot: IndexSnapshot, question: str, limit: int = 3) -> list[Citation]:
    """The best passage of each of the ``limit`` closest documents, with its closest sentence as the quote."""
    if not snapshot.chunks:
        return []
    found = retrieve(snapshot, question, snapshot.settings.candidates, snapshot.settings.rrf_k)
    chosen: dict[str, int] = {}
    for position in found.ranked:
        chosen.setdefault(snapshot.chunks[position].source, position)
        if len(chosen) == limit:
            break
    passages = []
    for n, position in enumerate(chosen.values(), start=1):
        info = snapshot.chunks[position]
        sentences = snapshot.chunk_sentences.get(position, [])
        best = max(sentences, key=lambda s: found.sentence_scores[s], default=None)
        page, section = snapshot.sentence_place[best] if best is not None else (info.page, info.section)
        passages.append(Citation(
            n=n, title=info.title, source=info.source, url=info.url, published=info.published,
            page=page if page not in (None, -1) else info.page, section=_last_heading(section or info.section) or None,
            text=info.text, quote=snapshot.sentence_text[best] if best is not None else "",
            publisher=info.publisher, doc_type=info.doc_type, chunk_id=info.id))
    return passages


def heading_question(heading: str) -> str | None:
    """A heading as a question a reader could ask, or None when it names no topic."""
    heading = " ".join(heading.split()).strip(" :.-")
    if len(heading) < 4 or STRUCTURAL.match(heading) or len(heading.split()) > 16:
        return None
    if heading.endswith("?"):
        return heading
    if QUESTION_OPENING.match(heading):  # "How many were funded: sources disagree" asks the first part
        return heading.split(":")[0].strip() + "?"
    topic = heading[0].lower() + heading[1:] if _plain_word(heading) else heading
    return f"What do the documents say about {topic}?"


def suggest_questions(snapshot: IndexSnapshot, question: str, passages: list[Citation],
                      answer_of: Callable[[str], Answer], shown: Answer | None = None,
                      limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` questions drawn from the headings of ``passages`` (closest first) and of their
    documents' other sections, each checked with ``answer_of`` to be answered, not abstained on."""
    asked = _normal(question)
    shown_chunks = {c.chunk_id for c in (shown.citations if shown and not shown.abstained else [])}
    candidates: list[str] = []
    for heading in _headings(snapshot, passages):
        candidate = heading_question(heading)
        if candidate and _normal(candidate) != asked and candidate not in candidates:
            candidates.append(candidate)
    suggestions: list[str] = []
    for candidate in candidates[:MAX_CANDIDATES]:
        try:
            answer = answer_of(candidate)
        except Exception:  # a candidate that cannot be answered is simply not offered
            continue
        if answer.abstained or not answer.citations:
            continue
        if answer.citations[0].chunk_id in shown_chunks:  # it would repeat what the user has just read
            continue
        suggestions.append(candidate)
        if len(suggestions) == limit:
            break
    return suggestions


def _headings(snapshot: IndexSnapshot, passages: list[Citation]) -> list[str]:
    """The passages' own headings first, then the other headings of the same documents, in order."""
    own, others = [], []
    by_id: dict[str | None, ChunkInfo] = {c.id: c for c in snapshot.chunks}
    sources = []
    for passage in passages:
        info = by_id.get(passage.chunk_id)
        own.append(_last_heading(passage.section or (info.section if info else "")))
        if passage.source not in sources:
            sources.append(passage.source)
    for source in sources:
        for info in snapshot.chunks:
            if info.source == source:
                others.append(_last_heading(info.section))
    seen, ordered = set(), []
    for heading in own + others:
        if heading and heading not in seen:
            seen.add(heading)
            ordered.append(heading)
    return ordered


def _last_heading(section: str | None) -> str:
    return (section or "").split(" > ")[-1].strip()


def _plain_word(heading: str) -> bool:
    """Sentence case ("Eligible costs") may be lower-cased; a name ("NICE", "North East London") may not."""
    words = heading.split()
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first.lower() in ARTICLES:
        return True
    return first[:1].isupper() and first[1:].islower() and not second[:1].isupper()


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9£%]+", text.lower()))
