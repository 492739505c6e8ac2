"""The dated data files the rules read.

The figures of the law (thresholds, the standstill, bank holidays) live with the engine's
``tenderpack.law``, beside the duties they decide, so a plugin and a clause read the same
figure; this plugin keeps only its own lists (tendering periods, named products, old terms).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

import tenderpack

DATA = Path(__file__).parent / "data"
LAW_FILES = ("thresholds", "bank_holidays", "law")


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """A data file of this plugin, such as load("tendering_periods"), or one of the law's."""
    if name in LAW_FILES:
        return tenderpack.law.data(name)
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


def bank_holidays() -> frozenset[dt.date]:
    return tenderpack.law.bank_holidays()


def as_of(name: str) -> str:
    """'thresholds.yaml, as of 2026-01-01': for messages that quote a figure."""
    return f"{name}.yaml, as of {load(name)['as_of']}"
