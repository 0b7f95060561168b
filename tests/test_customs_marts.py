"""Japan's customs statistics in the published file: every snapshot figure, the known headline figures, conversions."""

from __future__ import annotations

import csv

import pytest

from orchestration.settings import DBT_PROJECT_DIR
from orchestration.sources.estat import files
from tests.payload_fixtures import snapshot_payloads


def test_every_customs_figure_of_the_snapshot_reaches_bilateral_trade(published):
    parsed = [files.parse_area_commodity(p) for p in snapshot_payloads("estat", "trade_area_commodity")]
    figures = sum(len(frame) for frame in parsed)
    total_jpy = sum(frame.value_jpy_1000.sum() for frame in parsed) * 1000
    rows, summed = published.execute(
        "select count(*), sum(value_jpy) from marts.bilateral_trade where source = 'customs'"
    ).fetchone()
    assert figures == rows == 96_285  # 95,829 area x group x year figures and 456 Japan-China months
    assert summed == pytest.approx(total_jpy, rel=1e-12)


def world_totals(published) -> dict[str, tuple]:
    rows = published.execute(
        "select period_label, export_jpy, balance_jpy, is_partial_period, months_covered from marts.trade_by_partner"
        " where source = 'customs' and reporter_iso3 = 'JPN' and partner_iso3 = 'WLD' and hs_level = 0 and frequency = 'year'"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_japans_customs_basis_balance_and_exports_are_the_published_figures(published):
    totals = world_totals(published)
    assert sorted(totals) == [str(y) for y in range(2009, 2027)]
    assert totals["2019"][0] == 76_931_664_915 * 1000  # MOF: exports 2019, 76.93 tn yen
    assert round(totals["2024"][1] / 1e9, 1) == -5628.4  # MOF: 2024 deficit 5.5 tn yen, down 44% on 2023
    assert round(totals["2023"][1] / 1e9, 1) == -9522.1
    assert all(totals[str(y)][1] < 0 for y in range(2021, 2025))
    assert totals["2024"][1] / totals["2023"][1] - 1 == pytest.approx(-0.41, abs=0.02)
    assert totals["2026"][2:] == (True, 3) and totals["2025"][2:] == (False, 12)


def test_chinas_share_of_japans_exports_to_rcep_members_with_the_members_counted(published):
    rows = published.execute(
        "select period_label, share_of_group, members_counted, members_in_group, members_counted_list"
        " from marts.trade_partner_shares_in_group where group_code = 'RCEP_SIGNATORIES' and partner_iso3 = 'CHN'"
        " and flow = 'export' and frequency = 'year' and source = 'customs' order by 1"
    ).fetchall()
    shares = {r[0]: r for r in rows}
    assert [str(y) for y in range(2020, 2027)] == sorted(shares)
    for _, _share, counted, members, listed in rows:
        assert (
            members == 14 and counted == len(listed.split(",")) == 10
        )  # Cambodia, Laos, Myanmar, Brunei not in the tables
    # Published: 48% in 2020 and 41.7% in 2023 (all 14 partners); the four small members missing move it < 1 point.
    assert shares["2020"][1] == pytest.approx(0.48, abs=0.01)
    assert shares["2023"][1] == pytest.approx(0.417, abs=0.01)


def fed_rates() -> dict[tuple[str, str], float]:
    with (DBT_PROJECT_DIR / "seeds" / "fx_jpy_per_usd_fed.csv").open() as seed:
        return {(r["frequency"], r["period_start"]): float(r["jpy_per_usd"]) for r in csv.DictReader(seed)}


def test_a_month_converts_at_its_own_months_rate_and_a_year_to_date_at_the_mean_of_its_months(published):
    rates = fed_rates()
    jpy, usd, basis = published.execute(
        "select value_jpy, value_usd, fx_basis from marts.bilateral_trade where source = 'customs' and partner_iso3 = 'CHN'"
        " and product_code = 'grand_total' and flow = 'export' and period_label = '2019-01'"
    ).fetchone()
    assert jpy == 958_052_245_000 and basis == "fed_h10_monthly_average"
    assert usd == pytest.approx(jpy / rates[("month", "2019-01-01")], rel=1e-12)
    jpy, usd, basis = published.execute(
        "select value_jpy, value_usd, fx_basis from marts.bilateral_trade where source = 'customs' and partner_iso3 = 'WLD'"
        " and product_code = 'grand_total' and flow = 'import' and period_label = '2026'"
    ).fetchone()
    quarter = sum(rates[("month", f"2026-0{m}-01")] for m in (1, 2, 3)) / 3
    assert basis == "fed_h10_mean_of_monthly_averages" and usd == pytest.approx(jpy / quarter, rel=1e-12)


def test_partial_coverage_is_marked_where_an_area_or_group_was_reported_for_part_of_a_year(published):
    covered = dict(
        published.execute(
            "select partner_iso3 || '/' || product_code, months_covered from marts.bilateral_trade"
            " where source = 'customs' and flow = 'export' and period_label = '2017'"
            " and (partner_iso3 = 'VNM' and product_code = 'grand_total' or partner_iso3 = 'WLD' and product_code in ('aircraft', 'visual_apparatus', 'ships'))"
        ).fetchall()
    )
    assert covered == {"VNM/grand_total": 9, "WLD/aircraft": 9, "WLD/visual_apparatus": 3, "WLD/ships": 12}


def test_top_commodity_groups_accumulate_to_the_whole_and_nest_in_the_hierarchy(published):
    rows = published.execute(
        "select commodity_code, rank_in_level, share_of_total, cumulative_share_of_total from marts.trade_commodity_shares"
        " where partner_iso3 = 'WLD' and flow = 'export' and period_label = '2024' and hierarchy_level = 1 order by rank_in_level"
    ).fetchall()
    assert len(rows) == 9 and rows[-1][3] == pytest.approx(1.0, abs=0.001)
    assert {r[0] for r in rows[:2]} == {"machinery", "transport_equipment"}
    assert [r[1] for r in rows] == list(range(1, 10))


def test_the_whole_hs_2022_nomenclature_is_reference_data(published):
    levels = dict(published.execute("select hs_level, count(*) from reference.dim_product group by 1").fetchall())
    assert levels[6] == 5613
    orphans = published.execute(
        "select count(*) from reference.dim_product p where p.hs_level = 6"
        " and not exists (select 1 from reference.dim_product h where h.hs_code = substr(p.hs_code, 1, 4))"
    ).fetchone()[0]
    assert orphans == 0
