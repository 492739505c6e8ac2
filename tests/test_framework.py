"""Frameworks (spec.framework, Procurement Act 2023 s.45 to 49): the spec, the rules, the documents, the notice.

The example examples/framework-highways.yaml (a closed framework for London councils in four lots, call-offs
by direct award and by competition, a 1% fee) is built once, in Word, and read back; its variants are checked
through ``tenderpack validate`` (located messages), the rules, the plan of documents and the OCDS notice.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import tenderpack
import tenderpack.law
from tenderpack.artifacts import PackFileInfo
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack.reader import read_spec
from tenderpack.spec import Spec
from tenderpack.tender import Tender
from tenderpack_ocds import validation
from tenderpack_ocds.notice import release_package

from _packs import docx_text, line_of, problems, write_variant

HERE = Path(__file__).parent
ROOT = HERE.parent
# The UK profile's own checker, beside the repository (as tests/test_ocds.py finds it): a missing one is a failure.
CHECKER = Path(__import__("os").environ.get("OCDS_UK_PROFILE", ROOT.parent / "shared" / "ocds" / "uk-profile")) / "check.py"
EXAMPLE = ROOT / "examples" / "framework-highways.yaml"
GROUNDS = ROOT / "examples" / "small-open-grounds.yaml"
DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
SME = ["tender-at-a-glance", "how-to-bid", "response-form", "price-form", "form-of-tender", "contract-summary",
       "glossary"]


def write(tmp_path: Path, change=None, name: str = "tender.yaml") -> Path:
    """A copy of the framework example, changed by ``change(data)``, written to ``tmp_path``."""
    return write_variant(tmp_path, DATA, change, name)


def validate(path: Path):
    return CliRunner().invoke(cli, ["validate", str(path)])


def spec_of(change=None) -> Spec:
    data = copy.deepcopy(DATA)
    if change:
        change(data)
    return Spec.model_validate(data)


# The example prices one adjustment to a schedule of rates for each lot (tests/test_pricing_models.py reads it). The
# tests below that read the words of the items model (a rate for each item, times its estimated quantity) price it so.
ITEMS_PRICING = {"items": [
    {"lot": 1, "item": "Resurfacing, planing and laying 40mm of surface course", "unit": "square metre",
     "quantity": 400000},
    {"lot": 2, "item": "Relaying a footway in paving slabs", "unit": "square metre", "quantity": 60000},
    {"lot": 3, "item": "White lining, 100mm wide", "unit": "metre", "quantity": 500000},
    {"lot": 4, "item": "Replacing a street light column, 6 metres", "unit": "column", "quantity": 2500}]}
ITEMS_TERMS = {"price_basis": "Rates from your tender for each lot, fixed for the first year of the framework",
               "indexation": "Rates change each September by the change in the Baxter road construction index"}


def items(d):
    """The framework priced by items: a rate for each, times its estimated quantity over the framework's term."""
    d["pricing"] = copy.deepcopy(ITEMS_PRICING)
    d["commercial"].update(ITEMS_TERMS)


def one_supplier(d):
    """The single-supplier framework of the "regional innovation managed service": no lots, one supplier, call-offs
    by direct award only, used by the buyer alone."""
    d["lots"] = {"reasons_not_divided": "One managed service must join up every part of the work."}
    d["pricing"] = {}
    d["commercial"].update(ITEMS_TERMS)
    d["award"]["suppliers"] = 1
    d["framework"] = {"call_off": {"direct_award": {"terms": "The buyer awards each call-off contract to the "
                                                             "framework's supplier, at the rates of its tender."}}}


# --------------------------------------------------------------------------- the spec


def test_the_example_validates_with_no_finding():
    """examples/framework-highways.yaml validates, and no rule finds anything (no error, no warning)."""
    result = validate(EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "valid (" in result.output
    assert problems(EXAMPLE) == {}


def test_a_framework_says_how_call_offs_are_awarded(tmp_path):
    """framework.call_off with neither direct_award nor competition is refused at its line, saying what to write."""
    path = write(tmp_path, lambda d: d["framework"].update(call_off={}))
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:{line_of(path, 'call_off:')}:\d+: framework.call_off: say how "
                     r"call-off contracts are awarded: direct_award \(with its objective terms\), competition \(with "
                     r"its criteria\), or both", result.output), result.output


def test_who_may_call_off_names_or_describes_someone(tmp_path):
    """framework.who_may_call_off with only locations is refused: it names bodies, describes a class, or both."""
    path = write(tmp_path, lambda d: d["framework"].update(who_may_call_off={"locations": ["Greater London"]}))
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:{line_of(path, 'who_may_call_off:')}:\d+: framework.who_may_call_off: "
                     r"name the bodies that may award call-off contracts \(named\), describe them as a class "
                     r"\(described\), or both", result.output), result.output


def test_a_framework_has_one_framework_agreement_for_joint_buyers(tmp_path):
    """A joint framework with buyer.contracts: each_authority is refused at buyer.contracts: one framework
    agreement, and each body signs its own call-off contracts."""
    def change(d):
        d["buyer"]["participants"] = [{"name": "London Borough of Ember", "signatory": "Head of Highways"}]
        d["buyer"]["contracts"] = "each_authority"
    path = write(tmp_path, change)
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:{line_of(path, 'contracts: each_authority')}:\d+: buyer.contracts: a "
                     "framework has one framework agreement, which every authority signs", result.output), result.output
    assert "Write contracts: one, or leave it out" in result.output


def test_the_fee_is_a_percentage(tmp_path):
    """framework.fee_percent over 100 is refused at its line."""
    path = write(tmp_path, lambda d: d["framework"].update(fee_percent=120))
    result = validate(path)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:{line_of(path, 'fee_percent:')}:\d+: framework.fee_percent: ",
                     result.output), result.output


def test_frameworks_written_elsewhere_are_pointed_to_framework(tmp_path):
    """A top-level 'frameworks:' (or 'call_off:') is answered with where a framework is described."""
    def change(d):
        d["frameworks"] = d.pop("framework")
    path = write(tmp_path, change)
    result = validate(path)
    assert result.exit_code == 2
    assert ("frameworks: unknown field 'frameworks'; a framework and how its call-off contracts are awarded are "
            "described under framework: (framework.call_off)") in result.output


def test_every_framework_field_is_described_in_the_schema():
    """Every field of the framework section has a description in the JSON Schema (editor hints)."""
    schema = Spec.model_json_schema()
    defs = schema["$defs"]
    assert schema["properties"]["framework"]["description"]
    for name in ("Framework", "CallOff", "DirectAward", "CallOffCompetition", "CallOffCriterion", "WhoMayCallOff"):
        for field, prop in defs[name]["properties"].items():
            assert prop.get("description"), (name, field)


# --------------------------------------------------------------------------- the rules


def test_a_term_over_four_years_needs_reasons(tmp_path):
    """A framework that is a public contract running 5 years, with no reasons, breaks PA23-S47-FRAMEWORK-TERM,
    citing section 47 from law.yaml, at framework.longer_term_reason."""
    path = write(tmp_path, lambda d: d["timetable"].update(contract_end="2032-08-31", extensions=[]))
    found = problems(path)["PA23-S47-FRAMEWORK-TERM"]
    assert len(found) == 1
    assert re.match(rf"{re.escape(str(path))}:{line_of(path, 'framework:')}:\d+: framework.longer_term_reason:",
                    found[0]), found[0]
    assert ("The framework runs from 1 September 2027 to 31 August 2032: 5 years. Section 47 of the Procurement Act "
            "2023 allows a framework that is not for defence and security or utilities 4 years at most") in found[0]


