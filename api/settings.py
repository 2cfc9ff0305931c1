"""Settings read once from the environment by the composition root."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from domain.errors import InvalidInputError
from domain.rules.config import RulesConfig


@dataclass(frozen=True)
class Settings:
    """Where overcap keeps its data and which rule settings apply."""

    data_dir: Path = Path("var")
    postgres: dict[str, str] = field(default_factory=dict)
    schema: str = "public"
    rules: RulesConfig = field(default_factory=RulesConfig)
    rules_file: Path | None = None
    # A fixed business date for training and rehearsals; None means today.
    business_date: date | None = None

    @property
    def embedded(self) -> bool:
        return "POSTGRES_HOST" not in self.postgres

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Reads OVERCAP_* and the usual POSTGRES_* variables."""
        env = dict(os.environ if env is None else env)
        postgres = {
            name: env[name]
            for name in (
                "POSTGRES_HOST",
                "POSTGRES_PORT",
                "POSTGRES_DBNAME",
                "POSTGRES_USER",
                "POSTGRES_PASSWORD",
            )
            if env.get(name)
        }
        if "POSTGRES_HOST" in postgres:
            postgres.setdefault("POSTGRES_PORT", "5432")
            postgres.setdefault("POSTGRES_DBNAME", "postgres")
            postgres.setdefault("POSTGRES_USER", "postgres")
            postgres.setdefault("POSTGRES_PASSWORD", env.get("POSTGRES_PASSWORD", ""))
        rules_file = env.get("OVERCAP_RULES_FILE")
        fixed = env.get("OVERCAP_BUSINESS_DATE")
        try:
            business_date = date.fromisoformat(fixed) if fixed else None
        except ValueError:
            raise InvalidInputError(
                "OVERCAP_BUSINESS_DATE", f"{fixed!r} is not a date YYYY-MM-DD"
            ) from None
        return cls(
            business_date=business_date,
            data_dir=Path(env.get("OVERCAP_DATA_DIR", "var")),
            postgres=postgres,
            schema=env.get("POSTGRES_SCHEMA", "public"),
            rules=load_rules(Path(rules_file)) if rules_file else RulesConfig(),
            rules_file=Path(rules_file) if rules_file else None,
        )


def load_rules(path: Path) -> RulesConfig:
    """Reads rule settings from a TOML file's [rules] table."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError("OVERCAP_RULES_FILE", f"{path}: {error}") from error
    return RulesConfig.from_mapping(values.get("rules", {}))
