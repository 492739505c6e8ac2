"""Works contracts, the loose ends (issue 14): social value and frameworks under an NEC4 or JCT form, the call-off
price cap, the glossary's pricing and contract words, a works contract's completion date, and the clause list.

Each feature is built into a pack from an example with one part changed, and read back from its Word files (one PDF
too), its notice or the command's output:

- the footbridge (examples/works-nec4-footbridge.yaml, NEC4 with Option X20) with a social value part: the pack adds
  Z4, which makes the "Social value schedule" part of the contract, and no document speaks of Schedule 4 or of the
  draft contract's KPI clause; the same under NEC4 without X20 (Z4 KPIs, Z5 social value) and under JCT (Amendment
  3 KPIs, Amendment 4 social value); an attached Short Form Contract takes the commitments in its order form, and
  the pack carries no schedule of its own;
- the highways framework (examples/framework-highways.yaml) with call-offs under the NEC4 Engineering and
  Construction Contract, and under the Term Service Contract: every document names the form and "Contract Data
  part one and Z clauses" where it named the call-off contract template, and each call-off's Client, work and
  dates are filled in at the call-off;
- pricing.call_off_ceiling in the framework agreement and the call-off procedure, and nothing when false;
- the glossary's new words, each listed when the pack uses it and only then;
- the timetable's last row for a works form (completion), a term service contract and everything else;
- tenderpack clauses list --spec and show --spec for a spec whose contract is another form.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tenderpack.build import BuildOptions, build
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack.tender import Tender

from _packs import docx_tables, docx_text, flat, pdf_text

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


FOOTBRIDGE = _load(EXAMPLES / "works-nec4-footbridge.yaml")
HIGHWAYS = _load(EXAMPLES / "framework-highways.yaml")
GROUNDS = _load(EXAMPLES / "small-open-grounds.yaml")
HOME_CARE = EXAMPLES / "innovation-home-care.yaml"
MINIMAL = _load(HERE / "fixtures" / "minimal.yaml")
MINIMAL["commercial"]["contract_form"] = "window cleaning contract"   # names no model contract (TP-MODEL-CONTRACT)
GLOSSARY = _load(HERE.parent / "plugins" / "tenderpack_sme" / "glossary.yaml")

NEC4_ECC = "NEC4 Engineering and Construction Contract"
EDITION = "June 2017 with amendments January 2023"
DATA = "Contract Data part one and Z clauses"
# What no document may say when the pack does not carry tenderpack's own contract.
OWN_CONTRACT_WORDS = ("schedule 4", "draft contract", "kpis and reviewing performance", "call-off contract (template)")


# --------------------------------------------------------------------------- variants


def social_value(d):
    """A social value part, scored at 10% (taken from price), with one award criterion of the model."""
    d["award"]["criteria"][-1]["weight"] -= 10
    d["award"]["criteria"].append({"id": "SV1", "name": "Social value", "type": "social_value", "weight": 10})
    d["social_value"] = {"weighting": 10, "reporting": "quarterly",
                         "outcomes": [{"id": "1a", "commitment_hint": "Apprenticeships for local young people."}]}


def without_x20(d):
    """The footbridge without Option X20: its KPIs are made part of the contract by a Z clause the pack adds."""
    social_value(d)
    d["contract"]["secondary_options"] = ["X2", "X7", "X16", "Y(UK)2"]


def jct(d):
    """The footbridge under the JCT Design and Build Contract, with social value: two amendments of the buyer's."""
    social_value(d)
    d["commercial"]["contract_form"] = "works contract under the JCT Design and Build Contract"
    d["contract"] = {
        "form": "jct_db", "edition": "2024 Edition",
        "data": {"employers_agent": {"name": "Rachel Bell", "organisation": "Bell Cost Consultants LLP"},
                 "rectification_months": 12, "delay_damages": 15000, "delay_damages_per": "week",
                 "retention_percent": 3},
        "amendments": FOOTBRIDGE["contract"]["amendments"][:2]}


