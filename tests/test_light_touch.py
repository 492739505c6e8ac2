"""The light-touch regime (Procurement Act 2023 s.9): detected from the CPV codes, with its own threshold.

The light-touch services are data (src/tenderpack/data/light_touch_cpv.yaml, status check);
``tenderpack.law.light_touch_cpv(spec)`` says which of a spec's codes are on the list, and
``law.regime(spec)`` uses the light-touch threshold for a contract that is light-touch: what
the spec says (procedure.light_touch), else its main CPV code. Rule PA23-S9-LIGHT-TOUCH warns
when the spec and the list disagree.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import tenderpack
import tenderpack.law as law
from tenderpack.plugins import Plugins
from tenderpack.spec import cpv_check_digit
from tenderpack.tender import Tender

from _packs import docx_text

HERE = Path(__file__).parent
BASE = yaml.safe_load((HERE / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
CARE = "85312000-9"        # social work services without accommodation: a light-touch service
GROUNDS = "77314000-4"     # grounds maintenance: not one


def care(d, said=None, cpv=(CARE,), category="services", value=600_000):
    """The minimal spec as an open procedure for home care worth ``value`` (VAT at 20% given)."""
    d["commercial"]["contract_form"] = "home care contract"
    d["cpv"] = list(cpv)
    d["category"] = category
    d["procedure"] = {"type": "open"}
    if said is not None:
        d["procedure"]["light_touch"] = said
    d["value"] = {"estimated_excluding_vat": value, "estimated_including_vat": value * 1.2}


def write(tmp_path: Path, change, name: str = "tender.yaml") -> Path:
    data = copy.deepcopy(BASE)
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def spec_of(change) -> tenderpack.Spec:
    data = copy.deepcopy(BASE)
    change(data)
    return tenderpack.Spec.model_validate(data)


def findings(path: Path, code: str) -> list:
    return [p for p in Tender.load(path, Plugins(())).checks().problems if p.code == code]


# --------------------------------------------------------------------------- the list, as data


def _entries():
    for group in law.data("light_touch_cpv")["services"]:
        for entry in group["cpv"]:
            yield group["name"], str(entry)
        for code in group.get("except") or ():
            yield group["name"], str(code)


def test_the_list_is_dated_data_marked_check_with_its_source():
    """light_touch_cpv.yaml names its source (the Procurement Regulations 2024, Schedule 1), an as-of date and
    status check: the list was transcribed, not read against the regulations."""
    data = law.data("light_touch_cpv")
    assert data["status"] == "check"
    assert "Procurement Regulations 2024" in data["source"] and "Schedule 1" in data["source"]
    assert "SI 2024/692" in data["source"]
    assert data["as_of"]
    assert "light_touch_cpv_prefixes" not in law.data("thresholds")   # one list, not two


@pytest.mark.parametrize("service, entry", list(_entries()))
def test_every_code_of_the_list_has_its_check_digit(service, entry):
    """Each code (and each end of a range) is written with its own check digit, so a mistyped digit shows;
    a range runs upwards."""
    ends = entry.split(" to ")
    for code in ends:
        assert len(code) == 10 and code[8] == "-", entry
        assert code[9] == cpv_check_digit(code[:8]), f"{service}: {code} should end -{cpv_check_digit(code[:8])}"
    assert int(ends[0][:8]) <= int(ends[-1][:8]), entry


@pytest.mark.parametrize("code, service", [
    ("85312000-9", "health, social and related services"),   # inside the range 85000000-9 to 85323000-9
    ("85323000-9", "health, social and related services"),   # its last code
    ("80100000-5", "administrative social, educational, healthcare and cultural services"),
    ("64000000-6", "postal services"),
    ("55300000-3", "hotel and restaurant services"),
])
def test_codes_on_the_list(code, service):
    """A listed code, or a code within a listed range (both ends included), is a light-touch service."""
    assert law.light_touch_service(code) == service


@pytest.mark.parametrize("code", [
    "77314000-4",   # grounds maintenance
    "73000000-2",   # research and development services
    "80533100-0",   # computer training: an exception inside the education range
    "64200000-8",   # telecommunications: 64000000-6 is listed as that code only, not its subdivisions
    "55900000-9",   # retail trade services: in division 55, but not in the list (the old prefix "55" took it in)
    "85324000-6",   # just past the range 85000000-9 to 85323000-9
])
def test_codes_not_on_the_list(code):
    """A code outside every entry, or under ``except``, or a subdivision of a code listed alone, is not."""
    assert law.light_touch_service(code) is None


def test_light_touch_cpv_gives_the_specs_own_codes_in_order():
    """law.light_touch_cpv(spec): which of the spec's CPV codes are light-touch, each with its service."""
    spec = spec_of(lambda d: care(d, cpv=(CARE, "73000000-2", "85323000-9")))
    found = law.light_touch_cpv(spec)
    assert [c.code for c in found] == [CARE, "85323000-9"]
    assert {c.service for c in found} == {"health, social and related services"}
    assert law.light_touch_cpv(spec_of(lambda d: care(d, cpv=(GROUNDS,)))) == ()


