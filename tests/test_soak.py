"""Unattended monthly refreshes against a scripted server on loopback.

Six monthly releases of the Bank of Japan's balance of payments, all fetched on one day (the case that used to
collide on the retrieval date): each brings a new month and revises the month before; one breaks the current-account
identity (passes Great Expectations, fails a dbt test), one answers with a 429 storm first, one fills in a figure of a
closed month (its row count grows: a warning, not a reason to withhold the release). The refresh job runs once
per release with nobody touching anything. Every good release publishes, the broken one is quarantined and the next
recovers, every vintage is kept, marts.revisions lists exactly the revised figures, and no run exceeds its budget.

Why one source and six releases: each run costs a dbt build of everything downstream of the refreshed raw table,
10-20 s on a shared 2-core machine, almost all of it dbt's start-up. Twelve releases take 2.5-4 minutes here and all
nine datasets over ten, past a CI budget; six stay around a minute and still hold every case (new months, revisions,
a storm, a closed month filled in, a broken release with three good ones before and two after). BOJ BP01 exercises every part of the path:
fetch, archive, Great Expectations, dbt tests, quarantine, revisions, publish.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import date

import dagster as dg
import duckdb

from orchestration.sources import boj
from tests.conftest import build_warehouse
from tests.local_server import Reply, ScriptedServer

RELEASES = 6
BROKEN_RELEASE = 4  # its current account is off by ¥100 bn: passes GX, fails assert_bop_current_account_identity
STORM_RELEASE = 2  # answered with 429 Too Many Requests (Retry-After) before the data
BACKFILL_RELEASE = 5  # also brings a figure of a closed month the warehouse lacked: its row count grows, a warning
BACKFILLED = ("BPBP6JYNFB", "202605")  # the financial account of 2026-05 (the snapshot has five series that month)
RUN_BUDGET_S = 60
FIRST_MONTH = date(2026, 8, 1)  # the snapshot's BOJ months end in 2026-07
NAMES = {"BPBP6JYNCB": "Current account/Net balance", "BPBP6JYNTB": "Goods/Net balance", "BPBP6JYNSN": "Services/Net balance",
         "BPBP6JYNPIN": "Primary income/Net balance", "BPBP6JYNSIN": "Secondary income/Net balance",
         "BPBP6JYNFB": "Financial account/Net balance"}


def month(n: int) -> str:
    """The n-th month of the soak (0 = 2026-08) as the API's yyyymm."""
    total = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1 + n
    return f"{total // 12}{total % 12 + 1:02d}"


def figures(release: int) -> dict[tuple[str, str], float]:
    """(series, yyyymm) -> value in release `release` (1-based): its new month, and the month before revised."""
    values = {}
    for n in range(max(0, release - 2), release):
        revised = n < release - 1  # the month before the new one comes back revised
        parts = {"BPBP6JYNTB": -4000.0 + 10 * n + (25 if revised else 0), "BPBP6JYNSN": -5000.0 - n,
                 "BPBP6JYNPIN": 42000.0 + n, "BPBP6JYNSIN": -3900.0}
        values.update({(code, month(n)): value for code, value in parts.items()})
        values[("BPBP6JYNCB", month(n))] = sum(parts.values()) + (1000 if release == BROKEN_RELEASE else 0)
    if release == BACKFILL_RELEASE:
        values[BACKFILLED] = 12345.0
    return values


def envelope(release: int) -> bytes:
    values = figures(release)
    series = []
    for code in sorted({code for code, _ in values}):
        dates = sorted(int(m) for c, m in values if c == code)
        series.append({
            "SERIES_CODE": code, "NAME_OF_TIME_SERIES": NAMES[code], "UNIT": boj.EXPECTED_UNIT, "FREQUENCY": "MONTHLY",
            "CATEGORY": "", "LAST_UPDATE": 20260908 + release,
            "VALUES": {"SURVEY_DATES": dates, "VALUES": [values[(code, str(d))] for d in dates]},
        })
    return json.dumps({"STATUS": 200, "MESSAGEID": "M181000I", "MESSAGE": "", "DATE": "", "PARAMETER": {},
                       "NEXTPOSITION": None, "RESULTSET": series}).encode()


def refresh_job_selection() -> list[dg.AssetKey]:
    """The scheduled refresh, narrowed to one source: its raw asset and everything downstream but the dashboards."""
    from orchestration.definitions import defs

    selection = dg.AssetSelection.keys("raw/boj__bp01_monthly").downstream() - dg.AssetSelection.keys("dashboards/evidence_site")
    return sorted(selection.resolve(defs.resolve_asset_graph()), key=lambda key: key.to_user_string())


