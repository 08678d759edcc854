"""Choosing the sentences that answer: scoring candidates, picking a few, and keeping reading units whole.

A candidate is a quotable sentence of the top passages (plus the passages holding the sentences
closest to the question). Its score is a weighted sum of the features in ``tuning.SENTENCE_FEATURES``
with fitted weights. The best sentence leads (or the best one giving the kind of answer asked for,
if it is nearly as good); further sentences must be nearly as good themselves, must not repeat a
chosen one (a repeat from another document adds its marker to the sentence instead), and each part
of a compound question gets its best sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language.figures import extract_figures, figure_in, singular
from ..language.lexicon import holds_role, names_thing, post_to_be_filled
from ..language.sentences import is_labelled_row, normalise_for_match
from ..language.tokens import stem, tokenize, words
from .kinds import FIGURE_KINDS, MUST_BE_GIVEN, QUALIFIERS, figures_answering, gives_all
from .reading import ANSWER_KIND_WORDS, QuestionReading
from .tuning import SENTENCE_FEATURES, tuning

# A lead-in that introduces a quote or a list: "Jane Doe, chief executive, said:".
LEAD_IN = re.compile(r"(?::|\bsaid|\bsays|\badded)\s*[\"'“‘]?$", re.I)
# A sentence that opens by referring back: it needs the sentence before it.
REFERS_BACK = re.compile(r"^\W*(?:(?:of|from|within|out of)\s+)?(?:this|that|these|those|it|its|they|their|he|she|his|her|such"
                         r"|the (?:funding|money|award|scheme|programme|tool|project|fund|figure|investment))\b"
                         r"|^\W*(?:of|from|within|out of)\s+(?:them|which|the (?:total|rest|remainder))\b", re.I)
QUOTE_OPENERS = tuple("\"“‘'")
QUOTE_CLOSERS = tuple("\"”’'")
QUOTATION_SENTENCES = 6  # how far back a quotation's opening sentence is looked for
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|although|though)\s+|\s+(?:while|whereas)\s+")


@dataclass
class Pick:
    sentence: int  # position in snapshot.sentence_* arrays
    chunk: int
    score: float
    also: list[int] = field(default_factory=list)  # other passages stating the same sentence


def candidates(snapshot, found, reading: QuestionReading) -> tuple[list[Pick], float]:
    """Every quotable candidate sentence with its score, best first, and the question's relevance:
    the best sentence's similarity plus its share of the question's rare words, at most 1."""
    weights = tuning().sentence_weights
    chunks = found.ranked[: tuning().candidate_chunks]
    chunks += [c for c in found.closest_ranked + found.focus_ranked if c not in chunks]
    total_weight = sum(reading.topic.values()) or 1.0
    lexical = weights["rare_word_share"]
    scored: list[Pick] = []
    relevance = 0.0
    for rank, chunk in enumerate(chunks):
        similarity = found.sentence_scores.chunk(chunk).tolist()  # one block per passage, not a lookup per sentence
        for offset, position in enumerate(snapshot.chunk_sentences.get(chunk, [])):
            quotable = snapshot.sentence_quotable[position]
            # Only the rare-word share is needed of a sentence that cannot be quoted.
            features = sentence_features(snapshot, found, reading, chunk, rank, position, total_weight) if quotable else None
            share = features[1] if features is not None else rare_word_share(snapshot, reading, chunk, position, total_weight)
            # Meaning and shared rare words both count: a terse question ("barriers to deployment?")
            # embeds far from any sentence yet names exactly what a passage is about.
            relevance = max(relevance, (similarity[offset] + lexical * share) / (1 + lexical))
            if features is not None:
                score = sum(weights[name] * value for name, value in zip(SENTENCE_FEATURES, features))
                scored.append(Pick(position, chunk, score))
    scored.sort(key=lambda p: -p.score)
    return scored, relevance


# The kinds whose giving ``gives_kind_asked`` scores: what must be given, a person aside (scored with
# reasons), whether a figure ("£2m") or not ("15 pages", an email address).
GIVEN_KINDS_SCORED = MUST_BE_GIVEN - {"person"}


def sentence_features(snapshot, found, reading: QuestionReading, chunk: int, rank: int, position: int, total_weight: float) -> list[float]:
    """The values of ``SENTENCE_FEATURES`` for one candidate sentence."""
    terms = _terms(snapshot, reading, chunk, position)
    kinds = snapshot.sentence_kinds[position]
    named = snapshot.sentence_words[position] | snapshot.heading_words[chunk]
    subject = reading.subject
    return [
        float(found.ranking_scores[position]),
        _share(reading, terms, total_weight),
        1.0 / (1 + rank),
        float(bool(reading.kinds & kinds & GIVEN_KINDS_SCORED)),
        float(bool(reading.kinds & kinds & {"person", "reason"})),
        float(bool(reading.focus and names_thing((singular(t) for t in terms), reading.focus))),
        sum(mentions(snapshot, named, n) for n in subject) / len(subject) if subject else 0.0,
    ]


def rare_word_share(snapshot, reading: QuestionReading, chunk: int, position: int, total_weight: float) -> float:
    """The ``rare_word_share`` feature alone."""
    return _share(reading, _terms(snapshot, reading, chunk, position), total_weight)


def _terms(snapshot, reading: QuestionReading, chunk: int, position: int) -> frozenset[str]:
    terms = snapshot.sentence_tokens[position] | snapshot.section_tokens[chunk] | snapshot.title_tokens[chunk]
    # A sentence naming a thing by its alias ("the DAAF") shares the words of its long name.
    named = snapshot.sentence_words[position] | snapshot.heading_words[chunk]
    for name in reading.names:
        if not terms.issuperset(name.key) and mentions(snapshot, named, name):
            terms |= frozenset(name.key)
    return terms


def _share(reading: QuestionReading, terms: frozenset[str], total_weight: float) -> float:
    return sum(w for t, w in reading.topic.items() if t in terms) / total_weight


def select(snapshot, found, reading: QuestionReading, limit: int) -> tuple[list[Pick], float]:
    scored, relevance = candidates(snapshot, found, reading)
    if reading.told:  # a follow-up asks for something new: skip what the conversation has already said
        said = {stem(t) for t in tokenize(reading.told)}
        scored = [p for p in scored if not already_told(snapshot, p, said)] or scored
    scored = [p for p in scored if not names_a_rival(snapshot, reading, p)] or scored
    if not scored:
        return [], relevance
    window = tuning().score_window
    best = scored[0].score
    # Lead with the best sentence of the kind asked for ("which minister" -> a named person) if it
    # is close enough to the best overall, unless the best says the record has no such figure.
    asked = reading.kinds - QUALIFIERS | ({"gap"} if reading.about_record else set())
    qualifiers = reading.kinds & QUALIFIERS
    typed = next((p for p in scored if asked & snapshot.sentence_kinds[p.sentence] and qualifiers <= snapshot.sentence_kinds[p.sentence]
                  and counts(snapshot, p, reading.counted)), None)
    figures_asked = reading.kinds & FIGURE_KINDS
    # A kind that must be given may lead from further down: "how much ...?" is answered by the amount.
    reach = 2 * window if reading.kinds & MUST_BE_GIVEN else window
    if typed is not None and typed.score >= best - reach and not (figures_asked and is_gap(snapshot, scored[0])):
        scored.remove(typed)
        scored.insert(0, typed)
    chosen: list[Pick] = []
    lead = scored[0].chunk
    best = scored[0].score  # the window follows the lead
    for pick in scored:
        if pick.score < best - 2 * window:
            break
        if pick.score < best - window and pick.chunk != lead:
            continue  # the lead passage is cited anyway: its other good sentences come cheaper
        if (same := _repeated_by(snapshot, pick, chosen)) is not None:
            if pick.chunk != same.chunk and snapshot.chunks[pick.chunk].source != snapshot.chunks[same.chunk].source:
                if pick.chunk not in same.also:
                    same.also.append(pick.chunk)
            continue
        if len(chosen) < limit:
            chosen.append(pick)
    _cover_every_part(snapshot, found, reading, scored, chosen, limit)
    _cover_the_subject(snapshot, reading, scored, chosen, best - 2 * window, limit)
    return chosen, relevance


def _cover_the_subject(snapshot, reading: QuestionReading, scored: list[Pick], chosen: list[Pick], floor: float, limit: int) -> None:
    """Where no chosen sentence names what the question is about, the best sentence within reach
    that does joins them, in place of the weakest if need be."""
    if not reading.subject or not chosen or any(names_subject(snapshot, reading, p) for p in chosen):
        return
    naming = next((p for p in scored if p.score >= floor and names_subject(snapshot, reading, p)), None)
    if naming is None:
        return
    if len(chosen) == limit:
        chosen.pop()
    chosen.append(naming)


def names_a_rival(snapshot, reading: QuestionReading, pick: Pick) -> bool:
    """The sentence names another of the kind the question asks about and not the one it asks about:
    "Band B" for "Band A", "Calder Imaging Network" for "Kestrel Imaging Network" (a name of as many
    words, all but one the same, in the singular)."""
    if not reading.subject:
        return False
    named = {n.key for n in snapshot.gazetteer.find(snapshot.sentence_text[pick.sentence])}
    if any(set(snapshot.gazetteer.forms(s)) & named for s in reading.subject):
        return False
    return any(len(key) == len(s.key) > 1 and sum(singular(a) != singular(b) for a, b in zip(key, s.key)) == 1
               for key in named for s in reading.subject)


def names_subject(snapshot, reading: QuestionReading, pick: Pick) -> bool:
    """The sentence, or its headings, names every name the question is about."""
    named = snapshot.sentence_words[pick.sentence] | snapshot.heading_words[pick.chunk]
    return all(mentions(snapshot, named, name) for name in reading.subject)


def _cover_every_part(snapshot, found, reading: QuestionReading, scored: list[Pick], chosen: list[Pick], limit: int) -> None:
    """A question in parts gets the relevant sentence sharing most rare words with each part, in
    place of the weakest pick if need be."""
    if len(reading.parts) < 2:
        return
    floor = min(found.sentence_scores[p.sentence] for p in chosen) if chosen else 0.0
    for part in reading.parts:
        weights = {t: snapshot.idf.get(t, 0.0) for t in set(tokenize(part))} 
        if not weights:
            continue

        def share(pick: Pick) -> float:
            return shared_weight(snapshot, weights, pick)

        on_topic = [p for p in scored if found.sentence_scores[p.sentence] >= min(floor, 0.4)]
        best_for_part = max(on_topic, key=lambda p: (share(p), p.score), default=None)
        if best_for_part is None or best_for_part in chosen or share(best_for_part) <= max(map(share, chosen), default=0.0):
            continue
        if _repeated_by(snapshot, best_for_part, chosen) is not None:
            continue
        if len(chosen) == limit:
            chosen.pop()
        chosen.append(best_for_part)


def lead_in_of(snapshot, neighbours: list[int], at: int) -> int | None:
    """The sentence that introduces the one at ``at`` of a passage's sentences: the one right before it
    when that is a lead-in ("Dr X, clinical lead, said:"), or, for any sentence of a quotation that runs
    over several sentences, the lead-in before the quotation's opening sentence."""
    for back in range(at, max(-1, at - QUOTATION_SENTENCES), -1):
        text = snapshot.sentence_text[neighbours[back]].strip()
        if back < at and LEAD_IN.search(text):
            return neighbours[back] if back == at - 1 else None
        if back < at and text.endswith(QUOTE_CLOSERS):
            return None  # a quotation closed before this sentence
        if text.startswith(QUOTE_OPENERS):
            opener = back - 1
            return neighbours[opener] if opener >= 0 and LEAD_IN.search(snapshot.sentence_text[neighbours[opener]].rstrip()) else None
    return None


