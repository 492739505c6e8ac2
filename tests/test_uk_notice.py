"""The tender notice in the shape Find a Tender publishes for a UK4 tender notice.

Buyer identifiers (PPON, Companies House), address parts, buyer type (UK_CA_TYPE), one item
per lot with its CPV codes, relatedLot and region, suitability for SMEs and VCSEs, the
light-touch special regime, renewals, electronic submission and document addresses: each
read back from the notice's JSON, each only when the spec holds its fact, and the whole
notice valid offline against the merged UK profile (shared/ocds/uk-profile/check.py).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import tenderpack
from tenderpack.cli import cli

from _packs import docx_text
from test_standard_truth import ITT, plain, section
from test_ocds import CHECKER, HERE, NOTICE, PLATFORM_PREFIX, UK_PROFILE, example, fake_files, needs_checker, \
    notice_of, variant

PPON = "PBCP-5168-ZDGP"
BASE = "https://www.kelbrook-tc.example/tenders/KTC-2027-003/"


def uk_buyer(data: dict) -> None:
    """The grounds example's council with every UK notice fact about a buyer."""
    data["buyer"]["lead"].update(
        type="sub_central_government",
        identifier={"scheme": "GB-PPON", "id": PPON},
        additional_identifiers=[{"scheme": "GB-COH", "id": "01234567"}],
        address_parts={"street": "The Town Hall, 3 Church Lane", "locality": "Kelbrook", "postal_code": "kb2 5tr",
                       "region": "tld47"})
    data["suitability"] = {"sme": True, "vcse": False}
    data["documents_base_url"] = BASE.rstrip("/")


@pytest.fixture(scope="module")
def built_uk(tmp_path_factory):
    """A real build (Word, the invitation and the notice only) of the grounds example with the UK buyer facts."""
    folder = tmp_path_factory.mktemp("uk-notice")
    spec = variant(example("small-open-grounds"), uk_buyer)
    data = spec.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["plain_language"].setdefault("sme", {})["gate"] = False
    spec_file = folder / "tender.json"
    spec_file.write_text(json.dumps(data), encoding="utf-8")
    out = folder / "pack"
    result = CliRunner().invoke(cli, ["build", str(spec_file), "-o", str(out), "--format", "docx",
                                      "--only", "invitation-to-tender", "--only", "tender-notice.ocds"])
    assert result.exit_code == 0, result.output
    return spec, out, json.loads((out / NOTICE).read_text(encoding="utf-8"))


def release_of(package: dict) -> dict:
    return package["releases"][0]


# --------------------------------------------------------------------------- the buyer


def test_buyer_is_named_by_its_ppon(built_uk):
    """With a PPON, the buyer's party id is GB-PPON-<id>, its identifier is that PPON with the buyer's legal name,
    its Companies House number is an additional identifier, and the release's buyer points to the same party."""
    _, _, package = built_uk
    release = release_of(package)
    lead = release["parties"][0]
    assert lead["id"] == f"GB-PPON-{PPON}"
    assert lead["identifier"] == {"scheme": "GB-PPON", "id": PPON, "legalName": "Kelbrook Town Council"}
    assert lead["additionalIdentifiers"] == [{"scheme": "GB-COH", "id": "01234567"}]
    assert release["buyer"] == {"id": f"GB-PPON-{PPON}", "name": "Kelbrook Town Council"}
    assert release["tender"]["procuringEntity"]["id"] == f"GB-PPON-{PPON}"


def test_no_identifier_is_invented():
    """Without an identifier in the spec, no party has one: no PPON, no Companies House number, no scheme at all."""
    release = notice_of(example("innovation-home-care"))   # the lead has a PPON; Eastvale has none
    eastvale = release["parties"][1]
    assert eastvale["name"] == "Eastvale Borough Council"
    assert "identifier" not in eastvale and "additionalIdentifiers" not in eastvale
    assert eastvale["id"] == "eastvale-borough-council"
    grounds = notice_of(example("small-open-grounds"))
    assert not any("identifier" in p or "additionalIdentifiers" in p for p in grounds["parties"])
    assert "GB-PPON" not in json.dumps(grounds) and "GB-COH" not in json.dumps(grounds)


def test_address_parts_as_find_a_tender_gives_them(built_uk):
    """The address in parts: street, town, postcode (in capitals, with its space), ITL region, country GB."""
    _, _, package = built_uk
    assert release_of(package)["parties"][0]["address"] == {
        "streetAddress": "The Town Hall, 3 Church Lane", "locality": "Kelbrook", "postalCode": "KB2 5TR",
        "region": "TLD47", "country": "GB", "countryName": "United Kingdom"}


