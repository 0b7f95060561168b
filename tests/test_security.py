"""API keys come only from the environment (an EnvVar of the source's client resource, resolved when the run starts)
and never reach logs, payload archives, run records or messages."""

from __future__ import annotations

import logging
import re

import dagster as dg
import pytest

from orchestration.definitions import defs
from orchestration.resources import resources_from_environment
from tests.conftest import materialize
from tests.payload_fixtures import snapshot_payloads

PLANTED_KEY = "planted-key-7f3a9c1e5b"


def files_containing(root, needle: str) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.fixture
def live_comtrade(tmp_path, monkeypatch):
    """The data directory, the key and a two-call plan set as an operator sets them: in the environment the code
    location reads."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("JTDW_DATA_DIR", str(data_dir))
    monkeypatch.setenv("JTDW_LIVE", "1")
    monkeypatch.setenv("COMTRADE_API_KEY", PLANTED_KEY)
    monkeypatch.setenv("JTDW_COMTRADE_PERIODS", "2023")
    monkeypatch.setenv("JTDW_COMTRADE_PARTNERS", "842")
    monkeypatch.setenv("JTDW_COMTRADE_HS", "TOTAL")
    monkeypatch.setenv("JTDW_HTTP_RETRIES", "0")
    return data_dir


def materialize_comtrade(instance):
    assets = [
        a
        for a in defs.assets
        if isinstance(a, dg.AssetsDefinition) and dg.AssetKey(["raw", "comtrade__goods"]) in a.keys
    ]
    return materialize(assets, resources_from_environment(), instance=instance)


def test_a_keyed_live_load_keeps_the_key_out_of_everything(live_comtrade, monkeypatch, caplog, httpserver):
    page = snapshot_payloads("comtrade", "goods")[0].content
    instance = dg.DagsterInstance.ephemeral()
    httpserver.expect_request(re.compile("/.*")).respond_with_data(page, content_type="application/json")
    monkeypatch.setenv("JTDW_COMTRADE_BASE_URL", httpserver.url_for("/comtrade"))
    with caplog.at_level(logging.DEBUG):
        result = materialize_comtrade(instance)
    # the key was really sent
    assert any(f"subscription-key={PLANTED_KEY}" in request.full_path for request, _ in httpserver.log)
    assert result.success
    assert files_containing(live_comtrade, PLANTED_KEY) == []  # payload archive, origin records, build database
    run_records = " ".join(str(event) for event in instance.all_logs(result.run_id))
    assert PLANTED_KEY not in run_records and "subscription-key=***" in run_records
    assert PLANTED_KEY not in caplog.text


def test_an_error_answer_does_not_echo_the_key(live_comtrade, monkeypatch, httpserver):
    instance = dg.DagsterInstance.ephemeral()
    httpserver.expect_request(re.compile("/.*")).respond_with_data(
        f'{{"statusCode": 401, "message": "Invalid subscription key {PLANTED_KEY}"}}', 401
    )
    monkeypatch.setenv("JTDW_COMTRADE_BASE_URL", httpserver.url_for("/comtrade"))
    result = materialize_comtrade(instance)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    message = str(failure.event_specific_data.error)
    assert "comtrade: HTTP 401" in message and PLANTED_KEY not in message
    assert PLANTED_KEY not in " ".join(str(event) for event in instance.all_logs(result.run_id))
