"""Bank of Japan BP01 services by category: the real JSON envelope layout and its bad variants."""

from __future__ import annotations

import csv
import json

import pytest

from orchestration.errors import SourceError
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources import boj
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


@pytest.fixture
def payload():
    (only,) = snapshot_payloads("boj", "bp01_services_monthly")
    return only


def edited(payload, change):
    envelope = json.loads(payload.content)
    change(envelope)
    return with_content(payload, json.dumps(envelope).encode())


def published_figures():
    lines = (SNAPSHOT_DIR / "figures" / "boj_bp01_services_monthly.csv").read_text().splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_parser_returns_the_published_figures_exactly(payload):
    frame = boj.parse_data_code(payload).set_index(["series_code", "period_code"])
    figures = published_figures()
    assert len(frame) == len(figures) == 72
    for row in figures:
        assert frame.loc[(row["series_code"], row["period"]), "value"] == float(row["value"])
    assert set(frame.index.get_level_values(0)) == set(boj.bp01_services_series())
    assert frame.loc[("BPBP6JYNSN2", "201607"), "value"] == 1570.0  # travel, July 2016


def test_transport_travel_and_other_services_sum_to_services(payload):
    frame = boj.parse_data_code(payload).pivot(index="period_code", columns="series_code", values="value")
    parts = frame["BPBP6JYNSN1"] + frame["BPBP6JYNSN2"] + frame["BPBP6JYNSN9"]
    assert ((parts - frame["BPBP6JYNSN"]).abs() <= 3).all()


@pytest.mark.parametrize("code", ["BPBP6JYNSN999", "BPBP6JYNCB"], ids=["unknown", "of-the-other-bp01-dataset"])
def test_a_series_outside_the_services_list_fails_the_suite_naming_it(payload, tmp_path, code):
    def rename(envelope):
        envelope["RESULTSET"][0]["SERIES_CODE"] = code

    failure = the_failure(validate_payloads(boj.BP01_SERVICES_MONTHLY, [edited(payload, rename)], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "series_code")
    assert f"'{code}'" in failure["detail"]


def test_rejects_renamed_field(payload):
    def rename(envelope):
        envelope["RESULTSET"][1]["UNIT_NAME"] = envelope["RESULTSET"][1].pop("UNIT")

    with pytest.raises(SourceError, match=r"^boj: series #1 lacks field\(s\) \['UNIT'\]"):
        boj.parse_data_code(edited(payload, rename))


def test_a_unit_change_fails_the_suite_naming_the_unit(payload, tmp_path):
    def unit(envelope):
        envelope["RESULTSET"][2]["UNIT"] = "Billion Yen"

    failure = the_failure(validate_payloads(boj.BP01_SERVICES_MONTHLY, [edited(payload, unit)], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "unit")
    assert "'Billion Yen'" in failure["detail"]