SHORT_FORM_FILES = {"files/short-form-contract.txt": "The Short Form Contract (test copy)\n",
                    "files/order-form.txt": "Order form (test copy)\n"}


def short_form(d):
    """The grounds example (with its social value part) on the Short Form Contract, attached with its order form."""
    d["commercial"]["contract_form"] = "grounds maintenance services under the Short Form Contract"
    d["contract"] = {"form": "short_form", "edition": "Version 1.3", "attachment": "Short Form Contract",
                     "order_form": "Order form"}
    d["attachments"] = [
        {"title": "Short Form Contract", "file": "files/short-form-contract.txt", "kind": "model-contract"},
        {"title": "Order form", "file": "files/order-form.txt"}]


def highways_ecc(d):
    """The highways framework, each call-off under the NEC4 ECC, Option B, with one Z clause of the buyer's."""
    d["contract"] = {"form": "nec4_ecc", "edition": EDITION, "main_option": "B", "dispute_option": "W2",
                     "secondary_options": ["X2", "X7", "Y(UK)2"],
                     "data": {"defects_weeks": 52, "defect_correction_weeks": 2, "delay_damages": 500,
                              "adjudicator_nominating_body": "the Institution of Civil Engineers"},
                     "amendments": [{"title": "Paying subcontractors",
                                     "text": "The Contractor pays each subcontractor within 30 days of a valid "
                                             "invoice."}]}


def highways_tsc(d):
    """The highways framework, each call-off under the NEC4 Term Service Contract with Option X20 and a KPI."""
    d["contract"] = {"form": "nec4_tsc", "edition": EDITION, "main_option": "A", "dispute_option": "W2",
                     "secondary_options": ["X2", "X20", "Y(UK)2"]}
    d["kpis"] = [{"name": "Emergencies answered", "measure": "Emergency calls attended within 2 hours, from the job "
                  "log", "target": "98%", "reporting": "monthly"}]


def footbridge_tsc(d):
    """The footbridge's maintenance as a term service: the NEC4 Term Service Contract, no works data."""
    d["commercial"]["contract_form"] = "maintenance under the NEC4 Term Service Contract"
    d["contract"] = {"form": "nec4_tsc", "edition": EDITION, "main_option": "A", "dispute_option": "W2",
                     "secondary_options": ["X2", "X20", "Y(UK)2"]}


def write(folder: Path, base: dict, *changes, name: str = "tender.yaml") -> Path:
    data = copy.deepcopy(base)
    for change in changes:
        change(data)
    folder.mkdir(parents=True, exist_ok=True)
    for rel, body in SHORT_FORM_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(body, encoding="utf-8")
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def built(factory, name: str, base: dict, *changes, formats=("docx",), only=()) -> Path:
    folder = factory.mktemp(name)
    out = folder / "pack"
    build(write(folder, base, *changes), out, BuildOptions(formats=formats, only=only))
    return out


def texts(pack: Path) -> dict[str, str]:
    """Every Word file of the pack: its path in the pack -> its text."""
    return {p.relative_to(pack).as_posix(): docx_text(p) for p in sorted(pack.rglob("*.docx"))}


def rows(path: Path) -> dict[str, str]:
    """The contract data table of a contract-data document: entry -> our data."""
    table = next(t for t in docx_tables(path) if t[0] == ["Entry", "Our data"])
    return {row[0]: row[1] for row in table[1:]}


def section(text: str, heading: str, until: str | None = None) -> str:
    """The lines of a document's text after ``heading`` (its first line), up to ``until``."""
    after = text.rsplit(f"\n{heading}\n", 1)[1]   # the last: the contents list the headings first
    return after.split(f"\n{until}", 1)[0] if until else after


def problems(path: Path) -> dict[str, list[str]]:
    report = Tender.load(path, Plugins()).checks()
    assert report.failures == []
    out: dict[str, list[str]] = {}
    for p in report.problems:
        out.setdefault(p.code, []).append(str(p))
    return out


