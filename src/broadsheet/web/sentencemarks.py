"""Article body HTML with every sentence addressable, so summaries can point into it.

The AI panel and the answers to questions cite sentences by their index in
:func:`broadsheet.understand.sentences.split_sentences` numbering of the article *text*;
the page shows the article's sanitized *HTML*. :func:`mark_sentences` finds each sentence
of the text in the HTML's text, in order, comparing letters and digits only (case-folded,
NFKC), so list bullets, quotes and spacing that differ between the two do not matter,
and marks it:

* ``<span class="sent" id="s-12" data-s="12">...</span>`` around the whole sentence when
  the markup inside it is balanced inline markup (links, emphasis, line breaks);
* when a sentence starts inside one element and ends inside another, one such span per
  piece of its text, all with ``data-s="12"`` and the first with the ``id``;
* a sentence that cannot be found (the text and the HTML disagree there) gets an empty
  anchor ``<span class="sent-anchor" id="s-12" data-s="12"></span>`` at the start of the
  block holding its paragraph, and that block gets ``data-s`` (a paragraph-level mark).

Highlighting a sentence is then ``[data-s~="12"]``. Only text is wrapped: tags are copied
exactly as the sanitizer wrote them and text is escaped again, so the output is as safe as
the input, and the spans carry no attribute but those above.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

from broadsheet.understand.sentences import Sentence

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Elements a sentence span may contain whole (phrasing content of the sanitizer's allow-list).
INLINE = frozenset(
    {
        "a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "img", "ins", "mark", "q",
        "s", "small", "strong", "sub", "sup", "time", "u", "wbr",
    }
)  # fmt: skip
BLOCK = frozenset(
    {
        "blockquote", "caption", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5",
        "h6", "li", "p", "pre", "td", "th",
    }
)  # fmt: skip
# How far past the last match a sentence is looked for (key characters).
WINDOW = 2000


@dataclass(slots=True)
class _Token:
    kind: str  # "start" | "end" | "void" | "text"
    tag: str = ""
    raw: str = ""  # a tag as the input wrote it
    text: str = ""  # decoded text
    at: int = 0  # for text: offset of its first character in the body's text
    block: int | None = None  # for text: index of the innermost block element around it


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        self.tokens.append(_Token("void" if tag in VOID else "start", tag, raw))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(_Token("void", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.tokens.append(_Token("end", tag, f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1].kind == "text":
            self.tokens[-1].text += data
        else:
            self.tokens.append(_Token("text", text=data))


@dataclass(frozen=True, slots=True)
class Marked:
    """The marked body, and how many sentences were found at sentence level."""

    html: Markup
    total: int
    located: int
    anchors: tuple[int, ...] = field(default=())  # sentences marked at paragraph level only


def _keys(text: str) -> tuple[str, list[int]]:
    """Case-folded letters and digits of ``text``, and the offset each one came from."""
    chars: list[str] = []
    where: list[int] = []
    for offset, ch in enumerate(text):
        if not ch.isalnum():
            continue
        for folded in unicodedata.normalize("NFKC", ch).casefold():
            if folded.isalnum():
                chars.append(folded)
                where.append(offset)
    return "".join(chars), where


def _tokenize(html: str) -> tuple[list[_Token], str]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    tokens = parser.tokens
    text: list[str] = []
    pos = 0
    opened: list[tuple[str, int]] = []  # open elements: (tag, token index)
    for index, token in enumerate(tokens):
        if token.kind == "start":
            opened.append((token.tag, index))
        elif token.kind == "end":
            for depth in range(len(opened) - 1, -1, -1):  # tolerate a stray end tag
                if opened[depth][0] == token.tag:
                    del opened[depth:]
                    break
        elif token.kind == "text":
            token.at = pos
            pos += len(token.text)
            text.append(token.text)
            token.block = next((i for tag, i in reversed(opened) if tag in BLOCK), None)
    return tokens, "".join(text)


def _locate(
    sentences: Sequence[Sentence], body: str, tokens: list[_Token]
) -> dict[int, tuple[int, int]]:
    """Sentence index -> (start, end) offsets in the body's text, for the sentences found."""
    key, where = _keys(body)
    block: list[int | None] = [None] * len(body)  # the block element of each character
    for token in tokens:
        if token.kind == "text":
            block[token.at : token.at + len(token.text)] = [token.block] * len(token.text)
    found: dict[int, tuple[int, int]] = {}
    cursor = 0
    last_end = 0
    for sentence in sentences:
        wanted, _ = _keys(sentence.text)
        if not wanted:
            continue
        hit = key.find(wanted, cursor, cursor + len(wanted) + WINDOW)
        if hit < 0:
            continue
        start, end = where[hit], where[hit + len(wanted) - 1] + 1
        # Take in the punctuation around the letters (quotes, the full stop), within the
        # same block and never into the previous sentence.
        while end < len(body) and _is_mark(body[end]) and block[end] == block[end - 1]:
            end += 1
        while start > last_end and _is_mark(body[start - 1]) and block[start - 1] == block[start]:
            start -= 1
        found[sentence.index] = (start, end)
        cursor = hit + len(wanted)
        last_end = end
    return found


