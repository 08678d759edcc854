"""Grounded answers: extractive by default, optionally written by an LLM and then validated.

The extractive composer quotes whole sentences of the retrieved passages, each followed by the
marker of the passage it comes from, so every statement can be traced. It abstains when nothing
relevant is found, when the evidence does not speak to what the question names or asks for, or when
the evidence that does is the corpus saying that the public record is silent.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from .figures import MONTHS, extract_figures, figure_in, singular
from .index import IndexSnapshot, stem, tokenize, words
from .lexicon import names_thing
from .prompts import ABSTAIN_MESSAGE, GAP_MESSAGE, LLM_FALLBACK_NOTE
from .provenance import primary_sources
from .question import (
    ABOUT_THE_RECORD,
    ANSWER_KIND_WORDS,
    QUESTION_WORDS,
    WHAT_IS_THE_RE,
    counted_noun,
    described_kinds,
    focus_noun,
    question_parts,
    wanted_kinds,
)
from .retrieval import Filters, Retrieval, contextual_query, previous_turn, retrieve
from .text import normalise_for_match
from .types import Answer, Citation

CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|although|though)\s+|\s+(?:while|whereas)\s+")
# Relevance is the best sentence's cosine plus its share of the question's rare words, scaled to at
# most 1 (see select_sentences). The threshold is the highest cut that refuses none of the evaluation
# set's answerable questions, from `python -m assistant eval eval/aidf_eval.jsonl`
# ("relevance_calibration"); it turns away off-topic questions, while the rules in answer_question
# refuse in-scope ones the record is silent on.
MIN_RELEVANCE = 0.39
REDUNDANT_COSINE = 0.88
FIGURE_CONTEXT = 40  # characters either side of a figure that say what it measures
ALREADY_TOLD_SHARE = 0.8  # four fifths of a sentence's weight already in the conversation
CANDIDATE_CHUNKS = 8
LEXICAL_WEIGHT = 0.15
RANK_PRIOR = 0.04
TYPE_BONUS = 0.05
FOCUS_BONUS = 0.1
NAME_BONUS = 0.1  # the sentence names what the question is specifically about ("Essex")
SCORE_WINDOW = 0.12
ON_TOPIC_SIMILARITY = 0.65  # a sentence sharing none of the question's rare words must be at least this close


@dataclass
class Pick:
    sentence: int  # position in snapshot.sentence_* arrays
    chunk: int
    score: float


def answer_question(snapshot: IndexSnapshot, question: str, history: list[dict], filters: dict, llm=None) -> Answer:
    started = time.perf_counter()
    settings = snapshot.settings
    query = contextual_query(question, history)
    found = retrieve(snapshot, query, settings.candidates, settings.rrf_k, Filters.from_dict(filters), focus=question)
    timings = dict(found.timings_ms)

    compose_start = time.perf_counter()
    told = previous_turn(history) if query != question else ""
    picks, relevance = select_sentences(snapshot, found, query, question, settings.max_answer_sentences, told)
    unknown = unknown_names(snapshot, question) + unknown_focus(snapshot, question)
    wants = wanted_kinds(question)
    if not picks or relevance < MIN_RELEVANCE or unknown:
        note = f"The documents never mention: {', '.join(unknown)}." if unknown else None
        answer = _abstain(snapshot, question, found, note)
    elif missing := missing_names(snapshot, question, picks):
        answer = _abstain(snapshot, question, found, f"The closest passages do not mention: {', '.join(missing)}.")
    elif query == question and (unshared := unshared_topic(snapshot, question, picks)):
        answer = _abstain(snapshot, question, found, f"The closest passages share none of these words: {', '.join(unshared)}.")
    elif wants and not gives_wanted_figure(snapshot, question, wants, picks, found):
        # Asked for an amount, a date or a count, and the best evidence holds none: don't pretend.
        answer = _abstain(snapshot, question, found, "The closest passages do not give the figure asked for.")
    elif is_documented_gap(snapshot, question, picks):
        answer = _documented_gap(snapshot, question, picks)
    else:
        answer = _compose(snapshot, question, picks)
        answer.notes.extend(_conflict_notes(snapshot, answer))
        if llm is not None:
            timings["compose"] = (time.perf_counter() - compose_start) * 1000
            llm_start = time.perf_counter()
            answer = _llm_answer(snapshot, llm, question, history, found, answer)
            timings["llm"] = (time.perf_counter() - llm_start) * 1000
    timings.setdefault("compose", (time.perf_counter() - compose_start) * 1000)
    timings["total"] = (time.perf_counter() - started) * 1000
    answer.timings_ms = timings
    answer.index_version = snapshot.version
    answer.relevance = round(relevance, 4)
    return answer


def select_sentences(
    snapshot: IndexSnapshot, found: Retrieval, query: str, question: str, limit: int, told: str = ""
) -> tuple[list[Pick], float]:
    """Best answer sentences from the top passages: relevant, informative, not repeating each other,
    led by the best sentence of the kind asked for, and covering each part of a compound question."""
    scored, relevance = _score_sentences(snapshot, found, query, question)
    if told:  # a follow-up asks for something new: skip what the conversation has already said
        said = {stem(t) for t in tokenize(told)}
        scored = [p for p in scored if not already_told(snapshot, p, said)] or scored
    if not scored:
        return [], relevance
    best = scored[0].score
    # Lead with the best sentence of the kind asked for ("which minister" -> a named person) if it
    # is close enough to the best overall to be quoted at all, unless the best says the record has
    # no such figure, which is the answer.
    figures = wanted_kinds(query)
    asked = figures | described_kinds(query) | ({"gap"} if ABOUT_THE_RECORD.search(question) else set())
    noun = counted_noun(question)
    typed = next((p for p in scored if asked & snapshot.sentence_kinds[p.sentence] and counts(snapshot, p, noun)), None)
    if typed is not None and typed.score >= best - SCORE_WINDOW and not (figures and is_gap(snapshot, scored[0])):
        scored.remove(typed)
        scored.insert(0, typed)

    chosen: list[Pick] = []
    lead = scored[0].chunk
    for pick in scored:
        if len(chosen) == limit or pick.score < best - 2 * SCORE_WINDOW:
            break
        # The lead passage is cited anyway: its other good sentences ("... and when?") come cheaper.
        if pick.score < best - SCORE_WINDOW and pick.chunk != lead:
            continue
        if not _repeats(snapshot, pick, chosen):
            chosen.append(pick)
    _cover_every_part(snapshot, found, question, scored, chosen, limit)
    return chosen, relevance


def _score_sentences(snapshot: IndexSnapshot, found: Retrieval, query: str, question: str) -> tuple[list[Pick], float]:
    """Every quotable sentence of the candidate passages with its score, best first, and the relevance
    of the best sentence of all (quotable or not).

    A sentence's score is its cosine with the query, plus the share of the query's rare words it
    (or its section heading) contains, weighted by IDF, plus a small prior for its passage's rank,
    plus bonuses for giving the kind of answer asked for (an amount, a date, a count, a person),
    the thing a which/what question asks for, and the names the question is about.
    """
    chunks = found.ranked[:CANDIDATE_CHUNKS]
    chunks += [c for c in found.closest_ranked + found.focus_ranked if c not in chunks]  # a follow-up may move on
    wants = wanted_kinds(query)
    focus = focus_noun(query)
    # Names the user typed in this turn; a follow-up's earlier answer may name much else.
    names = distinctive_names(snapshot, question)
    described = described_kinds(query)
    weights = term_weights(snapshot, query)
    total_weight = sum(weights.values()) or 1.0
    scored: list[Pick] = []
    relevance = 0.0
    for rank, chunk in enumerate(chunks):
        heading_tokens = snapshot.section_tokens[chunk]
        for position in snapshot.chunk_sentences.get(chunk, []):
            terms = snapshot.sentence_tokens[position] | heading_tokens
            overlap = sum(w for t, w in weights.items() if t in terms) / total_weight
            # Meaning and shared rare words both count: a terse question ("barriers to deployment?")
            # embeds far from any sentence yet names exactly what a passage is about.
            relevance = max(relevance, (float(found.sentence_scores[position]) + LEXICAL_WEIGHT * overlap) / (1 + LEXICAL_WEIGHT))
            if not snapshot.sentence_quotable[position]:
                continue
            similarity = float(found.ranking_scores[position])
            score = similarity + LEXICAL_WEIGHT * overlap + RANK_PRIOR / (1 + rank)
            if wants & snapshot.sentence_kinds[position]:
                score += TYPE_BONUS
            if described & snapshot.sentence_kinds[position]:
                score += FOCUS_BONUS  # "which minister" is answered by "Secretary Steve Barclay"
            if focus and names_thing((singular(t) for t in terms), focus):
                score += FOCUS_BONUS
            if names:
                named = snapshot.sentence_words[position] | snapshot.heading_words[chunk]
                score += NAME_BONUS * sum(mentions(named, n) for n in names) / len(names)
            scored.append(Pick(position, chunk, score))
    scored.sort(key=lambda p: -p.score)
    return scored, relevance


def _repeats(snapshot: IndexSnapshot, pick: Pick, chosen: list[Pick]) -> bool:
    vector = snapshot.sentence_vectors[pick.sentence]
    return any(
        float(vector @ snapshot.sentence_vectors[c.sentence]) > REDUNDANT_COSINE or _same_text(snapshot, pick, c) for c in chosen
    )


def _cover_every_part(
    snapshot: IndexSnapshot, found: Retrieval, question: str, scored: list[Pick], chosen: list[Pick], limit: int
) -> None:
    """A question in parts ("what AI is it using and what system was it integrated through?") gets
    the relevant sentence sharing most rare words with each part, in place of the weakest pick if
    need be. A part is judged by its words: its meaning is in the whole question's embedding."""
    parts = question_parts(question)
    if len(parts) < 2:
        return
    for part in parts:
        weights = term_weights(snapshot, part)
        if not weights:
            continue  # "..., and when?": the asked-for kind already leads the answer

        def share(pick: Pick) -> float:
            return shared_weight(snapshot, weights, pick)

        candidates = [p for p in scored if found.sentence_scores[p.sentence] >= MIN_RELEVANCE]  # on topic at all
        best_for_part = max(candidates, key=lambda p: (share(p), p.score), default=None)
        if best_for_part is None or best_for_part in chosen or share(best_for_part) <= max(map(share, chosen), default=0.0):
            continue
        if _repeats(snapshot, best_for_part, chosen):
            continue
        if len(chosen) == limit:
            chosen.pop()
        chosen.append(best_for_part)


