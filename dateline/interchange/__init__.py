"""Moving an archive in and out: stories as JSON Lines (docs/import-format.md)."""
