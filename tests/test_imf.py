"""IMF SDMX-ML 2.1 BOP connector: the real StructureSpecificData layout and its bad variants."""

from __future__ import annotations

import csv

import pytest

from orchestration.errors import SourceError
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources import imf
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


@pytest.fixture
def payload():
    (only,) = snapshot_payloads("imf", "bop_annual")
    return only


def published_figures():
    lines = (SNAPSHOT_DIR / "figures" / "imf_bop_annual.csv").read_text().splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_parser_returns_the_published_figures_exactly(payload):
    frame = imf.parse_bop(payload).set_index(["indicator_code", "time_period"])
    figures = published_figures()
    assert len(frame) == len(figures)
    for row in figures:
        assert frame.loc[(row["indicator"], row["time_period"]), "obs_value"] == float(row["obs_value"])
    assert frame.loc[("CAB", "2024"), "source_updated_at"].startswith("2026-07-11")


def test_rejects_truncated_xml(payload):
    with pytest.raises(SourceError, match="malformed SDMX-ML"):
        imf.parse_bop(with_content(payload, payload.content[:-400]))


def test_rejects_renamed_dimension(payload):
    renamed = payload.content.replace(b"BOP_ACCOUNTING_ENTRY=", b"ACCOUNTING_ENTRY=")
    with pytest.raises(SourceError, match=r"missing SDMX dimension\(s\) \['BOP_ACCOUNTING_ENTRY'\]"):
        imf.parse_bop(with_content(payload, renamed))


def test_an_unknown_indicator_fails_the_suite_naming_it(payload, tmp_path):
    bad = with_content(payload, payload.content.replace(b'INDICATOR="CAB"', b'INDICATOR="CAX"'))
    failure = the_failure(validate_payloads(imf.BOP_ANNUAL, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "indicator_code")
    assert "'CAX'" in failure["detail"]


def test_rejects_scale_change(payload):
    with pytest.raises(SourceError, match="unit scale change"):
        imf.parse_bop(with_content(payload, payload.content.replace(b'SCALE="6"', b'SCALE="0"', 1)))


def test_rejects_sdmx_error_message(payload):
    body = b'<?xml version="1.0"?><message:Error xmlns:message="x"><message:ErrorMessage code="100"><common:Text xmlns:common="y">No results found.</common:Text></message:ErrorMessage></message:Error>'
    with pytest.raises(SourceError, match="No results found"):
        imf.parse_bop(with_content(payload, body))


def test_rejects_duplicated_observation(payload):
    text = payload.content.decode()
    obs = text[text.index("<Obs ") : text.index("/>", text.index("<Obs ")) + 2]
    with pytest.raises(SourceError, match="duplicated observations"):
        imf.BOP_ANNUAL.read(with_content(payload, text.replace(obs, obs + obs, 1).encode()))
