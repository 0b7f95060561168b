"""Where the warehouse keeps its files (the project's folders, the data directory's layout) and how its writers wait
and keep releases.

The settings come from JTDW_DATA_DIR (default `data/`), JTDW_WRITER_LOCK_TIMEOUT_S, JTDW_RELEASES_KEEP,
JTDW_VALIDATION_MEMORY_LIMIT and JTDW_PUBLISH_MEMORY_LIMIT, read by `load_settings` only: for the command-line tools,
and through `orchestration.resources.resources_from_environment` for Dagster.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = PROJECT_ROOT / "snapshot"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"


DATA_DIR_ENV = "JTDW_DATA_DIR"
WRITER_LOCK_TIMEOUT_ENV = "JTDW_WRITER_LOCK_TIMEOUT_S"
RELEASES_KEEP_ENV = "JTDW_RELEASES_KEEP"
VALIDATION_MEMORY_LIMIT_ENV = "JTDW_VALIDATION_MEMORY_LIMIT"
PUBLISH_MEMORY_LIMIT_ENV = "JTDW_PUBLISH_MEMORY_LIMIT"
MEMORY_SIZE = re.compile(r"\d+(\.\d+)?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")


def checked_memory_size(size: str, variable: str) -> str:
    """`size` if it is a DuckDB memory size (2GB, 512MiB); otherwise a clear error naming the setting's variable."""
    if not MEMORY_SIZE.fullmatch(size):
        raise ValueError(f"{variable}={size!r} is not a DuckDB memory size such as 2GB or 512MiB")
    return size


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # How long a second writer (a run, a publish, a rollback) waits for the writer lock.
    writer_lock_timeout_s: float = 600
    # How many publishes keep their release file (a year of monthly refreshes; at least 1).
    releases_kept: int = 12
    # DuckDB's memory limit in the Great Expectations validation (beyond it the checks spill to disk).
    validation_memory_limit: str = "2GB"
    # DuckDB's memory limit while publish copies the marts into a release (beyond it the copy spills to disk).
    publish_memory_limit: str = "3GB"

    @property
    def payload_archive_dir(self) -> Path:
        """Every payload ever fetched or replayed, one folder per source, dataset and retrieval date."""
        return self.data_dir / "payloads"

    @property
    def build_db(self) -> Path:
        """The working database: one writer (Dagster, then dbt) builds and validates here."""
        return self.data_dir / "warehouse" / "build.duckdb"

    @property
    def lake_dir(self) -> Path:
        """Parquet tables in Hive's layout, <schema>.db/<table>/<period>=<value>/: the raw tables a Spark build
        reads (raw/<table>/), and the marts and reference tables either engine writes."""
        return self.data_dir / "lake"

    @property
    def published_dir(self) -> Path:
        return self.data_dir / "published"

    @property
    def published_db(self) -> Path:
        """The read-only file BI tools, notebooks and the dashboards open."""
        return self.published_dir / "warehouse.duckdb"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    defaults = Settings(data_dir=PROJECT_ROOT / "data")
    return Settings(
        data_dir=Path(env.get(DATA_DIR_ENV, defaults.data_dir)).resolve(),
        writer_lock_timeout_s=float(env.get(WRITER_LOCK_TIMEOUT_ENV, defaults.writer_lock_timeout_s)),
        releases_kept=max(1, int(env.get(RELEASES_KEEP_ENV, defaults.releases_kept))),
        validation_memory_limit=env.get(VALIDATION_MEMORY_LIMIT_ENV, defaults.validation_memory_limit).strip(),
        publish_memory_limit=env.get(PUBLISH_MEMORY_LIMIT_ENV, defaults.publish_memory_limit).strip(),
    )
