"""A claim (or an evidence sentence) read once into typed parts, in any letter case.

Both sides of a fact check are read by the same code, so "the claim says X; the source says Y" compares
like with like: the names (from the gazetteer learned from the documents), the figures, the quantifier
("all", "most", "a third"), the multiplier and direction ("doubled", "fell"), the modality (planned or
achieved; optional or mandatory), negation, the people named with their roles, and quoted words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from ..language.figures import WORD_NUMBERS, Figure, extract_figures, numbered_parts
from ..language.modality import IRREGULAR_PAST, PAST_ENDING, PLANNED, find_phrase, phrases_in, planned_in
from ..language.lexicon import NEGATED_CONTRACTIONS, SAME_MEANING
from ..language.names import Gazetteer, Name, is_english
from ..language.tokens import STOPWORDS, stem, tokenize
from ..language.typos import compound_of_known

COMPARED_KINDS = ("money", "percent", "date", "fyear", "count")

# --- the words each part is read from (data, so a new phrasing is a new entry, not new code) ---------------
ALL = ("all", "every", "each", "entire", "whole", "full")
MAJORITY = ("most", "majority", "more than half", "over half", "bulk", "nearly all", "almost all")
MINORITY = ("minority", "few", "fewer than half", "less than half", "fewer than a third", "less than a third", "a handful")
ONLY = ("only", "just one", "alone", "sole")
FRACTIONS = {
    "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25, "half": 0.5, "two thirds": 2 / 3,
    "three quarters": 0.75, "a fifth": 0.2, "one in five": 0.2, "one in four": 0.25, "one in three": 1 / 3,
}
MULTIPLIERS = {
    "doubled": 2, "double": 2, "doubling": 2, "doubles": 2, "twice": 2, "two-fold": 2, "twofold": 2,
    "tripled": 3, "triple": 3, "tripling": 3, "triples": 3, "trebled": 3, "treble": 3, "three-fold": 3, "threefold": 3,
    "quadrupled": 4, "quadruple": 4, "halved": 0.5, "halve": 0.5, "halving": 0.5, "halves": 0.5,
}
UP = ("rose", "rise", "rises", "risen", "rising", "increase", "increased", "increases", "increasing", "grew", "grown",
      "added", "adds", "add", "higher", "up from", "went up", "gone up", "goes up", "go up", "longer", "worse", "worsened")
DOWN = ("fell", "fall", "falls", "fallen", "falling", "reduced", "reduce", "reduces", "reduction", "cut", "cuts", "decrease",
        "decreased", "decreases", "lower", "shorter", "dropped", "drop", "went down", "came down", "come down", "down from", "saved", "faster")
OBLIGED = ("must", "mandatory", "mandated", "required", "requires", "require", "compulsory", "obligatory", "have to",
           "has to", "had to", "obliged", "legally", "legal requirement", "legal requirements", "requirement",
           "a condition of", "conditions of", "conditional on", "conditional upon", "prerequisite")
OPTIONAL = ("optional", "voluntary", "can choose", "may choose", "choose whether", "whether or not", "not required",
            "not mandatory", "discretion", "up to them", "if they wish", "good-practice", "good practice", "opt out", "opt-out",
            "opt in", "opt-in")
NEGATION = ("not", "never", "no", "none", "neither", "nor", "without", "n't", "cannot")
TITLES = ("professor", "prof", "dr", "doctor", "mr", "mrs", "ms", "miss", "lord", "lady", "baroness", "baron", "sir", "dame")
ROLE_HEADS = ("secretary", "minister", "chancellor", "director", "executive", "officer", "lead", "chair", "chairman",
              "chairwoman", "head", "manager", "president", "consultant", "spokesperson", "spokesman", "spokeswoman",
              "editor", "commissioner", "researcher", "scientist", "author", "founder", "principal", "dean", "radiologist",
              "radiographer", "nurse", "surgeon", "physician", "clinician", "pharmacist", "analyst", "coordinator", "adviser",
              "advisor", "registrar")
SPEECH = ("said", "says", "say", "announced", "announces", "wrote", "writes", "called", "calls", "hailed", "told",
          "described", "describes", "warned", "argued", "added", "stated", "claimed", "quoted", "chairs", "chaired",
          "leads", "led")
# Words that belong to organisations, not people, in a run of names ("NHS England said").
ORG_WORDS = frozenset("nhs england department trust network fund college society institute unit board programme "
                      "alliance collaborative partnership group council centre agency service office government "
                      "university hospital hospitals ai".split())
# Words of a claim that say how a fact is framed rather than what it is about.
FRAME_WORDS = frozenset(ALL + MAJORITY + ONLY + tuple(MULTIPLIERS) + UP + DOWN + PLANNED + OBLIGED + OPTIONAL + NEGATION + NEGATED_CONTRACTIONS
                        + SPEECH + TITLES + ("now", "already", "since", "over", "more", "than", "around", "about",
                                             "some", "least", "up", "nearly", "almost", "roughly", "approximately",
                                             "has", "have", "had", "been", "being", "will", "so", "far", "yet",
                                             "according", "under", "report", "reported", "reports", "percent", "cent", "out", "across",
                                             "off", "there", "its", "their", "rather", "instead",
                                             # connectives join what is said; they are not what it is about
                                             "because", "although", "though", "whereas", "while", "whether",
                                             # what a money figure measures goes without saying
                                             "worth", "valued", "total", "totalled", "totalling", "cost", "costs",
                                             "amount", "sum", "pot"))
FRAME_STEMS = frozenset(stem(w) for phrase in FRAME_WORDS for w in phrase.split())

# Words a claim uses for the same thing as its source ("secured" for "received", "biggest" for "largest").
SAME_WORDS = (
    ("receive", "received", "receives", "attracted", "attract", "attracts", "secured", "secure", "secures", "won", "win", "wins", "awarded", "award", "got", "given", "granted"),
    ("largest", "biggest"), ("smallest", "lowest"), ("check", "checked", "review", "reviewed", "reviews", "read", "reads"),
    ("month", "monthly"), ("week", "weekly"), ("year", "yearly", "annual", "annually"),
    ("exclude", "excluded", "left out", "opt out"),
    ("allowed", "allow", "allows", "permitted", "permit", "permits"), ("funding", "money"),
    ("staff", "radiologists"), ("rollout", "deployed", "deploy", "rolled", "roll"), ("went", "go", "goes", "gone"),
)  # with the answering lexicon's groups (``SAME_MEANING``): "scheme" / "programme", "mandatory" / "compulsory", ...


def _canonical_stems(groups) -> dict[str, str]:
    """Each word's stem mapped to one stem for its group (a phrase counts by its first word); groups that
    share a word are one group, so the answering lexicon's groups and these meet."""
    merged: list[list[str]] = []  # each group's stems, the first standing for the group
    for group in groups:
        stems = list(dict.fromkeys(stem(phrase.split()[0]) for phrase in group))
        for other in [m for m in merged if set(m) & set(stems)]:
            merged.remove(other)
            stems = other + [s for s in stems if s not in other]
        merged.append(stems)
    return {s: group[0] for group in merged for s in group}


