"""Vintages identified by content, and the quarantine of bad ones: load log, archive and the operator's command."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration import quarantine, raw
from orchestration.payloads import archive, make_payload
from orchestration.warehouse import connect

TABLE = "boj__bp01_monthly"


def payload(content: bytes, retrieved_at: str):
    return make_payload(
        producer="p",
        source="boj",
        dataset="bp01_monthly",
        url="http://127.0.0.1/x",
        content=content,
        media_type="application/json",
        licence="l",
        retrieved_at=retrieved_at,
    )


def load(con, content: bytes, retrieved_at: str, value: float = 1.0):
    frame = pd.DataFrame({"series_code": ["BPBP6JYNCB"], "period_code": ["202601"], "value": [value]})
    return raw.load_payload_rows(con, TABLE, "boj", payload(content, retrieved_at), frame, "run")


@pytest.fixture
def con(empty_warehouse):
    connection = connect(empty_warehouse.build_db)
    raw.ensure_schema(connection)
    yield connection
    connection.close()


def statuses(con) -> dict[str, str]:
    return dict(con.execute("select left(payload_sha256, 4), validation_status from raw.load_log").fetchall())


def test_two_payloads_of_one_day_are_two_ordered_vintages_and_a_repeat_is_a_no_op(con):
    first = load(con, b'{"a": 1}', "2026-09-13T01:00:00.000001+00:00")
    second = load(con, b'{"a": 2}', "2026-09-13T01:00:00.000002+00:00", value=2.0)
    again = load(con, b'{"a": 1}', "2026-09-14T08:00:00+00:00")
    assert first.newly_loaded and second.newly_loaded and not again.newly_loaded
    rows = con.execute(f"select value, vintage::varchar from raw.{TABLE} order by retrieved_at").fetchall()
    assert rows == [(1.0, "2026-09-13"), (2.0, "2026-09-13")]


def test_the_same_bytes_fetched_on_a_later_day_are_kept_once(tmp_path):
    kept = archive(payload(b"same", "2026-09-13T01:00:00+00:00"), tmp_path)
    again = archive(payload(b"same", "2026-10-13T01:00:00+00:00"), tmp_path)
    other = archive(payload(b"other", "2026-09-13T01:00:00+00:00"), tmp_path)
    assert again.path == kept.path and "2026-09-13" in str(kept.path)
    assert other.path != kept.path and len(list(tmp_path.rglob("*.json"))) == 2 * 2  # two payloads, two origin records


def test_a_failed_dbt_test_quarantines_only_untested_vintages_with_a_good_one_to_fall_back_to(con):
    good = load(con, b"good", "2026-08-01T00:00:00+00:00")
    raw.record_validation(con, TABLE, [good.payload_sha256], True, "ok")
    raw.mark_tested(con, [TABLE])
    new = load(con, b"new", "2026-09-01T00:00:00+00:00")
    raw.record_validation(con, TABLE, [new.payload_sha256], True, "ok")

    quarantined = raw.quarantine_untested(con, [TABLE], "dbt test x failed")

    assert quarantined == [(TABLE, new.payload_sha256)]
    assert statuses(con) == {good.payload_sha256[:4]: "passed", new.payload_sha256[:4]: "quarantined"}
    assert raw.judged_out(con, TABLE, [good.payload_sha256, new.payload_sha256]) == {new.payload_sha256}


def test_a_vintage_fetched_again_is_not_judged_again_so_a_bad_new_one_cannot_drag_it_into_quarantine(con):
    good = load(con, b"good", "2026-08-01T00:00:00+00:00")
    raw.record_validation(con, TABLE, [good.payload_sha256], True, "ok")
    raw.mark_tested(con, [TABLE])
    again = load(con, b"good", "2026-09-01T00:00:00+00:00")  # the same bytes in the next release: a no-op
    bad = load(con, b"bad", "2026-09-01T00:00:01+00:00")

    to_validate = raw.unjudged(con, TABLE, [again.payload_sha256, bad.payload_sha256])
    raw.record_validation(con, TABLE, to_validate, False, "row count out of range")

    assert to_validate == [bad.payload_sha256]
    assert statuses(con) == {good.payload_sha256[:4]: "passed", bad.payload_sha256[:4]: "quarantined"}


def test_on_a_first_build_a_failed_dbt_test_quarantines_nothing(con):
    first = load(con, b"first", "2026-08-01T00:00:00+00:00")
    raw.record_validation(con, TABLE, [first.payload_sha256], True, "ok")
    assert raw.quarantine_untested(con, [TABLE], "dbt test x failed") == []


def test_failed_dbt_nodes_blame_the_raw_tables_they_read():
    manifest = {
        "parent_map": {
            "test.p.assert_identity": ["model.p.bop_japan"],
            "model.p.bop_japan": ["model.p.stg_boj", "seed.p.bop_items"],
            "model.p.stg_boj": ["source.p.boj.bp01_monthly", "source.p.raw_meta.load_log"],
            "seed.p.bop_items": [],
        },
        "sources": {
            "source.p.boj.bp01_monthly": {"identifier": TABLE},
            "source.p.raw_meta.load_log": {"identifier": "load_log"},
        },
    }
    assert quarantine.raw_tables_upstream("test.p.assert_identity", manifest) == {TABLE}


def test_release_and_drop_from_the_command_line(con, empty_warehouse, capsys, monkeypatch):
    monkeypatch.setenv("JTDW_DATA_DIR", str(empty_warehouse.data_dir))  # the command line's setting: main() reads it
    good = load(con, b"good", "2026-08-01T00:00:00+00:00")
    raw.record_validation(con, TABLE, [good.payload_sha256], True, "ok")
    raw.mark_tested(con, [TABLE])
    bad, worse = (load(con, content, f"2026-09-0{day}T00:00:00+00:00") for day, content in ((1, b"bad"), (2, b"worse")))
    raw.record_validation(con, TABLE, [bad.payload_sha256, worse.payload_sha256], False, "values out of range")
    con.close()

    quarantine.main(["list"])
    listed = capsys.readouterr().out
    assert f"{TABLE}  {bad.payload_sha256[:16]}" in listed and "Great Expectations: values out of range" in listed
    assert "2 quarantined vintage(s)" in listed
    quarantine.main(["release", TABLE, bad.payload_sha256[:8]])
    quarantine.main(["drop", TABLE, worse.payload_sha256[:8]])
    with pytest.raises(SystemExit, match="0 quarantined vintages"):
        quarantine.main(["drop", TABLE, worse.payload_sha256[:8]])

    check = connect(empty_warehouse.build_db, read_only=True)
    log = dict(
        check.execute(
            "select payload_sha256, validation_status || ' ' || validation_detail from raw.load_log"
        ).fetchall()
    )
    shas = {sha for (sha,) in check.execute(f"select distinct payload_sha256 from raw.{TABLE}").fetchall()}
    tested = check.execute(
        "select dbt_tested_at from raw.load_log where payload_sha256 = ?", [bad.payload_sha256]
    ).fetchone()[0]
    check.close()
    assert log[bad.payload_sha256].startswith("passed released by an operator")
    assert log[worse.payload_sha256].startswith("dropped dropped by an operator")
    assert shas == {good.payload_sha256, bad.payload_sha256} and tested is None


def test_a_load_log_from_before_quarantine_is_upgraded(empty_warehouse):
    con = connect(empty_warehouse.build_db)
    con.execute("create schema raw")
    con.execute(raw.LOAD_LOG_DDL.replace(", dbt_tested_at timestamptz", ""))
    con.execute(
        "insert into raw.load_log (raw_table, payload_sha256, validation_status) values ('t', 'a', 'passed'), ('t', 'b', 'failed')"
    )
    raw.ensure_schema(con)
    rows = con.execute(
        "select payload_sha256, validation_status, dbt_tested_at is not null from raw.load_log order by 1"
    ).fetchall()
    con.close()
    assert rows == [("a", "passed", True), ("b", "quarantined", False)]
