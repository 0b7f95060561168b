"""e-Stat area x principal commodity files: Shift_JIS CSV blocks, the catalogue API, and every kind of bad file."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
import responses

from orchestration.errors import SourceError
from orchestration.payloads import ORIGIN_SUFFIX
from orchestration.sources.base import archive_each
from orchestration.sources.estat import client, files
from tests.conftest import quick_http
from tests.payload_fixtures import catalogue_page, snapshot_payloads, with_content
from tests.suite_checks import the_failure, validate_payloads


@pytest.fixture(scope="module")
def payloads():
    return {p.path.stem: p for p in snapshot_payloads("estat", "trade_area_commodity")}


def sjis_lines(payload) -> list[str]:
    return payload.content.decode("cp932").split("\r\n")


def rewritten(payload, lines: list[str], encoding: str = "cp932"):
    return with_content(payload, "\r\n".join(lines).encode(encoding))


def test_reads_the_shift_jis_december_file_monthly_and_cumulative_blocks(payloads):
    frame = files.parse_area_commodity(payloads["export_201912"])
    world = frame[(frame.area_label == "GRAND TOTAL") & (frame.commodity_label == "GRAND TOTAL")]
    assert world[["year", "month_from", "month_to", "value_jpy_1000"]].values.tolist() == [[2019, 1, 12, 76931664915.0]]
    china = frame[(frame.area_label == "CHINA") & (frame.commodity_label == "GRAND TOTAL")].sort_values("month_from")
    assert len(china) == 13 and china.iloc[0].value_jpy_1000 == 958052245.0  # January 2019, then ... then the year
    assert set(frame.flow) == {"export"}


def test_a_file_with_only_a_cumulative_block_parses_and_says_how_many_months(payloads):
    frame = files.parse_area_commodity(payloads["import_202603"])
    assert set(zip(frame.month_from, frame.month_to, strict=True)) == {(1, 3)}
    assert frame.area_label.nunique() == 51


def test_a_utf8_copy_with_bom_reads_the_same_and_an_undecodable_body_is_an_error(payloads):
    payload = payloads["export_202512"]
    bom_utf8 = with_content(payload, b"\xef\xbb\xbf" + payload.content.decode("cp932").encode("utf-8"))
    undeclared = replace(bom_utf8, origin=replace(bom_utf8.origin, media_type="text/csv"))
    assert files.parse_area_commodity(undeclared).equals(files.parse_area_commodity(payload))
    broken = with_content(undeclared, b"\x81\x20" * 50)  # a Shift_JIS lead byte without its trail byte
    with pytest.raises(SourceError, match="estat: body is not decodable"):
        files.parse_area_commodity(broken)


def test_an_unknown_area_or_commodity_column_fails_the_suite_naming_the_seed_to_extend(payloads, tmp_path):
    lines = sjis_lines(payloads["export_202412"])
    renamed_area = [line.replace(",CHINA,", ",ATLANTIS,") for line in lines]
    outcome = validate_payloads(files.AREA_COMMODITY, [rewritten(payloads["export_202412"], renamed_area)], tmp_path)
    failure = the_failure(outcome)
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "area_label")
    assert "'ATLANTIS'" in failure["detail"] and "seed estat_trade_area_labels" in outcome.summary()
    renamed_column = [lines[0], lines[1].replace(",SHIPS,", ",SPACECRAFT,")] + lines[2:]
    outcome = validate_payloads(
        files.AREA_COMMODITY, [rewritten(payloads["export_202412"], renamed_column)], tmp_path / "column"
    )
    failure = the_failure(outcome)
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "commodity_label")
    assert "'SPACECRAFT'" in failure["detail"] and "export commodity group" in outcome.summary()


def test_a_cumulative_block_that_differs_from_its_months_is_refused(payloads):
    lines = sjis_lines(payloads["import_201912"])
    january = lines.index("2019年1月") + 1
    assert lines[january].startswith("2,CHINA,")
    code, area, value, *rest = lines[january].split(",")
    lines[january] = ",".join([code, area, str(int(value) + 1000), *rest])
    with pytest.raises(
        SourceError, match=r"1 cumulative figures differ from the sum of their months, e.g. CHINA x GRAND TOTAL 2019"
    ):
        files.parse_area_commodity(rewritten(payloads["import_201912"], lines))


def test_a_month_delivered_twice_and_data_before_any_period_are_refused(payloads):
    lines = sjis_lines(payloads["import_201912"])
    start = lines.index("2019年2月")
    twice = lines[: start + 2] + lines[start - 2 : start] + lines[start + 2 :]  # the January block again
    with pytest.raises(SourceError, match="period '2019年1月' delivered twice in one file"):
        files.parse_area_commodity(rewritten(payloads["import_201912"], twice))
    with pytest.raises(SourceError, match="line 3: data before any period label"):
        files.parse_area_commodity(rewritten(payloads["import_201912"], lines[:2] + lines[3:]))


def test_a_truncated_file_an_html_page_and_a_changed_header_are_refused(payloads):
    payload = payloads["export_202312"]
    with pytest.raises(SourceError, match=r"cells where the header has \d+ \(truncated\?\)"):
        files.parse_area_commodity(with_content(payload, payload.content[: len(payload.content) // 2]))
    with pytest.raises(SourceError, match="received an HTML page"):
        files.parse_area_commodity(with_content(payload, b"<!DOCTYPE html><html><body>Maintenance</body></html>"))
    lines = sjis_lines(payload)
    with pytest.raises(SourceError, match="is not 'Exp or Imp,Area,<commodity groups>'"):
        files.parse_area_commodity(
            rewritten(payload, [lines[0], lines[1].replace("Exp or Imp,Area", "Area,Exp or Imp")] + lines[2:])
        )


def test_a_footnote_marker_in_a_figure_is_refused_by_position(payloads):
    lines = sjis_lines(payloads["export_202312"])
    row = next(i for i, line in enumerate(lines) if line.startswith("1,USA,"))
    lines[row] = re.sub(r"^1,USA,(\d+)", r"1,USA,\1*", lines[row])
    with pytest.raises(SourceError, match=rf"not a number at line {row + 1}, USA x GRAND TOTAL"):
        files.parse_area_commodity(rewritten(payloads["export_202312"], lines))


# --- the live path: catalogue API, then the files ---------------------------------------------------------------

API = "https://estat.test/rest/3.0/app"
FILES = "https://files.estat.test"


@pytest.fixture
def live():
    return client.EstatClient(base_url=API, files_base_url=FILES, app_id="secret-app-id-123", http=quick_http(0))


@responses.activate
def test_live_locates_files_through_the_paged_catalogue_and_keeps_the_key_out(live, payloads):
    responses.get(
        f"{API}/json/getDataCatalog",
        json=catalogue_page(
            [("輸出 概況品別国別表", "202512", "000040425355"), ("輸入 概況品別国別表", "202512", "000040425356")],
            next_key=101,
        ),
    )
    responses.get(
        f"{API}/json/getDataCatalog",
        json=catalogue_page(
            [
                ("輸出 概況品別国別表", "202603", "000040448151"),
                ("輸入 概況品別国別表", "202603", "000040448152"),
                ("輸出 品別国別表", "202603", "000099999999"),
            ]
        ),
    )
    for stat_inf_id, name in (
        ("000040425355", "export_202512"),
        ("000040425356", "import_202512"),
        ("000040448151", "export_202603"),
        ("000040448152", "import_202603"),
    ):
        responses.get(
            f"{FILES}/stat-search/file-download?statInfId={stat_inf_id}&fileKind=1",
            body=payloads[name].content,
            headers={"Content-Type": "text/csv; charset=Shift_JIS"},
        )

    handed_over = list(files.fetch_area_commodity(live))
    pages = [p for p in handed_over if not files.AREA_COMMODITY.holds_data(p)]
    fetched = [p for p in handed_over if files.AREA_COMMODITY.holds_data(p)]

    assert [p.origin.dataset for p in pages] == [files.CATALOGUE_DATASET] * 2  # kept with the files they located
    assert not any("secret-app-id-123" in p.origin.url for p in pages)
    assert [p.origin.url.split("statInfId=")[1][:12] for p in fetched] == [
        "000040425355",
        "000040448151",
        "000040425356",
        "000040448152",
    ]
    assert all(p.origin.media_type == "text/csv; charset=Shift_JIS" for p in fetched)
    assert "startPosition=101" in responses.calls[1].request.url
    assert not any("secret-app-id-123" in p.origin.url for p in fetched)
    assert files.parse_area_commodity(fetched[1]).month_to.max() == 3


@responses.activate
def test_an_error_envelope_with_http_200_names_the_status(live, empty_warehouse):
    responses.get(f"{API}/json/getDataCatalog", json=catalogue_page([], status=100))
    with pytest.raises(SourceError, match="estat: e-Stat error STATUS 100: アプリケーションIDが不正です。") as error:
        archive_each(files.fetch_area_commodity(live), empty_warehouse.payload_archive_dir)
    (kept,) = (
        p
        for p in empty_warehouse.payload_archive_dir.glob(f"estat/{files.CATALOGUE_DATASET}/*/*")
        if not p.name.endswith(ORIGIN_SUFFIX)
    )
    assert f"[payload: {kept}]" in str(error.value)  # the catalogue page is archived before it is read


def test_live_mode_without_an_application_id_says_which_variable():
    with pytest.raises(SourceError, match="ESTAT_APP_ID"):
        client.EstatClient().required_app_id()


def test_full_plan_adds_every_december_since_2009():
    entries = [
        {"flow": "export", "year": y, "month": m, "url": f"u{y}{m}"}
        for y in range(2008, 2027)
        for m in (3, 12)
        if (y, m) != (2026, 12)
    ]
    latest = files.planned_files(entries, "latest")
    assert [(e["year"], e["month"]) for e in latest] == [(2025, 12), (2026, 3)]
    full = files.planned_files(entries, "full")
    assert [(e["year"], e["month"]) for e in full] == [(y, 12) for y in range(2009, 2026)] + [(2026, 3)]
    assert json.dumps(full)  # plain data: it can be logged as the run's plan