CANON = _canonical_stems((*SAME_WORDS, *(sorted(group) for group in SAME_MEANING)))


def canon(stems) -> frozenset[str]:
    return frozenset(CANON.get(s, s) for s in stems)


_WORD = re.compile(r"[a-z0-9][a-z0-9'’.-]*[a-z0-9]|[a-z0-9]")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,200})[\"“”]")
# "one of the barriers", "one of its first": a member of a group, not the number 1.
_ONE_OF = re.compile(r"\bone\s+of\b", re.I)
_PARTIAL = re.compile(r"\b(\d[\d,]*|" + "|".join(WORD_NUMBERS) + r")\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|england's\s+|them\b|these\b|those\b)?", re.I)
# a sentence opening with a reference back: what it speaks of is in the sentence before ("It provides £21.5 million")
ANAPHOR = re.compile(r"^\s*(?:this|these|that|those|it|the rest|the remainder)\b(?!\s+(?:is|was|has)\b)", re.I)
# a purpose ("with the aim of ...") is a clause of its own: its plan is not the main clause's
_CLAUSE_BREAK = re.compile(r";|,\s*(?:while|whereas|but|and|although|though|compared with)\b|\bwhile\b|\bwhereas\b|\bbut\b"
                           r"|\bwith the (?:aim|goal|intention|ambition) of\b|\bin order to\b|\bso as to\b")


