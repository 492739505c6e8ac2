"""Form fields made from the spec's pydantic models, and the posted form read back into spec data.

Nothing here knows a particular field: the label comes from the field's name, the hint from
its description, the input from its type. A nested model is a fieldset, a list of models a
list with "Add another", a list of values a textarea with one value a line, a date a GOV.UK
date input, a choice (an enum or a Literal) radios, a bool Yes or No, Markdown a textarea,
and a text with a length limit a character count. So a field added to the model reaches the
page without new page code.

The posted form is read into the same plain data a YAML file holds. A value that cannot be
read as its type (a date of 31 February, "ten" for a number) is kept as typed, so that the
spec's own validation reports it beside the field, in the words ``tenderpack validate`` uses.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..positions import PathT


class _Empty:
    """Nothing given: the key is left out of the spec."""

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY: Any = _Empty()
MISSING: Any = object()
# Posted before each group of radios, so that a group with nothing chosen still says it was shown.
UNSET = "__unset__"


# ---------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Shape:
    """What kind of input a field needs, read from its type."""

    kind: str                    # group items lines mapping choice bool int decimal date datetime text markdown fixed
    model: Any = None            # group, items: the model class
    item: "Shape | None" = None  # lines, mapping: the shape of each value
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    optional: bool = False


@dataclass(frozen=True)
class FieldSpec:
    key: str          # the key in the spec (a field's alias if it has one)
    label: str
    hint: str
    shape: Shape
    required: bool
    default: Any      # a plain value; MISSING when the field has none


_ACRONYMS = {"vat": "VAT", "cpv": "CPV", "sme": "SME", "smes": "SMEs", "vcse": "VCSE", "kpi": "KPI", "kpis": "KPIs",
             "ocid": "OCID", "itl": "ITL", "url": "URL", "ip": "IP", "tupe": "TUPE", "id": "ID", "uk": "UK",
             "ppon": "PPON", "ocds": "OCDS"}


def label_of(name: str) -> str:
    """'estimated_excluding_vat' -> 'Estimated excluding VAT'."""
    words = [_ACRONYMS.get(w, w) for w in name.strip("_$").split("_") if w]
    if not words:
        return name
    first = words[0]
    return " ".join([first if first.isupper() or first in _ACRONYMS.values() else first.capitalize(), *words[1:]])


def _shape(annotation: Any, limits: tuple = ()) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(annotation)
        return _shape(inner, (*limits, *meta))
    max_length = next((getattr(m, "max_length", None) for m in _flat(limits) if getattr(m, "max_length", None)), None)
    markdown = any(isinstance(getattr(m, "json_schema_extra", None), dict)
                   and m.json_schema_extra.get("contentMediaType") == "text/markdown" for m in _flat(limits))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(options) < len(typing.get_args(annotation))
        inner_shape = _shape(options[0], limits) if len(options) == 1 else Shape("text", max_length=max_length)
        return Shape(inner_shape.kind, inner_shape.model, inner_shape.item, inner_shape.choices,
                     inner_shape.max_length, optional or inner_shape.optional)
    if origin is list:
        (item,) = typing.get_args(annotation) or (str,)
        inner = _shape(item)
        return Shape("items", inner.model) if inner.kind == "group" else Shape("lines", item=inner)
    if origin is dict:
        args = typing.get_args(annotation)
        return Shape("mapping", item=_shape(args[1]) if len(args) == 2 else Shape("text"))
    if origin is typing.Literal:
        values = tuple(typing.get_args(annotation))
        if len(values) == 1:
            return Shape("fixed", choices=tuple(str(v) for v in values))
        return Shape("choice", choices=tuple(str(v) for v in values))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return Shape("group", annotation)
        if issubclass(annotation, Enum):
            return Shape("choice", choices=tuple(str(m.value) for m in annotation))
        if annotation is bool:
            return Shape("bool")
        if issubclass(annotation, int):
            return Shape("int")
        if issubclass(annotation, (Decimal, float)):
            return Shape("decimal")
        if issubclass(annotation, dt.datetime):
            return Shape("datetime")
        if issubclass(annotation, dt.date):
            return Shape("date")
    return Shape("markdown" if markdown else "text", max_length=max_length)


def _flat(meta) -> list:
    """Metadata with the constraints inside a nested FieldInfo brought up beside it."""
    out = []
    for m in meta:
        out.append(m)
        out.extend(getattr(m, "metadata", None) or [])
    return out


def _plain_default(info) -> Any:
    if info.default is not PydanticUndefined:
        value = info.default
    elif info.default_factory is not None:
        value = info.default_factory()
        if isinstance(value, BaseModel):
            return MISSING
    else:
        return MISSING
    return value.value if isinstance(value, Enum) else value


@lru_cache(maxsize=None)
def fields_of(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``model``, in its order, each with its label, hint and input shape."""
    hints = typing.get_type_hints(model, include_extras=True)
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        shape = _shape(hints.get(name, info.annotation), tuple(info.metadata))
        out.append(FieldSpec(key, label_of(key), info.description or "", shape, info.is_required(),
                             _plain_default(info)))
    return tuple(out)


