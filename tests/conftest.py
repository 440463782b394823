"""Shared fixtures: settings in a temporary data directory, stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from broadsheet.config import Settings
from broadsheet.store.db import Store, open_store
from broadsheet.store.schema import metadata

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench"
PG_URL = os.environ.get(
    "BROADSHEET_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def bench_dir(*parts: str) -> Path:
    """A folder of ../shared/bench, or skip the test with the reason."""
    path = BENCH.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"benchmark data {path} is not present (../shared/bench from the repo root)")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", fetch_allow=("127.0.0.0/8",), fetch_host_delay=0.0)


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for this test run, dropped at the end."""
    schema = f"bs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means the server is not usable
        admin.dispose()
        pytest.fail(f"PostgreSQL at {PG_URL} is required for the store tests: {exc}")
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    """A migrated, empty store on each backend."""
    if request.param == "sqlite":
        opened = open_store(settings)
    else:
        url = request.getfixturevalue("pg_schema_url")
        opened = open_store(settings.replace(database_url=url))
        _truncate(opened)
    try:
        yield opened
    finally:
        opened.close()


def _truncate(store: Store) -> None:
    """Empty every table of the schema, so no state leaks from one test to the next."""
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with store.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
