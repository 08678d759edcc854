"""The verdict rules, as an ordered table: the first row whose test finds a deciding sentence decides.

Each test looks at the claim's reading and the candidate evidence units (one sentence, with the lead-in
that introduces it when it is a quotation), best first, and returns a ``Finding``: the unit that decided,
what the claim says and what the source says. "Supported" needs ONE unit that states the subject, the
measure, every figure, the quantifier, the modality and the people of the claim; nothing is supported by
combining sentences or by similarity alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..language.figures import DATED_KINDS, Figure
from ..language.tokens import STOPWORDS, stem, words
from ..language.modality import planned_in
from .reading import ANAPHOR, ASIDE, Person, Reading, canon

SUPPORT_COVERAGE = 0.6  # share of the claim's topic (IDF-weighted) one unit must state to support it
TEXT_SUPPORT_COVERAGE = 0.65  # the same for a claim without figures, which has nothing else to pin it down
TEXT_SUPPORT_SIMILARITY = 0.55
CLASH_COVERAGE = 0.45  # a unit this much about the claim's topic can contradict it
PERSON_COVERAGE = 0.5  # a unit this much about what the claim credits to someone can name who did it
SUBJECT_EXTENT = 0.4  # share of a claim's parts, names included, that makes a unit about it
QUOTE_COVERAGE = 0.3  # words of a named person this close to the claim are what the claim reports


@dataclass
class Unit:
    """One evidence sentence (with its lead-in) as compared with the claim."""

    sentence: int
    chunk: int
    source: str
    lead: int | None
    similarity: float
    reading: Reading  # of lead-in + sentence
    heading_words: frozenset[str]
    coverage: float  # IDF-weighted share of the claim's topic stated in the unit
    names_in_text: list[tuple[str, ...]]  # the claim's names stated in the unit itself
    names_missing: list[tuple[str, ...]]  # the claim's names stated neither in the unit nor its headings
    names_missing_near: list[tuple[str, ...]]  # ... nor in the sentence before (what "the network" is)
    names_missing_passage: list[tuple[str, ...]]  # ... nor anywhere in the passage
    other_names: list[str]  # names the unit states that the claim does not
    clause: Reading  # the clause of the sentence most about the claim (for shares and directions)
    extent: float = 0.0  # share of all the claim's parts (words, names, figures) stated in the unit or its headings
    heading_figures: list[Figure] = field(default_factory=list)  # "£14 million accelerator ..." in the title
    referents: list[str] = field(default_factory=list)  # words of the unit meaning the claim's subject ("fund")
    passage_stems: frozenset[str] = frozenset()  # every stem of the unit's passage and its headings
    gap: bool = False  # says the public record is silent
    score: float = 0.0

    @property
    def names_ok(self) -> bool:
        return not self.names_missing


@dataclass
class Finding:
    unit: Unit
    claim_value: str = ""
    source_value: str = ""
    other: Unit | None = None  # a second source, where documents disagree
    other_value: str = ""


@dataclass
class Claim:
    reading: Reading
    units: list[Unit]
    unknown: list[str] = field(default_factory=list)  # names no document mentions


@dataclass(frozen=True)
class Rule:
    name: str
    verdict: str
    test: Callable[[Claim], Finding | None]
    explanation: str  # a key of prompts.EXPLAIN


# --- comparisons of a claim's part with a unit's --------------------------------------------------------
def unit_figures(unit: Unit) -> list[Figure]:
    return unit.reading.figures + unit.reading.descriptors


def sets_aside(figure: Figure, unit: Unit) -> bool:
    """The unit replaces ``figure`` with another: "now 12,300, rather than the 11,700 set out in May"."""
    return any(figure.matches(f) and _set_aside(unit, f) for f in unit_figures(unit))


def matched(figure: Figure, unit: Unit) -> Figure | None:
    """The unit's figure equal to ``figure``, unless the unit sets it aside for another ("rather than")."""
    return next((f for f in unit_figures(unit) if figure.matches(f) and not _set_aside(unit, f)), None)


def all_figures_matched(claim: Reading, unit: Unit) -> bool:
    return all(matched(f, unit) for f in claim.figures)


def figures_stated(claim: Reading, unit: Unit) -> bool:
    """Every figure in the unit, or in the title of its document ("£14 million accelerator ..."), with
    at least one in the unit itself, and each said of the claim's subject and counting what the claim's counts."""
    if not any(matched(f, unit) for f in claim.figures):
        return False
    if any((m := matched(f, unit)) and (not _said_of_subject(claim, unit, m) or _counted_otherwise(claim, unit, f, m)) for f in claim.figures):
        return False
    return all(matched(f, unit) or any(f.matches(h) for h in unit.heading_figures) for f in claim.figures)


# What a count is said to be: "of the 31 funded, 18 are imaging networks, 10 are pathology networks and
# 3 are joint bids" (up to the clause's end or the next count)
_COUNTED_AS = re.compile(
    r"\s*(?:of\s+[^,;.]{1,60}?\s+)?(?:are|were|is|was)\s+(?:now\s+|all\s+)?([^,;.:]+?)"
    r"(?=\s*(?:[,;.:]|\band\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b|$))",
    re.I,
)


