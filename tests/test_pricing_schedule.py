"""The pricing schedule: a real spreadsheet (openpyxl), read back cell by cell, and recalculated
by LibreOffice to prove the formulas work outside Python."""

from __future__ import annotations

import datetime as dt
import importlib
import zipfile
from decimal import Decimal

import pytest
import yaml
from openpyxl import load_workbook

import tenderpack
from tenderpack.writers.xlsx import XlsxWriter

from _packs import built, convert
from conftest import EXAMPLES as EXAMPLES_DIR, load_example

EXAMPLES = ["innovation-home-care.yaml", "small-open-grounds.yaml"]
pricing = importlib.import_module("tenderpack_standard.pricing")


def header_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ref")


def line_rows(ws) -> list[int]:
    first = header_row(ws) + 1
    return [r for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value]


def total_row(ws) -> int:
    return next(r for r in range(header_row(ws) + 1, ws.max_row + 1)
                if str(ws.cell(r, 2).value or "").startswith("Total price"))


def lot_sheets(book):
    return [ws for ws in book.worksheets if ws.title.startswith("Lot ") or ws.title == "Prices"]


# --------------------------------------------------------------------------- structure


def test_a_sheet_per_lot_with_the_spec_items_and_quantities():
    """Each lot has its own sheet with the items, units and estimated quantities from the spec."""
    spec = load_example("innovation-home-care.yaml")
    book = load_workbook(built("innovation-home-care.yaml") / "pricing-schedule.xlsx")
    assert book.sheetnames == ["Summary", "Lot 1", "Lot 2", "Outcome payments"]
    for ws, lot in zip(lot_sheets(book), spec.lots.items):
        items = [i for i in spec.pricing.items if i.lot == lot.number]
        rows = line_rows(ws)
        assert [ws.cell(r, 1).value for r in rows] == [f"{lot.number}.{k}" for k in range(1, len(items) + 1)]
        assert [ws.cell(r, 3).value for r in rows] == [i.unit for i in items]
        assert [Decimal(str(ws.cell(r, 4).value)) for r in rows] == [i.quantity for i in items]
        for r, item in zip(rows, items):
            assert str(ws.cell(r, 2).value).startswith(item.item)


def test_without_items_bidders_price_each_contract_year_and_extension():
    """With no pricing items in the spec, each lot is priced by contract year, then each optional extension."""
    spec = load_example("small-open-grounds.yaml")
    book = load_workbook(built("small-open-grounds.yaml") / "pricing-schedule.xlsx")
    assert book.sheetnames == ["Summary", "Prices"]
    ws = book["Prices"]
    labels = [ws.cell(r, 2).value for r in line_rows(ws)]
    assert labels == ["Year 1: 1 April 2027 to 31 March 2028", "Year 2: 1 April 2028 to 31 March 2029",
                      "Extension 1: 1 April 2029 to 31 March 2030, if we use it"]
    assert [ws.cell(r, 3).value for r in line_rows(ws)] == ["year"] * 3
    assert len(labels) - len(spec.timetable.extensions) == 2


@pytest.mark.parametrize("example", EXAMPLES)
def test_line_totals_and_lot_totals_are_formulas(example):
    """Each line total is quantity x price, each lot total sums its lines, and the summary adds the lots."""
    book = load_workbook(built(example) / "pricing-schedule.xlsx")
    summary = book["Summary"]
    for i, ws in enumerate(lot_sheets(book)):
        rows = line_rows(ws)
        for r in rows:
            assert ws.cell(r, 6).value == f"=D{r}*E{r}"
            assert ws.cell(r, 5).value is None
        t = total_row(ws)
        assert ws.cell(t, 6).value == f"=SUM(F{rows[0]}:F{rows[-1]})"
        assert summary.cell(header_row_summary(summary) + 1 + i, 3).value == f"='{ws.title}'!$F${t}"
    if len(lot_sheets(book)) > 1:
        first = header_row_summary(summary) + 1
        last = first + len(lot_sheets(book)) - 1
        assert summary.cell(last + 1, 3).value == f"=SUM(C{first}:C{last})"


def header_row_summary(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in ("Lot", "Contract"))