def line_of(path: Path, piece: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.lstrip().startswith(piece))


def at(path: Path, piece: str, field: str) -> str:
    return rf"{re.escape(str(path))}:{line_of(path, piece)}:\d+: {re.escape(field)}: "


@pytest.fixture(scope="module")
def nec4_sv(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "nec4-sv", FOOTBRIDGE, social_value, formats=("docx", "pdf"))


@pytest.fixture(scope="module")
def nec4_no_x20(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "nec4-no-x20", FOOTBRIDGE, without_x20)


@pytest.fixture(scope="module")
def jct_sv(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "jct-sv", FOOTBRIDGE, jct)


@pytest.fixture(scope="module")
def short_form_sv(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "short-form-sv", GROUNDS, short_form)


@pytest.fixture(scope="module")
def highways_nec4(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "highways-ecc", HIGHWAYS, highways_ecc)


@pytest.fixture(scope="module")
def highways_term(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "highways-tsc", HIGHWAYS, highways_tsc)


# --------------------------------------------------------------------------- 1. social value under NEC4 or JCT


def test_the_pack_adds_a_z_clause_that_makes_the_schedule_contractual(nec4_sv):
    """Under NEC4, the pack adds Z4 after the buyer's three Z clauses: the "Social value schedule" is part of the
    contract, reports go to the Project Manager, a missed target means a plan, a commitment changes only in writing;
    with Option X20, the commitments are not X20's KPIs. The contract data lists the schedule as ours, through Z4."""
    text = docx_text(nec4_sv / "contract-data.docx")
    clause = section(text, "Z4: Social value")
    assert clause.splitlines() == [
        "The document “Social value schedule” in the tender pack is part of this contract. Before this contract is "
        "signed, the Client writes into it the social value commitments from the Contractor's tender, each with its "
        "measure and target.",
        "The Contractor keeps each commitment. It reports its progress on each to the Project Manager every quarter, "
        "for the period just ended, with the evidence that schedule asks for.",
        "If the Contractor misses a target, or forecasts that it will, it sends the Project Manager a plan to meet it.",
        "A commitment changes only when the Client agrees the change in writing. The new commitment is worth at least "
        "as much as the old one.",
        "The social value commitments are not Key Performance Indicators of Option X20: no incentive is paid for them."]
    found = rows(nec4_sv / "contract-data.docx")
    assert found["Our documents that are part of the contract"] == "“Social value schedule”, in this pack (Z4)"
    assert found["Conditions of contract"].endswith("and the Z clauses in this document")


def test_the_schedule_names_the_z_clause_not_schedule_4(nec4_sv):
    """The social value schedule says how it is part of the NEC4 contract (Z4, in our part of it), whom reports go
    to and what a missed target means, as Z4 says; never Schedule 4 or the draft contract's KPI clause."""
    text = docx_text(nec4_sv / "social-value-schedule.docx")
    assert f"It becomes part of the {NEC4_ECC} through Z4, in “{DATA}”." in text
    assert "They are not Key Performance Indicators of Option X20: no incentive is paid for them." in text
    assert "You send each report to the Project Manager, as Z4 says." in text
    assert "If you miss a target, or expect to, you send the Project Manager a plan to meet it (Z4)." in text
    assert ("The social value commitments, their measures and targets, and how they are reported. Z4 makes it part of "
            "the contract.") in text


