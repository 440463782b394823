"""Checking what a model wrote against the sentences it was given.

A model's output is split into sentences; each one's citation markers (``[3]``,
``[2.4]``) are read and removed, and the sentence is mapped to the source sentences that
support it best: greedily, up to ``MAX_SOURCES`` sentences, each step taking the one that
raises :func:`broadsheet.understand.summarize.grounding_score` most (the model's own
citations win ties). A sentence is kept when that score reaches ``GROUNDED_AT``; else it
is flagged and dropped. The citations a model gives are a hint, never trusted: the
sources shown are the ones the check found.

Sentences of the article that read like instructions to a model ("ignore previous
instructions...", "you are now an assistant", chat-template tags) are never support:
a claim that only an injected instruction states is not grounded in the article.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from broadsheet.understand import lexical
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import GROUNDED_AT, grounding_score

MAX_SOURCES = 3
_CANDIDATES = 8

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}?"
    r"\b(?:instructions?|prompts?|rules|directions|guidelines|everything above)\b"
    r"|\b(?:system|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\byou are (?:now )?(?:an? )?(?:ai|assistant|language model|chatbot|llm)\b"
    r"|\bas an ai\b|\b(?:new|updated|real) instructions?\b"
    r"|<\s*/?\s*(?:article|question|system|user|assistant)\s*>|<\|im_(?:start|end)\|>",
    re.IGNORECASE,
)
_CITATION = re.compile(r"\[\s*(\d+(?:\.\d+)?(?:\s*[,;]\s*\d+(?:\.\d+)?)*)\s*\]")
# Citations written after the full stop ("... rates. [2]") belong to the sentence before.
_TRAILING = re.compile(r"([.!?…])([\"”’']?)((?:\s*\[[\d.,; ]+\])+)")
_BULLET = re.compile(r"^\s*(?:[-•*–—]|\d{1,2}[.)])\s+")
# Labels a small model copies from the prompt; what follows them is still checked.
_LABEL = re.compile(r"^(?:title|answer|summary|question|brief)\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Source:
    """A source sentence as the prompt numbered it (``"3"``, or ``"2.4"`` in a brief)."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Checked:
    """One sentence of a model's output after the grounding check."""

    text: str  # as shown: citation markers and list bullets removed
    sources: tuple[str, ...]  # keys of the supporting source sentences, in prompt order
    score: float
    grounded: bool


def looks_like_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def article_sources(text: str, language: str | None = "en") -> list[Source]:
    """The article's sentences that may support output, keyed by 1-based number."""
    return [
        Source(str(s.index + 1), s.text)
        for s in split_sentences(text, language)
        if not looks_like_instruction(s.text)
    ]


def output_sentences(output: str) -> list[tuple[str, frozenset[str]]]:
    """The sentences of a model's output, each without its markers, and the keys it cites."""
    normal = _TRAILING.sub(lambda m: f"{m.group(3)}{m.group(1)}{m.group(2)}", output)
    normal = re.sub(r"\s*\n\s*", "\n\n", normal.strip())  # each line stands alone
    out: list[tuple[str, frozenset[str]]] = []
    for sentence in split_sentences(normal):
        cited = frozenset(
            key.strip()
            for group in _CITATION.findall(sentence.text)
            for key in re.split(r"[,;]", group)
        )
        text = _LABEL.sub("", _BULLET.sub("", _CITATION.sub("", sentence.text)))
        text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split())).strip()
        if (text.endswith(":") and len(text.split()) <= 4) or text.endswith("?"):
            continue  # a heading such as "Key points:", or a question: no claim to check
        if any(ch.isalnum() for ch in text):
            out.append((text, cited))
    return out


def support(
    text: str, pool: Sequence[Source], cited: Collection[str] = ()
) -> tuple[tuple[str, ...], float]:
    """The source keys that best support ``text`` and the grounding score they give it."""
    terms = set(lexical.content_words(text) or lexical.words(text))
    if not terms or not pool:
        return (), 0.0
    singles = [(grounding_score(text, [s.text]), s.key in cited, i) for i, s in enumerate(pool)]
    singles.sort(key=lambda t: (-t[0], not t[1], t[2]))
    candidates = [pool[i] for score, _, i in singles[:_CANDIDATES] if score > 0]
    chosen: list[Source] = []
    best = 0.0
    while candidates and len(chosen) < MAX_SOURCES and best < GROUNDED_AT:
        scored = [
            (grounding_score(text, [*(c.text for c in chosen), s.text]), s.key in cited, -n, s)
            for n, s in enumerate(candidates)
        ]
        score, _, _, pick = max(scored, key=lambda t: t[:3])
        if score <= best:
            break
        chosen.append(pick)
        candidates.remove(pick)
        best = score
    order = {s.key: i for i, s in enumerate(pool)}
    return tuple(sorted((c.key for c in chosen), key=order.__getitem__)), round(best, 4)


def check_sentence(text: str, cited: Collection[str], pool: Sequence[Source]) -> Checked:
    keys, score = support(text, pool, cited)
    return Checked(text, keys, score, score >= GROUNDED_AT)


def check(output: str, pool: Sequence[Source]) -> list[Checked]:
    """Every sentence of ``output`` with its support and whether it passes."""
    return [check_sentence(text, cited, pool) for text, cited in output_sentences(output)]
