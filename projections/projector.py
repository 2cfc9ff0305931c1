"""The projector process: one runner per read model, each under its own lock."""

from __future__ import annotations

import logging
from typing import Any

from eventsourcing.projection import ProjectionRunner

from domain.errors import OvercapError
from projections.locks import ViewLock
from projections.runtime import Position, ReadModels

log = logging.getLogger(__name__)


class ProjectorFailedError(OvercapError):
    """Raised when a read model's runner stopped on an error of its own."""

    message_zh = "投影程序出错停止"

    def __init__(self, name: str, error: BaseException) -> None:
        super().__init__(
            f"read model {name!r} stopped: {type(error).__name__}: {error}",
            name=name,
        )


class Projector:
    """Holds every named read model's lock and runs one runner for each."""

    def __init__(self, models: ReadModels, names: list[str]) -> None:
        self.models = models
        self.lock: ViewLock = models.lock(*names)
        self.runners: dict[str, ProjectionRunner[Any, Any]] = {}
        try:
            # Every lock first: a second projector leaves before it starts anything.
            self.lock.require()
            for name in names:
                self.runners[name] = models.runner(name).__enter__()
        except BaseException:
            self.close()
            raise

    def check(self) -> None:
        """Raises the error of any runner that stopped by itself."""
        for name, runner in self.runners.items():
            if runner.is_interrupted.is_set():
                try:
                    runner.run_forever(timeout=0)
                except Exception as error:
                    raise ProjectorFailedError(name, error) from error

    def positions(self) -> list[Position]:
        """Where every running read model has got."""
        return [self.models.position(name) for name in self.runners]

    def close(self) -> None:
        """Stops every runner, then lets the locks go."""
        for name, runner in self.runners.items():
            try:
                runner.__exit__(None, None, None)
            except Exception as error:
                log.warning("runner %s stopped with %s", name, error)
        self.runners.clear()
        self.lock.release()
