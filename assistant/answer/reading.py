"""Reading a question once: what it asks for, what it is about, and whether it leans on the conversation.

Everything later stages need from the question's wording is in ``QuestionReading``; nothing after this
module looks at capital letters or re-tokenises the question. Names come from the index's gazetteer,
matched in any letter case; a word the documents never use is first taken for a typo of a word they
do use (same first letter, one edit away) before it counts as an unknown name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..language.figures import MONTHS, Figure, extract_figures, numbered_parts, singular
from ..language.lexicon import BODY_NOUNS, BODY_ROLES, PLACE_WORDS, PRODUCT_NOUNS, places_named
from ..language.modality import IRREGULAR_PAST
from ..language.names import Name, is_english
from ..language.tokens import STOPWORDS, stem, tokenize, words
from ..language.typos import compound_of_known, correct_typos
from .kinds import asked_kinds

# Words that carry no topic: what the question asks for, not what it is about.
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much did does do is are was were there any tell explain "
    "give list please know say says said get got whats hows whos wheres whens im ive id pls thanks thank "
    "exactly precisely".split()
)
# Words naming the kind of answer wanted ("how much money"), not what it is about.
ANSWER_KIND_WORDS = frozenset(
    "money funding cash amount sum budget cost worth value number count figure total date year time percentage proportion".split()
)
AUXILIARIES = r"(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should|might|must)"
# A yes/no question about whether something is on the public record.
ABOUT_THE_RECORD = re.compile(
    rf"^\W*{AUXILIARIES}\b.*\b(?:publish|published|public|publicly|available|released|disclosed|confirmed|documented|known)\b", re.I
)
FOCUS = re.compile(rf"\b(?:which|what)\s+((?:(?!{AUXILIARIES}\b)[\w'-]+\s+){{1,5}}?){AUXILIARIES}\b", re.I)
NOT_A_FOCUS = frozenset("exactly precisely specifically actually really else".split())
QUESTION_PART = re.compile(r"\s*(?:,\s*)?\band\s+(?=(?:what|which|who|when|where|how|why|whether)\b)|(?<=\?)\s+", re.I)
# Words that make a question lean on what was said before.
CONTINUATION = re.compile(r"^\s*(and|but|so|also|what about|how about|then|ok|okay)\b", re.I)
ANAPHOR = re.compile(
    r"\b(that|this|those|these|it|its|they|them|their|there|he|she|his|her|the same|the former|the latter)\b"
    r"|\bthe (project|network|scheme|programme|program|tool|tools|trust|award|study|evaluation|framework|platform|pledge|target|report|guidance)\b(?! (of|for|in|on|at|by)\b)",
    re.I,
)
# A question asking which bodies or products ("which 3 networks", "what ai products", "list the suppliers",
# "who makes it"): the words between "which" and the noun describe it, they are not verbs or articles
# ("what helped networks deploy AI" asks what helped).
_NAMED_KINDS = sorted(BODY_NOUNS | PRODUCT_NOUNS | {"supplier", "vendor", "manufacturer", "maker", "developer", "firm",
                                                   "organisation", "organization", "provider", "region", "site", "centre", "center"})
_NOT_DESCRIBING = "the|a|an|of|for|to|in|on|if|when|happens|happened|happen|i|we|you|they|it|our|my|your|their|its"
NAMES_ASKED = re.compile(
    rf"\b(?:which|what(?!\s+\w+ed\b)|list)\s+(?:all\s+)?(?:the\s+)?(?:(?!(?:{AUXILIARIES}|{_NOT_DESCRIBING})\b)[\w-]+\s+){{0,3}}?"
    rf"(?:{'|'.join(_NAMED_KINDS)})s?\b(?!\s+(?:of|for)\b)"
    r"|\bwho\s+(?:makes|made|supplies|supplied|provides|provided|developed|develops|builds|built|manufactures|sells)\b",
    re.I,
)
MARKER = re.compile(r"\s*\[\d+\]")
MIN_SHARED_STEM = 5  # shorter stems are shared by unrelated words
# How far after a run of unused words the kind of body it names may come ("zephyr valley imaging network")
NAME_TAIL = 3


@dataclass(frozen=True)
class QuestionReading:
    question: str  # as asked
    corrected: str  # with typos of the documents' words put right
    query: str  # what is searched: the corrected question, with the last turn if it is a follow-up
    follow_up: bool
    told: str  # the previous question and answer, for a follow-up only
    kinds: frozenset[str]  # kinds of answer asked for (kinds.KINDS)
    focus: str | None  # the thing a which/what question asks for: "which supplier" -> "supplier"
    role: tuple[str, ...]  # the post a "who is the ..." question asks about: ("clinical", "lead")
    counted: frozenset[str]  # "how many trusts" -> {"trust"}
    names: tuple[Name, ...]  # names the documents know, in any case
    subject: tuple[Name, ...]  # of those, the ones few passages mention: what it is specifically about
    unknown: tuple[str, ...]  # words that look like names and that no document uses
    topic: dict[str, float]  # topic words and their IDF weights
    stated: tuple[Figure, ...]  # figures the question itself gives (not an answer to it)
    numbered: frozenset[tuple[str, str]]  # numbered parts it asks about: "the second round" -> {("round", "2")}
    parts: tuple[str, ...]  # the questions of a compound question
    about_record: bool  # "has the list been published?"
    names_asked: bool  # it asks which bodies or products: "which networks dropped out", "who makes it"


def read_question(snapshot, question: str, history: list[dict]) -> QuestionReading:
    corrected = correct_typos(snapshot, question)
    names = tuple(snapshot.gazetteer.find(corrected))
    follow_up = bool(history) and leans_on_conversation(corrected, names)
    told = previous_turn(history) if follow_up else ""
    query = f"{_context(history)} {corrected}".strip() if follow_up else corrected
    kinds = asked_kinds(corrected)
    return QuestionReading(
        question=question,
        corrected=corrected,
        query=query,
        follow_up=follow_up,
        told=told,
        kinds=kinds,
        focus=focus_noun(corrected),
        role=role_asked(corrected),
        counted=counted_noun(corrected),
        names=names,
        subject=tuple(n for n in names if _distinctive(snapshot, n)),
        unknown=unknown_words(snapshot, corrected),
        topic=topic_weights(snapshot, corrected),
        stated=tuple(extract_figures(corrected)),
        numbered=frozenset(numbered_parts(corrected.lower())),
        parts=tuple(p for p in QUESTION_PART.split(corrected) if p and p.strip()),
        about_record=bool(ABOUT_THE_RECORD.search(corrected)),
        names_asked=bool(NAMES_ASKED.search(corrected)),
    )


def leans_on_conversation(question: str, names: tuple[Name, ...]) -> bool:
    """A follow-up: it continues ("and when?"), is too short to stand alone, or points back ("that",
    "the network") without naming what it is about. A question naming its own subject stands alone."""
    if CONTINUATION.search(question) or _bare(question):
        return True
    # A word pointing back in a later clause points into the question itself ("X - is that right?").
    first_clause = re.split(r"\s[-–—]\s|[;:,?]", question, maxsplit=1)[0]
    return bool(ANAPHOR.search(first_clause)) and not names


def _bare(question: str) -> bool:
    return len(tokenize(question)) <= 2


def previous_turn(history: list[dict]) -> str:
    """The last question and answer of a conversation: what the user has already been told."""
    last: dict[str, str] = {}
    for message in history:
        if message["content"].strip():
            last[message["role"]] = message["content"]
    return MARKER.sub("", f"{last.get('user', '')} {last.get('assistant', '')}").strip()


def _context(history: list[dict]) -> str:
    """The previous question and the first sentence of the previous answer: what "that" refers to."""
    questions = [m["content"] for m in history if m["role"] == "user" and m["content"].strip()]
    answers = [m["content"] for m in history if m["role"] == "assistant" and m["content"].strip()]
    context = questions[-1:] 
    if answers:
        context.append(re.split(r"(?<=[.!?])\s", MARKER.sub("", answers[-1]).strip(), maxsplit=1)[0][:300])
    return " ".join(context)


# "who is the chief executive of X", "who was the clinical lead for AI": the post, up to where it is placed.
ROLE = re.compile(
    r"\bwho\s+(?:is|was|are|were|will be)\s+(?:the|their|its|our|your)\s+([a-z][a-z -]*?)"
    r"(?=\s+(?:of|for|at|in|on|to|from|with|responsible|who|that|behind|quoted|named)\b|\s*[?.,;]|\s*$)",
    re.I,
)
MAX_ROLE_WORDS = 4  # a longer run is a description, not a post
NOT_A_ROLE = frozenset("person people one individual man woman someone".split())


def role_asked(question: str) -> tuple[str, ...]:
    """The post asked about; none for a body's part ("who is the supplier"), which any body the
    question does not name gives."""
    match = ROLE.search(question)
    words = [singular(w) for w in tokenize(match.group(1)) if w not in ("and", "s")] if match else []
    if len(words) > MAX_ROLE_WORDS or set(words) <= NOT_A_ROLE or words[-1] in BODY_ROLES:
        return ()
    return tuple(words)


def focus_noun(question: str) -> str | None:
    match = FOCUS.search(question)
    if not match:
        return None
    nouns = [w for w in tokenize(match.group(1)) if w not in NOT_A_FOCUS]
    return singular(nouns[-1]) if nouns else None


COUNTED = re.compile(r"\bhow many\s+(?:of\s+(?:the\s+)?[\w’'-]+['’]s\s+|of\s+the\s+)?(?:[\d,.]+\s+)?((?:[\w-]+\s*){1,2})", re.I)


def counted_noun(question: str) -> frozenset[str]:
    """What a "how many" question counts: its first words ("how many chest scans" -> {"chest",
    "scan"}; "how many of the network's centres" -> {"centre"}; "how many of the 300 scans" -> {"scan"}); a count of either answers it.
    A verb or an adverb ends them: "how many actually took part" names no noun, "how many trusts applied" counts trusts."""
    counted = COUNTED.search(question)
    if not counted:
        return frozenset()
    tokens = tokenize(counted.group(1))
    nouns = []
    for at, token in enumerate(tokens):
        # "how many actually took part", "how many were funded", "how many trusts applied": no noun there
        if token in _NOT_COUNTED or token.endswith("ly") or (token.endswith("ed") and at == len(tokens) - 1):
            break
        nouns.append(singular(token))
    return frozenset(nouns)


# Words after "how many" that say what happened rather than what is counted
_NOT_COUNTED = frozenset("did do does were was are is have has had will would can could should may might must got get".split()) | frozenset(IRREGULAR_PAST)


# "how long", "how big", "how often": the word after "how" asks for a measure, it is not what the
# question is about ("how long can our bid be" is about the bid, not about anything long).
_HOW_MEASURE = re.compile(r"\bhow\s+(?:long|big|large|small|often|soon|far|old|quickly|fast|early|late|frequently|high|low)\b", re.I)


def topic_weights(snapshot, text: str) -> dict[str, float]:
    """The text's topic words, each weighted by IDF (rare words say most). A word no passage uses
    weighs most of all: evidence cannot share it."""
    return {t: snapshot.idf.get(t, snapshot.rarest_idf) for t in set(tokenize(_HOW_MEASURE.sub("how", text))) - QUESTION_WORDS}


def _distinctive(snapshot, name: Name) -> bool:
    """A name few passages mention: what a question is specifically about (a place or a body, not "NHS")."""
    return any(snapshot.is_rare(word) for word in name.key if word not in MONTHS) and all(w not in MONTHS for w in name.key)


def unknown_words(snapshot, question: str) -> tuple[str, ...]:
    """Words of the question that no document uses and that are not English words in lower case
    (a town, a hospital, a product), or that name a place though they are ("wales", "midlands"): the
    question is about something the documents do not cover.

    English words the documents never use count too when they open the name of a kind of body, one the
    documents name ("the zephyr valley imaging network", as "Northmoor Imaging Network" is a network) or
    any public body ("the welsh government"): a name in ordinary words, matched in any letter case. A
    single such word must follow "the" and not look like an adjective or a verb form: "the individual
    trusts" and "the largest imaging network" are not names. Each is given as the question typed it."""
    tokens = words(question)
    unused = [_unused(snapshot, t) for t in tokens]
    found = list(dict.fromkeys(t for t, u in zip(tokens, unused) if u and t not in MONTHS and (not is_english(t) or t in PLACE_WORDS)))
    found += places_named(tokens, snapshot.writes)
    start = 0
    while start < len(tokens):
        end = start
        while end < len(tokens) and unused[end]:
            end += 1
        run = tokens[start:end]
        if run and _names_a_body(snapshot.gazetteer, tokens, end) and not set(run) & set(found):
            single_name_word = start > 0 and tokens[start - 1] == "the" and not run[0].endswith(NOT_NAME_ENDINGS)
            if len(run) >= 2 or single_name_word:
                found.append(" ".join(run))
        start = end + 1
    return tuple(_as_typed(question, phrase) for phrase in found)


