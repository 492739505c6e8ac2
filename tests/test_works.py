"""Works contracts under NEC4 or JCT, and the government's model contracts (spec.contract, issue 14 item 2).

The example examples/works-nec4-footbridge.yaml (a footbridge under the NEC4 Engineering and Construction
Contract, Option A) is built once, and two variants of it: the same works under the JCT Design and Build
Contract, and a small services contract on the Short Form Contract that the buyer attaches. Each pack is read
back from its Word files and its notice: the buyer's contract data holds the spec's values, the pack's own
draft contract is gone, and every document that speaks of the contract names the form and its edition. The
spec's checks and the rules are tried on variants, each at its line and field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tenderpack.build import BuildOptions, build
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack_ocds import validation

from _packs import docx_tables, docx_text, flat, line_of, pdf_text, problems, write_variant

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"
EXAMPLE = EXAMPLES / "works-nec4-footbridge.yaml"
GROUNDS = EXAMPLES / "small-open-grounds.yaml"
DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
NEC4 = "NEC4 Engineering and Construction Contract (June 2017 with amendments January 2023)"
JCT = "JCT Design and Build Contract (2024 Edition)"
SHORT_FORM = "Short Form Contract (Version 1.3)"
# The rules this work adds: none of them fires on the examples that do not name a form.
CODES = ["TP-CONTRACT-CATEGORY", "TP-MODEL-CONTRACT-FIT", "TP-CONTRACT-FRAMEWORK", "TP-CONTRACT-SOCIAL-VALUE",
         "TP-CONTRACT-KPIS", "TP-WORKS-KPI-CREDIT", "TP-CONTRACT-PAYMENTS", "TP-CONTRACT-EXTENSIONS",
         "TP-NEC4-CONSTRUCTION-ACT", "TP-WORKS-VAT"]


# --------------------------------------------------------------------------- helpers


def write(folder: Path, change=None, base: dict = DATA, name: str = "tender.yaml") -> Path:
    """A copy of ``base`` (the NEC4 example), changed by ``change(data)``, written into ``folder``."""
    return write_variant(folder, base, change, name)


def validate(path: Path):
    return CliRunner().invoke(cli, ["validate", str(path)])


def at(path: Path, piece: str, field: str) -> str:
    """The start of a located message: 'tender.yaml:42:' then any column, then the field."""
    return rf"{re.escape(str(path))}:{line_of(path, piece)}:\d+: {re.escape(field)}: "


def jct(d):
    """The footbridge under the JCT Design and Build Contract: its Contract Particulars and two amendments."""
    d["commercial"]["contract_form"] = "works contract under the JCT Design and Build Contract"
    d["contract"] = {
        "form": "jct_db", "edition": "2024 Edition",
        "data": {"employers_agent": {"name": "Rachel Bell", "organisation": "Bell Cost Consultants LLP"},
                 "rectification_months": 12, "delay_damages": 15000, "delay_damages_per": "week",
                 "retention_percent": 3, "adjudicator_nominating_body": "the Royal Institution of Chartered Surveyors"},
        "amendments": DATA["contract"]["amendments"][:2]}


SHORT_FORM_FILES = {"files/short-form-contract.txt": "The Short Form Contract, version 1.3 (test copy)\n",
                    "files/order-form.txt": "Order form, filled in (test copy)\n",
                    "files/specification.txt": "Specification and service levels (test copy)\n"}


def short_form(d):
    """The grounds maintenance example on the Short Form Contract, attached with its order form and a schedule.
    (Social value is left out here: tests/test_works_more.py builds a model contract with it.)"""
    d.pop("social_value")
    d["award"]["criteria"] = [c for c in d["award"]["criteria"] if c["type"] != "social_value"]
    d["award"]["criteria"][-1]["weight"] = 40
    d["commercial"]["contract_form"] = "grounds maintenance services under the Short Form Contract"
    d["contract"] = {"form": "short_form", "edition": "Version 1.3", "attachment": "Short Form Contract",
                     "order_form": "Order form", "documents": ["Specification and service levels"]}
    d["attachments"] = [
        {"title": "Short Form Contract", "file": "files/short-form-contract.txt", "kind": "model-contract"},
        {"title": "Order form", "file": "files/order-form.txt"},
        {"title": "Specification and service levels", "file": "files/specification.txt", "kind": "specification"}]


def with_files(folder: Path) -> Path:
    for rel, body in SHORT_FORM_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(body, encoding="utf-8")
    return folder


GROUNDS_DATA = yaml.safe_load(GROUNDS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nec4(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("nec4") / "pack"
    build(EXAMPLE, out, BuildOptions(formats=("docx", "pdf")))
    return out


@pytest.fixture(scope="module")
def jct_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("jct")
    out = folder / "pack"
    build(write(folder, jct), out, BuildOptions(formats=("docx",)))
    return out


@pytest.fixture(scope="module")
def short_form_pack(tmp_path_factory) -> Path:
    folder = with_files(tmp_path_factory.mktemp("short-form"))
    out = folder / "pack"
    build(write(folder, short_form, base=GROUNDS_DATA), out, BuildOptions(formats=("docx",)))
    return out


def rows(path: Path) -> dict[str, str]:
    """The contract data table of a contract-data document: entry -> our data."""
    table = next(t for t in docx_tables(path) if t[0] == ["Entry", "Our data"])
    return {row[0]: row[1] for row in table[1:]}


def notice(pack: Path) -> dict:
    package = json.loads((pack / "tender-notice.ocds.json").read_text(encoding="utf-8"))
    assert validation.errors(package) == []
    return {d["id"]: d["documentType"] for d in package["releases"][0]["tender"]["documents"]}


def every_text(pack: Path) -> dict[str, str]:
    return {p.relative_to(pack).as_posix(): docx_text(p) for p in sorted(pack.rglob("*.docx"))}


# --------------------------------------------------------------------------- the example


def test_the_example_validates_with_no_finding():
    """examples/works-nec4-footbridge.yaml validates, and no rule finds anything (no error, no warning)."""
    result = validate(EXAMPLE)
    assert result.exit_code == 0, result.output
    assert problems(EXAMPLE) == {}


def test_the_nec4_pack_carries_contract_data_and_no_draft_contract(nec4):
    """An NEC4 pack has the buyer's "Contract Data part one and Z clauses", in Word and PDF, and not the pack's own
    draft contract, whose terms are not the contract's."""
    assert (nec4 / "contract-data.docx").is_file() and (nec4 / "contract-data.pdf").is_file()
    assert not list(nec4.glob("draft-contract.*"))
    manifest = json.loads((nec4 / "manifest.json").read_text(encoding="utf-8"))
    assert "draft-contract" not in json.dumps(manifest)


