"""Article text to sentences, with character offsets back into the text.

Every sentence Broadsheet shows in a summary or a brief points back at the sentences it
came from, so the splitter keeps exact offsets: ``text[s.start:s.end] == s.text``.

Paragraphs are separated by a blank line (``"\\n\\n"``, as extraction writes them); a
paragraph boundary always ends a sentence. Inside a paragraph a sentence ends at ``.``,
``!``, ``?`` or ``…`` (with any closing quotes and brackets after it) when whitespace and
then an opening character (a capital, a digit, an opening quote or bracket) follow. That
alone keeps decimals (``3.5``), ``e.g. this`` and ``"Why?" she asked`` whole. The hard
cases are a period that belongs to a word rather than to the sentence:

* titles, months, states and company suffixes (``Mr.``, ``Sen.``, ``Jan.``, ``Calif.``,
  ``Inc.``), dotted acronyms (``U.S.``, ``D.C.``, ``a.m.``) and initials (``John F.
  Kennedy``) do not end a sentence, unless the next word is one that starts sentences
  (``The``, ``He``, ``But``...): ``sanctions on the U.S. The move`` is two sentences,
  ``the U.S. Senate`` is one.

A single line break inside a paragraph is a boundary only before a list item (``-``,
``•``, ``*``, ``1.``); otherwise it is read as a space.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article; ``start``/``end`` are offsets into the article text."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that end with a period but are (almost) never the end of a sentence on their own.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _wordset(
        """
        mr mrs ms messrs dr prof sen sens rep reps gov govs gen lt col sgt capt cmdr adm maj
        cpl pvt rev hon pres supt det insp atty asst amb gens fr sr jr st mt ft ave blvd rd
        jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
        sat sun inc corp co ltd llc bros dept univ assn est approx vs v etc al no nos vol
        vols fig figs pp ch sec art ed eds op cit ca cf ibid
        ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn
        miss mo mont neb nebr nev okla ore pa penn tenn tex va vt wash wis wisc wyo
        """
    ),
    "de": _wordset(
        "dr prof hr fr nr str bzw ca vgl usw evtl ggf inkl zb bspw sog jan feb aug sept okt "
        "nov dez st abs"
    ),
    "fr": _wordset(
        "m mm mme mlle dr pr st ste av bd etc cf env janv févr avr juil sept oct nov déc"
    ),
    "es": _wordset("sr sra srta dr dra lic ing gral av etc ee uu pág núm"),
}
# Titles before a name: never the end of a sentence, whatever word follows.
_TITLES = _wordset(
    "mr mrs ms messrs dr prof sen sens rep reps gov govs gen lt col sgt capt cmdr adm maj "
    "cpl pvt rev hon pres supt det insp atty amb hr mme mlle sra srta dra"
)

# Words that begin sentences, so a period before them ends one even after an abbreviation.
_STARTERS: dict[str, frozenset[str]] = {
    "en": _wordset(
        """
        the a an he she it they we i you his her its their our this that these those there
        here but and so yet or if when while after before as in on at for from with by to of
        however meanwhile still also then now instead although though because since many
        most some several both all each no not what why how who where officials police
        """
    ),
    "de": _wordset("der die das ein eine er sie es wir ich aber und doch"),
    "fr": _wordset("le la les un une il elle ils nous je mais et"),
    "es": _wordset("el la los las un una él ella ellos pero y"),
}

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A terminator, its closers, then whitespace: a candidate sentence end.
_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"”’'»)\]]*(?=\s)")
_OPENER = re.compile(r"\s+([\"“‘'«(\[]*)(\S)")
_LIST_ITEM = re.compile(r"\n\s*(?:[-•*–—]\s|\d{1,2}[.)]\s)")
_WORD_BEFORE = re.compile(r"([\w.’'-]+)\.$")
_WORD_AFTER = re.compile(r"[\"“‘'«(\[]*([\w’'-]+)")


def _language_key(language: str | None) -> str:
    base = (language or "en").lower().split("-")[0].split("_")[0]
    return base if base in _ABBREVIATIONS else "en"


def _word_ends_with_period(token: str, abbreviations: frozenset[str]) -> bool:
    """True when the period at the end of ``token`` belongs to the word."""
    core = token.rstrip(".")
    if not core:
        return False
    if "." in core:  # U.S., a.m., Ph.D., e.g.
        return all(part.isalpha() and len(part) <= 3 for part in core.split(".") if part)
    if len(core) == 1 and core.isalpha():  # an initial: John F. Kennedy
        return True
    return (
        core.lower().lstrip("(-") in abbreviations or core.split("-")[-1].lower() in abbreviations
    )


def _is_boundary(text: str, match: re.Match[str], key: str) -> bool:
    after = _OPENER.match(text, match.end())
    if after is None:
        return False
    first = after.group(2)
    opens_quote = bool(after.group(1))
    if not (first.isupper() or first.isdigit() or (opens_quote and first.isalpha())):
        return False
    terminator = match.group(0).rstrip("\"”’')]»")
    if terminator != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start() + 1)
    if before is None or not _word_ends_with_period(before.group(1) + ".", _ABBREVIATIONS[key]):
        return True
    if before.group(1).lower() in _TITLES:
        return False
    # An abbreviation: it ends the sentence only if a sentence clearly starts next.
    word = _WORD_AFTER.match(text, after.start(1))
    if word is None:
        return False
    head = re.split(r"[’']", word.group(1))[0].lower()
    return head in _STARTERS.get(key, frozenset())


def _cut_points(text: str, start: int, end: int, key: str) -> list[int]:
    """Offsets (within ``text``) where sentences of one paragraph end."""
    chunk = text[start:end]
    cuts = [start + m.end() for m in _CANDIDATE.finditer(chunk) if _is_boundary(chunk, m, key)]
    cuts += [start + m.start() for m in _LIST_ITEM.finditer(chunk)]
    return sorted(set(cuts))


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def split_sentences(text: str, language: str | None = "en") -> list[Sentence]:
    """Split article text into sentences with exact character offsets."""
    key = _language_key(language)
    sentences: list[Sentence] = []
    paragraph = 0
    for p_start, p_end in _paragraph_spans(text):
        if not text[p_start:p_end].strip():
            continue
        bounds = [p_start, *_cut_points(text, p_start, p_end, key), p_end]
        emitted = False
        for s_start, s_end in itertools.pairwise(bounds):
            piece = text[s_start:s_end]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            start = s_start + lead
            end = start + len(stripped)
            sentences.append(Sentence(len(sentences), stripped, start, end, paragraph))
            emitted = True
        if emitted:
            paragraph += 1
    return sentences
