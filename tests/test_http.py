"""The shared HTTP client: bounded retries, clear failures, keys never leaked."""

from __future__ import annotations

import time

import pytest
import requests
import responses

from orchestration import http
from orchestration.errors import SourceError
from orchestration.http import HttpClient
from tests.local_server import Reply, ScriptedServer

URL = "https://api.example.org/data"


def quick_client(**overrides) -> HttpClient:
    return HttpClient(**{"source": "demo", "min_interval_s": 0, "backoff_factor": 0, "total_retries": 3, **overrides})


@responses.activate
def test_retries_a_5xx_burst_then_succeeds():
    for _ in range(2):
        responses.get(URL, status=503)
    responses.get(URL, body="ok")
    assert quick_client().get(URL).text == "ok"
    assert len(responses.calls) == 3


@responses.activate
def test_gives_up_after_bounded_retries_with_a_clear_error():
    for _ in range(10):
        responses.get(URL, status=502)
    with pytest.raises(SourceError, match=r"demo: HTTP 502 after retries") as error:
        quick_client().get(URL)
    assert len(responses.calls) == 4  # the first try and three retries, no more
    assert URL in str(error.value)


def test_honours_retry_after_on_429(monkeypatch):
    slept = []
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(s) if s else None)
    replies = [Reply(429, b"Rate limit is exceeded. Try again in 7 seconds.", {"Retry-After": "7"}), Reply(200, b"ok")]
    with ScriptedServer(replies) as server:
        assert quick_client().get(server.url + "/data").text == "ok"
    assert slept == [7]


def test_429_without_retry_after_backs_off_then_fails_clearly(monkeypatch):
    slept = []
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(s) if s else None)
    with ScriptedServer([Reply(429, b"Too Many Requests")]) as server:
        with pytest.raises(SourceError, match="HTTP 429 after retries"):
            quick_client(backoff_factor=1.0).get(server.url + "/data")
        assert len(server.requests) == 4
    assert slept == [2.0, 4.0]  # exponential backoff between the retries (none before the first, as urllib3)


def test_a_slow_source_times_out_with_a_clear_error():
    with ScriptedServer([Reply(200, b"late", delay_s=1.0)]) as server:
        with pytest.raises(SourceError, match=r"request failed after retries.*timed out"):
            quick_client(total_retries=1, timeout_s=(1.0, 0.2)).get(server.url + "/slow")
        assert len(server.requests) == 2


def test_a_connection_reset_is_retried_then_reported():
    with ScriptedServer([Reply(reset=True)]) as server:
        with pytest.raises(SourceError, match="request failed after retries"):
            quick_client(total_retries=2).get(server.url + "/reset")
        assert len(server.requests) == 3


@responses.activate
def test_connection_errors_become_source_errors():
    responses.get(URL, body=requests.ConnectionError("connection reset by peer"))
    with pytest.raises(SourceError, match="request failed after retries"):
        quick_client(total_retries=0).get(URL)


@responses.activate
def test_api_key_is_redacted_from_errors():
    key = "k3y-planted-for-test-0001"
    responses.get(URL, status=401, body=f"invalid subscription-key {key}")
    with pytest.raises(SourceError) as error:
        quick_client(secret_values=(key,)).get(URL, params={"subscription-key": key})
    assert key not in str(error.value)
    assert "***" in str(error.value)


def test_a_server_that_never_answers_is_cut_by_the_deadline():
    with ScriptedServer([Reply(200, b"never", delay_s=5.0)]) as server:
        started = time.monotonic()
        with pytest.raises(
            SourceError, match=r"demo: gave up: the deadline of 0.8 s per call \(JTDW_HTTP_DEADLINE_S\)"
        ) as error:
            quick_client(deadline_s=0.8).get(server.url + "/silent")
        assert time.monotonic() - started < 2.0  # not five retries of the 60 s read timeout
    assert server.url + "/silent" in str(error.value)


def test_a_slow_drip_is_cut_by_the_deadline():
    # A byte every 0.2 s never trips the 30 s read timeout: only the total deadline stops it.
    with ScriptedServer([Reply(200, b"x" * 100, drip_s=0.2)]) as server:
        started = time.monotonic()
        with pytest.raises(SourceError, match=r"deadline of 1 s per call .* while the body was still arriving"):
            quick_client(deadline_s=1.0, timeout_s=(5.0, 30.0)).get(server.url + "/drip")
        assert time.monotonic() - started < 2.5


def test_a_long_retry_after_is_capped():
    replies = [Reply(429, b"Too Many Requests", {"Retry-After": "3600"}), Reply(200, b"ok")]
    with ScriptedServer(replies) as server:
        started = time.monotonic()
        assert quick_client(retry_after_max_s=0.3).get(server.url + "/data").text == "ok"
        assert 0.3 <= time.monotonic() - started < 2.0
        assert len(server.requests) == 2


def test_a_retry_after_beyond_the_deadline_fails_at_once_naming_it():
    with ScriptedServer([Reply(429, b"Too Many Requests", {"Retry-After": "50"})]) as server:
        started = time.monotonic()
        with pytest.raises(
            SourceError, match=r"deadline of 1 s per call .* \(waiting 50 s for Retry-After would pass it\)"
        ):
            quick_client(deadline_s=1.0, retry_after_max_s=100).get(server.url + "/data")
        assert time.monotonic() - started < 1.0 and len(server.requests) == 1


def test_every_call_of_a_source_shares_its_wall_clock_budget():
    http = quick_client(budget_s=1.0)
    with ScriptedServer([Reply(200, b"ok", delay_s=0.4)]) as server:
        http.get(server.url + "/1")
        http.get(server.url + "/2")
        with pytest.raises(
            SourceError, match=r"wall-clock budget of 1 s of source demo \(JTDW_SOURCE_BUDGET_S\)"
        ) as error:
            http.get(server.url + "/3")
    assert server.url + "/3" in str(error.value)


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("JTDW_HTTP_DEADLINE_S", "12")
    monkeypatch.setenv("JTDW_HTTP_RETRY_AFTER_MAX_S", "3")
    monkeypatch.setenv("JTDW_SOURCE_BUDGET_S", "100")
    monkeypatch.setenv("JTDW_COMTRADE_BUDGET_S", "7200")
    assert (HttpClient("demo").deadline_s, HttpClient("demo").retry_after_max_s) == (12, 3)
    assert (HttpClient("demo").budget_s, HttpClient("comtrade").budget_s) == (100, 7200)


@responses.activate
def test_the_interval_between_calls_is_the_sources_own_unless_a_setting_overrides_it(monkeypatch):
    slept = []
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(s) if s else None)
    responses.get(URL, body="ok")
    polite = HttpClient(source="demo", min_interval_s=2.0)
    polite.get(URL)
    polite.get(URL)
    assert len(slept) == 1 and 1.9 < slept[0] <= 2.0  # the source asks for 2 s between calls
    monkeypatch.setenv(http.MIN_INTERVAL_ENV, "0")  # a local mirror needs no politeness
    slept.clear()
    mirror = HttpClient(source="demo", min_interval_s=2.0)
    mirror.get(URL)
    mirror.get(URL)
    assert slept == []