def run_refresh(selection, live: bool = True):
    return build_warehouse(live=live, asset_selection=selection)


def expected_revisions(good: list[int]) -> set[tuple[str, str, float, float]]:
    """(series, yyyy-mm, old, new) for every figure that differs from its value in the good release before."""
    revisions, latest = set(), {}
    for release in good:
        for key, value in figures(release).items():
            if key in latest and latest[key] != value:
                revisions.add((key[0], f"{key[1][:4]}-{key[1][4:]}", latest[key], value))
            latest[key] = value
    return revisions


def test_monthly_releases_run_unattended(built_warehouse, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(built_warehouse.data_dir, data)
    monkeypatch.setenv("JTDW_DATA_DIR", str(data))
    monkeypatch.setenv("JTDW_HTTP_RETRIES", "3")
    monkeypatch.setenv("JTDW_HTTP_BACKOFF_S", "0")
    selection = refresh_job_selection()
    published_log = data / "published" / "publish_log.jsonl"
    publishes_before = len(published_log.read_text().splitlines())
    durations, outcomes = [], {}

    with ScriptedServer([Reply(body=b"")]) as server:
        monkeypatch.setenv(boj.BASE_URL_ENV, f"{server.url}/api/v1")
        for release in range(1, RELEASES + 1):
            data_reply = Reply(body=envelope(release), headers={"Content-Type": "application/json"})
            storm = [Reply(status=429, headers={"Retry-After": "1"})] * 2 if release == STORM_RELEASE else []
            server.replies = [*storm, data_reply]
            started = time.monotonic()
            result = run_refresh(selection)
            durations.append(time.monotonic() - started)
            outcomes[release] = result.success
            if release == BACKFILL_RELEASE:
                warnings = {f"{e.asset_key.to_user_string()}:{e.check_name}" for e in result.get_asset_check_evaluations() if not e.passed}
        assert len(server.requests) == RELEASES + 2  # one call a release, and the storm's two refused ones retried
    # A snapshot run on the same build file afterwards is not wedged by the quarantined live vintage.
    assert run_refresh(selection, live=False).success

    good = [r for r in range(1, RELEASES + 1) if r != BROKEN_RELEASE]
    assert outcomes == {r: r != BROKEN_RELEASE for r in range(1, RELEASES + 1)}
    assert warnings == {"marts/bop_japan:closed_period_row_counts_unchanged_bop_japan_"}  # reported, published anyway
    assert max(durations) < RUN_BUDGET_S, durations
    publishes = [json.loads(line) for line in published_log.read_text().splitlines()][publishes_before:]
    assert len(publishes) == len(good) + 1  # and the snapshot run's

    con = duckdb.connect(str(data / "warehouse" / "build.duckdb"), read_only=True)
    log = con.execute(
        "select validation_status, validation_detail from raw.load_log where raw_table = 'boj__bp01_monthly'"
        " and source_url like 'http://127.0.0.1%' order by retrieved_at"
    ).fetchall()
    con.close()
    assert [status for status, _ in log] == ["quarantined" if r == BROKEN_RELEASE else "passed" for r in range(1, RELEASES + 1)]
    assert "assert_bop_current_account_identity" in log[BROKEN_RELEASE - 1][1]
    archived = [p for p in (data / "payloads" / "boj" / "bp01_monthly").glob("*/*.json") if not p.name.endswith(".origin.json")]
    assert {p.read_bytes() for p in archived} >= {envelope(r) for r in range(1, RELEASES + 1)}  # every vintage kept

    published = duckdb.connect(str(data / "published" / "warehouse.duckdb"), read_only=True)
    revisions = set(published.execute(
        "select series_key, period_label, previous_value, revised_value from marts.revisions where dataset = 'boj__bp01_monthly'"
    ).fetchall())
    latest = published.execute(
        "select period_label, value_jpy_100m from marts.bop_japan where source = 'boj' and bop_item_code = 'CAB'"
        " and frequency = 'month' and period_label >= '2026-08' order by 1"
    ).fetchall()
    published.close()
    assert revisions == expected_revisions(good)
    last = figures(RELEASES)
    assert latest[-2:] == [(f"{m[:4]}-{m[4:]}", last[("BPBP6JYNCB", m)]) for m in (month(RELEASES - 2), month(RELEASES - 1))]
