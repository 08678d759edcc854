"""A small domain thesaurus: broader words users ask with, and the narrower words documents use.

"How many scans a week?" is answered by "1,200 chest CTs a week"; "which company did they pick?" by
"the AI supplier chosen". Matching goes between a head word and its members only, so "scans" covers
CTs and X-rays but a CT is never taken for an X-ray.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

COVERS = {
    "scan": frozenset({"ct", "x-ray", "xray", "mri", "image", "examination", "exam"}),
    "supplier": frozenset({"vendor", "company", "firm", "provider", "manufacturer", "developer"}),
    "staff": frozenset({"radiographer", "radiologist", "clinician", "doctor", "nurse", "consultant", "sonographer",
                        "physicist", "employee", "worker"}),
}


# Words people use for the same thing in grant guidance ("how long can our bid be" / "the application
# narrative"; "how big is the pot" / "the fund"): a text using one also uses the others, for matching
# words only (names and figures are read as written).
SAME_MEANING = tuple(frozenset(group.split()) for group in (
    "bid bids application applications proposal proposals",
    "pot pots fund funds envelope",
    "staff workforce",
    "mandatory compulsory obligatory mandated",
    "scheme schemes programme programmes program programs",
    "rollout rollouts deployment deployments",
    "change changed changes revise revised revises revision amend amended amends amendment",
))
_SAME_MEANING_OF = {word: group for group in SAME_MEANING for word in group}


def with_same_meaning(terms: list[str]) -> frozenset[str]:
    """The terms with every word of the same meaning as one of them (``SAME_MEANING``)."""
    found = frozenset(terms)
    return found.union(*(_SAME_MEANING_OF[t] for t in found if t in _SAME_MEANING_OF))


# A body's part in the work, said with a verb ("made by", "supplies") rather than as a post beside a name.
BODY_ROLES = frozenset({"supplier", "maker", "contractor", "partner", *COVERS["supplier"]})

# What a post is also called: "who is the boss" is answered by a chief executive or a head.
ROLE_ALIASES = {
    "boss": frozenset({"executive", "head", "leader"}),
    "ceo": frozenset({"executive"}),
    "exec": frozenset({"executive"}),
    "minister": frozenset({"secretary"}),  # a Secretary of State is a minister
    "chairman": frozenset({"chair"}),
    "chairwoman": frozenset({"chair"}),
    "chairperson": frozenset({"chair"}),
}


# A post still to be filled: the body named beside it appoints, it does not hold it ("NHS England
# intends to appoint a national evaluation partner", "each network must appoint a clinical safety officer").
_TO_BE_FILLED = re.compile(
    r"\b(?:intends?|intending|expects?|expecting|plans?|planning|aims?|hopes?|is due|are due|will seek|needs?|"
    r"(?:is|are) required|(?:is|are) expected|(?:will|would) need)\s+to\s+(?:appoint|recruit|procure|select|choose|name|nominate|designate)\b"
    r"|\b(?:will|must|should|shall)\s+(?:appoint|recruit|procure|select|choose|nominate|designate)\b"
    r"|\b(?:to be|yet to be|not yet been|not been)\s+(?:appointed|recruited|procured|selected|chosen|named|nominated|designated)\b", re.I)


def post_to_be_filled(text: str) -> bool:
    return bool(_TO_BE_FILLED.search(text))


def holds_role(words: Iterable[str], role: Iterable[str]) -> bool:
    """Singular, lower-case words name the post asked for: each of its words, or what it is also called."""
    present = set(words)
    return all(any(names_thing(present, w) for w in ROLE_ALIASES.get(word, frozenset()) | {word}) for word in role)


def same_thing(asked: str, stated: str) -> bool:
    """Singular, lower-case words: equal (a hyphen aside: "x-ray" is "xray"), or one is the head word
    covering the other."""
    if asked.replace("-", "") == stated.replace("-", ""):
        return True
    return stated in COVERS.get(asked, ()) or asked in COVERS.get(stated, ())


def names_thing(words: Iterable[str], asked: str) -> bool:
    return any(same_thing(asked, word) for word in words)


# Places of the UK whose names are also English words ("wales", "the midlands", "kent"): named in a
# question and never in the documents, they are what the documents do not cover, as any other name is.
PLACE_WORDS = frozenset("wales midlands kent leeds surrey durham derby hull".split())
# The same for places named in several English words: England's NHS regions ("the north west")
PLACE_PHRASES = tuple(tuple(p.split()) for p in (
    "north east and yorkshire", "north west", "north east", "south west", "south east", "east of england",
    "east midlands", "west midlands", "yorkshire and the humber",
))


def places_named(tokens: list[str], known: Callable[[tuple[str, ...]], bool]) -> list[str]:
    """The place phrases (``PLACE_PHRASES``) among lower-case ``tokens`` that ``known`` does not know,
    longest first where they overlap."""
    found: list[str] = []
    taken: set[int] = set()
    for phrase in PLACE_PHRASES:
        for at in range(len(tokens) - len(phrase) + 1):
            span = set(range(at, at + len(phrase)))
            if tuple(tokens[at : at + len(phrase)]) == phrase and not span & taken:
                taken |= span
                if not known(phrase):
                    found.append(" ".join(phrase))
    return list(dict.fromkeys(found))


# The two ends of a range, as a question asks for one and a sentence gives one ("the smallest award made" /
# "the maximum award"). Not "most" or "least" ("most of", "at least" are no ends), nor "latest" ("the latest
# figures" are the newest).
RANGE_ENDS = {
    "lowest": frozenset("smallest lowest minimum min fewest shortest".split()),
    "highest": frozenset("largest biggest maximum max highest greatest longest".split()),
}


# What a product is called when a document names it no more ("the software", "the tool"): a named
# product referred back to by its kind, as bodies are by theirs.
PRODUCT_NOUNS = frozenset("software tool product system platform device algorithm app application solution".split())


# Kinds of body a name is for in any public document, whether or not these documents name one:
# "the welsh government", "the zephyr valley health board".
BODY_NOUNS = frozenset(
    "government council board trust network hospital university department agency authority commission committee "
    "ministry parliament assembly alliance partnership foundation institute college clinic practice company "
    "executive office service".split()
)


# "isn't", "won't", and the same typed without an apostrophe ("arent", "doesnt"), as chat users write them
NEGATED_CONTRACTIONS = tuple(
    f"{verb}{end}"
    for verb in ("is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "wo", "ca", "could", "should",
                 "would", "must", "need", "might", "ai")
    for end in ("n't", "nt")
)
