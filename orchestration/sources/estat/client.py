"""e-Stat (Portal Site of Official Statistics of Japan), API v3.0: what both e-Stat datasets share.

Japan Customs' *Trade Statistics of Japan* (Ministry of Finance, statistics code 00350300) are distributed through
e-Stat. The API needs a free application id (the client's `app_id`, from `ESTAT_APP_ID`), kept out of every kept
URL, log line and message. The API answers HTTP 200 even when a call failed: the envelope's `RESULT.STATUS` (0 = success, 1 = no
data, 2 = partial success, 100 and above = errors) says what happened, so every answer goes through `result_of`.
"""

from __future__ import annotations

from typing import ClassVar

from orchestration.errors import SourceError
from orchestration.http import HttpClient
from orchestration.payloads import Payload
from orchestration.sources.base import SourceClient

SOURCE = "estat"
PRODUCER = "Ministry of Finance, Japan (Japan Customs), Trade Statistics of Japan; distributed by e-Stat (National Statistics Center)"
LICENCE = (
    "Government of Japan Standard Terms of Use 2.0 (compatible with CC BY 4.0). Credit: 'This service uses the API "
    "of the Portal Site of Official Statistics of Japan (e-Stat), but the content of the service is not guaranteed "
    "by the Government of Japan.' Source: Ministry of Finance, Trade Statistics of Japan."
)
STATS_CODE = "00350300"  # 普通貿易統計, Trade Statistics of Japan
APP_ID_ENV = "ESTAT_APP_ID"
BASE_URL_ENV = "JTDW_ESTAT_BASE_URL"
DEFAULT_BASE_URL = "https://api.e-stat.go.jp/rest/3.0/app"
# The e-Stat site that serves statistical table files (the catalogue's RESOURCE.URL points here).
FILES_BASE_URL_ENV = "JTDW_ESTAT_FILES_BASE_URL"
DEFAULT_FILES_BASE_URL = "https://www.e-stat.go.jp"
# RESULT.STATUS values that carry data: 0 normal, 2 normal with a warning (e.g. part of the request ignored).
# 1 is "no data for the conditions": a valid, empty answer that the caller decides about.
STATUS_OK = {0, 2}
STATUS_NO_DATA = 1


class EstatClient(SourceClient):
    """e-Stat's API (BASE_URL_ENV) and file site (FILES_BASE_URL_ENV), or mirrors of them; the application id
    (APP_ID_ENV); the plans of the two datasets (orchestration/sources/estat/api.py and files.py)."""

    source: ClassVar[str] = SOURCE
    polite_interval_s: ClassVar[float] = 1.0  # e-Stat asks for no bursts
    base_url: str = DEFAULT_BASE_URL
    files_base_url: str = DEFAULT_FILES_BASE_URL
    app_id: str | None = None
    hs9_plan: str = "default"  # 'default' or 'full'
    hs9_years: str = ""  # '2025', '2023,2024' or '2019-2025'; empty: the plan's
    hs9_areas: str = ""  # '50105,50304' (e-Stat area codes) or 'all'; empty: the plan's
    files_plan: str = "latest"  # 'latest' or 'full'

    def required_app_id(self) -> str:
        if not self.app_id:
            raise SourceError(
                SOURCE,
                f"live mode needs an e-Stat application id in {APP_ID_ENV} (free registration: https://www.e-stat.go.jp/api/)",
            )
        return self.app_id

    def http_client(self, secret_values: tuple[str, ...] = ()) -> HttpClient:
        return super().http_client((*secret_values, self.app_id or ""))


def result_of(body: dict, envelope: str, payload: Payload) -> dict:
    """The envelope's RESULT block, or a SourceError naming e-Stat's own status and message."""
    try:
        result = body[envelope]["RESULT"]
        status = int(result["STATUS"])
    except (KeyError, TypeError, ValueError):
        raise SourceError(
            SOURCE, f"not an e-Stat {envelope} envelope: RESULT.STATUS missing (schema drift?)", payload.ref
        ) from None
    if status not in STATUS_OK and status != STATUS_NO_DATA:
        raise SourceError(
            SOURCE, f"e-Stat error STATUS {status}: {str(result.get('ERROR_MSG', ''))[:300]}", payload.ref
        )
    return result
