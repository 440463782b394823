"""A reader's question answered as the model writes, one grounded sentence at a time.

::

    stream = stream_answer(client, question, text, title=title, subject=subject, cache=cache)
    async for chunk in stream:      # text of each sentence that passed the check, as it
        send(chunk)                 # completes (a sentence is checked once it is whole)
    final = stream.result           # LlmResult[Answer]: authoritative, render it at the end

Nothing unchecked is ever yielded: the model's deltas are buffered until a sentence is
complete, then that sentence is checked like any other LLM output and yielded only when
grounded. ``stream.cited`` holds each yielded sentence with its source indices, for
highlighting while the answer grows. When the model fails or declines, or too little of
its answer is grounded, ``result`` is the offline (or declining) answer; if nothing had
been yielded by then, its text is yielded as one chunk so a plain-text client sees it.
A client that received chunks before a fallback should replace them with ``result``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing

from broadsheet.understand.llm import LlmClient, LlmError
from broadsheet.understand.llm_cache import (
    ResultCache,
    Subject,
    answer_from_json,
    answer_to_json,
    question_feature,
)
from broadsheet.understand.llm_features import (
    ANSWER_TOKENS,
    NOT_ASKED,
    LlmResult,
    fallback,
    grounded_answer,
)
from broadsheet.understand.llm_grounding import (
    Checked,
    Source,
    article_sources,
    check_sentence,
    output_sentences,
)
from broadsheet.understand.llm_prompts import answer_messages
from broadsheet.understand.qa import Answer, answer_question
from broadsheet.understand.summarize import Cited


class AnswerStream:
    """Async iterator of grounded answer sentences; ``result`` once it is exhausted."""

    def __init__(
        self,
        client: LlmClient | None,
        question: str,
        text: str,
        *,
        title: str | None,
        language: str | None,
        subject: Subject | None,
        cache: ResultCache | None,
    ) -> None:
        self._client = client
        self._question = question
        self._text = text
        self._title = title
        self._language = language
        self._subject = subject
        self._cache = cache
        self.cited: list[Cited] = []
        self._result: LlmResult[Answer] | None = None

    @property
    def result(self) -> LlmResult[Answer]:
        if self._result is None:
            raise RuntimeError("the answer stream has not been read to the end")
        return self._result

    def __aiter__(self) -> AsyncIterator[str]:
        return self._run()

    def _offline(self) -> Answer:
        return answer_question(
            self._question, self._text, title=self._title, language=self._language
        )

    async def _run(self) -> AsyncIterator[str]:
        client = self._client
        offline = self._offline()
        if client is None or not offline.answered:  # see answer_with_llm
            detail = NOT_ASKED if client is not None else None
            self._result = LlmResult(offline, "offline", detail=detail)
            yield offline.text
            return
        model = client.config.model
        feature = question_feature(self._question)
        subject, cache = self._subject, self._cache
        if cache is not None and subject is not None:
            hit = cache.get(subject.key, subject.version, feature, model)
            if hit is not None:
                answer = answer_from_json(hit["result"])
                self._result = LlmResult(
                    answer,
                    "llm",
                    model=model,
                    checked=hit["checked"],
                    flagged=hit["flagged"],
                    cached=True,
                )
                yield answer.text
                return
        pool = article_sources(self._text, self._language)
        checked: list[Checked] = []
        buffer = ""
        try:
            messages = answer_messages(self._question, self._title, pool)
            deltas_of = client.stream(messages, max_tokens=ANSWER_TOKENS)
            async with aclosing(deltas_of) as deltas:
                async for delta in deltas:
                    buffer += delta
                    for item in self._complete(buffer, len(checked), pool, final=False):
                        checked.append(item)
                        if item.grounded:
                            yield self._emit(item)
            for item in self._complete(buffer, len(checked), pool, final=True):
                checked.append(item)
                if item.grounded:
                    yield self._emit(item)
            answer, n, flagged = grounded_answer(self._question, buffer, checked)
        except LlmError as exc:
            self._result = fallback(offline, exc, model)
            if not self.cited:
                yield self._result.result.text
            return
        self._result = LlmResult(answer, "llm", model=model, checked=n, flagged=flagged)
        if not answer.answered and not self.cited:
            yield answer.text
        if cache is not None and subject is not None:
            entry = {"result": answer_to_json(answer), "checked": n, "flagged": flagged}
            cache.put(subject.key, subject.version, feature, model, entry)

    @staticmethod
    def _complete(buffer: str, done: int, pool: list[Source], *, final: bool) -> list[Checked]:
        """The sentences of ``buffer`` after the first ``done``, checked; the last one only
        when the answer is finished (until then it may still grow)."""
        found = output_sentences(buffer)
        fresh = found[done:] if final else found[done:-1]
        return [check_sentence(text, cited, pool) for text, cited in fresh]

    def _emit(self, item: Checked) -> str:
        cited = Cited(item.text, tuple(int(k) - 1 for k in item.sources))
        self.cited.append(cited)
        return item.text if len(self.cited) == 1 else " " + item.text


def stream_answer(
    client: LlmClient | None,
    question: str,
    text: str,
    *,
    title: str | None = None,
    language: str | None = "en",
    subject: Subject | None = None,
    cache: ResultCache | None = None,
) -> AnswerStream:
    """Stream the model's grounded answer (see the module docstring)."""
    return AnswerStream(
        client, question, text, title=title, language=language, subject=subject, cache=cache
    )
