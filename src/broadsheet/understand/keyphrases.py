"""Keyphrases of one article, and the front-page section it belongs to.

:func:`keyphrases` is a statistical keyword extractor in the manner of YAKE (Campos et
al., 2020), written for Broadsheet: it needs no corpus and no model, only the article.
Candidates are runs of one to three content words inside a sentence (no stop word, digit
or punctuation inside them). Each word is scored from five features of its use in the
article (the headline is read as its first sentence):

* *casing*: how often it is capitalised mid-sentence or written as an acronym;
* *position*: how early its sentences are (news says what matters first);
* *frequency*: its count against the article's mean and spread;
* *relatedness*: how many different words stand next to it (a word that goes with
  everything, such as "people", is less of a topic);
* *spread*: the share of sentences that use it.

Lower word scores are better, as in YAKE; a phrase scores the product of its words'
scores over (1 + their sum) times its own count. Near duplicates ("strike", "port strike")
are folded into the better one. The weights returned are rescaled so the best phrase is
1.0.

:func:`topic_of` assigns one of :data:`SECTIONS` from cue words (a fixed, documented list
per section, matched after a light stem): headline hits count three times, hits in the
first 300 words of the body once. The best section wins if it scores at least
:data:`MIN_TOPIC_SCORE`; otherwise the article has no section (``None``).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from broadsheet.understand import lexical
from broadsheet.understand.entities import find_mentions
from broadsheet.understand.sentences import split_sentences

_JOIN = "\u00a0"  # joins the words of a recognised name into one token
_WORD = re.compile(r"[^\W_]+(?:(?:[’'\-]|\u00a0[&’']?\u00a0?)[^\W_]+)*[’']?|[^\w\s]")
_POSSESSIVE = re.compile(r"[’']s$")
_EXTRA_STOP = frozenset(
    {"year", "years", "month", "months", "week", "weeks", "day", "days", "time", "times"}
    | {"per", "cent", "percent", "yesterday", "today", "tomorrow", "monday", "tuesday"}
    | {"wednesday", "thursday", "friday", "saturday", "sunday", "last", "next", "first"}
    | {"second", "third", "one", "two", "three", "four", "five", "six", "seven", "eight"}
    | {"nine", "ten", "many", "much", "new", "around", "including", "added", "told"}
    | {"people", "would", "could", "also", "cr", "million", "billion", "bn", "m", "mr"}
    | {"make", "makes", "made", "put", "puts", "take", "takes", "took", "get", "got", "give"}
    | {"gave", "go", "went", "come", "came", "find", "found", "see", "saw", "know", "knew"}
    | {"think", "want", "use", "used", "keep", "kept", "show", "shows", "showed", "km"}
)


_CONTRACTION = re.compile(r"[’'](?:t|re|ve|ll|d|m)$")


@lru_cache(maxsize=1 << 16)
def _stop(word: str) -> bool:
    lower = word.lower()
    return (
        lower in lexical.STOP_WORDS
        or lower in _EXTRA_STOP
        or not lower[0].isalpha()
        or len(lower) < 2
        or bool(_CONTRACTION.search(lower))
    )


@dataclass(slots=True)
class _WordStats:
    count: int = 0
    upper: int = 0  # capitalised away from a sentence start
    acronym: int = 0
    sentences: list[int] = field(default_factory=list)
    left: set[str] = field(default_factory=set)
    right: set[str] = field(default_factory=set)


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    return lexical.stem(_POSSESSIVE.sub("", word.lower()))


def _protect_names(text: str, language: str | None) -> str:
    """Join the words of each multi-word name, so a name is one candidate, titles apart."""
    out: list[str] = []
    position = 0
    for mention in find_mentions(text, language):
        if " " in mention.text:
            out += [text[position : mention.start], mention.text.replace(" ", _JOIN)]
            position = mention.end
    out.append(text[position:])
    return "".join(out)


def _sentences(title: str | None, text: str, language: str | None) -> list[list[str]]:
    head = f"{title.strip()}\n\n" if title and title.strip() else ""
    joint = _protect_names(head + text, language)
    parts = [s.text for s in split_sentences(joint, language)]
    return [[m.group(0) for m in _WORD.finditer(part)] for part in parts]


def _word_scores(sentences: list[list[str]]) -> dict[str, float]:
    stats: dict[str, _WordStats] = defaultdict(_WordStats)
    for index, tokens in enumerate(sentences):
        for position, token in enumerate(tokens):
            if _stop(token):
                continue
            entry = stats[_key(token)]
            entry.count += 1
            entry.sentences.append(index)
            if token.isupper() and len(token) > 1:
                entry.acronym += 1
            elif token[0].isupper() and position > 0:
                entry.upper += 1
            if position > 0:
                entry.left.add(tokens[position - 1].lower())
            if position + 1 < len(tokens):
                entry.right.add(tokens[position + 1].lower())
    if not stats:
        return {}
    counts = [s.count for s in stats.values()]
    mean = statistics.fmean(counts)
    spread = statistics.pstdev(counts)
    top = max(counts)
    scores: dict[str, float] = {}
    for word, s in stats.items():
        casing = max(s.upper, s.acronym) / (1 + math.log(s.count))
        early = math.log(math.log(3 + statistics.median(s.sentences)))
        frequency = s.count / (mean + spread)
        related = 1 + (len(s.left) + len(s.right)) / (2 * s.count) * (s.count / top)
        share = len(set(s.sentences)) / len(sentences)
        scores[word] = (related * early) / (casing + frequency / related + share / related)
    return scores


def _is_name(word: str) -> bool:
    return word[:1].isupper()


def _candidates(sentences: list[list[str]]) -> dict[tuple[str, ...], list[str]]:
    """Runs of 1-3 content words: stem tuple -> every surface form seen.

    A run holds either names (capitalised words: "Velmont Crown Court") or ordinary words
    ("fraud trial"), never both, and stops after a possessive; a sentence-opening word the
    article also writes in lower case is read in lower case.
    """
    lower = {t for tokens in sentences for t in tokens if t[:1].islower()}
    found: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for tokens in sentences:
        run: list[str] = []
        words = [tokens[0].lower() if tokens and tokens[0].lower() in lower else tokens[0]]
        words = [*words[: len(tokens[:1])], *tokens[1:], "."]
        for token in words:
            whole_name = _JOIN in token or (bool(run) and _JOIN in run[-1])
            if run and (_stop(token) or _is_name(token) != _is_name(run[-1]) or whole_name):
                _add_runs(run, found)
                run = []
            if not _stop(token):
                run.append(token)
            if _POSSESSIVE.search(token):
                _add_runs(run, found)
                run = []
    return found


def _add_runs(run: list[str], found: dict[tuple[str, ...], list[str]]) -> None:
    for size in range(1, 4):
        for start in range(len(run) - size + 1):
            words = run[start : start + size]
            surface = " ".join(_bare(w) for w in words)
            found[tuple(_key(w) for w in words)].append(surface)


@lru_cache(maxsize=1 << 16)
def _bare(word: str) -> str:
    """The word without a possessive ending."""
    return _POSSESSIVE.sub("", word).rstrip("’'")


def _word_set(stems: tuple[str, ...]) -> set[str]:
    return set(" ".join(stems).replace(_JOIN, " ").split())


def _surface(forms: list[str]) -> str:
    """The most common spelling; lower case unless the article always capitalises it."""
    best = Counter(forms).most_common(1)[0][0]
    lowered = [f for f in forms if f.lower() == f]
    return (lowered[0] if lowered else best).replace(_JOIN, " ")


def keyphrases(
    title: str | None, text: str, *, k: int = 8, language: str | None = "en"
) -> list[tuple[str, float]]:
    """The ``k`` best keyphrases of an article, best first, with weights in (0, 1]."""
    sentences = _sentences(title, text, language)
    scores = _word_scores(sentences)
    if not scores:
        return []
    ranked: list[tuple[float, tuple[str, ...], str]] = []
    for stems, forms in _candidates(sentences).items():
        if len(set(stems)) < len(stems):
            continue
        if len(stems) > 1 and not _is_name(forms[0]) and len(forms) < 2:
            continue  # an ordinary-word phrase must recur to be a phrase
        if len(stems) == 1 and forms[0].islower() and forms[0].endswith("ed") and len(forms) < 3:
            continue  # most likely a verb: "saved", "jumped"
        product = math.prod(scores[s] for s in stems)
        score = product / (len(forms) * (1 + sum(scores[s] for s in stems)))
        ranked.append((score, stems, _surface(forms)))
    ranked.sort(key=lambda item: (item[0], item[2]))
    chosen: list[tuple[float, tuple[str, ...], str]] = []
    for score, stems, surface in ranked:
        words = _word_set(stems)
        if any(words <= _word_set(other) or _word_set(other) <= words for _, other, _ in chosen):
            continue
        chosen.append((score, stems, surface))
        if len(chosen) == k:
            break
    best = chosen[0][0] if chosen else 1.0
    return [(surface, (best / score) if score > 0 else 1.0) for score, _, surface in chosen]


SECTIONS: tuple[str, ...] = (
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sport",
    "Culture",
    "Local",
)
MIN_TOPIC_SCORE = 3.0
_TOPIC_BODY_WORDS = 300

# Cue words per section, matched on lexical.stem(word). Phrases are matched whole.
_CUES: dict[str, str] = {
    "World": """foreign international embassy ambassador diplomat diplomatic ceasefire
        rebels rebel separatist peace talks treaty sanctions refugees troops war riots
        riot unrest protesters abroad overseas republic humanitarian corridor prisoner
        swap detainees united nations nato""",
    "Politics": """council councillor councillors election elected vote voted voters
        ballot mayor mayoral mayoralty minister ministers government parliament party
        opposition budget policy legislation bill law candidate campaign by-election
        tax levy referendum cabinet coalition""",
    "Business": """company companies shares shareholders profit profits revenue
        investors investment market markets firm chief executive deal orders sales
        customers retailer airline bond bonds stock exchange acquisition startup
        exporters trade business businesses economy economic inflation interest rates
        rate mortgage mortgages borrowing lender bank prices earnings jobs pay strike
        dockworkers funding""",
    "Technology": """software data breach hackers attackers app apps ai computer cyber
        internet online smartphone phone digital algorithm robot robotics driverless
        tech server servers gadget devices device chip cloud payroll ransomware
        vulnerability patch""",
    "Science": """researchers research scientists scientist study university journal
        discovery species comet orbit satellite space telescope archaeologists
        archaeological fossil climate experiment laboratory lab physics chemistry
        biology astronomers rocket launch magnitude seismologists battery""",
    "Health": """hospital patients patient doctors doctor nurses nurse health medical
        disease treatment vaccine maternity clinic virus cancer surgery midwives
        birth babies ambulance infirmary nhs illness""",
    "Sport": """match goal goals final cup league striker coach team season
        championship tournament player players score scored stadium penalty athlete
        athletes football rugby cricket tennis golf race extra-time supporters fans
        trophy captain games""",
    "Culture": """film music theatre play festival art museum exhibition book novel
        author concert album artist actor actors gallery heritage ferry tradition
        bakery sourdough cheese awards dramatic performance""",
    "Local": """residents village villagers town road roads closure closed bus route
        community volunteers school pupils library shop neighbours local evacuated
        wildfire fire street lane campaigners zoo""",
}
_CUE_STEMS: dict[str, frozenset[str]] = {
    section: frozenset(lexical.stem(w) for w in words.split()) for section, words in _CUES.items()
}


def _stems(text: str) -> list[str]:
    return [lexical.stem(w) for w in lexical.words(text)]


def topic_scores(title: str | None, text: str) -> dict[str, float]:
    """Cue-word score of every section (see the module docstring)."""
    head = _stems(title or "")
    body = _stems(" ".join(text.split()[:_TOPIC_BODY_WORDS]))
    scores = dict.fromkeys(SECTIONS, 0.0)
    for section, cues in _CUE_STEMS.items():
        scores[section] = 3.0 * sum(w in cues for w in head) + sum(w in cues for w in body)
    return scores


def topic_of(title: str | None, text: str) -> str | None:
    """The section of :data:`SECTIONS` an article belongs to, or ``None`` when unclear."""
    scores = topic_scores(title, text)
    best = max(SECTIONS, key=lambda s: scores[s])
    return best if scores[best] >= MIN_TOPIC_SCORE else None
