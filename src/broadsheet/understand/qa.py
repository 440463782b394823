"""Answering a reader's question from one article, or saying that the article does not.

Extractive and grounded: the answer is a sentence of the article (the one that answers
best), cited by its index in :func:`broadsheet.understand.sentences.split_sentences`
numbering, so nothing is ever invented. How a sentence is scored:

* **overlap**: the question's content words (stemmed with :func:`lexical.stem`) found in
  the sentence, each weighted by its rarity in the article (IDF over the article's
  sentences), as a share of the question's total weight. A word the article never uses
  weighs double: asking about something the article does not mention is the commonest
  sign that it has no answer;
* **type**: what the question word asks for must be in the sentence and not already in
  the question: *who* a person or organisation, *where* a place, *when* a date or time,
  *how many/much* and *what share/rate* a figure, *why* a reason (*because*, *after*,
  *for* ...). A sentence that has the right kind of thing scores ``TYPE_BONUS`` more;
* a small **lead** prior: news states its facts early.

The best sentence is the answer when its score reaches ``ANSWER_AT`` and the question's
*anchors* (its names and figures) are in the article; otherwise the answer is declined
with a sentence saying the article does not say. The threshold is calibrated on
``tests/data/qa/questions.json`` by ``benchmarks/qa.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from broadsheet.understand import lexical
from broadsheet.understand.entities import Mention, find_mentions
from broadsheet.understand.sentences import Sentence, split_sentences

ANSWER_AT = 0.35
TYPE_BONUS = 0.3
LEAD_BONUS = 0.05
# Factor for a sentence without the kind of thing asked for, or that says it does not say.
MISMATCH = 0.5

_QUESTION_WORDS = frozenset(
    {"who", "whom", "whose", "what", "which", "when", "where", "why", "how", "article"}
    | {"story", "report", "according", "many", "much", "long", "did", "does", "do", "new"}
    | {"exactly", "happen", "happened", "kind", "type", "main", "last", "first"}
)
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|yesterday|today|"
    r"tomorrow|tonight|morning|evening|afternoon|overnight|midnight|week|month|year|"
    r"weeks|months|years|days|ago|since|until|\d{1,2}(?:\.\d{2})?\s?(?:am|pm)|1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|dozen|half|quarter)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|after|due to|as a result|so that|in order to|since|for|amid|over|"
    r"caused|following)\b",
    re.IGNORECASE,
)
_ANCHOR = re.compile(r"\d[\d,.]*|\b[A-Z][\w’'-]+")
_NOT_SAID = re.compile(
    r"\b(?:did|does|would|could|has|have|had) not (?:say|said|disclose|confirm|comment)|"
    r"declined to (?:say|comment|disclose)|not (?:yet )?(?:been )?(?:published|disclosed|known)|"
    r"\bunclear\b|no decision",
    re.IGNORECASE,
)
# Irregular forms and a few synonyms news questions use, mapped to one stem.
_SAME = {
    "held": "hold",
    "won": "win",
    "kept": "keep",
    "paid": "pay",
    "left": "leave",
    "led": "lead",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "made": "make",
    "went": "go",
    "gone": "go",
    "came": "come",
    "found": "find",
    "told": "tell",
    "sold": "sell",
    "bought": "buy",
    "built": "build",
    "met": "meet",
    "began": "begin",
    "begun": "begin",
    "fell": "fall",
    "rose": "rise",
    "risen": "rise",
    "spent": "spend",
    "lost": "lose",
    "quake": "earthquake",
    "quakes": "earthquake",
    "staff": "employ",
    "employee": "employ",
}


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer and the sentences that support it."""

    answered: bool
    text: str
    sources: tuple[int, ...]  # indices into split_sentences(text)
    score: float


def _expected(question: str) -> str:
    """What the question asks for: person, place, time, number, reason or thing."""
    q = question.lower()
    if re.search(r"\bhow (?:many|much|long|old|far|big|large|high|fast)\b", q) or re.search(
        r"\bwhat (?:share|percentage|proportion|rate|magnitude|number|price|age|size)\b", q
    ):
        return "number"
    if re.match(r"\s*[Ww]ho (?:is|was|are|were) [A-Z]", question):
        return "thing"  # "Who is Hugo Marrin?" asks what he is, not for another name
    if re.search(r"\bwh(?:o|om|ose)\b", q):
        return "person"
    if re.search(r"\bwhere\b", q):
        return "place"
    if re.search(r"\bwhen\b|\bwhat (?:time|date|day|year)\b", q):
        return "time"
    if re.search(r"\bwhy\b", q):
        return "reason"
    return "thing"