@dataclass(frozen=True)
class Person:
    name: tuple[str, ...]  # lower-case words of the name, without the title
    role: frozenset[str]  # role head words ("director", "secretary")
    role_text: str
    text: str  # the name as written

    @property
    def surname(self) -> str:
        return self.name[-1]


@dataclass
class Reading:
    text: str
    lower: str
    names: list[tuple[str, ...]]  # gazetteer names (subjects), not counting people's names and roles
    forms: dict[tuple[str, ...], list[str]]  # each name and its aliases, as plain lower-case text
    labels: dict[str, str]  # "round 3", "phase 1": label word -> number (labels are not quantities)
    name_text: dict[tuple[str, ...], str]
    figures: list[Figure]
    descriptors: list[Figure]  # figures that describe a name ("the £21m AI Diagnostic Fund")
    topic: dict[str, str]  # stem -> token: what the text is about, names, figures and framing aside
    stems: frozenset[str]  # every content stem (for coverage of another reading's topic)
    quantifier: str | None  # "all" | "majority" | "minority" | "only"
    proportion: tuple[float, str] | None  # a stated share (0..1) and its text: "38 of the 64", "14%", "a third"
    partial: list[tuple[float, str]]  # "M of N": M and its text
    multiplier: tuple[float, str] | None
    direction: tuple[str, str] | None  # ("up"|"down", word)
    planned: str | None  # the word that makes it planned
    obligation: tuple[str, str] | None  # ("mandatory"|"optional", word)
    negated: bool
    sets_aside: bool  # "X rather than Y", "instead of Y": denies Y as "not Y" would
    people: list[Person]
    quotes: list[str]
    attributed: bool  # "X said ...": the claim reports someone's words
    clauses: list[tuple[int, int]] = field(default_factory=list)
    future: frozenset[str] = frozenset()  # stems of verbs it says will happen ("we will announce" -> "announc")
    measure: frozenset[str] = frozenset()  # topic stems just before a figure: what it counts ("awarded £2m" -> "receiv")
    achieved: frozenset[str] = frozenset()  # stems of verbs it states in the past ("announced", "won")
    # each clause's obligation with the clause's content stems, to tell whom each applies to ("mandatory
    # for radiologists, and optional for ED clinicians")
    obligations: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()


@dataclass
class Context:
    """What the documents know, for reading any text: their names, their words, their people."""

    gazetteer: Gazetteer
    vocabulary: frozenset[str] = frozenset()
    people: frozenset[tuple[str, ...]] = frozenset()  # names of the people the documents name
    vocabulary_stems: frozenset[str] = frozenset()
    cache: dict[str, "Reading"] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def learn(cls, gazetteer: Gazetteer, vocabulary, vocabulary_stems: frozenset[str], sentences: Sequence[str]) -> "Context":
        bare = cls(gazetteer, frozenset(vocabulary))
        people = {p.name for text in sentences for p in _people(text, text.lower(), bare)}
        return cls(gazetteer, frozenset(vocabulary), frozenset(people), vocabulary_stems)

    def knows(self, word: str) -> bool:
        """A word the documents use (in some inflection, or two of theirs written as one: "xrays"), or an
        English word, British spellings and compounds ("rollout") included: not the name of something
        the documents never mention."""
        if word in self.vocabulary or stem(word) in self.vocabulary_stems or is_english(word) or compound_of_known(word, self.vocabulary):
            return True
        return any(is_english(word[:i]) and is_english(word[i:]) for i in range(3, len(word) - 2))


