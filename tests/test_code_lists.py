"""One truth per code list: a code added to its seed reaches the connector, the Great Expectations suite and the
dbt test, with no other edit."""

from __future__ import annotations

import json
import shutil

import pytest

from orchestration import code_lists, validation
from orchestration.settings import DBT_PROJECT_DIR
from orchestration.sources import boj, comtrade, imf, oecd, worldbank
from tests.payload_fixtures import snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads

NEW_ITEM = "XTEST,Test item,current_account,total,BPBP6JYNXT,XTEST,NETCD_T,Test item\n"


@pytest.fixture
def imf_payload_with_new_indicator():
    (payload,) = snapshot_payloads("imf", "bop_annual")
    return with_content(payload, payload.content.replace(b'INDICATOR="IN2"', b'INDICATOR="XTEST"'))


def value_set(suite_name: str, column: str) -> list:
    suite = validation.load_suite(suite_name)
    (expectation,) = [
        e
        for e in suite.expectation_configurations
        if e.type == "expect_column_values_to_be_in_set" and e.kwargs["column"] == column
    ]
    return expectation.kwargs["value_set"]


def test_a_new_bop_item_is_one_seed_edit(tmp_path, monkeypatch, imf_payload_with_new_indicator):
    failure = the_failure(validate_payloads(imf.BOP_ANNUAL, [imf_payload_with_new_indicator], tmp_path / "before"))
    assert (failure["column"], "'XTEST'" in failure["detail"]) == ("indicator_code", True)
    assert "XTEST" not in value_set("imf__bop_annual", "indicator_code")

    seeds = tmp_path / "seeds"
    shutil.copytree(code_lists.SEEDS_DIR, seeds)
    with (seeds / "bop_items.csv").open("a", encoding="utf-8") as seed:
        seed.write(NEW_ITEM)
    monkeypatch.setattr(code_lists, "SEEDS_DIR", seeds)

    # The connectors request it and accept it.
    assert "+XTEST." in imf.bop_key()
    assert "XTEST" in set(imf.parse_bop(imf_payload_with_new_indicator).indicator_code)
    assert "BPBP6JYNXT" in boj.bp01_monthly_series()
    # The suites accept it.
    assert "XTEST" in value_set("imf__bop_annual", "indicator_code")
    assert validate_payloads(imf.BOP_ANNUAL, [imf_payload_with_new_indicator], tmp_path / "after").success
    assert "BPBP6JYNXT" in value_set("boj__bp01_monthly", "series_code")


def test_the_dbt_tests_check_the_same_seeds_the_connectors_read():
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    relationships = {
        (node["attached_node"].split(".")[-1], node["column_name"]): node["depends_on"]["nodes"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and node.get("test_metadata", {}).get("name") == "relationships"
    }
    expected = {
        ("stg_imf__bop_annual", "imf_indicator_code"): "seed.japan_trade_dw.bop_items",
        ("stg_boj__bp01_monthly", "boj_series_code"): "seed.japan_trade_dw.bop_items",
    }
    for key, seed in expected.items():
        assert seed in relationships[key], (key, relationships.get(key))


def test_a_comtrade_partner_is_known_when_its_country_is_in_the_seed():
    partners = comtrade.partners()
    assert len(partners) == len(code_lists.codes("dim_country", "comtrade_code"))
    assert (partners[842], partners[490], partners[0]) == ("USA", "S19", "W00")
    assert value_set("comtrade__goods", "partner_code") == [
        int(code) for code in code_lists.codes("dim_country", "comtrade_code")
    ]


def kwargs_of(suite_name: str, expectation_type: str) -> dict:
    (expectation,) = [
        e for e in validation.load_suite(suite_name).expectation_configurations if e.type == expectation_type
    ]
    return expectation.kwargs


def test_the_codes_a_suite_lists_itself_are_those_the_connector_requests():
    pairs = "expect_column_pair_values_to_be_in_set"
    assert {tuple(p) for p in kwargs_of("worldbank__indicators", pairs)["value_pairs_set"]} == set(worldbank.SERIES)
    assert {tuple(p) for p in kwargs_of("oecd__fdi_by_partner_industry", pairs)["value_pairs_set"]} == {
        (dataflow, measure) for dataflow, (measure, _) in oecd.DATAFLOWS.items()
    }
    counterparts = set(value_set("imf__imts_annual", "counterpart_code"))
    assert counterparts == {*code_lists.codes("dim_country", "iso3"), *imf.IMTS_AREAS}
    assert set(imf.IMTS_INDICATORS) == set(value_set("imf__imts_annual", "indicator_code"))