def test_the_contract_data_table_holds_the_specs_values(nec4):
    """Contract Data part one gives the form, Options and edition, the Client, the people, the dates from the
    timetable, the periods, delay damages (X7), retention (X16), the insurance, the adjudicator's body and the law."""
    found = rows(nec4 / "contract-data.docx")
    assert found["Form"] == NEC4
    assert found["Conditions of contract"] == ("The core clauses and the clauses of the Options below, and the Z "
                                               "clauses in this document")
    assert found["Main Option A"] == "Priced contract with activity schedule"
    assert found["Dispute resolution Option W2"] == "Used"
    assert [key for key in found if key.startswith("Secondary Option")] == [
        f"Secondary Option {x}" for x in DATA["contract"]["secondary_options"]]
    assert found["Secondary Option X7"] == "Delay damages"
    assert found["The Client"] == "Lunnford District Council, Council Offices, 12 Market Street, Lunnford LN4 2DQ"
    assert found["The Project Manager"] == "Principal Engineer (Bridges)"
    assert found["The Supervisor"] == "Helen Marsh, Lunn Valley Consulting Engineers Ltd"
    assert found["The starting date"] == "10 January 2028"
    assert found["Access dates"] == "The whole of the site: 17 January 2028"
    assert found["Completion date for the whole of the works"] == "30 November 2028"
    assert found["Period from Completion of the whole of the works to the defects date"] == "52 weeks"
    assert found["Defect correction period"] == "2 weeks"
    assert found["Delay damages (Option X7)"] == "£3,000 for each day of delay"
    assert found["Retention percentage (Option X16)"] == "3%"
    assert found["Insurance: Public liability"] == "Cover of at least £10,000,000 for any one event"
    assert found["Adjudicator nominating body"] == "the Institution of Civil Engineers"
    assert found["Law of the contract"] == "The law of England and Wales"