def test_a_one_line_address_still_gives_its_postcode_and_country():
    """A buyer with only its one-line address: the postcode is taken from its end, the country is GB."""
    release = notice_of(example("small-open-grounds"))
    assert release["parties"][0]["address"] == {"postalCode": "KB2 5TR", "streetAddress": "The Town Hall, 3 Church Lane, Kelbrook",
                                                "country": "GB", "countryName": "United Kingdom"}


def test_the_parts_alone_make_the_address_the_documents_print():
    """Given only address_parts, the one-line address the invitation prints is made from them."""
    def change(data):
        data["buyer"]["lead"].pop("address")
        data["buyer"]["lead"]["address_parts"] = {"street": "1 Mill Road", "locality": "Kelbrook", "postal_code": "KB2 5TR"}

    spec = variant(example("small-open-grounds"), change)
    assert spec.buyer.lead.address == "1 Mill Road, Kelbrook KB2 5TR"
    assert notice_of(spec)["parties"][0]["address"]["streetAddress"] == "1 Mill Road"


def test_the_invitation_prints_the_address_made_from_the_parts():
    """Given only address_parts, the invitation prints the address on one line, made from them."""
    def change(data):
        data["buyer"]["lead"].pop("address")
        data["buyer"]["lead"]["address_parts"] = {"street": "1 Mill Road", "locality": "Kelbrook", "postal_code": "KB2 5TR"}

    body = plain([section(variant(example("small-open-grounds"), change), ITT, "itt:who")])
    assert "Address: 1 Mill Road, Kelbrook KB2 5TR." in body


def test_the_built_invitation_keeps_the_one_line_address(built_uk):
    """With the parts beside the one-line address, the invitation (read back from Word) prints the buyer's own line."""
    _, out, _ = built_uk
    assert "Address: The Town Hall, 3 Church Lane, Kelbrook KB2 5TR." in docx_text(out / "invitation-to-tender.docx")


def test_buyer_type_is_a_uk_ca_type_code():
    """Each buyer type becomes its UK_CA_TYPE code, one of the codes the UK extension's codelist names."""
    rows = list(csv.DictReader((UK_PROFILE / "ocds_uk_extension-codelist-+itemClassificationScheme.csv")
                               .open(encoding="utf-8")))
    described = next(r["Description"] for r in rows if r["Code"] == "UK_CA_TYPE")
    expected = {"central_government": "publicAuthorityCentralGovernment",
                "sub_central_government": "publicAuthoritySubCentralGovernment",
                "public_undertaking": "publicUndertaking", "private_utility": "privateUtility", "other": "other"}
    for kind, code in expected.items():
        assert code in described
        release = notice_of(variant(example("small-open-grounds"), lambda d: d["buyer"]["lead"].update(type=kind)))
        [classification] = release["parties"][0]["details"]["classifications"]
        assert (classification["scheme"], classification["id"]) == ("UK_CA_TYPE", code)
        assert classification["description"]
    assert "details" not in notice_of(example("small-open-grounds"))["parties"][0]


def test_a_central_government_buyer_has_the_lower_threshold():
    """A central government authority's threshold is lower: £150,000 of services (VAT included) is a public contract
    for it, and below the threshold for a council; the notice's aboveThreshold follows."""
    def worth(kind):
        def change(data):
            data["procedure"] = {"type": "open", "reasons": "Open to every firm."}
            data["value"].update(estimated_excluding_vat=125000, estimated_including_vat=150000, annual_value=41667,
                                 budget_ceiling=125000)
            if kind:
                data["buyer"]["lead"]["type"] = kind
        return variant(example("small-open-grounds"), change)

    central, council = worth("central_government"), worth("sub_central_government")
    assert tenderpack.law.regime(central).public_contract and not tenderpack.law.regime(council).public_contract
    assert notice_of(central)["tender"]["aboveThreshold"] is True
    assert notice_of(council)["tender"]["aboveThreshold"] is False


