"""The shared HTTP client: bounded retries, clear failures, keys never leaked."""

from __future__ import annotations

import re
import time

import pytest
import requests
import responses
from werkzeug import Response

from orchestration import http
from orchestration.errors import SourceError
from orchestration.http import HttpClient
from orchestration.resources import resources_from_environment
from tests.http_handlers import dripping, hang_up, late

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


def test_honours_retry_after_on_429(monkeypatch, httpserver):
    slept = []
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(s) if s else None)
    httpserver.expect_oneshot_request("/data").respond_with_data(
        "Rate limit is exceeded. Try again in 7 seconds.", 429, {"Retry-After": "7"}
    )
    httpserver.expect_request("/data").respond_with_data("ok")
    assert quick_client().get(httpserver.url_for("/data")).text == "ok"
    assert slept == [7]


def test_429_without_retry_after_backs_off_then_fails_clearly(monkeypatch, httpserver):
    slept = []
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(s) if s else None)
    httpserver.expect_request("/data").respond_with_data("Too Many Requests", 429)
    with pytest.raises(SourceError, match="HTTP 429 after retries"):
        quick_client(backoff_factor=1.0).get(httpserver.url_for("/data"))
    assert len(httpserver.log) == 4
    assert slept == [2.0, 4.0]  # exponential backoff between the retries (none before the first, as urllib3)


def test_a_slow_source_times_out_with_a_clear_error(httpserver):
    # Oneshot handlers, used up as a request arrives: the log would list these only once they had answered.
    for _ in range(2):
        httpserver.expect_oneshot_request("/slow").respond_with_handler(late(Response("late"), delay_s=1.0))
    with pytest.raises(SourceError, match=r"request failed after retries.*timed out"):
        quick_client(total_retries=1, timeout_s=(1.0, 0.2)).get(httpserver.url_for("/slow"))
    assert not httpserver.oneshot_handlers and not httpserver.assertions  # two requests: no more, no fewer


def test_a_connection_reset_is_retried_then_reported(httpserver):
    for _ in range(3):
        httpserver.expect_oneshot_request("/reset").respond_with_handler(hang_up)
    with pytest.raises(SourceError, match="request failed after retries"):
        quick_client(total_retries=2).get(httpserver.url_for("/reset"))
    assert not httpserver.oneshot_handlers and not httpserver.assertions  # three requests: no more, no fewer


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


def test_a_server_that_never_answers_is_cut_by_the_deadline(httpserver):
    httpserver.expect_request("/silent").respond_with_handler(late(Response("never"), delay_s=5.0))
    started = time.monotonic()
    with pytest.raises(
        SourceError, match=r"demo: gave up: the deadline of 0.8 s per call \(JTDW_HTTP_DEADLINE_S\)"
    ) as error:
        quick_client(deadline_s=0.8).get(httpserver.url_for("/silent"))
    assert time.monotonic() - started < 2.0  # not five retries of the 60 s read timeout
    assert httpserver.url_for("/silent") in str(error.value)


def test_a_slow_drip_is_cut_by_the_deadline(httpserver):
    # A byte every 0.2 s never trips the 30 s read timeout: only the total deadline stops it.
    httpserver.expect_request("/drip").respond_with_handler(dripping(Response(b"x" * 100), byte_s=0.2))
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"deadline of 1 s per call .* while the body was still arriving"):
        quick_client(deadline_s=1.0, timeout_s=(5.0, 30.0)).get(httpserver.url_for("/drip"))
    assert time.monotonic() - started < 2.5


def test_a_long_retry_after_is_capped(httpserver):
    httpserver.expect_oneshot_request("/data").respond_with_data("Too Many Requests", 429, {"Retry-After": "3600"})
    httpserver.expect_request("/data").respond_with_data("ok")
    started = time.monotonic()
    assert quick_client(retry_after_max_s=0.3).get(httpserver.url_for("/data")).text == "ok"
    assert 0.3 <= time.monotonic() - started < 2.0
    assert len(httpserver.log) == 2


def test_a_retry_after_beyond_the_deadline_fails_at_once_naming_it(httpserver):
    httpserver.expect_request("/data").respond_with_data("Too Many Requests", 429, {"Retry-After": "50"})
    started = time.monotonic()
    with pytest.raises(
        SourceError, match=r"deadline of 1 s per call .* \(waiting 50 s for Retry-After would pass it\)"
    ):
        quick_client(deadline_s=1.0, retry_after_max_s=100).get(httpserver.url_for("/data"))
    assert time.monotonic() - started < 1.0 and len(httpserver.log) == 1


def test_every_call_of_a_source_shares_its_wall_clock_budget(httpserver):
    http = quick_client(budget_s=1.0)
    httpserver.expect_request(re.compile(r"/[123]")).respond_with_handler(late(Response("ok"), delay_s=0.4))
    http.get(httpserver.url_for("/1"))
    http.get(httpserver.url_for("/2"))
    with pytest.raises(SourceError, match=r"wall-clock budget of 1 s of source demo \(JTDW_SOURCE_BUDGET_S\)") as error:
        http.get(httpserver.url_for("/3"))
    assert httpserver.url_for("/3") in str(error.value)


def live_clients(**settings: str):
    """The source clients the code location builds from these settings (`resources_from_environment`)."""
    return resources_from_environment({"JTDW_LIVE": "1", **settings})["payload_source"]


def test_limits_come_from_the_settings_through_each_sources_client():
    defaults = live_clients()
    assert (defaults.imf.http_client().budget_s, defaults.comtrade.http_client().budget_s) == (1800, 3 * 3600)
    clients = live_clients(
        JTDW_HTTP_RETRIES="1",
        JTDW_HTTP_BACKOFF_S="0.5",
        JTDW_HTTP_DEADLINE_S="12",
        JTDW_HTTP_RETRY_AFTER_MAX_S="3",
        JTDW_SOURCE_BUDGET_S="100",
        JTDW_COMTRADE_BUDGET_S="7200",
    )
    imf_http, comtrade_http = clients.imf.http_client(), clients.comtrade.http_client()
    assert (imf_http.total_retries, imf_http.backoff_factor) == (1, 0.5)
    assert (imf_http.deadline_s, imf_http.retry_after_max_s) == (12, 3)
    assert (imf_http.budget_s, comtrade_http.budget_s) == (100, 7200)


@responses.activate
def test_the_interval_between_calls_is_the_sources_own_unless_a_setting_overrides_it(monkeypatch):
    slept = []
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(s) if s else None)
    responses.get(URL, body="ok")
    polite = live_clients().boj.http_client()
    polite.get(URL)
    polite.get(URL)
    assert len(slept) == 1 and 1.9 < slept[0] <= 2.0  # the Bank of Japan asks for 2 s between calls
    slept.clear()
    mirror = live_clients(**{http.MIN_INTERVAL_ENV: "0"}).boj.http_client()  # a local mirror needs no politeness
    mirror.get(URL)
    mirror.get(URL)
    assert slept == []
