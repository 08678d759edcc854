"""Fact checks: a claim is supported, contradicted or not found, decided by one quoted, dated sentence.

The claim is read once into its parts (``check/reading.py``), each candidate evidence sentence is read
the same way (once per index), and the ordered rule table of ``check/rules.py`` decides: the first row
that finds a deciding sentence gives the verdict, ``decided_by`` names the row, and that sentence is the
first piece of evidence, with the decisive value marked for the UI to highlight.
"""

from __future__ import annotations

import re
import time
import weakref

import numpy as np

from .answer.compose import make_citation
from .answer.evidence import lead_in_of
from .check.reading import ANAPHOR, COMPARED_KINDS, Context, Reading, canon, read
from .check.rules import Claim, Finding, Rule, Unit, decide
from .index import IndexSnapshot
from .language.tokens import tokenize
from .language.figures import extract_figures
from .language.lexicon import PLACE_WORDS, PRODUCT_NOUNS, places_named
from .language.names import DATE_WORDS, is_english
from .language.sentences import split_sentences
from .language.tokens import STOPWORDS, stem, words
from .language.typos import correct_typos
from .prompts import EXPLAIN
from .retrieval import retrieve
from .types import CheckResult, Citation

CANDIDATE_SENTENCES = 40  # closest sentences by cosine considered as evidence, with those of the top passages
TOP_PASSAGES = 6
EVIDENCE_UNITS = 16
FIGURE_WEIGHT = 2.0  # what a name or a figure of the claim counts for, against its words' IDF weights  # units compared with the claim, best first
# Below this cosine no sentence is about the claim at all (the questions' relevance cut measured on
# cosine alone, before question relevance also counted shared words).
MIN_EVIDENCE_SIMILARITY = 0.3
QUESTION_LEAD = re.compile(r"^\s*(?:(?:was|is|were|are|did|does|do|has|have|had) (?:it|there|they|that)\s+|true that\s+)", re.I)
FIRST_PERSON_PLURAL = frozenset({"we", "our", "us", "ours"})

_CONTEXTS: "weakref.WeakKeyDictionary[IndexSnapshot, Context]" = weakref.WeakKeyDictionary()


def split_claims(text: str) -> list[str]:
    """A paragraph becomes its sentences; fragments too short to state anything are skipped."""
    claims = [text[a:b].strip() for a, b in split_sentences(text)]
    kept = [c for c in claims if len(tokenize(c)) >= 2]
    return kept or [text.strip()]


def check_text(snapshot: IndexSnapshot, text: str) -> list[CheckResult]:
    return [check_claim(snapshot, claim) for claim in split_claims(text)]


def context_of(snapshot: IndexSnapshot) -> Context:
    """The reading context of an index (its names, words and people), learned once per snapshot."""
    context = _CONTEXTS.get(snapshot)
    if context is None:
        context = Context.learn(snapshot.gazetteer, snapshot.vocabulary, snapshot.vocabulary_stems, snapshot.sentence_text)
        _CONTEXTS[snapshot] = context
    return context


def check_claim(snapshot: IndexSnapshot, claim: str) -> CheckResult:
    started = time.perf_counter()
    # Read with slips put right, as questions are; the claim is shown as typed.
    statement = correct_typos(snapshot, QUESTION_LEAD.sub("", claim).rstrip("?").strip() or claim)
    context = context_of(snapshot)
    reading = read(statement, context, cache=False)
    found = retrieve(snapshot, statement, snapshot.settings.candidates, snapshot.settings.rrf_k)
    units = _units(snapshot, context, reading, found)
    rule, finding = decide(Claim(reading, units, _unknown(snapshot, context, statement, reading)))
    result = _result(snapshot, claim, rule, finding)
    result.timings_ms = {"total": (time.perf_counter() - started) * 1000}
    return result


def _unknown(snapshot: IndexSnapshot, context: Context, statement: str, reading: Reading) -> list[str]:
    """Words of the claim that no document uses and that are no English word, or that name a place
    though they are ("wales"): names the documents do not know ("Brackenmere", "lumenra"), in any
    letter case. People are compared by the rules instead."""
    person_words = {w for p in reading.people for w in p.name + tuple(words(p.role_text))}
    lowered = [
        w for w in words(statement)
        if len(w) >= 3 and not any(c.isdigit() for c in w) and w not in person_words
        and (not context.knows(w) or (w in PLACE_WORDS and w not in snapshot.vocabulary)) and not snapshot.abbreviates(w)
    ]
    capitalised = [n for n in _names_written_as_names(snapshot, statement)
                   if n.lower() not in person_words and f"{n.lower()}s" not in snapshot.vocabulary]
    lowered += places_named(words(statement), snapshot.writes)
    return list({w.lower(): w for w in reversed(capitalised + lowered)}.values())[::-1]


