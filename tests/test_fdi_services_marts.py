"""fdi_by_sector and services_trade built from the snapshot: figures equal the payloads, confidential is not zero,
and a source with a renamed dimension fails its own load and leaves the published marts as they were."""

from __future__ import annotations

import hashlib
import json
from xml.etree import ElementTree

from orchestration.settings import SNAPSHOT_DIR
from tests.conftest import build_warehouse
from tests.payload_fixtures import copy_snapshot_with


def dip_payload_cells() -> dict[tuple[str, str, str], str | None]:
    """(indicator, partner, year) -> OBS_VALUE text or None, read straight from the snapshot's SDMX-ML payload."""
    (path,) = (SNAPSHOT_DIR / "imf" / "dip_positions").glob("*/*.xml")
    cells = {}
    for series in ElementTree.parse(path).getroot().iter("Series"):
        for obs in series.iter("Obs"):
            cells[(series.get("INDICATOR"), series.get("COUNTERPART_COUNTRY"), obs.get("TIME_PERIOD"))] = obs.get(
                "OBS_VALUE"
            )
    return cells


def services_payload_values() -> dict[tuple[str, str], float]:
    (path,) = (SNAPSHOT_DIR / "boj" / "bp01_services_monthly").glob("*/bp01_services_monthly.json")
    envelope = json.loads(path.read_text())
    return {
        (s["SERIES_CODE"], str(date)): value
        for s in envelope["RESULTSET"]
        for date, value in zip(s["VALUES"]["SURVEY_DATES"], s["VALUES"]["VALUES"], strict=True)
    }


def test_fdi_positions_equal_the_payload_exactly(published):
    indicator = {"outward": "OTWD_D_NETAL_FALL_ALL", "inward": "INWD_D_NETLA_FALL_ALL"}
    rows = published.execute(
        "select direction, partner_iso3, year, value_usd from marts.fdi_by_sector where industry_code = '_T' and measure = 'position'"
    ).fetchall()
    mart = {(indicator[d], p, str(y)): v for d, p, y, v in rows}
    cells = dip_payload_cells()
    assert set(mart) == set(cells)
    for key, text in cells.items():
        assert mart[key] == (None if text is None else float(text)), key


def test_confidential_positions_are_kept_distinct_from_zero(published):
    rows = published.execute(
        "select partner_iso3, value_usd, value_status from marts.fdi_by_sector where direction = 'inward' and year = 2024 and partner_iso3 in ('DNK', 'IRL', 'NOR', 'MEX')"
    ).fetchall()
    by_partner = {p: (v, s) for p, v, s in rows}
    assert by_partner["DNK"] == (None, "confidential")
    assert by_partner["IRL"] == (None, "confidential")
    assert by_partner["NOR"] == (None, "confidential")
    assert by_partner["MEX"] == (2042262.693903607, "reported")
    assert published.execute("select count(*) from marts.fdi_by_sector where value_usd = 0").fetchone()[0] == 0


def test_every_fdi_row_is_rolled_up_to_a_sector(published):
    assert published.execute("select count(*) from marts.fdi_by_sector where sector is null").fetchone()[0] == 0
    assert {s for (s,) in published.execute("select distinct sector from marts.fdi_by_sector").fetchall()} == {"total"}


def test_top_partners_rank_the_united_states_first_and_count_confidential_partners(published):
    top = published.execute(
        "select partner_iso3, value_usd, confidential_partners from marts.fdi_top_partners where year = 2024 and direction = 'outward' and position_rank = 1"
    ).fetchone()
    assert top == ("USA", 778323349158.4105, 0)
    inward = published.execute(
        "select distinct confidential_partners from marts.fdi_top_partners where year = 2024 and direction = 'inward'"
    ).fetchall()
    assert inward == [(3,)]


