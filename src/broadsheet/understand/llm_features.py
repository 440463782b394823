"""The AI features written by a model: article summary and key points, answers, briefs.

Each returns the same data as its offline function (:class:`ArticleSummary`,
:class:`Answer`, :class:`StoryBrief`) inside an :class:`LlmResult` that says which
backend wrote it. Every sentence the model writes goes through the grounding check
(:mod:`.llm_grounding`): kept with the source sentences that support it, or dropped and
counted in ``flagged``. On any failure the offline result is returned, with
``backend="offline"`` and a ``fallback_reason``:

* ``timeout``, ``http <status>``, ``connect``, ``malformed``: the server (see :mod:`.llm`);
* ``budget``: the day's token budget is spent (the server is not called);
* ``ungrounded``: fewer than ``MIN_KEPT_SHARE`` of the model's sentences (or none) passed.

A question the offline answerer declines is not put to the model at all (``detail`` is
``NOT_ASKED``): see :func:`answer_with_llm`.

Results are cached per subject version, feature and model (:mod:`.llm_cache`); only
results the model wrote are cached, so a failure is retried on the next request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from broadsheet.understand.brief import BriefInput, BriefSentence, StoryBrief, brief_story
from broadsheet.understand.llm import LlmClient, LlmError, LlmMalformed
from broadsheet.understand.llm_cache import (
    ResultCache,
    Subject,
    answer_from_json,
    answer_to_json,
    brief_from_json,
    brief_to_json,
    question_feature,
    summary_from_json,
    summary_to_json,
)
from broadsheet.understand.llm_grounding import (
    Checked,
    Source,
    article_sources,
    check,
    looks_like_instruction,
)
from broadsheet.understand.llm_prompts import (
    answer_messages,
    brief_messages,
    is_decline,
    split_summary,
    summary_messages,
)
from broadsheet.understand.qa import Answer, answer_question
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import (
    GROUNDED_AT,
    ArticleSummary,
    Cited,
    grounding_score,
    summarize_article,
)

T = TypeVar("T")
MIN_KEPT_SHARE = 0.5
SUMMARY_MAX = 4
KEY_POINTS_MAX = 5
# Output caps per feature, in tokens (the llm_max_tokens setting caps them all): an answer
# of one to three sentences needs far less than a summary with key points.
ANSWER_TOKENS = 160
BRIEF_TOKENS = 320
NOT_ASKED = "the article does not answer this question (offline check): the model was not asked"


@dataclass(frozen=True, slots=True)
class LlmResult(Generic[T]):
    result: T
    backend: str  # "llm" | "offline"
    fallback_reason: str | None = None  # why the offline result is shown; None if by choice
    detail: str | None = None  # the error message, for the operator
    model: str | None = None
    checked: int = 0  # sentences the model wrote that were checked for grounding
    flagged: int = 0  # of those, the ones dropped as unsupported
    cached: bool = False


class Ungrounded(LlmError):
    reason = "ungrounded"

    def __init__(self, message: str, *, checked: int, flagged: int) -> None:
        super().__init__(message)
        self.checked = checked
        self.flagged = flagged


def grounding_pass_rate(results: Iterable[LlmResult[Any]]) -> float | None:
    """Share of the checked model sentences that passed the grounding check (None: none)."""
    checked = flagged = 0
    for result in results:
        checked += result.checked
        flagged += result.flagged
    return (checked - flagged) / checked if checked else None


# Why the offline result is shown, in words for readers (``fallback_reason`` → text).
READER_REASONS = {
    "timeout": "the model did not answer in time",
    "connect": "the model server could not be reached",
    "malformed": "the model's answer could not be read",
    "budget": "the model's budget for today is spent",
    "ungrounded": "too little of what the model wrote is supported by the article",
}


def reason_for_readers(reason: str | None) -> str:
    if reason and reason.startswith("http "):
        return "the model server answered with an error"
    return READER_REASONS.get(reason or "", "the model's summary could not be used")


def fallback(offline: T, error: LlmError, model: str) -> LlmResult[T]:
    counts = (error.checked, error.flagged) if isinstance(error, Ungrounded) else (0, 0)
    return LlmResult(offline, "offline", error.reason, str(error), model, *counts)


def _lookup(
    cache: ResultCache | None, subject: Subject | None, feature: str, model: str
) -> dict[str, Any] | None:
    if cache is None or subject is None:
        return None
    return cache.get(subject.key, subject.version, feature, model)


def _keep(
    cache: ResultCache | None,
    subject: Subject | None,
    feature: str,
    model: str,
    *,
    data: dict[str, Any],
    result: LlmResult[Any],
) -> None:
    if cache is not None and subject is not None:
        entry = {"result": data, "checked": result.checked, "flagged": result.flagged}
        cache.put(subject.key, subject.version, feature, model, entry)


def _from_cache(result: T, hit: dict[str, Any], model: str) -> LlmResult[T]:
    return LlmResult(
        result, "llm", model=model, checked=hit["checked"], flagged=hit["flagged"], cached=True
    )


def _tally(checked: Sequence[Checked]) -> tuple[list[Checked], int]:
    """The grounded sentences; raise :class:`Ungrounded` when too few passed."""
    kept = [c for c in checked if c.grounded]
    total = len(checked)
    if not total:
        raise LlmMalformed("the model wrote no sentences")
    if not kept or len(kept) < MIN_KEPT_SHARE * total:
        raise Ungrounded(
            f"only {len(kept)} of {total} sentences the model wrote are supported by the text",
            checked=total,
            flagged=total - len(kept),
        )
    return kept, total - len(kept)


def _indices(keys: Sequence[str]) -> tuple[int, ...]:
    """Prompt numbers (1-based) to sentence indices (``split_sentences`` numbering)."""
    return tuple(int(k) - 1 for k in keys)


def grounded_summary(
    output: str, pool: Sequence[Source], method: str
) -> tuple[ArticleSummary, int, int]:
    """The summary a model wrote, reduced to its grounded sentences; (summary, checked, flagged)."""
    head, points = split_summary(output)
    said, listed = check(head, pool), check(points, pool)
    _, flagged = _tally([*said, *listed])
    summary = [c for c in said if c.grounded] or [c for c in listed if c.grounded][:2]
    key_points = [c for c in listed if c.grounded] or summary

    def cite(items: Sequence[Checked], limit: int) -> tuple[Cited, ...]:
        return tuple(Cited(c.text, _indices(c.sources)) for c in items[:limit])

    result = ArticleSummary(cite(summary, SUMMARY_MAX), cite(key_points, KEY_POINTS_MAX), method)
    return result, len(said) + len(listed), flagged


def declined(question: str) -> Answer:
    """The answer that says the article does not answer (worded as the offline one)."""
    asked = " ".join(question.split()).rstrip("?").strip()
    return Answer(False, f"The article does not say. (Asked: “{asked}?”)", (), 0.0)


def grounded_answer(
    question: str, output: str, checked: Sequence[Checked]
) -> tuple[Answer, int, int]:
    """The answer a model wrote, reduced to its grounded sentences; (answer, checked, flagged)."""
    if is_decline(output):
        return declined(question), 0, 0
    kept, flagged = _tally(checked)
    sources = sorted({i for c in kept for i in _indices(c.sources)})
    score = round(sum(c.score for c in kept) / len(kept), 4)
    return (
        Answer(True, " ".join(c.text for c in kept), tuple(sources), score),
        len(checked),
        flagged,
    )


async def summarize_with_llm(
    client: LlmClient | None,
    title: str | None,
    text: str,
    *,
    language: str | None = "en",
    subject: Subject | None = None,
    cache: ResultCache | None = None,
) -> LlmResult[ArticleSummary]:
    """Summary and key points by the model, grounded; the offline ones on any failure."""
    if client is None:
        return LlmResult(summarize_article(title, text, language=language), "offline")
    model = client.config.model
    hit = _lookup(cache, subject, "summary", model)
    if hit is not None:
        return _from_cache(summary_from_json(hit["result"]), hit, model)
    pool = article_sources(text, language)
    try:
        completion = await client.complete(summary_messages(title, pool))
        summary, checked, flagged = grounded_summary(
            completion.text, pool, f"llm:{model or completion.model}"
        )
    except LlmError as exc:
        return fallback(summarize_article(title, text, language=language), exc, model)
    result = LlmResult(summary, "llm", model=model, checked=checked, flagged=flagged)
    _keep(cache, subject, "summary", model, data=summary_to_json(summary), result=result)
    return result


async def answer_with_llm(
    client: LlmClient | None,
    question: str,
    text: str,
    *,
    title: str | None = None,
    language: str | None = "en",
    subject: Subject | None = None,
    cache: ResultCache | None = None,
) -> LlmResult[Answer]:
    """The model's answer to a reader's question, grounded; the offline one on any failure.

    Whether the article answers at all is decided by the calibrated offline answerer
    first: when it declines, the model is not asked (``detail`` says so). A lexical
    grounding check cannot catch an answer that recombines the article's own words into a
    false claim, and a question the article does not answer invites exactly that.
    """
    offline = answer_question(question, text, title=title, language=language)
    if client is None:
        return LlmResult(offline, "offline")
    if not offline.answered:
        return LlmResult(offline, "offline", detail=NOT_ASKED, model=client.config.model)
    model = client.config.model
    feature = question_feature(question)
    hit = _lookup(cache, subject, feature, model)
    if hit is not None:
        return _from_cache(answer_from_json(hit["result"]), hit, model)
    pool = article_sources(text, language)
    try:
        messages = answer_messages(question, title, pool)
        completion = await client.complete(messages, max_tokens=ANSWER_TOKENS)
        answer, checked, flagged = grounded_answer(
            question, completion.text, check(completion.text, pool)
        )
    except LlmError as exc:
        return fallback(offline, exc, model)
    result = LlmResult(answer, "llm", model=model, checked=checked, flagged=flagged)
    _keep(cache, subject, feature, model, data=answer_to_json(answer), result=result)
    return result


def _brief_pools(articles: Sequence[BriefInput]) -> list[list[Source]]:
    return [
        [
            Source(f"{a + 1}.{s.index + 1}", s.text)
            for s in split_sentences(article.text)
            if not looks_like_instruction(s.text)
        ]
        for a, article in enumerate(articles)
    ]


def _brief_citations(
    item: Checked, articles: Sequence[BriefInput], pools: Sequence[Sequence[Source]]
) -> tuple[str, ...]:
    """The articles of the supporting sentences, then any other article that states it too."""
    cited = [articles[int(key.split(".")[0]) - 1].id for key in item.sources]
    for article, pool in zip(articles, pools, strict=True):
        if article.id not in cited and any(
            grounding_score(item.text, [s.text]) >= GROUNDED_AT for s in pool
        ):
            cited.append(article.id)
    return tuple(dict.fromkeys(cited))


async def brief_with_llm(
    client: LlmClient | None,
    articles: Sequence[BriefInput],
    *,
    max_sentences: int = 5,
    subject: Subject | None = None,
    cache: ResultCache | None = None,
) -> LlmResult[StoryBrief]:
    """A story brief by the model, each sentence citing the articles that support it.

    Perspectives stay the offline ones (what each outlet alone says is a selection, not
    writing). The offline brief is returned on any failure.
    """
    offline = brief_story(articles, max_sentences=max_sentences)
    if client is None or not articles:
        return LlmResult(offline, "offline")
    model = client.config.model
    hit = _lookup(cache, subject, "brief", model)
    if hit is not None:
        return _from_cache(brief_from_json(hit["result"]), hit, model)
    pools = _brief_pools(articles)
    numbered = [(str(a + 1), art.title, pools[a]) for a, art in enumerate(articles)]
    try:
        completion = await client.complete(brief_messages(numbered), max_tokens=BRIEF_TOKENS)
        checked = check(completion.text, [s for pool in pools for s in pool])
        kept, flagged = _tally(checked)
    except LlmError as exc:
        return fallback(offline, exc, model)
    sentences = tuple(
        BriefSentence(c.text, _brief_citations(c, articles, pools)) for c in kept[:max_sentences]
    )
    brief = StoryBrief(sentences, offline.perspectives)
    result = LlmResult(brief, "llm", model=model, checked=len(checked), flagged=flagged)
    _keep(cache, subject, "brief", model, data=brief_to_json(brief), result=result)
    return result