def test_the_requirements_and_the_methodology_say_the_same(nec4_sv):
    """The requirements' "From commitment to contract" and the methodology's "After the award" name the Project
    Manager and Z4, and say where the schedule is made part of the contract."""
    requirements = docx_text(nec4_sv / "social-value.docx")
    methodology = docx_text(nec4_sv / "evaluation-methodology.docx")
    said = ["You report progress to the Project Manager every quarter, using the model's reporting metrics.",
            "If you fall behind, or expect to, you send the Project Manager a plan to catch up (Z4)."]
    for line in said:
        assert line in requirements and line in methodology
    assert f"The “Social value schedule” sets this out. Z4, in “{DATA}”, makes it part of the contract." \
        in requirements
    summary = docx_text(nec4_sv / "sme" / "contract-summary.docx")
    assert "We change the form with 4 Z clauses: Paying subcontractors, Considerate Constructors Scheme, Freedom " \
           "of information and Social value." in summary


def test_no_document_points_to_our_own_contract(nec4_sv, nec4_no_x20, jct_sv, short_form_sv):
    """With an NEC4, JCT or model contract, no document names Schedule 4, the draft contract, its KPI clause or a
    call-off template."""
    for pack in (nec4_sv, nec4_no_x20, jct_sv, short_form_sv):
        for name, text in texts(pack).items():
            for words in OWN_CONTRACT_WORDS:
                assert words not in text.lower(), (pack.parent.name, name, words)


def test_the_pdf_carries_the_clause(nec4_sv):
    """Word and PDF come from one tree: the PDF of the schedule names Z4 too."""
    text = flat(pdf_text(nec4_sv / "social-value-schedule.pdf"))
    assert "You send each report to the Project Manager, as Z4 says." in text
    assert "Z4: Social value" in flat(pdf_text(nec4_sv / "contract-data.pdf"))


def test_without_x20_the_kpi_clause_comes_first(nec4_no_x20):
    """Without X20, the pack adds Z4 for the KPIs, then Z5 for social value; the schedule names Z5."""
    text = docx_text(nec4_no_x20 / "contract-data.docx")
    assert "Z4: Key performance indicators" in text and "Z5: Social value" in text
    assert text.index("Z4: Key performance indicators") < text.index("Z5: Social value")
    assert "Option X20" not in section(text, "Z5: Social value")
    schedule = docx_text(nec4_no_x20 / "social-value-schedule.docx")
    assert "You send each report to the Project Manager, as Z5 says." in schedule
    assert "Option X20" not in schedule


def test_a_jct_pack_adds_an_amendment(jct_sv):
    """Under JCT, the KPI amendment is 3 and the social value amendment 4; reports go to the Employer's Agent and the
    Employer agrees changes."""
    text = docx_text(jct_sv / "contract-data.docx")
    assert "Amendment 3: Key performance indicators" in text and "Amendment 4: Social value" in text
    assert "A commitment changes only when the Employer agrees the change in writing." in text
    schedule = docx_text(jct_sv / "social-value-schedule.docx")
    assert "It becomes part of the JCT Design and Build Contract through Amendment 4, in “Contract Particulars and " \
           "schedule of amendments”." in schedule
    assert "You send each report to the Employer's Agent, as Amendment 4 says." in schedule
    requirements = docx_text(jct_sv / "social-value.docx")
    assert "If you fall behind, or expect to, you send the Employer's Agent a plan to catch up (Amendment 4)." \
        in requirements


def test_a_model_contract_takes_the_commitments_in_its_order_form(short_form_sv):
    """With an attached Short Form Contract, the pack carries no social value schedule of its own: the requirements
    say the commitments are written into the attached order form; the notice lists no schedule."""
    assert not list(short_form_sv.glob("social-value-schedule.*"))
    requirements = docx_text(short_form_sv / "social-value.docx")
    assert "If you win, your social value commitments become part of the Short Form Contract. Before we sign, we " \
           "write them into its order form, “Order form” (attachments/order-form.txt), each with its measure and " \
           "target." in requirements
    assert "Social value schedule" not in requirements
    package = json.loads((short_form_sv / "tender-notice.ocds.json").read_text(encoding="utf-8"))
    ids = [d["id"] for d in package["releases"][0]["tender"]["documents"]]
    assert not [i for i in ids if i.startswith("social-value-schedule")] and "social-value.docx" in ids


