"""People, organisations and places named in an article: a rule-based recogniser.

The recogniser reads cues rather than capital letters alone. It works in four steps:

1. **Candidates.** Runs of capitalised words, allowed to hold ``of``, ``&`` and the like
   between them (``Bank of Calderra``, ``Harbour Workers’ Union``), with a possessive
   ``’s`` cut off. A run that opens a sentence loses its first word when that word is a
   function word, and a lone capitalised word that opens a sentence is kept only when the
   article also capitalises it mid-sentence or a word list knows it.
2. **Cleaning.** Leading titles are peeled off and remembered as a person cue
   (``Mayor Helen Voss``, ``Judge Eleanor Whitcombe``); ``Mayor of Velmont`` keeps only the
   place; a run is split at ``of`` unless the words before it head an organisation or a
   place (``Maria Okafor of the Harbour Workers’ Union`` is two names).
3. **Typing.** Each candidate collects evidence for person, organisation and place from
   its own words (suffixes such as *Council*, *Systems*, *Ridge*, *Island*; prefixes such
   as *Port*, *Mount*; given names; countries and a few famous bodies) and from its context
   (``in``/``near`` before it, a lower-case role such as *secretary* before it, an age or
   *said* after it, *finance director* after an organisation). Evidence is pooled over all
   occurrences of the same words in the article — one sense per article — and the best
   kind wins. A name made of a known place plus more words is an organisation
   (``Port Arden Mariners``, ``Velmont City Council``).
4. **Co-reference.** A lone surname is the person whose full name ends with it
   (``Okafor`` after ``Maria Okafor``); a lone first word of an organisation whose other
   words are suffixes is that organisation (``Greyfen`` after ``Greyfen Consulting``); an
   acronym matching an organisation's initials is that organisation.

English only: for another ``language`` the functions return nothing rather than guess
(capitalisation means something else in German, and the cue words are English).
``benchmarks/entities.py`` measures this against hand annotations and a plain
capitalised-words baseline.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from broadsheet.understand import entities_lexicon as lex
from broadsheet.understand.sentences import split_sentences

Kind = Literal["person", "organisation", "place"]
KINDS: tuple[Kind, ...] = ("person", "organisation", "place")


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a name: ``text == article[start:end]``."""

    text: str
    kind: Kind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place of an article, its mentions merged."""

    name: str
    kind: Kind
    key: str  # "person:maria-okafor": stable across articles, for entity pages
    mentions: int
    aliases: tuple[str, ...] = ()


_TOKEN = re.compile(r"[^\W_](?:\w|[’'\-.&](?=[^\W_]))*|\S")
_POSSESSIVE = re.compile(r"[’']s$")
_CONTRACTION = re.compile(r"[’'](?:m|re|ve|ll|d|t)$|n[’']t$")
_CONNECTORS = frozenset(
    {"of", "de", "du", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le"}
    | {"al", "bin", "y", "the"}
)
_LOOSE_CONNECTORS = frozenset({"and", "&", "for"})  # only inside organisation names
_PLURALS = ("ers", "ors", "ies", "ings", "ics", "ists", "ants", "ents")
_OPENING_QUOTES = frozenset("“‘\"'«([")
_OF_HEADS = lex.ORG_HEADS | frozenset(
    {"isle", "isles", "islands", "gulf", "bay", "republic", "kingdom", "city", "sea", "strait"}
    | {"straits", "cape", "lake", "mount", "duchy", "state", "states", "province", "port"}
)


@dataclass(slots=True)
class _Token:
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
class _Vocab:
    """What the article's own spelling says about its words."""

    known: set[str]  # capitalised away from a sentence start: evidence of a name
    lower: set[str]  # written in lower case somewhere

    def common(self, token: _Token) -> bool:
        """A capitalised word that is really an ordinary word opening a sentence."""
        word = _POSSESSIVE.sub("", token.text)
        lower = word.lower()
        if word in self.known or lower in lex.GIVEN_NAMES or lower in lex.PLACE_PREFIXES:
            return False
        return lower in self.lower or lower in lex.PERSON_ROLES


