"""Light compression of extracted sentences, and the tests that keep a sentence out.

Compression only ever deletes words, so a trimmed sentence stays grounded in the one it
came from: wire datelines (``WASHINGTON (AP) —``, ``(CNN) -``), newsletter labels
(``Why it matters:``) and a leading connective (``But``, ``Meanwhile,``) that only made
sense after the previous sentence. Attributions (``officials said``) are kept on purpose:
a neutral summary says who claims what.
"""

from __future__ import annotations

import re

_AGENCY_TAG = re.compile(r"^\([A-Z][\w .&-]{1,25}\)\s*[-—–]{1,2}\s*")
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}\s*(?:\([\w .&-]{1,25}\))?\s*[—–-]{1,2}\s+"
)
_LABEL = re.compile(r"^([A-Z][\w’' ,]{1,30}):\s+(?=[\"“A-Z0-9])")
_CONNECTIVE = re.compile(
    r"^(?:But|And|So|Yet|Still|However|Meanwhile|Moreover|Also|Instead|Indeed|Nonetheless|"
    r"Nevertheless|Furthermore|Additionally|Now|Then|Plus)\b,?\s+(?=\S)"
)
_BOILERPLATE = re.compile(
    r"\b(?:click here|read more|sign up (?:for|to)|subscribe (?:now|here|to (?:our|the))|"
    r"our newsletter|follow us|all rights reserved|copyright ©|contributed to this report|"
    r"getty images|ap photo|photo by|image caption|(?:we|site|website) uses? cookies|"
    r"this (?:story|article) has been updated|sponsored by|compensated by|"
    r"opinions are (?:my|mine|our))\b|#ad\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|I['’]ve|me|my|we|we['’]re|our|us)\b")
_QUOTED = re.compile(r"[\"“”](?:[^\"“”]*)[\"“”]?")
_OPEN_QUOTES = "\"“‘'«"


def trim(text: str) -> str:
    """``text`` without dateline, label or leading connective; never empty if text is not."""
    out = text.strip()
    for pattern in (_AGENCY_TAG, _DATELINE):
        cut = pattern.sub("", out, count=1)
        if cut != out and len(cut.split()) >= 4:
            out = cut
            break
    label = _LABEL.match(out)
    if label and len(label.group(1).split()) <= 4 and len(out[label.end() :].split()) >= 4:
        out = out[label.end() :]
    connective = _CONNECTIVE.match(out)
    if connective and len(out[connective.end() :].split()) >= 4:
        rest = out[connective.end() :]
        out = rest[:1].upper() + rest[1:]
    return out


def quoted_share(text: str) -> float:
    """Share of the characters of ``text`` that sit inside double quotes."""
    if not text:
        return 0.0
    inside = sum(len(m.group(0)) for m in _QUOTED.finditer(text))
    return min(1.0, inside / len(text))


def is_quote_led(text: str) -> bool:
    """True when the sentence opens with a quotation (a voice, not a fact)."""
    return text[:1] in _OPEN_QUOTES


def first_person(text: str) -> bool:
    """True when the sentence speaks as I/we outside quotation marks (a voice, not a report)."""
    return bool(_FIRST_PERSON.search(_QUOTED.sub(" ", text)))


def is_boilerplate(text: str) -> bool:
    """True for page furniture that extraction let through (credits, calls to action)."""
    return bool(_BOILERPLATE.search(text))
