"""Faults around the pipeline: a source down in live mode, two writers, a killed run, readers during a refresh."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
from werkzeug import Response

from orchestration.resources import live_payloads
from orchestration.sources import boj, comtrade, imf, mof, oecd, worldbank
from orchestration.sources.estat.client import EstatClient
from orchestration.warehouse import writer_lock
from tests.conftest import PROJECT_ROOT, build_warehouse, quick_http
from tests.http_handlers import serve_routes
from tests.payload_fixtures import snapshot_payloads


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_live_mode_a_source_that_is_down_fails_alone(warehouse_copy, httpserver):
    def boj_reply(dataset: str) -> Response:
        return Response(snapshot_payloads("boj", dataset)[-1].content, content_type="application/json")

    # BOJ answers; every other source, under its own path on the same server, is down. The services request is told
    # apart by its series list, which holds the services sub-accounts.
    services_code = boj.bp01_services_series()[1]
    serve_routes(
        httpserver,
        {
            services_code: boj_reply("bp01_services_monthly"),
            "/boj/": boj_reply("bp01_monthly"),
            "/": Response("Service Unavailable", 503),
        },
    )
    # Every source's client names the one server; the trade sources are down too: each fails on its own, none takes
    # BOJ down.
    url, policy = httpserver.url_for, quick_http(retries=2)
    clients = {
        "boj": boj.BojClient(base_url=url("/boj/api/v1"), http=policy),
        "imf": imf.ImfClient(base_url=url("/imf/sdmx/2.1"), http=policy),
        "comtrade": comtrade.ComtradeClient(base_url=url("/comtrade"), http=policy),
        "worldbank": worldbank.WorldBankClient(base_url=url("/worldbank/v2"), http=policy),
        "estat": EstatClient(
            base_url=url("/estat/rest/3.0/app"), files_base_url=url("/estat-files"), app_id="test-app-id", http=policy
        ),
        "mof": mof.MofClient(
            base_url=url("/mof/sbp"),
            fdi_url_template=url("/mof/bpfdi/{direction}_{year}.csv"),
            fdi_positions_url_template=url("/mof/iip/{direction}_position_{year}.csv"),
            http=policy,
        ),
        "oecd": oecd.OecdClient(base_url=url("/oecd/rest"), http=policy),
    }
    result = build_warehouse(warehouse_copy, payload_source=live_payloads(**clients))
    bop_requests = [request for request, _ in httpserver.log if "/data/BOP/" in request.path]
    assert len(bop_requests) == 3  # bounded: one try and two retries
    failures = {e.step_key: e for e in result.get_step_failure_events()}
    assert set(failures) == {
        "raw__imf__bop_annual",
        "raw__imf__dip_positions",
        "raw__imf__imts_annual",
        "raw__comtrade__goods",
        "raw__worldbank__indicators",
        "raw__estat__trade_area_commodity",
        "raw__estat__trade_hs9_country",
        "raw__mof__bop_summary_annual",
        "raw__mof__bop_summary_monthly",
        "raw__mof__services_annual",
        "raw__mof__fdi_region_industry_annual",
        "raw__mof__fdi_region_industry_positions",
        "raw__oecd__fdi_by_partner_industry",
    }
    assert "estat: HTTP 503 after retries" in str(
        failures["raw__estat__trade_area_commodity"].event_specific_data.error
    )
    failure = failures["raw__imf__bop_annual"]
    assert "imf: HTTP 503 after retries" in str(failure.event_specific_data.error)
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"raw/boj__bp01_monthly", "raw/boj__bp01_services_monthly"} <= materialized
    # The live payload is the snapshot's latest, byte for byte: a vintage already kept, so kept once, not again.
    archived = [p.read_bytes() for p in (warehouse_copy.payload_archive_dir / "boj" / "bp01_monthly").glob("*/*.json")]
    assert archived.count(snapshot_payloads("boj", "bp01_monthly")[-1].content) == 1


def test_a_second_writer_waits_then_fails_clearly(warehouse_copy):
    published = warehouse_copy.published_db
    before = digest(published)
    impatient = dataclasses.replace(warehouse_copy, writer_lock_timeout_s=1)
    with writer_lock(warehouse_copy.build_db, 0):
        result = build_warehouse(impatient)
    assert not result.success
    messages = " ".join(str(e.event_specific_data.error) for e in result.get_step_failure_events())
    assert "another run is writing" in messages
    assert digest(published) == before


RUN_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from orchestration.settings import Settings
    from tests.conftest import build_warehouse
    raise SystemExit(0 if build_warehouse(Settings(data_dir=Path(sys.argv[1]))).success else 1)
    """
)


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: state, parent pid, ..."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def dbt_children_of(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and int(_stat_fields(int(entry.name))[1]) == pid
                and b"dbt" in (entry / "cmdline").read_bytes()
            ):
                children.append(int(entry.name))
        except (OSError, IndexError):
            continue  # gone meanwhile
    return children


def alive(pid: int) -> bool:
    try:
        return _stat_fields(pid)[0] != "Z"  # a zombie has stopped running; nobody may reap it in a container
    except OSError:
        return False


def test_a_run_killed_mid_build_takes_dbt_with_it_and_the_next_run_recovers(warehouse_copy, tmp_path):
    published = warehouse_copy.published_db
    before = digest(published)
    # A script file, not `python -c`: pyspark (imported by Great Expectations) takes a `-c` process for its own
    # doctests and exits it with status 0 when pyarrow is missing.
    script = tmp_path / "run.py"
    script.write_text(RUN_SCRIPT)
    child = subprocess.Popen(
        [sys.executable, str(script), str(warehouse_copy.data_dir)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        # Kill the Dagster process alone (not its process group) the moment dbt starts writing the build database.
        for line in child.stdout:
            if "Running with dbt" in line:
                break
        (dbt,) = dbt_children_of(child.pid)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL
        deadline = time.monotonic() + 10
        while alive(dbt) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(dbt), "dbt outlived the Dagster process that held the writer lock"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    assert digest(published) == before

    assert build_warehouse(warehouse_copy).success
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("select count(*) from marts.bop_japan").fetchone()[0] > 0
    con.close()


READER_SCRIPT = textwrap.dedent(
    """
    import sys, time, duckdb
    path, stop_file, log = sys.argv[1], sys.argv[2], open(sys.argv[3], "w")
    import os
    queries = errors = 0
    while not os.path.exists(stop_file):
        try:
            con = duckdb.connect(path, read_only=True)
            total = con.execute("select count(*), sum(value_usd) from marts.bop_japan").fetchone()
            assert total[0] > 0 and total[1] is not None, total
            con.close()
            queries += 1
        except Exception as exc:
            errors += 1
            log.write(f"{type(exc).__name__}: {exc}\\n")
        time.sleep(0.02)
    log.write(f"queries={queries} errors={errors}\\n")
    """
)


def test_readers_of_the_published_file_never_fail_during_a_refresh(warehouse_copy, tmp_path):
    published = warehouse_copy.published_db
    stop, log = tmp_path / "stop", tmp_path / "reader.log"
    reader = subprocess.Popen([sys.executable, "-c", READER_SCRIPT, str(published), str(stop), str(log)])
    try:
        time.sleep(1.0)
        assert build_warehouse(warehouse_copy).success
    finally:
        stop.touch()
        reader.wait(timeout=30)
    lines = log.read_text().splitlines()
    assert lines[-1].endswith("errors=0"), lines[:5]
    assert int(lines[-1].split()[0].split("=")[1]) > 20
