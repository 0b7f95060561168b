"""Ministry of Finance annual tables (s-1 summary, s-2 services): the Shift_JIS CSV layout, every kind of bad table,
the live fetch, and the FY2024 / calendar 2024 headline figures as the published file gives them back."""

from __future__ import annotations

import csv
import re

import pytest
import responses

from orchestration.errors import SourceError
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources import mof
from tests.conftest import quick_http
from tests.payload_fixtures import as_position_text, snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


def release(dataset: str, date: str, frequency: str):
    (payload,) = [
        p
        for p in snapshot_payloads("mof", dataset)
        if p.origin.published == date and p.path.name.endswith(f"-{mof.FREQUENCY_FILES[frequency]}.csv")
    ]
    return payload


def lines_of(payload) -> list[str]:
    return payload.content.decode("cp932").split("\r\n")


def rewritten(payload, lines: list[str], encoding: str = "cp932"):
    return with_content(payload, "\r\n".join(lines).encode(encoding))


def fy2024_line(lines: list[str]) -> int:
    return next(number for number, line in enumerate(lines) if ",FY2024(P)," in line)


def published_cells(frame):
    return frame[frame.cell_status == "published"].set_index("item_code").value_jpy_100m.to_dict()


def test_the_fy2024_preliminary_release_reads_as_published():
    frame = mof.parse_trend_table(release("bop_summary_annual", "2025-05-12", "fiscal_year"), "bop_summary_annual")
    fy2024 = frame[frame.year == 2024]
    assert set(fy2024.frequency) == {"fiscal_year"} and fy2024.is_preliminary.all()
    assert published_cells(fy2024) == {
        "CAB": 303771,
        "G": -40480,
        "GX": 1062390,
        "GM": 1102870,
        "S": -25767,
        "IN1": 417114,
    }
    # A cell the release was not quoted for is kept as not published, never as zero.
    assert fy2024.set_index("item_code").loc["IN2", "cell_status"] == "not_published"


def test_every_exact_quote_of_a_release_is_in_that_release_payload():
    quotes = [
        row
        for row in csv.DictReader((SNAPSHOT_DIR / "figures" / "mof_bop_published.csv").open(encoding="utf-8"))
        if row["basis"] in mof.FREQUENCY_FILES
        and row["status"] in {"preliminary", "revised"}
        and row["source"].startswith("MOF")
        and len(row["published"]) == 10
        and not row["note"].upper().startswith("APPROXIMATE")
    ]
    parsed = {}
    for dataset in ("bop_summary_annual", "bop_summary_monthly"):
        for payload in snapshot_payloads("mof", dataset):
            for row in mof.parse_trend_table(payload, dataset).itertuples():
                period = f"{row.year}-{row.month:02d}" if row.frequency == "month" else str(row.year)
                parsed[(payload.origin.published, row.frequency, period, row.item_code)] = (
                    row.value_jpy_100m,
                    row.is_preliminary,
                )
    codes = {
        "current_account": "CAB",
        "goods": "G",
        "services": "S",
        "primary_income": "IN1",
        "secondary_income": "IN2",
        "goods_and_services": "GS",
        "goods_exports": "GX",
        "goods_imports": "GM",
        "capital_account": "KAB",
        "financial_account": "FAB",
        "errors_and_omissions": "EO",
    }
    assert len(quotes) > 250
    for quote in quotes:
        key = (quote["published"], quote["basis"], quote["period"].removeprefix("FY"), codes[quote["item"]])
        assert parsed[key] == (float(quote["value_jpy_100m"]), quote["status"] == "preliminary"), quote


def test_services_table_carries_travel_fy2024():
    frame = mof.parse_trend_table(release("services_annual", "2025-05-12", "fiscal_year"), "services_annual")
    assert published_cells(frame[frame.year == 2024]) == {"S": -25767, "SD": 66864}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda ls: [ls[0], ls[1], ls[2].replace("億円", "百万円"), *ls[3:]], "unit changed"),
        (lambda ls: [line.replace("FY2024(P)", "FY2024年度") for line in ls], "is not a year"),
        (lambda ls: [line.replace('"303,771"', '"313,771"') for line in ls], "identity CAB = GS + IN1 + IN2"),
        (lambda ls: ["<html><body>メンテナンス中</body></html>"], "HTML page"),
    ],
    ids=["unit", "period-label", "identity", "html"],
)
def test_a_bad_table_names_the_source_and_the_problem(edit, message):
    payload = release("bop_summary_annual", "2025-05-12", "fiscal_year")
    lines = lines_of(payload)
    if "identity" in message:
        # make the identity testable: add the parts the release was quoted for
        header = lines[4].split(",")
        row = fy2024_line(lines)
        cells = next(csv.reader([lines[row]]))
        for label, value in {"Goods & services": "-66,247", "Secondary income": "-47,096"}.items():
            cells[header.index(label)] = value
        lines[row] = ",".join(f'"{c}"' if "," in c else c for c in cells)
        assert mof.parse_trend_table(rewritten(payload, lines), "bop_summary_annual") is not None
    with pytest.raises(SourceError, match=re.escape(message)) as failure:
        mof.parse_trend_table(rewritten(payload, edit(lines)), "bop_summary_annual")
    assert failure.value.source == "mof" and str(payload.path) in str(failure.value)


