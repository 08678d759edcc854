"""When to decline: an ordered table of rules, the first that applies decides.

Each row names itself (the answer's ``decided_by``), says whether the question is declined outright
or answered with the documents' own statement that the record is silent (``gap``), and tests the
case, returning the note shown to the user when it applies. A question no row stops is
``answered``. To add a rule, add a row and a case to ``tests/test_answer_table.py``, and keep it
only if it improves collections it was not developed on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..language.figures import DATED_KINDS, Figure, extract_figures, numbered_parts, singular
from ..language.lexicon import RANGE_ENDS, names_thing
from ..language.tokens import stem, words
from .evidence import Pick, gives_kind_asked, is_gap, mentions, rarest_word_covered, speaks_to, topic_coverage
from .kinds import FIGURE_KINDS, MUST_BE_GIVEN
from .reading import QuestionReading
from .tuning import ANSWERABILITY_FEATURES, tuning

if TYPE_CHECKING:
    from ..index import IndexSnapshot
    from ..retrieval import Retrieval


@dataclass
class Case:
    snapshot: IndexSnapshot
    reading: QuestionReading
    found: Retrieval
    picks: list[Pick]
    relevance: float


@dataclass(frozen=True)
class Rule:
    name: str
    outcome: str  # "decline" or "gap"
    test: Callable[[Case], str | None]


def _nothing_relevant(case: Case) -> str | None:
    return "" if not case.picks else None


def _not_relevant(case: Case) -> str | None:
    return "The documents are not about this." if case.relevance < tuning().min_relevance else None


def _unknown_name(case: Case) -> str | None:
    unknown = case.reading.unknown
    return f"The documents never mention: {', '.join(unknown)}." if unknown else None


def _off_topic(case: Case) -> str | None:
    if not tuning().answerability_weights:
        return None
    return "The closest passages are not about what this question asks." if answerability(case) < tuning().answerability_threshold else None


def _missing_name(case: Case) -> str | None:
    snapshot = case.snapshot
    named = frozenset().union(*(snapshot.passage_words[p.chunk] for p in case.picks))
    missing = [n.text for n in case.reading.subject if not mentions(snapshot, named, n)]
    return f"The closest passages do not mention: {', '.join(missing)}." if missing else None


def _other_date(case: Case) -> str | None:
    """A figure asked for at a date the question gives ("in April 2025"), or anything asked of a
    financial year ("the 2026/27 allocation"), is not answered by evidence dated otherwise: none of the
    quoted sentences has a date agreeing with the question's, and the leading one has a date that does not."""
    reading, snapshot = case.reading, case.snapshot
    stated = [f for f in reading.stated if f.kind in DATED_KINDS]
    if not stated or not case.picks:
        return None
    if not reading.kinds & FIGURE_KINDS - {"date"} and not any(f.kind == "fyear" for f in stated):
        return None
    dated = [[f for f in extract_figures(snapshot.sentence_text[p.sentence]) if f.kind in DATED_KINDS] for p in case.picks]
    if any(_same_time(s, d) for dates in dated for d in dates for s in stated):
        return None
    return f"The closest passages give this for another date ({dated[0][0].text})." if dated[0] else None


def _same_time(a: Figure, b: Figure) -> bool:
    """One states the other, or one is a bare year in which the other financial year starts or ends."""
    if a.kind != b.kind:
        year, period = (a, b) if a.kind == "date" else (b, a)
        return year.value[1] == 0 and year.value[0] in (period.value, period.value + 1)
    return a.matches(b) or b.matches(a)


def _other_part(case: Case) -> str | None:
    """A numbered part the question asks about ("the second round", "phase 2") is named where the
    evidence is, in a quoted sentence's passage or its headings: what a passage says of a programme's
    first round does not answer a question about its second."""
    asked, snapshot = case.reading.numbered, case.snapshot
    if not asked or not case.picks:
        return None
    for pick in case.picks:
        info = snapshot.chunks[pick.chunk]
        if asked <= set(numbered_parts(f"{info.title}. {info.section}. {info.text}".lower())):
            return None
    return f"The closest passages do not mention the {' or '.join(f'{word} {number}' for word, number in sorted(asked))} asked about."


def _other_end(case: Case) -> str | None:
    """A question asking for one end of a range ("the smallest award made") is not answered by a leading
    sentence that names only the other end ("the maximum award")."""
    asked = set(words(case.reading.corrected))
    ends = [end for end, said in RANGE_ENDS.items() if said & asked]
    if len(ends) != 1 or not case.picks:
        return None
    lead = case.snapshot.sentence_words[case.picks[0].sentence]
    other = next(end for end in RANGE_ENDS if end != ends[0])
    if lead & RANGE_ENDS[other] and not lead & RANGE_ENDS[ends[0]]:
        return f"The closest passages give the {other} value, not the {ends[0]} asked about."
    return None