def _names_written_as_names(snapshot: IndexSnapshot, statement: str) -> list[str]:
    """Capitalised words inside the claim (not its first word) and acronyms that no document uses or
    abbreviates: a claim typed with capitals names them as names even when they are English words."""
    names = []
    for match in re.finditer(r"\b[A-Z][a-z][a-zA-Z]+\b|\b[A-Z]{2,}s?\b", statement):
        word = match.group(0)
        before = statement[: match.start()].rstrip()
        if not word.isupper() and (not before or before[-1] in ".?!:;\"'(“"):
            continue
        lowered = word.lower()
        if lowered in snapshot.vocabulary or lowered in DATE_WORDS or (word.isupper() and snapshot.abbreviates(lowered)):
            continue  # a month or weekday is written with a capital and names nothing
        # a possessive typed without its apostrophe ("NCINs", "Manchesters"): the name the documents use
        if lowered.endswith("s") and (lowered[:-1] in snapshot.vocabulary or snapshot.abbreviates(lowered[:-1])):
            continue
        names.append(word)
    return list(dict.fromkeys(names))


def _units(snapshot: IndexSnapshot, context: Context, claim: Reading, found) -> list[Unit]:
    scores = found.sentence_scores
    if not len(scores):
        return []
    # Scores are exact cosines computed a passage at a time, not one array over the corpus: the closest
    # sentences are ranked among the passages retrieval found, which include those of the sentences
    # nearest to the claim in the sentence index.
    pool = [s for chunk in found.ranked for s in snapshot.chunk_sentences.get(chunk, [])]
    closest = sorted(pool, key=lambda s: -scores[s])[:CANDIDATE_SENTENCES]
    around = [s for chunk in found.ranked[:TOP_PASSAGES] for s in snapshot.chunk_sentences.get(chunk, [])]
    weights = {s: snapshot.idf.get(token, snapshot.rarest_idf) for s, token in claim.topic.items()}
    total = sum(weights.values()) or 1.0
    claim_name_words = set(words(" ".join(" ".join(n) for n in claim.names) + " " + claim.lower))
    claim_forms = {form for forms in claim.forms.values() for form in forms}
    kinds = _kinds_meant(snapshot, claim)
    scope = _setting_scope(snapshot, claim)

    candidates = []
    seen: set[str] = set()
    for position in dict.fromkeys(closest + around):
        text = snapshot.sentence_text[position]
        if not snapshot.sentence_quotable[position] or text in seen or scores[position] < MIN_EVIDENCE_SIMILARITY:
            continue
        seen.add(text)
        chunk = int(snapshot.sentence_chunk[position])
        lead = _lead_in(snapshot, chunk, position)
        stems = snapshot.sentence_stems[position] | snapshot.section_stems[chunk]
        if lead is not None:
            stems = stems | snapshot.sentence_stems[lead]
        stems = canon(stems)
        coverage = sum(w for s, w in weights.items() if s in stems) / total if weights else 1.0
        candidates.append((float(scores[position]) + 0.3 * coverage, position, chunk, lead, coverage))
    name_weight = FIGURE_WEIGHT * len(claim.names)
    parts = total + name_weight + FIGURE_WEIGHT * len(claim.figures) if weights else name_weight + FIGURE_WEIGHT * len(claim.figures)
    candidates.sort(key=lambda c: -c[0])

    units = []
    for score, position, chunk, lead, coverage in candidates[:EVIDENCE_UNITS]:
        text = snapshot.sentence_text[position]
        full = f"{snapshot.sentence_text[lead]} {text}" if lead is not None else text
        unit_reading = read(full, context)
        unit_words = set(words(full))
        heading = _subject_words(snapshot, chunk, unit_words)
        in_text = [n for n in claim.names if _named(snapshot, n, unit_words)]
        missing = [n for n in claim.names if n not in in_text and not _named(snapshot, n, unit_words | heading) and n not in scope]
        # "a new £21 million fund" in a passage about one fund, the AI Diagnostic Fund: that fund is meant
        referred = [n for n in missing if _kind_refers(snapshot, chunk, n, unit_words) or _product_meant(snapshot, chunk, n, text)]
        missing = [n for n in missing if n not in referred]
        # the sentence before may name what "the network" or "the survey" is (enough to contradict)
        before = _previous(snapshot, chunk, position)
        near = unit_words | heading | (snapshot.sentence_words[before] if before is not None else frozenset())
        missing_near = [n for n in missing if not _named(snapshot, n, near)]
        passage = _passage_words(snapshot, chunk)
        missing_passage = [n for n in missing_near if not _named(snapshot, n, passage)]
        heading_figures = _heading_figures(snapshot, chunk)
        stated = sum(1 for f in claim.figures if any(f.matches(g) for g in unit_reading.figures + heading_figures))
        covered = coverage * total if weights else 0.0
        extent = (covered + FIGURE_WEIGHT * (len(claim.names) - len(missing)) + FIGURE_WEIGHT * stated) / parts if parts else 1.0
        # names the unit states besides the claim's, except those in most passages ("NHS": no rival subject);
        # "D2 The" is a list label run into a word, not a name
        # the claim's "the fund" is the one fund the unit names, not a rival subject
        meant = [n for n in unit_reading.names if n[-1] in kinds]
        referents = [n[-1] for n in referred] + [" ".join(n) for n in meant]
        others = [unit_reading.name_text[n] for n in unit_reading.names if n not in meant
                  if not all(_in_words(w, claim_name_words) for w in words(" ".join(n)))
                  and " ".join(n) not in claim_forms and n[-1] not in STOPWORDS
                  and not snapshot.is_setting(n)]
        units.append(Unit(
            sentence=position, chunk=chunk, source=snapshot.chunks[chunk].source, lead=lead,
            similarity=float(scores[position]), reading=unit_reading, heading_words=heading, coverage=coverage,
            names_in_text=in_text, names_missing=missing, names_missing_near=missing_near, names_missing_passage=missing_passage, other_names=others,
            heading_figures=heading_figures, extent=extent, referents=referents,
            passage_stems=canon(stem(w) for w in passage),
            clause=_best_clause(context, text, claim, weights), gap="gap" in snapshot.sentence_kinds[position], score=score,
        ))
    return units


