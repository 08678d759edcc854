"""Fact checks: a claim is supported, contradicted or not found, with quoted evidence and its date.

The verdict rests on figures and names, not on similarity alone: a claim of "£50 million" next to a
source saying "£21 million" is contradicted even though the two sentences are near neighbours.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from .answer.compose import make_citation
from .answer.reading import QUESTION_WORDS, unknown_words
from .language.figures import MONTHS, Figure, extract_figures
from .index import IndexSnapshot, initialisms_in, tokenize
from .prompts import (
    EXPLAIN_CONTRADICTED,
    EXPLAIN_GAP,
    EXPLAIN_NOT_FOUND,
    EXPLAIN_OTHER_FIGURES,
    EXPLAIN_SUPPORTED,
    EXPLAIN_SUPPORTED_TEXT,
)
from .retrieval import retrieve
from .language.sentences import split_sentences
from .types import CheckResult, Citation

COMPARED_KINDS = ("money", "percent", "date", "count")
EVIDENCE_WINDOW = 0.12  # sentences this close to the best one can contradict or show a gap
WIDE_EVIDENCE = 12  # support may come from any of this many relevant sentences
RESTATES_CLAIM = 0.5  # word overlap above which a sentence is about the very thing the claim states
SUPPORT_SIMILARITY = 0.62  # a claim without figures needs a sentence this close, with its names present
GAP_RANKS = 3  # a "the record does not say" sentence this high up means the claim cannot be checked
# Below this cosine no sentence is about the claim at all (the questions' relevance cut measured on
# cosine alone, before question relevance also counted shared words).
MIN_EVIDENCE_SIMILARITY = 0.43
NEGATION = re.compile(r"\b(not|never|no|none|neither|nor|without|n't)\b", re.I)
QUESTION_LEAD = re.compile(r"^\s*(?:(?:was|is|were|are|did|does|do|has|have|had) (?:it|there|they|that)\s+|true that\s+)", re.I)


@dataclass
class Evidence:
    sentence: int
    chunk: int
    similarity: float
    figures: list[Figure]
    score: float = 0.0  # similarity plus a little word overlap: the evidence order
    overlap: float = 0.0  # IDF-weighted share of the claim's words (figures aside) in the sentence


def split_claims(text: str) -> list[str]:
    """A paragraph becomes its sentences; fragments too short to state anything are skipped."""
    claims = [text[a:b].strip() for a, b in split_sentences(text)]
    kept = [c for c in claims if len(tokenize(c)) >= 2]
    return kept or [text.strip()]


def check_text(snapshot: IndexSnapshot, text: str) -> list[CheckResult]:
    return [check_claim(snapshot, claim) for claim in split_claims(text)]


def check_claim(snapshot: IndexSnapshot, claim: str) -> CheckResult:
    started = time.perf_counter()
    statement = QUESTION_LEAD.sub("", claim).rstrip("?").strip() or claim
    settings = snapshot.settings
    found = retrieve(snapshot, statement, settings.candidates, settings.rrf_k)
    wide = _evidence(snapshot, found, statement)
    close = [ev for ev in wide if ev.score >= wide[0].score - EVIDENCE_WINDOW][:6] if wide else []
    claim_figures = [f for f in extract_figures(statement) if f.kind in COMPARED_KINDS]

    gap = next((ev for ev in close[:GAP_RANKS] if "gap" in snapshot.sentence_kinds[ev.sentence]), None)
    if not close or close[0].similarity < MIN_EVIDENCE_SIMILARITY or unknown_words(snapshot, statement):
        result = CheckResult(claim, "not_found", EXPLAIN_NOT_FOUND)
    elif claim_figures:
        result = _judge_figures(snapshot, claim, statement, claim_figures, close, wide, gap)
    elif gap is not None and gap is close[0]:
        result = _gap_result(snapshot, claim, gap)
    else:
        result = _judge_text(snapshot, claim, statement, close)
        if result.verdict == "not_found" and gap is not None:
            result = _gap_result(snapshot, claim, gap)
    result.timings_ms = {"total": (time.perf_counter() - started) * 1000}
    return result


def _evidence(snapshot: IndexSnapshot, found, statement: str) -> list[Evidence]:
    """Candidate evidence sentences from the top passages, best first (similarity plus word overlap)."""
    figure_words = {w for f in extract_figures(statement) for w in tokenize(f.text)}
    weights = {t: snapshot.idf.get(t, 0.0) for t in set(tokenize(statement)) - QUESTION_WORDS - figure_words}
    total = sum(weights.values()) or 1.0
    scored: list[Evidence] = []
    seen: set[str] = set()
    for chunk in found.ranked[:8]:
        for position in snapshot.chunk_sentences.get(chunk, []):
            text = snapshot.sentence_text[position]
            if not snapshot.sentence_quotable[position] or text in seen:
                continue
            seen.add(text)
            similarity = float(found.sentence_scores[position])
            words = snapshot.sentence_tokens[position]
            overlap = sum(w for t, w in weights.items() if t in words) / total
            scored.append(Evidence(position, chunk, similarity, extract_figures(text), similarity + 0.1 * overlap, overlap))
    scored.sort(key=lambda ev: -ev.score)
    return [ev for ev in scored if ev.similarity >= MIN_EVIDENCE_SIMILARITY][:WIDE_EVIDENCE]


def _gap_result(snapshot: IndexSnapshot, claim: str, gap: Evidence) -> CheckResult:
    """The documents say the record is silent on this: neither confirmed nor refuted."""
    return CheckResult(claim, "not_found", EXPLAIN_GAP.format(**_where(snapshot, gap)), [_cite(snapshot, 1, gap)])


def _judge_figures(snapshot, claim, statement, claim_figures, close, wide, gap: Evidence | None) -> CheckResult:
    """In order: a passage stating every figure of the claim about the same subject supports it; a
    rival figure in a sentence that closely restates the claim contradicts it; a "the record is
    silent" statement makes it unverifiable; a rival figure about the same subject contradicts it."""
    negated = bool(NEGATION.search(statement))
    names = _names(statement)
    only_years = all(f.kind == "date" and f.value[1] == 0 for f in claim_figures)
    for ev in wide:
        if ev not in close and only_years:
            continue  # a bare year matches too much to be trusted outside the closest sentences
        window = ev.figures + _neighbour_figures(snapshot, ev)
        if not all(any(c.matches(e) for e in window) for c in claim_figures):
            continue
        passage = snapshot.chunks[ev.chunk]
        if _missing_names(f"{passage.title} {passage.section} {passage.text}", names):
            continue  # the figures are there, but said of something else
        if negated and not NEGATION.search(snapshot.sentence_text[ev.sentence]):
            where = _where(snapshot, ev)
            return CheckResult(claim, "contradicted", f"The source states the opposite ({where['source']}, {where['date']}).", [_cite(snapshot, 1, ev)])
        figures = ", ".join(f.text for f in claim_figures)
        explanation = EXPLAIN_SUPPORTED.format(figures=figures, **_where(snapshot, ev)) + _other_figures(snapshot, claim_figures, wide, ev)
        return CheckResult(claim, "supported", explanation, [_cite(snapshot, 1, ev)])

    # A claim may join facts that the closest evidence states in different sentences: each figure
    # and each name must then be stated somewhere among those sentences.
    if close and not only_years and not negated:
        stated = [f for ev in close for f in ev.figures + _neighbour_figures(snapshot, ev)]
        local = " ".join(_local_text(snapshot, ev) for ev in close)
        if all(any(c.matches(f) for f in stated) for c in claim_figures) and not _missing_names(local, names):
            figures = ", ".join(f.text for f in claim_figures)
            return CheckResult(claim, "supported", EXPLAIN_SUPPORTED.format(figures=figures, **_where(snapshot, close[0])),
                               [_cite(snapshot, n, ev) for n, ev in enumerate(close[:3], start=1)])

    clashes = [
        (ev, clash)
        for ev in close
        if "gap" not in snapshot.sentence_kinds[ev.sentence]  # "set no deadline" refutes no date
        and (clash := _clash(snapshot, ev, claim_figures, names))
    ]
    strong = next(((ev, c) for ev, c in clashes if ev.overlap >= RESTATES_CLAIM), None)
    if strong is None and gap is not None:
        return _gap_result(snapshot, claim, gap)
    if strong or clashes:
        ev, (claimed, stated) = strong or clashes[0]
        explanation = EXPLAIN_CONTRADICTED.format(evidence=stated.text, claim=claimed.text, **_where(snapshot, ev))
        return CheckResult(claim, "contradicted", explanation, [_cite(snapshot, 1, ev)])
    # The claim's figures appear nowhere near its subject: unverifiable, whatever the wording.
    return CheckResult(claim, "not_found", EXPLAIN_NOT_FOUND, [_cite(snapshot, 1, close[0])])


