"""A reader's question answered as a stream of events, for the page to show as it grows.

::

    async for event in answer_events(client, question, text, title=title, subject=subject):
        event.kind == "token"      # the model's text as it arrives: unchecked, a draft
        event.kind == "sentence"   # one whole sentence, checked: its sources, grounded or not
        event.kind == "done"       # the last event: ``event.result``, an LlmResult[Answer]

Offline (``client`` is None) the offline answerer's answer comes sentence by sentence,
then ``done``. With a model, its tokens come as they arrive; each sentence is checked by
the grounding check (:mod:`.llm_grounding`) as soon as it is complete, and ``done`` carries
the result of :func:`.llm_features.grounded_answer`: only grounded sentences, their
sources, and how many were flagged. The rules are those of
:func:`.llm_features.answer_with_llm`: a question the offline answerer declines is not put
to the model, results are cached per article version, and on any failure ``done`` carries
the offline answer with the ``fallback_reason``. ``token`` events are never the answer:
a page shows them as a draft and replaces them with ``done``'s result.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from dataclasses import dataclass

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
from broadsheet.understand.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class AnswerEvent:
    kind: str  # "token" | "sentence" | "done"
    text: str = ""
    sources: tuple[int, ...] = ()  # sentence indices (split_sentences numbering)
    grounded: bool = True  # for "sentence": whether it passed the grounding check
    result: LlmResult[Answer] | None = None  # for "done"


def answer_sentences(answer: Answer) -> list[AnswerEvent]:
    """An answer as "sentence" events, each with the sources that support it.

    The offline answer is one sentence of the article; a model's grounded answer may have
    several, and each is given the answer's sources (a cached answer keeps no finer split).
    """
    if not answer.answered:
        return []
    parts = [s.text for s in split_sentences(answer.text)] or [answer.text]
    return [AnswerEvent("sentence", part, answer.sources) for part in parts]


def _finished(result: LlmResult[Answer]) -> list[AnswerEvent]:
    return [*answer_sentences(result.result), AnswerEvent("done", result=result)]


def _new_sentences(buffer: str, done: int, pool: Sequence[Source], *, final: bool) -> list[Checked]:
    """The sentences of ``buffer`` after the first ``done``, checked; the last one only when
    the answer is finished (until then it may still grow)."""
    found = output_sentences(buffer)
    fresh = found[done:] if final else found[done:-1]
    return [check_sentence(text, cited, pool) for text, cited in fresh]


def _sentence(item: Checked) -> AnswerEvent:
    sources = tuple(int(k) - 1 for k in item.sources)
    return AnswerEvent("sentence", item.text, sources, item.grounded)


async def answer_events(
    client: LlmClient | None,
    question: str,
    text: str,
    *,
    title: str | None = None,
    language: str | None = "en",
    subject: Subject | None = None,
    cache: ResultCache | None = None,
) -> AsyncGenerator[AnswerEvent, None]:
    """The events of an answer to ``question`` about ``text`` (see the module docstring)."""
    offline = answer_question(question, text, title=title, language=language)
    if client is None:
        for event in _finished(LlmResult(offline, "offline")):
            yield event
        return
    model = client.config.model
    if not offline.answered:
        yield AnswerEvent(
            "done", result=LlmResult(offline, "offline", detail=NOT_ASKED, model=model)
        )
        return
    feature = question_feature(question)
    if cache is not None and subject is not None:
        hit = cache.get(subject.key, subject.version, feature, model)
        if hit is not None:
            answer = answer_from_json(hit["result"])
            cached = LlmResult(
                answer,
                "llm",
                model=model,
                checked=hit["checked"],
                flagged=hit["flagged"],
                cached=True,
            )
            for event in _finished(cached):
                yield event
            return
    pool = article_sources(text, language)
    checked: list[Checked] = []
    buffer = ""
    try:
        deltas_of = client.stream(answer_messages(question, title, pool), max_tokens=ANSWER_TOKENS)
        async with aclosing(deltas_of) as deltas:
            async for delta in deltas:
                buffer += delta
                yield AnswerEvent("token", delta)
                for item in _new_sentences(buffer, len(checked), pool, final=False):
                    checked.append(item)
                    yield _sentence(item)
        for item in _new_sentences(buffer, len(checked), pool, final=True):
            checked.append(item)
            yield _sentence(item)
        answer, n, flagged = grounded_answer(question, buffer, checked)
    except LlmError as exc:
        yield AnswerEvent("done", result=fallback(offline, exc, model))
        return
    result = LlmResult(answer, "llm", model=model, checked=n, flagged=flagged)
    if cache is not None and subject is not None:
        entry = {"result": answer_to_json(answer), "checked": n, "flagged": flagged}
        cache.put(subject.key, subject.version, feature, model, entry)
    yield AnswerEvent("done", result=result)
