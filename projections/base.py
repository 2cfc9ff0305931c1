"""What every read model shares: a view that writes its rows and tracking together."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Composed, Identifier

Statement = tuple[Composed, Sequence[Any] | dict[str, Any]]
MINE_COLUMNS = (
    "mine_id uuid PRIMARY KEY, mine_key text NOT NULL, name_zh text NOT NULL, "
    "name_en text NOT NULL, county_zh text NOT NULL, county_en text NOT NULL"
)


class View(PostgresTrackingRecorder):
    """A read model's tables in the configured schema, written with its tracking."""

    # Table names are the projection name, '_' and these keys; every table has a
    # mine_id column, so verify can check each mine's rows.
    tables: ClassVar[dict[str, str]] = {"mines": MINE_COLUMNS}
    indexes: ClassVar[tuple[str, ...]] = ()
    prefix: ClassVar[str] = ""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        for key, columns in self.tables.items():
            self.sql_create_statements.append(
                self.sql(f"CREATE TABLE IF NOT EXISTS {{{key}}} ({columns})")
            )
        self.sql_create_statements.extend(self.sql(text) for text in self.indexes)

    def table(self, key: str) -> Composed:
        """The schema-qualified name of one of this view's tables."""
        return SQL("{}.{}").format(
            Identifier(self.datastore.schema), Identifier(self.table_name(key))
        )

    @classmethod
    def table_name(cls, key: str) -> str:
        """The name of one of the view's tables."""
        return f"{cls.prefix}_{key}"

    @classmethod
    def table_names(cls) -> list[str]:
        """Every table of the view, its tracking table last."""
        return [cls.table_name(key) for key in cls.tables] + [f"{cls.prefix}_tracking"]

    def sql(self, text: str) -> Composed:
        """SQL text with {key} placeholders replaced by this view's table names."""
        return SQL(text).format(**{key: self.table(key) for key in self.tables})

    def record(self, tracking: Tracking, statements: Sequence[Statement]) -> None:
        """Writes rows and the tracking record in one transaction, or neither."""
        with self.datastore.transaction(commit=True) as curs:
            # Losing the last commits in a server crash is safe: rows and tracking
            # go together, and the runner resumes from the tracking that survived.
            curs.execute(SQL("SET LOCAL synchronous_commit = off"))
            for statement, params in statements:
                curs.execute(statement, params)
            self._insert_tracking(curs, tracking)

    def rows(self, text: str, params: Sequence[Any] | dict[str, Any] = ()) -> list:
        """Rows of a query on this view's tables, as dicts."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(text), params)
            return list(curs.fetchall())

    def registered(self, event: Any) -> list[Statement]:
        """Upserts a mine's names and county from its registration."""
        statement = self.sql(
            "INSERT INTO {mines} VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (mine_id) DO NOTHING"
        )
        return [
            (
                statement,
                (
                    event.originator_id,
                    event.key,
                    event.name_zh,
                    event.name_en,
                    event.county_zh,
                    event.county_en,
                ),
            )
        ]


TView = TypeVar("TView", bound=View)


class ReadModel(Projection[TView]):
    """A projection whose topics are the event classes it handles."""

    view_class: ClassVar[type[View]]
    handlers: ClassVar[dict[type, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.topics = tuple(get_topic(event_class) for event_class in cls.handlers)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Writes what an event changes; an ignored event still records tracking."""
        name = self.handlers.get(type(domain_event))
        handler: Callable[[Any], list[Statement]] = (
            getattr(self, name) if name else self.ignore
        )
        self.view.record(tracking, handler(domain_event))

    def ignore(self, event: Any) -> list[Statement]:
        """Nothing to write: the tracking record alone moves on."""
        return []
