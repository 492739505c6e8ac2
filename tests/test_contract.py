"""The draft contract: built from the clause library into Word and PDF, with its schedules.

The files are read back (python-docx, pypdf) to check what a reader sees.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as Word
from pypdf import PdfReader

from tenderpack.cli import cli

from conftest import ROOT

HERE = Path(__file__).parent
HOME_CARE = ROOT / "examples" / "innovation-home-care.yaml"
MINIMAL = HERE / "fixtures" / "minimal.yaml"
LEGAL_PACKAGE = ROOT / "examples" / "legal-team-plugin"


def build(spec: Path, out: Path, *args: str, formats: str = "docx,pdf"):
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out), "--only", "draft-contract",
                                      "--format", formats, *args])
    assert result.exit_code == 0, result.output
    return out


def word_text(path: Path) -> str:
    doc = Word(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def home_care_pack(tmp_path_factory):
    return build(HOME_CARE, tmp_path_factory.mktemp("contract") / "pack")


@pytest.fixture(scope="module")
def manifest(home_care_pack):
    data = json.loads((home_care_pack / "manifest.json").read_text())
    return next(d for d in data["documents"] if d["id"] == "draft-contract")


def test_draft_contract_is_in_the_pack_in_word_and_pdf(home_care_pack, manifest):
    """The pack has a "Draft contract" document in Word and PDF, from the contract plugin."""
    assert manifest["title"] == "Draft contract" and manifest["plugin"] == "contract"
    assert (home_care_pack / "draft-contract.docx").stat().st_size > 5000
    assert (home_care_pack / "draft-contract.pdf").stat().st_size > 5000


def test_contract_has_its_schedules(home_care_pack):
    """The contract carries its five schedules: specification, charges, KPIs, social value, data processing.
    No contract of the example is over £5m on its own (each council signs its own, per lot), so the
    KPI schedule cites no KPI section of the Act."""
    paragraphs = Word(home_care_pack / "draft-contract.docx").paragraphs
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading 1")]
    for title in ("Schedule 1: Specification", "Schedule 2: Charges", "Schedule 3: KPIs",
                  "Schedule 4: Social value", "Schedule 5: Data processing"):
        assert title in headings, headings
    texts = [p.text for p in paragraphs]
    kpis = " ".join(texts[texts.index("Schedule 3: KPIs"):texts.index("Schedule 4: Social value")])
    assert "section 52" not in kpis.lower() and "section 71" not in kpis.lower()
    pdf = pdf_text(home_care_pack / "draft-contract.pdf")
    assert "Phase 2: test and learn" in pdf


def test_cross_references_read_the_same_in_word_and_pdf(home_care_pack, manifest):
    """[[core:termination]] becomes the same "clause N" in Word and PDF; no reference syntax is left."""
    number = {s["clause"]: s["number"] for s in manifest["sources"]}
    sentence = f"unless it ends earlier under clause {number['core:termination']}."
    word = flat(word_text(home_care_pack / "draft-contract.docx"))
    pdf = pdf_text(home_care_pack / "draft-contract.pdf")
    assert sentence in word and sentence in pdf
    exit_ref = f"clause {number['core:exit']} applies"
    assert exit_ref in word and exit_ref in pdf
    for text in (word, pdf):
        assert "[[" not in text and "{Contract}" not in text and "{{" not in text


def test_payment_clause_says_30_days_and_flows_down(home_care_pack):
    """The contract promises payment within 30 days and passes it down to subcontractors (s.68, s.73)."""
    word = flat(word_text(home_care_pack / "draft-contract.docx"))
    assert "We will pay each valid invoice within 30 days of receiving it." in word
    assert "Section 73 of the Procurement Act 2023" in word


def test_definitions_table_in_the_document(home_care_pack):
    """The definitions clause holds a table of the terms used, in Word."""
    doc = Word(home_care_pack / "draft-contract.docx")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Term")
    terms = [row.cells[0].text for row in table.rows[1:]]
    assert "Transferring Staff" in terms and terms == sorted(terms, key=str.casefold)


def test_manifest_records_clause_provenance(manifest):
    """The manifest lists, for the contract, each clause's id, version, content hash, source and why."""
    sources = manifest["sources"]
    assert len(sources) >= 30
    tupe = next(s for s in sources if s["clause"] == "core:tupe")
    assert tupe["version"] == "1.4" and tupe["source"] == "core" and tupe["file"] == "tupe.md"
    assert tupe["why"] == "applies_when: commercial.tupe (commercial.tupe = true)"
    digest = hashlib.sha256((ROOT / "clauses" / "tupe.md").read_bytes()).hexdigest()
    assert tupe["sha256"] == digest
    assert [s["number"] for s in sources] == [str(i) for i in range(1, len(sources) + 1)]


