"""An ASGI entry point for running the site under a process manager or several workers:

    uvicorn --factory broadsheet.web.asgi:app_from_environment --workers 2

Settings come from the environment and settings file, as for the ``broadsheet`` command.
"""

from __future__ import annotations

from fastapi import FastAPI

from broadsheet.config import load_settings
from broadsheet.store.db import open_store
from broadsheet.web.app import create_app


def app_from_environment() -> FastAPI:
    settings = load_settings()
    return create_app(settings, open_store(settings))
