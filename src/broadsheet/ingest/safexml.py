"""Untrusted XML text → an lxml element tree, safely and leniently.

Safety: the parser never expands entities, never loads a DTD, never touches the network,
never processes XInclude and keeps libxml2's size and depth limits (no ``huge_tree``). On
top of that the DOCTYPE is removed before parsing, so internal entity declarations
(billion laughs, quadratic blowup) and external ones (XXE) are never even read: a
reference to such an entity is kept as literal text (``&lol9;``), never expanded.

Leniency, in three steps, each only when the previous one fails:

1. strict parse of the text as given (minus whitespace before the prolog, the XML
   declaration and the DOCTYPE), which is what almost every real feed needs;
2. repair the usual breakage and parse strictly again: characters XML forbids are
   dropped, HTML named entities (``&nbsp;``) become character references, unknown
   entities and bare ``&`` become text, namespace prefixes used without a declaration
   are declared (with their usual namespace when it is a well-known one);
3. libxml2's recovery mode on the repaired text, which closes unclosed elements, skips
   undeclared namespace prefixes and keeps whatever it could read.

Steps 2 and 3 add a warning naming the first error.
"""

from __future__ import annotations

import html
import re
from copy import deepcopy
from html.entities import html5
from typing import TypeAlias

from lxml import etree

from broadsheet.errors import ParseError
from broadsheet.ingest.namespaces import CONVENTIONAL_PREFIXES

Element: TypeAlias = etree._Element

_XML_ENTITIES = frozenset({"lt", "gt", "amp", "quot", "apos"})
_LEADING_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]{0,500}?\?>", re.IGNORECASE)
# A DOCTYPE with an optional internal subset; quoted strings may hold ']' and '>'.
_DOCTYPE = re.compile(
    r"""<!DOCTYPE\b(?:[^\[>"']|"[^"]*"|'[^']*')*(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\])?\s*>""",
    re.IGNORECASE,
)
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REFERENCE = re.compile(
    r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9._:-]{0,40}));?"
)
_PREFIX_USE = re.compile(r"<([A-Za-z_][\w.-]{0,40}):[A-Za-z_]")
_PREFIX_DECLARATION = re.compile(r"xmlns:([A-Za-z_][\w.-]{0,40})\s*=")
_ROOT_START = re.compile(r"<[A-Za-z_][\w.:-]*")
_BARE_AMPERSAND = re.compile(r"&(?![A-Za-z#])")
_MAX_WARNING = 160


def _parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


_STRICT = _parser(recover=False)
_RECOVER = _parser(recover=True)


def strip_prolog(text: str) -> tuple[str, list[str]]:
    """Drop what comes before the root that would stop a strict parse.

    Removes leading whitespace (and a short run of junk before the first ``<``), the XML
    declaration (the text is already decoded) and the DOCTYPE with its internal subset.
    """
    warnings: list[str] = []
    start = text.find("<")
    if start < 0:
        return "", warnings
    if start and text[:start].strip():
        warnings.append("text before the start of the XML document was ignored")
    text = text[start:]
    match = _LEADING_DECLARATION.match(text)
    if match:
        text = text[match.end() :]
    head = text[:4096]
    position = head.find("<!")
    if position >= 0 and head[position : position + 9].upper() == "<!DOCTYPE":
        doctype = _DOCTYPE.search(text, position)
        if doctype is not None:
            text = text[: doctype.start()] + text[doctype.end() :]
    return text, warnings


