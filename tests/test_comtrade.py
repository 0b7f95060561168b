"""UN Comtrade connector: real preview payloads, truncated and capped pages, unknown codes, 429 bursts, the key."""

from __future__ import annotations

import csv
import json

import pytest
import responses

from orchestration.errors import SourceError
from orchestration.payloads import make_payload
from orchestration.resources import live_payloads
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources import comtrade
from tests.conftest import quick_http
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads

PREVIEW = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"


@pytest.fixture
def payloads():
    return {p.path.stem: p for p in snapshot_payloads("comtrade", "goods")}


def quick_client(**settings) -> comtrade.ComtradeClient:
    return comtrade.ComtradeClient(http=quick_http(retries=3), **settings)


def published_figures():
    lines = (SNAPSHOT_DIR / "figures" / "comtrade_goods.csv").read_text().splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def page(records: list[dict], url: str = PREVIEW, count: int | None = None):
    body = json.dumps(
        {"elapsedTime": "0.1 secs", "count": len(records) if count is None else count, "data": records, "error": ""}
    )
    return make_payload(
        producer="p",
        source="comtrade",
        dataset="goods",
        url=url,
        content=body.encode(),
        media_type="application/json",
        licence="l",
    )


def test_parser_returns_the_published_figures_exactly(payloads):
    parsed = {}
    for payload in payloads.values():
        for row in comtrade.parse_goods(payload).to_dict("records"):
            parsed[(row["reporter_code"], row["partner_code"], row["flow_code"], row["cmd_code"], row["period"])] = row[
                "primary_value"
            ]
    figures = published_figures()
    assert len(parsed) == len(figures) == 4
    for row in figures:
        key = (int(row["reporter_code"]), int(row["partner_code"]), row["flow"], row["cmd_code"], row["period"])
        assert parsed[key] == float(row["primary_value"])
    assert parsed[(842, 392, "M", "TOTAL", "2023")] == 151580564290.0


def test_rejects_a_truncated_page(payloads):
    payload = payloads["usa_jpn_2023_total"]
    with pytest.raises(SourceError, match="malformed JSON"):
        comtrade.parse_goods(with_content(payload, payload.content[:-300]))


def test_rejects_a_page_whose_count_disagrees_with_its_rows(payloads):
    body = json.loads(payloads["usa_jpn_2023_total"].content)
    body["data"] = body["data"][:1]
    with pytest.raises(SourceError, match=r"count=2 but holds 1 records \(truncated\?\)"):
        comtrade.parse_goods(with_content(payloads["usa_jpn_2023_total"], json.dumps(body).encode()))


def test_a_preview_page_at_the_500_cap_is_never_loaded_as_complete(payloads):
    record = json.loads(payloads["usa_jpn_2023_total"].content)["data"][0]
    records = [dict(record, cmdCode=f"{i:06d}") for i in range(500)]
    with pytest.raises(SourceError, match="cap of 500: the result may be truncated; split the request"):
        comtrade.parse_goods(page(records))


def test_a_keyed_page_at_max_records_is_rejected_too(payloads):
    records = json.loads(payloads["usa_jpn_2023_total"].content)["data"]
    with pytest.raises(SourceError, match="cap of 2"):
        comtrade.parse_goods(
            page(records, url="https://comtradeapi.un.org/data/v1/get/C/A/HS?reporterCode=842&maxRecords=2")
        )