def _clash(snapshot: IndexSnapshot, ev: Evidence, claim_figures: list[Figure], names: list[str]):
    """A figure of the evidence competing with one of the claim's, about the same subject."""
    if not _about_same_subject(snapshot, ev, names):
        return None  # a different figure about something else is no contradiction
    window = ev.figures + _neighbour_figures(snapshot, ev)
    return next(
        ((c, e) for c in claim_figures for e in ev.figures if c.comparable(e) and not any(c.matches(x) for x in window)),
        None,
    )


def _about_same_subject(snapshot: IndexSnapshot, ev: Evidence, names: list[str]) -> bool:
    passage = snapshot.chunks[ev.chunk]
    return not _missing_names(f"{passage.section} {snapshot.sentence_text[ev.sentence]}", names)


def _neighbours(snapshot: IndexSnapshot, ev: Evidence) -> list[int]:
    """The sentences right before and after, in the same passage: a claim may join two."""
    sentences = snapshot.chunk_sentences.get(ev.chunk, [])
    index = sentences.index(ev.sentence)
    around = sentences[max(0, index - 1) : index] + sentences[index + 1 : index + 2]
    return [s for s in around if snapshot.sentence_quotable[s]]


def _neighbour_figures(snapshot: IndexSnapshot, ev: Evidence) -> list[Figure]:
    return [f for s in _neighbours(snapshot, ev) for f in extract_figures(snapshot.sentence_text[s])]


