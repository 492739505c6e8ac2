"""The OCDS tender notice: built into every pack, true for its tender, valid against OCDS 1.1.5 and the UK profile, offline."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import tenderpack
import tenderpack_ocds
from tenderpack import text
from tenderpack.artifacts import PackFileInfo
from tenderpack.cli import cli
from tenderpack.reader import read_spec
from tenderpack_ocds import validation
from tenderpack_ocds.notice import document_type, release_package, stamp

HERE = Path(__file__).parent
ROOT = HERE.parent
EXAMPLES = ["innovation-home-care", "small-open-grounds"]
NOTICE = "tender-notice.ocds.json"
PLATFORM_PREFIX = "ocds-h6vhtk"   # Find a Tender's: only the platform makes OCIDs under it
# The UK profile's own checker, beside the repository (shared/ocds/uk-profile/check.py).
UK_PROFILE = Path(os.environ.get("OCDS_UK_PROFILE", ROOT.parent / "shared" / "ocds" / "uk-profile"))
CHECKER = UK_PROFILE / "check.py"


def needs_checker(test):
    """The checker lives beside the repository (shared/, as CI lays it out): a missing one is a failure, never a
    skip. Point OCDS_UK_PROFILE at the folder when it is elsewhere."""
    def checked(*args, **kwargs):
        assert CHECKER.is_file(), f"the UK profile checker is not at {CHECKER}: set OCDS_UK_PROFILE to its folder"
        return test(*args, **kwargs)
    import functools
    return functools.wraps(test)(checked)


def fake_files() -> list[PackFileInfo]:
    return [PackFileInfo("invitation-to-tender.pdf", "pdf", "invitation-to-tender", "Invitation to tender", 1200, "a" * 64),
            PackFileInfo("sme/tender-at-a-glance.docx", "docx", "tender-at-a-glance", "Tender at a glance", 900, "b" * 64),
            PackFileInfo("pricing-schedule.xlsx", "xlsx", "pricing-schedule", "Pricing schedule", 800, "c" * 64),
            PackFileInfo("site-index.json", "json", "site-index", "Index", 50, "d" * 64)]


def example(name: str) -> tenderpack.Spec:
    return read_spec(ROOT / "examples" / f"{name}.yaml")


def variant(spec: tenderpack.Spec, change) -> tenderpack.Spec:
    """A copy of ``spec`` with ``change(data)`` applied to its data."""
    data = spec.model_dump(mode="json", by_alias=True, exclude_none=True)
    change(data)
    return type(spec).model_validate(data)


def notice_of(spec: tenderpack.Spec) -> dict:
    """The release of the notice of ``spec``, after checking the package validates."""
    package = release_package(spec, fake_files())
    assert validation.errors(package) == []
    return package["releases"][0]


def own_entry(release: dict) -> dict:
    """The notice's entry for itself in tender.documents."""
    return next(d for d in release["tender"]["documents"] if d["documentType"] == "tenderNotice")


