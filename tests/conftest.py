"""Shared fixtures: an isolated data directory per test, and one warehouse built from the snapshot per session. Each
is a `Settings` the test passes on, to the run's resources or to the code it calls: no test reaches its data directory
through the environment unless the environment is what it tests."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from orchestration.settings import Settings

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.pop("JTDW_LIVE", None)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = PROJECT_ROOT / "dbt_project"


def pytest_sessionstart(session: pytest.Session) -> None:
    """dbt's manifest, which the Dagster definitions read at import, made as `make` and `dagster dev` make it:
    dagster-dbt's preparation of the project (dbt parse, with the venv's dbt, which it runs from PATH)."""
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    from orchestration.dbt_project import DBT_PROJECT

    DBT_PROJECT.preparer.prepare(DBT_PROJECT)


@pytest.fixture
def httpserver():
    """pytest-httpserver's server, one per test rather than one per session, so that a reply a test held back cannot
    land in the next test's log; threaded, so that it does not hold up the client's retry. Its access log (werkzeug's)
    is the test server's, not the warehouse's: kept out of the logs tests read (caplog)."""
    access_log = logging.getLogger("werkzeug")
    level = access_log.level
    access_log.setLevel(logging.WARNING)
    try:
        with HTTPServer(host="127.0.0.1", threaded=True) as server:
            yield server
    finally:
        access_log.setLevel(level)


@pytest.fixture
def empty_warehouse(tmp_path) -> Settings:
    """A fresh, empty data directory (payload archive, build and published files) for one test."""
    return Settings(data_dir=tmp_path / "data")


def copy_of(warehouse: Settings, data_dir: Path) -> Settings:
    """A private copy of `warehouse`'s files (build file, published file, archive) in `data_dir`."""
    shutil.copytree(warehouse.data_dir, data_dir)
    return dataclasses.replace(warehouse, data_dir=data_dir)


@pytest.fixture
def warehouse_copy(built_warehouse, tmp_path) -> Settings:
    """The session's built warehouse, copied for one test to break or refresh."""
    return copy_of(built_warehouse, tmp_path / "data")


def quick_http(retries: int = 4):
    """An HTTP policy for a local test server: no politeness interval, no backoff waits."""
    from orchestration.sources.base import HttpPolicy

    return HttpPolicy(retries=retries, backoff_s=0, min_interval_s=0)


def narrow_comtrade(server: HTTPServer, **settings):
    """A Comtrade client on the test's server with a plan of two calls: Japan's flows with the US in 2023, and the
    US's with Japan; no retries."""
    from orchestration.sources.comtrade import ComtradeClient

    plan = {"periods": "2023", "partners": "842", "hs_codes": "TOTAL"}
    return ComtradeClient(base_url=server.url_for("/comtrade"), http=quick_http(retries=0), **plan, **settings)


def run_resources(warehouse: Settings, payload_source=None, snapshot_dir: Path | None = None) -> dict:
    """The resources a test's run gets: the `warehouse` it names, and `payload_source` (a `LivePayloads` whose clients
    name the test's server) or a snapshot (the embedded one unless `snapshot_dir` names an edited copy)."""
    from orchestration.resources import SnapshotPayloads, WarehouseResource
    from orchestration.settings import SNAPSHOT_DIR

    payload_source = payload_source or SnapshotPayloads(snapshot_dir=str(snapshot_dir or SNAPSHOT_DIR))
    return {"warehouse": WarehouseResource.of(warehouse), "payload_source": payload_source}


def materialize(assets, resources: dict, **options):
    """`dagster.materialize` of some assets, over every year partition, with the test's `resources` (`run_resources`)."""
    import dagster as dg

    from orchestration.partitions import all_years_tags

    options.setdefault("instance", dg.DagsterInstance.ephemeral())
    return dg.materialize(assets, resources=resources, tags=all_years_tags(), raise_on_error=False, **options)


def dbt_test_outcomes(build_db: Path, target_dir: Path, *selectors: str) -> dict[str, tuple[str, int]]:
    """Run the selected dbt tests on `build_db`; each test's (status, failures) by test name. The on-run-start hook's
    own result is left out."""
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "test",
            "--profiles-dir",
            str(DBT_DIR),
            "--project-dir",
            str(DBT_DIR),
        ]
        + ["--target-path", str(target_dir), "--quiet", "--select", *selectors],
        env={**os.environ, "JTDW_BUILD_DB": str(build_db)},
        check=False,
    )
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    return {
        r["unique_id"].split(".")[2]: (r["status"], r["failures"])
        for r in results
        if r["unique_id"].startswith("test.")
    }


def build_warehouse(
    warehouse: Settings,
    job_name: str = "build_warehouse",
    payload_source=None,
    snapshot_dir: Path | None = None,
    **options,
):
    """Run a job of the real code location in process on `warehouse`, with the test's resources (`run_resources`)."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.partitions import all_years_tags

    with_test_resources = dg.Definitions(
        assets=defs.assets,
        jobs=defs.jobs,
        executor=defs.executor,
        resources={**defs.resources, **run_resources(warehouse, payload_source, snapshot_dir)},
    )
    options["tags"] = {**all_years_tags(), **options.get("tags", {})}  # a full build unless the test narrows it
    options.setdefault("instance", dg.DagsterInstance.ephemeral())
    return with_test_resources.resolve_job_def(job_name).execute_in_process(raise_on_error=False, **options)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory):
    """The whole warehouse built once from the embedded snapshot: its Settings."""
    warehouse = Settings(data_dir=tmp_path_factory.mktemp("warehouse") / "data")
    result = build_warehouse(warehouse)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return warehouse


@pytest.fixture(scope="module")
def published(built_warehouse):
    """A read-only connection to the published file, as a BI tool opens it."""
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()