def test_spec_values_literal_in_word_and_pdf(tmp_path):
    """Spec values placed in clauses come out literally in Word and PDF: no markup, no references."""
    hostile = "A fixed price **not bold** [[core:term]] {Contract} {{ 7*7 }} <b>x</b> & co"
    data = yaml.safe_load(MINIMAL.read_text())
    data["commercial"]["price_basis"] = hostile
    spec = tmp_path / "hostile.yaml"
    spec.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = build(spec, tmp_path / "pack")
    expected = f"How prices are set: {hostile}."
    assert expected in flat(word_text(out / "draft-contract.docx"))
    assert expected in pdf_text(out / "draft-contract.pdf")


def test_legal_team_package_installs_and_overrides_a_core_clause(tmp_path):
    """The example legal-team package, pip-installed, is found by its entry point; its override is in the contract."""
    target = tmp_path / "site"
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(LEGAL_PACKAGE)]
    if importlib.util.find_spec("hatchling") is not None:
        command.insert(5, "--no-build-isolation")
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    assert list(target.glob("dunmore_legal_clauses-*.dist-info"))
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "pack"
    done = subprocess.run([sys.executable, "-m", "tenderpack", "build", str(HOME_CARE), "-o", str(out),
                           "--only", "draft-contract", "--format", "docx"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert any(p["name"] == "dunmore_legal" for p in manifest["plugins"])
    sources = next(d for d in manifest["documents"] if d["id"] == "draft-contract")["sources"]
    payment = next(s for s in sources if s["clause"] == "dunmore:payment")
    assert payment["overrides"] == "core:payment" and payment["version"] == "1.2"
    assert payment["source"] == "Dunmore legal"
    assert not any(s["clause"] == "core:payment" for s in sources)
    assert any(s["clause"] == "dunmore:safeguarding" for s in sources)
    word = flat(word_text(out / "draft-contract.docx"))
    assert "Dunmore aims to pay every valid invoice within 10 days of receiving it." in word
    listing = subprocess.run([sys.executable, "-m", "tenderpack", "clauses", "list"], capture_output=True,
                             text=True, env=env, cwd=tmp_path)
    assert re.search(r"core:payment .*left out: overridden by dunmore:payment", listing.stdout), listing.stdout


# --------------------------------------------------------------------------- the lawyer's review, composed
#
# These tests compose the draft contract as a document tree (clauses and schedules, no Word or PDF),
# so each reads what a bidder would read, quickly.

GROUNDS = ROOT / "examples" / "small-open-grounds.yaml"


def _spec(path: Path, change=None):
    import tenderpack

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if change:
        change(data)
    return tenderpack.Spec.model_validate(data)


def _units(tree) -> list[str]:
    """Every paragraph, heading, list item, table cell and key fact of a document tree, in order."""
    from _packs import section_units

    return section_units(tree.sections)


@functools.lru_cache(maxsize=None)
def _tree(path: Path, change=None, doc_id: str = "draft-contract"):
    """One document of the pack, composed from the spec (with ``change`` applied to its data), once per run."""
    from tenderpack.compose import compose, plan
    from tenderpack.plugins import Plugins

    spec = _spec(path, change)
    plugins = Plugins(())
    doc = next(d for d in plan(spec, plugins) if d.id == doc_id)
    return compose(spec, plugins, doc)


def composed(path: Path, change=None, doc_id: str = "draft-contract") -> str:
    """The text of one document of the pack."""
    return flat("\n".join(_units(_tree(path, change, doc_id))))


def section_text(path: Path, title: str, change=None) -> str:
    """The text of one section of the draft contract, by its title."""
    tree = _tree(path, change)
    section = next(s for s in tree.sections if s.title == title)
    return flat("\n".join(_units(types.SimpleNamespace(sections=[section]))))


def clause_number(path: Path, clause: str, change=None) -> str:
    """The number a clause has in the draft contract."""
    return {s["clause"]: s["number"] for s in _tree(path, change).sources}[clause]


def one_contract(d):
    d["buyer"]["contracts"] = "one"


MANDATORY_GROUND = "a mandatory exclusion ground (Schedule 6 of the Procurement Act 2023)"


def test_below_the_threshold_the_contract_uses_the_buyers_exclusion_test():
    """Below the threshold, 'excluded supplier under the Procurement Act 2023' does not apply: the subcontracting,
    promises and ending clauses use the buyer's own test, based on Schedule 6, and 'likely to happen again'."""
    words = composed(GROUNDS)
    assert "excluded supplier under the Procurement Act 2023" not in words
    assert words.count(MANDATORY_GROUND.removeprefix("a ")) == 2   # the promises and the ending clauses
    assert "mandatory exclusion ground in our exclusion test applies to the Subcontractor, and is likely to happen " \
           "again. Our exclusion test is based on Schedule 6 of the Procurement Act 2023." in words
    assert f"{MANDATORY_GROUND} applies to you, and is likely to happen again" in words
    assert f"no {MANDATORY_GROUND.removeprefix('a ')} applies to you and is likely to happen again" in words


def test_a_public_contract_keeps_the_acts_excluded_supplier():
    """At or above the threshold, the clauses speak of an excluded supplier under the Act."""
    words = composed(HOME_CARE)
    assert "you are not an excluded supplier under the Procurement Act 2023" in words
    assert "our exclusion test" not in words


def test_insurance_binds_from_signature_or_the_start_date_never_before_award():
    """The contract cannot bind before it exists: each cover is held from signature (evidence asked at award) or
    from the Start Date, and evidence is shown when we ask."""
    words = composed(GROUNDS)
    assert "before we award the contract" not in words
    assert "Public liability, from the day you sign the Contract: at least £5,000,000 for each claim" in words
    assert "Employer's liability, from the Start Date: at least £5,000,000 for each claim" in words
    assert "You must show us evidence of your insurance when we ask." in words


def test_exit_services_never_run_past_the_latest_end_date():
    """Services after the end are bounded by the last extension the contract allows (the published value)."""
    term = clause_number(GROUNDS, "core:term")
    words = composed(GROUNDS)
    assert (f"If the Contract ends before the latest date to which we could extend it under clause {term}, you must keep "
            "providing the Services for up to three months after it ends, at the same Charges, if we ask. We never ask "
            "for them after that date.") in words
    fixed = composed(GROUNDS, lambda d: d["timetable"].update(extensions=[]))
    assert ("If the Contract ends early, you must keep providing the Services for up to three months after it ends, "
            f"at the same Charges, if we ask. We never ask for them after 31 March 2029, the end date in clause {term}."
            ) in fixed


def test_the_contract_takes_effect_at_signature_and_the_services_start_on_the_start_date():
    """The signature page and the term clause agree: signing makes the contract; the Services start on the Start Date."""
    words = composed(GROUNDS)
    assert "starts when both parties have signed" not in words
    assert "The Contract starts on the Start Date" not in words
    assert "The contract takes effect when the parties have signed it. The Services start on the Start Date." in words
    assert "The Contract takes effect when the parties have signed it. The Services start on the Start Date." in words


def test_schedule_1_keeps_the_tender_below_the_schedules():
    """Schedule 1 does not lift the tender above the order of precedence: it points to that order, tender last."""
    number = clause_number(GROUNDS, "core:contract-documents")
    words = section_text(GROUNDS, "Schedule 1: Specification")
    assert "also forms part of it" not in words
    assert ("The tender documents and your tender, as we accepted it, are also part of the contract. "
            f"Clause {number} gives their order. If they disagree with this schedule, this schedule wins.") in words


def test_terms_change_only_before_the_final_deadline():
    """No post-award change is implied: every bidder hears of a change to the terms before the final deadline."""
    assert "Before the tender deadline we will tell every bidder of any change to these terms." in composed(GROUNDS)
    assert "Before the deadline for final tenders we will tell every bidder of any change to these terms." in \
        composed(HOME_CARE)
    assert "without telling every bidder" not in composed(GROUNDS)


def test_social_value_reporting_follows_the_kpi_clause():
    """One reporting rule: the KPI clause's. The social value clause, Schedule 4 and the social value schedule
    point to it; nothing says the date is agreed at the start or gives another remedy."""
    kpis = clause_number(GROUNDS, "core:kpis")
    contract = composed(GROUNDS)
    assert f"You must send each report by the date clause {kpis} sets for KPI data." in contract
    assert f"If you miss it, clause {kpis} says what happens, as for every other KPI." in contract
    assert f"Clause {kpis} says when you send each report and what happens if you miss a target" in contract
    schedule = composed(GROUNDS, doc_id="social-value-schedule")
    assert "date we agree" not in schedule and "failure to perform" not in schedule
    assert "the draft contract's clause on KPIs (\u201cKPIs and reviewing performance\u201d)" in schedule


def test_cyber_essentials_only_when_our_data_is_on_your_systems():
    """Cyber Essentials is asked for only if the supplier holds or processes our data on its IT systems."""
    words = composed(GROUNDS)
    assert "If you hold or process our data on your IT systems, you must hold Cyber Essentials certification" in words
    assert "You must hold Cyber Essentials" not in words


def test_the_data_processing_schedule_asserts_no_processing():
    """Schedule 5 describes processing if there is any: it never says the supplier processes personal data."""
    words = section_text(GROUNDS, "Schedule 5: Data processing")
    assert "You process personal data only for us" not in words
    assert "If you process personal data to provide the services, you do so only for us, as our processor." in words


def test_below_the_threshold_a_change_takes_effect_on_signature():
    """Section 74 does not apply below the threshold: a change takes effect when both parties have signed it."""
    words = composed(GROUNDS)
    assert "A change takes effect when both parties have signed it." in words
    assert "section 74" not in words and "only when the Law allows it" not in words
    # Light-touch contracts (home care) are believed free of the s.74 limits (law.yaml: public_standard, check).
    assert "A change takes effect when both parties have signed it." in composed(HOME_CARE)
    assert "section 74" not in composed(HOME_CARE)


def test_a_standard_public_contract_cites_the_limits_on_change():
    """A public contract that is not light-touch: a change takes effect only if section 74 allows it."""
    import tenderpack

    def not_light_touch(d):
        d["cpv"] = ["79410000-1"]   # business consultancy: not a light-touch service
    assert tenderpack.law.regime(_spec(HOME_CARE, not_light_touch)).public_standard
    words = composed(HOME_CARE, not_light_touch)
    assert ("A change takes effect when both parties have signed it, and only if section 74 of the Procurement Act "
            "2023 allows it.") in words


def test_each_authoritys_contract_is_between_the_authority_on_its_signature_page_and_the_supplier():
    """Each council signs its own contract: clause 1 names the authority on the signature page, never 'or the other
    council', and the signature pages are one per authority, each its own contract."""
    words = composed(HOME_CARE)
    assert "or the other council" not in words
    assert ("This Contract is between the authority named on the signature page and the supplier that signs it. "
            "Dunmore City Council and Eastvale Borough Council each sign their own, separate contract") in words
    signatures = section_text(HOME_CARE, "Signatures")
    for name in ("Dunmore City Council", "Eastvale Borough Council"):
        assert f"Signature page: {name}" in signatures
        assert f"This is {name}'s own contract with the supplier." in signatures


def test_one_joint_contract_names_every_authority_and_one_signature_page():
    """buyer.contracts: one -> one contract between the authorities together and the supplier."""
    words = composed(HOME_CARE, one_contract)
    assert ("This Contract is between the supplier that signs it and these authorities, which sign it together: "
            "Dunmore City Council and Eastvale Borough Council.") in words
    assert "named on the signature page" not in words
    assert "Signature page:" not in section_text(HOME_CARE, "Signatures", one_contract)


def test_one_buyer_has_no_joint_wording_in_clause_1():
    """One buyer: the contract is between it and the supplier, with no word about other councils."""
    words = composed(GROUNDS)
    assert "This Contract is between Kelbrook Town Council and the supplier that signs it." in words
    assert "other council" not in words and "signature page" not in words.split("Signatures")[0]


def test_notices_go_to_the_authority_named_on_the_signature_page():
    """Each council's address is listed, and notices go to the one that signed the contract."""
    words = composed(HOME_CARE)
    assert "You must send notices to the authority named on the signature page, at its address below" in words
    assert "Dunmore City Council: Civic Centre, Market Street, Dunmore DN1 2AB" in words
    assert "Eastvale Borough Council: Town Hall, High Street, Eastvale EV4 7QP" in words


def test_lot_outcomes_bind_only_a_contract_that_includes_their_lot():
    """Outcomes of lot 1 are a duty only 'if your contract includes lot 1'; outcomes of no lot bind every contract."""
    assert "If this Contract is for lot 1, you must work with us to achieve outcomes O1, O2, O3 and O4" in \
        composed(HOME_CARE)

    def no_outcome_lots(d):
        for o in d["outcomes"]:
            o.pop("lots", None)
    words = composed(HOME_CARE, no_outcome_lots)
    assert "You must work with us to achieve outcomes O1, O2, O3 and O4" in words
    assert "If your Contract includes lot" not in words


def test_seed_funding_is_a_total_across_the_authorities_contracts():
    """Each council signs its own contract: seed funding is the total across the contracts, each paying its share."""
    words = composed(HOME_CARE)
    assert "each supplier in it receives £40,000 of seed funding in total, across the authorities' contracts" in words
    assert "Each authority pays its share under its own contract: Dunmore City Council: 60% Eastvale Borough Council: 40%" \
        in words
    assert "Dunmore City Council 60% and Eastvale Borough Council 40%" in section_text(HOME_CARE, "Schedule 2: Charges")
    one = composed(HOME_CARE, one_contract)
    assert "across the authorities' contracts" not in one and "pays its share" not in one


def test_a_go_no_go_decision_ends_only_the_part_of_the_contract_for_its_lot():
    """Phases of lot 1: a 'no go' ends the part of the contract for lot 1, not the whole contract."""
    words = composed(HOME_CARE)
    assert ("not to go on, a Contract for lot 1 ends when that Phase ends. A Contract for another lot is not affected."
            in words)

    def no_phase_lots(d):
        for ph in d["procedure"]["innovation_phases"]:
            ph.pop("lots", None)
    assert "not to go on, the Contract ends at the end of that Phase." in composed(HOME_CARE, no_phase_lots)


def test_the_charges_clause_names_every_other_amount_we_pay():
    """Outcome payments and seed funding are paid beyond the Charges: the clause says so; without them, the
    Charges are the only amounts."""
    assert ("Apart from the Charges, we pay only the outcome payments and the seed funding set out in Schedule 2 "
            "(Charges).") in composed(HOME_CARE)
    words = composed(GROUNDS)
    assert "The Charges are the only amounts we pay." in words and "Apart from the Charges" not in words


def test_indexation_is_the_specs_words_only():
    """The contract prints the spec's indexation and claims no date rule or formula of its own."""
    spec = _spec(HOME_CARE)
    words = composed(HOME_CARE)
    assert f"How prices change: {spec.commercial.indexation}." in words
    assert "the date the Contract allows" not in words
    grounds = composed(GROUNDS)
    assert f"How prices change: {_spec(GROUNDS).commercial.indexation}." in grounds


def test_the_contract_schedules_hold_no_budget():
    """A budget is a fact of the procurement, not a term of one council's contract: Schedule 2 has none."""
    words = section_text(HOME_CARE, "Schedule 2: Charges")
    assert "Budget ceiling" not in words and "£2,880,000" not in words
    assert "Budget ceiling" not in section_text(GROUNDS, "Schedule 2: Charges")


def test_tupe_pensions_are_one_obligation_with_two_ways_to_meet_it():
    """LGPS members: the supplier must either keep them in it or offer a broadly comparable scheme."""
    words = composed(HOME_CARE)
    assert ("you must do one of two things. You must apply to the scheme for them to stay in it, or offer a "
            "scheme that an actuary certifies as broadly comparable.") in words
    assert "Instead, you may" not in words