def read(text: str, context: Context, cache: bool = True) -> Reading:
    """The reading of ``text``; evidence sentences are read once per index and cached (claims are not)."""
    if not cache:
        return _read(text, context)
    reading = context.cache.get(text)
    if reading is None:
        reading = context.cache[text] = _read(text, context)
    return reading


def _read(text: str, context: Context) -> Reading:
    gazetteer = context.gazetteer
    lower = text.lower().replace("’", "'")
    people = _people(text, lower, context)
    person_words = {w for p in people for w in p.name} | {w for p in people for w in _WORD.findall(p.role_text)}
    found = gazetteer.find(text)
    names: list[tuple[str, ...]] = []
    name_text: dict[tuple[str, ...], str] = {}
    for name in found:
        if set(name.key) & person_words or name.key[0] in TITLES or _plain_word(name.key, gazetteer):
            continue  # a person's name or the organisation inside their role ("NHS England's head of ...")
        if name.key not in names:
            names.append(name.key)
            name_text[name.key] = name.text
    figures = [f for f in extract_figures(text) if f.kind in COMPARED_KINDS and not _is_one_of(text, f)]
    # "the £21m AI Diagnostic Fund": a figure naming which thing is meant, checked on its own
    descriptors = [f for f in figures if f.kind == "money" and any(
        text[f.end:].lstrip().lower().startswith(n.text.lower()) for n in found)]
    figures = [f for f in figures if f not in descriptors]
    figure_tokens = {t for f in figures + descriptors for t in tokenize(f.text)}
    name_tokens = {w for n in found for w in n.key} | person_words
    topic: dict[str, str] = {}
    all_stems = set()
    for token in tokenize(lower):
        s = CANON.get(stem(token.removesuffix("'s")), stem(token.removesuffix("'s")))
        all_stems.add(s)
        if token in figure_tokens or token in name_tokens or s in FRAME_STEMS or token in WORD_NUMBERS or len(token) < 2:
            continue
        if token.replace(",", "").replace(".", "").isdigit():
            continue
        topic.setdefault(s, token)
    quantifier = _quantifier(lower)
    partial = [(float(cast(float, _num(m.group(1)))), m.group(0).strip()) for m in _PARTIAL.finditer(lower) if _num(m.group(1)) is not None]
    multiplier = next(((float(MULTIPLIERS[w]), w) for w in phrases_in(lower, MULTIPLIERS)), None) or _times(lower)
    direction = _direction(lower)
    planned = planned_in(lower)
    obligation = _obligation(_SET_ASIDE.sub(" ", lower))
    negated = bool(phrases_in(lower, NEGATION + NEGATED_CONTRACTIONS) or _REFUSED.search(lower)) and not (obligation and obligation[1] in ("not required", "not mandatory"))
    attributed = bool(people) and bool(phrases_in(lower, SPEECH))
    future, achieved = _future_and_achieved(lower)
    clauses = _clauses(text)
    return Reading(
        text=text, lower=lower, names=names, name_text=name_text, labels=dict(numbered_parts(lower)),
        forms={n: [" ".join(f) for f in gazetteer.forms(Name(n, ""))] for n in names}, figures=figures, descriptors=descriptors, topic=topic,
        stems=frozenset(all_stems), quantifier=quantifier, proportion=_proportion(lower, figures, partial),
        partial=partial, multiplier=multiplier, direction=direction, planned=planned, obligation=obligation,
        obligations=_obligations_by_clause(text, clauses),
        negated=negated, sets_aside=bool(_SET_ASIDE.search(lower)), people=people, quotes=[q.strip().lower() for q in _QUOTED.findall(text)],
        attributed=attributed, clauses=clauses, future=future, achieved=achieved,
        measure=_measure(lower, figures, topic),
    )


