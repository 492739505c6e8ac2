"""The dated data files the rules read: thresholds, tendering periods, bank holidays, names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """A data file of this plugin, such as load("thresholds")."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when installed


def figure(name: str, *keys: str) -> Any:
    """A figure from a data file: figure("thresholds", "payment", "max_days")."""
    value: Any = load(name)
    for key in keys:
        value = value[key]
    return value


def money(name: str, *keys: str) -> Decimal:
    return Decimal(str(figure(name, *keys)))


@lru_cache(maxsize=None)
def bank_holidays() -> frozenset[dt.date]:
    days = load("bank_holidays")["england_and_wales"]
    return frozenset(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in days)


def as_of(name: str) -> str:
    """'thresholds.yaml, as of 2026-01-01': for messages that quote a figure."""
    return f"{name}.yaml, as of {load(name)['as_of']}"