# --------------------------------------------------------------------------- the regime


def test_the_main_code_decides_when_the_spec_says_nothing():
    """A services contract whose main code is light-touch uses the light-touch threshold (£663,540 with VAT);
    the same codes in another order (main code not light-touch) use the councils' threshold."""
    lt = law.regime(spec_of(lambda d: care(d, cpv=(CARE, GROUNDS))))
    assert lt.light_touch and lt.threshold == law.amount("thresholds", "thresholds", "light_touch") == 663540
    assert lt.public_contract                              # £720,000 with VAT
    standard = law.regime(spec_of(lambda d: care(d, cpv=(GROUNDS, CARE))))
    assert not standard.light_touch and standard.threshold == 207720


def test_the_light_touch_threshold_decides_what_is_a_public_contract():
    """£600,000 with VAT is over the councils' threshold but under the light-touch one: a light-touch contract
    of that value is not a public contract; said not light-touch, it is."""
    below = law.regime(spec_of(lambda d: care(d, value=500_000)))
    assert below.light_touch and not below.public_contract
    assert not law.applies(spec_of(lambda d: care(d, value=500_000)), "light-touch")
    standard = law.regime(spec_of(lambda d: care(d, said=False, value=500_000)))
    assert not standard.light_touch and standard.public_contract


def test_what_the_spec_says_decides():
    """procedure.light_touch decides both ways: the buyer judges what the contract is mainly for."""
    assert law.regime(spec_of(lambda d: care(d, said=True, cpv=(GROUNDS,)))).light_touch
    assert not law.regime(spec_of(lambda d: care(d, said=False))).light_touch
    assert not law.regime(spec_of(lambda d: care(d, category="goods"))).light_touch   # light-touch is services


def test_light_touch_contracts_have_no_minimum_tendering_period(tmp_path):
    """PA23-S54-TENDER-PERIOD is for public contracts that are not light-touch (law.yaml, check): 19 days is an
    error for the same contract said not light-touch, and none for the light-touch one."""
    def short(d, said=None):
        care(d, said)
        d["timetable"]["clarification_deadline"] = "2027-02-10T12:00:00"
        d["timetable"]["tender_deadline"] = "2027-02-20T12:00:00"
    assert findings(write(tmp_path, short), "PA23-S54-TENDER-PERIOD") == []
    [p] = findings(write(tmp_path, lambda d: short(d, False), "standard.yaml"), "PA23-S54-TENDER-PERIOD")
    assert p.severity == "error" and "19 days" in p.message


# --------------------------------------------------------------------------- the rule


def test_no_warning_when_the_codes_decide(tmp_path):
    """Saying nothing, or saying what the codes say, raises no PA23-S9-LIGHT-TOUCH warning."""
    assert findings(write(tmp_path, care), "PA23-S9-LIGHT-TOUCH") == []
    assert findings(write(tmp_path, lambda d: care(d, True), "yes.yaml"), "PA23-S9-LIGHT-TOUCH") == []
    assert findings(write(tmp_path, lambda d: care(d, False, (GROUNDS,)), "no.yaml"), "PA23-S9-LIGHT-TOUCH") == []


