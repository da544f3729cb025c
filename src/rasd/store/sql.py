"""A WHERE clause built one condition at a time, its parameters kept in the same order.

The search queries (`rasd.store.search`) and the web app's reads (`rasd.serve.data`) filter
on the same kinds of column: a value that must be equal, one of several values, a lower
bound, a date range. Each condition is added only when its value is given, so a query's
SQL names only the filters the user set and DuckDB's planner sees no dead branches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def marks(n: int) -> str:
    """`?, ?, ?` for n parameters."""
    return ", ".join("?" * n)


@dataclass
class Where:
    """Conditions joined by AND; `sql()` is TRUE when there are none."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def equal(self, column: str, value: Any) -> Where:
        """`column = value`, when a value is given (None and "" mean no filter)."""
        return self if value is None or value == "" else self.add(f"{column} = ?", value)

    def one_of(self, column: str, values: Sequence[Any]) -> Where:
        """`column IN (values)`, when there are any."""
        return self.add(f"{column} IN ({marks(len(values))})", *values) if values else self

    def at_least(self, column: str, value: Any) -> Where:
        return self if value is None else self.add(f"{column} >= ?", value)

    def at_most(self, column: str, value: Any) -> Where:
        return self if value is None else self.add(f"{column} <= ?", value)

    def dates(self, column: str, date_from: Any, date_to: Any) -> Where:
        """The inclusive range [date_from, date_to]; either end may be open (None or "")."""
        return self.at_least(column, date_from or None).at_most(column, date_to or None)

    def sql(self) -> str:
        return " AND ".join(self.clauses) or "TRUE"
