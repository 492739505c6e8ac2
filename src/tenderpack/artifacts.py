"""Files of the pack that are not documents: spreadsheets, calendars and data.

A plugin describes them with these plain models (it never touches openpyxl, icalendar or
JSON files); the engine's writers for "xlsx", "ics" and "json" turn them into files, just
as the Word and PDF writers turn document trees into files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

_ID = re.compile(r"^[a-z][a-z0-9.-]*$")

# ----------------------------------------------------------------------------- spreadsheets


@dataclass(slots=True)
class Cell:
    """One cell. ``formula`` (without the leading '=') wins over ``value``.

    ``input`` cells are left unlocked for bidders to fill in; every other cell is locked
    when the sheet is protected. ``number_format`` is an Excel format such as '£#,##0.00'.
    ``min_value`` makes the cell refuse numbers below it (0 refuses negative prices).
    """

    value: str | int | float | Decimal | None = None
    formula: str | None = None
    input: bool = False
    bold: bool = False
    number_format: str | None = None
    min_value: float | None = None
    note: str | None = None


@dataclass(slots=True)
class Sheet:
    """One worksheet: a title, column headers with widths, and rows of cells."""

    name: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    widths: list[float] | None = None
    intro: list[str] = field(default_factory=list)
    protect: bool = True


@dataclass(slots=True)
class Workbook:
    sheets: list[Sheet]
    kind: str = "workbook"


# ----------------------------------------------------------------------------- calendars


@dataclass(slots=True)
class Event:
    """A calendar event; a ``datetime`` start is UK local time, a ``date`` is all day."""

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    description: str = ""
    location: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Calendar:
    name: str
    events: list[Event]
    kind: str = "calendar"


# ----------------------------------------------------------------------------- the artifact


@dataclass(slots=True)
class PackFileInfo:
    """What a data artifact may read of the files already written (for hashes, titles)."""

    path: str
    format: str
    document: str | None
    title: str | None
    bytes: int
    sha256: str


Content = Workbook | Calendar | dict | list
ContentFactory = Callable[[list[PackFileInfo]], Content]


@dataclass(frozen=True, slots=True)
class Artifact:
    """A non-document file of the pack.

    ``content`` is a Workbook, a Calendar, or JSON-ready data (a dict or list). For data
    that describes the pack itself (such as the open-data notice with every document's
    hash), give a function instead: it is called after the documents are written, with
    the list of files so far. ``format`` picks the writer ("xlsx", "ics", "json").
    """

    id: str
    title: str
    format: Literal["xlsx", "ics", "json"] | str
    content: Content | ContentFactory
    filename: str | None = None
    folder: str | None = None
    audience: Literal["full", "sme"] = "full"
    order: int = 500
    plugin: str = field(default="", compare=False)

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"artifact id {self.id!r} must be lower-case letters, digits, dots and hyphens")

    def stem(self, extension: str) -> str:
        name = self.filename or f"{self.id}{extension}"
        return f"{self.folder}/{name}" if self.folder else name

    def resolve(self, files: list[PackFileInfo]) -> Any:
        return self.content(files) if callable(self.content) else self.content