def _fix_reference(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    whole = match.group(0)
    terminated = whole.endswith(";")
    if name is not None:
        if name in _XML_ENTITIES and terminated:
            return whole
        char = html5.get(name + ";") if terminated else None
        if char is None:
            return "&amp;" + whole[1:]  # keep it visible as text, never expand it
        return "".join(f"&#{ord(c)};" for c in char)
    if not terminated:
        return "&amp;" + whole[1:]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return whole
    if 0x10000 <= code <= 0x10FFFF:
        return whole
    return ""


def _declare_prefixes(text: str) -> str:
    """Declare, on the root element, namespace prefixes the document uses but never declares.

    Known prefixes (``content:``, ``dc:``, ``itunes:``...) get their usual namespace, so
    ``<content:encoded>`` is still read as content; unknown ones get a placeholder.
    """
    used = set(_PREFIX_USE.findall(text)) - {"xml", "xmlns"}
    missing = used - set(_PREFIX_DECLARATION.findall(text))
    root = _ROOT_START.search(text)
    if not missing or root is None:
        return text
    declarations = "".join(
        f' xmlns:{prefix}="{CONVENTIONAL_PREFIXES.get(prefix, "urn:undeclared:" + prefix)}"'
        for prefix in sorted(missing)
    )
    return text[: root.end()] + declarations + text[root.end() :]


def _cdata_pieces(text: str) -> list[str]:
    """``text`` as [outside, CDATA, outside, CDATA, ..., outside], in linear time.

    An unterminated CDATA section counts as outside (no later one can be terminated).
    """
    pieces: list[str] = []
    position = 0
    while True:
        start = text.find("<![CDATA[", position)
        end = text.find("]]>", start + 9) if start >= 0 else -1
        if end < 0:
            break
        pieces.append(text[position:start])
        pieces.append(text[start : end + 3])
        position = end + 3
    pieces.append(text[position:])
    return pieces


def repair(text: str) -> str:
    """Fix the breakage lenient feed readers tolerate (see the module docstring).

    CDATA sections are left as they are, apart from characters XML forbids.
    """
    text = _declare_prefixes(_INVALID_CHARS.sub("", text))
    pieces = _cdata_pieces(text)
    for index in range(0, len(pieces), 2):  # even pieces are outside CDATA
        piece = _REFERENCE.sub(_fix_reference, pieces[index])
        # A '&' that starts no reference at all ("AT&T", "a & b").
        pieces[index] = _BARE_AMPERSAND.sub("&amp;", piece)
    return "".join(pieces)


def _message(error: etree.XMLSyntaxError) -> str:
    message = " ".join(str(error).split(" (<string>", 1)[0].split())
    return message[:_MAX_WARNING]


def parse_xml(text: str, *, what: str = "feed") -> tuple[Element, list[str]]:
    """Parse decoded XML text into its root element, with warnings for repairs.

    Raises ``ParseError`` when no element could be read at all.
    """
    text, warnings = strip_prolog(text)
    if not text.strip():
        raise ParseError(f"the {what} is empty")
    try:
        return etree.fromstring(text, _STRICT), warnings
    except etree.XMLSyntaxError as error:
        first_error = _message(error)
    repaired = repair(text)
    try:
        root = etree.fromstring(repaired, _STRICT)
    except etree.XMLSyntaxError:
        pass
    else:
        warnings.append(f"XML was not well-formed ({first_error}); repaired")
        return root, warnings
    try:
        recovered = etree.fromstring(repaired, _RECOVER)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"the {what} is not readable XML: {_message(error)}") from error
    if recovered is None:
        raise ParseError(f"the {what} is not readable XML: {first_error}")
    warnings.append(f"XML was not well-formed ({first_error}); recovered what could be read")
    return recovered, warnings


def local_name(tag: str) -> str:
    """``{namespace}name`` → ``name``."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    """``{namespace}name`` → ``namespace`` (``""`` when there is none)."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


_NOT_TEXT = frozenset({"script", "style"})


def text_content(element: Element) -> str:
    """All text inside ``element`` (no markup), skipping ``script`` and ``style`` bodies."""
    if len(element) == 0:
        return element.text or ""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag: object = child.tag
        if isinstance(tag, str) and local_name(tag).lower() not in _NOT_TEXT:
            parts.append(text_content(child))
        parts.append(child.tail or "")
    return "".join(parts)


def inner_markup(element: Element, *, text_is_html: bool) -> str:
    """The content of ``element`` as an HTML string (for content given as markup).

    Namespaces are dropped from element names, so XHTML content reads as plain HTML.
    ``text_is_html`` says whether the element's own text is already HTML (RSS, where
    markup in a description is escaped) or plain text that must be escaped (XHTML).
    """
    if len(element) == 0:
        text = element.text or ""
        return text if text_is_html else html.escape(text, quote=False)
    copy = deepcopy(element)
    for node in copy.iter():
        tag: object = node.tag
        if isinstance(tag, str) and tag.startswith("{"):
            node.tag = local_name(tag)
    etree.cleanup_namespaces(copy)
    text = copy.text or ""
    parts = [text if text_is_html else html.escape(text, quote=False)]
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in copy
    )
    return "".join(parts)
