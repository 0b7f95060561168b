"""One module per public source: how to call it, and how to read what it returns."""
