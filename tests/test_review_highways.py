"""A lawyer's read of the highways framework pack (examples/framework-highways.yaml): the sentences found untrue or
unclear, built and read back.

The pack is built once, in Word; the pricing schedule is filled in and recalculated by LibreOffice.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from openpyxl import load_workbook

from _packs import built, convert, docx_text

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "framework-highways.yaml"
DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def pack() -> Path:
    return built("framework-highways.yaml", ("docx",))


def text_of(doc: str) -> str:
    return docx_text(next(pack().rglob(f"{doc}.docx")))


def build_variant(tmp_path: Path, change) -> Path:
    """A copy of the example changed by ``change(data)``, built in Word into ``tmp_path``."""
    from tenderpack.build import BuildOptions, build

    data = copy.deepcopy(DATA)
    change(data)
    spec = tmp_path / "tender.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build(spec, tmp_path / "pack", BuildOptions(formats=("docx",)))
    return tmp_path / "pack"


# --------------------------------------------------------------------------- 6: an empty lot is not a bid


def _lot_sheets(book):
    return [ws for ws in book.worksheets if ws.title.startswith("Lot ")]


def _adjustment_cell(ws):
    return next(c for row in ws.iter_rows() for c in row if not c.protection.locked)


def test_an_empty_adjustment_shows_no_price(tmp_path):
    """Lot 1 at our rates (0), lot 2 at -5%, lot 3 left empty: recalculated by LibreOffice, lot 3's sheet and the
    summary show no price for it, and the others their adjusted baskets."""
    book = load_workbook(pack() / "pricing-schedule.xlsx")
    sheets = _lot_sheets(book)
    assert len(sheets) >= 3
    typed = {sheets[0].title: 0, sheets[1].title: -5}
    for ws in sheets:
        if ws.title in typed:
            _adjustment_cell(ws).value = typed[ws.title]
    filled = tmp_path / "filled" / "pricing-schedule.xlsx"
    filled.parent.mkdir()
    book.save(filled)
    result = load_workbook(convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"), data_only=True)
    summary = result["Summary"]
    shown = {row[0].value: row[2].value for row in summary.iter_rows() if str(row[0].value).startswith("Lot ")}
    for ws in sheets:
        at_ours = [ws.cell(r, 6).value for r in range(1, ws.max_row + 1)
                   if str(ws.cell(r, 6).value or "").startswith("=D")]
        assert at_ours
        lines = [result[ws.title].cell(r, 7).value for r in range(1, ws.max_row + 1)
                 if str(ws.cell(r, 7).value or "").startswith("=IF(")]
        if ws.title in typed:
            assert isinstance(shown[ws.title], (int, float)) and shown[ws.title] > 0, (ws.title, shown)
            assert all(isinstance(v, (int, float)) for v in lines), (ws.title, lines)
        else:
            assert shown[ws.title] in (None, ""), (ws.title, shown)
            assert all(v in (None, "") for v in lines), (ws.title, lines)
    ours = sum(result[sheets[1].title].cell(r, 6).value for r in range(1, sheets[1].max_row + 1)
               if str(sheets[1].cell(r, 6).value or "").startswith("=D"))
    assert round(shown[sheets[1].title], 2) == round(ours * 0.95, 2)


def test_the_words_say_an_empty_adjustment_is_no_bid():
    said = "Leave the adjustment empty for a lot you do not bid for: the sheet then shows no price. To bid at our " \
           "rates, type 0."
    assert said in text_of("price-form")
    assert "counts an empty adjustment as 0" not in text_of("price-form")
    book = load_workbook(pack() / "pricing-schedule.xlsx")
    for ws in _lot_sheets(book):
        assert said in [c.value for row in ws.iter_rows() for c in row]


# --------------------------------------------------------------------------- 7, 18, 19: what is paid, and the cap


CAP = ("In a call-off competition, you must not bid higher than the schedule's rates in force that day, adjusted by "
       "your adjustment for the lot.")
BASIS = ("ach item of work is paid at its rate in the London Highways Schedule of Rates (2027 edition), adjusted by "
         "your adjustment for its lot")


def test_the_cap_on_a_call_off_bid_follows_the_schedule_in_force():
    """The schedule's rates change each year: the cap is the rates in force, adjusted, never 'your tender's prices';
    it is said once in the invitation."""
    for doc in ("invitation-to-tender", "framework-agreement", "call-off-procedure", "draft-contract",
                "contract-summary"):
        said = text_of(doc)
        assert CAP in said, doc
        assert "your tender's prices" not in said, doc
    assert text_of("invitation-to-tender").count(CAP) == 1


def test_the_rates_are_the_named_schedule_not_ours():
    """'Our schedule of rates' would be the calling-off body's: the contract names the schedule and its edition."""
    for doc in ("invitation-to-tender", "draft-contract", "contract-summary"):
        said = text_of(doc)
        assert BASIS in said, doc
        assert "our schedule of rates" not in said.lower(), doc
    assert ("Under each call-off contract, each item of work is paid at our rate, adjusted by your adjustment for its "
            "lot.") in text_of("invitation-to-tender")
    assert "At the prices from your tender" not in text_of("invitation-to-tender")


