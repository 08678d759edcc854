"""Typing slips put right against the words an index uses, the same way for questions and claims.

A word the documents never use, that is no English word, is taken for a slip of a word one edit away
(a letter dropped, added, changed or two swapped) that keeps its first letter and that the documents
use (a hyphenated word written solid included: "rollout" for "roll-out") or English commonly has. "fudning"
becomes "funding"; "leeds" stays (it would need a new first letter). A longer word with no such
neighbour may hold two slips that keep its letters ("evalutoin", "netwrkos": letters swapped, one
dropped or doubled): it becomes a word the documents use two such edits away. Two changed letters are
not taken for slips: they make another word too often ("morland" is no slip of "midland").
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from .figures import singular
from .lexicon import NEGATED_CONTRACTIONS
from .names import is_english

MIN_ACRONYM, MAX_ACRONYM = 3, 6  # letters of an acronym a reader coins ("eoi", "dpias")
# Each lookup reads every passage: a text full of made-up words must not cost one read per word
MAX_ACRONYMS_LOOKED_UP = 3
MIN_TYPO_LENGTH = 4  # shorter words are not corrected: too many words are one edit from them
LETTERS = "abcdefghijklmnopqrstuvwxyz"
COMMON_ZIPF = 3.0  # once per million words
# Two slips only in a word of more than five letters, as search engines allow (Elasticsearch's AUTO
# fuzziness: one edit for 3-5 letters, two above): shorter words are two edits from too many others
MIN_TWO_SLIP_LENGTH = 6


# Short forms people type for ordinary words ("48 hrs", "3 yrs"): read as the word, unless the
# documents themselves use the short form. Not "min", which is as often "minimum" as "minute".
SHORT_FORMS = {
    "hr": "hour", "hrs": "hours", "mins": "minutes", "wk": "week", "wks": "weeks",
    "mth": "month", "mths": "months", "yr": "year", "yrs": "years", "approx": "approximately",
    "govt": "government", "dept": "department", "info": "information", "amt": "amount", "avg": "average",
    "mgmt": "management", "pct": "percent", "exam": "examination", "exams": "examinations", "max": "maximum",
    "ppl": "people", "org": "organisation", "orgs": "organisations", "hosp": "hospital", "hosps": "hospitals",
    "mgr": "manager", "reqs": "requirements", "tel": "telephone",
}


def expand_short_forms(snapshot, text: str) -> str:
    """Short forms and acronyms of the reader's own spelled out, where the documents do not use them:
    "48 hrs", "the eoi deadline" (of "expressions of interest", which the documents write)."""
    looked_up = 0

    def expand(match: re.Match) -> str:
        nonlocal looked_up
        word = match.group(0).lower()
        if word in snapshot.vocabulary:
            return match.group(0)
        if word in SHORT_FORMS:
            return SHORT_FORMS[word]
        coined = MIN_ACRONYM <= len(word) <= MAX_ACRONYM and not is_english(word) and not snapshot.abbreviates(word)
        if not coined or looked_up >= MAX_ACRONYMS_LOOKED_UP:
            return match.group(0)
        looked_up += 1
        return snapshot.spelled_out(word) or match.group(0)

    return re.sub(r"(?<![\w'])[A-Za-z]+(?![\w'])", expand, text)


def correct_typos(snapshot, text: str) -> str:
    """``text`` with short forms spelled out and each slip of a word replaced (lower-cased); figures,
    short words and known words stay."""
    text = expand_short_forms(snapshot, text)

    def known(word: str) -> bool:
        # a plural of a word too short to correct itself is no correction ("peru" is no slip of "pers")
        return (
            word in snapshot.vocabulary
            or (word.endswith("s") and len(word) > MIN_TYPO_LENGTH and word[:-1] in snapshot.vocabulary)
            or snapshot.abbreviates(word)
        )

    def fix(match: re.Match) -> str:
        typed, suffix = match.group(1), match.group(2) or ""
        word = typed.lower()
        if (word + suffix).lower().replace("’", "'") in NEGATED_CONTRACTIONS:
            return match.group(0)  # "wouldn't", "doesnt": a word of its own, not a slip of "would"
        if len(word) < MIN_TYPO_LENGTH or known(word) or compound_of_known(word, snapshot.vocabulary):
            return match.group(0)
        # A word of the 1934 dictionary that nobody writes today ("valely", "sined") is likelier a slip of
        # a word the documents use; any other English word is meant as typed.
        unused = is_english(word) and zipf_frequency(word, "en") == 0
        if is_english(word) and not unused:
            return match.group(0)
        # Never to a word too short to correct itself ("peru" is no slip of "per"), and a word as short as
        # that only to a word the documents use: English has a word one edit from most short names ("perk")
        options = [
            c for c in one_edit_away(word)
            if len(c) >= MIN_TYPO_LENGTH and c[0] == word[0]
            and (known(c) or c in snapshot.document_frequency or (len(word) > MIN_TYPO_LENGTH and common_english(c)))
        ]
        if unused:
            options = [c for c in options if known(c)]
        elif not options and len(word) >= MIN_TWO_SLIP_LENGTH:
            options = [
                w for w in _same_letters_but_one(snapshot, word)
                if w[0] == word[0] and len(w) >= MIN_TYPO_LENGTH and edit_distance(word, w, 2) <= 2
            ]
        if not options:
            return match.group(0)
        # The likeliest word meant is one the documents use, the more they use it the likelier (each kind
        # of slip counts alike: "milion" is "million", not the English "minion"); then a word of the
        # same length (a swapped or mistyped letter), of the very letters typed before any other (two
        # letters swapped keep them all: "trilped" is "tripled", not "tripped"); then the commoner English
        # word ("recieve" is "receive", not "relieve").
        return max(options, key=lambda c: (known(c), snapshot.document_frequency.get(c, 0), len(c) == len(word),
                                           sorted(c) == sorted(word), zipf_frequency(c, "en"), c)) + suffix

    # a word with what an apostrophe adds ("valely's", "wouldn't"), which is kept as typed
    return re.sub(r"([A-Za-z]{%d,})((?:['’][A-Za-z]+)?)" % MIN_TYPO_LENGTH, fix, text)


def common_english(word: str) -> bool:
    """An English word people commonly write (at least once in a million words, wordfreq's Zipf 3): a
    slip is put right to such a word the documents do not use ("recieve" -> "receive"), never to a rare
    one that would hide a name ("morland" is no slip of the obsolete "mowland")."""
    return is_english(word) and zipf_frequency(word, "en") >= COMMON_ZIPF


def compound_of_known(word: str, vocabulary) -> bool:
    """Two words of the documents written as one ("xray", "followup"), or a possessive without its
    apostrophe ("londons")."""
    if word.endswith("s") and word[:-1] in vocabulary:
        return True
    return any(
        word[:i] in vocabulary and (word[i:] in vocabulary or singular(word[i:]) in vocabulary)
        for i in range(1, len(word))
        if max(i, len(word) - i) >= 3
    )


def _same_letters_but_one(snapshot, word: str) -> list[str]:
    """The documents' words with the letters of ``word``, but for one more or fewer: what swapped,
    dropped and doubled letters leave."""
    letters = "".join(sorted(word))
    keys = {letters} | {letters[:i] + letters[i + 1 :] for i in range(len(letters))} | {"".join(sorted(word + c)) for c in LETTERS}
    return [w for key in keys for w in snapshot.words_by_letters.get(key, ())]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Letters dropped, added, changed or two swapped to turn ``a`` into ``b`` (optimal string
    alignment), or ``limit + 1`` once it is certain to exceed ``limit``."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def one_edit_away(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}