def test_an_unknown_reporter_code_fails_the_suite_naming_it(payloads, tmp_path):
    payload = payloads["usa_jpn_2023_total"]
    bad = with_content(payload, payload.content.replace(b'"reporterCode": 842', b'"reporterCode": 999'))
    failure = the_failure(validate_payloads(comtrade.GOODS, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "reporter_code")
    assert "999" in failure["detail"]


def test_rejects_an_api_error_and_an_html_page(payloads):
    with pytest.raises(SourceError, match="API error: Invalid parameter"):
        comtrade.parse_goods(
            with_content(payloads["usa_jpn_2023_total"], b'{"count":0,"data":null,"error":"Invalid parameter"}')
        )
    with pytest.raises(SourceError, match="HTML page"):
        comtrade.parse_goods(
            with_content(payloads["usa_jpn_2023_total"], b"<!DOCTYPE html><html>Service unavailable</html>")
        )


@responses.activate
def test_a_429_burst_is_retried_then_the_page_is_kept(payloads):
    body = payloads["usa_jpn_2023_total"].content
    for _ in range(2):
        responses.get(PREVIEW, status=429, body="Rate limit is exceeded. Try again in 2 seconds.")
    responses.get(PREVIEW, body=body)
    (payload,) = comtrade.fetch_goods(quick_client(), periods=["2023"], partners=[0], cmd_codes=["TOTAL"], freq="A")
    assert len(responses.calls) == 3 and payload.content == body
    assert "reporterCode=392" in responses.calls[0].request.url and "partnerCode=0" in responses.calls[0].request.url


@responses.activate
def test_a_429_that_never_ends_fails_clearly():
    for _ in range(10):
        responses.get(PREVIEW, status=429, body="Too Many Requests")
    with pytest.raises(SourceError, match="comtrade: HTTP 429 after retries"):
        list(comtrade.fetch_goods(quick_client(), periods=["2023"], partners=[842], cmd_codes=["TOTAL"]))


@responses.activate
def test_the_keyed_endpoint_is_used_with_the_key_and_the_key_is_never_kept(payloads):
    responses.get("https://comtradeapi.un.org/data/v1/get/C/A/HS", body=payloads["usa_jpn_2023_total"].content)
    keyed = quick_client(api_key="s3cret-key")
    payloads_fetched = list(comtrade.fetch_goods(keyed, periods=["2023"], partners=[842], cmd_codes=["TOTAL"]))
    assert len(payloads_fetched) == 2  # Japan's own flows, then the partner's mirror flows
    assert "subscription-key=s3cret-key" in responses.calls[0].request.url
    assert all("s3cret-key" not in p.origin.url and "subscription-key=***" in p.origin.url for p in payloads_fetched)


def test_the_request_plan_covers_japan_and_the_mirror_side():
    plan = comtrade.request_plan(["2023"], [0, 842], ["TOTAL", "87"])
    pairs = {(p["reporterCode"], p["partnerCode"], p["cmdCode"]) for _, p in plan}
    assert pairs == {
        (392, 0, "TOTAL"),
        (392, 0, "87"),
        (392, 842, "TOTAL"),
        (392, 842, "87"),
        (842, 392, "TOTAL"),
        (842, 392, "87"),
    }


@responses.activate
def test_fetch_stops_at_a_capped_page_instead_of_going_on_partial(payloads):
    record = json.loads(payloads["usa_jpn_2023_total"].content)["data"][0]
    responses.get(
        PREVIEW, json={"count": 500, "data": [dict(record, cmdCode=f"{i:06d}") for i in range(500)], "error": ""}
    )
    with pytest.raises(SourceError, match="split the request"):
        list(comtrade.fetch_goods(quick_client(), periods=["2023"], partners=[0], cmd_codes=["TOTAL", "87"]))
    assert len(responses.calls) == 1


def test_a_page_fetched_again_with_a_no_trade_page_loads_and_leaves_the_kept_vintage_good(
    payloads, empty_warehouse, httpserver
):
    """The monthly refresh case: Japan's side answers count 0 (no trade) and the mirror side sends the page already kept."""
    import dagster as dg
    from werkzeug import Response

    from orchestration import raw
    from orchestration.assets.raw import RAW_ASSETS
    from orchestration.warehouse import connect
    from tests.conftest import materialize, run_resources
    from tests.http_handlers import serve_routes

    (asset,) = [a for a in RAW_ASSETS if a.key == dg.AssetKey(["raw", "comtrade__goods"])]
    kept = Response(payloads["usa_jpn_2023_total"].content, content_type="application/json")
    no_trade = Response(json.dumps({"count": 0, "data": [], "error": ""}), content_type="application/json")
    mirror = comtrade.ComtradeClient(
        base_url=httpserver.url_for("/comtrade"), periods="2023", partners="842", hs_codes="TOTAL", http=quick_http()
    )
    serve_routes(httpserver, {"/comtrade": kept})
    assert materialize(
        [asset], run_resources(empty_warehouse, live_payloads(comtrade=mirror))
    ).success  # both sides answer: one vintage, kept
    httpserver.clear_all_handlers()
    serve_routes(httpserver, {"reporterCode=392": no_trade, "/comtrade": kept})
    assert materialize(
        [asset], run_resources(empty_warehouse, live_payloads(comtrade=mirror))
    ).success  # the same page again, and a page of no trade

    con = connect(empty_warehouse.build_db)
    statuses = dict(
        con.execute(
            "select row_count, validation_status from raw.load_log where raw_table = 'comtrade__goods'"
        ).fetchall()
    )
    con.close()
    assert statuses == {2: raw.PASSED, 0: raw.PASSED}
