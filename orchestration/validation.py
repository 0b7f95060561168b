"""Great Expectations: each raw table has a suite in `expectations/suites/<raw table>.json`, run on every load.

Suites are plain GX suite JSON files a person can read and edit. Validation runs inside DuckDB through GX's SQL
path (every metric is a query; nothing is pulled into pandas), and refreshes the Data Docs site (static HTML,
built offline) under `<data dir>/gx_docs/`. `validate_dataframe` runs the same suite on a pandas frame; the
benchmark uses it to compare the two paths.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import great_expectations as gx
import pandas as pd
import sqlalchemy
from great_expectations.core.expectation_suite import ExpectationSuite
from great_expectations.core.result_format import ResultFormat
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.datasource.fluent import SQLDatasource
from great_expectations.execution_engine import SqlAlchemyExecutionEngine
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from orchestration.code_lists import resolve_value_set
from orchestration.settings import EXPECTATIONS_DIR, VALIDATION_MEMORY_LIMIT_ENV, checked_memory_size

SUITES_DIR = EXPECTATIONS_DIR / "suites"


class DuckDBExecutionEngine(SqlAlchemyExecutionEngine):
    """GX's SQL engine with every query on one connection, held until `close()`.

    GX reads a metric's rows after closing the connection that ran it; closing rolls the connection back, and DuckDB
    drops a result on rollback, so every metric would come back empty (great_expectations#10738, #11579). GX keeps
    one connection open for the dialects that need it (SQLite, SQL Server, ...), and has no DuckDB dialect: this
    engine does the same for DuckDB through the public `get_connection` hook, as GX's own per-dialect engines extend
    this class."""

    _held: sqlalchemy.Connection | None = None

    @contextmanager
    def get_connection(self) -> Iterator[sqlalchemy.Connection]:
        if self._held is None:
            self._held = self.engine.connect()
        yield self._held

    def close(self) -> None:
        """Release the database file (dbt, in its own process, writes it next)."""
        if self._held is not None:
            self._held.close()
            self._held = None
        self.engine.dispose()


class DuckDBDatasource(SQLDatasource):
    """A SQL datasource on a DuckDB file (`duckdb:///<path>?<setting>=<value>`), run by `DuckDBExecutionEngine`.
    Defining it registers it with GX as `context.data_sources.add_duckdb`."""

    type: Literal["duckdb"] = "duckdb"  # type: ignore[assignment]  # GX's datasource types narrow `type` this way

    @property
    def execution_engine_type(self) -> builtins.type[SqlAlchemyExecutionEngine]:  # `type` is a field here
        return DuckDBExecutionEngine


@dataclass(frozen=True)
class ValidationOutcome:
    suite: str
    success: bool
    evaluated: int
    failures: list[dict]

    def summary(self) -> str:
        """One line naming the raw table, each failed expectation with its column and settings, and what it found."""
        if self.success:
            return f"raw.{self.suite}: all {self.evaluated} expectations passed"
        failed = "; ".join(
            f"{f['expectation']} on {f['column'] or 'the table'}{f['settings']}: {f['detail']}"
            + (f" ({f['why']})" if f.get("why") else "")
            for f in self.failures
        )
        return f"raw.{self.suite}: {len(self.failures)} of {self.evaluated} expectations failed: {failed}"


def load_suite(name: str) -> ExpectationSuite:
    spec = json.loads((SUITES_DIR / f"{name}.json").read_text())
    suite = ExpectationSuite(name=spec["name"], meta=spec.get("meta", {}))
    for expectation in spec["expectations"]:
        kwargs = dict(expectation["kwargs"])
        if isinstance(kwargs.get("value_set"), dict):  # a code list named by its seed, read from there
            kwargs["value_set"] = resolve_value_set(kwargs["value_set"])
        suite.add_expectation_configuration(
            ExpectationConfiguration(type=expectation["type"], kwargs=kwargs, meta=expectation.get("meta", {}))
        )
    return suite


def _context(docs_dir: Path | None):
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs_dir is not None:
        context.add_data_docs_site(
            site_name="local",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def _run(context, suite_name: str, batch_definition, batch_parameters: dict | None, docs: bool) -> ValidationOutcome:
    """A first pass that only answers pass or fail (BOOLEAN_ONLY: no query listing offending rows); only when it
    fails, a second pass of the same suite with the details the failure message names (SUMMARY)."""
    suite = context.suites.add(load_suite(suite_name))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite_name, data=batch_definition, suite=suite)
    )
    actions: list[gx.checkpoint.ValidationAction] = (
        [gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["local"])] if docs else []
    )

    def run(result_format: ResultFormat):
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"{suite_name} {result_format.value}",
                validation_definitions=[definition],
                actions=actions,
                result_format=result_format,
            )
        )
        (run_result,) = checkpoint.run(batch_parameters=batch_parameters).run_results.values()
        return run_result

    run_result = run(ResultFormat.BOOLEAN_ONLY)
    if not run_result.success:
        run_result = run(ResultFormat.SUMMARY)
    failures = [_failure(r) for r in run_result.results if not r.success]
    return ValidationOutcome(suite_name, bool(run_result.success), len(run_result.results), failures)


def validate_query(
    suite_name: str, db_path: Path, query: str, docs_dir: Path | None = None, *, memory_limit: str
) -> ValidationOutcome:
    """Validate the rows `query` returns, inside the DuckDB file `db_path` (no other process may hold it open).

    DuckDB spills the suite's aggregates to disk beyond `memory_limit` (`Settings.validation_memory_limit`), so
    validating tens of millions of rows fits a laptop: the benchmark's 10M-row load peaks at 4.3 GiB without a limit
    and 2.3 GiB with the default 2GB."""
    context = _context(docs_dir)
    datasource = context.data_sources.add_duckdb(
        "warehouse", connection_string=_connection_string(db_path, memory_limit)
    )
    batch_definition = datasource.add_query_asset(suite_name, query=query).add_batch_definition_whole_table("load")
    try:
        return _run(context, suite_name, batch_definition, None, docs_dir is not None)
    finally:
        # Both of GX's engines on the file, the one that ran the suite and the one that checked the connection.
        datasource.get_execution_engine().close()
        datasource.get_engine().dispose()


def _connection_string(db_path: Path, memory_limit: str) -> str:
    return f"duckdb:///{db_path}?memory_limit={checked_memory_size(memory_limit, VALIDATION_MEMORY_LIMIT_ENV)}"


def validate_dataframe(suite_name: str, frame: pd.DataFrame, docs_dir: Path | None = None) -> ValidationOutcome:
    context = _context(docs_dir)
    batch_definition = (
        context.data_sources.add_pandas("frame")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("load")
    )
    return _run(context, suite_name, batch_definition, {"dataframe": frame}, docs_dir is not None)


SETTINGS = ("value_set", "value", "min_value", "max_value", "column_set", "row_condition")


def _failure(result) -> dict:
    config = result.expectation_config
    kwargs = config.kwargs
    settings = {k: kwargs[k] for k in SETTINGS if kwargs.get(k) is not None}
    condition = settings.get("row_condition")
    if isinstance(condition, dict) and {"column", "operator", "parameter"} <= condition.keys():
        # GX hands back a parsed `col("unit_code")=="USD"`: written again as it reads
        settings["row_condition"] = f"{condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    if isinstance(settings.get("value_set"), list) and len(settings["value_set"]) > 5:
        settings["value_set"] = f"{len(settings['value_set'])} codes"
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if kwargs.get(k)] + kwargs.get("column_list", [])
    shown = ", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in settings.items())
    return {
        "expectation": config.type,
        "column": ", ".join(columns),
        "settings": f" [{shown}]" if shown else "",
        "detail": _detail(result.result, result.exception_info),
        "why": (config.meta or {}).get("why"),
    }


def _plain(value):
    """A value as Python writes it (pandas hands over numpy scalars, whose repr names numpy)."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value.item() if hasattr(value, "item") else value


def _detail(result: dict, exception_info: dict | None) -> str:
    if "unexpected_count" in result:
        values = list(dict.fromkeys(repr(_plain(v)) for v in result.get("partial_unexpected_list") or []))[:5]
        return f"{result['unexpected_count']} unexpected row(s), values {', '.join(values) or 'not listed'}"
    if "observed_value" in result:
        return f"observed {result['observed_value']}"
    if exception_info and exception_info.get("raised_exception"):
        return f"error: {exception_info.get('exception_message')}"
    return json.dumps(result, default=str)[:200]
