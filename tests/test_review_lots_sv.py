"""A lawyer's read of the packs (findings 8, 9, 14, 15, 16): lots with their own dates.

Each lot is a contract of its own. The pack is built from examples/innovation-home-care.yaml with lot 2 given its own
term (1 April 2028 to 31 March 2030, no extension) and read back with python-docx: the draft contract must not speak
of a contract that holds several lots; the hand-over run-on must not contradict the last day a lot's contract can
run to; the budget must read as one budget for all the lots; a lot that cannot be extended has no "first term"; and
one yearly value is not given when the lots' terms differ.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from tenderpack.build import BuildOptions, build

from _packs import built, docx_text
from conftest import EXAMPLES

HOME_CARE = yaml.safe_load((EXAMPLES / "innovation-home-care.yaml").read_text(encoding="utf-8"))


def _write(folder: Path, data: dict) -> Path:
    path = folder / "tender.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lots_pack(tmp_path_factory) -> Path:
    """Home care, lot 2 with a term of its own and no extension."""
    data = copy.deepcopy(HOME_CARE)
    data["lots"]["items"][1].update(contract_start="2028-04-01", contract_end="2030-03-31", extensions=[])
    folder = tmp_path_factory.mktemp("review-lots")
    build(_write(folder, data), folder / "pack", BuildOptions(formats=("docx",)))
    return folder / "pack"


def read(pack: Path, name: str) -> str:
    return docx_text(pack / f"{name}.docx")


# --------------------------------------------------------------------------- 8: each lot is a contract of its own


def test_the_draft_contract_never_holds_several_lots(lots_pack):
    contract = read(lots_pack, "draft-contract")
    assert "Each lot is a separate Contract on these terms." in contract
    assert "If this Contract is for lot 1, you must work with us to achieve outcomes O1, O2, O3 and O4" in contract
    assert "that apply to the lot this Contract is for." in contract
    assert ("If we decide at a Go/No-Go Decision not to go on, a Contract for lot 1 ends when that Phase ends. "
            "A Contract for another lot is not affected.") in contract
    for wrong in ("includes lot", "lots in your Contract", "Any other lot in your Contract", "the part of the Contract"):
        assert wrong not in contract


def test_the_example_itself_speaks_of_one_lot_a_contract():
    """The example as published (every lot the same term) says the same: no contract holds several lots."""
    contract = docx_text(built("innovation-home-care.yaml", ("docx",)) / "draft-contract.docx")
    assert "If this Contract is for lot 1, you must" in contract
    assert "a Contract for lot 1 ends when that Phase ends. A Contract for another lot is not affected." in contract
    assert "includes lot" not in contract and "Any other lot" not in contract


# --------------------------------------------------------------------------- 9: the hand-over run-on


def test_the_run_on_after_the_end_never_passes_a_lots_last_day(lots_pack):
    contract = read(lots_pack, "draft-contract")
    assert ("If the Contract ends before the last day for its lot below, you must keep providing the Services for up "
            "to three months after it ends, at the same Charges, if we ask. We never ask for them after that day:"
            ) in contract
    assert "Lot 2 (Care technology and remote support): 31 March 2030, the end date for this lot in clause" in contract
    assert "Lot 1 (Reablement and home care): the last day of this lot's Contract if we use every extension" in contract
    # The old bullet promised a run-on "after the end" even when the contract runs to its last possible day.
    assert "for up to three months after the end," not in contract
    assert "We must not ask for the Services" not in contract


def test_the_run_on_of_a_contract_with_one_term(lots_pack):
    contract = docx_text(built("innovation-home-care.yaml", ("docx",)) / "draft-contract.docx")
    assert ("If the Contract ends before the latest date to which we could extend it under clause") in contract
    assert "you must keep providing the Services for up to three months after it ends, at the same Charges" in contract
    assert "We never ask for them after that date." in contract


# --------------------------------------------------------------------------- 14: one budget for all the lots


def test_the_budget_is_for_all_the_lots_together(lots_pack):
    itt = read(lots_pack, "invitation-to-tender")
    assert ("Our budget for all the lots together is £2,880,000 excluding VAT. It covers each lot's initial term, "
            "before any extension: 1 October 2027 to 30 September 2030 for lot 1 and 1 April 2028 to 31 March 2030 "
            "for lot 2.") in itt
    assert "Our budget is £2,880,000" not in itt
    glance = read(lots_pack, "sme/tender-at-a-glance")
    assert "Budget £2,880,000 for all the lots together, for each lot's first term:" in glance
    howto = read(lots_pack, "sme/how-to-bid")
    assert "Our budget for all the lots together is £2,880,000 excluding VAT, for each lot's first term" in howto


# --------------------------------------------------------------------------- 15: a lot that cannot be extended


def test_a_lot_that_cannot_be_extended_has_no_first_term(lots_pack):
    itt = read(lots_pack, "invitation-to-tender")
    assert "Sunday 31 March 2030 | Contract for lot 2 ends (it cannot be extended)" in itt
    assert "First term of the contract for lot 1 ends" in itt
    assert "First term of the contract for lot 2" not in itt
    contract = read(lots_pack, "draft-contract")
    assert ("Ends | Lot 1: 30 September 2030, before any extension. Lot 2: 31 March 2030 (it cannot be extended)."
            ) in contract
    assert "First term ends" not in contract


# --------------------------------------------------------------------------- 16: one yearly value


def test_no_single_yearly_value_when_the_lots_terms_differ(lots_pack):
    assert "That is about £960,000 a year." not in read(lots_pack, "invitation-to-tender")
    itt = docx_text(built("innovation-home-care.yaml", ("docx",)) / "invitation-to-tender.docx")
    assert "That is about £960,000 a year." in itt


# --------------------------------------------------------------------------- 10, 11, 13, 23: social value under NEC4

FOOTBRIDGE = yaml.safe_load((EXAMPLES / "works-nec4-footbridge.yaml").read_text(encoding="utf-8"))


def footbridge_with_social_value(end: str | None = None) -> dict:
    """The footbridge (NEC4 ECC with Option X20, 11 months) with social value at 10%, taken from quality (Q1), and
    the model's criteria 1a (jobs) and 4a (a plan to cut emissions)."""
    data = copy.deepcopy(FOOTBRIDGE)
    data["award"]["criteria"][0]["weight"] -= 10
    data["award"]["criteria"].append({"id": "SV1", "name": "Social value", "type": "social_value", "weight": 10})
    data["social_value"] = {"weighting": 10, "reporting": "quarterly",
                            "outcomes": [{"id": "1a", "commitment_hint": "Apprenticeships for local young people."},
                                         {"id": "4a", "commitment_hint": "Lower-carbon concrete."}]}
    if end:
        data["timetable"]["contract_end"] = end
    return data


