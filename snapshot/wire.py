"""What every snapshot writer shares: reading a figures file, writing a payload with its origin record, and the
SDMX-ML 2.1 layout the IMF's endpoint returns."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from xml.sax.saxutils import quoteattr

from orchestration.payloads import ORIGIN_SUFFIX, Origin, sha256_hex
from orchestration.settings import SNAPSHOT_DIR

FIGURES_DIR = SNAPSHOT_DIR / "figures"


def read_figures(name: str) -> tuple[list[dict], str]:
    """Rows of a figures file and its provenance header (the leading '#' lines)."""
    lines = (FIGURES_DIR / name).read_text().splitlines()
    header = " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    return rows, header


def write_payload(target_dir: Path, origin_fields: dict, filename: str, content: bytes) -> None:
    folder = target_dir / origin_fields["source"] / origin_fields["dataset"] / origin_fields["retrieved_at"][:10]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / filename).write_bytes(content)
    origin = Origin(**origin_fields, sha256=sha256_hex(content))
    (folder / (filename + ORIGIN_SUFFIX)).write_text(json.dumps(asdict(origin), indent=2, ensure_ascii=False) + "\n")


def sdmx_structure_specific(flow_ref: str, dataset_attrs: dict, series: list[tuple[dict, list[dict]]]) -> bytes:
    """SDMX-ML 2.1 StructureSpecificData, laid out as the IMF's 2.1 endpoint returns it."""

    def attrs(values: dict) -> str:
        return " ".join(f"{k}={quoteattr(str(v))}" for k, v in values.items())

    agency, flow_id, version = flow_ref.split(",")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<message:StructureSpecificData xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"'
        ' xmlns:footer="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message/footer"'
        f' xmlns:ns1="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={agency}:{flow_id}({version}):ObsLevelDim:TIME_PERIOD"'
        ' xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"'
        ' xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xml="http://www.w3.org/XML/1998/namespace">',
        "<message:Header><message:ID>IREF000001</message:ID><message:Test>false</message:Test>"
        f"<message:Prepared>{dataset_attrs['UPDATE_DATE']}</message:Prepared>"
        '<message:Sender id="IMF"/>'
        f'<message:Structure structureID="{agency}_{flow_id}_{version.replace(".", "_")}" namespace="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={agency}:{flow_id}({version}):ObsLevelDim:TIME_PERIOD" dimensionAtObservation="TIME_PERIOD">'
        f'<common:StructureUsage><Ref agencyID="{agency}" id="{flow_id}" version="{version}"/></common:StructureUsage>'
        "</message:Structure></message:Header>",
        f'<message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="{agency}_{flow_id}_{version.replace(".", "_")}" {attrs(dataset_attrs)}>',
    ]
    for series_attrs, observations in series:
        out.append(f"<Series {attrs(series_attrs)}>")
        out.extend(f"<Obs {attrs(obs)}/>" for obs in observations)
        out.append("</Series>")
    out.append("</message:DataSet></message:StructureSpecificData>")
    return ("\n".join(out) + "\n").encode("utf-8")