@pytest.mark.parametrize("change", [
    lambda d: d["framework"].update(longer_term_reason="The resurfacing programme runs for five years."),
    lambda d: d["framework"].update(defence_or_utilities=True),
    lambda d: (d["procedure"].update(type="below_threshold"),
               d["value"].update(estimated_excluding_vat=150000, estimated_including_vat=180000, annual_value=30000),
               [lot.update(value=37500) for lot in d["lots"]["items"]]),
], ids=["with reasons", "defence or utilities (8 years)", "below the threshold"])
def test_a_longer_term_with_reasons_or_another_limit_passes(tmp_path, change):
    """Five years pass PA23-S47-FRAMEWORK-TERM with reasons given, for a defence and security or utilities
    framework (8 years), and below the threshold (where s.47 does not apply)."""
    def changed(d):
        d["timetable"].update(contract_end="2032-08-31")
        change(d)
    assert "PA23-S47-FRAMEWORK-TERM" not in problems(write(tmp_path, changed))


def test_a_defence_or_utilities_framework_over_eight_years_needs_reasons(tmp_path):
    """Nine years break PA23-S47-FRAMEWORK-TERM even for a defence and security or utilities framework."""
    def change(d):
        d["timetable"].update(contract_end="2036-08-31")
        d["framework"]["defence_or_utilities"] = True
    found = problems(write(tmp_path, change))["PA23-S47-FRAMEWORK-TERM"]
    assert "allows a defence and security framework or a utilities framework 8 years at most" in found[0]


def test_a_direct_award_states_its_objective_terms(tmp_path):
    """direct_award without terms breaks PA23-S46-DIRECT-AWARD-TERMS at framework.call_off.direct_award.terms."""
    path = write(tmp_path, lambda d: d["framework"]["call_off"].update(direct_award=None))
    found = problems(path)["PA23-S46-DIRECT-AWARD-TERMS"]
    assert re.match(rf"{re.escape(str(path))}:{line_of(path, 'direct_award:')}:\d+: "
                    r"framework.call_off.direct_award.terms:", found[0]), found[0]
    assert "rests on objective terms the framework sets (section 46 of the Procurement Act 2023)" in found[0]


@pytest.mark.parametrize("competition, words", [
    ({}, "does not say how a competition is judged"),
    ({"criteria": [{"name": "Price", "weight": 50}, {"name": "Quality", "weight": 40}]},
     "The weights of the call-off criteria add up to 90, not 100."),
    ({"criteria": [{"name": "Price", "weight": 60}, {"name": "Quality"}]}, "Some call-off criteria have a weight"),
    ({"criteria": [{"name": "Price"}, {"name": "Quality"}]}, "nothing says how they are weighed"),
])
def test_a_call_off_competition_states_its_criteria(tmp_path, competition, words):
    """A competition without criteria or a description, with weights that do not add up to 100, or with some
    weights missing, breaks PA23-S46-COMPETITION-CRITERIA."""
    path = write(tmp_path, lambda d: d["framework"]["call_off"].update(competition=competition))
    found = problems(path)["PA23-S46-COMPETITION-CRITERIA"]
    assert words in found[0]


def test_criteria_described_in_words_pass(tmp_path):
    """A competition described in words, with criteria named but not weighted, passes."""
    path = write(tmp_path, lambda d: d["framework"]["call_off"]["competition"].update(
        criteria=[{"name": "Price"}, {"name": "Quality"}]))
    assert "PA23-S46-COMPETITION-CRITERIA" not in problems(path)


def test_a_competition_needs_more_than_one_supplier(tmp_path):
    """Call-offs by competition only, with a lot of one supplier, break TP-FRAMEWORK-COMPETITION; with a direct
    award as well, that lot's call-offs are direct and the rule passes."""
    def only_competition(d):
        d["lots"]["items"][3]["suppliers"] = 1
        d["framework"]["call_off"].pop("direct_award")
    found = problems(write(tmp_path, only_competition))["TP-FRAMEWORK-COMPETITION"]
    assert "lot 4 appoints one supplier, so no one competes with it" in found[0]
    assert "TP-FRAMEWORK-COMPETITION" not in problems(write(tmp_path, lambda d: d["lots"]["items"][3].update(suppliers=1)))


@pytest.mark.parametrize("change, words", [
    (lambda f: f.update(type="open"), "An open framework is reopened to new suppliers at set points, but"),
    (lambda f: f.update(reopening=["2029-09-01"]), "A closed framework is not reopened"),
    (lambda f: f.update(type="open", reopening=["2031-10-01"]), "1 October 2031 is outside the framework's term"),
    (lambda f: f.update(type="open", reopening=["2029-09-01", "2029-09-01"]), "1 September 2029 is given twice"),
])
def test_reopening_dates_belong_to_an_open_framework(tmp_path, change, words):
    """An open framework gives its reopening dates, inside its term, each once; a closed one gives none
    (TP-FRAMEWORK-REOPENING)."""
    path = write(tmp_path, lambda d: change(d["framework"]))
    found = problems(path)["TP-FRAMEWORK-REOPENING"]
    assert any(words in f for f in found), found
    assert all(": framework.reopening" in f for f in found)


def test_an_open_framework_with_its_dates_passes(tmp_path):
    """An open framework reopened on 1 September 2029 breaks no rule."""
    assert problems(write(tmp_path, lambda d: d["framework"].update(type="open", reopening=["2029-09-01"]))) == {}


# --------------------------------------------------------------------------- the law


def test_the_framework_duties_apply_to_a_framework_that_is_a_public_contract():
    """Sections 45, 46, 47 and 49 are in force for the framework (a public contract), never for a contract; below
    the threshold a framework cites none of them."""
    spec = read_spec(EXAMPLE)
    assert tenderpack.law.regime(spec).framework_duties
    assert {"45", "46", "47", "49"} <= tenderpack.law.sections_in_force(spec)
    assert not {"45", "46", "47", "49"} & tenderpack.law.sections_in_force(read_spec(GROUNDS))
    below = spec_of(lambda d: (d["procedure"].update(type="below_threshold"),
                               d["value"].update(estimated_excluding_vat=150000, estimated_including_vat=180000)))
    assert tenderpack.law.cite(below, "framework") is None
    assert tenderpack.law.duty("framework-term").status == "check"
    assert tenderpack.law.duty("open-framework").status == "check"


def test_a_framework_claims_no_kpi_duty_for_its_lots_values():
    """A lot's value is what all its call-off contracts may add up to: the £5 million KPI duty is not said of
    it (lot 1 is £20 million), as each call-off contract's own value is not known yet."""
    regime = tenderpack.law.regime(read_spec(EXAMPLE))
    assert not regime.kpi_duty
    assert all(c.value_including_vat is None for c in regime.contracts)


# --------------------------------------------------------------------------- the documents


def test_the_framework_plugin_hard_codes_no_section_or_figure():
    """Citations and the longest terms come from tenderpack.law (law.yaml), never from the plugin's code."""
    for path in (ROOT / "plugins" / "tenderpack_framework").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(?:[Ss]ections?|s\.)\s?\d", source), path.name
        assert "Procurement Act 2023" not in source, path.name
        assert not re.search(r"\b(?:48|96)\b", source), path.name


def plan_of(path: Path) -> dict[str, str]:
    return {doc.id: doc.title for doc in Tender.load(path, Plugins()).plan()}


def test_the_framework_documents_come_only_with_a_framework():
    """The framework's pack has the "Framework agreement" and the "Call-off procedure", and its draft contract is
    the "Call-off contract (template)"; a contract's pack has neither, and its "Draft contract"."""
    framework, contract = plan_of(EXAMPLE), plan_of(GROUNDS)
    assert framework["framework-agreement"] == "Framework agreement"
    assert framework["call-off-procedure"] == "Call-off procedure"
    assert framework["draft-contract"] == "Call-off contract (template)"
    assert framework["contract-summary"] == "The call-off contract in brief"
    assert "framework-agreement" not in contract and "call-off-procedure" not in contract
    assert contract["draft-contract"] == "Draft contract"


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """The example's pack, in Word (and the notice), built once."""
    from tenderpack.build import BuildOptions, build

    out = tmp_path_factory.mktemp("framework") / "pack"
    build(EXAMPLE, out, BuildOptions(formats=("docx",), cache_dir=tmp_path_factory.mktemp("framework-cache")))
    return out


