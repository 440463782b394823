"""Ask about this article: an answer taken from the article's own sentences, or a refusal."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from broadsheet.store import articles as article_store
from broadsheet.understand.qa import answer_question
from broadsheet.understand.sentences import split_sentences
from broadsheet.web.site import site_of

router = APIRouter()
MAX_QUESTION = 300


@router.get("/articles/{article_id}/ask", include_in_schema=False)
def ask(request: Request, article_id: int, q: str = "") -> Response:
    site = site_of(request)
    with site.store.read() as conn:
        article = article_store.get_article(conn, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="There is no such article.")
    question = " ".join(q.split())[:MAX_QUESTION]
    answer = None
    support: list[str] = []
    if question:
        answer = answer_question(
            question, article.text, title=article.title, language=article.language
        )
        sentences = split_sentences(article.text, article.language)
        support = [sentences[i].text for i in answer.sources if 0 <= i < len(sentences)]
    return site.html(
        request, "ask.html", article=article, question=question, answer=answer, support=support
    )
