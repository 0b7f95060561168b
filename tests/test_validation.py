"""The GX validation: DuckDB's memory limit comes from the settings and is checked; a pass costs one cheap run of
the suite, a failure a second one whose message names the table, the expectation and the values, on both paths."""

from __future__ import annotations

import re

import duckdb
import great_expectations as gx
import pytest
import sqlalchemy
from great_expectations.core.result_format import ResultFormat

from orchestration import validation
from orchestration.settings import VALIDATION_MEMORY_LIMIT_ENV, load_settings
from orchestration.sources import worldbank
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


def test_the_validation_connection_runs_under_the_configured_memory_limit(tmp_path):
    db = tmp_path / "build.duckdb"
    duckdb.connect(str(db)).close()
    settings = load_settings({VALIDATION_MEMORY_LIMIT_ENV: "512MB"})
    engine = sqlalchemy.create_engine(validation._connection_string(db, settings.validation_memory_limit))
    with engine.connect() as con:
        limit = con.execute(sqlalchemy.text("select current_setting('memory_limit')")).scalar()
    engine.dispose()
    assert limit == "488.2 MiB"  # DuckDB reports 512 MB in binary units


def test_a_pass_lists_no_rows_and_only_a_failure_is_checked_again_with_its_values_on_both_paths(tmp_path, monkeypatch):
    formats = []
    run = gx.Checkpoint.run

    def recording(checkpoint, *args, **kwargs):
        formats.append(ResultFormat(checkpoint.result_format))
        return run(checkpoint, *args, **kwargs)

    monkeypatch.setattr(gx.Checkpoint, "run", recording)
    good = {p.path.stem: p for p in snapshot_payloads("worldbank", "indicators")}["JPN_PA.NUS.FCRF"]
    assert validate_payloads(worldbank.INDICATORS, [good], tmp_path / "good").success
    assert formats == [ResultFormat.BOOLEAN_ONLY]

    formats.clear()
    # Yen per dollar sent in hundreds: 1.5 for 150.
    bad = with_content(good, re.sub(rb'"value": (\d+)\.?\d*', lambda m: b'"value": 1.5', good.content))
    on_duckdb = validate_payloads(worldbank.INDICATORS, [bad], tmp_path / "bad")
    assert formats == [ResultFormat.BOOLEAN_ONLY, ResultFormat.SUMMARY]
    failure = the_failure(on_duckdb)
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_between", "value")
    assert failure["settings"] == " [min_value=50.0, max_value=400.0, row_condition=\"indicator_id == 'PA.NUS.FCRF'\"]"
    figures = len(re.findall(rb'"value": \d', good.content))
    assert failure["detail"] == f"{figures} unexpected row(s), values 1.5"
    assert "the yen has traded between about 76 and 360 per dollar" in on_duckdb.summary()

    con = duckdb.connect(str(tmp_path / "bad" / "worldbank__indicators.duckdb"), read_only=True)
    frame = con.execute("select * from raw.worldbank__indicators").df()
    con.close()
    assert validation.validate_dataframe("worldbank__indicators", frame).summary() == on_duckdb.summary()


def test_a_malformed_memory_limit_is_refused_with_its_variable_named(tmp_path):
    settings = load_settings({VALIDATION_MEMORY_LIMIT_ENV: "2GB; drop table x"})
    with pytest.raises(ValueError, match=VALIDATION_MEMORY_LIMIT_ENV):
        validation._connection_string(tmp_path / "build.duckdb", settings.validation_memory_limit)
