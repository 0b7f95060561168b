"""Publishing: a new release per publish, a refusal when checks failed, list and rollback from the command line."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import subprocess
import sys

import dagster as dg
import pytest

from orchestration import publish
from orchestration.assets.serving import PUBLISHED_KEY, published_warehouse
from orchestration.resources import WarehouseResource, dbt_resource
from orchestration.settings import load_settings
from orchestration.warehouse import WarehouseBusy, scalar, writer_lock
from tests.conftest import PROJECT_ROOT


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def settings(warehouse_copy):
    """What publishing works on: a private copy of the session's warehouse."""
    return warehouse_copy


def publish_after_a_failed_check(settings, severity: dg.AssetCheckSeverity):
    """Run the publish asset after a mart whose check fails with `severity`, blocking as dagster-dbt makes a dbt test
    of that severity (tests/test_definitions.py holds the real checks to that rule)."""
    mart = dg.AssetKey(["marts", "bop_japan"])
    blocking = severity == dg.AssetCheckSeverity.ERROR

    @dg.asset(key=mart, check_specs=[dg.AssetCheckSpec("identity", asset=mart, blocking=blocking)])
    def mart_failing_its_check():
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(check_name="identity", passed=False, severity=severity)

    return dg.materialize(
        [mart_failing_its_check, published_warehouse],
        resources={"warehouse": WarehouseResource(data_dir=str(settings.data_dir)), "dbt": dbt_resource(None)},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def test_a_failed_blocking_check_withholds_the_release(settings):
    before = digest(settings.published_db)
    result = publish_after_a_failed_check(settings, dg.AssetCheckSeverity.ERROR)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "blocking asset check failed with ERROR severity:\nmarts/bop_japan: identity" in str(
        failure.event_specific_data.error
    )
    assert PUBLISHED_KEY not in {e.asset_key for e in result.get_asset_materialization_events()}
    assert digest(settings.published_db) == before


def test_a_failed_warning_publishes_and_is_reported(settings):
    before = digest(settings.published_db)
    result = publish_after_a_failed_check(settings, dg.AssetCheckSeverity.WARN)
    assert result.success
    (warning,) = result.get_asset_check_evaluations()
    assert not warning.passed and warning.severity == dg.AssetCheckSeverity.WARN
    assert PUBLISHED_KEY in {e.asset_key for e in result.get_asset_materialization_events()}
    assert digest(settings.published_db) != before


def test_rollback_restores_the_previous_release_and_can_walk_further_back(settings, capsys, monkeypatch):
    monkeypatch.setenv("JTDW_DATA_DIR", str(settings.data_dir))  # the command line's setting: main() reads it
    first = digest(settings.published_db)
    publish.publish(settings, "run-b")
    second_record = publish.publish(settings, "run-c")
    releases = settings.published_dir / "releases"
    assert digest(settings.published_db) == digest(releases / second_record["release"])

    publish.main(["rollback"])
    log = publish.read_log(settings)
    assert log[-1]["run_id"] == "run-b" and log[-1]["rolled_back_from"] == second_record["release"]
    assert digest(settings.published_db) == digest(releases / log[-1]["release"])

    publish.main(["rollback"])
    assert digest(settings.published_db) == first

    publish.main(["list"])
    listing = capsys.readouterr().out
    assert "run=run-c" in listing and "(rollback of" in listing and "marts.bop_japan=" in listing


def test_rollback_with_a_single_release_says_so(empty_warehouse):
    with pytest.raises(RuntimeError, match="nothing to roll back to"):
        publish.rollback(empty_warehouse)


def test_the_published_file_and_its_releases_are_read_only_on_disk(settings):
    record = publish.publish(settings, "run-d")
    for path in (settings.published_db, settings.published_dir / "releases" / record["release"]):
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, (600, 12, "2GB", "3GB")),
        (
            {
                "JTDW_WRITER_LOCK_TIMEOUT_S": "0.5",
                "JTDW_RELEASES_KEEP": "0",  # at least one is kept
                "JTDW_VALIDATION_MEMORY_LIMIT": "6GB",
                "JTDW_PUBLISH_MEMORY_LIMIT": "512MiB",
            },
            (0.5, 1, "6GB", "512MiB"),
        ),
    ],
    ids=["defaults", "set"],
)
def test_the_writers_settings_come_from_the_environment_through_load_settings(tmp_path, environment, expected):
    settings = load_settings({"JTDW_DATA_DIR": str(tmp_path), **environment})
    limits = (
        settings.writer_lock_timeout_s,
        settings.releases_kept,
        settings.validation_memory_limit,
        settings.publish_memory_limit,
    )
    assert limits == expected
    assert WarehouseResource.of(settings).paths == settings  # what Dagster's assets receive


def test_publish_copies_under_its_memory_limit_and_refuses_a_malformed_one(tmp_path):
    settings = load_settings({"JTDW_DATA_DIR": str(tmp_path), "JTDW_PUBLISH_MEMORY_LIMIT": "512MB"})
    con = publish._copying_connection(settings)
    try:
        assert scalar(con, "select current_setting('memory_limit')") == "488.2 MiB"  # 512 MB in binary units
        assert scalar(con, "select current_setting('temp_directory')") == str(tmp_path / "warehouse" / "publish_spill")
    finally:
        con.close()
    with pytest.raises(ValueError, match="JTDW_PUBLISH_MEMORY_LIMIT='3GB; drop table x' is not a DuckDB memory size"):
        publish.publish(dataclasses.replace(settings, publish_memory_limit="3GB; drop table x"), "run-m")
    assert not settings.published_db.exists()


def test_publish_waits_for_the_writer_lock_then_fails_clearly(settings):
    impatient = dataclasses.replace(settings, writer_lock_timeout_s=0.5)
    before = digest(settings.published_db)
    with writer_lock(settings.build_db, 0), pytest.raises(WarehouseBusy, match="another run is writing"):
        publish.publish(impatient, "run-e")
    with writer_lock(settings.build_db, 0), pytest.raises(WarehouseBusy):
        publish.rollback(impatient)
    assert digest(settings.published_db) == before


def test_releases_beyond_the_retention_are_pruned_and_rollback_says_so(settings):
    settings = dataclasses.replace(settings, releases_kept=2)
    records = [publish.publish(settings, f"run-{n}") for n in range(3)]
    releases = sorted(path.name for path in (settings.published_dir / "releases").glob("*.duckdb"))
    assert releases == sorted(r["release"] for r in records[-2:])
    assert records[-1]["pruned_releases"] == [records[0]["release"]]  # the session build's went at the second publish

    publish.rollback(settings)
    assert digest(settings.published_db) == digest(settings.published_dir / "releases" / records[1]["release"])
    with pytest.raises(RuntimeError, match=r"was pruned \(JTDW_RELEASES_KEEP=2\)"):
        publish.rollback(settings)


def test_rollback_with_nothing_to_roll_back_to_prints_one_clear_line(empty_warehouse):
    result = subprocess.run(
        [sys.executable, "-m", "orchestration.publish", "rollback"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "JTDW_DATA_DIR": str(empty_warehouse.data_dir)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "rollback: nothing to roll back to: no release was published before the current one"
    ]