def test_identifier_mistakes_are_said_where_they_are(tmp_path):
    """A Companies House number without its leading zero, or a PPON in small letters, is refused at its own field."""
    source = (HERE.parent / "examples" / "small-open-grounds.yaml").read_text(encoding="utf-8")
    for ident, said in (('{scheme: GB-COH, id: "1234567"}', "is not a Companies House number"),
                        ("{scheme: GB-PPON, id: pbcp-5168-zdgp}", "is not written as a PPON")):
        path = tmp_path / "tender.yaml"
        path.write_text(source.replace("    signatory: Town Clerk\n",
                                       f"    signatory: Town Clerk\n    identifier: {ident}\n", 1), encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(path)])
        assert result.exit_code == 2, result.output
        assert "buyer.lead.identifier.id:" in result.output and said in result.output


# --------------------------------------------------------------------------- lots and items


def with_lot_places(data):
    data["lots"]["items"][0]["place"] = {"itl": "TLE3", "region": "The north of the city"}
    data["lots"]["items"][1]["cpv"] = ["85312000-9"]


def test_each_lot_has_an_item_with_its_cpv_and_place():
    """One item per lot, related to it; a lot's own CPV codes replace the tender's for its item; the lot's ITL code
    is the item's region."""
    spec = variant(example("innovation-home-care"), with_lot_places)
    items = {i["relatedLot"]: i for i in notice_of(spec)["tender"]["items"]}
    assert set(items) == {"1", "2"} == {lot["id"] for lot in notice_of(spec)["tender"]["lots"]}
    assert items["1"]["classification"] == {"scheme": "CPV", "id": "85312000"}
    assert [c["id"] for c in items["1"]["additionalClassifications"]] == ["85323000", "73000000"]
    assert items["1"]["deliveryAddresses"] == [{"region": "TLE3", "description": "The north of the city"}]
    assert items["2"]["classification"] == {"scheme": "CPV", "id": "85312000"}
    assert "additionalClassifications" not in items["2"] and "deliveryAddresses" not in items["2"]
    assert items["2"]["description"] == spec.lots.items[1].title


def test_an_undivided_contract_is_lot_one_with_its_item():
    """Without lots, the one item is related to the one lot, "1", with the tender's CPV codes."""
    tender = notice_of(example("small-open-grounds"))["tender"]
    assert [lot["id"] for lot in tender["lots"]] == ["1"]
    assert tender["items"] == [{"id": "1", "description": "Grounds maintenance for Kelbrook parks and cemetery",
                                "classification": {"scheme": "CPV", "id": "77314000"},
                                "additionalClassifications": [{"scheme": "CPV", "id": "77313000"}],
                                "relatedLot": "1"}]


def test_a_reserved_lot_carries_its_codelist_code():
    """A lot reserved for SMEs and VCSEs, or for supported employment providers, carries the reservedParticipation
    code of exactly that meaning; a lot reserved for SMEs alone has no such code, so none is written for it."""
    def change(data):
        data["lots"]["items"][0]["reserved_for"] = "sme_vcse"
        data["lots"]["items"][1]["reserved_for"] = "supported_employment"

    lots = notice_of(variant(example("innovation-home-care"), change))["tender"]["lots"]
    assert [lot["otherRequirements"]["reservedParticipation"] for lot in lots] == [["smeVcse"], ["shelteredWorkshop"]]
    assert lots[0]["otherRequirements"]["reductionCriteria"]   # beside the shortlist's rule, not instead of it
    only_sme = notice_of(variant(example("innovation-home-care"),
                                 lambda d: d["lots"]["items"][0].update(reserved_for="sme")))["tender"]["lots"][0]
    assert "reservedParticipation" not in only_sme["otherRequirements"]


# --------------------------------------------------------------------------- suitability, regime, renewals


def test_suitability_is_the_buyers_word_lot_by_lot():
    """suitability applies to every lot; a lot's own answer wins for that lot; nothing is said without either."""
    def change(data):
        data["suitability"] = {"sme": True, "vcse": True}
        data["lots"]["items"][1]["suitability"] = {"vcse": False}

    lots = {lot["id"]: lot for lot in notice_of(variant(example("innovation-home-care"), change))["tender"]["lots"]}
    assert lots["1"]["suitability"] == {"sme": True, "vcse": True}
    assert lots["2"]["suitability"] == {"sme": True, "vcse": False}
    assert not [lot for lot in notice_of(example("innovation-home-care"))["tender"]["lots"] if "suitability" in lot]


