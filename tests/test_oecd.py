"""OECD FDI connector (SDMX-CSV with labels): a recorded-format response replayed, the request plan, and bad input.

The fixture's values are the IMF's published positions in the OECD's layout (see tests/fixtures/oecd/README.md):
they test the reading, not the OECD's figures. The snapshot holds no OECD payload.
"""

from __future__ import annotations

import csv
import io
import math

import pytest
import responses

from orchestration import validation
from orchestration.errors import SourceError
from orchestration.payloads import make_payload
from orchestration.settings import DBT_PROJECT_DIR, SNAPSHOT_DIR
from orchestration.sources import oecd
from tests.conftest import quick_http
from tests.payload_fixtures import OECD_FIXTURE as FIXTURE
from tests.payload_fixtures import with_content
from tests.suite_checks import the_failure, validate_payloads

URL = f"{oecd.DEFAULT_BASE_URL}/data/{oecd.flow_ref('DF_FDI_POS_CTRY')}/{oecd.series_key('DF_FDI_POS_CTRY')}"


@pytest.fixture
def payload():
    return make_payload(
        producer=oecd.PRODUCER,
        source="oecd",
        dataset=oecd.DATASET,
        url=URL,
        content=FIXTURE.read_bytes(),
        media_type="text/csv",
        licence=oecd.LICENCE,
    )


def fixture_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(FIXTURE.read_text())))


def seed_codes(code_list: str) -> set[str]:
    with (DBT_PROJECT_DIR / "seeds" / "oecd_fdi_codes.csv").open(newline="") as rows:
        return {row["oecd_code"] for row in csv.DictReader(rows) if row["code_list"] == code_list}


def edited(payload, column: str, new: str, row_number: int | None = None):
    """The payload with one column set to `new` in every row (or in one), written back in the same layout."""
    text = FIXTURE.read_text()
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    for number, row in enumerate(rows):
        if row_number is None or number == row_number:
            row[column] = new
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return with_content(payload, out.getvalue().encode())


def test_every_value_of_the_response_is_read_in_us_dollars_million(payload):
    frame = oecd.parse_fdi(payload).set_index(["measure_principle", "counterpart_area"])
    rows = fixture_rows()
    assert len(frame) == len(rows) == 11
    for row in rows:
        parsed = frame.loc[(row["MEASURE_PRINCIPLE"], row["COUNTERPART_AREA"])]
        if row["OBS_VALUE"]:
            assert parsed["value_usd_mn"] == float(row["OBS_VALUE"])
            assert parsed["value_status"] == "reported"
        else:
            assert math.isnan(parsed["value_usd_mn"])
    assert set(frame["dataflow_id"]) == {"DF_FDI_POS_CTRY"}
    assert set(frame["measure_code"]) == {"LE_FA_F"} and set(frame["activity_code"]) == {"_T"}


def test_confidential_and_missing_cells_are_rows_with_their_status_never_zero(payload):
    frame = oecd.parse_fdi(payload).set_index(["measure_principle", "counterpart_area"])
    assert frame.loc[("DI", "DNK"), "value_status"] == "confidential"
    assert frame.loc[("DI", "DNK"), "conf_status"] == "C"
    assert frame.loc[("DO", "DNK"), "value_status"] == "not_available"
    assert frame.loc[("DO", "DNK"), "obs_status"] == "M"
    assert not (frame["value_usd_mn"] == 0).any()


def test_the_request_asks_every_partner_and_activity_of_the_seed_and_nothing_else():
    dimensions = dict(zip(oecd.DIMENSIONS, oecd.series_key("DF_FDI_POS_CTRY").split("."), strict=True))
    assert set(dimensions["COUNTERPART_AREA"].split("+")) == seed_codes("COUNTERPART_AREA")
    assert (dimensions["REF_AREA"], dimensions["MEASURE"], dimensions["ACTIVITY"]) == ("JPN", "LE_FA_F", "_T")
    assert set(dimensions["MEASURE_PRINCIPLE"].split("+")) == {"DO", "DI"}
    by_industry = dict(zip(oecd.DIMENSIONS, oecd.series_key("DF_FDI_FLOW_IND").split("."), strict=True))
    assert set(by_industry["ACTIVITY"].split("+")) == seed_codes("ACTIVITY")
    assert (by_industry["COUNTERPART_AREA"], by_industry["MEASURE"]) == ("W", "T_FA_F")


