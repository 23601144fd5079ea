"""Optional generated answers through a LangChain chat model (lazy import).

The chat model sees the numbered passages the extractive answerer would cite and must
cite them as ``[n]``. Its output is validated: a sentence citing a number that was not
given is removed and reported; an answer with no valid cited sentence, an error or a
timeout falls back to the extractive answer.
"""

from __future__ import annotations

import concurrent.futures
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from index.types import Filters

from ..config import Settings
from ..errors import ConfigError
from ..records import Answer, Kind
from ..text.split import sentence_spans
from .extractive import Answerer, ExtractiveAnswerer

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "Bạn trả lời câu hỏi chỉ dựa trên các đoạn trích được đánh số. Mỗi câu trả lời phải "
    "kết thúc bằng trích dẫn dạng [n] trỏ tới đoạn đã dùng. Nếu các đoạn không trả lời "
    "được, hãy nói rõ như vậy. Trả lời bằng ngôn ngữ của câu hỏi.\n"
    "Answer only from the numbered passages. End every sentence with [n] citations of the "
    "passages used. Answer in the language of the question."
)
_CITE = re.compile(r"\[(\d+)\]")


def build_prompt(question: str, evidence: Answer) -> list[tuple[str, str]]:
    """Chat messages: the rules, then the numbered passages and the question."""
    passages = "\n\n".join(
        f"[{c.n}] ({', '.join(x for x in (c.number, c.date, c.issuer, c.source) if x)})\n{c.quote}"
        for c in evidence.citations
    )
    return [("system", SYSTEM_PROMPT), ("human", f"{passages}\n\nCâu hỏi / Question: {question}")]


def validate(text: str, allowed: set[int]) -> tuple[str, list[str]]:
    """Keep sentences whose citations all exist; return (kept text, removed sentences)."""
    kept, removed = [], []
    # a model's sentences may start with a citation mark or a lower-case word
    for a, b in sentence_spans(text, stops=".!?", capital_next=False):
        sentence = text[a:b].strip()
        if not sentence:
            continue
        cited = {int(n) for n in _CITE.findall(sentence)}
        if cited and cited <= allowed:
            kept.append(sentence)
        else:
            removed.append(sentence)
    return " ".join(kept), removed


class LangChainAnswerer:
    """Generates an answer with a chat model over the extractive answer's evidence.

    Args:
        model: any LangChain chat model (``BaseChatModel``).
        fallback: the extractive answerer (evidence source and fallback).
        timeout: seconds to wait for the model.
        label: model name shown in ``generator``.
    """

    def __init__(
        self, model: Any, fallback: ExtractiveAnswerer, timeout: float, label: str
    ) -> None:
        self.model = model
        self.fallback = fallback
        self.timeout = timeout
        self.name = f"langchain:{label}"
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)

    def answer(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        *_, final = self.stream(question, kind, filters)
        return final

    def stream(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Iterator[Answer]:
        """The extractive evidence at once, then the generated answer (if it differs)."""
        evidence = self.fallback.answer(question, kind, filters)
        yield evidence
        if evidence.found and evidence.citations:
            yield self._generate(question, evidence)

    def _generate(self, question: str, evidence: Answer) -> Answer:
        """The chat model's answer over the evidence, validated (the evidence on failure)."""
        try:
            future = self._pool.submit(self.model.invoke, build_prompt(question, evidence))
            message = future.result(timeout=self.timeout)
            text = str(getattr(message, "content", message))
        except concurrent.futures.TimeoutError:
            log.warning(
                "chat model timed out after %.0f s; using the extractive answer", self.timeout
            )
            return replace(evidence, notes=(*evidence.notes, "generator timed out"))
        except Exception as exc:  # any provider error: the extractive answer stands
            log.warning("chat model failed (%s); using the extractive answer", type(exc).__name__)
            return replace(evidence, notes=(*evidence.notes, f"generator failed: {exc}"))
        kept, removed = validate(text, {c.n for c in evidence.citations})
        notes = tuple(f"removed unsupported sentence: {s}" for s in removed)
        if not kept:
            return replace(
                evidence, notes=(*evidence.notes, *notes, "generator gave no cited sentence")
            )
        return replace(evidence, answer=kept, generator=self.name, notes=(*evidence.notes, *notes))


def chat_model(settings: Settings) -> Any:
    """The LangChain chat model named by the settings."""
    if settings.llm_provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise ConfigError(
                "RAG_LLM_PROVIDER=openai needs: pip install langchain-openai"
            ) from exc
        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url or None,
            api_key=settings.llm_api_key or "none",
            timeout=settings.llm_timeout,
        )
    if settings.llm_provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise ConfigError(
                "RAG_LLM_PROVIDER=ollama needs: pip install langchain-ollama"
            ) from exc
        return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or None)
    raise ConfigError(
        f"Unknown LLM provider {settings.llm_provider!r}; choose one of: none, openai, ollama."
    )


def build_answerer(settings: Settings, extractive: ExtractiveAnswerer) -> Answerer:
    """The extractive answerer, wrapped by a chat model when the settings name one."""
    if settings.llm_provider == "none":
        return extractive
    if not settings.llm_model:
        raise ConfigError("RAG_LLM_MODEL must name a chat model when RAG_LLM_PROVIDER is set.")
    return LangChainAnswerer(
        chat_model(settings),
        extractive,
        settings.llm_timeout,
        f"{settings.llm_provider}/{settings.llm_model}",
    )