def whole_units(snapshot, picks: list[Pick]) -> dict[int, list[int]]:
    """The sentences to quote for each pick: a lead-in brings what it introduces, and a sentence that
    opens by referring back ("This funding ...") brings the sentence it refers to."""
    units: dict[int, list[int]] = {}
    for pick in picks:
        unit = [pick.sentence]
        neighbours = snapshot.chunk_sentences.get(pick.chunk, [])
        at = neighbours.index(pick.sentence) if pick.sentence in neighbours else -1
        text = snapshot.sentence_text[pick.sentence]
        def quotable_neighbour(i: int) -> bool:  # headings are never quoted as facts
            return 0 <= i < len(neighbours) and not snapshot.sentence_is_heading[neighbours[i]]

        if at >= 0 and LEAD_IN.search(text.rstrip()) and quotable_neighbour(at + 1):
            unit.append(neighbours[at + 1])
        if at > 0 and REFERS_BACK.search(text) and quotable_neighbour(at - 1):
            unit.insert(0, neighbours[at - 1])
        speaker = lead_in_of(snapshot, neighbours, at) if at > 0 else None
        if speaker is not None and quotable_neighbour(neighbours.index(speaker)) and speaker not in unit:
            unit.insert(0, speaker)  # a quote keeps the words that say who said it
        units[pick.sentence] = unit
    return units