def test_the_pdf_says_what_the_word_file_says(nec4):
    """Word and PDF come from one tree: the PDF gives the same form, data and Z clauses."""
    text = flat(pdf_text(nec4 / "contract-data.pdf"))
    for piece in (f"The contract is the {NEC4}", "£3,000 for each day of delay", "Z2: Considerate Constructors Scheme"):
        assert piece in text


def test_the_form_is_named_never_carried(nec4):
    """The document names the form and says the bidder needs its own copy: the pack never reproduces it."""
    text = docx_text(nec4 / "contract-data.docx")
    assert f"The contract is the {NEC4}.\nIt uses these Options of the form:\nMain Option A (priced contract with " \
           "activity schedule)" in text
    assert "This pack does not include the text of the form, which is copyright." in text
    assert "Contract Data part two holds the Contractor's own data, from the winning tender." in text


def test_the_z_clauses_are_the_buyers_own(nec4):
    """The buyer's amendments are numbered Z1, Z2… in their order, each with its text in full."""
    text = docx_text(nec4 / "contract-data.docx")
    for n, amendment in enumerate(DATA["contract"]["amendments"], start=1):
        assert f"Z{n}: {amendment['title']}" in text
        assert " ".join(amendment["text"].split()) in flat(text)
    assert "Z4" not in text   # Option X20 holds the KPIs: the pack adds no clause of its own


def test_kpis_are_option_x20s_incentive_schedule(nec4):
    """With X20, the KPI table is the incentive schedule; a missed target asks for proposals to improve (X20);
    the contract is over £5 million, so section 52 is cited."""
    text = docx_text(nec4 / "contract-data.docx")
    assert "This is the incentive schedule for Key Performance Indicators of Option X20." in text
    table = next(t for t in docx_tables(nec4 / "contract-data.docx") if t[0][0] == "KPI")
    assert [row[0] for row in table[1:]] == [k["name"] for k in DATA["kpis"]]
    assert all("proposals for improving performance (Option X20)" in row[4] for row in table[1:])
    assert "Section 52 of the Procurement Act 2023 requires at least three KPIs" in text


def test_the_invitation_names_the_form_edition_and_our_part(nec4):
    """The invitation says which form is the contract, its edition and Options, that bidders need their own copy,
    and where our data and Z clauses are; it never points to a "Draft contract"."""
    text = docx_text(nec4 / "invitation-to-tender.docx")
    assert f"The contract is the {NEC4}. The law of England and Wales governs it." in text
    assert "Main Option A (priced contract with activity schedule)" in text
    assert "Our data for the contract and our Z clauses are in “Contract Data part one and Z clauses”, in this pack." \
        in text
    assert "Draft contract" not in text and "draft contract" not in text


def test_the_contract_in_brief_sums_up_the_form_not_our_clauses(nec4):
    """The small firms' contract in brief names the form and edition and gives the facts of our data (damages,
    retention, defects, Z clauses); it sums up none of the pack's own draft contract's clauses."""
    text = docx_text(nec4 / "sme" / "contract-summary.docx")
    assert f"The contract is the {NEC4}." in text
    assert "If the work is late, you pay us £3,000 for each day of delay (delay damages)." in text
    assert "We keep back 3% of each payment for a time, as the form says (retention)." in text
    assert "We change the form with 3 Z clauses: Paying subcontractors, Considerate Constructors Scheme and " \
           "Freedom of information." in text
    assert "Each line sums up one clause" not in text and "draft contract" not in text.lower()
    assert "“Contract Data part one and Z clauses” says how we measure each KPI" in text


