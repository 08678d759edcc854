"""The whole answer: read the question, retrieve, choose sentences, apply the rules, compose.

Each stage is its own module: ``reading`` (the question, once) -> retrieval -> ``evidence``
(sentences) -> ``rules`` (decline or answer, recorded as ``decided_by``) -> ``compose`` (the text,
citations and notes).
"""

from __future__ import annotations

import time

from ..retrieval import Filters, retrieve
from ..types import Answer
from .compose import compose, conflict_notes, decline, documented_gap, llm_answer
from .evidence import select
from .reading import read_question
from .rules import ANSWERED, Case, decide


def answer_question(snapshot, question: str, history: list[dict], filters: dict, llm=None) -> Answer:
    started = time.perf_counter()
    settings = snapshot.settings
    reading = read_question(snapshot, question, history)
    focus = reading.corrected if reading.follow_up else None
    found = retrieve(snapshot, reading.query, settings.candidates, settings.rrf_k, Filters.from_dict(filters), focus=focus)
    timings = dict(found.timings_ms)

    compose_start = time.perf_counter()
    picks, relevance = select(snapshot, found, reading, settings.max_answer_sentences)
    rule, note = decide(Case(snapshot, reading, found, picks, relevance))
    if rule is None:
        answer = compose(snapshot, question, picks)
        answer.notes.extend(conflict_notes(snapshot, answer))
        if llm is not None:
            timings["compose"] = (time.perf_counter() - compose_start) * 1000
            llm_start = time.perf_counter()
            answer = llm_answer(snapshot, llm, question, history, found, answer)
            timings["llm"] = (time.perf_counter() - llm_start) * 1000
    elif rule.outcome == "gap":
        answer = documented_gap(snapshot, question, picks)
    else:
        answer = decline(snapshot, question, found, note or None)
    answer.decided_by = rule.name if rule else ANSWERED
    timings.setdefault("compose", (time.perf_counter() - compose_start) * 1000)
    timings["total"] = (time.perf_counter() - started) * 1000
    answer.timings_ms = timings
    answer.index_version = snapshot.version
    answer.relevance = round(relevance, 4)
    return answer
