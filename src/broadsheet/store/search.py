"""Full-text search over articles: FTS5 on SQLite, tsvector on PostgreSQL.

What a user types is always treated as words, never as query syntax: it is split into
word tokens, each quoted (FTS5) or handed to ``plainto_tsquery`` (PostgreSQL), and
bound as a parameter. Snippets mark matches with the control characters ``MARK_START``
and ``MARK_END`` so the web layer can escape the text and then turn them into
``<mark>`` elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, text

from broadsheet.model import Article
from broadsheet.store.articles import get_article

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
MARK_START = "\x02"
MARK_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a user's query, bounded in length and number."""
    return _WORD.findall(query[:MAX_QUERY_CHARS])[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: Article
    snippet: str
    rank: float


def search(
    conn: Connection,
    query: str,
    *,
    source_id: int | None = None,
    language: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: Literal["relevance", "date"] = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    terms = query_terms(query)
    if not terms:
        return []
    params: dict[str, object] = {"limit": min(limit, 100), "offset": max(offset, 0)}
    filters = []
    if source_id is not None:
        filters.append("a.source_id = :source_id")
        params["source_id"] = source_id
    if language:
        filters.append("a.language = :language")
        params["language"] = language
    when = "COALESCE(a.published_at, a.created_at)"
    if since is not None:
        filters.append(f"{when} >= :since")
        params["since"] = _bind_time(conn, since)
    if until is not None:
        filters.append(f"{when} < :until")
        params["until"] = _bind_time(conn, until)
    extra = "".join(f" AND {f}" for f in filters)
    if conn.dialect.name == "sqlite":
        params["q"] = fts5_query(terms)
        order = "rank" if sort == "relevance" else f"{when} DESC"
        sql = (
            "SELECT a.id AS id, bm25(articles_fts, 10.0, 2.0, 1.0) AS rank, "
            f"snippet(articles_fts, 2, '{MARK_START}', '{MARK_END}', '…', 30) AS snip "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH :q{extra} ORDER BY {order}, a.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
    else:
        params["q"] = " ".join(terms)
        order = "rank DESC" if sort == "relevance" else f"{when} DESC"
        sql = (
            "SELECT a.id AS id, ts_rank_cd(a.search_vector, q) AS rank, "
            "ts_headline('simple', a.text, q, "
            f"'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
            "MaxFragments=1, FragmentDelimiter=…') AS snip "
            "FROM articles a, plainto_tsquery('simple', :q) q "
            f"WHERE a.search_vector @@ q{extra} ORDER BY {order}, a.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
        conn.exec_driver_sql("SET LOCAL statement_timeout = 5000")
    hits = []
    for row in conn.execute(text(sql), params):
        article = get_article(conn, row.id)
        if article is not None:
            hits.append(SearchHit(article=article, snippet=row.snip or "", rank=float(row.rank)))
    return hits


def _bind_time(conn: Connection, value: datetime) -> object:
    # Raw SQL bypasses the column type, so bind the way the column stores it.
    if conn.dialect.name == "sqlite":
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value
