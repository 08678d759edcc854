"""Writing the answer: quoted sentences with markers, conflict notes, declining, and the optional LLM.

The extractive answer leads with the best sentence, then the other picks grouped by passage (best
passage first, reading order within each). A sentence that several documents state is quoted once
with all their markers ("[1][2]"). A declined answer is one short sentence plus the nearest
documents; a documented gap quotes the documents' own statement that the record is silent.
"""

from __future__ import annotations

import re

from ..language.figures import extract_figures, without_paragraph_number
from ..language.tokens import tokenize
from ..provenance import evidence_label, primary_sources
from ..prompts import ABSTAIN_MESSAGE, GAP_MESSAGE, LLM_FALLBACK_NOTE
from ..types import Answer, Citation
from .evidence import Pick, is_gap, whole_units
from .tuning import tuning

# Words that mark a figure as a plan or target rather than what happened ("by the end of 2023").
PLANNED = re.compile(r"\b(?:will|would|aim|aims|aimed|target|targets|pledge|pledged|commit|committed|plan|plans|planned|expected|by the end of|goal|ambition)\b", re.I)


def compose(snapshot, question: str, picks: list[Pick]) -> Answer:
    units = whole_units(snapshot, picks)
    by_chunk: dict[int, list[Pick]] = {}
    for pick in picks:
        by_chunk.setdefault(pick.chunk, []).append(pick)
    numbers: dict[int, int] = {}  # chunk -> marker, in order of first use
    parts: list[str] = []
    quoted: dict[int, list[int]] = {}  # chunk -> sentences quoted from it
    seen: set[int] = set()
    for chunk, chunk_picks in by_chunk.items():
        chunk_picks.sort(key=lambda p: (p is not picks[0], snapshot.sentence_span[p.sentence][0]))
        for pick in chunk_picks:
            unit = [s for s in units[pick.sentence] if s not in seen]
            if not unit:
                continue
            seen.update(unit)
            for cited in [chunk, *pick.also]:
                numbers.setdefault(cited, len(numbers) + 1)
            markers = "".join(f"[{numbers[c]}]" for c in [chunk, *pick.also])
            parts.append(f"{' '.join(without_paragraph_number(snapshot.sentence_text[s]) for s in unit)} {markers}")
            quoted.setdefault(chunk, []).extend(unit)
            for other in pick.also:
                quoted.setdefault(other, []).extend(_same_sentence_in(snapshot, other, pick.sentence))
    citations = [make_citation(snapshot, numbers[chunk], chunk, quoted.get(chunk, [])) for chunk in numbers]
    citations.sort(key=lambda c: c.n)
    return Answer(question=question, answer=" ".join(parts), abstained=False, citations=citations)


def _same_sentence_in(snapshot, chunk: int, sentence: int) -> list[int]:
    """The sentence of ``chunk`` closest to ``sentence``: what that passage says of the same fact."""
    options = snapshot.chunk_sentences.get(chunk, [])
    if not options:
        return []
    vector = snapshot.sentence_vectors[sentence]
    return [max(options, key=lambda s: float(vector @ snapshot.sentence_vectors[s]))]


def make_citation(snapshot, n: int, chunk: int, sentences: list[int]) -> Citation:
    info = snapshot.chunks[chunk]
    ordered = sorted(sentences, key=lambda s: snapshot.sentence_span[s][0])
    # Point at the page and section of the leading quoted sentence (the caller lists it first); a
    # passage can span several.
    page, section = snapshot.sentence_place[sentences[0]] if sentences else (info.page, info.section)
    if section is None:  # an index built before sentences carried their place
        page, section = info.page, info.section
    return Citation(
        n=n,
        title=info.title,
        source=info.source,
        url=info.url,
        published=info.published,
        page=page,
        section=section or None,
        text=info.text,
        quote=" ".join(without_paragraph_number(snapshot.sentence_text[s]) for s in ordered),
        publisher=info.publisher,
        doc_type=info.doc_type,
        chunk_id=info.id,
        primary_sources=primary_sources(info, [snapshot.sentence_span[s] for s in sentences]),
    )