@pytest.fixture(scope="module")
def items_pack(tmp_path_factory) -> Path:
    """The example priced by items (a rate for each item, times its estimated quantity), in Word, built once."""
    from tenderpack.build import BuildOptions, build

    folder = tmp_path_factory.mktemp("framework-items")
    out = folder / "pack"
    build(write(folder, items), out, BuildOptions(formats=("docx",), cache_dir=tmp_path_factory.mktemp("items-cache")))
    return out


def read(pack: Path, doc: str) -> list[str]:
    """The lines (paragraphs and table rows) of a document of the pack."""
    path = next(pack.rglob(f"{doc}.docx"))
    return [line.strip() for line in docx_text(path).splitlines() if line.strip()]


def test_the_framework_agreement_sets_out_the_frameworks_terms(pack):
    """The framework agreement gives the parties, who may call off (named, described, where), the term, that it is
    closed, the suppliers on each lot, both ways of calling off with the objective terms and the criteria, the fee
    and what happens at a call-off."""
    body = read(pack, "framework-agreement")
    for line in [
        "This is the framework agreement. It sets the terms on which call-off contracts are awarded to the suppliers "
        "on the framework. It is a framework under section 45 of the Procurement Act 2023.",
        "The parties are London Borough of Hartwell and each supplier we appoint to the framework.",
        "These bodies may award call-off contracts under this framework:",
        "London Borough of Hartwell",
        "So may any body in this class:",
        "Every London borough council and the City of London Corporation.",
        "Where they are: Greater London.",
        "The framework runs from 1 September 2027 to 31 August 2030 (3 years).",
        "We may extend it once, by 12 months.",
        "It cannot run past 31 August 2031.",
        "This is a closed framework. Only the suppliers we appoint now are on it, for as long as it runs.",
        "1 | Road resurfacing | Up to 4 suppliers",
        "4 | Street lighting | Up to 3 suppliers",
        "Call-off contracts are awarded by direct award on the framework's objective terms or after a competition "
        "among the lot's suppliers.",
        "A body may award a call-off contract without a competition, on these objective terms:",
        "Price for the job | 60%",
        "How you will plan and run the job | 40%",
        "Each supplier on the framework pays us a framework fee of 1% of the value of each call-off contract it is "
        "awarded.",
        "Work is ordered only through call-off contracts. The “Call-off procedure” sets out each step.",
        "Framework fee | 1% of the value of each call-off contract",
        "Who may use it | London Borough of Hartwell; and every London borough council and the City of London "
        "Corporation (in Greater London)",
    ]:
        assert line in body, line
    terms = " ".join(DATA["framework"]["call_off"]["direct_award"]["terms"].split())
    assert terms in body


def test_the_call_off_procedure_goes_step_by_step(pack):
    """The call-off procedure gives each way of calling off as numbered steps, the criteria of a competition, and
    what a call-off contract is; it cites section 46 (a public contract)."""
    body = read(pack, "call-off-procedure")
    for line in [
        "In it, “the buyer” means a body that awards a call-off contract under the framework. “You” means a supplier "
        "on the framework.",
        "Section 46 of the Procurement Act 2023 sets out how call-off contracts are awarded.",
        "It chooses the supplier on the framework's objective terms, set out below. There is no competition.",
        "It invites the lot's suppliers to bid for the call-off contract, and says by when.",
        "It awards the call-off contract to the supplier whose bid scores highest.",
        "Price for the job | 60%",
        "A call-off contract is a contract for a piece of work under the framework, between the buyer and one "
        "supplier.",
        "The law of England and Wales governs it. The buyer pays every valid invoice within 30 days.",
    ]:
        assert line in body, line


def test_the_draft_contract_is_the_call_off_contract_template(pack):
    """The draft contract's title and first paragraph say it is the template for each call-off contract; the
    body that awards a call-off contract signs it."""
    body = read(pack, "draft-contract")
    assert "Call-off contract (template)" in body[:3]
    first = body.index("About this template", 10) + 1
    assert body[first] == ("This is the template for each call-off contract awarded under the framework. We publish "
                           "it with the tender so that you know the terms before you bid.")
    assert "The body that awards the call-off contract | Authorised signatory |  |" in body
    assert "Supplier | The supplier on the framework that is awarded the call-off contract" in body
    assert not any("winning" in line for line in body)


def test_the_invitation_is_worded_for_a_framework(pack):
    """The invitation speaks of the framework, its suppliers, its agreement and the call-off contract template."""
    body = read(pack, "invitation-to-tender")
    for line in [
        "This is a framework for works. The main Common Procurement Vocabulary (CPV) code is 45233141-9. Other codes: "
        "45233142-6, 45233221-4 and 45316110-9.",
        "We estimate the call-off contracts under the framework will be worth £48,000,000 excluding VAT in total "
        "(£57,600,000 including VAT). This covers the whole term, including the optional extension.",
        "The framework is divided into four lots. You can bid for one lot or more.",
        "Lot | Title | Estimated value (excluding VAT) | Suppliers appointed",
        "We appoint up to 4 suppliers to this lot: the 4 highest-scoring tenders.",
        "The Director of Highways and Transport signs the framework agreement for London Borough of Hartwell.",
        "Monday 16 August 2027 | Framework agreement signed (planned)",
        "Wednesday 1 September 2027 | Framework starts",
        "The framework runs from 1 September 2027 to 31 August 2030 (3 years).",
        "This tender sets up a framework (section 45 of the Procurement Act 2023). We appoint suppliers to it. The "
        "work is then bought through call-off contracts, awarded to the suppliers on the framework.",
        "Each call-off contract follows the “Call-off contract (template)” in this pack. The law of England and Wales "
        "governs each one.",
        "You do not need this insurance to bid. Each supplier appointed to the framework must show it has this cover:",
    ]:
        assert line in body, line
    evaluation = read(pack, "evaluation-methodology")
    assert "How we choose the suppliers for the framework" in evaluation
    assert "One supplier can win a place on any number of lots." in evaluation
    assert ("A call-off competition among the framework's suppliers is judged on its own criteria. The “Call-off "
            "procedure” sets them out.") in evaluation


def test_the_small_firms_documents_are_worded_for_a_framework(pack):
    """Tender at a glance, How to bid, the form of tender and the call-off contract in brief speak of places on
    the framework, the framework agreement and call-off contracts."""
    glance = read(pack, "tender-at-a-glance")
    assert ("Framework | A closed framework. From 1 September 2027 to 31 August 2030, with one option to extend by "
            "12 months. Work is ordered through "
            "call-off contracts, awarded by direct award on the framework's objective terms or after a competition "
            "among the lot's suppliers. You pay us a fee of 1% of the value of each call-off contract you get.") in glance
    assert any("1. Road resurfacing (up to four suppliers)" in line for line in glance)
    howto = " ".join(read(pack, "how-to-bid"))
    for words in ["This tender sets up a framework. We choose suppliers for it now. The bodies that may use it then "
                  "order work from those suppliers through call-off contracts.",
                  "We will appoint up to four suppliers to lots 1 and 2 and up to three suppliers to lots 3 and 4.",
                  "If you win a place on the framework, you must show public liability insurance of £10,000,000, when "
                  "we award the framework.",
                  "We can sign the framework agreement from Wednesday 4 August 2027.",
                  "The framework starts on 1 September 2027."]:
        assert words in howto, words
    form = read(pack, "form-of-tender")
    assert ("You offer to join “Highways maintenance framework for London councils”, for the lots you name below."
            in form)
    assert ("You accept the terms of the “Framework agreement” and of the “Call-off contract (template)” in this "
            "pack.") in form
    summary = read(pack, "contract-summary")
    assert "The call-off contract in brief" in summary[:3]
    assert ("The “Call-off contract (template)” in this pack is the template for each call-off contract. When a body "
            "orders work under the framework, it signs a call-off contract with you on these terms. The law of "
            "England and Wales governs each call-off contract.") in summary


WINNER = [r"\bwinners?\b", r"\bwinning\b", r"\bif you win\b(?! a place)", r"\bDraft contract\b"]


