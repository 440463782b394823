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
from functools import lru_cache
from typing import Literal

from broadsheet.understand import entities_lexicon as lex
from broadsheet.understand.entities_spans import (
    CONNECTORS,
    POSSESSIVE,
    Span,
    Token,
    candidates,
    tokenize,
)

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


_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "our"})
_STAKE_WORDS = frozenset({"shares", "stake", "stakes", "invest", "invested", "investment"})
_PLURALS = ("ers", "ors", "ies", "ings", "ics", "ists", "ants", "ents")


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


def _lower_word(tokens: list[Token], index: int) -> str:
    if 0 <= index < len(tokens) and not tokens[index].capitalised:
        return tokens[index].lower
    return ""


def _context(tokens: list[Token], span: Span, evidence: _Evidence) -> None:
    """Evidence from the words around one occurrence."""
    before = _lower_word(tokens, span.first - 1)
    before2 = tokens[span.first - 2].lower if span.first >= 2 else ""
    after_index = span.last + 1
    possessive = bool(POSSESSIVE.search(tokens[span.last].text))
    after = _lower_word(tokens, after_index)
    after2 = _lower_word(tokens, after_index + 1)
    if span.titled:
        evidence.add("person", 3.0)
    if before in lex.PERSON_ROLES and before not in lex.ORG_SUFFIXES:
        evidence.add("person", 2.0)
    elif before in lex.ORG_NOUNS:
        evidence.add("organisation", 2.0)  # "renewable energy company Ardent Winds"
    elif before in lex.PLACE_NOUNS:
        evidence.add("place", 1.5)  # "the village of Thornby", "the town Askerby"
    elif before in {"named", "called"}:
        evidence.add("person", 0.5)
    _apposition(tokens, span.last + 1, evidence)
    if span.first >= 2 and tokens[span.first - 1].text == "," and before2 in lex.PERSON_ROLES:
        evidence.add("person", 1.5)  # "Its chairman, Roland Ekberg"
    if after == "," and after2[:1].isdigit():  # "Victor Lesage, 58,"
        evidence.add("person", 2.0)
    if not possessive and (after in lex.SPEECH_VERBS or before in lex.SPEECH_VERBS):
        evidence.add("person", 1.0 if span.first < span.last else 0.5)
    if before == "the":
        evidence.add("person", -2.0)
        follower = tokens[span.last + 1].text if span.last + 1 < len(tokens) else "."
        if span.first == span.last and (follower in lex.SPEECH_VERBS or not follower.isalpha()):
            evidence.add("organisation", 0.5)  # "the Treasury says", "the Crown."
    if not possessive and (after in lex.ORG_FOLLOWERS or (after and after2 in lex.ORG_FOLLOWERS)):
        evidence.add("organisation", 1.5)
    if before == "in" and before2 in _STAKE_WORDS:
        evidence.add("organisation", 1.0)  # "shares in Lumora"
    elif before in lex.PLACE_PREPOSITIONS:
        evidence.add("place", 1.0)
    elif before in lex.WEAK_PLACE_PREPOSITIONS:
        evidence.add("place", 0.4)
    if before == "of" and before2 == ",":  # "Victor Lesage, 58, of Hillcrest Avenue"
        evidence.add("place", 1.0)


def _apposition(tokens: list[Token], index: int, evidence: _Evidence) -> None:
    """ "Aerocal, Calderra’s national airline," / "Greyfen, a company with no staff"."""
    if index + 1 >= len(tokens) or tokens[index].text != ",":
        return
    opener = tokens[index + 1]
    if opener.lower == "who":
        evidence.add("person", 1.5)  # "Andrei Vasko, who chairs..."
        return
    if opener.lower not in _DETERMINERS and not POSSESSIVE.search(opener.text):
        return
    for token in tokens[index + 2 : index + 7]:
        word = token.lower
        if not word[:1].isalpha() or token.capitalised:
            return
        if word in lex.ORG_NOUNS:
            evidence.add("organisation", 2.0)
            return
        if word in lex.PLACE_NOUNS:
            evidence.add("place", 2.0)
            return
        if word in lex.PERSON_ROLES:
            evidence.add("person", 1.0)
            return


