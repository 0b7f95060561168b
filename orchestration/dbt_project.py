"""The dbt project as Dagster sees it (kept apart from the @dbt_assets so `dagster-dbt project prepare-and-package` works)."""

from __future__ import annotations

import os

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, load_settings


def dbt_environment() -> None:
    """dbt reads its target file from JTDW_BUILD_DB (profiles.yml) and must not phone home."""
    os.environ["JTDW_BUILD_DB"] = str(load_settings().build_db)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


dbt_environment()
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