@pytest.fixture(scope="module")
def sv_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review-sv")
    build(_write(folder, footbridge_with_social_value()), folder / "pack", BuildOptions(formats=("docx",)))
    return folder / "pack"


def test_under_nec4_the_commitments_are_not_called_kpis(sv_pack):
    """Z4 says the commitments are not Option X20's Key Performance Indicators: no document calls them KPIs."""
    for name in ("social-value", "evaluation-methodology"):
        body = read(sv_pack, name)
        assert "From signature, each social value commitment is part of the contract, with its measure and target." in body
        assert "performance indicator (KPI)" not in body
    schedule = read(sv_pack, "social-value-schedule")
    assert "From signature, each commitment is part of the contract, with its measure and target." in schedule
    assert "performance indicator (KPI)" not in schedule
    # Section 71 covers the section 52 KPIs: those of the form's data, not the commitments.
    assert ("This contract is worth more than £5,000,000 including VAT. We publish how you perform against the Key "
            "Performance Indicators in “Contract Data part one and Z clauses” at least every 12 months, as section 71 "
            "of the Procurement Act 2023 requires.") in schedule
    assert "against its KPIs" not in schedule


def test_a_short_works_contract_has_an_estimated_emissions_baseline(sv_pack):
    body = read(sv_pack, "social-value")
    assert ("A dated plan to cut the contract's greenhouse gas emissions from a baseline you estimate in your answer: "
            "the emissions of the work done in the usual way") in body
    assert "first year of the contract" not in body


def test_a_contract_of_two_years_or_more_keeps_the_first_year_baseline(tmp_path):
    build(_write(tmp_path, footbridge_with_social_value(end="2030-01-09")), tmp_path / "pack",
          BuildOptions(formats=("docx",)))
    body = read(tmp_path / "pack", "social-value")
    assert "from the level in the first year of the contract (the baseline)" in body
    assert "a baseline you estimate" not in body


def test_the_contract_summary_says_the_commitments_become_part_of_the_contract(sv_pack):
    summary = read(sv_pack, "sme/contract-summary")
    assert ("Your social value commitments become part of the contract (Z4). You report on them to the Project "
            "Manager every quarter, with evidence.") in summary
    # Without social value, no such sentence.
    plain = docx_text(built("works-nec4-footbridge.yaml", ("docx",)) / "sme" / "contract-summary.docx")
    assert "social value" not in plain.lower()


def test_the_response_form_says_what_to_send(sv_pack):
    form = read(sv_pack, "sme/response-form")
    assert ("Send these answers and your social value answer through Lunnford e-Tendering by 12 noon on Monday 11 "
            "October 2027.") in form
    assert "SV1: Social value (no more than 3,000 characters)" in form   # the answer it speaks of
    assert "This includes the social value question" not in form