def test_no_small_firms_document_speaks_of_a_winner(pack):
    """No document for small firms says "winner", "winning", "if you win" (without "a place") or "Draft
    contract": a framework awards places on it, and the work later through call-off contracts."""
    for doc in SME:
        for line in read(pack, doc):
            for pattern in WINNER:
                assert not re.search(pattern, line, re.I), (doc, line)


def test_the_glossary_explains_the_framework_words(pack):
    """The glossary lists the framework's terms, each used in the pack, and every glossary term used in a
    document for small firms is listed."""
    glossary = yaml.safe_load((ROOT / "plugins/tenderpack_sme/glossary.yaml").read_text(encoding="utf-8"))
    rows = [line.split(" | ", 1) for line in read(pack, "glossary") if " | " in line][1:]
    listed = {term for term, _ in rows}
    assert {"Framework", "Framework agreement", "Call-off contract", "Direct award", "Call-off competition",
            "Framework fee"} <= listed
    assert "Open framework" not in listed
    assert dict(rows)["Evaluation"] == "How we check and score tenders to decide who wins a place on the framework."
    whole = " ".join(" ".join(read(pack, p.stem)) for p in pack.rglob("*.docx") if p.stem != "glossary")
    sme = " ".join(" ".join(read(pack, doc)) for doc in SME if doc != "glossary")

    def uses(body: str, entry: dict) -> bool:
        return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", body, re.I)
                   for f in [entry["term"], *entry.get("also", [])])

    for entry in glossary["terms"]:
        if entry["term"] in listed:
            assert uses(whole, entry), (entry["term"], "listed but used nowhere")
        else:
            assert not uses(sme, entry), (entry["term"], "used in a document for small firms but not listed")


# --------------------------------------------------------------------------- the OCDS notice


def files() -> list[PackFileInfo]:
    return [PackFileInfo("framework-agreement.docx", "docx", "framework-agreement", "Framework agreement", 900,
                         "a" * 64)]


def techniques(spec: Spec) -> dict:
    package = release_package(spec, files())
    assert validation.errors(package) == []
    return package["releases"][0]["tender"]


def test_the_notice_describes_the_framework(pack):
    """The notice has techniques.hasFrameworkAgreement and frameworkAgreement: both ways of calling off, open to
    buyers not listed (a class is described), not an open framework, the class and its place, the period; each
    lot gives the most suppliers it appoints; the framework agreement is a contract draft."""
    tender = json.loads((pack / "tender-notice.ocds.json").read_text(encoding="utf-8"))["releases"][0]["tender"]
    agreement = tender["techniques"]["frameworkAgreement"]
    assert tender["techniques"]["hasFrameworkAgreement"] is True
    assert agreement["method"] == "withAndWithoutReopeningCompetition"
    assert agreement["type"] == "open"
    assert agreement["isOpenFrameworkScheme"] is False
    assert agreement["buyerCategories"] == "Every London borough council and the City of London Corporation."
    assert agreement["buyerLocationRestrictions"] == [{"description": "Greater London"}]
    assert agreement["period"]["durationInMonths"] == 36
    assert agreement["period"]["maxExtentDate"].startswith("2031-08-31")
    assert "fee of 1% of the value of each call-off contract" in agreement["description"]
    assert [lot["techniques"]["frameworkAgreement"]["maximumParticipants"] for lot in tender["lots"]] == [4, 4, 3, 3]
    documents = {d["id"]: d["documentType"] for d in tender["documents"]}
    assert documents["framework-agreement.docx"] == "contractDraft"
    assert documents["call-off-procedure.docx"] == "biddingDocuments"


