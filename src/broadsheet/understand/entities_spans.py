"""Candidate names in article text: tokens, capitalised runs, and their cleaning.

The first two steps of :mod:`broadsheet.understand.entities` (see its docstring): runs of
capitalised words with connectors inside, then titles peeled off, sentence-opening words
dropped, runs split at "of"/"and", events and figures left out. What kind each candidate
is, and which candidates are the same entity, is decided there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.understand import entities_lexicon as lex
from broadsheet.understand.sentences import split_sentences

_TOKEN = re.compile(r"[^\W_](?:\w|[’'\-.&](?=[^\W_]))*|\S")
POSSESSIVE = re.compile(r"[’']s$")
_CONTRACTION = re.compile(r"[’'](?:m|re|ve|ll|d|t)$|n[’']t$")
CONNECTORS = frozenset(
    {"of", "de", "du", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le"}
    | {"al", "bin", "y", "the"}
)
_LOOSE_CONNECTORS = frozenset({"and", "&", "for"})  # only inside organisation names
_GROUP_NOUNS = frozenset({"people", "children", "women", "men", "workers", "citizens"})
_OPENING_QUOTES = frozenset("“‘\"'«([")
_OF_HEADS = lex.ORG_HEADS | frozenset(
    {"isle", "isles", "islands", "gulf", "bay", "republic", "kingdom", "city", "sea", "strait"}
    | {"straits", "cape", "lake", "mount", "duchy", "state", "states", "province", "port"}
)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool = False
    shouted: bool = False  # an ordinary word in capitals ("Are YOU affected?")

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, slots=True)
class Vocab:
    """What the article's own spelling says about its words."""

    known: set[str]  # capitalised away from a sentence start: evidence of a name
    lower: set[str]  # written in lower case somewhere

    def common(self, token: Token) -> bool:
        """A capitalised word that is really an ordinary word opening a sentence."""
        word = POSSESSIVE.sub("", token.text)
        lower = word.lower()
        if word in self.known or lower in lex.GIVEN_NAMES or lower in lex.PLACE_PREFIXES:
            return False
        return lower in self.lower or lower in lex.PERSON_ROLES


@dataclass(slots=True)
class Span:
    first: int  # token index
    last: int  # token index, inclusive
    words: tuple[str, ...]
    start: int
    end: int
    titled: bool = False  # a title such as "Mayor" stood before it
    tentative: bool = False  # a lone word opening a sentence: kept if named elsewhere


