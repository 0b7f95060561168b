"""IMF IMTS connector: the SDMX-ML 2.1 layout of the IMTS dataflow, partner codes including IMF area aggregates.

The snapshot holds no IMTS payload yet (no real IMTS figures were found to rebuild one), so these tests feed the
parser a structure-only message whose OBS_VALUEs are placeholders, not figures.
"""

from __future__ import annotations

import pytest

from orchestration.errors import SourceError
from orchestration.payloads import make_payload
from orchestration.sources import imf
from tests.suite_checks import the_failure, validate_payloads

MESSAGE = """<?xml version="1.0" encoding="utf-8"?>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
<message:Header><message:ID>IREF1</message:ID></message:Header>
<message:DataSet UPDATE_DATE="2026-01-01T00:00:00Z">
<Series COUNTRY="JPN" INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="{partner}" FREQUENCY="A" SCALE="6"><Obs TIME_PERIOD="2023" OBS_VALUE="1.5"/></Series>
<Series COUNTRY="JPN" INDICATOR="MG_CIF_USD" COUNTERPART_COUNTRY="G205" FREQUENCY="A" SCALE="6"><Obs TIME_PERIOD="2023" OBS_VALUE="2.5"/></Series>
</message:DataSet></message:StructureSpecificData>
"""


def payload(partner: str = "G001", scale: str = "6"):
    body = MESSAGE.format(partner=partner).replace('SCALE="6"', f'SCALE="{scale}"', 1).encode()
    url = f"{imf.DEFAULT_BASE_URL}/data/IMF.STA,IMTS,1.0.0/{imf.IMTS_KEY}"
    return make_payload(
        producer=imf.PRODUCER,
        source="imf",
        dataset="imts_annual",
        url=url,
        content=body,
        media_type="application/xml",
        licence=imf.LICENCE,
    )


def test_parses_partners_and_imf_area_aggregates():
    frame = imf.parse_imts(payload()).set_index(["indicator_code", "counterpart_code"])
    assert frame.loc[("XG_FOB_USD", "G001"), "obs_value"] == 1.5
    assert frame.loc[("MG_CIF_USD", "G205"), "obs_value"] == 2.5
    assert set(frame["time_period"]) == {"2023"}


def test_key_asks_for_exports_fob_and_imports_cif_of_japan():
    assert imf.IMTS_KEY.startswith("JPN.XG_FOB_USD+MG_CIF_USD.") and imf.IMTS_KEY.endswith(".A")
    assert "G205" in imf.IMTS_KEY and "G001" in imf.IMTS_KEY


def test_the_suite_knows_the_imf_areas_and_fails_an_unknown_partner_code_naming_it(tmp_path):
    assert validate_payloads(imf.IMTS_ANNUAL, [payload()], tmp_path / "areas").success  # G001 and G205
    failure = the_failure(validate_payloads(imf.IMTS_ANNUAL, [payload(partner="G999")], tmp_path / "unknown"))
    assert (failure["expectation"], failure["column"]) == ("expect_column_values_to_be_in_set", "counterpart_code")
    assert "'G999'" in failure["detail"]


def test_rejects_a_scale_change():
    with pytest.raises(SourceError, match="unit scale change"):
        imf.parse_imts(payload(scale="3"))


def test_rejects_truncated_xml():
    truncated = payload()
    with pytest.raises(SourceError, match="malformed SDMX-ML"):
        imf.parse_imts(
            make_payload(
                producer="p",
                source="imf",
                dataset="imts_annual",
                url=truncated.origin.url,
                content=truncated.content[:-120],
                media_type="application/xml",
                licence="l",
            )
        )
