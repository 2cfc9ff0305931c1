"""Read models at run time: views, runners, positions, catch-up and rebuilds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.projection import ProjectionRunner
from eventsourcing.utils import Environment
from psycopg import sql

from domain.errors import InvalidInputError
from projections.base import ReadModel
from projections.locks import ViewLock

log = logging.getLogger(__name__)
PAGE = 500


@dataclass(frozen=True)
class Position:
    """How far a read model has got: its tracking id, the head and what is left."""

    name: str
    position: int | None
    head: int | None
    pending: int

    def as_dict(self) -> dict[str, Any]:
        """The position as plain values."""
        return vars(self)


class ReadModels:
    """The read models of one schema, with their views opened on first use."""

    def __init__(
        self,
        env: dict[str, str],
        connect: Callable[..., psycopg.Connection[Any]],
        models: dict[str, type[ReadModel[Any]]],
        application_class: type[Application[Any]],
    ) -> None:
        # Views and runners need a connection or two each, not the default five.
        self.env = {**env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "2"}
        self.schema = env["POSTGRES_SCHEMA"]
        self.connect = connect
        self.models = models
        self.application_class = application_class
        self.app_name = application_class.name
        self._views: dict[str, tuple[Any, Any]] = {}
        self._feed: Application[Any] | None = None

    def model(self, name: str) -> type[ReadModel[Any]]:
        """The read model of that name, or an error listing the known ones."""
        if name not in self.models:
            raise InvalidInputError("name", f"unknown read model; known: {self.names}")
        return self.models[name]

    @property
    def names(self) -> list[str]:
        """Every read model's name."""
        return list(self.models)

    def view(self, name: str, schema: str | None = None) -> Any:
        """The view of a read model, its tables created when missing."""
        key = f"{schema or self.schema}.{name}"
        if key not in self._views:
            env = dict(self.env, POSTGRES_SCHEMA=schema or self.schema)
            factory = InfrastructureFactory.construct(env=Environment(name, env))
            view = factory.tracking_recorder(self.model(name).view_class)
            self._views[key] = (factory, view)
        return self._views[key][1]

    def lock(self, *names: str) -> ViewLock:
        """The advisory locks that keep one projector per read model."""
        return ViewLock(self.connect, self.schema, [self.model(n).name for n in names])

    def runner(self, name: str) -> ProjectionRunner[Any, Any]:
        """A runner that follows the store from the view's last tracking record."""
        model = self.model(name)
        return ProjectionRunner(
            application_class=self.application_class,
            projection_class=model,
            view_class=model.view_class,
            env=self.env,
        )

    def position(self, name: str) -> Position:
        """The view's tracking id, the last relevant event and how many are left."""
        model = self.model(name)
        live = sql.Identifier(self.schema)
        tracking = sql.Identifier(model.view_class.table_names()[-1])
        events = sql.Identifier(f"{self.app_name}_events")
        topics = list(model.topics)
        with self.connect(autocommit=True) as conn:
            exists = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL",
                (f'"{self.schema}"."{model.view_class.table_names()[-1]}"',),
            ).fetchone()
            position = None
            if exists and exists[0]:
                row = conn.execute(
                    sql.SQL(
                        "SELECT max(notification_id) FROM {}.{} "
                        "WHERE application_name = %s"
                    ).format(live, tracking),
                    (self.app_name,),
                ).fetchone()
                position = row[0] if row else None
            head = conn.execute(
                sql.SQL(
                    "SELECT notification_id FROM {}.{} WHERE topic = ANY(%s) "
                    "ORDER BY notification_id DESC LIMIT 1"
                ).format(live, events),
                (topics,),
            ).fetchone()
            pending = conn.execute(
                sql.SQL(
                    "SELECT count(*) FROM {}.{} WHERE notification_id > %s "
                    "AND topic = ANY(%s)"
                ).format(live, events),
                (position or 0, topics),
            ).fetchone()
        count = pending[0] if pending else 0
        return Position(name, position, head[0] if head else None, count)

    def fresh(self, name: str, patience: float = 3.0) -> Position:
        """Catches a view up when no projector runs; else waits a little for it."""
        with self.lock(name) as free:
            target = self.position(name).head
            if free:
                with self.runner(name) as runner:
                    runner.wait(target, timeout=600)
            else:
                with suppress(TimeoutError):
                    self.view(name).wait(self.app_name, target, timeout=patience)
        return self.position(name)

    def replay(self, name: str, schema: str, stop: int | None) -> None:
        """Projects every relevant event up to `stop` into the view in `schema`."""
        model = self.model(name)
        projection = model(view=self.view(name, schema))
        feed = self.feed()
        start = projection.view.max_tracking_id(self.app_name)
        while stop is None or (start or 0) < stop:
            page = feed.recorder.select_notifications(
                start, PAGE, stop=stop, topics=model.topics, inclusive_of_start=False
            )
            if not page:
                return
            for notification in page:
                event = feed.mapper.to_domain_event(notification)
                projection.process_event(
                    event, Tracking(self.app_name, notification.id)
                )
            start = page[-1].id

    def feed(self) -> Application[Any]:
        """The application the events are read and decoded with."""
        if self._feed is None:
            self._feed = self.application_class(self.env)
        return self._feed

    def forget(self, key: str) -> None:
        """Closes a view opened on `schema.name`, e.g. before its tables move."""
        if key in self._views:
            factory, _ = self._views.pop(key)
            factory.close()

    def close(self) -> None:
        """Closes every view and the feed."""
        for key in list(self._views):
            self.forget(key)
        if self._feed is not None:
            self._feed.close()
            self._feed = None