def test_every_partner_and_activity_code_maps_to_the_warehouse():
    with (DBT_PROJECT_DIR / "seeds" / "oecd_fdi_codes.csv").open(newline="") as rows:
        seed = list(csv.DictReader(rows))
    with (DBT_PROJECT_DIR / "seeds" / "fdi_industry_sectors.csv").open(newline="") as rows:
        industries = {row["industry_code"] for row in csv.DictReader(rows)}
    assert all(row["partner_iso3"] for row in seed if row["code_list"] == "COUNTERPART_AREA")
    assert {row["industry_code"] for row in seed if row["code_list"] == "ACTIVITY"} <= industries


def test_live_fetch_asks_each_dataflow_once_as_sdmx_csv_with_labels():
    body = FIXTURE.read_bytes()
    with responses.RequestsMock() as mocked:
        for dataflow in oecd.DATAFLOWS:
            mocked.get(f"https://oecd.test/rest/data/{oecd.flow_ref(dataflow)}/{oecd.series_key(dataflow)}", body=body)
        payloads = list(oecd.fetch_fdi(oecd.OecdClient(base_url="https://oecd.test/rest", http=quick_http())))
        assert len(payloads) == len(oecd.DATAFLOWS) == 4
        assert all("format=csvfilewithlabels" in call.request.url for call in mocked.calls)
        assert all("dimensionAtObservation=AllDimensions" in call.request.url for call in mocked.calls)
    assert {p.origin.dataset for p in payloads} == {"fdi_by_partner_industry"}


@pytest.mark.parametrize(
    ("column", "value", "row", "message"),
    [
        ("UNIT_MULT", "3", 0, r"UNIT_MULT \['3', '6'\] differs from '6' \(millions\): unit multiplier changed"),
        ("CONF_STATUS", "Q", 3, r"unknown CONF_STATUS code\(s\) \['Q'\]"),
        ("CURRENCY", "EUR", None, r"CURRENCY \['EUR'\] is not US dollars"),
        (
            "STRUCTURE_ID",
            "OECD.SDD.TPS:DSD_BATIS@DF_BATIS(1.0)",
            None,
            r"STRUCTURE_ID .* is not one of the FDI dataflows",
        ),
        ("TIME_PERIOD", "2024-Q4", None, r"TIME_PERIOD values .* are not years"),
        ("OBS_VALUE", "1,234.5", 0, r"not a number at line 2 \(DO USA _T 2024\)"),
        # A dash is no missing value in SDMX-CSV (that is an empty OBS_VALUE): refused, not read as 'not_available'.
        ("OBS_VALUE", "-", 0, r"not a number at line 2 \(DO USA _T 2024\): '-'"),
    ],
)
def test_a_bad_response_names_the_source_the_payload_and_the_problem(payload, column, value, row, message):
    with pytest.raises(SourceError, match=message) as raised:
        oecd.parse_fdi(edited(payload, column, value, row))
    assert str(raised.value).startswith("oecd: ") and URL in str(raised.value)


