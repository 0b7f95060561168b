"""The dbt project as Dagster sees it (kept apart from the @dbt_assets so `dagster-dbt project prepare-and-package` works)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, load_settings

PROFILE_NAME = "japan_trade_dw"

# What Dagster runs for dbt: dbt from the same environment as Dagster (venv activated or not), through a wrapper
# that makes it die with the Dagster process, so it never outlives the writer lock.
DBT_EXECUTABLE = Path(__file__).resolve().parent / "dbt_with_parent"


def dbt_environment() -> None:
    """dbt reads its target file from JTDW_BUILD_DB and the Parquet lake from JTDW_LAKE_DIR (profiles.yml), and must
    not phone home."""
    settings = load_settings()
    os.environ["JTDW_BUILD_DB"] = str(settings.build_db)
    os.environ["JTDW_LAKE_DIR"] = str(settings.lake_dir)
    os.environ["JTDW_DBT_EXECUTABLE"] = str(Path(sys.executable).parent / "dbt")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def dbt_target() -> str | None:
    """The profiles.yml target Dagster runs: JTDW_DBT_TARGET (`spark`, `spark_thrift`), else the profile's default."""
    return os.environ.get("JTDW_DBT_TARGET") or None


def engine_of(target: str | None) -> str:
    """The adapter type (`duckdb`, `spark`) of a profiles.yml target; None is the profile's default target."""
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())[PROFILE_NAME]
    return profile["outputs"][target or profile["target"]]["type"]


dbt_environment()
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