def dataset(name: str):
    return next(d for d in mof.DATASETS if d.dataset == name)


def test_a_renamed_column_fails_the_suite_naming_its_header(tmp_path):
    payload = release("bop_summary_annual", "2025-05-12", "fiscal_year")
    lines = lines_of(payload)
    renamed = [*lines[:4], lines[4].replace("Primary income", "Primary income (new)"), *lines[5:]]
    failure = the_failure(validate_payloads(dataset("bop_summary_annual"), [rewritten(payload, renamed)], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "item_code")
    assert "'Primary income (new)'" in failure["detail"]


def test_a_confidential_cell_is_a_row_with_its_status_not_a_zero():
    payload = release("services_annual", "2025-05-12", "fiscal_year")
    lines = lines_of(payload)
    row = fy2024_line(lines)
    lines[row] = lines[row].replace('"66,864"', "X")
    frame = mof.parse_trend_table(rewritten(payload, lines), "services_annual")
    travel = frame[(frame.year == 2024) & (frame.item_code == "SD")].iloc[0]
    assert travel.cell_status == "confidential" and travel.value_jpy_100m != travel.value_jpy_100m  # NaN, not 0


def test_a_utf8_copy_of_the_table_reads_the_same():
    payload = release("bop_summary_annual", "2025-05-12", "fiscal_year")
    utf8 = rewritten(payload, lines_of(payload), encoding="utf-8")
    assert mof.parse_trend_table(utf8, "bop_summary_annual").equals(
        mof.parse_trend_table(payload, "bop_summary_annual")
    )


@responses.activate
def test_live_fetch_downloads_the_calendar_and_fiscal_year_files():
    mirror = mof.MofClient(base_url="https://mof.test/sbp", http=quick_http())
    for frequency in mof.FREQUENCY_FILES:
        responses.get(
            mof.file_url(mirror, "bop_summary_annual", frequency),
            body=release("bop_summary_annual", "2025-05-12", "fiscal_year").content,
        )
    payloads = list(mof.fetch_trend_table(mirror, "bop_summary_annual"))
    assert [p.origin.url for p in payloads] == [
        "https://mof.test/sbp/s-1/6s-1-1.csv",
        "https://mof.test/sbp/s-1/6s-1-2.csv",
    ]
    assert all(p.origin.source == "mof" and p.origin.dataset == "bop_summary_annual" for p in payloads)


BASIS_FIGURES = [
    # (period, frequency, table, item, value in 100 million yen, status, release): MOF's releases as the press quoted them
    ("FY2024", "fiscal_year", "s-1", "CAB", 303771, "preliminary", "2025-05-12"),
    ("FY2024", "fiscal_year", "s-1", "S", -25767, "preliminary", "2025-05-12"),
    ("FY2024", "fiscal_year", "s-2", "SD", 66864, "preliminary", "2025-05-12"),
    ("2024", "calendar_year", "s-1", "CAB", 292615, "preliminary", "2025-02-10"),
    ("2024", "calendar_year", "s-1", "G", -38990, "preliminary", "2025-02-10"),
    ("2024", "calendar_year", "s-1", "S", -26162, "preliminary", "2025-02-10"),
    ("2024", "calendar_year", "s-1", "IN1", 402072, "preliminary", "2025-02-10"),
    ("2024", "calendar_year", "s-1", "G", -36602, "revised", "2026-02-09"),
]


@pytest.mark.parametrize("figure", BASIS_FIGURES, ids=[f"{f[0]}-{f[3]}-{f[5]}" for f in BASIS_FIGURES])
def test_the_published_file_gives_back_each_release_figure_with_its_basis(published, figure):
    period, frequency, table, item, value, status, release_date = figure
    rows = published.execute(
        "select value_jpy_100m, release_status from marts.bop_japan_releases where period_label = ? and frequency = ?"
        " and table_code = ? and item_code = ? and release_date = ?",
        [period, frequency, table, item, release_date],
    ).fetchall()
    assert rows == [(value, status)]


def test_bop_japan_carries_the_newest_release_of_each_figure(published):
    rows = dict(
        published.execute(
            "select bop_item_code, value_jpy_100m from marts.bop_japan"
            " where source = 'mof' and period_label = '2024' and bop_item_code in ('G', 'CAB')"
        ).fetchall()
    )
    assert rows == {
        "G": -36602,
        "CAB": 292615,
    }  # goods revised in the 2026 release; the current account as first stated


def test_the_fy_travel_surplus_and_services_deficit_reach_the_travel_vs_digital_mart(published):
    travel, services, digital_status = published.execute(
        "select travel_net_jpy_100m, services_net_jpy_100m, digital_status from marts.services_travel_vs_digital"
        " where period_label = 'FY2024'"
    ).fetchone()
    assert (travel, services) == (66864, -25767)
    assert digital_status.startswith("not computable")


# --- direct investment by region and industry -------------------------------------------------------------------------


def fdi_table(direction: str, year: int):
    (payload,) = [p for p in snapshot_payloads("mof", mof.FDI_DATASET) if p.path.name == f"{direction}_{year}.csv"]
    return payload


def test_the_2014_outward_table_keeps_confidential_cells_and_minus_signs():
    frame = mof.parse_fdi_region_industry(fdi_table("outward", 2014)).set_index(["region_code", "industry_code"])
    assert frame.loc[("MOF_LATAM", "MOF_C"), "value_jpy_100m"] == 3920
    assert frame.loc[("MOF_LATAM", "MOF_N10"), "value_jpy_100m"] == -94  # '▲94': services disinvested
    assert frame.loc[("MOF_LATAM", "MOF_N02"), "cell_status"] == "confidential"  # 'X': fewer than three reports
    assert frame.loc[("MOF_OCEANIA", "MOF_C02"), "cell_status"] == "not_published"  # '.': no report
    assert set(frame.direction) == {"outward"} and set(frame.year) == {2014}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("億円", "百万円"), "unit changed"),
        (lambda text: text.replace("Ⅰ.対外直接投資", "Ⅰ.直接投資"), "no single direction"),
        (lambda text: text.replace('"3,920"', "3,92O"), "not a number"),
    ],
    ids=["unit", "direction", "number"],
)
def test_a_bad_fdi_table_names_the_source_and_the_problem(edit, message):
    payload = fdi_table("outward", 2014)
    bad = with_content(payload, edit(payload.content.decode("cp932")).encode("cp932"))
    with pytest.raises(SourceError, match=re.escape(message)):
        mof.parse_fdi_region_industry(bad)


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [(",Mining,", ",Mining and quarrying,", "industry_code"), (",Oceania,", ",Pacific,", "region_code")],
    ids=["industry", "region"],
)
def test_an_unknown_fdi_industry_or_region_fails_the_suite_naming_its_label(tmp_path, old, new, column):
    payload = fdi_table("outward", 2014)
    bad = with_content(payload, payload.content.decode("cp932").replace(old, new).encode("cp932"))
    failure = the_failure(validate_payloads(dataset(mof.FDI_DATASET), [bad], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", column)
    assert repr(new.strip(",")) in failure["detail"]


def test_the_lac_sector_split_adds_up_to_the_region_total_with_its_coverage(published):
    split = {
        sector: (value, reported, confidential)
        for sector, value, reported, confidential in published.execute(
            "select sector, value_jpy_100m, industries_reported, industries_confidential from marts.fdi_sector_split_by_region"
            " where region_code = 'MOF_LATAM' and year = 2014 and direction = 'outward'"
        ).fetchall()
    }
    # The table's own totals (manufacturing 3,920; non-manufacturing 3,528) against its published industries.
    assert split["total"][0] == 3920 + 3528
    assert split["manufacturing"] == (3920, 11, 1)
    assert split["primary"] == (39 + 977, 2, 1)  # farming and forestry, mining; fishery confidential
    assert split["services"][0] == 8 + 286 + 146 + 294 + 1082 + 161 - 94
    assert split["unallocated"][0] == 3528 - split["primary"][0] - split["services"][0]
    assert sum(value for sector, (value, _, _) in split.items() if sector != "total") == split["total"][0]


# --- the monthly summary table (6s-1-4.csv) ---------------------------------------------------------------------------


def test_the_monthly_table_carries_the_capital_and_financial_accounts_and_errors():
    (payload,) = [p for p in snapshot_payloads("mof", "bop_summary_monthly") if p.origin.published == "2024-04-08"]
    frame = mof.parse_trend_table(payload, "bop_summary_monthly")
    january = published_cells(frame[(frame.year == 2024) & (frame.month == 1)])
    assert {code: january[code] for code in ("CAB", "KAB", "FAB", "EO")} == {
        "CAB": 4382,
        "KAB": -1,
        "FAB": 18089,
        "EO": 13709,
    }
    assert (
        frame[(frame.year == 2024)].is_preliminary.all()
        and not frame[(frame.year == 2023) & (frame.month == 1)].is_preliminary.any()
    )
    # The year is written on each year's first row only: December 2023 is still 2023.
    assert set(frame[frame.month == 12].year) == {2023}


def test_a_monthly_table_breaking_the_overall_balance_is_refused():
    (payload,) = [p for p in snapshot_payloads("mof", "bop_summary_monthly") if p.origin.published == "2024-04-08"]
    broken = with_content(payload, payload.content.replace(b'"13,709"', b'"23,709"'))
    with pytest.raises(SourceError, match=re.escape("identity FAB = CAB + KAB + EO broken in month 2024-01")):
        mof.parse_trend_table(broken, "bop_summary_monthly")


def test_bop_japan_holds_the_ministrys_months_with_every_account(published):
    rows = dict(
        published.execute(
            "select bop_item_code, value_jpy_100m from marts.bop_japan where source = 'mof' and period_label = '2024-02'"
        ).fetchall()
    )
    assert rows["CAB"] + rows["KAB"] - rows["FAB"] + rows["EO"] == 0
    assert rows["FAB"] == 16699


@responses.activate
def test_live_fdi_fetch_skips_last_year_until_the_ministry_publishes_it():
    for direction in ("outward", "inward"):
        responses.get(f"https://mof.test/bpfdi/{direction}_2023.csv", body=fdi_table("outward", 2014).content)
        responses.get(f"https://mof.test/bpfdi/{direction}_2024.csv", status=404)
    client = mof.MofClient(fdi_url_template="https://mof.test/bpfdi/{direction}_{year}.csv", http=quick_http(0))
    payloads = list(mof.fetch_fdi_region_industry(client, years=range(2023, 2025)))
    assert [p.origin.url.rsplit("/", 1)[1] for p in payloads] == ["outward_2023.csv", "inward_2023.csv"]
    with pytest.raises(SourceError, match="HTTP 404"):
        list(mof.fetch_fdi_region_industry(client, years=range(2024, 2026)))


def test_the_revisions_mart_shows_what_a_later_release_revised(published):
    rows = published.execute(
        "select previous_value, revised_value, previous_vintage::varchar, revised_vintage::varchar from marts.revisions"
        " where dataset = 'mof__bop_summary_annual' and series_key = 'G.calendar_year' and period_label = '2024'"
    ).fetchall()
    assert rows == [(-38990, -36602, "2025-02-10", "2026-02-09")]


# --- direct-investment positions by region and industry (live only: no published table of positions was found) -------


def as_position_table(payload):
    return with_content(payload, as_position_text(payload.content.decode("cp932")).encode("cp932"))


def test_a_table_of_positions_reads_as_positions_and_keeps_confidential_cells():
    positions = mof.parse_fdi_region_industry(as_position_table(fdi_table("outward", 2014)), measure="position")
    flows = mof.parse_fdi_region_industry(fdi_table("outward", 2014))
    assert positions.equals(flows)
    assert (
        (positions.set_index(["region_code", "industry_code"]).loc[("MOF_LATAM", "MOF_N02"), "cell_status"])
        == "confidential"
    )


def test_each_fdi_table_is_read_only_by_the_dataset_of_its_measure():
    with pytest.raises(SourceError, match=r"^mof: the title names a table of flows, not of positions"):
        mof.parse_fdi_region_industry(fdi_table("outward", 2014), measure="position")
    with pytest.raises(SourceError, match=r"^mof: the title names a table of positions, not of flows"):
        mof.parse_fdi_region_industry(as_position_table(fdi_table("outward", 2014)))


def test_the_positions_dataset_is_live_only_and_fetches_from_its_own_location():
    (dataset,) = [d for d in mof.DATASETS if d.dataset == mof.FDI_POSITIONS_DATASET]
    assert dataset.live_only_schema is not None
    assert not (SNAPSHOT_DIR / "mof" / mof.FDI_POSITIONS_DATASET).exists()
    client = mof.MofClient(
        fdi_positions_url_template="https://mof.test/iip/{direction}_position_{year}.csv", http=quick_http()
    )
    body = as_position_table(fdi_table("outward", 2014)).content
    with responses.RequestsMock() as mocked:
        for direction in ("outward", "inward"):
            mocked.get(f"https://mof.test/iip/{direction}_position_2023.csv", body=body)
        payloads = list(mof.fetch_fdi_region_industry(client, years=range(2023, 2024), measure="position"))
    assert {p.origin.dataset for p in payloads} == {mof.FDI_POSITIONS_DATASET}
    assert set(dataset.read(payloads[0]).columns) == set(dataset.live_only_schema)