def test_the_notice_passes_the_uk_profile_checker(pack, tmp_path):
    """shared/ocds/uk-profile/check.py finds no schema error in the framework's notice."""
    assert CHECKER.is_file(), f"the UK profile checker is not at {CHECKER}: set OCDS_UK_PROFILE to its folder"
    run = subprocess.run([sys.executable, str(CHECKER), "--out", str(tmp_path / "profile.json"),
                          str(pack / "tender-notice.ocds.json")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 schema error(s)" in run.stdout


def test_the_notice_of_a_single_supplier_framework():
    """One supplier, direct award only, used by the buyer alone: withoutReopeningCompetition, closed to buyers not
    listed, one participant; an open framework is an open framework scheme; a longer term gives its rationale; a
    contract's notice has no techniques."""
    tender = techniques(spec_of(one_supplier))
    agreement = tender["techniques"]["frameworkAgreement"]
    assert agreement["method"] == "withoutReopeningCompetition"
    assert agreement["type"] == "closed"
    assert agreement["maximumParticipants"] == 1
    assert tender["lots"][0]["techniques"]["frameworkAgreement"]["maximumParticipants"] == 1
    assert "buyerCategories" not in agreement and "periodRationale" not in agreement

    def open_and_long(d):
        one_supplier(d)
        d["framework"].update(type="open", reopening=["2029-09-01"], longer_term_reason="Five years of work.")
        d["framework"]["call_off"] = {"competition": {"description": "Each call-off is judged on price."}}
        d["award"]["suppliers"] = 3
    agreement = techniques(spec_of(open_and_long))["techniques"]["frameworkAgreement"]
    assert agreement["method"] == "withReopeningCompetition"
    assert agreement["isOpenFrameworkScheme"] is True
    assert agreement["periodRationale"] == "Five years of work."
    assert "Reopened to new suppliers on 1 September 2029." in agreement["description"]
    contract = techniques(read_spec(GROUNDS))   # a contract's notice has no techniques
    assert "techniques" not in contract and all("techniques" not in lot for lot in contract["lots"])


# --------------------------------------------------------------------------- a single-supplier framework


def test_a_single_supplier_framework_is_worded_for_one_supplier(tmp_path):
    """A framework of one supplier says so: one supplier appointed, its call-offs by direct award, no competition."""
    from tenderpack.compose import compose
    from tenderpack.tree import plain_text

    path = write(tmp_path, one_supplier)
    assert problems(path) == {}
    tender = Tender.load(path, Plugins())
    docs = {d.id: d for d in tender.plan()}
    agreement = compose(tender.spec, tender.plugins, docs["framework-agreement"])
    said = " ".join(plain_text(b.runs) for s in agreement.sections for b in s.blocks
                    if isinstance(b, tenderpack.Paragraph))
    assert "We appoint one supplier to the framework." in said
    assert "This is a closed framework. Only the supplier we appoint now is on it, for as long as it runs." in said
    assert "The supplier we appoint signs this agreement." in said
    assert "Only London Borough of Hartwell may award call-off contracts under this framework." in said
    assert "competition" not in said.replace("without a competition", "")


def test_a_longer_term_gives_its_reasons_in_the_agreement(tmp_path):
    """A framework running longer than 4 years says why in the framework agreement, with section 47, and its
    notice gives the rationale."""
    from tenderpack.compose import compose
    from tenderpack.tree import plain_text

    reason = "The resurfacing programme of every council runs for five years."
    path = write(tmp_path, lambda d: (d["timetable"].update(contract_end="2031-08-31"),
                                      d["framework"].update(longer_term_reason=reason)))
    tender = Tender.load(path, Plugins())
    assert "PA23-S47-FRAMEWORK-TERM" not in problems(path)
    docs = {d.id: d for d in tender.plan()}
    agreement = compose(tender.spec, tender.plugins, docs["framework-agreement"])
    term = next(s for s in agreement.sections if s.title == "How long the framework runs")
    said = [plain_text(b.runs) for b in term.blocks if isinstance(b, tenderpack.Paragraph)]
    assert said[:4] == ["The framework runs from 1 September 2027 to 31 August 2031 (4 years).",
                        "We may extend it once, by 12 months.", "It cannot run past 31 August 2032.",
                        "A framework may run for 4 years at most, unless reasons are given (section 47 of the "
                        "Procurement Act 2023). These are our reasons for a longer term:"]
    assert reason in said
    assert techniques(tender.spec)["techniques"]["frameworkAgreement"]["periodRationale"] == reason


# --------------------------------------------------------------------------- sentences true of a framework
# The social value and outcomes plugins and the clause library speak of a framework's places and its call-off
# contracts, never of a winner, "the contract" awarded now, or the framework's own party and dates in the template.


def build_docx(tmp_path: Path, change, *only: str) -> Path:
    """A variant of the example, built in Word (only the documents named), for reading back."""
    from tenderpack.build import BuildOptions, build

    out = tmp_path / "pack"
    build(write(tmp_path, change), out, BuildOptions(formats=("docx",), only=only, cache_dir=tmp_path / "cache"))
    return out


SV_WRONG = [r"\bIf you win\b(?! a place)", r"\bwinning\b", r"\bthrough this contract\b", r"\binto the contract\b",
            r"\bdraft contract\b", r"\bpart of the contract\b", r"\breport it to us\b"]


def test_social_value_is_worded_for_a_framework(pack):
    """Social value: commitments become part of each call-off contract a supplier is awarded, written in by the body
    that awards it, reported to that body; no winner, no "through this contract", no "into the contract"."""
    said = read(pack, "social-value")
    for line in [
        "Using no more than 2,000 characters, describe the commitment your organisation will make through each "
        "call-off contract you are awarded towards 1a: Create and keep good quality jobs and 4a: Cut greenhouse gas "
        "emissions in running the contract.",
        "How you will measure your progress and report it to each body that awards you a call-off contract.",
        "Reporting metrics you report against if you win a place on the framework:",
        "We score only what you will do through each call-off contract you are awarded. General company policies do "
        "not count.",
        "If you win a place on the framework, your social value commitments become part of each call-off contract "
        "you are awarded.",
        "Before it signs a call-off contract with you, the body that awards it writes your commitments into it.",
        "You report progress every quarter to the body that awarded the call-off contract, using the model's "
        "reporting metrics.",
        "The “Social value schedule” is the part of each call-off contract that sets this out.",
        "Social value outcomes for this framework",
    ]:
        assert line in said, line
    evaluation = read(pack, "evaluation-methodology")
    assert ("If you win a place on the framework, your social value commitments become part of each call-off "
            "contract you are awarded.") in evaluation
    assert ("That body reviews progress with you at its contract meetings. If you fall behind, you agree a plan with "
            "it to catch up.") in evaluation
    form = read(pack, "response-form")
    assert any("will make through each call-off contract you are awarded towards 1a" in line for line in form)
    schedule = read(pack, "social-value-schedule")
    for line in [
        "The part of each call-off contract that turns social value commitments into KPIs, and how they are reported.",
        "This schedule is part of each call-off contract under the framework, between the body that awards it and "
        "the supplier.",
        "In it, “we” means the body that awards the call-off contract.",
        "In the “Call-off contract (template)”, it is part of Schedule 4 (Social value).",
        "Before we sign a call-off contract, we write into it the social value commitments from the supplier's "
        "tender, each with its target.",
        "You send each report to the contract manager by the date the call-off contract's clause on KPIs (“KPIs and "
        "reviewing performance”) sets.",
    ]:
        assert line in schedule, line
    assert any(line.endswith("| Written in from the supplier's tender before the call-off contract is signed | "
                             "Every quarter") for line in schedule)
    for doc in ("social-value", "social-value-schedule", "evaluation-methodology", "response-form",
                "invitation-to-tender"):
        for line in read(pack, doc):
            for pattern in SV_WRONG:
                assert not re.search(pattern, line), (doc, line)


def lot_one_outcome(d):
    """An outcome of lot 1, a KPI with no baseline yet, and a problem with its scope."""
    d["outcomes"] = [{
        "id": "O1", "lots": [1], "statement": "Fewer repairs fail within a year.", "priority": "primary",
        "indicator": {"name": "Repairs that fail within 12 months", "unit": "percent"}, "baseline": {},
        "targets": [{"value": "5%", "by": "2029-08-31"}], "data_source": "Council inspection records",
        "frequency": "quarterly", "verified_by": "The council's highways inspectors", "payment": {"type": "none"},
        "kpi": True}]
    d["problem"] = {"context": "Roads wear out.", "problem": "Repairs fail too soon.",
                    "in_scope": ["Repairs to roads"], "out_of_scope": ["Motorways"]}


def test_outcomes_of_a_lot_are_worded_for_a_framework(tmp_path):
    """An outcome of lot 1 applies to a bidder that wins a place on lot 1, in its call-off contracts under lot 1; it
    is a KPI of each call-off contract under lot 1; the framework, not "the contract", covers the scope; the baseline
    is set in the framework's first year. The invitation's summary says the same."""
    out = build_docx(tmp_path, lot_one_outcome, "outcome-specification", "invitation-to-tender")
    said = [line.strip() for line in docx_text(out / "outcome-specification.docx").splitlines() if line.strip()]
    which = ("Every outcome belongs to lot 1 only. They apply to you only if you win a place on lot 1, and then to "
             "your call-off contracts under lot 1.")
    for line in [which, "What the framework covers", "What the framework does not cover",
                 "This outcome is a performance indicator (KPI) in each call-off contract under lot 1.",
                 "We do not have a reliable figure today. We will set the baseline in the first year of the framework, "
                 "from the same data source."]:
        assert line in said, line
    assert not any(re.search(r"\bif you win lot\b|\bthe contract covers\b|\bin the contract\b", line, re.I)
                   for line in said)
    invitation = [line.strip() for line in docx_text(out / "invitation-to-tender.docx").splitlines()]
    assert which in invitation


def clause(body: list[str], title: str) -> list[str]:
    """The lines of the clause of the template titled ``title`` (its number printed before it), up to the next."""
    start = next(i for i, line in enumerate(body) if re.fullmatch(rf"\d+{re.escape(title)}", line)
                 and i > body.index("Call-off details", body.index("Call-off details") + 1))
    rest = body[start + 1:]
    return rest[:next(i for i, line in enumerate(rest) if re.fullmatch(r"\d+[A-Z].*", line))]


def test_the_template_clauses_name_no_framework_party_or_date(pack):
    """In the call-off contract template, the parties, the Services, the Start Date, the term, the documents and the
    address for notices are the call-off's own, in the call-off details; never London Borough of Hartwell, its
    address or the framework's dates."""
    body = read(pack, "draft-contract")
    details = body.index("Call-off details", body.index("Call-off details") + 1)
    assert body[details + 1] == ("The body that awards this call-off contract fills in these details before the "
                                 "parties sign it. The clauses call them “the call-off details”.")
    rows = body[details + 3:details + 13]
    assert rows == ["The buyer: the body that awards this call-off contract (“we”) |",
                    "Its address for notices |", "The supplier on the framework (“you”) |",
                    "The lot the work is under |", "The work ordered |",
                    "How it was awarded: by direct award, or after a call-off competition |",
                    "Estimated value, excluding VAT |", "Start date |", "End date |",
                    "Any extension: how long, and how many times (write “None” if there is none) |"]
    definitions = clause(body, "Definitions and how to read this contract")
    assert definitions[0] == ("This Contract is a call-off contract under the framework “Highways maintenance "
                              "framework for London councils” (HLB-2027-017). It is between the body named as the "
                              "buyer in the call-off details and the supplier named there. In this Contract, \"we\", "
                              "\"us\" and \"our\" mean that body. \"You\" and \"your\" mean the supplier.")
    assert "Start Date | the start date in the call-off details, or another date we agree in writing." in definitions
    assert ("Services | the work this Contract orders, described in the call-off details, with the requirements in "
            "Schedule 1 (Specification).") in definitions
    assert clause(body, "What makes up this contract")[1:7] == [
        "the call-off details", "these clauses", "the schedules", "the tender documents published for the framework "
        "HLB-2027-017", "your bid in the call-off competition, if this Contract was awarded after one",
        "your tender for a place on the framework, as accepted when you were appointed to the framework"]
    assert clause(body, "How long the contract lasts") == [
        "The Contract takes effect when the parties have signed it. The Services start on the Start Date. The "
        "Contract runs until the end date in the call-off details, unless it ends earlier under clause 30.",
        "We may extend the Contract only if the call-off details give an extension, and only for as long as they "
        "give. To extend it, we will write to you before it would otherwise end. The Term can never run past the end "
        "of the last extension the call-off details give."]
    assert ("You must send notices to us at the address for notices in the call-off details, marked for the attention "
            "of the contract manager. We will tell you the email address to use when we sign.") in clause(body, "Notices")
    assert ("If the Contract ends before the latest day the call-off details allow (its end date, or the end of the "
            "last extension they give), you must keep providing the Services for up to three months after it ends, at "
            "the same Charges, if we ask. We never ask for them after that date.") in clause(body, "Handing over at the end")
    assert ("The social value commitments you made in your tender for a place on the framework are part of this "
            "Contract.") in " ".join(clause(body, "Social value commitments"))
    clauses = body[details:body.index("Signatures", details)]
    for wrong in ["31 August 2030", "31 August 2031", "1 September 2027", "Hartwell Town Hall", "we published",
                  "as we accepted it"]:
        assert not any(wrong in line for line in clauses), wrong
    assert not any("London Borough of Hartwell" in line for line in clauses)


def test_the_term_summary_follows_the_spec(pack, tmp_path):
    """The contract in brief sums up the term as the clause says it: for a framework, the call-off details give the
    end date and any extension; for a contract with no extension, it cannot be extended (never "how we can extend
    it"); with an extension, how we can extend it."""
    summary = read(pack, "contract-summary")
    assert ("3. How long the contract lasts | Says when the contract takes effect, when the services start, and that "
            "the call-off details give its end date and any extension.") in summary
    grounds = yaml.safe_load(GROUNDS.read_text(encoding="utf-8"))

    def brief(data) -> str:
        from tenderpack.build import BuildOptions, build

        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        path = folder / "tender.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        build(path, folder / "pack", BuildOptions(formats=("docx",), only=("contract-summary",),
                                                   cache_dir=folder / "cache"))
        lines = docx_text(next((folder / "pack").rglob("contract-summary.docx"))).splitlines()
        return next(line for line in lines if "How long the contract lasts |" in line)

    assert brief(grounds).endswith("Says when the contract takes effect, when the services start, when it ends and "
                                   "how we can extend it.")
    grounds["timetable"]["extensions"] = []
    assert brief(grounds).endswith("Says when the contract takes effect, when the services start and when it ends, "
                                   "and that it cannot be extended.")


