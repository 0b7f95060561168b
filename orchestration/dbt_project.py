"""The dbt project as Dagster sees it (kept apart from the @dbt_assets so `dagster-dbt project prepare-and-package` works)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

# What Dagster runs for dbt: dbt from the same environment as Dagster (venv activated or not), through a wrapper
# that makes it die with the Dagster process, so it never outlives the writer lock.
DBT_EXECUTABLE = Path(__file__).resolve().parent / "dbt_with_parent"


def dbt_environment(build_db: Path) -> None:
    """What the dbt subprocess inherits (dagster-dbt passes it this process's environment): its target file,
    JTDW_BUILD_DB (profiles.yml), the real dbt behind the wrapper, and no usage statistics."""
    os.environ["JTDW_BUILD_DB"] = str(build_db)
    os.environ["JTDW_DBT_EXECUTABLE"] = str(Path(sys.executable).parent / "dbt")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
