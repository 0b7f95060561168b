"""e-Stat (Portal Site of Official Statistics of Japan), API v3.0: what both e-Stat datasets share.

Japan Customs' *Trade Statistics of Japan* (Ministry of Finance, statistics code 00350300) are distributed through
e-Stat. The API needs a free application id, read from `ESTAT_APP_ID` only and kept out of every kept URL, log line
and message. The API answers HTTP 200 even when a call failed: the envelope's `RESULT.STATUS` (0 = success, 1 = no
data, 2 = partial success, 100 and above = errors) says what happened, so every answer goes through `result_of`.
"""

from __future__ import annotations

import os

from orchestration.errors import SourceError
from orchestration.http import HttpClient
from orchestration.payloads import Payload

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


def base_url() -> str:
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")


def files_base_url() -> str:
    return os.environ.get(FILES_BASE_URL_ENV, DEFAULT_FILES_BASE_URL).rstrip("/")


def app_id() -> str:
    value = os.environ.get(APP_ID_ENV)
    if not value:
        raise SourceError(
            SOURCE,
            f"live mode needs an e-Stat application id in {APP_ID_ENV} (free registration: https://www.e-stat.go.jp/api/)",
        )
    return value


def client() -> HttpClient:
    # e-Stat asks for no bursts; one call a second keeps a monthly refresh polite.
    key = os.environ.get(APP_ID_ENV)
    return HttpClient(source=SOURCE, min_interval_s=1.0, secret_values=(key,) if key else ())


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
