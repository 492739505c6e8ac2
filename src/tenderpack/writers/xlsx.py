"""The spreadsheet writer: a ``tenderpack.Workbook`` into an .xlsx file (openpyxl).

The plugin decides what the cells hold (values, formulas, input cells, number formats,
validation); this writer decides how they look: a bold title, a shaded header row that
stays in view, input cells shaded yellow and left unlocked, every other cell locked.

The output is reproducible: the file's properties carry the workbook's own ``created``
time, never the clock, and every part of the zip gets a fixed timestamp, so the same
spec gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Literal

from ..artifacts import Cell, Sheet, Workbook, column_letter
from ..errors import WriterError

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
EPOCH = dt.datetime(2000, 1, 1)

FONT = "Arial"              # LibreOffice shows it as Liberation Sans, with the same widths
TITLE_FONT_SIZE = 14
LINE_HEIGHT = 13            # points for each line of wrapped text (11pt type)
HEADER_FILL = "DCE4EE"
INPUT_FILL = "FFF7CC"
BORDER_COLOUR = "B1B4B6"


class XlsxWriter:
    format = "xlsx"
    extension = ".xlsx"

    def write(self, content, target: Path, templates) -> None:
        if not isinstance(content, Workbook):
            raise WriterError(f"the xlsx writer needs a tenderpack.Workbook, not a {type(content).__name__}")
        if not content.sheets:
            raise WriterError(f"{target.name}: a workbook needs at least one sheet")
        names = [s.name.casefold() for s in content.sheets]
        if len(set(names)) != len(names):
            raise WriterError(f"{target.name}: two sheets have the same name")
        data = _normalise_zip(*_render(content))
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)


def _render(book: Workbook) -> tuple[bytes, bytes]:
    """The .xlsx bytes, and the file properties (docProps/core.xml) as they must read: openpyxl
    stamps the time of saving as "modified", which would make every build different."""
    from openpyxl import Workbook as OpenpyxlWorkbook
    from openpyxl.xml.functions import tostring

    wb = OpenpyxlWorkbook()
    blank = wb.active
    assert blank is not None   # a new workbook starts with one empty sheet
    wb.remove(blank)
    created = (book.created or EPOCH).replace(tzinfo=None, microsecond=0)
    props = wb.properties
    props.creator = book.creator or "tenderpack"
    props.lastModifiedBy = book.creator or "tenderpack"
    props.title = book.title
    props.created = created
    props.modified = created
    props.language = "en-GB"
    wb.calculation.fullCalcOnLoad = True   # Excel and LibreOffice work the formulas out on opening
    for sheet in book.sheets:
        _sheet(wb.create_sheet(sheet.name), sheet)
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    props.modified = created
    return out.getvalue(), tostring(props.to_tree())


def _sheet(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color=BORDER_COLOUR)
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, line in enumerate(sheet.intro, start=1):
        cell = _put_text(ws.cell(row=i, column=1), line)
        cell.font = Font(name=FONT, bold=True, size=TITLE_FONT_SIZE) if i == 1 else Font(name=FONT)
    header_row = sheet.header_row
    for j, title in enumerate(sheet.header, start=1):
        cell = _put_text(ws.cell(row=header_row, column=j), title)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = box
    validations: dict[tuple, DataValidation] = {}
    for r, row in enumerate(sheet.rows):
        if sheet.header and len(row) > len(sheet.header):
            raise WriterError(f"sheet {sheet.name!r}: row {r} has {len(row)} cells; the header has {len(sheet.header)}")
        number = sheet.row_number(r)
        for c, spec in enumerate(row):
            if not isinstance(spec, Cell):
                raise WriterError(f"sheet {sheet.name!r}: row {r}, column {c} is a {type(spec).__name__}, not a tenderpack.Cell")
            cell = ws.cell(row=number, column=c + 1)
            if spec.formula is not None:
                cell.value = "=" + spec.formula.lstrip("=")
            elif isinstance(spec.value, str):
                _put_text(cell, spec.value)
            elif spec.value is not None:
                cell.value = _value(spec.value)
            cell.font = Font(name=FONT, bold=spec.bold)
            if spec.number_format:
                cell.number_format = spec.number_format
            cell.alignment = Alignment(wrap_text=isinstance(spec.value, str) and spec.formula is None, vertical="top")
            if spec.input:
                cell.protection = Protection(locked=False)
                cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
                cell.border = box
                rule = (spec.min_value, spec.max_value, spec.whole, spec.prompt)
                if any(v is not None and v is not False for v in rule):
                    if rule not in validations:
                        validations[rule] = _validation(*rule)
                        ws.add_data_validation(validations[rule])
                    validations[rule].add(cell.coordinate)
            if spec.note:
                from openpyxl.comments import Comment
                cell.comment = Comment(str(spec.note), "tenderpack", width=300, height=120)
    widths = sheet.widths or [max(12, min(50, len(h) + 4)) for h in sheet.header]
    for j, width in enumerate(widths):
        ws.column_dimensions[column_letter(j)].width = width
    # Spreadsheet programs do not grow a row for wrapped text they did not lay out themselves,
    # so give each row with wrapped text the height its longest cell needs.
    _fit_height(ws, header_row, sheet.header, widths)
    for r, row in enumerate(sheet.rows):
        _fit_height(ws, sheet.row_number(r), [c.value if isinstance(c.value, str) and c.formula is None else ""
                                              for c in row], widths)
    if sheet.header:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if sheet.protect:
        ws.protection.sheet = True
        ws.protection.formatColumns = False   # bidders may widen columns
        ws.protection.formatRows = False
        ws.protection.selectLockedCells = False
        ws.protection.selectUnlockedCells = False


def _fit_height(ws, number: int, texts: list, widths: list[float]) -> None:
    lines = 1
    for j, value in enumerate(texts):
        if not value or j >= len(widths):
            continue
        per_line = max(1, int(widths[j] * 1.1) - 1)     # characters of 11pt Arial in a column this wide
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n")))
    if lines > 1:
        ws.row_dimensions[number].height = LINE_HEIGHT * lines + 4


def _validation(minimum, maximum, whole, prompt):
    from openpyxl.worksheet.datavalidation import DataValidation

    kind: Literal["whole", "decimal"] = "whole" if whole else "decimal"
    operator: Literal["between", "greaterThanOrEqual", "lessThanOrEqual"] | None
    if minimum is not None and maximum is not None:
        operator, f1, f2 = "between", _number(minimum), _number(maximum)
        said = f"between {_said(minimum)} and {_said(maximum)}"
    elif minimum is not None:
        operator, f1, f2 = "greaterThanOrEqual", _number(minimum), None
        said = f"of {_said(minimum)} or more"
    elif maximum is not None:
        operator, f1, f2 = "lessThanOrEqual", _number(maximum), None
        said = f"of {_said(maximum)} or less"
    else:
        operator, f1, f2, said = None, None, None, ""
    if operator is None and not whole:
        dv = DataValidation(type=None, allow_blank=True)
    else:
        if operator is None:
            operator, f1 = "greaterThanOrEqual", "-1E+307"
        dv = DataValidation(type=kind, operator=operator, formula1=f1, formula2=f2, allow_blank=True)
        dv.showErrorMessage = True
        dv.errorStyle = "stop"
        dv.errorTitle = "Check this number"
        dv.error = f"Type a {'whole ' if whole else ''}number {said}".rstrip() + "."
    if prompt:
        dv.showInputMessage = True
        dv.promptTitle = "What to type"
        dv.prompt = str(prompt)[:255]
    return dv


def _number(value) -> str:
    value = Decimal(str(value))
    return f"{value.normalize():f}"


def _said(value) -> str:
    value = Decimal(str(value)).normalize()
    return f"{value:f}"


def _put_text(cell, value):
    """Text is data: a leading '=' must never turn it into a formula."""
    cell.value = str(value)
    cell.data_type = "s"
    return cell


def _value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)
    return value


def _normalise_zip(data: bytes, core: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed and the fixed file properties, so equal
    content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, core if info.filename == "docProps/core.xml" else src.read(info.filename))
    return out.getvalue()