def already_told(snapshot, pick: Pick, said: set[str]) -> bool:
    """Most of what the sentence says (by IDF weight) is in the previous question and answer."""
    tokens = snapshot.sentence_tokens[pick.sentence]
    total = sum(snapshot.idf.get(t, 0.0) for t in tokens) or 1.0
    return sum(snapshot.idf.get(t, 0.0) for t in tokens if stem(t) in said) / total >= tuning().already_told_share


def shared_weight(snapshot, weights: dict[str, float], pick: Pick) -> float:
    stems = snapshot.sentence_stems[pick.sentence]
    return sum(w for t, w in weights.items() if stem(t) in stems)


def topic_coverage(snapshot, reading: QuestionReading, picks: list[Pick]) -> float:
    """The IDF-weighted share of the question's topic words (by stem) that the evidence or its
    headings contain."""
    if not reading.topic or not picks:
        return 0.0
    stems = frozenset().union(*(snapshot.sentence_stems[p.sentence] | snapshot.section_stems[p.chunk] | _title_stems(snapshot, p.chunk) for p in picks))
    total = sum(reading.topic.values()) or 1.0
    return sum(w for t, w in reading.topic.items() if stem(t) in stems) / total


def rarest_word_covered(snapshot, reading: QuestionReading, picks: list[Pick]) -> bool:
    """The question's most specific word that the documents use (highest IDF) is in the quoted
    sentences: "who do I email" is answered only by a sentence about email."""
    known = [t for t in reading.topic if snapshot.document_frequency.get(t, 0) > 0]
    if not known or not picks:
        return bool(picks)
    rarest = stem(max(known, key=lambda t: (reading.topic[t], t)))
    return any(rarest in snapshot.sentence_stems[p.sentence] | snapshot.section_stems[p.chunk] | _title_stems(snapshot, p.chunk) for p in picks)