def test_outcome_payments_come_from_the_spec_with_caps():
    """Outcome payments the spec sets appear with amount and cap; estimated payments are capped with MIN."""
    spec = load_example("innovation-home-care.yaml")
    book = load_workbook(built("innovation-home-care.yaml") / "pricing-schedule.xlsx")
    ws = book["Outcome payments"]
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Outcome") + 1
    paid = [o for o in spec.outcomes if o.payment.type.value != "none"]
    for r, o in zip(range(first, first + len(paid)), paid):
        assert ws.cell(r, 1).value.startswith(f"{o.id}: ")
        p = o.payment
        if p.type.value == "fee_at_risk":
            continue  # see the fee-at-risk tests below
        assert Decimal(str(ws.cell(r, 3).value)) == p.amount
        assert Decimal(str(ws.cell(r, 5).value)) == p.cap
        assert ws.cell(r, 7).value == f"=MIN(C{r}*F{r},E{r})"
    assert "person above the baseline" in ws.cell(first + 1, 4).value


# --------------------------------------------------------------------------- protection and validation


@pytest.mark.parametrize("example", EXAMPLES)
def test_formula_cells_are_locked_and_price_cells_are_open(example):
    """Every sheet is protected: bidders can type only in the price (and estimate) cells."""
    book = load_workbook(built(example) / "pricing-schedule.xlsx")
    for ws in book.worksheets:
        assert ws.protection.sheet, ws.title
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.protection.locked, (ws.title, cell.coordinate)
    for ws in lot_sheets(book):
        for r in line_rows(ws):
            assert not ws.cell(r, 5).protection.locked
            assert ws.cell(r, 4).protection.locked


@pytest.mark.parametrize("example", EXAMPLES)
def test_price_cells_refuse_negative_numbers(example):
    """Each price cell has validation that stops anything but a number of 0 or more, with a message."""
    book = load_workbook(built(example) / "pricing-schedule.xlsx")
    for ws in lot_sheets(book):
        rules = ws.data_validations.dataValidation
        price_cells = {f"E{r}" for r in line_rows(ws)}
        covering = [dv for dv in rules if price_cells <= {str(c) for rng in dv.sqref.ranges for c in _cells(rng)}]
        assert covering, ws.title
        dv = covering[0]
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
        assert dv.showErrorMessage and dv.errorStyle == "stop" and "0 or more" in dv.error


def _cells(rng):
    from openpyxl.utils import get_column_letter

    for row in range(rng.min_row, rng.max_row + 1):
        for col in range(rng.min_col, rng.max_col + 1):
            yield f"{get_column_letter(col)}{row}"


# --------------------------------------------------------------------------- outcome payments by lot


def _written(spec, tmp_path, name="pricing-schedule.xlsx"):
    """The workbook for ``spec``, written to .xlsx and read back with openpyxl."""
    path = tmp_path / name
    XlsxWriter().write(pricing.workbook(spec), path, None)
    return load_workbook(path)


def _outcome_row(ws, outcome_id: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith(outcome_id + ":"))


def _texts(book) -> list[str]:
    """Every text cell of every sheet (not formulas)."""
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and not c.value.startswith("=")]


