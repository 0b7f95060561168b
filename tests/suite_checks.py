"""Helpers for tests: a dataset's payloads read, loaded into a raw table of a fresh DuckDB file and validated by the
table's Great Expectations suite on the SQL path the pipeline runs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from orchestration import raw, validation
from orchestration.payloads import Payload
from orchestration.settings import Settings
from orchestration.sources.base import SourceDataset


def validate_payloads(
    dataset: SourceDataset, payloads: Iterable[Payload], tmp_path: Path
) -> validation.ValidationOutcome:
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = tmp_path / f"{dataset.raw_table}.duckdb"
    con = duckdb.connect(str(db))
    try:
        for payload in payloads:
            frame = dataset.read(payload)
            raw.load_payload_rows(con, dataset.raw_table, dataset.source, payload, frame, "test")
    finally:
        con.close()
    return validation.validate_query(
        dataset.raw_table,
        db,
        f"select * from raw.{dataset.raw_table}",
        memory_limit=Settings(tmp_path).validation_memory_limit,
    )


def the_failure(outcome: validation.ValidationOutcome) -> dict:
    """The one expectation that failed, after checking the summary names the raw table and that failure."""
    assert not outcome.success, outcome.summary()
    (failure,) = outcome.failures
    summary = outcome.summary()
    assert (
        summary.startswith(f"raw.{outcome.suite}: 1 of ")
        and f"{failure['expectation']} on {failure['column']}" in summary
    )
    return failure
