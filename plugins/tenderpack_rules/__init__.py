"""The rules plugin (being written)."""
