"""Bad input in the pipeline: a clear failure, the payload kept, the published file untouched byte for byte."""

from __future__ import annotations

import hashlib
import re

import duckdb

from tests.conftest import build_warehouse
from tests.payload_fixtures import copy_snapshot_with


def file_digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def failed_steps(result) -> set[str]:
    return {event.step_key for event in result.get_step_failure_events()}


def test_values_in_another_scale_fail_validation_and_block_the_marts(warehouse_copy, tmp_path):
    def millions_sent_as_units(content: bytes) -> bytes:
        return re.sub(rb'OBS_VALUE="(-?[0-9.]+)"', lambda m: b'OBS_VALUE="%r"' % (float(m.group(1)) / 1e6), content)

    snapshot = copy_snapshot_with(tmp_path, "imf", "bop_annual", millions_sent_as_units)
    published = warehouse_copy.published_db
    before = file_digest(published)

    result = build_warehouse(warehouse_copy, snapshot_dir=snapshot)

    assert not result.success
    evaluations = {e.asset_key.to_user_string(): e for e in result.get_asset_check_evaluations()}
    imf_check = evaluations["raw/imf__bop_annual"]
    assert not imf_check.passed and "expect_column_values_to_be_between" in imf_check.description
    assert evaluations["raw/boj__bp01_monthly"].passed
    assert "dbt_models" not in {e.step_key for e in result.all_events if e.is_step_start}
    assert file_digest(published) == before
    con = duckdb.connect(str(warehouse_copy.build_db), read_only=True)
    statuses = dict(
        con.execute(
            "select validation_status, count(*) from raw.load_log where raw_table = 'imf__bop_annual' group by 1"
        ).fetchall()
    )
    con.close()
    assert statuses == {"passed": 1, "quarantined": 1}
    assert len(list((warehouse_copy.payload_archive_dir / "imf" / "bop_annual").glob("*/*.xml"))) == 2


def test_an_html_error_page_fails_its_source_alone(warehouse_copy, tmp_path):
    page = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Service unavailable</body></html>"
    snapshot = copy_snapshot_with(tmp_path, "boj", "bp01_monthly", lambda _: page)
    published = warehouse_copy.published_db
    before = file_digest(published)

    result = build_warehouse(warehouse_copy, snapshot_dir=snapshot)

    assert failed_steps(result) == {"raw__boj__bp01_monthly"}
    (failure,) = result.get_step_failure_events()
    assert "boj: received an HTML page instead of data" in str(failure.event_specific_data.error)
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "raw/imf__bop_annual" in materialized
    assert file_digest(published) == before
    archive = warehouse_copy.payload_archive_dir / "boj" / "bp01_monthly"
    assert any(path.read_bytes() == page for path in archive.glob("*/*.json"))  # kept for inspection


def test_a_customs_file_with_an_unknown_area_fails_its_suite_is_quarantined_and_kept(warehouse_copy, tmp_path):
    def renamed_area(content: bytes) -> bytes:
        return content.replace(b",CHINA,", b",ATLANTIS,")

    snapshot = copy_snapshot_with(tmp_path, "estat", "trade_area_commodity", renamed_area)
    published = warehouse_copy.published_db
    before = file_digest(published)

    result = build_warehouse(warehouse_copy, snapshot_dir=snapshot)

    assert not result.success
    evaluations = {e.asset_key.to_user_string(): e for e in result.get_asset_check_evaluations()}
    customs_check = evaluations["raw/estat__trade_area_commodity"]
    assert not customs_check.passed
    assert customs_check.description.startswith("raw.estat__trade_area_commodity: 1 of ")
    assert "expect_column_values_to_be_in_set on area_label" in customs_check.description
    assert "'ATLANTIS'" in customs_check.description and "seed estat_trade_area_labels" in customs_check.description
    assert evaluations["raw/boj__bp01_monthly"].passed
    assert "dbt_models" not in {e.step_key for e in result.all_events if e.is_step_start}
    assert file_digest(published) == before
    archived = list((warehouse_copy.payload_archive_dir / "estat" / "trade_area_commodity").glob("*/*.csv"))
    renamed = {path for path in archived if b"ATLANTIS" in path.read_bytes()}
    assert renamed  # kept for inspection
    con = duckdb.connect(str(warehouse_copy.build_db), read_only=True)
    quarantined = {
        path
        for (path,) in con.execute(
            "select payload_path from raw.load_log"
            " where raw_table = 'estat__trade_area_commodity' and validation_status = 'quarantined'"
        ).fetchall()
    }
    con.close()
    assert quarantined == {str(path) for path in renamed}
