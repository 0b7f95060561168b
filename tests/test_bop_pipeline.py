"""The whole graph built in process from the snapshot: bop_japan matches the payloads, and is published."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import duckdb
import pytest

from orchestration.settings import SNAPSHOT_DIR


def payload_observations(indicator: str) -> dict[str, float]:
    """Annual figures read straight from the snapshot's SDMX-ML payload, independently of the project's parser."""
    (path,) = (SNAPSHOT_DIR / "imf" / "bop_annual").glob("*/*.xml")
    figures = {}
    for series in ElementTree.parse(path).getroot().iter("Series"):
        if series.get("INDICATOR") == indicator and series.get("UNIT") == "USD":
            figures.update({obs.get("TIME_PERIOD"): float(obs.get("OBS_VALUE")) for obs in series.iter("Obs")})
    return figures


@pytest.mark.parametrize("indicator", ["CAB", "G"])
def test_annual_current_account_and_goods_equal_the_payload(published, indicator):
    expected = payload_observations(indicator)
    rows = published.execute(
        "select period_label, value_usd from marts.bop_japan where bop_item_code = ? and source = 'imf' and frequency = 'calendar_year'",
        [indicator],
    ).fetchall()
    assert dict(rows) == expected
    assert len(expected) == 15


def test_monthly_yen_figures_equal_the_boj_payload(published):
    (path,) = (SNAPSHOT_DIR / "boj" / "bp01_monthly").glob("2026-09-13/bp01_monthly.json")
    envelope = json.loads(path.read_text())
    expected = {s["SERIES_CODE"]: s["VALUES"]["VALUES"][0] for s in envelope["RESULTSET"]}
    rows = published.execute(
        "select source_series_code, value_jpy_100m from marts.bop_japan where period_label = '2026-07' and source = 'boj'"
    ).fetchall()
    assert dict(rows) == expected


def test_the_2022_to_2024_goods_deficits_are_visible(published):
    deficits = published.execute(
        "select period_label from marts.bop_japan where bop_item_code = 'G' and source = 'imf' and value_usd < 0 order by 1"
    ).fetchall()
    assert [p for (p,) in deficits] == ["2011", "2012", "2013", "2014", "2015", "2022", "2023", "2024"]


def test_every_row_traces_to_an_archived_payload(built_warehouse, published):
    rows = published.execute("select distinct payload_sha256, source_url, vintage from marts.bop_japan").fetchall()
    archived = {
        p.name.split(".")[0]
        for p in built_warehouse.payload_archive_dir.rglob("*")
        if p.suffix in {".json", ".xml", ".csv"} and not p.name.endswith(".origin.json")
    }
    for shas, url, vintage in rows:
        assert url.startswith("https://") and vintage is not None
        for sha in shas.split(","):
            assert sha[:16] in archived


def test_published_file_opens_with_older_readers_storage_and_records_its_publish(built_warehouse, published):
    record = json.loads(published.execute("select record from meta.publish_record").fetchone()[0])
    assert record["storage_version"] == "v1.1.0"
    assert (
        record["row_counts"]["marts.bop_japan"]
        == published.execute("select count(*) from marts.bop_japan").fetchone()[0]
    )
    # Dagster published only because no blocking check failed; what the release stands on is in the load log: every
    # vintage in it passed its Great Expectations suite and a dbt build.
    vintages = record["source_vintages"]
    assert len(vintages) > 5
    assert all(
        v["validated_payloads"] > 0 and v["dbt_tested_payloads"] == v["validated_payloads"] for v in vintages.values()
    )
    assert (built_warehouse.data_dir / "gx_docs" / "index.html").exists()


def test_raw_loads_are_idempotent(built_warehouse):
    from tests.conftest import build_warehouse

    con = duckdb.connect(str(built_warehouse.build_db), read_only=True)
    before = con.execute("select count(*) from raw.imf__bop_annual").fetchone()[0]
    con.close()
    assert build_warehouse(built_warehouse).success
    con = duckdb.connect(str(built_warehouse.build_db), read_only=True)
    assert con.execute("select count(*) from raw.imf__bop_annual").fetchone()[0] == before
    con.close()


def boj_monthly_payload(vintage: str) -> dict[tuple[str, str], float]:
    """(series, yyyymm) -> value, read straight from one BOJ getDataCode payload of the snapshot."""
    (path,) = (SNAPSHOT_DIR / "boj" / "bp01_monthly").glob(f"{vintage}/bp01_monthly.json")
    envelope = json.loads(path.read_text())
    return {
        (s["SERIES_CODE"], str(d)): v
        for s in envelope["RESULTSET"]
        for d, v in zip(s["VALUES"]["SURVEY_DATES"], s["VALUES"]["VALUES"], strict=True)
    }


def test_calendar_and_fiscal_years_sum_their_twelve_months_in_yen_and_dollars(published):
    months = boj_monthly_payload("2026-08-10")
    fiscal_2024 = [f"2024{m:02d}" for m in range(4, 13)] + [f"2025{m:02d}" for m in range(1, 4)]
    rows = dict(
        published.execute(
            "select period_label, value_jpy_100m from marts.bop_japan where source = 'boj' and bop_item_code = 'CAB'"
            " and frequency in ('calendar_year', 'fiscal_year')"
        ).fetchall()
    )
    assert rows["FY2024"] == sum(months[("BPBP6JYNCB", m)] for m in fiscal_2024)
    assert rows["2024"] == sum(months[("BPBP6JYNCB", f"2024{m:02d}")] for m in range(1, 13))
    assert sorted(p for p in rows if not p.startswith("FY")) == [str(y) for y in range(2015, 2026)]
    assert sorted(p for p in rows if p.startswith("FY")) == [f"FY{y}" for y in range(2015, 2026)]  # FY2025 ends 2026-03
    # Published, preliminary: calendar 2024 ¥29.26 tn (MOF, 2025-02-10), FY2024 ¥30.38 tn (MOF, 2025-05-12). The
    # snapshot's months are the vintage of August 2026, after two annual revisions, and rounded to ¥1 bn.
    assert rows["2024"] / 1e4 == pytest.approx(29.26, abs=0.05)
    assert rows["FY2024"] / 1e4 == pytest.approx(30.38, rel=0.02)
    usd = published.execute(
        "select value_usd, fx_basis from marts.bop_japan where source = 'boj' and bop_item_code = 'CAB' and period_label = '2024'"
    ).fetchone()
    assert usd[1] == "sum_of_months_at_fed_h10_monthly_average" and usd[0] / 1e9 == pytest.approx(193.0, abs=0.5)


def test_boj_and_imf_years_reconcile_in_dollars(published):
    rows = published.execute(
        "select period_label, boj_usd, imf_usd, gap_usd from marts.bop_japan_reconciliation where bop_item_code = 'CAB' order by 1"
    ).fetchall()
    assert [r[0] for r in rows] == [str(y) for y in range(2015, 2025)]  # the years both sources hold
    for _, boj, imf, gap in rows:
        assert gap == pytest.approx(boj - imf) and abs(gap) < 0.005 * abs(imf)