def test_lac_group_position_sums_mexico_and_brazil_and_says_the_other_31_members_are_missing(published):
    value, reported, confidential, missing, members = published.execute(
        "select value_usd, partners_reported, partners_confidential, partners_missing, members_in_group"
        " from marts.fdi_sector_shares_by_group where group_code = 'LAC' and year = 2024 and direction = 'outward' and sector = 'total'"
    ).fetchone()
    assert value == 12877057545.158 + 21457420274.00575
    assert (reported, confidential, missing, members) == (2, 0, 31, 33)


def test_monthly_services_equal_the_payload_exactly(published):
    rows = published.execute(
        "select source_series_code, strftime(period_start, '%Y%m'), net_jpy_100m from marts.services_trade where frequency = 'month'"
    ).fetchall()
    assert {(code, period): value for code, period, value in rows} == services_payload_values()


def test_calendar_2016_travel_and_the_digital_balance_not_computable_from_the_broad_categories(published):
    expected = services_payload_values()
    travel = sum(v for (code, _), v in expected.items() if code == "BPBP6JYNSN2")
    all_ip_and_telecom = sum(v for (code, _), v in expected.items() if code in {"BPBP6JYNSN906", "BPBP6JYNSN907"})
    row = published.execute(
        "select travel_net_jpy_100m, digital_net_jpy_100m, digital_status, digital_codes_included, digital_alt_all_ip_net_jpy_100m"
        " from marts.services_travel_vs_digital where period_label = '2016' and frequency = 'calendar_year'"
    ).fetchone()
    # The snapshot holds SI but not the copyright part of SH nor consulting (SJ2): the official balance is not summed
    # from a part; the all-IP alternative (a surplus, because of industrial royalties) stands beside it, named.
    # Travel is the Ministry's own calendar-year figure (13,391, its 2017-02-08 release) where it states one; the sum of
    # the BOJ's twelve months (13,267) stays in services_trade beside it, under source 'boj'.
    assert row == (
        13391.0,
        None,
        "not computable: components SH_CPR,SI,SJ2 defined, SI in the warehouse for this period",
        "SI",
        all_ip_and_telecom,
    )
    boj_sum = published.execute(
        "select net_jpy_100m from marts.services_trade where period_label = '2016' and ebops_code = 'SD' and source = 'boj'"
    ).fetchone()[0]
    assert boj_sum == travel == 13267.0 and all_ip_and_telecom > 0
    # 2016 has no complete BOJ fiscal year in the snapshot (April 2016 - March 2017 lacks 2017's months).
    assert (
        published.execute(
            "select count(*) from marts.services_trade where frequency = 'fiscal_year' and source = 'boj'"
        ).fetchone()[0]
        == 0
    )


def test_every_services_row_sits_in_the_ebops_hierarchy(published):
    rows = published.execute(
        "select distinct ebops_code, hierarchy_level, parent_code, is_digital from marts.services_trade order by 1"
    ).fetchall()
    assert rows == [
        ("S", 0, None, False),
        ("SC", 1, "S", False),
        ("SD", 1, "S", False),
        ("SH", 2, "S_OTH", False),
        ("SI", 2, "S_OTH", True),
        ("S_OTH", 1, "S", False),
    ]
    assert published.execute("select distinct partner_iso3 from marts.services_trade").fetchall() == [("WLD",)]


def test_a_renamed_dip_dimension_fails_its_load_and_leaves_the_marts(warehouse_copy, tmp_path):
    snapshot = copy_snapshot_with(
        tmp_path, "imf", "dip_positions", lambda b: b.replace(b"COUNTERPART_COUNTRY=", b"COUNTERPART_AREA=")
    )
    published = warehouse_copy.published_db
    before = hashlib.sha256(published.read_bytes()).hexdigest()

    result = build_warehouse(warehouse_copy, snapshot_dir=snapshot)

    assert {e.step_key for e in result.get_step_failure_events()} == {"raw__imf__dip_positions"}
    (failure,) = result.get_step_failure_events()
    assert "imf: missing SDMX dimension(s) ['COUNTERPART_COUNTRY']" in str(failure.event_specific_data.error)
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
    archived = list((warehouse_copy.payload_archive_dir / "imf" / "dip_positions").glob("*/*.xml"))
    assert len(archived) == 2  # the bad payload is kept