# What an amount is for: "£0.7 million for the independent evaluation and £0.5 million for workforce
# training" (up to the clause's end or the next amount); in a claim, after a few words of its own
# ("£0.5 million of the budget is earmarked for training")
_PAID_FOR = re.compile(
    r"(?:\s+[^,;.:£$€\d]{0,60}?)?\s+for\s+(?:the\s+|a\s+|an\s+)?([^,;.:]+?)(?=\s*(?:[,;.:]|\band\s+[£$€\d]|$))",
    re.I,
)


def counted_as(text: str, figure: Figure) -> tuple[frozenset[str], str]:
    """A bare count's predicate, "10 are pathology networks", or what an amount is for, as content
    stems and as written."""
    pattern = {"count": _COUNTED_AS, "money": _PAID_FOR}.get(figure.kind)
    said = pattern.match(text[figure.end :]) if pattern else None
    return (_content_stems(said.group(1)), said.group(1)) if said else (frozenset(), "")


def _counted_otherwise(claim: Reading, unit: Unit, mine: Figure, theirs: Figure) -> bool:
    """The claim's count is said to be something the unit's equal count is not: "ten were joint bids"
    against "10 are pathology networks". An amount is for something else only when it shares nothing
    with what the claim says it is for and another amount of the unit is for that ("£0.7 million for
    workforce training" against "£0.7 million for the evaluation and £0.5 million for workforce training")."""
    said, stated = counted_as(claim.text, mine)[0], counted_as(unit.reading.text, theirs)[0]
    if not (said and stated):
        return False
    if mine.kind == "count":
        return not said <= stated
    return not said & stated and any(
        f is not theirs and f.kind == theirs.kind and said & counted_as(unit.reading.text, f)[0] for f in unit_figures(unit))


# A figure the text replaces with another: "now 12,300, rather than the 11,700 set out in May".
_SET_ASIDE = re.compile(r"\b(?:rather than|instead of|in place of|replacing|not)\s+(?:the\s+|a\s+|an\s+)?$")


def _set_aside(unit: Unit, figure: Figure) -> bool:
    return bool(_SET_ASIDE.search(unit.reading.text[max(0, figure.start - 30) : figure.start].lower()))


CHANGE_KINDS = ("percent", "count", "money")  # kinds of figure whose values rise, fall and multiply


def _positive_values(unit: Unit, kind: str) -> list[Figure]:
    """The unit's figures of ``kind`` above zero, smallest first."""
    return sorted((f for f in unit_figures(unit) if f.kind == kind and float(f.value) > 0), key=lambda f: float(f.value))


def ratio_agrees(multiplier: float, unit: Unit) -> bool:
    """"More than doubled, from 31% to 66%": two values of one kind in the unit, in that ratio or more."""
    for kind in CHANGE_KINDS:
        values = [float(f.value) for f in _positive_values(unit, kind)]
        if len(values) >= 2 and values[-1] / values[0] >= (multiplier if multiplier >= 1 else 1 / multiplier) * 0.95:
            return True
    return False


def rival_figure(claim: Reading, unit: Unit) -> tuple[Figure, Figure] | None:
    """A figure of the unit competing with one of the claim's: the same kind of quantity, another value,
    said of the claim's subject (not in a clause about another name)."""
    for mine in claim.figures + claim.descriptors:
        if (same := matched(mine, unit)) and _said_of_subject(claim, unit, same):
            continue  # the unit gives this value to the claim's subject (an equal value of another's is no match)
        for theirs in unit_figures(unit):
            if (mine.comparable(theirs) or _kind_of(mine, theirs)) and not any(c.matches(theirs) for c in claim.figures + claim.descriptors):
                if mine.kind in DATED_KINDS and unit.gap:
                    continue  # "set no deadline" refutes no date
                if not _said_of_subject(claim, unit, theirs):
                    continue
                return mine, theirs
    return None


def _kind_of(mine: Figure, theirs: Figure) -> bool:
    """The source counts a kind of what the claim counts: "12,300 X-ray examinations" against "11,700 X-rays"."""
    return (mine.kind == theirs.kind == "count" and mine.duration() is None and len(mine.noun) >= 1
            and len(theirs.noun) >= 2 and theirs.noun[-2] == mine.noun[-1])


