"""Lots with their own contract dates and extensions (issue 14, item 4).

Each lot is a contract of its own, and may give its own term (lots.items[].contract_start, contract_end,
extensions); a lot without them takes the timetable's. The pack is built from a variant of
examples/innovation-home-care.yaml (two lots) in which lot 2, a new service, starts on 1 April 2028 and runs two
years with no extension, while lot 1 keeps the timetable's term: 1 October 2027 to 30 September 2030, with two
optional extensions of 12 months. Every document that states a term is read back (python-docx, openpyxl,
icalendar, json, pdftotext) and must give each lot its own; a spec whose lots give the timetable's own dates must
read exactly like one whose lots give none. Then the checks: the spec's validation at the lot's field, the rules
that reason about the term, and what rule TP-LOT-DATES still refuses.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import openpyxl
import pytest
import yaml

from tenderpack.build import BuildOptions, build
from tenderpack.errors import SpecError
from tenderpack.plugins import Plugins
from tenderpack.reader import read_spec
from tenderpack.tender import Tender
from tenderpack_ocds import validation

from _packs import docx_tables, docx_text, flat
from conftest import EXAMPLES
from test_ocds import CHECKER, NOTICE, needs_checker

HOME_CARE = yaml.safe_load((EXAMPLES / "innovation-home-care.yaml").read_text(encoding="utf-8"))
LOT_1 = "1 October 2027 to 30 September 2030"
LOT_2 = "1 April 2028 to 31 March 2030"


def lot(data: dict, number: int) -> dict:
    return data["lots"]["items"][number - 1]


def lot_2_of_its_own(data: dict) -> None:
    """Lot 2 (care technology, a new service) starts six months later, for two years, with no extension. The
    yearly value and the budget for each lot's first term follow from the lots' own terms."""
    lot(data, 2).update(contract_start="2028-04-01", contract_end="2030-03-31", extensions=[])
    data["value"].update(annual_value=1320000, budget_ceiling=3360000)
    data["problem"]["constraints"][0] = "The total budget for each lot's first term is £3,360,000"


def own_lot_1_longer(data: dict) -> None:
    """Lot 1, the lot of outcome O1's worked example of a fee at risk, runs six months longer than the timetable."""
    lot(data, 1).update(contract_end="2031-03-31")


def lot_2_as_the_timetable(data: dict) -> None:
    """Lot 2 gives dates of its own that are the timetable's."""
    t = data["timetable"]
    lot(data, 2).update(contract_start=t["contract_start"], contract_end=t["contract_end"],
                        extensions=list(t["extensions"]))


def write(folder: Path, *changes, name: str = "tender.yaml") -> Path:
    """The home care example, changed by each of ``changes``, written to ``folder``."""
    data = copy.deepcopy(HOME_CARE)
    for change in changes:
        change(data)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def spec_errors(path: Path) -> list[str]:
    with pytest.raises(SpecError) as info:
        read_spec(path)
    return [str(i) for i in info.value.issues]


def findings(path: Path) -> dict[str, list[str]]:
    """code -> the messages of the problems the rules found, each with its field."""
    out: dict[str, list[str]] = {}
    for p in Tender.load(path, Plugins(())).checks().problems:
        out.setdefault(p.code, []).append(str(p))
    return out


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """The pack of the variant whose lot 2 has its own term (Word, the spreadsheet, the calendar, the notice)."""
    folder = tmp_path_factory.mktemp("lot-dates")
    out = folder / "pack"
    build(write(folder, lot_2_of_its_own), out, BuildOptions(formats=("docx",)))
    return out


def read(pack: Path, name: str) -> str:
    return docx_text(pack / f"{name}.docx")


# --------------------------------------------------------------------------- the spec and the rules


def test_the_variant_passes_every_rule(tmp_path):
    """Lot 2's own term is no longer refused: the pack carries it everywhere (rule TP-LOT-DATES finds nothing),
    and the yearly value and budget agree with the lots' own terms."""
    assert findings(write(tmp_path, lot_2_of_its_own)) == {}


