"""Bank of Japan BP01 connector: the real JSON envelope, its bad variants, pagination and retries."""

from __future__ import annotations

import json
import re

import pytest
import responses

from orchestration.errors import SourceError
from orchestration.sources import boj
from tests.conftest import quick_http
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


@pytest.fixture
def payload():
    return next(p for p in snapshot_payloads("boj", "bp01_monthly") if p.origin.vintage == "2026-09-13")


def edited(payload, change):
    envelope = json.loads(payload.content)
    change(envelope)
    return with_content(payload, json.dumps(envelope).encode())


def test_parses_every_series_and_month(payload):
    frame = boj.parse_data_code(payload)
    assert set(frame["series_code"]) == set(boj.bp01_monthly_series())
    current = frame.set_index("series_code").loc["BPBP6JYNCB"]
    assert (current["period_code"], current["value"]) == ("202607", 29888.5173)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (lambda p: p.content[: len(p.content) // 2], "malformed JSON"),
        (lambda p: b"<!DOCTYPE html><html><body>Service temporarily unavailable</body></html>", "HTML page"),
        (lambda p: b"", "empty payload"),
    ],
)
def test_rejects_broken_payloads(payload, content, problem):
    with pytest.raises(SourceError, match=problem) as error:
        boj.parse_data_code(with_content(payload, content(payload)))
    assert error.value.source == "boj" and str(payload.path) in str(error.value)


def test_rejects_api_error_sent_with_status_200(payload):
    def error(envelope):
        envelope.update(STATUS=400, MESSAGEID="M181013E", MESSAGE="Series code not found: 1", RESULTSET=[])

    with pytest.raises(SourceError, match="M181013E"):
        boj.parse_data_code(edited(payload, error))


def test_rejects_empty_dataset(payload):
    with pytest.raises(SourceError, match="empty dataset"):
        boj.parse_data_code(edited(payload, lambda e: e.update(MESSAGEID="M181030I", RESULTSET=[])))


def test_rejects_renamed_field(payload):
    def rename(envelope):
        envelope["RESULTSET"][0]["UNIT_NAME"] = envelope["RESULTSET"][0].pop("UNIT")

    with pytest.raises(SourceError, match=r"lacks field\(s\) \['UNIT'\]"):
        boj.parse_data_code(edited(payload, rename))


def test_an_unknown_series_code_fails_the_suite_naming_it(payload, tmp_path):
    bad = edited(payload, lambda e: e["RESULTSET"][0].update(SERIES_CODE="BPBP6JYNZZ"))
    failure = the_failure(validate_payloads(boj.BP01_MONTHLY, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "series_code")
    assert "'BPBP6JYNZZ'" in failure["detail"]


def test_a_unit_change_fails_the_suite_naming_the_unit(payload, tmp_path):
    bad = edited(payload, lambda e: e["RESULTSET"][1].update(UNIT="1 million Yen"))
    failure = the_failure(validate_payloads(boj.BP01_MONTHLY, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "unit")
    assert "'1 million Yen'" in failure["detail"]


def test_rejects_duplicated_observation(payload):
    def duplicate(envelope):
        values = envelope["RESULTSET"][0]["VALUES"]
        values["SURVEY_DATES"] *= 2
        values["VALUES"] *= 2

    with pytest.raises(SourceError, match="duplicated observations"):
        boj.BP01_MONTHLY.read(edited(payload, duplicate))


def test_rejects_number_with_thousands_separator(payload):
    def formatted(envelope):
        envelope["RESULTSET"][0]["VALUES"]["VALUES"] = ["29,888.5173"]

    with pytest.raises(SourceError, match=re.escape("not a number at BPBP6JYNCB 202607: '29,888.5173'")):
        boj.parse_data_code(edited(payload, formatted))


@responses.activate
def test_live_fetch_follows_next_position_and_retries_429(payload):
    first = json.loads(payload.content)
    first["NEXTPOSITION"] = 5
    url = "https://mirror.example/api/v1/getDataCode"
    responses.get(url, status=429, headers={"Retry-After": "0"})
    responses.get(url, json=first)
    responses.get(
        url,
        body=payload.content,
        match=[responses.matchers.query_param_matcher({"startPosition": "5"}, strict_match=False)],
    )
    mirror = boj.BojClient(base_url="https://mirror.example/api/v1", http=quick_http())
    pages = list(boj.fetch_bp01_monthly(mirror))
    assert len(pages) == 2
    assert "startPosition=5" in pages[1].origin.url
    assert [call.response.status_code for call in responses.calls] == [429, 200, 200]


@responses.activate
def test_a_run_of_some_years_asks_the_bank_for_their_months_only(payload):
    responses.get("https://mirror.example/api/v1/getDataCode", body=payload.content)
    mirror = boj.BojClient(base_url="https://mirror.example/api/v1", http=quick_http())
    (page,) = boj.fetch_bp01_monthly(mirror, years=range(2024, 2026))
    assert "startDate=202401" in page.origin.url and "endDate=202512" in page.origin.url
    (page,) = boj.fetch_bp01_monthly(mirror, years=range(1990, 1997))  # the series start in January 1996
    assert "startDate=199601" in page.origin.url and "endDate=199612" in page.origin.url


def test_rejects_number_with_footnote_marker(payload):
    def footnoted(envelope):
        envelope["RESULTSET"][0]["VALUES"]["VALUES"] = ["29888.5173(P)"]

    with pytest.raises(SourceError, match=r"not a number at BPBP6JYNCB 202607: '29888.5173\(P\)'"):
        boj.parse_data_code(edited(payload, footnoted))


def test_rejects_shift_jis_payload_read_as_utf8(payload):
    # lang=jp answers in Shift-JIS; a payload in that encoding must fail loudly, not be half-decoded.
    japanese = payload.content.decode().replace("Current account", "経常収支").encode("shift_jis")
    with pytest.raises(SourceError, match="not valid utf-8"):
        boj.parse_data_code(with_content(payload, japanese))
