"""The code location as the Dagster UI shows it: layers as groups, checks attached, schedule off by default."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.load_log import LOAD_LOG_KEY
from orchestration.assets.raw import DATASETS, GX_CHECK, RAW_ASSETS
from orchestration.dbt_project import DBT_PROJECT
from orchestration.definitions import defs, monthly_refresh
from orchestration.partitions import FIRST_YEAR, YEARS, dbt_args, dbt_env
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


def test_dbt_tests_of_severity_error_block_the_release_and_warnings_do_not():
    manifest = json.loads(DBT_PROJECT.manifest_path.read_text())
    severities = {
        node["unique_id"]: node["config"]["severity"].lower()
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
    }
    blocking = {spec.metadata["dagster_dbt/unique_id"]: spec.blocking for spec in dbt_models.check_specs}
    # Every dbt test is an asset check: a singular test reading several models names the one it checks
    # (`meta.dagster.ref`), or Dagster would not show it.
    assert set(blocking) == set(severities)
    assert {severities[test] for test, blocks in blocking.items() if blocks} == {"error"}
    assert {severities[test] for test, blocks in blocking.items() if not blocks} == {"warn"}


def test_the_load_log_sits_between_the_raw_tables_that_write_it_and_the_staging_models_that_read_it():
    node = asset_graph().get(LOAD_LOG_KEY)
    assert not node.is_materializable  # written by the raw assets' steps, not a step of its own
    assert node.parent_keys == {dg.AssetKey(["raw", dataset.raw_table]) for dataset in DATASETS}
    staging = {key for key in node.child_keys if key.path[0] == "staging"}
    assert dg.AssetKey(["staging", "stg_imf__bop_annual"]) in staging and len(staging) == len(node.child_keys)


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


def test_dbt_rebuilds_whole_on_a_run_of_every_year_and_gets_the_years_of_a_partial_run():
    every_year = range(FIRST_YEAR, int(YEARS.get_last_partition_key()) + 1)
    assert dbt_args(every_year, seeds_loaded=True) == dbt_args(every_year, seeds_loaded=False) == ["--full-refresh"]
    assert dbt_env(every_year) == {}
    assert dbt_args(range(2024, 2026), seeds_loaded=False) == []
    assert dbt_args(range(2024, 2026), seeds_loaded=True) == ["--exclude-resource-type", "seed", "unit_test"]
    assert dbt_env(range(2024, 2026)) == {"JTDW_REFRESH_FIRST_YEAR": "2024", "JTDW_REFRESH_LAST_YEAR": "2025"}


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


# Every source setting README's "Settings" table names, and the client field it configures.
SOURCE_SETTINGS = {
    "JTDW_BOJ_BASE_URL": ("boj", "base_url"),
    "JTDW_IMF_BASE_URL": ("imf", "base_url"),
    "JTDW_OECD_BASE_URL": ("oecd", "base_url"),
    "JTDW_WORLDBANK_BASE_URL": ("worldbank", "base_url"),
    "JTDW_COMTRADE_BASE_URL": ("comtrade", "base_url"),
    "COMTRADE_API_KEY": ("comtrade", "api_key"),
    "JTDW_COMTRADE_PERIODS": ("comtrade", "periods"),
    "JTDW_COMTRADE_PARTNERS": ("comtrade", "partners"),
    "JTDW_COMTRADE_HS": ("comtrade", "hs_codes"),
    "JTDW_MOF_BASE_URL": ("mof", "base_url"),
    "JTDW_MOF_FDI_URL_TEMPLATE": ("mof", "fdi_url_template"),
    "JTDW_MOF_FDI_POSITIONS_URL_TEMPLATE": ("mof", "fdi_positions_url_template"),
    "JTDW_ESTAT_BASE_URL": ("estat", "base_url"),
    "JTDW_ESTAT_FILES_BASE_URL": ("estat", "files_base_url"),
    "ESTAT_APP_ID": ("estat", "app_id"),
    "JTDW_ESTAT_HS9_PLAN": ("estat", "hs9_plan"),
    "JTDW_ESTAT_HS9_YEARS": ("estat", "hs9_years"),
    "JTDW_ESTAT_HS9_AREAS": ("estat", "hs9_areas"),
    "JTDW_ESTAT_FILES_PLAN": ("estat", "files_plan"),
}


def test_each_source_setting_configures_its_client_as_an_env_var_dagster_reads_at_run_time(tmp_path):
    """A setting becomes an EnvVar of the client resource: the run reads its value, and the UI and the run's config
    never show it (an API key). An unset setting leaves the public API's default."""
    env = {"JTDW_DATA_DIR": str(tmp_path), "JTDW_LIVE": "1"}
    defaults = resources_from_environment(env)["payload_source"]
    assert defaults.boj.base_url == "https://www.stat-search.boj.or.jp/api/v1" and defaults.comtrade.api_key is None
    assert defaults.estat.app_id is None and defaults.estat.files_plan == "latest"
    configured = resources_from_environment({**env, **dict.fromkeys(SOURCE_SETTINGS, "set")})["payload_source"]
    for name, (source, field) in SOURCE_SETTINGS.items():
        value = getattr(getattr(configured, source), field)
        assert isinstance(value, dg.EnvVar) and value.env_var_name == name, (source, field)


def test_a_live_run_resolves_the_clients_settings_from_the_environment(monkeypatch):
    for name, value in {
        "JTDW_LIVE": "1",
        "COMTRADE_API_KEY": "key-from-the-environment",
        "JTDW_HTTP_RETRIES": "2",
    }.items():
        monkeypatch.setenv(name, value)
    live = resources_from_environment()
    seen = {}

    @dg.asset
    def probe(payload_source: LivePayloads) -> None:
        seen.update(key=payload_source.comtrade.api_key, retries=payload_source.comtrade.http_client().total_retries)

    assert dg.materialize([probe], resources={"payload_source": live["payload_source"]}).success
    assert seen == {"key": "key-from-the-environment", "retries": 2}


def test_every_source_has_its_client_in_the_live_payloads():
    assert {dataset.source for dataset in DATASETS} == set(LivePayloads.model_fields)


def test_every_raw_asset_takes_the_warehouse_and_the_payload_source_as_resources():
    for asset in RAW_ASSETS:
        assert {"warehouse", "payload_source"} <= asset.op.required_resource_keys
    assert {"warehouse", "payload_source"} <= set(defs.resources)