def test_a_lots_dates_are_checked_at_the_lots_own_field(tmp_path):
    """An end before the lot's start, a start before the contract can be signed, and extensions over the limit of
    the timetable's (SPEC_MAX_TERM_MONTHS) are errors of the spec, each at the lot's field."""
    def change(data):
        lot(data, 1).update(contract_start="2027-09-05")
        lot(data, 2).update(contract_start="2028-04-01", contract_end="2028-03-01")
    errors = spec_errors(write(tmp_path, change))
    assert any("lots.items[0].contract_start: 2027-09-05 is before contract_signature (timetable.contract_signature, "
               "2027-09-10)" in e for e in errors)
    assert any("lots.items[1].contract_end: 2028-03-01 is before this lot's contract starts "
               "(lots.items[1].contract_start, 2028-04-01)" in e for e in errors)
    errors = spec_errors(write(tmp_path, lambda d: lot(d, 2).update(extensions=[600, 601]), name="long.yaml"))
    assert any("lots.items[1].extensions: the extensions add up to 1,201 months, over the limit of 1,200 months "
               "(SPEC_MAX_TERM_MONTHS)" in e for e in errors)


def test_a_phase_starts_inside_the_contract_of_its_own_lot(tmp_path):
    """The phases are lot 1's: they cannot start before lot 1's own contract does."""
    path = write(tmp_path, lambda d: lot(d, 1).update(contract_start="2027-11-01"))
    assert any("procedure.innovation_phases[0].starts: 2027-10-01 is before the contract for lot 1 starts "
               "(lots.items[0].contract_start, 2027-11-01)" in e for e in spec_errors(path))


def test_a_target_falls_within_the_term_of_each_lot_it_is_for(tmp_path):
    """O4 made lot 2's, with its target on 31 March 2028: before lot 2's contract starts."""
    path = write(tmp_path, lot_2_of_its_own, lambda d: d["outcomes"][3].update(lots=[2]))
    found = findings(path)["TP-DATES-ORDER"]
    assert any("outcomes[3].targets[0].by" in m and "The target for O4 is due on 31 March 2028, before the "
               "contract for lot 2 starts (1 April 2028)." in m for m in found)
    assert "TP-DATES-ORDER" not in findings(write(tmp_path, lot_2_of_its_own))


def test_tenders_stay_valid_until_the_last_lot_is_signed(tmp_path):
    """With no planned signature, each lot's contract is signed when it starts: tenders for lot 2 must stay valid
    until 1 April 2028."""
    def unsigned(data):
        data["timetable"].pop("contract_signature")
        data["timetable"].pop("mobilisation", None)
    found = findings(write(tmp_path, lot_2_of_its_own, unsigned))["TP-VALIDITY"]
    assert any("the contract for lot 2 is taken to be signed when it starts, on 1 April 2028" in m
               and "submission.validity_days" in m for m in found)


def test_what_tp_lot_dates_still_refuses(tmp_path):
    """Only what some document still cannot carry: a framework's lots (and, under an NEC4 form, an access date
    outside a lot's dates: test_an_access_date_outside_a_lots_dates_is_refused)."""
    framework = yaml.safe_load((EXAMPLES / "framework-highways.yaml").read_text(encoding="utf-8"))
    lot(framework, 2).update(contract_end="2029-08-31")
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(framework, sort_keys=False), encoding="utf-8")
    assert any("this tender sets up a framework" in m and "lots.items[1].contract_end" in m
               for m in findings(path)["TP-LOT-DATES"])


def test_every_lot_with_the_same_dates_of_its_own_gives_that_term_in_the_contract(tmp_path):
    """The term clause (core:term) reads the lots' one term, not the timetable's."""
    def both(data):
        for n in (1, 2):
            lot(data, n).update(contract_end="2031-03-31")
    path = write(tmp_path, both, name="both.yaml")
    assert "TP-LOT-DATES" not in findings(path)
    build(path, tmp_path / "pack", BuildOptions(formats=("docx",), cache=False))
    contract = read(tmp_path / "pack", "draft-contract")
    assert "runs until 31 March 2031, unless it ends earlier" in contract
    assert "runs until 30 September 2030" not in contract