def _has_type(kind: str, sentence: Sentence, mentions: list[Mention], question: str) -> bool:
    """Whether the sentence holds something of the kind asked for, not in the question."""
    asked = question.lower()
    inside = [
        m
        for m in mentions
        if sentence.start <= m.start < sentence.end and m.text.lower() not in asked
    ]
    if kind == "person":
        return any(m.kind in {"person", "organisation"} for m in inside)
    if kind == "place":
        return any(m.kind in {"place", "organisation"} for m in inside)
    if kind == "time":
        return bool(_DATE.search(sentence.text))
    if kind == "number":
        return any(m.group(0).lower() not in asked for m in _NUMBER.finditer(sentence.text))
    if kind == "reason":
        return bool(_REASON.search(sentence.text))
    return True


def _norm(word: str) -> str:
    """One stem for the forms of a word: irregular forms mapped, suffix and final e cut."""
    word = _SAME.get(word, word)
    stem = word if word in _SAME.values() else lexical.stem(word)
    return stem[:-1] if len(stem) > 3 and stem.endswith("e") else stem


def _content(text: str) -> list[str]:
    """Normalised content words of ``text``, in order."""
    out = []
    for raw in lexical.words(text):
        word = re.sub(r"[’']s?$", "", raw)
        if word in _SAME or (word not in lexical.STOP_WORDS and (len(word) > 1 or word.isdigit())):
            out.append(_norm(word))
    return out


def _bag(text: str) -> set[str]:
    return set(_content(text))


def _terms(text: str) -> list[str]:
    words = [w for w in lexical.words(text) if w not in _QUESTION_WORDS]
    return list(dict.fromkeys(_content(" ".join(words))))


def _declined(question: str) -> Answer:
    asked = " ".join(question.split()).rstrip("?").strip()
    return Answer(False, f"The article does not say. (Asked: “{asked}?”)", (), 0.0)


def score_sentences(
    question: str, text: str, *, title: str | None = None, language: str | None = "en"
) -> list[tuple[float, Sentence]]:
    """Every sentence with its answer score, best first (see the module docstring)."""
    sentences = split_sentences(text, language)
    if not sentences:
        return []
    asked = _terms(question)
    if not asked:
        return []
    bags = [_bag(s.text) for s in sentences]
    everywhere = set().union(*bags) | _bag(title or "")
    df = Counter(term for bag in bags for term in bag)
    n = len(sentences)
    weights = {
        t: (math.log(1 + n / max(df[t], 1)) if t in everywhere else 2 * math.log(1 + n))
        for t in asked
    }
    total = sum(weights.values())
    kind = _expected(question)
    mentions = find_mentions(text, language)
    scored: list[tuple[float, Sentence]] = []
    for sentence, bag in zip(sentences, bags, strict=True):
        overlap = sum(w for t, w in weights.items() if t in bag) / total
        score = overlap
        if _has_type(kind, sentence, mentions, question):
            score += TYPE_BONUS * overlap
        elif kind != "thing":
            score *= MISMATCH
        if _NOT_SAID.search(sentence.text):
            score *= MISMATCH
        score += LEAD_BONUS * (1 - sentence.index / n)
        scored.append((score, sentence))
    scored.sort(key=lambda item: (-item[0], item[1].index))
    return scored


def _anchors_missing(question: str, text: str, title: str | None) -> bool:
    """A name or figure of the question that the article never uses."""
    haystack = f"{title or ''}\n{text}".lower()
    for match in _ANCHOR.finditer(question):
        word = match.group(0)
        if match.start() == 0 or word.lower() in _QUESTION_WORDS:
            continue
        if word.lower().rstrip("’'s") not in haystack:
            return True
    return False


def answer_question(
    question: str, text: str, *, title: str | None = None, language: str | None = "en"
) -> Answer:
    """Answer ``question`` from the article, or decline when it does not say."""
    scored = score_sentences(question, text, title=title, language=language)
    if not scored or _anchors_missing(question, text, title):
        return _declined(question)
    best, sentence = scored[0]
    if best < ANSWER_AT:
        return _declined(question)
    return Answer(True, sentence.text, (sentence.index,), round(best, 4))
