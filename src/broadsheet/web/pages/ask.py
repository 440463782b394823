"""Ask about this article: an answer taken from the article's own sentences, or a refusal.

``GET /articles/{id}/ask?q=`` is a page (the form works without JavaScript);
``GET /articles/{id}/ask/stream?q=`` is the same answer as ``text/event-stream``, for
``site.js`` to show as it is written::

    event: start     data: {"backend": "llm" | "offline", "model": ...}
    event: token     data: {"text": "..."}                 the model's text, unchecked (not shown)
    event: sentence  data: {"text", "sources", "grounded"} one sentence, checked
    event: done      data: {"answered", "text", "sources", "quotes", "backend", "model",
                            "fallback", "checked", "flagged", "notice"}

``done`` is the answer to show; ``sources`` are sentence indices of the article page
(``#s-N``). With ``llm_url`` set the model answers, checked for grounding
(``understand.answer_events``); offline, or when the model fails, is busy or its answer
is not supported by the article, the offline answerer's sentence is shown and ``notice``
says why. Both routes are rate limited per client address (``ASK_LIMIT``), since every
question costs CPU and may cost model tokens; more than ``llm_concurrency`` questions to
the model at once from this process are answered offline.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response, StreamingResponse

from broadsheet.model import Article
from broadsheet.store import articles as article_store
from broadsheet.store.llm_cache import StoreBudget, StoreCache
from broadsheet.understand.answer_events import answer_events
from broadsheet.understand.llm import LlmClient, LlmConfig
from broadsheet.understand.llm_cache import Subject
from broadsheet.understand.llm_features import LlmResult, answer_with_llm
from broadsheet.understand.qa import Answer
from broadsheet.understand.sentences import Sentence, split_sentences
from broadsheet.web.ratelimit import Limit, TokenBuckets
from broadsheet.web.site import Site, site_of

router = APIRouter()
MAX_QUESTION = 300
ASK_LIMIT = Limit(per_minute=20, burst=10)
# Why the model's answer is not shown, in words for readers (``fallback_reason`` -> text).
WHY = {
    "timeout": "the model did not answer in time",
    "connect": "the model server could not be reached",
    "malformed": "the model's answer could not be read",
    "budget": "the model's budget for today is spent",
    "ungrounded": "too little of what the model wrote is supported by the article",
    "busy": "the model is busy with other questions",
}
_lock = threading.Lock()


class LlmGate:
    """Questions this process has put to the model and not yet seen answered."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._busy = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        with self._lock:
            if self._busy >= self.limit:
                return False
            self._busy += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._busy -= 1


def _state(request: Request, name: str, make: Any) -> Any:
    """A per-application object on ``app.state``, made on first use."""
    state = request.app.state
    with _lock:
        if getattr(state, name, None) is None:
            setattr(state, name, make())
        return getattr(state, name)


def rate_limit(request: Request) -> None:
    """Spend one question from the client's bucket; 429 with Retry-After when empty.

    The limit is ``app.state.ask_limit`` when set (tests), else ``ASK_LIMIT``.
    """
    buckets: TokenBuckets = _state(
        request,
        "ask_buckets",
        lambda: TokenBuckets(getattr(request.app.state, "ask_limit", None) or ASK_LIMIT),
    )
    allowed, left, wait = buckets.take(request.client.host if request.client else "unknown")
    if not allowed:
        retry = max(1, math.ceil(wait))
        raise HTTPException(
            status_code=429,
            detail=f"Too many questions; try again in {retry} seconds.",
            headers={
                "Retry-After": str(retry),
                "RateLimit-Limit": str(buckets.limit.per_minute),
                "RateLimit-Remaining": str(left),
            },
        )


@dataclass(frozen=True, slots=True)
class Backend:
    client: LlmClient | None  # None: answer offline
    busy: bool = False  # a model is configured but this process has enough questions out


@asynccontextmanager
async def backend_for(request: Request, site: Site) -> AsyncIterator[Backend]:
    """The model client for one question, when ``llm_url`` is set and the gate lets it in."""
    config = LlmConfig.from_settings(site.settings)
    if not config.enabled:
        yield Backend(None)
        return
    gate: LlmGate = _state(request, "llm_gate", lambda: LlmGate(config.concurrency))
    if not gate.enter():
        yield Backend(None, busy=True)
        return
    try:
        async with LlmClient(config, budget=StoreBudget(site.store)) as client:
            yield Backend(client)
    finally:
        gate.leave()