def test_a_lot_that_can_be_extended_when_the_timetable_cannot_is_said_so_in_brief(tmp_path):
    """core:term's summary, listed in the contract in brief, says how a lot can be extended."""
    def unextended(data):
        data["timetable"]["extensions"] = []
        lot(data, 1).update(extensions=[12, 12])
    path = write(tmp_path, unextended, name="x.yaml")
    assert "TP-LOT-DATES" not in findings(path)
    build(path, tmp_path / "pack", BuildOptions(formats=("docx",), cache=False))
    brief = read(tmp_path / "pack", "sme/contract-summary")
    assert "when it ends and how we can extend it" in brief
    assert "cannot be extended" not in brief.split("How long the contract lasts")[1].split("\n")[0]
    contract = read(tmp_path / "pack", "draft-contract")
    assert "We may extend this lot's Contract twice, by up to 12 months each time." in contract
    assert "We cannot extend this lot's Contract." in contract


def test_no_longer_refused(tmp_path):
    """A lot that ends on its own day when the timetable has no extension, and the lot of a fee at risk's worked
    example with a term of another length: the documents now carry both (rule TP-LOT-DATES finds nothing)."""
    def own_end(data):
        data["timetable"]["extensions"] = []
        lot(data, 2).update(contract_end="2029-09-30")
    assert "TP-LOT-DATES" not in findings(write(tmp_path, own_end, name="end.yaml"))
    assert "TP-LOT-DATES" not in findings(write(tmp_path, own_lot_1_longer, name="o1.yaml"))


# --------------------------------------------------------------------------- the invitation to tender


def test_the_invitation_gives_each_lot_its_term(pack):
    itt = read(pack, "invitation-to-tender")
    assert (f"Contract | Lot 1: {LOT_1}, with two optional extensions of 12 months each. Lot 2: {LOT_2}, with no "
            "extension") in itt
    assert f"2 | Care technology and remote support | £1,200,000 | 1 | {LOT_2}, with no extension" in itt
    assert f"1 | Reablement and home care | £3,600,000 | Up to 3 | {LOT_1}, with two optional extensions" in itt
    assert f"This lot's contract runs from {LOT_2}, and cannot be extended." in itt
    assert (f"The contract for lot 1 runs from {LOT_1} (3 years). We may extend it twice, by 12 months each "
            f"time.\nThe contract for lot 2 runs from {LOT_2} (2 years). It cannot be extended.") in itt
    assert ("We plan to sign the contracts on Friday 10 September 2027. The service starts on Friday 1 October "
            "2027 for lot 1 and on Saturday 1 April 2028 for lot 2.") in itt
    assert "This covers each lot's whole term, including the optional extensions of lot 1." in itt
    assert ("For the budget, we count only the initial term's share of each price: for lot 1, 36 of the 60 months "
            "its prices cover; for lot 2, all 24 months its prices cover.") in itt
    assert "including both optional extensions." not in itt.split("Lots\n")[0]   # the tender's words are each lot's


def test_the_timetable_has_each_lots_start_and_end(pack):
    rows = next(t for t in docx_tables(pack / "invitation-to-tender.docx") if t[0] == ["Date", "What happens"])
    assert ["Friday 1 October 2027", "Contract for lot 1 starts"] in rows
    assert ["Saturday 1 April 2028", "Contract for lot 2 starts"] in rows
    assert ["Sunday 31 March 2030", "Contract for lot 2 ends (it cannot be extended)"] in rows
    assert ["Monday 30 September 2030", "First term of the contract for lot 1 ends"] in rows
    assert ["Thursday 30 September 2032",
            "Latest end date of the contract for lot 1, if we use both optional extensions"] in rows
    assert not any("lot 2, if we use" in event for _, event in rows)
    days = [r[0] for r in rows[1:]]
    assert days.index("Saturday 1 April 2028") < days.index("Sunday 31 March 2030")   # in date order