def tokenize(text: str, language: str | None) -> list[Token]:
    tokens = [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    starts = {s.start for s in split_sentences(text, language)}
    for i, token in enumerate(tokens):
        after_quote = i > 0 and tokens[i - 1].text in _OPENING_QUOTES
        # A word after an opening quote or bracket may start a quoted sentence.
        if token.start in starts or after_quote:
            token.sentence_start = True
    lower = {t.text.lower() for t in tokens if t.text[:1].islower()}
    for i, token in enumerate(tokens):
        word = token.lower
        if len(word) > 1 and token.text.isupper() and word not in lex.ORGANISATIONS:
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            # "VELMONT Zoo is celebrating": a name set in capitals, as some papers open.
            styled = nxt[:1].isupper() and not nxt.isupper()
            token.shouted = not styled and (
                len(word) > 5 or word in lower or word in lex.NOT_NAMES or _contraction(word)
            )
    return tokens


def _contraction(word: str) -> bool:
    return bool(_CONTRACTION.search(word))


def is_name_word(token: Token) -> bool:
    return (
        token.capitalised
        and token.text[0].isalpha()
        and not token.shouted
        and not _contraction(token.lower)
    )


def _runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, with connectors allowed between them."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not is_name_word(tokens[i]):
            i += 1
            continue
        j = i
        while True:
            if POSSESSIVE.search(tokens[j].text) and not _possessive_inside(tokens, j):
                break
            k = j + 1
            # "Workers’ Union": a bare apostrophe after a plural joins the next word.
            if k < len(tokens) and tokens[k].text in "’'" and tokens[j].text.endswith("s"):
                k += 1
            while k < len(tokens) and tokens[k].lower in CONNECTORS | _LOOSE_CONNECTORS:
                k += 1
            if (
                k < len(tokens)
                and is_name_word(tokens[k])
                and tokens[k].start - tokens[k - 1].end <= 1
                and not tokens[k].sentence_start
            ):
                j = k
                continue
            break
        runs.append((i, j))
        i = j + 1
    return runs


def _possessive_inside(tokens: list[Token], index: int) -> bool:
    """True for the "People’s" of "Dorvan People’s Council": the name goes on."""
    word = POSSESSIVE.sub("", tokens[index].text).lower()
    saint = index > 0 and tokens[index - 1].lower.rstrip(".") in {"st", "saint"}
    nxt = tokens[index + 1] if index + 1 < len(tokens) else None
    after = tokens[index + 2] if index + 2 < len(tokens) else None
    if (  # "Tanner’s Row", "King’s Cross": one suffix word ends the name
        nxt is not None
        and is_name_word(nxt)
        and nxt.lower in lex.PLACE_SUFFIXES
        and (after is None or not is_name_word(after))
    ):
        return True
    if word not in _GROUP_NOUNS and not saint:
        return False
    k = index + 1
    while k < len(tokens) and is_name_word(tokens[k]) and not tokens[k].sentence_start:
        if tokens[k].lower in lex.ORG_SUFFIXES or tokens[k].lower in lex.PLACE_SUFFIXES:
            return True
        if POSSESSIVE.search(tokens[k].text):
            return False
        k += 1
    return False


def _span(tokens: list[Token], first: int, last: int, *, titled: bool = False) -> Span:
    words = (*(t.text for t in tokens[first:last]), POSSESSIVE.sub("", tokens[last].text))
    end = tokens[last].end - (len(tokens[last].text) - len(words[-1]))
    return Span(first, last, words, tokens[first].start, end, titled)


def _strip_edges(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """Drop connectors at either end of a run."""
    while first <= last and not is_name_word(tokens[first]):
        first += 1
    while last >= first and not is_name_word(tokens[last]):
        last -= 1
    return first, last


def _clean(tokens: list[Token], first: int, last: int, vocab: Vocab) -> list[Span]:
    """Turn one capitalised run into zero or more candidate names."""
    # Function words, calendar words and nationality adjectives in front are not names.
    while first <= last and (
        tokens[first].lower in lex.NOT_NAMES or tokens[first].lower in lex.DEMONYMS
    ):
        first += 1
    first, last = _strip_edges(tokens, first, last)
    # "Former Calder Water": a sentence-opening word the article also writes in lower case;
    # "Skipper Jimmy Tolland": one that stands before a given name.
    if (
        first < last
        and tokens[first].sentence_start
        and (
            vocab.common(tokens[first])
            or (
                tokens[first + 1].lower in lex.GIVEN_NAMES
                and tokens[first].lower not in lex.GIVEN_NAMES
                and first + 1 < last
            )
        )
    ):
        first, last = _strip_edges(tokens, first + 1, last)
    # "Velmont Rovers for Cr 5m": a word before a figure is a unit or a label.
    if first < last and last + 1 < len(tokens) and tokens[last + 1].text[:1].isdigit():
        first, last = _strip_edges(tokens, first, last - 1)
    # Names of events are neither people, organisations nor places: "Calder Cup".
    if tokens[last].lower in lex.EVENT_SUFFIXES and first < last:
        return []
    if first > last:
        return []
    titled = False
    # Titles in front ("Foreign Minister", "Judge") are a person cue, not part of the name.
    title_end = -1
    for i in range(first, last):
        word = tokens[i].lower.rstrip(".")
        if word in lex.TITLES or (i == first and word in lex.PERSON_ROLES and i + 2 <= last):
            title_end = i
        elif not is_name_word(tokens[i]) or tokens[i + 1].lower in CONNECTORS:
            break
    if title_end >= 0:
        rest_last = last
        rest_is_org = tokens[rest_last].lower in lex.ORG_SUFFIXES
        if not rest_is_org:
            if tokens[title_end + 1].lower == "of":  # "Mayor of Velmont": keep the place
                first, last = _strip_edges(tokens, title_end + 2, last)
                return [_span(tokens, first, last)] if first <= last else []
            first, titled = title_end + 1, True
    # Split at "of" unless the words before it head an organisation or a place.
    for i in range(first + 1, last):
        if tokens[i].lower == "of" and tokens[i - 1].lower not in _OF_HEADS:
            head = _clean(tokens, first, i - 1, vocab)
            if head and titled:
                head[0].titled = True
            return head + _clean(tokens, i + 1, last, vocab)
    # "and"/"&"/"for" stay inside only when the whole reads as an organisation.
    for cut in range(first + 1, last):
        if tokens[cut].lower not in _LOOSE_CONNECTORS or tokens[cut].text == "&":
            continue
        before, after = tokens[cut - 1].lower, tokens[cut + 1].lower
        if after != "the" and (
            (tokens[cut].lower == "for" and before in lex.ORG_SUFFIXES | lex.ORG_HEADS)
            or (
                tokens[cut].lower == "and"
                and before not in lex.ORG_SUFFIXES
                and tokens[last].lower in lex.ORG_SUFFIXES
            )
        ):
            continue  # "Health and Safety Inspectorate", "Institute for International Affairs"
        left = _clean(tokens, first, cut - 1, vocab)
        if left and titled:
            left[0].titled = True
        return left + _clean(tokens, cut + 1, last, vocab)
    # A title with no name after it is a role, not a person: "the Foreign Minister".
    if tokens[last].lower in lex.TITLES and tokens[last].lower not in lex.ORG_SUFFIXES:
        return []
    span = _span(tokens, first, last, titled=titled)
    if len(span.words) == 1:
        verdict = _single_word(tokens, first)
        if verdict is None:
            return []
        span.tentative = not verdict
    return [span]


def _single_word(tokens: list[Token], index: int) -> bool | None:
    """Whether a lone capitalised word is a name: yes, no (None), or only if named elsewhere."""
    token = tokens[index]
    word = POSSESSIVE.sub("", token.text)
    lower = word.lower()
    if len(word) < 2 or lower in lex.NOT_NAMES or lower in lex.DEMONYMS or lower in lex.TITLES:
        return None
    if word.isupper() and lower in lex.NOT_ACRONYMS:
        return None
    nxt = tokens[index + 1].text if index + 1 < len(tokens) else ""
    if nxt[:1].isdigit():  # "Cr 25,000", "Route 9": a unit or a label, not a name
        return None
    if not token.sentence_start:
        return True
    return lower in lex.PLACES or lower in lex.ORGANISATIONS or word.isupper()


def candidates(tokens: list[Token]) -> list[Span]:
    vocab = Vocab(
        known={
            POSSESSIVE.sub("", t.text) for t in tokens if is_name_word(t) and not t.sentence_start
        },
        lower={t.text for t in tokens if t.text[:1].islower()},
    )
    spans: list[Span] = []
    for first, last in _runs(tokens):
        spans.extend(_clean(tokens, first, last, vocab))
    # A lone word opening a sentence ("Farmers, many of whom...") counts only when the
    # article names it elsewhere: alone mid-sentence, or as the first or last word of a name.
    named: set[str] = set()
    for span in spans:
        if span.tentative:
            continue
        words = [w for w in span.words if w not in "’'"]
        named.update({words[0], words[-1]})
    return [
        span
        for span in spans
        if not span.tentative
        or (span.words[0] in named and span.words[0].lower() not in vocab.lower)
    ]
