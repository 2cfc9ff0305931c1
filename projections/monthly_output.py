"""Monthly output per mine against its monthly and time-weighted annual limits."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from domain.mine import Mine
from domain.periods import months_of
from domain.rules.base import exact
from domain.rules.capacity import CapacityRecord, annual_limit, monthly_capacities
from projections.base import MINE_COLUMNS, ReadModel, Statement, View


class MonthlyOutputView(View):
    """Each mine's latest figure per month, and the capacities that limit it."""

    prefix = "monthly_output"
    tables = {
        "mines": MINE_COLUMNS,
        "months": "mine_id uuid, period text, tonnes bigint NOT NULL, "
        "first_reported bigint NOT NULL, corrections int NOT NULL, agency text "
        "NOT NULL, reported_on date NOT NULL, PRIMARY KEY (mine_id, period)",
        "capacities": "mine_id uuid, version int, kind text NOT NULL, "
        "tonnes bigint NOT NULL, effective date NOT NULL, "
        "PRIMARY KEY (mine_id, version)",
    }

    def chart(self, key: str, year: int) -> dict[str, Any]:
        """Twelve months of one mine's year: output, monthly and cumulative limits."""
        capacities = self.capacity_records(key)
        figures = {
            row["period"]: row
            for row in self.rows(
                "SELECT m.* FROM {months} m JOIN {mines} i USING (mine_id) "
                "WHERE i.mine_key = %s AND m.period LIKE %s",
                (key.upper(), f"{year:04d}-%"),
            )
        }
        per_month = monthly_capacities(capacities, year)
        months, cumulative = [], 0
        for month in months_of(year):
            row = figures.get(str(month))
            cumulative += row["tonnes"] if row else 0
            months.append(
                {
                    "period": str(month),
                    "tonnes": row["tonnes"] if row else None,
                    "corrections": row["corrections"] if row else 0,
                    "capacity": per_month[str(month)],
                    "monthly_limit": exact(Fraction(per_month[str(month)], 10)),
                    "cumulative": cumulative,
                    "over_monthly": bool(
                        row and row["tonnes"] * 10 > per_month[str(month)]
                    ),
                }
            )
        limit = annual_limit(per_month)
        return {
            "mine": key.upper(),
            "year": year,
            "annual_limit": exact(limit),
            "output": cumulative,
            "over_annual": cumulative > limit,
            "months": months,
        }

    def capacity_records(self, key: str) -> list[CapacityRecord]:
        """The capacities a mine was given, in the order they were recorded."""
        rows = self.rows(
            "SELECT c.* FROM {capacities} c JOIN {mines} i USING (mine_id) "
            "WHERE i.mine_key = %s ORDER BY c.version",
            (key.upper(),),
        )
        return [CapacityRecord(r["kind"], r["tonnes"], r["effective"]) for r in rows]


class MonthlyOutput(ReadModel[MonthlyOutputView]):
    """Projects registrations, capacities, reports and corrections."""

    name = "monthly_output"
    view_class = MonthlyOutputView
    handlers = {
        Mine.Registered: "registered",
        Mine.CapacityApproved: "capacity_approved",
        Mine.OutputReported: "output_reported",
        Mine.OutputCorrected: "output_corrected",
    }

    def registered(self, event: Mine.Registered) -> list[Statement]:
        """Keeps the mine's key, names and county for the queries."""
        return self.view.registered(event)

    def capacity_approved(self, event: Mine.CapacityApproved) -> list[Statement]:
        """Keeps a capacity and the date it takes effect."""
        statement = self.view.sql(
            "INSERT INTO {capacities} VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.originator_version,
            event.kind,
            event.tonnes,
            event.effective,
        )
        return [(statement, values)]

    def output_reported(self, event: Mine.OutputReported) -> list[Statement]:
        """Adds a month's first figure."""
        statement = self.view.sql(
            "INSERT INTO {months} VALUES (%s, %s, %s, %s, 0, %s, %s) "
            "ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.period,
            event.tonnes,
            event.tonnes,
            event.agency,
            event.on,
        )
        return [(statement, values)]

    def output_corrected(self, event: Mine.OutputCorrected) -> list[Statement]:
        # The correction replaces the figure: a month is one row, never two.
        """Replaces a month's figure with its correction."""
        statement = self.view.sql(
            "UPDATE {months} SET tonnes = %s, corrections = corrections + 1, "
            "agency = %s, reported_on = %s WHERE mine_id = %s AND period = %s"
        )
        values = (
            event.tonnes,
            event.agency,
            event.on,
            event.originator_id,
            event.period,
        )
        return [(statement, values)]