def test_a_model_contract_without_its_order_form_is_refused(tmp_path):
    """Social value with an attached model contract but no order form: TP-CONTRACT-SOCIAL-VALUE at social_value."""
    path = write(tmp_path, GROUNDS, short_form, lambda d: (d["contract"].pop("order_form"), d["attachments"].pop()))
    found = problems(path).get("TP-CONTRACT-SOCIAL-VALUE", [])
    assert any(re.match(at(path, "social_value:", "social_value"), p) and "give its title in contract.order_form"
               in p for p in found), found


def test_social_value_with_a_form_breaks_no_rule(tmp_path):
    """An NEC4, JCT or model contract (with its order form) with social value: no TP-CONTRACT-SOCIAL-VALUE."""
    for base, change in ((FOOTBRIDGE, social_value), (FOOTBRIDGE, jct), (GROUNDS, short_form)):
        assert "TP-CONTRACT-SOCIAL-VALUE" not in problems(write(tmp_path, base, change))


# --------------------------------------------------------------------------- 2. a framework under a works form


def test_each_call_off_fills_in_its_own_contract_data(highways_nec4):
    """Under a framework, the contract data is each call-off's: the Client, the work and the dates are filled in at
    the call-off (the framework's dates are not a call-off's); the rest holds for every call-off."""
    found = rows(highways_nec4 / "contract-data.docx")
    assert found["The Client"] == "Filled in at the call-off: the body that awards the call-off contract, and its " \
                                  "address"
    assert found["The works"].startswith("Filled in at the call-off: the work the call-off contract orders")
    assert found["The starting date"] == found["Completion date for the whole of the works"] == \
        "Filled in at the call-off"
    assert found["Delay damages (Option X7)"] == "£500 for each day of delay"
    text = docx_text(highways_nec4 / "contract-data.docx")
    assert f"Each call-off contract under the framework is the {NEC4_ECC} ({EDITION})." in text
    assert "Each call-off contract has its own Contract Data part one. The body that awards it fills in the entries " \
           "marked “Filled in at the call-off”." in text
    assert "the winning bidder" not in text and "1 September 2027" not in text and "31 August 2030" not in text


def test_the_framework_documents_name_the_form(highways_nec4):
    """The framework agreement, the call-off procedure and the invitation's framework section name the form and our
    part of it where they named the call-off contract template."""
    agreement = docx_text(highways_nec4 / "framework-agreement.docx")
    assert f"Each call-off contract is the {NEC4_ECC} ({EDITION}). Our “{DATA}” in this pack is part of it. The body " \
           "that awards it fills in the call-off contract's Contract Data part one: its name, the work it orders " \
           "and the dates." in agreement
    procedure = docx_text(highways_nec4 / "call-off-procedure.docx")
    assert f"It sends that supplier a call-off contract on the {NEC4_ECC}, with its own Contract Data part one " \
           "filled in." in procedure
    assert f"It signs a call-off contract with that supplier on the {NEC4_ECC}, with its own Contract Data part " \
           "one filled in." in procedure
    assert f"Each one is the {NEC4_ECC} ({EDITION}). Our “{DATA}” in this pack is part of it." in procedure
    itt = docx_text(highways_nec4 / "invitation-to-tender.docx")
    assert f"The “Call-off procedure” explains how call-off contracts are awarded, step by step. Each one is the " \
           f"{NEC4_ECC}, with our “{DATA}”." in itt
    assert f"Each call-off contract is the {NEC4_ECC} ({EDITION}). The law of England and Wales governs each one." \
        in itt
    assert f"The {NEC4_ECC} and our “{DATA}” set out what each call-off contract asks of you." in itt
    assert "Our data for each call-off contract and our Z clauses are in" in itt
    assert not list(highways_nec4.glob("draft-contract.*"))
    for name, text in texts(highways_nec4).items():
        assert "template" not in text.lower() and "draft contract" not in text.lower(), name


