"""The dbt project as Dagster sees it (kept apart from the @dbt_assets so `dagster-dbt project prepare-and-package` works)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, Settings

PROFILE_NAME = "japan_trade_dw"

# What Dagster runs for dbt: dbt from the same environment as Dagster (venv activated or not), through a wrapper
# that makes it die with the Dagster process, so it never outlives the writer lock.
DBT_EXECUTABLE = Path(__file__).resolve().parent / "dbt_with_parent"


def dbt_environment(paths: Settings) -> dict[str, str]:
    """What the dbt subprocess needs in its environment: its target file, JTDW_BUILD_DB, and the Parquet lake,
    JTDW_LAKE_DIR (profiles.yml), the real dbt behind the wrapper, and no usage statistics unless asked for."""
    return {
        "JTDW_BUILD_DB": str(paths.build_db),
        "JTDW_LAKE_DIR": str(paths.lake_dir),
        "JTDW_DBT_EXECUTABLE": str(Path(sys.executable).parent / "dbt"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": os.environ.get("DBT_SEND_ANONYMOUS_USAGE_STATS", "false"),
    }


def engine_of(target: str | None) -> str:
    """The adapter type (`duckdb`, `spark`) of a profiles.yml target; None is the profile's default target."""
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())[PROFILE_NAME]
    return profile["outputs"][target or profile["target"]]["type"]


DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev`, parse the project now, so the UI shows the models as edited; elsewhere the manifest is made
# beforehand, the same way: `make` (dagster-dbt project prepare-and-package) and the tests (tests/conftest.py).
DBT_PROJECT.prepare_if_dev()
