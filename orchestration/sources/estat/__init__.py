"""e-Stat: Japan's customs trade statistics, as monthly files by area x principal commodity and through the API."""

from orchestration.sources.estat import files

DATASETS = (files.AREA_COMMODITY,)
