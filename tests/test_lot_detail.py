"""Lots with their own detail: CPV codes, place, dates, shortlist size, a reservation; a cap on the lots
one supplier can bid for; a criterion used in one lot only, weighted by that lot alone.

The fixture tests/fixtures/housing-repairs-lots.yaml is a council's housing repairs in three lots under
the competitive flexible procedure. Its pack is built once (Word only) and read back with python-docx;
the notice is read as JSON and validated against the UK profile.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tenderpack.build import BuildOptions, build
from tenderpack.errors import SpecError
from tenderpack.plugins import Plugins
from tenderpack.reader import read_spec
from tenderpack.tender import Tender
from tenderpack.tree import Section
from tenderpack_ocds import validation
from tenderpack_ocds.notice import release_package

from _packs import docx_tables, docx_text, section_units

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "housing-repairs-lots.yaml"
DATA = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
CHECKER = Path(os.environ.get("OCDS_UK_PROFILE", HERE.parent.parent / "shared" / "ocds" / "uk-profile")) / "check.py"


def write(tmp_path: Path, change=None) -> Path:
    """The fixture, changed by ``change(data)``, written to ``tmp_path``."""
    data = copy.deepcopy(DATA)
    if change:
        change(data)
    path = tmp_path / "tender.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def spec_errors(path: Path) -> list[str]:
    with pytest.raises(SpecError) as info:
        read_spec(path)
    return [str(i) for i in info.value.issues]


def findings(path: Path) -> dict[str, list[str]]:
    """code -> the messages of the problems (not waived) that rule found, each with its field."""
    out: dict[str, list[str]] = {}
    for p in Tender.load(path, Plugins(())).checks().problems:
        out.setdefault(p.code, []).append(str(p))
    return out


def lot(data: dict, number: int) -> dict:
    return data["lots"]["items"][number - 1]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("housing") / "pack"
    build(FIXTURE, out, BuildOptions(formats=("docx",)))
    return out


def text_of(pack: Path, name: str) -> str:
    return docx_text(pack / f"{name}.docx")


# --------------------------------------------------------------------------- the spec


def test_fixture_validates_with_a_criterion_of_one_lot_weighted_by_that_lot_alone(tmp_path):
    """Q3 is used in lot 3 only and weighted in lot 3's own weights: it needs no weight in award.criteria,
    and no other lot needs weights of its own. Lot 3 is reserved for supported employment providers, which the
    Act allows in a competitive flexible procedure: no finding at all."""
    assert findings(FIXTURE).keys() == set()
    spec = read_spec(FIXTURE)
    q3 = next(c for c in spec.award.criteria if c.id == "Q3")
    assert q3.weight is None and q3.rank is None and not spec.needs_award_weight(q3)


def test_a_criterion_of_one_lot_weighted_in_award_criteria_too_still_counts_there(tmp_path):
    """Given a weight in award.criteria anyway, the criterion counts in the total shown there, which must be 100."""
    path = write(tmp_path, lambda d: d["award"]["criteria"][2].update(weight=20))
    assert any("add up to 120%" in m for m in findings(path)["PA23-S23-WEIGHTS"])


def test_a_criterion_a_lot_uses_with_the_award_weights_still_needs_its_weight(tmp_path):
    """Lot 2 uses Q3 too, with the award criteria's weights: Q3 needs its weight (or rank) there."""
    path = write(tmp_path, lambda d: lot(d, 2)["criteria"].append("Q3"))
    assert any("award.criteria[2]: give a weight or a rank" in e for e in spec_errors(path))


def test_lot_cpv_codes_are_checked_like_the_tenders(tmp_path):
    """A lot's CPV code without its check digit, or with the wrong one, is an error at that code."""
    path = write(tmp_path, lambda d: lot(d, 1).update(cpv=["50700000", "45453000-1"]))
    errors = spec_errors(path)
    assert any("lots.items[0].cpv[0]: 50700000 needs its check digit: write 50700000-2" in e for e in errors)
    assert any("lots.items[0].cpv[1]: the check digit of 45453000 is 7, not 1" in e for e in errors)


