"""The language of an article: py3langid on its text, the page's declaration as fallback.

The identifier's model ships inside the py3langid package (no download); it is loaded once,
on first use. Only the first ``SAMPLE_CHARS`` characters are classified: a few paragraphs
settle the question and keep the cost flat for long articles.
"""

from __future__ import annotations

import functools

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 1_000
# Below this much text the page's own declaration is trusted over the identifier.
MIN_TEXT_CHARS = 200
MIN_CONFIDENCE = 0.5
SHORT_TEXT_CONFIDENCE = 0.9


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """The most likely ISO 639-1 code of ``text`` and its probability."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return None, 0.0
    code, confidence = _identifier().classify(sample)
    if not isinstance(code, str) or len(code) != 2:
        return None, 0.0
    return code, float(confidence)


def detect_language(text: str, declared: str | None = None) -> str | None:
    """Pick the article's language from its text, falling back to what the page declares."""
    code, confidence = identify(text)
    if len(text) >= MIN_TEXT_CHARS and code and confidence >= MIN_CONFIDENCE:
        return code
    if declared:
        return declared
    if code and confidence >= SHORT_TEXT_CONFIDENCE:
        return code
    return None
