"""Dagster resources: the warehouse's files, and where payloads come from (the live APIs or the embedded snapshot).

`Definitions` chooses them once (orchestration/definitions.py); every asset receives them as parameters, and tests
pass their own to `materialize` or `execute_in_process`.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.dbt_project import DBT_EXECUTABLE, DBT_PROJECT
from orchestration.payloads import Payload, read_snapshot
from orchestration.settings import SNAPSHOT_DIR, Settings, load_settings
from orchestration.sources.base import SourceDataset, archive_each

TRUE_WORDS = {"1", "true", "yes", "on"}


class WarehouseResource(dg.ConfigurableResource):
    """One data directory: the payload archive, the build file (one writer at a time) and the published file."""

    data_dir: str

    @property
    def paths(self) -> Settings:
        return Settings(data_dir=Path(self.data_dir).resolve())


class PayloadResource(dg.ConfigurableResource, ABC):
    """Where a source dataset's payloads come from. Each payload is archived before anything reads it."""

    @property
    @abstractmethod
    def mode(self) -> str: ...

    @abstractmethod
    def payloads(self, dataset: SourceDataset, archive_dir: Path, years: range) -> list[Payload] | None:
        """The dataset's payloads for the run's calendar years, archived; None when this mode has nothing to load."""


class LivePayloads(PayloadResource):
    """The public APIs, through each source's connector (base URLs and keys from its environment variables)."""

    @property
    def mode(self) -> str:
        return "live"

    def payloads(self, dataset: SourceDataset, archive_dir: Path, years: range) -> list[Payload]:
        return archive_each(dataset.fetch_live(years=years), archive_dir)


class SnapshotPayloads(PayloadResource):
    """The embedded offline snapshot (`snapshot/`), read through the same parsers as live payloads."""

    snapshot_dir: str = str(SNAPSHOT_DIR)

    @property
    def mode(self) -> str:
        return "snapshot"

    def payloads(self, dataset: SourceDataset, archive_dir: Path, years: range) -> list[Payload] | None:
        """Every snapshot payload of the dataset, whatever the years: each was rebuilt from a whole published series,
        and loading one again is a no-op (the dbt models still rebuild only the run's years)."""
        if dataset.live_only_schema is not None:
            return None  # no real figures of this dataset exist to rebuild a snapshot payload from
        return archive_each(read_snapshot(Path(self.snapshot_dir), dataset.source, dataset.dataset), archive_dir)


def dbt_resource(target: str | None) -> DbtCliResource:
    """dbt as Dagster runs it (DBT_EXECUTABLE). `target` picks the engine (profiles.yml: `build`, the default, is
    DuckDB; `spark` runs the same models on Spark in process; `spark_thrift` on a cluster)."""
    return DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=str(DBT_EXECUTABLE), target=target)


def resources_from_environment(environ: Mapping[str, str] | None = None) -> dict[str, dg.ConfigurableResource]:
    """The one place the environment chooses the resources (README, "Settings"): JTDW_DATA_DIR, JTDW_LIVE,
    JTDW_SNAPSHOT_DIR and JTDW_DBT_TARGET. The schedule's daemon runs with JTDW_LIVE=1; everything else reads the
    snapshot. JTDW_DBT_TARGET=spark runs the dbt models on Spark; unset, on DuckDB."""
    env = os.environ if environ is None else environ
    warehouse = WarehouseResource(data_dir=str(load_settings(env).data_dir))
    live = env.get("JTDW_LIVE", "0").strip().lower() in TRUE_WORDS
    payload_source = (
        LivePayloads() if live else SnapshotPayloads(snapshot_dir=env.get("JTDW_SNAPSHOT_DIR", str(SNAPSHOT_DIR)))
    )
    dbt = dbt_resource(env.get("JTDW_DBT_TARGET") or None)
    return {"warehouse": warehouse, "payload_source": payload_source, "dbt": dbt}
