"""Answer kinds: one table saying how a question asks for a kind of answer and how a sentence gives it.

A row is a kind (an amount, a date, a count, ...). ``asked_by`` matches questions that want it;
``given_by`` tells whether a sentence gives it; ``must_be_given`` means a question asking for it is
declined when the evidence never gives it (an amount is not answered by a paragraph without one),
while the other kinds only rank the sentences that give them higher. To add a kind, add a row here
and a case to ``tests/test_answer_table.py``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..language.figures import DATED_KINDS, extract_figures
from ..language.sentences import gives_a_reason, names_a_person, says_record_is_silent

# Amounts and proportions written in words: "doubled", "a third", "half of".
_MULTIPLIER_WORDS = re.compile(r"\b(?:doubled?|doubling|tripled?|trebled?|halved?|quadrupled?|(?:twice|three times|four times) as)\b", re.I)
_FRACTION_WORDS = re.compile(r"\b(?:a|one|two)[ -](?:half|third|thirds|quarter|quarters|fifth|fifths)\b|\bhalf of\b|\bmajority\b|\bminority\b", re.I)


# So many per something: "12,300 examinations per month", "4 in 10", "2 out of 3", "1,200 a week".
_PER_SOMETHING = re.compile(
    r"\b\d[\d,.]*\s+(?:[a-z-]+\s+){0,3}?(?:(?:per|each|every)\s+\w+|an?\s+(?:day|week|fortnight|month|quarter|year|hour)\b"
    r"|(?:in|out of)\s+(?:every\s+)?\d)",
    re.I,
)


def _figure_of(*kinds: str) -> Callable[[str], bool]:
    return lambda text: any(f.kind in kinds for f in extract_figures(text))


def _either(*tests: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda text: any(test(text) for test in tests)


def _pattern(regex: re.Pattern) -> Callable[[str], bool]:
    return lambda text: bool(regex.search(text))


# So much per something asked for: "the cost per scan", "how many a month", "each year" (not "per cent").
_ASKS_PER_SOMETHING = re.compile(
    r"\bper\s+(?!cent\b)\w+|\b(?:each|every|a|an)\s+(?:day|week|fortnight|month|quarter|year|hour)\b", re.I
)
_GIVES_PER_SOMETHING = re.compile(
    r"\bper\s+(?!cent\b)\w+|\b(?:each|every)\s+\w+|\b(?:annual|annually|yearly|monthly|weekly|daily|hourly)\b", re.I
)

# A time of day answers "what time": "14:30", "2pm", "9.30am", "midday".
_TIME_OF_DAY = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\b(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s?[ap]\.?m\b\.?|\b(?:midday|midnight|noon)\b", re.I)

# A way to reach someone: an email or web address, or a telephone number. A telephone number or an
# email address asked for by name is its own kind: an email address does not answer "what's the phone
# number".
_CONTACT_ASKED = re.compile(
    r"\b(?:contact details?|web ?address|website|url)\b"
    r"|\bwho\s+(?:do|should|can|could)\s+(?:i|we)\s+(?:contact|write to|call|ring|ask)\b"
    r"|\bhow\s+(?:do|can|should|could)\s+(?:i|we)\s+(?:contact|reach|get in touch)\b",
    re.I,
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"
_CONTACT_GIVEN = re.compile(
    rf"{_EMAIL}|\bhttps?://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|nhs|org|co|ac)\.uk\b|{_PHONE}", re.I)
_PHONE_ASKED = re.compile(r"\b(?:phone|telephone|tel|helpline|phone line)\b|\bnumber to (?:call|ring)\b", re.I)
_EMAIL_ASKED = re.compile(r"\be-?mail\b", re.I)

# A period given by when it ends or what it covers: "runs until March 2027", "over 2025/26 and 2026/27"
_PERIOD_END = re.compile(r"\b(?:until|till|through|throughout|covering|over|ending|ends)\s+(?:the\s+)?(?:[a-z]+\s+){0,3}?"
                         r"(?:\d{4}\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", re.I)

# How long something lasts or may be: so many units of time or length ("24 months", "15 pages", "a
# 30-minute clinic", "five working days").
_UNIT = r"(?:seconds?|minutes?|mins|hours?|hrs|days?|weeks?|fortnights?|months?|years?|pages?|words?|characters?|sides?)"
_NUMBER = r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)"
_DURATION_GIVEN = re.compile(rf"\b{_NUMBER}(?:\s+(?:working|calendar|full|financial|school))?[\s-]+{_UNIT}\b", re.I)
_DURATION_ASKED = re.compile(r"\bhow long\b|\b(?:what|which)\s+(?:is\s+the\s+)?(?:length|duration|word limit|page limit)\b"
                             r"|\bhow many (?:pages|words|months|weeks|days|years|hours|minutes)\b"
                             r"|\bhow much (?:longer|more time)\b", re.I)


# A day asked for, not only a date: "what day", "the exact date", "when exactly".
_DAY_ASKED = re.compile(r"\b(?:what|which)\s+day\b|\b(?:exact|precise)\s+(?:date|day)\b|\b(?:date|day|when)\s+(?:\w+\s+){0,6}?(?:exactly|precisely)\b", re.I)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b", re.I)


def _gives_a_day(text: str) -> bool:
    return any(f.kind == "date" and f.value[2] for f in extract_figures(text))


@dataclass(frozen=True)
class AnswerKind:
    name: str
    asked_by: re.Pattern | None
    given_by: Callable[[str], bool]
    must_be_given: bool
    # the kinds of figure that answer it: "how many said ..." is answered by "14% said ...", "how much
    # has it fallen" by any figure; empty for kinds that are not figures
    answered_by: frozenset[str] = frozenset()
    # kinds of figure that answer it only in a sentence that gives this kind itself: a count answers
    # "what rate" only when it is so many per something
    answered_with: frozenset[str] = frozenset()
    # a qualifier of the other kinds asked rather than an answer of its own: "the cost per scan" is
    # answered only by an amount in a sentence that also gives so much per something
    qualifies: bool = False


# A question about how much something changed ("how much have waits come down", "by how much did it
# improve") wants the size of the change, whatever it measures (days, a count, a share, money).
_CHANGE = (
    r"\b(?:fall|fell|fallen|drop|dropped|rise|rose|risen|go up|gone up|went up|come down|came down|go down|gone down"
    r"|went down|improved?|reduced?|increased?|decreased?|declined?|grow|grew|grown|shrunk|shrank|shortened|changed?|cut"
    r"|bring(?:s|ing)? (?:down|up)|brought (?:down|up)|lowered|sped up|speed(?:ed)? up)\b"
)


# A question asks for a measure by naming it ("what's the budget", "the salary of X") unless it
# opens with a word asking for something else ("who confirms the cost", "when is the fee due") or
# asks yes or no ("does it cover staff costs").
_NAMING_A_MEASURE = r"^(?!\W*(?:who|whom|whose|when|where|why|do|does|did|is|are|was|were|can|could|will|would|has|have|had|should)\b).*?\b"


KINDS: tuple[AnswerKind, ...] = (
    AnswerKind(
        "money",
        re.compile(
            rf"{_NAMING_A_MEASURE}(?:budget|cost|costs|salary|salaries|price|prices|fee|fees|charge|charges|worth|amount|value of|size of"
            # the spend on something, not the verb ("they will spend it on ...")
            r"|(?<!to )(?<!ll )(?<!ld )(?<!can )(?<!did )(?<!do )(?<!does )(?<!they )(?<!we )spend(?:ing)?(?!\s+(?:it|the|their|its|them|this|that|money|funding)\b))\b"
            r"|\b(?:how much (?:money|funding|cash)|how (?:big|large)|what size)\b"
            # the largest or usual sum given ("the maximum award", "the cap on revenue funding")
            r"|\b(?:maximum|minimum|largest|smallest|biggest|average|typical|max)\s+(?:award|grant|allocation|bid|sum|payment)s?\b"
            r"|\b(?:ceiling|cap|limit)\s+(?:on|for)\b[^?]*\b(?:money|funding|award|grant|revenue|capital|budget|spend)\b"
            rf"|\bhow much\b(?!\s+(?:time|longer|later|earlier|sooner|more time)\b)(?![^?]*{_CHANGE})",
            re.I,
        ),
        _either(_figure_of("money"), _pattern(_MULTIPLIER_WORDS)),
        True,
        frozenset({"money", "percent"}),
    ),
    AnswerKind(
        "date",
        # "when" as a question ("When did ...?", "and when?"), not as a conjunction ("when the fund was launched")
        re.compile(
            r"^\W*when\b|\bwhen\s+(?:did|does|do|is|was|were|will|would|can|could|should|has|have|had|are|must)\b|\bwhen\s*\?"
            r"|\b(by when|what date|which date|what year|which year|(?:what|which) day|(?:exact|precise) date)\b"
            # a date named as a thing, unless its part of the question asks for another kind of answer
            # ("how many applications came in by the deadline"; not "who is drafting it and what's the deadline")
            r"|(?:^|\band\b|[,;?])(?!\W*(?:how many|how much|who|whom|whose|why)\b)[^,;?]*?\b(?:deadline|(?:closing|opening|start|end|due) date)s?\b"
            r"|\b(?:what|which) time\b(?!\s+(?:frame|period|scale|line)s?\b)",
            re.I,
        ),
        _either(_figure_of(*DATED_KINDS), _pattern(_TIME_OF_DAY)),
        True,
        frozenset({"date"}),
    ),
    AnswerKind(
        "count",
        re.compile(r"\b(how many|(?<!reference )(?<!phone )(?<!contact )(?<!case )(?<!serial )number of|how (?:big|large)|what size|size of)\b", re.I),
        _either(_figure_of("count"), _pattern(_MULTIPLIER_WORDS)),
        True,
        frozenset({"count", "percent"}),
    ),
    AnswerKind(
        "percent",
        re.compile(r"\b(percentage|proportion|what share|what fraction)\b|(?<![\d.,] )(?<![\d.,])(?:%|\bper ?cent\b)", re.I),
        _either(_figure_of("percent"), _pattern(_FRACTION_WORDS)),
        True,
        frozenset({"percent"}),
    ),
    # A rate is given as a share or as so many per something ("61% reported within 48 hours", "4 in 10").
    AnswerKind(
        "rate",
        re.compile(rf"{_NAMING_A_MEASURE}(?:rate|rates|sensitivity|specificity)\b", re.I),
        _either(_figure_of("percent"), _pattern(_PER_SOMETHING), _pattern(_FRACTION_WORDS)),
        True,
        frozenset({"percent"}),
        frozenset({"count"}),
    ),
    # The least or most allowed of a measure ("min font size", "the maximum page count"): some figure,
    # whatever it measures; not "which network had the most" (a name).
    AnswerKind(
        "limit",
        re.compile(r"^(?!\W*(?:which|who|whom|whose)\b).*\b(?:min|max|minimum|maximum)\b", re.I),
        _figure_of("money", "count", "percent"),
        True,
        frozenset({"money", "count", "percent"}),
    ),
    AnswerKind(
        "change",
        re.compile(rf"\b(?:how much|how far|by how much)\b[^?]*{_CHANGE}", re.I),
        _either(_figure_of("money", "count", "percent"), _pattern(_MULTIPLIER_WORDS), _pattern(_FRACTION_WORDS)),
        True,
        frozenset({"money", "count", "percent"}),
    ),
    AnswerKind(
        "person",
        re.compile(
            r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:minister|secretary|politician|official|person|spokesperson|mp|peer|lord|executive|director|chair|lead|officer)\b"
            r"|\bwho\s+(?:first\s+)?(?:said|described|called|quoted|warned|announced|launched|chaired|leads|led|is|was|chairs"
            r"|has to|needs to|must|owns|signs|signed|approves|approved)\b",
            re.I,
        ),
        names_a_person,
        True,
    ),
    AnswerKind("contact", _CONTACT_ASKED, _pattern(_CONTACT_GIVEN), True),
    AnswerKind("phone", _PHONE_ASKED, _pattern(re.compile(_PHONE)), True),
    AnswerKind("email", _EMAIL_ASKED, _pattern(re.compile(_EMAIL)), True),
    # a period is also given by when it ends ("runs until March 2027")
    AnswerKind("duration", _DURATION_ASKED, _either(_pattern(_DURATION_GIVEN), _pattern(_PERIOD_END)), True),
    # a day asked for is not given by a month: "what day exactly does the panel sit" and "in July 2025"
    AnswerKind("day", _DAY_ASKED, _either(_pattern(_WEEKDAY), _gives_a_day), False, qualifies=True),
    AnswerKind("per_something", _ASKS_PER_SOMETHING, _either(_pattern(_PER_SOMETHING), _pattern(_GIVES_PER_SOMETHING)), False, qualifies=True),
    AnswerKind("reason", re.compile(r"\bwhy\b|\bexplanation\b|\breason\b|\bhow come\b", re.I), gives_a_reason, False),
    # Nobody asks for a gap; a sentence saying the record is silent is the answer to some questions.
    AnswerKind("gap", None, says_record_is_silent, False),
)
MUST_BE_GIVEN = frozenset(kind.name for kind in KINDS if kind.must_be_given)
FIGURE_KINDS = frozenset(kind.name for kind in KINDS if kind.answered_by)
QUALIFIERS = frozenset(kind.name for kind in KINDS if kind.qualifies)


def figures_answering(kinds: frozenset[str], given: frozenset[str] = frozenset()) -> frozenset[str]:
    """The kinds of figure that answer a question asking for ``kinds``, in a sentence giving ``given``."""
    return frozenset().union(*(kind.answered_by | (kind.answered_with if kind.name in given else frozenset())
                               for kind in KINDS if kind.name in kinds))


def asked_kinds(question: str) -> frozenset[str]:
    return frozenset(kind.name for kind in KINDS if kind.asked_by is not None and kind.asked_by.search(question))


def given_kinds(sentence: str) -> frozenset[str]:
    return frozenset(kind.name for kind in KINDS if kind.given_by(sentence))


def gives_all(names: frozenset[str], text: str) -> bool:
    """Does ``text`` give every kind named (running only those rows)?"""
    return all(kind.given_by(text) for kind in KINDS if kind.name in names)


# What a sentence gives is worked out at ingest and stored with the document (a bit per row of KINDS),
# so a question does not run the figure rules over every sentence it reads. The stored bits are used
# only while the rules are the ones that wrote them: this fingerprint covers the table and the
# language package it calls.
def _rules_fingerprint() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in [Path(__file__).resolve(), *sorted((package / "language").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RULES_FINGERPRINT = _rules_fingerprint()
_BY_MASK = [frozenset(kind.name for bit, kind in enumerate(KINDS) if mask >> bit & 1) for mask in range(1 << len(KINDS))]


def kinds_mask(sentence: str) -> int:
    return sum(1 << bit for bit, kind in enumerate(KINDS) if kind.given_by(sentence))


def kinds_of_mask(mask: int) -> frozenset[str]:
    return _BY_MASK[mask]