def test_a_framework_without_extensions_gives_no_framework_end_date_in_the_template(tmp_path):
    """Without extensions, the template's handover clause still bounds the Services by the call-off's own end date,
    never the framework's (31 August 2030)."""
    out = build_docx(tmp_path, lambda d: d["timetable"].update(extensions=[]), "draft-contract")
    body = [line.strip() for line in docx_text(out / "draft-contract.docx").splitlines() if line.strip()]
    assert ("If the Contract ends before the latest day the call-off details allow (its end date, or the end of the "
            "last extension they give), you must keep providing the Services for up to three months after it ends, at "
            "the same Charges, if we ask. We never ask for them after that date.") in body
    assert not any("31 August 2030" in line for line in body[body.index("How this contract works", 30):])


# --------------------------------------------------------------------------- who pays, and for what, in a call-off
# A lawyer's read of the framework pack: in a call-off contract "we" is the body that awards it (it pays, audits, owns
# and may end), its prices come from the tender or the call-off bid, a lot's value is what all its call-offs may add
# up to (never a bidder's price), and outcome payments are made under each call-off contract.


def section(body: list[str], title: str, after: str | None = None) -> list[str]:
    """The lines of a document after its heading ``title`` (the one after the contents, or after ``after``), to its
    end; callers cut it where they need."""
    start = body.index(after, body.index(after) + 1) if after else 0
    first = body.index(title, start)
    if after is None and title in body[first + 1:]:   # the contents list the heading first
        first = body.index(title, first + 1)
    return body[first + 1:]


def test_the_call_off_contract_in_brief_says_who_we_are_in_a_call_off(items_pack):
    """The call-off contract in brief: "we" is the body that awards each call-off contract (Hartwell or another body
    that may call off), so the clause summaries ("we pay", "our auditors", "we own", "for our convenience") are true
    of it; the buyer that set the framework up extends it; prices come from the tender or the call-off bid."""
    summary = read(items_pack, "contract-summary")
    for line in [
        "In each call-off contract, “we” means the body that awards it (London Borough of Hartwell or another body "
        "that may call off under the framework). “You” means a supplier on the framework.",
        "The framework runs from 1 September 2027 to 31 August 2030. London Borough of Hartwell may extend it by up to "
        "12 months.",
        "We pay every valid invoice within 30 days. You must pay your own subcontractors within 30 days too.",
        "How prices are set: rates from your tender for each lot, fixed for the first year of the framework.",
        "The prices in each call-off contract come from your tender, or from your bid in the call-off competition.",
    ]:
        assert line in summary, line
    assert "“We” means London Borough of Hartwell. “You” means a supplier we appoint to the framework." not in summary
    assert not any(line.startswith("How we pay:") for line in summary)


def test_a_call_off_contract_in_brief_names_the_only_body_that_may_call_off(tmp_path):
    """When the buyer alone may call off, "we" in each call-off contract is that buyer; with no competition, prices
    come from the tender only."""
    out = build_docx(tmp_path, one_supplier, "contract-summary")
    summary = [line.strip() for line in docx_text(next(out.rglob("contract-summary.docx"))).splitlines()]
    assert ("In each call-off contract, “we” means London Borough of Hartwell. “You” means the supplier on the "
            "framework.") in summary
    assert "The prices in each call-off contract come from your tender." in summary


def test_the_invitation_says_each_call_off_buyer_pays(items_pack):
    """Contract and payment: the buyer's price basis is how prices are set, and the body that awards a call-off
    contract pays, at the prices from the tender or the call-off bid; never "How we pay"."""
    body = read(items_pack, "invitation-to-tender")
    payment = section(body, "Contract and payment")
    assert "How prices are set: Rates from your tender for each lot, fixed for the first year of the framework." \
        in payment
    assert ("The body that awards a call-off contract pays you for the work it orders, at the prices from your "
            "tender, or from your bid in the call-off competition.") in payment
    assert not any(line.startswith("How we pay:") for line in body)
    assert ("Estimated value | £48,000,000 excluding VAT, for every call-off contract together, over the whole term, "
            "including the optional extension") in body


FRAMEWORK_PRICES = (
    "For each lot, you give a rate for each item in the pricing schedule. Your price for a lot is each rate times the "
    "item's estimated quantity, added up. The quantities are our estimates of what may be ordered under all the "
    "call-off contracts, over the framework's whole term, including the optional extension. We use them only to "
    "compare tenders. They are not a promise that any work will be ordered.")


def test_a_framework_bidder_prices_rates_against_the_schedules_quantities(items_pack):
    """The invitation and the evaluation methodology say what a bidder prices (a rate for each item) and the price
    scored (rates times the pricing schedule's estimated quantities), never that a price covers the whole term or
    that a rate is fixed; the worked example multiplies made-up rates by the schedule's quantities, never 90%, 100%
    and 110% of a lot's estimated value (£20,000,000 is what all lot 1's call-off contracts may add up to)."""
    invitation = read(items_pack, "invitation-to-tender")
    assert f"Prices are in pounds and exclude VAT. {FRAMEWORK_PRICES}" in invitation
    evaluation = read(items_pack, "evaluation-methodology")
    assert FRAMEWORK_PRICES in evaluation
    for body in (invitation, evaluation):
        assert not any("covers the whole term" in line and "price" in line.lower() for line in body)
        assert not any(re.search(r"\bfixed for the whole term\b", line) for line in body)
    example = section(evaluation, "Worked example for lot 1: Road resurfacing")
    assert example[:8] == [
        "Imagine three bidders give these rates for lot 1. The rates below are made up for this example: they show the "
        "sums, not what we expect the work to cost.",
        "Each bidder's price is its rate times the estimated quantity in the pricing schedule.",
        "Worked example of price scoring for lot 1",
        "Bidder | Rate | Price | Sum | Price score (out of 40)",
        "Bidder A | £9.00 per square metre | £9.00 × 400,000 = £3,600,000 | £3,600,000 ÷ £3,600,000 × 40 | 40.00",
        "Bidder B | £10.00 per square metre | £10.00 × 400,000 = £4,000,000 | £3,600,000 ÷ £4,000,000 × 40 | 36.00",
        "Bidder C | £11.00 per square metre | £11.00 × 400,000 = £4,400,000 | £3,600,000 ÷ £4,400,000 × 40 | 32.73",
        "Bidder A has the lowest price, so it gets the full 40 marks."]
    assert "Bidder A | £9.00 per column | £9.00 × 2,500 = £22,500 | £22,500 ÷ £22,500 × 40 | 40.00" in evaluation
    assert not any("of our estimate for lot" in line or "£18,000,000" in line for line in evaluation)