def _intrinsic(span: Span, evidence: _Evidence) -> None:
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
    if first in lex.GIVEN_NAMES:
        evidence.add("person", 2.0 if len(words) > 1 else 1.0)
    if len(span.words) == 1 and span.words[0].isupper() and len(first) <= 6:
        evidence.add("organisation", 1.5)
    if len(words) == 1 and first in lex.ORG_SUFFIXES:
        evidence.add("organisation", 1.0)  # "Post readers", "the Bugle"
    if len(words) > 1 and last.endswith(_PLURALS) and last not in lex.PLACE_SUFFIXES:
        evidence.add("organisation", 1.0)  # "Port Arden Mariners", "Askerby Rovers"
    if "of" in words or "&" in words:
        evidence.add("person", -2.0)
    if "&" in words:
        evidence.add("organisation", 2.0)


def _surface(span: Span) -> str:
    text = " ".join(span.words)
    return text.replace(" ’ ", "’ ").replace(" ' ", "' ")


@dataclass(slots=True)
class _Analysis:
    spans: list[tuple[Span, str]]  # each occurrence and its surface form
    kinds: dict[str, Kind]  # surface form -> kind
    canonical: dict[str, str]  # surface form -> the surface form of its entity

    def occurrences_in_order(self) -> list[tuple[Span, str]]:
        return sorted(self.spans, key=lambda item: item[0].start)


def _resolve(spans: list[Span], tokens: list[Token]) -> _Analysis:
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
        if words[-1] in places and words[0].lower() not in lex.GIVEN_NAMES:
            ev.add("organisation", 1.5)  # "Forestry Calderra", "Fair Deal Calderra"
        for cut in range(1, len(words)):
            head = " ".join(words[:cut])
            if head in places or head.lower() in lex.PLACES:
                ev.add("organisation", 2.0)
                best = ev.best()
                if best is not None:
                    kinds[surface] = best
                break
    # What still has no kind: a run of several words is most often a person's name...
    for surface, ev in evidence.items():
        if surface not in kinds and len(surface.split()) > 1:
            # ...unless "the" stood before it: "the Bring Birth Back campaign".
            kinds[surface] = "person" if ev.score["person"] >= 0 else "organisation"
    canonical = _corefer(evidence, kinds)
    # ... and a lone word that is no one's surname, most often a place.
    for surface in evidence:
        kinds.setdefault(surface, "place")
    places = {s for s, k in kinds.items() if k == "place" and " " not in s}
    demonyms = {s for s in evidence if s not in canonical and _demonym(s, places)}
    kept = [(span, surface) for span, surface in occurrences if surface not in demonyms]
    return _Analysis(kept, kinds, canonical)


def _demonym(word: str, places: set[str]) -> bool:
    """ "Tarsenian" beside "Tarsenia", "Calderrans" beside "Calderra": an adjective."""
    lower = word.lower()
    if " " in word or not lower.endswith(("n", "ns", "ese", "ish", "i", "is")):
        return False
    return any(
        len(p) >= 4 and p != word and lower.startswith(p.lower()[:-1]) and len(lower) - len(p) <= 3
        for p in places
    )


def _first_names(people: list[str]) -> set[str]:
    """First words of full names that no other name ends with: usable alone."""
    surnames = {p.split()[-1] for p in people}
    firsts = [p.split()[0] for p in people]
    return {f.lower() for f in firsts if firsts.count(f) == 1 and f not in surnames}


def _initials(surface: str) -> str:
    return "".join(w[0] for w in surface.split() if w[:1].isupper() and w.lower() not in CONNECTORS)