def _said_of_subject(claim: Reading, unit: Unit, figure: Figure) -> bool:
    """"A's award covers two years, and B's award is £1 million": £1 million is B's. The name
    mentioned nearest before the figure (or else after it) owns it; failing names, its clause decides."""
    text = unit.reading.text
    lower = unit.reading.lower
    mentions = []
    claim_forms = [form for n in claim.names for form in claim.forms.get(n, [" ".join(n)])] + unit.referents
    for label, is_claim in [(f, True) for f in claim_forms] + [(o.lower(), False) for o in unit.other_names]:
        for m in _mention(label).finditer(lower):
            mentions.append((m.start(), m.end(), is_claim))
    # "Ousebridge" in the claim, "Ousebridge Royal Infirmary" in the text: the longer name is how the text
    # writes the claim's subject, not a rival one
    claimed = [(start, end) for start, end, is_claim in mentions if is_claim]
    mentions = [m for m in mentions if m[2] or not any(m[0] <= start and end <= m[1] for start, end in claimed)]
    # a name after the figure owns it only in the figure's own clause ("ALT reported 91% in October, while
    # PHT reported 30%": October is ALT's) and list item ("X will receive £2.1 million for 8 hospitals, Y
    # will receive £2.2 million": 8 is X's)
    clause_end = next((end for start, end in unit.reading.clauses if start <= figure.start < end), len(text))
    mentions = [m for m in mentions if m[0] < clause_end and not (m[0] >= figure.end and _ITEM_BREAK.search(text, figure.end, m[0]))]
    # "The DHAF was launched by NHS England. It provides £21.5 million": a sentence opening with a reference
    # back and naming nothing before its figure is about the subject of the sentence before (its first name)
    opens = max((m.end() for m in _SENTENCE_END.finditer(text, 0, figure.start)), default=0)
    if opens and ANAPHOR.match(text[opens:]) and not any(opens <= m[0] < figure.start for m in mentions):
        earlier = [m for m in mentions if m[1] <= opens]
        if earlier:
            return min(earlier)[2]
    if mentions:
        # the nearest mention owns the figure; one after it counts double its distance ("X received £2m")
        def distance(m):
            return figure.start - m[1] if m[1] <= figure.start else 2 * (m[0] - figure.end) if m[0] >= figure.end else 0
        owner = min(mentions, key=distance)
        return owner[2] or not any(m[2] for m in mentions) and not claim.names
    for start, end in unit.reading.clauses:
        if start <= figure.start < end:
            clause = set(words(text[start:end]))
            if any(set(words(" ".join(n))) <= clause for n in claim.names):
                return True
            return not any(set(words(o)) <= clause for o in unit.other_names)
    return True


_ITEM_BREAK = re.compile(r"[,;:]")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+")


@functools.lru_cache(maxsize=4096)
def _mention(label: str) -> re.Pattern:
    """A name as a text writes it: any punctuation between its words, a plural ("X rays" in "X-ray")."""
    parts = words(label)
    if not parts:
        return re.compile(re.escape(label))
    last = re.escape(parts[-1].removesuffix("s")) + "s?" if len(parts[-1]) > 3 or len(parts) > 1 else re.escape(parts[-1])
    return re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]{1,3}".join([*map(re.escape, parts[:-1]), last]) + r"(?![a-z0-9])")


def _share(claim: Reading, unit: Unit) -> tuple[float, str] | None:
    return breakdown_share(claim, unit) or unit.clause.proportion or unit.reading.proportion


_WHOLE = re.compile(r"\b(?:of|out of)\s+(?:the\s+|its\s+|their\s+|these\s+|those\s+)?$", re.I)


def breakdown_share(claim: Reading, unit: Unit) -> tuple[float, str] | None:
    """"Of the 31 funded, 18 are imaging networks, 10 are pathology networks and 3 are joint bids": the
    share of the whole taken by the part the claim speaks of: the one whose predicate is most like the
    claim's words (Jaccard, over content stems); none when two parts are equally like them."""
    text = unit.reading.text
    counts = [f for f in unit_figures(unit) if f.kind == "count"]
    whole = next((f for f in counts if _WHOLE.search(text[: f.start])), None)
    if whole is None or not whole.value:
        return None
    claimed = _content_stems(claim.text)
    parts = []
    for part in counts:
        stems, written = counted_as(text, part) if part is not whole and part.value <= whole.value else (frozenset(), "")
        if stems:
            parts.append((len(stems & claimed) / len(stems | claimed), part, written))
    parts.sort(key=lambda p: p[0], reverse=True)
    if not parts or not parts[0][0] or (len(parts) > 1 and parts[1][0] == parts[0][0]):
        return None
    _, part, written = parts[0]
    return part.value / whole.value, f"{part.text} of {whole.text} are {written}"


def quantifier_clash(claim: Reading, unit: Unit) -> str | None:
    """The share the source states, when it is not what the claim's quantifier says."""
    if claim.quantifier not in ("all", "majority", "minority"):
        return None  # nothing to compare, and reading a breakdown's share is not free
    share = _share(claim, unit)
    said = unit.clause.quantifier or unit.reading.quantifier
    if claim.quantifier == "all":
        counts = {f.value for f in claim.figures if f.kind == "count"}
        part = next((text for value, text in unit.reading.partial if counts and value not in counts), None)
        if part:
            return part
        if share and share[0] < 0.999:
            return share[1]
        if said in ("only", "minority"):
            return said
    if claim.quantifier == "majority":
        if share and share[0] < 0.5:
            return share[1]
        if said in ("only", "minority"):
            return said
    if claim.quantifier == "minority" and share and share[0] > 0.5:
        return share[1]
    return None


def quantifier_agrees(claim: Reading, unit: Unit) -> bool:
    if not claim.quantifier:
        return True
    if quantifier_clash(claim, unit):
        return False
    share = _share(claim, unit)
    if claim.quantifier == "all" and not claim.figures:
        # "every hospital is live" is stated only by "all" (or a whole share): nothing else counts them
        return "all" in (unit.clause.quantifier, unit.reading.quantifier) or bool(share and share[0] >= 0.999)
    if claim.quantifier == "majority":
        return unit.reading.quantifier in ("majority", "all") or bool(share and share[0] > 0.5)
    if claim.quantifier == "minority":
        return unit.reading.quantifier in ("minority", "only") or bool(share and share[0] < 0.5)
    return True


