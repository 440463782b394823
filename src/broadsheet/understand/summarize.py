"""One article's summary and key points, extracted and cited, computed at ingest.

The offline method is extractive: sentences are scored by TF-IDF cosine to the centroid
of the article and to its headline, with a prior for the lead (news puts the point
first), minus a penalty for sentences that are mostly quotation. The summary is the best
2–4 sentences (by article length) in reading order; the key points are 3–5 further
sentences picked for diversity (maximal marginal relevance), falling back on summary
sentences only when the article has too few. A short article gets fewer of both: nothing
is ever invented. Every output cites the index of the sentence it was taken from
(:func:`broadsheet.understand.sentences.split_sentences` numbering), and may be trimmed
(:mod:`.trim`) but never reworded.

:func:`grounding_score` is the check every generated sentence must pass, whichever
backend wrote it: the share of its content words found in the sentences it cites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.understand import lexical, trim
from broadsheet.understand.sentences import split_sentences

METHOD = "extractive-tfidf-1"
# A sentence is grounded when at least this share of its content words occur in its sources.
GROUNDED_AT = 0.8


@dataclass(frozen=True, slots=True)
class Cited:
    """A sentence shown to the reader and the indices of the source sentences it comes from."""

    text: str
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    summary: tuple[Cited, ...]
    key_points: tuple[Cited, ...]
    method: str


def grounding_score(output: str, sources: Sequence[str]) -> float:
    """Share of the distinct content words of ``output`` that occur in ``sources`` (0–1).

    Words are compared after case folding and a light suffix strip. An output with no
    content words is judged on all its words; an empty output scores 0.
    """
    out_terms = lexical.content_words(output) or lexical.words(output)
    source_text = " ".join(sources)
    pool = set(lexical.content_words(source_text)) | set(lexical.words(source_text))
    return lexical.coverage(out_terms, pool)


def is_grounded(output: str, sources: Sequence[str]) -> bool:
    return grounding_score(output, sources) >= GROUNDED_AT


@dataclass(slots=True)
class _Unit:
    index: int  # sentence index in split_sentences numbering
    position: int  # rank among candidate sentences
    text: str
    vec: lexical.Vector
    score: float = 0.0


_LEAD_WEIGHT = 0.4  # bonus for the first sentence, fading as 1/(1 + rank)
_POSITION_WEIGHT = 0.2  # and a gentle slope over the whole article
_TITLE_WEIGHT = 0.5
_QUOTE_PENALTY = 0.4  # per unit share of the sentence inside quotation marks
_VOICE_PENALTY = 0.2  # first person outside quotes: an unmarked quote or an opinion
_QUESTION_PENALTY = 0.5
_REDUNDANCY = 0.6
_MIN_WORDS = 5


def _units(title: str | None, text: str, language: str | None) -> list[_Unit]:
    units: list[_Unit] = []
    for sentence in split_sentences(text, language):
        cleaned = trim.trim(sentence.text)
        if trim.is_boilerplate(cleaned):
            continue
        units.append(_Unit(sentence.index, len(units), cleaned, {}))
    long_enough = [u for u in units if len(u.text.split()) >= _MIN_WORDS]
    units = long_enough or units
    bags = [lexical.content_words(u.text) for u in units]
    title_bag = lexical.content_words(title or "")
    idf = lexical.idf_table([*bags, title_bag])
    for unit, bag in zip(units, bags, strict=True):
        unit.vec = lexical.tfidf(bag, idf)
    center = lexical.centroid(u.vec for u in units)
    headline = lexical.tfidf(title_bag, idf)
    for rank, unit in enumerate(units):
        unit.position = rank
        unit.score = (
            lexical.cosine(unit.vec, center)
            + _TITLE_WEIGHT * lexical.cosine(unit.vec, headline)
            + _LEAD_WEIGHT / (1 + rank)
            + _POSITION_WEIGHT * (1 - rank / len(units))
            - _QUOTE_PENALTY * trim.quoted_share(unit.text)
            - _VOICE_PENALTY * trim.first_person(unit.text)
            - _QUESTION_PENALTY * unit.text.endswith("?")
        )
    return units


def _mmr(units: list[_Unit], k: int, avoid: Sequence[_Unit] = ()) -> list[_Unit]:
    """Up to ``k`` units by score, each penalised by its likeness to those already taken."""
    chosen: list[_Unit] = []
    pool = list(units)
    while pool and len(chosen) < k:

        def gain(u: _Unit) -> tuple[float, int]:
            near = max((lexical.cosine(u.vec, c.vec) for c in [*chosen, *avoid]), default=0.0)
            return (u.score - _REDUNDANCY * near, -u.position)

        best = max(pool, key=gain)
        pool.remove(best)
        chosen.append(best)
    return chosen


def _summary_length(word_count: int) -> int:
    if word_count < 250:
        return 2
    if word_count < 600:
        return 3
    return 4


def _key_point_count(word_count: int) -> int:
    return min(5, max(3, 2 + word_count // 200))


def summarize_article(
    title: str | None, text: str, *, language: str | None = "en"
) -> ArticleSummary:
    """Summary (2–4 sentences) and key points (3–5), each citing its source sentences."""
    units = _units(title, text, language)
    if not units:
        return ArticleSummary((), (), METHOD)
    word_count = len(text.split())
    summary = _mmr(units, min(_summary_length(word_count), len(units)))
    taken = {u.index for u in summary}
    rest = [u for u in units if u.index not in taken]
    wanted = min(_key_point_count(word_count), len(units))
    points = _mmr(rest, wanted, avoid=summary)
    if len(points) < wanted:  # a short article: reuse summary sentences, never invent
        points += _mmr(summary, wanted - len(points), avoid=points)

    def cite(chosen: list[_Unit]) -> tuple[Cited, ...]:
        return tuple(Cited(u.text, (u.index,)) for u in sorted(chosen, key=lambda u: u.position))

    return ArticleSummary(cite(summary), cite(points), METHOD)
