"""IMF SDMX-ML 2.1 DIP connector: real-layout payload, confidential cells, and bad variants."""

from __future__ import annotations

import csv
import math

import pytest

from orchestration.errors import SourceError
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources import imf
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


@pytest.fixture
def payload():
    (only,) = snapshot_payloads("imf", "dip_positions")
    return only


def published_figures():
    lines = (SNAPSHOT_DIR / "figures" / "imf_dip_positions.csv").read_text().splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_parser_returns_the_published_figures_exactly(payload):
    frame = imf.parse_dip(payload).set_index(["indicator_code", "counterpart_code", "time_period"])
    figures = published_figures()
    assert len(frame) == len(figures) == 215
    for row in figures:
        parsed = frame.loc[(row["indicator"], row["counterpart"], row["time_period"])]
        if row["status"] == "C":
            assert math.isnan(parsed["obs_value"])
        else:
            assert parsed["obs_value"] == float(row["obs_value"])
    usa_2024 = frame.loc[("OTWD_D_NETAL_FALL_ALL", "USA", "2024"), "obs_value"]
    assert usa_2024 == 778323349158.4105
    assert frame["source_updated_at"].iloc[0].startswith("2025-12-10")


def test_confidential_cells_are_rows_with_null_value_not_zero(payload):
    frame = imf.parse_dip(payload)
    confidential = frame[frame["value_status"] == "confidential"]
    assert set(confidential["counterpart_code"]) == {"DNK", "IRL", "NOR"}
    assert len(confidential) == 15
    assert confidential["obs_value"].isna().all()
    assert (confidential["obs_status"] == "C").all()
    assert not (frame["obs_value"] == 0).any()
    assert set(frame.loc[frame["value_status"] == "reported", "obs_value"].isna()) == {False}


def test_rejects_renamed_dimension(payload):
    renamed = payload.content.replace(b"COUNTERPART_COUNTRY=", b"COUNTERPART_AREA=")
    with pytest.raises(SourceError, match=r"^imf: missing SDMX dimension\(s\) \['COUNTERPART_COUNTRY'\]"):
        imf.parse_dip(with_content(payload, renamed))


@pytest.mark.parametrize(
    ("old", "new", "column", "shown"),
    [
        (b'COUNTERPART_COUNTRY="USA"', b'COUNTERPART_COUNTRY="XXA"', "counterpart_code", "'XXA'"),
        (b'STATUS="C"', b'STATUS="Z"', "obs_status", "'Z'"),
    ],
    ids=["counterpart", "observation-status"],
)
def test_an_unknown_code_fails_the_suite_naming_it(payload, tmp_path, old, new, column, shown):
    bad = with_content(payload, payload.content.replace(old, new, 1 if column == "obs_status" else -1))
    failure = the_failure(validate_payloads(imf.DIP_POSITIONS, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", column)
    assert shown in failure["detail"]


def test_rejects_a_confidential_cell_with_a_value(payload):
    changed = payload.content.replace(b'STATUS="C"', b'STATUS="C" OBS_VALUE="0"', 1)
    with pytest.raises(SourceError, match=r"confidential .* carries a value"):
        imf.parse_dip(with_content(payload, changed))


def test_rejects_scale_change(payload):
    with pytest.raises(SourceError, match="unit scale change"):
        imf.parse_dip(with_content(payload, payload.content.replace(b'SCALE="6"', b'SCALE="3"', 1)))


def test_rejects_truncated_payload(payload):
    with pytest.raises(SourceError, match="malformed SDMX-ML"):
        imf.parse_dip(with_content(payload, payload.content[:-300]))


def test_live_key_asks_for_both_directions_and_every_known_partner():
    country, dv_type, indicators, partners, frequency = imf.DIP_KEY.split(".")
    assert (country, dv_type, frequency) == ("JPN", "O", "A")
    assert set(indicators.split("+")) == {"OTWD_D_NETAL_FALL_ALL", "INWD_D_NETLA_FALL_ALL"}
    assert set(partners.split("+")) == imf.DIP_PARTNERS
