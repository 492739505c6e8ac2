"""Dated figures kept as YAML files in one folder: thresholds, tendering periods, model contracts.

Each file carries an ``as_of`` date (and its sources), so a message that quotes a figure can say
where and when it comes from. The engine's law data (tenderpack.law) and a plugin's own data
files are read the same way: ``Figures(folder)``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any


class Figures:
    """The dated data files of one folder, each read once."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.load = lru_cache(maxsize=None)(self._load)

    def _load(self, name: str) -> dict[str, Any]:
        """One data file by name, such as load("thresholds")."""
        import yaml   # only when a figure is asked for

        with (self.folder / f"{name}.yaml").open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml when installed

    def figure(self, name: str, *keys: str) -> Any:
        """A figure from a data file: figure("thresholds", "payment", "max_days")."""
        value: Any = self.load(name)
        for key in keys:
            value = value[key]
        return value

    def amount(self, name: str, *keys: str) -> Decimal:
        return Decimal(str(self.figure(name, *keys)))

    def as_of(self, name: str) -> str:
        """'thresholds.yaml, as of 2026-01-01': for messages that quote a figure."""
        return f"{name}.yaml, as of {self.load(name)['as_of']}"