def _corefer(evidence: dict[str, _Evidence], kinds: dict[str, Kind]) -> dict[str, str]:
    """Map short forms to the full name they stand for, and give them its kind."""
    canonical: dict[str, str] = {}
    people = [s for s, k in kinds.items() if k == "person" and len(s.split()) > 1]
    orgs = [s for s, k in kinds.items() if k == "organisation" and len(s.split()) > 1]
    places = [s for s, k in kinds.items() if k == "place" and len(s.split()) > 1]
    for surface, ev in evidence.items():
        words = surface.split()
        if len(words) != 1:
            continue
        word = words[0]
        by_surname = [p for p in people if p.split()[-1] == word]
        if not by_surname and word.lower() in lex.GIVEN_NAMES | _first_names(people):
            by_surname = [p for p in people if p.split()[0] == word]  # "Ken" for "Ken Dowd"
        if by_surname and ev.score["place"] < 1.0:
            # The most-mentioned bearer wins when two people share a surname.
            full = max(by_surname, key=lambda p: (sum(evidence[p].score.values()), p))
            canonical[surface], kinds[surface] = full, "person"
            continue
        strong_other = ev.score["place"] >= 1.0 or ev.score["person"] >= 3.0
        for org in orgs:
            org_words = org.split()
            prefix = org_words[0] == word and (
                all(w.lower() in lex.ORG_SUFFIXES for w in org_words[1:])
                or (word.lower() in lex.ORG_HEADS and org_words[1] == "of")  # "the Bank"
            )
            acronym = word.isupper() and len(word) >= 2 and _initials(org) == word
            # "Mariners" for "Port Arden Mariners", when only one organisation ends so.
            tail = org_words[-1] == word and sum(o.split()[-1] == word for o in orgs) == 1
            if ((prefix or tail) and not strong_other) or acronym:
                canonical[surface], kinds[surface] = org, "organisation"
                break
        if surface in canonical or ev.score["person"] >= 2.0:
            continue
        for place in places:
            place_words = place.split()
            # "Sallow" for "River Sallow", "Kingsmead" for "Kingsmead Stadium".
            if (place_words[-1] == word and place_words[0].lower() in lex.PLACE_PREFIXES) or (
                place_words[0] == word
                and all(w.lower() in lex.PLACE_SUFFIXES for w in place_words[1:])
            ):
                canonical[surface], kinds[surface] = place, "place"
                break
    return canonical


@lru_cache(maxsize=32)
def _analyse(text: str, language: str | None) -> _Analysis:
    """Names found in ``text`` and what each is. Cached, and so never changed by a
    caller: the AI panel reads the same headline and body for its entities and again for
    its keyphrases (which keep each name whole)."""
    tokens = tokenize(text, language)
    return _resolve(candidates(tokens), tokens)


def find_mentions(text: str, language: str | None = "en") -> list[Mention]:
    """Every person, organisation and place named in ``text``, in reading order."""
    if not _english(language) or not text.strip():
        return []
    analysis = _analyse(text, language)
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

    The headline is read together with the body, so its names get the body's evidence; a
    headline in title case ("Dockworkers Walk Out At Port Arden") only adds names the body
    also has. Salience is the number of mentions, plus two when the headline names the
    entity, plus up to one for being named early; ties go to the earlier name.
    """
    if not _english(language) or not (text.strip() or (title or "").strip()):
        return []
    head = f"{title.strip()}\n\n" if title and title.strip() else ""
    joint = head + text
    analysis = _analyse(joint, language)
    body_surfaces = {s for span, s in analysis.spans if span.start >= len(head)}
    headline_case = bool(head) and _headline_case(head)
    groups: dict[tuple[str, Kind], list[str]] = defaultdict(list)
    in_title: set[tuple[str, Kind]] = set()
    first_seen: dict[tuple[str, Kind], int] = {}
    for span, surface in analysis.occurrences_in_order():
        group = (analysis.canonical.get(surface, surface), analysis.kinds[surface])
        if span.start < len(head):
            if not headline_case or surface in body_surfaces:
                in_title.add(group)
                first_seen.setdefault(group, 0)
            continue
        groups[group].append(surface)
        first_seen.setdefault(group, span.start - len(head))
    for group in in_title:
        groups.setdefault(group, [])
    size = max(len(text), 1)
    ranked: list[tuple[float, int, Entity]] = []
    for (name, kind), surfaces in groups.items():
        titled = (name, kind) in in_title
        aliases = tuple(sorted({s for s in surfaces if s != name}))
        position = first_seen[(name, kind)]
        salience = len(surfaces) + (2.0 if titled else 0.0) + max(0.0, 1 - position / size)
        count = len(surfaces) + int(titled)
        entity = Entity(name, kind, entity_key(kind, name), count, aliases)
        ranked.append((salience, position, entity))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [entity for _, _, entity in ranked]
