"""The JSON writer for data artifacts (such as the open-data tender notice)."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

from ..errors import WriterError


def _default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


class JsonWriter:
    format = "json"
    extension = ".json"

    def write(self, content, target: Path, templates) -> None:
        if not isinstance(content, dict | list):
            raise WriterError(f"the json writer needs a dict or a list, not a {type(content).__name__}")
        try:
            text = json.dumps(content, indent=2, ensure_ascii=False, default=_default) + "\n"
        except TypeError as exc:
            raise WriterError(f"{target.name}: {exc}") from exc
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
