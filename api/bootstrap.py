"""The composition root: settings, database, application; the CLI, HTTP and tests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from api.database import Database, open_database
from api.settings import Settings
from workflows.app import Overcap
from workflows.application import shanghai_today

log = logging.getLogger(__name__)


@dataclass
class Container:
    """What a running overcap holds: its settings, database and application."""

    settings: Settings
    database: Database
    app: Overcap

    def close(self) -> None:
        self.app.close()
        self.database.stop()


def build(
    settings: Settings | None = None,
    *,
    today: Callable[[], date] = shanghai_today,
) -> Container:
    """Opens the database and builds the application on it."""
    settings = settings or Settings.from_env()
    database = open_database(settings)
    app = Overcap(env=database.env(), rules=settings.rules, today=today)
    if settings.rules_file:
        log.info("rule settings from %s", settings.rules_file)
    return Container(settings=settings, database=database, app=app)