def field_named(model: type[BaseModel], key: str) -> FieldSpec | None:
    return next((f for f in fields_of(model) if f.key == key), None)


# ---------------------------------------------------------------------------- names


def name_of(path: PathT) -> str:
    """A form field's name from its path in the spec: ('lots', 'items', 0, 'title') -> 'lots.items.0.title'."""
    return ".".join(str(p) for p in path)


def id_of(path: PathT) -> str:
    """An HTML id from a path: letters, digits and hyphens only."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name_of(path)).strip("-")


def path_of(name: str) -> PathT:
    """The reverse of name_of."""
    return tuple(int(p) if p.isdigit() else p for p in name.split(".")) if name else ()


# ---------------------------------------------------------------------------- reading a posted form


def read_fields(model: type[BaseModel], form, path: PathT, old: Any, keys: tuple[str, ...] | None = None) -> Any:
    """The data of ``model`` at ``path`` from the posted ``form``, built on ``old`` (keys the form
    does not show are kept as they were). With ``keys``, only those fields are read."""
    base = old if isinstance(old, dict) else {}
    out: dict[str, Any] = {}
    specs = [f for f in fields_of(model) if keys is None or f.key in keys]
    shown = {f.key for f in specs}
    for spec in fields_of(model):
        if spec.key not in shown:
            if spec.key in base:
                out[spec.key] = base[spec.key]
            continue
        value = read_value(spec.shape, form, (*path, spec.key), base.get(spec.key, MISSING))
        if value is EMPTY:
            continue
        if spec.key not in base and spec.default is not MISSING and _same(value, spec.default):
            continue   # a default the spec did not write is not written now either
        out[spec.key] = value
    for key, value in base.items():   # keys the model does not know: kept, and still reported
        if key not in out and not any(f.key == key for f in fields_of(model)):
            out[key] = value
    return out if out else EMPTY


def _same(value: Any, default: Any) -> bool:
    try:
        return type(value) is not bool and value == default or (type(value) is bool and value is default)
    except Exception:
        return False


def read_value(shape: Shape, form, path: PathT, old: Any) -> Any:
    name = name_of(path)
    kind = shape.kind
    if kind == "group":
        return read_fields(shape.model, form, path, old)
    if kind == "items":
        count = _count(form.get(f"{name}.count"))
        olds = old if isinstance(old, list) else []
        items = []
        for i in range(count):
            item = read_fields(shape.model, form, (*path, i), olds[i] if i < len(olds) else None)
            if item is not EMPTY:
                items.append(item)
        return items or EMPTY
    if kind == "fixed":
        return old if old is not MISSING else EMPTY
    if kind == "date":
        return _date(form, name)
    if kind == "datetime":
        return _datetime(form, name)
    raw = form.get(name)
    if raw is None:
        return old if old is not MISSING else EMPTY   # not on the page: unchanged
    if raw == UNSET:
        return EMPTY   # radios shown with none of them chosen
    raw = raw.replace("\r\n", "\n")
    if kind == "lines":
        assert shape.item is not None
        values = [_scalar(shape.item, line.strip()) for line in raw.split("\n") if line.strip()]
        return values or EMPTY
    if kind == "mapping":
        assert shape.item is not None
        out: dict[str, Any] = {}
        for line in raw.split("\n"):
            if line.strip():
                key, _, value = line.partition(":")
                out[key.strip()] = _scalar(shape.item, value.strip()) if value.strip() else ""
        return out or EMPTY
    return _scalar(shape, raw)


def _count(raw: Any) -> int:
    return min(int(raw), 1000) if isinstance(raw, str) and raw.isdigit() else 0


_NUMBER_NOISE = re.compile(r"[£,\s]")


def _scalar(shape: Shape, raw: str) -> Any:
    """One typed value from text; text that is not that type is kept as typed, for validation to report."""
    if not raw.strip():
        return EMPTY
    kind = shape.kind
    if kind == "bool":
        return {"yes": True, "no": False}.get(raw, raw)
    if kind == "int":
        text = _NUMBER_NOISE.sub("", raw)
        return int(text) if re.fullmatch(r"-?[0-9]+", text) else raw
    if kind == "decimal":
        text = _NUMBER_NOISE.sub("", raw)
        try:
            number = Decimal(text)
        except InvalidOperation:
            return raw
        return number if number.is_finite() else raw
    if kind == "date":
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            return raw
    if kind in ("text", "markdown", "choice"):
        return raw if raw.strip() else EMPTY
    return raw


def _date(form, name: str) -> Any:
    parts = [(form.get(f"{name}-{p}") or "").strip() for p in ("year", "month", "day")]
    if not any(parts):
        return EMPTY
    year, month, day = parts
    if all(p.isdigit() for p in parts):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            pass
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


def _datetime(form, name: str) -> Any:
    day = _date(form, name)
    time = (form.get(f"{name}-time") or "").strip()
    if day is EMPTY and not time:
        return EMPTY
    match = _TIME.fullmatch(time)
    if isinstance(day, dt.date) and match:
        try:
            return dt.datetime(day.year, day.month, day.day, int(match.group(1)), int(match.group(2)))
        except ValueError:
            pass
    shown = day.isoformat() if isinstance(day, dt.date) else ("" if day is EMPTY else day)
    return f"{shown}T{time}" if time else shown


# ---------------------------------------------------------------------------- changing lists


def add_item(data: dict, path: PathT) -> None:
    """Append an empty item to the list at ``path`` (made if missing)."""
    here: Any = data
    for part in path[:-1]:
        here = here.setdefault(part, {}) if isinstance(part, str) else here[part]
    items = here.get(path[-1])
    if not isinstance(items, list):
        items = here[path[-1]] = []
    items.append({})


def remove_item(data: dict, path: PathT) -> None:
    """Remove the item at ``path`` (a list and an index), if it is there."""
    here: Any = data
    for part in path[:-2]:
        if isinstance(here, dict):
            here = here.get(part)
        elif isinstance(here, list) and isinstance(part, int) and part < len(here):
            here = here[part]
        else:
            return
    items = here.get(path[-2]) if isinstance(here, dict) else None
    if isinstance(items, list) and isinstance(path[-1], int) and path[-1] < len(items):
        del items[path[-1]]


# ---------------------------------------------------------------------------- widgets for the page


@dataclass
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass
class Widget:
    """One input (or fieldset, or list) of the form, with its value and messages."""

    kind: str
    name: str
    id: str
    label: str
    hint: str
    path: PathT
    required: bool = False
    value: Any = ""
    parts: dict = field(default_factory=dict)     # date: day, month, year (and time)
    choices: list[Choice] = field(default_factory=list)
    children: list["Widget"] = field(default_factory=list)
    messages: list = field(default_factory=list)   # engine.Message
    max_length: int | None = None
    rows: int = 5
    depth: int = 0
    count: int = 0         # items: how many
    item_label: str = ""   # items: "Lot 2"

    @property
    def errors(self) -> list:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def warnings(self) -> list:
        return [m for m in self.messages if m.severity == "warning"]

    @property
    def heading(self) -> str:
        return f"h{min(self.depth + 2, 4)}"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def widgets(model: type[BaseModel], data: Any, path: PathT, keys: tuple[str, ...] | None = None,
            depth: int = 0) -> list[Widget]:
    base = data if isinstance(data, dict) else {}
    return [widget(spec, base.get(spec.key, MISSING), (*path, spec.key), depth)
            for spec in fields_of(model) if (keys is None or spec.key in keys) and spec.shape.kind != "fixed"]


def _singular(label: str) -> str:
    word = label.split()[-1] if label.split() else label
    if word.lower() == "items":
        return "Item"
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


def widget(spec: FieldSpec, value: Any, path: PathT, depth: int = 0) -> Widget:
    shape = spec.shape
    w = Widget(shape.kind, name_of(path), id_of(path), spec.label, spec.hint, path, spec.required, depth=depth)
    shown = value if value is not MISSING else (spec.default if spec.default is not MISSING else None)
    if shape.kind == "group":
        w.children = widgets(shape.model, value if isinstance(value, dict) else {}, path, depth=depth + 1)
    elif shape.kind == "items":
        items = value if isinstance(value, list) else []
        w.count = len(items)
        w.item_label = _singular(spec.label if spec.key != "items" else label_of(str(path[-2])))
        for i, item in enumerate(items):
            child = Widget("item", name_of((*path, i)), id_of((*path, i)), f"{w.item_label} {i + 1}", "",
                           (*path, i), depth=depth + 1)
            child.children = widgets(shape.model, item if isinstance(item, dict) else {}, (*path, i), depth=depth + 2)
            w.children.append(child)
    elif shape.kind in ("choice", "bool"):
        options = [(c, label_of(c) if c.islower() else c) for c in shape.choices] if shape.kind == "choice" else \
            [("yes", "Yes"), ("no", "No")]
        current = _choice_value(shown)
        w.choices = [Choice(v, text, v == current, f"{w.id}-{i}") for i, (v, text) in enumerate(options)]
        if shape.optional or (not spec.required and spec.default is None):
            w.choices.append(Choice("", "Not stated", current == "", f"{w.id}-{len(options)}"))
    elif shape.kind == "date":
        w.parts = _date_parts(shown)
    elif shape.kind == "datetime":
        w.parts = _datetime_parts(shown)
    elif shape.kind == "lines":
        items = shown if isinstance(shown, list) else ([] if shown is None else [shown])
        w.value = "\n".join(_text(v) for v in items)
        w.rows = max(3, min(len(items) + 1, 12))
    elif shape.kind == "mapping":
        pairs = shown.items() if isinstance(shown, dict) else []
        w.value = "\n".join(f"{k}: {_text(v)}" for k, v in pairs)
        w.rows = max(3, min(len(shown) + 1 if isinstance(shown, dict) else 3, 12))
    else:
        w.value = "" if shown is None else _text(shown)
        w.max_length = shape.max_length
        if shape.kind == "text" and ("\n" in w.value or shape.max_length):
            w.kind = "textarea"
            w.rows = 2 if "\n" not in w.value else 5
        elif shape.kind == "markdown":
            w.kind = "textarea"
            w.rows = 5 if len(w.value) < 400 else 10
    return w


def _choice_value(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value.value if isinstance(value, Enum) else value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _date_parts(value: Any) -> dict:
    if isinstance(value, dt.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, str):
        year, _, rest = value.partition("-")
        month, _, day = rest.partition("-")
        return {"day": day.lstrip("0") if day.isdigit() else day, "month": month.lstrip("0") if month.isdigit()
                else month, "year": year}
    return {"day": "", "month": "", "year": ""}


def _datetime_parts(value: Any) -> dict:
    if isinstance(value, dt.datetime):
        return {**_date_parts(value.date()), "time": value.strftime("%H:%M")}
    if isinstance(value, dt.date):
        return {**_date_parts(value), "time": ""}
    if isinstance(value, str):
        day, _, time = value.replace(" ", "T", 1).partition("T")
        return {**_date_parts(day), "time": time[:5] if re.fullmatch(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?", time) else time}
    return {"day": "", "month": "", "year": "", "time": ""}


def attach(ws: list[Widget], messages: list) -> list:
    """Put each message on the deepest widget whose path leads to the message's field; the
    messages that no widget here holds are returned."""
    every = [w for top in ws for w in top.walk()]
    left = []
    for message in messages:
        path = tuple(message.path)
        best = None
        for w in every:
            if path[:len(w.path)] == w.path and (best is None or len(w.path) > len(best.path)):
                best = w
        if best is None:
            left.append(message)
        else:
            best.messages.append(message)
    return left
