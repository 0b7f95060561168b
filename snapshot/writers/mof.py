"""The Ministry of Finance's balance-of-payments tables (s-1 summary by year and month, s-2 services), one vintage per
release.

The figures files hold what each release of 国際収支状況（速報） stated, as quoted by the press and the Ministry's pages
(one row per figure, with its release date, status and citation). Each release becomes the files MOF serves on that
day (calendar years, fiscal years, months) holding only the periods and items that release is quoted for: a cell nobody
quoted stays empty, never invented. A figure is kept only when it is the Ministry's own (the citation names its
release) and exact (not a rounded 'about' figure).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from orchestration.code_lists import mapping
from orchestration.sources import mof
from snapshot.wire import read_figures, write_payload

RELEASE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_NAMES = list(mof.MONTHS)
BOP_ITEMS = {
    "current_account": "CAB",
    "goods_and_services": "GS",
    "goods": "G",
    "goods_exports": "GX",
    "goods_imports": "GM",
    "services": "S",
    "primary_income": "IN1",
    "secondary_income": "IN2",
    "capital_account": "KAB",
    "financial_account": "FAB",
    "errors_and_omissions": "EO",
}
SERVICES_ITEMS = {"total_services": "S", "travel": "SD", "ip_charges": "SH", "telecom_computer_information": "SI"}
TITLES = {
    "bop_summary_annual": ("国際収支総括表", "Balance of Payments, summary"),
    "services_annual": ("サービス収支の推移", "Services, by category"),
}
TITLES["bop_summary_monthly"] = TITLES["bop_summary_annual"]
FREQUENCY_TITLES = {
    "calendar_year": ("暦年", "calendar year"),
    "fiscal_year": ("年度", "fiscal year"),
    "month": ("月次", "monthly"),
}
ERA_START = (("令和", 2019, 5), ("平成", 1989, 1))  # (era, first year, first month): a year is named by its April era


def _era_year(year: int, fiscal: bool) -> str:
    for era, first, _ in ERA_START:
        if year >= first:
            number = year - first + 1
            return f"{era}{'元' if number == 1 else number}年{'度' if fiscal else ''}"
    raise ValueError(year)


def _trailing_zeros(value: str) -> int:
    digits = str(abs(int(float(value))))
    return len(digits) - len(digits.rstrip("0"))


def _quoted_figures(
    name: str, frequencies: tuple[str, ...], value_column: str, item_column: str, items: dict
) -> dict[str, list[dict]]:
    rows, _ = read_figures(name)
    by_release: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        exact = not (row.get("note") or "").upper().startswith("APPROXIMATE")
        if (
            row["basis"] in frequencies
            and row["status"] in {"preliminary", "revised"}
            and exact
            and RELEASE_DATE.match(row["published"])
            and row["source"].startswith("MOF")
            and row[item_column] in items
            and row[value_column]
        ):
            by_release[row["published"]].append(row)
    return by_release


def table_bytes(
    dataset: str, frequency: str, rows: list[dict], items: dict, value_column: str, item_column: str
) -> bytes:
    """One MOF table file (Shift_JIS CSV) holding `rows` (period, status, item, value), as the Ministry lays it out."""
    labels = {code: label for label, code in mof.column_codes(dataset).items()}
    codes = list(labels)
    cells: dict[tuple[int, int, bool], dict[str, str]] = defaultdict(dict)
    # Where two reports quote one figure, the exact one wins over a rounded one ('63,400' against '63,429').
    for row in sorted(rows, key=lambda row: -_trailing_zeros(row[value_column])):
        year, _, month = row["period"].removeprefix("FY").partition("-")
        cells[(int(year), int(month or 0), row["status"] == "preliminary")][items[row[item_column]]] = (
            f"{int(float(row[value_column])):,}"
        )
    ja_title, en_title = TITLES[dataset]
    ja_frequency, en_frequency = FREQUENCY_TITLES[frequency]
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\r\n")
    out.writerow([f"{ja_title}（{ja_frequency}）"])
    out.writerow([f"{en_title} ({en_frequency})"])
    out.writerow(["（単位：億円）", "", "", "", "(100 million yen)"])
    out.writerow(["", "", "", ""] + [""] * len(codes))  # the Japanese header: the parser reads the English one
    out.writerow(["", "", "", ""] + [labels[code] for code in codes])
    fiscal = frequency == "fiscal_year"
    previous_year = None
    for (year, month, preliminary), values in sorted(cells.items()):
        mark = "(P)" if preliminary else ""
        if month:
            # As the monthly table does, the year is named on the first row of each year only.
            first = year != previous_year
            labels_of_row = [
                _era_year(year, False) if first else "",
                f"{month}月",
                str(year) if first else "",
                f"{MONTH_NAMES[month - 1]}{mark}",
            ]
        else:
            labels_of_row = [_era_year(year, fiscal), "", f"{'FY' if fiscal else ''}{year}{mark}", ""]
        out.writerow(labels_of_row + [values.get(code, "") for code in codes])
        previous_year = year
    return text.getvalue().encode("cp932")


def _rebuild(
    target_dir: Path, dataset: str, figures_file: str, value_column: str, item_column: str, items: dict
) -> None:
    frequencies = mof.DATASET_FREQUENCIES[dataset]
    for release, rows in sorted(_quoted_figures(figures_file, frequencies, value_column, item_column, items).items()):
        citations = sorted({f"{row['source']} <{row['url']}>" for row in rows})
        for frequency in frequencies:
            quoted = [row for row in rows if row["basis"] == frequency]
            if not quoted:
                continue
            url = mof.file_url(mof.MofClient(), dataset, frequency)
            write_payload(
                target_dir,
                {
                    "producer": mof.PRODUCER,
                    "source": mof.SOURCE,
                    "dataset": dataset,
                    "url": url,
                    "retrieved_at": f"{release}T00:00:00+00:00",
                    "licence": mof.LICENCE,
                    "media_type": "text/csv; charset=Shift_JIS",
                    "published": release,
                    "figures": (
                        f"Rebuilt in the layout of MOF's table from the figures its release of {release} stated, as "
                        f"quoted by (copied 2026-11-24, snapshot/figures/{figures_file}): "
                        + "; ".join(citations)
                        + ". Cells no source quoted are left empty."
                    ),
                },
                url.rsplit("/", 1)[1],
                table_bytes(dataset, frequency, quoted, items, value_column, item_column),
            )


def rebuild_mof_bop_summary(target_dir: Path) -> None:
    _rebuild(target_dir, "bop_summary_annual", "mof_bop_published.csv", "value_jpy_100m", "item", BOP_ITEMS)
    _rebuild(target_dir, "bop_summary_monthly", "mof_bop_published.csv", "value_jpy_100m", "item", BOP_ITEMS)


def rebuild_mof_services(target_dir: Path) -> None:
    _rebuild(target_dir, "services_annual", "mof_services_published.csv", "net_jpy_100m", "ebops_item", SERVICES_ITEMS)


FDI_TITLE = {
    "outward": ("Ⅰ.対外直接投資（地域別・業種別）", "1. Direct Investment Abroad (by Region and Industry)"),
    "inward": ("Ⅱ.対内直接投資（地域別・業種別）", "2. Direct Investment in Japan (by Region and Industry)"),
}


def _fdi_label(text: str) -> str:
    """'Central & South America / 中南米' or 'Lumber & pulp' as the table writes them: 'Central and South America'."""
    return text.split(" / ")[0].replace(" & ", " and ")


def rebuild_mof_fdi_region_industry(target_dir: Path) -> None:
    """Each (direction, calendar year) with figures in 100 million yen becomes the Ministry's table for that year: the
    cells the figures file holds, the others empty. '▲' for minus, 'X' and '.' kept as published."""
    rows, _ = read_figures("mof_fdi_flows_published.csv")
    regions = mapping("mof_fdi_regions", "mof_label_en", "region_code")
    industries = mapping("fdi_industry_sectors", "mof_label_en", "industry_code")
    tables: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for row in rows:
        exact = row["unit"].startswith("JPY 100 million") and (
            row["value_jpy_100m"] or row["value_as_published"] in {"X", "."}
        )
        if (
            row["measure"] == "flow"
            and exact
            and _fdi_label(row["partner"]) in regions
            and _fdi_label(row["industry_en"]) in industries
        ):
            tables[(row["direction"], int(row["year"]))].append(row)
    region_labels, industry_labels = list(regions), list(industries)
    for (direction, year), quoted in sorted(tables.items()):
        cells = {(_fdi_label(r["industry_en"]), _fdi_label(r["partner"])): r["value_as_published"] for r in quoted}
        text = io.StringIO()
        out = csv.writer(text, lineterminator="\r\n")
        out.writerow(
            [
                "対外・対内直接投資（地域別・業種別）",
                f"Outward / Inward Direct Investment, breakdown by Region and Industry, CY{year}",
            ]
        )
        out.writerow(list(FDI_TITLE[direction]))
        out.writerow(["（単位：億円）", "(100 million yen)"])
        out.writerow(["", ""] + [""] * len(region_labels))  # the Japanese header: the parser reads the English one
        out.writerow(["", ""] + region_labels)
        for label in industry_labels:
            values = [cells.get((label, region), "").replace("-", "▲") for region in region_labels]
            if any(values):
                out.writerow(["", label] + values)
        citations = sorted({f"{r['source']} <{r['url']}>" for r in quoted})
        url = mof.DEFAULT_FDI_URL_TEMPLATE.format(direction=direction, year=year)
        write_payload(
            target_dir,
            {
                "producer": mof.PRODUCER,
                "source": mof.SOURCE,
                "dataset": mof.FDI_DATASET,
                "url": url,
                "retrieved_at": "2026-11-24T00:00:00+00:00",
                "licence": mof.LICENCE,
                "media_type": "text/csv; charset=Shift_JIS",
                "published": None,
                "figures": (
                    f"Rebuilt in the layout of the Ministry's table ({direction}, CY{year}) from the figures in "
                    "snapshot/figures/mof_fdi_flows_published.csv, copied 2026-11-24 from: "
                    + "; ".join(citations)
                    + ". Cells the copy does not hold are left empty; see docs/research/issue-11/fdi_README.md for the "
                    "industry labels restored from the table's fixed row order."
                ),
            },
            url.rsplit("/", 1)[1],
            text.getvalue().encode("cp932"),
        )
