"""Tables of the LLM backend: cached results and the daily token count.

They hang on the shared ``metadata`` of ``schema.py``; migration ``0004_llm_cache`` is
how a database gets them. Both are shared by every web process and worker: a result is
written by the model once per subject version, and the budget is one count a day.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Integer, String, Table, Text

from broadsheet.store.schema import UTCDateTime, metadata

llm_results = Table(
    "llm_results",
    metadata,
    Column("subject", String(40), primary_key=True),  # "article:12" | "story:7"
    Column("feature", String(64), primary_key=True),  # "summary" | "brief" | "qa:<digest>"
    Column("model", String(200), primary_key=True),
    Column("version", String(64), nullable=False),  # the subject's version it was written for
    Column("data", Text, nullable=False),  # JSON
    Column("created_at", UTCDateTime(), nullable=False),
)

llm_usage = Table(
    "llm_usage",
    metadata,
    Column("day", Date, primary_key=True),  # UTC
    Column("tokens", BigInteger, nullable=False),
    Column("requests", Integer, nullable=False),
)