_SCOPE = re.compile(r"\b(?:across|in|throughout|around|all over)\s+(?:the\s+)?$", re.I)


def _setting_scope(snapshot: IndexSnapshot, claim: Reading) -> set[tuple[str, ...]]:
    """Names that end a claim's clause saying only where ("... 12 networks across England."), when they
    are the documents' setting (in most passages): a unit giving the claim's figures need not repeat
    them. Who did something ("NHS England funded ...") or a name qualifying more ("across NHS GP
    referrals") is not a scope, and a claim without figures keeps every name to pin it down."""
    if not claim.figures:
        return set()
    scope = set()
    for name in claim.names:
        written = claim.name_text.get(name, " ".join(name))
        at = claim.text.lower().find(written.lower())
        after = claim.text[at + len(written):]
        if at > 0 and _SCOPE.search(claim.text[:at]) and re.match(r"\s*(?:[,;.!?]|$)", after) and snapshot.is_setting(name):
            scope.add(name)
    return scope


def _in_words(word: str, known: set[str]) -> bool:
    """The word or its singular or plural is known: "X-ray" of a source is the claim's "X-rays", "GPs" its "GP"."""
    return word in known or f"{word}s" in known or (word.endswith("s") and word[:-1] in known)


def _kinds_meant(snapshot: IndexSnapshot, claim: Reading) -> set[str]:
    """Kinds of body the claim names only by their kind, "the fund" or "its network", and by no name of
    that kind: a unit's one name of that kind ("the AI Diagnostic Fund") is what the claim means."""
    named_kinds = {n[-1] for n in claim.names}
    return {m.group(1) for m in _BARE_KIND.finditer(claim.lower)
            if m.group(1) in snapshot.gazetteer.body_words and m.group(1) not in named_kinds}


_BARE_KIND = re.compile(r"\b(?:the|this|that|its|their|our)\s+([a-z]+?)(?:s|'s)?\b(?![-'])")