def test_a_framework_without_items_to_price_explains_the_example_in_words(tmp_path):
    """Lots with no items in the pricing schedule are priced year by year; their worked example gives no money figure
    (no basket to multiply), only the method; a lot with two items adds up each rate times its quantity."""
    def change(d):
        items(d)
        d["pricing"]["items"] = [d["pricing"]["items"][0],
                                 {"lot": 1, "item": "Patching a pothole", "unit": "pothole", "quantity": 1000}]
    out = build_docx(tmp_path, change, "evaluation-methodology", "invitation-to-tender")
    evaluation = [line.strip() for line in docx_text(out / "evaluation-methodology.docx").splitlines() if line.strip()]
    assert ("For lot 1, you give a rate for each item in the pricing schedule. Your price for lot 1 is each rate times "
            "the item's estimated quantity, added up. The quantities are our estimates of what may be ordered under "
            "all the call-off contracts, over the framework's whole term, including the optional extension. We use "
            "them only to compare tenders. They are not a promise that any work will be ordered. Your price for each "
            "of lots 2, 3 and 4 is the total of the prices you give for each year of the framework, over its whole "
            "term, including the optional extension.") in evaluation
    assert ("Bidder A | £9.00 for each item | £9.00 × 400,000 + £9.00 × 1,000 = £3,609,000 | £3,609,000 ÷ £3,609,000 "
            "× 40 | 40.00") in evaluation
    lot2 = section(evaluation, "Worked example for lot 2: Footway and kerb repairs")
    assert lot2[0] == ("Take the lowest price for lot 2: it gets the full 40 marks. A price 10% above it gets 1 ÷ 1.1 × "
                       "40 = 36.36 marks. A price 25% above it gets 1 ÷ 1.25 × 40 = 32.00 marks.")
    assert not any("£" in line for line in lot2[:lot2.index("Worked example for lot 3: Road markings and signs")])
    assert not any("£12,000,000" in line or "of our estimate" in line for line in evaluation)


def test_schedule_1_of_the_template_points_to_the_call_off_details(pack):
    """Schedule 1 of the call-off contract template: the work ordered is described in the call-off details; the lots
    are the work that may be ordered under each, without the framework's values or summary; never "your tender, as
    we accepted it" (clause 2 lists the documents of a call-off contract)."""
    body = read(pack, "draft-contract")
    schedule = section(body, "Schedule 1: Specification")
    schedule = schedule[:schedule.index("Schedule 2: Charges")]
    assert schedule[:9] == [
        "This schedule sets out the requirements for the services. The call-off details describe the work this "
        "call-off contract orders.",
        "Clause 2 lists the other documents that make up this contract, and says which one wins if two of them "
        "disagree.",
        "What may be ordered",
        "Lot | The work that may be ordered under it",
        "1 | Road resurfacing", "2 | Footway and kerb repairs", "3 | Road markings and signs", "4 | Street lighting",
        "Each call-off contract is for work under one lot on which you have a place."]
    for wrong in ["as we accepted it", "is setting up a framework", "£20,000,000", "£8,000,000", "What we are buying"]:
        assert not any(wrong in line for line in schedule), wrong


def test_schedule_2_and_the_note_of_the_template_name_the_call_off_prices(items_pack):
    """Schedule 2 prices each unit from the tender or the call-off bid; "About this template" points to the call-off
    details instead of saying the template names London Borough of Hartwell or the framework's dates."""
    body = read(items_pack, "draft-contract")
    assert ("1 | Resurfacing, planing and laying 40mm of surface course | square metre | From your tender, or from "
            "your bid in the call-off competition") in body
    assert not any(line.endswith("| From your tender") and "square metre" in line for line in body)
    about = section(body, "About this template")
    assert ("When a body awards a call-off contract, it fills in this template. In the “Call-off details” it writes "
            "its own name, your name, the work it orders and the call-off contract's own dates. It also writes in your "
            "prices, from your tender, or from your bid in the call-off competition, and the social value commitments "
            "from your tender.") in about
    assert ("For the buyer, the supplier, the work ordered and the call-off contract's own dates, the clauses point "
            "to the “Call-off details”.") in about
    assert ("The template has 33 clauses, followed by its schedules. We wrote it in plain English. In its clauses and "
            "schedules, “we” means the body that awards the call-off contract and “you” means the supplier.") in about
    assert not any("Where this template names" in line for line in body)


def paid_outcomes(d):
    """Lot 1's outcomes with a fee at risk and a price for each result (its baseline set later), lot 2's with a bonus;
    as examples/innovation-home-care.yaml pays them."""
    lot_one_outcome(d)
    d["outcomes"][0].update(baseline={"value": "12%", "date": "2026-03-31"},
                            payment={"type": "fee_at_risk", "percent_at_risk": 5, "timing": "quarterly in arrears"})
    d["outcomes"] += [
        {"id": "O2", "lots": [1], "statement": "More potholes are fixed first time.", "priority": "primary",
         "indicator": {"name": "Potholes fixed first time", "unit": "percent"}, "baseline": {},
         "targets": [{"value": "90%", "by": "2028-08-31"}], "data_source": "Council inspection records",
         "frequency": "quarterly", "verified_by": "The council's highways inspectors",
         "payment": {"type": "price_per_outcome", "amount": 100, "unit": "pothole fixed first time above the baseline",
                     "cap": 200000, "cap_per": "supplier", "timing": "quarterly in arrears"}, "kpi": True},
        {"id": "O3", "lots": [2], "statement": "Residents are satisfied with footway repairs.", "priority": "secondary",
         "indicator": {"name": "Residents satisfied", "unit": "percent"},
         "baseline": {"value": "60%", "date": "2026-02-28"}, "targets": [{"value": "75%", "by": "2029-08-31"}],
         "data_source": "Yearly survey", "frequency": "yearly", "verified_by": "The councils",
         "payment": {"type": "bonus", "amount": 10000, "cap": 30000, "cap_per": "supplier"}, "kpi": False}]