# What a text sets aside is not what it asserts: "voluntary rather than legal requirements"
ASIDE = re.compile(r"\b(?:rather than|instead of)\b")
_SET_ASIDE = re.compile(ASIDE.pattern + r"[^,;.]*")
# "declined to comment", "refused to say": not done; not "declined to 20%", a fall
_REFUSED = re.compile(r"\b(?:declin|refus)(?:e|es|ed|ing)\s+to\s+[a-z]")
# "three times the standard length", "4 times as many": a multiplier; "meets three times a year" is not
_TIMES = re.compile(r"\b(\d+|" + "|".join(WORD_NUMBERS) + r")\s+times\s+(?:the|as|more|higher|larger|bigger|greater|longer|faster|that|what)\b")


def _times(lower: str) -> tuple[float, str] | None:
    m = _TIMES.search(lower)
    value = _num(m.group(1)) if m else None
    return (float(value), m.group(0)) if m and value is not None else None


# "will announce", "will now be told", "are going to receive": what a text says is still to come
_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are) going to)\s+(?:(?:also|now|then|only|not|soon)\s+)?(?:be\s+|have\s+)?([a-z]+)")
MEASURE_WORDS = 3  # content words before a figure, in its clause, that say what the figure measures


def _measure(lower: str, figures: list[Figure], topic: dict[str, str]) -> frozenset[str]:
    """What the figures measure: the topic words right before each in its clause ("has been awarded
    £2.4 million", "reported in a median of 2 days")."""
    found = set()
    for figure in figures:
        before = re.split(r"[,;:()]", lower[:figure.start])[-1]
        for token in tokenize(before)[-MEASURE_WORDS:]:
            s = CANON.get(stem(token), stem(token))
            if s in topic:
                found.add(s)
    return frozenset(found)


def _verb_stem(word: str) -> str:
    base = stem(word)
    return CANON.get(base, base)


# Money reaches a recipient after it is awarded: an award made is not contradicted by a payment still to
# come ("has been awarded £840,000" / "will receive £840,000"), but a payment made also makes the award.
_RECEIPT = frozenset(stem(w) for w in ("receive", "received", "receives", "get", "got", "give", "given"))
_RECEIPT_STEM = "(receipt)"


def _verb_stems(word: str, *, future: bool) -> set[str]:
    base = stem(word)
    if base in _RECEIPT:
        return {_RECEIPT_STEM} if future else {_RECEIPT_STEM, _verb_stem(word)}
    return {_verb_stem(word)}


def _future_and_achieved(lower: str) -> tuple[frozenset[str], frozenset[str]]:
    future = frozenset(s for m in _FUTURE.finditer(lower) for s in _verb_stems(m.group(1), future=True))
    past = {s for m in PAST_ENDING.finditer(lower) for s in _verb_stems(m.group(1), future=False)}
    past |= {s for w in re.findall(r"[a-z]+", lower) if w in IRREGULAR_PAST for s in _verb_stems(IRREGULAR_PAST[w], future=False)}
    return future, frozenset(past - future)


def _quantifier(lower: str) -> str | None:
    # "most" as a quantifier ("most staff"), not a superlative ("the most urgent", "where it matters most")
    plain = re.sub(r"\b(?:the|matters|at)\s+most\b|\bmost\s+\w+ly\b|\bmost\s*[.,;]?$", " ", lower)
    for quantifier, words in (("only", ONLY), ("minority", MINORITY), ("majority", MAJORITY), ("all", ALL)):
        if phrases_in(plain, words):
            return quantifier
    return None




def _plain_word(key: tuple[str, ...], gazetteer: Gazetteer) -> bool:
    """A capitalised ordinary word the gazetteer learned ("X-ray"): a topic word, not a name, unless the
    documents define it as an abbreviation ("Ashcombe and Lydgate NHS Trust (ALT)")."""
    return len(key) == 1 and key not in gazetteer.aliases and all(len(part) <= 1 or is_english(part) for part in key[0].split("-"))


