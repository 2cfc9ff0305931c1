"""The composition root: settings, database, application; the CLI, HTTP and tests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from api.database import Database, open_database
from api.settings import Settings
from projections.catalog import READ_MODELS
from projections.runtime import ReadModels
from workflows.app import Overcap
from workflows.application import BaseApplication, shanghai_today

log = logging.getLogger(__name__)


@dataclass
class Container:
    """What a running overcap holds: its settings, database and application."""

    settings: Settings
    database: Database
    app: Overcap
    read_models: ReadModels

    def close(self) -> None:
        self.read_models.close()
        self.app.close()
        self.database.stop()


def build(
    settings: Settings | None = None,
    *,
    today: Callable[[], date] = shanghai_today,
) -> Container:
    """Opens the database and builds the application on it."""
    settings = settings or Settings.from_env()
    if settings.business_date is not None:
        fixed = settings.business_date
        log.warning("business date fixed by OVERCAP_BUSINESS_DATE: %s", fixed)
        today = lambda: fixed  # noqa: E731
    database = open_database(settings)
    app = Overcap(env=database.env(), rules=settings.rules, today=today)
    if settings.rules_file:
        log.info("rule settings from %s", settings.rules_file)
    read_models = ReadModels(
        database.env(), database.connect, READ_MODELS, BaseApplication
    )
    return Container(settings, database, app, read_models)