def same_person(a: Person, b: Person) -> bool:
    return a.surname == b.surname or a.name == b.name


def person_named(person: Person, unit: Unit) -> Person | None:
    return next((p for p in unit.reading.people if same_person(person, p)), None) or (
        Person(person.name, frozenset(), "", person.text) if person.surname in unit.reading.lower.split() else None
    )


def role_clash(person: Person, theirs: Person) -> bool:
    """Both give a role and the claim's is another job ("director" for a "radiologist") or at another
    employer ("radiographer at Ousebridge" for one "at Kettlewell Vale")."""
    if not (person.role and theirs.role):
        return False
    mine, their_employer = _employer(person.role_text), _employer(theirs.role_text)
    if not person.role <= theirs.role or bool(mine and their_employer and not mine & their_employer):
        return True
    # the same head, each with words the other lacks: "national director for urgent and emergency care"
    # is not the "PFAAF programme director"; "director" is the "programme director"
    own, other = _role_words(person.role_text), _role_words(theirs.role_text)
    return bool(own - other) and bool(other - own)


def _role_words(role_text: str) -> frozenset[str]:
    return frozenset(stem(w.removesuffix("'s")) for w in words(role_text)) - _ROLE_FILLER


# Words many employers' names share: they do not tell one employer from another.
_GENERIC_EMPLOYER = frozenset("the nhs trust foundation hospital hospitals teaching university health care".split())
# Words of a role that do not tell one post from another: small words, an employer's generic words
_ROLE_FILLER = frozenset(stem(w) for w in (*STOPWORDS, *_GENERIC_EMPLOYER, "england"))


def _employer(role_text: str) -> frozenset[str]:
    """The distinctive words of the employer a role is held at ("... at Kettlewell Vale Hospitals")."""
    m = re.search(r"\bat\s+(.+)$", role_text)
    return frozenset(words(m.group(1))) - _GENERIC_EMPLOYER if m else frozenset()


def role_confirmed(person: Person, theirs: Person, unit: Unit) -> bool:
    """A role the claim gives is the unit's for that person, or is stated in its passage: a sentence
    naming the person without a role does not confirm the role."""
    if not person.role or theirs.role:
        return True
    return _content_stems(person.role_text) <= unit.passage_stems


def still_to_come(claim: Reading, unit: Unit) -> str:
    """What the claim states as done that the unit says will happen ("announced" / "we will announce")."""
    return "" if claim.planned else next(iter(sorted(claim.achieved & unit.reading.future)), "")


def already_done(claim: Reading, unit: Unit) -> str:
    """What the claim expects that the unit says has been done ("expected to release" / "were released")."""
    return next(iter(sorted(claim.stems & unit.reading.achieved)), "")


def planned_for(claim: Reading, unit: Unit) -> str | None:
    """What makes the unit's statement of the claim's figures a plan: in a sentence of several clauses, a
    plan in the clause giving the figure ("was planned to involve 12 trusts, but 9 took part" plans 12,
    not 9); otherwise a plan anywhere in it."""
    found = [m for f in claim.figures if (m := matched(f, unit)) and m in unit.reading.figures]
    if len(unit.reading.clauses) < 2 or not found:
        return unit.reading.planned
    return next((word for m in found if (word := _clause_plan(unit, m))), None)


def _clause_plan(unit: Unit, figure: Figure) -> str | None:
    """The word that makes the clause giving one of the unit's own figures a plan, in a sentence of several."""
    if len(unit.reading.clauses) < 2 or figure not in unit.reading.figures:
        return None
    text = unit.reading.lower
    return next((word for start, end in unit.reading.clauses if start <= figure.start < end and (word := planned_in(text[start:end]))), None)


def modality_agrees(claim: Reading, unit: Unit) -> bool:
    if not claim.planned and (planned_for(claim, unit) or still_to_come(claim, unit)):
        return False
    if claim.planned and not (unit.reading.planned or unit.reading.future) and already_done(claim, unit):
        return False  # "is expected to release 21,000 bed days" is not "21,000 bed days were released"
    if obligation_clash(claim, unit):
        return False
    if claim.multiplier and unit.reading.multiplier and claim.multiplier[0] != unit.reading.multiplier[0]:
        return False
    if claim.multiplier and not unit.reading.multiplier and not ratio_agrees(claim.multiplier[0], unit):
        return False
    d1, d2 = claim.direction, unit.clause.direction or unit.reading.direction
    return not (d1 and d2 and d1[0] != d2[0])


def people_agree(claim: Reading, unit: Unit) -> bool:
    for person in claim.people:
        theirs = person_named(person, unit)
        if theirs is None or role_clash(person, theirs) or not role_confirmed(person, theirs, unit):
            return False
    return True


def quotes_agree(claim: Reading, unit: Unit) -> bool:
    text = " ".join(words(unit.reading.lower))
    return all(" ".join(words(q)) in text for q in claim.quotes)


def obligation(unit: Unit):
    return unit.clause.obligation or unit.reading.obligation


