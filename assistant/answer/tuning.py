"""Every tuned number of the answering wing, with how it was set.

The sentence scorer's weights and the answerability model are *fitted* by ``python -m assistant fit``
(``assistant/answer/fit.py``) on labelled questions from the development collections and stored in
``fitted.json`` beside this file; re-running the command on the same data gives the same file. The
remaining numbers are set by hand and say so; a change to one must be measured on collections it was
not developed on (the locked collection last).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

FITTED_FILE = Path(__file__).with_name("fitted.json")

# Features of a candidate sentence, in the order of the fitted weights.
SENTENCE_FEATURES = ("similarity", "rare_word_share", "passage_rank_prior", "gives_kind_asked", "gives_person_or_reason", "names_focus", "names_subject")
# Features of a question and its best evidence, in the order of the answerability weights.
ANSWERABILITY_FEATURES = (
    "relevance", "topic_coverage", "best_sentence_similarity", "kind_given", "unknown_word_share", "gap_in_evidence",
    "lead_sentence_coverage", "rarest_word_covered", "unseen_word_share",
)


@dataclass(frozen=True)
class Tuning:
    sentence_weights: dict[str, float] = field(
        default_factory=lambda: {
            "similarity": 1.0, "rare_word_share": 0.15, "passage_rank_prior": 0.04, "gives_kind_asked": 0.05,
            "gives_person_or_reason": 0.1, "names_focus": 0.1, "names_subject": 0.1,
        }
    )
    answerability_weights: dict[str, float] = field(default_factory=dict)
    answerability_bias: float = 0.0
    answerability_threshold: float = 0.0  # probability below which a question is declined as off topic
    min_relevance: float = 0.0  # relevance below which the documents are not about the question at all
    fitted_on: str = "not fitted: hand-set defaults"

    # Hand-set (origin: round-one development on eval/aidf_eval.jsonl; kept because re-fitting them
    # changed no development result):
    candidate_chunks: int = 8  # passages whose sentences are scored
    score_window: float = 0.12  # a sentence this far below the best may still be quoted (cosine units)
    redundant_cosine: float = 0.88  # two sentences this close say the same thing
    already_told_share: float = 0.8  # a follow-up skips a sentence whose weight is this much in the last turn
    on_topic_similarity: float = 0.65  # a sentence sharing no rare word must be this close to count as on topic
    figure_context_chars: int = 40  # characters either side of a figure that say what it measures

    @classmethod
    def load(cls, path: Path = FITTED_FILE) -> "Tuning":
        if not path.exists():
            return cls()
        data = json.loads(path.read_text())
        return cls(
            sentence_weights=data["sentence_weights"],
            answerability_weights=data["answerability_weights"],
            answerability_bias=data["answerability_bias"],
            answerability_threshold=data["answerability_threshold"],
            min_relevance=data.get("min_relevance", 0.0),
            fitted_on=data["fitted_on"],
        )


@functools.lru_cache(maxsize=1)
def tuning() -> Tuning:
    return Tuning.load()