@dataclass(slots=True)
class _Span:
    first: int  # token index
    last: int  # token index, inclusive
    words: tuple[str, ...]
    start: int
    end: int
    titled: bool = False  # a title such as "Mayor" stood before it


@dataclass(slots=True)
class _Evidence:
    score: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))

    def add(self, kind: Kind, weight: float) -> None:
        self.score[kind] += weight

    def best(self) -> Kind | None:
        kind = max(KINDS, key=lambda k: self.score[k])
        return kind if self.score[kind] > 0 else None


def _english(language: str | None) -> bool:
    return language is None or language.lower().split("-")[0].split("_")[0] in {"en", ""}


def _tokens(text: str, language: str | None) -> list[_Token]:
    tokens = [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    starts = {s.start for s in split_sentences(text, language)}
    for i, token in enumerate(tokens):
        after_quote = i > 0 and tokens[i - 1].text in _OPENING_QUOTES
        # A word after an opening quote or bracket may start a quoted sentence.
        if token.start in starts or after_quote:
            token.sentence_start = True
    lower = {t.text.lower() for t in tokens if t.text[:1].islower()}
    for token in tokens:
        word = token.lower
        if len(word) > 1 and token.text.isupper() and word not in lex.ORGANISATIONS:
            token.shouted = (
                len(word) > 5 or word in lower or word in lex.NOT_NAMES or _contraction(word)
            )
    return tokens


def _contraction(word: str) -> bool:
    return bool(_CONTRACTION.search(word))


def _is_name_word(token: _Token) -> bool:
    return (
        token.capitalised
        and token.text[0].isalpha()
        and not token.shouted
        and not _contraction(token.lower)
    )


def _runs(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, with connectors allowed between them."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _is_name_word(tokens[i]):
            i += 1
            continue
        j = i
        while True:
            if _POSSESSIVE.search(tokens[j].text):
                break
            k = j + 1
            # "Workers’ Union": a bare apostrophe after a plural joins the next word.
            if k < len(tokens) and tokens[k].text in "’'" and tokens[j].text.endswith("s"):
                k += 1
            while k < len(tokens) and tokens[k].lower in _CONNECTORS | _LOOSE_CONNECTORS:
                k += 1
            if (
                k < len(tokens)
                and _is_name_word(tokens[k])
                and tokens[k].start - tokens[k - 1].end <= 1
                and not tokens[k].sentence_start
            ):
                j = k
                continue
            break
        runs.append((i, j))
        i = j + 1
    return runs


def _span(tokens: list[_Token], first: int, last: int, *, titled: bool = False) -> _Span:
    words = tuple(
        _POSSESSIVE.sub("", t.text) if t.text not in "’'" else t.text
        for t in tokens[first : last + 1]
    )
    end = tokens[last].end - (len(tokens[last].text) - len(words[-1]))
    return _Span(first, last, words, tokens[first].start, end, titled)


def _strip_edges(tokens: list[_Token], first: int, last: int) -> tuple[int, int]:
    """Drop connectors at either end of a run."""
    while first <= last and not _is_name_word(tokens[first]):
        first += 1
    while last >= first and not _is_name_word(tokens[last]):
        last -= 1
    return first, last


def _clean(tokens: list[_Token], first: int, last: int, vocab: _Vocab) -> list[_Span]:
    """Turn one capitalised run into zero or more candidate names."""
    # Function words, calendar words and nationality adjectives in front are not names.
    while first <= last and (
        tokens[first].lower in lex.NOT_NAMES or tokens[first].lower in lex.DEMONYMS
    ):
        first += 1
    first, last = _strip_edges(tokens, first, last)
    # "Former Calder Water": a sentence-opening word the article also writes in lower case.
    if first < last and tokens[first].sentence_start and vocab.common(tokens[first]):
        first, last = _strip_edges(tokens, first + 1, last)
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
        elif not _is_name_word(tokens[i]) or tokens[i + 1].lower in _CONNECTORS:
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
    loose = [i for i in range(first, last) if tokens[i].lower in _LOOSE_CONNECTORS]
    if loose and tokens[last].lower not in lex.ORG_SUFFIXES and tokens[loose[0]].text != "&":
        cut = loose[0]
        left = _strip_edges(tokens, first, cut - 1)
        right = _strip_edges(tokens, cut + 1, last)
        spans = [_span(tokens, *left, titled=titled)] if left[0] <= left[1] else []
        return spans + (_clean(tokens, *right, vocab) if right[0] <= right[1] else [])
    span = _span(tokens, first, last, titled=titled)
    if len(span.words) == 1 and not _single_word_ok(tokens, first, vocab):
        return []
    return [span]


def _single_word_ok(tokens: list[_Token], index: int, vocab: _Vocab) -> bool:
    token = tokens[index]
    word = _POSSESSIVE.sub("", token.text)
    lower = word.lower()
    if len(word) < 2 or lower in lex.NOT_NAMES or lower in lex.DEMONYMS or lower in lex.TITLES:
        return False
    nxt = tokens[index + 1].text if index + 1 < len(tokens) else ""
    if nxt[:1].isdigit():  # "Cr 25,000", "Route 9": a unit or a label, not a name
        return False
    if not token.sentence_start:
        return True
    return (
        word in vocab.known or lower in lex.PLACES or lower in lex.ORGANISATIONS or word.isupper()
    )


def _candidates(tokens: list[_Token]) -> list[_Span]:
    vocab = _Vocab(
        known={
            _POSSESSIVE.sub("", t.text) for t in tokens if _is_name_word(t) and not t.sentence_start
        },
        lower={t.text for t in tokens if t.text[:1].islower()},
    )
    spans: list[_Span] = []
    for first, last in _runs(tokens):
        spans.extend(_clean(tokens, first, last, vocab))
    return spans


def _lower_word(tokens: list[_Token], index: int) -> str:
    if 0 <= index < len(tokens) and not tokens[index].capitalised:
        return tokens[index].lower
    return ""


def _context(tokens: list[_Token], span: _Span, evidence: _Evidence) -> None:
    """Evidence from the words around one occurrence."""
    before = _lower_word(tokens, span.first - 1)
    before2 = tokens[span.first - 2].lower if span.first >= 2 else ""
    after_index = span.last + 1
    possessive = bool(_POSSESSIVE.search(tokens[span.last].text))
    after = _lower_word(tokens, after_index)
    after2 = _lower_word(tokens, after_index + 1)
    if span.titled:
        evidence.add("person", 3.0)
    if before in lex.PERSON_ROLES and before not in lex.ORG_SUFFIXES:
        evidence.add("person", 2.0)
    if span.first >= 2 and tokens[span.first - 1].text == "," and before2 in lex.PERSON_ROLES:
        evidence.add("person", 1.5)  # "Its chairman, Roland Ekberg"
    if after == "," and after2[:1].isdigit():  # "Victor Lesage, 58,"
        evidence.add("person", 2.0)
    if not possessive and (after in lex.SPEECH_VERBS or before in lex.SPEECH_VERBS):
        evidence.add("person", 1.0)
    if before == "the":
        evidence.add("person", -2.0)
        follower = tokens[span.last + 1].text if span.last + 1 < len(tokens) else "."
        if span.first == span.last and (follower in lex.SPEECH_VERBS or not follower.isalpha()):
            evidence.add("organisation", 0.5)  # "the Treasury says", "the Crown."
    if not possessive and (after in lex.ORG_FOLLOWERS or (after and after2 in lex.ORG_FOLLOWERS)):
        evidence.add("organisation", 1.5)
    if before in lex.PLACE_PREPOSITIONS:
        evidence.add("place", 1.0)
    elif before in lex.WEAK_PLACE_PREPOSITIONS:
        evidence.add("place", 0.4)
    if before == "of" and before2 == ",":  # "Victor Lesage, 58, of Hillcrest Avenue"
        evidence.add("place", 1.0)


def _intrinsic(span: _Span, evidence: _Evidence) -> None:
    """Evidence from the words of the name itself."""
    words = [w.lower() for w in span.words if w not in "’'"]
    name = " ".join(words)
    first, last = words[0], words[-1]
    if name in lex.PLACES:
        evidence.add("place", 4.0)
    if name in lex.ORGANISATIONS and (len(words) > 1 or span.words[0].isupper()):
        evidence.add("organisation", 4.0)
    if last in lex.ORG_SUFFIXES and len(words) > 1:
        evidence.add("organisation", 3.0)
    if len(words) > 2 and first in lex.ORG_HEADS and words[1] == "of":
        evidence.add("organisation", 3.0)
    if last in lex.PLACE_SUFFIXES and len(words) > 1:
        evidence.add("place", 3.0)
    if first in lex.PLACE_PREFIXES and len(words) > 1:
        evidence.add("place", 2.0)
    if len(words) > 1 and first in lex.GIVEN_NAMES:
        evidence.add("person", 2.0)
    if len(span.words) == 1 and span.words[0].isupper() and len(first) <= 6:
        evidence.add("organisation", 1.5)
    if len(words) > 1 and last.endswith(_PLURALS) and last not in lex.PLACE_SUFFIXES:
        evidence.add("organisation", 1.0)  # "Port Arden Mariners", "Askerby Rovers"
    if "of" in words or "&" in words:
        evidence.add("person", -2.0)
    if "&" in words:
        evidence.add("organisation", 2.0)


def _surface(span: _Span) -> str:
    text = " ".join(span.words)
    return text.replace(" ’ ", "’ ").replace(" ' ", "' ")


@dataclass(slots=True)
class _Analysis:
    spans: list[tuple[_Span, str]]  # each occurrence and its surface form
    kinds: dict[str, Kind]  # surface form -> kind
    canonical: dict[str, str]  # surface form -> the surface form of its entity

    def occurrences_in_order(self) -> list[tuple[_Span, str]]:
        return sorted(self.spans, key=lambda item: item[0].start)


def _resolve(spans: list[_Span], tokens: list[_Token]) -> _Analysis:
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    occurrences = [(span, _surface(span)) for span in spans]
    for span, surface in occurrences:
        _intrinsic(span, evidence[surface])
        _context(tokens, span, evidence[surface])
    kinds: dict[str, Kind] = {}
    for surface, ev in evidence.items():
        best = ev.best()
        if best is not None:
            kinds[surface] = best
    # A known place followed by more words names something else: "Velmont City Council".
    places = {s for s, k in kinds.items() if k == "place"}
    for surface, ev in evidence.items():
        words = surface.split()
        if len(words) < 2 or words[-1].lower() in lex.PLACE_SUFFIXES:
            continue
        for cut in range(1, len(words)):
            head = " ".join(words[:cut])
            if head in places or head.lower() in lex.PLACES:
                ev.add("organisation", 2.0)
                best = ev.best()
                if best is not None:
                    kinds[surface] = best
                break
    # What still has no kind: a run of several words is most often a person's name...
    for surface in evidence:
        if surface not in kinds and len(surface.split()) > 1:
            kinds[surface] = "person"
    canonical = _corefer(evidence, kinds)
    # ... and a lone word that is no one's surname, most often a place.
    for surface in evidence:
        kinds.setdefault(surface, "place")
    return _Analysis(occurrences, kinds, canonical)


def _initials(surface: str) -> str:
    return "".join(
        w[0] for w in surface.split() if w[:1].isupper() and w.lower() not in _CONNECTORS
    )


def _corefer(evidence: dict[str, _Evidence], kinds: dict[str, Kind]) -> dict[str, str]:
    """Map short forms to the full name they stand for, and give them its kind."""
    canonical: dict[str, str] = {}
    people = [s for s, k in kinds.items() if k == "person" and len(s.split()) > 1]
    orgs = [s for s, k in kinds.items() if k == "organisation" and len(s.split()) > 1]
    for surface, ev in evidence.items():
        words = surface.split()
        if len(words) != 1:
            continue
        word = words[0]
        by_surname = [p for p in people if p.split()[-1] == word]
        if by_surname:
            # The most-mentioned bearer wins when two people share a surname.
            full = max(by_surname, key=lambda p: (sum(evidence[p].score.values()), p))
            canonical[surface], kinds[surface] = full, "person"
            continue
        strong_other = max(ev.score["place"], ev.score["person"]) >= 3.0
        for org in orgs:
            org_words = org.split()
            prefix = org_words[0] == word and all(
                w.lower() in lex.ORG_SUFFIXES for w in org_words[1:]
            )
            acronym = word.isupper() and len(word) >= 2 and _initials(org) == word
            # "Mariners" for "Port Arden Mariners", when only one organisation ends so.
            tail = org_words[-1] == word and sum(o.split()[-1] == word for o in orgs) == 1
            if ((prefix or tail) and not strong_other) or acronym:
                canonical[surface], kinds[surface] = org, "organisation"
                break
    return canonical


def find_mentions(text: str, language: str | None = "en") -> list[Mention]:
    """Every person, organisation and place named in ``text``, in reading order."""
    if not _english(language) or not text.strip():
        return []
    tokens = _tokens(text, language)
    analysis = _resolve(_candidates(tokens), tokens)
    return [
        Mention(text[span.start : span.end], analysis.kinds[surface], span.start, span.end)
        for span, surface in analysis.occurrences_in_order()
    ]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def entity_key(kind: str, name: str) -> str:
    """The key of an entity page: ``person:maria-okafor``."""
    return f"{kind}:{_slug(name)}"


def _headline_case(title: str) -> bool:
    """True for "Dockworkers Walk Out At Port Arden", where capitals say nothing."""
    words = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def find_entities(
    text: str, *, title: str | None = None, language: str | None = "en"
) -> list[Entity]:
    """The article's entities, mentions merged, most salient first.

    Salience is the number of mentions, plus two when the headline names the entity,
    plus up to one for being named early; ties go to the earlier name.
    """
    if not _english(language):
        return []
    tokens = _tokens(text, language)
    analysis = _resolve(_candidates(tokens), tokens)
    groups: dict[tuple[str, Kind], list[str]] = defaultdict(list)
    first_seen: dict[tuple[str, Kind], int] = {}
    for span, surface in analysis.occurrences_in_order():
        kind = analysis.kinds[surface]
        head = analysis.canonical.get(surface, surface)
        group = (head, kind)
        groups[group].append(surface)
        first_seen.setdefault(group, span.start)
    if title:
        _add_title(title, language, groups, first_seen)
    size = max(len(text), 1)
    ranked: list[tuple[float, int, Entity]] = []
    for (name, kind), surfaces in groups.items():
        in_title = sum(1 for s in surfaces if s == "\x00title")
        mentions = [s for s in surfaces if s != "\x00title"]
        aliases = tuple(sorted({s for s in mentions if s != name}))
        position = first_seen[(name, kind)]
        salience = len(mentions) + (2.0 if in_title else 0.0) + max(0.0, 1 - position / size)
        entity = Entity(name, kind, entity_key(kind, name), len(mentions) + in_title, aliases)
        ranked.append((salience, position, entity))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [entity for _, _, entity in ranked]


def _add_title(
    title: str,
    language: str | None,
    groups: dict[tuple[str, Kind], list[str]],
    first_seen: dict[tuple[str, Kind], int],
) -> None:
    """Count the headline's names: known ones always, new ones only in sentence case."""
    named: set[tuple[str, Kind]] = set()
    for group, surfaces in groups.items():
        forms = {group[0], *surfaces}
        if any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", title) for form in forms):
            named.add(group)
    if not _headline_case(title):
        for mention in find_mentions(title, language):
            group = next(
                (g for g in groups if g[1] == mention.kind and mention.text in {g[0], *groups[g]}),
                (mention.text, mention.kind),
            )
            named.add(group)
            first_seen.setdefault(group, 0)
    for group in named:
        groups[group].append("\x00title")