def obligation_clash(claim: Reading, unit: Unit) -> str:
    """The unit obliges where the claim leaves optional, or the reverse. A claim stating both kinds, each
    for its own group, is compared clause by clause: each of its clauses with the unit's clause sharing
    most of its words ("compulsory for radiologists, but ED clinicians can choose" against "mandatory
    for radiologists, and optional for emergency department clinicians"). A claim of one kind against
    a unit of both clashes with a clause of the other kind whose group (the words after "optional")
    the claim mostly names ("ED clinicians must review it")."""
    theirs = obligation(unit)
    if not claim.obligation or not theirs:
        return ""
    if len({kind for kind, _, _ in claim.obligations}) > 1 and unit.reading.obligations:
        for kind, stems, _ in claim.obligations:
            nearest = max(unit.reading.obligations, key=lambda clause: len(stems & clause[1]))
            if stems & nearest[1] and nearest[0] != kind:
                return nearest[0]
        return ""
    if len({kind for kind, _, _ in unit.reading.obligations}) > 1:
        # the claim names at least half of those a clause of the other kind applies to
        return next((kind for kind, _, group in unit.reading.obligations
                     if kind != claim.obligation[0] and group and 2 * len(group & claim.stems) >= len(group)), "")
    return theirs[1] if theirs[0] != claim.obligation[0] else ""


def supports(claim: Reading, unit: Unit) -> bool:
    names_ok = _names_ok(unit)
    if unit.gap or not names_ok or not negation_agrees(claim, unit) or _ASKED.search(unit.reading.lower):
        return False
    if claim.figures:
        if not figures_stated(claim, unit) or unit.extent < SUPPORT_COVERAGE:
            return False
    elif unit.extent < TEXT_SUPPORT_COVERAGE or unit.similarity < TEXT_SUPPORT_SIMILARITY:
        return False
    elif claim.attributed and not words_said(claim, unit):
        return False
    elif claim.direction and not (unit.clause.direction or unit.reading.direction or unit.reading.multiplier):
        return False  # a change claimed ("has cut missed fractures") is stated only by a change
    if any(unit.reading.labels.get(word) != number for word, number in claim.labels.items()):
        return False  # "round 3" is stated only by "round 3"
    if claim.obligation and (not obligation(unit) or obligation_clash(claim, unit)):
        return False
    return quantifier_agrees(claim, unit) and modality_agrees(claim, unit) and people_agree(claim, unit) and quotes_agree(claim, unit)


# A question, or a report of one, states nothing: "several trusts asked whether staff time can count"
_ASKED = re.compile(r"\?\s*$|\b(?:asked|asking|asks|queried|wondered|enquired|inquired)\s+(?:whether|if)\b")


_DENIED = re.compile(r"\b(?:not|never|no longer|rather than|instead of)\b([^,;.]*)")


def set_aside_reversed(claim: Reading, unit: Unit) -> bool:
    """A claim that sets one thing aside for another ("meant to test staff rather than to build
    confidence") against a unit denying what the claim asserts ("meant to build confidence, not to test
    staff"): what the unit denies is the claim's asserted part, not its set-aside part."""
    aside = ASIDE.search(claim.lower)
    denied = _DENIED.search(unit.reading.lower)
    if not aside or not denied:
        return False
    asserted, set_aside = (_content_stems(part) for part in (claim.lower[:aside.start()], claim.lower[aside.end():]))
    denied_stems = _content_stems(denied.group(1))
    return bool((asserted - set_aside) & denied_stems) and not set_aside & denied_stems


def _content_stems(text: str) -> frozenset[str]:
    return canon(stem(w) for w in words(text) if w not in STOPWORDS)


def denies_claim_words(claim: Reading, unit: Unit) -> bool:
    """The unit denies, in the claim's own words, what the claim asserts: every content word it denies
    ("does not guarantee funding") is the claim's ("every bid that reached the pass mark is guaranteed
    funding"), and at least two are, so one shared word is not taken for the claim's whole predicate."""
    return not claim.negated and any(
        len(denied := _content_stems(m.group(1))) >= 2 and denied <= claim.stems for m in _DENIED.finditer(unit.reading.lower))


def negation_agrees(claim: Reading, unit: Unit) -> bool:
    """A claim's negation must be the unit's too; a negation of the unit's counts against a claim that
    has none (nor sets anything aside with "rather than") only in the clause about the claim ("X gives teams a second pair of eyes, but it never
    replaces a clinician" states that X gives teams a second pair of eyes)."""
    if claim.negated:
        return unit.reading.negated
    if claim.sets_aside:  # "a prompt rather than an answer" is "a prompt, not an answer", not "an answer, not a prompt"
        return not set_aside_reversed(claim, unit)
    return not unit.clause.negated


def _names_ok(unit: Unit) -> bool:
    """The claim's names are in the unit or its headings; or, when the unit names nothing else, in the
    sentence before or its passage ("the tool", "the five live sites" of the network the passage is about)."""
    return unit.names_ok or (not unit.other_names and not unit.names_missing_passage)


def _about(unit: Unit, coverage: float = CLASH_COVERAGE) -> bool:
    """About the claim's subject and measure: its names near, and much of its words; or, for a claim that
    is mostly names ("DCB0129 and DCB0160 are voluntary"), all its names in the unit itself."""
    if unit.gap or unit.names_missing_near:
        return False
    return unit.coverage >= coverage or (bool(unit.names_in_text) and not unit.names_missing and unit.extent >= SUBJECT_EXTENT)