def test_the_form_of_tender_and_the_glance_name_the_form(nec4):
    """The form of tender accepts the form and our part of it; the one-page glance names the form."""
    offer = docx_text(nec4 / "sme" / "form-of-tender.docx")
    assert f"You accept the terms of the {NEC4}. Our “Contract Data part one and Z clauses” in this pack is part " \
           "of it." in offer
    glance = docx_text(nec4 / "sme" / "tender-at-a-glance.docx")
    assert "Contract | One contract, on the NEC4 Engineering and Construction Contract." in glance


def test_no_document_speaks_of_the_draft_contract(nec4, jct_pack, short_form_pack):
    """With another form, no document points to the "Draft contract" or its schedules, nor offers service credits."""
    for pack in (nec4, jct_pack, short_form_pack):
        for name, text in every_text(pack).items():
            lowered = text.lower()
            for word in ("draft contract", "schedule 3", "schedule 4", "service credit"):
                assert word not in lowered, (pack.name, name, word)


def test_the_notice_lists_the_documents_shipped(nec4):
    """The notice lists the contract data as the contract's draft, and no draft contract; it validates."""
    types = notice(nec4)
    assert types["contract-data.docx"] == "contractDraft" and types["contract-data.pdf"] == "contractDraft"
    assert not any(key.startswith("draft-contract") for key in types)


# --------------------------------------------------------------------------- JCT


def test_a_jct_pack_gives_contract_particulars(jct_pack):
    """A JCT form: "Contract Particulars and schedule of amendments", with the Employer's Agent, the Date of
    Possession and Date for Completion from the timetable, liquidated damages per week, the Rectification Period."""
    assert not list(jct_pack.glob("draft-contract.*"))
    found = rows(jct_pack / "contract-data.docx")
    assert found["Form"] == JCT
    assert found["Conditions of contract"] == "The conditions of the form, with the amendments in this document"
    assert not [key for key in found if "Option" in key]   # JCT forms have no Options
    assert found["The Employer"].startswith("Lunnford District Council")
    assert found["The Employer's Agent"] == "Rachel Bell, Bell Cost Consultants LLP"
    assert found["Date of Possession of the site"] == "10 January 2028"
    assert found["Date for Completion"] == "30 November 2028"
    assert found["Liquidated damages"] == "£15,000 for each week of delay"
    assert found["Rectification Period"] == "12 months"
    assert found["Retention Percentage"] == "3%"


def test_a_jct_pack_adds_the_kpi_amendment(jct_pack):
    """JCT has no KPI terms: the pack adds an amendment after the buyer's own that makes the KPI table part of the
    contract, and the table points to it."""
    text = docx_text(jct_pack / "contract-data.docx")
    assert "Amendment 1: Paying subcontractors" in text and "Amendment 3: Key performance indicators" in text
    assert "These KPIs are part of the contract through Amendment 3, in this document." in text
    assert "The Contractor sends the Employer's Agent a plan to meet the target (Amendment 3)." in text
    summary = docx_text(jct_pack / "sme" / "contract-summary.docx")
    assert f"The contract is the {JCT}." in summary
    assert "We change the form with 3 amendments: Paying subcontractors, Considerate Constructors Scheme and Key " \
           "performance indicators." in summary
    itt = docx_text(jct_pack / "invitation-to-tender.docx")
    assert f"The contract is the {JCT}." in itt and "It uses these Options" not in itt


# --------------------------------------------------------------------------- a model contract, attached