def _spec_from(example: str, change, tmp_path):
    """An example spec changed by ``change`` (a function of the YAML data), read as the CLI reads it."""
    from tenderpack.reader import read_spec

    data = yaml.safe_load((EXAMPLES_DIR / example).read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "tender.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return read_spec(path)


GROUNDS_FEE_AT_RISK = {
    "id": "O1", "statement": "Grass is cut when we expect it.",
    "indicator": {"name": "Visits made on the planned day", "unit": "percent"},
    "targets": [{"value": "95%", "by": "2028-03-31"}],
    "data_source": "The contractor's visit log", "frequency": "quarterly", "verified_by": "The Town Clerk",
    "payment": {"type": "fee_at_risk", "percent_at_risk": 5, "timing": "quarterly in arrears"},
}


def test_fee_at_risk_of_a_lot_outcome_is_a_share_of_only_that_lots_total(tmp_path):
    """Outcome O1 belongs to lot 1 only, so its at-risk amount is 10% of lot 1's total: the formula
    points at lot 1's total and at no other lot, nor at the summary's total of every lot."""
    spec = load_example("innovation-home-care.yaml")
    o1 = next(o for o in spec.outcomes if o.id == "O1")
    assert o1.lots == [1] and o1.payment.type.value == "fee_at_risk"
    book = _written(spec, tmp_path)
    formula = book["Outcome payments"].cell(_outcome_row(book["Outcome payments"], "O1"), 3).value
    assert formula == f"=SUM('Lot 1'!$F${total_row(book['Lot 1'])})*0.1"
    assert "Lot 2" not in formula and "Summary" not in formula


def test_fee_at_risk_label_names_the_lots_it_applies_to(tmp_path):
    """The fee-at-risk row says whose price is at risk: 'your lot 1 price', never the whole pack's."""
    book = _written(load_example("innovation-home-care.yaml"), tmp_path)
    ws = book["Outcome payments"]
    assert ws.cell(_outcome_row(ws, "O1"), 2).value == "10% of your lot 1 price is at risk"


def test_fee_at_risk_states_the_outcome_specification_formula(tmp_path):
    """The fee-at-risk row gives the formula of tenderpack.payments (the outcome specification's): the share
    is paid in full for a period that meets the target and not at all for one that misses; no vague 'in line
    with results'."""
    from tenderpack import payments

    spec = load_example("innovation-home-care.yaml")
    o1 = next(o for o in spec.outcomes if o.id == "O1")
    book = _written(spec, tmp_path)
    ws = book["Outcome payments"]
    rule = ws.cell(_outcome_row(ws, "O1"), 4).value
    formula, achievement = payments.fee_at_risk(spec, o1)[1:3]
    assert formula == ("At-risk share for a quarter = charges for lot 1 for the quarter × 10%. "
                       "Amount paid of the at-risk share = at-risk share × achievement.")
    assert formula in rule and achievement in rule and "There is no part payment." in rule
    assert not any("in line with results" in t for t in _texts(book))


def test_fee_at_risk_without_lots_is_a_share_of_the_whole_price(tmp_path):
    """With no lots, a fee at risk is its share of the one total price, and the label says 'your price'."""
    spec = _spec_from("small-open-grounds.yaml", lambda d: d.update(outcomes=[GROUNDS_FEE_AT_RISK]), tmp_path)
    book = _written(spec, tmp_path)
    ws = book["Outcome payments"]
    row = _outcome_row(ws, "O1")
    assert ws.cell(row, 3).value == f"=SUM('Prices'!$F${total_row(book['Prices'])})*0.05"
    assert ws.cell(row, 2).value == "5% of your price is at risk"


def test_only_the_lot_an_outcome_applies_to_says_its_price_is_at_risk(tmp_path):
    """Lot 1's sheet says 10% of its price is at risk on O1; lot 2's sheet says nothing about outcomes."""
    book = _written(load_example("innovation-home-care.yaml"), tmp_path)
    lot1 = [book["Lot 1"].cell(r, 1).value for r in range(1, header_row(book["Lot 1"]))]
    lot2 = [book["Lot 2"].cell(r, 1).value for r in range(1, header_row(book["Lot 2"]))]
    assert "For outcome O1, 10% of your price for this lot is at risk. See the Outcome payments sheet." in lot1
    assert not any("outcome" in str(line).lower() for line in lot2)


def test_price_per_outcome_and_bonus_rows_name_their_lot_and_are_capped(tmp_path):
    """The price-per-result and bonus rows of lot 1 outcomes name lot 1, carry the spec's cap, and the
    estimated payment can never pass it."""
    spec = load_example("innovation-home-care.yaml")
    book = _written(spec, tmp_path)
    ws = book["Outcome payments"]
    for o in spec.outcomes:
        if o.payment.type.value not in ("price_per_outcome", "bonus"):
            continue
        r = _outcome_row(ws, o.id)
        assert ws.cell(r, 2).value.startswith("Lot 1: ")
        assert Decimal(str(ws.cell(r, 5).value)) == o.payment.cap
        assert ws.cell(r, 7).value == f"=MIN(C{r}*F{r},E{r})"
    bonus = _outcome_row(ws, "O3")
    assert ws.cell(bonus, 4).value == "Each year in which the result meets the target"
    total = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Estimated outcome"))
    assert ws.cell(total, 1).value == "Estimated outcome payments, on top of your lot 1 price"


def test_fee_at_risk_of_an_outcome_for_every_lot_sums_every_lots_total(tmp_path):
    """An outcome that names no lot applies to every lot: its at-risk amount is its share of the sum of
    every lot's total, and the label names each lot."""
    def every_lot(d):
        d["outcomes"][0]["lots"] = []
    spec = _spec_from("innovation-home-care.yaml", every_lot, tmp_path)
    book = _written(spec, tmp_path)
    ws = book["Outcome payments"]
    row = _outcome_row(ws, "O1")
    assert ws.cell(row, 3).value == (f"=SUM('Lot 1'!$F${total_row(book['Lot 1'])},"
                                     f"'Lot 2'!$F${total_row(book['Lot 2'])})*0.1")
    assert ws.cell(row, 2).value == "10% of your price for each of lots 1 and 2 is at risk"


def test_a_lot_without_items_is_priced_by_year_beside_a_lot_with_items(tmp_path):
    """When the spec lists items for lot 1 only, lot 2 is priced by year (no unit price, no estimated
    quantity) while lot 1 keeps its unit prices."""
    spec = _spec_from("innovation-home-care.yaml",
                      lambda d: d["pricing"].update(items=[i for i in d["pricing"]["items"] if i["lot"] == 1]), tmp_path)
    book = _written(spec, tmp_path)
    lot1, lot2 = book["Lot 1"], book["Lot 2"]
    assert lot1.cell(header_row(lot1), 5).value == "Your price for one unit (£)"
    assert lot2.cell(header_row(lot2), 4).value == "Quantity"
    assert lot2.cell(header_row(lot2), 5).value == "Your price for the year (£)"
    assert str(lot2.cell(line_rows(lot2)[0], 2).value).startswith("Year 1: ")


# --------------------------------------------------------------------------- true words


def test_yearly_prices_are_not_called_unit_prices_or_estimates(tmp_path):
    """With no pricing items, bidders price each year: no 'one unit', no 'estimated quantity', no
    'quantities are our estimates'."""
    book = _written(load_example("small-open-grounds.yaml"), tmp_path)
    ws = book["Prices"]
    headers = [ws.cell(header_row(ws), c).value for c in range(1, 7)]
    assert headers[3:5] == ["Quantity", "Your price for the year (£)"]
    words = " ".join(_texts(book)) + " ".join(dv.prompt or "" for dv in ws.data_validations.dataValidation)
    assert "one unit" not in words and "Estimated quantity" not in words and "estimates" not in words
    assert "Give one price for each year." in words


def test_no_word_of_extensions_when_the_spec_has_none(tmp_path):
    """Without optional extensions, the schedule says the total covers the whole term, not that it
    includes extensions."""
    spec = _spec_from("small-open-grounds.yaml", lambda d: d["timetable"].update(extensions=[]), tmp_path)
    words = " ".join(_texts(_written(spec, tmp_path)))
    assert "extension" not in words.lower()
    assert "The total covers the whole term, so we compare whole-life prices." in words


def test_a_contract_without_lots_never_says_lot(tmp_path):
    """The grounds contract is not divided into lots: no cell speaks of a lot."""
    import re

    words = " ".join(_texts(_written(load_example("small-open-grounds.yaml"), tmp_path)))
    assert not re.search(r"\blots?\b", words, re.IGNORECASE), words


def test_summary_says_the_total_of_lots_is_not_scored(tmp_path):
    """With lots, prices are compared lot by lot: the summary says its total of every lot is not scored."""
    book = _written(load_example("innovation-home-care.yaml"), tmp_path)
    intro = [book["Summary"].cell(r, 1).value for r in range(1, header_row_summary(book["Summary"]))]
    assert "We compare each lot's price only with prices for the same lot. We do not score the total of your lots." in intro


def test_price_form_says_whose_price_is_at_risk():
    """The SME price form's outcome section names the lot whose price is partly at risk."""
    from tenderpack.tree import plain_text

    spec = load_example("innovation-home-care.yaml")
    section = next(s for s in pricing.price_form_sections(spec) if s.title == "Outcome payments")
    words = [plain_text(b.runs) for b in section.blocks]
    assert "They apply to lot 1 only." in words
    assert "For outcome O1, 10% of your lot 1 price is at risk. It is part of your price, not an extra payment." in words


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_opens_and_recalculates_the_schedule(tmp_path):
    """Filled in with prices, the schedule recalculates in LibreOffice: line totals, lot totals,
    the summary and the capped outcome payments match the sums done here."""
    spec = load_example("innovation-home-care.yaml")
    source = built("innovation-home-care.yaml") / "pricing-schedule.xlsx"
    book = load_workbook(source)
    prices = {}
    for ws in lot_sheets(book):
        for k, r in enumerate(line_rows(ws)):
            price = Decimal("21.50") + k
            ws.cell(r, 5).value = float(price)
            prices[(ws.title, r)] = (Decimal(str(ws.cell(r, 4).value)), price)
    outcomes = book["Outcome payments"]
    estimates = {}
    for r in range(1, outcomes.max_row + 1):
        if outcomes.cell(r, 6).protection.locked is False:
            outcomes.cell(r, 6).value = 1000
            estimates[r] = 1000
    filled = tmp_path / "filled" / "pricing-schedule.xlsx"
    filled.parent.mkdir()
    book.save(filled)

    result = load_workbook(convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"), data_only=True)
    lot_totals = []
    for ws in lot_sheets(result):
        expected = sum((q * p for (title, _), (q, p) in prices.items() if title == ws.title), Decimal(0))
        for r in line_rows(ws):
            q, p = prices[(ws.title, r)]
            assert Decimal(str(ws.cell(r, 6).value)).quantize(Decimal("0.01")) == (q * p).quantize(Decimal("0.01"))
        assert Decimal(str(ws.cell(total_row(ws), 6).value)).quantize(Decimal("0.01")) == expected
        lot_totals.append(expected)
    summary = result["Summary"]
    grand = summary.cell(header_row_summary(summary) + len(lot_totals) + 1, 3).value
    assert Decimal(str(grand)).quantize(Decimal("0.01")) == sum(lot_totals)
    ws = result["Outcome payments"]
    for r in estimates:
        amount, cap = Decimal(str(ws.cell(r, 3).value)), Decimal(str(ws.cell(r, 5).value))
        assert Decimal(str(ws.cell(r, 7).value)) == min(amount * 1000, cap)
    fee_at_risk = next(o for o in spec.outcomes if o.payment.type.value == "fee_at_risk")
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith(fee_at_risk.id + ":"))
    share = fee_at_risk.payment.percent_at_risk / 100
    assert fee_at_risk.lots == [1]
    assert lot_totals[0] != lot_totals[1]
    assert Decimal(str(ws.cell(row, 3).value)).quantize(Decimal("0.01")) == (lot_totals[0] * share).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------- reproducible


def test_same_spec_gives_the_same_bytes(tmp_path):
    """Two writes of the same workbook are identical: fixed zip times and fixed file properties."""
    spec = load_example("small-open-grounds.yaml")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    XlsxWriter().write(pricing.workbook(spec), a, None)
    XlsxWriter().write(pricing.workbook(spec), b, None)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = load_workbook(a).properties
    assert props.created == dt.datetime.combine(spec.document_date, dt.time()) == props.modified
    assert props.title == f"Pricing schedule: {spec.title}"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """An item starting with '=' is written as text, never as a formula."""
    sheet = tenderpack.Sheet("Prices", ["Ref", "What you price"], rows=[[tenderpack.Cell("1"), tenderpack.Cell("=HYPERLINK(1)")]])
    path = tmp_path / "x.xlsx"
    XlsxWriter().write(tenderpack.Workbook([sheet]), path, None)
    cell = load_workbook(path)["Prices"]["B2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


# --------------------------------------------------------------------------- bad input


def _pricing_variant(change):
    data = yaml.safe_load((EXAMPLES_DIR / "innovation-home-care.yaml").read_text(encoding="utf-8"))
    change(data)
    return data


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d["pricing"]["items"][0].pop("lot"), "pricing.items[0].lot", "say which lot"),
    (lambda d: d["pricing"]["items"][0].update(lot=7), "pricing.items[0].lot", "there is no lot 7"),
    (lambda d: d["pricing"]["items"][0].update(quantity=-5), "pricing.items[0].quantity", "greater than 0"),
])
def test_bad_pricing_items_are_errors_with_their_path(tmp_path, change, path, words):
    """A priced item without its lot, for a lot that does not exist, or with a negative quantity stops the build."""
    from tenderpack.errors import SpecError
    from tenderpack.reader import read_spec

    spec_file = tmp_path / "tender.yaml"
    spec_file.write_text(yaml.safe_dump(_pricing_variant(change), sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        read_spec(spec_file)
    assert path in str(exc.value) and words in str(exc.value)