def test_light_touch_is_the_special_regime_of_a_public_contract_only():
    """A light-touch public contract (home care) has specialRegime lightTouch; the grounds contract has none, nor
    does home care below the threshold."""
    home = example("innovation-home-care")
    assert tenderpack.law.applies(home, "light-touch")
    assert notice_of(home)["tender"]["specialRegime"] == ["lightTouch"]
    assert "specialRegime" not in notice_of(example("small-open-grounds"))["tender"]
    small = variant(example("small-open-grounds"), lambda d: d.update(cpv=["85312000-9"]))
    assert tenderpack.law.regime(small).light_touch and not tenderpack.law.regime(small).public_contract
    assert "specialRegime" not in notice_of(small)["tender"]


def test_extensions_are_renewals():
    """The optional extensions are each lot's renewal: how many, how long, in words; none without extensions."""
    lots = notice_of(example("innovation-home-care"))["tender"]["lots"]
    for lot in lots:
        assert lot["hasRenewal"] is True
        assert lot["renewal"] == {"description": "The buyers may extend each contract after its initial term twice, "
                                                 "by 12 months each time (2 years in all).", "maximumRenewals": 2}
    grounds = notice_of(example("small-open-grounds"))["tender"]["lots"][0]
    assert grounds["renewal"]["description"] == "The buyer may extend the contract after its initial term once, by 12 months."
    none = notice_of(variant(example("small-open-grounds"), lambda d: d["timetable"].update(extensions=[])))
    assert "hasRenewal" not in none["tender"]["lots"][0] and "renewal" not in none["tender"]["lots"][0]


def test_tenders_are_sent_electronically():
    """The invitation accepts tenders only through the portal: electronic submission is required."""
    assert notice_of(example("small-open-grounds"))["tender"]["submissionTerms"]["electronicSubmissionPolicy"] == "required"


# --------------------------------------------------------------------------- documents


def test_documents_have_addresses_under_the_base_address(built_uk):
    """With documents_base_url, each file of the pack has the url base + its path; the notice's own entry has none
    (Find a Tender gives it its address)."""
    _, out, package = built_uk
    documents = release_of(package)["tender"]["documents"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = [f["path"] for f in manifest["files"] if f["format"] not in ("json", "html")]
    assert [d["url"] for d in documents[1:]] == [BASE + path for path in files]
    assert "url" not in documents[0] and documents[0]["noticeType"] == "UK4"
    without = notice_of(example("small-open-grounds"))["tender"]["documents"]   # no base: no url anywhere
    assert not [d for d in without if "url" in d]


@pytest.mark.parametrize("given", ["http://www.kelbrook-tc.example/tenders/", "https://www.kelbrook-tc.example/t?x=1",
                                   "tenders/KTC-2027-003"])
def test_the_base_address_is_an_https_folder(given):
    """documents_base_url is an https address with no query or fragment; anything else is refused, saying what to write."""
    with pytest.raises(ValueError, match="is not an https address a file's path can follow"):
        variant(example("small-open-grounds"), lambda d: d.update(documents_base_url=given))


# --------------------------------------------------------------------------- the whole notice


def test_the_uk_notice_validates_offline(built_uk, monkeypatch):
    """The notice with every UK fact validates against OCDS 1.1.5 and the UK profile with the network off, and
    still never makes an OCID under Find a Tender's prefix."""
    import socket

    from tenderpack_ocds import validation

    def refuse(*a, **k):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    _, _, package = built_uk
    assert validation.errors(package) == []
    assert PLATFORM_PREFIX not in json.dumps(package)
    assert release_of(package)["ocid"] == "placeholder-ocid-KTC-2027-003"


@needs_checker
def test_the_uk_notice_passes_the_profile_checker(built_uk, tmp_path):
    """shared/ocds/uk-profile/check.py finds no schema error in the notice with every UK fact, nor in the home care
    notice with lots, places and renewals."""
    _, out, _ = built_uk
    home = tmp_path / "home.json"
    from tenderpack_ocds.notice import release_package
    home.write_text(json.dumps(release_package(variant(example("innovation-home-care"), with_lot_places),
                                               fake_files())), encoding="utf-8")
    for path in (out / NOTICE, home):
        run = subprocess.run([sys.executable, str(CHECKER), "--out", str(tmp_path / "profile.json"), str(path)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "0 schema error(s)" in run.stdout and "result: valid" in run.stdout


def test_the_package_declares_the_classification_extension():
    """The buyer's type is an organisation classification: the package declares that extension."""
    from tenderpack_ocds.notice import release_package

    declared = release_package(variant(example("small-open-grounds"), uk_buyer), fake_files())["extensions"]
    assert any("ocds_organizationClassification_extension" in url for url in declared)
