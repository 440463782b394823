"""Grounded question answering: unit cases, grounding, and floors on the demo question set.

Floors sit under what ``benchmarks/qa.py`` measured on ``tests/data/qa/questions.json``
(51 questions on 9 demo articles, 14 not answered by their article): accuracy 0.919,
decline precision 1.000, decline recall 0.714.
"""

from __future__ import annotations

import json

from benchmarks.qa import QUESTIONS, figures, load_questions, shipped

from broadsheet.understand.qa import answer_question
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import grounding_score

ARTICLE = (
    "Dockworkers at Port Arden walked out on Tuesday after talks collapsed.\n\n"
    "The Harbour Workers’ Union said 1,200 members had rejected a 2.1 per cent pay offer. "
    "Union secretary Maria Okafor said the authority had refused to guarantee jobs.\n\n"
    "The strike is due to end at 6am on Friday because the union wants to avoid fines."
)


def test_answers_who_how_many_when_and_why_from_the_right_sentence() -> None:
    sentences = split_sentences(ARTICLE)
    cases = {
        "Who is the union secretary?": "Maria Okafor",
        "How many members rejected the pay offer?": "1,200",
        "When is the strike due to end?": "6am on Friday",
        "Why will the strike end on Friday?": "avoid fines",
    }
    for question, phrase in cases.items():
        answer = answer_question(question, ARTICLE)
        assert answer.answered, question
        assert phrase in answer.text, question
        assert [sentences[i].text for i in answer.sources] == [answer.text]


def test_declines_when_the_article_does_not_say() -> None:
    for question in ("How much do dockworkers earn?", "Who is the mayor of Velmont?"):
        answer = answer_question(question, ARTICLE)
        assert not answer.answered
        assert answer.text.startswith("The article does not say")
        assert answer.sources == ()
    assert not answer_question("Who?", ARTICLE).answered
    assert not answer_question("Who is the union secretary?", "").answered


def test_question_set_covers_enough_articles_and_declines() -> None:
    rows = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    assert len(rows) >= 30
    assert len({r["slug"] for r in rows}) >= 8
    assert sum(not r["answerable"] for r in rows) >= 10


def test_every_answer_is_grounded_in_the_sentences_it_cites() -> None:
    for item in load_questions():
        answer = shipped(item)
        if not answer.answered:
            continue
        sentences = split_sentences(item.text)
        cited = [sentences[i].text for i in answer.sources]
        assert answer.sources
        assert all(0 <= i < len(sentences) for i in answer.sources)
        assert answer.text in " ".join(cited)
        assert grounding_score(answer.text, cited) == 1.0


def test_floors_on_the_demo_question_set() -> None:
    result = figures(load_questions(), shipped)
    assert result.accuracy >= 0.89
    assert result.decline_precision >= 0.95
    assert result.decline_recall >= 0.70
