"""The contract plugin (being written)."""
