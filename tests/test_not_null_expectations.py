"""Every not-null expectation of the suites can fail: a payload with that field missing or null loads a null the suite
names. Where the parser can never emit a null (a constant, a label it reads, a field it checks) the suite holds no such
expectation, and the parser's own refusal of the field's absence is proven here or in the source's test file."""

from __future__ import annotations

import json
import re

import pytest

from orchestration.errors import SourceError
from orchestration.payloads import make_payload
from orchestration.sources import boj, comtrade, imf, mof, oecd
from orchestration.sources.base import to_number
from orchestration.sources.estat import api, client, files
from orchestration.validation import SUITES_DIR, load_suite
from tests.payload_fixtures import ESTAT_FIXTURES, OECD_FIXTURE, snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


def null_in_first_series(field: str):
    """A BOJ page whose first series sends `field` (a series field, or one of its SURVEY_DATES) as JSON null."""

    def edit(content: bytes) -> bytes:
        envelope = json.loads(content)
        series = envelope["RESULTSET"][0]
        if field == "SURVEY_DATES":
            series["VALUES"]["SURVEY_DATES"][0] = None
        else:
            series[field] = None
        return json.dumps(envelope).encode()

    return edit


def null_primary_value(content: bytes) -> bytes:
    page = json.loads(content)
    page["data"][0]["primaryValue"] = None
    return json.dumps(page).encode()


def without_first_attribute(name: str):
    """An SDMX-ML payload whose first element carrying attribute `name` (a Series, or an Obs) lacks it."""
    return lambda content: re.sub(rf'\s{name}="[^"]*"'.encode(), b"", content, count=1)


# Each not-null expectation of the suites, and a payload edited the way its source would break to fail it.
CAN_FAIL = [
    (boj.BP01_MONTHLY, null_in_first_series("SERIES_CODE"), "series_code"),
    (boj.BP01_MONTHLY, null_in_first_series("SURVEY_DATES"), "period_code"),
    (boj.BP01_SERVICES_MONTHLY, null_in_first_series("SERIES_CODE"), "series_code"),
    (boj.BP01_SERVICES_MONTHLY, null_in_first_series("SURVEY_DATES"), "period_code"),
    (comtrade.GOODS, null_primary_value, "primary_value"),
    (imf.BOP_ANNUAL, without_first_attribute("OBS_VALUE"), "obs_value"),
    (imf.DIP_POSITIONS, without_first_attribute("INDICATOR"), "indicator_code"),
    (imf.DIP_POSITIONS, without_first_attribute("COUNTERPART_COUNTRY"), "counterpart_code"),
    (imf.DIP_POSITIONS, without_first_attribute("TIME_PERIOD"), "time_period"),
]


@pytest.mark.parametrize(
    ("dataset", "edit", "column"),
    CAN_FAIL,
    ids=[f"{dataset.raw_table}.{column}" for dataset, _, column in CAN_FAIL],
)
def test_a_field_the_source_sends_null_or_leaves_out_fails_the_not_null_expectation(dataset, edit, column, tmp_path):
    good = snapshot_payloads(dataset.source, dataset.dataset)[0]
    bad = with_content(good, edit(good.content))
    assert dataset.read(bad)[column].isna().any()  # the parser loads the null rather than inventing a value
    failure = the_failure(validate_payloads(dataset, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_not_be_null", column)


def test_every_not_null_expectation_of_the_suites_is_one_proven_to_fail_above():
    not_null = {
        (path.stem, e.kwargs["column"])
        for path in SUITES_DIR.glob("*.json")
        for e in load_suite(path.stem).expectation_configurations
        if e.type == "expect_column_values_to_not_be_null"
    }
    assert not_null == {(dataset.raw_table, column) for dataset, _, column in CAN_FAIL}


# --- where the parser cannot emit a null, it refuses the payload that lacks the field ----------------------------


def oecd_payload(content: bytes):
    return make_payload(
        producer=oecd.PRODUCER,
        source=oecd.SOURCE,
        dataset=oecd.DATASET,
        url="https://sdmx.oecd.org/public/rest/data/fixture",
        content=content,
        media_type="text/csv",
        licence=oecd.LICENCE,
    )


@pytest.mark.parametrize(
    "edit",
    [lambda line: line[: line.index(",_T,")], lambda line: line + ",extra"],
    ids=["short", "long"],
)
def test_an_oecd_row_without_the_headers_fields_is_refused_not_loaded_with_nulls(edit):
    lines = OECD_FIXTURE.read_bytes().decode().split("\r\n")
    lines[2] = edit(lines[2])
    with pytest.raises(SourceError, match=r"^oecd: line 3 does not have the header's 44 fields \(truncated\?\)"):
        oecd.parse_fdi(oecd_payload("\r\n".join(lines).encode()))


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ('"010121000","純粋種', r"statistical code '' at row 2 is not a 9-digit code"),
        ('"50105","105_中華人民共和国","2025000000","2025年","","ＮＯ"', r"area code '' at row 2 .* trade area code"),
        ('"2025000000","2025年","","ＮＯ"', r"time code '' at row 2 .* is not a calendar year"),
    ],
    ids=["code", "area", "time"],
)
def test_an_estat_row_with_an_empty_key_field_is_refused(cell, problem):
    text = (ESTAT_FIXTURES / "export_2025_01_page1.csv").read_text(encoding="utf-8")
    emptied = re.sub(r'^"[^"]*"', '""', cell)  # the cell's first field sent empty
    assert cell in text
    page = make_payload(
        producer=client.PRODUCER,
        source=client.SOURCE,
        dataset=api.DATASET,
        url="https://api.e-stat.go.jp/rest/3.0/app/getSimpleStatsData?statsDataId=0003425293&startPosition=1",
        content=text.replace(cell, emptied, 1).encode(),
        media_type="text/csv",
        licence=client.LICENCE,
    )
    with pytest.raises(SourceError, match=rf"^estat: {problem}"):
        api.parse_hs9_country(page)


