"""Reading a question: the kind of answer it wants, the thing it asks for, and its parts.

Pure functions of the question's text; what the documents say about it is the answering stage's job.
"""

from __future__ import annotations

import re

from .language.figures import singular
from .index import tokenize

WANTS = {
    "money": re.compile(
        r"\b(budget|cost|worth|how much (?:money|funding|cash)|how (?:big|large)|what size)\b"
        r"|\bhow much\b.{0,60}\b(get|got|receive|received|win|won|award|awarded|spend|spent|invest|invested|allocate|allocated|paid|pay|go|went|give|gave|given)\b",
        re.I,
    ),
    # "when" as a question ("When did ...?", "and when?"), not as a conjunction ("when the fund was launched")
    "date": re.compile(
        r"^\W*when\b|\bwhen\s+(?:did|does|do|is|was|were|will|would|can|could|should|has|have|had|are|must)\b|\bwhen\s*\?"
        r"|\b(what date|which date|what year|which year|deadline|(?:closing|opening|start|end|due) date)\b",
        re.I,
    ),
    "count": re.compile(
        r"\b(how many|(?<!reference )(?<!phone )(?<!contact )(?<!case )(?<!serial )number of|how (?:big|large)|what size)\b", re.I
    ),  # a size may be an amount or a count
    "percent": re.compile(r"\b(percentage|proportion|per ?cent)\b|%", re.I),
}
# Words naming the kind of answer wanted ("how much money"), not what it is about.
ANSWER_KIND_WORDS = frozenset(
    "money funding cash amount sum budget cost worth value number count figure total date year time percentage proportion".split()
)
# Questions answered by naming someone: "which minister ...?", "who described AI as ...?"
PERSON_QUESTION = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:minister|secretary|politician|official|person|spokesperson|mp|peer|lord|executive|director|chair)\b"
    r"|\bwho\s+(?:first\s+)?(?:said|described|called|quoted|warned|announced|launched|chaired)\b",
    re.I,
)
# Questions answered by a cause or an explanation.
REASON_QUESTION = re.compile(r"\bwhy\b|\bexplanation\b|\breason\b|\bhow come\b", re.I)
# Words that carry no topic: what the question asks for, not what it is about.
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much did does do is are was were there any tell explain "
    "give list please know say says said get got".split()
)

AUXILIARIES = r"(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should|might|must)"
# A yes/no question about whether something is on the public record.
ABOUT_THE_RECORD = re.compile(
    rf"^\W*{AUXILIARIES}\b.*\b(?:publish|published|public|publicly|available|released|disclosed|confirmed|documented|known)\b",
    re.I,
)
WHAT_IS_THE_RE = re.compile(r"\bwhat(?:'s| is| was| are| were) the ((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:of|for|to|at|in)\b", re.I)
FOCUS_RE = re.compile(rf"\b(?:which|what)\s+((?:(?!{AUXILIARIES}\b)[\w'-]+\s+){{1,5}}?){AUXILIARIES}\b", re.I)

QUESTION_PART = re.compile(r"\s*(?:,\s*)?\band\s+(?=(?:what|which|who|when|where|how|why|whether)\b)|(?<=\?)\s+", re.I)


# "What exactly did ...", "what else was ...": words between "what" and the verb that name nothing.
NOT_A_FOCUS = frozenset("exactly precisely specifically actually really else".split())


def focus_noun(question: str) -> str | None:
    """The thing a which/what question asks for: "Which AI supplier did CAMRIN choose?" -> "supplier"."""
    match = FOCUS_RE.search(question)
    if not match:
        return None
    nouns = [w for w in tokenize(match.group(1)) if w not in NOT_A_FOCUS]
    return singular(nouns[-1]) if nouns else None


def wanted_kinds(question: str) -> frozenset[str]:
    """The kinds of figure a question asks for ("how much" -> money, "when" -> date)."""
    return frozenset(kind for kind, pattern in WANTS.items() if pattern.search(question))


def described_kinds(question: str) -> frozenset[str]:
    """The kinds of statement a question asks for: a named person ("which minister?") or a reason."""
    return frozenset(
        kind for kind, pattern in (("person", PERSON_QUESTION), ("reason", REASON_QUESTION)) if pattern.search(question)
    )


def counted_noun(question: str) -> set[str]:
    """What a "how many X" question counts: "how many trusts is it made up of?" -> {"trust"}."""
    counted = re.search(r"\bhow many ([a-z][a-z -]{1,40})", question, re.I)
    return {singular(w) for w in tokenize(counted.group(1))[:3]} if counted else set()


def question_parts(question: str) -> list[str]:
    """ "What AI is it using and what system was it integrated through?" -> its two questions."""
    return [part for part in QUESTION_PART.split(question) if part and part.strip()]
