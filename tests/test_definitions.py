"""The code location as the Dagster UI shows it: layers as groups, checks attached, schedule off by default."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.raw import DATASETS, GX_CHECK, RAW_ASSETS
from orchestration.definitions import defs, monthly_refresh
from orchestration.partitions import YEARS
from orchestration.resources import LivePayloads, SnapshotPayloads, resources_from_environment

LAYERS = {"raw", "staging", "intermediate", "marts", "reference", "serving"}


def asset_graph():
    return defs.resolve_asset_graph()


def test_every_asset_sits_in_a_layer_group():
    groups = {node.group_name for node in asset_graph().asset_nodes if node.is_materializable}
    assert groups <= LAYERS
    assert {"raw", "staging", "marts", "serving"} <= groups


def test_every_raw_table_has_a_blocking_great_expectations_check():
    graph = asset_graph()
    for dataset in DATASETS:
        key = dg.AssetKey(["raw", dataset.raw_table])
        check_key = dg.AssetCheckKey(key, GX_CHECK)
        assert check_key in graph.get(key).check_keys
        assert graph.get_check_spec(check_key).blocking


def test_dbt_marts_depend_on_raw_and_carry_dbt_tests_as_checks():
    graph = asset_graph()
    mart = dg.AssetKey(["marts", "bop_japan"])
    assert any(key.path[0] == "intermediate" for key in graph.get(mart).parent_keys)
    check_names = {check.name for check in graph.get(mart).check_keys}
    assert "assert_bop_current_account_identity" in check_names
    assert any(name.startswith("closed_periods_keep_their_rows") for name in check_names)


def test_live_schedule_is_off_by_default():
    schedule = defs.resolve_schedule_def("monthly_live_refresh")
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert schedule.execution_timezone == "Asia/Tokyo"


def test_the_monthly_refresh_runs_the_current_year_and_the_one_before_it_in_one_run():
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2027, 1, 12, 6, tzinfo=ZoneInfo("Asia/Tokyo"))
    )
    request = monthly_refresh(context)
    assert request.tags["dagster/asset_partition_range_start"] == "2026"
    assert request.tags["dagster/asset_partition_range_end"] == "2027"


def test_sources_and_models_are_partitioned_by_year_and_backfilled_in_one_run():
    for assets in (*RAW_ASSETS, dbt_models):
        assert assets.partitions_def == YEARS
        assert assets.backfill_policy == dg.BackfillPolicy.single_run()
    assert YEARS.get_first_partition_key() == "1996"
    published = asset_graph().get(dg.AssetKey(["published", "warehouse"]))
    assert published.partitions_def is None  # one file, built from every year


def test_the_environment_chooses_live_or_snapshot_payloads_in_one_place(tmp_path):
    offline = resources_from_environment({"JTDW_DATA_DIR": str(tmp_path)})
    assert isinstance(offline["payload_source"], SnapshotPayloads)
    assert offline["warehouse"].paths.build_db == tmp_path / "warehouse" / "build.duckdb"
    live = resources_from_environment({"JTDW_DATA_DIR": str(tmp_path), "JTDW_LIVE": "1"})
    assert isinstance(live["payload_source"], LivePayloads)


def test_every_raw_asset_takes_the_warehouse_and_the_payload_source_as_resources():
    for asset in RAW_ASSETS:
        assert {"warehouse", "payload_source"} <= asset.op.required_resource_keys
    assert {"warehouse", "payload_source"} <= set(defs.resources)
