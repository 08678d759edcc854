"""Words, tokens and stems: the one notion of "the same word" that every stage shares.

``words`` are plain lower-case words (for matching names); ``tokenize`` drops stopwords and keeps
figures such as "1.2m", "86%" and "£21" whole (for weighting terms); ``stem`` folds inflections
("pledged"/"pledge"). Apostrophes and curly quotes are folded first, so "what's", "whats" and
"what’s" read alike.
"""

from __future__ import annotations

import functools
import re

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

TOKEN_RE = re.compile(r"[a-z0-9£$%]+(?:[.,'][a-z0-9]+)*")
STOPWORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its "
    "me my of on or our so than that the their them then there these they this to was we were what when where "
    "which who whom why will with would you your about any all also more most much many".split()
) | frozenset(
    # contractions as people type them without the apostrophe
    "whats thats theres heres hows whos wheres whens im ive id youre theyre weve isnt arent wasnt werent dont doesnt "
    "didnt hasnt havent hadnt wont wouldnt cant couldnt shouldnt mustnt lets".split()
)


@functools.lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The English Snowball stem: "pledged" and "pledge" meet, "round" and "roundtable" do not."""
    return _STEMMER.stemWord(token)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; keeps figures like 1.2m, 86% and £21 intact."""
    kept = []
    for token in TOKEN_RE.findall(text.lower().replace("’", "'")):
        if "'" in token:  # rare: most tokens skip both string operations (tokenizing is per sentence read)
            token = token.removesuffix("'s")
            if token in STOPWORDS:
                continue
            token = token.replace("'", "")
        elif token in STOPWORDS:
            continue
        kept.append(token)
    return kept


# A word written with hyphens ("X-ray", "follow-up"): people also type it as one word ("xray", "followup")
HYPHENATED = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")


def index_terms(text: str) -> list[str]:
    """The tokens a document's text is found by: a hyphenated word also written solid ("x-ray" gives
    "x", "ray" and "xray"), so a question typing it as one word meets it. Questions and claims are
    read with ``tokenize`` alone, so a claim's parts are not counted twice."""
    lowered = text.lower()
    terms = tokenize(lowered)
    if "-" in lowered:
        terms += [match.group(0).replace("-", "") for match in HYPHENATED.finditer(lowered)]
    return terms