def _is_one_of(text: str, figure: Figure) -> bool:
    return figure.kind == "count" and figure.value == 1 and bool(_ONE_OF.match(text, figure.start))


def _num(word: str) -> float | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return float(word)
    return float(WORD_NUMBERS[word]) if word in WORD_NUMBERS else None


def _direction(lower: str) -> tuple[str, str] | None:
    up = phrases_in(lower, UP)
    down = phrases_in(lower, DOWN)
    up = [w for w in up if not (w == "added" and re.search(r"\badded (?:that|to say)\b", lower))]
    if up and not down:
        return ("up", up[0])
    if down and not up:
        return ("down", down[0])
    return None


def _proportion(lower: str, figures: list[Figure], partial: list[tuple[float, str]]) -> tuple[float, str] | None:
    """A share the text states: a fraction word, a percentage, or "M of N"."""
    for phrase, value in FRACTIONS.items():
        if re.search(rf"\b{phrase}\b", lower):
            return value, phrase
    for m in re.finditer(r"\b(\d[\d,]*|" + "|".join(WORD_NUMBERS) + r")\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|england's\s+)?(?:\w+\s+){0,2}?(\d[\d,]*|" + "|".join(WORD_NUMBERS) + r")\b", lower):
        part, whole = _num(m.group(1)), _num(m.group(2))
        if part is not None and whole and part <= whole:
            return part / whole, m.group(0)
    percents = [f for f in figures if f.kind == "percent"]
    if len(percents) == 1:
        return float(percents[0].value) / 100, percents[0].text
    return None


def _obligation(lower: str) -> tuple[str, str] | None:
    return next(((kind, w[0]) for kind, words in (("optional", OPTIONAL), ("mandatory", OBLIGED)) if (w := phrases_in(lower, words))), None)


def _obligations_by_clause(text: str, clauses: list[tuple[int, int]]) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """Each clause's obligation, the clause's content stems, and those of the words after the word that
    obliges ("mandatory for radiologists"): whom it applies to, when the clause shares its subject
    with another ("..., and optional for emergency department clinicians")."""
    found = []
    for start, end in clauses:
        clause = _SET_ASIDE.sub(" ", text[start:end].lower())
        if said := _obligation(clause):
            after = find_phrase(clause, said[1])
            group = clause[after.end():] if after else ""
            found.append((said[0], canon(stem(t) for t in tokenize(clause)) - FRAME_STEMS, canon(stem(t) for t in tokenize(group)) - FRAME_STEMS))
    return tuple(found)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(text.lower()):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.start()
    spans.append((start, len(text)))
    return spans


# --- people ----------------------------------------------------------------------------------------------
_NAME_WORD = r"[a-z][a-z'’-]+"
_TITLE_RE = re.compile(rf"\b(?:{'|'.join(TITLES)})\.?\s+((?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD})", re.I)
_SPEAKER_RE = re.compile(
    rf"((?:{_NAME_WORD}\s+){{1,2}}{_NAME_WORD}|{_NAME_WORD}\s+{_NAME_WORD})"
    rf"(?=\s+(?:{'|'.join(SPEECH)})\b|\s+of\s+the\b|\s*(?:,|\s[-–—])\s*(?:[\w&'’-]+\s+){{0,5}}?(?:{'|'.join(ROLE_HEADS)})\b)", re.I)
# a role head right before a capitalised name of two or three words ("Secretary Steve Barclay")
_ROLE_BEFORE_RE = re.compile(rf"\b(?i:{'|'.join(ROLE_HEADS)})\s+((?:[A-Z][a-z'’-]+\s+){{1,2}}[A-Z][a-z'’-]+)")
_STOP_NAME = frozenset(STOPWORDS) | frozenset(SPEECH) | frozenset(ROLE_HEADS) | frozenset(TITLES) | ORG_WORDS | frozenset(
    "who which that clinical national chief health science social care secretary state programme interim report "
    "study team board panel group says said his her their its this also "
    "reported advised presented summarised summarized noted confirmed raised declared agreed explained".split())


