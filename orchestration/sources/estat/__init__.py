"""e-Stat: Japan's customs trade statistics, as monthly files by area x principal commodity and through the API."""

from orchestration.sources.estat import api, files

DATASETS = (files.AREA_COMMODITY, api.HS9_COUNTRY)