# --------------------------------------------------------------------------- 20: one extension is one option


def test_one_extension_is_said_as_one():
    """The example has one optional extension of 12 months: never 'every extension' or 'options … up to'."""
    runs = "Runs | 1 September 2027 to 31 August 2030, or to 31 August 2031 if we use the one optional extension"
    assert runs in text_of("invitation-to-tender").splitlines()
    assert runs in text_of("framework-agreement").splitlines()
    assert "From 1 September 2027 to 31 August 2030, with one option to extend by 12 months." in \
        text_of("tender-at-a-glance")
    for doc in ("invitation-to-tender", "framework-agreement", "tender-at-a-glance"):
        assert "with every extension" not in text_of(doc) and "options to extend" not in text_of(doc), doc


def test_two_extensions_are_said_as_options(tmp_path):
    def two(data):
        data["timetable"]["extensions"] = [6, 6]
    out = build_variant(tmp_path, two)
    glance = docx_text(out / "sme" / "tender-at-a-glance.docx")
    assert "with options to extend by up to 12 months" in glance
    assert "or to 31 August 2031 if we use every optional extension" in docx_text(out / "framework-agreement.docx")


# --------------------------------------------------------------------------- 22: no minimum score


def test_a_criterion_without_a_minimum_says_so():
    rows = [line for line in text_of("evaluation-methodology").splitlines() if line.startswith("P1 | ")]
    assert rows == ["P1 | Price | Price | 40% | No minimum"]


# --------------------------------------------------------------------------- 5: adjudication in a works contract


ADJUDICATION = "Either party may refer a dispute to adjudication at any time, even while the steps above are under way."


def _disputes(text: str) -> str:
    """The disputes clause of a draft contract: from its heading to the next clause."""
    lines = text.splitlines()
    start = max(i for i, line in enumerate(lines) if line.endswith("Resolving disagreements"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1].isdigit())   # the next clause's heading
    return "\n".join(lines[start:end])


def test_a_works_contract_gives_adjudication_at_any_time():
    """Highways maintenance is construction work (category: works): the disputes clause gives adjudication at any
    time under the Scheme for England and Wales (the example's governing law), and keeps the steps and the court."""
    clause = _disputes(text_of("draft-contract"))
    assert ADJUDICATION in clause
    assert "The Scheme for Construction Contracts (England and Wales) Regulations 1998 applies to the adjudication." \
        in clause
    assert "The adjudicator's decision binds both parties until a court decides the dispute or the parties agree to " \
           "settle it." in clause
    assert "either party may go to court" in clause


def test_the_scheme_follows_the_governing_law(tmp_path):
    def scottish(data):
        data["commercial"]["governing_law"] = "scotland"
    clause = _disputes(docx_text(build_variant(tmp_path, scottish) / "draft-contract.docx"))
    assert "The Scheme for Construction Contracts (Scotland) Regulations 1998 applies to the adjudication." in clause
    assert "England and Wales" not in clause


def test_a_services_contract_has_no_adjudication():
    home_care = built("innovation-home-care.yaml", ("docx",))
    clause = _disputes(docx_text(home_care / "draft-contract.docx"))
    assert "either party may go to court" in clause
    assert "adjudicat" not in clause.lower() and "Scheme for Construction Contracts" not in clause