def _kind_refers(snapshot: IndexSnapshot, chunk: int, name: tuple[str, ...], unit_words: set[str]) -> bool:
    """The unit says the kind of body the claim's name is ("the fund", "a new £21 million fund") in a
    passage that names it and no other body of that kind: the name is meant."""
    kind = name[-1]
    if len(name) < 2 or kind not in snapshot.gazetteer.body_words or not ({kind, f"{kind}s"} & unit_words):
        return False
    if not _named(snapshot, name, _passage_words(snapshot, chunk)):
        return False
    same_kind = {n for n in _passage_names(snapshot, chunk) if n[-1] == kind}
    return same_kind <= {name, *snapshot.gazetteer.aliases_of(name)}


_PRODUCT_REFERENCE = re.compile(r"\b(?:the|this)\s+(%s)\b" % "|".join(sorted(PRODUCT_NOUNS)), re.I)
_PRODUCTS_NAMED: "weakref.WeakKeyDictionary[IndexSnapshot, dict[str, frozenset[str]]]" = weakref.WeakKeyDictionary()


def _product_meant(snapshot: IndexSnapshot, chunk: int, name: tuple[str, ...], text: str) -> bool:
    """The unit calls a product by its kind ("the software", "this tool") in a document that names one
    product, the claim's: "the software is not used for children" in a news item about one product is
    that product; in a document naming two, it is no one's."""
    return name[0] in snapshot.gazetteer.products and bool(_PRODUCT_REFERENCE.search(text)) \
        and _products_named(snapshot, snapshot.chunks[chunk].source) == {name[0]}


def _products_named(snapshot: IndexSnapshot, source: str) -> frozenset[str]:
    """The products a document names anywhere, by their first words (worked out once per document)."""
    known = _PRODUCTS_NAMED.setdefault(snapshot, {})
    if source not in known:
        products = snapshot.gazetteer.products
        known[source] = frozenset(n[0] for chunk in np.flatnonzero(snapshot.chunk_source == source)
                                  for n in _passage_names(snapshot, int(chunk)) if n[0] in products)
    return known[source]


_PASSAGE_NAMES: "weakref.WeakKeyDictionary[IndexSnapshot, dict[int, frozenset]]" = weakref.WeakKeyDictionary()


def _passage_names(snapshot: IndexSnapshot, chunk: int) -> frozenset[tuple[str, ...]]:
    """The gazetteer's names in a passage and its headings (worked out once per passage)."""
    known = _PASSAGE_NAMES.setdefault(snapshot, {})
    if chunk not in known:
        info = snapshot.chunks[chunk]
        known[chunk] = frozenset(n.key for n in snapshot.gazetteer.find(f"{info.title}. {info.section}. {info.text}"))
    return known[chunk]


def _passage_words(snapshot: IndexSnapshot, chunk: int) -> set[str]:
    """The words of a passage and its headings; a passage that starts mid-sentence (a page break split
    the paragraph) continues the one before it in the same document, which counts too."""
    found = set(snapshot.passage_words[chunk])
    info = snapshot.chunks[chunk]
    if chunk > 0 and info.text[:1].islower():
        before = snapshot.chunks[chunk - 1]
        if before.source == info.source and before.start < info.start:
            found |= snapshot.passage_words[chunk - 1]
    return found


def _subject_words(snapshot: IndexSnapshot, chunk: int, unit_words: set[str]) -> frozenset[str]:
    """The words of a passage's title, section and file name: what it is about. Its publisher says who
    wrote it ("AI Diagnostic Fund assistant" on a page about an earlier award), so it counts only for a
    sentence in the first person plural: "we plan to tell networks" is the publisher speaking."""
    info = snapshot.chunks[chunk]
    speaker = info.publisher if info.publisher and unit_words & FIRST_PERSON_PLURAL else ""
    return frozenset(words(f"{info.title} {info.section} {info.source} {speaker}"))


def _previous(snapshot: IndexSnapshot, chunk: int, position: int) -> int | None:
    sentences = snapshot.chunk_sentences.get(chunk, [])
    index = sentences.index(position)
    return sentences[index - 1] if index > 0 else None


def _heading_figures(snapshot: IndexSnapshot, chunk: int):
    info = snapshot.chunks[chunk]
    return [f for f in extract_figures(f"{info.title}. {info.section}") if f.kind in COMPARED_KINDS]


