"""The dated data files of this plugin: tendering periods, named products, model contracts,
the commercial figures and the old procurement terms.

The figures of the law (thresholds, the standstill, KPIs, payment, bank holidays) live with
the engine, beside the duties they decide, and the rules read them through
``tenderpack.law.figure`` / ``amount`` / ``as_of``, so a plugin and a clause read the same
figure. This module reads only the plugin's own files.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """A data file of this plugin, such as load("tendering_periods")."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when installed


def figure(name: str, *keys: str) -> Any:
    """A figure from one of this plugin's data files: figure("tendering_periods", "standard", "days")."""
    value: Any = load(name)
    for key in keys:
        value = value[key]
    return value


def amount(name: str, *keys: str) -> Decimal:
    return Decimal(str(figure(name, *keys)))


def as_of(name: str) -> str:
    """'tendering_periods.yaml, as of 2025-02-24': for messages that quote a figure."""
    return f"{name}.yaml, as of {load(name)['as_of']}"
