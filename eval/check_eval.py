"""Validate eval/aidf_eval.jsonl against the shipped corpus (standard library only).

Checks: JSON schema per kind, unique ids (prefix matching the kind), minimum counts per kind and
per claim verdict, that every expected source exists in corpus/, and that every expected fact
(at least one of its "|"-separated alternatives) occurs, case-insensitively, in at least one of
the item's expected sources.

Usage: python eval/check_eval.py [--eval PATH] [--corpus DIR]
Exit status 0 when the file is valid, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE / "aidf_eval.jsonl"
DEFAULT_CORPUS = HERE.parent / "corpus"

MIN_KIND = {"answerable": 62, "unanswerable": 18, "followup": 12, "claim": 22}
MIN_VERDICT = {"supported": 9, "contradicted": 9, "not_found": 4}
PREFIX = {"answerable": "a", "unanswerable": "u", "followup": "f", "claim": "c"}
KEYS = {
    "answerable": ({"id", "kind", "question", "expected_facts", "expected_sources"}, set()),
    "unanswerable": ({"id", "kind", "question"}, set()),
    "followup": ({"id", "kind", "history", "question", "expected_facts", "expected_sources"}, set()),
    "claim": ({"id", "kind", "claim", "verdict"}, {"expected_sources"}),
}


def _nonempty_str(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_item(item: dict, corpus: dict[str, str]) -> list[str]:
    """Return the problems found in one eval item (empty when it is valid)."""
    kind = item.get("kind")
    if kind not in KEYS:
        return [f"unknown kind {kind!r}"]
    errors: list[str] = []
    required, optional = KEYS[kind]
    missing = required - item.keys()
    extra = item.keys() - required - optional
    if missing:
        errors.append(f"missing keys {sorted(missing)}")
    if extra:
        errors.append(f"unexpected keys {sorted(extra)}")

    item_id = item.get("id")
    if not (isinstance(item_id, str) and re.fullmatch(PREFIX[kind] + r"\d{3}", item_id)):
        errors.append(f"id {item_id!r} should look like {PREFIX[kind]}001 for kind {kind}")

    text_key = "claim" if kind == "claim" else "question"
    if not _nonempty_str(item.get(text_key)):
        errors.append(f"{text_key} must be a non-empty string")

    if kind == "followup":
        history = item.get("history")
        roles = [m.get("role") for m in history] if isinstance(history, list) and all(isinstance(m, dict) for m in history) else None
        if roles != ["user", "assistant"]:
            errors.append("history must be exactly [user, assistant] messages")
        elif not all(_nonempty_str(m.get("content")) and set(m) == {"role", "content"} for m in history):
            errors.append("each history message needs exactly a non-empty role and content")

    sources = item.get("expected_sources", [])
    needs_sources = kind in ("answerable", "followup") or (kind == "claim" and item.get("verdict") != "not_found")
    if not isinstance(sources, list) or not all(_nonempty_str(s) for s in sources):
        errors.append("expected_sources must be a list of file names")
        sources = []
    elif needs_sources and not sources:
        errors.append("expected_sources must not be empty")
    if len(set(sources)) != len(sources):
        errors.append("expected_sources has duplicates")
    for name in sources:
        if "/" in name or name not in corpus:
            errors.append(f"expected source {name!r} is not a file in corpus/")

    if kind == "claim":
        verdict = item.get("verdict")
        if verdict not in MIN_VERDICT:
            errors.append(f"verdict {verdict!r} must be one of {sorted(MIN_VERDICT)}")
        elif verdict == "not_found" and sources:
            errors.append("a not_found claim should have no expected_sources")

    if kind in ("answerable", "followup"):
        facts = item.get("expected_facts")
        if not (isinstance(facts, list) and 1 <= len(facts) <= 2 and all(_nonempty_str(f) for f in facts)):
            errors.append("expected_facts must be a list of 1-2 non-empty strings")
        else:
            texts = [corpus[s] for s in sources if s in corpus]
            for fact in facts:
                alternatives = [alt.strip().lower() for alt in fact.split("|")]
                if any(not alt for alt in alternatives):
                    errors.append(f"expected fact {fact!r} has an empty alternative")
                elif not any(alt in text for alt in alternatives for text in texts):
                    errors.append(f"expected fact {fact!r} occurs in none of {sources}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-minimums", action="store_true", help="skip the minimum counts (for a small held-out set)")
    args = parser.parse_args(argv)

    corpus = {p.name: p.read_text(encoding="utf-8").lower() for p in sorted(args.corpus.glob("*.md"))}
    if not corpus:
        print(f"no Markdown files found in {args.corpus}")
        return 1

    problems: list[str] = []
    kinds: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    cited: Counter[str] = Counter()

    lines = args.eval.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            problems.append(f"line {number}: blank line")
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc})")
            continue
        if not isinstance(item, dict):
            problems.append(f"line {number}: not a JSON object")
            continue
        label = f"line {number} ({item.get('id')})"
        problems += [f"{label}: {e}" for e in check_item(item, corpus)]
        kinds[item.get("kind")] += 1
        ids[item.get("id")] += 1
        texts[str(item.get("question") or item.get("claim", "")).strip().lower()] += 1
        if item.get("kind") == "claim":
            verdicts[item.get("verdict")] += 1
        if item.get("kind") in ("answerable", "followup"):
            cited.update(item.get("expected_sources") or [])

    problems += [f"duplicate id {i!r} ({n} times)" for i, n in ids.items() if n > 1]
    problems += [f"duplicate question/claim {t!r}" for t, n in texts.items() if n > 1 and t]
    if not args.no_minimums:
        problems += [f"only {kinds[k]} {k} items, need at least {n}" for k, n in MIN_KIND.items() if kinds[k] < n]
        problems += [f"only {verdicts[v]} {v} claims, need at least {n}" for v, n in MIN_VERDICT.items() if verdicts[v] < n]
    problems += [f"no answerable or followup item expects corpus file {name}" for name in corpus if not cited[name]]

    print("items per kind: " + ", ".join(f"{k}={kinds[k]}" for k in MIN_KIND))
    print("claims per verdict: " + ", ".join(f"{v}={verdicts[v]}" for v in MIN_VERDICT))
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print("  - " + problem)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
