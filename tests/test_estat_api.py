"""e-Stat API getSimpleStatsData (品別国別表, 9-digit code x country x month): the CSV answer, its bad variants, paging.

The fixtures in tests/fixtures/estat/ follow the layout of a published getSimpleStatsData answer (sectionHeaderFlg=1:
"RESULT", "RESULT_INF", "TABLE_INF" sections of quoted key-value records, quoted newlines inside metadata fields, then
a "VALUE" line and the table with a code and a label column per axis, unit and value). Their figures, labels and
table metadata are synthetic test data, not published figures.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import responses

from orchestration import raw
from orchestration.errors import SourceError
from orchestration.payloads import make_payload
from orchestration.sources.estat import api, client
from tests.conftest import quick_http
from tests.payload_fixtures import ESTAT_FIXTURES as FIXTURES
from tests.suite_checks import the_failure, validate_payloads

ENDPOINT = "https://api.e-stat.go.jp/rest/3.0/app/getSimpleStatsData"
PAGE_URL = f"{ENDPOINT}?appId=***&lang=J&statsDataId=0003425293&cdTime=2025000000&startPosition={{start}}"
APP_ID = "test-app-id-0123456789abcdef"


def body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def page(content: bytes, start: int = 1, media_type: str = "text/csv", url: str | None = None):
    return make_payload(
        producer=client.PRODUCER,
        source=client.SOURCE,
        dataset=api.DATASET,
        url=url or PAGE_URL.format(start=start),
        content=content,
        media_type=media_type,
        licence=client.LICENCE,
    )


def page1(content: bytes | None = None, **kwargs):
    return page(body("export_2025_01_page1.csv") if content is None else content, start=1, **kwargs)


def edited(name: str, old: str, new: str, count: int = 1) -> bytes:
    text = body(name).decode("utf-8")
    assert text.count(old) >= count, old
    return text.replace(old, new, count).encode("utf-8")


def quick_client(**settings) -> client.EstatClient:
    return client.EstatClient(http=quick_http(retries=2), **settings)


# --- parse ---------------------------------------------------------------------------------------------------------


def test_a_page_becomes_one_row_per_code_area_and_month():
    frame = api.parse_hs9_country(page1())
    assert list(frame.columns) == list(api.SCHEMA)
    (row,) = frame.to_dict("records")  # the '-' only month of the USA and the heading total (0101) hold no row
    assert row == {
        "flow": "export",
        "stats_data_id": "0003425293",
        "stat_code_9": "010121000",
        "hs6_code": "010121",
        "commodity_label": "純粋種の繁殖用のもの",
        "area_code": "50105",
        "customs_country_code": "105",
        "area_label": "105_中華人民共和国",
        "period": "2025-01",
        "value_jpy_1000": 85310.0,
        "value_unit": "千円",
        "quantity_1": 12.0,
        "quantity_unit_1": "NO",
        "quantity_2": 6400.0,
        "quantity_unit_2": "KG",
    }


def test_the_second_page_parses_and_a_dash_is_no_figure():
    frame = api.parse_hs9_country(page(body("export_2025_01_page2.csv"), start=11)).set_index("area_code")
    assert frame.loc["50105", "value_jpy_1000"] == 9120455.0 and frame.loc["50304", "quantity_2"] == 402100.0
    assert frame["quantity_1"].isna().all()  # served as '-'
    # The unit row of 854231000 fell on page 1: this page cannot name it (the staging view fills it per code).
    assert frame["quantity_unit_2"].isna().all()


def test_the_frame_matches_the_declared_live_only_schema():
    frame = pd.concat(
        [api.parse_hs9_country(page1()), api.parse_hs9_country(page(body("export_2025_01_page2.csv"), start=11))]
    )
    assert {c: raw._duckdb_type(frame[c]) for c in frame.columns} == api.SCHEMA
    assert {c: raw._duckdb_type(s) for c, s in api.empty_frame().items()} == api.SCHEMA
    assert api.HS9_COUNTRY.live_only_schema == api.SCHEMA
    assert api.HS9_COUNTRY.key_columns == ("flow", "stat_code_9", "area_code", "period")
    assert api.HS9_COUNTRY.raw_table == "estat__trade_hs9_country"


def test_line_ends_a_bom_and_a_declared_shift_jis_are_all_read():
    expected = api.parse_hs9_country(page1())
    text = body("export_2025_01_page1.csv").decode("utf-8")
    variants = [
        page1(text.replace("\n", "\r\n").encode("utf-8")),
        page1(b"\xef\xbb\xbf" + text.encode("utf-8")),
        page1(text.encode("cp932"), media_type="text/csv; charset=Shift_JIS"),
    ]
    for variant in variants:
        pd.testing.assert_frame_equal(api.parse_hs9_country(variant), expected)


def test_a_shift_jis_body_that_declares_nothing_is_read_and_an_undecodable_one_is_rejected():
    text = body("export_2025_01_page1.csv").decode("utf-8")
    pd.testing.assert_frame_equal(api.parse_hs9_country(page1(text.encode("cp932"))), api.parse_hs9_country(page1()))
    with pytest.raises(SourceError, match="not decodable as utf-8 or shift_jis"):
        api.parse_hs9_country(page1(b"\x81\x20" * 40))


def test_an_error_envelope_served_with_http_200_is_rejected():
    with pytest.raises(SourceError, match="e-Stat error STATUS 100: 認証に失敗しました") as error:
        api.parse_hs9_country(page1(body("error_status_100.csv")))
    assert error.value.source == "estat"


def test_status_1_no_data_is_an_empty_frame_with_the_schema():
    frame = api.parse_hs9_country(page1(body("no_data_status_1.csv")))
    assert frame.empty and list(frame.columns) == list(api.SCHEMA)


def test_an_html_page_is_rejected():
    with pytest.raises(SourceError, match="HTML page"):
        api.parse_hs9_country(page1(b"<!DOCTYPE html><html><body>e-Stat maintenance</body></html>"))


@pytest.mark.parametrize(
    ("cut", "problem"),
    [
        (lambda t: t[: t.rindex('"010121000"')], r"page says rows 1-10 \(10\) of 16 but holds 8 rows \(truncated\?\)"),
        (lambda t: t[: t.rindex('千円","-"') + 4], r"does not end with a closing quote \(truncated\?\)"),
        (lambda t: t[: t.rindex('千円","-"') + 5], r"VALUE table is not CSV \(truncated\?\)"),
        (
            lambda t: t[: t.rindex('"2025年"') + len('"2025年"')],
            r"VALUE row 10 has 8 fields, the header 10 \(truncated\?\)",
        ),
        (lambda t: t[: t.index('"VALUE"')], r"no VALUE section after the header \(truncated\?\)"),
    ],
)
def test_a_truncated_page_is_rejected(cut, problem):
    text = body("export_2025_01_page1.csv").decode("utf-8")
    with pytest.raises(SourceError, match=problem):
        api.parse_hs9_country(page1(cut(text).encode("utf-8")))


def test_paging_that_would_lose_rows_is_rejected():
    with pytest.raises(SourceError, match="NEXT_KEY is None: the rest would be lost"):
        api.parse_hs9_country(page1(edited("export_2025_01_page1.csv", '"NEXT_KEY","11"\n', "")))
    with pytest.raises(SourceError, match="asked for rows from 5, the page starts at 1"):
        api.parse_hs9_country(page(body("export_2025_01_page1.csv"), start=5))


def test_a_unit_change_fails_the_suite_naming_the_unit(tmp_path):
    changed = page1(edited("export_2025_01_page1.csv", '"千円","85310"', '"百万円","85"', count=2))
    failure = the_failure(validate_payloads(api.HS9_COUNTRY, [changed], tmp_path))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "value_unit")
    assert "'百万円'" in failure["detail"]


def test_a_duplicated_observation_is_rejected():
    text = body("export_2025_01_page1.csv").decode("utf-8")
    line = next(line for line in text.splitlines() if line.startswith('"010121000"') and '"170"' in line)
    duplicated = (
        text.replace(line, f"{line}\n{line}")
        .replace('"TO_NUMBER","10"', '"TO_NUMBER","11"')
        .replace('"NEXT_KEY","11"', '"NEXT_KEY","12"')
        .replace('"TOTAL_NUMBER","16"', '"TOTAL_NUMBER","17"')
    )
    with pytest.raises(SourceError, match="duplicated observations"):
        api.parse_hs9_country(page1(duplicated.encode("utf-8")))


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            '"010121000","純粋種の繁殖用のもの","170","1月_金額","50105"',
            '"010121000","純粋種の繁殖用のもの","140","合計_金額","50105"',
            r"cat02 code '140' \(合計_金額\) at row 8 is neither a month's measure nor a unit",
        ),
        ('"160","1月_数量2"', '"160","2月_数量2"', "cat02 code 160 is labelled '2月_数量2', expected '1月_数量2'"),
        ('"100","単位1"', '"100","単位2"', "cat02 code 100 is labelled '単位2', expected '単位1'"),
    ],
)
def test_an_unknown_or_relabelled_cat02_code_is_rejected(old, new, problem):
    with pytest.raises(SourceError, match=problem):
        api.parse_hs9_country(page1(edited("export_2025_01_page1.csv", old, new)))


@pytest.mark.parametrize("mark", ["***", "x", "X", "…", "1,234"])
def test_a_special_character_other_than_a_dash_is_rejected(mark):
    content = edited("export_2025_01_page1.csv", '"2025年","","6400"', f'"2025年","","{mark}"')
    with pytest.raises(SourceError, match=r"non-numeric value .* only '-' \(no figure\) is expected"):
        api.parse_hs9_country(page1(content))


def test_a_customs_office_axis_or_an_unknown_table_is_rejected():
    text = body("export_2025_01_page1.csv").decode("utf-8")
    header = '"cat01_code","品目","cat02_code","統計品目表の数量・金額","area_code","国","time_code","時間軸(年次)","unit","value"'
    with_office = text.replace(header, header.replace('"area_code"', '"cat03_code","税関","area_code"'))
    with_office = with_office.replace(',"50105","105_', ',"50100","東京","50105","105_').replace(
        ',"50304","304_', ',"50100","東京","50304","304_'
    )
    with pytest.raises(SourceError, match=r"unexpected axes \['cat03 \(税関\)'\]"):
        api.parse_hs9_country(page1(with_office.encode("utf-8")))
    other = text.replace('"TABLE_INF","0003425293"', '"TABLE_INF","0003425301"')
    with pytest.raises(SourceError, match="asked for table 0003425293, the answer is table 0003425301"):
        api.parse_hs9_country(page1(other.encode("utf-8")))
    with pytest.raises(SourceError, match="table 0003425301 is not a 品別国別表 table"):
        api.parse_hs9_country(
            page1(other.encode("utf-8"), url=PAGE_URL.replace("0003425293", "0003425301").format(start=1))
        )


def test_a_tab_axis_is_accepted_and_a_year_outside_the_table_is_not():
    text = body("export_2025_01_page1.csv").decode("utf-8")
    with_tab = "\n".join(
        '"tab_code","表章項目",' + line
        if line.startswith('"cat01_code"')
        else '"100","金額・数量",' + line
        if line.startswith('"0') or line.startswith('"8')
        else line
        for line in text.split("\n")
    )
    assert len(api.parse_hs9_country(page1(with_tab.encode("utf-8")))) == 1
    with pytest.raises(SourceError, match="table 0003425293 holds 2021-2025, not 2026"):
        api.parse_hs9_country(page1(text.replace('"2025000000"', '"2026000000"').encode("utf-8")))


# --- plan ----------------------------------------------------------------------------------------------------------


def test_the_default_plan_is_the_latest_complete_year_four_partners_both_flows():
    assert api.latest_complete_year(date(2026, 11, 24)) == 2025
    assert api.latest_complete_year(date(2026, 2, 1)) == 2024  # December 2025 not surely out yet
    years, areas = api.planned_years_and_areas(client.EstatClient(), date(2026, 11, 24))
    assert years == (2025,) and areas == ("50105", "50304", "50103", "50106")
    plan = api.request_plan(years, areas)
    assert len(plan) == 24 and {r.table.stats_data_id for r in plan} == {"0003425293", "0003425294"}
    december_imports = next(r for r in plan if r.table.flow == "import" and r.month == 12).params()
    assert december_imports["cdCat02"] == "100,110,480,490,500" and december_imports["cdTime"] == "2025000000"
    assert december_imports["cdArea"] == "50105,50304,50103,50106"
    assert api.request_plan([2025], areas, months=[1])[0].params()["cdCat02"] == "100,110,150,160,170"


def test_the_full_plan_and_the_overrides():
    years, areas = api.planned_years_and_areas(client.EstatClient(hs9_plan="full"), date(2026, 11, 24))
    assert years == tuple(range(2001, 2026)) and areas == ()
    assert "cdArea" not in api.request_plan(years, areas)[0].params()  # every area
    narrowed = client.EstatClient(hs9_plan="full", hs9_years="2019-2020,2026", hs9_areas="50105")
    years, areas = api.planned_years_and_areas(narrowed, date(2026, 11, 24))
    assert years == (2019, 2020, 2026) and areas == ("50105",)
    tables = {(r.year, r.table.flow): r.table.stats_data_id for r in api.request_plan(years, areas)}
    assert tables[(2019, "export")] == "0003313965" and tables[(2026, "import")] == "0004049326"


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"hs9_years": "1999"}, "no e-Stat 品別国別表 table for exports in 1999"),
        ({"hs9_years": "25"}, "expected years like"),
        ({"hs9_areas": "105"}, r"area codes \['105'\] are not e-Stat trade area codes"),
        ({"hs9_plan": "everything"}, "expected 'default' or 'full'"),
    ],
)
def test_a_bad_plan_setting_fails_clearly(settings, problem):
    with pytest.raises(SourceError, match=problem):
        api.request_plan(*api.planned_years_and_areas(client.EstatClient(**settings), date(2026, 11, 24)))


# --- fetch ---------------------------------------------------------------------------------------------------------


@responses.activate
def test_fetch_follows_next_key_and_never_keeps_the_app_id():
    responses.get(ENDPOINT, body=body("export_2025_01_page1.csv"), content_type="text/plain;charset=UTF-8")
    responses.get(ENDPOINT, body=body("export_2025_01_page2.csv"), content_type="text/plain;charset=UTF-8")
    plan = api.request_plan([2025], ["50105", "50304"], flows=["export"], months=[1])
    payloads = list(api.fetch_hs9_country(quick_client(app_id=APP_ID), plan=plan))
    assert len(payloads) == 2 and len(responses.calls) == 2
    first, second = (call.request.url for call in responses.calls)
    assert f"appId={APP_ID}" in first and "statsDataId=0003425293" in first and "startPosition=1" in first
    assert "cdTime=2025000000" in first and "cdArea=50105%2C50304" in first and "sectionHeaderFlg=1" in first
    assert "startPosition=11" in second
    for payload in payloads:
        assert APP_ID not in payload.origin.url and "appId=***" in payload.origin.url
        assert payload.origin.media_type == "text/csv; charset=UTF-8" and payload.origin.dataset == "trade_hs9_country"
    frame = pd.concat(api.parse_hs9_country(p) for p in payloads)
    assert len(frame) == 3 and frame["period"].unique().tolist() == ["2025-01"]


@responses.activate
def test_fetch_yields_an_error_page_then_stops():
    responses.get(ENDPOINT, body=body("error_status_100.csv"))
    plan = api.request_plan([2025], ["50105"], flows=["export", "import"], months=[1])
    fetched = []
    with pytest.raises(SourceError, match="STATUS 100"):
        for payload in api.fetch_hs9_country(quick_client(app_id=APP_ID), plan=plan):
            fetched.append(payload)  # noqa: PERF402  the error page is handed over (and archived) before it stops the run
    assert len(fetched) == 1 and len(responses.calls) == 1


@responses.activate
def test_fetch_refuses_a_next_key_that_does_not_advance():
    stuck = edited("export_2025_01_page1.csv", '"NEXT_KEY","11"', '"NEXT_KEY","1"')
    responses.get(ENDPOINT, body=stuck)
    plan = api.request_plan([2025], ["50105"], flows=["export"], months=[1])
    with pytest.raises(SourceError, match="NEXT_KEY is '1'"):
        list(api.fetch_hs9_country(quick_client(app_id=APP_ID), plan=plan))


def test_fetch_needs_the_app_id():
    with pytest.raises(SourceError, match="ESTAT_APP_ID"):
        next(api.fetch_hs9_country(client.EstatClient(), plan=[]))
