"""World Bank connector: the [paging, rows] array, paging, truncation and error envelopes."""

from __future__ import annotations

import csv
import json

import pytest
import responses

from orchestration.errors import SourceError
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources import worldbank
from tests.conftest import quick_http
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


@pytest.fixture
def payloads():
    return {p.path.stem: p for p in snapshot_payloads("worldbank", "indicators")}


def published_figures():
    lines = (SNAPSHOT_DIR / "figures" / "worldbank_indicators.csv").read_text().splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_parser_returns_the_published_figures_exactly(payloads):
    parsed = {}
    for payload in payloads.values():
        parsed.update(
            {
                (r["indicator_id"], r["country_iso3"], r["date"]): r["value"]
                for r in worldbank.parse_indicators(payload).to_dict("records")
            }
        )
    figures = published_figures()
    assert len(parsed) == len(figures)
    for row in figures:
        assert parsed[(row["indicator_id"], row["country_iso3"], row["date"])] == float(row["value"])
    assert parsed[("PA.NUS.FCRF", "JPN", "2010")] == 87.78


def test_rejects_a_page_with_fewer_rows_than_its_paging_says(payloads):
    paging, rows = json.loads(payloads["JPN_PA.NUS.FCRF"].content)
    with pytest.raises(SourceError, match=r"holds 11 rows, paging says 12 \(truncated\?\)"):
        worldbank.parse_indicators(with_content(payloads["JPN_PA.NUS.FCRF"], json.dumps([paging, rows[:-1]]).encode()))


def test_rejects_truncated_json_and_the_error_envelope(payloads):
    payload = payloads["JPN_PA.NUS.FCRF"]
    with pytest.raises(SourceError, match="malformed JSON"):
        worldbank.parse_indicators(with_content(payload, payload.content[:-50]))
    error = b'[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]'
    with pytest.raises(SourceError, match="API error message"):
        worldbank.parse_indicators(with_content(payload, error))


def test_an_unknown_series_fails_the_suite_naming_it(payloads, tmp_path):
    payload = payloads["JPN_PA.NUS.FCRF"]
    bad = with_content(payload, payload.content.replace(b'"id": "PA.NUS.FCRF"', b'"id": "NY.GDP.MKTP.CD"'))
    failure = the_failure(validate_payloads(worldbank.INDICATORS, [bad], tmp_path))
    assert failure["expectation"] == "expect_column_pair_values_to_be_in_set"
    assert failure["column"] == "country_iso3, indicator_id"
    assert "('JPN', 'NY.GDP.MKTP.CD')" in failure["detail"]


@responses.activate
def test_follows_every_page_of_each_series(payloads):
    paging, rows = json.loads(payloads["JPN_PA.NUS.FCRF"].content)
    base = "https://api.worldbank.org/v2/country"
    for page_number, chunk in ((1, rows[:6]), (2, rows[6:])):
        body = [dict(paging, page=page_number, pages=2, per_page=6, total=len(rows)), chunk]
        responses.get(
            f"{base}/JPN/indicator/PA.NUS.FCRF",
            json=body,
            match=[responses.matchers.query_param_matcher({"page": str(page_number)}, strict_match=False)],
        )
    responses.get(f"{base}/USA/indicator/NY.GDP.DEFL.ZS", body=payloads["USA_NY.GDP.DEFL.ZS"].content)
    fetched = list(worldbank.fetch_indicators(worldbank.WorldBankClient(http=quick_http(retries=1))))
    assert len(fetched) == 3
    assert sum(len(worldbank.parse_indicators(p)) for p in fetched) == len(published_figures())