def test_the_evaluation_prices_each_lot_over_its_own_term(pack):
    text = read(pack, "evaluation-methodology")
    assert ("80%, 90% and 100% of our estimate for lot 2 over the whole term (£1,200,000)") in text
    assert ("80%, 90% and 100% of our estimate for lot 1 over the whole term, including both optional extensions "
            "(£3,600,000)") in text
    assert "Your price for each lot covers the lot's whole term, including the optional extensions of lot 1." in text
    assert f"Lot 2 | 85312400-3 | {LOT_2}, with no extension" in text


def test_the_outcome_specification_budget_is_for_each_lots_first_term(pack):
    text = read(pack, "outcome-specification")
    assert ("Our budget is £3,360,000 excluding VAT for each lot's first term, to 30 September 2030 for lot 1 and "
            "31 March 2030 for lot 2, before any extension, all the lots together.") in text


# --------------------------------------------------------------------------- the documents for small firms


def test_the_tender_at_a_glance_gives_each_lots_term(pack):
    glance = read(pack, "sme/tender-at-a-glance")
    assert (f"Contract | Lot 1: from {LOT_1}, with options to extend by up to 2 years. Lot 2: from {LOT_2}, with "
            "no option to extend") in glance
    assert "Budget £3,360,000 for all the lots together, for each lot's first term" in glance


def test_the_contract_in_brief_and_how_to_bid_give_each_lots_term(pack):
    summary = read(pack, "sme/contract-summary")
    assert (f"The contracts for lot 1 run from {LOT_1}. We may extend them by up to 2 "
            f"years. The contracts for lot 2 run from {LOT_2}. We cannot extend them.") in summary
    assert ("We plan to sign the contracts on 10 September 2027. The service starts on 1 October 2027 for lot 1 "
            "and on 1 April 2028 for lot 2.") in summary
    howto = read(pack, "sme/how-to-bid")
    assert "The contracts for lot 1 start on 1 October 2027. The contracts for lot 2 start on 1 April 2028." in howto
    assert "over each lot's whole term, including any extensions" in howto


def test_the_calendar_has_each_lots_start(pack):
    cal = icalendar.Calendar.from_ical((pack / "sme" / "important-dates.ics").read_bytes())
    events = {str(e["UID"]).split(".")[0]: e for e in cal.walk("VEVENT")}
    assert "contract-start" not in events
    lot_1, lot_2 = events["contract-start-lot-1"], events["contract-start-lot-2"]
    assert lot_1.decoded("DTSTART") == dt.date(2027, 10, 1) and lot_2.decoded("DTSTART") == dt.date(2028, 4, 1)
    assert str(lot_2["SUMMARY"]) == "DCC-2027-0042: The contracts for lot 2 start"
    assert "The first term ends on 31 March 2030; it cannot be extended." in str(lot_2["DESCRIPTION"])
    assert "The first term ends on 30 September 2030; we may extend it by up to 2 years." in str(lot_1["DESCRIPTION"])


# --------------------------------------------------------------------------- the draft contract


def test_the_draft_contract_gives_each_lot_its_term_in_one_contract_per_lot(pack):
    text = read(pack, "draft-contract")
    assert "Starts | Lot 1: 1 October 2027. Lot 2: 1 April 2028." in text
    assert ("Ends | Lot 1: 30 September 2030, before any extension. Lot 2: 31 March 2030 (it cannot be extended)."
            in text)
    assert "Extensions | Lot 1: Two optional extensions of 12 months each. Lot 2: None." in text
    assert ("Each lot is a separate Contract on these terms. When we sign the Contract, we write the lot it is for "
            "on its signature page.") in text
    assert text.count("This contract is for lot: ________ (we write in the lot when we sign).") == 2   # per authority
    assert ("The Contract runs until the end date for its lot below, unless it ends earlier under clause "
            in text)
    assert ("Lot 1 (Reablement and home care): the Start Date is 1 October 2027, and the end date is 30 September "
            "2030. We may extend this lot's Contract twice, by up to 12 months each time.") in text
    assert ("Lot 2 (Care technology and remote support): the Start Date is 1 April 2028, and the end date is 31 "
            "March 2030. We cannot extend this lot's Contract.") in text
    assert ("If a lot's Contract cannot be extended and we need its Services after it ends, we will run a new "
            "procurement.") in text
    assert "The Contract runs until 30 September 2030" not in text
    assert ("How long it lasts | The term of this contract: for lot 1, from 1 October 2027 to 30 September 2030, and "
            f"any extension; for lot 2, from {LOT_2}. Then until you have returned or deleted the data.") in text
    assert ("Each lot is a separate contract on these terms. If you win more than one lot, you sign a contract for "
            "each.") in text
    assert "over each lot's whole term, for every lot and every authority together" in text