def test_a_short_form_pack_carries_the_buyers_files(short_form_pack):
    """A government model contract is the buyer's own file: copied into the pack with its order form and schedule,
    named by the invitation, the contract in brief and the form of tender; no contract data, no draft contract."""
    assert sorted(p.name for p in (short_form_pack / "attachments").iterdir()) == \
        ["order-form.txt", "short-form-contract.txt", "specification.txt"]
    assert not list(short_form_pack.glob("draft-contract.*")) and not list(short_form_pack.glob("contract-data.*"))
    itt = docx_text(short_form_pack / "invitation-to-tender.docx")
    assert f"The contract is the {SHORT_FORM}." in itt
    assert "“Short Form Contract” (attachments/short-form-contract.txt): the contract itself" in itt
    assert "“Order form” (attachments/order-form.txt): its order form, with our details" in itt
    summary = docx_text(short_form_pack / "sme" / "contract-summary.docx")
    assert f"The contract is the {SHORT_FORM}. It is in this pack, in “Short Form Contract” " \
           "(attachments/short-form-contract.txt)." in summary
    offer = docx_text(short_form_pack / "sme" / "form-of-tender.docx")
    assert f"You accept the terms of the {SHORT_FORM} in this pack" in offer


def test_the_notice_types_the_model_contracts_files(short_form_pack):
    """In the notice, the attached contract and its order form are the contract's draft, its schedule a schedule."""
    types = notice(short_form_pack)
    assert types["attachments/short-form-contract.txt"] == "contractDraft"
    assert types["attachments/order-form.txt"] == "contractDraft"
    assert types["attachments/specification.txt"] == "contractSchedule"


# --------------------------------------------------------------------------- the spec's own checks


@pytest.mark.parametrize("change, piece, field, message", [
    (lambda d: d["contract"].pop("main_option"), "contract:", "contract.main_option",
     "is required: the NEC4 Engineering and Construction Contract needs its main Option, one of A, B, C"),
    (lambda d: d["contract"]["data"].pop("delay_damages"), "secondary_options:", "contract.secondary_options",
     "Option X7 needs the delay damages for each day: give contract.data.delay_damages"),
    (lambda d: d["contract"].update(secondary_options=["X2", "X16", "X20", "Y(UK)2"]), "delay_damages:",
     "contract.data.delay_damages", "delay damages are Option X7 of the NEC4 Engineering and Construction Contract: "
                                    "add X7 to contract.secondary_options"),
    (lambda d: d["contract"]["data"].update(rectification_months=12), "rectification_months:",
     "contract.data.rectification_months", "the NEC4 Engineering and Construction Contract has no Rectification "
                                           "Period: for an NEC4 form give defects_weeks; leave it out"),
    (lambda d: d["contract"].update(documents=["Scope"]), "- Scope", "contract.documents[0]",
     "no entry of attachments has the title 'Scope': attach the file"),
    (lambda d: d["contract"].update(secondary_options=["X2", "X7", "X7"]), "secondary_options:",
     "contract.secondary_options", "X7 is given twice; give each option once"),
    (lambda d: d.pop("kpis"), "secondary_options:", "contract.secondary_options",
     "Option X20 (Key Performance Indicators) needs the KPIs: list them under kpis:, or leave X20 out"),
])
def test_the_spec_refuses_what_the_form_does_not_have(tmp_path, change, piece, field, message):
    """What an NEC4 form needs, and only that, is checked with the spec itself: exit 2, at the line and field."""
    path = write(tmp_path, change)
    result = validate(path)
    assert result.exit_code == 2, result.output
    assert re.search(at(path, piece, field) + re.escape(message), result.output), result.output


def test_jct_has_no_project_manager(tmp_path):
    """A JCT form names an Employer's Agent, not a Project Manager: said at the field, with the form's own word."""
    path = write(tmp_path, lambda d: (jct(d), d["contract"]["data"].update(project_manager={"name": "A. Person"})))
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(at(path, "project_manager:", "contract.data.project_manager")
                     + re.escape("the JCT Design and Build Contract has no Project Manager; it names Employer's Agent "
                                 "(employers_agent). Leave project_manager out"), result.output), result.output