@pytest.fixture(scope="module", params=EXAMPLES)
def built(request, tmp_path_factory):
    """A real pack (Word only, to keep the test quick) of each example.

    The plain-English gate of the documents for small firms is turned off: these tests are
    about the notice, which does not depend on another plugin's wording.
    """
    folder = tmp_path_factory.mktemp(request.param)
    data = example(request.param).model_dump(mode="json", by_alias=True, exclude_none=True)
    data["plain_language"].setdefault("sme", {})["gate"] = False
    spec_file = folder / f"{request.param}.json"
    spec_file.write_text(json.dumps(data), encoding="utf-8")
    out = folder / "pack"
    result = CliRunner().invoke(cli, ["build", str(spec_file), "-o", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    return request.param, out


def built_release(built) -> tuple[tenderpack.Spec, dict]:
    name, out = built
    return example(name), json.loads((out / NOTICE).read_text())["releases"][0]


# --------------------------------------------------------------------------- validity


def test_built_notice_validates_offline(built, monkeypatch):
    """The notice in each example's pack validates against OCDS 1.1.5 and the UK profile, with the network off."""
    def refuse(*a, **k):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    validation.validator.cache_clear()
    validation.release_schema.cache_clear()
    validation.profile_schema.cache_clear()
    _, out = built
    package = json.loads((out / NOTICE).read_text())
    assert validation.errors(package) == []


@needs_checker
def test_built_notice_passes_the_uk_profile_checker(built, tmp_path):
    """shared/ocds/uk-profile/check.py, run on each example's notice, finds no schema error."""
    _, out = built
    run = subprocess.run([sys.executable, str(CHECKER), "--out", str(tmp_path / "profile.json"), str(out / NOTICE)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "result: valid" in run.stdout
    assert "0 schema error(s)" in run.stdout


@needs_checker
def test_plugin_validates_against_the_checkers_profile(tmp_path):
    """The schema the plugin validates against is the one check.py builds (the plugin's own extension aside)."""
    out = tmp_path / "profile.json"
    run = subprocess.run([sys.executable, str(CHECKER), "--build-only", "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert validation.profile_schema() == json.loads(out.read_text())


def test_validation_catches_a_broken_notice():
    """The validator is strict: a wrong code, a bad date-time, a bad hash and a missing field are all errors."""
    spec = example("small-open-grounds")
    package = release_package(spec, fake_files())
    assert validation.errors(package) == []
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    release["tag"] = ["tenderish"]
    release["tender"]["tenderPeriod"]["endDate"] = "8 March 2027"
    release["tender"]["documents"][1]["integrity"][0]["id"] = "not-a-hash"
    release["tender"]["lots"][0]["awardCriteria"]["criteria"][0]["numbers"][0]["weight"] = "percent"
    release["tender"]["lots"][0]["selectionCriteria"]["criteria"][0]["type"] = "financial"
    del broken["publishedDate"]
    problems = "\n".join(validation.errors(broken))
    for fragment in ("tag/0", "tenderPeriod/endDate", "integrity/0", "numbers/0/weight",
                     "selectionCriteria/criteria/0/type", "'publishedDate' is a required"):
        assert fragment in problems, (fragment, problems)


def test_invalid_notice_stops_the_build(tmp_path, monkeypatch):
    """If the notice does not validate, the plugin's artifact fails and the build names the plugin."""
    from tenderpack.build import BuildOptions, build
    from tenderpack.errors import PluginError

    spec = variant(read_spec(HERE / "fixtures" / "minimal.yaml"), lambda d: d["commercial"].pop("contract_form", None))
    spec_file = tmp_path / "minimal.json"
    spec_file.write_text(json.dumps(spec.model_dump(mode="json", by_alias=True, exclude_none=True)), encoding="utf-8")
    monkeypatch.setattr(tenderpack_ocds, "release_package", lambda spec, files: {"uri": "x"})
    with pytest.raises(PluginError, match=r"plugin 'ocds' failed in hook register_artifacts: .*does not validate"):
        build(spec_file, tmp_path / "out",
              BuildOptions(formats=("docx",), only=("invitation-to-tender", "tender-notice.ocds")))
    assert not (tmp_path / "out").exists()


def test_schemas_ship_with_their_licences():
    """The schemas copied into the plugin travel with their licences: Apache 2.0, and MIT for the UK extension."""
    schema = ROOT / "plugins" / "tenderpack_ocds" / "schema"
    assert "Apache License" in (schema / "LICENSE-ocds-standard.txt").read_text()
    assert "Apache License" in (schema / "LICENSE-extensions.txt").read_text()
    assert "MIT License" in (schema / "LICENSE-ocds_uk_extension.txt").read_text()
    for folder, _, _ in validation.EXTENSIONS:
        assert (schema / "extensions" / folder / "release-schema.json").is_file()


def test_package_declares_the_extensions_it_uses():
    """The package declares the extensions whose fields it uses (legal basis, second stage, selection criteria…)."""
    declared = release_package(example("innovation-home-care"), fake_files())["extensions"]
    for name in ("lots", "awardCriteria", "legalBasis", "secondStageDescription", "selectionCriteria",
                 "otherRequirements", "submissionTerms", "ocds_uk_extension"):
        assert any(name in url for url in declared), name


# --------------------------------------------------------------------------- the OCID


def test_no_ocid_under_the_platform_prefix(built):
    """Find a Tender assigns the OCID when it publishes: the file never makes one under its prefix (ocds-h6vhtk)."""
    _, out = built
    raw = (out / NOTICE).read_text()
    assert PLATFORM_PREFIX not in raw


def test_without_a_prefix_the_ocid_is_a_marked_placeholder(built):
    """Without the buyer's own prefix, the ocid is a placeholder, and the notice's own entry says the platform replaces it."""
    spec, release = built_release(built)
    assert release["ocid"] == f"placeholder-ocid-{spec.reference}"
    entry = own_entry(release)
    assert "placeholder" in entry["description"] and "Find a Tender gives the notice its OCID" in entry["description"]


def test_the_buyers_own_prefix_makes_the_ocid():
    """With buyer.ocid_prefix, the OCID is that prefix and the reference, and nothing calls it a placeholder."""
    spec = variant(example("small-open-grounds"), lambda d: d["buyer"].update(ocid_prefix="ocds-abc123"))
    release = notice_of(spec)
    assert release["ocid"] == "ocds-abc123-KTC-2027-003"
    assert "placeholder" not in json.dumps(release)
    assert "ocds-abc123" in own_entry(release)["description"]


def test_the_platform_prefix_is_refused_as_the_buyers_own():
    """A buyer.ocid_prefix equal to Find a Tender's prefix is refused when the spec is read, saying why."""
    with pytest.raises(ValueError, match="Find a Tender's own prefix"):
        variant(example("small-open-grounds"), lambda d: d["buyer"].update(ocid_prefix=PLATFORM_PREFIX))


# --------------------------------------------------------------------------- the law and the regime


def test_section_19_is_cited_only_for_a_public_contract(built):
    """The basis of award cites section 19 of the Act only where it applies; below the threshold it is the buyer's choice."""
    spec, release = built_release(built)
    tender = release["tender"]
    said = [tender["awardCriteriaDetails"], *(lot["awardCriteria"]["description"] for lot in tender["lots"])]
    cited = tenderpack.law.cite(spec, "most-advantageous-tender")
    for sentence in said:
        assert "most advantageous tender" in sentence
        if cited:
            assert cited in sentence
        else:
            assert "buyer's own choice" in sentence
    raw = json.dumps(release)
    if not tenderpack.law.regime(spec).public_contract:
        assert cited is None
        assert "section 19" not in raw and "s.19" not in raw
    assert "s.19" not in raw   # never the hard-coded form


def test_legal_basis_and_notice_type_fit_the_regime(built):
    """Both regimes: the Procurement Act 2023 (UKPGA 2023/54), tag tender, a UK4 notice; its title and aboveThreshold follow the regime."""
    spec, release = built_release(built)
    tender = release["tender"]
    public = tenderpack.law.regime(spec).public_contract
    assert release["tag"] == ["tender"]
    assert tender["legalBasis"]["scheme"] == "UKPGA" and tender["legalBasis"]["id"] == "2023/54"
    assert tender["aboveThreshold"] is public
    entry = own_entry(release)
    assert entry["noticeType"] == "UK4"
    assert entry["title"] == ("Tender notice" if public else "Below-threshold tender notice")
    if not public:
        assert tender["procurementMethodDetails"] == "Below threshold - open competition"


@pytest.mark.parametrize("procedure, value, method, details, above", [
    ("open", 900000, "open", "Open procedure", True),
    ("competitive_flexible", 900000, "selective", "Competitive flexible procedure", True),
    ("below_threshold", 12000, "open", "Below threshold - open competition", False),
    ("open", 12000, "open", "Below threshold - open competition", False),
])
def test_procedure_maps_to_the_standards_codes(procedure, value, method, details, above):
    """open -> open; competitive flexible -> selective; anything below the threshold -> the below-threshold open competition."""
    def change(data):
        data["procedure"] = {"type": procedure}
        data["value"]["estimated_excluding_vat"] = value
        if procedure == "competitive_flexible":
            data["procedure"]["stages"] = [{"type": "tender", "name": "Tenders"}]

    tender = notice_of(variant(read_spec(HERE / "fixtures" / "minimal.yaml"), change))["tender"]
    assert (tender["procurementMethod"], tender["procurementMethodDetails"]) == (method, details)
    assert tender["aboveThreshold"] is above


def test_below_threshold_never_names_the_acts_procedures():
    """Below the threshold, stages or not, the notice never calls the process the Act's competitive flexible procedure."""
    def change(data):
        data["procedure"] = {"type": "competitive_flexible", "stages": [
            {"type": "participation", "name": "Stage 1: questionnaire", "shortlist_size": 3},
            {"type": "tender", "name": "Stage 2: tenders"}]}

    spec = variant(read_spec(HERE / "fixtures" / "minimal.yaml"), change)
    assert not tenderpack.law.regime(spec).public_contract
    tender = notice_of(spec)["tender"]
    assert tender["procurementMethodDetails"].startswith("Below threshold")
    assert "Competitive flexible" not in json.dumps(tender)
    assert tender["aboveThreshold"] is False


# --------------------------------------------------------------------------- deadlines


def test_one_stage_deadline_is_the_tender_period_end():
    """In a one-stage procedure the timetable's tender_deadline ends the tender period; there is no expression of interest."""
    spec = example("small-open-grounds")
    tender = notice_of(spec)["tender"]
    assert tender["tenderPeriod"]["endDate"] == stamp(spec.timetable.tender_deadline)
    assert "expressionOfInterestDeadline" not in tender
    assert tender["submissionTerms"]["bidValidityPeriod"]["endDate"].startswith(text.validity_end(spec).isoformat())


def test_deadlines_map_by_procedure(built):
    """One stage: tender_deadline ends the tender period. Competitive flexible with a stage questionnaire first: it is
    expressionOfInterestDeadline, and the tender period ends at the final tenders' deadline."""
    spec, release = built_release(built)
    tender = release["tender"]
    first = stamp(spec.timetable.tender_deadline)
    if not spec.procedure.stages:
        assert tender["tenderPeriod"]["endDate"] == first
        assert "expressionOfInterestDeadline" not in tender
    else:
        assert tender["expressionOfInterestDeadline"] == first
        assert tender["tenderPeriod"]["endDate"] != first
        assert tender["tenderPeriod"]["endDate"] == stamp(text.final_deadline(spec))       # stage 4: final tenders
        deadlines = {m["title"]: m["dueDate"] for m in tender["milestones"]}
        assert deadlines[f"Deadline for {spec.procedure.stages[0].name}"] == first
    assert tender["awardPeriod"]["startDate"] == tender["tenderPeriod"]["endDate"]
    assert tender["submissionTerms"]["bidValidityPeriod"]["endDate"].startswith(text.validity_end(spec).isoformat())


def test_tender_period_has_no_end_when_the_final_deadline_is_unknown():
    """When the last tender stage has no deadline, the notice gives no tender period end, rather than an earlier deadline."""
    def change(data):
        data["procedure"]["stages"][3].pop("deadline")

    tender = notice_of(variant(example("innovation-home-care"), change))["tender"]
    assert "endDate" not in tender.get("tenderPeriod", {})
    assert "startDate" not in tender["awardPeriod"]
    assert tender["submissionTerms"]["bidValidityPeriod"] == {"durationInDays": 120}
    assert tender["expressionOfInterestDeadline"] == "2027-04-05T12:00:00+01:00"


def test_a_first_tender_stage_deadline_is_a_tender_deadline():
    """Competitive flexible whose first stage is a tender: the timetable's deadline is a tender deadline, no expression of interest."""
    def change(data):
        data["procedure"] = {"type": "competitive_flexible", "stages": [
            {"type": "tender", "name": "Stage 1: tenders"}, {"type": "negotiation", "name": "Stage 2: negotiation"}]}

    spec = variant(example("small-open-grounds"), change)
    tender = notice_of(spec)["tender"]
    assert "expressionOfInterestDeadline" not in tender
    assert tender["tenderPeriod"]["endDate"] == stamp(spec.timetable.tender_deadline)
    assert "secondStage" not in tender["lots"][0]


def test_shortlist_is_the_second_stage():
    """A stage questionnaire that shortlists: how many go through, when they are invited, and how they are chosen.
    With lots, the limit is one for all the lots together (as the invitation says), so it sits on the tender."""
    spec = example("innovation-home-care")
    tender = notice_of(spec)["tender"]
    assert tender["secondStage"] == {"maximumCandidates": 4, "invitationDate": "2027-04-26T00:00:00+01:00"}
    for lot in tender["lots"]:
        assert "secondStage" not in lot
        assert lot["otherRequirements"]["reductionCriteria"].startswith("Experience of helping people regain independence")


def test_uk_times_carry_their_offset():
    """A deadline at noon UK time in summer is written 12:00+01:00."""
    tender = notice_of(example("innovation-home-care"))["tender"]
    assert tender["expressionOfInterestDeadline"] == "2027-04-05T12:00:00+01:00"


def test_signature_is_planned_only_after_the_standstill():
    """The planned signature date is given when the spec has one after the standstill, and left out inside it."""
    spec = example("innovation-home-care")
    signed = [m for m in notice_of(spec)["tender"]["milestones"] if m.get("type") == "futureSignatureDate"]
    assert [m["dueDate"][:10] for m in signed] == ["2027-09-10"]
    early = variant(spec, lambda d: d["timetable"].update(contract_signature="2027-08-31"))
    assert not [m for m in notice_of(early)["tender"]["milestones"] if m.get("type") == "futureSignatureDate"]


# --------------------------------------------------------------------------- lots


def lots_with_own_criteria() -> tenderpack.Spec:
    def change(data):
        data["lots"]["items"][1]["criteria"] = ["Q1", "P1"]
        data["lots"]["items"][1]["weights"] = {"Q1": "60", "P1": "40"}

    return variant(example("innovation-home-care"), change)


def test_each_lot_has_its_own_criteria_and_weights():
    """A criterion used in one lot appears in that lot only, with the lot's own weights adding up to 100."""
    lots = {lot["id"]: lot for lot in notice_of(lots_with_own_criteria())["tender"]["lots"]}
    names = {k: [c["name"] for c in lot["awardCriteria"]["criteria"]] for k, lot in lots.items()}
    assert "People, families and staff" in names["1"] and "People, families and staff" not in names["2"]
    assert names["2"] == ["Achieving the outcomes", "Price"]
    weights = [n["number"] for c in lots["2"]["awardCriteria"]["criteria"] for n in c["numbers"] if "weight" in n]
    assert weights == [60, 40]


def test_tender_level_criteria_are_not_listed_when_lots_differ():
    """When lots have their own criteria, the tender-level details point to the lots instead of listing one set."""
    tender = notice_of(lots_with_own_criteria())["tender"]
    assert "see the lots" in tender["awardCriteriaDetails"] and "%" not in tender["awardCriteriaDetails"]


def test_each_lot_has_its_own_value_and_conditions():
    """Each lot carries its own value; a lot's own condition of participation appears with that lot only."""
    spec = example("innovation-home-care")
    lots = {lot["id"]: lot for lot in notice_of(spec)["tender"]["lots"]}
    for item in spec.lots.items:
        assert lots[str(item.number)]["value"]["amount"] == float(item.value)
    cqc = spec.lots.items[0].conditions[0]
    conditions = {k: [c["description"] for c in lot["selectionCriteria"]["criteria"]] for k, lot in lots.items()}
    assert cqc in conditions["1"] and cqc not in conditions["2"]
    for common in spec.conditions.technical:
        assert common in conditions["1"] and common in conditions["2"]


# --------------------------------------------------------------------------- nothing without its fact


def test_a_small_spec_says_nothing_it_lacks():
    """The minimal spec: no joint wording, no stages, no conditions, no milestones, no VAT-inclusive value, no address."""
    release = notice_of(read_spec(HERE / "fixtures" / "minimal.yaml"))
    tender, lot = release["tender"], release["tender"]["lots"][0]
    assert "roleDetails" not in release["parties"][0] and "address" not in release["parties"][0]
    for key in ("expressionOfInterestDeadline", "milestones", "eligibilityCriteria", "selectionCriteria"):
        assert key not in tender
    for key in ("selectionCriteria", "secondStage", "otherRequirements"):
        assert key not in lot
    assert "amountGross" not in tender["value"]


def test_joint_buyers_each_signing_their_own_contract():
    """Joint procurement where each authority signs its own contract: the parties say so, and never 'one contract'."""
    release = notice_of(example("innovation-home-care"))
    details = [p["roleDetails"] for p in release["parties"]]
    assert "Each buyer signs its own contract" in details[0]
    assert "signs its own contract" in details[1]
    assert "one contract" not in json.dumps(release["parties"])


# --------------------------------------------------------------------------- documents and determinism


def test_notice_lists_every_document_with_its_hash(built):
    """tender.documents lists the notice itself, then each document file of the pack with its title, media type and hash."""
    _, out = built
    package = json.loads((out / NOTICE).read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    documents = package["releases"][0]["tender"]["documents"]
    assert documents[0]["documentType"] == "tenderNotice"
    files = documents[1:]
    expected = [f["path"] for f in manifest["files"] if f["format"] not in ("json", "html")]
    assert [d["id"] for d in files] == expected
    for d in files:
        assert d["integrity"] == [{"scheme": "sha256", "id": hashes[d["id"]]}]
        assert d["title"] and d["documentType"]
        assert d["format"] in ("application/pdf", "text/calendar") or d["format"].startswith("application/vnd.openxml")


def test_notice_describes_the_tender(built):
    """Buyer, value, lots with award criteria weighted to 100, enquiry and contract periods: all from the spec."""
    spec, release = built_release(built)
    tender = release["tender"]
    assert release["buyer"]["name"] == spec.buyer.lead.name
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    assert roles[spec.buyer.lead.name] == ["buyer", "procuringEntity"]
    for other in spec.buyer.participants:
        assert roles[other.name] == ["buyer"]
    assert tender["value"]["amount"] == float(spec.value.estimated_excluding_vat)
    assert tender["mainProcurementCategory"] == spec.category
    for lot in tender["lots"]:
        weights = [n["number"] for c in lot["awardCriteria"]["criteria"] for n in c.get("numbers", ())
                   if n.get("weight") == "percentageExact"]
        assert sum(weights) == 100
    assert tender["enquiryPeriod"]["endDate"] == stamp(spec.timetable.clarification_deadline)
    assert tender["contractPeriod"]["startDate"].startswith(spec.timetable.contract_start.isoformat())


def test_document_types_come_from_the_codelist():
    """Each file gets a documentType from the OCDS codelist; data files are not listed as documents."""
    import csv

    codes = {row["Code"] for row in csv.DictReader((ROOT / "plugins" / "tenderpack_ocds" / "schema" /
                                                    "codelist-documentType.csv").open(encoding="utf-8"))}
    for doc_id in ("invitation-to-tender", "evaluation-methodology", "outcome-specification", "draft-contract",
                   "pricing-schedule", "unknown-thing", "conditions-of-participation"):
        assert document_type(doc_id, f"{doc_id}.pdf") in codes
    assert document_type("draft-contract", "x") == "contractDraft"
    assert document_type("outcome-specification", "x") == "technicalSpecifications"
    assert document_type("evaluation-methodology", "x") == "evaluationCriteria"
    spec = read_spec(HERE / "fixtures" / "minimal.yaml")
    documents = release_package(spec, fake_files())["releases"][0]["tender"]["documents"]
    assert [d["id"] for d in documents] == ["tender-notice", "invitation-to-tender.pdf", "sme/tender-at-a-glance.docx",
                                            "pricing-schedule.xlsx"]


def test_notice_is_deterministic():
    """The notice depends only on the spec and the files: the same input gives the same notice."""
    spec = example("innovation-home-care")
    first = json.dumps(release_package(spec, fake_files()), sort_keys=True)
    assert first == json.dumps(release_package(spec, fake_files()), sort_keys=True)
    assert json.loads(first)["publishedDate"] == "2027-03-01T00:00:00+00:00"


def test_milestones_are_in_date_order():
    """The spec's milestones, the stage deadlines and question deadlines, and the signature come in date order."""
    milestones = notice_of(example("innovation-home-care"))["tender"]["milestones"]
    moments = [dt.datetime.fromisoformat(m["dueDate"]) for m in milestones]
    assert moments == sorted(moments)
    titles = [m["title"] for m in milestones]
    assert "Last time to ask questions in Stage 2: initial tenders" in titles


def test_attachments_are_tender_documents_by_kind():
    """The buyer's own attached files are listed with the documentType of their kind (a data file too), their own
    title and description, a media type from the extension, and no language or url; the notice validates."""
    spec = variant(read_spec(HERE / "fixtures" / "minimal.yaml"), lambda data: data.update(attachments=[
        {"title": "Model services contract", "file": "docs/Model contract.pdf", "kind": "model-contract",
         "description": "The contract we will sign, with *our* changes."},
        {"title": "Bill of quantities", "file": "boq.json", "kind": "pricing"},
        {"title": "Plans", "file": "plans.dwg"}]))
    files = fake_files() + [
        PackFileInfo("attachments/model-contract.pdf", "pdf", "attachment", "Model services contract", 5000, "e" * 64),
        PackFileInfo("attachments/boq.json", "json", "attachment", "Bill of quantities", 70, "f" * 64),
        PackFileInfo("attachments/plans.dwg", "dwg", "attachment", "Plans", 90, "0" * 64)]
    package = release_package(spec, files)
    assert validation.errors(package) == []
    documents = {d["id"]: d for d in package["releases"][0]["tender"]["documents"]}
    contract, boq, plans = (documents[f"attachments/{n}"] for n in ("model-contract.pdf", "boq.json", "plans.dwg"))
    assert (contract["documentType"], boq["documentType"], plans["documentType"]) == \
        ("contractDraft", "billOfQuantity", "biddingDocuments")
    assert contract["title"] == "Model services contract" and contract["format"] == "application/pdf"
    assert contract["description"].startswith("The contract we will sign, with our changes. The buyer's own document.")
    assert boq["format"] == "application/json" and plans["format"]
    assert "site-index.json" not in documents   # other data files are still not tender documents
    assert not [d for d in (contract, boq, plans) if "language" in d or "url" in d]
