"""The code lists every layer checks against, each read from the one dbt seed that holds it.

A connector (which codes it requests, which it accepts), a Great Expectations suite (a value set written as
`{"seed": ..., "column": ...}`) and a dbt test (`relationships` to the seed) all read the same file, so adding an
indicator, a series or a country is one edit in one seed.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


@functools.cache
def _read(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(newline="", encoding="utf-8") as rows:
        return tuple(csv.DictReader(rows))


def seed_rows(seed: str) -> tuple[dict[str, str], ...]:
    return _read(SEEDS_DIR / f"{seed}.csv")


def codes(seed: str, column: str, **where: str) -> tuple[str, ...]:
    """The non-empty values of `column`, in seed order and without repeats, of the rows matching `where`."""
    values = (row[column] for row in seed_rows(seed) if all(row[k] == v for k, v in where.items()))
    return tuple(dict.fromkeys(v for v in values if v))


def mapping(seed: str, key: str, value: str) -> dict[str, str]:
    """`key` -> `value` for the rows where both are filled in."""
    return {row[key]: row[value] for row in seed_rows(seed) if row[key] and row[value]}


def resolve_value_set(reference: dict) -> list:
    """A suite's `{"seed": "bop_items", "column": "imf_indicator_code", "as": "integer"}` as the list it names, with
    the codes of `"also": [...]` a source uses beside the seed's (the IMF's own area aggregates)."""
    values = [*codes(reference["seed"], reference["column"], **reference.get("where", {})), *reference.get("also", [])]
    return [int(v) for v in values] if reference.get("as") == "integer" else values
