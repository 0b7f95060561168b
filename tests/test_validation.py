"""The GX validation connection: DuckDB's memory limit comes from the settings and is checked."""

from __future__ import annotations

import duckdb
import pytest
import sqlalchemy

from orchestration import validation
from orchestration.settings import VALIDATION_MEMORY_LIMIT_ENV, load_settings


def test_the_validation_connection_runs_under_the_configured_memory_limit(tmp_path):
    db = tmp_path / "build.duckdb"
    duckdb.connect(str(db)).close()
    settings = load_settings({VALIDATION_MEMORY_LIMIT_ENV: "512MB"})
    engine = sqlalchemy.create_engine(validation._connection_string(db, settings.validation_memory_limit))
    with engine.connect() as con:
        limit = con.execute(sqlalchemy.text("select current_setting('memory_limit')")).scalar()
    engine.dispose()
    assert limit == "488.2 MiB"  # DuckDB reports 512 MB in binary units


def test_a_malformed_memory_limit_is_refused_with_its_variable_named(tmp_path):
    settings = load_settings({VALIDATION_MEMORY_LIMIT_ENV: "2GB; drop table x"})
    with pytest.raises(ValueError, match=VALIDATION_MEMORY_LIMIT_ENV):
        validation._connection_string(tmp_path / "build.duckdb", settings.validation_memory_limit)
