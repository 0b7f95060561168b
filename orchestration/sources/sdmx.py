"""Reading SDMX-ML 2.1 StructureSpecificData, the XML the IMF's and the OECD's SDMX APIs return.

Series carry their dimension values (and series attributes) as XML attributes; each Obs carries TIME_PERIOD,
OBS_VALUE and observation attributes. Element names are matched without namespaces, which differ by provider.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import ParseError

import pandas as pd
from defusedxml import DefusedXmlException, ElementTree

from orchestration.errors import SourceError
from orchestration.payloads import Payload
from orchestration.sources.base import reject_non_data, to_number

XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_structure_specific(payload: Payload, required: tuple[str, ...]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return (observations, dataset attributes). Observation columns are lower-cased SDMX ids plus `obs_value`."""
    source = payload.origin.source
    reject_non_data(payload)
    declared = XML_ENCODING.match(payload.content)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in UTF8_NAMES:
        encoding = declared.group(1).decode("ascii", "replace")
        raise SourceError(
            source, f"the XML declares encoding {encoding!r}; SDMX-ML is UTF-8 (re-encoded by a proxy?)", payload.ref
        )
    try:
        # SDMX-ML never has a DTD: refusing one refuses entity expansion ("billion laughs") and external entities.
        root = ElementTree.fromstring(payload.content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise SourceError(
            source, f"XML with a DTD or entity declarations refused (entity expansion?): {exc!r}", payload.ref
        ) from None
    except ParseError as exc:
        raise SourceError(source, f"malformed SDMX-ML (truncated?): {exc}", payload.ref) from None
    if _local(root.tag) == "Error":
        text = " ".join(t.strip() for t in root.itertext() if t.strip())
        raise SourceError(source, f"SDMX error message: {text[:300]}", payload.ref)
    datasets = [el for el in root if _local(el.tag) == "DataSet"]
    if not datasets:
        raise SourceError(source, f"no DataSet element in {_local(root.tag)} (not SDMX data?)", payload.ref)
    rows = []
    dataset_attributes: dict[str, str] = {}
    for dataset in datasets:
        dataset_attributes.update({_local(k): v for k, v in dataset.attrib.items()})
        for series in dataset:
            if _local(series.tag) != "Series":
                continue
            series_keys = {_local(k).lower(): v for k, v in series.attrib.items()}
            for obs in series:
                if _local(obs.tag) != "Obs":
                    continue
                row: dict[str, object] = dict(series_keys)
                row.update({_local(k).lower(): v for k, v in obs.attrib.items()})
                where = f"{'.'.join(series_keys.get(r.lower(), '?') for r in required)} {row.get('time_period')}"
                row["obs_value"] = to_number(row.get("obs_value"), payload, where)
                rows.append(row)
    if not rows:
        raise SourceError(source, "empty dataset: no observations in the response", payload.ref)
    frame = pd.DataFrame(rows)
    missing = [c for c in (*required, "TIME_PERIOD") if c.lower() not in frame.columns]
    if missing:
        raise SourceError(
            source, f"missing SDMX dimension(s) {missing} (renamed or dropped: schema drift)", payload.ref
        )
    return frame, dataset_attributes
