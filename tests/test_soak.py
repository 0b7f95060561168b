"""Unattended monthly refreshes of every source against a scripted server on loopback.

Twelve monthly releases of all fifteen source datasets (tests/soak_releases.py), all fetched on one day (the case
that used to collide on the retrieval date), each in its source's wire format: new months of the balance of payments
(BOJ, MOF) and of customs trade (e-Stat files and API), revisions of earlier months and of annual figures (IMF, World
Bank, Comtrade), annual tables sent again unchanged (a no-op), a 429 storm with Retry-After: 3600, a closed month
filled in (its row count grows: a warning, not a reason to withhold the release), one release where BOJ's current
account breaks its identity (passes Great Expectations, fails a dbt test) and one where MOF's table drips in a byte at
a time. The refresh job runs once per release with nobody touching anything: every good release publishes, the broken
one and the dripped one do not and the next one recovers, every vintage is kept, marts.revisions lists exactly the
revised figures, and no run takes longer than its budget.

Cost: each run is one `dbt build` of the whole project (25-35 s here, most of the soak's 6-8 minutes); the fetches
are quick because the HTTP client's politeness interval is off (JTDW_HTTP_MIN_INTERVAL_S=0) and the deadline small.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from pytest_httpserver import HTTPServer

from orchestration.resources import resources_from_environment
from orchestration.sources import all_datasets
from tests import soak_releases as script
from tests.conftest import build_warehouse
from tests.http_handlers import serve_routes

DEADLINE_S = 4  # per HTTP call: cuts the drip (uncut, its table would take minutes) and leaves the storm room to pass
RETRY_AFTER_MAX_S = 0.5  # the storm's Retry-After: 3600 is honoured up to this
# A hang guard, not a speed target (speed is the benchmark's): a run is one dbt build and fifteen quick loads, a
# minute or two even on a loaded machine; an uncut drip or an honoured Retry-After: 3600 would take an hour or more.
RUN_BUDGET_S = 600
FAILED_RELEASES = {script.BROKEN_RELEASE, script.DRIP_RELEASE}
# The identity test that BOJ's broken release fails reads bop_japan, so every BOP dataset with an untested vintage in
# that run is held back with BOJ's: MOF's monthly table (a good one) too. It restates every month the next release.
HELD_BACK_WITH_THE_BROKEN_RELEASE = {"boj__bp01_monthly", "mof__bop_summary_monthly"}


def server_env(monkeypatch, server: HTTPServer) -> None:
    """Live mode, as the schedule's daemon runs, with every source's base URL on the one loopback server and the
    narrow request plans the script answers: the settings an operator sets, read where the code location reads them
    (`resources_from_environment`)."""
    for name, path in {
        "JTDW_BOJ_BASE_URL": "/boj/api/v1",
        "JTDW_IMF_BASE_URL": "/imf/sdmx/2.1",
        "JTDW_COMTRADE_BASE_URL": "/comtrade",
        "JTDW_WORLDBANK_BASE_URL": "/worldbank/v2",
        "JTDW_ESTAT_BASE_URL": "/estat/rest/3.0/app",
        "JTDW_ESTAT_FILES_BASE_URL": "/estat-files",
        "JTDW_MOF_BASE_URL": "/mof/sbp",
        "JTDW_MOF_FDI_URL_TEMPLATE": "/mof/bpfdi/{direction}_{year}.csv",
        "JTDW_MOF_FDI_POSITIONS_URL_TEMPLATE": "/mof/iip/{direction}_position_{year}.csv",
        "JTDW_OECD_BASE_URL": "/oecd/rest",
    }.items():
        monkeypatch.setenv(name, server.url_for(path))
    for name, value in {
        "JTDW_LIVE": "1",
        "ESTAT_APP_ID": script.ESTAT_APP_ID,
        "JTDW_COMTRADE_PERIODS": "2023",
        "JTDW_COMTRADE_PARTNERS": "842",
        "JTDW_COMTRADE_HS": "TOTAL",
        "JTDW_ESTAT_HS9_YEARS": str(script.HS9_YEAR),
        "JTDW_ESTAT_HS9_AREAS": script.HS9_AREA,
        "JTDW_HTTP_MIN_INTERVAL_S": "0",
        "JTDW_HTTP_RETRIES": "3",
        "JTDW_HTTP_BACKOFF_S": "0",
        "JTDW_HTTP_DEADLINE_S": str(DEADLINE_S),
        "JTDW_HTTP_RETRY_AFTER_MAX_S": str(RETRY_AFTER_MAX_S),
    }.items():
        monkeypatch.setenv(name, value)


def run_scheduled_refresh():
    """The job the monthly schedule runs, live, but the Evidence dashboards (a Node build, tested on its own): that is
    build_warehouse, the same selection without them."""
    from orchestration.definitions import monthly_refresh

    assert monthly_refresh.job_name == "build_everything"
    live = resources_from_environment()
    return build_warehouse(live["warehouse"].paths, payload_source=live["payload_source"])


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def good_releases(raw_table: str) -> list[int]:
    """The releases whose vintage of `raw_table` reached the marts (0: the snapshot)."""
    failed = {script.DRIP_RELEASE} if raw_table == "mof__bop_summary_monthly" else set()
    if raw_table in HELD_BACK_WITH_THE_BROKEN_RELEASE:
        failed.add(script.BROKEN_RELEASE)
    return [r for r in range(script.RELEASES + 1) if r not in failed]


FIGURES = {  # raw table -> its figures in release r, keyed as marts.revisions names them
    "boj__bp01_monthly": script.boj_figures,
    "boj__bp01_services_monthly": script.boj_services_figures,
    "mof__bop_summary_monthly": script.bop_figures,
}


def expected_revisions(releases: dict[int, script.Release]) -> set[tuple]:
    """(raw table, series, period, old, new) for every figure that differs from its value in the good release before."""
    revisions = set()
    for raw_table, figures in FIGURES.items():
        latest = {}
        for release in good_releases(raw_table):
            for key, value in (figures(release) if release else {}).items():
                if key in latest and latest[key] != value:
                    revisions.add((raw_table, *key, latest[key], value))
                latest[key] = value
    for release in releases.values():
        for raw_table, revised in release.revisions.items():
            revisions.update((raw_table, r.series_key, r.period_label, r.old, r.new) for r in revised)
    return revisions


def test_twelve_monthly_releases_of_every_source_run_unattended(warehouse_copy, monkeypatch, httpserver):
    data = warehouse_copy.data_dir
    monkeypatch.setenv("JTDW_DATA_DIR", str(data))  # read, as the schedule's run reads it, by run_scheduled_refresh
    published = data / "published" / "warehouse.duckdb"
    publishes_before = len((data / "published" / "publish_log.jsonl").read_text().splitlines())
    soak_started = datetime.now(UTC)
    releases = {n: script.release(n) for n in range(1, script.RELEASES + 1)}
    durations, outcomes, failures, warnings, latest_published_month, received = {}, {}, {}, {}, {}, {}

    httpserver.no_handler_status_code = 404  # a request the script does not answer (it fails the test below)
    server_env(monkeypatch, httpserver)
    for number, release in releases.items():
        httpserver.clear_all_handlers()
        serve_routes(httpserver, release.routes)
        before = digest(published)
        started = time.monotonic()
        result = run_scheduled_refresh()
        durations[number] = time.monotonic() - started
        outcomes[number] = result.success
        failures[number] = {e.step_key: str(e.event_specific_data.error) for e in result.get_step_failure_events()}
        warnings[number] = {
            f"{e.asset_key.to_user_string()}:{e.check_name}"
            for e in result.get_asset_check_evaluations()
            if not e.passed
        }
        received[number] = {
            m.asset_key.path[1]: (m.metadata["mode"].value, m.metadata["payloads"].value)
            for m in (e.event_specific_data.materialization for e in result.get_asset_materialization_events())
            if m.asset_key.path[0] == "raw"
        }
        if not result.success:
            assert digest(published) == before, f"release {number} failed but the published file changed"
        con = duckdb.connect(str(published), read_only=True)
        latest_published_month[number] = con.execute(
            "select max(period_label) from marts.bop_japan where source = 'boj' and frequency = 'month'"
        ).fetchone()[0]
        con.close()
    # The plugin records every request no handler matched: every request of every source was one the script answers.
    assert httpserver.assertions == []

    assert outcomes == {n: n not in FAILED_RELEASES for n in releases}, failures
    assert max(durations.values()) < RUN_BUDGET_S, durations
    # Every good release publishes its newest month; a failed one leaves the published file as it was.
    assert latest_published_month == {n: script.month(n - 1 if n not in FAILED_RELEASES else n - 2) for n in releases}
    assert "assert_bop_current_account_identity" in " ".join(failures[script.BROKEN_RELEASE].values())
    (drip_failure,) = failures[script.DRIP_RELEASE].items()
    assert drip_failure[0] == "raw__mof__bop_summary_monthly"
    assert f"the deadline of {DEADLINE_S} s per call (JTDW_HTTP_DEADLINE_S) was reached" in drip_failure[1]
    assert "marts/bop_japan:closed_period_row_counts_unchanged_bop_japan_" in warnings[script.BACKFILL_RELEASE]
    publishes = [json.loads(line) for line in (data / "published" / "publish_log.jsonl").read_text().splitlines()]
    assert len(publishes) - publishes_before == len(releases) - len(FAILED_RELEASES)

    # Every source answered every release live (but the dripped table), and every payload it sent is kept on disk,
    # byte for byte, with its origin record: a new vintage where the bytes were new, the first copy where they were not.
    datasets = {dataset.raw_table for dataset in all_datasets()}
    assert {n: set(loads) for n, loads in received.items()} == {
        n: datasets - ({"mof__bop_summary_monthly"} if n == script.DRIP_RELEASE else set()) for n in releases
    }
    for loads in received.values():
        for mode, payloads in loads.values():
            assert mode == "live" and payloads
            for payload in payloads:
                kept = Path(payload["archived"])
                assert (data / "payloads").resolve() in kept.resolve().parents
                assert hashlib.sha256(kept.read_bytes()).hexdigest() == payload["sha256"]
                assert Path(f"{kept}.origin.json").exists()

    con = duckdb.connect(str(data / "warehouse" / "build.duckdb"), read_only=True)
    soak_loads = con.execute(
        "select raw_table, validation_status, validation_detail from raw.load_log where retrieved_at >= ?",
        [soak_started],
    ).fetchall()
    con.close()
    assert {table for table, status, _ in soak_loads if status == "quarantined"} == HELD_BACK_WITH_THE_BROKEN_RELEASE
    assert {status for _, status, _ in soak_loads} == {"passed", "quarantined"}
    assert all(
        "assert_bop_current_account_identity" in detail for _, status, detail in soak_loads if status == "quarantined"
    )

    con = duckdb.connect(str(published), read_only=True)
    listed = {
        (row[0], row[1], row[2], row[3], row[4])
        for row in con.execute(
            "select dataset, series_key, period_label, previous_value, revised_value from marts.revisions"
            " where revised_retrieved_at >= ?",
            [soak_started],
        ).fetchall()
    }
    con.close()
    assert listed == expected_revisions(releases)