def _as_typed(question: str, phrase: str) -> str:
    """The phrase as the question writes it ("Welsh" for "welsh"), for the note the user reads."""
    match = re.search(r"(?<![A-Za-z0-9])" + r"[^A-Za-z0-9]+".join(map(re.escape, phrase.split())) + r"(?![A-Za-z0-9])", question, re.I)
    return match.group(0) if match else phrase


# Endings of adjectives and verb forms, which describe a thing rather than name it
NOT_NAME_ENDINGS = ("est", "er", "ing", "ed", "al", "ive", "ful", "ous", "able", "ible", "ic", "ly", "ary", "ant", "ent")


def _names_a_body(gazetteer, tokens: list[str], start: int) -> bool:
    """Within ``NAME_TAIL`` content words from ``start`` comes a kind of body ("network" of "valley network")."""
    for token in tokens[start : start + NAME_TAIL]:
        if token in STOPWORDS or token in QUESTION_WORDS:
            return False
        if token in gazetteer.body_words or singular(token) in gazetteer.body_words:
            return True
    return False


def _unused(snapshot, word: str) -> bool:
    """A word no document uses in any form (not a typo, plural, acronym or compound of theirs)."""
    if len(word) < 3 or any(c.isdigit() for c in word) or word in QUESTION_WORDS or word in ANSWER_KIND_WORDS or word in STOPWORDS:
        return False
    if word in snapshot.vocabulary or singular(word) in snapshot.vocabulary:
        return False
    if len(root := stem(word)) >= MIN_SHARED_STEM and root in snapshot.vocabulary_stems:
        return False  # another form of a word they use ("evaluators" of "evaluation")
    if snapshot.abbreviates(word):
        return False  # an acronym the documents spell out ("aidf", "icb" of "integrated care board")
    return not compound_of_known(word, snapshot.vocabulary)  # "xrays" for "X-rays"
