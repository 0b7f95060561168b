"""Where the warehouse keeps its files: the project's folders, and the data directory's layout.

The data directory comes from JTDW_DATA_DIR (default `data/`), read by `load_settings` for the command-line tools
and by `orchestration.resources.resources_from_environment` for Dagster.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = PROJECT_ROOT / "snapshot"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"


@dataclass(frozen=True)
class Settings:
    data_dir: Path

    @property
    def payload_archive_dir(self) -> Path:
        """Every payload ever fetched or replayed, one folder per source, dataset and retrieval date."""
        return self.data_dir / "payloads"

    @property
    def build_db(self) -> Path:
        """The working database: one writer (Dagster, then dbt) builds and validates here."""
        return self.data_dir / "warehouse" / "build.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.data_dir / "published"

    @property
    def published_db(self) -> Path:
        """The read-only file BI tools, notebooks and the dashboards open."""
        return self.published_dir / "warehouse.duckdb"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(data_dir=Path(env.get("JTDW_DATA_DIR", PROJECT_ROOT / "data")).resolve())
