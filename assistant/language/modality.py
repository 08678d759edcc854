"""Modality: whether a text states a plan or an expectation rather than a fact, and the past forms of
verbs. One reading for claims and evidence."""

from __future__ import annotations

import re

# A planned or expected fact, not an achieved one ("aims to halve", "now expects to go live").
PLANNED = ("aim", "aims", "aimed", "aiming", "plan", "plans", "planned", "planning", "expect", "expects", "expected",
           "target", "targets", "intend", "intends", "intended", "due to", "due in", "due by", "due on", "still due", "meant to", "scheduled", "revised date",
           "set to", "is to be", "are to be", "will not now", "hopes", "proposing", "proposes", "propose", "hoped", "proposed", "proposal", "ambition",
           "subject to", "forecast", "deferred", "postponed", "delayed", "pending", "not yet", "did not reach",
           # put off to later, in any form ("the board put off a decision")
           "defer", "defers", "deferring", "postpone", "postpones", "postponing", "put off", "puts off", "putting off",
           "pushed back", "push back")
# Not known yet, so not done ("too early to say whether it has reduced ..."); their words stay topic words.
UNSETTLED = ("too early to say", "too early to tell", "remains to be seen", "yet to be", "not yet known", "unclear")


def find_phrase(text: str, phrase: str) -> re.Match | None:
    """``phrase`` in lower-cased ``text`` as whole words."""
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)


def phrases_in(text: str, phrases) -> list[str]:
    """Which of ``phrases`` occur in lower-cased ``text`` as whole words, in order of the list."""
    return [p for p in phrases if find_phrase(text, p)]


def planned_in(lower: str) -> str | None:
    """The word that makes a lower-cased text a plan or an expectation, not a fact."""
    return next(iter(phrases_in(_MET_PLAN.sub(" ", _AS_PLANNED.sub(" ", lower)), PLANNED + UNSETTLED)), None)


# "went live as planned" is done; "was planned to" is not
_AS_PLANNED = re.compile(r"\bas planned\b")
# A plan met or missed is a fact, not a plan: "hitting the programme's original target", "two weeks ahead of the target"
_MET_PLAN = re.compile(r"\b(?:hit|hits|hitting|met|meet|meets|meeting|achieved|achieves|achieving|reached|reaches|reaching|"
                       r"exceeded|exceeds|exceeding|beat|beats|beating|missed|misses|missing|ahead of|behind|short of)\s+(?:\S+\s+){0,3}?"
                       r"(?:target|ambition|aim|plan|goal)s?\b")


PAST_ENDING = re.compile(r"\b([a-z]{3,}ed)\b")
IRREGULAR_PAST = {
    "won": "win", "gave": "give", "given": "give", "made": "make", "took": "take", "taken": "take", "paid": "pay",
    "spent": "spend", "told": "tell", "chose": "choose", "chosen": "choose", "began": "begin", "begun": "begin",
    "sent": "send", "went": "go", "bought": "buy", "built": "build", "brought": "bring", "found": "find", "led": "lead",
    "held": "hold", "met": "meet", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "grew": "grow",
    "grown": "grow", "became": "become", "wrote": "write", "written": "write", "sold": "sell", "kept": "keep",
}