def _title_stems(snapshot, chunk: int) -> frozenset[str]:
    return frozenset(map(stem, snapshot.title_tokens[chunk]))


def is_gap(snapshot, pick: Pick) -> bool:
    return "gap" in snapshot.sentence_kinds[pick.sentence]


def speaks_to(snapshot, reading: QuestionReading, pick: Pick) -> bool:
    """The sentence itself has one of the specific (rare) words the question asks with, besides the
    names it asks about: a statement that the record is silent on something else ("no contact email",
    "the supplier was not published") says nothing about "who ran the fund" or "how much did X win"."""
    stems = snapshot.sentence_stems[pick.sentence]
    named = {word for name in reading.names for word in name.key}
    return any(stem(t) in stems for t in reading.topic if t not in named and snapshot.is_rare(t))


def counts(snapshot, pick: Pick, noun: frozenset[str]) -> bool:
    """The sentence has no count, or counts the thing asked about (if the question names it)."""
    figures = [f for f in extract_figures(snapshot.sentence_text[pick.sentence]) if f.kind == "count"]
    return not noun or not figures or any(counts_noun(f, noun) for f in figures)


def counts_noun(figure, noun: frozenset[str]) -> bool:
    """A figure counts one of the words asked about, or what its initials stand for ("EDs": "11
    emergency departments")."""
    initials = "".join(w[0] for w in figure.noun)
    spelt_out = {initials, f"{initials}s"} if len(figure.noun) > 1 else set()
    return any(names_thing(figure.noun, word) or word in spelt_out for word in noun)


def mentions(snapshot, named: frozenset[str], name) -> bool:
    """A passage's words name ``name`` or one of its aliases (any form, singular or plural)."""
    for form in snapshot.gazetteer.forms(name):
        if all(w in named or f"{w}s" in named or singular(w) in named for w in form):
            return True
    return False