def _no_name_given(case: Case) -> str | None:
    """A question asking which bodies or products ("which 3 networks dropped out", "who makes it") is not
    answered by evidence that names none but those the question names: "three networks withdrew" says how
    many, not which. The question's names in a longer form or an alias ("PCPN" for "pennine coast") are
    its own, and names in most passages ("NHS England") are the setting, not an answer; a lone
    acronym ("CTs") names a kind of thing, unless it is a product or stands for a longer name."""
    reading, snapshot = case.reading, case.snapshot
    if not reading.names_asked or not case.picks:
        return None
    asked = set(words(reading.corrected))
    gazetteer = snapshot.gazetteer

    def own(key: tuple[str, ...]) -> bool:  # "Pennine Coast Pathology Network" or its "PCPN" for "pennine coast"
        return any(_has_run(form, name.key) for form in {key, *gazetteer.aliases_of(key)} for name in reading.names)

    for pick in case.picks:
        for name in gazetteer.find(snapshot.sentence_text[pick.sentence]):
            if set(name.key) <= asked or own(name.key) or snapshot.is_setting(name.key):
                continue
            if not name.text.removesuffix("s").isupper() or name.key[0] in gazetteer.products or gazetteer.aliases_of(name.key):
                return None
    return "The closest passages do not name what the question asks for."


def _has_run(words_of: tuple[str, ...], run: tuple[str, ...]) -> bool:
    return any(words_of[i : i + len(run)] == run for i in range(len(words_of) - len(run) + 1))


def _kind_not_given(case: Case) -> str | None:
    if not case.reading.kinds & MUST_BE_GIVEN or gives_kind_asked(case.snapshot, case.reading, case.picks, case.found):
        return None
    return "The closest passages do not give what the question asks for."


def _documented_gap(case: Case) -> str | None:
    """The evidence that speaks to the question says the public record is silent on it: the best
    sentence, the one sharing most of the question's rare words, or, when the question asks for
    something by name ("which supplier"), the best one naming it. A gap sentence that also gives the
    amount, count, person or reason asked for answers instead; a yes/no question about the record
    itself ("has the list been published?") is answered by such a statement."""
    reading, snapshot, picks = case.reading, case.snapshot, case.picks
    if reading.about_record:
        return None
    closest = max(picks, key=lambda p: sum(w for t, w in reading.topic.items() if stem(t) in snapshot.sentence_stems[p.sentence]))
    evidence = [picks[0], closest]
    if reading.focus:
        naming = [p for p in picks if names_thing((singular(w) for w in snapshot.sentence_words[p.sentence] | snapshot.heading_words[p.chunk]), reading.focus)]
        evidence = [p for p in evidence if p in naming] or naming[:1]
    described = reading.kinds & {"person", "reason"}
    if described:
        typed = [p for p in picks if described & snapshot.sentence_kinds[p.sentence]]
        evidence = [p for p in evidence if p in typed] or typed[:1]
    given = reading.kinds - {"date"}
    return "" if any(is_gap(snapshot, p) and not given & snapshot.sentence_kinds[p.sentence] for p in evidence) else None


RULES: tuple[Rule, ...] = (
    Rule("nothing_relevant", "decline", _nothing_relevant),
    Rule("not_relevant", "decline", _not_relevant),
    Rule("unknown_name", "decline", _unknown_name),
    Rule("missing_name", "decline", _missing_name),
    Rule("other_date", "decline", _other_date),
    Rule("other_part", "decline", _other_part),
    Rule("other_end", "decline", _other_end),
    # Before the fitted model: a statement that the record is silent is worth quoting.
    Rule("documented_gap", "gap", _documented_gap),
    Rule("off_topic", "decline", _off_topic),
    Rule("kind_not_given", "decline", _kind_not_given),
    Rule("no_name_given", "decline", _no_name_given),
)
ANSWERED = "answered"


def decide(case: Case) -> tuple[Rule | None, str | None]:
    """The first rule that applies and its note, or (None, None): answer."""
    for rule in RULES:
        note = rule.test(case)
        if note is not None:
            return rule, note
    return None, None


def answerability_features(case: Case) -> list[float]:
    """The values of ``ANSWERABILITY_FEATURES`` for a question and its evidence."""
    reading, snapshot, picks = case.reading, case.snapshot, case.picks
    words_typed = max(1, len(reading.topic))
    best_similarity = max((float(case.found.sentence_scores[p.sentence]) for p in picks), default=0.0)
    kind_given = 1.0
    if reading.kinds & MUST_BE_GIVEN:
        kind_given = float(gives_kind_asked(snapshot, reading, picks, case.found))
    return [
        case.relevance,
        topic_coverage(snapshot, reading, picks),
        best_similarity,
        kind_given,
        len(reading.unknown) / words_typed,
        float(any(is_gap(snapshot, p) and speaks_to(snapshot, reading, p) for p in picks[:2])),
        topic_coverage(snapshot, reading, picks[:1]),
        float(rarest_word_covered(snapshot, reading, picks)),
        sum(1 for t in reading.topic if t not in snapshot.document_frequency) / words_typed,
    ]


def answerability(case: Case) -> float:
    """The fitted probability that the documents answer the question."""
    weights = tuning().answerability_weights
    z = tuning().answerability_bias + sum(weights[name] * value for name, value in zip(ANSWERABILITY_FEATURES, answerability_features(case)))
    return 1.0 / (1.0 + math.exp(-z))