def test_a_model_contract_needs_its_file(tmp_path):
    """A government model contract without its attached file is refused: the pack carries it only as attached."""
    folder = with_files(tmp_path)
    path = write(folder, lambda d: (short_form(d), d["contract"].pop("attachment")), base=GROUNDS_DATA)
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(at(path, "contract:", "contract.attachment")
                     + re.escape("is required: the pack carries the Short Form Contract only as you attach it"),
                     result.output), result.output


def test_an_nec4_form_is_never_attached(tmp_path):
    """An NEC4 form is copyright: contract.attachment is refused, saying why."""
    path = write(tmp_path, lambda d: d["contract"].update(attachment="NEC4 contract"))
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(at(path, "attachment:", "contract.attachment")
                     + re.escape("the NEC4 Engineering and Construction Contract is copyright: the pack names it and "
                                 "bidders get their own copy from its publisher"), result.output), result.output


# --------------------------------------------------------------------------- the rules


def _credit(d):
    d["kpis"][0].update(if_missed="service_credit", service_credit_percent=2)


def _outcome_payment(d):
    d["outcomes"] = [{"id": "O1", "statement": "The bridge is open to walkers sooner.", "kpi": False,
                      "indicator": {"name": "Days the route is closed", "unit": "days"},
                      "targets": [{"value": "200", "by": "2028-11-30"}], "data_source": "Site diary",
                      "frequency": "monthly", "verified_by": "The Supervisor",
                      "payment": {"type": "bonus", "amount": 20000}}]


@pytest.mark.parametrize("code, change, piece, field, words", [
    ("TP-MODEL-CONTRACT", lambda d: d["commercial"].update(contract_form="works under the JCT Design and Build "
                                                                          "Contract"),
     "contract_form:", "commercial.contract_form", "names the JCT, but the contract the pack ships is the NEC4 "
                                                   "Engineering and Construction Contract (contract.form: nec4_ecc)"),
    ("TP-MODEL-CONTRACT", lambda d: d["commercial"].update(contract_form="works under the NEC3 form"),
     "contract_form:", "commercial.contract_form", "names the NEC3 contract, but the contract the pack ships is"),
    ("TP-MODEL-CONTRACT", lambda d: d["commercial"].update(contract_form="an NEC4 Term Service Contract"),
     "contract_form:", "commercial.contract_form", "names the NEC4 Term Service Contract, but the contract"),
    ("TP-MODEL-CONTRACT", lambda d: d.pop("contract"), "contract_form:", "commercial.contract_form",
     "If the contract is the NEC, say so in contract: (form, edition and the rest), and the pack names it"),
    ("TP-ATTACHED-CONTRACT", lambda d: d.update(attachments=[{"title": "NEC4 form", "file": "form.txt",
                                                              "kind": "model-contract"}]),
     "kind: model-contract", "attachments[0].kind", "is a model contract, but the contract is the NEC4 Engineering "
                                                    "and Construction Contract (named, never carried)"),
    ("TP-CONTRACT-CATEGORY", lambda d: d.update(category="services"), "form: nec4_ecc", "contract.form",
     "is a contract for works, but category is services"),
    ("TP-WORKS-KPI-CREDIT", _credit, "if_missed:", "kpis[0].if_missed",
     "KPI “Work on programme” takes a service credit off the charges when it is missed"),
    ("TP-CONTRACT-PAYMENTS", _outcome_payment, "type: bonus", "outcomes[0].payment.type",
     "Outcome O1 links payment to results"),
    ("TP-CONTRACT-EXTENSIONS", lambda d: d["timetable"].update(extensions=[6]), "extensions:",
     "timetable.extensions", "the NEC4 Engineering and Construction Contract ends when the works are complete"),
    ("TP-NEC4-CONSTRUCTION-ACT", lambda d: d["contract"].update(dispute_option="W1"), "dispute_option:",
     "contract.dispute_option", "The contract has no dispute resolution Option W2."),
    ("TP-WORKS-VAT", lambda d: d["value"].pop("estimated_including_vat"), "estimated_excluding_vat:",
     "value.estimated_excluding_vat", "The works are worth £4,600,000 excluding VAT. With VAT at 20% they reach the "
                                      "works threshold"),
])
def test_each_rule_fires_at_its_field(tmp_path, code, change, piece, field, words):
    """Each rule on the contract's form finds its problem at the field, in words that say what to write."""
    if code == "TP-ATTACHED-CONTRACT":
        (tmp_path / "form.txt").write_text("A form\n", encoding="utf-8")
    path = write(tmp_path, change)
    found = problems(path).get(code, [])
    assert any(re.match(at(path, piece, field), p) and words in p for p in found), found