def already_told(snapshot: IndexSnapshot, pick: Pick, said: set[str]) -> bool:
    """Most of what the sentence says (by IDF weight) is in the previous question and answer, whose
    word stems are ``said``."""
    tokens = snapshot.sentence_tokens[pick.sentence]
    total = sum(snapshot.idf.get(t, 0.0) for t in tokens) or 1.0
    return sum(snapshot.idf.get(t, 0.0) for t in tokens if stem(t) in said) / total >= ALREADY_TOLD_SHARE


def term_weights(snapshot: IndexSnapshot, text: str) -> dict[str, float]:
    """The text's topic words, each weighted by IDF (rare words say most)."""
    return {t: snapshot.idf.get(t, 0.0) for t in set(tokenize(text)) - QUESTION_WORDS}


def shared_weight(snapshot: IndexSnapshot, weights: dict[str, float], pick: Pick) -> float:
    """How much of the weighted words a sentence shares, by stem ("piloting" is about a "pilot")."""
    stems = snapshot.sentence_stems[pick.sentence]
    return sum(w for t, w in weights.items() if stem(t) in stems)


def is_gap(snapshot: IndexSnapshot, pick: Pick) -> bool:
    return "gap" in snapshot.sentence_kinds[pick.sentence]


def is_documented_gap(snapshot: IndexSnapshot, question: str, picks: list[Pick]) -> bool:
    """The evidence that speaks to the question says the public record is silent on it.

    That evidence is the best-scored sentence, the best one naming what a which/what question asks
    for ("supplier"), or the one sharing most of the question's rare words; when the question asks
    for something by name, a gap about anything else does not count. A question about the record
    itself ("Has the full list been published?") is answered by such a statement instead.
    """
    if ABOUT_THE_RECORD.search(question):
        return False
    weights = term_weights(snapshot, question)
    closest = max(picks, key=lambda p: shared_weight(snapshot, weights, p))
    evidence = [picks[0], closest]
    focus = focus_noun(question)
    if focus:
        naming = [p for p in picks if names_thing((singular(w) for w in named_in(snapshot, p)), focus)]
        evidence = [p for p in evidence if p in naming] or naming[:1]
    if described := described_kinds(question):  # "which minister": only a gap naming someone counts
        typed = [p for p in picks if described & snapshot.sentence_kinds[p.sentence]]
        evidence = [p for p in evidence if p in typed] or typed[:1]
    # "No source explains the £10 million gap": silent on why, but it gives the amount asked for; "may
    # refer to the bidding process, but that is unverified": a reason, offered with its caveat.
    # (Not dates: "the June 2023 announcement set no deadline" dates its source, not the deadline.)
    given = (wanted_kinds(question) - {"date"}) | described
    return any(is_gap(snapshot, p) and not given & snapshot.sentence_kinds[p.sentence] for p in evidence)