def test_small_firms_read_the_form_for_each_call_off(highways_nec4):
    """The form of tender accepts the framework agreement and the form; the contract in brief gives no completion
    date of the framework's, and lists the Z clauses (the buyer's and the pack's social value clause)."""
    offer = docx_text(highways_nec4 / "sme" / "form-of-tender.docx")
    assert f"You accept the terms of the “Framework agreement” in this pack. Each call-off contract is the " \
           f"{NEC4_ECC} ({EDITION}). You accept its terms, with our “{DATA}”." in offer
    assert "You will do the work of each call-off contract you get under it, on those terms." in offer
    summary = docx_text(highways_nec4 / "sme" / "contract-summary.docx")
    assert "Each call-off contract gives the date by which its work must be complete (the completion date)." \
        in summary
    assert "must be complete by 31 August 2030" not in summary
    assert "We change the form with 2 Z clauses: Paying subcontractors and Social value." in summary
    schedule = docx_text(highways_nec4 / "social-value-schedule.docx")
    assert f"It becomes part of each call-off contract on the {NEC4_ECC} through Z2, in “{DATA}”." in schedule
    requirements = docx_text(highways_nec4 / "social-value.docx")
    assert "You report progress every quarter to the Project Manager of that call-off contract, using the model's " \
           "reporting metrics." in requirements


def test_a_term_service_framework(highways_term):
    """Call-offs under the NEC4 Term Service Contract: the service and its period are filled in at the call-off;
    the KPIs are Option X20's; social value is Z1 (the buyer adds no Z clause)."""
    found = rows(highways_term / "contract-data.docx")
    assert found["The service period"] == "Filled in at the call-off"
    assert found["Conditions of contract"] == "The core clauses and the clauses of the Options below, and the Z " \
                                              "clauses in this document"
    text = docx_text(highways_term / "contract-data.docx")
    assert "Z1: Social value" in text and "to the Service Manager every quarter" in text
    assert "This is the incentive schedule for Key Performance Indicators of Option X20." in text


def test_framework_rules(tmp_path):
    """A framework under an NEC4 form breaks no rule on the form (its own extensions are no call-off's); under an
    attached model contract it is refused at contract.form; access dates are refused at their field."""
    found = problems(write(tmp_path, HIGHWAYS, highways_ecc))
    assert not {"TP-CONTRACT-FRAMEWORK", "TP-CONTRACT-EXTENSIONS"} & set(found), found
    path = write(tmp_path, HIGHWAYS, highways_ecc,
                 lambda d: d["contract"]["data"].update(access_dates=[{"part": "The site", "date": "2027-10-01"}]))
    found = problems(path).get("TP-CONTRACT-FRAMEWORK", [])
    assert any(re.match(at(path, "access_dates:", "contract.data.access_dates"), p) for p in found), found

    path = write(tmp_path, HIGHWAYS, short_form)
    found = problems(path).get("TP-CONTRACT-FRAMEWORK", [])
    assert any(re.match(at(path, "form: short_form", "contract.form"), p) and "filled in for one contract" in p
               for p in found), found


# --------------------------------------------------------------------------- 3. the call-off price cap


@pytest.fixture(scope="module")
def highways_packs(tmp_path_factory) -> dict[bool, Path]:
    only = ("framework-agreement", "call-off-procedure")
    return {True: built(tmp_path_factory, "cap", HIGHWAYS, only=only),
            False: built(tmp_path_factory, "no-cap", HIGHWAYS,
                         lambda d: d["pricing"].update(call_off_ceiling=False), only=only)}


CAP = ("In a call-off competition, you must not bid higher than the schedule's rates in force that day, adjusted by "
       "your adjustment for the lot.")


