"""Form fields made from the spec's pydantic models, and the posted form read back into spec data.

Nothing here knows a particular field: the label comes from the field's title (its name when
it has none), the hint from its description, the input from its type. A nested model is a fieldset, a list of models a
list with "Add another", a list of values a textarea with one value a line, a date a GOV.UK
date input, a choice (an enum or a Literal) radios, a bool Yes or No, Markdown a textarea,
and a text with a length limit a character count. So a field added to the model reaches the
page without new page code. One kind is named here: the path of an attached file
(``Attachment.file``) is a file upload, whose value only the server sets.

Each item of a list carries a key in a hidden field (``s2``: the third item of the saved list;
``n…``: an item added on the page), so that an item read back is built on the saved item it came
from, and "Remove" names the item it removes, whatever was added or removed before it.

The posted form is read into the same plain data a YAML file holds. A value that cannot be
read as its type (a date of 31 February, "ten" for a number) is kept as typed, so that the
spec's own validation reports it beside the field, in the words ``tenderpack validate`` uses.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
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

    kind: str                    # group items lines mapping choice bool int decimal date datetime text markdown fixed upload
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


def _uploads() -> set[tuple[type, str]]:
    """The fields whose value is the path of a file beside the spec: a file upload on the page."""
    from ..spec import Attachment

    return {(Attachment, "file")}


@lru_cache(maxsize=None)
def fields_of(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``model``, in its order, each with its label (the field's title, else made
    from its name), hint and input shape."""
    hints = typing.get_type_hints(model, include_extras=True)
    uploads = _uploads()
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        shape = _shape(hints.get(name, info.annotation), tuple(info.metadata))
        if (model, key) in uploads:
            shape = Shape("upload", optional=shape.optional)
        label = info.title or label_of(key)
        out.append(FieldSpec(key, label, _hint(label, info.description or ""), shape, info.is_required(),
                             _plain_default(info)))
    return tuple(out)


def _hint(label: str, description: str) -> str:
    """The description as a hint, in the page's words, unless it only says the label again ("Conditions of
    participation.")."""
    if description.strip().rstrip(".").casefold() == label.strip().casefold():
        return ""
    return plain_words(description)


_PATH = re.compile(r"\b[a-z][a-z_]*(?:\[\])?(?:\.[a-z][a-z_]*(?:\[\])?)+\b")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_ADDRESS = re.compile(r"((?:https?://|www\.)\S+|\S+@\S+)")