def gives_wanted_figure(
    snapshot: IndexSnapshot, question: str, wants: frozenset[str], picks: list[Pick], found: Retrieval
) -> bool:
    """Does a picked sentence give the kind of figure asked for, about the thing asked about?

    "How much did Greater Manchester receive?" needs an amount in a sentence naming Greater
    Manchester; "how many X" needs a count of X; "what was the closing date for bids?" needs a date
    in a sentence about bids or closing, not any date near the fund's name.
    """
    noun = counted_noun(question)
    given = extract_figures(question)
    subject = distinctive_names(snapshot, question)
    topic = {t for t in tokenize(question) if t not in QUESTION_WORDS and snapshot.is_rare(t)}
    for pick in picks:
        kinds = snapshot.sentence_kinds[pick.sentence]
        if not wants & kinds:
            continue
        context = snapshot.sentence_tokens[pick.sentence] | snapshot.title_tokens[pick.chunk] | snapshot.section_tokens[pick.chunk]
        if topic and not topic & context and found.sentence_scores[pick.sentence] < ON_TOPIC_SIMILARITY:
            continue
        if not all(mentions(named_in(snapshot, pick), name) for name in subject):
            continue
        text = snapshot.sentence_text[pick.sentence]
        if subject and all(mentions(snapshot.sentence_words[pick.sentence], name) for name in subject):
            # "PenRAD says its award covers two years, and the Alliance says its award is £1 million":
            # the figure must be in a clause that names the subject.
            text = " ".join(c for c in CLAUSE_BREAK.split(text) if all(mentions(frozenset(words(c)), n) for n in subject))
        # "How much of the £21 million went to stroke?": the £21 million is the question, not the answer.
        figures = [f for f in extract_figures(text) if f.kind in wants and not figure_in(f, given)]
        if figures and (wants != {"count"} or not noun or any(counts_noun(f, noun) for f in figures)):
            return True
    return False