def test_the_start_date_is_defined_by_the_lots_term(pack):
    """When the lots start on different days, the Start Date is the one the term clause gives the Contract's lot."""
    text = read(pack, "draft-contract")
    term = re.search(r"(\d+)How long the contract lasts", text).group(1)
    assert (f"Start Date | the start date for the Contract's lot in clause {term}, or another date we agree in "
            "writing.") in text
    assert "Start Date | 1 October 2027" not in text


def test_the_exit_clause_gives_each_lots_last_day(pack):
    """Lot 2 cannot be extended: its Services cannot be asked for after its own end; lot 1's after its last
    extension."""
    text = read(pack, "draft-contract")
    term = re.search(r"(\d+)How long the contract lasts", text).group(1)
    assert ("If the Contract ends before the last day for its lot below, you must keep providing the Services for up to "
            "three months after it ends, at the same Charges, if we ask. We never ask for them after that day:\n"
            f"Lot 1 (Reablement and home care): the last day of this lot's Contract if we use every extension under "
            f"clause {term}.\n"
            f"Lot 2 (Care technology and remote support): 31 March 2030, the end date for this lot in clause "
            f"{term}.") in text


def test_the_exit_clause_with_no_extension_gives_each_lots_end(tmp_path):
    """The timetable has no extension and lot 2 ends a year early: the exit clause names each lot's end, not the
    timetable's for every lot."""
    def own_end(data):
        data["timetable"]["extensions"] = []
        lot(data, 2).update(contract_end="2029-09-30")
    out = tmp_path / "pack"
    build(write(tmp_path, own_end), out, BuildOptions(formats=("docx",), only=("draft-contract",)))
    text = read(out, "draft-contract")
    term = re.search(r"(\d+)How long the contract lasts", text).group(1)
    assert (f"Lot 1 (Reablement and home care): 30 September 2030, the end date for this lot in clause {term}.\n"
            f"Lot 2 (Care technology and remote support): 30 September 2029, the end date for this lot in clause "
            f"{term}.") in text
    assert "We never ask for them after 30 September 2030" not in text


def test_the_fee_at_risk_example_spreads_the_lots_value_over_its_own_term(tmp_path):
    """Lot 1 runs 42 months and may be extended by 24: the worked example spreads lot 1's value over those 66
    months (£3,600,000 × 60% ÷ 3 suppliers ÷ 66 × 3 months = £32,727 a quarter), not the timetable's 60."""
    out = tmp_path / "pack"
    build(write(tmp_path, own_lot_1_longer), out,
          BuildOptions(formats=("docx",), only=("draft-contract", "outcome-specification")))
    for name in ("draft-contract", "outcome-specification"):
        text = read(out, name)
        assert ("split equally between the 3 suppliers of lot 1. We spread it evenly over the 66 months of the "
                "lot's whole term.") in text
        assert "The at-risk share is £32,727 × 10% = £3,272.70." in text
        assert "60 months" not in text