def plain_words(description: str) -> str:
    """A description written for the YAML file, in the page's words: a field named by its key or path
    ('timetable.contract_start', 'address_parts') by its label, in quotes; a value such as 'each_authority'
    as words ('each authority'). Only names the model knows are changed: a web address stays as it is."""
    titles = _titles()

    def path(match: re.Match) -> str:
        label = _label_at([k.removesuffix("[]") for k in match.group().split(".")])
        return f"“{label}”" if label else match.group()

    def snake(match: re.Match) -> str:
        word = match.group()
        if word in titles:
            return f"“{titles[word]}”" if titles[word] else label_of(word).lower()
        return word.replace("_", " ")

    # A web or email address is kept whole: its dots and underscores are not names.
    parts = _ADDRESS.split(description)
    return "".join(part if i % 2 else _SNAKE.sub(snake, _PATH.sub(path, part)) for i, part in enumerate(parts))


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Every field key of the spec model with its label (its title, else made from the key); the first model
    that has the key gives it."""
    from ..spec import Spec

    out: dict[str, str] = {}
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            key, label = info.alias or name, info.title or label_of(name)
            # A key two models label differently ('suppliers') is not named by its label: which would it be?
            out[key] = label if out.get(key, label) == label else ""
            for inner in _models_in(info.annotation):
                walk(inner)

    walk(Spec)
    return out


def _label_at(keys: list[str]) -> str | None:
    """The label of the field at a dotted path from the top of the spec ('award.suppliers'), or None."""
    from ..spec import Spec

    model: type[BaseModel] | None = Spec
    label = None
    for key in keys:
        info = next((f for n, f in model.model_fields.items() if (f.alias or n) == key), None) if model else None
        if info is None:
            return None
        label = info.title or label_of(key)
        inner = _models_in(info.annotation)
        model = inner[0] if inner else None
    return label


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        here = stack.pop()
        if isinstance(here, type) and issubclass(here, BaseModel):
            found.append(here)
        stack.extend(typing.get_args(here))
    return found


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


def field_at(model: type[BaseModel], path: PathT) -> FieldSpec | None:
    """The field at ``path`` (list indexes step into a list's items), or None if there is none."""
    spec: FieldSpec | None = None
    here: Any = model
    for part in path:
        if isinstance(part, int):
            if spec is None or spec.shape.kind != "items":
                return None
            continue
        if here is None:
            return None
        spec = field_named(here, part)
        if spec is None:
            return None
        here = spec.shape.model
    return spec


# ---------------------------------------------------------------------------- items and their keys

KEY = "_key"   # the hidden field of an item: "<list>.<i>._key" (no model field starts with "_")


def source_of(key: str, count: int) -> int | None:
    """The index in the saved list that an item's key names ("s2" -> 2), or None for a new item."""
    if key[:1] == "s" and key[1:].isdigit() and int(key[1:]) < count:
        return int(key[1:])
    return None


def new_key() -> str:
    return "n" + secrets.token_hex(4)


@dataclass
class Reading:
    """What reading a posted form needs besides the form, and what it finds out.

    ``remove``: (the list's form name, the item's key) of an item to leave out; ``uploaded``:
    a file field's form name -> the value the server made for the file uploaded there;
    ``origins``: for each list, by its path in the data read, the key of each item.
    """

    remove: tuple[str, str] | None = None
    uploaded: dict[str, str] = field(default_factory=dict)
    origins: dict[PathT, list[str]] = field(default_factory=dict)
    placed: dict[PathT, PathT] = field(default_factory=dict)   # an item's path in the form -> in the data

    def data_path(self, path: PathT) -> PathT:
        """Where the field the form calls ``path`` is in the data read (items left out move the rest up)."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.placed:
                return (*self.placed[path[:n]], *path[n:])
        return path


# ---------------------------------------------------------------------------- reading a posted form


def read_fields(model: type[BaseModel], form, path: PathT, old: Any, keys: tuple[str, ...] | None = None,
                reading: Reading | None = None, at: PathT | None = None) -> Any:
    """The data of ``model`` at ``path`` from the posted ``form``, built on ``old`` (keys the form
    does not show are kept as they were). With ``keys``, only those fields are read.

    ``path`` names the form's fields; ``at`` is where the data goes (the two differ once an
    item before it is left out); ``reading`` carries the keys of the lists' items."""
    reading = reading if reading is not None else Reading()
    at = path if at is None else at
    base = old if isinstance(old, dict) else {}
    out: dict[str, Any] = {}
    specs = [f for f in fields_of(model) if keys is None or f.key in keys]
    shown = {f.key for f in specs}
    for spec in fields_of(model):
        if spec.key not in shown:
            if spec.key in base:
                out[spec.key] = base[spec.key]
            continue
        value = read_value(spec.shape, form, (*path, spec.key), base.get(spec.key, MISSING), reading,
                           (*at, spec.key))
        if value is EMPTY:
            old_value = base.get(spec.key, MISSING)
            if old_value is None or (isinstance(old_value, (dict, list)) and not old_value):
                out[spec.key] = old_value   # written empty ("baseline: {}"), read empty: left as written
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


def read_value(shape: Shape, form, path: PathT, old: Any, reading: Reading | None = None,
               at: PathT | None = None) -> Any:
    name = name_of(path)
    kind = shape.kind
    reading = reading if reading is not None else Reading()
    at = path if at is None else at
    if kind == "group":
        return read_fields(shape.model, form, path, old, reading=reading, at=at)
    if kind == "items":
        count = _count(form.get(f"{name}.count"))
        olds = old if isinstance(old, list) else []
        items: list[Any] = []
        keys: list[str] = []
        for i in range(count):
            # a form from before keys were given (none posted) names the saved items by position
            key = form.get(f"{name}.{i}.{KEY}") or f"s{i}"
            if reading.remove == (name, key):
                continue
            source = source_of(key, len(olds))
            item = read_fields(shape.model, form, (*path, i), olds[source] if source is not None else None,
                               reading=reading, at=(*at, len(items)))
            if item is not EMPTY:
                reading.placed[(*path, i)] = (*at, len(items))
                items.append(item)
                keys.append(key)
        reading.origins[at] = keys
        return items or EMPTY
    if kind == "upload":
        # Set by the server alone, to the file uploaded here; never a path typed into the form.
        if name in reading.uploaded:
            return reading.uploaded[name]
        return old if old is not MISSING else EMPTY
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


