"""The trade marts built from the snapshot: figures equal the payloads, conversions, mirror sides, group membership."""

from __future__ import annotations

import csv
import json

import pytest

from orchestration.settings import DBT_PROJECT_DIR as DBT_DIR
from orchestration.settings import SNAPSHOT_DIR


def comtrade_records() -> list[dict]:
    """Records read straight from the snapshot's Comtrade payloads, independently of the project's parser."""
    records = []
    for path in sorted((SNAPSHOT_DIR / "comtrade" / "goods").glob("*/*.json")):
        if not path.name.endswith(".origin.json"):
            records.extend(json.loads(path.read_text())["data"])
    return records


def worldbank_values(indicator: str) -> dict[int, float]:
    (path,) = (SNAPSHOT_DIR / "worldbank" / "indicators").glob(f"*/*_{indicator}.json")
    return {int(r["date"]): r["value"] for r in json.loads(path.read_text())[1]}


def test_bilateral_trade_equals_the_payload_figures_exactly(published):
    iso = {392: "JPN", 842: "USA", 704: "VNM"}
    expected = {
        (
            r["period"] if r["freqCode"] == "A" else f"{r['period'][:4]}-{r['period'][4:]}",
            iso[r["reporterCode"]],
            iso[r["partnerCode"]],
            r["cmdCode"],
            {"X": "export", "M": "import"}[r["flowCode"]],
        ): float(r["primaryValue"])
        for r in comtrade_records()
    }
    rows = published.execute(
        "select period_label, reporter_iso3, partner_iso3, hs_code, flow, value_usd from marts.bilateral_trade where source = 'comtrade'"
    ).fetchall()
    assert {tuple(r[:5]): r[5] for r in rows} == expected
    assert len(expected) == 4


def test_real_values_use_the_us_deflator_at_the_2010_base_and_are_null_without_one(published):
    deflator = worldbank_values("NY.GDP.DEFL.ZS")
    rows = published.execute(
        "select year(period_start), value_usd, value_usd_real, real_base_year from marts.bilateral_trade"
    ).fetchall()
    assert {year for year, *_ in rows} - set(deflator)  # customs years beyond the deflator's: 2009, 2025, 2026
    for year, nominal, real, base in rows:
        assert base == 2010
        assert real == (
            pytest.approx(nominal * deflator[2010] / deflator[year], rel=1e-12) if year in deflator else None
        )


def fed_annual_rates() -> dict[int, float]:
    with (DBT_DIR / "seeds" / "fx_jpy_per_usd_fed.csv").open() as seed:
        return {
            int(r["period_start"][:4]): float(r["jpy_per_usd"])
            for r in csv.DictReader(seed)
            if r["frequency"] == "year"
        }


def test_comtrade_yen_values_use_the_world_bank_rate_else_the_feds_and_name_it(published):
    worldbank, fed = worldbank_values("PA.NUS.FCRF"), fed_annual_rates()
    rows = published.execute(
        "select year(period_start), value_usd, value_jpy, fx_basis from marts.bilateral_trade where source = 'comtrade'"
    ).fetchall()
    for year, usd, jpy, basis in rows:
        rate = worldbank[year] if basis == "worldbank_pa_nus_fcrf" else fed[year]
        assert basis == ("worldbank_pa_nus_fcrf" if year in worldbank else "fed_h10_annual_average")
        assert jpy == pytest.approx(usd * rate)


def test_the_mirror_view_shows_japan_and_partner_sides(published):
    rows = published.execute(
        "select period_label, partner_iso3, hs_code, japan_flow, japan_reported_usd, partner_reported_usd from marts.bilateral_trade_mirror"
    ).fetchall()
    by_key = {r[:4]: r[4:] for r in rows}
    # The US's imports from Japan are Japan's exports to the US seen from the other side; Japan's side is its own
    # customs figure (yen at the Fed's 2023 average rate).
    customs_jpy = dict(
        published.execute(
            "select flow, value_jpy from marts.bilateral_trade"
            " where source = 'customs' and partner_iso3 = 'USA' and product_code = 'grand_total' and period_label = '2023'"
        ).fetchall()
    )
    customs = {flow: jpy / fed_annual_rates()[2023] for flow, jpy in customs_jpy.items()}
    assert by_key[("2023", "USA", "TOTAL", "export")] == (pytest.approx(customs["export"]), 151580564290.0)
    assert by_key[("2023", "USA", "TOTAL", "import")] == (pytest.approx(customs["import"]), 76154045176.0)
    assert by_key[("2024-01", "VNM", "090111", "import")] == (35660719.503, None)
    assert by_key[("2023-01", "VNM", "090111", "import")] == (None, 10127757.599)


def test_group_totals_count_only_members_of_that_period(published):
    groups = dict(
        published.execute(
            "select group_code, value_usd from marts.trade_by_partner_group"
            " where period_label = '2024-01' and flow = 'import' and source = 'comtrade' and product_code = '090111'"
        ).fetchall()
    )
    # Viet Nam in January 2024: ASEAN (1995), RCEP (2022) and its signatories (2020), CPTPP (2019-01-14), Japan's
    # EPA partners (2008); not LAC or the EU.
    assert groups == dict.fromkeys(("ASEAN", "RCEP", "RCEP_SIGNATORIES", "CPTPP", "JPN_EPA"), 35660719.503)
    member = published.execute(
        "select count(*) from reference.country_group_members where group_code = 'RCEP' and partner_iso3 = 'KOR' and valid_from = date '2022-02-01'"
    ).fetchone()[0]
    assert member == 1


def test_product_shares_sum_to_one_for_every_partner_flow_and_period(published):
    sums = published.execute(
        "select period_label, reporter_iso3, partner_iso3, flow, hs_level, sum(product_share), max(cumulative_product_share)"
        " from marts.trade_shares group by all"
    ).fetchall()
    assert sums and all(s == pytest.approx(1.0) and c == pytest.approx(1.0) for *_, s, c in sums)


def test_partner_totals_and_balances_equal_the_payload_figures(published):
    iso = {392: "JPN", 842: "USA", 704: "VNM"}
    level = {"TOTAL": 0}
    expected: dict[tuple, dict[str, float]] = {}
    for r in comtrade_records():
        period = r["period"] if r["freqCode"] == "A" else f"{r['period'][:4]}-{r['period'][4:]}"
        key = (period, iso[r["reporterCode"]], iso[r["partnerCode"]], level.get(r["cmdCode"], len(r["cmdCode"])))
        expected.setdefault(key, {})[{"X": "export", "M": "import"}[r["flowCode"]]] = float(r["primaryValue"])
    rows = published.execute(
        "select period_label, reporter_iso3, partner_iso3, hs_level, export_usd, import_usd, balance_usd from marts.trade_by_partner"
        " where source = 'comtrade'"
    ).fetchall()
    assert {r[:4] for r in rows} == set(expected)
    for *key, export, imports, balance in rows:
        flows = expected[tuple(key)]
        assert (export, imports) == (flows.get("export"), flows.get("import"))
        assert balance == pytest.approx(flows.get("export", 0.0) - flows.get("import", 0.0), rel=1e-15)