def conflict_notes(snapshot, answer: Answer) -> list[str]:
    """Say so when the quoted sources give different values for one quantity: figures of the same
    kind, measuring the same thing (shared less common words around them, or the same counted noun),
    both stated as what happened or both as plans, from different documents."""
    figures_by_citation = []
    for citation in answer.citations:
        for figure in extract_figures(citation.quote):
            if figure.kind in ("count", "money", "percent"):
                context = _figure_context(snapshot, citation.quote, figure)
                planned = bool(PLANNED.search(citation.quote[max(0, figure.start - 60) : figure.end + 20]))
                figures_by_citation.append((citation, figure, context, planned))
    notes = []
    for i, (cite_a, fig_a, context_a, planned_a) in enumerate(figures_by_citation):
        for cite_b, fig_b, context_b, planned_b in figures_by_citation[i + 1 :]:
            if (
                cite_a.source != cite_b.source
                and planned_a == planned_b
                and fig_a.comparable(fig_b)
                and not fig_a.matches(fig_b)
                and (context_a & context_b if fig_a.kind != "count" else len(context_a & context_b) > 0 or fig_a.noun == fig_b.noun)
            ):
                notes.append(
                    f"Sources differ: {fig_a.text} ({evidence_label(cite_a)}) [{cite_a.n}] "
                    f"vs {fig_b.text} ({evidence_label(cite_b)}) [{cite_b.n}]."
                )
    return list(dict.fromkeys(notes))[:3]


def _figure_context(snapshot, text: str, figure) -> set[str]:
    """The less common words either side of a figure: what it is a figure of."""
    span = tuning().figure_context_chars
    near = set(tokenize(text[max(0, figure.start - span) : figure.end + span])) - set(tokenize(figure.text))
    return {w for w in near if 0 < snapshot.document_frequency.get(w, 0) <= len(snapshot.chunks) // 2}


def _nearest(snapshot, found) -> list[dict]:
    seen: dict[str, dict] = {}
    for chunk in found.ranked:
        info = snapshot.chunks[chunk]
        if info.source not in seen:
            seen[info.source] = {"title": info.title, "source": info.source, "url": info.url, "published": info.published}
        if len(seen) == 3:
            break
    return list(seen.values())



def decline(snapshot, question: str, found, note: str | None) -> Answer:
    notes = [note] if note else []
    return Answer(question=question, answer=ABSTAIN_MESSAGE, abstained=True, notes=notes, nearest=_nearest(snapshot, found))


def documented_gap(snapshot, question: str, picks: list[Pick]) -> Answer:
    """Declined with the documents' own statements that the record is silent, not with whatever
    else was picked beside them."""
    gaps = [p for p in picks if is_gap(snapshot, p)]
    composed = compose(snapshot, question, gaps[:2] or picks[:2])
    return Answer(question=question, answer=f"{GAP_MESSAGE} {composed.answer}", abstained=True, citations=composed.citations)


def llm_answer(snapshot, llm, question: str, history: list[dict], found, extractive: Answer) -> Answer:
    """Ask the LLM to write from the same passages; keep its answer only if it passes validation."""
    from ..llm import LLMError, validate_llm_answer

    passages = [snapshot.chunks[c] for c in found.ranked[: snapshot.settings.top_k]]
    try:
        text = llm.generate(question, history, passages)
    except LLMError as exc:
        extractive.notes.append(f"{LLM_FALLBACK_NOTE} ({exc})")
        return extractive
    problems, used = validate_llm_answer(text, passages)
    if problems:
        extractive.notes.append(f"{LLM_FALLBACK_NOTE} ({'; '.join(problems[:3])})")
        return extractive
    citations = []
    renumber = {}
    for new_n, old_n in enumerate(used, start=1):
        renumber[old_n] = new_n
        info = passages[old_n - 1]
        position = snapshot.chunk_pos[info.id]
        citations.append(make_citation(snapshot, new_n, position, []))
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", text)
    for citation in citations:
        citation.quote = _quoted_in(citation.text, text, citation.n)
    answer = Answer(question=question, answer=text.strip(), abstained=False, citations=citations, mode="llm")
    answer.notes = conflict_notes(snapshot, answer)
    return answer


def _quoted_in(passage: str, answer: str, n: int) -> str:
    """For an LLM answer, the passage sentences sharing most words with the answer sentences citing [n]."""
    from ..language.sentences import split_sentences

    claims = [s for s in re.split(r"(?<=[.!?])\s+", answer) if f"[{n}]" in s]
    claim_words = set(tokenize(" ".join(claims)))
    best = sorted(
        (passage[a:b] for a, b in split_sentences(passage)),
        key=lambda sentence: -len(claim_words & set(tokenize(sentence))),
    )
    return " ".join(best[:2])
