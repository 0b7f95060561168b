"""The embedded offline snapshot: published figures (`figures/`) written out in each source's wire format by
`python -m snapshot.rebuild`, one writer module per source (`writers/`), with the shared helpers in `wire.py`."""