def words_said(claim: Reading, unit: Unit) -> bool:
    """Every word of the claim is in the unit or its passage. What a claim reports someone said ("X said
    the scheme will replace staff") is theirs only so: a word nobody there used ("replace") is not what
    was said."""
    return all(s in unit.reading.stems or s in unit.passage_stems for s in claim.topic)


def names_stated(claim: Reading, unit: Unit) -> bool:
    """The unit itself (not its headings or passage) names every name of the claim."""
    return bool(claim.names) and not unit.gap and not unit.names_missing and all(n in unit.names_in_text for n in claim.names)


def same_measure(claim: Reading, unit: Unit) -> bool:
    """The unit itself names every name of the claim and states what its figures measure ("awarded" /
    "received"): a rival value there is a value of the same thing, whatever else the claim adds ("to
    bring AI into stroke units")."""
    return bool(claim.measure) and names_stated(claim, unit) and claim.measure <= unit.reading.stems


def pinned(claim: Reading, unit: Unit) -> bool:
    """As much about the claim as a support would be, naming its subject or in a passage about it, and
    stating one of its figures: a sentence about the very thing claimed, though it does not name all the
    claim adds ("after SRIN introduced StrokeSense")."""
    return (not unit.gap and unit.coverage >= SUPPORT_COVERAGE and not unit.other_names
            and (bool(unit.names_in_text) or not unit.names_missing_passage) and any(matched(f, unit) for f in claim.figures))


def _first(claim: Claim, test) -> Finding | None:
    for unit in claim.units:
        found = test(unit)
        if found:
            return found if isinstance(found, Finding) else Finding(unit)
    return None


# --- the rows --------------------------------------------------------------------------------------------
def unknown_name(claim: Claim) -> Finding | None:
    return Finding(claim.units[0], ", ".join(claim.unknown)) if claim.unknown and claim.units else None


def supported(claim: Claim) -> Finding | None:
    c = claim.reading

    def test(unit):
        if not supports(c, unit):
            return None
        value = ", ".join(m.text for f in c.figures if (m := matched(f, unit))) if c.figures else ""
        return Finding(unit, ", ".join(f.text for f in c.figures), value)

    found = _first(claim, test)
    if found and c.descriptors and not all(any(matched(d, u) or any(d.matches(h) for h in u.heading_figures)
                                                for u in claim.units if u.names_ok) for d in c.descriptors):
        return None  # "the £21m fund": the figure that says which fund must be that fund's somewhere
    if found and c.figures:  # another document giving another value for the same thing: show both
        for other in claim.units:
            if other.source == found.unit.source or not _about(other) or not (pair := rival_figure(c, other)):
                continue
            if sets_aside(pair[0], other):
                return None  # the rival replaces the claimed value with its own ("now 4,100, rather than the 3,600")
            # a rival states a value of the same measure: "7% were flagged" is no rival to "87% agreed"
            if _about(other, SUPPORT_COVERAGE) and (not c.measure or c.measure & other.reading.stems):
                if names_stated(c, other) and not names_stated(c, found.unit):
                    return None  # the rival names the subject itself; the support took it from around it
                found.other, found.other_value = other, pair[1].text
                return found
    return found


def sources_disagree(claim: Claim) -> Finding | None:
    found = supported(claim)
    return found if found and found.other else None


def opposite(claim: Claim) -> Finding | None:
    c = claim.reading
    # the same fact said the other way round: the same figures and the same people
    # without figures, only the claim's own words said the other way round: "patients do not need to do
    # anything" does not deny that "patients can opt out"
    return _first(claim, lambda u: _about(u, SUPPORT_COVERAGE)
                  and (c.negated != u.reading.negated and not (c.sets_aside and u.reading.negated) or set_aside_reversed(c, u))
                  and all_figures_matched(c, u) and (bool(c.figures) or words_said(c, u) or denies_claim_words(c, u))
                  and people_agree(c, u) and not u.reading.obligation and Finding(
                      u, "not" if c.negated else "it did", "not" if u.reading.negated else "it did"))


def label_differs(c: Reading, u: Unit) -> Finding | None:
    """"Round 3" where the source says "round 1" of the same thing."""
    for word, number in c.labels.items():
        theirs = u.reading.labels.get(word)
        if theirs is not None and theirs != number:
            return Finding(u, f"{word} {number}", f"{word} {theirs}")
    return None


def value_differs(claim: Claim) -> Finding | None:
    c = claim.reading

    def about(u):  # one of three names may be missing ("chest X-ray AI") if the rest are in the unit
        return _about(u) or (not u.gap and u.coverage >= CLASH_COVERAGE and len(c.names) >= 3
                             and len(u.names_missing_near) == 1 and c.names[0] in u.names_in_text) or same_measure(c, u) \
            or pinned(c, u)

    def test(u):
        if _about(u) and (found := label_differs(c, u)):
            return found
        if not about(u) or not (pair := rival_figure(c, u)):
            return None
        if pair[0].kind in DATED_KINDS and u.coverage < SUPPORT_COVERAGE and not (len(c.measure) >= 2 and c.measure <= u.reading.stems):
            return None  # dates are everywhere: a rival date must be about the very thing claimed ("award letters issued")
        # another sentence, as much about the claim, that states the claim's value of its subject: no
        # contradiction here, unless this one replaces that value with its own
        if not sets_aside(pair[0], u) and any(v.coverage >= u.coverage and v.names_ok and (m := matched(pair[0], v))
                                              and _said_of_subject(c, v, m) for v in claim.units):
            return None
        return Finding(u, pair[0].text, pair[1].text)

    return _first(claim, test)


