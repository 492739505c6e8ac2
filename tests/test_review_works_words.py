"""A works pack says what its form says: a lawyer's read of the footbridge pack (NEC4, Option A).

Under an NEC4 or JCT works form a bidder prices the whole of the works (the total of the activity schedule, or
the Contract Sum), not each year; the contract has a completion date and a defects period, not a term; we pay
what the form says is due (the Project Manager's certificate after each assessment date), not on invoices; and
Contract Data part two is a form in the bidder's own copy of NEC4. Each test builds a pack and reads the
generated files back (python-docx, openpyxl); a JCT variant and a services pack check the other forms' words
and that packs without a works form keep theirs.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from _packs import built, docx_text
from conftest import EXAMPLES

from tenderpack.build import BuildOptions, build

FOOTBRIDGE = "works-nec4-footbridge.yaml"
ASK = ("Give the total of the Prices in your activity schedule, in pounds, excluding VAT. "
       "It must match the activity schedule you send.")


def _texts(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): docx_text(p) for p in folder.rglob("*.docx")}


def _sheet_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(" | ".join(str(c) for c in row if c is not None)
                     for ws in wb for row in ws.iter_rows(values_only=True))


@pytest.fixture(scope="module")
def footbridge() -> tuple[dict[str, str], str]:
    out = built(FOOTBRIDGE, ("docx",))
    return _texts(out), _sheet_text(out / "pricing-schedule.xlsx")


@pytest.fixture(scope="module")
def jct(tmp_path_factory) -> tuple[dict[str, str], str]:
    """The footbridge under the JCT Minor Works Building Contract, with a 12-month Rectification Period."""
    data = yaml.safe_load((EXAMPLES / FOOTBRIDGE).read_text(encoding="utf-8"))
    data["contract"] = {"form": "jct_mw", "edition": "2024", "amendments": data["contract"]["amendments"],
                        "data": {"rectification_months": 12,
                                 "contract_administrator": {"name": "Principal Engineer (Bridges)"}}}
    data["commercial"]["contract_form"] = "works contract for a new footbridge"
    data["submission"]["documents"] = ["Answers to questions Q1, Q2 and Q3", "Price form", "Form of tender, signed"]
    folder = tmp_path_factory.mktemp("jct")
    spec = folder / "footbridge-jct.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    build(spec, folder / "pack", BuildOptions(formats=("docx",)))
    return _texts(folder / "pack"), _sheet_text(folder / "pack" / "pricing-schedule.xlsx")


# --------------------------------------------------------------------------- 1. the price follows the form


def test_price_form_spreadsheet_and_how_to_bid_ask_for_the_activity_schedule_total(footbridge):
    docs, sheet = footbridge
    form, howto = docs["sme/price-form.docx"], docs["sme/how-to-bid.docx"]
    assert f"{ASK} We score this total." in form
    assert "The total of the Prices in your activity schedule | the whole of the works | 1" in form
    assert f"{ASK} We score this total." in sheet
    assert "The total of the Prices in your activity schedule | the whole of the works | 1" in sheet
    assert f"Both ask for the same price. {ASK}" in howto
    for said in (form, sheet, howto):
        assert "each year" not in said and "each period" not in said and "Year 1" not in said
        assert "whole-life" not in said


def test_a_jct_form_asks_for_the_contract_sum(jct):
    docs, sheet = jct
    ask = "Give your Contract Sum, the price for the whole of the works, in pounds, excluding VAT."
    assert ask in docs["sme/price-form.docx"] and ask in sheet and ask in docs["sme/how-to-bid.docx"]
    assert "each year" not in docs["sme/price-form.docx"]


def test_a_pack_without_a_works_form_still_prices_each_year():
    out = built("small-open-grounds.yaml", ("docx",))
    form, sheet = docx_text(out / "sme" / "price-form.docx"), _sheet_text(out / "pricing-schedule.xlsx")
    assert "Give your price for each year of the contract, and each extension year" in form
    assert "Give one price for each year." in sheet
    assert "activity schedule" not in form + sheet and "Contract Sum" not in form + sheet


# --------------------------------------------------------------------------- 3. a completion date, not a term


def test_the_works_have_a_completion_date_and_a_defects_period(footbridge):
    docs, _ = footbridge
    dates = ("The contract starts on 10 January 2028. The works must be complete by 30 November 2028. "
             "You then put right defects until the defects date, 52 weeks after Completion.")
    assert dates.replace(". ", ".\n") in docs["invitation-to-tender.docx"]
    assert dates in docs["sme/contract-summary.docx"]
    assert ("Contract | One contract, on the NEC4 Engineering and Construction Contract. Starts 10 January 2028; "
            "the works must be complete by 30 November 2028") in docs["sme/tender-at-a-glance.docx"]
    for name in ("invitation-to-tender.docx", "sme/contract-summary.docx", "sme/tender-at-a-glance.docx",
                 "sme/how-to-bid.docx"):
        assert "runs from" not in docs[name] and "whole term" not in docs[name], name
    itt = docs["invitation-to-tender.docx"]
    assert "Your total price covers the whole of the works." in itt
    assert "Our budget is £4,800,000 excluding VAT. It covers the whole of the works." in itt
    assert "About £4,600,000 for the whole of the works." in docs["sme/tender-at-a-glance.docx"]


def test_a_jct_form_names_its_rectification_period(jct):
    docs, _ = jct
    said = "You then put right defects that appear in the Rectification Period, 12 months from practical completion."
    assert said in docs["invitation-to-tender.docx"] and said in docs["sme/contract-summary.docx"]


# --------------------------------------------------------------------------- 4. paid on the form's terms


def test_nec4_pays_what_the_project_manager_certifies(footbridge):
    docs, _ = footbridge
    pay = "We pay the amount the Project Manager certifies within 30 days of each assessment date."
    itt = docs["invitation-to-tender.docx"]
    assert pay in itt
    assert "Section 68 of the Procurement Act 2023 makes a 30-day payment term part of the contract." in itt
    assert "Payment | Within 30 days of each assessment date" in itt
    assert pay in docs["sme/contract-summary.docx"]
    assert f"If you win, {pay[:1].lower()}{pay[1:]}" in docs["sme/how-to-bid.docx"]
    assert f"Payment | {pay.removesuffix('.')}" in docs["sme/tender-at-a-glance.docx"]
    assert "Valid invoice | An invoice that has everything the contract asks for. We pay you as the payment terms " \
           "of the contract say." in docs["sme/glossary.docx"]
    for name in ("invitation-to-tender.docx", "sme/contract-summary.docx", "sme/how-to-bid.docx",
                 "sme/tender-at-a-glance.docx", "sme/glossary.docx"):
        assert "every valid invoice" not in docs[name] and "We pay it within" not in docs[name], name


def test_jct_pays_each_amount_due(jct):
    docs, _ = jct
    assert "We pay each amount due under the contract within 30 days of its due date." in \
        docs["invitation-to-tender.docx"]


# --------------------------------------------------------------------------- 17 and 24


def test_contract_data_part_two_says_where_the_form_is(footbridge):
    docs, _ = footbridge
    item = ("Contract Data part two, filled in (the form is in your copy of the NEC4 Engineering and Construction "
            "Contract)")
    assert f"\n{item}\n" in docs["invitation-to-tender.docx"]
    assert f"4. {item};" in docs["sme/how-to-bid.docx"]
    assert f"4. {item};" in docs["sme/tender-at-a-glance.docx"]


def test_the_itt_does_not_name_the_contract_twice(footbridge, jct):
    assert "It is a works contract for a new footbridge" not in footbridge[0]["invitation-to-tender.docx"]
    assert "It is a works contract for a new footbridge" not in jct[0]["invitation-to-tender.docx"]
    assert "The contract is the NEC4 Engineering and Construction Contract (June 2017 with amendments January " \
           "2023)." in footbridge[0]["invitation-to-tender.docx"]


def test_the_evaluation_methodology_prices_the_whole_of_the_works(footbridge):
    """A works form has a completion date, not a term: the price and the budget cover the whole of the works."""
    texts, _ = footbridge
    method = texts["evaluation-methodology.docx"]
    assert "Your total price covers the whole of the works." in method
    assert "Our budget is £4,800,000 excluding VAT. It covers the whole of the works." in method
    assert "whole term" not in method
