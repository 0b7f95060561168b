"""UN Comtrade preview responses rebuilt from snapshot/figures/comtrade_goods.csv, one payload per request."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.sources import comtrade
from snapshot.wire import read_figures, write_payload

FLOW_DESC = {"X": "Export", "M": "Import"}


def _number(text: str):
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _flag(text: str):
    return None if text == "" else text == "true"


def record(row: dict) -> dict:
    """One record with the fields, in the order, the preview endpoint returns them (values absent from the
    publication are null)."""
    iso = comtrade.partners()
    period, freq = row["period"], row["freq"]
    year, month = int(period[:4]), (52 if freq == "A" else int(period[4:]))
    return {
        "typeCode": "C",
        "freqCode": freq,
        "refPeriodId": int(f"{year}{month if freq == 'M' else 1:02d}01"),
        "refYear": year,
        "refMonth": month,
        "period": period,
        "reporterCode": int(row["reporter_code"]),
        "reporterISO": iso[int(row["reporter_code"])],
        "reporterDesc": row["reporter_desc"],
        "flowCode": row["flow"],
        "flowDesc": FLOW_DESC[row["flow"]],
        "partnerCode": int(row["partner_code"]),
        "partnerISO": iso[int(row["partner_code"])],
        "partnerDesc": row["partner_desc"],
        "partner2Code": 0,
        "partner2ISO": "W00",
        "partner2Desc": "World",
        "classificationCode": "H6",
        "classificationSearchCode": "HS",
        "isOriginalClassification": True,
        "cmdCode": row["cmd_code"],
        "cmdDesc": row["cmd_desc"],
        "aggrLevel": int(row["aggr_level"]),
        "isLeaf": _flag(row["is_leaf"]),
        "isAggregate": _flag(row["is_aggregate"]),
        "customsCode": "C00",
        "customsDesc": "TOTAL CPC",
        "mosCode": "0",
        "motCode": 0,
        "motDesc": "TOTAL MOT",
        "qtyUnitCode": _number(row["qty_unit_code"]),
        "qty": _number(row["qty"]),
        "netWgt": _number(row["net_wgt"]),
        "fobvalue": _number(row["fob_value"]),
        "cifvalue": _number(row["cif_value"]),
        "primaryValue": _number(row["primary_value"]),
        "isReported": _flag(row["is_reported"]),
        "legacyEstimationFlag": _number(row["legacy_flag"]),
    }


def rebuild_comtrade_goods(target_dir: Path) -> None:
    rows, provenance = read_figures("comtrade_goods.csv")
    requests: dict[str, list[dict]] = {}
    for row in rows:
        requests.setdefault(row["request"], []).append(row)
    for request, subset in requests.items():
        data = [record(r) for r in subset]
        body = json.dumps(
            {"elapsedTime": "0.5 secs", "count": len(data), "data": data, "error": ""}, ensure_ascii=False
        )
        write_payload(
            target_dir,
            {
                "producer": comtrade.PRODUCER,
                "source": "comtrade",
                "dataset": "goods",
                "url": subset[0]["url"],
                "retrieved_at": "2026-06-30T00:00:00+00:00",
                "licence": comtrade.LICENCE,
                "media_type": "application/json",
                "published": None,
                "figures": (
                    f"real figures; payload rebuilt by snapshot/rebuild.py from snapshot/figures/comtrade_goods.csv (request {request}); "
                    f"retrieval date approximate (the publications do not state it). {provenance}"
                ),
            },
            f"{request}.json",
            body.encode("utf-8"),
        )