def add_item(data: dict, path: PathT, reading: Reading | None = None) -> bool:
    """Append an empty item (with a new key) to the list at ``path``, made if missing; False if
    ``path`` leads through something that is not a mapping or a list (nothing is changed)."""
    here: Any = data
    for part in path[:-1]:
        if isinstance(part, str) and isinstance(here, dict):
            here = here.setdefault(part, {})
        elif isinstance(part, int) and isinstance(here, list) and part < len(here):
            here = here[part]
        else:
            return False
    if not path or not isinstance(here, dict) or not isinstance(path[-1], str):
        return False
    items = here.get(path[-1])
    if not isinstance(items, list):
        items = here[path[-1]] = []
    keys = (reading.origins if reading is not None else {}).setdefault(path, [f"s{i}" for i in range(len(items))])
    items.append({})
    keys.append(new_key())
    return True


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
    key: str = ""          # an item: its key (see Reading), posted back with it and named by "Remove"
    list_name: str = ""    # an item: the form name of its list

    @property
    def errors(self) -> list:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def warnings(self) -> list:
        return [m for m in self.messages if m.severity == "warning"]

    @property
    def in_sentence(self) -> str:
        """The label as a word inside a sentence: "Lot 2" -> "lot 2", "KPI 2" stays."""
        first, _, rest = self.label.partition(" ")
        word = first if first.isupper() and len(first) > 1 else first[:1].lower() + first[1:]
        return f"{word} {rest}".strip()

    @property
    def item_in_sentence(self) -> str:
        first, _, rest = self.item_label.partition(" ")
        word = first if first.isupper() and len(first) > 1 else first[:1].lower() + first[1:]
        return f"{word} {rest}".strip()

    @property
    def heading(self) -> str:
        return f"h{min(self.depth + 2, 4)}"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def widgets(model: type[BaseModel], data: Any, path: PathT, keys: tuple[str, ...] | None = None,
            depth: int = 0, origins: dict[PathT, list[str]] | None = None) -> list[Widget]:
    """The inputs for ``data``; ``origins`` gives the keys of list items (Reading.origins) where
    the data was read from a form, and each item is the saved item of its own index otherwise."""
    base = data if isinstance(data, dict) else {}
    return [widget(spec, base.get(spec.key, MISSING), (*path, spec.key), depth, origins)
            for spec in fields_of(model) if (keys is None or spec.key in keys) and spec.shape.kind != "fixed"]


def _singular(label: str) -> str:
    word = label.split()[-1] if label.split() else label
    if word.lower() == "items":
        return "Item"
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


def widget(spec: FieldSpec, value: Any, path: PathT, depth: int = 0,
           origins: dict[PathT, list[str]] | None = None) -> Widget:
    shape = spec.shape
    w = Widget(shape.kind, name_of(path), id_of(path), spec.label, spec.hint, path, spec.required, depth=depth)
    shown = value if value is not MISSING else (spec.default if spec.default is not MISSING else None)
    if shape.kind == "group":
        w.children = widgets(shape.model, value if isinstance(value, dict) else {}, path, depth=depth + 1,
                             origins=origins)
    elif shape.kind == "items":
        items = value if isinstance(value, list) else []
        keys = (origins or {}).get(path) or []
        w.count = len(items)
        # "Price lines" -> "Price line"; a title that does not end in a plural ("Key performance
        # indicators (KPIs)") gives way to the field's name ("kpis" -> "KPI"), and a list called
        # "items" to the name of what holds it ("lots.items" -> "Lot")
        titled = spec.label != label_of(spec.key) and spec.label.endswith("s")
        named = spec.label if titled else label_of(str(path[-2])) if spec.key == "items" and len(path) > 1 \
            else label_of(spec.key)
        w.item_label = _singular(named)
        for i, item in enumerate(items):
            child = Widget("item", name_of((*path, i)), id_of((*path, i)), f"{w.item_label} {i + 1}", "",
                           (*path, i), depth=depth + 1, key=keys[i] if i < len(keys) else f"s{i}", list_name=w.name)
            child.children = widgets(shape.model, item if isinstance(item, dict) else {}, (*path, i),
                                     depth=depth + 2, origins=origins)
            w.children.append(child)
    elif shape.kind == "upload":
        w.value = "" if shown is None else _text(shown)
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