def _people(text: str, lower: str, context: Context) -> list[Person]:
    """People named in ``text``: after a title ("Dr Helen Carrow"), or a name the documents know or that is
    no English word, right before ", <role>", "of the ..." or a speech verb ("Marcus Hale said")."""
    people: list[Person] = []
    spans: list[tuple[int, int]] = []
    for m in _TITLE_RE.finditer(text):
        words = _trim_name(m.group(1).lower().split())
        if words:
            people.append(_person(text, lower, words, m.start(), m.start(1) + len(" ".join(words))))
            spans.append((m.start(), m.end()))
    for m in _ROLE_BEFORE_RE.finditer(text):  # "Health Secretary Steve Barclay launched ...": a role, then a name
        if any(s <= m.start(1) < e for s, e in spans):
            continue
        words = _trim_name(m.group(1).lower().split())
        if len(words) >= 2:
            people.append(_person(text, lower, words, m.start(1), m.start(1) + len(" ".join(words))))
            spans.append((m.start(1), m.end(1)))
    known, vocabulary = context.people, context.vocabulary
    for m in _SPEAKER_RE.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in spans):
            continue
        words = m.group(1).lower().split()
        for size in (3, 2):
            tail = tuple(words[-size:])
            if len(tail) < size or any(w in _STOP_NAME for w in tail) or any(w.endswith(("'s", "’s")) for w in tail[:-1]):
                continue  # "Holmby Clinic's part of the pilot": a possessive inside is no person's name
            if tail in known or any(w not in vocabulary and not is_english(w) for w in tail) or (
                    text[m.end(1) - len(" ".join(tail)):m.end(1)].istitle()):
                start = m.end(1) - len(" ".join(tail))
                people.append(_person(text, lower, list(tail), start, m.end(1)))
                break
    for name in known:  # a person the documents name, written in any case ("marcus hale said")
        if len(name) < 2 or any(p.name[-len(name):] == name for p in people):
            continue
        for m in re.finditer(r"\b" + r"\s+".join(map(re.escape, name)) + r"(?:'s)?\b", lower):
            people.append(_person(text, lower, list(name), m.start(), m.start() + len(" ".join(name))))
    unique: dict[tuple[str, ...], Person] = {}
    for p in people:
        unique.setdefault(p.name, p)
    return list(unique.values())


def _trim_name(words: list[str]) -> list[str]:
    kept = []
    for w in words:
        if w in _STOP_NAME:
            break
        kept.append(w.removesuffix("'s").removesuffix("’s"))
    return kept


def _person(text: str, lower: str, name: list[str], start: int, end: int) -> Person:
    """The person and their role: the words before the name ("Health Minister Dr") or the apposition
    after it (", National Clinical Director for Imaging at NHS England,")."""
    before = re.findall(r"[a-z'’-]+", lower[max(0, start - 60):start])[-5:]
    after = ""
    # ", role," or, in a list of attendees, " - role"
    m = re.match(r"\s*(?:,|\s[-–—])\s*([^,;:\"“]{3,90}?)\s*(?:,|;|:|\bsaid\b|\bsays\b|$)", lower[end:])
    if m:
        after = m.group(1)
    elif (m := re.match(r"\s+(?:of|at|from)\s+([^,;:\"“]{3,60}?)\s*(?:,|;|:|\bsaid\b|\bsays\b|\bcalled\b|$)", lower[end:])):
        after = m.group(1)
    before_role: list[str] = []
    for w in reversed(before):
        if w in TITLES:
            continue
        if w in STOPWORDS and w not in ("of", "for", "and"):
            break
        before_role.insert(0, w)
    role_text = " ".join(before_role + [after]).strip()
    heads = {w for w in re.findall(r"[a-z]+", role_text) if w in ROLE_HEADS}
    return Person(tuple(name), frozenset(heads), role_text, text[start:end])
