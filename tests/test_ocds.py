"""The OCDS tender notice: built into every pack, valid against OCDS 1.1.5 and its extensions, offline."""

from __future__ import annotations

import copy
import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

import tenderpack_ocds
from tenderpack.artifacts import PackFileInfo
from tenderpack.cli import cli
from tenderpack.reader import read_spec
from tenderpack_ocds import validation
from tenderpack_ocds.notice import document_type, release_package

HERE = Path(__file__).parent
ROOT = HERE.parent
EXAMPLES = ["innovation-home-care", "small-open-grounds"]
NOTICE = "tender-notice.ocds.json"


def fake_files() -> list[PackFileInfo]:
    return [PackFileInfo("invitation-to-tender.pdf", "pdf", "invitation-to-tender", "Invitation to tender", 1200, "a" * 64),
            PackFileInfo("sme/tender-at-a-glance.docx", "docx", "tender-at-a-glance", "Tender at a glance", 900, "b" * 64),
            PackFileInfo("pricing-schedule.xlsx", "xlsx", "pricing-schedule", "Pricing schedule", 800, "c" * 64),
            PackFileInfo("site-index.json", "json", "site-index", "Index", 50, "d" * 64)]


@pytest.fixture(scope="module", params=EXAMPLES)
def built(request, tmp_path_factory):
    """A real pack (Word only, to keep the test quick) of each example."""
    out = tmp_path_factory.mktemp(request.param) / "pack"
    result = CliRunner().invoke(cli, ["build", str(ROOT / "examples" / f"{request.param}.yaml"), "-o", str(out),
                                      "--format", "docx"])
    assert result.exit_code == 0, result.output
    return request.param, out


def test_built_notice_validates_offline(built, monkeypatch):
    """The notice in each example's pack validates against OCDS 1.1.5 plus extensions, with the network off."""
    def refuse(*a, **k):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    validation.validator.cache_clear()
    validation.release_schema.cache_clear()
    _, out = built
    package = json.loads((out / NOTICE).read_text())
    assert validation.errors(package) == []


def test_notice_lists_every_document_with_its_hash(built):
    """tender.documents lists each document file of the pack, with its title, media type and the manifest's SHA-256."""
    _, out = built
    package = json.loads((out / NOTICE).read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    documents = package["releases"][0]["tender"]["documents"]
    expected = [f["path"] for f in manifest["files"] if f["format"] not in ("json", "html")]
    assert [d["id"] for d in documents] == expected
    for d in documents:
        assert d["integrity"] == [{"scheme": "sha256", "id": hashes[d["id"]]}]
        assert d["title"] and d["documentType"]
        assert d["format"] in ("application/pdf", "text/calendar") or d["format"].startswith("application/vnd.openxml")


def test_notice_describes_the_tender(built):
    """Buyer, value, procedure, lots with award criteria weighted to 100, periods: all from the spec."""
    name, out = built
    spec = read_spec(ROOT / "examples" / f"{name}.yaml")
    release = json.loads((out / NOTICE).read_text())["releases"][0]
    tender = release["tender"]
    assert release["ocid"] == f"ocds-h6vhtk-{spec.reference}" and release["tag"] == ["tender"]
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
    assert tender["tenderPeriod"]["endDate"].startswith(spec.timetable.tender_deadline.date().isoformat())
    assert tender["enquiryPeriod"]["endDate"].startswith(spec.timetable.clarification_deadline.date().isoformat())
    assert tender["contractPeriod"]["startDate"].startswith(spec.timetable.contract_start.isoformat())


@pytest.mark.parametrize("procedure, method, details", [
    ("open", "open", "Open procedure"),
    ("competitive_flexible", "selective", "Competitive flexible procedure"),
    ("below_threshold", "open", "Below threshold - open competition"),
])
def test_procedure_maps_to_the_standards_codes(procedure, method, details):
    """open -> open; competitive_flexible -> selective; below_threshold -> open, each with details."""
    spec = read_spec(HERE / "fixtures" / "minimal.yaml")
    data = spec.model_dump(by_alias=True, exclude_none=True)
    data["procedure"] = {"type": procedure}
    if procedure == "competitive_flexible":
        data["procedure"]["stages"] = [{"type": "tender", "name": "Tenders"}]
    spec = type(spec).model_validate(data)
    tender = release_package(spec, fake_files())["releases"][0]["tender"]
    assert (tender["procurementMethod"], tender["procurementMethodDetails"]) == (method, details)
    assert tender["aboveThreshold"] is (procedure != "below_threshold")


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
    assert [d["id"] for d in documents] == ["invitation-to-tender.pdf", "sme/tender-at-a-glance.docx",
                                            "pricing-schedule.xlsx"]


def test_notice_is_deterministic():
    """The notice depends only on the spec and the files: the same input gives the same notice."""
    spec = read_spec(ROOT / "examples" / "innovation-home-care.yaml")
    first = json.dumps(release_package(spec, fake_files()), sort_keys=True)
    assert first == json.dumps(release_package(spec, fake_files()), sort_keys=True)
    assert json.loads(first)["publishedDate"] == "2027-03-01T00:00:00+00:00"


def test_uk_times_carry_their_offset():
    """A deadline at noon UK time in summer is written 12:00+01:00."""
    spec = read_spec(ROOT / "examples" / "innovation-home-care.yaml")
    tender = release_package(spec, fake_files())["releases"][0]["tender"]
    assert tender["tenderPeriod"]["endDate"] == "2027-04-05T12:00:00+01:00"


def test_validation_catches_a_broken_notice():
    """The validator is strict: a wrong code, a bad date-time, a bad hash and a missing field are all errors."""
    spec = read_spec(ROOT / "examples" / "small-open-grounds.yaml")
    package = release_package(spec, fake_files())
    assert validation.errors(package) == []
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    release["tag"] = ["tenderish"]
    release["tender"]["tenderPeriod"]["endDate"] = "8 March 2027"
    release["tender"]["documents"][0]["integrity"][0]["id"] = "not-a-hash"
    release["tender"]["lots"][0]["awardCriteria"]["criteria"][0]["numbers"][0]["weight"] = "percent"
    del broken["publishedDate"]
    problems = "\n".join(validation.errors(broken))
    for fragment in ("tag/0", "tenderPeriod/endDate", "integrity/0", "numbers/0/weight", "'publishedDate' is a required"):
        assert fragment in problems, (fragment, problems)


def test_invalid_notice_stops_the_build(tmp_path, monkeypatch):
    """If the notice does not validate, the plugin's artifact fails and the build names the plugin."""
    from tenderpack.build import BuildOptions, build
    from tenderpack.errors import PluginError

    monkeypatch.setattr(tenderpack_ocds, "release_package", lambda spec, files: {"uri": "x"})
    with pytest.raises(PluginError, match=r"plugin 'ocds' failed in hook register_artifacts: .*does not validate"):
        build(HERE / "fixtures" / "minimal.yaml", tmp_path / "out",
              BuildOptions(formats=("docx",), only=("invitation-to-tender", "tender-notice.ocds")))
    assert not (tmp_path / "out").exists()


def test_schemas_ship_with_their_licence():
    """The OCDS schemas copied into the plugin travel with the Apache 2.0 licence."""
    schema = ROOT / "plugins" / "tenderpack_ocds" / "schema"
    assert "Apache License" in (schema / "LICENSE-ocds-standard.txt").read_text()
    for folder in ("lots", "awardCriteria", "uk", "document_integrity"):
        assert (schema / "extensions" / folder / "release-schema.json").is_file()