@pytest.mark.parametrize(
    ("column", "value", "row", "expectation", "failed_on", "shown"),
    [
        ("COUNTERPART_AREA", "XYZ", 2, "expect_column_values_to_be_in_set", "counterpart_area", "'XYZ'"),
        ("ACTIVITY", "C", 1, "expect_column_values_to_be_in_set", "activity_code", "'C'"),
        (
            "MEASURE",
            "T_FA_F",
            0,
            "expect_column_pair_values_to_be_in_set",
            "dataflow_id, measure_code",
            "('DF_FDI_POS_CTRY', 'T_FA_F')",
        ),
    ],
    ids=["partner-not-in-seed", "activity-in-a-dataflow-by-partner", "measure-of-another-dataflow"],
)
def test_a_code_the_dataflow_does_not_hold_fails_the_suite_naming_it(
    payload, tmp_path, column, value, row, expectation, failed_on, shown
):
    assert validate_payloads(oecd.FDI_BY_PARTNER_INDUSTRY, [payload], tmp_path / "as-recorded").success
    bad = edited(payload, column, value, row)
    failure = the_failure(validate_payloads(oecd.FDI_BY_PARTNER_INDUSTRY, [bad], tmp_path / "edited"))
    assert (failure["expectation"], failure["column"]) == (expectation, failed_on)
    assert shown in failure["detail"]


def test_a_confidential_cell_with_a_value_is_refused(payload):
    with pytest.raises(SourceError, match=r"confidential cell \(CONF_STATUS C\) carries a value"):
        oecd.parse_fdi(edited(payload, "OBS_VALUE", "0", 9))


def test_a_renamed_dimension_is_schema_drift(payload):
    renamed = FIXTURE.read_bytes().replace(b"COUNTERPART_AREA,", b"COUNTERPART,", 1)
    with pytest.raises(SourceError, match=r"column\(s\) \['COUNTERPART_AREA'\] missing .*schema drift"):
        oecd.parse_fdi(with_content(payload, renamed))


def test_a_duplicated_observation_is_refused(payload):
    lines = FIXTURE.read_bytes().split(b"\r\n")
    with pytest.raises(SourceError, match="duplicated observations"):
        oecd.FDI_BY_PARTNER_INDUSTRY.read(with_content(payload, b"\r\n".join([*lines[:2], lines[1], *lines[2:]])))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html><html><body>Service unavailable</body></html>", "HTML page instead of data"),
        (b"NoRecordsFound", "not SDMX-CSV of DSD_FDI"),
        (b"", "empty payload"),
    ],
)
def test_a_page_that_is_not_sdmx_csv_is_refused(payload, content, message):
    with pytest.raises(SourceError, match=message):
        oecd.parse_fdi(with_content(payload, content))


def test_the_header_only_response_is_an_empty_dataset(payload):
    header = FIXTURE.read_bytes().split(b"\r\n")[0] + b"\r\n"
    with pytest.raises(SourceError, match="empty dataset"):
        oecd.parse_fdi(with_content(payload, header))


def test_the_snapshot_holds_no_oecd_payload_and_the_dataset_is_live_only():
    assert not (SNAPSHOT_DIR / "oecd").exists()
    assert oecd.FDI_BY_PARTNER_INDUSTRY.live_only_schema is not None
    assert set(oecd.FDI_BY_PARTNER_INDUSTRY.live_only_schema) == set(
        oecd.parse_fdi(
            make_payload(
                producer="p",
                source="oecd",
                dataset=oecd.DATASET,
                url=URL,
                content=FIXTURE.read_bytes(),
                media_type="text/csv",
                licence="l",
            )
        ).columns
    )


def test_the_great_expectations_suite_accepts_exactly_the_codes_of_the_seed():
    suite = validation.load_suite("oecd__fdi_by_partner_industry")
    value_sets = {
        e.kwargs["column"]: set(e.kwargs["value_set"])
        for e in suite.expectation_configurations
        if e.type == "expect_column_values_to_be_in_set" and "row_condition" not in e.kwargs
    }
    assert value_sets["counterpart_area"] == seed_codes("COUNTERPART_AREA")
    assert value_sets["activity_code"] == seed_codes("ACTIVITY")
    assert "dataflow_id" not in value_sets  # the parser refuses any other dataflow: the suite cannot fail on it