def _is_mark(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _split(tokens: list[_Token], cuts: set[int]) -> list[_Token]:
    """The tokens with text tokens cut at the given text offsets."""
    out: list[_Token] = []
    for token in tokens:
        if token.kind != "text":
            out.append(token)
            continue
        lo, hi = token.at, token.at + len(token.text)
        points = sorted(c for c in cuts if lo < c < hi)
        for a, b in zip([lo, *points], [*points, hi], strict=True):
            piece = token.text[a - lo : b - lo]
            out.append(_Token("text", text=piece, at=a, block=token.block))
    return out


def _unmatched(tokens: Sequence[_Token]) -> tuple[list[str], list[str]]:
    """End tags in ``tokens`` closing elements opened before them, and elements left open."""
    closes: list[str] = []
    opened: list[str] = []
    for token in tokens:
        if token.kind == "start":
            opened.append(token.tag)
        elif token.kind == "end":
            if opened and opened[-1] == token.tag:
                opened.pop()
            else:
                closes.append(token.tag)
    return closes, opened


def _grow(tokens: Sequence[_Token], i: int, j: int) -> tuple[int, int]:
    """Widen tokens ``i..j`` over the inline tags just outside it that it half contains."""
    while True:
        closes, opened = _unmatched(tokens[i : j + 1])
        before = tokens[i - 1] if i > 0 else None
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if closes and before and before.kind == "start" and before.tag == closes[0]:
            i -= 1
        elif opened and after and after.kind == "end" and after.tag == opened[-1]:
            j += 1
        else:
            return i, j


def _balanced(tokens: Sequence[_Token]) -> bool:
    """Whether ``tokens`` can sit inside one span: inline elements, each closed inside."""
    inline = all(t.tag in INLINE for t in tokens if t.kind in {"start", "void"})
    return inline and _unmatched(tokens) == ([], [])


def _span(index: int, *, with_id: bool) -> str:
    ident = f' id="s-{index}"' if with_id else ""
    return f'<span class="sent"{ident} data-s="{index}">'


def mark_sentences(html: str, sentences: Sequence[Sentence]) -> Marked:
    """``html`` (sanitized) with each of ``sentences`` marked (see the module docstring)."""
    tokens, body = _tokenize(html)
    found = _locate(sentences, body, tokens)
    tokens = _split(tokens, {edge for span in found.values() for edge in span})
    first = {t.at: i for i, t in enumerate(tokens) if t.kind == "text"}
    last = {t.at + len(t.text): i for i, t in enumerate(tokens) if t.kind == "text"}
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    pieces: dict[int, str] = {}  # text token -> opening span of its piece of a sentence
    for index, (start, end) in found.items():
        i, j = _grow(tokens, first[start], last[end])
        if _balanced(tokens[i : j + 1]):
            before.setdefault(i, []).append(_span(index, with_id=True))
            after.setdefault(j, []).insert(0, "</span>")
            continue
        with_id = True
        for k in range(first[start], last[end] + 1):
            if tokens[k].kind == "text" and tokens[k].text.strip():
                pieces[k] = _span(index, with_id=with_id)
                with_id = False
    anchors = _anchor_missing(
        sentences, found=found, tokens=tokens, first=first, before=before, after=after
    )
    out: list[str] = []
    for k, token in enumerate(tokens):
        out.extend(before.get(k, ()))
        if token.kind != "text":
            out.append(token.raw)
        elif k in pieces:
            out.append(f"{pieces[k]}{escape(token.text, quote=False)}</span>")
        else:
            out.append(escape(token.text, quote=False))
        out.extend(after.get(k, ()))
    out.extend(after.get(-1, ()))
    located = sum(1 for s in sentences if s.index in found)
    return Marked(Markup("".join(out)), len(sentences), located, anchors)  # noqa: S704


def _anchor_missing(
    sentences: Sequence[Sentence],
    *,
    found: dict[int, tuple[int, int]],
    tokens: list[_Token],
    first: dict[int, int],
    before: dict[int, list[str]],
    after: dict[int, list[str]],
) -> tuple[int, ...]:
    """Paragraph-level anchors for the sentences not found (see the module docstring)."""
    missing = [s for s in sentences if s.index not in found]
    if not missing:
        return ()
    start_token = {index: first[start] for index, (start, _) in found.items()}
    by_paragraph: dict[int, list[int]] = {}
    for s in sentences:
        if s.index in found:
            by_paragraph.setdefault(s.paragraph, []).append(s.index)
    marked_blocks: dict[int, list[int]] = {}
    for s in missing:
        anchor = f'<span class="sent-anchor" id="s-{s.index}" data-s="{s.index}"></span>'
        kin = by_paragraph.get(s.paragraph, [])
        if kin:
            near = max((i for i in kin if i < s.index), default=min(kin))
            block = tokens[start_token[near]].block
            if block is not None:
                after.setdefault(block, []).append(anchor)
                marked_blocks.setdefault(block, []).append(s.index)
            else:
                before.setdefault(start_token[near], []).insert(0, anchor)
            continue
        later = [i for i in found if i > s.index]
        if later:
            before.setdefault(start_token[min(later)], []).insert(0, anchor)
        else:
            after.setdefault(-1, []).append(anchor)  # after the last token
    for block, indices in marked_blocks.items():
        raw = tokens[block].raw
        cut = len(raw) - 2 if raw.endswith("/>") else len(raw) - 1
        marks = " ".join(str(i) for i in indices)
        tokens[block].raw = f'{raw[:cut]} data-s="{marks}"{raw[cut:]}'
    return tuple(s.index for s in missing)