def counts(snapshot: IndexSnapshot, pick: Pick, noun: set[str]) -> bool:
    """The sentence has no count, or counts the thing asked about (if the question names it)."""
    figures = [f for f in extract_figures(snapshot.sentence_text[pick.sentence]) if f.kind == "count"]
    return not noun or not figures or any(counts_noun(f, noun) for f in figures)


def counts_noun(figure, noun: set[str]) -> bool:
    """A count of the thing asked about ("scans" covers "1,200 chest CTs")."""
    return any(names_thing(figure.noun, word) for word in noun)


def named_in(snapshot: IndexSnapshot, pick: Pick) -> frozenset[str]:
    """The words of a picked sentence and of its passage's title, headings, publisher and file name."""
    return snapshot.sentence_words[pick.sentence] | snapshot.heading_words[pick.chunk]


def missing_names(snapshot: IndexSnapshot, question: str, picks: list[Pick]) -> list[str]:
    """Names the question is about ("Barts") that none of the passages quoted from mentions, nor
    their titles, publishers or file names ("according to the Lords written answer")."""
    named = frozenset().union(*(snapshot.passage_words[p.chunk] for p in picks))
    missing = {n for n in distinctive_names(snapshot, question) if not mentions(named, n)}
    return list(dict.fromkeys(w for w in re.findall(r"[A-Za-z]+", question) if w.lower() in missing))