def test_a_place_needs_somewhere_and_an_itl_code_is_checked(tmp_path):
    """An ITL code is a code (a name goes in region); an empty place says what to write."""
    path = write(tmp_path, lambda d: (lot(d, 1)["place"].update(itl="North Ashby"), lot(d, 2).update(place={})))
    errors = spec_errors(path)
    assert any("lots.items[0].place.itl: 'North Ashby' is not an ITL code" in e for e in errors)
    assert any("lots.items[1].place: " in e and "say where the lot's work is done" in e for e in errors)
    assert read_spec(write(tmp_path, lambda d: lot(d, 1)["place"].update(itl="tlf22"))).lots.items[0].place.itl == "TLF22"


def test_lot_dates_fit_the_timetable(tmp_path):
    """A lot's contract starts after the contract can be signed, and ends after it starts."""
    def change(d):
        lot(d, 1).update(contract_start="2027-07-01")
        lot(d, 2).update(contract_start="2028-04-01", contract_end="2028-03-31")
        lot(d, 3).update(contract_start="2030-09-01")
    errors = spec_errors(write(tmp_path, change))
    assert any("lots.items[0].contract_start: 2027-07-01 is before contract_signature" in e for e in errors)
    assert any("lots.items[1].contract_end: 2028-03-31 is before this lot's contract starts "
               "(lots.items[1].contract_start, 2028-04-01)" in e for e in errors)
    assert any("lots.items[2].contract_start: 2030-09-01 is after the contract ends" in e for e in errors)


def test_a_lot_shortlist_needs_one_stage_that_shortlists(tmp_path):
    """A lot's shortlist size is for the one stage with a shortlist size; without one, it is an error."""
    path = write(tmp_path, lambda d: d["procedure"]["stages"][0].pop("shortlist_size"))
    assert any("lots.items[0].shortlist_size: no stage shortlists bidders" in e for e in spec_errors(path))


def test_the_cap_on_bids_fits_the_lots(tmp_path):
    """More lots to bid for than there are is an error; as many is a warning (it limits nothing); so is a cap
    on wins that is not below the cap on bids, which then needs no allocation method."""
    over = write(tmp_path, lambda d: d["lots"].update(max_bids_per_supplier=4))
    assert any("lots.max_bids_per_supplier: there are only 3 lots" in e for e in spec_errors(over))
    same = write(tmp_path, lambda d: d["lots"].update(max_bids_per_supplier=3))
    assert any("limits nothing" in m for m in findings(same)["TP-LOTS-BIDS-NO-LIMIT"])
    wins = write(tmp_path, lambda d: (d["lots"].update(max_per_supplier=2), d["lots"].pop("allocation_method")))
    found = findings(wins)
    assert any("lots.max_per_supplier" in m and "none can win more than 2" in m for m in found["TP-LOTS-BIDS-NO-LIMIT"])
    assert "PA23-S23-LOTS-CAP" not in found


def test_a_reserved_lot_is_checked_against_the_powers_of_the_act(tmp_path):
    """Small firms: no power for a public contract, an error (a warning could be waived, and the pack would tell
    bidders of a reservation with no power behind it); supported employment providers: allowed in a competitive
    flexible procedure."""
    sme = write(tmp_path, lambda d: lot(d, 3).update(reserved_for="sme"))
    errors = findings(sme)["TP-LOT-RESERVED-PUBLIC"]
    assert any("Lot 3 is reserved for small and medium-sized enterprises, but this is a public contract" in m
               and "section 32 of the Procurement Act 2023" in m for m in errors)
    assert "TP-LOT-RESERVED" not in findings(FIXTURE) and "TP-LOT-RESERVED-PUBLIC" not in findings(FIXTURE)
    mutual = write(tmp_path, lambda d: lot(d, 3).update(reserved_for="public_service_mutual"))
    assert any("a public contract for light-touch services" in m for m in findings(mutual)["TP-LOT-RESERVED"])


def test_a_lots_own_dates_build_now_that_every_document_carries_them(tmp_path):
    """Lot 3 with its own term (tests/test_lot_dates.py reads each document): no TP-LOT-DATES finding."""
    path = write(tmp_path, lambda d: lot(d, 3).update(contract_start="2028-04-01", contract_end="2031-03-31"))
    assert "TP-LOT-DATES" not in findings(path)
    assert "TP-LOT-DATES" not in findings(write(tmp_path, lambda d: lot(d, 3).update(extensions=[12])))


# --------------------------------------------------------------------------- the documents


