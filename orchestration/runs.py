"""`make run`: one job run under the same one-at-a-time limit as the schedule, ending with a summary if it fails.

The schedule's runs go through the Dagster daemon's queue (`concurrency.runs.max_concurrent_runs: 1` in
dagster.yaml), which launches nothing while the instance's run storage holds an active run, whoever started it.
`dagster job execute` never enters that queue: it records its run as STARTED and executes at once. So a scheduled
run already waits for `make run`, but `make run` would not wait for a scheduled run. This launcher closes that gap:
it waits until the instance has no active run, then runs `dagster job execute`. An active run whose process is gone
(killed) no longer blocks it: it is marked failed, which also frees the daemon's queue. The writer lock remains the
backstop for the moment between that check and the new run's record.

Usage: python -m orchestration.runs <job>
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dagster as dg

from orchestration.partitions import all_years_tags, range_tags
from orchestration.settings import load_settings

LAUNCH_TAG = "jtdw/launch"
WAIT_ENV = "JTDW_RUN_WAIT_S"
# The statuses the daemon's queue counts against max_concurrent_runs.
ACTIVE_STATUSES = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
SUMMARY_LINES = 15
LINE_WIDTH = 240


def run_pid(instance: dg.DagsterInstance, run_id: str) -> int | None:
    """The pid of the process executing the run's steps, as the in-process executor records it."""
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        metadata = record.dagster_event.engine_event_data.metadata if record.dagster_event else {}
        pid = metadata["pid"].value if "pid" in metadata else None
        if isinstance(pid, int | str):
            return int(pid)
    return None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def active_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """Runs that hold the instance's one run slot; runs whose process died are marked failed and let go."""
    holding = []
    for run in instance.get_runs(dg.RunsFilter(statuses=ACTIVE_STATUSES)):
        pid = run_pid(instance, run.run_id)
        if pid is not None and not process_alive(pid):
            instance.report_run_failed(
                run, f"Its process (pid {pid}) is gone (killed?): marked failed by the next run."
            )
            continue
        holding.append(run)
    return holding


def wait_for_the_run_slot(instance: dg.DagsterInstance, wait_s: float, poll_s: float = 5.0) -> None:
    deadline = time.monotonic() + wait_s
    announced = False
    while runs := active_runs(instance):
        if time.monotonic() >= deadline:
            raise SystemExit(
                f"run {runs[0].run_id} ({runs[0].job_name}) is still running after {wait_s:g} s ({WAIT_ENV}); try again later"
            )
        if not announced:
            print(
                f"waiting for run {runs[0].run_id} ({runs[0].job_name}) to finish: one run at a time", file=sys.stderr
            )
            announced = True
        time.sleep(poll_s)


def _root_cause(error) -> str:
    """The innermost error of a step failure: the SourceError or check failure, not Dagster's wrapping of it."""
    while error.cause is not None:
        error = error.cause
    first_line = (error.message.strip().splitlines() or [error.cls_name])[0]
    qualified_name, _, message = first_line.partition(": ")
    return message if qualified_name.endswith(error.cls_name) and message else first_line


def _short(text: str) -> str:
    return text if len(text) <= LINE_WIDTH else text[: LINE_WIDTH - 1] + "…"


def failure_summary(instance: dg.DagsterInstance, run_id: str) -> str:
    """One screen: which steps failed and why (the source's own message), failed checks, what did not run."""
    run = instance.get_run_by_id(run_id)
    if run is None:
        return f"Run {run_id}: no such run in this Dagster instance."
    records = instance.all_logs(run_id)
    events = [record.dagster_event for record in records if record.dagster_event]
    lines = [f"Run {run_id} of {run.job_name} ended {run.status.value}."]
    failures = [e for e in events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    for event in failures:
        lines.append(_short(f"  FAILED  {event.step_key}: {_root_cause(event.step_failure_data.error)}"))
    for event in events:
        if (
            event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
            and not event.asset_check_evaluation_data.passed
        ):
            evaluation = event.asset_check_evaluation_data
            detail = evaluation.description or "did not pass"
            lines.append(_short(f"  CHECK   {evaluation.asset_key.to_user_string()}:{evaluation.check_name}: {detail}"))
    skipped = sorted({e.step_key for e in events if e.event_type == dg.DagsterEventType.STEP_SKIPPED and e.step_key})
    if skipped:
        lines.append(_short(f"  not run because of these: {', '.join(skipped)}"))
    if run.status == dg.DagsterRunStatus.FAILURE and not failures:
        run_failures = [e.message for e in events if e.event_type == dg.DagsterEventType.RUN_FAILURE]
        lines.append(_short(f"  {run_failures[-1] if run_failures else 'no step failed: see the run log'}"))
    if len(lines) > SUMMARY_LINES:
        lines = [
            *lines[: SUMMARY_LINES - 1],
            f"  ... and {len(lines) - SUMMARY_LINES + 1} more lines: see the run in the UI (make dev)",
        ]
    return "\n".join(lines)


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING)
def failed_run_summary(context: dg.RunFailureSensorContext) -> None:
    """The schedule's runs have no terminal: their log ends with the summary `make run` prints."""
    context.instance.report_engine_event(
        failure_summary(context.instance, context.dagster_run.run_id), context.dagster_run
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m orchestration.runs", description=__doc__.split("\n\n")[0])
    parser.add_argument("job")
    parser.add_argument(
        "--years",
        metavar="FIRST-LAST",
        help="the year partitions to run, e.g. 2025-2026 (default: every year since 1996, a full build)",
    )
    args = parser.parse_args(argv)
    if args.years:
        first, _, last = args.years.partition("-")
        years = range_tags(int(first), int(last or first))
    else:
        years = all_years_tags()
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(load_settings().data_dir / "dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    instance = dg.DagsterInstance.get()
    wait_for_the_run_slot(instance, float(os.environ.get(WAIT_ENV, "3600")))
    launch = uuid.uuid4().hex
    dagster = Path(sys.executable).parent / "dagster"
    command = [
        str(dagster),
        "job",
        "execute",
        "-m",
        "orchestration.definitions",
        "-j",
        args.job,
        "--tags",
        json.dumps({LAUNCH_TAG: launch, **years}),
    ]
    returncode = subprocess.run(command).returncode
    runs = instance.get_runs(dg.RunsFilter(tags={LAUNCH_TAG: launch}), limit=1)
    if runs and runs[0].status != dg.DagsterRunStatus.SUCCESS:
        print("\n" + failure_summary(instance, runs[0].run_id), file=sys.stderr)
    raise SystemExit(returncode or (0 if runs and runs[0].status == dg.DagsterRunStatus.SUCCESS else 1))


if __name__ == "__main__":
    main()
