"""Ministry of Finance, Japan: the balance of payments' trend tables (国際収支の推移), calendar and fiscal years.

The Ministry publishes the balance of payments (compiled with the Bank of Japan) as CSV families under
`bp_trend/bpnet/sbp/`: s-1 the summary (総括表: the current account and its parts, the capital account, the financial
account by functional category, errors and omissions) and s-2 services by EBOPS category (net). Each family has one
file per frequency: -1 calendar years, -2 fiscal years (April-March), -3 quarters, -4 months. Shift_JIS CSV:

    title lines, a unit line (単位：億円 = 100 million yen), the column headers in Japanese, then in English,
    then one row per period: four label cells (Japanese era year, Japanese month, year, month) and the values,
    written with thousands separators; '(P)' after the year marks a preliminary figure, 'FY' a fiscal year.

Columns are matched by their English header against the seeds (`bop_items.mof_label_en`,
`ebops_categories.mof_label_en`); a new or renamed column is loaded under its header, which the suite's item code
list refuses by name. An empty cell is a figure the table does not give (a row with status 'not_published', never a
zero); 'X' or '***' a confidential one. Every row whose parts are all present must satisfy the balance-of-payments
identities within the rounding of independently rounded figures, or the payload is refused.

Direct investment by region and industry (対外・対内直接投資（地域別・業種別）), published by the Ministry and the Bank
of Japan with each release (quarterly totals, and calendar-year totals), is a table of industries (rows: manufacturing
(total) and its 12 industries, non-manufacturing (total) and its 10) by regions (columns: World, Asia, ..., Africa,
then the reference subsets ASEAN, EU, Eastern Europe/Russia), 100 million yen, one table per direction and period.
'X' is a cell with fewer than three reports (confidential), '.' no report, '▲' a minus sign. A manufacturing or
non-manufacturing total includes its confidential cells and the industries the table does not list, so it need not
equal the sum of the rows beneath it. The year-end positions by region and industry (直接投資残高（地域別・業種別）,
published with Japan's international investment position) come in the same layout, titled 残高 / Position; each
table is read only by the dataset of its measure.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

import pandas as pd
import requests

from orchestration.code_lists import mapping
from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceClient, SourceDataset, decode_text, reject_non_data, to_figure

SOURCE = "mof"
PRODUCER = "Ministry of Finance, Japan, and Bank of Japan: Balance of Payments Statistics (国際収支統計)"
LICENCE = (
    "Government of Japan Standard Terms of Use 2.0 (compatible with CC BY 4.0). Source: Ministry of Finance, Japan."
)
BASE_URL_ENV = "JTDW_MOF_BASE_URL"
DEFAULT_BASE_URL = "https://www.mof.go.jp/policy/international_policy/reference/balance_of_payments/bp_trend/bpnet/sbp"
FREQUENCY_FILES = {"calendar_year": 1, "fiscal_year": 2, "month": 4}  # the file number of each frequency in a family
TABLES = {"bop_summary_annual": "s-1", "services_annual": "s-2", "bop_summary_monthly": "s-1"}
DATASET_FREQUENCIES = {
    "bop_summary_annual": ("calendar_year", "fiscal_year"),
    "services_annual": ("calendar_year", "fiscal_year"),
    "bop_summary_monthly": ("month",),
}
MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
MONTH_LABEL = re.compile(r"^([A-Z][a-z]{2})\.?\s*(\(P\))?$")
EXPECTED_UNIT = "億円"
CONFIDENTIAL = {"X", "x", "***"}
NOT_PUBLISHED = {"", ".", "-", "--"}
YEAR_LABEL = re.compile(r"^(FY)?\s*(\d{4})\s*(\(P\))?$")
FDI_DATASET = "fdi_region_industry_annual"
FDI_POSITIONS_DATASET = "fdi_region_industry_positions"
# The Ministry serves the calendar-year table of each direction as a file per year; the location is a setting because
# the Ministry has moved these files between releases (confirm it on the page that lists them before a live run).
FDI_URL_TEMPLATE_ENV = "JTDW_MOF_FDI_URL_TEMPLATE"
DEFAULT_FDI_URL_TEMPLATE = (
    "https://www.mof.go.jp/policy/international_policy/reference/balance_of_payments/bpfdi/{direction}_{year}.csv"
)
FDI_POSITIONS_URL_TEMPLATE_ENV = "JTDW_MOF_FDI_POSITIONS_URL_TEMPLATE"
DEFAULT_FDI_POSITIONS_URL_TEMPLATE = (
    "https://www.mof.go.jp/policy/international_policy/reference/iip/bpfdi/{direction}_position_{year}.csv"
)
# measure -> dataset: a table is read by the dataset of its own measure only.
FDI_MEASURES = {"flow": FDI_DATASET, "position": FDI_POSITIONS_DATASET}
FDI_POSITION_TITLE = re.compile(r"残高|[Pp]osition")
FDI_DIRECTIONS = {"対外直接投資": "outward", "対内直接投資": "inward"}
FDI_PERIOD = re.compile(r"CY\s*(\d{4})")
FDI_FIRST_YEAR = 2014  # the first calendar year of the BPM6 tables
# Figures are rounded to 100 million yen one by one, so a sum of three or four of them may miss its total by a few.
IDENTITY_TOLERANCE_JPY_100M = 3
IDENTITIES = {
    "bop_summary_annual": (
        ("CAB", ("GS", "IN1", "IN2"), ()),
        ("GS", ("G", "S"), ()),
        ("G", ("GX",), ("GM",)),
        ("FAB", ("D_F", "P_F", "FD_F", "O_F", "R_F"), ()),
        # current + capital - financial + errors and omissions = 0, written as: financial = current + capital + E&O
        ("FAB", ("CAB", "KAB", "EO"), ()),
    ),
    "services_annual": (
        ("S", ("SC", "SD", "S_OTH"), ()),
        ("S_OTH", ("SA", "SB", "SE", "SF", "SG", "SH", "SI", "SJ", "SK", "SL"), ()),
    ),
}
IDENTITIES["bop_summary_monthly"] = IDENTITIES["bop_summary_annual"]


def column_codes(dataset: str) -> dict[str, str]:
    """English column header -> item code, from the seed that also names the items in the marts."""
    if TABLES[dataset] == "s-1":
        return mapping("bop_items", "mof_label_en", "bop_item_code")
    return mapping("ebops_categories", "mof_label_en", "ebops_code")


class MofClient(SourceClient):
    """The Ministry's balance-of-payments tables (BASE_URL_ENV), and the locations of its direct-investment tables by
    region and industry, flows and year-end positions (FDI_URL_TEMPLATE_ENV, FDI_POSITIONS_URL_TEMPLATE_ENV)."""

    source: ClassVar[str] = SOURCE
    polite_interval_s: ClassVar[float] = 2.0
    base_url: str = DEFAULT_BASE_URL
    fdi_url_template: str = DEFAULT_FDI_URL_TEMPLATE
    fdi_positions_url_template: str = DEFAULT_FDI_POSITIONS_URL_TEMPLATE


def file_url(client: MofClient, dataset: str, frequency: str) -> str:
    """6s-1-1.csv: table s-1, calendar years; 6s-1-4.csv: the same table by month."""
    table = TABLES[dataset]
    return client.url(f"{table}/6{table}-{FREQUENCY_FILES[frequency]}.csv")


def _csv_payload(dataset: str, url: str, response: requests.Response) -> Payload:
    return make_payload(
        producer=PRODUCER,
        source=SOURCE,
        dataset=dataset,
        url=url,
        content=response.content,
        media_type=response.headers.get("Content-Type") or "text/csv",
        licence=LICENCE,
    )


def fetch_trend_table(client: MofClient, dataset: str, years: range | None = None) -> Iterator[Payload]:
    """Each frequency's file. A file holds every year since 1996, so the run's `years` cannot narrow the download
    (the dbt models still rebuild only the run's years)."""
    http = client.http_client()
    for frequency in DATASET_FREQUENCIES[dataset]:
        url = file_url(client, dataset, frequency)
        yield _csv_payload(dataset, url, http.get(url))


def _header_columns(rows: list[list[str]], dataset: str, payload: Payload) -> tuple[int, dict[int, str]]:
    """The English header row (the one that names the table's first column) and its value columns' item codes (an
    unknown header as it is, for the suite to refuse by name)."""
    codes = column_codes(dataset)
    first_label = next(iter(codes))
    for number, row in enumerate(rows):
        if len(row) > 4 and row[4].strip() == first_label:
            labels = {position: label.strip() for position, label in enumerate(row[4:], start=4) if label.strip()}
            return number, {position: codes.get(label, label) for position, label in labels.items()}
    raise SourceError(
        SOURCE,
        f"no English header row starting with {first_label!r} (not table {TABLES[dataset]}, or its layout changed)",
        payload.ref,
    )


def _check_unit(rows: list[list[str]], header_row: int, payload: Payload) -> None:
    unit_lines = [" ".join(row) for row in rows[:header_row] if any("単位" in cell for cell in row)]
    if not unit_lines or not all(EXPECTED_UNIT in line for line in unit_lines):
        raise SourceError(
            SOURCE,
            f"unit line says {unit_lines or 'nothing'}, expected {EXPECTED_UNIT} (100 million yen): unit changed?",
            payload.ref,
        )


def _check_identities(frame: pd.DataFrame, dataset: str, payload: Payload) -> None:
    published = frame.dropna(subset=["value_jpy_100m"])
    values = published.assign(
        period=published.year.astype(str) + published.month.map(lambda m: f"-{m:02d}" if pd.notna(m) else "")
    ).pivot_table(index=["frequency", "period"], columns="item_code", values="value_jpy_100m", aggfunc="first")
    for total, plus, minus in IDENTITIES[dataset]:
        parts = (total, *plus, *minus)
        if not set(parts) <= set(values.columns):
            continue
        complete = values[list(parts)].dropna()
        gap = complete[total] - complete[list(plus)].sum(axis=1) + complete[list(minus)].sum(axis=1)
        broken = gap[gap.abs() > IDENTITY_TOLERANCE_JPY_100M]
        if not broken.empty:
            (frequency, period), miss = broken.index[0], broken.iloc[0]
            rule = f"{total} = " + " + ".join(plus) + "".join(f" - {code}" for code in minus)
            raise SourceError(
                SOURCE, f"identity {rule} broken in {frequency} {period} by {miss:+.0f} (100 million yen)", payload.ref
            )


def _period_of(
    row: list[str], year_carried: int | None, line: int, payload: Payload
) -> tuple[str, int, int | None, bool]:
    """(frequency, year, month, preliminary) of a data row. A monthly table names the year on January's row only."""
    year_cell = row[2].strip() if len(row) > 2 else ""
    month_cell = row[3].strip() if len(row) > 3 else ""
    year_label = YEAR_LABEL.match(year_cell) if year_cell else None
    if year_cell and year_label is None:
        raise SourceError(
            SOURCE, f"line {line}: {year_cell!r} is not a year ('2024', 'FY2024', '2024(P)')", payload.ref
        )
    if not month_cell:
        if year_label is None:
            raise SourceError(SOURCE, f"line {line}: {row[:4]} names no period", payload.ref)
        return (
            ("fiscal_year" if year_label.group(1) else "calendar_year"),
            int(year_label.group(2)),
            None,
            bool(year_label.group(3)),
        )
    month_label = MONTH_LABEL.match(month_cell)
    year = int(year_label.group(2)) if year_label else year_carried
    if month_label is None or month_label.group(1) not in MONTHS or year is None:
        raise SourceError(
            SOURCE, f"line {line}: {row[2:4]} is not a month ('Jan', 'Feb(P)') of a known year", payload.ref
        )
    return (
        "month",
        year,
        MONTHS[month_label.group(1)],
        bool(month_label.group(2) or (year_label and year_label.group(3))),
    )


def parse_trend_table(payload: Payload, dataset: str) -> pd.DataFrame:
    reject_non_data(payload)
    rows = list(csv.reader(io.StringIO(decode_text(payload))))
    header_row, columns = _header_columns(rows, dataset, payload)
    _check_unit(rows, header_row, payload)
    records, year = [], None
    for line, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        if not any(cell.strip() for cell in row):
            continue
        frequency, year, month, preliminary = _period_of(row, year, line, payload)
        _require_headed_cells(row, columns, 4, line, payload)
        for position, item_code in columns.items():
            value, cell_status = _cell_value(row[position], payload, f"line {line}, {item_code}")
            records.append(
                {
                    "table_code": TABLES[dataset],
                    "frequency": frequency,
                    "year": year,
                    "month": month,
                    "item_code": item_code,
                    "value_jpy_100m": value,
                    "cell_status": cell_status,
                    "is_preliminary": preliminary,
                }
            )
    if not records:
        raise SourceError(SOURCE, f"table {TABLES[dataset]} has a header but no period rows", payload.ref)
    frame = pd.DataFrame.from_records(records).astype({"month": "Int64"})
    _check_identities(frame, dataset, payload)
    return frame


def fdi_url(client: MofClient, direction: str, year: int, measure: str = "flow") -> str:
    template = client.fdi_url_template if measure == "flow" else client.fdi_positions_url_template
    return template.format(direction=direction, year=year)


def fetch_fdi_region_industry(
    client: MofClient, years: range | None = None, measure: str = "flow"
) -> Iterator[Payload]:
    """Both directions for every calendar year of `years` from FDI_FIRST_YEAR to last year (all of them when None).
    Last year's table appears with the Ministry's annual release in spring (flows) or with the international
    investment position in May (positions): until then its 404 is skipped; any other year's is an error."""
    http = client.http_client()
    published = range(FDI_FIRST_YEAR, date.today().year)
    years = range(max(years[0], published[0]), min(years[-1], published[-1]) + 1) if years else published
    dataset = FDI_MEASURES[measure]
    for year in years:
        for direction in ("outward", "inward"):
            url = fdi_url(client, direction, year, measure)
            try:
                response = http.get(url)
            except SourceError as error:
                if year == years[-1] and error.problem.startswith("HTTP 404"):
                    continue
                raise
            yield _csv_payload(dataset, url, response)


def _require_headed_cells(row: list[str], columns: dict[int, str], first: int, line: int, payload: Payload) -> None:
    """A data row holds a cell for every headed column (a missing one would load as not published) and no figure
    from column `first` on under a blank header (it would be dropped unseen)."""
    width = max(columns) + 1
    if len(row) < width:
        raise SourceError(
            SOURCE, f"line {line}: {len(row)} cells where the header names {width} (truncated?)", payload.ref
        )
    for position, cell in enumerate(row[first:], start=first):
        if position not in columns and cell.strip():
            raise SourceError(
                SOURCE,
                f"line {line}: {cell.strip()!r} in column {position + 1}, which has no English header",
                payload.ref,
            )


def _cell_value(cell: str, payload: Payload, where: str) -> tuple[float | None, str]:
    """A table cell's figure and status. A mark the Ministry does not write ('…', 'NaN') is refused: loaded, it would be
    a published cell without a figure."""
    cell = cell.strip()
    if cell in CONFIDENTIAL:
        return None, "confidential"
    if cell in NOT_PUBLISHED:
        return None, "not_published"
    return to_figure(cell.replace(",", "").replace("▲", "-").replace("△", "-"), payload, where), "published"


def parse_fdi_region_industry(payload: Payload, measure: str = "flow") -> pd.DataFrame:
    """The table of one direction and calendar year: flows in the year, or positions at its end (`measure`)."""
    reject_non_data(payload)
    rows = list(csv.reader(io.StringIO(decode_text(payload))))
    title = " ".join(" ".join(row) for row in rows[:4])
    titled = "position" if FDI_POSITION_TITLE.search(title) else "flow"
    if titled != measure:
        raise SourceError(
            SOURCE, f"the title names a table of {titled}s, not of {measure}s: {title[:120]!r}", payload.ref
        )
    # The section line (Ⅰ.対外直接投資... or Ⅱ.対内直接投資...) names the direction; the first line names both.
    section = " ".join(" ".join(row) for row in rows[1:4])
    directions = {direction for word, direction in FDI_DIRECTIONS.items() if word in section}
    period = FDI_PERIOD.search(title)
    if len(directions) != 1 or period is None:
        raise SourceError(
            SOURCE, f"title names no single direction and calendar year (CYyyyy): {title[:120]!r}", payload.ref
        )
    direction, year = directions.pop(), int(period.group(1))
    regions = mapping("mof_fdi_regions", "mof_label_en", "region_code")
    industries = mapping("fdi_industry_sectors", "mof_label_en", "industry_code")
    header_row = next((n for n, row in enumerate(rows) if len(row) > 2 and row[2].strip() == "World"), None)
    if header_row is None:
        raise SourceError(SOURCE, "no English region header starting with 'World' (layout changed?)", payload.ref)
    _check_unit(rows, header_row, payload)
    # An unknown region or industry label is loaded as it is, for the suite's code lists to refuse by name.
    labels = {position: label.strip() for position, label in enumerate(rows[header_row][2:], start=2) if label.strip()}
    columns = {position: regions.get(label, label) for position, label in labels.items()}
    records = []
    for line, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        if not any(cell.strip() for cell in row):
            continue
        _require_headed_cells(row, columns, 2, line, payload)
        label = row[1].strip()
        for position, region_code in columns.items():
            value, cell_status = _cell_value(row[position], payload, f"line {line}, {region_code}")
            records.append(
                {
                    "direction": direction,
                    "year": year,
                    "region_code": region_code,
                    "industry_code": industries.get(label, label),
                    "value_jpy_100m": value,
                    "cell_status": cell_status,
                }
            )
    if not records:
        raise SourceError(SOURCE, "the table has a header but no industry rows", payload.ref)
    return pd.DataFrame.from_records(records)


def _dataset(name: str, description: str) -> SourceDataset:
    return SourceDataset(
        source=SOURCE,
        dataset=name,
        producer=PRODUCER,
        licence=LICENCE,
        description=description,
        fetch_live=functools.partial(fetch_trend_table, dataset=name),
        parse=functools.partial(parse_trend_table, dataset=name),
        key_columns=("frequency", "year", "month", "item_code"),
    )


DATASETS = (
    _dataset(
        "bop_summary_annual",
        "Japan's balance of payments summary (総括表, table s-1), calendar and fiscal years, 100 million yen: the current "
        "account and its parts, capital account, financial account by functional category, errors and omissions.",
    ),
    _dataset(
        "bop_summary_monthly",
        "Japan's balance of payments summary (総括表, table s-1), months from January 1996, 100 million yen: the same "
        "items as the annual tables.",
    ),
    _dataset(
        "services_annual",
        "Japan's services balance by EBOPS category (table s-2), calendar and fiscal years, net, 100 million yen.",
    ),
    SourceDataset(
        source=SOURCE,
        dataset=FDI_DATASET,
        producer=PRODUCER,
        licence=LICENCE,
        description="Japan's outward and inward direct investment flows by region and industry, calendar years, 100 million yen.",
        fetch_live=fetch_fdi_region_industry,
        parse=parse_fdi_region_industry,
        key_columns=("direction", "year", "region_code", "industry_code"),
    ),
    SourceDataset(
        source=SOURCE,
        dataset=FDI_POSITIONS_DATASET,
        producer=PRODUCER,
        licence=LICENCE,
        description=(
            "Japan's outward and inward direct-investment positions at the end of each calendar year by region and "
            "industry (直接投資残高（地域別・業種別）), 100 million yen, in the layout of the flows table."
        ),
        fetch_live=functools.partial(fetch_fdi_region_industry, measure="position"),
        parse=functools.partial(parse_fdi_region_industry, measure="position"),
        key_columns=("direction", "year", "region_code", "industry_code"),
        # No published table of positions by region and industry was found to rebuild a snapshot payload from.
        live_only_schema={
            "direction": "VARCHAR",
            "year": "BIGINT",
            "region_code": "VARCHAR",
            "industry_code": "VARCHAR",
            "value_jpy_100m": "DOUBLE",
            "cell_status": "VARCHAR",
        },
    ),
)
