"""One module per source: its figures files written out as that source's payloads."""
