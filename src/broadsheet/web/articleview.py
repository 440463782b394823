"""What the article page shows beyond the stored fields: safe body HTML and edit diffs.

The body is the stored HTML passed through the nh3 allow-list sanitizer at render time
(it may come straight from a feed), or the stored text as paragraphs when there is no
HTML. On the article page every sentence of it is addressable (``#s-12``, see
``sentencemarks.py``), so the AI panel and answers can point at their sources.

Revision history compares each stored version with the one after it, paragraph by
paragraph, and marks changed words inside edited paragraphs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from broadsheet.ingest.sanitize import sanitize_html
from broadsheet.model import Article
from broadsheet.understand.sentences import split_sentences
from broadsheet.web.images import Signer, rewrite_images
from broadsheet.web.sentencemarks import Marked, mark_sentences

_TAG = re.compile(r"<[^>]+>")
_TOKENS = re.compile(r"\s+|[^\s]+")
MAX_DIFF_PARAGRAPHS = 400
# Below this share of its sentences found in the HTML, the body is shown from the text.
MIN_LOCATED = 0.5


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def body_html(article: Article, sign: Signer | None = None) -> Markup:
    """The article body, safe to embed: sanitized HTML, or the text as paragraphs.

    With ``sign``, images point at this site's image proxy (``images.py``).
    """
    if article.html:
        cleaned = sanitize_html(article.html, base_url=article.url)
        if _TAG.sub("", cleaned).strip():
            if sign is not None:
                cleaned = rewrite_images(cleaned, sign)
            return Markup(cleaned)  # noqa: S704 - nh3 allow-list output
    return _text_html(article.text)


def _text_html(text: str) -> Markup:
    return Markup("".join(f"<p>{escape(p)}</p>" for p in paragraphs(text)))  # noqa: S704


def marked_body(
    article: Article, sign: Signer | None = None, *, cited: Collection[int] = ()
) -> Marked:
    """The body with each sentence of the article text marked (``sentencemarks.py``).

    ``cited`` are the sentences the page links to (the AI panel's). When some of them are
    missing from the stored HTML and it holds too few of the text's sentences (the two
    disagree, as when a feed's HTML and the extracted text differ), the text is shown
    instead, so that every citation lands on its sentence.
    """
    sentences = split_sentences(article.text, article.language)
    marked = mark_sentences(str(body_html(article, sign)), sentences)
    lost = set(marked.anchors) & set(cited)
    if lost and article.html and marked.located < MIN_LOCATED * len(sentences):
        from_text = mark_sentences(str(_text_html(article.text)), sentences)
        if from_text.located > marked.located:
            return from_text
    return marked


def lead_image(article: Article, body: str, sign: Signer) -> str | None:
    """The article's image (its proxy path), unless the body already shows it."""
    local = sign(article.image_url)
    if local is None:
        return None
    return None if str(escape(local)) in body else local


@dataclass(frozen=True, slots=True)
class DiffBlock:
    kind: str  # "added" | "removed" | "edited" | "skipped"
    html: Markup  # escaped text, with <ins>/<del> around changed words when edited
    count: int = 1  # for "skipped": how many unchanged paragraphs


@dataclass(frozen=True, slots=True)
class RevisionView:
    version: int
    captured_at: datetime
    change: str
    title_before: str | None
    title_after: str | None
    blocks: tuple[DiffBlock, ...]


def revision_views(article: Article, history: Sequence[Mapping[str, Any]]) -> list[RevisionView]:
    """Each stored earlier version against the version after it, newest change first."""
    ordered = sorted(history, key=lambda r: int(r["version"]))
    views = []
    for index, revision in enumerate(ordered):
        after = ordered[index + 1] if index + 1 < len(ordered) else None
        after_title = after["title"] if after else article.title
        after_text = after["text"] if after else article.text
        views.append(
            RevisionView(
                version=int(revision["version"]),
                captured_at=revision["captured_at"],
                change=str(revision.get("change") or "edited"),
                title_before=revision["title"],
                title_after=after_title if after_title != revision["title"] else None,
                blocks=tuple(diff_paragraphs(str(revision["text"]), str(after_text))),
            )
        )
    return list(reversed(views))


def diff_paragraphs(old: str, new: str) -> list[DiffBlock]:
    """Paragraph-level changes from ``old`` to ``new``; unchanged runs collapse to a count."""
    before = paragraphs(old)[:MAX_DIFF_PARAGRAPHS]
    after = paragraphs(new)[:MAX_DIFF_PARAGRAPHS]
    blocks: list[DiffBlock] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append(DiffBlock("skipped", Markup(""), count=i2 - i1))
        elif tag == "delete":
            blocks.extend(DiffBlock("removed", escape(p)) for p in before[i1:i2])
        elif tag == "insert":
            blocks.extend(DiffBlock("added", escape(p)) for p in after[j1:j2])
        else:
            olds, news = before[i1:i2], after[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    blocks.append(DiffBlock("edited", diff_words(olds[k], news[k])))
                elif k < len(olds):
                    blocks.append(DiffBlock("removed", escape(olds[k])))
                else:
                    blocks.append(DiffBlock("added", escape(news[k])))
    return blocks


def diff_words(old: str, new: str) -> Markup:
    """``new`` with removed words in ``<del>`` and added words in ``<ins>``."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(str(escape("".join(b[j1:j2]))))
            continue
        removed, added = "".join(a[i1:i2]).strip(), "".join(b[j1:j2]).strip()
        if removed:
            out.append(f"<del>{escape(removed)}</del> ")
        if added:
            out.append(f"<ins>{escape(added)}</ins> ")
    return Markup("".join(out).strip())  # noqa: S704 - built from escaped parts only
