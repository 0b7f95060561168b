"""The dbt project as Dagster sees it (kept apart from the @dbt_assets so `dagster-dbt project prepare-and-package` works)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, load_settings

# What Dagster runs for dbt: dbt from the same environment as Dagster (venv activated or not), through a wrapper
# that makes it die with the Dagster process, so it never outlives the writer lock.
DBT_EXECUTABLE = Path(__file__).resolve().parent / "dbt_with_parent"


def dbt_environment() -> None:
    """dbt reads its target file from JTDW_BUILD_DB (profiles.yml) and must not phone home."""
    os.environ["JTDW_BUILD_DB"] = str(load_settings().build_db)
    os.environ["JTDW_DBT_EXECUTABLE"] = str(Path(sys.executable).parent / "dbt")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


dbt_environment()
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
