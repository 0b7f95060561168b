"""Expectations beyond not-null that a parser sets from its own fixed list can still fail where the payload's layout
picks the value; those the parser decides alone (a status it assigns, a code it checked, a length it built) are gone
from the suites, and the Ministry of Finance's tables refuse a row that would lose or invent a cell."""

from __future__ import annotations

import pytest

from orchestration.errors import SourceError
from orchestration.sources import mof
from orchestration.validation import SUITES_DIR, load_suite
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


def mof_dataset(name: str):
    return next(d for d in mof.DATASETS if d.dataset == name)


def edited(dataset: str, old: str, new: str):
    """The first snapshot payload of `dataset` holding `old`, with it replaced once by `new` (the file is cp932)."""
    payload = next(p for p in snapshot_payloads("mof", dataset) if old.encode("cp932") in p.content)
    return with_content(payload, payload.content.decode("cp932").replace(old, new, 1).encode("cp932"))


@pytest.mark.parametrize(
    ("dataset", "old", "new", "frequency"),
    [
        ("bop_summary_annual", ",2014(P),,", ",2014(P),Jan,", "month"),  # a month's row in the yearly table
        ("bop_summary_monthly", ",2014,Apr(P),", ",2014,,", "calendar_year"),  # a year's row in the monthly table
    ],
    ids=["annual-file-with-a-month", "monthly-file-with-a-year"],
)
def test_a_row_of_another_frequency_fails_the_frequency_expectation(dataset, old, new, frequency, tmp_path):
    bad = edited(dataset, old, new)
    assert set(mof_dataset(dataset).read(bad)["frequency"]) == {frequency}
    failure = the_failure(validate_payloads(mof_dataset(dataset), [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "frequency")
    assert repr(frequency) in failure["detail"]


BLANK_HEADER, SHORT_ROW = "which has no English header", r"cells where the header names \d+ \(truncated\?\)"


@pytest.mark.parametrize(
    ("dataset", "old", "new", "problem"),
    [
        ("bop_summary_annual", ",Primary income,", ",,", rf"line 6: '180,712' in column 11, {BLANK_HEADER}"),
        (mof.FDI_DATASET, ",Oceania,", ",,", rf"line 6: '1,358' in column 7, {BLANK_HEADER}"),
        ("bop_summary_annual", '"-19,877",,,,,,,,', '"-19,877"', rf"line 6: 12 {SHORT_ROW}"),
        (mof.FDI_DATASET, ",956,,,", ",956", rf"line 6: 10 {SHORT_ROW}"),
    ],
    ids=["trend-table-blank-header", "fdi-table-blank-header", "trend-table-short-row", "fdi-table-short-row"],
)
def test_a_mof_figure_under_a_blank_header_or_a_row_shorter_than_its_header_is_refused_not_lost(
    dataset, old, new, problem
):
    """A figure under a blank header would be dropped with its column; a short row's missing cells would load as
    not_published."""
    with pytest.raises(SourceError, match=rf"^mof: {problem} \[payload: .*\.csv\]"):
        mof_dataset(dataset).read(edited(dataset, old, new))


# The expectations the audit removed: the parser alone decides the value, so no payload can fail them.
DECIDED_BY_THE_PARSER = {
    ("estat__trade_area_commodity", "expect_column_values_to_be_in_set", "flow"),
    ("estat__trade_hs9_country", "expect_column_values_to_be_in_set", "flow"),
    ("estat__trade_hs9_country", "expect_column_values_to_be_in_set", "stats_data_id"),
    *(
        ("estat__trade_hs9_country", "expect_column_value_lengths_to_equal", column)
        for column in ("stat_code_9", "hs6_code", "area_code", "customs_country_code", "period")
    ),
    *(
        (suite, "expect_column_values_to_be_in_set", "cell_status")
        for suite in (
            "mof__bop_summary_annual",
            "mof__bop_summary_monthly",
            "mof__services_annual",
            "mof__fdi_region_industry_annual",
            "mof__fdi_region_industry_positions",
        )
    ),
    ("mof__bop_summary_monthly", "expect_column_values_to_be_between", "month"),
    ("mof__fdi_region_industry_annual", "expect_column_values_to_be_in_set", "direction"),
    ("mof__fdi_region_industry_positions", "expect_column_values_to_be_in_set", "direction"),
    ("imf__dip_positions", "expect_column_values_to_be_in_set", "value_status"),
    ("oecd__fdi_by_partner_industry", "expect_column_values_to_be_in_set", "value_status"),
    ("oecd__fdi_by_partner_industry", "expect_column_values_to_be_in_set", "dataflow_id"),
}


def test_no_suite_holds_an_expectation_only_the_parser_decides():
    held = {
        (path.stem, e.type, e.kwargs.get("column"))
        for path in SUITES_DIR.glob("*.json")
        for e in load_suite(path.stem).expectation_configurations
        if "row_condition" not in e.kwargs
    }
    assert not held & DECIDED_BY_THE_PARSER