def test_the_framework_says_the_call_off_price_cap(highways_packs):
    """pricing.call_off_ceiling: true puts the cap in the framework agreement's call-off competition and in the
    call-off procedure's competition steps; false says nothing of the kind."""
    capped = highways_packs[True]
    agreement = docx_text(capped / "framework-agreement.docx")
    assert CAP in section(agreement, "Call-off competition", "At each call-off")
    procedure = docx_text(capped / "call-off-procedure.docx")
    assert CAP in section(procedure, "Call-off competition", "What a call-off contract is")
    for name in ("framework-agreement.docx", "call-off-procedure.docx"):
        assert "must not be higher" not in docx_text(highways_packs[False] / name)


# --------------------------------------------------------------------------- 4. the glossary


MINIMAL_CARD = {"model": "rate_card", "basket": [{"item": "Window cleaner", "unit": "hour", "quantity": 300}]}
MINIMAL_FEE = {"model": "percentage_fee", "fees": [{"base": "the cost of the cleaning we order through you",
                                                    "notional_base": 10000, "paid": "each month in arrears"}]}
NEW_TERMS = {"Schedule of rates", "Rate card", "Basket", "Evaluated price", "Contract Data", "Contract Particulars",
             "Z clause", "Option (NEC4)"}


def _priced(pricing):
    def change(d):
        d["pricing"] = copy.deepcopy(pricing)
    return change


@pytest.fixture(scope="module")
def glossaries(tmp_path_factory, nec4_sv, jct_sv, highways_nec4) -> dict[str, Path]:
    """Packs whose glossary is read: built here (the glossary and the documents for small firms), or above."""
    def own(name, base, *changes):
        return built(tmp_path_factory, name, base, *changes)
    return {"footbridge": nec4_sv, "jct": jct_sv, "highways-ecc": highways_nec4,
            "highways": own("highways", HIGHWAYS), "card": own("card", MINIMAL, _priced(MINIMAL_CARD)),
            "fee": own("fee", MINIMAL, _priced(MINIMAL_FEE)), "home-care": own("home-care", _load(HOME_CARE))}


def listed(pack: Path) -> dict[str, str]:
    table = docx_tables(pack / "sme" / "glossary.docx")[0]
    return {row[0]: row[1] for row in table[1:]}


def uses(body: str, entry: dict) -> bool:
    forms = [entry["term"], *entry.get("also", [])]
    return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", body, re.I) for f in forms)


@pytest.mark.parametrize("name, wanted", [
    ("footbridge", {"Contract Data", "Z clause", "Option (NEC4)"}),
    ("jct", {"Contract Particulars"}),
    ("highways-ecc", {"Schedule of rates", "Basket", "Evaluated price", "Contract Data", "Z clause", "Option (NEC4)"}),
    ("highways", {"Schedule of rates", "Basket", "Evaluated price"}),
    ("card", {"Rate card", "Basket", "Evaluated price"}),
    ("fee", {"Evaluated price"}),
    ("home-care", set()),
])
def test_the_glossary_lists_the_new_words_the_pack_uses(glossaries, name, wanted):
    """Each new term is listed exactly when the pack uses it, and each one listed is used somewhere in the pack."""
    pack = glossaries[name]
    terms = listed(pack)
    assert NEW_TERMS & set(terms) == wanted
    whole = " ".join(text for path, text in texts(pack).items() if not path.endswith("glossary.docx"))
    for entry in GLOSSARY["terms"]:
        if entry["term"] in wanted:
            assert uses(whole, entry), (name, entry["term"], "listed but used nowhere")