def _local_text(snapshot: IndexSnapshot, ev: Evidence) -> str:
    parts = [snapshot.chunks[ev.chunk].section, snapshot.sentence_text[ev.sentence]]
    return " ".join(parts + [snapshot.sentence_text[s] for s in _neighbours(snapshot, ev)])


def _judge_text(snapshot, claim, statement, evidence) -> CheckResult:
    top = evidence[0]
    text = snapshot.sentence_text[top.sentence]
    passage = snapshot.chunks[top.chunk]
    missing = _missing_names(f"{passage.title} {passage.section} {passage.text}", _names(statement))
    if top.similarity >= SUPPORT_SIMILARITY and not missing:
        if NEGATION.search(statement) and not NEGATION.search(text):
            where = _where(snapshot, top)
            return CheckResult(claim, "contradicted", f"The source states the opposite ({where['source']}, {where['date']}).", [_cite(snapshot, 1, top)])
        return CheckResult(claim, "supported", EXPLAIN_SUPPORTED_TEXT.format(**_where(snapshot, top)), [_cite(snapshot, 1, top)])
    rival_names = [name for name in _names(text) if name.lower() not in statement.lower()]
    if top.similarity >= SUPPORT_SIMILARITY - 0.05 and missing and rival_names:
        explanation = EXPLAIN_CONTRADICTED.format(
            evidence=", ".join(rival_names[:2]), claim=", ".join(missing[:2]), **_where(snapshot, top)
        )
        return CheckResult(claim, "contradicted", explanation, [_cite(snapshot, 1, top)])
    return CheckResult(claim, "not_found", EXPLAIN_NOT_FOUND, [_cite(snapshot, 1, top)] if top.similarity >= MIN_EVIDENCE_SIMILARITY else [])


def _missing_names(context: str, names: list[str]) -> list[str]:
    words = set(re.findall(r"[a-z0-9'-]+", context.lower()))
    missing = [name for name in names if name.lower() not in words]
    if any(name.isupper() for name in missing):  # "AIDF" is there if "AI Diagnostic Fund" is
        spelled_out = initialisms_in(context)
        missing = [name for name in missing if not (name.isupper() and name.lower().rstrip("s") in spelled_out)]
    return missing


def _names(text: str) -> list[str]:
    """Capitalised words that are not just the start of the sentence."""
    words = re.findall(r"\b[A-Z][a-zA-Z0-9]+", text)  # "Merseyside's" -> Merseyside, "GP-referred" -> GP, "DG57"
    first = re.match(r"\s*([A-Za-z]+)", text)
    return [
        w
        for i, w in enumerate(words)
        if not (i == 0 and first and first.group(1) == w and not w.isupper()) and w.lower() not in MONTHS
    ]


def _other_figures(snapshot, claim_figures, evidence, chosen) -> str:
    others = []
    for ev in evidence:
        if ev.sentence == chosen.sentence or snapshot.chunks[ev.chunk].source == snapshot.chunks[chosen.chunk].source:
            continue
        for figure in ev.figures:
            if any(c.comparable(figure) and not c.matches(figure) for c in claim_figures):
                where = _where(snapshot, ev)
                others.append(f"{figure.text} ({where['source']}, {where['date']})")
    return EXPLAIN_OTHER_FIGURES.format(figures="; ".join(dict.fromkeys(others))) if others else ""


def _where(snapshot: IndexSnapshot, ev: Evidence) -> dict:
    info = snapshot.chunks[ev.chunk]
    return {"source": info.publisher or info.title, "date": info.published or "undated"}


def _cite(snapshot: IndexSnapshot, n: int, ev: Evidence) -> Citation:
    return make_citation(snapshot, n, ev.chunk, [ev.sentence])
