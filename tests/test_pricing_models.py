"""Pricing models (spec.pricing.model): a schedule of rates with one percentage adjustment, a rate card and a
percentage fee, each evaluated on a basket of typical work or a notional base, lot by lot; never the whole value
of a framework as one price.

The highways framework example prices one adjustment to a schedule of rates for each lot. The other models are
built from the housing repairs fixture (three lots), the grounds example and the minimal fixture (no lots), with
only their pricing changed: the pricing, the buyer's own words on how prices are set (commercial.price_basis), and
for the grounds example its worked-example prices and budget ceiling left out (an evaluated price has neither). Each pack is built and read back: the spreadsheet with openpyxl (formulas, locked
cells, input cells, validation) and recalculated by LibreOffice; the price form, the invitation, the evaluation
methodology's worked example and the contract's charges with python-docx. Bad pricing is refused at its field; the
softer problems are rules, located too. Left out, the model is what it always was.
"""

from __future__ import annotations

import atexit
import copy
import re
import shutil
import tempfile
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from _packs import convert, docx_text
from conftest import ROOT
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack.tender import Tender

HERE = Path(__file__).parent
_ROOT = Path(tempfile.mkdtemp(prefix="tenderpack-pricing-models-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)


def _load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


HIGHWAYS = _load("examples/framework-highways.yaml")
HOUSING = _load("tests/fixtures/housing-repairs-lots.yaml")
GROUNDS = _load("examples/small-open-grounds.yaml")
MINIMAL = _load("tests/fixtures/minimal.yaml")
MINIMAL["commercial"]["contract_form"] = "window cleaning contract"   # names no model contract (TP-MODEL-CONTRACT)

# The NHF-style schedule of rates of a housing repairs contract: one adjustment for each section in each lot.
SECTIONS = {
    "model": "schedule_of_rates",
    "schedule": {"name": "NHF Schedule of Rates", "edition": "version 7.2",
                 "available_from": "the National Housing Federation's website",
                 "sections": [{"id": "D", "name": "Doors and windows", "lots": [1, 2]},
                              {"id": "P", "name": "Plumbing", "lots": [1, 2]},
                              {"id": "G", "name": "Gas and heating", "lots": [3]}]},
    "adjustment": {"per": "section", "minimum": -25, "maximum": 25},
    "basket": [
        {"lot": 1, "code": "D1010", "item": "Ease and adjust a door", "unit": "door", "rate": 28.5, "quantity": 400,
         "section": "D"},
        {"lot": 1, "code": "P2020", "item": "Renew a tap washer", "unit": "tap", "rate": 32, "quantity": 900,
         "section": "P"},
        {"lot": 2, "code": "D1010", "item": "Ease and adjust a door", "unit": "door", "rate": 28.5, "quantity": 300,
         "section": "D"},
        {"lot": 2, "code": "P2020", "item": "Renew a tap washer", "unit": "tap", "rate": 32, "quantity": 700,
         "section": "P"},
        {"lot": 3, "code": "G3030", "item": "Annual gas safety check of a home", "unit": "home", "rate": 65,
         "quantity": 2400, "section": "G"},
    ],
}
RATE_CARD = {
    "model": "rate_card",
    "basket": [
        {"lot": 1, "item": "Multi-skilled operative", "unit": "hour", "quantity": 2000},
        {"lot": 1, "item": "Plumber", "unit": "hour", "quantity": 800},
        {"lot": 2, "item": "Multi-skilled operative", "unit": "hour", "quantity": 1500},
        {"lot": 3, "item": "Gas engineer", "unit": "hour", "quantity": 1200, "description": "Gas Safe registered."},
    ],
}
FEE = {
    "model": "percentage_fee",
    "fees": [{"lot": n, "base": "the cost of the repairs ordered through you, excluding VAT", "notional_base": base,
              "paid": "each month, on the cost of the repairs finished that month"}
             for n, base in ((1, 400000), (2, 350000), (3, 200000))],
}
GROUNDS_RATES = {
    "model": "schedule_of_rates",
    "schedule": {"name": "Kelbrook Grounds Schedule of Rates", "edition": "2027",
                 "available_from": "the town council's website"},
    "basket": [
        {"code": "GM1", "item": "Cut a grass area once", "unit": "100 square metres", "rate": 3.2, "quantity": 5000},
        {"code": "GM7", "item": "Trim a hedge on both sides", "unit": "metre", "rate": 1.1, "quantity": 1200},
    ],
}
MINIMAL_CARD = {"model": "rate_card", "basket": [{"item": "Window cleaner", "unit": "hour", "quantity": 300}]}
MINIMAL_FEE = {"model": "percentage_fee", "fees": [{"base": "the cost of the cleaning we order through you",
                                                    "notional_base": 10000, "paid": "each month in arrears"}]}


def _grounds(pricing):
    def change(d):
        d["pricing"] = copy.deepcopy(pricing)
        d["commercial"]["price_basis"] = "Our schedule's rates, adjusted by your adjustment"
        d["value"].pop("budget_ceiling")   # an evaluated price is not a price to compare with a budget
        d["award"].pop("price")            # the worked example applies made-up adjustments to the basket
    return change


def _priced(pricing, basis=None):
    def change(d):
        d["pricing"] = copy.deepcopy(pricing)
        if basis:
            d["commercial"]["price_basis"] = basis
    return change


VARIANTS = {
    "highways": (HIGHWAYS, None),
    "housing-sections": (HOUSING, _priced(SECTIONS, "The NHF rates, adjusted by your adjustment for each section")),
    "housing-card": (HOUSING, _priced(RATE_CARD, "Your rates, for the hours we order")),
    "housing-fee": (HOUSING, _priced(FEE, "Your fee, a percentage of the cost of the repairs")),
    "grounds-rates": (GROUNDS, _grounds(GROUNDS_RATES)),
    "minimal-card": (MINIMAL, _priced(MINIMAL_CARD)),
    "minimal-fee": (MINIMAL, _priced(MINIMAL_FEE)),
}


def variant(name: str, change=None, folder: Path | None = None) -> Path:
    """The spec of a variant (further changed by ``change``), written as YAML; returns its path."""
    base, own = VARIANTS[name]
    data = copy.deepcopy(base)
    if own:
        own(data)
    if change:
        change(data)
    folder = folder or _ROOT / "specs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@lru_cache(maxsize=None)
def pack(name: str) -> Path:
    """The variant's pack, in Word, built once."""
    from tenderpack.build import BuildOptions, build

    out = _ROOT / "packs" / name
    build(variant(name), out, BuildOptions(formats=("docx",), cache_dir=_ROOT / "cache"))
    return out


def read(name: str, doc: str) -> list[str]:
    """The lines (paragraphs and table rows) of a document of the variant's pack."""
    return [line.strip() for line in docx_text(next(pack(name).rglob(f"{doc}.docx"))).splitlines() if line.strip()]


def after(lines: list[str], heading: str) -> list[str]:
    """The lines after the last line that is ``heading`` (the first is often the contents)."""
    return lines[len(lines) - lines[::-1].index(heading):]


def workbook(name: str, data_only: bool = False):
    return load_workbook(pack(name) / "pricing-schedule.xlsx", data_only=data_only)


def inputs(ws) -> list:
    """The cells a bidder can type in: the unlocked ones."""
    return [c for row in ws.iter_rows() for c in row if not c.protection.locked]


def validation_of(ws, coordinate: str):
    """The data validation that covers a cell."""
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if coordinate in {c for row in _cells(rng) for c in row}:
                return dv
    return None


def _cells(rng):
    from openpyxl.utils import get_column_letter

    return [[f"{get_column_letter(col)}{row}" for col in range(rng.min_col, rng.max_col + 1)]
            for row in range(rng.min_row, rng.max_row + 1)]


def summary_row(summary, k: int) -> int:
    """The row of the summary that shows the (k+1)th lot's evaluated price."""
    return next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value in ("Lot", "Contract")) + 1 + k


def header_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ref")


def lot_sheets(book):
    return [ws for ws in book.worksheets if ws.title.startswith("Lot ") or ws.title == "Prices"]


def problems(path: Path) -> dict[str, list]:
    report = Tender.load(path, Plugins()).checks()
    assert report.failures == []
    out: dict[str, list] = {}
    for p in report.problems:
        out.setdefault(p.code, []).append(p)
    return out


def basket_of(name: str, lot: int | None) -> list[dict]:
    base, own = VARIANTS[name]
    data = copy.deepcopy(base)
    if own:
        own(data)
    return [x for x in data["pricing"]["basket"] if x.get("lot") == lot]


# --------------------------------------------------------------------------- bad pricing, refused at its field


BAD = [   # (what, the variant, its change, the field, what the message says)
    ("a rate card needs its basket", "housing-card", lambda d: d.update(pricing={"model": "rate_card"}),
     "pricing.basket", "is required with model: rate_card"),
    ("a schedule of rates needs its schedule", "highways", lambda d: d["pricing"].pop("schedule"),
     "pricing.schedule", "name the schedule of rates that bidders adjust"),
    ("a basket line of a schedule of rates needs our rate", "highways", lambda d: d["pricing"]["basket"][0].pop("rate"),
     "pricing.basket[0].rate", "give our rate for one unit, from the schedule"),
    ("bidders give a rate card's rates", "housing-card", lambda d: d["pricing"]["basket"][0].update(rate=40),
     "pricing.basket[0].rate", "bidders give the rates of a rate card: leave rate out"),
    ("an adjustment of -100% takes every rate to nothing", "highways",
     lambda d: d["pricing"]["adjustment"].update(minimum=-100),
     "pricing.adjustment.minimum", "write a number above -100"),
    ("the maximum adjustment is above the minimum", "highways", lambda d: d["pricing"]["adjustment"].update(maximum=-50),
     "pricing.adjustment.maximum", "-50% is not above the minimum (-40%)"),
    ("a percentage fee needs its fee", "housing-fee", lambda d: d.update(pricing={"model": "percentage_fee"}),
     "pricing.fees", "say what the fee is a percentage of (base)"),
    ("one fee for each lot", "housing-fee", lambda d: d["pricing"]["fees"][1].update(lot=1),
     "pricing.fees[1].lot", "lot 1 already has a fee (pricing.fees[0])"),
    ("a lot without a fee", "housing-fee", lambda d: d["pricing"]["fees"].pop(),
     "pricing.fees", "lot 3 has no fee: give one for each lot"),
    ("a contract without lots has one fee", "minimal-fee", lambda d: d["pricing"]["fees"].append(
        copy.deepcopy(d["pricing"]["fees"][0])), "pricing.fees[1]", "a contract without lots has one fee"),
    ("every lot has basket lines", "highways", lambda d: d["pricing"].update(
        basket=[x for x in d["pricing"]["basket"] if x["lot"] != 3]),
     "pricing.basket", "lot 3 has no lines in the basket"),
    ("a basket needs its model", "highways", lambda d: d["pricing"].pop("model"),
     "pricing.basket", "is used only with model: schedule_of_rates or rate_card, and pricing.model is left out"),
    ("a yearly price has no items", "highways", lambda d: d.update(pricing={"model": "yearly", "items": [
        {"lot": 1, "item": "Resurfacing", "unit": "square metre", "quantity": 1}]}),
     "pricing.items", "model: yearly prices each year of the contract, not items"),
    ("items for every lot", "highways", lambda d: d.update(pricing={"model": "items", "items": [
        {"lot": 1, "item": "Resurfacing", "unit": "square metre", "quantity": 1}]}),
     "pricing.items", "lots 2, 3 and 4 have no items"),
    ("sections need adjustments by section", "highways", lambda d: d["pricing"]["schedule"].update(
        sections=[{"id": "700", "name": "Road pavements"}]),
     "pricing.schedule.sections", "are used only with adjustment per: section"),
    ("a basket line names a section of the schedule", "housing-sections",
     lambda d: d["pricing"]["basket"][0].update(section="X"),
     "pricing.basket[0].section", "no section of the schedule has the id 'X'; the sections are D, P, G"),
    ("a section used in another lot", "housing-sections", lambda d: d["pricing"]["basket"][4].update(section="D"),
     "pricing.basket[4].section", "section D is not used in lot 3"),
    ("no worked-example prices with an evaluated price", "highways", lambda d: d["award"].update(
        price={"example_prices": [100000, 110000]}),
     "award.price.example_prices", "the worked example applies made-up adjustments to the basket"),
    ("no budget to compare an evaluated price with", "highways", lambda d: d["value"].update(budget_ceiling=40000000),
     "value.budget_ceiling", "tenders give an adjustment to our rates, not a total price"),
    ("an attached schedule is attached", "highways",
     lambda d: d["pricing"]["schedule"].update(attachment="Schedule of rates"),
     "pricing.schedule.attachment", "no attachment has the title 'Schedule of rates'"),
    ("a call-off ceiling needs call-off competitions", "highways", lambda d: d["framework"]["call_off"].pop("competition"),
     "pricing.call_off_ceiling", "is used only for a framework whose call-off contracts may be awarded after a "
                                 "competition"),
]


@pytest.mark.parametrize("name, change, path, words", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_pricing_is_refused_at_its_field(tmp_path, name, change, path, words):
    """Each pricing model's parts are checked when the spec is read: `tenderpack validate` exits 2 and names the file,
    the line and the field, with what to write instead."""
    spec = variant(name, change, tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(spec)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(rf"{re.escape(str(spec))}:\d+:\d+: {re.escape(path)}: .*{re.escape(words)}", result.output), \
        result.output


# --------------------------------------------------------------------------- rules, located


def test_the_models_break_no_pricing_rule():
    """The highways example and every variant here pass the pricing rules: no finding of TP-PRICE-*."""
    for name in VARIANTS:
        found = {code: p for code, p in problems(variant(name)).items() if code.startswith("TP-PRICE")}
        assert found == {}, (name, {c: [str(x) for x in p] for c, p in found.items()})


def test_a_framework_priced_year_by_year_is_warned(tmp_path):
    """TP-PRICE-FRAMEWORK-WHOLE: a framework whose lots have several suppliers, priced year by year, would have each
    bidder price all the work every call-off may order: a warning at pricing; with items for lot 1 only, at
    pricing.items, naming the other lots."""
    [p] = problems(variant("highways", lambda d: d.update(pricing={}), tmp_path))["TP-PRICE-FRAMEWORK-WHOLE"]
    assert p.severity == "warning" and p.where.path == "pricing" and p.where.line is not None
    assert p.message.startswith("Lots 1, 2, 3 and 4 of the framework have several suppliers but are priced year by "
                                "year: each bidder would give one price for all the work every call-off contract may "
                                "order")
    items = {"items": [{"lot": 1, "item": "Resurfacing", "unit": "square metre", "quantity": 1000}]}
    [p] = problems(variant("highways", lambda d: d.update(pricing=items), tmp_path))["TP-PRICE-FRAMEWORK-WHOLE"]
    assert p.where.path == "pricing.items" and p.message.startswith("Lots 2, 3 and 4 of the framework have")


def test_a_single_supplier_framework_priced_by_year_is_not_warned(tmp_path):
    """TP-PRICE-FRAMEWORK-WHOLE: with one supplier, who gets every call-off, a yearly price is not split among
    suppliers: no warning."""
    def one(d):
        d["lots"] = {"reasons_not_divided": "One managed service must join up every part of the work."}
        d["pricing"] = {}
        d["award"]["suppliers"] = 1
        d["framework"]["call_off"] = {"direct_award": {"terms": "The buyer awards each call-off contract to the "
                                                                "framework's supplier."}}
    assert "TP-PRICE-FRAMEWORK-WHOLE" not in problems(variant("highways", one, tmp_path))


def test_a_basket_is_sized_like_typical_work(tmp_path):
    """TP-PRICE-BASKET-VALUE: a basket costing more at our rates than its lot's estimated value, or under 1% of it
    (pricing.yaml, status check), is a warning at the lot's first basket line."""
    big = lambda d: d["pricing"]["basket"][3].update(quantity=3000000)   # noqa: E731  (lot 2: £96m of paving)
    [p] = problems(variant("highways", big, tmp_path))["TP-PRICE-BASKET-VALUE"]
    assert p.severity == "warning" and p.where.path == "pricing.basket[3]"
    assert "The basket for lot 2 costs £96,880,000 at our rates: more than lot 2's estimated value" in p.message

    def small(d):
        for x in d["pricing"]["basket"][6:9]:
            x["quantity"] = 10
    [p] = problems(variant("highways", small, tmp_path))["TP-PRICE-BASKET-VALUE"]
    assert p.where.path == "pricing.basket[6]" and "0.02% of lot 3's estimated value" in p.message


def test_every_section_adjusted_is_evaluated(tmp_path):
    """TP-PRICE-SECTION-UNEVALUATED: section P is used in lots 1 and 2; with no plumbing line in lot 2's basket, its
    adjustment would never be scored: a warning at that section."""
    drop = lambda d: d["pricing"]["basket"].pop(3)   # noqa: E731  (lot 2's plumbing)
    [p] = problems(variant("housing-sections", drop, tmp_path))["TP-PRICE-SECTION-UNEVALUATED"]
    assert p.severity == "warning" and p.where.path == "pricing.schedule.sections[1]"
    assert p.message.startswith("Section P (Plumbing) has no line in the basket for lot 2")


def test_bidders_can_read_the_schedule_they_adjust(tmp_path):
    """TP-PRICE-SCHEDULE-SOURCE: a schedule neither attached nor said to be anywhere is a warning at
    pricing.schedule; an attached one of another kind than pricing, at the attachment's kind. Attached as pricing,
    the pack says where it is."""
    unseen = lambda d: d["pricing"]["schedule"].pop("available_from")   # noqa: E731
    [p] = problems(variant("highways", unseen, tmp_path))["TP-PRICE-SCHEDULE-SOURCE"]
    assert p.severity == "warning" and p.where.path == "pricing.schedule"
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "rates.csv").write_text("code,item,rate\n7/01/040,Planing,4.20\n", encoding="utf-8")

    def attached(kind):
        def change(d):
            d["pricing"]["schedule"].pop("available_from")
            d["pricing"]["schedule"]["attachment"] = "Schedule of rates"
            d["attachments"] = [{"title": "Schedule of rates", "file": "attachments/rates.csv", "kind": kind}]
        return change
    [p] = problems(variant("highways", attached("other"), tmp_path))["TP-PRICE-SCHEDULE-SOURCE"]
    assert p.where.path == "attachments[0].kind"
    path = variant("highways", attached("pricing"), tmp_path)
    assert "TP-PRICE-SCHEDULE-SOURCE" not in problems(path)
    from tenderpack.build import BuildOptions, build

    build(path, tmp_path / "pack", BuildOptions(formats=("docx",), only=("invitation-to-tender",),
                                                cache_dir=tmp_path / "cache"))
    said = docx_text(tmp_path / "pack" / "invitation-to-tender.docx")
    assert "The schedule is attached to this pack as “Schedule of rates”." in said


def test_every_pricing_rule_is_a_documented_warning():
    """The pricing rules are warnings (their figures are check), each listed in docs/checks.md."""
    from tenderpack.rules import collect_rules

    rules = [r for r in collect_rules(Plugins())[0] if r.code.startswith("TP-PRICE-")]
    assert len(rules) == 4
    checks = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for r in rules:
        assert r.severity == "warning" and f"| `{r.code}` | warning |" in checks, r.code


# --------------------------------------------------------------------------- the spreadsheet


def test_a_schedule_of_rates_sheet_has_one_input_the_adjustment():
    """Each lot's sheet holds the basket at our rates (locked) and one yellow cell, the adjustment, validated between
    the spec's bounds; each line is rate x quantity, adjusted by that cell; the lot's evaluated price sums them and
    the summary shows it, with no total of the lots."""
    book = workbook("highways")
    assert book.sheetnames == ["Summary", "Lot 1", "Lot 2", "Lot 3", "Lot 4"]
    summary = book["Summary"]
    for number, ws in enumerate(lot_sheets(book), start=1):
        assert ws.protection.sheet
        [cell] = inputs(ws)
        assert cell.column_letter == "G" and cell.number_format == '0.00"%"'
        dv = validation_of(ws, cell.coordinate)
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "-40", "40")
        assert dv.showErrorMessage and dv.errorStyle == "stop"
        first = header_row(ws) + 2
        lines = basket_of("highways", number)
        rows = list(range(first, first + len(lines)))
        for r, line in zip(rows, lines):
            assert ws.cell(r, 1).value == line["code"]
            assert Decimal(str(ws.cell(r, 5).value)) == Decimal(str(line["rate"]))
            assert ws.cell(r, 6).value == f"=D{r}*E{r}"
            adjustment = f"${cell.column_letter}${cell.row}"
            # Blank while the bidder leaves the adjustment empty: a lot not bid for shows no price (not ours).
            assert ws.cell(r, 7).value == f'=IF({adjustment}="","",F{r}*(1+{adjustment}/100))'

        total = rows[-1] + 1
        assert ws.cell(total, 2).value == f"Basket total for lot {number}"
        assert ws.cell(total, 7).value == f'=IF(OR({adjustment}=""),"",SUM(G{rows[0]}:G{rows[-1]}))'
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert c.protection.locked, c.coordinate
        price = f"'Lot {number}'!$G${total}"
        assert summary.cell(summary_row(summary, number - 1), 3).value == f'=IF({price}="","",{price})'
    assert summary.cell(summary_row(summary, -1), 3).value == "Evaluated price (£, excluding VAT)"
    assert not any(str(c.value).startswith("=SUM") for row in summary.iter_rows() for c in row)


def test_adjustments_by_section_have_a_cell_each():
    """With adjustments by section, each section used in a lot has its own yellow cell, and each basket line is
    adjusted by its own section's cell."""
    book = workbook("housing-sections")
    lot1, lot3 = book["Lot 1"], book["Lot 3"]
    assert [lot1.cell(c.row, 2).value for c in inputs(lot1)] == [
        "Your adjustment for section D: Doors and windows (%)", "Your adjustment for section P: Plumbing (%)"]
    assert [lot3.cell(c.row, 2).value for c in inputs(lot3)] == ["Your adjustment for section G: Gas and heating (%)"]
    d, p = inputs(lot1)
    assert lot1.cell(d.row + 1, 7).value == f'=IF($G${d.row}="","",F{d.row + 1}*(1+$G${d.row}/100))'
    assert lot1.cell(p.row + 1, 7).value == f'=IF($G${p.row}="","",F{p.row + 1}*(1+$G${p.row}/100))'
    assert lot1.cell(p.row + 2, 7).value == (f'=IF(OR($G${d.row}="",$G${p.row}=""),"",'
                                             f'SUM(G{d.row + 1}:G{d.row + 1},G{p.row + 1}:G{p.row + 1}))')
    dv = validation_of(lot1, d.coordinate)
    assert (dv.formula1, dv.formula2) == ("-25", "25")


def test_a_rate_card_sheet_asks_a_rate_for_each_line():
    """A rate card: a yellow cell for each line's rate (0 or more), times its notional basket quantity, added up."""
    book = workbook("housing-card")
    ws = book["Lot 1"]
    cells = inputs(ws)
    assert [c.column_letter for c in cells] == ["E", "E"]
    for c in cells:
        assert ws.cell(c.row, 6).value == f"=D{c.row}*E{c.row}"
        dv = validation_of(ws, c.coordinate)
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert [ws.cell(c.row, 2).value for c in cells] == ["Multi-skilled operative", "Plumber"]
    assert ws.cell(cells[-1].row + 1, 6).value == f"=SUM(F{cells[0].row}:F{cells[-1].row})"
    assert book["Lot 3"].cell(inputs(book["Lot 3"])[0].row, 2).value == "Gas engineer. Gas Safe registered."
    intro = [ws.cell(r, 1).value for r in range(1, header_row(ws))]
    assert "The basket's quantities are notional: only for comparing tenders. They are not a promise to order any " \
           "work." in intro


def test_a_fee_sheet_has_one_input_the_percentage():
    """A percentage fee: one yellow cell for the fee, between 0 and 100, on the notional base: base x fee / 100."""
    book = workbook("housing-fee")
    for number, base in ((1, 400000), (2, 350000), (3, 200000)):
        ws = book[f"Lot {number}"]
        [cell] = inputs(ws)
        assert cell.column_letter == "D"
        assert Decimal(str(ws.cell(cell.row, 3).value)) == base
        assert ws.cell(cell.row, 5).value == f"=C{cell.row}*D{cell.row}/100"
        dv = validation_of(ws, cell.coordinate)
        assert (dv.formula1, dv.formula2) == ("0", "100")


@pytest.mark.parametrize("name", ["highways", "housing-sections", "housing-card", "housing-fee"])
def test_libreoffice_recalculates_the_evaluated_prices(name, tmp_path):
    """Filled in and recalculated by LibreOffice, each lot's evaluated price is the sum worked out here: our rates x
    quantity x (1 + adjustment / 100); rate x quantity; or base x fee / 100."""
    book = workbook(name)
    typed: dict[tuple[str, str], float] = {}
    for k, ws in enumerate(lot_sheets(book)):
        for j, c in enumerate(inputs(ws)):
            value = [-7.5, 2.25, 12.0, 0.0, 3.5][(k + j) % 5] if "fee" not in name else 2.5 + k
            if "card" in name:
                value = 30.0 + 5 * k + j
            c.value = value
            typed[(ws.title, c.coordinate)] = value
    filled = tmp_path / "filled" / "pricing-schedule.xlsx"
    filled.parent.mkdir()
    book.save(filled)
    result = load_workbook(convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"), data_only=True)
    summary = result["Summary"]
    for k, (ws, before) in enumerate(zip(lot_sheets(result), lot_sheets(book))):
        expected = Decimal(0)
        if name == "housing-fee":
            cell = inputs(before)[0]
            expected = Decimal(str(before.cell(cell.row, 3).value)) * Decimal(str(typed[(ws.title, cell.coordinate)])) / 100
        else:
            for row in range(header_row(before) + 1, before.max_row + 1):
                f = str(before.cell(row, 7 if "card" not in name else 6).value or "")
                if "card" in name and f.startswith("=D"):
                    rate = Decimal(str(typed[(ws.title, f"E{row}")]))
                    expected += Decimal(str(before.cell(row, 4).value)) * rate
                elif f.startswith('=IF($') and "*(1+" in f:   # =IF($G$10="","",F11*(1+$G$10/100))
                    column, row_of = re.match(r'=IF\(\$([A-Z]+)\$(\d+)=', f).groups()
                    adjustment = Decimal(str(typed[(ws.title, column + row_of)]))
                    at_ours = Decimal(str(before.cell(row, 4).value)) * Decimal(str(before.cell(row, 5).value))
                    expected += at_ours * (1 + adjustment / 100)
        got = Decimal(str(summary.cell(summary_row(summary, k), 3).value))
        assert got.quantize(Decimal("0.01")) == expected.quantize(Decimal("0.01")), (ws.title, got, expected)
        assert expected > 0


# --------------------------------------------------------------------------- the price form


def test_the_price_form_of_a_schedule_of_rates():
    """The price form asks one adjustment for each lot, shows each lot's basket at our rates with its total, and the
    sum that gives the evaluated price; the basket is no promise of work."""
    form = read("highways", "price-form")
    for line in [
        "Give one adjustment to our rates, in percent, for each lot you bid for. Our rates are those of the London "
        "Highways Schedule of Rates (2027 edition). You can read it on Hartwell e-Tendering, with the other documents "
        "of this tender. Your adjustment applies to every rate in the schedule.",
        "Write -5 for 5% below our rates, 3 for 3% above them, or 0 for our rates. Your adjustment must be between "
        "-40% and 40%.",
        "We compare tenders on a basket of typical work. The tables below show it, at our rates. Its quantities are "
        "only for comparing tenders. They are not a promise that any work will be ordered.",
        "Every rate in the schedule, for work in lot 1 |",
        "7/01/040 | Planing out road surfacing, 40mm deep | square metre | 150,000 | £4.20 | £630,000",
        "| Basket total at our rates |  |  |  | £2,899,000",
        "Your evaluated price for lot 1 = £2,899,000 × (1 + your adjustment ÷ 100).",
        "Your evaluated price for lot 4 = £1,479,000 × (1 + your adjustment ÷ 100).",
    ]:
        assert line in form, line
    assert not any("one unit" in line or "Estimated quantity" in line for line in form)


def test_the_price_form_of_adjustments_by_section():
    """By section: a box for each section of the lot, and the basket's subtotal at our rates for each."""
    form = read("housing-sections", "price-form")
    assert any(line.startswith("Give one adjustment to our rates, in percent, for each section of the schedule in "
                               "each lot you bid for. Our rates are those of the NHF Schedule of Rates (version 7.2).")
               for line in form)
    for line in ["Section D: Doors and windows |", "Section P: Plumbing |", "| Section P at our rates |  |  |  | £28,800",
                 "Your evaluated price for lot 1 = the total at our rates of each section × (1 + your adjustment for "
                 "that section ÷ 100), added up."]:
        assert line in form, line


def test_the_price_forms_of_a_rate_card_and_a_fee():
    """A rate card's form asks a rate for each line, its basket quantities notional; a fee's form asks a percentage,
    with the notional base and the sum."""
    card = read("housing-card", "price-form")
    for line in ["Give your rate for one unit of each line, in pounds, excluding VAT. Multiply it by the basket "
                 "quantity to get the line total.",
                 "Basket quantities are notional. We use them only to compare tenders. They are not a promise to "
                 "order any work.",
                 "Ref | Role or item | Unit | Basket quantity | Your rate (£) | Total (£)",
                 "1.2 | Plumber | hour | 800 |  |", "| Evaluated price for lot 1 |  |  |  |"]:
        assert line in card, line
    fee = read("minimal-fee", "price-form")
    for line in ["Give your fee as a percentage. The table below says what it is a percentage of.",
                 "the cost of the cleaning we order through you | £10,000 |  |",
                 "Evaluated price = £10,000 × your fee ÷ 100."]:
        assert line in fee, line


# --------------------------------------------------------------------------- the invitation


def test_the_invitation_says_what_bidders_give_and_what_is_evaluated():
    """The invitation's prices: one adjustment for each lot, to every rate of the named schedule, where to read it,
    the basket sum, that the basket is no promise; at the framework's prices each item is paid at our rate adjusted,
    and a call-off bid is capped; the lowest evaluated price scores best."""
    body = read("highways", "invitation-to-tender")
    prices = after(body, "Your prices")
    assert prices[2:5] == [
        "Our rates are those of the London Highways Schedule of Rates (2027 edition). For each lot you bid for, you "
        "give one percentage adjustment to them. It applies to every rate in the schedule for work in that lot, not "
        "only to the lines of the basket. You can read the schedule on Hartwell e-Tendering, with the other documents "
        "of this tender. Its rates exclude VAT. Write your adjustment as a percentage: -5 means 5% below our rates, 3 "
        "means 3% above them, and 0 means our rates. An adjustment must be between -40% and 40%.",
        "To compare tenders, we apply your adjustment to a basket of typical work for each lot: lines from the "
        "schedule, with our rates and quantities. The pricing schedule shows it. Your evaluated price for a lot is "
        "each line's rate × its quantity × (1 + your adjustment ÷ 100), added up. The basket's quantities are only "
        "for comparing tenders. They are not a promise that any work will be ordered.",
        "Under each call-off contract, each item of work is paid at our rate, adjusted by your adjustment for its "
        "lot. In a call-off competition, you must not bid higher than the schedule's rates in force that day, "
        "adjusted by your adjustment for the lot."]
    assert "The lowest evaluated price gets full marks for price. Other evaluated prices score in proportion." in body
    payment = after(body, "Contract and payment")   # the cap is said once, under "Your prices"
    assert not any("call-off competition, you must not bid higher" in line for line in payment)
    assert not any("estimated quantity" in line or "£48,000,000" in line for line in prices[:5])


def test_the_invitation_of_a_rate_card_and_of_a_fee():
    """A rate card: a rate for each line, times its notional basket quantity; a fee: one percentage of the stated
    base, worked out on each lot's notional base, paid when the spec says."""
    card = read("housing-card", "invitation-to-tender")
    assert ("For each lot you bid for, you give your rate for one unit of each line of the rate card in the pricing "
            "schedule. Rates are in pounds and exclude VAT.") in card
    assert ("To compare tenders, we multiply your rate for each line by its quantity in the lot's basket, and add "
            "them up. That is your evaluated price for the lot. The basket's quantities are notional: only for "
            "comparing tenders. They are not a promise to order any work.") in card
    assert "We pay your rates for the work we order." in card
    fee = read("housing-fee", "invitation-to-tender")
    for line in ["For each lot you bid for, you give your fee as one percentage of the cost of the repairs ordered "
                 "through you, excluding VAT. Your fee excludes VAT.",
                 "To compare tenders, we work out your fee on a notional base: £400,000 for lot 1, £350,000 for lot 2 "
                 "and £200,000 for lot 3. Your evaluated price for a lot is that figure × your percentage ÷ 100. The "
                 "notional base is only for comparing tenders. It is not a promise of what we will spend.",
                 "We pay the fee each month, on the cost of the repairs finished that month."]:
        assert line in fee, line


# --------------------------------------------------------------------------- the evaluation and its worked example


def test_the_worked_example_applies_adjustments_to_the_basket():
    """Each lot's worked example takes the basket at our rates (never the lot's or the framework's estimated value)
    and three made-up adjustments within the bounds, then the price formula."""
    body = read("highways", "evaluation-methodology")
    lot1 = after(body, "Worked example for lot 1: Road resurfacing")
    assert lot1[:8] == [
        "Imagine three bidders give these adjustments for lot 1. The adjustments below are made up for this example: "
        "they show the sums, not what we expect.",
        "At our rates, the basket for lot 1 costs £2,899,000. Each bidder's evaluated price is that total × (1 + its "
        "adjustment ÷ 100).",
        "Worked example of price scoring for lot 1",
        "Bidder | Adjustment | Evaluated price | Sum | Price score (out of 40)",
        "Bidder A | -5% | £2,899,000 × 0.95 = £2,754,050 | £2,754,050 ÷ £2,754,050 × 40 | 40.00",
        "Bidder B | 0% | £2,899,000 × 1 = £2,899,000 | £2,754,050 ÷ £2,899,000 × 40 | 38.00",
        "Bidder C | 5% | £2,899,000 × 1.05 = £3,043,950 | £2,754,050 ÷ £3,043,950 × 40 | 36.19",
        "Bidder A has the lowest evaluated price, so it gets the full 40 marks."]
    for number, cost in ((2, "£1,840,000"), (3, "£845,000"), (4, "£1,479,000")):
        assert f"At our rates, the basket for lot {number} costs {cost}. Each bidder's evaluated price is that total × " \
               "(1 + its adjustment ÷ 100)." in body
    price = after(body, "How we score price")
    price = price[:price.index("Your total score")]
    assert "Price score = lowest evaluated price ÷ your evaluated price × 40" in price
    assert not any(figure in line for line in price for figure in ("£48,000,000", "£20,000,000", "£8,000,000"))


def test_the_worked_example_keeps_within_narrow_bounds(tmp_path):
    """Made-up adjustments stay inside the spec's bounds: between 0% and 2%, they are 0%, 1% and 2%."""
    from tenderpack.reader import read_spec
    from tenderpack_standard import scoring

    spec = read_spec(variant("highways", lambda d: d["pricing"]["adjustment"].update(minimum=0, maximum=2), tmp_path))
    assert scoring.adjustments(spec) == (Decimal("0.00"), Decimal("1.00"), Decimal("2.00"))
    spec = read_spec(variant("highways", lambda d: d["pricing"]["adjustment"].update(minimum=10, maximum=20), tmp_path))
    assert scoring.adjustments(spec) == (Decimal("10.00"), Decimal("15.00"), Decimal("20.00"))


def test_the_worked_examples_of_a_rate_card_and_of_a_fee():
    """A rate card's example multiplies made-up rates by the basket's quantities; a fee's applies made-up fees to the
    notional base."""
    card = read("housing-card", "evaluation-methodology")
    assert ("Bidder A | £9.00 for each line | £9.00 × 2,000 + £9.00 × 800 = £25,200 | £25,200 ÷ £25,200 × 40 | 40.00"
            in card)
    assert "Bidder C | £11.00 per hour | £11.00 × 1,200 = £13,200 | £10,800 ÷ £13,200 × 40 | 32.73" in card
    fee = read("housing-fee", "evaluation-methodology")
    assert ("Each bidder's evaluated price is its fee on the notional base of £350,000: that figure × its percentage "
            "÷ 100.") in fee
    assert "Bidder B | 4% | £350,000 × 4% = £14,000 | £10,500 ÷ £14,000 × 40 | 30.00" in fee
    assert "If they are still level, we choose the tender with the lower evaluated price." in read(
        "minimal-card", "evaluation-methodology")


# --------------------------------------------------------------------------- the contract and the forms for small firms


def test_the_contract_charges_follow_the_schedule_of_rates():
    """The call-off template's charges clause and Schedule 2: each item of work at the schedule's rate, adjusted by
    the tender's adjustment for the lot (or the call-off bid, capped); the basket was no promise."""
    body = read("highways", "draft-contract")
    assert any(line.startswith("We pay for each item of work at its rate in the schedule of rates that Schedule 2 "
                               "(Charges) names, adjusted by your percentage adjustment. The adjustment applies to "
                               "every rate in the schedule.") for line in body)
    schedule = after(body, "Schedule 2: Charges")
    for line in ["The rates are those of the London Highways Schedule of Rates (2027 edition).",
                 "Lot | Your adjustment",
                 "1 | From your tender, or from your bid in the call-off competition",
                 "For each item of work we order, we pay its rate in the schedule × (1 + your adjustment ÷ 100) × "
                 "the quantity.",
                 "The basket in the pricing schedule was only for comparing tenders. It was not a promise to order "
                 "any work.",
                 "In a call-off competition, you must not bid higher than the schedule's rates in force that day, "
                 "adjusted by your adjustment for the lot."]:
        assert line in schedule, line


def test_the_contract_charges_of_sections_a_rate_card_and_a_fee():
    """By section, the adjustment table has a row for each section used in each lot; a rate card's schedule lists
    each role's rate from the tender; a fee's gives its base and when it is paid."""
    sections = after(read("housing-sections", "draft-contract"), "Schedule 2: Charges")
    assert "Lot | Section of the schedule | Your adjustment" in sections
    assert "3 | G: Gas and heating | From your tender" in sections
    assert ("For each item of work we order, we pay its rate in the schedule × (1 + your adjustment for its section "
            "÷ 100) × the quantity.") in sections
    card = after(read("housing-card", "draft-contract"), "Schedule 2: Charges")
    assert "3 | Gas engineer | hour | From your tender" in card
    fee = read("minimal-fee", "draft-contract")
    assert any(line.startswith("Your fee is a percentage. Schedule 2 (Charges) says what it is a percentage of, and "
                               "when we pay it.") for line in fee)
    assert ("the cost of the cleaning we order through you | From your tender | each month in arrears"
            in after(fee, "Schedule 2: Charges"))


def test_how_to_bid_and_the_contract_in_brief_follow_the_model():
    """How to bid asks for what the model prices, scored as the lowest evaluated price; the contract in brief says
    what we pay; the framework's says a call-off bid is capped."""
    howto = read("housing-sections", "how-to-bid")
    assert any("Give one percentage adjustment to our rates for each section of the schedule in each lot you bid "
               "for. It applies to every rate in the schedule of rates. Scoring: in each lot, the lowest evaluated "
               "price gets full marks" in line for line in howto)
    assert "We pay your rates for the work we order." in read("minimal-card", "contract-summary")
    assert "We pay your fee as the contract sets out." in read("minimal-fee", "contract-summary")
    assert ("In a call-off competition, you must not bid higher than the schedule's rates in force that day, "
            "adjusted by your adjustment for the lot." in read("highways", "contract-summary"))


# --------------------------------------------------------------------------- outcome payments beside rates


def test_a_fee_at_risk_beside_rates_is_a_share_of_the_charges(tmp_path):
    """With rates, a fee put at risk is a share of the charges paid, not of the evaluated price: the outcome sheet
    says so and works out no amount from the basket."""
    import importlib

    from tenderpack.reader import read_spec
    from tenderpack.writers.xlsx import XlsxWriter

    def outcome(d):
        d["outcomes"] = [{
            "id": "O1", "lots": [1], "statement": "Repairs are done right first time.",
            "indicator": {"name": "Repairs right first time", "unit": "percent"},
            "targets": [{"value": "90%", "by": "2028-12-31"}], "data_source": "The repairs system",
            "frequency": "quarterly", "verified_by": "The council's repairs manager",
            "payment": {"type": "fee_at_risk", "percent_at_risk": 5, "timing": "quarterly in arrears"}}]
    spec = read_spec(variant("housing-card", outcome, tmp_path))
    pricing = importlib.import_module("tenderpack_standard.pricing")
    XlsxWriter().write(pricing.workbook(spec), tmp_path / "book.xlsx", None)
    book = load_workbook(tmp_path / "book.xlsx")
    ws = book["Outcome payments"]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("O1:"))
    assert ws.cell(row, 2).value == "5% of the charges for lot 1 are at risk"
    assert ws.cell(row, 3).value == "A share of the charges"
    intro = [book["Lot 1"].cell(r, 1).value for r in range(1, header_row(book["Lot 1"]))]
    assert "For outcome O1, 5% of the charges for this lot are at risk. See the Outcome payments sheet." in intro


# --------------------------------------------------------------------------- the defaults


@pytest.mark.parametrize("example, model", [("innovation-home-care.yaml", "items"),
                                            ("small-open-grounds.yaml", "yearly")])
def test_the_default_model_is_what_the_pack_always_priced(tmp_path, example, model):
    """Left out, the model is items where the spec lists them, else yearly: written out, the pack is the same,
    document for document and cell for cell."""
    from tenderpack.build import BuildOptions, build

    data = _load(f"examples/{example}")
    texts = []
    for k, given in enumerate((None, model)):
        if given:
            data.setdefault("pricing", {})["model"] = given
        folder = tmp_path / str(k)
        folder.mkdir()
        path = folder / example
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        build(path, folder / "pack", BuildOptions(formats=("docx",), cache_dir=tmp_path / "cache"))
        docs = {p.relative_to(folder / "pack"): docx_text(p) for p in sorted((folder / "pack").rglob("*.docx"))}
        book = load_workbook(folder / "pack" / "pricing-schedule.xlsx")
        cells = [(ws.title, c.coordinate, c.value, c.protection.locked) for ws in book.worksheets
                 for row in ws.iter_rows() for c in row]
        texts.append((docs, cells))
    assert texts[0] == texts[1]
    assert len(texts[0][0]) >= 10