def test_the_invitation_gives_each_lot_its_own_detail(pack):
    itt = text_of(pack, "invitation-to-tender")
    assert "The contract is divided into three lots. You can bid for up to two lots." in itt
    assert "Lot 3 is reserved for supported employment providers." in itt
    assert "The main Common Procurement Vocabulary (CPV) code of this lot is 50700000-2. Other codes: 45453000-7." in itt
    assert ("Where the work is done: The north of the district: the Hartley, Mill End and Stanton estates "
            "(ITL code TLF22).") in itt
    assert "The work is done at this address:\nSouthgate Court, 12 Quarry Lane, Ashby Vale AV4 7JK" in itt
    assert ("At Stage 1: conditions of participation, we take up to 5 bidders for this lot through to the next "
            "stage.") in itt
    assert "We make a shortlist for each lot on its own." in itt
    assert "For lots 2 and 3, we will take up to 4 bidders through to the next stage." in itt
    assert "The limit of 4 is for all the lots together" not in itt
    lot3 = itt[itt.index("Lot 3: Gas servicing and heating repairs\nThe yearly"):]
    assert "CPV) code of this lot is 50720000-8" in lot3.split("One supplier can win")[0]
    assert "Q3: Gas safety checks | Quality | Lot 3 only | 20% in lot 3" in itt


def test_the_evaluation_methodology_lists_what_each_lot_covers(pack):
    tables = docx_tables(pack / "evaluation-methodology.docx")
    table = next(t for t in tables if t[0][:2] == ["Lot", "CPV codes"])
    assert table[0] == ["Lot", "CPV codes", "Where the work is done", "Shortlist", "Reserved for"]
    assert table[1] == ["Lot 1", "50700000-2", "The north of the district: the Hartley, Mill End and Stanton "
                        "estates (ITL code TLF22)", "Up to 5", "Not reserved"]
    assert table[3] == ["Lot 3", "50720000-8", "Not given", "Up to 4", "Supported employment providers"]
    text = text_of(pack, "evaluation-methodology")
    assert "You can bid for up to two lots.\nLot 3 is reserved for supported employment providers." in text
    assert "Q3 | Gas safety checks | Quality | Lot 3 only | 20% in lot 3 | No minimum" in text
    assert "Rank" not in text


def test_the_stage_questionnaire_shortlists_lot_by_lot(pack):
    text = text_of(pack, "stage-questionnaire")
    assert "Of the bidders who do, we take those with the highest stage scores through, lot by lot." in text
    assert "For lot 1, we will take up to 5 bidders through to the next stage." in text
    assert "For each lot, we never take more bidders through than its number above." in text
    assert "we take up to 4 through" not in text


def test_the_documents_for_small_firms_say_the_cap_and_the_reservation_in_a_line_each(pack):
    howto = text_of(pack, "sme/how-to-bid")
    assert "There are three lots. You can bid for up to two lots. Lot 3 is reserved for supported employment " \
           "providers." in howto
    assert "After stage 1, we invite bidders to go on, lot by lot: up to five for lot 1 and up to four for lots 2 " \
           "and 3." in howto
    glance = text_of(pack, "sme/tender-at-a-glance")
    assert "Lots | Bid for up to two: 1. Day-to-day repairs in the north;" in glance
    assert "Who can bid | Any supplier can apply. We invite bidders to go on, lot by lot: up to five for lot 1 and " \
           "up to four for lots 2 and 3. Lot 3 is reserved for supported employment providers." in glance
    assert "How we score | Quality 60%, Price 40%." in glance   # not "ranked": Q3 is weighted by lot 3


def test_a_spec_without_lot_detail_says_none_of_it(tmp_path):
    """No cap, no reservation, no lot shortlist: the invitation keeps its words for them out."""
    def change(d):
        d["lots"].pop("max_bids_per_supplier")
        for item in d["lots"]["items"]:
            for key in ("cpv", "place", "shortlist_size", "reserved_for"):
                item.pop(key, None)
    out = tmp_path / "pack"
    build(write(tmp_path, change), out, BuildOptions(formats=("docx",), only=("invitation-to-tender",)))
    itt = text_of(out, "invitation-to-tender")
    assert "You can bid for one lot or more." in itt
    for words in ("bid for up to", "reserved for", "code of this lot", "Where the work is done",
                  "for this lot through", "shortlist for each lot"):
        assert words not in itt
    assert "The limit of 4 is for all the lots together, not for each lot." in itt


