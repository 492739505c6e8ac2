"""The ocds plugin (being written)."""