@pytest.mark.parametrize(
    ("dataset", "problem"),
    [
        ("bop_summary_annual", r"line 6: \['平成26年', '', '', ''\] names no period"),
        ("services_annual", r"line 6: \['平成26年', '', '', ''\] names no period"),
        ("bop_summary_monthly", r"line 6: \['', 'Apr\(P\)'\] is not a month .* of a known year"),
    ],
)
def test_a_mof_row_without_its_year_is_refused(dataset, problem):
    payload = snapshot_payloads("mof", dataset)[0]
    lines = payload.content.decode("cp932").split("\r\n")
    lines[5] = re.sub(r"^([^,]*,[^,]*,)[^,]*", r"\1", lines[5])  # the first period row's year cell, emptied
    with pytest.raises(SourceError, match=rf"^mof: {problem}"):
        mof.parse_trend_table(with_content(payload, "\r\n".join(lines).encode("cp932")), dataset)


def test_a_mof_direct_investment_table_without_its_year_is_refused():
    payload = next(p for p in snapshot_payloads("mof", mof.FDI_DATASET) if b"CY2014" in p.content)
    with pytest.raises(SourceError, match=r"^mof: title names no single direction and calendar year \(CYyyyy\)"):
        mof.parse_fdi_region_industry(with_content(payload, payload.content.replace(b"CY2014", b"CY")))


@pytest.mark.parametrize("mark", ["…", "NaN"])
@pytest.mark.parametrize(
    ("dataset", "figure", "parse"),
    [
        ("bop_summary_annual", '"26,266"', lambda payload: mof.parse_trend_table(payload, "bop_summary_annual")),
        (mof.FDI_DATASET, '"57,494"', mof.parse_fdi_region_industry),
    ],
    ids=["trend-table", "direct-investment-table"],
)
def test_a_mof_cell_with_a_mark_the_ministry_does_not_write_is_refused_not_loaded_as_published_without_a_figure(
    mark, dataset, figure, parse
):
    payload = next(p for p in snapshot_payloads("mof", dataset) if figure.encode() in p.content)
    marked = payload.content.decode("cp932").replace(figure, mark, 1).encode("cp932")
    with pytest.raises(SourceError, match=rf"^mof: not a number at line \d+, \w+: '{mark}'"):
        parse(with_content(payload, marked))


def test_a_mof_direct_investment_row_without_its_industry_label_fails_the_code_list_naming_the_empty_label(tmp_path):
    payload = next(p for p in snapshot_payloads("mof", mof.FDI_DATASET) if b",Food," in p.content)
    bad = with_content(payload, payload.content.replace(b",Food,", b",,", 1))
    assert (mof.parse_fdi_region_industry(bad)["industry_code"] == "").any()  # read as an empty label, never null
    dataset = next(d for d in mof.DATASETS if d.dataset == mof.FDI_DATASET)
    failure = the_failure(validate_payloads(dataset, [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "industry_code")
    assert "''" in failure["detail"]


@pytest.mark.parametrize("mark", ["nan", "NaN", "-", "…", "..."])
def test_nan_in_any_spelling_is_a_missing_figure_so_the_estat_files_refuse_it_and_leave_out_only_an_empty_cell(mark):
    payload = snapshot_payloads("estat", "trade_area_commodity")[0]
    spellings = ("NaN", "nan", "NAN", float("nan"), "12.5")
    assert [to_number(raw, payload, "here") for raw in spellings] == [None, None, None, None, 12.5]
    lines = payload.content.decode("cp932").split("\r\n")
    row = next(n for n, line in enumerate(lines) if re.match(r"^[12],", line))
    cells = lines[row].split(",")
    figure = next(n for n, cell in enumerate(cells) if n >= 2 and cell.isdigit())

    def with_figure(text: str):
        lines[row] = ",".join([*cells[:figure], text, *cells[figure + 1 :]])
        return with_content(payload, "\r\n".join(lines).encode("cp932"))

    as_empty = files.AREA_COMMODITY.read(with_figure(""))  # the format's only "none"
    assert len(as_empty) == len(files.AREA_COMMODITY.read(payload)) - 1
    assert as_empty["value_jpy_1000"].notna().all()
    # A mark the format does not write is refused, naming it, rather than left out like an empty cell.
    with pytest.raises(SourceError, match=rf"^estat: not a number at line {row + 1}, .*: '{re.escape(mark)}'"):
        files.AREA_COMMODITY.read(with_figure(mark))
