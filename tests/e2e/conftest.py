"""What the command-line tests share: the environment that points at the test schema."""

import os

import pytest


@pytest.fixture
def cli_env(settings) -> dict[str, str]:
    return {
        **os.environ,
        **settings.postgres,
        "POSTGRES_SCHEMA": settings.schema,
        "OVERCAP_DATA_DIR": str(settings.data_dir),
    }