def unshared_topic(snapshot: IndexSnapshot, question: str, picks: list[Pick]) -> list[str]:
    """The question's topic words (two or more), if the chosen evidence shares none of them ("Will
    there be a second round next year?" answered with launch dates). Words in most passages ("AI", "fund")
    say nothing about the topic; a follow-up's words lean on the conversation, so it is not asked."""
    common = len(snapshot.chunks) // 2
    topic = [
        t for t in dict.fromkeys(tokenize(question))
        if t not in QUESTION_WORDS and t not in ANSWER_KIND_WORDS and 0 < snapshot.document_frequency.get(t, 0) <= common
    ]
    evidence = frozenset().union(*(snapshot.sentence_stems[p.sentence] | snapshot.section_stems[p.chunk] for p in picks))
    # One word is too little to judge by ("what could the money be spent on?" against "spend").
    return [] if len(topic) < 2 or any(stem(t) in evidence for t in topic) else topic


def mentions(tokens: set[str] | frozenset[str], word: str) -> bool:
    """``word`` is among ``tokens``, in the singular or the plural ("CT" in "1,200 chest CTs")."""
    return word in tokens or f"{word}s" in tokens or singular(word) in tokens


def distinctive_names(snapshot: IndexSnapshot, question: str) -> set[str]:
    """Names in the question that few passages mention: what the question is specifically about."""
    names = re.findall(r"(?<!^)\b[A-Z][A-Za-z]+\b", question.strip())
    return {n.lower() for n in names if snapshot.is_rare(n.lower()) and n.lower() not in MONTHS}


def unknown_focus(snapshot: IndexSnapshot, question: str) -> list[str]:
    """The thing asked for ("the email address of ...") is a word no document uses."""
    match = WHAT_IS_THE_RE.search(question)
    words = tokenize(match.group(1)) if match else []
    if not words:
        return []
    head = words[-1]
    known = head in snapshot.vocabulary or singular(head) in snapshot.vocabulary
    return [] if known else [" ".join(words)]


def _same_text(snapshot: IndexSnapshot, a: Pick, b: Pick) -> bool:
    # Overlapping chunks hold the same sentence twice; quote it once.
    return normalise_for_match(snapshot.sentence_text[a.sentence]) == normalise_for_match(snapshot.sentence_text[b.sentence])


def unknown_names(snapshot: IndexSnapshot, question: str) -> list[str]:
    """Names in the question that no indexed document mentions: the documents cannot be about them."""
    names = []
    for match in re.finditer(r"\b[A-Z][a-z][a-zA-Z]+\b|\b[A-Z]{2,}s?\b", question):
        word = match.group(0)
        before = question[: match.start()].rstrip()
        if not word.isupper() and (not before or before[-1] in ".?!:;\"'(“"):
            continue  # "Summarise ..." is capitalised because it starts the sentence, not because it is a name
        names.append(word)
    return [
        name
        for name in dict.fromkeys(names)
        if name.lower() not in snapshot.vocabulary
        and name.lower() not in QUESTION_WORDS
        # an acronym may abbreviate words the documents spell out ("AIDF": AI Diagnostic Fund)
        and not (name.isupper() and name.lower().rstrip("s") in snapshot.initialisms)
    ]


def make_citation(snapshot: IndexSnapshot, n: int, chunk: int, sentences: list[int]) -> Citation:
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
        quote=" ".join(snapshot.sentence_text[s] for s in ordered),
        publisher=info.publisher,
        doc_type=info.doc_type,
        chunk_id=info.id,
        primary_sources=primary_sources(info, [snapshot.sentence_span[s] for s in sentences]),
    )


def _compose(snapshot: IndexSnapshot, question: str, picks: list[Pick]) -> Answer:
    """Lead with the best sentence; then the picked sentences grouped by passage (best passage first),
    in reading order within each."""
    by_chunk: dict[int, list[Pick]] = {}
    for pick in picks:
        by_chunk.setdefault(pick.chunk, []).append(pick)
    parts: list[str] = []
    citations: list[Citation] = []
    for n, (chunk, chunk_picks) in enumerate(by_chunk.items(), start=1):
        chunk_picks.sort(key=lambda p: (p is not picks[0], snapshot.sentence_span[p.sentence][0]))
        for pick in chunk_picks:
            parts.append(f"{snapshot.sentence_text[pick.sentence]} [{n}]")
        best_first = sorted(chunk_picks, key=lambda p: (p is not picks[0], -p.score))
        citations.append(make_citation(snapshot, n, chunk, [p.sentence for p in best_first]))
    return Answer(question=question, answer=" ".join(parts), abstained=False, citations=citations)


