"""Spec data as YAML text that ``tenderpack build`` reads back to the same spec.

Keys stay in the model's order, text with line breaks is written as a block (``|``), amounts
keep their pennies (``1250.50``), dates are plain YAML dates and date-times are written the way
the examples write them (``2027-03-08T12:00``, UK time).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if value == value.to_integral_value() and "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _datetime(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.ScalarNode:
    # Not a YAML timestamp (that needs seconds and reads as UTC): the spec's own way of writing it.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.isoformat(timespec="minutes"))


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(dt.datetime, _datetime)


def dump(data: Any) -> str:
    """``data`` (plain dicts, lists and values) as YAML text."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
