"""`overcap serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
import logging
from typing import Any

import uvicorn

from api.cli.common import command
from api.http.app import create_app
from api.settings import Settings

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    serve = command(sub, "serve", serve_command, "运行 HTTP API run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    # The app builds its own container in its lifespan, once uvicorn starts it.
    serve.set_defaults(no_database=True)


def serve_command(args: argparse.Namespace, container: None) -> int:
    settings = Settings.from_env()
    where = (
        "embedded PostgreSQL"
        if settings.embedded
        else (
            f"PostgreSQL at {settings.postgres['POSTGRES_HOST']}:"
            f"{settings.postgres['POSTGRES_PORT']}"
        )
    )
    log.info(
        "overcap API listening on http://%s:%s (%s, schema %s)",
        args.host,
        args.port,
        where,
        settings.schema,
    )
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_config=None)
    return 0