def test_warns_when_the_spec_says_standard_but_every_code_is_light_touch(tmp_path):
    """light_touch: false with every code on the list: a warning at procedure.light_touch naming the codes, the
    section and the threshold, and what to write."""
    [p] = findings(write(tmp_path, lambda d: care(d, False, (CARE, "85323000-9"))), "PA23-S9-LIGHT-TOUCH")
    assert p.severity == "warning" and p.where.path == "procedure.light_touch"
    assert "every CPV code is a light-touch service" in p.message and CARE in p.message
    assert "section 9 of the Procurement Act 2023" in p.message and "£663,540" in p.message
    assert "write light_touch: true, or leave it out" in p.message
    assert "still to be checked" in p.message


def test_warns_when_the_spec_says_standard_but_the_main_code_is_light_touch(tmp_path):
    [p] = findings(write(tmp_path, lambda d: care(d, False, (CARE, GROUNDS))), "PA23-S9-LIGHT-TOUCH")
    assert "the main CPV code is a light-touch service" in p.message and GROUNDS not in p.message


def test_warns_when_the_spec_says_light_touch_but_no_code_is(tmp_path):
    """light_touch: true with no code on the list: the warning says tenderpack follows the spec, and how to fix it."""
    [p] = findings(write(tmp_path, lambda d: care(d, True, (GROUNDS,))), "PA23-S9-LIGHT-TOUCH")
    assert p.where.path == "procedure.light_touch"
    assert "no CPV code is a light-touch service" in p.message and GROUNDS in p.message
    assert "tenderpack follows what you wrote" in p.message and "waive this warning" in p.message


def test_warns_when_the_spec_says_light_touch_but_the_main_code_is_not(tmp_path):
    [p] = findings(write(tmp_path, lambda d: care(d, True, (GROUNDS, CARE))), "PA23-S9-LIGHT-TOUCH")
    assert f"the main CPV code, {GROUNDS}, is not a light-touch service" in p.message and CARE in p.message


def test_warns_when_light_touch_codes_come_with_another_category(tmp_path):
    """Light-touch contracts are for services: codes all on the list with category goods (said or not) warn."""
    [p] = findings(write(tmp_path, lambda d: care(d, category="goods")), "PA23-S9-LIGHT-TOUCH")
    assert p.where.path == "category" and "write category: services" in p.message
    [p] = findings(write(tmp_path, lambda d: care(d, True, category="works"), "works.yaml"), "PA23-S9-LIGHT-TOUCH")
    assert p.where.path == "procedure.light_touch" and "the category is works" in p.message


def test_the_rule_is_registered_with_its_source():
    from tenderpack.rules import collect_rules

    rule = next(r for r in collect_rules(Plugins(()))[0] if r.code == "PA23-S9-LIGHT-TOUCH")
    assert rule.severity == "warning"
    assert "s.9" in rule.source and "Schedule 1" in rule.source and "[check]" in rule.source


# --------------------------------------------------------------------------- the documents


def _itt(tmp_path: Path, change) -> str:
    from tenderpack.build import BuildOptions, build

    out = tmp_path / "pack"
    build(write(tmp_path, change), out, BuildOptions(formats=("docx",), only=("invitation-to-tender",)))
    return docx_text(out / "invitation-to-tender.docx")


def test_the_invitation_says_light_touch_once_for_one_contract(tmp_path):
    """One light-touch public contract: the invitation says so once, in the singular, citing s.9."""
    words = _itt(tmp_path, care)
    assert words.count("light-touch") == 1
    assert ("This is a light-touch contract (section 9 of the Procurement Act 2023): the Act gives us more freedom "
            "over the procedure and its time limits.") in words


def test_the_invitation_says_nothing_of_light_touch_for_a_standard_contract(tmp_path):
    """The same services said not light-touch: no word of it (and the standstill is the Act's)."""
    words = _itt(tmp_path, lambda d: care(d, False))
    assert "light-touch" not in words.lower() and "section 9 " not in words