def test_the_term_clause_is_a_list_in_word_and_the_same_in_pdf(tmp_path):
    """The lots' terms are a bulleted list in Word; the PDF, drawn from the same tree, says the same."""
    import docx

    out = tmp_path / "pack"
    build(write(tmp_path, lot_2_of_its_own), out, BuildOptions(formats=("docx", "pdf"), only=("draft-contract",)))
    styles = {p.text[:6]: p.style.name for p in docx.Document(str(out / "draft-contract.docx")).paragraphs
              if p.text.startswith(("Lot 1 (", "Lot 2 ("))}
    assert styles == {"Lot 1 ": "List Bullet", "Lot 2 ": "List Bullet"}
    pdf = subprocess.run(["pdftotext", "-layout", str(out / "draft-contract.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "the Start Date is 1 April 2028, and the end date is 31 March 2030. We cannot extend this lot's" \
           in flat(pdf)


# --------------------------------------------------------------------------- the notice


def test_the_notice_gives_each_lot_its_contract_period(pack):
    package = json.loads((pack / NOTICE).read_text(encoding="utf-8"))
    assert validation.errors(package) == []
    tender = package["releases"][0]["tender"]
    one, two = tender["lots"]
    assert two["contractPeriod"] == {"startDate": "2028-04-01T00:00:00+01:00", "endDate": "2030-03-31T23:59:59+01:00",
                                     "durationInMonths": 24}
    assert "renewal" not in two and "hasRenewal" not in two
    assert one["contractPeriod"]["maxExtentDate"] == "2032-09-30T23:59:59+01:00"
    assert one["renewal"]["maximumRenewals"] == 2
    # The tender's period spans every lot's: the first start to the last end.
    assert tender["contractPeriod"]["startDate"].startswith("2027-10-01")
    assert tender["contractPeriod"]["maxExtentDate"].startswith("2032-09-30")


@needs_checker
def test_the_notice_passes_the_uk_profile_checker(pack, tmp_path):
    run = subprocess.run([sys.executable, str(CHECKER), "--out", str(tmp_path / "profile.json"), str(pack / NOTICE)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 schema error(s)" in run.stdout and "result: valid" in run.stdout


# --------------------------------------------------------------------------- yearly prices


def test_yearly_prices_follow_each_lots_own_years(tmp_path):
    """Without pricing items, each lot's sheet and price form table asks for its own contract's years."""
    def yearly(data):
        data.pop("pricing")
    out = tmp_path / "pack"
    build(write(tmp_path, lot_2_of_its_own, yearly), out,
          BuildOptions(formats=("docx",), only=("price-form", "pricing-schedule")))
    book = openpyxl.load_workbook(out / "pricing-schedule.xlsx")
    cells = {name: [str(c) for row in book[name].iter_rows(values_only=True) for c in row if c is not None]
             for name in ("Lot 1", "Lot 2")}
    lot_2 = " | ".join(cells["Lot 2"])
    assert "Year 1: 1 April 2028 to 31 March 2029" in lot_2 and "Year 2: 1 April 2029 to 31 March 2030" in lot_2
    assert "Extension" not in lot_2 and "The total covers the whole term" in lot_2
    lot_1 = " | ".join(cells["Lot 1"])
    assert "Year 1: 1 October 2027 to 30 September 2028" in lot_1
    assert "Extension 2: 1 October 2031 to 30 September 2032, if we use it" in lot_1
    form = read(out, "sme/price-form")
    assert "Year 2: 1 April 2029 to 31 March 2030" in form and "Year 3: 1 April" not in form


# --------------------------------------------------------------------------- the same term, said once


def _every_file(pack: Path) -> dict[str, str]:
    """What every document of the pack says: the text of each .docx, the cells of the spreadsheet, the calendar,
    and the notice without the files' sizes and hashes."""
    out = {str(p.relative_to(pack)): docx_text(p) for p in sorted(pack.rglob("*.docx"))}
    book = openpyxl.load_workbook(pack / "pricing-schedule.xlsx")
    out["pricing-schedule.xlsx"] = repr([[list(r) for r in ws.iter_rows(values_only=True)] for ws in book])
    out["important-dates.ics"] = (pack / "sme" / "important-dates.ics").read_text(encoding="utf-8")
    notice = json.loads((pack / NOTICE).read_text(encoding="utf-8"))
    for release in notice["releases"]:
        release["tender"].pop("documents", None)
    out[NOTICE] = json.dumps(notice, sort_keys=True)
    return out


def test_lot_dates_equal_to_the_timetables_read_exactly_like_none(tmp_path):
    """A lot that gives the timetable's own dates changes no word of the pack."""
    plain, same = tmp_path / "plain", tmp_path / "same"
    build(write(tmp_path, name="plain.yaml"), plain, BuildOptions(formats=("docx",)))
    build(write(tmp_path, lot_2_as_the_timetable, name="same.yaml"), same, BuildOptions(formats=("docx",)))
    assert _every_file(same) == _every_file(plain)


# --------------------------------------------------------------------------- works under an NEC4 form, lot by lot
# examples/works-nec4-footbridge.yaml in two lots: lot 1 the bridge, on the timetable's dates (10 January to
# 30 November 2028); lot 2 the approach paths, from 2 May to 15 December 2028. Each lot is a contract of its own on
# the NEC4 form, so the Contract Data part one gives each lot's starting and completion dates.

FOOTBRIDGE = yaml.safe_load((EXAMPLES / "works-nec4-footbridge.yaml").read_text(encoding="utf-8"))


def footbridge_in_lots(data: dict) -> None:
    """Two lots, lot 2 on dates of its own. The access date (17 January 2028, the whole of the site) is before
    lot 2 starts: it is left out here (test_an_access_date_outside_a_lots_dates_is_refused)."""
    data["lots"] = {"items": [
        {"number": 1, "title": "The bridge", "value": 3800000,
         "description": "Take down the old bridge and build the new one on new abutments."},
        {"number": 2, "title": "The approach paths", "value": 800000,
         "description": "The paths that lead to the bridge.",
         "contract_start": "2028-05-02", "contract_end": "2028-12-15"}]}
    data["contract"].get("data", {}).pop("access_dates", None)


def write_works(folder: Path, *changes, name: str = "works.yaml") -> Path:
    data = copy.deepcopy(FOOTBRIDGE)
    for change in changes:
        change(data)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def works_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("works-lot-dates")
    out = folder / "pack"
    build(write_works(folder, footbridge_in_lots), out, BuildOptions(formats=("docx",)))
    return out


def test_works_lots_with_their_own_dates_pass_every_rule(tmp_path):
    """TP-LOT-DATES no longer refuses a lot's own dates under an NEC4 or JCT form: the contract data carries them."""
    assert findings(write_works(tmp_path, footbridge_in_lots)) == {}


def test_an_access_date_outside_a_lots_dates_is_refused(tmp_path):
    """The Contract Data gives every lot the same access dates: one before lot 2 starts is refused, at the date."""
    def keep_access(data):
        data["contract"]["data"]["access_dates"] = copy.deepcopy(FOOTBRIDGE["contract"]["data"]["access_dates"])
    found = findings(write_works(tmp_path, footbridge_in_lots, keep_access))["TP-LOT-DATES"]
    assert len(found) == 1
    assert ("contract.data.access_dates[0].date" in found[0] and "The access date for “The whole of the site” "
            "(17 January 2028) is before the contract for lot 2 starts (2 May 2028, lots.items[1].contract_start)"
            in found[0] and "Contract Data part one gives every lot's contract the same access dates" in found[0])


def test_a_lots_own_extensions_are_warned_of_under_a_works_form(tmp_path):
    """NEC4 and JCT have no option to extend: TP-CONTRACT-EXTENSIONS finds a lot's own extensions, at the lot."""
    found = findings(write_works(tmp_path, footbridge_in_lots,
                                 lambda d: lot(d, 2).update(extensions=[6])))["TP-CONTRACT-EXTENSIONS"]
    assert len(found) == 1
    assert "lots.items[1].extensions" in found[0] and "the contract for lot 2" in found[0]
    # timetable extensions that every lot sets aside ([]) extend no contract: nothing to warn of
    def aside(data):
        data["timetable"]["extensions"] = [12]
        for n in (1, 2):
            lot(data, n)["extensions"] = []
    assert "TP-CONTRACT-EXTENSIONS" not in findings(write_works(tmp_path, footbridge_in_lots, aside, name="x.yaml"))


def test_the_contract_data_gives_each_lot_its_starting_and_completion_date(works_pack):
    rows = next(t for t in docx_tables(works_pack / "contract-data.docx") if t[0] == ["Entry", "Our data"])
    assert ["The works", "Lot 1: The bridge. Lot 2: The approach paths."] in rows
    assert ["The starting date", "Lot 1: 10 January 2028. Lot 2: 2 May 2028."] in rows
    assert ["Completion date for the whole of the works", "Lot 1: 30 November 2028. Lot 2: 15 December 2028."] in rows
    assert not any(row[0] == "Access dates" for row in rows)
    text = read(works_pack, "contract-data")
    assert ("Each lot is a contract of its own, on these terms. Where an entry names the lots, the contract for a lot "
            "takes the entry for its lot.") in text


def test_the_contract_in_brief_gives_each_lots_completion_date(works_pack):
    summary = read(works_pack, "sme/contract-summary")
    assert "The work of lot 1 must be complete by 30 November 2028 (its completion date)." in summary
    assert "The work of lot 2 must be complete by 15 December 2028 (its completion date)." in summary
    assert "The whole of the work must be complete" not in summary
    assert ("The contract for lot 1 runs from 10 January 2028 to 30 November 2028. We cannot extend it. The contract "
            "for lot 2 runs from 2 May 2028 to 15 December 2028. We cannot extend it.") in summary


def test_the_invitation_gives_each_lots_completion_date(works_pack):
    rows = next(t for t in docx_tables(works_pack / "invitation-to-tender.docx") if t[0] == ["Date", "What happens"])
    assert ["Tuesday 2 May 2028", "Contract for lot 2 starts"] in rows
    assert ["Thursday 30 November 2028",
            "Completion date of the contract for lot 1: the works must be complete"] in rows
    assert ["Friday 15 December 2028", "Completion date of the contract for lot 2: the works must be complete"] in rows
    assert not any("extension" in event for _, event in rows)
    itt = read(works_pack, "invitation-to-tender")
    assert "The contract for lot 2 runs from 2 May 2028 to 15 December 2028. It cannot be extended." in itt


def test_the_works_notice_gives_each_lot_its_contract_period(works_pack):
    package = json.loads((works_pack / NOTICE).read_text(encoding="utf-8"))
    assert validation.errors(package) == []
    tender = package["releases"][0]["tender"]
    one, two = tender["lots"]
    assert one["contractPeriod"]["startDate"].startswith("2028-01-10")
    assert one["contractPeriod"]["endDate"].startswith("2028-11-30")
    assert two["contractPeriod"] == {"startDate": "2028-05-02T00:00:00+01:00", "endDate": "2028-12-15T23:59:59+00:00",
                                     "durationInMonths": 7}
    assert "renewal" not in one and "renewal" not in two
    assert tender["contractPeriod"]["endDate"].startswith("2028-12-15")


def test_works_lots_on_one_term_of_their_own_give_one_date(tmp_path):
    """Both lots on the same dates of their own: the contract data says each date once."""
    def both(data):
        for n in (1, 2):
            lot(data, n).update(contract_start="2028-02-01", contract_end="2028-12-15")
    out = tmp_path / "pack"
    build(write_works(tmp_path, footbridge_in_lots, both), out,
          BuildOptions(formats=("docx",), only=("contract-data",)))
    rows = next(t for t in docx_tables(out / "contract-data.docx") if t[0] == ["Entry", "Our data"])
    assert ["The starting date", "1 February 2028"] in rows
    assert ["Completion date for the whole of the works", "15 December 2028"] in rows


def test_jct_contract_particulars_give_each_lots_possession_and_completion_date(tmp_path):
    """Under a JCT form (the footbridge on the JCT Design and Build Contract), the Contract Particulars say it too."""
    from test_works import jct

    def jct_lots(data):
        jct(data)
        footbridge_in_lots(data)
    path = write_works(tmp_path, jct_lots)
    assert "TP-LOT-DATES" not in findings(path)
    out = tmp_path / "pack"
    build(path, out, BuildOptions(formats=("docx",), only=("contract-data", "contract-summary")))
    rows = next(t for t in docx_tables(out / "contract-data.docx") if t[0] == ["Entry", "Our data"])
    assert ["Date of Possession of the site", "Lot 1: 10 January 2028. Lot 2: 2 May 2028."] in rows
    assert ["Date for Completion", "Lot 1: 30 November 2028. Lot 2: 15 December 2028."] in rows
    assert "The work of lot 2 must be complete by 15 December 2028" in read(out, "sme/contract-summary")