@pytest.mark.parametrize("code, change, piece, field, words", [
    ("TP-MODEL-CONTRACT-FIT", lambda d: d["commercial"].update(tupe=True), "tupe:", "commercial.tupe",
     "The Short Form Contract is for simple goods and services without staff transfers"),
    ("TP-CONTRACT-KPIS", lambda d: d.update(kpis=[{"name": "Visits on time", "measure": "Visits made on the day "
                                                   "planned, from the work log", "target": "95%"}]),
     "kpis:", "kpis", "its KPIs are in its schedules, which the pack does not change or read"),
])
def test_model_contract_rules_fire_at_their_field(tmp_path, code, change, piece, field, words):
    """The rules on an attached model contract find their problem at the field."""
    folder = with_files(tmp_path)
    path = write(folder, lambda d: (short_form(d), change(d)), base=GROUNDS_DATA)
    found = problems(path).get(code, [])
    assert any(re.match(at(path, piece, field), p) and words in p for p in found), found


def test_a_contract_form_that_names_the_form_shipped_is_fine(tmp_path):
    """Naming the form the pack ships, in the words of its family or its own, breaks no rule."""
    for words in ("NEC4 Engineering and Construction Contract, Option A", "works under an NEC4 contract"):
        path = write(tmp_path, lambda d, w=words: d["commercial"].update(contract_form=w))
        assert "TP-MODEL-CONTRACT" not in problems(path), words


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_the_rules_do_not_fire_on_the_examples(example):
    """No example breaks a rule on the contract's form."""
    found = problems(EXAMPLES / example)
    assert not [code for code in found if code in CODES or code in ("TP-MODEL-CONTRACT", "TP-ATTACHED-CONTRACT")]


# --------------------------------------------------------------------------- the JSON Schema


def test_the_schema_explains_every_new_field(tmp_path):
    """tenderpack init writes tenderpack.schema.json, in which contract and each of its fields has a description."""
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "mine"), "--example", "works-nec4-footbridge"])
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "mine" / "tenderpack.schema.json").read_text(encoding="utf-8"))
    assert "NEC4 or JCT" in schema["properties"]["contract"]["description"]
    for model in ("ContractForm", "ContractData", "ContractPerson", "AccessDate", "Amendment"):
        fields = schema["$defs"][model]["properties"]
        for name, field in fields.items():
            assert field.get("description"), f"{model}.{name} has no description"
    assert validate(tmp_path / "mine" / "tender.yaml").exit_code == 0


def test_every_rule_on_the_form_is_documented_with_its_severity():
    """Each rule on the contract's form is listed in docs/checks.md, with the severity it has."""
    from tenderpack.rules import collect_rules

    rules = {r.code: r for r in collect_rules(Plugins())[0]}
    checks = (HERE.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    for code in [*CODES, "TP-MODEL-CONTRACT", "TP-ATTACHED-CONTRACT"]:
        assert f"| `{code}` | {rules[code].severity} |" in checks, code
    assert {rules[c].severity for c in ("TP-NEC4-CONSTRUCTION-ACT", "TP-WORKS-VAT", "TP-MODEL-CONTRACT-FIT")} == \
        {"warning"}   # built on a [check] figure or on guidance: a buyer can waive them with a reason


def test_the_works_plugin_loads_like_any_other():
    """The works plugin is a first-party plugin found through the 'tenderpack' entry-point group."""
    sources = {info.name: info.source for info in Plugins().info()}
    assert sources["works"].startswith("entry point")