def _article(site: Site, article_id: int) -> Article:
    with site.store.read() as conn:
        article = article_store.get_article(conn, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="There is no such article.")
    return article


def _question(q: str) -> str:
    return " ".join(q.split())[:MAX_QUESTION]


def _mark_busy(result: LlmResult[Answer], backend: Backend) -> LlmResult[Answer]:
    if not backend.busy:
        return result
    return replace(result, fallback_reason="busy", detail="too many questions to the model")


def notice_of(result: LlmResult[Answer]) -> str:
    """Where the answer comes from, in a sentence for readers."""
    answer = result.result
    if result.backend == "llm":
        said = f"Written by {result.model or 'a language model'} and checked against the article"
        if result.flagged:
            said += (
                f"; {result.flagged} of the {result.checked} sentences it wrote were dropped"
                " because the article does not support them"
            )
        return said + "."
    if result.fallback_reason:
        reason = result.fallback_reason
        why = "the model server answered with an error" if reason.startswith("http ") else None
        why = why or WHY.get(reason, "the model's answer could not be used")
        shown = "the article's own sentence" if answer.answered else "Broadsheet's own check"
        return f"The language model's answer is not shown: {why}. This is {shown}."
    if not answer.answered:
        return "No sentence of the article answers this, so Broadsheet does not guess."
    return "A sentence of the article, picked by Broadsheet; nothing is rewritten."


def quotes_of(answer: Answer, sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    return [
        {"index": i, "text": sentences[i].text} for i in answer.sources if 0 <= i < len(sentences)
    ]


def final_of(result: LlmResult[Answer], sentences: Sequence[Sentence]) -> dict[str, Any]:
    """The ``done`` event's data."""
    answer = result.result
    return {
        "answered": answer.answered,
        "text": answer.text,
        "sources": list(answer.sources),
        "quotes": quotes_of(answer, sentences),
        "backend": result.backend,
        "model": result.model if result.backend == "llm" else None,
        "fallback": result.fallback_reason,
        "checked": result.checked,
        "flagged": result.flagged,
        "notice": notice_of(result),
    }


@router.get("/articles/{article_id}/ask", include_in_schema=False)
async def ask(request: Request, article_id: int, q: str = "") -> Response:
    site = site_of(request)
    article = _article(site, article_id)
    question = _question(q)
    answer = None
    quotes: list[dict[str, Any]] = []
    notice = None
    if question:
        rate_limit(request)
        async with backend_for(request, site) as backend:
            result = await answer_with_llm(
                backend.client,
                question,
                article.text,
                title=article.title,
                language=article.language,
                subject=Subject.article(article.id, article.version),
                cache=StoreCache(site.store) if backend.client else None,
            )
        result = _mark_busy(result, backend)
        answer = result.result
        quotes = quotes_of(answer, split_sentences(article.text, article.language))
        notice = notice_of(result)
    return site.html(
        request,
        "ask.html",
        article=article,
        question=question,
        answer=answer,
        quotes=quotes,
        notice=notice,
    )


def sse(event: str, data: dict[str, Any]) -> bytes:
    """One server-sent event; the data is one line of JSON."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def _events(
    request: Request, site: Site, article: Article, question: str
) -> AsyncIterator[bytes]:
    sentences = split_sentences(article.text, article.language)
    async with backend_for(request, site) as backend:
        client = backend.client
        start = {"backend": "llm" if client else "offline", "model": None}
        if client is not None:
            start["model"] = client.config.model
        yield sse("start", start)
        events = answer_events(
            client,
            question,
            article.text,
            title=article.title,
            language=article.language,
            subject=Subject.article(article.id, article.version),
            cache=StoreCache(site.store) if client else None,
        )
        async with aclosing(events) as stream:
            async for event in stream:
                if event.kind == "token":
                    yield sse("token", {"text": event.text})
                elif event.kind == "sentence":
                    data = {"text": event.text, "sources": list(event.sources)}
                    yield sse("sentence", data | {"grounded": event.grounded})
                elif event.result is not None:
                    yield sse("done", final_of(_mark_busy(event.result, backend), sentences))


@router.get("/articles/{article_id}/ask/stream", include_in_schema=False)
async def ask_stream(request: Request, article_id: int, q: str = "") -> Response:
    site = site_of(request)
    article = _article(site, article_id)
    question = _question(q)
    if not question:
        raise HTTPException(status_code=400, detail="Ask a question about the article.")
    rate_limit(request)
    return StreamingResponse(
        _events(request, site, article, question),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
