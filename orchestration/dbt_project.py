"""The dbt project as Dagster sees it (kept apart from the @dbt_assets so `dagster-dbt project prepare-and-package` works)."""

from __future__ import annotations

import os

import yaml
from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, load_settings

PROFILE_NAME = "japan_trade_dw"


def dbt_environment() -> None:
    """dbt reads its target file from JTDW_BUILD_DB and the Parquet lake from JTDW_LAKE_DIR (profiles.yml), and must
    not phone home."""
    settings = load_settings()
    os.environ["JTDW_BUILD_DB"] = str(settings.build_db)
    os.environ["JTDW_LAKE_DIR"] = str(settings.lake_dir)
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
