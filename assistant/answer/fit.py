"""Fit the sentence scorer's weights and the answerability model on labelled development questions.

``python -m assistant fit`` reads every development collection (``eval/collections/*`` except the
locked one, plus the round-one sets on the shipped corpus), runs each question as written,
lower-cased and with a typo, and fits two logistic regressions (scikit-learn):

* sentences: does a candidate sentence contain an expected fact of its question? The weights are
  scaled so that similarity's weight is 1, keeping the selection windows in cosine units.
* questions: do the documents answer it (answerable and follow-up) or not (unanswerable)? The
  decline threshold is the highest probability cut whose cross-validated false-abstention rate on
  the development questions stays at or under ``MAX_FALSE_ABSTENTION``.

The result is written to ``assistant/answer/fitted.json``; the same data gives the same file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from ..config import PROJECT_ROOT, Settings
from ..evaluation import fact_present, load_items, with_variant
from .evidence import select, sentence_features
from .reading import read_question
from .rules import Case, answerability_features
from .tuning import ANSWERABILITY_FEATURES, FITTED_FILE, SENTENCE_FEATURES, Tuning, tuning

LOCKED = "guidance"
# Collections nothing is fitted on: the locked test, and one written later by a new author, measured only.
HELD_OUT = (LOCKED, "fresh")
MAX_FALSE_ABSTENTION = 0.05  # the target for answerable questions refused
# The relevance floor is the lowest relevance any answerable development run reached: a cut fitted on
# some document sets refuses answerable questions on others (``fit`` prints, per development set, the
# share of its answerable runs that the floor fitted on the other sets would refuse).
MIN_RELEVANCE_PERCENTILE = 0
FIT_VARIANTS = ("as_written", "lower", "typo")


def development_sets(root: Path = PROJECT_ROOT / "eval") -> list[tuple[str, Path | None, Path]]:
    """(name, docs folder or None for the shipped corpus, questions file) for every development set."""
    sets: list[tuple[str, Path | None, Path]] = []
    for folder in sorted((root / "collections").iterdir()):
        if folder.name not in HELD_OUT and (folder / "questions.jsonl").exists():
            docs = folder / "docs"
            sets.append((folder.name, docs if docs.is_dir() else None, folder / "questions.jsonl"))
    sets += [("aidf_eval", None, root / "aidf_eval.jsonl"), ("heldout", None, root / "heldout.jsonl")]
    return sets


def _assistants(settings: Settings, tmp: Path):
    from ..ingestion import run_ingest
    from ..service import Assistant

    built: dict[str, object] = {}

    def get(docs: Path | None):
        key = str(docs)
        if key not in built:
            sources = [docs] if docs else settings.sources
            local = settings.model_copy(update={"db": tmp / f"index-{len(built)}", "sources": sources})
            run_ingest(local)
            built[key] = Assistant(local)
        return built[key]

    return get


def collect(settings: Settings) -> tuple[list, list, list, list, list[str]]:
    """Feature rows and labels for sentences and for questions."""
    sentence_x: list[list[float]]
    sentence_y: list[int]
    sentence_x, sentence_y, question_x, question_y, groups = [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="aidf-fit-") as tmp:
        assistant_for = _assistants(settings, Path(tmp))
        for name, docs, path in development_sets():
            assistant = assistant_for(docs)
            snapshot = assistant.index.get()
            for item in load_items(path):
                if item["kind"] == "claim":
                    continue
                for kind in FIT_VARIANTS:
                    item_v = with_variant(item, kind)
                    history = assistant.clean_history(item.get("history"))
                    reading = read_question(snapshot, item_v["question"], history)
                    focus = reading.corrected if reading.follow_up else None
                    from ..retrieval import retrieve

                    found = retrieve(snapshot, reading.query, snapshot.settings.candidates, snapshot.settings.rrf_k, focus=focus)
                    answerable = item["kind"] != "unanswerable"
                    if answerable:
                        _sentence_rows(snapshot, found, reading, item, sentence_x, sentence_y)
                    picks, relevance = select(snapshot, found, reading, snapshot.settings.max_answer_sentences)
                    question_x.append(answerability_features(Case(snapshot, reading, found, picks, relevance)))
                    question_y.append(int(answerable))
                    groups.append(f"{name}:{item['id']}")
    return sentence_x, sentence_y, question_x, question_y, groups


def _sentence_rows(snapshot, found, reading, item, xs, ys) -> None:
    chunks = found.ranked[: tuning().candidate_chunks]
    total = sum(reading.topic.values()) or 1.0
    facts = item.get("expected_facts", [])
    for rank, chunk in enumerate(chunks):
        for position in snapshot.chunk_sentences.get(chunk, []):
            if not snapshot.sentence_quotable[position]:
                continue
            xs.append(sentence_features(snapshot, found, reading, chunk, rank, position, total))
            ys.append(int(any(fact_present(f, snapshot.sentence_text[position]) for f in facts)))


def fit(settings: Settings, out: Path = FITTED_FILE) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    sentence_x, sentence_y, _, _, _ = collect(settings)
    sentences = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(np.array(sentence_x), np.array(sentence_y))
    coefficients = sentences.coef_[0]
    scale = coefficients[0] if coefficients[0] > 0 else 1.0
    sentence_weights = {name: round(float(c / scale), 4) for name, c in zip(SENTENCE_FEATURES, coefficients)}
    # Questions are read with the fitted sentence weights: their evidence is what users will get.
    _write(out, Tuning(sentence_weights=sentence_weights, fitted_on="sentence weights only (intermediate)"))
    tuning.cache_clear()
    _, _, question_x, question_y, groups = collect(settings)
    x, y = np.array(question_x), np.array(question_y)
    model = LogisticRegression(C=1.0, max_iter=2000)
    held_out = cross_val_predict(model, x, y, groups=[g.split("~")[0] for g in groups], cv=GroupKFold(5), method="predict_proba")[:, 1]
    threshold = _threshold(held_out, y)
    model.fit(x, y)
    fitted = Tuning(
        sentence_weights=sentence_weights,
        answerability_weights={name: round(float(c), 4) for name, c in zip(ANSWERABILITY_FEATURES, model.coef_[0])},
        answerability_bias=round(float(model.intercept_[0]), 4),
        answerability_threshold=round(threshold, 4),
        min_relevance=_relevance_floor(x[y == 1, 0]),
        fitted_on=(
            f"{len(sentence_y)} candidate sentences and {len(y)} question runs ({', '.join(FIT_VARIANTS)}) from "
            f"{', '.join(name for name, _, _ in development_sets())}; held out: {', '.join(HELD_OUT)}"
        ),
    )
    _write(out, fitted)
    tuning.cache_clear()
    declined = held_out < threshold
    return {
        "sentence_weights": sentence_weights,
        "answerability_weights": fitted.answerability_weights,
        "threshold": fitted.answerability_threshold,
        "min_relevance": fitted.min_relevance,
        "cross_validated_false_abstention": round(float(np.mean(declined[y == 1])), 3),
        "cross_validated_unanswerable_declined": round(float(np.mean(declined[y == 0])), 3),
        "relevance_floor_held_out_refused": _relevance_floor_held_out(x[:, 0], y, [g.split(":")[0] for g in groups]),
        "question_runs": int(len(y)),
        "sentences": int(len(sentence_y)),
    }


def _relevance_floor(answerable_relevance: np.ndarray) -> float:
    return round(float(np.percentile(answerable_relevance, MIN_RELEVANCE_PERCENTILE)), 4)


def _relevance_floor_held_out(relevance: np.ndarray, answerable: np.ndarray, sets: list[str]) -> dict[str, float]:
    """Per development set: the share of its answerable runs under the floor fitted on the other sets."""
    names, refused = np.array(sets), {}
    for name in sorted(set(sets)):
        mine, others = (names == name) & (answerable == 1), (names != name) & (answerable == 1)
        if mine.any() and others.any():
            refused[name] = round(float(np.mean(relevance[mine] < _relevance_floor(relevance[others]))), 3)
    return refused


def _threshold(probability: np.ndarray, answerable: np.ndarray) -> float:
    """The highest cut declining at most MAX_FALSE_ABSTENTION of the answerable questions."""
    positives = np.sort(probability[answerable == 1])
    allowed = int(np.floor(MAX_FALSE_ABSTENTION * len(positives)))
    return float(positives[allowed]) if len(positives) else 0.0


def _write(path: Path, fitted: Tuning) -> None:
    data = {
        "sentence_weights": fitted.sentence_weights,
        "answerability_weights": fitted.answerability_weights,
        "answerability_bias": fitted.answerability_bias,
        "answerability_threshold": fitted.answerability_threshold,
        "min_relevance": fitted.min_relevance,
        "fitted_on": fitted.fitted_on,
    }
    path.write_text(json.dumps(data, indent=1) + "\n")
