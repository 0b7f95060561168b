"""Dagster resources: the warehouse's files, and where payloads come from (the live APIs, through one client resource
per source, or the embedded snapshot).

`Definitions` chooses them once (orchestration/definitions.py) with `resources_from_environment`, the one place that
reads the settings; every asset receives them as parameters, and tests pass their own to `materialize` or
`execute_in_process`.
"""

from __future__ import annotations

import dataclasses
import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration import http
from orchestration.dbt_project import DBT_EXECUTABLE, DBT_PROJECT
from orchestration.payloads import Payload, read_snapshot
from orchestration.settings import SNAPSHOT_DIR, Settings, load_settings
from orchestration.sources import boj, comtrade, imf, mof, oecd, worldbank
from orchestration.sources.base import HttpPolicy, SourceClient, SourceDataset, archive_each
from orchestration.sources.estat import api as estat_api
from orchestration.sources.estat import client as estat
from orchestration.sources.estat import files as estat_files

TRUE_WORDS = {"1", "true", "yes", "on"}


class WarehouseResource(dg.ConfigurableResource):
    """One data directory: the payload archive, the build file (one writer at a time) and the published file; how
    long a second writer waits, how many releases are kept, the validation's and publish's memory limits (see
    `Settings`)."""

    data_dir: str
    writer_lock_timeout_s: float = Settings.writer_lock_timeout_s
    releases_kept: int = Settings.releases_kept
    validation_memory_limit: str = Settings.validation_memory_limit
    publish_memory_limit: str = Settings.publish_memory_limit

    @classmethod
    def of(cls, settings: Settings) -> WarehouseResource:
        return cls(**{**dataclasses.asdict(settings), "data_dir": str(settings.data_dir)})

    @property
    def paths(self) -> Settings:
        return Settings(**{**self.model_dump(), "data_dir": Path(self.data_dir).resolve()})


class PayloadResource(dg.ConfigurableResource, ABC):
    """Where a source dataset's payloads come from. Each payload is archived before anything reads it."""

    @property
    @abstractmethod
    def mode(self) -> str: ...

    @abstractmethod
    def payloads(self, dataset: SourceDataset, archive_dir: Path, years: range) -> list[Payload] | None:
        """The dataset's payloads for the run's calendar years, archived; None when this mode has nothing to load."""


class LivePayloads(PayloadResource):
    """The public APIs (or mirrors), one client resource per source, named as the source is: `live_payloads` makes
    one with every client at its defaults but those given."""

    boj: boj.BojClient
    comtrade: comtrade.ComtradeClient
    estat: estat.EstatClient
    imf: imf.ImfClient
    mof: mof.MofClient
    oecd: oecd.OecdClient
    worldbank: worldbank.WorldBankClient

    @property
    def mode(self) -> str:
        return "live"

    def payloads(self, dataset: SourceDataset, archive_dir: Path, years: range) -> list[Payload]:
        """The dataset's connector, called with its source's client."""
        return archive_each(dataset.fetch_live(getattr(self, dataset.source), years=years), archive_dir)


# Each source's client and the settings that configure it (README, "Settings"): field -> environment variable.
CLIENT_SETTINGS: dict[type[SourceClient], dict[str, str]] = {
    boj.BojClient: {"base_url": boj.BASE_URL_ENV},
    comtrade.ComtradeClient: {
        "base_url": comtrade.BASE_URL_ENV,
        "api_key": comtrade.API_KEY_ENV,
        "periods": comtrade.PERIODS_ENV,
        "partners": comtrade.PARTNERS_ENV,
        "hs_codes": comtrade.HS_ENV,
    },
    estat.EstatClient: {
        "base_url": estat.BASE_URL_ENV,
        "files_base_url": estat.FILES_BASE_URL_ENV,
        "app_id": estat.APP_ID_ENV,
        "hs9_plan": estat_api.PLAN_ENV,
        "hs9_years": estat_api.YEARS_ENV,
        "hs9_areas": estat_api.AREAS_ENV,
        "files_plan": estat_files.PLAN_ENV,
    },
    imf.ImfClient: {"base_url": imf.BASE_URL_ENV},
    mof.MofClient: {
        "base_url": mof.BASE_URL_ENV,
        "fdi_url_template": mof.FDI_URL_TEMPLATE_ENV,
        "fdi_positions_url_template": mof.FDI_POSITIONS_URL_TEMPLATE_ENV,
    },
    oecd.OecdClient: {"base_url": oecd.BASE_URL_ENV},
    worldbank.WorldBankClient: {"base_url": worldbank.BASE_URL_ENV},
}


def live_payloads(**clients: SourceClient) -> LivePayloads:
    """`LivePayloads` with the given clients (by source) and every other source's at its defaults: the public API."""
    return LivePayloads(**{**source_clients({}), **clients})


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


def http_policy(env: Mapping[str, str], source: str) -> HttpPolicy:
    """One source's HTTP limits: JTDW_HTTP_*, and JTDW_<SOURCE>_BUDGET_S over JTDW_SOURCE_BUDGET_S. Numbers, none of
    them a secret, so read here (Dagster's EnvVar resolves strings); the config parses and checks them."""
    own_budget = http.source_budget_env(source)
    names = {
        "retries": http.RETRIES_ENV,
        "backoff_s": http.BACKOFF_ENV,
        "deadline_s": http.DEADLINE_ENV,
        "retry_after_max_s": http.RETRY_AFTER_MAX_ENV,
        "min_interval_s": http.MIN_INTERVAL_ENV,
        "budget_s": own_budget if env.get(own_budget) else http.BUDGET_ENV,
    }
    given: dict[str, Any] = {field: env[name] for field, name in names.items() if env.get(name)}
    return HttpPolicy(**given)


def source_clients(env: Mapping[str, str]) -> dict[str, SourceClient]:
    """Every source's client, each of its settings that is set taken from the environment as an EnvVar: Dagster reads
    the value when a run starts and never shows it, so API keys stay out of the UI and the run's config. A setting
    that is not set leaves its field at the default (the public API)."""
    return {
        kind.source: kind(
            **{field: dg.EnvVar(name) for field, name in settings.items() if env.get(name)},
            http=http_policy(env, kind.source),
        )
        for kind, settings in CLIENT_SETTINGS.items()
    }


def resources_from_environment(environ: Mapping[str, str] | None = None) -> dict[str, dg.ConfigurableResource]:
    """The one place the environment chooses the resources (README, "Settings"): the warehouse's settings
    (`load_settings`: JTDW_DATA_DIR and its writers' limits), JTDW_LIVE, JTDW_SNAPSHOT_DIR, JTDW_DBT_TARGET and every
    source client's settings. The schedule's daemon runs with JTDW_LIVE=1; everything else reads the snapshot.
    JTDW_DBT_TARGET=spark runs the dbt models on Spark; unset, on DuckDB."""
    env = os.environ if environ is None else environ
    warehouse = WarehouseResource.of(load_settings(env))
    live = env.get("JTDW_LIVE", "0").strip().lower() in TRUE_WORDS
    payload_source = (
        LivePayloads(**source_clients(env))
        if live
        else SnapshotPayloads(snapshot_dir=env.get("JTDW_SNAPSHOT_DIR", str(SNAPSHOT_DIR)))
    )
    dbt = dbt_resource(env.get("JTDW_DBT_TARGET") or None)
    return {"warehouse": warehouse, "payload_source": payload_source, "dbt": dbt}
