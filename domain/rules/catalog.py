"""Every rule version overcap knows, for listings and explanations."""

from __future__ import annotations

import re

from domain.rules import capacity, conditions, penalties
from domain.rules.base import RuleVersion


def all_versions() -> list[RuleVersion]:
    """All versions of all rules, ordered by rule number then version."""
    found = [*capacity.VERSIONS, *conditions.VERSIONS, *penalties.VERSIONS]
    return sorted(found, key=lambda v: (int(re.sub(r"\D", "", v.rule)), v.version))