# --------------------------------------------------------------------------- the notice


def test_the_notice_gives_each_lot_its_shortlist_and_the_cap_on_bids(pack):
    package = json.loads((pack / "tender-notice.ocds.json").read_text())
    assert validation.errors(package) == []
    tender = package["releases"][0]["tender"]
    assert tender["lotDetails"]["maximumLotsBidPerSupplier"] == 2
    assert tender["lotDetails"]["maximumLotsAwardedPerSupplier"] == 1
    assert [lot_["secondStage"]["maximumCandidates"] for lot_ in tender["lots"]] == [5, 4, 4]
    assert "secondStage" not in tender
    items = {item["relatedLot"]: item for item in tender["items"]}
    assert items["3"]["classification"] == {"scheme": "CPV", "id": "50720000"}
    assert items["1"]["deliveryAddresses"][0]["region"] == "TLF22"


def test_the_notice_passes_the_uk_profile_checker(pack, tmp_path):
    assert CHECKER.is_file(), f"the UK profile checker is not at {CHECKER}: set OCDS_UK_PROFILE to its folder"
    run = subprocess.run([sys.executable, str(CHECKER), "--out", str(tmp_path / "profile.json"),
                          str(pack / "tender-notice.ocds.json")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "result: valid" in run.stdout, run.stdout + run.stderr


# --------------------------------------------------------------------------- a lot's own dates, ready


def dated_spec():
    """The fixture with lot 3's own dates and no extension."""
    data = copy.deepcopy(DATA)
    lot(data, 3).update(contract_start=dt.date(2028, 4, 1), contract_end=dt.date(2031, 3, 31), extensions=[])
    from tenderpack import Spec
    return Spec.model_validate(data)


def test_a_lots_own_dates_are_in_its_section_and_in_the_notice():
    """The invitation's lot section and the notice's lot."""
    import tenderpack_standard.invitation as invitation

    spec = dated_spec()
    def words(number: int) -> list[str]:
        return section_units([Section("Lot", invitation.lot_detail(spec, spec.lots.items[number - 1]))])

    assert "This lot's contract runs from 1 April 2028 to 31 March 2031, and cannot be extended." in words(3)
    assert not any("This lot's contract" in x for x in words(1))
    package = release_package(spec, [])
    assert validation.errors(package) == []
    periods = [x["contractPeriod"] for x in package["releases"][0]["tender"]["lots"]]
    assert periods[2]["startDate"].startswith("2028-04-01") and "maxExtentDate" not in periods[2]
    assert periods[0]["startDate"].startswith("2027-08-02") and periods[0]["maxExtentDate"].startswith("2031-07-31")


# --------------------------------------------------------------------------- the matrix's check of lot detail


def test_the_matrix_check_finds_untrue_lot_detail():
    """tests/test_matrix.py's lot_detail check finds a reservation, a cap on bids and a shortlist size the spec
    does not give, and passes the true ones."""
    from test_matrix import Pack, Unit, lot_detail_findings

    spec = read_spec(FIXTURE)

    def found(*sentences: str) -> list[str]:
        units = [Unit("how-to-bid", "Planted", "paragraph", s) for s in sentences]
        return [s for _, s, _ in lot_detail_findings(Pack("fixture", spec, [], {}, units))]

    true = ["Lot 3 is reserved for supported employment providers.", "You can bid for up to two lots.",
            "After stage 1, we invite bidders to go on, lot by lot: up to five for lot 1 and up to four for lots 2 "
            "and 3."]
    assert found(*true) == []
    untrue = ["Lot 2 is reserved for supported employment providers.", "You can bid for up to three lots.",
              "For lot 1, we will take up to 6 bidders through to the next stage."]
    assert found(*untrue) == untrue


def test_itl_codes_of_northern_ireland_end_in_a_letter():
    """ITL level 3 codes in Northern Ireland are TLN0A to TLN0F: they must be accepted."""
    from pydantic import TypeAdapter

    from tenderpack.spec import ItlCode

    adapter = TypeAdapter(ItlCode)
    assert adapter.validate_python("tln0a") == "TLN0A"
    assert adapter.validate_python("TLF22") == "TLF22"
    import pytest as _pytest
    with _pytest.raises(Exception):
        adapter.validate_python("TLZ1")
