"""The shared HTTP client: bounded retries, clear failures, keys never leaked."""

from __future__ import annotations

import pytest
import requests
import responses
import urllib3.util.retry

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
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", lambda s: slept.append(s) if s else None)
    replies = [Reply(429, b"Rate limit is exceeded. Try again in 7 seconds.", {"Retry-After": "7"}), Reply(200, b"ok")]
    with ScriptedServer(replies) as server:
        assert quick_client().get(server.url + "/data").text == "ok"
    assert slept == [7]


def test_429_without_retry_after_backs_off_then_fails_clearly(monkeypatch):
    slept = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", lambda s: slept.append(s) if s else None)
    with ScriptedServer([Reply(429, b"Too Many Requests")]) as server:
        with pytest.raises(SourceError, match="HTTP 429 after retries"):
            quick_client(backoff_factor=1.0).get(server.url + "/data")
        assert len(server.requests) == 4
    assert slept == [2.0, 4.0]  # exponential backoff between the retries (urllib3 skips the first sleep)


def test_a_slow_source_times_out_with_a_clear_error():
    with ScriptedServer([Reply(200, b"late", delay_s=1.0)]) as server:
        with pytest.raises(SourceError, match="request failed after retries.*timed out"):
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
