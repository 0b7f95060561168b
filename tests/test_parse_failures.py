"""Every payload is archived before it is read, and every failure to read one names the source, the archived payload
and the problem: truncated or HTML pages, a foreign encoding, an XML entity bomb, an error the parser did not foresee.
An API answer that says there is no trade is an empty result, not a failure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from orchestration.definitions import defs
from orchestration.errors import SourceError
from orchestration.payloads import ORIGIN_SUFFIX, archive
from orchestration.resources import live_payloads
from orchestration.settings import Settings
from orchestration.sources import comtrade, imf
from orchestration.sources.base import SourceDataset
from tests.conftest import materialize, narrow_comtrade, run_resources
from tests.http_handlers import serve_routes
from tests.payload_fixtures import snapshot_payloads, with_content

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<message:StructureSpecificData xmlns:message="m">&lol3;</message:StructureSpecificData>"""


def archived(payload, tmp_path):
    return archive(payload, tmp_path / "payloads")


def imf_payload(tmp_path, content: bytes):
    return archived(with_content(snapshot_payloads("imf", "bop_annual")[0], content), tmp_path)


def test_an_sdmx_body_declaring_shift_jis_names_the_encoding_and_the_payload(tmp_path):
    original = snapshot_payloads("imf", "bop_annual")[0].content
    payload = imf_payload(tmp_path, original.replace(b'encoding="utf-8"', b'encoding="Shift_JIS"', 1))
    with pytest.raises(SourceError, match=r"imf: the XML declares encoding 'Shift_JIS'") as error:
        imf.parse_bop(payload)
    assert str(payload.path) in str(error.value)


def test_an_xml_entity_bomb_is_refused_without_expanding_it(tmp_path):
    payload = imf_payload(tmp_path, BILLION_LAUGHS)
    with pytest.raises(SourceError, match=r"imf: XML with a DTD or entity declarations refused") as error:
        imf.parse_bop(payload)
    assert str(payload.path) in str(error.value)


def test_a_json_page_in_shift_jis_names_the_payload(tmp_path):
    body = '{"count": 1, "data": [{"cmdDesc": "コーヒー"}], "error": ""}'.encode("shift_jis")
    payload = archived(with_content(snapshot_payloads("comtrade", "goods")[0], body), tmp_path)
    with pytest.raises(SourceError, match="comtrade: payload is not valid utf-8") as error:
        comtrade.parse_goods(payload)
    assert str(payload.path) in str(error.value)


def test_an_error_the_parser_did_not_foresee_still_names_source_and_payload(tmp_path):
    def parse(payload):
        return pd.DataFrame([json.loads(payload.content)["rows"]])  # a KeyError on this body

    dataset = SourceDataset("demo", "things", "p", "l", "d", fetch_live=iter, parse=parse, key_columns=())
    payload = archived(with_content(snapshot_payloads("comtrade", "goods")[0], b'{"data": []}'), tmp_path)
    with pytest.raises(SourceError, match=r"demo: unreadable payload: KeyError: 'rows'") as error:
        dataset.read(payload)
    assert str(payload.path) in str(error.value)


def test_a_page_where_the_api_says_count_0_is_an_empty_result():
    page = with_content(
        snapshot_payloads("comtrade", "goods")[0], b'{"elapsedTime": "0.1 secs", "count": 0, "data": [], "error": ""}'
    )
    frame = comtrade.parse_goods(page)
    assert frame.empty and set(comtrade.KEY_COLUMNS) <= set(frame.columns)
    no_count = with_content(page, b'{"data": [], "error": ""}')
    with pytest.raises(SourceError, match="without records whose count is None"):
        comtrade.parse_goods(no_count)


# --- live, through the raw asset: what is archived, what the error names ------------------------------------------

US_PAGE = "usa_jpn_2023_total"
EMPTY_PAGE = b'{"elapsedTime": "0.1 secs", "count": 0, "data": [], "error": ""}'


def materialize_comtrade(server: HTTPServer, warehouse: Settings):
    assets = [
        a
        for a in defs.assets
        if isinstance(a, dg.AssetsDefinition) and dg.AssetKey(["raw", "comtrade__goods"]) in a.keys
    ]
    return materialize(assets, run_resources(warehouse, live_payloads(comtrade=narrow_comtrade(server))))


def us_page() -> bytes:
    return next(p for p in snapshot_payloads("comtrade", "goods") if p.path.stem == US_PAGE).content


def archived_pages(warehouse: Settings) -> list[Path]:
    return sorted(
        p
        for p in (warehouse.payload_archive_dir / "comtrade" / "goods").glob("*/*.json")
        if not p.name.endswith(ORIGIN_SUFFIX)
    )


@pytest.mark.parametrize(
    "bad_page, problem",
    [
        (lambda page: page[:-300], "malformed JSON"),
        (
            lambda page: b"<!DOCTYPE html><html><body>Service temporarily unavailable</body></html>",
            "HTML page instead of data",
        ),
        (lambda page: page.replace(b'"count": 2', b'"count": 5'), r"count=5 but holds 2 records"),
    ],
    ids=["truncated", "html-with-200", "count-mismatch"],
)
def test_a_comtrade_page_that_fails_to_parse_is_archived_and_named(empty_warehouse, httpserver, bad_page, problem):
    body = bad_page(us_page())
    assert body != us_page()
    httpserver.expect_request(re.compile("/.*")).respond_with_data(body, content_type="application/json")
    result = materialize_comtrade(httpserver, empty_warehouse)
    assert len(httpserver.log) == 1  # the plan stops at the bad page
    assert not result.success
    (kept,) = archived_pages(empty_warehouse)
    assert kept.read_bytes() == body
    (failure,) = result.get_step_failure_events()
    message = str(failure.event_specific_data.error)
    assert "comtrade: " in message and f"[payload: {kept}]" in message
    assert re.search(problem, message)


def test_one_empty_comtrade_page_is_no_trade_not_a_failed_source(empty_warehouse, httpserver):
    # Japan's own flows with the partner come back empty, the partner's mirror flows hold the figures.
    serve_routes(httpserver, {"reporterCode=392": Response(EMPTY_PAGE), "/comtrade": Response(us_page())})
    result = materialize_comtrade(httpserver, empty_warehouse)
    assert len(httpserver.log) == 2
    assert result.success, [str(e.event_specific_data.error) for e in result.get_step_failure_events()]
    assert len(archived_pages(empty_warehouse)) == 2


def test_a_plan_where_every_page_is_empty_fails_clearly(empty_warehouse, httpserver):
    httpserver.expect_request(re.compile("/.*")).respond_with_data(EMPTY_PAGE)
    result = materialize_comtrade(httpserver, empty_warehouse)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "comtrade: no call of the request plan returned a record" in str(failure.event_specific_data.error)
    assert len(archived_pages(empty_warehouse)) == 1  # both calls answered the same bytes: one archived copy
