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

# Patterns, compiled (and cached by re) the first time an artifact or a sheet is made.
_ID = r"^[a-z][a-z0-9.-]*$"
_SHEET_NAME_BAD = r"[\[\]:*?/\\]"

# ----------------------------------------------------------------------------- spreadsheets


@dataclass(slots=True)
class Cell:
    """One cell. ``formula`` (without the leading '=') wins over ``value``.

    ``input`` cells are left unlocked for bidders to fill in; every other cell is locked
    when the sheet is protected. ``number_format`` is an Excel format such as '£#,##0.00'.
    ``min_value`` makes the cell refuse numbers below it (0 refuses negative prices);
    ``max_value`` refuses numbers above it; ``whole`` refuses anything but whole numbers.
    ``prompt`` is shown when the cell is selected (what to type), ``note`` as a comment.
    Use ``Sheet.ref`` to write the cell references in a formula.
    """

    value: str | int | float | Decimal | None = None
    formula: str | None = None
    input: bool = False
    bold: bool = False
    number_format: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    whole: bool = False
    prompt: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Sheet:
    """One worksheet: lines of introduction, column headers with widths, and rows of cells.

    The layout is part of the model, so a plugin can write formulas that point at cells:
    the ``intro`` lines take rows 1, 2, …, one line each in column A; a blank row follows
    them (when there are any); then the ``header`` row; then ``rows`` in order. ``ref(i, j)``
    gives the address of row ``i``, column ``j`` of ``rows`` (both from 0), such as "D7".
    ``protect`` locks every cell but the input cells; ``widths`` are in characters.
    """

    name: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    widths: list[float] | None = None
    intro: list[str] = field(default_factory=list)
    protect: bool = True

    def __post_init__(self):
        if not self.name or len(self.name) > 31 or re.search(_SHEET_NAME_BAD, self.name):
            raise ValueError(f"sheet name {self.name!r} must be 1 to 31 characters, without [ ] : * ? / \\")

    @property
    def header_row(self) -> int:
        """The spreadsheet row number (from 1) of the header."""
        return len(self.intro) + 2 if self.intro else 1

    def row_number(self, index: int) -> int:
        """The spreadsheet row number (from 1) of ``rows[index]``."""
        return self.header_row + 1 + index

    def ref(self, index: int, column: int, absolute: bool = False, sheet: bool = False) -> str:
        """The address of ``rows[index][column]``: "D7", "$D$7", or "'Lot 1'!D7" with ``sheet``."""
        letter, number = column_letter(column), self.row_number(index)
        address = f"${letter}${number}" if absolute else f"{letter}{number}"
        if sheet:
            quoted = self.name.replace("'", "''")
            return f"'{quoted}'!{address}"
        return address


def column_letter(column: int) -> str:
    """A, B, … Z, AA, … for a column index counted from 0."""
    letters, n = "", column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(slots=True)
class Workbook:
    """A spreadsheet. ``title``, ``creator`` and ``created`` fill the file's properties;
    give ``created`` (such as the spec's date) so the same spec gives the same bytes."""

    sheets: list[Sheet]
    kind: str = "workbook"
    title: str | None = None
    creator: str | None = None
    created: dt.datetime | None = None


# ----------------------------------------------------------------------------- calendars


@dataclass(slots=True)
class Event:
    """A calendar event; a ``datetime`` start is UK local time, a ``date`` is all day.

    ``uid`` must be stable (the same event keeps it from one build to the next, so a
    calendar that imports the file again updates the event rather than adding a copy).
    A ``datetime`` without an ``end`` is a moment, such as a deadline; a ``date`` without
    an ``end`` lasts that day. ``reminder`` sets an alarm that long before the start.
    """

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    description: str = ""
    location: str | None = None
    url: str | None = None
    reminder: dt.timedelta | None = None


@dataclass(slots=True)
class Calendar:
    """A calendar of events. ``stamp`` is the time the calendar is said to be made (every
    event's DTSTAMP): give a fixed one, such as the spec's date, so the file does not change
    from one build to the next. ``timezone`` is the zone of every ``datetime``."""

    name: str
    events: list[Event]
    kind: str = "calendar"
    stamp: dt.datetime | None = None
    timezone: str = "Europe/London"
    description: str | None = None


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
        if not re.match(_ID, self.id):
            raise ValueError(f"artifact id {self.id!r} must be lower-case letters, digits, dots and hyphens")

    def stem(self, extension: str) -> str:
        name = self.filename or f"{self.id}{extension}"
        return f"{self.folder}/{name}" if self.folder else name

    def resolve(self, files: list[PackFileInfo]) -> Any:
        return self.content(files) if callable(self.content) else self.content
