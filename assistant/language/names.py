"""Names learned from the indexed documents, so a question is read the same in any letter case.

A *gazetteer* is built from the documents' own text: runs of capitalised words ("Northmoor
Imaging Network"), acronyms and product codes ("NIN", "ABC0123"), single capitalised words that the
documents never write in lower case (a product, a town), and aliases from "Long Name (ABBR)". A
question is matched against it lower-cased, so "northmoor imaging network" and "Northmoor Imaging Network" are the
same name; an acronym's plural ("CTs") or a code's letter prefix ("ABC" for "ABC0123") is that name too.

A word of a question that the documents never use and that is not an English word in lower case
(a town, a hospital) is taken for a name the documents do not know; English word lists write proper
nouns with a capital, so they do not count as English words here. Two lists are read: Webster's 1934
dictionary (web2, its lower-case entries) and lemminflect's lexicon of modern English with its
inflections ("email", "workflow", "helplines"), which has no proper nouns; the older list alone took
every word coined since ("email", "online", "workforce") for a name.
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .figures import MONTHS
from .lexicon import BODY_NOUNS, NEGATED_CONTRACTIONS, PRODUCT_NOUNS
from .tokens import STOPWORDS, words

# Words that may join the parts of one name: "Department of Health and Social Care".
_JOINERS = {"of", "and", "for", "the", "&", "on", "in"}
_CAPITALISED = re.compile(r"[A-Z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Z]")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]|&")
_ALIAS = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the|&|on|in)\s+)*){1,8}[A-Z][\w'’-]*)\s*\(([A-Z][A-Za-z0-9&-]{1,12})\)")
_CODE = re.compile(r"^([a-z]{2,})[-]?\d[a-z0-9-]*$")  # "abc0123", "cxr-2": letters then a number
MAX_NAME_WORDS = 6
_RUN = r"((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)"
_THING = "(?:%s)" % "|".join(sorted(PRODUCT_NOUNS))
# How a document says a name is of a product: "the software, FractaLens XR", "its product FractaLens XR",
# "the FractaLens XR software", "ChestView CXR-2, supplied by Lumora Diagnostics"
_PRODUCT_SAID = (
    re.compile(r"\b(?:the|its|their|a|an)\s+(?:[a-zA-Z-]+\s+){0,2}?%s,?\s+%s" % (_THING, _RUN)),
    re.compile(r"%s\s+%s\b" % (_RUN, _THING)),
    re.compile(r"%s,?\s+(?:is\s+|was\s+)?(?:supplied|made|developed|built|manufactured|sold)\s+by\b" % _RUN),
)
# A word shaped like a brand or a model, whatever a document says of it: "ChestView", "FX3", "NQ-220"
_BRAND_WORD = re.compile(r"\b(?:[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Za-z]+-?\d[A-Za-z0-9-]*)\b")
_BREAK = re.compile(r"[,;:()\[\]|/–—.!?\"“”]")  # punctuation between two words: they are not one name
_LABEL = re.compile(r"[0-9][0-9.]*|[A-Za-z]|[ivxIVX]+")  # what numbers a list item or a section
# Words of a date: a name never runs into one ("the Fund on Friday 23 June", "England in April").
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
DATE_WORDS = frozenset(MONTHS) | WEEKDAYS


@functools.lru_cache(maxsize=1)
def english_words() -> tuple[np.ndarray, np.ndarray]:
    """Lower-case English words, each list sorted as one array of bytes: web2's headwords (proper nouns,
    which it capitalises, are left out) and every form of a word in lemminflect's lexicon. Arrays
    rather than sets of strings, and lemminflect's word forms read from its table's first column
    rather than through its look-up (which parses the parts of speech and keeps 49 MB of them alive):
    19 MB for the process instead of 82 MB."""
    from english_words import get_english_words_set
    from lemminflect import config

    def table(listed) -> np.ndarray:
        return np.array(sorted({w for w in listed if w.islower() and w.isalpha() and w.isascii()}), dtype=bytes)

    with gzip.open(config.lemma_lu_fn, "rt", encoding="utf-8") as lines:  # "word,part of speech,lemmas"
        forms = table({line.split(",", 1)[0] for line in lines})
    return table(get_english_words_set(["web2"], lower=False, alpha=True)), forms


def _in(table: np.ndarray, word: str) -> bool:
    key = word.encode()
    # A word longer than every listed one is not listed; and a longer key would make numpy copy the
    # whole table at the key's width for each look-up (0.5 s for a 2,000-letter "word").
    if not word.isascii() or len(key) > table.dtype.itemsize:
        return False
    at = int(np.searchsorted(table, key))
    return at < len(table) and table[at] == key


# British spellings the American word lists write otherwise: "organise", "analysed", "behaviour"
_BRITISH = ((re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"), (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"), (re.compile(r"our"), "or"))


# "doesnt", and the "doesn" a tokenizer leaves of "doesn't"
_CONTRACTION_WORDS = frozenset(c.removesuffix("'t") for c in NEGATED_CONTRACTIONS)


@functools.lru_cache(maxsize=65536)
def is_english(word: str) -> bool:
    """An English word in British or American spelling, allowing for regular inflections the word
    lists leave out. The American form must be one people still write (wordfreq has seen it): the
    lists' rare entries would make names English (a given name ending in "-ise" whose "-ize" form is an
    obsolete dictionary word)."""
    from wordfreq import zipf_frequency

    if word in _CONTRACTION_WORDS:
        return True
    return _listed(word) or any(
        _listed(american) and zipf_frequency(american, "en") > 0
        for pattern, replacement in _BRITISH
        if (american := pattern.sub(replacement, word)) != word
    )


def _listed(word: str) -> bool:
    """In either list, or a regular inflection of a web2 headword (lemminflect lists its inflections)."""
    headwords, forms = english_words()
    if _in(headwords, word) or _in(forms, word):
        return True
    for suffix, replacement in (
        ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("ers", ""),
        ("est", ""), ("est", "e"), ("iest", "y"), ("ier", "y"), ("er", "e"),
    ):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        base = word[: -len(suffix)]
        if _in(headwords, base + replacement):
            return True
        if suffix in ("ed", "ing", "er", "ers", "est") and len(base) > 3 and base[-1] == base[-2] and _in(headwords, base[:-1]):
            return True  # "referred", "planning": a doubled consonant
    return False


@dataclass(frozen=True)
class Name:
    key: tuple[str, ...]  # lower-case words
    text: str  # as the question wrote it

    @property
    def label(self) -> str:
        return " ".join(self.key)


@dataclass
class Gazetteer:
    names: set[tuple[str, ...]] = field(default_factory=set)
    aliases: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    codes: dict[str, set[str]] = field(default_factory=dict)  # letter prefix -> codes ("abc" -> {"abc0123"})
    # Kinds of body a name may be of: the English words that end the documents' names ("network" of
    # "Northmoor Imaging Network") and the kinds any public document names (lexicon.BODY_NOUNS)
    body_words: set[str] = field(default_factory=lambda: set(BODY_NOUNS))
    # Acronyms of bodies the documents write out in lower case: "icb" for "its integrated care board"
    body_acronyms: set[str] = field(default_factory=set)
    # The first words of the names of products: said to be one (_PRODUCT_SAID) or shaped like a brand
    # (_BRAND_WORD); "ChestView CXR-2" and "ChestView" are one product, "chestview"
    products: set[str] = field(default_factory=set)

    @classmethod
    def learn(cls, texts: Iterable[str]) -> "Gazetteer":
        gazetteer = cls()
        lower_seen: set[str] = set()
        candidates: list[tuple[str, ...]] = []
        said_products: set[str] = set()
        brand_words: set[str] = set()
        for text in texts:
            said_products.update(m.group(1) for pattern in _PRODUCT_SAID for m in pattern.finditer(text))
            brand_words.update(w.lower() for w in _BRAND_WORD.findall(text))
            lower_seen.update(t for t in _TOKEN.findall(text) if t.islower())
            for line in text.splitlines():
                candidates.extend(_capitalised_runs(line))
            for match in _ALIAS.finditer(text):
                short = tuple(words(match.group(2)))
                long_name = _abbreviated(match.group(2), tuple(words(match.group(1))))
                if long_name and short:
                    gazetteer.aliases.setdefault(short, set()).add(long_name)
                    gazetteer.aliases.setdefault(long_name, set()).add(short)
                    gazetteer.names.update({long_name, short})
            gazetteer.body_acronyms.update(_body_acronyms(text))
        singles: set[tuple[str, ...]] = set()
        for run in map(_without_article, candidates):
            if len(run) == 1:
                singles.add(run)
            if not run or run[0] in DATE_WORDS:
                continue
            if len(run) > 1:
                gazetteer.names.add(run)
            # a word of a name that is never written in lower case is a name on its own ("Northmoor" of "Northmoor Imaging Network")
            gazetteer.names.update(
                (word,) for word in run if len(word) >= 3 and word not in lower_seen and word not in DATE_WORDS and not is_english(word)
            )
        gazetteer._alias_heads(singles, lower_seen)
        for name in list(gazetteer.names):
            if len(name) == 1 and (code := _CODE.match(name[0])):
                gazetteer.codes.setdefault(code.group(1), set()).add(name[0])
            if len(name) > 1 and len(name[-1]) >= 3 and name[-1].isalpha() and name[-1] not in MONTHS and name[-1] not in STOPWORDS and is_english(name[-1]):
                gazetteer.body_words.add(name[-1])
        said = {n.key for text in said_products for n in gazetteer.find(text)}
        gazetteer.products = {name[0] for name in gazetteer.names if name[-1] not in gazetteer.body_words
                              and (name in said or name[0] in brand_words)}
        return gazetteer

    def _alias_heads(self, singles: set[tuple[str, ...]], lower_seen: set[str]) -> None:
        """The last word of one name, capitalised on its own (``singles``: one-word capitalised runs) and
        never written in lower case, is that name: "the Pathfinder" of the "Diagnostic Digital Pathfinder".
        Not when it ends several names, nor for a title-case heading taken for a name ("Building on the
        Pathfinder")."""
        heads: dict[str, set[tuple[str, ...]]] = {}
        for name in self.names:
            if len(name) > 1 and "the" not in name:
                heads.setdefault(name[-1], set()).add(name)
        for run in singles:
            if len(run[0]) >= 3 and run[0] not in lower_seen and len(heads.get(run[0], ())) == 1:
                (whole,) = heads[run[0]]
                self.names.add(run)
                self.aliases.setdefault(run, set()).add(whole)
                self.aliases.setdefault(whole, set()).add(run)

    def find(self, text: str) -> list[Name]:
        """Names of the gazetteer in ``text``, whatever its case; longest first where they overlap."""
        raw = [part for token in _TOKEN.findall(text.replace("’", "'")) for part in re.findall(r"[A-Za-z0-9]+", token.removesuffix("'s"))]
        tokens = [t.lower() for t in raw]
        found: list[Name] = []
        position = 0
        while position < len(tokens):
            for length in range(min(MAX_NAME_WORDS, len(tokens) - position), 0, -1):
                key = self._known(tuple(tokens[position : position + length]))
                if key is not None and not (length == 1 and key[0] in STOPWORDS):
                    found.append(Name(key, " ".join(raw[position : position + length])))
                    position += length
                    break
            else:
                position += 1
        return found

    def _known(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        if key in self.names:
            return key
        last = key[-1]
        if last.endswith("s") and (singular := key[:-1] + (last[:-1],)) in self.names:
            return singular  # "CTs", "networks"
        if len(key) == 1 and len(last) >= 3 and last in self.codes:
            return (min(self.codes[last]),)  # "ABC" for "ABC0123"
        return None

    def aliases_of(self, key: tuple[str, ...]) -> set[tuple[str, ...]]:
        """A name's aliases; for one word of a single aliased name, that name's ("SIC" for "Severnmouth"
        of the "Severnmouth Imaging Collaborative (SIC)")."""
        if key in self.aliases or len(key) > 1:
            return self.aliases.get(key, set())
        holders = {name for name in self.aliases if len(name) > 1 and key[0] in name}
        return set(self.aliases[holders.pop()]) if len(holders) == 1 else set()

    def forms(self, name: Name) -> list[tuple[str, ...]]:
        """The name and its aliases (a word of one aliased name has that name's: "Severnmere" is "SHT"):
        any of them in a passage means the passage names it."""
        return [name.key, *sorted(self.aliases_of(name.key))]


_BODY_RUN = re.compile(r"\b((?:[a-z]+\s+){1,3})(%s)s?\b" % "|".join(sorted(BODY_NOUNS)), re.I)


def _body_acronyms(text: str) -> set[str]:
    """Initials (three letters or more) of the words naming a body, in any case: "integrated care board"
    gives "icb"; a run stops at a small word ("its integrated care board" is still "icb")."""
    found = set()
    for match in _BODY_RUN.finditer(text):
        before = match.group(1).lower().split()
        small = [i for i, w in enumerate(before) if w in STOPWORDS]
        parts = [*before[small[-1] + 1 if small else 0 :], match.group(2).lower()]
        for start in range(len(parts) - 2):
            found.add("".join(w[0] for w in parts[start:]))
    return found


def _capitalised_runs(line: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words ("Northmoor Imaging Network", "NIN"), not counting a
    single word that only starts a sentence."""
    runs: list[tuple[str, ...]] = []
    tokens = list(_TOKEN.finditer(line))
    current: list[str] = []
    joiners: list[str] = []
    previous_end = 0
    for index, match in enumerate(tokens):
        token = match.group(0)
        if current and (_BREAK.search(line, previous_end, match.start()) or token.lower() in DATE_WORDS):
            # "X-rays, CT scans", "Network. In the trusts", "England in April", "Fund on Friday": one name ends here
            runs.append(_trimmed(current))
            current, joiners = [], []
        previous_end = match.end()
        starts_sentence = index == 0 or _follows_a_stop(line, match.start()) or all(
            _LABEL.fullmatch(t.group(0)) for t in tokens[:index])  # "4.3 Same-day reporting", "b) Trusts"
        if _CAPITALISED.fullmatch(token) and not (starts_sentence and not current and _plain_capital(token)):
            if joiners[:2] in (["and", "the"], ["&", "the"]):  # "the X Fund and the Y Fund": two names
                runs.append(_trimmed(current))
                current, joiners = [], []
            current.extend(joiners)
            joiners = []
            current.extend(words(token.replace("’", "'").removesuffix("'s").removesuffix("'S")))
        elif current and token.lower() in _JOINERS:
            joiners.append(token.lower())
        else:
            if current:
                runs.append(_trimmed(current))
            current, joiners = [], []
    if current:
        runs.append(_trimmed(current))
    return runs


def _trimmed(run: list[str]) -> tuple[str, ...]:
    """At most MAX_NAME_WORDS words, never ending in a joining word ("... Imaging Network for")."""
    kept = run[:MAX_NAME_WORDS]
    while kept and kept[-1] in _JOINERS:
        kept.pop()
    return tuple(kept)


def _follows_a_stop(line: str, position: int) -> bool:
    """The last character before ``position``, spaces aside, ends a sentence or a lead-in. Looks back
    from ``position`` rather than searching the whole line before it for each word (that made learning
    the names of a large library quadratic in line length)."""
    before = position - 1
    while before >= 0 and line[before].isspace():
        before -= 1
    return before >= 0 and line[before] in ".!?:;|"  # ";" and "|" also part a table's cells


def _without_article(name: tuple[str, ...]) -> tuple[str, ...]:
    return name[1:] if name[:1] == ("the",) else name


def _plain_capital(token: str) -> bool:
    """A word capitalised only as a sentence's first ("The", "Trusts"), not an acronym or a code."""
    return token[1:].islower() or len(token) == 1


def _abbreviated(short: str, run: tuple[str, ...]) -> tuple[str, ...]:
    """The longest end of a run of capitalised words that ``short`` abbreviates: a heading or a
    sentence's first word run into the name ("Answer / The Diagnostic AI Acceleration Fund (DAAF)")
    is not part of it."""
    for start in range(len(run)):
        name = run[start:]
        if name[0] not in _JOINERS and _initials_fit(short, name):
            return name
    return ()


def _initials_fit(short: str, long_name: tuple[str, ...]) -> bool:
    """"NRIN" may abbreviate "Northmoor Regional Imaging Network": its letters appear in
    order among the long name's initials and words."""
    letters = [c for c in short.lower() if c.isalpha()]
    text = "".join(w for w in long_name if w not in _JOINERS)
    initials = "".join(w[0] for w in long_name if w not in _JOINERS)
    if letters and letters[0] != initials[0]:
        return False
    position = 0
    for letter in letters:
        position = text.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True