def counted_differs(claim: Claim) -> Finding | None:
    """A count the claim says is of one thing, where the unit gives another count for that thing: "ten
    were joint bids" against "10 are pathology networks and 3 are joint bids"."""
    c = claim.reading

    def test(u):
        if not _about(u):
            return None
        for mine in c.figures:
            said, said_text = counted_as(c.text, mine)
            if not said:
                continue
            for theirs in unit_figures(u):
                stated, stated_text = counted_as(u.reading.text, theirs)
                if theirs.kind == mine.kind and not mine.matches(theirs) and said <= stated:
                    return Finding(u, f"{mine.text} {said_text}", f"{theirs.text} {stated_text}")
        return None

    return _first(claim, test)


def subject_differs(claim: Claim) -> Finding | None:
    c = claim.reading
    if not c.names:
        return None
    if not c.figures and any(u.names_ok and u.coverage >= SUPPORT_COVERAGE for u in claim.units):
        return None  # the documents do state the claim's names together

    def test(u):
        if u.gap or u.coverage < SUPPORT_COVERAGE or not u.other_names:
            return None
        if c.figures:
            if not all_figures_matched(c, u) or c.names[0] in u.names_in_text or not u.names_missing_near:
                return None
        elif not (u.names_in_text and len(u.names_missing) < len(c.names) and u.names_missing):
            return None  # a claim without figures: one of its names replaced by another (one supplier for another)
        absent = [n for n in c.names if n not in u.names_in_text]
        return Finding(u, c.name_text.get(absent[0], " ".join(absent[0])), u.other_names[0]) if absent else None

    return _first(claim, test)


def quantifier_differs(claim: Claim) -> Finding | None:
    c = claim.reading
    if not c.quantifier:
        return None
    # the claim's names may be only in the passage when the unit names nobody else ("fewer than a third of
    # its radiologists" in a paragraph about the network); or, when the share is all a claim states (no
    # figures), the unit names its subject and nobody else, though not all the claim adds ("most of SIC's
    # radiologists have done the NoduleIQ training")
    def about(u):
        if u.gap or u.other_names:
            return _about(u)
        return _about(u) or (_names_ok(u) and u.coverage >= SUPPORT_COVERAGE) or (
            not c.figures and bool(u.names_in_text) and u.coverage >= CLASH_COVERAGE)

    return _first(claim, lambda u: about(u) and (said := quantifier_clash(c, u)) and Finding(u, c.quantifier, said))


def stated_change(unit: Unit) -> tuple[Figure, Figure] | None:
    """"Stood at 6,840, up from 5,120": a rise or fall between two values of one kind, and only two; or
    "47 trusts now, compared with 22 in March 2024", the value after "compared with" the earlier one."""
    direction = unit.clause.direction or unit.reading.direction
    compared = _COMPARED.search(unit.reading.lower)
    if not direction and not compared:
        return None
    after = unit.reading.lower[compared.end():] if compared else ""
    for kind in CHANGE_KINDS:
        values = _positive_values(unit, kind)
        if len(values) == 2:
            if direction:
                return (values[0], values[1]) if direction[0] == "up" else (values[1], values[0])  # as (from, to)
            earlier = next((v for v in values if v.text.strip().lower() in after), None)
            if earlier is not None:
                return earlier, next(v for v in values if v is not earlier)
    return None


_COMPARED = re.compile(r"\bcompared (?:with|to)\b")


def multiplier_differs(claim: Claim) -> Finding | None:
    """"Doubled" where the source says another multiple, or gives the two values and they are not double."""
    c = claim.reading
    if not c.multiplier:
        return None
    claimed = c.multiplier

    def test(u):
        if not _about(u):
            return None
        if u.reading.multiplier:
            return u.reading.multiplier[0] != claimed[0] and Finding(u, claimed[1], u.reading.multiplier[1])
        change = stated_change(u)
        if change is None or ratio_agrees(claimed[0], u):
            return None
        return Finding(u, claimed[1], f"from {change[0].text.strip()} to {change[1].text.strip()}")

    return _first(claim, test)


def direction_differs(claim: Claim) -> Finding | None:
    c = claim.reading
    if not c.direction:
        return None

    def test(u):
        assert c.direction is not None
        theirs = u.clause.direction or u.reading.direction or _replacement(c, u)
        return (_about(u) or pinned(c, u)) and theirs and theirs[0] != c.direction[0] and Finding(u, c.direction[1], theirs[1])

    return _first(claim, test)


