"""e-Stat files of Japan's trade by area x principal commodity, rebuilt in e-Stat's wire format from published figures.

The figures are not kept in the project a second time: the committed payloads are their only copy. This writer is run
by a maintainer who has the figures files (`--estat-figures DIR`, default ../shared/data/real beside the project):
  - mof_customs_trade_by_area_commodity_annual_2009_2026_kJPY.csv: every area x commodity group, 2009-2025 and
    2026 January-March, thousand yen (annual sums of e-Stat's monthly files);
  - mof_customs_japan_china_2001_2019_monthly_kJPY.csv: Japan-China, all goods, monthly 2001-2019, thousand yen.
Each year and flow becomes the file e-Stat serves for the last month of that year's figures: twelve monthly blocks
(only the China, all-goods cells have monthly figures: the others are left empty, never invented) and the
cumulative block (every area x group), Shift_JIS with CRLF line ends as e-Stat writes them.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from orchestration.code_lists import seed_rows
from orchestration.settings import PROJECT_ROOT
from orchestration.sources.estat import client, files
from snapshot.wire import write_payload

SHARED_FIGURES = PROJECT_ROOT.parent / "shared" / "data" / "real"
ANNUAL_FILE = "mof_customs_trade_by_area_commodity_annual_2009_2026_kJPY.csv"
CHINA_MONTHLY_FILE = "mof_customs_japan_china_2001_2019_monthly_kJPY.csv"
RETRIEVED_AT = "2026-04-28T00:00:00+00:00"  # the date of the figures' last update upstream (see ANNUAL_FILE's header)
FLOW_WORDS = {"export": "輸出", "import": "輸入"}
FLOW_CODE = {"export": "1", "import": "2"}
# e-Stat statInfId of the file each year's figures were read from (exports; the imports file is the next id), as
# listed in the public repository mitsuoxv/jp-trade (README.Rmd). 2017 sums the March and December 2017 files.
STAT_INF_IDS = {
    2009: 7064353,
    2010: 8622970,
    2011: 12679430,
    2012: 18862219,
    2013: 23618985,
    2014: 28157046,
    2015: 31362244,
    2016: 31528717,
    2017: 31670759,
    2018: 31792595,
    2019: 31907373,
    2020: 32046141,
    2021: 32255223,
    2022: 40117930,
    2023: 40223718,
    2024: 40369342,
    2025: 40425355,
    2026: 40448151,
}
FILES_PAGE = (
    "https://www.e-stat.go.jp/stat-search/files?page=1&layout=datalist&toukei=00350300&tstat=000001013137&cycle=1"
    "&year={year}0&tclass1=000001013260&tclass2={tclass2}"
)


def _figure_rows(path: Path, delimiter: str = ",") -> tuple[list[dict], str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    provenance = " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))
    return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter=delimiter)), provenance


def _commodity_order() -> dict[tuple[str, str], int]:
    return {(r["flow"], r["commodity_label"]): int(r["sort_order"]) for r in seed_rows("customs_principal_commodities")}


def _file_bytes(flow: str, year: int, last_month: int, annual: dict, monthly: dict, order: dict) -> bytes:
    groups = sorted({g for (_, g) in annual} | {g for (_, _, g) in monthly}, key=lambda g: order[(flow, g)])
    areas = sorted({a for (a, _) in annual} | {a for (_, a, _) in monthly})
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\r\n")
    out.writerow([f"普通貿易統計 概況品別国別表 {FLOW_WORDS[flow]} {year}年{last_month}月分 (単位:千円)"])
    out.writerow(files.HEADER + groups)

    def block(label: str, cell) -> None:
        out.writerow([label])
        for area in areas:
            values = [cell(area, g) for g in groups]
            if any(v is not None for v in values):
                out.writerow([FLOW_CODE[flow], area] + ["" if v is None else str(v) for v in values])

    for month in sorted({m for (m, _, _) in monthly}):
        block(f"{year}年{month}月", lambda area, g, month=month: monthly.get((month, area, g)))
    if annual:
        block(f"{year}年1～{last_month}月", lambda area, g: annual.get((area, g)))
    return text.getvalue().encode("cp932")


def rebuild_estat_area_commodity(target_dir: Path, figures_dir: Path = SHARED_FIGURES) -> None:
    if not (figures_dir / ANNUAL_FILE).exists():
        print(f"estat: figures not found in {figures_dir}; committed e-Stat payloads left as they are")
        return
    annual_rows, annual_provenance = _figure_rows(figures_dir / ANNUAL_FILE)
    china_rows, china_provenance = _figure_rows(figures_dir / CHINA_MONTHLY_FILE, delimiter=";")
    annual: dict[tuple[str, int], dict] = defaultdict(dict)
    for r in annual_rows:
        annual[(r["flow"], int(r["year"]))][(r["area_label"].upper(), r["commodity_label"].upper())] = int(
            r["value_jpy_1000"]
        )
    monthly: dict[tuple[str, int], dict] = defaultdict(dict)
    for r in china_rows:
        year, month = (int(x) for x in r["Date"].split("/"))
        monthly[("export", year)][(month, "CHINA", "GRAND TOTAL")] = int(r["Exports"])
        monthly[("import", year)][(month, "CHINA", "GRAND TOTAL")] = int(r["Imports"])
    order = _commodity_order()
    for flow, year in sorted(set(annual) | set(monthly)):
        last_month = 3 if year == 2026 else 12
        stat_inf_id = STAT_INF_IDS.get(year)
        if stat_inf_id:
            url = f"{client.DEFAULT_FILES_BASE_URL}/stat-search/file-download?statInfId={stat_inf_id + (flow == 'import'):012d}&fileKind=1"
        else:
            url = FILES_PAGE.format(year=year, tclass2="000001013261" if flow == "export" else "000001013262")
        sources = []
        if (flow, year) in annual:
            sources.append(f"cumulative block: {ANNUAL_FILE} ({annual_provenance})")
        if (flow, year) in monthly:
            sources.append(f"monthly blocks, China, all goods only: {CHINA_MONTHLY_FILE} ({china_provenance})")
        write_payload(
            target_dir,
            {
                "producer": client.PRODUCER,
                "source": client.SOURCE,
                "dataset": files.DATASET,
                "url": url,
                "retrieved_at": RETRIEVED_AT,
                "licence": client.LICENCE,
                "media_type": "text/csv; charset=Shift_JIS",
                "published": None,
                "figures": (
                    "real figures, published by Japan Customs; payload rebuilt in e-Stat's file layout by "
                    "snapshot/writers/estat.py (cells without a published figure left empty). " + " ".join(sources)
                ),
            },
            f"{flow}_{year}{last_month:02d}.csv",
            _file_bytes(flow, year, last_month, annual.get((flow, year), {}), monthly.get((flow, year), {}), order),
        )
