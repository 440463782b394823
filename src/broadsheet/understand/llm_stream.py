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

It reads :func:`.answer_events` (the page's event stream), keeping the model's checked
sentences and the final result: one implementation of the rules for both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing

from broadsheet.understand.answer_events import answer_events
from broadsheet.understand.llm import LlmClient
from broadsheet.understand.llm_cache import ResultCache, Subject
from broadsheet.understand.llm_features import LlmResult
from broadsheet.understand.qa import Answer
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
        self._events = answer_events(
            client, question, text, title=title, language=language, subject=subject, cache=cache
        )
        self.cited: list[Cited] = []
        self._result: LlmResult[Answer] | None = None

    @property
    def result(self) -> LlmResult[Answer]:
        if self._result is None:
            raise RuntimeError("the answer stream has not been read to the end")
        return self._result

    def __aiter__(self) -> AsyncIterator[str]:
        return self._run()

    async def _run(self) -> AsyncIterator[str]:
        live = False  # the model is writing: its checked sentences go out as they come
        async with aclosing(self._events) as events:
            async for event in events:
                if event.kind == "token":
                    live = True
                elif event.kind == "sentence" and live and event.grounded:
                    self.cited.append(Cited(event.text, event.sources))
                    yield event.text if len(self.cited) == 1 else " " + event.text
                elif event.result is not None:
                    self._result = event.result
        # Offline, cached, declined or fallen back with nothing sent yet: the whole answer.
        if self._result is not None and not self.cited:
            yield self._result.result.text


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