def _conflict_notes(snapshot: IndexSnapshot, answer: Answer) -> list[str]:
    """Say so when the quoted sources give different values for one quantity."""
    figures_by_citation = []
    for citation in answer.citations:
        for figure in extract_figures(citation.quote):
            if figure.kind in ("count", "money", "percent"):
                figures_by_citation.append((citation, figure, _figure_context(snapshot, citation.quote, figure)))
    notes = []
    for i, (cite_a, fig_a, context_a) in enumerate(figures_by_citation):
        for cite_b, fig_b, context_b in figures_by_citation[i + 1 :]:
            if (
                cite_a.source != cite_b.source
                and fig_a.comparable(fig_b)
                and not fig_a.matches(fig_b)
                and (fig_a.kind == "count" or context_a & context_b)
            ):
                notes.append(
                    f"Sources differ: {fig_a.text} ({cite_a.publisher or cite_a.title}, {cite_a.published or 'undated'}) [{cite_a.n}] "
                    f"vs {fig_b.text} ({cite_b.publisher or cite_b.title}, {cite_b.published or 'undated'}) [{cite_b.n}]."
                )
    return list(dict.fromkeys(notes))[:3]


def _figure_context(snapshot: IndexSnapshot, text: str, figure) -> set[str]:
    """The less common words either side of an amount or percentage: what it is an amount of.

    "£123 million in 86 AI technologies" and "£113 million to 86 technologies" share "technologies";
    "£21 million given to the NHS to purchase AI tools" and "£250 million of funding" share nothing
    telling, so they are not rival values of one quantity. (Counts are matched by their noun.)
    """
    words = set(tokenize(text[max(0, figure.start - FIGURE_CONTEXT) : figure.end + FIGURE_CONTEXT]))
    words -= set(tokenize(figure.text))
    return {w for w in words if 0 < snapshot.document_frequency.get(w, 0) <= len(snapshot.chunks) // 2}


def _nearest(snapshot: IndexSnapshot, found: Retrieval) -> list[dict]:
    seen: dict[str, dict] = {}
    for chunk in found.ranked:
        info = snapshot.chunks[chunk]
        if info.source not in seen:
            seen[info.source] = {"title": info.title, "source": info.source, "url": info.url, "published": info.published}
        if len(seen) == 3:
            break
    return list(seen.values())


def _abstain(snapshot: IndexSnapshot, question: str, found: Retrieval, note: str | None) -> Answer:
    notes = [note] if note else []
    return Answer(question=question, answer=ABSTAIN_MESSAGE, abstained=True, notes=notes, nearest=_nearest(snapshot, found))


def _documented_gap(snapshot: IndexSnapshot, question: str, picks: list[Pick]) -> Answer:
    """The best evidence says the public record is silent: abstain, but quote what the corpus says."""
    composed = _compose(snapshot, question, picks)
    return Answer(
        question=question,
        answer=f"{GAP_MESSAGE} {composed.answer}",
        abstained=True,
        citations=composed.citations,
    )


def _llm_answer(snapshot: IndexSnapshot, llm, question: str, history: list[dict], found: Retrieval, extractive: Answer) -> Answer:
    """Ask the LLM to write from the same passages; keep its answer only if it passes validation."""
    from .llm import LLMError, validate_llm_answer

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
    answer.notes = _conflict_notes(snapshot, answer)
    return answer


def _quoted_in(passage: str, answer: str, n: int) -> str:
    """For an LLM answer, the passage sentences sharing most words with the answer sentences citing [n]."""
    from .text import split_sentences

    claims = [s for s in re.split(r"(?<=[.!?])\s+", answer) if f"[{n}]" in s]
    claim_words = set(tokenize(" ".join(claims)))
    best = sorted(
        (passage[a:b] for a, b in split_sentences(passage)),
        key=lambda sentence: -len(claim_words & set(tokenize(sentence))),
    )
    return " ".join(best[:2])