def test_outcome_payments_are_made_under_each_call_off_contract(tmp_path):
    """Outcome payments in a framework: the body that awards the call-off contract pays (never London Borough of
    Hartwell), the baseline is set in the framework's first year (as the outcome specification says), the fee at
    risk is worked out on each call-off contract's charges with a made-up example (no supplier holds one contract
    for lot 1, and its £20,000,000 is not one contract's value), and caps are for call-off contracts; the schedules'
    lot notes say a place on lot 1 is won now, its call-off contracts later."""
    out = build_docx(tmp_path, paid_outcomes, "draft-contract", "outcome-specification")
    for doc in ("draft-contract", "outcome-specification"):
        body = [line.strip() for line in docx_text(out / f"{doc}.docx").splitlines() if line.strip()]
        for line in [
            "For outcome O1, 5% of your charges under each call-off contract under lot 1 are at risk.",
            "A quarter that ends before 31 August 2029 has no target yet, so its at-risk share is paid in full.",
            "Each body that awards a call-off contract under lot 1 works this out on the charges under that call-off "
            "contract, and pays them.",
            "For example, take a call-off contract under lot 1, with charges of £10,000 for a quarter. The figure is "
            "made up: each call-off contract's charges depend on the work it orders.",
            "If the result meets the target, the amount paid of the at-risk share is £500 × 1 = £500. You are paid all "
            "£10,000.",
            "The body that awards the call-off contract pays quarterly in arrears, within 30 days of a valid invoice.",
            "For outcome O2, the body that awards the call-off contract pays you £100 excluding VAT for each pothole "
            "fixed first time above the baseline.",
            "The baseline is set in the first year of the framework, from the same data source. Results above it count "
            "from then.",
            "The most paid for this outcome is £200,000 excluding VAT, for each supplier, across all its call-off "
            "contracts under lot 1.",
            "For outcome O3, the body that awards the call-off contract pays you a bonus of £10,000 excluding VAT for "
            "each year in which the result meets the target.",
        ]:
            assert line in body, (doc, line)
        for wrong in ["London Borough of Hartwell pays", "first year of the contract", "one supplier's contract",
                      "£20,000,000", "split equally", "so we pay", "we count the results"]:
            assert not any(wrong in line for line in body), (doc, wrong)
    contract = [line.strip() for line in docx_text(out / "draft-contract.docx").splitlines() if line.strip()]
    assert ("The outcome KPIs are part of lot 1 only. They apply to you only if you win a place on lot 1, and then to "
            "your call-off contracts under lot 1.") in contract
    assert ("Each of the outcomes is part of the lots shown. It is in a call-off contract only if the call-off "
            "contract is under one of those lots.") in contract
    assert "The baseline for O2 is set in the first year of the framework, from the same data source." in contract
    assert not any("only if you win lot" in line or "in your contract only" in line for line in contract)
    specification = [line.strip() for line in docx_text(out / "outcome-specification.docx").splitlines()]
    assert ("The body that awards the call-off contract pays £100 excluding VAT for each pothole fixed first time "
            "above the baseline. The most paid for this outcome is £200,000 excluding VAT. This payment is made "
            "quarterly in arrears.") in specification


# --------------------------------------------------------------------------- call-off words in the template and forms
# A call-off contract is under one lot, its work and prices are in the call-off details (from the tender or the bid in
# the call-off competition), and the body that awards it pays: never "we" of the framework's documents.


def test_the_template_clauses_describe_the_call_off_and_its_prices(items_pack, tmp_path):
    """Clauses 5, 10 and 25 of the call-off contract template: the services are described in the call-off details and
    Schedule 1, and in the tender or the call-off bid; the Charges are the call-off details' prices, from the tender or
    the call-off bid (the buyer's price basis is the framework's rates, never the call-off's prices as such); the
    promise that the tender is true covers the call-off bid. Without a competition, no bid is named."""
    body = read(items_pack, "draft-contract")
    assert clause(body, "The services")[0] == (
        "You must provide the Services from the Start Date, as described in the call-off details and Schedule 1 "
        "(Specification), and in your tender or your bid in the call-off competition.")
    charges = clause(body, "Prices and how they change")
    assert ("The Charges are the prices in the call-off details, from your tender or your bid in the call-off "
            "competition. How the framework sets its rates: Rates from your tender for each lot, fixed for the first "
            "year of the framework.") in charges
    assert not any(line.startswith("How prices are set:") for line in charges)
    promises = clause(body, "Promises you make")
    assert ("if this Contract was awarded after a call-off competition, the same is true of your bid in that "
            "competition") in promises
    out = build_docx(tmp_path, one_supplier, "draft-contract")
    alone = [line.strip() for line in docx_text(out / "draft-contract.docx").splitlines() if line.strip()]
    assert clause(alone, "The services")[0] == (
        "You must provide the Services from the Start Date, as described in the call-off details and Schedule 1 "
        "(Specification), and in your tender.")
    assert ("The Charges are the prices in the call-off details, from your tender. How the framework sets its rates: "
            "Rates from your tender for each lot, fixed for the first year of the framework.") in clause(
        alone, "Prices and how they change")
    assert not any("call-off competition" in line for line in clause(alone, "Promises you make"))


def test_the_services_clause_puts_a_call_off_under_one_lot(tmp_path):
    """Outcomes and fixed requirements of a lot apply "if this Contract is under lot 1" and to "the lot this Contract
    is under": a call-off contract is under one lot, never "your Contract includes lot 1"."""
    def change(d):
        paid_outcomes(d)
        d["lots"]["items"][0]["requirements"] = ["Plane off no more than 50mm before laying."]

    out = build_docx(tmp_path, change, "draft-contract")
    body = [line.strip() for line in docx_text(out / "draft-contract.docx").splitlines() if line.strip()]
    services = " ".join(clause(body, "The services"))
    for words in ["If this Contract is under lot 1, you must work with us to achieve outcomes O1 and O2, set out in "
                  "Schedule 1 (Specification).",
                  "If this Contract is under lot 2, you must work with us to achieve outcome O3, set out in Schedule 1 "
                  "(Specification).",
                  "You must also meet the fixed requirements in Schedule 1 (Specification) that apply to the lot this "
                  "Contract is under."]:
        assert words in services, words
    assert "includes lot" not in services and "lots in your Contract" not in services


def test_the_price_form_and_the_glance_speak_of_call_off_contracts(items_pack):
    """The price form says the body that awards each call-off contract pays for what it orders (never "we", the lead
    buyer); the glance says the value is what all the call-off contracts together may add up to."""
    form = read(items_pack, "price-form")
    assert ("Quantities are our estimates. We use them to compare tenders. The body that awards each call-off contract "
            "pays for what it orders.") in form
    assert not any("pay for what we order" in line for line in form)
    assert ("Value | About £48,000,000 excluding VAT, with extensions. That is what all the call-off contracts together "
            "may add up to.") in read(items_pack, "tender-at-a-glance")


def test_the_price_form_names_the_only_body_that_may_call_off(tmp_path):
    """When the buyer alone may call off, the price form names it as the one that pays under each call-off contract."""
    def alone(d):
        items(d)
        d["framework"].update(who_may_call_off={"named": ["London Borough of Hartwell"]})
    out = build_docx(tmp_path, alone, "price-form")
    form = [line.strip() for line in docx_text(next(out.rglob("price-form.docx"))).splitlines() if line.strip()]
    assert ("Quantities are our estimates. We use them to compare tenders. Under each call-off contract, London "
            "Borough of Hartwell pays for what it orders.") in form


def test_the_emissions_baseline_is_each_call_off_contracts_first_year(pack):
    """4a's emissions plan: the commitment is made through each call-off contract and is a KPI of it (the social value
    schedule), so its baseline is the first year of each call-off contract, never "of the contract"."""
    said = read(pack, "social-value")
    # A call-off may be short: the bidder estimates the baseline (finding 11 of the lawyer's review).
    assert ("A dated plan to cut the greenhouse gas emissions of each call-off contract from a baseline you estimate "
            "in your answer: the emissions of the work done in the usual way") in said
    assert not any("first year of the contract" in line for line in said)


def test_the_payment_table_and_examples_are_true_of_a_framework(tmp_path):
    """How we pay for outcomes: the table's headings name no "we" ("Most paid", "When paid": the body that awards each
    call-off contract pays); the examples' figures are said to be the pack's amounts, percentages and limits, the
    rest (a call-off contract's charges, counts) made up, never "round figures from this pack"."""
    out = build_docx(tmp_path, paid_outcomes, "outcome-specification")
    body = [line.strip() for line in docx_text(out / "outcome-specification.docx").splitlines() if line.strip()]
    assert "Outcome | How payment works | Amount | Most paid | Evidence | When paid" in body
    assert ("For each outcome, it gives the formula in words and a worked example. The examples use this pack's "
            "payment amounts, percentages and limits. Their other figures, such as a call-off contract's charges, the "
            "number of results or how often the result meets the target, are made up to show the sums. Your payments "
            "depend on your prices and results.") in body
    assert not any("Most we pay" in line or "When we pay" in line or "round figures from this pack" in line
                   for line in body)