def _replacement(claim: Reading, unit: Unit) -> tuple[str, str] | None:
    """Two of the claim's values, the unit replacing one with the other ("now 12,300, rather than the
    11,700"): a change from the replaced value, up or down."""
    old = next((f for f in claim.figures if f.kind in CHANGE_KINDS and sets_aside(f, unit)), None)
    new = old and next((f for f in claim.figures if f.kind == old.kind and f is not old and matched(f, unit)), None)
    if old is None or new is None or float(new.value) == float(old.value):
        return None
    return ("up" if float(new.value) > float(old.value) else "down", f"{new.text} rather than {old.text}")


def planned_not_achieved(claim: Claim) -> Finding | None:
    c = claim.reading
    if c.planned:
        return None
    def same_fact(u):  # the claimed date or value, said of the claim's subject, or much of the claim's words
        if c.figures:
            if rival_figure(c, u):
                return False
            # a count only where the plan is in the clause giving it ("was planned to involve 12 trusts, but 9
            # took part" plans 12): elsewhere in a sentence with a plan a count is as often a fact beside it.
            # Or, for a claim dating an event, the very event, named and worded as the claim has it, with no
            # date yet ("is expected to join the pilot later this year" against "joined it on 1 September 2025")
            return any((m := matched(f, u)) and (f.kind != "count" or _clause_plan(u, m)) for f in c.figures) \
                and bool(u.names_in_text or u.coverage >= CLASH_COVERAGE) \
                or all(f.kind in DATED_KINDS for f in c.figures) and names_stated(c, u) and u.coverage >= SUPPORT_COVERAGE
        return u.coverage >= SUPPORT_COVERAGE

    def test(u):
        expected = planned_for(c, u) or ("still to come" if still_to_come(c, u) else None)
        return not u.gap and not u.names_missing_near and expected and same_fact(u) and people_agree(c, u) and Finding(u, "done", expected)

    return _first(claim, test)


def obligation_differs(claim: Claim) -> Finding | None:
    c = claim.reading
    if not c.obligation:
        return None
    # what is obliged is the claim's measure: a unit that itself names every name of the claim is about it
    return _first(claim, lambda u: (_about(u) or names_stated(c, u)) and (theirs := obligation_clash(c, u))
                  and Finding(u, c.obligation[1], theirs))


def role_differs(claim: Claim) -> Finding | None:
    c = claim.reading

    def test(u):
        for person in c.people:
            theirs = next((p for p in u.reading.people if same_person(person, p)), None)
            if theirs and role_clash(person, theirs):
                return Finding(u, f"{person.text}, {person.role_text}", f"{theirs.text}, {theirs.role_text}")
        return None

    return _first(claim, test) if any(p.role for p in c.people) else None


def person_differs(claim: Claim) -> Finding | None:
    c = claim.reading
    if not c.people:
        return None

    def test(u):
        if not _about(u, PERSON_COVERAGE) or not u.reading.people or any(person_named(p, u) for p in c.people):
            return None
        return Finding(u, c.people[0].text, u.reading.people[0].text)

    return _first(claim, test)


def misquote(claim: Claim) -> Finding | None:
    c = claim.reading

    def test(u):
        if u.gap or not u.names_ok:
            return None
        if c.attributed and u.coverage >= QUOTE_COVERAGE and any(person_named(p, u) for p in c.people) and u.reading.attributed:
            return Finding(u, c.text, u.reading.text)
        if c.quotes and u.coverage >= SUPPORT_COVERAGE and u.reading.quotes and not quotes_agree(c, u):
            return Finding(u, c.quotes[0], u.reading.quotes[0])
        return None

    return _first(claim, test)


def record_silent(claim: Claim) -> Finding | None:
    return next((Finding(u) for u in claim.units[:3] if u.gap and u.coverage >= SUPPORT_COVERAGE), None)


def nothing_decisive(claim: Claim) -> Finding | None:
    return Finding(claim.units[0]) if claim.units else None


RULES: tuple[Rule, ...] = (
    Rule("unknown_name", "not_found", unknown_name, "unknown_name"),
    Rule("sources_disagree", "supported", sources_disagree, "sources_disagree"),
    Rule("supported", "supported", supported, "supported"),
    Rule("value_differs", "contradicted", value_differs, "value_differs"),
    Rule("counted_differs", "contradicted", counted_differs, "value_differs"),
    Rule("record_silent", "not_found", record_silent, "record_silent"),
    Rule("opposite", "contradicted", opposite, "opposite"),
    Rule("subject_differs", "contradicted", subject_differs, "subject_differs"),
    Rule("quantifier_differs", "contradicted", quantifier_differs, "quantifier_differs"),
    Rule("multiplier_differs", "contradicted", multiplier_differs, "multiplier_differs"),
    Rule("direction_differs", "contradicted", direction_differs, "direction_differs"),
    Rule("planned_not_achieved", "contradicted", planned_not_achieved, "planned_not_achieved"),
    Rule("obligation_differs", "contradicted", obligation_differs, "obligation_differs"),
    Rule("role_differs", "contradicted", role_differs, "role_differs"),
    Rule("person_differs", "contradicted", person_differs, "person_differs"),
    Rule("misquote", "contradicted", misquote, "misquote"),
    Rule("nothing_decisive", "not_found", nothing_decisive, "not_found"),
)


def decide(claim: Claim) -> tuple[Rule, Finding | None]:
    for rule in RULES:
        found = rule.test(claim)
        if found is not None:
            return rule, found
    return RULES[-1], None
