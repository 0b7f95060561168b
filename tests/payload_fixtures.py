"""Helpers for tests: real-format snapshot payloads, bad variants of them built by editing their bytes, recorded e-Stat
answers and the e-Stat catalogue's answer."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from orchestration.payloads import ORIGIN_SUFFIX, Payload, read_snapshot, sha256_hex
from orchestration.settings import SNAPSHOT_DIR
from orchestration.sources.estat import client, files

ESTAT_FIXTURES = Path(__file__).parent / "fixtures" / "estat"  # recorded e-Stat API answers
# The OECD answer of positions by partner in its recorded layout (see its README: the values are the IMF's).
OECD_FIXTURE = Path(__file__).parent / "fixtures" / "oecd" / "fdi_positions_by_partner_jpn_2024.csv"


def snapshot_payloads(source: str, dataset: str) -> list[Payload]:
    return read_snapshot(SNAPSHOT_DIR, source, dataset)


def with_content(payload: Payload, content: bytes) -> Payload:
    """The same payload (origin, path) with other bytes, as a source might send them."""
    return Payload(origin=replace(payload.origin, sha256=sha256_hex(content)), content=content, path=payload.path)


def copy_snapshot_with(tmp_path: Path, source: str, dataset: str, edit) -> Path:
    """A copy of the whole snapshot where one dataset's payloads are edited by `edit(bytes) -> bytes` (origin re-signed)."""
    target = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, target, ignore=shutil.ignore_patterns("*.py", "figures"))
    for origin_file in (target / source / dataset).glob(f"*/*{ORIGIN_SUFFIX}"):
        data_file = Path(str(origin_file)[: -len(ORIGIN_SUFFIX)])
        content = edit(data_file.read_bytes())
        data_file.write_bytes(content)
        origin = json.loads(origin_file.read_text())
        origin["sha256"] = sha256_hex(content)
        origin_file.write_text(json.dumps(origin))
    return target


def as_position_text(flows_table: str) -> str:
    """A MOF direct-investment flows table retitled as a table of year-end positions: the layout the positions dataset
    reads (its figures are the flows', standing in for positions only to test the reading)."""
    for flows, positions in (
        ("Direct Investment Abroad (", "Direct Investment Position Abroad ("),
        ("Direct Investment in Japan (", "Direct Investment Position in Japan ("),
        ("対外直接投資（", "対外直接投資残高（"),
        ("対内直接投資（", "対内直接投資残高（"),
    ):
        flows_table = flows_table.replace(flows, positions)
    return flows_table


def catalogue_page(resources: list[tuple[str, str, str]], next_key: int | None = None, status: int = 0) -> dict:
    """A getDataCatalog answer listing (title, survey month, statInfId) CSV resources."""
    result_inf = {"FROM_NUMBER": 1, "TO_NUMBER": len(resources)} | ({"NEXT_KEY": next_key} if next_key else {})
    return {
        "GET_DATA_CATALOG": {
            "RESULT": {
                "STATUS": status,
                "ERROR_MSG": "正常に終了しました。" if status == 0 else "アプリケーションIDが不正です。",
                "DATE": "2026-11-24T10:00:00.000+09:00",
            },
            "PARAMETER": {"LANG": "J", "DATA_TYPE": "CSV", "SEARCH_WORD": files.CATALOGUE_SEARCH_WORD},
            "DATA_CATALOG_LIST_INF": {
                "NUMBER": len(resources),
                "RESULT_INF": result_inf,
                "DATA_CATALOG_INF": [
                    {
                        "@id": f"0000{n}",
                        "DATASET": {
                            "STAT_NAME": {"@code": client.STATS_CODE, "$": "普通貿易統計"},
                            "TITLE": {"NAME": "普通貿易統計", "SURVEY_DATE": month},
                        },
                        "RESOURCES": {
                            "RESOURCE": {
                                "@id": stat_inf_id,
                                "TITLE": {"NAME": title, "TABLE_NAME": title, "SURVEY_DATE": month},
                                "URL": f"https://www.e-stat.go.jp/stat-search/file-download?statInfId={stat_inf_id}&fileKind=1",
                                "FORMAT": "CSV",
                            }
                        },
                    }
                    for n, (title, month, stat_inf_id) in enumerate(resources)
                ],
            },
        }
    }


__all__ = [
    "ESTAT_FIXTURES",
    "OECD_FIXTURE",
    "as_position_text",
    "catalogue_page",
    "copy_snapshot_with",
    "snapshot_payloads",
    "with_content",
]
