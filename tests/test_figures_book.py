"""The figures book in the published file: every published figure matched, explained or declared not computable."""

from __future__ import annotations

import duckdb

from tests.conftest import build_warehouse
from tests.payload_fixtures import copy_snapshot_with


def test_every_published_figure_is_matched_explained_or_not_computable(published):
    rows = published.execute(
        "select figure_id, status, explanation, warehouse_value from marts.figures_book_checks"
    ).fetchall()
    statuses = {figure: status for figure, status, _, _ in rows}
    assert len(rows) == 27
    assert set(statuses.values()) == {"match", "differs_explained", "not computable"}
    for figure in (
        "customs_exports_2019",
        "customs_balance_2023",
        "rcep_china_share_exports_2020",
        "bop_current_account_cy2024",
        "japan_lac_trade_2015",
        "bop_goods_cy2024",
        "bop_services_cy2024",
        "bop_current_account_fy2024",
        "bop_services_fy2024",
        "bop_primary_income_fy2024",
        "bop_travel_fy2024",
    ):
        assert statuses[figure] == "match", figure
    # The preliminary 2024 customs deficit (5.33 tn) against the confirmed one the warehouse holds (5.63 tn).
    assert statuses["customs_balance_2024"] == "differs_explained"
    # The balance-of-payments figures are checked against the very release they were published in.
    marts = dict(
        published.execute(
            "select figure_id, warehouse_mart from marts.figures_book_checks where figure_id like 'bop_%'"
        ).fetchall()
    )
    assert marts["bop_travel_fy2024"] == marts["bop_goods_cy2024"] == "bop_japan_releases"
    assert statuses["bop_digital_fy2024"] == "not computable"
    assert all(explanation for _, status, explanation, _ in rows if status != "match")


def test_a_changed_snapshot_figure_fails_the_build_naming_the_figure(empty_warehouse, tmp_path):
    # FY2024's travel surplus as the 2025-05-12 release stated it (66,864), misread by 10,000 (1 trillion yen).
    edited = copy_snapshot_with(
        tmp_path, "mof", "services_annual", lambda content: content.replace(b'"66,864"', b'"56,864"')
    )

    result = build_warehouse(empty_warehouse, snapshot_dir=edited)

    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "assert_figures_book_explains_every_difference" in str(failure.event_specific_data.error)
    con = duckdb.connect(str(empty_warehouse.build_db), read_only=True)
    named = con.execute(
        "select figure_id, published_value, warehouse_value from audit.assert_figures_book_explains_every_difference"
    ).fetchall()
    con.close()
    assert named == [("bop_travel_fy2024", 6.69, 5.6864)]