def test_the_glossary_meanings_fit_the_tender(glossaries):
    """The meanings name our part of the form, the framework's basket and the model's evaluated price."""
    footbridge = listed(glossaries["footbridge"])
    assert footbridge["Contract Data"] == ("The part of an NEC4 contract that gives the facts of this contract, such "
                                           f"as its dates. Part one is ours, in “{DATA}”. Part two is yours, from "
                                           "your tender.")
    assert footbridge["Z clause"].endswith(f"Ours are in “{DATA}”.")
    assert "The main Option sets how you are paid." in footbridge["Option (NEC4)"]
    assert "The body that awards a call-off contract fills in the rest." in listed(glossaries["highways-ecc"])[
        "Contract Data"]
    assert listed(glossaries["highways"])["Basket"].endswith("It is not a promise that any work will be ordered.")
    assert listed(glossaries["card"])["Basket"].endswith("It is not a promise to order any work.")
    assert listed(glossaries["card"])["Evaluated price"] == ("The price we score. It is your rate for each line of the "
                                                             "basket times its quantity, added up. It only compares "
                                                             "tenders.")
    assert listed(glossaries["fee"])["Evaluated price"] == ("The price we score. It is your fee as a percentage of the "
                                                            "notional base. It only compares tenders.")
    assert listed(glossaries["jct"])["Contract Particulars"].endswith(
        "Ours are in “Contract Particulars and schedule of amendments”.")


# --------------------------------------------------------------------------- 5. the timetable's last date


def timetable_row(pack: Path, day: str) -> list[str]:
    table = next(t for t in docx_tables(pack / "invitation-to-tender.docx") if t[0] == ["Date", "What happens"])
    return [row[1] for row in table[1:] if row[0] == day]


def test_a_works_contract_ends_on_its_completion_date(tmp_path_factory):
    """The timetable's last date is the completion date under a works form, the end of the service period under
    the Term Service Contract, and the first term's end otherwise (a framework, tenderpack's own contract)."""
    only = ("invitation-to-tender",)
    footbridge = built(tmp_path_factory, "t-footbridge", FOOTBRIDGE, only=only)
    assert timetable_row(footbridge, "Thursday 30 November 2028") == [
        "Completion date of the contract: the works must be complete"]
    assert "First term" not in docx_text(footbridge / "invitation-to-tender.docx")
    term = built(tmp_path_factory, "t-tsc", FOOTBRIDGE, footbridge_tsc, only=only)
    assert timetable_row(term, "Thursday 30 November 2028") == ["The service period of the contract ends"]
    framework = built(tmp_path_factory, "t-framework", HIGHWAYS, highways_ecc, only=only)
    assert timetable_row(framework, "Saturday 31 August 2030") == ["First term of the framework ends"]
    home_care = built(tmp_path_factory, "t-home-care", _load(HOME_CARE), only=only)
    assert "First term of the contract ends" in docx_text(home_care / "invitation-to-tender.docx")


# --------------------------------------------------------------------------- 6. tenderpack clauses


def test_clauses_list_says_the_draft_contract_is_not_shipped():
    """For a spec whose contract is an NEC4 form, no clause of the draft contract is listed as applying: they are
    listed as not in this pack, with the reason."""
    result = CliRunner().invoke(cli, ["clauses", "list", "--spec", str(EXAMPLES / "works-nec4-footbridge.yaml")])
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "This pack has no document draft-contract: no clause placed in it is in the pack. The contract is the " \
           f"{NEC4_ECC} ({EDITION}), named in contract:, not a draft contract built from these clauses." in out
    assert "APPLY (0)" in out
    listed_out = result.output.split("NOT IN THIS PACK", 1)[1].split("DO NOT APPLY", 1)[0]
    assert "core:payment " in listed_out and "draft-contract/money" in listed_out
    home = CliRunner().invoke(cli, ["clauses", "list", "--spec", str(HOME_CARE)])
    assert home.exit_code == 0 and "NOT IN THIS PACK" not in home.output and "core:payment" in \
        home.output.split("DO NOT APPLY", 1)[0]


def test_clauses_show_says_the_clause_is_not_in_the_pack():
    """clauses show ID --spec does not render a clause whose document this pack has not."""
    result = CliRunner().invoke(cli, ["clauses", "show", "core:payment", "--spec",
                                      str(EXAMPLES / "works-nec4-footbridge.yaml")])
    assert result.exit_code == 0, result.output
    assert "Not in the pack of" in result.output and "We will pay each valid invoice" not in result.output
