"""Optional LLM answers through LangChain's ``init_chat_model``, validated before anyone sees them.

Configured by ``ASSISTANT_LLM=provider:model`` (e.g. ``openai:gpt-4o-mini``, ``ollama:llama3.1``)
with ``ASSISTANT_LLM_BASE_URL`` and ``ASSISTANT_LLM_API_KEY``. The model only ever sees the retrieved
passages, fenced as data; its answer is kept only if every [n] marker names a supplied passage and
every figure it states appears in a passage that sentence cites.
"""

from __future__ import annotations

import re

from .config import Settings
from .language.figures import extract_figures, figure_in
from .index import ChunkInfo
from .prompts import INSUFFICIENT_EVIDENCE, LLM_PASSAGE_TEMPLATE, LLM_SYSTEM_PROMPT, LLM_USER_TEMPLATE

MARKER = re.compile(r"\[(\d+)\]")


class LLMError(RuntimeError):
    pass


class LLMAnswerer:
    def __init__(self, settings: Settings):
        from langchain.chat_models import init_chat_model

        provider, _, model = (settings.llm or "").partition(":")
        if not provider or not model:
            raise ValueError("ASSISTANT_LLM must look like provider:model, e.g. openai:gpt-4o-mini")
        kwargs: dict = {"temperature": 0, "timeout": settings.llm_timeout_s, "max_retries": 0}
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        if settings.llm_api_key:
            kwargs["api_key"] = settings.llm_api_key.get_secret_value()
        self.model = init_chat_model(model, model_provider=provider, **kwargs)

    def generate(self, question: str, history: list[dict], passages: list[ChunkInfo]) -> str:
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(LLM_SYSTEM_PROMPT), HumanMessage(build_user_prompt(question, history, passages))]
        try:
            reply = self.model.invoke(messages)
        except Exception as exc:  # network, auth, rate limit, bad response: all mean "use the extractive answer"
            raise LLMError(f"LLM call failed: {type(exc).__name__}") from exc
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        if not text.strip() or INSUFFICIENT_EVIDENCE in text:
            raise LLMError("LLM found the passages insufficient")
        return text.strip()


FENCE_TAG = re.compile(r"<\s*(/?)\s*passage\b[^>]*>", re.IGNORECASE)


def _fence(text: str) -> str:
    # A passage must not be able to close its own fence and speak outside it, in any spelling.
    return FENCE_TAG.sub(lambda m: f"‹{m.group(1)}passage›", text)


def build_user_prompt(question: str, history: list[dict], passages: list[ChunkInfo]) -> str:
    rendered = "\n\n".join(
        LLM_PASSAGE_TEMPLATE.format(
            n=n,
            title=p.title,
            publisher=p.publisher or "unknown publisher",
            published=p.published or "undated",
            where=f", page {p.page}" if p.page else (f", section {p.section}" if p.section else ""),
            text=_fence(p.text),
        )
        for n, p in enumerate(passages, start=1)
    )
    turns = "\n".join(f"{m['role']}: {m['content'][:500]}" for m in history[-4:]) or "(none)"
    return LLM_USER_TEMPLATE.format(history=turns, passages=rendered, question=question)


def validate_llm_answer(text: str, passages: list[ChunkInfo]) -> tuple[list[str], list[int]]:
    """Problems found (empty when valid) and the passage numbers cited, in order of first use."""
    problems: list[str] = []
    used: list[int] = []
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    for sentence in sentences:
        markers = [int(m) for m in MARKER.findall(sentence)]
        bare = MARKER.sub("", sentence).strip(" .")
        if not markers:
            if len(bare.split()) >= 3:
                problems.append(f"sentence without a citation: {bare[:60]!r}")
            continue
        invalid = [n for n in markers if not 1 <= n <= len(passages)]
        if invalid:
            problems.append(f"marker [{invalid[0]}] names no retrieved passage")
            continue
        used.extend(n for n in markers if n not in used)
        cited_figures = [f for n in markers for f in extract_figures(passages[n - 1].text)]
        for figure in extract_figures(bare):
            if not figure_in(figure, cited_figures):
                problems.append(f"{figure.text!r} is not in the cited passage")
    if not used and not problems:
        problems.append("no citations")
    return problems, used