def _clause_about(text: str, topic: set[str]) -> str:
    """The clause sharing most of the topic's stems (the first of equals): "the panel will meet in July
    2025, and applicants will be notified by 8 August 2025" is about the panel in its first clause."""
    if is_labelled_row(text):
        return text
    shared, best = max(((len(topic & {stem(w) for w in words(clause)}), clause) for clause in CLAUSE_BREAK.split(text)),
                       key=lambda pair: pair[0])
    return best if shared else text


def gives_kind_asked(snapshot, reading: QuestionReading, picks: list[Pick], found) -> bool:
    """Does a picked sentence give the kind of answer asked for (``kinds.MUST_BE_GIVEN``), about what
    the question is about?

    The sentence must be on the question's topic and name its subject, and the figure must sit in a
    clause naming the subject if the sentence names others too; a figure the question itself states
    is not an answer; "how many X" needs a count of X (``counts_noun``); a figure
    in words ("doubled") counts. A person is given by a sentence naming someone, or naming a body the
    question does not, and naming the post the question asks about ("who is the chief executive").
    """
    asked = reading.kinds & MUST_BE_GIVEN
    qualifiers = reading.kinds & QUALIFIERS
    topic = {stem(t) for t in reading.topic if snapshot.is_rare(t) and t not in ANSWER_KIND_WORDS}
    asked_names = {n.key for n in reading.names}
    for pick in picks:
        kinds = snapshot.sentence_kinds[pick.sentence]
        text = snapshot.sentence_text[pick.sentence]
        if not qualifiers <= kinds or (qualifiers and not gives_all(qualifiers, _clause_about(text, topic))):
            continue
        wants = asked | figures_answering(asked, kinds)
        context = snapshot.sentence_stems[pick.sentence] | _title_stems(snapshot, pick.chunk) | snapshot.section_stems[pick.chunk]
        # The lead was chosen as the best answer on every feature; a further pick must be on topic.
        off_topic = topic and not topic & context and found.sentence_scores[pick.sentence] < tuning().on_topic_similarity
        if off_topic and pick is not picks[0]:
            continue
        named = snapshot.sentence_words[pick.sentence] | snapshot.heading_words[pick.chunk]
        if not all(mentions(snapshot, named, n) for n in reading.subject):
            continue
        names_body = not post_to_be_filled(text) and any(n.key not in asked_names for n in snapshot.gazetteer.find(text))
        names_someone = "person" in kinds or names_body
        if "person" in wants and names_someone and holds_role((singular(w) for w in words(text)), reading.role):
            return True
        if not wants & kinds - {"person"}:
            continue
        if wants & kinds - FIGURE_KINDS - {"person"}:
            return True  # given, not as a figure ("contact")
        if reading.subject and not is_labelled_row(text) and all(mentions(snapshot, snapshot.sentence_words[pick.sentence], n) for n in reading.subject):
            clauses = [c for c in CLAUSE_BREAK.split(text) if all(mentions(snapshot, frozenset(words(c)), n) for n in reading.subject)]
            text = " ".join(clauses)
        figures = [f for f in extract_figures(text) if f.kind in wants and not figure_in(f, list(reading.stated))]
        if not extract_figures(snapshot.sentence_text[pick.sentence]):
            return True  # given in words
        counted = [f for f in figures if f.kind == "count"]
        if figures and (len(counted) < len(figures) or not reading.counted or any(counts_noun(f, reading.counted) for f in counted)):
            return True
    return False


def _repeated_by(snapshot, pick: Pick, chosen: list[Pick]) -> Pick | None:
    """A chosen sentence saying the same: the same text, or as close in meaning with the same figures
    (two sources giving different figures for one thing are both quoted, and the difference noted)."""
    vector = snapshot.sentence_vectors[pick.sentence]
    text = normalise_for_match(snapshot.sentence_text[pick.sentence])
    figures = _figure_set(snapshot, pick.sentence)
    for other in chosen:
        if float(vector @ snapshot.sentence_vectors[other.sentence]) > tuning().redundant_cosine and figures == _figure_set(snapshot, other.sentence):
            return other
        if normalise_for_match(snapshot.sentence_text[other.sentence]) == text:
            return other
    return None


def _figure_set(snapshot, sentence: int) -> frozenset:
    return frozenset((f.kind, f.value) for f in extract_figures(snapshot.sentence_text[sentence]))
