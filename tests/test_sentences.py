"""Sentence splitting of news text: abbreviations, quotes, decimals, initials, offsets."""

from __future__ import annotations

import itertools
import random

import pytest

from broadsheet.understand.sentences import split_sentences


def texts(text: str, language: str | None = "en") -> list[str]:
    return [s.text for s in split_sentences(text, language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Sen. Rand Paul, R-Ky., on Jan. 6 in Washington. They talked.",
            ["Mr. Smith met Sen. Rand Paul, R-Ky., on Jan. 6 in Washington.", "They talked."],
        ),
        (
            "The U.S. Senate voted. Sanctions hit the U.S. The move angered Beijing.",
            ["The U.S. Senate voted.", "Sanctions hit the U.S.", "The move angered Beijing."],
        ),
        (
            "Prices rose 3.5 percent to $1.2 billion. Analysts expected 2.9%.",
            ["Prices rose 3.5 percent to $1.2 billion.", "Analysts expected 2.9%."],
        ),
        (
            "John F. Kennedy was shot in Dallas. J. K. Rowling wrote books.",
            ["John F. Kennedy was shot in Dallas.", "J. K. Rowling wrote books."],
        ),
        (
            "It ended at 5 p.m. The crowd left. Talks resume at 9 a.m. Monday.",
            ["It ended at 5 p.m.", "The crowd left.", "Talks resume at 9 a.m. Monday."],
        ),
        (
            "Acme Inc. said profits fell. Shares of Acme Corp. The Second dropped.",
            ["Acme Inc. said profits fell.", "Shares of Acme Corp.", "The Second dropped."],
        ),
        (
            "It is ranked No. 1 in the U.K. market, e.g. in London. Dr. Who returns.",
            ["It is ranked No. 1 in the U.K. market, e.g. in London.", "Dr. Who returns."],
        ),
    ],
)
def test_abbreviations_decimals_initials(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_quotes_end_sentences_only_before_a_new_one() -> None:
    text = (
        '"It\'s a partisan farce," Paul said. "Zero chance." He left. '
        '"Why?" she asked. “We have no rules.” Schoen said it twice.'
    )
    assert texts(text) == [
        '"It\'s a partisan farce," Paul said.',
        '"Zero chance."',
        "He left.",
        '"Why?" she asked.',
        "“We have no rules.”",
        "Schoen said it twice.",
    ]


def test_question_exclamation_and_ellipsis() -> None:
    assert texts("Is it over? Not yet! Wait... Then it ended.") == [
        "Is it over?",
        "Not yet!",
        "Wait...",
        "Then it ended.",
    ]


def test_paragraphs_always_split_and_are_numbered() -> None:
    text = "A heading without a stop\n\nFirst body sentence. Second one.\n\n\n  Third, alone."
    sents = split_sentences(text)
    assert [(s.text, s.paragraph) for s in sents] == [
        ("A heading without a stop", 0),
        ("First body sentence.", 1),
        ("Second one.", 1),
        ("Third, alone.", 2),
    ]
    assert [s.index for s in sents] == [0, 1, 2, 3]


def test_single_newline_is_a_space_unless_a_list_item_follows() -> None:
    text = "The plan has a long\nwrapped line. It lists:\n- cheaper rents\n- more buses"
    assert texts(text) == [
        "The plan has a long\nwrapped line.",
        "It lists:",
        "- cheaper rents",
        "- more buses",
    ]


def test_offsets_point_back_into_the_text() -> None:
    text = "  (CNN) - Patience is short.  No one is happy.\n\n“Fine,” he said. Done.  "
    sents = split_sentences(text)
    assert len(sents) == 4
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \n") == []


def test_lowercase_after_period_does_not_split() -> None:
    assert texts("Use e.g. this one. Or vs. that.") == ["Use e.g. this one.", "Or vs. that."]


def test_other_languages_use_their_own_abbreviations() -> None:
    text = "Laut Prof. Müller steigt der Preis um ca. 3 Prozent. Das ist viel."
    assert texts(text, "de") == [
        "Laut Prof. Müller steigt der Preis um ca. 3 Prozent.",
        "Das ist viel.",
    ]
    assert texts("M. Dupont est arrivé. Il pleut.", "fr") == ["M. Dupont est arrivé.", "Il pleut."]
    # An unknown language falls back to the English tables rather than failing.
    assert texts("Mr. Lee left. He came back.", "xx") == ["Mr. Lee left.", "He came back."]
    assert texts("Mr. Lee left. He came back.", None) == ["Mr. Lee left.", "He came back."]


def test_random_text_never_breaks_the_offsets() -> None:
    rng = random.Random(5)
    alphabet = [
        "Mr.",
        "U.S.",
        "3.5",
        "a.m.",
        "“",
        "”",
        '"',
        "(",
        ")",
        "...",
        "?",
        "!",
        "\n",
        "\n\n",
    ]
    alphabet += ["The", "he", "said", "J.", "No.", "Inc.", ".", " ", "  ", "word", "-", "•"]
    for _ in range(300):
        text = " ".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        sents = split_sentences(text)
        for s in sents:
            assert s.text
            assert text[s.start : s.end] == s.text
        starts = [s.start for s in sents]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in itertools.pairwise(sents))