def _named(snapshot: IndexSnapshot, name: tuple[str, ...], unit_words: set[str]) -> bool:
    """The name or one of its aliases ("NIN" for the Northmoor Imaging Network) is in the words, or its
    short form: a distinctive word of it with its kind ("Northmoor imaging network")."""
    for form in (name, *sorted(snapshot.gazetteer.aliases_of(name))):
        needed = words(" ".join(form))
        if needed and all(w in unit_words or w.rstrip("s") in unit_words or f"{w}s" in unit_words for w in needed):
            return True
    return any(word in unit_words and kind in unit_words for word, kind in _short_forms(snapshot, name))


_SHORT_FORMS: "weakref.WeakKeyDictionary[IndexSnapshot, dict]" = weakref.WeakKeyDictionary()


def _short_forms(snapshot: IndexSnapshot, name: tuple[str, ...]) -> list[tuple[str, str]]:
    """(distinctive word, kind) pairs that name ``name`` alone: "northmoor" + "network" for the Northmoor
    and Calder Imaging Network when no other network the documents name has "northmoor" in it. A
    distinctive word is one the gazetteer holds as a name of its own (never written in lower case)."""
    known = _SHORT_FORMS.setdefault(snapshot, {})
    if name not in known:
        gazetteer = snapshot.gazetteer
        kind = name[-1]
        pairs = []
        if len(name) > 2 and kind in gazetteer.body_words:
            same_kind = [n for n in gazetteer.names if len(n) > 1 and n[-1] == kind]
            for word in name[:-1]:
                if (word,) in gazetteer.names and not is_english(word) and all(
                        n == name or word not in n or set(n) <= set(name) for n in same_kind):
                    pairs.append((word, kind))
        known[name] = pairs
    return known[name]


def _lead_in(snapshot: IndexSnapshot, chunk: int, position: int) -> int | None:
    """The sentence introducing a quotation ("Dr X, Clinical Lead at Y, said:") or a list, or the
    sentence a "This ..." sentence refers to. Inside a quotation the speaker comes first: "This
    accelerator puts ..." in a minister's quote is the minister's words."""
    sentences = snapshot.chunk_sentences.get(chunk, [])
    index = sentences.index(position)
    speaker = lead_in_of(snapshot, sentences, index)
    if speaker is not None:
        return speaker
    if index > 0 and ANAPHOR.match(snapshot.sentence_text[position]):
        return sentences[index - 1]  # "This funding will pay for ...": what "this" is, is in the sentence before
    return None


def _best_clause(context: Context, text: str, claim: Reading, weights: dict[str, float]) -> Reading:
    """The clause of a sentence most about the claim: "71% said it helped, while 14% said it added to
    their workload" answers "most said it added to their workload" with 14%."""
    spans = read(text, context).clauses
    if len(spans) == 1:
        return read(text, context)

    def cover(span):  # every word of the claim counts here, "added" as much as "workload"
        stems = canon(stem(t) for t in tokenize(text[span[0]:span[1]]))
        return sum(weights.get(s, 1.0) for s in claim.stems if s in stems)

    best = max(spans, key=cover)
    return read(text[best[0]:best[1]], context)


def _where(snapshot: IndexSnapshot, unit: Unit) -> dict:
    info = snapshot.chunks[unit.chunk]
    return {"source": info.publisher or info.title, "date": info.published or "undated"}


def _cite(snapshot: IndexSnapshot, n: int, unit: Unit, highlight: str) -> Citation:
    sentences = [unit.sentence] + ([unit.lead] if unit.lead is not None else [])
    citation = make_citation(snapshot, n, unit.chunk, sentences)
    citation.highlight = highlight if highlight and highlight in citation.quote else None
    return citation


def _result(snapshot: IndexSnapshot, claim: str, rule: Rule, finding: Finding | None) -> CheckResult:
    if finding is None:
        return CheckResult(claim, "not_found", EXPLAIN["no_evidence"], decided_by="no_evidence")
    unit = finding.unit
    values = {"claim_value": finding.claim_value, "source_value": finding.source_value, **_where(snapshot, unit)}
    values["value_note"] = f": {finding.source_value}" if finding.source_value else ""
    evidence = [] if rule.name == "unknown_name" else [_cite(snapshot, 1, unit, finding.source_value)]
    if finding.other is not None:
        other = _where(snapshot, finding.other)
        values |= {"other_source": other["source"], "other_date": other["date"], "other_value": finding.other_value}
        evidence.append(_cite(snapshot, 2, finding.other, finding.other_value))
    return CheckResult(claim, rule.verdict, EXPLAIN[rule.explanation].format(**values), evidence, decided_by=rule.name)
