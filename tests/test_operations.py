"""Operating the warehouse unattended: run monitoring on, one run at a time for `make run` and the schedule alike,
a dead run never holds the slot, a failed run ends with a one-screen summary, Dagster's home under the data dir."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import dagster as dg
import pytest
import yaml
from dagster._core.events import EngineEventData
from pytest_httpserver import HTTPServer

from orchestration import runs
from orchestration.definitions import defs
from orchestration.resources import live_payloads
from orchestration.settings import Settings
from tests.conftest import PROJECT_ROOT, materialize, narrow_comtrade, run_resources


def test_run_monitoring_is_on_with_a_start_and_a_run_timeout_and_one_run_at_a_time(tmp_path):
    (tmp_path / "dagster.yaml").write_text((PROJECT_ROOT / "orchestration" / "dagster.yaml").read_text())
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    assert instance.run_monitoring_enabled
    assert 0 < instance.run_monitoring_start_timeout_seconds <= 600
    assert instance.run_monitoring_max_runtime_seconds > 0
    assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1


def started_run(instance: dg.DagsterInstance, pid: int) -> dg.DagsterRun:
    """A run record as `dagster job execute` leaves it: STARTED, with the pid of the process executing it."""
    run = instance.add_run(dg.DagsterRun(job_name="build_everything", status=dg.DagsterRunStatus.STARTED))
    instance.report_engine_event(f"Executing steps in process (pid: {pid})", run, EngineEventData.in_process(pid))
    return run


def test_a_run_whose_process_is_gone_is_marked_failed_and_frees_the_slot():
    instance = dg.DagsterInstance.ephemeral()
    gone = subprocess.Popen(["true"])
    gone.wait()
    run = started_run(instance, gone.pid)
    assert runs.active_runs(instance) == []
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
    runs.wait_for_the_run_slot(instance, wait_s=0.1, poll_s=0.05)  # returns at once


def test_make_run_waits_for_a_live_run_then_says_which_one_holds_the_slot():
    instance = dg.DagsterInstance.ephemeral()
    run = started_run(instance, os.getpid())
    with pytest.raises(
        SystemExit, match=rf"run {run.run_id} \(build_everything\) is still running after 0.2 s \(JTDW_RUN_WAIT_S\)"
    ):
        runs.wait_for_the_run_slot(instance, wait_s=0.2, poll_s=0.05)
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED


def failing_comtrade_run(instance: dg.DagsterInstance, server: HTTPServer, warehouse: Settings):
    """A live Comtrade load into `warehouse` against a server answering 503."""
    server.expect_request(re.compile("/.*")).respond_with_data("Service Unavailable", 503)
    assets = [
        a
        for a in defs.assets
        if isinstance(a, dg.AssetsDefinition) and dg.AssetKey(["raw", "comtrade__goods"]) in a.keys
    ]
    return materialize(
        assets, run_resources(warehouse, live_payloads(comtrade=narrow_comtrade(server))), instance=instance
    )


def test_a_failed_run_ends_with_a_one_screen_summary_naming_the_source_and_why(empty_warehouse, httpserver):
    instance = dg.DagsterInstance.ephemeral()
    result = failing_comtrade_run(instance, httpserver, empty_warehouse)
    summary = runs.failure_summary(instance, result.run_id).splitlines()
    assert summary[0] == f"Run {result.run_id} of __ephemeral_asset_job__ ended FAILURE."
    assert summary[1].startswith(
        "  FAILED  raw__comtrade__goods: comtrade: HTTP 503 after retries: 'Service Unavailable'"
    )
    assert httpserver.url_for("/comtrade") in summary[1]
    assert len(summary) <= runs.SUMMARY_LINES and all(len(line) <= runs.LINE_WIDTH for line in summary)


def test_dagster_home_lives_under_the_data_directory_by_default(tmp_path):
    show = "_show_home: ; @echo $(DAGSTER_HOME)"
    env = {k: v for k, v in os.environ.items() if k not in {"DAGSTER_HOME", "JTDW_DATA_DIR"}}
    for data_dir, expected in ((None, PROJECT_ROOT / "data"), (tmp_path / "data", tmp_path / "data")):
        run_env = env if data_dir is None else {**env, "JTDW_DATA_DIR": str(data_dir)}
        shown = subprocess.run(
            ["make", "-s", "--no-print-directory", f"--eval={show}", "_show_home"],
            cwd=PROJECT_ROOT,
            env=run_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert shown == str(expected / "dagster_home")
    assert yaml.safe_load((PROJECT_ROOT / "orchestration" / "dagster.yaml").read_text())["telemetry"] == {
        "enabled": False
    }


def test_a_failed_scheduled_run_gets_the_summary_at_the_end_of_its_log(empty_warehouse, httpserver):
    instance = dg.DagsterInstance.ephemeral()
    result = failing_comtrade_run(instance, httpserver, empty_warehouse)
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="failed_run_summary",
        dagster_instance=instance,
        dagster_run=instance.get_run_by_id(result.run_id),
        dagster_event=failure,
    ).for_run_failure()
    runs.failed_run_summary(context)
    last = instance.all_logs(result.run_id)[-1]
    assert last.dagster_event.event_type == dg.DagsterEventType.ENGINE_EVENT
    assert "FAILED  raw__comtrade__goods: comtrade: HTTP 503" in last.dagster_event.message


def test_make_run_executes_the_job_and_ends_a_failed_run_with_the_summary(tmp_path, httpserver):
    """`python -m orchestration.runs` as `make run` calls it: every live source answers 503."""
    data = tmp_path / "data"
    (data / "dagster_home").mkdir(parents=True)
    (data / "dagster_home" / "dagster.yaml").write_text((PROJECT_ROOT / "orchestration" / "dagster.yaml").read_text())
    httpserver.expect_request(re.compile("/.*")).respond_with_data("Service Unavailable", 503)
    sources = {
        f"JTDW_{name}_BASE_URL": httpserver.url_for(f"/{name.lower()}")
        for name in ("BOJ", "IMF", "COMTRADE", "WORLDBANK", "ESTAT", "ESTAT_FILES")
    }
    env = {
        **os.environ,
        **sources,
        "JTDW_LIVE": "1",
        "ESTAT_APP_ID": "test-app-id",
        "JTDW_HTTP_RETRIES": "0",
        "JTDW_DATA_DIR": str(data),
        "DAGSTER_HOME": str(data / "dagster_home"),
        "PYTHONPATH": str(PROJECT_ROOT),
        "JTDW_COMTRADE_PERIODS": "2023",
        "JTDW_COMTRADE_PARTNERS": "842",
        "JTDW_COMTRADE_HS": "TOTAL",
    }
    result = subprocess.run(
        [sys.executable, "-m", "orchestration.runs", "build_warehouse"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    summary = result.stderr[result.stderr.index("\nRun ") :].strip().splitlines()
    assert summary[0].endswith("of build_warehouse ended FAILURE.")
    assert any(line.startswith("  FAILED  raw__imf__bop_annual: imf: HTTP 503 after retries") for line in summary)
    assert len(summary) <= runs.SUMMARY_LINES
